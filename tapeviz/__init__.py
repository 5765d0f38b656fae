"""tapeviz: TensorFlow 2's eager mode on NumPy, with a tape you can look at.

    import tapeviz as tf

The namespace below mirrors TensorFlow's; the op modules publish themselves through
`tapeviz.framework.api.export`, and heavier parts (keras, train, widgets) load on first use.
"""
import importlib as _importlib
import sys as _sys
import types as _types

from tapeviz import ops as _ops  # noqa: F401  (registers every op)
from tapeviz.framework import config as _config
from tapeviz.framework import dtypes as _dtypes_impl
from tapeviz.framework import errors as _errors_impl
from tapeviz.framework import nest as _nest_impl
from tapeviz.framework.api import EXPORTS as _EXPORTS
from tapeviz.framework.context import executing_eagerly, name_scope
from tapeviz.framework.convert import constant, convert_to_tensor
from tapeviz.framework.custom_gradient import custom_gradient, function, init_scope
from tapeviz.framework.device import device
from tapeviz.framework.dtypes import (  # noqa: A004
    DType,
    as_dtype,
    bool,
    complex64,
    complex128,
    double,
    float16,
    float32,
    float64,
    half,
    int8,
    int16,
    int32,
    int64,
    string,
    uint8,
    uint16,
    uint32,
    uint64,
)
from tapeviz.framework.indexed_slices import IndexedSlices
from tapeviz.framework.memory import keep_freed_memory as _keep_freed_memory
from tapeviz.framework.tape import GradientTape, UnconnectedGradients
from tapeviz.framework.tensor import Tensor, is_tensor
from tapeviz.framework.tensor_shape import TensorShape
from tapeviz.framework.tensor_spec import TensorSpec, TypeSpec
from tapeviz.framework.variables import Variable


def _namespace(name, source=None, names=None):
    """A fresh public namespace module (importable: `import tapeviz.dtypes`); implementation
    modules are never written into."""
    module = _types.ModuleType(f"{__name__}.{name}")
    _sys.modules[module.__name__] = module
    if source is not None:
        for key in names or [k for k in vars(source) if not k.startswith("_")]:
            value = getattr(source, key)
            if not isinstance(value, _types.ModuleType):
                setattr(module, key, value)
    return module


dtypes = _namespace("dtypes", _dtypes_impl)
errors = _namespace("errors", _errors_impl)
nest = _namespace("nest", _nest_impl)
config = _namespace("config", _config, ["list_physical_devices", "list_logical_devices",
                                        "run_functions_eagerly", "functions_run_eagerly"])
get_logger = _config.get_logger

__version__ = "0.1.0"    # tapeviz's own; `tf.version.VERSION` is the TensorFlow it reproduces
version = _namespace("version")
version.VERSION = "2.21.0"
version.GIT_VERSION = "v2.21.0-tapeviz-" + __version__
version.COMPILER_VERSION = "tapeviz " + __version__ + " (NumPy)"
version.GRAPH_DEF_VERSION, version.GRAPH_DEF_VERSION_MIN_CONSUMER, version.GRAPH_DEF_VERSION_MIN_PRODUCER = 2474, 0, 0
newaxis = None


def _namespaces():
    made = {}
    for dotted, obj in _EXPORTS.items():
        *path, leaf = dotted.split(".")
        target = globals()
        prefix = __name__
        for part in path:
            prefix = f"{prefix}.{part}"
            if prefix not in made:
                existing = target.get(part) if isinstance(target, dict) else getattr(target, part, None)
                made[prefix] = existing if isinstance(existing, _types.ModuleType) else _types.ModuleType(prefix)
                _sys.modules.setdefault(prefix, made[prefix])     # `import tapeviz.math` works
                if isinstance(target, dict):
                    target[part] = made[prefix]
                else:
                    setattr(target, part, made[prefix])
            target = made[prefix]
        if isinstance(target, dict):
            target[leaf] = obj
        else:
            setattr(target, leaf, obj)


_namespaces()
_keep_freed_memory()   # a training step's freed arrays serve the next step (framework/memory.py)

# Names added to a namespace module on first use, from a module loaded only then (`tf.io`'s file
# functions: `import tapeviz` reads no file module and never imports protobuf).
_LAZY_IN_NAMESPACE = {
    "io": ("tapeviz.fileio", ["FixedLenFeature", "FixedLenSequenceFeature", "RaggedFeature",
                              "TFRecordOptions",
                              "TFRecordWriter", "VarLenFeature", "decode_csv", "decode_raw",
                              "gfile", "matching_files", "parse_example", "parse_single_example", "parse_tensor",
                              "read_file", "serialize_tensor", "write_file"]),
}


def _lazy_in_namespace(namespace, module_name, names):
    module = globals()[namespace]

    def __getattr__(name):
        if name in names:
            value = getattr(_importlib.import_module(module_name), name)
            setattr(module, name, value)
            return value
        raise _missing(namespace, name)

    module.__getattr__ = __getattr__
    module.__dir__ = lambda: sorted(set(vars(module)) | set(names))


_LAZY = {"data": "tapeviz.data", "keras": "tapeviz.keras", "summary": "tapeviz.summary",
         "saved_model": "tapeviz.saved_model",
         "train": "tapeviz.train", "widgets": "tapeviz.widgets", "experimental": "tapeviz.experimental",
         "plot": "tapeviz.plot"}
_LAZY_ATTRS = {     # public name -> (module, attribute)
    "Module": ("tapeviz.module", "Module"),
    "initializers": ("tapeviz.keras", "initializers"),
    "show": ("tapeviz.widgets", "show"),
    "live": ("tapeviz.widgets", "live"),
    "TapeView": ("tapeviz.widgets", "TapeView"),
    "VariableInspector": ("tapeviz.widgets", "VariableInspector"),
    "CheckpointPanel": ("tapeviz.widgets", "CheckpointPanel"),
    "explain": ("tapeviz.viewmodel", "explain"),
    "options": ("tapeviz.view_options", "options"),
}


def load_ipython_extension(ip):
    """`%load_ext tapeviz`: `import tensorflow` runs on tapeviz, tapes display, magics (see
    `tapeviz.extension`)."""
    from tapeviz import extension
    extension.load(ip)


def unload_ipython_extension(ip):
    """`%unload_ext tapeviz`: `import tensorflow` is TensorFlow's again."""
    from tapeviz import extension
    extension.unload(ip)


def _install_display():
    """Inside an IPython kernel, tapes and Modules display as widgets (IPython is never imported
    here: only a shell that is already running is used)."""
    ipython = _sys.modules.get("IPython")
    ip = ipython.get_ipython() if ipython is not None else None
    if ip is not None:
        from tapeviz.widgets import display
        display.install(ip)


_install_display()


def __getattr__(name):
    if name in _LAZY:
        module = _importlib.import_module(_LAZY[name])
        globals()[name] = module
        return module
    if name in _LAZY_ATTRS:
        module_name, attr = _LAZY_ATTRS[name]
        value = getattr(_importlib.import_module(module_name), attr)
        globals()[name] = value
        return value
    raise _missing("", name)


def _missing(namespace, name):
    """The AttributeError for `tf.<namespace>.<name>`: TF's public names that tapeviz lacks say
    so; any other name gets Python's usual message."""
    from tapeviz._tf_names import NAMES
    if name in NAMES.get(namespace, ()):
        dotted = f"{namespace}.{name}" if namespace else name
        return AttributeError(f"tapeviz does not implement tf.{dotted} yet")
    module = f"tapeviz.{namespace}" if namespace else "tapeviz"
    return AttributeError(f"module '{module}' has no attribute '{name}'")


def __dir__():
    """Everything `tf.` completes to, the lazily loaded parts (keras, train, Module, ...) too."""
    return sorted({k for k in globals() if not k.startswith("_")} | set(_LAZY) | set(_LAZY_ATTRS))


def _honest_namespaces():
    """Each namespace module (tf.math, tf.nn, ...) reports TF names it lacks like the top level."""
    from tapeviz._tf_names import NAMESPACES
    for namespace in NAMESPACES:
        module = globals().get(namespace)
        if isinstance(module, _types.ModuleType) and "__getattr__" not in vars(module):
            module.__getattr__ = _missing_in(namespace)


def _missing_in(namespace):
    def __getattr__(name):
        raise _missing(namespace, name)
    return __getattr__


_honest_namespaces()

for _namespace, (_module_name, _names) in _LAZY_IN_NAMESPACE.items():
    _lazy_in_namespace(_namespace, _module_name, _names)

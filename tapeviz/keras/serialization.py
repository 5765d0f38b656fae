"""`keras.saving` serialization: objects <-> Keras 3's JSON dicts
(`{"module", "class_name", "config", "registered_name"}`), and the custom-object registry.

A layer's config is the arguments it was constructed with (captured by `Layer.__new__`, with
the constructor's defaults filled in), so every layer, including user subclasses, has a
`get_config()` whose keys are its constructor's parameters, as in Keras 3. Reading a config
written by real Keras drops the keys tapeviz's constructors don't take when they hold Keras's
neutral defaults (`quantization_config: None`, `dropout: 0.0`), and refuses any other.
"""
import importlib
import inspect
import threading

import numpy as np

from tapeviz.framework.tensor import Tensor

_GLOBAL_CUSTOM_OBJECTS = {}     # registered name ('package>Name') -> class or function
_GLOBAL_CUSTOM_NAMES = {}       # class or function -> registered name
_scope = threading.local()      # stack of custom_object_scope dicts
UNSAFE_DESERIALIZATION = [False]   # keras.config.enable_unsafe_deserialization()

# Keras's public modules, and the tapeviz modules that implement them
_KERAS_MODULES = {
    "keras.layers": "tapeviz.keras.layers",
    "keras.initializers": "tapeviz.keras.initializers",
    "keras.regularizers": "tapeviz.keras.regularizers",
    "keras.constraints": "tapeviz.keras.constraints",
    "keras.optimizers": "tapeviz.keras.optimizers",
    "keras.optimizers.schedules": "tapeviz.keras.schedules",
    "keras.losses": "tapeviz.keras.losses",
    "keras.metrics": "tapeviz.keras.metrics",
    "keras.activations": "tapeviz.keras.activations",
    "keras.models": "tapeviz.keras.models",
    "keras": "tapeviz.keras.models",
    "keras.src.models.functional": "tapeviz.keras.models",
    "keras.src.models.sequential": "tapeviz.keras.models",
}
_BASE_LAYER_ARGUMENTS = ("name", "trainable", "dtype", "input_shape", "input_dim", "batch_size",
                         "input_dtype", "autocast")


# ---- registry ------------------------------------------------------------------------------------

def register_keras_serializable(package="Custom", name=None):
    """Decorator registering a class or function as `'package>name'` for saving and loading."""
    def decorator(obj):
        registered = f"{package}>{name or obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        _GLOBAL_CUSTOM_OBJECTS[registered] = obj
        _GLOBAL_CUSTOM_NAMES[obj] = registered
        return obj
    return decorator


def get_registered_name(obj):
    """`'package>Name'` for a registered object, else its `__name__`."""
    return _GLOBAL_CUSTOM_NAMES.get(obj, getattr(obj, "__name__", None))


def get_registered_object(name, custom_objects=None, module_objects=None):
    for table in (*reversed(getattr(_scope, "stack", [])), custom_objects or {},
                  _GLOBAL_CUSTOM_OBJECTS, module_objects or {}):
        if name in table:
            return table[name]
    return None


def get_custom_objects():
    """The global registry (a mutable dict, as in Keras)."""
    return _GLOBAL_CUSTOM_OBJECTS


class CustomObjectScope:
    """`with custom_object_scope({"MyLayer": MyLayer}):` makes the names visible to loading."""

    def __init__(self, custom_objects):
        self.custom_objects = dict(custom_objects or {})

    def __enter__(self):
        _scope.__dict__.setdefault("stack", []).append(self.custom_objects)
        return self

    def __exit__(self, *exc):
        _scope.stack.pop()
        return False


custom_object_scope = CustomObjectScope


# ---- constructor arguments ---------------------------------------------------------------------

class InitArguments:
    """A layer's constructor arguments (a holder, so attribute walks don't look inside)."""

    def __init__(self, values):
        self.values = values


def bound_arguments(cls, args, kwargs):
    """The constructor arguments of `cls(*args, **kwargs)`, defaults filled in, `**kwargs`
    entries merged (None when the call does not match the signature)."""
    try:
        signature = inspect.signature(cls.__init__)
        bound = signature.bind(None, *args, **kwargs)
    except (TypeError, ValueError):
        return None
    bound.apply_defaults()
    out = {}
    for name, value in list(bound.arguments.items())[1:]:
        kind = signature.parameters[name].kind
        if kind is inspect.Parameter.VAR_POSITIONAL:
            if value:
                return None
        elif kind is inspect.Parameter.VAR_KEYWORD:
            out.update(value)
        else:
            out[name] = value
    from tapeviz.keras.layers.base import Layer
    for klass in cls.__mro__[1:]:        # defaults a subclass passes on through **kwargs
        if klass is Layer or not issubclass(klass, Layer):
            break
        if "__init__" in klass.__dict__:
            for name, p in inspect.signature(klass.__init__).parameters.items():
                if p.default is not p.empty and name not in out and name != "self":
                    out[name] = p.default
    return InitArguments(out)


def config_from_arguments(layer):
    """A layer's config: name, trainable, dtype, then its constructor arguments."""
    config = {"name": layer.name, "trainable": layer.trainable, "dtype": layer.dtype}
    arguments = getattr(layer, "_init_arguments", None)
    if arguments is None:
        return config
    own = set(inspect.signature(type(layer).__init__).parameters)
    for key, value in arguments.values.items():
        if key in ("name", "trainable", "dtype"):
            continue
        if key not in _BASE_LAYER_ARGUMENTS or (key in own and value is not None):   # Embedding's input_dim
            config[key] = value
    cell = getattr(layer, "cell", None)
    if getattr(type(layer), "cell_class", None) is not None and cell is not None:
        for key, value in config_from_arguments(cell).items():     # LSTM: the cell's settings
            config.setdefault(key, value)
    return config


def accepted_arguments(cls):
    """Parameter names `cls(...)` takes, following `**kwargs` up the class hierarchy (and into an
    RNN layer's cell class); None when some `**kwargs` goes somewhere unknown."""
    names = set()
    classes = list(cls.__mro__)
    cell = getattr(cls, "cell_class", None)
    if cell is not None:    # SimpleRNN/GRU/LSTM: their own arguments, the rest go to the cell
        owner = next(k for k in cls.__mro__ if "__init__" in k.__dict__)
        classes = [owner] + list(cell.__mro__)
    for klass in classes:
        init = klass.__dict__.get("__init__")
        if init is None or klass is object:
            continue
        for name, p in inspect.signature(init).parameters.items():
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and name != "self":
                names.add(name)
    from tapeviz.keras.models import Model
    if issubclass(cls, Model):
        names.update(("name", "trainable"))
    return names


def _neutral(value):
    return value is None or value is False or value == 0 or value in ({}, [], "linear", "float32") \
        or (isinstance(value, dict) and value.get("class_name") == "DTypePolicy")


def config_for(cls, config):
    """`config` without the keys `cls` does not take, if they hold neutral values."""
    accepted = accepted_arguments(cls)
    out = {}
    for key, value in config.items():
        if key in accepted:
            out[key] = value
        elif not _neutral(value):
            raise ValueError(f"tapeviz.keras: {cls.__name__} does not support the argument "
                             f"{key}={value!r} found in the saved config")
    return out


# ---- serializing -------------------------------------------------------------------------------

def _public_module(obj):
    from tapeviz.keras import constraints, initializers, losses, metrics, optimizers, regularizers, schedules
    from tapeviz.keras.layers.base import Layer
    from tapeviz.keras.models import Functional, Sequential
    cls = type(obj)
    if cls in (Sequential, Functional):
        return "keras" if cls is Sequential else "keras.src.models.functional"
    for base, module in ((Layer, "keras.layers"), (initializers.Initializer, "keras.initializers"),
                         (regularizers.Regularizer, "keras.regularizers"),
                         (constraints.Constraint, "keras.constraints"),
                         (optimizers.Optimizer, "keras.optimizers"),
                         (schedules.LearningRateSchedule, "keras.optimizers.schedules"),
                         (losses.Loss, "keras.losses"), (metrics.Metric, "keras.metrics")):
        if isinstance(obj, base):
            return module
    return cls.__module__


def serialize_keras_object(obj):
    """Keras 3's JSON form of a layer, model, initializer, optimizer, loss, metric, function,
    array or plain value."""
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if isinstance(obj, (np.ndarray, Tensor)) or getattr(obj, "_is_variable", False):
        value = np.asarray(obj.numpy() if hasattr(obj, "numpy") else obj)
        return {"class_name": "__numpy__", "config": {"value": value.tolist(), "dtype": str(value.dtype)}}
    if hasattr(obj, "as_numpy_dtype"):       # a DType
        return obj.name
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return _serialize_function(obj)
    if inspect.isclass(obj):
        raise TypeError(f"Cannot serialize the class {obj.__name__}; pass an instance")
    if not hasattr(obj, "get_config") and not _is_metric(obj):
        raise TypeError(f"Cannot serialize {obj!r}: it has no get_config() method")
    registered = _GLOBAL_CUSTOM_NAMES.get(type(obj))
    out = {"module": _public_module(obj) if registered is None else type(obj).__module__,
           "class_name": type(obj).__name__,
           "config": serialize_keras_object(_config(obj)),
           "registered_name": registered}
    build_config = getattr(obj, "get_build_config", lambda: None)()
    if build_config is not None:
        out["build_config"] = build_config
    compile_config = getattr(obj, "get_compile_config", lambda: None)()
    if compile_config is not None:
        out["compile_config"] = compile_config
    return out


def _config(obj):
    """`obj.get_config()`; an optimizer's gets its subclass's own arguments (beta_1, momentum)."""
    from tapeviz.keras.optimizers import Optimizer
    if not hasattr(obj, "get_config"):
        return _attribute_config(obj)
    config = obj.get_config()
    if isinstance(obj, Optimizer):
        for name in accepted_arguments(type(obj)):
            if name not in config and name != "kwargs" and hasattr(obj, name):
                value = getattr(obj, name)
                if value is None or isinstance(value, (bool, int, float, str)):
                    config[name] = value
    return config


def _is_metric(obj):
    from tapeviz.keras.metrics import Metric
    return isinstance(obj, Metric)


def _attribute_config(obj):
    """The constructor arguments of `obj` read back from its attributes (`x` or `_x`), for
    objects without a `get_config` of their own (metrics)."""
    config = {}
    for name, p in inspect.signature(type(obj).__init__).parameters.items():
        if name == "self" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        for attr in (name, "_" + name):
            value = getattr(obj, attr, None)
            if value is None or isinstance(value, (bool, int, float, str, list, tuple)):
                if hasattr(obj, attr):
                    config[name] = value
                    break
            elif hasattr(value, "name") and name == "dtype":
                config[name] = value.name if isinstance(value.name, str) else str(value)
                break
    return config


def _serialize_function(fn):
    from tapeviz.keras import activations
    registered = _GLOBAL_CUSTOM_NAMES.get(fn)
    if registered is not None:
        return {"module": fn.__module__, "class_name": "function", "config": fn.__name__,
                "registered_name": registered}
    name = getattr(fn, "__name__", None)
    if name in activations._BY_NAME and fn.__module__.startswith("tapeviz"):
        return name
    if name == "<lambda>":
        import base64
        import marshal
        code = base64.encodebytes(marshal.dumps(fn.__code__)).decode("ascii")
        return {"class_name": "__lambda__", "config": {"code": code, "defaults": fn.__defaults__,
                                                       "closure": None}}
    if fn.__module__.startswith("tapeviz"):
        return name
    return {"module": fn.__module__, "class_name": "function", "config": name,
            "registered_name": "function"}


# ---- deserializing -----------------------------------------------------------------------------

def _dtype_name(value):
    if isinstance(value, dict) and value.get("class_name") in ("DTypePolicy", "FloatDTypePolicy"):
        name = value["config"]["name"]
        return "float32" if name.startswith("mixed_") else name
    return value


def _lookup(module, class_name, registered_name, custom_objects):
    for key in (registered_name, class_name):
        if key:
            found = get_registered_object(key, custom_objects)
            if found is not None:
                return found
    candidates = [_KERAS_MODULES[module]] if module in _KERAS_MODULES else []
    candidates += [m for m in dict.fromkeys(_KERAS_MODULES.values()) if m not in candidates]
    for name in candidates:
        found = getattr(importlib.import_module(name), class_name, None)
        if found is not None:
            return found
    if class_name == "Functional":
        from tapeviz.keras.models import Functional
        return Functional
    raise TypeError(f"Could not locate class '{class_name}'. Make sure custom classes and functions "
                    "are decorated with `@keras.saving.register_keras_serializable()`. If they are "
                    "already decorated, make sure they are all imported so that the decorator is "
                    f"run before trying to load them. Full object config: {{'module': {module!r}, "
                    f"'class_name': {class_name!r}, 'registered_name': {registered_name!r}}}")


def deserialize_keras_object(config, module_objects=None, custom_objects=None, safe_mode=None):
    """The object a `serialize_keras_object` dict (or plain value) describes."""
    if config is None or isinstance(config, (bool, int, float, str)):
        return config
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(x, module_objects, custom_objects, safe_mode) for x in config]
    if not isinstance(config, dict):
        raise TypeError(f"Could not parse config: {config!r}")
    if "class_name" not in config or "config" not in config:
        return {k: deserialize_keras_object(v, module_objects, custom_objects, safe_mode)
                for k, v in config.items()}
    class_name, inner = config["class_name"], config["config"]
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__tensor__":
        return Tensor(np.array(inner["value"], dtype=inner["dtype"]))
    if class_name == "__lambda__":
        return _load_lambda(inner, safe_mode)
    if class_name in ("DTypePolicy", "FloatDTypePolicy"):
        return _dtype_name(config)
    if class_name == "__keras_tensor__":
        raise ValueError("A KerasTensor can only be read inside a functional model's config")
    module, registered = config.get("module"), config.get("registered_name")
    if class_name == "function":
        return _load_function(module, inner, registered, custom_objects)
    cls = _lookup(module, class_name, registered, custom_objects)
    if not inspect.isclass(cls):
        return cls
    from tapeviz.keras import losses, metrics
    from tapeviz.keras.models import Functional, Sequential
    if cls in (Sequential, Functional):
        obj = cls.from_config(inner, custom_objects=custom_objects)
    else:
        inner = {k: (_dtype_name(v) if k == "dtype" else
                     deserialize_keras_object(v, module_objects, custom_objects, safe_mode))
                 for k, v in inner.items()}
        if not hasattr(cls, "from_config"):
            obj = cls(**config_for(cls, inner))
        elif issubclass(cls, (losses.Loss, metrics.Metric)) or "from_config" in _own_methods(cls):
            obj = cls.from_config(config_for(cls, inner) if "from_config" not in _own_methods(cls)
                                  else inner)
        else:
            obj = cls(**config_for(cls, inner))
    build_config = config.get("build_config")
    if build_config and hasattr(obj, "build_from_config"):
        obj.build_from_config(build_config)
    return obj


def _own_methods(cls):
    """Methods defined by `cls` or a user base class (not tapeviz's generic ones)."""
    out = set()
    for klass in cls.__mro__:
        if klass.__module__.startswith("tapeviz"):
            break
        out.update(klass.__dict__)
    return out


def _load_function(module, name, registered, custom_objects):
    from tapeviz.keras import activations
    for key in (registered, name):
        found = get_registered_object(key, custom_objects) if key else None
        if found is not None:
            return found
    if name in activations._BY_NAME:
        return activations._BY_NAME[name]
    if module and module != "builtins" and not module.startswith("keras"):
        found = getattr(importlib.import_module(module), name, None)
        if found is not None:
            return found
    raise TypeError(f"Could not locate function '{name}'. Make sure custom classes and functions "
                    "are decorated with `@keras.saving.register_keras_serializable()`.")


class SafeModeScope:
    """`safe_mode` for every (nested) deserialization inside the `with` block."""

    def __init__(self, safe_mode=True):
        self.safe_mode = safe_mode

    def __enter__(self):
        self._previous = getattr(_scope, "safe_mode", True)
        _scope.safe_mode = self.safe_mode
        return self

    def __exit__(self, *exc):
        _scope.safe_mode = self._previous
        return False


def _load_lambda(config, safe_mode):
    if safe_mode is None:
        safe_mode = getattr(_scope, "safe_mode", True)
    if safe_mode and not UNSAFE_DESERIALIZATION[0]:
        raise ValueError("Requested the deserialization of a `lambda` object. This carries a "
                         "potential risk of arbitrary code execution and thus it is disallowed by "
                         "default. If you trust the source of the saved model, you can pass "
                         "`safe_mode=False` to the loading function in order to allow `lambda` "
                         "loading, or call `keras.config.enable_unsafe_deserialization()`.")
    import base64
    import marshal
    import types
    code = marshal.loads(base64.decodebytes(config["code"].encode("ascii")))
    defaults = config.get("defaults")
    import tapeviz
    namespace = {"tf": tapeviz, "keras": tapeviz.keras, "np": np, "ops": getattr(tapeviz.keras, "ops", None)}
    return types.FunctionType(code, namespace, None, tuple(defaults) if defaults else None)

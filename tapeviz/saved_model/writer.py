"""`tf.saved_model.save`: an object graph, its Variables and its functions, in a directory.

The directory (tapeviz's own format; TensorFlow's `saved_model.pb` is a graph protobuf that
tapeviz can neither write nor run):

* `saved_model.tapeviz.json`: canonical JSON, `{"format": "tapeviz-saved-model", "version": 1,
  "checksum": sha256 of the canonical JSON of "payload", "payload": {"nodes": [...],
  "signatures": [[key, {...}], ...]}}`. Node i < n is node i of the variables checkpoint's object graph (the
  same breadth-first walk as `tf.train.Checkpoint`); its `kind` is `object` (with the class by
  reference and its plain Python attributes), `variable`, `list`, `tuple`, `dict`, or
  `keras_model` (a Keras config, rebuilt on load). Function nodes follow: each holds a reference
  to the Python code (see `tapeviz.saved_model.functions`), its input signature or the specs of
  each of its traces.
* `variables/variables.index` + `variables/variables.data-00000-of-00001`: a tapeviz checkpoint
  of every Variable (`tapeviz.train.io`: checksummed, validated before anything is assigned).
* `assets/`: empty (tapeviz has no asset-using ops).

The directory is written whole in a temporary sibling and renamed into place: a reader sees the
old SavedModel or the new one, never a half-written one.
"""
import functools
import hashlib
import inspect
import os
import shutil
import tempfile

import numpy as np

from tapeviz.framework.context import ctx
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.custom_gradient import (
    TRACE_OBSERVERS,
    ConcreteFunction,
    _Function,
    _Instance,
    _untraced_stdout,
)
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_spec import TensorSpec
from tapeviz.saved_model import functions, specs
from tapeviz.train import checkpoint, io, trackable

FORMAT, VERSION = "tapeviz-saved-model", 1
GRAPH_FILE = "saved_model.tapeviz.json"
VARIABLES = os.path.join("variables", "variables")
DEFAULT_SIGNATURE = "serving_default"
# What a SavedModel directory consists of (TF's files too): replaced whole by a new save.
OWN_ENTRIES = frozenset((GRAPH_FILE, "variables", "assets", "saved_model.pb", "saved_model.pbtxt",
                         "fingerprint.pb"))


class SaveOptions:
    """`tf.saved_model.SaveOptions`: accepted; the options shape TF's graphs, which tapeviz does
    not write (custom gradients are always kept: functions run their Python code)."""

    def __init__(self, namespace_whitelist=None, save_debug_info=False, function_aliases=None,
                 experimental_debug_stripper=False, experimental_io_device=None,
                 experimental_variable_policy=None, experimental_custom_gradients=True,
                 experimental_image_format=False, experimental_skip_saver=False,
                 experimental_sharding_callback=None, extra_tags=None):
        self.namespace_whitelist = namespace_whitelist
        self.save_debug_info = save_debug_info
        self.function_aliases = function_aliases
        self.experimental_debug_stripper = experimental_debug_stripper
        self.experimental_io_device = experimental_io_device
        self.experimental_variable_policy = experimental_variable_policy
        self.experimental_custom_gradients = experimental_custom_gradients
        self.experimental_image_format = experimental_image_format
        self.experimental_skip_saver = experimental_skip_saver
        self.experimental_sharding_callback = experimental_sharding_callback
        self.extra_tags = extra_tags


def _is_keras_model(obj):
    from tapeviz.keras.models import Model
    return isinstance(obj, Model)


def _constants(obj):
    """The plain Python attributes of `obj` (numbers, strings, None and short lists of them):
    TF folds them into its graphs; here a loaded method reads them through `self`."""
    return {name: value for name, value in vars(obj).items() if _plain(value)}


def _callables(obj):
    """The functions `obj` holds as attributes (an activation, a preprocessing function), by
    reference: TF traces them into its graphs; a loaded method calls them through `self`."""
    return {name: functions.reference(value) for name, value in vars(obj).items()
            if not isinstance(value, (_Function, type)) and callable(value) and
            not trackable.is_dependency(value)}


def _plain(value, depth=0):
    if value is None or isinstance(value, (bool, int, str)):
        return True
    if isinstance(value, float):
        return value == value and abs(value) != float("inf")
    if isinstance(value, (list, tuple)) and depth < 2 and len(value) <= 64:
        return all(_plain(v, depth + 1) for v in value)
    return False


def _function_attributes(obj):
    """(name, tf.function bound to obj) for the tf.function attributes of `obj`, class first."""
    found = {}
    for klass in reversed(type(obj).__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, _Function):
                found[name] = getattr(obj, name)
    for name, value in getattr(obj, "__dict__", {}).items():
        if isinstance(value, _Function):
            found[name] = value
    return sorted(found.items(), key=lambda item: item[0])


class _Writer:
    """Builds the JSON graph of one save."""

    def __init__(self, root):
        self.root = root
        self.graph, self.tensors, self.objects = checkpoint.build_graph(root)
        self.node_of_id = {id(o): i for i, o in enumerate(self.objects)}
        self.nodes = []

    def node_of(self, obj):
        try:
            return self.node_of_id[id(obj)]
        except KeyError:
            raise ValueError(f"{obj!r} is not reachable from the object being saved, so tapeviz "
                             "cannot save a function bound to it") from None

    def describe_objects(self, keras_nodes=frozenset()):
        """One JSON node per object; Keras models at `keras_nodes` (and a Keras root) are kept
        as their config, their inner objects listed but not described further."""
        if _is_keras_model(self.root):
            keras_nodes = {0}
        for i, (obj, node) in enumerate(zip(self.objects, self.graph["nodes"])):
            entry = {"children": [list(c) for c in node["children"]]}
            if getattr(obj, "_is_variable", False):
                entry.update(kind="variable", key=node["attributes"][0]["checkpoint_key"],
                             name=node["attributes"][0]["full_name"], trainable=bool(obj.trainable))
            elif isinstance(obj, tuple):
                entry["kind"] = "tuple"
            elif isinstance(obj, (list, dict)):
                entry["kind"] = "dict" if isinstance(obj, dict) else "list"
            elif i in keras_nodes:
                entry.update(kind="keras_model", config=_keras_config(obj),
                             cls=functions.reference(type(obj)))
            else:
                plain = hasattr(obj, "__dict__")
                entry.update(kind="object", cls=functions.reference(type(obj)),
                             constants=_constants(obj) if plain else {},
                             callables=_callables(obj) if plain else {})
            self.nodes.append(entry)
        for i in _plain_reach(self.nodes, keras_nodes):
            obj = self.objects[i]
            taken = {name for name, _ in self.nodes[i]["children"]}
            for name, fn in _function_attributes(obj):
                if name not in taken:
                    self.nodes[i]["children"].append([name, self.add_function(name, fn)])

    def add_function(self, name, fn):
        owner, code = self._owner_and_code(fn)
        entry = {"kind": "function", "name": name, "ref": functions.reference(code), "owner": owner}
        if fn.input_signature is not None:
            entry["input_signature"] = specs.encode(tuple(fn.input_signature), self.node_of)
            entry["traces"] = []
        else:
            entry["input_signature"] = None
            entry["traces"] = [self.canonical_trace(fn, args, kwargs)
                               for args, kwargs in fn._concrete_traces()]
        self.nodes.append(entry)
        return len(self.nodes) - 1

    def _owner_and_code(self, fn):
        code = fn.python_function
        if fn._instance is not None:
            return self.node_of(fn._instance), code
        if inspect.ismethod(code):
            return self.node_of(code.__self__), code.__func__
        return None, code

    def canonical_trace(self, fn, args, kwargs):
        return [[n, specs.encode(v, self.node_of)] for n, v in _bind(fn, args, kwargs).items()]

    # ---- signatures ----------------------------------------------------------------------
    def signature_entries(self, prepared):
        """[[key, entry]] for the signatures prepared (and dry-run) before the graph was built."""
        return [[key, self.signature_entry(sig)] for key, sig in prepared]

    def signature_entry(self, sig):
        owner, code = self._owner_and_code(sig.base)
        return {"target": {"ref": functions.reference(code), "owner": owner}, "inputs": sig.inputs,
                "arguments": [[n, specs.encode(v, self.node_of)] for n, v in sig.arguments.items()],
                "outputs": sig.outputs}

    def payload(self, prepared):
        self.describe_objects()
        return {"nodes": self.nodes, "signatures": self.signature_entries(prepared)}


class _Signature:
    """A signature function: its parameters bound to specs (inputs) or fixed Python values."""

    def __init__(self, fn):
        if isinstance(fn, ConcreteFunction) and hasattr(fn, "_function"):
            self.base = fn._function
            self.arguments = _bind(self.base, *_without_self(self.base, fn._trace))
            self.callee = functools.partial(self.base.python_function, *self.base._self())
        elif isinstance(fn, _Function) and fn.input_signature is not None:
            self.base = self.callee = fn
            self.arguments = dict(zip(_parameter_names(fn), fn.input_signature))
        else:
            raise ValueError(f"Expected a TensorFlow function for which to generate a signature "
                             f"(a concrete function or a tf.function with an input_signature), "
                             f"but got {fn!r}.")
        self.inputs = [n for n, v in self.arguments.items() if isinstance(v, TensorSpec)]
        self.fixed = {n: v.ref() if isinstance(v, _Instance) else v
                      for n, v in self.arguments.items() if n not in self.inputs}
        self.outputs = None

    def run(self, **inputs):
        return self.callee(**inputs, **self.fixed)


def prepare_signatures(root, signatures):
    """[(key, _Signature)] for `signatures` (or TF's default one), each dry-run: the tracing TF
    does while saving, which also builds Variables created on a first call."""
    if signatures is None:
        return _default_signature(root)
    if not isinstance(signatures, dict):
        signatures = {DEFAULT_SIGNATURE: signatures}
    prepared = []                  # the user's order (JSON objects are sorted)
    for key, fn in signatures.items():
        if not isinstance(key, str):
            raise ValueError(f"Expected a string key for the signature, got {key!r}")
        sig = _Signature(fn)
        sig.outputs = dry_run_outputs(root, sig.run, {n: sig.arguments[n] for n in sig.inputs})
        prepared.append((key, sig))
    return prepared


def _default_signature(root):
    """As TF: with no `signatures`, the root's one tf.function with an input signature (if it
    has exactly one, and it returns something) becomes 'serving_default'."""
    if _is_keras_model(root) or not hasattr(root, "__dict__"):
        return []
    found = [fn for _, fn in _function_attributes(root) if fn.input_signature is not None]
    if len(found) != 1:
        return []
    prepared = prepare_signatures(root, {DEFAULT_SIGNATURE: found[0]})
    return [] if prepared[0][1].outputs == {} else prepared


_DRY_RUN_SIZES = ((1, 2), (6, 12), (14, 28))   # for None dimensions (reshapes need divisors)
_DRY_RUN_LIMIT = 1 << 22                        # elements per input, at most


def dry_run_outputs(root, call, inputs):
    """The output specs of a signature, found by running `call(**inputs)` on zeros of each input
    spec at two sizes, so that output dimensions following a None input dimension come out None
    (sizes 1 and 2 first; 6 and 12, 14 and 28 if those fail, as when a reshape needs whole rows;
    None if nothing runs). As TF's tracing at save time, this builds Variables created on a first
    call, and the traces it makes of the tf.functions called inside are kept, with the dimensions
    that differ between the two runs None. The values of the Variables that existed are put back
    after each attempt, and nothing is recorded on any tape."""
    unknown_rank = any(s.shape.rank is None for s in inputs.values())
    for sizes in _DRY_RUN_SIZES:
        shapes = [{n: [] if s.shape.rank is None else [size if d is None else d for d in s.shape.as_list()]
                   for n, s in inputs.items()} for size in sizes]
        if any(np.prod(shape, dtype=np.int64) > _DRY_RUN_LIMIT for run in shapes for shape in run.values()):
            break
        runs = _dry_runs(root, call, inputs, shapes)
        if runs is not None:
            break
    else:
        runs = None
    if runs is None:
        return None
    out = {}
    for key, value in runs[0].items():
        if not isinstance(value, Tensor):
            return None
        other = runs[1].get(key)
        dims = value.shape.as_list()
        if isinstance(other, Tensor) and other.shape.rank == value.shape.rank:
            dims = [a if a == b else None for a, b in zip(dims, other.shape.as_list())]
        out[key] = {"tensor": [None if unknown_rank else dims, value.dtype.name, key]}
    return out


def _dry_runs(root, call, inputs, shapes):
    """The outputs of `call` on zeros of each of the `shapes` (None if it raises)."""
    saved = [(v, np.array(v._value, copy=True)) for v in checkpoint._live_variables(root)]
    runs, seen = [], []

    def observe(traces, entry):
        seen.append((traces, entry, len(runs)))
    TRACE_OBSERVERS.append(observe)
    try:
        with ctx.no_recording(), _untraced_stdout():
            for run in shapes:
                zeros = {n: convert_to_tensor(np.zeros(run[n], s.dtype.as_numpy_dtype))
                         for n, s in inputs.items()}
                runs.append(functions.output_dict(call(**zeros)))
    except Exception:             # noqa: BLE001 (a signature that cannot run on these zeros)
        runs = None
    finally:
        TRACE_OBSERVERS.remove(observe)
        for v, value in saved:
            v._restore_array(value)
    if runs is None:
        for traces, entry, _ in seen:      # an attempt that failed leaves no traces
            if entry in traces:
                traces.remove(entry)
    else:
        _merge_traces(seen)
    return runs


def _merge_traces(seen):
    """Pairs the traces the two dry runs made of each function, in order, and replaces each pair
    by one trace whose differing dimensions are None (TF traced once, with None dimensions)."""
    by_list = {}
    for traces, entry, run in seen:
        by_list.setdefault(id(traces), (traces, [], []))[1 + run].append(entry)
    for traces, first, second in by_list.values():
        for a, b in zip(first, second):
            merged = _relaxed(a, b)
            if merged is not None and a in traces and b in traces:
                traces[traces.index(a)] = merged
                traces.remove(b)


def _relaxed(a, b):
    if isinstance(a, TensorSpec) and isinstance(b, TensorSpec):
        if a.dtype != b.dtype or a.shape.rank != b.shape.rank:
            return None
        if a.shape.rank is None:
            return a
        return TensorSpec([x if x == y else None for x, y in zip(a.shape.as_list(), b.shape.as_list())],
                          a.dtype, a.name)
    if isinstance(a, (tuple, list)) and type(a) is type(b) and len(a) == len(b):
        items = [_relaxed(x, y) for x, y in zip(a, b)]
        return None if any(i is None for i in items) else type(a)(items)
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        items = {k: _relaxed(a[k], b[k]) for k in a}
        return None if any(i is None for i in items.values()) else items
    return a if a == b else None


def _plain_reach(nodes, keras_nodes):
    """The object nodes reachable from the root without entering a Keras model."""
    seen, queue, out = {0}, [0], []
    while queue:
        i = queue.pop(0)
        if i in keras_nodes:
            continue
        if nodes[i]["kind"] == "object":
            out.append(i)
        for _, child in nodes[i]["children"]:
            if child not in seen and child < len(nodes):
                seen.add(child)
                queue.append(child)
    return out


def _bind(fn, args, kwargs):
    """A trace's arguments bound to the function's parameters, defaults filled in."""
    signature = inspect.signature(fn.python_function)
    if fn._instance is not None:
        signature = signature.replace(parameters=list(signature.parameters.values())[1:])
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


def _without_self(fn, trace):
    args, kwargs = trace
    if fn._instance is not None:
        args = args[1:]
    return args, kwargs


def _parameter_names(fn):
    params = list(inspect.signature(fn.python_function).parameters)
    return params[1:] if fn._instance is not None else params


def _keras_config(model):
    from tapeviz.keras.serialization import serialize_keras_object
    return serialize_keras_object(model)


def _write_graph(directory, payload):
    body = {"checksum": hashlib.sha256(io.canonical_json(payload)).hexdigest(), "format": FORMAT,
            "payload": payload, "version": VERSION}
    io.atomic_write(os.path.join(directory, GRAPH_FILE), lambda f: f.write(io.canonical_json(body)))


def write_directory(export_dir, write_into):
    """Runs `write_into(tmp)` on a fresh temporary sibling of `export_dir`, then renames it into
    place. Entries of an existing `export_dir` that are not part of a SavedModel are kept."""
    export_dir = os.path.abspath(os.fspath(export_dir))
    if os.path.exists(export_dir) and not os.path.isdir(export_dir):
        raise FileExistsError(f"Cannot save a SavedModel to {export_dir}: it is a file")
    parent = os.path.dirname(export_dir)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=parent, prefix=f".{os.path.basename(export_dir)}.tmp-{os.getpid()}-")
    try:
        write_into(tmp)
        io.fsync_dir(tmp)
        old = os.listdir(export_dir) if os.path.isdir(export_dir) else []
        if not old:
            os.rename(tmp, export_dir)         # atomic, also over an empty directory
        else:
            for name in old:                   # the user's own files stay where they were
                if name not in OWN_ENTRIES:
                    os.rename(os.path.join(export_dir, name), os.path.join(tmp, name))
            trash = tempfile.mkdtemp(dir=parent, prefix=f".{os.path.basename(export_dir)}.old-")
            os.rename(export_dir, os.path.join(trash, "old"))
            os.rename(tmp, export_dir)
            shutil.rmtree(trash, ignore_errors=True)
        io.fsync_dir(parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_saved_model(export_dir, payload, tensors, graph):
    def write_into(tmp):
        os.makedirs(os.path.join(tmp, "variables"))
        os.makedirs(os.path.join(tmp, "assets"))
        io.write_checkpoint(os.path.join(tmp, VARIABLES), graph, tensors)
        _write_graph(tmp, payload)
    write_directory(export_dir, write_into)


def save(obj, export_dir, signatures=None, options=None):
    """Saves `obj` (a tf.Module, a Keras model, any trackable) to the directory `export_dir`.

    Args:
      obj: the object to save: its Variables, sub-objects, and `tf.function` attributes (each
        with its input signature, or the traces made so far) are saved.
      export_dir: the directory to write (replaced atomically).
      signatures: a `tf.function` with an input signature, a concrete function, or a dict of
        them by signature key (a single one is 'serving_default').
      options: a `tf.saved_model.SaveOptions` (accepted).

    Raises:
      ValueError: `obj` is not trackable, or a signature is not a function TF could save.
    """
    if not trackable.is_trackable(obj):
        raise ValueError(f"Expected an object of type `Trackable`, such as `tf.Module` or a "
                         f"subclass of the `Trackable` class, for export. Got {obj} with type "
                         f"{type(obj)}.")
    if options is not None and not isinstance(options, SaveOptions):
        raise TypeError(f"options must be a tf.saved_model.SaveOptions, got {options!r}")
    if signatures is None and _is_keras_model(obj):
        from tapeviz.saved_model import keras_export
        writer = _Writer(obj)
        payload = writer.payload([])
        signature = keras_export.default_signature(writer)
        payload["signatures"] = [[DEFAULT_SIGNATURE, signature]] if signature else []
    else:
        prepared = prepare_signatures(obj, signatures)
        writer = _Writer(obj)
        payload = writer.payload(prepared)
    write_saved_model(export_dir, payload, [(key, v._value) for key, v in writer.tensors],
                      writer.graph)

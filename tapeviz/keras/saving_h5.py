"""`model.save_weights('x.weights.h5')` / `load_weights`: Keras 3's HDF5 weights layout.

The file mirrors Keras 3's `saving_lib`, so files move both ways between tapeviz and Keras:

    vars                      (attrs: name='sequential')   the model's own weights (none)
    layers/dense/vars/0, /1   (attrs: name='dense')        kernel, bias
    layers/dense_1/vars/...                                 the second Dense, by class not name
    optimizer/vars/0..n       (attrs: name='adam')          iterations, learning_rate, slots
    d1/vars/...                                             a subclassed model's attribute `d1`

Each object's weights are numbered datasets, trainable first then non-trainable; children are
visited as Keras does (Sequential/functional `layers` first, then attributes sorted with the
private ones last), and an object reached twice is written once. Saving writes a temporary file
and renames it over the target; loading checks every object's count and shapes before it
assigns any value, so a mismatched file leaves the model untouched. h5py is imported lazily.
"""
import os

import numpy as np

from tapeviz.keras.backend import to_snake_case


def _is_saveable(obj):
    from tapeviz.keras.layers.base import Layer
    from tapeviz.keras.optimizers import Optimizer
    return isinstance(obj, (Layer, Optimizer))


def _own_variables(obj):
    from tapeviz.keras.optimizers import Optimizer
    if isinstance(obj, Optimizer):
        return obj.variables
    return obj._trainable_variables + obj._non_trainable_variables


def _name_key(name):
    return f"~{name}" if name.startswith("_") else name


def _children(obj):
    """(attribute, child) pairs in Keras's walk order."""
    from tapeviz.keras.models import Functional, Sequential
    if isinstance(obj, (Sequential, Functional)):
        yield "layers", obj.layers
    from tapeviz.keras.layers.base import INTERNAL_ATTRIBUTES
    attrs = getattr(obj, "__dict__", {})
    for name in sorted(attrs, key=_name_key):
        if name.startswith("__") or name in INTERNAL_ATTRIBUTES or name == "layers":
            continue
        value = attrs[name]
        if _is_saveable(value) or isinstance(value, (list, tuple, dict)):
            yield name, value


def _unique(name, used):
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


def _join(path, name):
    return f"{path}/{name}" if path else name


# ---- the object walk both directions share -------------------------------------------------------

def _walk(obj, path, visit, visited):
    """Calls `visit(obj, path)` for `obj` and every saveable object under it, each once, in
    Keras's order and with Keras's paths (containers' items get `dense`, `dense_1`, ...)."""
    if id(obj) in visited:
        return
    visit(obj, path)
    visited.add(id(obj))
    for name, child in _children(obj):
        if _is_saveable(child):
            _walk(child, _join(path, name), visit, visited)
        else:
            _walk_container(child, _join(path, name), visit, visited, set())


def _walk_container(container, path, visit, visited, seen_containers):
    if id(container) in seen_containers:
        return
    seen_containers.add(id(container))
    used = {}
    items = list(container.values()) if isinstance(container, dict) else container
    for item in items:
        if _is_saveable(item):
            _walk(item, _join(path, _unique(to_snake_case(type(item).__name__), used)), visit, visited)
        elif isinstance(item, (list, tuple, dict)):
            _walk_container(item, _join(path, _unique("container", used)), visit, visited,
                            seen_containers)


# ---- saving ------------------------------------------------------------------------------------

def _save_variables(h5, obj, path):
    group = h5.create_group("vars") if not path else h5.require_group(path).create_group("vars")
    group.attrs["name"] = obj.name
    for i, v in enumerate(_own_variables(obj)):
        group[str(i)] = np.asarray(v.numpy())


def _check_built(model, verb):
    if not model.built:
        if verb == "save":
            raise ValueError("You are saving a model that has not yet been built. Try building the "
                             "model first by calling it on some data or by using `build()`.")
        raise ValueError("You are loading weights into a model that has not yet been built. Try "
                         "building the model first by calling it on some data or by using `build()`.")


def save_weights(model, filepath, overwrite=True):
    path = str(filepath)
    if not path.endswith(".weights.h5"):
        raise ValueError(f"The filename must end in `.weights.h5`. Received: filepath={path}")
    _check_built(model, "save")
    if not overwrite and os.path.exists(path):
        raise FileExistsError(f"{path} exists and overwrite=False")
    import h5py
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    tmp = os.path.join(directory, f".{os.path.basename(path)}.tmp-{os.getpid()}")
    try:
        with h5py.File(tmp, "w") as h5:
            _walk(model, "", lambda obj, key: _save_variables(h5, obj, key), set())
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)   # a crash mid-write leaves the previous file whole
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


# ---- loading -----------------------------------------------------------------------------------

class _Store:
    """The numbered datasets of one object's `vars` group (empty when the group is missing)."""

    def __init__(self, h5, path):
        full = _join(path, "vars")
        self._group = h5[full] if full in h5 else {}

    def keys(self):
        return list(self._group.keys())

    def __getitem__(self, key):
        return np.array(self._group[key])


def _planned(obj, store):
    """The (variable, value) pairs `obj` would take from `store`; raises on a mismatch."""
    from tapeviz.keras.optimizers import Optimizer
    variables = _own_variables(obj)
    if isinstance(obj, Optimizer) and len(store.keys()) != len(variables):
        obj.load_own_variables(store)   # Keras warns and skips the optimizer
        return []
    if len(store.keys()) != len(variables):
        if not variables and not obj.built:
            raise ValueError(f"Layer '{obj.name}' was never built and thus it doesn't have any "
                             f"variables. However the weights file lists {len(store.keys())} "
                             "variables for this layer.")
        raise ValueError(f"Layer '{obj.name}' expected {len(variables)} variables, but received "
                         f"{len(store.keys())} variables during loading. Expected: "
                         f"{[v.name for v in variables]}")
    values = [store[str(i)] for i in range(len(variables))]
    for v, value in zip(variables, values):
        if tuple(v.shape) != value.shape:
            raise ValueError("The shape of the target variable and the shape of the target value in "
                             "`variable.assign(value)` must match. "
                             f"variable.shape={tuple(v.shape)}, Received: value.shape={value.shape}. "
                             f"Target variable: {v!r}")
    return [(v, value.astype(v.dtype.as_numpy_dtype)) for v, value in zip(variables, values)]


def _plan_loading(h5, obj, path, errors, plan):
    try:
        plan.extend(_planned(obj, _Store(h5, path)))
    except Exception as e:  # noqa: BLE001  (collected, then raised together as Keras does)
        errors.append((obj, e))


def load_weights(model, filepath, skip_mismatch=False):
    path = str(filepath)
    if path.endswith(".keras") or (path.endswith(".h5") and not path.endswith(".weights.h5")) \
            or path.endswith(".hdf5") or path.endswith(".weights.json"):
        raise NotImplementedError(f"tapeviz.keras: loading {os.path.splitext(path)[1]} files is not "
                                  "supported; use a `.weights.h5` file")
    if not path.endswith(".weights.h5"):
        raise ValueError(f"File format not supported: filepath={path}. Keras 3 only supports V3 "
                         "`.keras` files, `.weights.h5` files, legacy H5 format files (`.h5` "
                         "extension), or Orbax checkpoints.")
    _check_built(model, "load")
    import h5py
    errors, plan = [], []
    with h5py.File(path, "r") as h5:
        _walk(model, "", lambda obj, key: _plan_loading(h5, obj, key, errors, plan), set())
    if errors:
        obj, error = errors[0]
        msg = (f"A total of {len(errors)} objects could not be loaded. Example error message for "
               f"object {obj}:\n\n{error}\n\nList of objects that could not be loaded:\n"
               f"{[o for o, _ in errors]}")
        if not skip_mismatch:
            raise ValueError(msg)    # nothing has been assigned yet
        import warnings
        warnings.warn(msg)
    for variable, value in plan:
        variable.assign(value)

"""The trackable protocol: what a checkpoint can walk, and where deferred restores wait.

An object takes part in object-based checkpoints when it is

* a `tf.Variable` (a leaf: its value is saved under `<path>/.ATTRIBUTES/VARIABLE_VALUE`), or
* any object with a `_checkpoint_dependencies()` method returning `[(name, child), ...]`
  (`tf.Module`, `tf.train.Checkpoint`, Keras layers/models/optimizers), or
* a list, tuple or dict holding such objects (children named `"0"`, `"1"`, ... or by key).

Deferred restoration: when a restore finds a checkpointed child that the live parent does not
have yet, it calls `defer(parent, name, callback)`. The parent announces new attributes with
`notify_attached(parent, name, value)` (`tf.Module.__setattr__` does it for every subclass), which
runs the callback and restores the value at once. The registry holds parents weakly.
"""
import weakref

_DEFERRED = {}   # id(parent) -> (weakref(parent), {name: callback(value)})


def is_trackable(obj):
    """True for Variables and objects implementing `_checkpoint_dependencies()`."""
    return getattr(obj, "_is_variable", False) or hasattr(type(obj), "_checkpoint_dependencies")


def is_dependency(value):
    """True if `value` belongs in the object graph: trackable, or a container holding one."""
    if is_trackable(value):
        return True
    if isinstance(value, (list, tuple)):
        return any(is_dependency(v) for v in value)
    if isinstance(value, dict):
        return any(is_dependency(v) for v in value.values())
    return False


def children(obj):
    """The named children of `obj` in the object graph, in tracking order."""
    if getattr(obj, "_is_variable", False):
        return []
    if isinstance(obj, (list, tuple)):
        return [(str(i), v) for i, v in enumerate(obj) if is_dependency(v)]
    if isinstance(obj, dict):
        return [(str(k), v) for k, v in obj.items() if is_dependency(v)]
    if hasattr(type(obj), "_checkpoint_dependencies"):
        return [(str(name), v) for name, v in obj._checkpoint_dependencies() if is_dependency(v)]
    return []


def defer(parent, name, callback):
    """Runs `callback(value)` when `parent` gets a child `name` (replacing an older wait)."""
    pid = id(parent)
    entry = _DEFERRED.get(pid)
    if entry is None or entry[0]() is not parent:
        try:
            ref = weakref.ref(parent, lambda r, pid=pid: _drop(pid, r))
        except TypeError:    # a plain list or dict cannot be watched: no deferred restore there
            return
        entry = _DEFERRED[pid] = (ref, {})
    entry[1][name] = callback


def notify_attached(parent, name, value):
    """Called by trackable containers after `parent.<name> = value`: finishes deferred restores."""
    entry = _DEFERRED.get(id(parent))
    if entry is None or entry[0]() is not parent:
        return
    callback = entry[1].get(name)
    if callback is None or not is_dependency(value):
        return
    del entry[1][name]
    if not entry[1]:
        _DEFERRED.pop(id(parent), None)
    callback(value)


def pending(parent):
    """Names of `parent`'s children still waiting for a deferred restore."""
    entry = _DEFERRED.get(id(parent))
    return sorted(entry[1]) if entry is not None and entry[0]() is parent else []


def _drop(pid, ref):
    entry = _DEFERRED.get(pid)
    if entry is not None and entry[0] is ref:
        del _DEFERRED[pid]

"""`tf.train.Checkpoint`: object-based save and restore, with TF's keys and status objects."""
import collections
import logging
import os
import weakref

import numpy as np

from tapeviz.framework import dtypes, errors
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_shape import TensorShape
from tapeviz.framework.variables import Variable
from tapeviz.train import io, trackable

logger = logging.getLogger("tapeviz")

VARIABLE_VALUE = "VARIABLE_VALUE"
_ATTRIBUTES = ".ATTRIBUTES"
_NOT_TRACKABLE = ("`Checkpoint` was expecting {} to be a trackable object (an object derived from "
                  "`Trackable`), got {}. If you believe this object should be trackable (i.e. it "
                  "is part of the TensorFlow Python API and manages state), please open an issue.")
_MISSING_SUFFIX = ("\nPlease double-check that the path is correct. You may be missing the "
                   "checkpoint suffix (e.g. the '-1' in 'path/to/ckpt-1').")
_DELETED_WARNING = (
    "Detecting that an object or model or tf.train.Checkpoint is being deleted with unrestored "
    "values. See the following logs for the specific values in question. To silence these "
    "warnings, use `status.expect_partial()`. See "
    "https://www.tensorflow.org/api_docs/python/tf/train/Checkpoint#restorefor details about the "
    "status object returned by the restore function.")


class CheckpointOptions:
    """Accepted for compatibility (`tf.train.CheckpointOptions`); every option is a no-op here."""

    def __init__(self, experimental_io_device=None, experimental_enable_async_checkpoint=False,
                 experimental_write_callbacks=None, enable_async=False,
                 experimental_sharding_callback=None, experimental_skip_slot_variables=False):
        self.experimental_io_device = experimental_io_device
        self.experimental_enable_async_checkpoint = experimental_enable_async_checkpoint
        self.experimental_write_callbacks = experimental_write_callbacks
        self.enable_async = enable_async
        self.experimental_sharding_callback = experimental_sharding_callback
        self.experimental_skip_slot_variables = experimental_skip_slot_variables


def escape_local_name(name):
    """TF's escaping of one path element: `.` -> `..`, `/` -> `.S` (so keys stay unambiguous)."""
    return name.replace(".", "..").replace("/", ".S")


def _variable_key(path):
    return "/".join([escape_local_name(n) for n in path] + [_ATTRIBUTES, VARIABLE_VALUE])


def _full_name(variable):
    name = variable.name
    return name[:-2] if name.endswith(":0") else name


# ---- the object graph ----------------------------------------------------------------------------

def build_graph(root):
    """Walks `root` breadth first: (graph JSON, [(key, variable)], [object per node]).

    Each object gets one node (the first path reaching it names its key), as in TensorFlow.
    """
    nodes, objects, ids = [], [root], {id(root): 0}
    queue = collections.deque([(root, ())])
    tensors = []
    while queue:
        obj, path = queue.popleft()
        node = {"attributes": [], "children": []}
        if getattr(obj, "_is_variable", False):
            key = _variable_key(path)
            node["attributes"].append({"checkpoint_key": key, "full_name": _full_name(obj),
                                       "name": VARIABLE_VALUE})
            tensors.append((key, obj))
        seen_names = set()
        for name, child in trackable.children(obj):
            if name in seen_names:
                raise ValueError(f"Two dependencies of {obj!r} are both named {name!r}.")
            seen_names.add(name)
            if id(child) not in ids:
                ids[id(child)] = len(objects)
                objects.append(child)
                queue.append((child, path + (name,)))
            node["children"].append([name, ids[id(child)]])
        nodes.append(node)
    return {"nodes": nodes}, tensors, objects


def _live_variables(root):
    _, tensors, _ = build_graph(root)
    return [v for _, v in tensors]


def _node_names(graph):
    """TF's pretty names of checkpoint nodes: `(root).model.a`, breadth first."""
    names = {0: "(root)"}
    queue = collections.deque([0])
    while queue:
        nid = queue.popleft()
        for name, cid in graph["nodes"][nid]["children"]:
            if cid not in names:
                names[cid] = f"{names[nid]}.{name}"
                queue.append(cid)
    return names


def _node_text(node):
    """A node as TF prints its proto in assertion messages."""
    lines = []
    for name, cid in node["children"]:
        lines += ["children {", f"  node_id: {cid}", f"  local_name: {io.text_quote(name)}", "}"]
    for attr in node["attributes"]:
        lines += ["attributes {", f"  name: {io.text_quote(attr['name'])}",
                  f"  full_name: {io.text_quote(attr['full_name'])}",
                  f"  checkpoint_key: {io.text_quote(attr['checkpoint_key'])}", "}"]
    if node["attributes"]:
        lines += ["has_checkpoint_values {", "  value: true", "}"]
    return "".join(line + "\n" for line in lines)


# ---- restoring -----------------------------------------------------------------------------------

class _Restore:
    """One restore: matches checkpoint nodes to live objects and assigns values, now or later.

    Live objects are held weakly (Variables, Modules) or not at all (containers), so a restore
    never keeps the restored program alive.
    """

    def __init__(self, reader):
        self.reader = reader
        self.graph = reader.object_graph
        self.matched = {}        # node id -> weakref to the live object (or None for containers)
        self.assigned = set()    # node ids whose value went into a Variable
        self.silenced = False

    def _ref(self, obj):
        try:
            return weakref.ref(obj)
        except TypeError:
            return None

    def match(self, node_id, obj):
        """Maps the subtree under `node_id` onto `obj`.

        Returns ([(node id, variable)] to assign, [(parent, name, node id)] to wait for).
        """
        assignments, waits = [], []
        self.matched[node_id] = self._ref(obj)
        queue = collections.deque([(node_id, obj)])
        while queue:
            nid, live = queue.popleft()
            node = self.graph["nodes"][nid]
            if node["attributes"] and getattr(live, "_is_variable", False):
                assignments.append((nid, live))
            live_children = dict(trackable.children(live))
            for name, cid in node["children"]:
                if cid in self.matched:
                    continue
                child = live_children.get(name)
                if child is None:
                    waits.append((live, name, cid))
                    continue
                self.matched[cid] = self._ref(child)
                queue.append((cid, child))
        return assignments, waits

    def wait_for(self, waits):
        """Registers deferred restores: the parent holds this restore until the child appears."""
        for parent, name, node_id in waits:
            trackable.defer(parent, name, lambda value, nid=node_id: self.attach(nid, value))

    def attach(self, node_id, value):
        """A deferred child appeared: restore its subtree now."""
        if node_id in self.matched:
            return
        assignments, waits = self.match(node_id, value)
        self.assign(assignments)
        self.wait_for(waits)

    def check(self, assignments):
        """Raises TF's errors for dtype or shape mismatches, before anything is read."""
        for nid, variable in assignments:
            key = self.graph["nodes"][nid]["attributes"][0]["checkpoint_key"]
            entry = self.reader.entries[key]
            if entry.dtype is not variable.dtype:
                raise errors.InvalidArgumentError(
                    None, "RestoreV2",
                    "{{function_node __wrapped__RestoreV2_dtypes_1_device_/job:localhost/replica:0"
                    f"/task:0/device:CPU:0}}}} tensor_name = {key}; expected dtype "
                    f"{variable.dtype.c_name} does not equal original dtype {entry.dtype.c_name} "
                    "[Op:RestoreV2]")
            if not variable.shape.is_compatible_with(entry.shape):
                raise ValueError(f"Received incompatible tensor with shape {TensorShape(entry.shape)} "
                                 f"when attempting to restore variable with shape "
                                 f"{variable.shape} and name {variable.name}.")

    def assign(self, assignments):
        """Reads and verifies every value first, then assigns them all (all or nothing)."""
        self.check(assignments)
        arrays = []
        for nid, variable in assignments:
            key = self.graph["nodes"][nid]["attributes"][0]["checkpoint_key"]
            arrays.append(self.reader.read(key))
        for (nid, variable), array in zip(assignments, arrays):
            variable._restore_array(array)
            self.assigned.add(nid)

    def verify_unmatched(self, assignments):
        """Checks the bytes of every tensor not being assigned now (the file is whole or refused)."""
        keys = {self.graph["nodes"][nid]["attributes"][0]["checkpoint_key"] for nid, _ in assignments}
        buffer = bytearray(io.CHUNK)
        for key in self.reader.keys():
            if key not in keys:
                self.reader.verify(key, buffer)

    # ---- status queries ---------------------------------------------------------------------
    def live(self, node_id):
        ref = self.matched.get(node_id, False)
        if ref is False:
            return None
        return True if ref is None else ref()

    def unresolved(self):
        """Node ids with values that no live object received."""
        return [nid for nid, node in enumerate(self.graph["nodes"])
                if node["attributes"] and (nid not in self.assigned or self.live(nid) is None)]

    def warn_if_unrestored(self):
        if self.silenced:
            return
        missing = self.unresolved()
        if missing:
            names = _node_names(self.graph)
            logger.warning(_DELETED_WARNING)
            for nid in missing:
                logger.warning("Value in checkpoint could not be found in the restored object: %s",
                               names.get(nid, nid))


class CheckpointLoadStatus:
    """What `Checkpoint.restore(path)` returns: checks on how the checkpoint matched the program."""

    def __init__(self, restore, root):
        self._restore = restore
        self._root = root        # the status keeps the restored Checkpoint alive, as TF's does

    def assert_consumed(self):
        """Every checkpointed value went into a live object, and every live Variable got one."""
        self.assert_existing_objects_matched()
        r = self._restore
        unresolved = r.unresolved()
        if unresolved:
            nid = unresolved[0]
            raise AssertionError(f"Unresolved object in checkpoint {_node_names(r.graph)[nid]}: "
                                 f"{_node_text(r.graph['nodes'][nid])}")
        return self

    def assert_existing_objects_matched(self):
        """Every live Variable reachable from the root received a checkpointed value."""
        r = self._restore
        for nid in r.matched:
            obj = r.live(nid)
            if getattr(obj, "_is_variable", False) and nid not in r.assigned:
                raise AssertionError("Object not assigned a value from checkpoint: "
                                     f"{_node_text(r.graph['nodes'][nid])}")
        root = self._root
        bound = {id(r.live(nid)) for nid in r.assigned}
        unused = [v for v in _live_variables(root) if id(v) not in bound]
        if unused:
            shown = min(10, len(unused))
            raise AssertionError(
                f"Found {len(unused)} Python objects that were not bound to checkpointed values, "
                f"likely due to changes in the Python program. Showing {shown} of {len(unused)} "
                f"unmatched objects: {unused[:shown]}")
        return self

    def assert_nontrivial_match(self):
        """Something besides the root matched."""
        r = self._restore
        if not any(nid != 0 for nid in r.matched):
            unmatched = _live_variables(self._root)
            raise AssertionError(
                "Nothing except the root object matched a checkpointed value. Typically this "
                "means that the checkpoint does not match the Python program. The following "
                f"objects have no matching checkpointed value: {unmatched}")
        return self

    def expect_partial(self):
        """Silences the warnings about values left unrestored."""
        self._restore.silenced = True
        return self

    def run_restore_ops(self, session=None):
        """Nothing to run: eager restores happen at once."""

    def initialize_or_restore(self, session=None):
        """Nothing to run: eager restores happen at once."""


class InitializationOnlyStatus:
    """What `restore(None)` returns: nothing is restored."""

    _MESSAGE = "No checkpoint specified (save_path=None); nothing is being restored."

    def assert_consumed(self):
        raise AssertionError(self._MESSAGE)

    def assert_existing_objects_matched(self):
        raise AssertionError(self._MESSAGE)

    def assert_nontrivial_match(self):
        raise AssertionError(self._MESSAGE)

    def expect_partial(self):
        return self

    def run_restore_ops(self, session=None):
        """Nothing to run."""

    def initialize_or_restore(self, session=None):
        """Nothing to run."""


# ---- Checkpoint ------------------------------------------------------------------------------------

def _check_trackable(name, value):
    if trackable.is_trackable(value) or isinstance(value, (list, tuple, dict)):
        return
    shown = value.numpy() if isinstance(value, Tensor) else value
    raise ValueError(_NOT_TRACKABLE.format(name, shown))


class Checkpoint:
    """Saves and restores trackable objects (`tf.train.Checkpoint(**kwargs)`).

    Args:
      root: an optional trackable whose dependencies become the checkpoint's.
      **kwargs: trackable objects (Variables, Modules, Keras models, optimizers, lists and
        dicts of them) saved under their keyword names.
    """

    def __init__(self, root=None, **kwargs):
        object.__setattr__(self, "_deps", {})
        object.__setattr__(self, "_save_counter", None)
        object.__setattr__(self, "_root", root)
        if root is not None:
            _check_trackable("root", root)
        for name, value in sorted(kwargs.items(), key=lambda item: item[0]):
            _check_trackable(name, value)
            self._deps[name] = value

    def __setattr__(self, name, value):
        if name.startswith("_"):
            object.__setattr__(self, name, value)
            return
        if trackable.is_dependency(value) or trackable.is_trackable(value):
            self._deps[name] = value
            self.__dict__.pop(name, None)
            trackable.notify_attached(self, name, value)
        else:
            self._deps.pop(name, None)
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        deps = self.__dict__.get("_deps", {})
        if name in deps:
            return deps[name]
        raise AttributeError(f"'Checkpoint' object has no attribute '{name}'")

    def _checkpoint_dependencies(self):
        deps = []
        if self._root is not None:
            deps += trackable.children(self._root)
        deps += list(self._deps.items())
        if self._save_counter is not None:
            deps.append(("save_counter", self._save_counter))
        return deps

    @property
    def save_counter(self):
        """An int64 Variable counting `save()` calls, created on first use."""
        if self._save_counter is None:
            counter = Variable(np.int64(0), trainable=False, dtype=dtypes.int64)
            counter._name = "save_counter:0"
            object.__setattr__(self, "_save_counter", counter)
            trackable.notify_attached(self, "save_counter", counter)
        return self._save_counter

    def write(self, file_prefix, options=None):
        """Writes `file_prefix.index` and `file_prefix.data-00000-of-00001`; returns the prefix."""
        file_prefix = os.fspath(file_prefix)
        graph, tensors, _ = build_graph(self)
        io.write_checkpoint(file_prefix, graph, [(key, v._value) for key, v in tensors])
        return file_prefix

    def save(self, file_prefix, options=None):
        """Writes `file_prefix-N` (N = the incremented save_counter) and the `checkpoint` file."""
        file_prefix = os.fspath(file_prefix)
        counter = self.save_counter
        counter.assign_add(1)
        path = self.write(f"{file_prefix}-{int(counter.numpy())}", options=options)
        io.write_state(os.path.dirname(file_prefix), path, [path])
        return path

    def read(self, save_path, options=None):
        """Restores from `save_path` (no save_counter creation); returns a CheckpointLoadStatus."""
        save_path = os.fspath(save_path)
        reader = open_checkpoint(save_path, restoring=True)
        restore = _Restore(reader)
        assignments, waits = restore.match(0, self)
        restore.check(assignments)
        restore.verify_unmatched(assignments)
        restore.assign(assignments)
        restore.wait_for(waits)
        weakref.finalize(self, restore.warn_if_unrestored)
        return CheckpointLoadStatus(restore, self)

    def restore(self, save_path, options=None):
        """Restores now what exists, later what is created afterwards; returns a status."""
        if save_path is None:
            return InitializationOnlyStatus()
        status = self.read(save_path, options=options)
        self.save_counter    # created now, so it takes the checkpointed count
        return status

    def sync(self):
        """Nothing to wait for: writes are synchronous."""


def open_checkpoint(path, restoring=False):
    """A Reader for `path`, with TF's NotFoundError text when nothing is there."""
    try:
        return io.Reader(path)
    except errors.NotFoundError as e:
        if restoring and e.message.startswith("Unsuccessful TensorSliceReader"):
            raise errors.NotFoundError(None, None, f"Error when restoring from checkpoint or "
                                                   f"SavedModel at {path}: {e.message}"
                                                   f"{_MISSING_SUFFIX}") from None
        raise


# ---- module-level helpers -----------------------------------------------------------------------

def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The parsed `checkpoint` file of `checkpoint_dir` (absolute paths), or None."""
    return io.read_state(os.fspath(checkpoint_dir), latest_filename)


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The newest checkpoint prefix recorded in `checkpoint_dir`, or None."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state is None or not state.model_checkpoint_path:
        return None
    path = state.model_checkpoint_path
    if os.path.isfile(path + io.INDEX_SUFFIX):
        return path
    logger.error("Couldn't match files for checkpoint %s", path)
    return None


def _resolve(ckpt_dir_or_file):
    path = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(path):
        latest = latest_checkpoint(path)
        if latest is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given "
                             f"directory {path}")
        return latest
    return path


def list_variables(ckpt_dir_or_file):
    """Sorted `(key, shape)` pairs of a checkpoint (a prefix, or a directory's latest)."""
    reader = open_checkpoint(_resolve(ckpt_dir_or_file))
    pairs = [(key, list(e.shape)) for key, e in reader.entries.items()]
    pairs.append((io.GRAPH_KEY, []))
    return sorted(pairs)


def load_variable(ckpt_dir_or_file, name):
    """The NumPy value stored under `name` (the object graph key gives its JSON bytes)."""
    if name.endswith(":0"):
        name = name[:-2]
    reader = open_checkpoint(_resolve(ckpt_dir_or_file))
    if name == io.GRAPH_KEY:
        return reader.graph_bytes()
    if name not in reader.entries:
        raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint")
    value = reader.read(name)
    return value[()] if value.ndim == 0 else value

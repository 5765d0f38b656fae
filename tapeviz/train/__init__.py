"""`tf.train`: object-based checkpoints (`Checkpoint`, `CheckpointManager`) and their files.

The trackable protocol (how Keras models, layers and optimizers join a checkpoint)
--------------------------------------------------------------------------------
An object can be saved when it is

* a `tf.Variable`: a leaf; its value is stored under `<path>/.ATTRIBUTES/VARIABLE_VALUE`;
* an object whose class defines `_checkpoint_dependencies(self) -> [(name, child), ...]`:
  each child (a Variable, another such object, or a list/tuple/dict of them) is saved under
  `<path>/<name>`. `tf.Module` implements it from its attributes (every attribute holding a
  trackable, underscore names included), so a Keras class that subclasses `tf.Module` is
  trackable with no code; override `_checkpoint_dependencies` to choose the names TF uses
  (e.g. Keras' `_kernel`), and keep the order stable;
* a list, tuple or dict of those (children `"0"`, `"1"`, ... or the dict keys).

Keys follow the first breadth-first path to each object, with each name escaped as TF does
(`.` -> `..`, `/` -> `.S`): `model/layers/0/w/.ATTRIBUTES/VARIABLE_VALUE`. Names are never
used as file paths.

Deferred restoration: restoring a checkpoint that holds `model/a` into a model without `a`
waits; assigning `model.a = tf.Variable(...)` restores it at once. `tf.Module.__setattr__`
announces every new attribute with `tapeviz.train.trackable.notify_attached(parent, name,
value)`; a trackable that is not a Module must call that itself when a child appears (e.g. an
optimizer creating its slot variables) to receive deferred values. Waiting parents are held
weakly; the values are read (and verified) from the checkpoint file when the child appears.

Files: see `tapeviz.train.io` (JSON index with per-tensor sha256, raw little-endian data,
atomic writes, and validation of every tensor before any Variable is assigned).
"""
from tapeviz.train.checkpoint import (
                                      Checkpoint,
                                      CheckpointLoadStatus,
                                      CheckpointOptions,
                                      InitializationOnlyStatus,
                                      get_checkpoint_state,
                                      latest_checkpoint,
                                      list_variables,
                                      load_variable,
)
from tapeviz.train.io import CheckpointState
from tapeviz.train.manager import CheckpointManager

# tf.train.Example and its parts: protobuf messages, built (and protobuf imported) on first use.
_EXAMPLE_NAMES = ("BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList",
                  "FeatureLists", "Example", "SequenceExample")

__all__ = [*_EXAMPLE_NAMES, "Checkpoint", "CheckpointManager", "CheckpointOptions", "CheckpointLoadStatus",
           "InitializationOnlyStatus", "CheckpointState", "get_checkpoint_state",
           "latest_checkpoint", "list_variables", "load_variable"]


def __getattr__(name):
    if name in _EXAMPLE_NAMES:
        from tapeviz.fileio.protos import message_class
        value = message_class(name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tapeviz.train' has no attribute '{name}'")


def __dir__():
    return sorted(set(globals()) | set(_EXAMPLE_NAMES))

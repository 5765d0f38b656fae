"""`tf.train.CheckpointManager`: numbered saves in one directory, keeping only the newest few."""
import collections
import glob
import logging
import os
import time

from tapeviz.train import io

logger = logging.getLogger("tapeviz")


class CheckpointManager:
    """Manages `<directory>/<checkpoint_name>-N` checkpoints of one `tf.train.Checkpoint`.

    Args:
      checkpoint: the `tf.train.Checkpoint` to save and restore.
      directory: where checkpoints and the `checkpoint` state file live (created on first save).
      max_to_keep: how many recent checkpoints to keep (required; None keeps all).
      keep_checkpoint_every_n_hours: additionally keep one checkpoint per this many hours.
      checkpoint_name: the file name prefix (default `ckpt`).
      step_counter, checkpoint_interval: with both, `save()` only saves every that many steps.
      init_fn: called by `restore_or_initialize()` when there is nothing to restore.
    """

    def __init__(self, checkpoint, directory, max_to_keep, keep_checkpoint_every_n_hours=None,
                 checkpoint_name="ckpt", step_counter=None, checkpoint_interval=None,
                 init_fn=None):
        if max_to_keep is not None and (not isinstance(max_to_keep, int) or max_to_keep <= 0):
            raise ValueError(f"Expected a positive integer or `None` for `max_to_keep`, "
                             f"got {max_to_keep}.")
        if checkpoint_interval is not None and step_counter is None:
            raise ValueError("`step_counter` should be passed if `checkpoint_interval` is not "
                             "None.")
        name = os.fspath(checkpoint_name)
        if not name or os.sep in name or (os.altsep and os.altsep in name) or name in (".", ".."):
            raise ValueError(f"`checkpoint_name` must be a file name, got {checkpoint_name!r}")
        self._checkpoint = checkpoint
        self._directory = os.fspath(directory)
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._checkpoint_prefix = os.path.join(self._directory, name)
        self._step_counter = step_counter
        self._checkpoint_interval = checkpoint_interval
        self._init_fn = init_fn
        self._last_checkpoint_step = None
        self._maybe_delete = collections.OrderedDict()   # path -> timestamp, oldest first
        now = time.time()
        state = io.read_state(self._directory)
        if state is None:
            self._latest_checkpoint = None
            self._last_preserved_timestamp = now - 1.0
            return
        self._latest_checkpoint = state.model_checkpoint_path
        self._last_preserved_timestamp = state.last_preserved_timestamp
        if now < self._last_preserved_timestamp:
            logger.warning("time.time() returned a value %f seconds behind the last preserved "
                           "checkpoint timestamp.", self._last_preserved_timestamp - now)
            self._last_preserved_timestamp = now
        stamps = state.all_model_checkpoint_timestamps
        paths = state.all_model_checkpoint_paths
        if len(stamps) != len(paths):
            stamps = [self._last_preserved_timestamp] * len(paths)
        for path, stamp in zip(paths, stamps):
            stamp = min(stamp, now)
            if stamp > self._last_preserved_timestamp:
                self._maybe_delete[path] = stamp

    directory = property(lambda self: self._directory)
    checkpoint = property(lambda self: self._checkpoint)
    checkpoint_interval = property(lambda self: self._checkpoint_interval)

    @property
    def latest_checkpoint(self):
        """The prefix of the newest checkpoint, or None before the first save."""
        return self._latest_checkpoint

    @property
    def checkpoints(self):
        """The kept checkpoint prefixes, oldest first."""
        return list(self._maybe_delete)

    def save(self, checkpoint_number=None, check_interval=True, options=None):
        """Saves `<name>-N` (N: `checkpoint_number`, else the incremented save counter).

        Returns the prefix written, or None when `checkpoint_interval` says it is too soon.
        """
        if self._checkpoint_interval is not None:
            step = int(self._step_counter)
            if (check_interval and self._last_checkpoint_step is not None
                    and step < self._last_checkpoint_step + self._checkpoint_interval):
                return None
            self._last_checkpoint_step = step
        counter = self._checkpoint.save_counter
        counter.assign_add(1)
        number = int(counter.numpy()) if checkpoint_number is None else int(checkpoint_number)
        os.makedirs(self._directory, exist_ok=True)
        io.remove_stale_temporaries(self._directory)
        path = self._checkpoint.write(f"{self._checkpoint_prefix}-{number}", options=options)
        self._maybe_delete.pop(path, None)
        self._maybe_delete[path] = time.time()
        self._latest_checkpoint = path
        self._record_state()     # the new checkpoint is recorded before anything is deleted
        if self._sweep():
            self._record_state()
        return path

    def restore_or_initialize(self):
        """Restores the latest checkpoint and returns its path, else runs `init_fn`; None."""
        if self._latest_checkpoint is not None:
            self._checkpoint.restore(self._latest_checkpoint)
            if self._checkpoint_interval is not None:
                self._last_checkpoint_step = int(self._step_counter)
            return self._latest_checkpoint
        if self._init_fn is not None:
            self._init_fn()
        return None

    def sync(self):
        """Nothing to wait for: writes are synchronous."""

    # ---- internals -----------------------------------------------------------------------------
    def _record_state(self):
        io.write_state(self._directory, self._latest_checkpoint, list(self._maybe_delete),
                       all_model_checkpoint_timestamps=list(self._maybe_delete.values()),
                       last_preserved_timestamp=self._last_preserved_timestamp)

    def _sweep(self):
        """Deletes checkpoints beyond `max_to_keep` (keeping one per n hours); True if any went."""
        if not self._max_to_keep:
            return False
        changed = False
        while len(self._maybe_delete) > self._max_to_keep:
            path, stamp = self._maybe_delete.popitem(last=False)
            changed = True
            hours = self._keep_checkpoint_every_n_hours
            if hours and stamp - hours * 3600.0 >= self._last_preserved_timestamp:
                self._last_preserved_timestamp = stamp
                continue
            self._delete(path)
        return changed

    def _delete(self, prefix):
        """Removes a checkpoint's files, but only inside this manager's directory."""
        directory = os.path.realpath(self._directory)
        if os.path.dirname(os.path.realpath(prefix)) != directory:
            logger.warning("Not deleting %s: it is outside %s", prefix, self._directory)
            return
        for path in [prefix + io.INDEX_SUFFIX] + glob.glob(glob.escape(prefix) +
                                                            ".data-?????-of-?????"):
            try:
                os.remove(path)
            except FileNotFoundError:
                pass

"""`CheckpointPanel`: the checkpoints of a directory, with Save, Restore and Diff buttons that act
on the kernel's objects. Thin: traits and request replies; listing and diffing live in
`tapeviz.viewmodel.checkpoints`, saving and restoring (verified before anything is assigned) in
`tapeviz.train`. Called from Python, `save`/`restore`/`diff_with` raise like TensorFlow; pressed
in the browser, their errors land in the panel's notice line (and the `tapeviz` log) instead.
"""
import glob
import os
import time

import anywidget
import traitlets

from tapeviz.framework import errors
from tapeviz.framework.errors import describe
from tapeviz.viewmodel.checkpoints import diff_checkpoint, list_checkpoints
from tapeviz.viewmodel.static_tables import CHECKPOINT_HEAD, checkpoint_cells, checkpoints_html
from tapeviz.viewmodel.training_events import notify_changed
from tapeviz.widgets.boundary import after_cell, log, request
from tapeviz.widgets.bundles import bundle
from tapeviz.widgets.cells import after_each_cell, forget
from tapeviz.widgets.static import StaticPicture


class CheckpointPanel(StaticPicture, anywidget.AnyWidget):
    """Checkpoints with step, time and size; Save, Restore and Diff against the live values.

    Args:
      manager_or_directory: a `tf.train.CheckpointManager` (its checkpoint and directory are
        used), or a directory of checkpoints.
      checkpoint: the `tf.train.Checkpoint` to save, restore and diff (required with a directory
        for anything but listing; with a manager, defaults to the manager's).
      prefix: file name of new saves in a directory (`<directory>/<prefix>-N`).
    """

    _esm = bundle("checkpoint")

    directory = traitlets.Unicode("").tag(sync=True)
    checkpoints = traitlets.List().tag(sync=True)      # list_checkpoints() rows, oldest first
    notice = traitlets.Dict().tag(sync=True)           # {"kind": "ok"|"error", "text": ...}
    diff = traitlets.Dict().tag(sync=True)             # {"path", "name", "rows": diff rows}
    can_save = traitlets.Bool(False).tag(sync=True)    # False: list-only (no checkpoint object)

    def __init__(self, manager_or_directory, checkpoint=None, *, prefix="ckpt"):
        super().__init__()
        target = manager_or_directory
        self._manager = None
        if hasattr(target, "checkpoints") and hasattr(target, "directory") and hasattr(target, "save"):
            self._manager = target
            directory = target.directory
            checkpoint = checkpoint if checkpoint is not None else target.checkpoint
        elif isinstance(target, (str, os.PathLike)):
            directory = os.fspath(target)
        else:
            raise TypeError("CheckpointPanel expects a tf.train.CheckpointManager or a directory, "
                            f"got {type(target).__name__}")
        if checkpoint is not None and not (hasattr(checkpoint, "restore") and hasattr(checkpoint, "write")):
            raise TypeError("`checkpoint` must be a tf.train.Checkpoint, got "
                            f"{type(checkpoint).__name__}")
        if not isinstance(prefix, str) or not prefix or os.sep in prefix or prefix in (".", ".."):
            raise ValueError(f"`prefix` must be a file name, got {prefix!r}")
        self._checkpoint = checkpoint
        self._prefix = prefix
        self.directory = os.path.abspath(directory)
        self.can_save = checkpoint is not None
        after_each_cell(self._after_cell)
        self.refresh()

    # ---- actions (the buttons call these; so can code) -----------------------------------------
    def refresh(self):
        """Lists the directory again."""
        self.checkpoints = list_checkpoints(self.directory, self._manager)

    def save(self):
        """Saves a new checkpoint (through the manager if there is one), never over an old one.

        A Checkpoint numbers its saves with its `save_counter`, which a restore sets back: after
        restoring ckpt-2 of five, TensorFlow's next save would overwrite ckpt-3. The panel saves
        as the next free number instead and says so.

        Returns:
          The new checkpoint's path, or None when the manager's `checkpoint_interval` skipped it.
        Raises:
          ValueError: the panel has no `tf.train.Checkpoint` (it only lists).
        """
        self._require_checkpoint("save")
        kept = self._skip_taken_number()
        if self._manager is not None:
            path = self._manager.save()
        else:
            os.makedirs(self.directory, exist_ok=True)
            path = self._checkpoint.save(self._save_prefix())
        self.refresh()
        if path is None:
            self._notify("ok", "Not saved: the manager's checkpoint_interval says it is too soon.")
        else:
            self._notify("ok", f"Saved {os.path.basename(path)}"
                         + (f" ({kept} already existed and was kept)" if kept else ""))
        return path

    def _save_prefix(self):
        if self._manager is not None:
            return self._manager._checkpoint_prefix     # the manager's `<directory>/<name>`
        return os.path.join(self.directory, self._prefix)

    def _skip_taken_number(self):
        """If the next save would write over an existing checkpoint, moves the save counter past
        the highest one; returns the name that would have been overwritten (else None)."""
        prefix = self._save_prefix()
        counter = self._checkpoint.save_counter
        wanted = int(counter.numpy()) + 1
        taken = _numbers(prefix)
        if wanted not in taken:
            return None
        counter.assign(max(taken))
        return f"{os.path.basename(prefix)}-{wanted}"

    def restore(self, path):
        """Restores checkpoint `path` into the live objects (all or nothing); returns the status.
        The notice says which live values it replaced.

        Raises:
          ValueError: the panel has no `tf.train.Checkpoint`.
          tf.errors.NotFoundError: `path` is not a checkpoint in the panel's directory.
          tf.errors.DataLossError: the checkpoint is corrupt (nothing was assigned).
        """
        self._require_checkpoint("restore")
        resolved = self._resolve(path)
        before = diff_checkpoint(self._checkpoint, resolved)
        status = self._checkpoint.restore(resolved)
        notify_changed()
        if self.diff.get("path"):          # the open diff compared the old live values: redo it
            self._redo_diff(self.diff["path"])
        self._notify("ok", _restored_text(os.path.basename(path), before))
        return status

    def diff_with(self, path):
        """Compares checkpoint `path` with the live values; the rows also show in the panel.

        Raises:
          ValueError: the panel has no `tf.train.Checkpoint`.
          tf.errors.NotFoundError: `path` is not a checkpoint in the panel's directory.
        """
        self._require_checkpoint("diff")
        rows = diff_checkpoint(self._checkpoint, self._resolve(path))
        self.diff = {"path": path, "name": os.path.basename(path), "rows": rows, "time": time.time()}
        changed = sum(r["status"] != "same" for r in rows)
        self._notify("ok", f"Diff with {os.path.basename(path)}: {changed} of {len(rows)} differ")
        return rows

    # ---- requests from the view: errors go to the notice line, never into the kernel ------------
    @request
    def _request_save(self, msg):
        return self._act("save", self.save)

    @request
    def _request_restore(self, msg):
        return self._act("restore", self.restore, msg.get("path"))

    @request
    def _request_diff(self, msg):
        return self._act("diff", self.diff_with, msg.get("path"))

    @request
    def _request_refresh(self, msg):
        return self._act("refresh", self.refresh)

    def _act(self, action, method, *path):
        try:
            if path and not isinstance(path[0], str):
                raise ValueError(f"{action}: no checkpoint named")
            method(*path)
        except Exception as e:  # noqa: BLE001  (a button's action: logged and shown in the panel)
            log.warning("tapeviz CheckpointPanel: %s failed", action, exc_info=e)
            self._notify("error", describe(e))
            self._refresh_after_error()
            return {"ok": False, "error": describe(e)}, []
        return {"ok": True}, []

    # ---- helpers ------------------------------------------------------------------------------
    def _redo_diff(self, path):
        try:
            rows = diff_checkpoint(self._checkpoint, self._resolve(path))
        except (errors.NotFoundError, errors.DataLossError, OSError):
            self.diff = {}   # the checkpoint went away or broke: drop the stale table
            return
        self.diff = {"path": path, "name": os.path.basename(path), "rows": rows, "time": time.time()}

    def _resolve(self, path):
        """A checkpoint prefix this panel listed (the view can only name those)."""
        path = os.fspath(path)
        listed = {r["path"] for r in self.checkpoints}
        full = os.path.abspath(path if os.path.isabs(path) else os.path.join(self.directory, path))
        if full not in listed:
            self.refresh()
            listed = {r["path"] for r in self.checkpoints}
        if full not in listed:
            raise errors.NotFoundError(None, None, f"{path} is not a checkpoint in {self.directory}")
        return full

    def _require_checkpoint(self, action):
        if self._checkpoint is None:
            raise ValueError(f"Cannot {action}: pass checkpoint=tf.train.Checkpoint(...) to "
                             "CheckpointPanel.")

    def _refresh_after_error(self):
        """The listing may have changed under a failed action (a file deleted): list again."""
        try:
            self.refresh()
        except Exception as e:  # noqa: BLE001  (logged and shown in the panel)
            self._report("listing the directory", e)

    def _notify(self, kind, text):
        self.notice = {"kind": kind, "text": text, "n": self.notice.get("n", 0) + 1}

    @after_cell
    def _after_cell(self):
        self.refresh()

    def close(self):
        forget(self._after_cell)
        super().close()

    def to_html(self):
        return checkpoints_html(self.checkpoints, self.directory)

    def _static_picture(self):
        return "text/html", self.to_html()

    def _static_figure(self):
        from tapeviz.plot.tables import table
        return table(self.directory, CHECKPOINT_HEAD, checkpoint_cells(self.checkpoints), "no checkpoints yet")

    def _picture_key(self):
        return self.directory, repr(self.checkpoints)


def _numbers(prefix):
    """The N of every `<prefix>-N.index` that exists."""
    found = set()
    for index in glob.glob(glob.escape(prefix) + "-*.index"):
        tail = index[len(prefix) + 1:-len(".index")]
        if tail.isdigit():
            found.add(int(tail))
    return found


def _restored_text(name, rows):
    """'Restored ckpt-2: replaced 3 of 5 values (dense/kernel, dense/bias, ...)'."""
    live = [r for r in rows if r["status"] not in ("only in checkpoint", "not in checkpoint")]
    changed = [r["name"] for r in live if r["status"] != "same"]
    if not changed:
        return f"Restored {name}: the {len(live)} live values already equalled it"
    shown = ", ".join(changed[:3]) + (", ..." if len(changed) > 3 else "")
    return f"Restored {name}: replaced {len(changed)} of {len(live)} live values ({shown})"

"""`CheckpointPanel`: the checkpoints of a directory, with Save, Restore and Diff buttons that act
on the kernel's objects. Thin: traits and request replies; listing and diffing live in
`tapeviz.viewmodel.checkpoints`, saving and restoring (verified before anything is assigned) in
`tapeviz.train`. Every error lands in the panel's notice line; none escapes into the kernel.
"""
import os
import time

import anywidget
import traitlets

from tapeviz.widgets.static import StaticPicture

from tapeviz.framework.errors import describe
from tapeviz.viewmodel.checkpoints import diff_checkpoint, list_checkpoints
from tapeviz.viewmodel.static_tables import checkpoints_html
from tapeviz.viewmodel.training_events import notify_changed
from tapeviz.widgets.cells import after_each_cell, forget
from tapeviz.widgets.inspector import esm

_ACTIONS = ("save", "restore", "diff", "refresh")


class CheckpointPanel(StaticPicture, anywidget.AnyWidget):
    """Checkpoints with step, time and size; Save, Restore and Diff against the live values.

    Args:
      manager_or_directory: a `tf.train.CheckpointManager` (its checkpoint and directory are
        used), or a directory of checkpoints.
      checkpoint: the `tf.train.Checkpoint` to save, restore and diff (required with a directory
        for anything but listing; with a manager, defaults to the manager's).
      prefix: file name of new saves in a directory (`<directory>/<prefix>-N`).
    """

    _esm = esm("checkpoint.js")

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
        self.on_msg(self._on_message)
        after_each_cell(self._after_cell)
        self.refresh()

    # ---- actions (the buttons call these; so can code) -----------------------------------------
    def refresh(self):
        """Lists the directory again."""
        try:
            self.checkpoints = list_checkpoints(self.directory, self._manager)
        except Exception as e:
            self._notify("error", describe(e))

    def save(self):
        """Saves a new checkpoint (through the manager if there is one); returns its path or None."""
        if not self._ready("save"):
            return None
        try:
            if self._manager is not None:
                path = self._manager.save()
            else:
                os.makedirs(self.directory, exist_ok=True)
                path = self._checkpoint.save(os.path.join(self.directory, self._prefix))
        except Exception as e:
            return self._fail(e)
        self.refresh()
        self._notify("ok", f"Saved {os.path.basename(path)}" if path else
                     "Not saved: the manager's checkpoint_interval says it is too soon.")
        return path

    def restore(self, path):
        """Restores checkpoint `path` into the live objects (all or nothing); returns the status."""
        if not self._ready("restore"):
            return None
        try:
            status = self._checkpoint.restore(self._resolve(path))
        except Exception as e:
            return self._fail(e)
        notify_changed()
        if self.diff.get("path"):          # the open diff compared the old live values: redo it
            self._diff_quietly(self.diff["path"])
        self._notify("ok", f"Restored {os.path.basename(path)}")
        return status

    def diff_with(self, path):
        """Compares checkpoint `path` with the live values; the rows also show in the panel."""
        if not self._ready("diff"):
            return None
        try:
            rows = diff_checkpoint(self._checkpoint, self._resolve(path))
        except Exception as e:
            return self._fail(e)
        self.diff = {"path": path, "name": os.path.basename(path), "rows": rows, "time": time.time()}
        changed = sum(r["status"] != "same" for r in rows)
        self._notify("ok", f"Diff with {os.path.basename(path)}: {changed} of {len(rows)} differ")
        return rows

    # ---- helpers ------------------------------------------------------------------------------
    def _diff_quietly(self, path):
        try:
            rows = diff_checkpoint(self._checkpoint, self._resolve(path))
        except Exception:   # the checkpoint went away or broke: drop the stale table
            self.diff = {}
            return
        self.diff = {"path": path, "name": os.path.basename(path), "rows": rows, "time": time.time()}

    def _resolve(self, path):
        """A checkpoint prefix this panel listed (the view can only name those)."""
        path = os.fspath(path)
        listed = {r["path"] for r in self.checkpoints}
        full = path if os.path.isabs(path) else os.path.join(self.directory, path)
        if os.path.abspath(full) not in listed:
            self.refresh()
            listed = {r["path"] for r in self.checkpoints}
        if os.path.abspath(full) not in listed:
            from tapeviz.framework import errors
            raise errors.NotFoundError(None, None, f"{path} is not a checkpoint in {self.directory}")
        return os.path.abspath(full)

    def _ready(self, action):
        if self._checkpoint is None:
            self._notify("error", f"Cannot {action}: pass checkpoint=tf.train.Checkpoint(...) to "
                                  "CheckpointPanel.")
            return False
        return True

    def _fail(self, e):
        self._notify("error", describe(e))
        self.refresh()
        return None

    def _notify(self, kind, text):
        self.notice = {"kind": kind, "text": text, "n": self.notice.get("n", 0) + 1}

    def _after_cell(self):
        self.refresh()

    def _on_message(self, _, content, buffers):
        if not isinstance(content, dict) or content.get("type") not in _ACTIONS:
            return
        kind = content["type"]
        path = content.get("path")
        try:
            if kind == "save":
                ok = self.save() is not None
            elif kind == "refresh":
                self.refresh()
                ok = True
            elif not isinstance(path, str):
                self._notify("error", f"{kind}: no checkpoint named")
                ok = False
            elif kind == "restore":
                ok = self.restore(path) is not None
            else:
                ok = self.diff_with(path) is not None
        except Exception as e:   # never crash the panel (or the comm)
            self._notify("error", describe(e))
            ok = False
        self.send({"type": kind, "id": content.get("id"), "ok": ok})

    def close(self):
        forget(self._after_cell)
        super().close()

    def to_html(self):
        return checkpoints_html(self.checkpoints, self.directory)

    def _static_picture(self):
        return "text/html", self.to_html()

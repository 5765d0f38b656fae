"""Checkpoints as a panel lists them: the checkpoints of a directory, and how one differs from the
live values of the objects a `tf.train.Checkpoint` tracks."""
import glob
import os
import re

import numpy as np

from tapeviz.framework.errors import describe
from tapeviz.train import io
from tapeviz.train.checkpoint import build_graph, open_checkpoint
from tapeviz.viewmodel.arrays import max_abs_diff
from tapeviz.viewmodel.summaries import num_or_none
from tapeviz.viewmodel.variable_set import variable_name

_STEP = re.compile(r"-(\d+)$")


def list_checkpoints(directory, manager=None):
    """The checkpoints in `directory`, oldest step first: one dict each.

    Keys: path, name, step (the `-N` suffix, or None), time (index mtime), size (bytes of its
    files), tensors (count, None if unreadable), latest (the state file's newest), error (why it
    cannot be read, or None). The state file's paths, the manager's and every `*.index` count.
    """
    directory = os.fspath(directory)
    state = io.read_state(directory) if os.path.isdir(directory) else None
    prefixes = set()
    if state is not None:
        prefixes.update(state.all_model_checkpoint_paths)
        prefixes.add(state.model_checkpoint_path)
    if manager is not None:
        prefixes.update(manager.checkpoints)
    for index in glob.glob(os.path.join(glob.escape(directory), "*" + io.INDEX_SUFFIX)):
        prefixes.add(index[:-len(io.INDEX_SUFFIX)])
    latest = os.path.realpath(state.model_checkpoint_path) if state is not None else None
    rows = []
    for prefix in prefixes:
        index = prefix + io.INDEX_SUFFIX
        if not os.path.isfile(index):
            continue
        files = [index] + glob.glob(glob.escape(prefix) + ".data-?????-of-?????")
        match = _STEP.search(os.path.basename(prefix))
        row = {"path": os.path.abspath(prefix), "name": os.path.basename(prefix),
               "step": int(match.group(1)) if match else None,
               "time": os.path.getmtime(index),
               "size": sum(os.path.getsize(f) for f in files if os.path.isfile(f)),
               "tensors": None, "latest": os.path.realpath(prefix) == latest, "error": None}
        try:
            row["tensors"] = len(io.Reader(prefix).entries)
        except Exception as e:  # noqa: BLE001  (an unreadable checkpoint is listed with the reason)
            row["error"] = describe(e)
        rows.append(row)
    rows.sort(key=lambda r: (r["step"] is None, r["step"] or 0, r["time"], r["name"]))
    return rows


def diff_checkpoint(root, prefix):
    """Per-variable comparison of checkpoint `prefix` with the live values under `root`.

    Returns a list of dicts: key, name, shape, dtype, status ("same", "changed", "not in
    checkpoint", "only in checkpoint", "shape differs", "dtype differs", "unreadable") and
    diff (max |live - saved|, None when not comparable). Raises NotFoundError or DataLossError
    when the checkpoint itself cannot be opened. Values are read one at a time.
    """
    reader = open_checkpoint(os.fspath(prefix))
    _, tensors, _ = build_graph(root)
    rows, seen = [], set()
    for key, v in tensors:
        seen.add(key)
        row = {"key": key, "name": variable_name(v), "shape": list(v.shape.as_list() or []),
               "dtype": v.dtype.name, "status": "same", "diff": None}
        entry = reader.entries.get(key)
        if entry is None:
            row["status"] = "not in checkpoint"
        elif entry.dtype is not v.dtype:
            row["status"] = "dtype differs"
            row["saved"] = entry.dtype.name
        elif tuple(entry.shape) != tuple(np.shape(v._value)):
            row["status"] = "shape differs"
            row["saved"] = list(entry.shape)
        else:
            try:
                saved = reader.read(key)
            except Exception as e:  # noqa: BLE001  (one bad tensor is reported on its row)
                row["status"], row["error"] = "unreadable", describe(e)
            else:
                d = max_abs_diff(v._value, saved)
                row["diff"] = num_or_none(d)
                row["status"] = "same" if d == 0 else "changed"
        rows.append(row)
    for key, entry in reader.entries.items():
        if key not in seen and key != io.GRAPH_KEY:
            rows.append({"key": key, "name": key, "shape": list(entry.shape),
                         "dtype": entry.dtype.name, "status": "only in checkpoint", "diff": None})
    return rows



"""The checkpoint file format: streaming in chunks, and the index's own checks."""
import json
import tracemalloc

import numpy as np
import pytest

import tapeviz as tf
from tapeviz.train import io


def test_streaming_save_and_restore_in_small_chunks(tmp_path, monkeypatch):
    """Chunked paths agree with the data, and saving allocates no copy of the tensor."""
    monkeypatch.setattr(io, "CHUNK", 4096 + 3)            # odd size: chunks straddle elements
    data = np.random.default_rng(0).standard_normal(1 << 20)   # 8 MB float64
    v = tf.Variable(data)
    ck = tf.train.Checkpoint(v=v)
    tracemalloc.start()
    try:
        path = ck.write(str(tmp_path / "big"))
        _, save_peak = tracemalloc.get_traced_memory()
        fresh = tf.Variable(np.zeros_like(data))
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        tf.train.Checkpoint(v=fresh).read(path).assert_consumed()
        _, restore_peak = tracemalloc.get_traced_memory()
        restore_peak -= before
    finally:
        tracemalloc.stop()
    assert save_peak < data.nbytes // 8
    assert restore_peak < data.nbytes * 1.25              # one new array, nothing more
    np.testing.assert_array_equal(fresh.numpy(), data)
    assert fresh._value is not v._value and not fresh._value.flags.writeable


def test_index_layout(tmp_path):
    path = tf.train.Checkpoint(w=tf.Variable([1.0, 2.0])).write(str(tmp_path / "x"))
    body = json.loads(open(path + io.INDEX_SUFFIX, "rb").read())
    assert body["format"] == "tapeviz-checkpoint" and body["version"] == 1
    entry = body["payload"]["tensors"]["w/.ATTRIBUTES/VARIABLE_VALUE"]
    assert entry["dtype"] == "float32" and entry["shape"] == [2] and entry["length"] == 8
    raw = open(path + io.DATA_SUFFIX, "rb").read()
    assert raw[entry["offset"]:entry["offset"] + 8] == np.array([1.0, 2.0], "<f4").tobytes()
    assert body["payload"]["object_graph"]["nodes"][1]["attributes"][0]["full_name"] == "Variable"


def test_rewritten_index_with_valid_checksum_but_bad_extent_is_refused(tmp_path):
    """Even a self-consistent index is checked: extents must fit the data and match the shape."""
    path = tf.train.Checkpoint(w=tf.Variable([1.0, 2.0])).write(str(tmp_path / "x"))
    body = json.loads(open(path + io.INDEX_SUFFIX, "rb").read())
    body["payload"]["tensors"]["w/.ATTRIBUTES/VARIABLE_VALUE"]["shape"] = [3]
    body["checksum"] = __import__("hashlib").sha256(io.canonical_json(body["payload"])).hexdigest()
    open(path + io.INDEX_SUFFIX, "wb").write(io.canonical_json(body))
    with pytest.raises(tf.errors.DataLossError, match="does not match its shape"):
        tf.train.Checkpoint(w=tf.Variable([0.0, 0.0, 0.0])).read(path)


def test_atomic_write_leaves_no_temporaries(tmp_path):
    tf.train.Checkpoint(w=tf.Variable(1.0)).save(str(tmp_path / "c"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c-1.data-00000-of-00001", "c-1.index", "checkpoint"]


def test_stale_temporaries_of_dead_writers_are_removed(tmp_path):
    stale = tmp_path / ".ckpt-1.index.999999999.abc123.tmp"
    stale.write_bytes(b"partial")
    mine = tmp_path / f".ckpt-1.index.{__import__('os').getpid()}.abc123.tmp"
    mine.write_bytes(b"in progress")
    tf.train.CheckpointManager(tf.train.Checkpoint(w=tf.Variable(1.0)), str(tmp_path), max_to_keep=1).save()
    assert not stale.exists() and mine.exists()

"""Checkpoints under abuse: writers killed mid-save, flipped and truncated files, hostile names."""
import multiprocessing
import os
import random
import signal
import time

import numpy as np
import pytest

import tapeviz as tf
from tapeviz.train import io

KILL_TRIALS = 60


def _model():
    m = tf.Module(name="net")
    m.w = tf.Variable(np.zeros(64, np.float32))
    m.layers = [tf.Module(name="l0")]
    m.layers[0].k = tf.Variable(np.zeros((8, 8), np.float64))
    step = tf.Variable(0, dtype=tf.int64)
    return m, step, tf.train.Checkpoint(model=m, step=step)


def _values(m, step):
    return [m.w.numpy(), m.layers[0].k.numpy(), step.numpy()]


def _save_forever(directory):
    """The child: resume from the latest checkpoint, then save consistent states forever."""
    m, step, ck = _model()
    mgr = tf.train.CheckpointManager(ck, directory, max_to_keep=2)
    mgr.restore_or_initialize()
    while True:
        n = int(ck.save_counter.numpy()) + 1       # every Variable holds the number of its save
        m.w.assign(np.full(64, n, np.float32))
        m.layers[0].k.assign(np.full((8, 8), n, np.float64))
        step.assign(n)
        mgr.save()


def _check_latest(directory):
    """The latest checkpoint exists, restores completely, and is internally consistent."""
    latest = tf.train.latest_checkpoint(directory)
    if latest is None:
        assert not os.path.exists(os.path.join(directory, "checkpoint"))
        return 0
    m, step, ck = _model()
    ck.restore(latest).assert_consumed()
    n = int(ck.save_counter.numpy())
    assert latest.endswith(f"ckpt-{n}")
    w, k, s = _values(m, step)
    assert (w == n).all() and (k == n).all() and s == n
    return n


def test_sigkill_during_saves_never_loses_the_latest_checkpoint(tmp_path):
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(1234)
    directory = str(tmp_path / "ckpts")
    progress = []
    for _ in range(KILL_TRIALS):
        child = ctx.Process(target=_save_forever, args=(directory,), daemon=True)
        child.start()
        time.sleep(rng.uniform(0.0, 0.2))     # a save takes tens of ms (fsyncs)
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL
        progress.append(_check_latest(directory))
    assert progress == sorted(progress)                   # never goes back
    assert progress[-1] > KILL_TRIALS // 2                # many saves happened, kills interrupted them
    leftovers = [n for n in os.listdir(directory) if n.endswith(".index")]
    assert len(leftovers) <= 3                            # pruning survived the kills


# ---- corrupted files -------------------------------------------------------------------------

@pytest.fixture
def saved(tmp_path):
    m, step, ck = _model()
    m.w.assign(np.arange(64, dtype=np.float32))
    m.layers[0].k.assign(np.ones((8, 8)))
    step.assign(5)
    mgr = tf.train.CheckpointManager(ck, str(tmp_path), max_to_keep=3)
    mgr.save()
    path = mgr.save()
    return path


def _restore_fresh(path):
    m, step, ck = _model()
    before = _values(m, step)
    try:
        ck.restore(path)
    except tf.errors.DataLossError as e:
        after = _values(m, step)
        for a, b in zip(before, after):
            np.testing.assert_array_equal(a, b)          # nothing was assigned
        assert ck.save_counter.numpy() == 0
        return e
    raise AssertionError(f"restoring {path} did not fail")


def _positions(size, limit=400):
    if size <= limit:
        return list(range(size))
    return sorted(set(range(0, size, max(1, size // limit))) | {size - 1})


@pytest.mark.parametrize("suffix", [io.INDEX_SUFFIX, io.DATA_SUFFIX])
def test_flipped_bytes_are_refused(saved, suffix):
    target = saved + suffix
    original = open(target, "rb").read()
    for pos in _positions(len(original)):
        damaged = bytearray(original)
        damaged[pos] ^= 1 << (pos % 8)
        with open(target, "wb") as f:
            f.write(damaged)
        e = _restore_fresh(saved)
        assert os.path.basename(target) in str(e)
    with open(target, "wb") as f:
        f.write(original)
    _model()[2].restore(saved).assert_consumed()


@pytest.mark.parametrize("suffix", [io.INDEX_SUFFIX, io.DATA_SUFFIX])
def test_truncations_are_refused(saved, suffix):
    target = saved + suffix
    original = open(target, "rb").read()
    for size in _positions(len(original)):
        with open(target, "wb") as f:
            f.write(original[:size])
        e = _restore_fresh(saved)
        assert os.path.basename(target) in str(e)
    with open(target, "wb") as f:
        f.write(original + b"\0")                     # an appended byte is refused too
    assert os.path.basename(target) in str(_restore_fresh(saved))


def test_missing_data_file_is_not_found(saved):
    os.remove(saved + io.DATA_SUFFIX)
    with pytest.raises(tf.errors.NotFoundError, match="data-00000-of-00001"):
        _model()[2].restore(saved)


def test_damaged_state_file_falls_back_cleanly(saved, caplog):
    directory = os.path.dirname(saved)
    state = os.path.join(directory, io.STATE_FILE)
    original = open(state, "rb").read()
    damages = [original[:size] for size in range(len(original))]
    damages += [bytes(b ^ (1 << (i % 8)) if i == pos else b for i, b in enumerate(original))
                for pos in range(len(original))]
    for damaged in damages:
        with open(state, "wb") as f:
            f.write(damaged)
        latest = tf.train.latest_checkpoint(directory)        # never raises
        if latest is not None:
            m, step, ck = _model()
            ck.restore(latest).assert_consumed()
        m, step, ck = _model()
        mgr = tf.train.CheckpointManager(ck, directory, max_to_keep=3)
        assert mgr.latest_checkpoint is None or isinstance(mgr.latest_checkpoint, str)


# ---- hostile names ------------------------------------------------------------------------------

HOSTILE = ["../x", "../../etc/passwd", "/abs", "a/b", ".", "..", "<script>alert(1)</script>",
           "ü", "名前", "\x00", "new\nline", 'q"uote', "back\\slash", "x" * 300, "_CHECKPOINTABLE_OBJECT_GRAPH",
           ".ATTRIBUTES", "a.Sb", "a..b"]


def test_hostile_names_save_restore_and_list_safely(tmp_path):
    directory = tmp_path / "inside"
    values = {name: tf.Variable(float(i)) for i, name in enumerate(HOSTILE)}
    holder = tf.Module()
    for i, name in enumerate(HOSTILE):
        setattr(holder, name, tf.Variable(float(100 + i)))
    inner = {name: tf.Variable(float(200 + i)) for i, name in enumerate(HOSTILE)}
    ck = tf.train.Checkpoint(m=holder, d=inner, **values)
    mgr = tf.train.CheckpointManager(ck, str(directory), max_to_keep=1)
    path = mgr.save()
    mgr.save()
    # nothing but the checkpoint files, and nothing outside the directory
    assert sorted(os.listdir(directory)) == ["checkpoint", "ckpt-2.data-00000-of-00001", "ckpt-2.index"]
    assert sorted(os.listdir(tmp_path)) == ["inside"]
    keys = [k for k, _ in tf.train.list_variables(str(directory))]
    assert keys == sorted(keys) and len(keys) == 3 * len(HOSTILE) + 2
    assert len(set(keys)) == len(keys)                       # escaping keeps keys distinct
    for name in HOSTILE:
        escaped = name.replace(".", "..").replace("/", ".S")
        assert f"{escaped}/.ATTRIBUTES/VARIABLE_VALUE" in keys
        assert f"m/{escaped}/.ATTRIBUTES/VARIABLE_VALUE" in keys
        assert f"d/{escaped}/.ATTRIBUTES/VARIABLE_VALUE" in keys
    assert tf.train.load_variable(str(directory), ".....Sx/.ATTRIBUTES/VARIABLE_VALUE") == 0.0
    fresh = {name: tf.Variable(-1.0) for name in HOSTILE}
    holder2 = tf.Module()
    for name in HOSTILE:
        setattr(holder2, name, tf.Variable(-1.0))
    inner2 = {name: tf.Variable(-1.0) for name in HOSTILE}
    ck2 = tf.train.Checkpoint(m=holder2, d=inner2, **fresh)
    ck2.restore(tf.train.latest_checkpoint(str(directory))).assert_consumed()
    for i, name in enumerate(HOSTILE):
        assert fresh[name].numpy() == float(i)
        assert getattr(holder2, name).numpy() == float(100 + i)
        assert inner2[name].numpy() == float(200 + i)
    assert path.endswith("ckpt-1")


def test_index_never_needs_eval_or_pickle(saved):
    raw = open(saved + io.INDEX_SUFFIX, "rb").read()
    assert raw.startswith(b'{"checksum":') and b"pickle" not in raw
    assert io.canonical_json(__import__("json").loads(raw)) == raw

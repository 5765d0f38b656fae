"""tf.train.CheckpointManager against TF_BEHAVIOUR.md section 7.3."""
import os

import pytest

import tapeviz as tf
from tapeviz.train import io


def _manager(directory, **kwargs):
    v = tf.Variable(0.0)
    ck = tf.train.Checkpoint(v=v)
    return v, ck, tf.train.CheckpointManager(ck, str(directory), **kwargs)


def test_max_to_keep_prunes_and_records(tmp_path):
    d = tmp_path / "mgr"
    v, ck, mgr = _manager(d, max_to_keep=2)
    assert mgr.latest_checkpoint is None and mgr.checkpoints == [] and not d.exists()
    paths = []
    for i in range(4):
        v.assign(float(i))
        paths.append(mgr.save())
    assert paths == [str(d / f"ckpt-{i}") for i in range(1, 5)]
    assert mgr.latest_checkpoint == str(d / "ckpt-4")
    assert mgr.checkpoints == [str(d / "ckpt-3"), str(d / "ckpt-4")]
    assert sorted(os.listdir(d)) == ["checkpoint", "ckpt-3.data-00000-of-00001", "ckpt-3.index",
                                     "ckpt-4.data-00000-of-00001", "ckpt-4.index"]
    lines = (d / "checkpoint").read_text().splitlines()
    assert lines[:3] == ['model_checkpoint_path: "ckpt-4"', 'all_model_checkpoint_paths: "ckpt-3"',
                         'all_model_checkpoint_paths: "ckpt-4"']
    assert [l.split(":")[0] for l in lines[3:]] == ["all_model_checkpoint_timestamps"] * 2 + ["last_preserved_timestamp"]
    assert tf.train.latest_checkpoint(str(d)) == str(d / "ckpt-4")
    state = tf.train.get_checkpoint_state(str(d))
    assert state.model_checkpoint_path == str(d / "ckpt-4")
    assert state.all_model_checkpoint_paths == [str(d / "ckpt-3"), str(d / "ckpt-4")]


def test_checkpoint_number_and_new_manager(tmp_path):
    d = tmp_path / "mgr"
    v, ck, mgr = _manager(d, max_to_keep=2)
    for _ in range(5):
        mgr.save()
    assert mgr.save(checkpoint_number=10) == str(d / "ckpt-10")
    assert mgr.checkpoints == [str(d / "ckpt-5"), str(d / "ckpt-10")]
    assert mgr.save() == str(d / "ckpt-7")            # save_counter still counted the numbered save
    mgr2 = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable(0.0)), str(d),
                                      max_to_keep=3, checkpoint_name="model")
    assert mgr2.latest_checkpoint == str(d / "ckpt-7")
    assert mgr2.checkpoints == [str(d / "ckpt-10"), str(d / "ckpt-7")]
    assert mgr2.save() == str(d / "model-1")
    assert mgr2.checkpoints == [str(d / "ckpt-10"), str(d / "ckpt-7"), str(d / "model-1")]


def test_max_to_keep_argument():
    ck = tf.train.Checkpoint(v=tf.Variable(0.0))
    with pytest.raises(TypeError, match=r"__init__\(\) missing 1 required positional argument: 'max_to_keep'"):
        tf.train.CheckpointManager(ck, "/nonexistent")
    with pytest.raises(ValueError) as e:
        tf.train.CheckpointManager(ck, "/nonexistent", max_to_keep=0)
    assert str(e.value) == "Expected a positive integer or `None` for `max_to_keep`, got 0."


def test_max_to_keep_none_keeps_everything(tmp_path):
    v, ck, mgr = _manager(tmp_path, max_to_keep=None)
    paths = [mgr.save() for _ in range(3)]
    assert mgr.checkpoints == paths and all(os.path.exists(p + ".index") for p in paths)


def test_restore_or_initialize(tmp_path):
    called = []
    v, ck, mgr = _manager(tmp_path, max_to_keep=1)
    mgr._init_fn = lambda: called.append(1)
    assert mgr.restore_or_initialize() is None and called == [1]
    v.assign(3.0)
    mgr.save()
    mgr.save()
    v2 = tf.Variable(0.0)
    ck2 = tf.train.Checkpoint(v=v2)
    mgr2 = tf.train.CheckpointManager(ck2, str(tmp_path), max_to_keep=1)
    assert mgr2.restore_or_initialize() == str(tmp_path / "ckpt-2")
    assert v2.numpy() == 3.0 and ck2.save_counter.numpy() == 2
    assert mgr2.save() == str(tmp_path / "ckpt-3")


def test_keep_checkpoint_every_n_hours(tmp_path, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("tapeviz.train.manager.time.time", lambda: clock[0])
    v, ck, mgr = _manager(tmp_path, max_to_keep=1, keep_checkpoint_every_n_hours=1)
    for step in range(5):
        clock[0] += 1800.0                  # half an hour per save
        mgr.save()
    kept = sorted(n for n in os.listdir(tmp_path) if n.endswith(".index"))
    # ckpt-2 is an hour after the start, ckpt-4 an hour after ckpt-2; ckpt-5 is the newest
    assert kept == ["ckpt-2.index", "ckpt-4.index", "ckpt-5.index"]
    assert mgr.checkpoints == [str(tmp_path / "ckpt-5")]


def test_checkpoint_interval(tmp_path):
    step = tf.Variable(0, dtype=tf.int64)
    ck = tf.train.Checkpoint(step=step)
    mgr = tf.train.CheckpointManager(ck, str(tmp_path), max_to_keep=None, step_counter=step,
                                     checkpoint_interval=10)
    saved = []
    for i in range(25):
        step.assign(i)
        saved.append(mgr.save())
    assert [s for s in saved if s] == [str(tmp_path / f"ckpt-{n}") for n in (1, 2, 3)]


def test_checkpoint_name_cannot_escape(tmp_path):
    ck = tf.train.Checkpoint(v=tf.Variable(0.0))
    for bad in ("../x", "a/b", "..", ""):
        with pytest.raises(ValueError, match="checkpoint_name"):
            tf.train.CheckpointManager(ck, str(tmp_path), max_to_keep=1, checkpoint_name=bad)


def test_hostile_state_file_never_deletes_outside(tmp_path):
    """A state file listing paths outside the directory must not make the manager delete them."""
    outside = tmp_path / "precious"
    outside.mkdir()
    victim = outside / "data"
    (outside / "data.index").write_text("keep me")
    d = tmp_path / "mgr"
    d.mkdir()
    io.write_state(str(d), str(d / "ckpt-9"), [str(victim), str(d / "ckpt-9")],
                   all_model_checkpoint_timestamps=[1e12, 1e12], last_preserved_timestamp=1.0)
    v, ck, mgr = _manager(d, max_to_keep=1)
    mgr.save()
    mgr.save()
    assert (outside / "data.index").read_text() == "keep me"


def test_corrupt_state_file_is_ignored(tmp_path, caplog):
    (tmp_path / "checkpoint").write_bytes(b"garbage ::: \x01")
    assert tf.train.latest_checkpoint(str(tmp_path)) is None
    assert tf.train.get_checkpoint_state(str(tmp_path)) is None
    assert "Checkpoint ignored" in caplog.text
    (tmp_path / "checkpoint").write_text('model_checkpoint_path: "nothere-3"\n')
    assert tf.train.latest_checkpoint(str(tmp_path)) is None
    v, ck, mgr = _manager(tmp_path, max_to_keep=2)
    assert mgr.save() == str(tmp_path / "ckpt-1")
    assert tf.train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "ckpt-1")


def test_state_file_quoting_round_trip(tmp_path):
    weird = 'ü "q" \\ \n\t'
    state = io.CheckpointState(weird, [weird, "plain"], [1.5, 2.0], 0.25)
    parsed = io.parse_state(state.to_text())
    assert parsed.model_checkpoint_path == weird
    assert parsed.all_model_checkpoint_paths == [weird, "plain"]
    assert parsed.all_model_checkpoint_timestamps == [1.5, 2.0]
    assert parsed.last_preserved_timestamp == 0.25
    assert io.text_quote("ü") == '"\\303\\274"'          # TF writes non-ASCII bytes as octal
    with pytest.raises(io.ParseError):
        io.parse_state('model_checkpoint_path: "unterminated\n')

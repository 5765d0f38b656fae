"""CheckpointPanel and the checkpoint logic of tapeviz.viewmodel.variables: listing, save, restore,
diff, and errors that land in the panel instead of the kernel."""
import os

import numpy as np
import pytest

import tapeviz as tf
from tapeviz.viewmodel.arrays import max_abs_diff
from tapeviz.viewmodel.checkpoints import diff_checkpoint

pytest.importorskip("anywidget")
from tapeviz.widgets import CheckpointPanel, VariableInspector  # noqa: E402
from tests.test_widgets import Sent  # noqa: E402


class Net(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3), name="w")
        self.b = tf.Variable(np.zeros(3, np.float32), name="b")


@pytest.fixture
def setup(tmp_path):
    net = Net()
    ckpt = tf.train.Checkpoint(net=net)
    manager = tf.train.CheckpointManager(ckpt, str(tmp_path), max_to_keep=3)
    panel = CheckpointPanel(manager)
    return net, ckpt, manager, panel, Sent(panel)


def ask(panel, sent, type, **msg):
    """What the panel replies when button `type` is pressed (the browser invokes `_request_<type>`)."""
    reply, buffers = sent.invoke(f"_request_{type}", **msg)
    assert set(reply) <= {"ok", "error"} and buffers == []
    return reply


def test_listing_has_step_time_size_and_latest(setup, tmp_path):
    net, ckpt, manager, panel, _ = setup
    assert panel.checkpoints == [] and panel.can_save
    manager.save()
    manager.save()
    panel.refresh()
    rows = panel.checkpoints
    assert [r["step"] for r in rows] == [1, 2]
    assert [r["latest"] for r in rows] == [False, True]
    prefix = str(tmp_path / "ckpt-2")
    files = [prefix + ".index", prefix + ".data-00000-of-00001"]
    assert rows[1]["size"] == sum(os.path.getsize(f) for f in files)
    assert rows[1]["time"] == os.path.getmtime(files[0]) and rows[1]["tensors"] == 3
    assert rows[1]["path"] == prefix and rows[1]["error"] is None


def test_save_button_saves_through_the_manager(setup):
    net, ckpt, manager, panel, sent = setup
    reply = ask(panel, sent, type="save")
    assert reply["ok"] is True and sent.messages[-1][0]["kind"] == "anywidget-command-response"
    assert [r["name"] for r in panel.checkpoints] == ["ckpt-1"]
    assert manager.latest_checkpoint.endswith("ckpt-1")
    assert panel.notice["kind"] == "ok" and "ckpt-1" in panel.notice["text"]


def test_restore_button_restores_and_open_inspectors_refresh(setup):
    net, ckpt, manager, panel, sent = setup
    path = manager.save()
    inspector = VariableInspector(net)
    net.w.assign(np.full((2, 3), 9, np.float32))
    inspector.refresh()
    assert next(r for r in inspector.rows if r["name"] == "w:0")["stats"]["max"] == 9
    reply = ask(panel, sent, type="restore", path=path)
    assert reply["ok"] is True
    np.testing.assert_array_equal(net.w.numpy(), np.arange(6).reshape(2, 3))
    assert next(r for r in inspector.rows if r["name"] == "w:0")["stats"]["max"] == 5
    assert panel.notice == {"kind": "ok", "text": "Restored ckpt-1: replaced 1 of 3 live values (w:0)",
                            "n": panel.notice["n"]}
    inspector.close()


def test_diff_gives_max_abs_difference_per_variable(setup):
    net, ckpt, manager, panel, sent = setup
    path = manager.save()
    net.w.assign(net.w.numpy() + np.array([[0, 0, 0.5], [0, -2, 0]], np.float32))
    net.extra = tf.Variable(1.0, name="extra")             # not in the checkpoint
    reply = ask(panel, sent, type="diff", path=path)
    assert reply["ok"] is True
    rows = {r["key"]: r for r in panel.diff["rows"]}
    assert rows["net/w/.ATTRIBUTES/VARIABLE_VALUE"]["status"] == "changed"
    assert rows["net/w/.ATTRIBUTES/VARIABLE_VALUE"]["diff"] == 2.0
    assert rows["net/b/.ATTRIBUTES/VARIABLE_VALUE"] == {
        "key": "net/b/.ATTRIBUTES/VARIABLE_VALUE", "name": "b:0", "shape": [3], "dtype": "float32",
        "status": "same", "diff": 0.0}
    assert rows["net/extra/.ATTRIBUTES/VARIABLE_VALUE"]["status"] == "not in checkpoint"
    assert panel.diff["name"] == "ckpt-1" and "2 of 4 differ" in panel.notice["text"]


def test_restoring_redoes_an_open_diff(setup):
    net, ckpt, manager, panel, sent = setup
    path = manager.save()
    net.b.assign(np.full(3, 4, np.float32))
    panel.diff_with(path)
    assert {r["name"]: r["diff"] for r in panel.diff["rows"]}["b:0"] == 4.0
    panel.restore(path)
    assert {r["status"] for r in panel.diff["rows"]} == {"same"}     # no stale "changed" left


def test_diff_reports_shape_changes_and_keys_only_in_the_checkpoint(tmp_path):
    a = tf.Variable(np.ones(3, np.float32))
    gone = tf.Variable(2.0)
    path = tf.train.Checkpoint(a=a, gone=gone).save(str(tmp_path / "ck"))
    rows = diff_checkpoint(tf.train.Checkpoint(a=tf.Variable(np.ones(4, np.float32))), path)
    by = {r["key"].split("/")[0]: r for r in rows}
    assert by["a"]["status"] == "shape differs" and by["a"]["saved"] == [3]
    assert by["gone"]["status"] == "only in checkpoint"
    assert max_abs_diff(np.array([np.nan, 1.0]), np.array([np.nan, 1.5])) == 0.5
    assert np.isnan(max_abs_diff(np.array([np.nan]), np.array([1.0])))


def test_a_corrupt_checkpoint_shows_data_loss_and_changes_nothing(setup):
    net, ckpt, manager, panel, sent = setup
    path = manager.save()
    data = path + ".data-00000-of-00001"
    raw = bytearray(open(data, "rb").read())
    raw[len(raw) // 2] ^= 0xFF
    open(data, "wb").write(bytes(raw))
    net.w.assign(np.full((2, 3), 7, np.float32))
    reply = ask(panel, sent, type="restore", path=path)
    assert reply["ok"] is False
    assert panel.notice["kind"] == "error"
    assert panel.notice["text"].startswith("DataLossError: ") and data in panel.notice["text"]
    np.testing.assert_array_equal(net.w.numpy(), np.full((2, 3), 7))     # nothing assigned
    reply = ask(panel, sent, type="diff", path=path)                    # per-row error, no crash
    assert reply["ok"] is True
    statuses = {r["name"]: r["status"] for r in panel.diff["rows"]}
    assert "unreadable" in statuses.values()
    assert ask(panel, sent, type="save")["ok"] is True                   # the panel still works


def test_a_truncated_index_is_listed_with_its_error(setup):
    net, ckpt, manager, panel, sent = setup
    path = manager.save()
    index = path + ".index"
    raw = open(index, "rb").read()
    open(index, "wb").write(raw[: len(raw) // 2])
    panel.refresh()
    assert panel.checkpoints[0]["error"].startswith("DataLossError: ")
    assert panel.checkpoints[0]["tensors"] is None
    assert ask(panel, sent, type="restore", path=path)["ok"] is False
    assert "DataLossError" in panel.notice["text"]


def test_paths_the_panel_did_not_list_are_refused(setup, tmp_path):
    net, ckpt, manager, panel, sent = setup
    manager.save()
    for path in ["../../etc/passwd", str(tmp_path / "ckpt-9"), "/etc/hostname"]:
        reply = ask(panel, sent, type="restore", path=path)
        assert reply["ok"] is False and panel.notice["text"].startswith("NotFoundError: ")
    assert ask(panel, sent, type="diff")["ok"] is False                 # no path at all
    before = len(sent.messages)
    panel._handle_custom_msg({"type": "restore", "id": 99}, [])           # not a command: no reply
    assert len(sent.messages) == before


def test_a_directory_without_a_checkpoint_lists_only(tmp_path):
    v = tf.Variable(1.0)
    tf.train.Checkpoint(v=v).save(str(tmp_path / "model"))
    panel = CheckpointPanel(str(tmp_path))
    sent = Sent(panel)
    assert [r["name"] for r in panel.checkpoints] == ["model-1"] and panel.can_save is False
    assert ask(panel, sent, type="save")["ok"] is False
    assert "pass checkpoint=" in panel.notice["text"]
    with pytest.raises(ValueError, match="pass checkpoint="):              # called from Python
        panel.save()


def test_a_directory_with_a_checkpoint_saves_numbered_prefixes(tmp_path):
    v = tf.Variable(1.0)
    panel = CheckpointPanel(str(tmp_path / "new"), checkpoint=tf.train.Checkpoint(v=v), prefix="run")
    assert panel.save().endswith("run-1") and panel.save().endswith("run-2")
    assert [r["step"] for r in panel.checkpoints] == [1, 2] and panel.checkpoints[1]["latest"]


def test_bad_arguments_raise():
    with pytest.raises(TypeError):
        CheckpointPanel(42)
    with pytest.raises(TypeError):
        CheckpointPanel("/tmp", checkpoint=tf.Variable(1.0))
    with pytest.raises(ValueError):
        CheckpointPanel("/tmp", prefix="../x")
    with pytest.raises(TypeError):
        CheckpointPanel("/tmp", colour="red")


def test_hostile_names_save_list_diff_and_display_as_text(tmp_path):
    class Hostile(tf.Module):
        pass
    m = Hostile()
    setattr(m, "<script>alert(1)</script>", tf.Variable(np.ones(2, np.float32), name="<b>x</b>"))
    setattr(m, "ünï/çødé", tf.Variable(3.0, name="ünï"))
    ckpt = tf.train.Checkpoint(m=m)
    panel = CheckpointPanel(str(tmp_path / "<img src=x>"), checkpoint=ckpt, prefix="<i>")
    path = panel.save()
    assert os.path.dirname(path) == str(tmp_path / "<img src=x>")     # keys never became paths
    rows = panel.diff_with(path)
    assert {r["status"] for r in rows} == {"same"} and "<b>x</b>:0" in {r["name"] for r in rows}
    html = panel.to_html()
    assert "<img" not in html and "<i>" not in html and "&lt;i&gt;-1" in html
    assert panel.restore(path) is not None and panel.notice["kind"] == "ok"


def test_static_html_and_mimebundle(setup):
    net, ckpt, manager, panel, _ = setup
    manager.save()
    panel.refresh()
    bundle = panel._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].count('class="tapeviz-static-checkpoint-row"') == 1
    assert "ckpt-1 (latest)" in bundle["text/html"]


def test_python_calls_raise_while_button_presses_show_the_error(setup, caplog):
    net, ckpt, manager, panel, sent = setup
    path = manager.save()
    with pytest.raises(tf.errors.NotFoundError, match="ckpt-9 is not a checkpoint in"):
        panel.restore(path[:-1] + "9")
    with pytest.raises(tf.errors.NotFoundError):
        panel.diff_with("ckpt-9")
    data = path + ".data-00000-of-00001"
    raw = bytearray(open(data, "rb").read())
    raw[len(raw) // 2] ^= 0xFF
    open(data, "wb").write(bytes(raw))
    with pytest.raises(tf.errors.DataLossError):
        panel.restore(path)
    with caplog.at_level("WARNING", logger="tapeviz"):
        reply = ask(panel, sent, type="restore", path=path[:-1] + "9")      # the same, pressed
    assert reply["ok"] is False and reply["error"].startswith("NotFoundError: ")
    assert panel.notice["kind"] == "error" and panel.notice["text"] == reply["error"]
    record, = caplog.records
    assert "restore failed" in record.getMessage() and record.exc_info[0] is tf.errors.NotFoundError


@pytest.mark.parametrize("with_manager", [True, False])
def test_save_after_restoring_an_old_checkpoint_never_overwrites_a_newer_one(tmp_path, with_manager):
    net = Net()
    ckpt = tf.train.Checkpoint(net=net)
    if with_manager:
        panel = CheckpointPanel(tf.train.CheckpointManager(ckpt, str(tmp_path), max_to_keep=5))
    else:
        panel = CheckpointPanel(str(tmp_path), ckpt)
    for value in (1.0, 2.0, 3.0):
        net.b.assign(np.full(3, value, np.float32))
        panel.save()
    third = (tmp_path / "ckpt-3.index").read_bytes()
    panel.restore(str(tmp_path / "ckpt-1"))           # sets the save counter back to 1
    path = panel.save()
    assert path.endswith("ckpt-4")
    assert (tmp_path / "ckpt-3.index").read_bytes() == third
    assert panel.notice["text"] == "Saved ckpt-4 (ckpt-2 already existed and was kept)"

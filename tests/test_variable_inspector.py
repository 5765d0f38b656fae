"""VariableInspector and tapeviz.viewmodel.variables: rows, lifetime, live updates, values on demand."""
import gc
import weakref

import numpy as np
import pytest

import tapeviz as tf
from tapeviz.framework.context import ctx
from tapeviz.viewmodel import arrays, gradient_norms, training_events
from tapeviz.viewmodel.throttle import Throttle
from tapeviz.viewmodel.variable_rows import HIST_BINS, Tracker
from tapeviz.viewmodel.variable_set import VariableSet
from tapeviz.widgets.inspector import module_mimebundle

pytest.importorskip("anywidget")
from tapeviz.widgets import VariableInspector  # noqa: E402
from tests.test_widgets import Sent  # noqa: E402


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


@pytest.fixture(autouse=True)
def _no_leftover_views():
    yield
    gc.collect()


def row_of(view_or_rows, name):
    rows = view_or_rows.rows if hasattr(view_or_rows, "rows") else view_or_rows
    return next(r for r in rows if r["name"] == name)


# ---- rows --------------------------------------------------------------------------------------

def test_rows_hold_name_shape_dtype_trainable_stats_and_histogram():
    w = tf.Variable(np.arange(12, dtype=np.float32).reshape(3, 4), name="w")
    s = tf.Variable(7, trainable=False, name="steps")
    rows, hist = Tracker([w, s]).rows()
    assert [r["name"] for r in rows] == ["w:0", "steps:0"]
    r = rows[0]
    assert (r["shape"], r["dtype"], r["trainable"], r["size"]) == ([3, 4], "float32", True, 12)
    assert r["stats"]["min"] == 0 and r["stats"]["max"] == 11 and r["stats"]["mean"] == 5.5
    assert r["stats"]["std"] == pytest.approx(np.std(np.arange(12)), rel=1e-5)
    counts = np.frombuffer(hist, "<f4")
    o, n = r["hist"]
    assert n == HIST_BINS and counts[o:o + n].sum() == 12
    assert rows[1]["trainable"] is False and rows[1]["shape"] == [] and rows[1]["dtype"] == "int32"
    assert r["grad_norm"] is None and r["change"] is None


def test_nan_and_inf_are_counted_and_sent_as_strings():
    v = tf.Variable([1.0, np.nan, np.inf, -2.0])
    r = Tracker([v]).rows()[0][0]
    assert (r["stats"]["nan"], r["stats"]["inf"], r["stats"]["min"], r["stats"]["max"]) == (1, 1, -2.0, 1.0)
    bad = tf.Variable([np.nan, np.nan])
    row = Tracker([bad]).rows()[0][0]
    assert row["hist"] is None and row["stats"]["nan"] == 2


def test_change_since_last_step_and_version():
    v = tf.Variable([1.0, 2.0, 3.0])
    t = Tracker([v])
    assert t.rows()[0][0]["change"] is None
    v.assign([1.0, 2.5, 3.0])
    r = t.rows()[0][0]
    assert r["change"] == 0.5 and r["version"] == 1          # changed since the boundary
    t.step()
    v.assign([1.0, 2.5, 1.0])
    assert t.rows()[0][0]["change"] == 2.0
    t.step()
    t.step()                                                  # nothing changed: keeps the last step
    assert t.rows()[0][0]["change"] == 2.0


def test_statistics_are_cached_per_value():
    v = tf.Variable(np.ones(10, np.float32))
    t = Tracker([v])
    t.rows()
    first = t._entries[id(v)].cache
    t.rows()
    assert t._entries[id(v)].cache is first
    v.assign_add(np.ones(10, np.float32))
    t.rows()
    assert t._entries[id(v)].cache is not first


def test_all_live_variables_includes_earlier_and_later_ones():
    before = tf.Variable(1.0, name="before_inspector")
    view = VariableInspector()
    names = [r["name"] for r in view.rows]
    assert "before_inspector:0" in names
    after = tf.Variable(2.0, name="after_inspector")     # a creation pushes (throttle permitting)
    view._after_cell()
    assert "after_inspector:0" in [r["name"] for r in view.rows]
    view.close()
    del before, after


def test_an_open_inspector_never_keeps_a_variable_alive():
    view = VariableInspector()
    v = tf.Variable(np.ones((50, 50), np.float32), name="temporary")
    view._after_cell()
    row = row_of(view, "temporary:0")
    Sent(view).invoke("_request_value", row=row["id"])                     # its value was viewed
    ref = weakref.ref(v)
    del v
    gc.collect()
    assert ref() is None
    view._after_cell()
    assert "temporary:0" not in [r["name"] for r in view.rows]
    view.close()


def test_module_source_follows_variables_built_later_and_is_held_weakly():
    model = tf.keras.Sequential([tf.keras.layers.Dense(3)])
    view = VariableInspector(model)
    assert view.rows == [] and "Sequential" in view.title
    model(np.ones((2, 4), np.float32))
    view._after_cell()
    assert [r["shape"] for r in view.rows] == [[4, 3], [3]]
    assert all("kernel" in r["name"] or "bias" in r["name"] for r in view.rows)
    ref = weakref.ref(model)
    del model
    gc.collect()
    assert ref() is None
    view._after_cell()
    assert view.rows == []
    view.close()


def test_sources_that_are_not_variables_raise_type_error():
    with pytest.raises(TypeError):
        VariableSet("w")
    with pytest.raises(TypeError):
        VariableSet([tf.constant(1.0)])
    with pytest.raises(TypeError):
        VariableInspector(colour="red")


# ---- gradients and live updates ----------------------------------------------------------------

def test_gradient_norm_comes_from_the_last_tape_and_sums_repeated_reads():
    w = tf.Variable([3.0, 4.0])
    view = VariableInspector([w])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(w * w) + tf.reduce_sum(w)       # two reads of w
    g = tape.gradient(y, w)
    view.refresh()
    expected = float(np.linalg.norm(g.numpy()))           # |2w + 1| = |(7, 9)|
    assert view.rows[0]["grad_norm"] == pytest.approx(expected, rel=1e-5)   # JSON keeps 6 digits
    assert gradient_norms.grad_norm(w) == pytest.approx(expected)
    view.close()


def test_training_loop_pushes_throttled_updates_and_the_last_step_lands():
    w = tf.Variable(np.ones(4, np.float32), name="w")
    opt = tf.keras.optimizers.SGD(0.1)
    view = VariableInspector([w], interval=0.25)
    clock = Clock()
    view._throttle = Throttle(0.25, clock=clock)
    view._base_interval = 0.25
    pushed = []
    view.observe(lambda change: pushed.append(row_of(view, "w:0")["stats"]["mean"]), "rows")
    for step in range(20):
        clock.t += 0.05                                    # a 50 ms training step
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(w * w)
        opt.apply_gradients(zip(tape.gradient(loss, [w]), [w]))
    assert 3 <= len(pushed) <= 6                           # ~1 s of steps at 4 updates a second
    assert pushed == sorted(pushed, reverse=True)          # values moved while the loop ran
    view._after_cell()                                     # the end of the cell
    final = row_of(view, "w:0")
    assert final["stats"]["mean"] == pytest.approx(float(np.mean(w.numpy())), rel=1e-5)
    assert final["change"] == pytest.approx(0.2 * float(0.8 ** 19), rel=1e-4)   # the last update's size
    assert final["grad_norm"] == pytest.approx(2 * 0.8 ** 19 * 2, rel=1e-4)
    view.close()


def test_no_inspector_means_no_tape_hook():
    view = VariableInspector([])
    assert training_events._on_tape in ctx.tape_events
    view.close()
    assert training_events._on_tape not in ctx.tape_events


def test_a_slow_push_spaces_out_later_ones():
    view = VariableInspector([])
    view._throttle.interval = 0.25
    view._base_interval = 0.25
    real = view._tracker.rows
    import time as _time

    def slow_rows():
        _time.sleep(0.1)
        return real()
    view._tracker.rows = slow_rows
    view.refresh()
    assert view._throttle.interval >= 0.1 / 0.2     # at most 20% of the loop's time
    view.close()


# ---- values on demand --------------------------------------------------------------------------

def test_value_message_replies_with_a_downsampled_heatmap_in_float32_buffers():
    big = np.arange(200 * 300, dtype=np.float32).reshape(200, 300)
    v = tf.Variable(big, name="big")
    view = VariableInspector([v])
    sent = Sent(view)
    rid = view.rows[0]["id"]
    content, buffers = sent.invoke("_request_value", row=rid)
    meta = content["meta"]
    assert content["row"] == rid
    assert meta["view"] == "heatmap" and meta["downsampled"] is True
    assert (meta["rows"], meta["cols"], meta["full_rows"], meta["full_cols"]) == (64, 64, 200, 300)
    values = np.frombuffer(bytes(buffers[0]), "<f4").reshape(64, 64)
    r_edges = np.linspace(0, 200, 65).astype(int)
    c_edges = np.linspace(0, 300, 65).astype(int)
    block = big[r_edges[1]:r_edges[2], c_edges[3]:c_edges[4]]
    assert values[1, 3] == pytest.approx(block.mean(), rel=1e-6)
    hist = np.frombuffer(bytes(buffers[1]), "<f4")
    assert hist.size == 2 * meta["bins"] + 1 and hist[:meta["bins"]].sum() == big.size
    assert len(bytes(buffers[0])) < big.nbytes / 10         # never the whole tensor
    view.close()


def test_value_detail_views():
    meta, bufs = arrays.value_detail(tf.Variable(2.5))
    assert meta["view"] == "scalar" and meta["v"] == 2.5
    meta, bufs = arrays.value_detail(tf.Variable(np.arange(5000, dtype=np.float64)))
    assert meta["view"] == "line" and meta["cols"] == arrays.LINE_POINTS and meta["downsampled"]
    line = np.frombuffer(bufs[0], "<f4")
    assert line[0] == pytest.approx(np.arange(5000)[:10].mean(), abs=1)
    meta, _ = arrays.value_detail(tf.Variable(np.ones((2, 3, 4), np.float32)))
    assert (meta["view"], meta["rows"], meta["cols"], meta["downsampled"]) == ("heatmap", 6, 4, False)
    meta, _ = arrays.value_detail(tf.Variable(["a", "<b>"]))
    assert meta["view"] == "text" and "<b>" in meta["text"]
    meta, bufs = arrays.value_detail(tf.Variable([True, False]))
    assert meta["view"] == "line" and list(np.frombuffer(bufs[0], "<f4")) == [1.0, 0.0]
    meta, _ = arrays.value_detail(tf.Variable(np.zeros((0, 3), np.float32)))
    assert meta["view"] == "empty"


def test_downsampling_keeps_small_arrays_and_averages_blocks():
    a = np.arange(12.0).reshape(3, 4)
    assert arrays.downsample_2d(a, 64, 64) is a
    assert arrays.downsample_2d(a, 1, 2).tolist() == [[a[:, :2].mean(), a[:, 2:].mean()]]
    assert arrays.downsample_1d(np.arange(10.0), 5).tolist() == [0.5, 2.5, 4.5, 6.5, 8.5]


def test_unknown_row_gets_an_error_reply():
    view = VariableInspector([])
    sent = Sent(view)
    assert "no longer exists" in sent.invoke("_request_value", row="v999")[0]["error"]
    view._handle_custom_msg({"type": "value", "id": 3, "row": "v999"}, [])   # not a command
    assert len(sent.messages) == 1
    view.close()


# ---- static picture and the Module's display ----------------------------------------------------

def test_static_html_escapes_hostile_names():
    class Net(tf.Module):
        pass
    net = Net()
    net.w = tf.Variable(np.ones(3, np.float32), name="<script>alert(1)</script>")
    setattr(net, "<img>", tf.Variable(1.0, name="ünï/çødé"))
    view = VariableInspector(net)
    html = view.to_html()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "ünï/çødé" in html and html.count('class="tapeviz-static-variable-row"') == 2
    assert "▁" in html or "█" in html                       # the histogram as text
    view.close()


def test_a_module_as_last_expression_shows_its_inspector():
    class Net(tf.Module):
        def __init__(self):
            super().__init__()
            self.w = tf.Variable(np.ones((2, 2), np.float32), name="w")
    net = Net()
    bundle = module_mimebundle(net)
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == repr(net)
    assert "tapeviz-static-variable-row" in bundle["text/html"] and "<td>w:0</td>" in bundle["text/html"]
    again = module_mimebundle(net)                        # the same inspector, shown again
    key = "application/vnd.jupyter.widget-view+json"
    assert again[key]["model_id"] == bundle[key]["model_id"]
    assert module_mimebundle(net, include=["text/plain"]) == {"text/plain": repr(net)}


def test_import_tapeviz_stays_numpy_only():
    import subprocess
    import sys
    code = ("import sys, tapeviz as tf; tf.Module(); "
            "print(any(m.split('.')[0] in ('anywidget', 'ipywidgets', 'IPython') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_tapes_and_modules_display_through_ipython_formatters():
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    tf.load_ipython_extension(shell)
    formatters = shell.display_formatter
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.gradient(y, x)
    assert "image/svg+xml" in formatters.mimebundle_formatter(tape)[0]
    net = tf.Module(name="net")
    net.w = tf.Variable([1.0], name="w")
    assert "<td>w:0</td>" in formatters.mimebundle_formatter(net)[0]["text/html"]
    assert formatters.ipython_display_formatter.lookup_by_type(tf.GradientTape) is not None


def test_same_named_variables_are_told_apart_by_their_module_path():
    class Block(tf.Module):
        def __init__(self):
            super().__init__(name="block")
            with self.name_scope:
                self.kernel = tf.Variable([1.0], name="dense/kernel")

    class Net(tf.Module):
        def __init__(self):
            super().__init__(name="net")
            self.encoder, self.decoder = Block(), Block()

    net = Net()                      # a view holds its module weakly: keep it alive here
    names = sorted(r["name"] for r in Tracker(net).rows()[0])
    assert names == ["block/dense/kernel:0 (decoder.kernel)", "block/dense/kernel:0 (encoder.kernel)"]
    a, b = tf.Variable(1.0, name="w"), tf.Variable(2.0, name="w")
    assert sorted(r["name"] for r in Tracker([a, b]).rows()[0]) == ["w:0 (1)", "w:0 (2)"]


def test_the_live_badge_counts_training_steps():
    w = tf.Variable(1.0, name="w")
    view = VariableInspector([w])
    for _ in range(3):
        with tf.GradientTape() as tape:
            y = w * w
        tape.gradient(y, w)
    view.refresh()
    assert view.steps == 3
    view.close()

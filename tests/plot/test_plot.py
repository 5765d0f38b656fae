"""tapeviz.plot: figures checked by their content (texts, patches, line data), not by pixels."""
import subprocess
import sys

import numpy as np
import pytest

import tapeviz as tf

pytest.importorskip("matplotlib")
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import FancyBboxPatch  # noqa: E402

from tapeviz import plot  # noqa: E402
from tapeviz.viewmodel.graph import graph_model  # noqa: E402
from tapeviz.viewmodel.svg import scene  # noqa: E402
from tapeviz.viewmodel.training_record import TrainingRecord, layer_of  # noqa: E402


def mlp_tape():
    X = tf.constant(np.ones((3, 2), np.float32))
    W = tf.Variable(np.full((2, 1), 0.5, np.float32), name="W")
    with tf.GradientTape() as tape:
        h = tf.matmul(X, W)
        loss = tf.reduce_mean(h * h)
    tape.gradient(loss, W)
    return tape


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_tape_figure_draws_the_static_pictures_scene():
    tape = mlp_tape()
    fig = plot.tape(tape)
    assert isinstance(fig, Figure)
    drawn = scene(graph_model(tape))
    shown = texts(fig)
    for item in drawn["items"]:
        assert item["title"] in shown
        for line, _ in item["lines"]:
            assert line in shown
    assert {"X", "W", "h", "loss"} <= set(shown)              # named like the code
    assert drawn["caption"] in shown
    boxes = [p for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == len(drawn["items"]) + len(drawn["boxes"])
    assert fig.get_size_inches() == pytest.approx((drawn["width"] / 100, drawn["height"] / 100))


def test_tape_figure_of_a_view_and_wrong_input():
    widgets = pytest.importorskip("tapeviz.widgets")
    view = widgets.TapeView(mlp_tape())
    assert "loss" in texts(plot.tape(view, title="one step"))
    assert "one step" in texts(plot.tape(view, title="one step"))
    with pytest.raises(TypeError, match="GradientTape"):
        plot.tape(42)


def test_figures_leave_pyplot_and_the_backend_alone():
    code = ("import matplotlib; matplotlib.use('svg'); import sys, numpy as np, tapeviz as tf\n"
            "x = tf.constant(2.0)\n"
            "with tf.GradientTape() as t:\n    t.watch(x); y = x * x\n"
            "t.gradient(y, x)\n"
            "from tapeviz import plot\n"
            "png = plot.tape(t)._repr_png_()\n"
            "assert png[:8] == b'\\x89PNG\\r\\n\\x1a\\n'\n"
            "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
            "assert matplotlib.get_backend() == 'svg', matplotlib.get_backend()\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def sigmoid_stack_training(record, steps=6, depth=5):
    """A deep sigmoid MLP: gradients shrink layer by layer towards the input."""
    tf.random.set_seed(1)
    model = tf.keras.Sequential([tf.keras.layers.Dense(6, activation="sigmoid") for _ in range(depth)]
                                + [tf.keras.layers.Dense(1)])
    X = tf.constant(np.linspace(-1, 1, 40, dtype=np.float32).reshape(10, 4))
    Y = tf.constant(np.ones((10, 1), np.float32))
    opt = tf.keras.optimizers.SGD(0.1)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((model(X) - Y) ** 2)
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        if record is not None:
            record.add(tape)
    return model


def test_training_record_keeps_norms_and_histograms_per_step():
    record = TrainingRecord(max_snapshots=4)
    model = sigmoid_stack_training(record, steps=9)
    assert record.step == 9
    names = [v.path for v in model.trainable_variables]
    assert list(record.norms) == names
    steps, norms = record.norms[names[0]]
    assert steps == list(range(1, 10)) and all(n > 0 for n in norms)
    # thinned evenly when it outgrew 4 snapshots (at step 5): every 2nd step from then on
    assert [s for s, _, _ in record.histograms[names[0]]] == [2, 4, 6, 8]
    layers = record.layer_norms()
    assert list(layers) == [layer_of(n) for n in names[::2]]
    k, b = record.norms[names[0]][1][0], record.norms[names[1]][1][0]
    assert layers[layer_of(names[0])][1][0] == pytest.approx(np.hypot(k, b))


def test_training_record_add_steps_matches_one_step_at_a_time():
    """A live view records the steps between two updates at once: the same norms as `add`
    (one NumPy reduction per Variable for all the steps), histograms at the last step only."""
    from tapeviz.viewmodel.gradient_norms import variable_gradients
    w = tf.Variable(np.array([[1.0, -2.0], [0.5, 3.0]], np.float32), name="w")
    b = tf.Variable(np.array([0.25, -1.0], np.float32), name="b")
    e = tf.Variable(np.ones((5, 2), np.float32), name="e")
    one, batch, steps = TrainingRecord(), TrainingRecord(), []
    for k in range(5):
        with tf.GradientTape() as tape:
            x = tf.constant(np.full((3, 2), k + 1.0, np.float32))
            y = tf.reduce_sum(tf.matmul(x, w) + b) * (k - 2.0)
            if k == 3:     # a step with a sparse gradient part, and one Variable read twice
                y = y + tf.reduce_sum(tf.gather(e, [0, 4])) + tf.reduce_sum(w * w)
        tape.gradient(y, [w, b, e])
        one.add(tape)
        steps.append(variable_gradients(tape))
    batch.add_steps(steps)
    assert batch.step == one.step == 5 and list(batch.norms) == list(one.norms)
    for name, (got_steps, got) in batch.norms.items():
        want_steps, want = one.norms[name]
        assert got_steps == want_steps
        assert got == pytest.approx(want, rel=1e-6)
    assert batch.norms["w:0"][1][2] == 0.0            # k = 2: a zero gradient
    assert [s for s, _, _ in batch.histograms["w:0"]] == [5]


def test_training_record_follows_tapes_while_kept():
    record = TrainingRecord(follow=True)
    sigmoid_stack_training(None, steps=3)
    assert record.step == 3
    record.stop()
    sigmoid_stack_training(None, steps=1)
    assert record.step == 3


def test_gradient_flow_lines_are_the_recorded_norms():
    record = TrainingRecord()
    sigmoid_stack_training(record, steps=5)
    fig = plot.gradient_flow(record)
    lines_ax, bars_ax = fig.axes[:2]
    layers = record.layer_norms()
    assert [ln.get_label() for ln in lines_ax.lines] == list(layers)
    for line, (steps, norms) in zip(lines_ax.lines, layers.values()):
        assert list(line.get_xdata()) == steps
        assert np.allclose(line.get_ydata(), norms)
    assert lines_ax.get_yscale() == "log"
    assert lines_ax.get_xlabel() == "training step"
    bar_widths = [p.get_width() for p in bars_ax.patches]
    assert np.allclose(bar_widths, [norms[-1] for _, norms in layers.values()])
    first, last = bar_widths[0], bar_widths[-2]      # sigmoid layers: the input side learns slowest
    assert first < last
    per_variable = plot.gradient_flow(record, by="variable")
    assert len(per_variable.axes[0].lines) == len(record.norms)
    with pytest.raises(ValueError, match="by must be"):
        plot.gradient_flow(record, by="neuron")


def test_gradient_flow_from_a_history_by_hand():
    fig = plot.gradient_flow([{"dense": 1.0, "dense_1": 0.1}, {"dense": 0.5, "dense_1": 0.01}], log=False)
    line = fig.axes[0].lines[1]
    assert line.get_label() == "dense_1" and list(line.get_xdata()) == [1, 2]
    assert list(line.get_ydata()) == [0.1, 0.01]
    assert fig.axes[0].get_yscale() == "linear"
    fig = plot.gradient_flow({"a": ([10, 20], [3.0, 4.0])})
    assert list(fig.axes[0].lines[0].get_xdata()) == [10, 20]
    with pytest.raises(TypeError, match="TrainingRecord"):
        plot.gradient_flow(3)


def test_histograms_one_panel_per_variable_one_curve_per_step():
    record = TrainingRecord()
    model = sigmoid_stack_training(record, steps=20, depth=2)
    fig = plot.histograms(record, steps=8)
    names = [v.path for v in model.trainable_variables]
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == names
    kept = record.histograms[names[0]]
    curves = panels[0].lines
    assert len(curves) == 8
    assert curves[0].get_label() == "step 1" and curves[-1].get_label() == "step 20"
    _, counts, edges = kept[-1]
    assert np.allclose(curves[-1].get_xdata(), (edges[:-1] + edges[1:]) / 2)
    assert np.argmax(curves[-1].get_ydata()) == np.argmax(counts)
    one = plot.histograms(record, variables=[names[1]])
    assert [ax.get_title() for ax in one.axes if ax.get_title()] == [names[1]]
    with pytest.raises(KeyError, match="no histograms recorded"):
        plot.histograms(record, variables=["nope"])


def test_histograms_from_arrays_by_hand_share_one_range():
    rng = np.random.default_rng(0)
    fig = plot.histograms({"w": [rng.normal(0, 1, 500), rng.normal(3, 1, 500)]}, bins=10)
    curves = fig.axes[0].lines
    assert [c.get_label() for c in curves] == ["step 1", "step 2"]
    assert np.allclose(curves[0].get_xdata(), curves[1].get_xdata())
    assert np.argmax(curves[1].get_ydata()) > np.argmax(curves[0].get_ydata())   # the mass moved right


def test_live_view_records_the_loop_for_plots():
    widgets = pytest.importorskip("tapeviz.widgets")
    view = widgets.LiveView(interval=10)
    try:
        sigmoid_stack_training(None, steps=4, depth=2)
    finally:
        view.stop()
    assert view.record.step == 4
    fig = plot.gradient_flow(view)
    assert len(fig.axes[0].lines) == 3                     # two sigmoid layers and the output layer
    assert plot.histograms(view).axes[0].lines


def test_training_record_add_log_matches_add_steps():
    """A live view copies small dense gradients into rows (StepLog) instead of keeping them:
    the same norms and histograms as add_steps, across a sparse step (kept by reference) and a drain mid-rows."""
    from tapeviz.viewmodel.gradient_norms import variable_gradients
    from tapeviz.viewmodel.training_record import GradientRows, StepLog
    w = tf.Variable(np.array([[1.0, -2.0], [0.5, 3.0]], np.float32), name="w")
    b = tf.Variable(np.array([0.25, -1.0], np.float32), name="b")
    e = tf.Variable(np.ones((5, 2), np.float32), name="e")
    steps, log, logged = [], StepLog(), TrainingRecord()
    for k in range(7):
        with tf.GradientTape() as tape:
            x = tf.constant(np.full((3, 2), k + 1.0, np.float32))
            y = tf.reduce_sum(tf.matmul(x, w) + b) * (k - 2.0)
            if k == 3:     # a sparse gradient part: kept by reference
                y = y + tf.reduce_sum(tf.gather(e, [0, 4]))
        tape.gradient(y, [w, b] + ([e] if k == 3 else []))
        steps.append(variable_gradients(tape))
        log.add(steps[-1])
        if k == 1:
            logged.add_log(log)         # a drain while the rows are still being filled
    kinds = [type(item).__name__ for item in log._items]
    logged.add_log(log)
    batch = TrainingRecord()
    batch.add_steps(steps)
    assert kinds == ["GradientRows", "list", "GradientRows"]
    assert isinstance(log._rows, GradientRows) and log.held_bytes == log._rows.rows[0].nbytes + \
        log._rows.rows[1].nbytes
    assert logged.step == batch.step == 7 and list(logged.norms) == list(batch.norms)
    for name, (got_steps, got) in logged.norms.items():
        assert (got_steps, got) == tuple(batch.norms[name])
    assert [s for s, _, _ in logged.histograms["w:0"]] == [2, 7]

"""`tapeviz.viewmodel.explain`: one test per cause of a None gradient."""
import numpy as np

import tapeviz as tf
from tapeviz.viewmodel import explain, explain_sources, graph_model


def check(tape, target, source, cause, *words):
    e = explain(tape, target, source)
    assert e.cause == cause, e.text
    for w in words:
        assert w in e.text, e.text
    return e


def test_unwatched_constant():
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        y = x * x
    assert tape.gradient(y, x) is None
    check(tape, y, x, "unwatched_constant", "x is a tf.Tensor", "tape.watch(x)")


def test_trainable_false():
    w = tf.Variable(1.0, trainable=False)
    with tf.GradientTape() as tape:
        y = w * 2.0
    assert tape.gradient(y, w) is None
    check(tape, y, w, "trainable_false", "trainable=False", "tape.watch(w)")


def test_watch_accessed_variables_false():
    w = tf.Variable(1.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        y = w * 2.0
    assert tape.gradient(y, w) is None
    check(tape, y, w, "watch_accessed_false", "watch_accessed_variables=False")


def test_computed_outside_the_tape():
    x = tf.constant(3.0)
    y = x * x
    with tf.GradientTape() as tape:
        tape.watch(x)
        z = x + 1.0
    assert tape.gradient(y, x) is None
    check(tape, y, x, "outside_tape", "outside the tape")


def test_numpy_round_trip():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.sin(x)
        z = tf.reduce_sum(tf.constant(np.square(y.numpy())))
    assert tape.gradient(z, x) is None
    check(tape, z, x, "numpy_round_trip", "NumPy")


def test_numpy_round_trip_by_value():
    x = tf.constant([1.0, 2.0])
    w = tf.constant([0.5, 0.25])
    with tf.GradientTape() as tape:
        tape.watch([x, w])
        y = tf.sin(w)
        again = tf.constant(y.numpy())
        z = tf.reduce_sum(again * x)           # on the tape through x, not through w
    assert tape.gradient(z, w) is None
    e = check(tape, z, w, "numpy_round_trip", "equal to a value computed on the tape")
    assert e.record.op.type == "Mul"


def test_integer_cast():
    x = tf.constant(2.5)
    with tf.GradientTape() as tape:
        tape.watch(x)
        k = tf.cast(x * 2.0, tf.int32)
        y = tf.cast(k, tf.float32) * 3.0
    assert tape.gradient(y, x) is None
    e = check(tape, y, x, "integer_cast", "int32", "Cast")
    assert e.record.op.type == "Cast"


def test_non_differentiable_op():
    x = tf.constant([0.2, 0.9, 0.4])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.round(x * 10.0) * 2.0
    assert tape.gradient(y, x) is None
    check(tape, y, x, "non_differentiable", "Round", "not differentiable")


def test_argmax_is_non_differentiable_or_integer():
    x = tf.constant([0.2, 0.9, 0.4])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.cast(tf.argmax(x), tf.float32)
    assert tape.gradient(y, x) is None
    e = explain(tape, y, x)
    assert e.cause in ("non_differentiable", "integer_cast") and "ArgMax" in e.text


def test_stop_gradient():
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.stop_gradient(x * x) * 3.0
    assert tape.gradient(y, x) is None
    check(tape, y, x, "stop_gradient", "tf.stop_gradient")


def test_variable_replaced_by_tensor():
    w = tf.Variable(1.0)
    for _ in range(2):
        with tf.GradientTape() as tape:
            loss = w * w
        g = tape.gradient(loss, w)
        if g is None:
            break
        w = w - 0.1 * g
    assert g is None
    check(tape, loss, w, "variable_replaced", "w = w - 0.1 * g", "assign_sub")


def test_no_path():
    a = tf.constant(1.0)
    b = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch([a, b])
        y = a * 3.0
        b * 2.0
    assert tape.gradient(y, b) is None
    check(tape, y, b, "no_path", "does not depend on b")


def test_variable_never_read():
    w = tf.Variable(1.0)
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = v * 2.0
    assert tape.gradient(y, w) is None
    check(tape, y, w, "variable_not_read", "never read")


def test_integer_source():
    k = tf.constant(3)
    with tf.GradientTape() as tape:
        tape.watch(k)
        y = k * 2
    assert tape.gradient(y, k) is None
    check(tape, y, k, "integer_source", "int32")


def test_not_none_when_a_path_exists():
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.stop_gradient(x) + x * x      # one path blocked, one open
    assert tape.gradient(y, x) is not None
    assert explain(tape, y, x).cause == "not_none"


def test_explain_sources_lists_only_none_sources_and_graph_points_at_them():
    x = tf.constant(1.0)
    frozen = tf.Variable(2.0, trainable=False)
    c = tf.constant(5.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * frozen
    gx, gf, gc = tape.gradient(y, [x, frozen, c])
    assert gx is not None and gf is None and gc is None
    causes = {e.name: e.cause for e in explain_sources(tape)}
    assert causes == {"frozen": "trainable_false", "c": "unwatched_constant"}
    data = graph_model(tape).data
    whys = {e["name"]: e for e in data["explanations"]}
    node = next(n for n in data["nodes"] if n["id"] == whys["frozen"]["node"])
    assert node["op"] == "Variable" and node["label"] == "Variable" and "none" in node["flags"]
    assert next(n for n in data["nodes"] if n["id"] == whys["c"]["node"])["op"] == "Const"


def test_tapeviz_explain_is_the_same_function():
    assert tf.explain is explain


def test_a_collected_variable_source_is_skipped():
    import gc
    x = tf.constant(1.0)

    def step():
        w = tf.Variable(2.0)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x * w
        tape.gradient(y, [x, w])
        return tape
    tape = step()
    gc.collect()
    assert tape.last_call[1][1] is None
    assert explain_sources(tape) == []
    data = graph_model(tape).data
    assert data["explanations"] == [] and len(data["nodes"]) == 3

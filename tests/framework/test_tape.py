"""GradientTape semantics, as observed in TensorFlow 2.21 (TF_BEHAVIOUR.md section 5)."""
import gc
import logging
import weakref

import numpy as np
import pytest

import tapeviz as tf

ONE_USE = "A non-persistent GradientTape can only be used to compute one set of gradients"


def const(v):
    return tf.constant(v)


def test_basic_gradient_and_one_use_rule():
    x = const(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert float(tape.gradient(y, x)) == 6.0
    with pytest.raises(RuntimeError, match=ONE_USE):
        tape.gradient(y, x)


def test_never_entered_tape_raises_the_one_use_error():
    with pytest.raises(RuntimeError, match=ONE_USE):
        tf.GradientTape().gradient(const(1.0), const(1.0))


def test_sources_keep_their_structure():
    x, x2 = const(3.0), const(1.5)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, x2])
        y = x * x + x2 * 2.0
    assert isinstance(tape.gradient(y, [x]), list)
    assert isinstance(tape.gradient(y, (x,)), tuple)
    got = tape.gradient(y, {"a": [x, x2], "b": (x2,)})
    assert float(got["a"][0]) == 6.0 and float(got["a"][1]) == 2.0
    assert isinstance(got["b"], tuple) and float(got["b"][0]) == 2.0
    twice = tape.gradient(y, [x, x])
    assert [float(g) for g in twice] == [6.0, 6.0]


def test_constants_need_watch_before_use():
    x = const(3.0)
    with tf.GradientTape() as tape:
        y = x * x
    assert tape.gradient(y, x) is None
    with tf.GradientTape() as tape:
        y = x * x
        tape.watch(x)
    assert tape.gradient(y, x) is None


def test_watch_rejects_numpy_and_warns_for_int(caplog):
    tape = tf.GradientTape()
    with tape:
        with pytest.raises(ValueError, match="Passed in object \\[1.\\] of type 'ndarray', not tf.Tensor"):
            tape.watch(np.array([1.0]))
        with caplog.at_level(logging.WARNING, logger="tapeviz"):
            i = const(3)
            tape.watch(i)
            y = i * i
    assert "The dtype of the watched tensor must be floating" in caplog.text
    assert tape.gradient(y, i) is None


def test_trainable_variables_watched_when_read_inside():
    v = tf.Variable(3.0)
    frozen = tf.Variable(3.0, trainable=False)
    with tf.GradientTape(persistent=True) as tape:
        y = v * v + frozen * frozen
    assert float(tape.gradient(y, v)) == 6.0
    assert tape.gradient(y, frozen) is None
    assert tape.watched_variables() == (v,) or [w is v for w in tape.watched_variables()] == [True]


def test_frozen_variable_explicitly_watched_gets_gradient():
    frozen = tf.Variable(3.0, trainable=False)
    with tf.GradientTape() as tape:
        tape.watch(frozen)
        y = frozen * frozen
    assert float(tape.gradient(y, frozen)) == 6.0


def test_watch_accessed_variables_false():
    a, b = tf.Variable(3.0), tf.Variable(2.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(a)
        y = a * a + b * b
    ga, gb = tape.gradient(y, [a, b])
    assert float(ga) == 6.0 and gb is None


def test_watched_variables_first_access_order_and_types():
    a, b, i = tf.Variable(3.0, name="a"), tf.Variable(2.0, name="b"), tf.Variable(2, name="i")
    n = tf.Variable(1.0, trainable=False)
    c = const(1.0)
    with tf.GradientTape() as tape:
        tape.watch(c)
        _ = b * 1.0
        _ = a * 1.0
        _ = b * 2.0
        _ = n * 1.0
        _ = i * 1
    vs = tape.watched_variables()
    assert isinstance(vs, tuple)
    assert [v.name for v in vs] == ["b:0", "a:0", "i:0"]
    tape.gradient(_, a)
    assert len(tape.watched_variables()) == 3


def test_int_variable_and_int_target_give_none():
    i = tf.Variable(3)
    with tf.GradientTape(persistent=True) as tape:
        y = i * i
        x = const(2.0)
        tape.watch(x)
        z = tf.cast(x, tf.int32)
    assert tape.gradient(y, i) is None
    assert tape.gradient(z, x) is None


def test_persistent_tape_allows_many_calls():
    x = const(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    assert float(tape.gradient(y, x)) == 6.0
    assert float(tape.gradient(z, x)) == 108.0
    assert float(tape.gradient(z, x)) == 108.0


def test_stop_recording():
    x = const(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        with tape.stop_recording():
            z = x * x
        w = y + z
    assert float(tape.gradient(w, x)) == 6.0
    assert tape.gradient(z, x) is None
    with pytest.raises(RuntimeError, match="Trying to stop recording a tape which is not recording."):
        with tape.stop_recording():
            pass


def test_reset_discards_records_and_watches():
    x = const(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        tape.reset()
        z = x * x
    assert tape.gradient(y, x) is None
    assert tape.gradient(z, x) is None      # the explicit watch went too
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        tape.reset()
        tape.watch(x)
        z = x * x * x
    assert float(tape.gradient(z, x)) == 27.0


def test_non_scalar_and_multiple_targets_are_summed():
    v = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        y1 = v * v
        y2 = v * 2.0
    np.testing.assert_array_equal(tape.gradient(y1, v).numpy(), [2, 4, 6])
    np.testing.assert_array_equal(tape.gradient([y1, y2], v).numpy(), [4, 6, 8])
    np.testing.assert_array_equal(tape.gradient({"a": y1, "b": y2}, v).numpy(), [4, 6, 8])


def test_output_gradients():
    v = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        y = v * v
    np.testing.assert_array_equal(tape.gradient(y, v, output_gradients=[1.0, 0.0, 2.0]).numpy(), [2, 0, 12])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2\] vs. \[3\]"):
        tape.gradient(y, v, output_gradients=tf.constant([1.0, 2.0]))
    s = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = s * s
    assert float(tape.gradient(y, s, output_gradients=1.0)) == 6.0


def test_unconnected_gradients():
    x, u = const(3.0), const([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, u])
        y = x * x
    assert tape.gradient(y, u) is None
    assert tape.gradient(y, u, unconnected_gradients=tf.UnconnectedGradients.NONE) is None
    zero = tape.gradient(y, u, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert zero.shape == (3,) and zero.dtype == tf.float32 and not zero.numpy().any()
    assert float(tape.gradient(y, u, unconnected_gradients="zero")[0]) == 0.0
    with pytest.raises(ValueError, match="Unknown value for unconnected_gradients: 'bad'"):
        tape.gradient(y, u, unconnected_gradients="bad")


def test_target_is_source_and_bad_arguments():
    x = const(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
    assert float(tape.gradient(y, y)) == 1.0
    with pytest.raises(AttributeError, match="'float' object has no attribute 'dtype'"):
        tape.gradient(y, 1.0)
    with pytest.raises(AttributeError, match="'float' object has no attribute 'dtype'"):
        tape.gradient(1.0, x)
    with pytest.raises(TypeError, match="Argument `target` should be a list or nested structure"):
        tape.gradient(None, x)
    with pytest.raises(AttributeError, match="'numpy.ndarray' object has no attribute '_id'"):
        tape.gradient(y, np.array(1.0))
    with pytest.raises(TypeError, match="None to a TensorFlow DType"):
        tape.gradient(y, [x, None])
    assert tape.gradient(tf.constant(1.0), x) is None


def test_gradient_inside_block():
    x = const(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        assert float(tape.gradient(y, x)) == 6.0
        z = y * y          # no longer recorded
    with pytest.raises(RuntimeError, match=ONE_USE):
        tape.gradient(z, x)


def test_persistent_gradient_inside_block_warns_once(caplog):
    x = const(3.0)
    with caplog.at_level(logging.WARNING, logger="tapeviz"):
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(x)
            y = x * x
            tape.gradient(y, x)
            tape.gradient(y, x)
    assert caplog.text.count("on a persistent tape inside its context") == 1


def test_reentering_an_active_tape_raises():
    tape = tf.GradientTape()
    with tape:
        with pytest.raises(ValueError, match="Tape is still recording"):
            with tape:
                pass


def test_non_persistent_tape_records_afresh_after_use():
    x = const(2.0)
    tape = tf.GradientTape()
    with tape:
        tape.watch(x)
        y = x * x
    tape.gradient(y, x)
    with tape:
        tape.watch(x)
        z = x * x * x
    assert float(tape.gradient(z, x)) == 12.0


def test_ops_after_the_block_are_not_recorded():
    x = const([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * 3.0
    s = tf.reduce_sum(y)
    assert tape.gradient(s, x) is None
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [3, 3])


def test_assign_inside_tape():
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        w.assign(3.0)
        y = w * w
    assert float(tape.gradient(y, w)) == 6.0
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = w * w
        w.assign(10.0)
    assert float(tape.gradient(y, w)) == 4.0
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        w.assign(w * 3.0)
        y = w * w
    assert float(tape.gradient(y, w)) == 12.0
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        u = w.assign(5.0)
        y = u * u
    assert float(tape.gradient(y, w)) == 10.0


def test_numpy_round_trip_breaks_the_graph():
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = tf.constant(v.numpy()) * v
    assert float(tape.gradient(y, v)) == 2.0


def test_rebinding_a_variable_to_a_tensor_gives_none():
    w = tf.Variable(1.0)
    w = w - 0.1 * 1.0       # the classic bug: w is now an EagerTensor
    with tf.GradientTape() as tape:
        y = w * w
    assert tape.gradient(y, w) is None


def test_python_control_flow_differentiates_the_executed_path():
    def f(x):
        return x * x if float(x) > 0 else -x
    for value, expected in ((2.0, 4.0), (-2.0, -1.0)):
        x = const(value)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = f(x)
        assert float(tape.gradient(y, x)) == expected
    x = const(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x
        while float(y) < 50:
            y = y * y
    assert float(y) == 256.0 and float(tape.gradient(y, x)) == 1024.0


def test_variable_created_inside_tape_is_watched():
    with tf.GradientTape() as tape:
        v = tf.Variable(3.0)
        y = v * v
    assert float(tape.gradient(y, v)) == 6.0


def test_gradient_with_respect_to_intermediate():
    x = const(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        h = x * x
        y = h * h
    assert float(tape.gradient(y, h)) == 18.0
    assert [float(g) for g in tape.gradient(y, [h, x])] == [18.0, 108.0]


def test_float64_gradient_keeps_dtype():
    x = tf.constant(2.0, dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x * x
    g = tape.gradient(y, x)
    assert g.dtype == tf.float64 and float(g) == 12.0


def test_broadcast_gradients_are_summed_back():
    b = tf.Variable([1.0, 2.0, 3.0])
    s = tf.Variable(2.0)
    x = const(np.ones((2, 3), np.float32))
    with tf.GradientTape() as tape:
        y = x * b * s
    gb, gs = tape.gradient(y, [b, s])
    np.testing.assert_array_equal(gb.numpy(), [4, 4, 4])
    assert float(gs) == 12.0


def test_nested_tapes_give_higher_orders():
    x = const(3.0)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = x * x * x
        dy = inner.gradient(y, x)
    assert float(dy) == 27.0
    assert float(outer.gradient(dy, x)) == 18.0


def test_third_derivative_with_persistent_outer_inside_block():
    x = const(3.0)
    with tf.GradientTape(persistent=True) as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = x * x * x
        dy = inner.gradient(y, x)
        d2y = outer.gradient(dy, x)
    assert float(d2y) == 18.0
    assert float(outer.gradient(d2y, x)) == 6.0
    assert float(outer.gradient(y, x)) == 27.0
    assert float(outer.gradient([y, dy], x)) == 45.0


def test_inner_gradient_after_outer_block_is_invisible_to_outer():
    x = const(3.0)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = x * x * x
    dy = inner.gradient(y, x)
    assert outer.gradient(dy, x) is None


def test_jacobian_shapes_and_one_use():
    x = const([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    j = tape.jacobian(y, x)
    np.testing.assert_array_equal(j.numpy(), np.diag([2.0, 4.0, 6.0]))
    with pytest.raises(RuntimeError, match=ONE_USE):
        tape.jacobian(y, x)


def test_jacobian_scalar_target_unconnected_and_errors():
    x, u = const([1.0, 2.0, 3.0]), const([1.0, 1.0, 1.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, u])
        y = x * x
        s = tf.reduce_sum(y)
    np.testing.assert_array_equal(tape.jacobian(s, x).numpy(), [2, 4, 6])
    assert tape.jacobian(y, u) is None
    assert tape.jacobian(y, u, unconnected_gradients="zero").shape == (3, 3)
    got = tape.jacobian(y, {"x": x})
    assert set(got) == {"x"} and got["x"].shape == (3, 3)
    with pytest.raises(AttributeError, match="'list' object has no attribute 'shape'"):
        tape.jacobian([y], x)


def test_jacobian_without_pfor_needs_persistent():
    x = const([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    with pytest.raises(RuntimeError, match="must be created with persistent=True to compute the jacobian"):
        tape.jacobian(y, x, experimental_use_pfor=False)


def test_batch_jacobian():
    xb = const(np.arange(1, 7, dtype=np.float32).reshape(3, 2))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(xb)
        yb = xb * xb
        col = tf.reduce_sum(yb, axis=1, keepdims=True)
    bj = tape.batch_jacobian(yb, xb)
    assert bj.shape == (3, 2, 2)
    np.testing.assert_array_equal(bj.numpy()[1], [[6, 0], [0, 8]])
    assert tape.batch_jacobian(col, xb).shape == (3, 1, 2)
    with pytest.raises(ValueError, match=r"Shape \(3,\) must have rank at least 2"):
        tape.batch_jacobian(tf.reduce_sum(yb, axis=1), xb)


def test_hessian_via_jacobian_of_gradient():
    x = const([1.0, 2.0])
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            x0, x1 = tf.unstack(x)
            f = x0 * x0 * x1 + x1 * x1 * x1
        g = inner.gradient(f, x)
    np.testing.assert_allclose(outer.jacobian(g, x).numpy(), [[4, 2], [2, 12]])


def test_records_hold_references_and_user_source():
    x = const(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * 3.0
        z = tf.sin(y)
    records = tape._records
    assert [r.op.type for r in records] == ["Mul", "Sin"]
    assert records[0].inputs[0] is x and records[0].outputs[0] is y and records[1].outputs[0] is z
    assert records[1].source[0] == __file__
    assert records[0].source[1] + 1 == records[1].source[1]


def test_nothing_is_recorded_without_a_tape_or_watch():
    x = const(2.0)
    with tf.GradientTape() as tape:
        y = x * 3.0          # x is not watched
    assert tape._records == []
    assert len(tf.GradientTape()._records) == 0


def test_name_scope_is_recorded():
    x = const(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        with tf.name_scope("layer1"):
            with tf.name_scope("inner"):
                y = x * 2.0
        z = y * 2.0
    assert [r.scope for r in tape._records] == ["layer1/inner", ""]


def test_tape_does_not_keep_variables_alive():
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = v * v
    ref = weakref.ref(v)
    tape.gradient(y, v)
    del v
    gc.collect()
    assert ref() is None
    assert tape.watched_variables() == ()


def test_deep_tape_backprop_is_iterative():
    x = const(0.5)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x
        for _ in range(5000):
            y = y * 1.0
    assert float(tape.gradient(y, x)) == 1.0


def test_last_gradients_are_kept_for_views():
    x = const(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        z = tf.sin(y)
    g = tape.gradient(z, x)
    kept = tape.last_gradients
    assert float(kept[id(z)]) == 1.0
    assert float(kept[id(x)]) == float(g)
    np.testing.assert_allclose(float(kept[id(y)]), np.cos(9.0), rtol=1e-6)


def test_custom_gradient():
    @tf.custom_gradient
    def scaled(x):
        def grad(dy):
            return dy * 100.0
        return tf.sin(x), grad
    x = const(1.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = scaled(x) * 2.0
    assert float(y) == pytest.approx(2 * np.sin(1.0), rel=1e-6)
    assert float(tape.gradient(y, x)) == 200.0


def test_custom_gradient_with_variables():
    v = tf.Variable(2.0)

    @tf.custom_gradient
    def f(x):
        def grad(dy, variables=None):
            return dy * 3.0, [dy * 5.0]
        return x * v, grad
    with tf.GradientTape() as tape:
        y = f(tf.constant(1.0))
    assert float(tape.gradient(y, v)) == 5.0


def test_inf_and_nan_arrive_silently_as_in_tensorflow():
    import subprocess
    import sys
    code = ("import tapeviz as tf; x = tf.constant([0.0, 1.0]); y = tf.math.log(x) * x; "
            "z = x / 0.0; assert str(y.numpy()[0]) == 'nan'")
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True,
                          cwd=__file__.rsplit("/tests/", 1)[0])
    assert done.returncode == 0, done.stderr
    assert "RuntimeWarning" not in done.stderr


def test_gc_threshold_is_relaxed_only_while_recording():
    before = gc.get_threshold()
    x = const(1.0)
    with tf.GradientTape() as outer:
        outer.watch(x)
        assert gc.get_threshold()[0] >= before[0]
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = x * x
        assert gc.get_threshold()[0] >= before[0]     # the outer tape still records
        outer.gradient(y, x)
    assert gc.get_threshold() == before
    try:
        with tf.GradientTape():
            raise KeyError("boom")
    except KeyError:
        pass
    assert gc.get_threshold() == before

"""Control flow runs eagerly: only the taken branch / executed iterations reach the tape."""
import io
import sys

import numpy as np
import pytest

import tapeviz as tf
from tapeviz.ops.printing import format_inputs


def _types(tape):
    return [r.op.type for r in tape.records]


def test_cond_records_only_the_taken_branch_in_its_scope():
    x = tf.Variable(3.0)
    with tf.GradientTape() as t:
        y = tf.cond(x > 2, lambda: tf.sin(x), lambda: tf.cos(x))
    assert "Sin" in _types(t) and "Cos" not in _types(t)
    assert [r.scope for r in t.records if r.op.type == "Sin"][0].startswith("cond")
    np.testing.assert_allclose(t.gradient(y, x).numpy(), np.cos(3.0), rtol=1e-6)


def test_while_loop_records_every_iteration():
    x = tf.Variable(2.0)
    with tf.GradientTape() as t:
        _, y = tf.while_loop(lambda i, y: i < 4, lambda i, y: (i + 1, y * x), (0, tf.constant(1.0)))
    assert _types(t).count("Mul") == 4
    assert float(y) == 16.0 and float(t.gradient(y, x)) == 4 * 8.0


def test_while_loop_maximum_iterations_stops_first():
    calls = []

    def cond(i):
        calls.append(int(i))
        return True

    (out,) = tf.while_loop(cond, lambda i: (i + 1,), (tf.constant(0),), maximum_iterations=3)
    assert int(out) == 3 and calls == [0, 1, 2]


def test_map_fn_unstacks_and_stacks_on_the_tape():
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as t:
        y = tf.map_fn(lambda e: e * e, x)
    types = _types(t)
    assert types[0] == "Unpack" and types[-1] == "Pack" and types.count("Mul") == 3
    np.testing.assert_array_equal(t.gradient(y, x).numpy(), [2.0, 4.0, 6.0])


def test_map_fn_wrong_dtype_raises_like_a_tensor_array():
    with pytest.raises(tf.errors.InvalidArgumentError, match="TensorArray dtype is int32"):
        tf.map_fn(lambda e: tf.cast(e, tf.float32), tf.constant([1, 2]))


def test_scan_reverse_keeps_element_order():
    out = tf.scan(lambda a, e: a + e, tf.constant([1, 2, 3]), reverse=True)
    np.testing.assert_array_equal(out.numpy(), [6, 5, 3])


def test_nest_assert_same_structure_kinds():
    with pytest.raises(TypeError, match="same sequence type"):
        tf.nest.assert_same_structure([1], (1,))
    with pytest.raises(ValueError, match="number of elements"):
        tf.nest.assert_same_structure([1], [1, 2])
    tf.nest.assert_same_structure({"a": [1]}, {"a": [2]})


def test_print_goes_to_the_current_stderr_by_default(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    tf.print("loss:", tf.constant([1.5, 2.0]))
    assert err.getvalue() == "loss: [1.5 2]\n"


def test_print_summarizes_each_dimension():
    assert format_inputs([tf.reshape(tf.range(12), (2, 6))], summarize=2) == \
        "[[0 1 ... 4 5]\n [6 7 ... 10 11]]"


def test_tensor_array_stack_is_one_pack_of_the_written_tensors():
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as t:
        ta = tf.TensorArray(tf.float32, size=2).write(0, x * 2.0).write(1, x)
        y = ta.stack()
    assert _types(t) == ["Mul", "Pack"]
    np.testing.assert_array_equal(t.gradient(y, x).numpy(), [3.0, 3.0])


def test_tensor_array_reads_zeros_once_the_element_shape_is_known():
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True).write(2, [1.0, 2.0])
    np.testing.assert_array_equal(ta.stack().numpy(), [[0, 0], [0, 0], [1, 2]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="element shape is not fully defined"):
        tf.TensorArray(tf.float32, size=2).read(0)


def test_print_to_a_logging_level_logs_on_tensorflows_logger(caplog):
    import logging
    with caplog.at_level(logging.INFO, logger="tensorflow"):
        tf.print("step", tf.constant(3), output_stream=logging.INFO)
    assert [r.getMessage() for r in caplog.records] == ["step 3"]

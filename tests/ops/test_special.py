"""tf.math.xlog1py, log_sigmoid and reciprocal_no_nan: values at special points, dtypes, errors
and gradients, as TF 2.21 gives them."""
import numpy as np
import pytest

import tapeviz as tf


def _grads(fn, *values):
    xs = [tf.constant(v) for v in values]
    with tf.GradientTape() as tape:
        tape.watch(xs)
        y = fn(*xs)
    return [g.numpy().tolist() for g in tape.gradient(y, xs)]


def test_xlog1py_is_zero_where_x_is_zero_even_for_nan_y():
    got = tf.math.xlog1py(tf.constant([0., 2., 0.]), tf.constant([-1., 1., np.nan]))
    np.testing.assert_allclose(got.numpy(), [0., 2 * np.log(2.), 0.], rtol=1e-6)


def test_xlog1py_gradients_vanish_at_x_zero():
    gx, gy = _grads(tf.math.xlog1py, [0., 2.], [-1., 1.])
    np.testing.assert_allclose(gx, [0., np.log(2.)], rtol=1e-6)
    assert gy == [0., 1.]


def test_log_sigmoid_is_stable_at_both_ends():
    got = tf.math.log_sigmoid(tf.constant([-100., 0., 100.])).numpy()
    np.testing.assert_allclose(got, [-100., -np.log(2.), 0.], rtol=1e-6)
    np.testing.assert_allclose(_grads(tf.math.log_sigmoid, [0., 2.])[0], [0.5, 0.11920292], rtol=1e-6)


def test_reciprocal_no_nan_gives_zero_at_zero():
    assert tf.math.reciprocal_no_nan(tf.constant([0., 2., -0.])).numpy().tolist() == [0., 0.5, 0.]
    assert _grads(tf.math.reciprocal_no_nan, [0., 2.])[0] == [0., -0.25]


def test_reciprocal_no_nan_complex128_infinite_divisor_is_nan_like_tf():
    got = tf.math.reciprocal_no_nan(tf.constant([complex(-np.inf, 1.5), 0j, 2j])).numpy()
    assert np.isnan(got[0].real) and np.isnan(got[0].imag)
    assert got[1] == 0 and got[2] == -0.5j


@pytest.mark.parametrize("call, op", [
    (lambda: tf.math.reciprocal_no_nan([1, 2]), "DivNoNan"),
    (lambda: tf.math.xlog1py(tf.constant([0, 2]), tf.constant([1, 1])), "Xlog1py"),
    (lambda: tf.math.log_sigmoid(tf.constant([1])), "Softplus"),
])
def test_integer_inputs_raise_the_kernels_dtype_error(call, op):
    with pytest.raises(tf.errors.InvalidArgumentError, match=rf"attr 'T' of int32 .*\[Op:{op}\]"):
        call()


def test_reciprocal_no_nan_of_bool_is_a_type_error():
    with pytest.raises(TypeError, match="Cannot convert 1 to EagerTensor of dtype bool"):
        tf.math.reciprocal_no_nan(tf.constant(True))

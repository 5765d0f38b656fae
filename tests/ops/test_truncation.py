"""tf.truncatediv / tf.truncatemod: C++ rounding toward zero and TF's error types (TF 2.21)."""
import numpy as np
import pytest

import tapeviz as tf


def test_truncatediv_rounds_toward_zero():
    got = tf.truncatediv(tf.constant([-7, 7, 6, -6]), tf.constant([2, -2, 3, 4]))
    assert got.dtype == tf.int32 and got.numpy().tolist() == [-3, -3, 2, -1]


def test_truncatediv_of_floats_truncates_the_quotient():
    got = tf.truncatediv(tf.constant([-7., 7., -0.5]), tf.constant([2., 0., 0.]))
    np.testing.assert_array_equal(got.numpy(), [-3., np.inf, -np.inf])


def test_truncatemod_takes_the_dividends_sign():
    assert tf.truncatemod(tf.constant([-7, 7]), tf.constant([2, -2])).numpy().tolist() == [-1, 1]
    got = tf.truncatemod(tf.constant([-7.5, 1.]), tf.constant([2., 0.])).numpy()
    assert got[0] == -1.5 and np.isnan(got[1])


@pytest.mark.parametrize("fn", [tf.truncatediv, tf.truncatemod])
def test_integer_division_by_zero_is_an_internal_error(fn):
    with pytest.raises(tf.errors.InternalError, match="only integer div and mod should have errors"):
        fn(tf.constant([-7, 7]), tf.constant([0, -2]))


def test_zero_divisor_of_an_empty_dividend_is_fine():
    assert tf.truncatediv(tf.constant([], tf.int64), tf.constant(0, tf.int64)).shape == (0,)


def test_dtypes_without_cpu_kernels_raise_not_found():
    with pytest.raises(tf.errors.NotFoundError, match=r"TruncateMod\[T=DT_HALF\]"):
        tf.truncatemod(tf.constant([1.], tf.float16), tf.constant([3.], tf.float16))
    with pytest.raises(tf.errors.NotFoundError, match=r"TruncateDiv\[T=DT_COMPLEX128\]"):
        tf.truncatediv(tf.constant([1j]), tf.constant([1j]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="int32, int64, bfloat16, half, float"):
        tf.truncatemod(tf.constant([1], tf.int8), tf.constant([3], tf.int8))


def test_gradients_none_for_truncatediv_lookup_error_for_truncatemod():
    x = tf.constant([3., 4.])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        q = tf.truncatediv(x, 2.)
        r = tf.truncatemod(x, 2.)
    assert tape.gradient(q, x) is None
    with pytest.raises(LookupError, match="gradient registry has no entry for: TruncateMod"):
        tape.gradient(r, x)

"""tf.bitwise shifts: TF clamps the shift to [0, bits - 1] (probed on TF 2.21)."""
import numpy as np
import pytest

import tapeviz as tf


def test_left_shift_clamps_large_shifts_and_wraps():
    got = tf.bitwise.left_shift(tf.constant([1, 2, 3], tf.int8), tf.constant([1, 7, 9], tf.int8))
    assert got.dtype == tf.int8
    assert got.numpy().tolist() == [2, 0, -128]     # 3 << 9 is 3 << 7


def test_right_shift_is_arithmetic_and_ignores_negative_shifts():
    got = tf.bitwise.right_shift(tf.constant([-8, 64, 3], tf.int8), tf.constant([1, -1, 9], tf.int8))
    assert got.numpy().tolist() == [-4, 64, 0]


def test_unsigned_shift_broadcasts():
    got = tf.bitwise.right_shift(tf.constant([[65529, 5]], tf.uint16), tf.constant(2, tf.uint16))
    assert got.shape == (1, 2) and got.numpy().tolist() == [[16382, 1]]


def test_shift_rejects_floats_and_bad_shapes():
    with pytest.raises(tf.errors.InvalidArgumentError, match="int8, int16, int32, int64, uint8"):
        tf.bitwise.left_shift(tf.constant([1.0]), tf.constant([1.0]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2\] vs. \[3\]"):
        tf.bitwise.left_shift(tf.constant([1, 2]), tf.constant([1, 2, 3]))


def test_mixed_dtypes_report_the_first_inputs_dtype_when_it_is_not_allowed():
    with pytest.raises(tf.errors.InvalidArgumentError, match="attr 'T' of double"):
        tf.bitwise.left_shift(tf.constant([1.0], tf.float64), tf.constant([1], tf.uint8))


def test_shifts_are_not_differentiable():
    x = tf.constant(np.array([1, 2], np.int32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.bitwise.left_shift(x, 1)
    assert tape.gradient(y, x) is None

"""tf.random: dtypes, shapes, seeding rules (global + op seeds), ranges and errors."""
import numpy as np
import pytest

import tapeviz as tf


def test_defaults_are_float32_with_shape():
    for f in (tf.random.normal, tf.random.uniform, tf.random.truncated_normal):
        t = f([2, 3])
        assert t.dtype == tf.float32 and t.shape == (2, 3)
    assert tf.random.normal([]).shape == ()
    assert tf.random.normal([2], dtype=tf.float64).dtype == tf.float64
    assert tf.random.normal(tf.constant([4])).shape == (4,)


def test_set_seed_reproduces_the_same_sequence():
    tf.random.set_seed(1)
    a1, a2 = tf.random.normal([3]), tf.random.uniform([3])
    tf.random.set_seed(1)
    b1, b2 = tf.random.normal([3]), tf.random.uniform([3])
    np.testing.assert_array_equal(a1.numpy(), b1.numpy())
    np.testing.assert_array_equal(a2.numpy(), b2.numpy())
    assert not np.array_equal(a1.numpy(), tf.random.normal([3]).numpy())


def test_op_seed_stream_continues_and_resets():
    tf.random.set_seed(7)
    a1, a2 = tf.random.uniform([2], seed=1), tf.random.uniform([2], seed=1)
    assert not np.array_equal(a1.numpy(), a2.numpy())
    tf.random.set_seed(7)
    np.testing.assert_array_equal(tf.random.uniform([2], seed=1).numpy(), a1.numpy())
    np.testing.assert_array_equal(tf.random.uniform([2], seed=1).numpy(), a2.numpy())


def test_uniform_ranges_and_int_dtype():
    x = tf.random.uniform([1000], minval=-2., maxval=3.).numpy()
    assert x.min() >= -2 and x.max() < 3
    i = tf.random.uniform([1000], maxval=5, dtype=tf.int32)
    assert i.dtype == tf.int32 and set(np.unique(i.numpy())) == {0, 1, 2, 3, 4}
    with pytest.raises(ValueError, match="Must specify maxval for integer dtype tf.int32"):
        tf.random.uniform([2], dtype=tf.int32)


def test_normal_moments_and_truncation():
    tf.random.set_seed(0)
    x = tf.random.normal([20000], mean=3., stddev=2.).numpy()
    assert abs(x.mean() - 3) < 0.1 and abs(x.std() - 2) < 0.1
    t = tf.random.truncated_normal([20000], stddev=0.5).numpy()
    assert np.abs(t).max() <= 1.0


def test_mean_tensor_is_differentiable_but_the_sample_is_not():
    m = tf.constant(1.)
    with tf.GradientTape() as tape:
        tape.watch(m)
        y = tf.random.normal([4], mean=m)
    assert float(tape.gradient(y, m)) == 4.0


def test_shuffle_and_categorical():
    x = tf.range(10)
    s = tf.random.shuffle(x, seed=3)
    assert sorted(s.numpy().tolist()) == list(range(10)) and s.dtype == tf.int32
    c = tf.random.categorical(tf.math.log([[0.5, 0.5], [0.0001, 0.9999]]), 200)
    assert c.dtype == tf.int64 and c.shape == (2, 200)
    assert c.numpy()[1].mean() > 0.95
    assert set(c.numpy()[0].tolist()) == {0, 1}


def test_stateless_ops_depend_only_on_the_seed():
    a = tf.random.stateless_normal([3], seed=[1, 2])
    b = tf.random.stateless_normal([3], seed=[1, 2])
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert not np.array_equal(a.numpy(), tf.random.stateless_normal([3], seed=[1, 3]).numpy())
    u = tf.random.stateless_uniform([5], seed=[4, 5], minval=2, maxval=4, dtype=tf.int64)
    assert u.dtype == tf.int64 and set(u.numpy().tolist()) <= {2, 3}


def test_generator():
    g1, g2 = tf.random.Generator.from_seed(5), tf.random.Generator.from_seed(5)
    np.testing.assert_array_equal(g1.normal([3]).numpy(), g2.normal([3]).numpy())
    assert g1.uniform([2], maxval=3, dtype=tf.int32).dtype == tf.int32

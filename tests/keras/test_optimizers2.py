"""Optimizers on IndexedSlices gradients (as Keras 3 on TF treats them) and the last schedule."""
import numpy as np

import tapeviz as tf


def _slices():
    # row 0 appears twice: Keras squares each row before summing them into place
    return tf.IndexedSlices(tf.constant([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]]), tf.constant([0, 2, 0]),
                            (3, 2))


def test_adam_velocity_sums_the_squares_of_repeated_rows():
    v = tf.Variable(np.zeros((3, 2), "float32"))
    opt = tf.keras.optimizers.Adam(0.1)
    opt.apply_gradients([(_slices(), v)])
    velocity = opt._velocities[0].numpy()
    np.testing.assert_allclose(velocity[0], 0.001 * np.array([1 + 0.25, 4 + 0.25]), rtol=1e-5)
    np.testing.assert_allclose(velocity[1], [0, 0])
    momentum = opt._momentums[0].numpy()
    np.testing.assert_allclose(momentum[0], 0.1 * np.array([1.5, 2.5]), rtol=1e-6)


def test_dense_and_sparse_gradients_agree_without_repeats():
    dense_v, sparse_v = (tf.Variable(np.ones((3, 2), "float32")) for _ in range(2))
    rows = tf.constant([[1.0, 2.0], [3.0, -1.0]])
    sparse = tf.IndexedSlices(rows, tf.constant([0, 2]), (3, 2))
    dense = tf.constant([[1.0, 2.0], [0.0, 0.0], [3.0, -1.0]])
    for make in (tf.keras.optimizers.Adam, tf.keras.optimizers.RMSprop, tf.keras.optimizers.Adagrad):
        a, b = make(0.1), make(0.1)
        a.apply_gradients([(dense, dense_v)])
        b.apply_gradients([(sparse, sparse_v)])
        np.testing.assert_allclose(dense_v.numpy(), sparse_v.numpy(), rtol=1e-6)


def test_clipnorm_uses_the_rows_norm_and_keeps_the_rows():
    v = tf.Variable(np.zeros((3, 2), "float32"))
    opt = tf.keras.optimizers.SGD(1.0, clipnorm=1.0)
    opt.apply_gradients([(_slices(), v)])
    norm = np.sqrt(1 + 4 + 9 + 1 + 0.25 + 0.25)
    np.testing.assert_allclose(v.numpy()[0], -np.array([1.5, 2.5]) / norm, rtol=1e-5)


def test_cosine_decay_restarts_restarts():
    s = tf.keras.optimizers.schedules.CosineDecayRestarts(1.0, 2, t_mul=1.0, m_mul=0.5)
    values = [float(s(i)) for i in range(6)]
    np.testing.assert_allclose(values, [1.0, 0.5, 0.5, 0.25, 0.25, 0.125], atol=1e-6)

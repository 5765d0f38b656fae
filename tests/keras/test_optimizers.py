"""Optimizer update math against hand formulas and TensorFlow 2.21's observed results."""
import warnings

import numpy as np
import pytest

import tapeviz as tf

opt_ns = tf.keras.optimizers
GRADS = ([0.5, -1.0], [0.2, 0.3])


def run(opt, grads=GRADS):
    w = tf.Variable([1.0, -2.0])
    for g in grads:
        opt.apply_gradients([(tf.constant(g), w)])
    return w.numpy()


def test_adam_matches_tensorflow_and_the_bias_corrected_formula():
    np.testing.assert_allclose(run(opt_ns.Adam(0.1)), [0.8101451992988586, -1.857216715812683], rtol=1e-6)
    # by hand, in float64: m, v moments with bias correction
    w, m, v = np.array([1.0, -2.0]), np.zeros(2), np.zeros(2)
    for t, g in enumerate(np.array(GRADS), start=1):
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        m_hat, v_hat = m / (1 - 0.9 ** t), v / (1 - 0.999 ** t)
        w = w - 0.1 * m_hat / (np.sqrt(v_hat) + 1e-7 / np.sqrt(1 - 0.999 ** t))
    np.testing.assert_allclose(run(opt_ns.Adam(0.1)), w, rtol=1e-5)


def test_sgd_plain_momentum_and_nesterov():
    np.testing.assert_allclose(run(opt_ns.SGD(0.1)), [1 - 0.1 * 0.7, -2 - 0.1 * -0.7], rtol=1e-6)
    m1 = -0.1 * np.array(GRADS[0])
    m2 = 0.9 * m1 - 0.1 * np.array(GRADS[1])
    np.testing.assert_allclose(run(opt_ns.SGD(0.1, momentum=0.9)), np.array([1., -2.]) + m1 + m2, rtol=1e-6)
    np.testing.assert_allclose(run(opt_ns.SGD(0.1, momentum=0.9, nesterov=True)),
                               [0.8264999985694885, -1.7859998941421509], rtol=1e-6)


def test_rmsprop_momentum_centered_matches_tensorflow():
    np.testing.assert_allclose(run(opt_ns.RMSprop(0.1, momentum=0.5, centered=True)),
                               [0.3659963607788086, -1.5971288681030273], rtol=1e-5)
    velocity = 0.1 * np.array(GRADS[0]) ** 2
    expected = np.array([1.0, -2.0]) - 0.1 * np.array(GRADS[0]) / np.sqrt(velocity + 1e-7)
    np.testing.assert_allclose(run(opt_ns.RMSprop(0.1), GRADS[:1]), expected, rtol=1e-5)


def test_iterations_learning_rate_and_variables():
    opt = opt_ns.Adam(0.5)
    assert opt.name == "adam" and opt_ns.Adam().name == "adam_1"
    assert opt.iterations.numpy() == 0 and opt.iterations.dtype == tf.int64
    assert opt.iterations.path == "adam/iteration"
    np.testing.assert_allclose(opt.learning_rate.numpy(), 0.5)
    run(opt)
    assert opt.iterations.numpy() == 2
    assert len(opt.variables) == 4      # iteration, learning_rate, momentum, velocity
    opt.learning_rate = 0.01
    np.testing.assert_allclose(opt.learning_rate.numpy(), 0.01)


def test_none_gradients_are_skipped_and_all_none_raise():
    a, b = tf.Variable(1.0), tf.Variable(2.0)
    opt = opt_ns.SGD(1.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        opt.apply_gradients([(tf.constant(0.5), a), (None, b)])
    assert a.numpy() == 0.5 and b.numpy() == 2.0
    assert "Gradients do not exist" in str(caught[0].message)
    with pytest.raises(ValueError, match=r"^No gradients provided for any variable\.$"):
        opt.apply_gradients([(None, a), (None, b)])
    assert opt.iterations.numpy() == 1


def test_keras3_sgd_has_no_minimize():
    with pytest.raises(AttributeError, match="minimize"):
        opt_ns.SGD().minimize


def test_unknown_variable_after_build_raises():
    opt = opt_ns.SGD()
    opt.apply_gradients([(tf.constant(1.0), tf.Variable(1.0))])
    with pytest.raises(ValueError, match="Unknown variable"):
        opt.apply_gradients([(tf.constant(1.0), tf.Variable(1.0))])


def test_indexed_slices_gradient_from_embedding():
    emb = tf.keras.layers.Embedding(5, 2)
    ids = np.array([[1, 1, 3]])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(emb(ids))
    grad = tape.gradient(loss, emb.trainable_variables)[0]
    before = emb.embeddings.numpy()
    opt_ns.SGD(1.0).apply_gradients([(grad, emb.embeddings)])
    change = before - emb.embeddings.numpy()
    np.testing.assert_allclose(change, [[0, 0], [2, 2], [0, 0], [1, 1], [0, 0]], atol=1e-7)

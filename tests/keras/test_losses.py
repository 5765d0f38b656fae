"""Keras losses against values observed in TensorFlow 2.21 / Keras 3.15 (TF_BEHAVIOUR 8)."""
import numpy as np
import pytest

import tapeviz as tf

L = tf.keras.losses
A = np.array


def close(t, expected):
    np.testing.assert_allclose(np.asarray(t), expected, rtol=1e-6)


def test_mse_squeezes_n1_against_n_instead_of_broadcasting():
    r = L.MeanSquaredError()(A([[1.], [2.], [3.]]), A([1., 2., 4.]))
    assert r.dtype == tf.float32 and r.shape == ()
    close(r, 0.33333334)
    # the plain formula broadcasts (3,1) against (3,) to 3x3: 2.333
    close(tf.reduce_mean((tf.constant([[1.], [2.], [3.]]) - tf.constant([1., 2., 4.])) ** 2), 2.3333333)


def test_mse_is_float32_even_for_float64_and_int_inputs():
    r = L.MeanSquaredError()(tf.constant([1., 2.], tf.float64), tf.constant([1.5, 2.5], tf.float64))
    assert r.dtype == tf.float32
    close(r, 0.25)
    r = L.MeanSquaredError()(A([1, 2, 3]), A([1., 2., 4.]))
    assert r.dtype == tf.float32
    close(r, 0.33333334)


def test_mse_reduction_none_and_sample_weight():
    r = L.MeanSquaredError(reduction=None)(A([[0., 1.], [1., 1.]]), A([[1., 1.], [0., 0.]]))
    close(r, [0.5, 1.0])
    r = L.MeanSquaredError()(A([[0., 1.], [1., 1.]]), A([[1., 1.], [0., 0.]]), sample_weight=A([0.3, 0.7]))
    close(r, 0.425)
    with pytest.raises(ValueError, match="Invalid value for argument `reduction`"):
        L.MeanSquaredError(reduction="bogus")


def test_function_forms_are_per_sample_and_keep_dtype():
    r = L.mse(tf.constant([[1., 2.]], tf.float64), tf.constant([[0., 0.]], tf.float64))
    assert r.dtype == tf.float64
    close(r, [2.5])
    assert L.MSE is L.mse
    assert not hasattr(L, "mean_squared_error")   # tf.keras has no such name


def test_bce_clips_probabilities():
    close(L.BinaryCrossentropy()(A([[0.]]), A([[1.]])), 15.942385)
    close(L.BinaryCrossentropy()(A([[0., 1.], [0., 0.]]), A([[0.6, 0.4], [0.4, 0.6]])), 0.8149245)
    close(L.BinaryCrossentropy(from_logits=True)(A([[0., 1.]]), A([[-1., 2.]])), 0.22009484)


def test_categorical_crossentropies():
    close(L.CategoricalCrossentropy()(A([[0, 1, 0], [0, 0, 1]]), A([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])),
          1.1769392)
    close(L.CategoricalCrossentropy(from_logits=True)(A([[0, 1, 0]]), A([[1., 2., 0.5]])), 0.4643688)
    close(L.SparseCategoricalCrossentropy()(A([1, 2]), A([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), 1.1769392)
    close(L.SparseCategoricalCrossentropy(from_logits=True)(A([[1], [0]]), A([[1., 2., 0.5], [0., 0., 3.]])),
          1.7796459)


def test_mse_gradient_is_negative_zero_where_prediction_equals_label():
    v = tf.Variable([1., 2.])
    with tf.GradientTape() as tape:
        loss = L.MeanSquaredError()(tf.constant([1., 3.]), v)
    g = tape.gradient(loss, v).numpy()
    np.testing.assert_array_equal(g, [0., -1.])
    assert np.signbit(g).tolist() == [True, True]


def test_loss_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    logits = rng.standard_normal((4, 3))
    labels = A([0, 2, 1, 2])
    fn = L.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
    x = tf.Variable(logits)
    with tf.GradientTape() as tape:
        loss = fn(labels, x)
    g = tape.gradient(loss, x).numpy()
    eps = 1e-6
    numeric = np.zeros_like(logits)
    for i in np.ndindex(logits.shape):
        up, down = logits.copy(), logits.copy()
        up[i] += eps
        down[i] -= eps
        numeric[i] = (float(fn(labels, up)) - float(fn(labels, down))) / (2 * eps)
    np.testing.assert_allclose(g, numeric, atol=1e-6)


def test_get_by_name():
    assert isinstance(L.get("mse"), L.MeanSquaredError)
    assert isinstance(L.get("sparse_categorical_crossentropy"), L.SparseCategoricalCrossentropy)
    with pytest.raises(ValueError, match="Could not interpret loss identifier"):
        L.get("nope")

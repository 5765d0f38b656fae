"""Issue 16's losses and metrics: float64 finite-difference gradients of every new loss, and
metric behaviour the TF corpus (corpus_keras_losses2) does not pin down."""
import numpy as np
import pytest

import tapeviz as tf

L, M = tf.keras.losses, tf.keras.metrics
RNG = np.random.default_rng(0)
PROB_T = np.eye(3)[[0, 2, 1, 1]]
PROB_P = RNG.uniform(0.1, 0.9, (4, 3))
REG_T = RNG.standard_normal((4, 3))
REG_P = RNG.standard_normal((4, 3))

LOSSES = [
    (L.Huber(delta=0.7, dtype="float64"), "reg"), (L.LogCosh(dtype="float64"), "reg"),
    (L.Poisson(dtype="float64"), "prob"), (L.KLDivergence(dtype="float64"), "prob"),
    (L.CosineSimilarity(dtype="float64"), "reg"), (L.Hinge(dtype="float64"), "reg"),
    (L.SquaredHinge(dtype="float64"), "reg"), (L.CategoricalHinge(dtype="float64"), "prob"),
    (L.MeanAbsolutePercentageError(dtype="float64"), "reg"),
    (L.MeanSquaredLogarithmicError(dtype="float64"), "prob"),
    (L.Dice(dtype="float64"), "prob"), (L.Tversky(alpha=0.2, beta=0.8, dtype="float64"), "prob"),
    (L.BinaryFocalCrossentropy(apply_class_balancing=True, dtype="float64"), "prob"),
    (L.BinaryFocalCrossentropy(from_logits=True, dtype="float64"), "logits"),
    (L.CategoricalFocalCrossentropy(dtype="float64"), "prob"),
    (L.CategoricalFocalCrossentropy(from_logits=True, label_smoothing=0.1, dtype="float64"), "logits"),
]


@pytest.mark.parametrize("loss,data", LOSSES, ids=[f"{loss.name}-{data}" for loss, data in LOSSES])
def test_loss_gradients_match_finite_differences(loss, data):
    y_true, y_pred = {"reg": (REG_T, REG_P), "prob": (PROB_T, PROB_P), "logits": (PROB_T, REG_P)}[data]
    p = tf.constant(y_pred)
    with tf.GradientTape() as tape:
        tape.watch(p)
        value = loss(y_true, p)
    grad = tape.gradient(value, p).numpy()
    numeric = np.zeros_like(y_pred)
    eps = 1e-6
    for idx in np.ndindex(y_pred.shape):
        up, down = y_pred.copy(), y_pred.copy()
        up[idx] += eps
        down[idx] -= eps
        numeric[idx] = (float(loss(y_true, up)) - float(loss(y_true, down))) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-7)


def test_get_gives_functions_for_function_names_and_compile_wraps_them():
    assert L.get("huber") is L.huber and isinstance(L.get("Huber"), L.Huber)
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="log_cosh")
    assert np.isfinite(model.evaluate(np.ones((4, 2)), np.zeros((4, 1)), verbose=0))


def test_confusion_metrics_accumulate_and_reset():
    m = M.Precision(thresholds=[0.3, 0.7])
    m.update_state([1, 0, 1], [0.8, 0.5, 0.2])
    np.testing.assert_allclose(m.result().numpy(), [0.5, 1.0])
    m.update_state([0], [0.9])
    np.testing.assert_allclose(m.result().numpy(), [1 / 3, 0.5])
    m.reset_state()
    np.testing.assert_allclose(m.result().numpy(), [0.0, 0.0])


def test_auc_of_a_perfect_ranking_is_one_and_of_a_reversed_one_zero():
    y = np.array([0, 0, 1, 1])
    assert abs(float(M.AUC()(y, np.array([0.1, 0.2, 0.8, 0.9]))) - 1.0) < 1e-6
    assert abs(float(M.AUC()(y, np.array([0.9, 0.8, 0.2, 0.1])))) < 1e-6


def test_metric_directions_for_callbacks():
    assert M.AUC()._direction == "up" and M.RootMeanSquaredError()._direction == "down"
    assert M.get("auc").name == "auc" and isinstance(M.get("F1Score"), M.F1Score)

"""Finite-difference checks of every new trainable layer's gradients (inputs and weights), in
float64, plus behaviour the TF-differential corpus does not pin down."""
import numpy as np
import pytest

import tapeviz as tf

L = tf.keras.layers
SEQ = (2, 4, 3)

TRAINABLE = [
    (lambda: L.SimpleRNN(3, return_sequences=True, dtype="float64"), SEQ),
    (lambda: L.GRU(3, dtype="float64"), SEQ),
    (lambda: L.GRU(2, reset_after=False, return_sequences=True, dtype="float64"), SEQ),
    (lambda: L.LSTM(3, return_sequences=True, dtype="float64"), SEQ),
    (lambda: L.LSTM(2, go_backwards=True, dtype="float64"), SEQ),
    (lambda: L.Bidirectional(L.LSTM(2, return_sequences=True, dtype="float64"), dtype="float64"), SEQ),
    (lambda: L.Conv1D(2, 2, padding="same", dtype="float64"), SEQ),
    (lambda: L.LayerNormalization(dtype="float64"), SEQ),
    (lambda: L.LayerNormalization(axis=[1, 2], dtype="float64"), SEQ),
    (lambda: L.TimeDistributed(L.Dense(2, dtype="float64"), dtype="float64"), SEQ),
]


def _loss(layer, x, weight):
    return float(tf.reduce_sum(layer(x) * weight))


@pytest.mark.parametrize("make,shape", TRAINABLE, ids=lambda v: getattr(v, "__name__", str(v)))
def test_gradients_match_finite_differences(make, shape):
    rng = np.random.default_rng(0)
    layer = make()
    x = rng.standard_normal(shape)
    out = layer(x)
    weight = tf.constant(rng.standard_normal(tuple(out.shape)))
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        total = tf.reduce_sum(layer(xt) * weight)
    grads = tape.gradient(total, [xt] + layer.trainable_weights)
    eps = 1e-6
    for g, target in zip(grads, [None] + layer.trainable_weights):
        base = x if target is None else target.numpy()
        numeric = np.zeros_like(base)
        for idx in np.ndindex(base.shape):
            values = []
            for sign in (1, -1):
                moved = base.copy()
                moved[idx] += sign * eps
                if target is None:
                    values.append(_loss(layer, moved, weight))
                else:
                    target.assign(moved)
                    values.append(_loss(layer, x, weight))
            numeric[idx] = (values[0] - values[1]) / (2 * eps)
        if target is not None:
            target.assign(base)
        np.testing.assert_allclose(g.numpy(), numeric, rtol=1e-5, atol=1e-6)


def test_lstm_unit_forget_bias_and_weight_paths():
    layer = L.LSTM(2)
    layer(np.zeros((1, 3, 4), "float32"))
    np.testing.assert_array_equal(layer.cell.bias.numpy(), [0, 0, 1, 1, 0, 0, 0, 0])
    assert [w.path for w in layer.weights] == ["lstm/lstm_cell/kernel", "lstm/lstm_cell/recurrent_kernel",
                                               "lstm/lstm_cell/bias"]


def test_recurrent_kernel_is_orthogonal():
    layer = L.GRU(4)
    layer(np.zeros((1, 2, 3), "float32"))
    rk = layer.cell.recurrent_kernel.numpy()       # (4, 12): orthonormal rows
    np.testing.assert_allclose(rk @ rk.T, np.eye(4), atol=1e-5)


def test_lstm_steps_are_recorded_under_the_layer_scope():
    layer = L.LSTM(2)
    x = tf.ones((1, 3, 2))
    with tf.GradientTape() as tape:
        tape.watch(x)
        layer(x)
    matmuls = [r.scope for r in tape.records if r.op.type == "MatMul"]
    assert len(matmuls) == 6 and set(matmuls) == {"lstm/lstm_cell"}


def test_initial_state_is_used():
    layer = L.SimpleRNN(2, return_state=True)
    x = tf.zeros((1, 1, 3))
    layer(x)
    layer.set_weights([np.zeros((3, 2)), np.eye(2), np.zeros(2)])
    out, state = layer(x, initial_state=[tf.constant([[0.5, -0.25]])])
    np.testing.assert_allclose(out.numpy(), np.tanh([[0.5, -0.25]]), rtol=1e-6)


def test_stateful_layer_carries_its_states_between_calls():
    layer = L.SimpleRNN(2, stateful=True)
    x = tf.ones((1, 3, 2))
    first, second = layer(x).numpy(), layer(x).numpy()
    assert not np.allclose(first, second)          # the second call starts from the first's state
    layer.reset_state()
    np.testing.assert_allclose(layer(x).numpy(), first, rtol=1e-6)
    with pytest.raises(ValueError, match="batch size"):
        layer(tf.ones((2, 3, 2)))


def test_rnn_dropout_masks_only_in_training():
    layer = L.GRU(3, dropout=0.5, recurrent_dropout=0.5, seed=1, return_sequences=True)
    x = tf.ones((2, 4, 3))
    inference = layer(x).numpy()
    np.testing.assert_allclose(layer(x, training=False).numpy(), inference, rtol=1e-6)
    assert not np.allclose(layer(x, training=True).numpy(), inference)


def test_functional_model_with_merges_trains():
    inp = tf.keras.Input((4, 3))
    a = L.LSTM(3)(inp)
    b = L.GlobalMaxPooling1D()(L.Conv1D(3, 2)(inp))
    out = L.Dense(1)(L.concatenate([L.add([a, b]), L.multiply([a, b])]))
    model = tf.keras.Model(inp, out)
    model.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((16, 4, 3)).astype("float32"), rng.standard_normal((16, 1)).astype("float32")
    history = model.fit(x, y, epochs=5, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]

"""Issue 16's fourth batch: finite-difference checks of the 3-D layers' gradients (float64), and
behaviour the TF-differential corpus (corpus_keras_layers4) does not pin down."""
import numpy as np
import pytest

import tapeviz as tf
from tests.keras.test_layers_gradients import test_gradients_match_finite_differences as _fd_check

L = tf.keras.layers
VOL = (1, 3, 4, 3, 2)

DIFFERENTIABLE = [
    (lambda: L.Conv3D(2, 2, dtype="float64"), VOL),
    (lambda: L.Conv3D(3, (1, 2, 2), strides=(1, 2, 1), padding="same", activation="tanh", dtype="float64"), VOL),
    (lambda: L.Conv3D(4, (1, 2, 1), groups=2, dtype="float64"), (1, 2, 3, 2, 4)),
    (lambda: L.AveragePooling3D((1, 2, 2), strides=1, padding="same", dtype="float64"), VOL),
    (lambda: L.GlobalAveragePooling3D(dtype="float64"), VOL),
    (lambda: L.GlobalMaxPooling3D(keepdims=True, dtype="float64"), VOL),
    (lambda: L.ZeroPadding3D(((1, 0), (0, 2), 1), dtype="float64"), VOL),
    (lambda: L.Cropping3D(((1, 0), (1, 1), (0, 1)), dtype="float64"), VOL),
    (lambda: L.UpSampling3D((2, 1, 3), dtype="float64"), VOL),
    (lambda: L.UnitNormalization(dtype="float64"), (2, 4, 3)),
    (lambda: L.UnitNormalization(axis=[1, 2], dtype="float64"), (2, 4, 3)),
    (lambda: L.EinsumDense("abc,cde->abde", (None, 2, 3), bias_axes="de", activation="tanh", dtype="float64"),
     (2, 4, 3)),
    (lambda: L.EinsumDense("...b,bc->...c", 2, bias_axes="c", dtype="float64"), (2, 2, 3)),
    (lambda: L.RNN([L.LSTMCell(2, dtype="float64"), L.GRUCell(2, dtype="float64")], return_sequences=True,
                   dtype="float64"), (2, 3, 2)),
    (lambda: L.RNN(L.StackedRNNCells([L.SimpleRNNCell(2, dtype="float64"), L.SimpleRNNCell(3, dtype="float64")],
                                     dtype="float64"), go_backwards=True, dtype="float64"), (2, 3, 2)),
]


@pytest.mark.parametrize("make,shape", DIFFERENTIABLE, ids=lambda v: getattr(v, "__name__", str(v)))
def test_3d_gradients_match_finite_differences(make, shape):
    _fd_check(make, shape)


def test_conv3d_weights_and_regularizer():
    layer = L.Conv3D(4, (1, 2, 3), kernel_regularizer="l2", name="vol")
    y = layer(np.ones((2, 3, 4, 5, 3), "float32"))
    assert tuple(y.shape) == (2, 3, 3, 3, 4)
    assert [w.path for w in layer.weights] == ["vol/kernel", "vol/bias"]
    assert tuple(layer.kernel.shape) == (1, 2, 3, 3, 4)
    assert len(layer.losses) == 1


def test_3d_layers_rebuild_from_config():
    x = np.linspace(-1, 1, 120).reshape(1, 3, 4, 5, 2).astype("float32")
    for layer in (L.MaxPooling3D((1, 2, 2)), L.ZeroPadding3D((1, 0, 2)), L.Cropping3D((1, 1, 0)),
                  L.UpSampling3D((1, 1, 2)), L.GlobalMaxPooling3D(keepdims=True)):
        clone = type(layer).from_config(layer.get_config())
        np.testing.assert_array_equal(clone(x).numpy(), layer(x).numpy())
    conv = L.Conv3D(2, 2, strides=(1, 2, 1), padding="same")
    conv(x)
    clone = L.Conv3D.from_config(conv.get_config())
    clone(x)
    clone.set_weights(conv.get_weights())
    np.testing.assert_allclose(clone(x).numpy(), conv(x).numpy())


def test_stacked_cells_rebuild_from_config_and_keep_cell_order():
    rnn = L.RNN([L.GRUCell(3), L.SimpleRNNCell(2)], return_sequences=True)
    x = np.linspace(-1, 1, 24).reshape(2, 4, 3).astype("float32")
    y = rnn(x)
    clone = L.RNN.from_config(rnn.get_config())
    assert [type(c).__name__ for c in clone.cell.cells] == ["GRUCell", "SimpleRNNCell"]
    clone(x)
    clone.set_weights(rnn.get_weights())
    np.testing.assert_allclose(clone(x).numpy(), y.numpy(), rtol=1e-6)
    assert clone.compute_output_shape((None, 4, 3)) == (None, 4, 2)


def test_stacked_cells_zero_mask_keeps_states():
    rnn = L.RNN([L.SimpleRNNCell(2), L.LSTMCell(2)], return_state=True)
    x = np.linspace(-1, 1, 24).reshape(2, 4, 3).astype("float32")
    mask = np.array([[1, 1, 0, 0], [1, 1, 1, 1]], bool)
    out, s1, (h, c) = rnn(x, mask=mask)
    short, t1, (th, tc) = rnn(x[:, :2], mask=mask[:, :2])
    np.testing.assert_allclose(out.numpy()[0], short.numpy()[0], rtol=1e-6)
    np.testing.assert_allclose(c.numpy()[0], tc.numpy()[0], rtol=1e-6)


def test_alpha_dropout_keeps_mean_and_variance():
    x = np.random.default_rng(0).standard_normal((200, 500)).astype("float32")
    y = L.AlphaDropout(0.3, seed=1)(x, training=True).numpy()
    assert abs(y.mean()) < 0.02 and abs(y.std() - 1) < 0.02
    np.testing.assert_array_equal(L.AlphaDropout(0.3)(x).numpy(), x)

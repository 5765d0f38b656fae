"""Layers: build on first call, Keras names and paths, forward values against NumPy, gradients
against finite differences (tests/ops/gradcheck.py), and the name scope each call runs in."""
import numpy as np
import pytest

import tapeviz as tf
from tests.ops.gradcheck import case, check

layers = tf.keras.layers


def test_build_on_first_call_names_and_paths():
    d = layers.Dense(2)
    assert (d.name, d.built, d.weights, d.variables) == ("dense", False, [], [])
    assert layers.Dense(3).name == "dense_1"
    y = d(np.ones((4, 3)))
    assert d.built and y.shape == (4, 2) and y.dtype == tf.float32
    assert [v.name for v in d.weights] == ["kernel", "bias"]
    assert [v.path for v in d.weights] == ["dense/kernel", "dense/bias"]
    assert d.kernel.shape == (3, 2) and np.all(d.bias.numpy() == 0)
    assert repr(d) == "<Dense name=dense, built=True>"
    assert repr(d.kernel).startswith("<Variable path=dense/kernel, shape=(3, 2), dtype=float32, value=")


def test_glorot_uniform_default_is_seeded_and_bounded():
    tf.keras.utils.set_random_seed(3)
    a = layers.Dense(50)
    a(np.ones((1, 30)))
    tf.keras.utils.set_random_seed(3)
    b = layers.Dense(50)
    b(np.ones((1, 30)))
    np.testing.assert_array_equal(a.kernel.numpy(), b.kernel.numpy())
    limit = np.sqrt(6 / (30 + 50))
    assert np.abs(a.kernel.numpy()).max() <= limit and np.abs(a.kernel.numpy()).max() > 0.9 * limit


def test_unknown_kwargs_and_bad_units():
    with pytest.raises(ValueError, match=r"Unrecognized keyword arguments passed to Dense: \{'foo': 1\}"):
        layers.Dense(2, foo=1)
    with pytest.raises(ValueError, match="units"):
        layers.Dense(0)


def test_float64_inputs_are_cast_to_the_layer_dtype():
    d = layers.Dense(2)
    assert d(tf.ones((1, 3), tf.float64)).dtype == tf.float32


def test_dense_values_and_activation():
    d = layers.Dense(3, activation="relu")
    x = np.random.default_rng(0).standard_normal((5, 4)).astype("float32")
    y = d(x).numpy()
    expected = np.maximum(x @ d.kernel.numpy() + d.bias.numpy(), 0)
    np.testing.assert_allclose(y, expected, rtol=1e-6)


def test_layer_call_runs_in_its_name_scope_on_the_tape():
    model = tf.keras.Sequential([layers.Dense(2), layers.Dense(1)])
    x = tf.ones((1, 3))
    with tf.GradientTape() as tape:
        model(x)
    scopes = {r.op.type: r.scope for r in tape._records}
    assert any(r.scope == "sequential/dense" and r.op.type == "MatMul" for r in tape._records)
    assert any(r.scope == "sequential/dense_1" for r in tape._records), scopes
    assert [v.path for v in model.weights][:2] == ["sequential/dense/kernel", "sequential/dense/bias"]


def test_flatten_reshape_activation_softmax_relu():
    x = np.arange(24, dtype="float32").reshape(2, 3, 4) - 10
    assert layers.Flatten()(x).shape == (2, 12)
    assert layers.Reshape((4, 3))(x).shape == (2, 4, 3)
    np.testing.assert_allclose(layers.Activation("relu")(x).numpy(), np.maximum(x, 0))
    np.testing.assert_allclose(layers.ReLU()(x).numpy(), np.maximum(x, 0))
    s = layers.Softmax()(x).numpy()
    np.testing.assert_allclose(s.sum(-1), 1, rtol=1e-6)


def test_dropout_training_flag():
    drop = layers.Dropout(0.5)
    x = np.ones((200, 10), dtype="float32")
    np.testing.assert_array_equal(drop(x).numpy(), x)                  # inference: identity
    y = drop(x, training=True).numpy()
    assert set(np.unique(y)) <= {0.0, 2.0}
    assert 0.4 < (y == 0).mean() < 0.6
    model = tf.keras.Sequential([drop])
    assert (model(x, training=True).numpy() == 0).any()               # flag reaches sublayers
    assert not (model(x).numpy() == 0).any()


def test_embedding_gathers_rows():
    emb = layers.Embedding(10, 4)
    ids = np.array([[1, 2], [9, 1]])
    out = emb(ids).numpy()
    assert out.shape == (2, 2, 4) and emb.embeddings.path == "embedding/embeddings"
    np.testing.assert_array_equal(out[0, 0], emb.embeddings.numpy()[1])
    assert np.abs(emb.embeddings.numpy()).max() <= 0.05


def _conv_reference(x, k, stride, padding):
    kh, kw = k.shape[:2]
    if padding == "same":
        ph, pw = max(kh - 1, 0), max(kw - 1, 0)
        x = np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))
    n, h, w, _ = x.shape
    oh, ow = (h - kh) // stride + 1, (w - kw) // stride + 1
    out = np.zeros((n, oh, ow, k.shape[3]))
    for i in range(oh):
        for j in range(ow):
            patch = x[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :]
            out[:, i, j, :] = np.tensordot(patch, k, axes=([1, 2, 3], [0, 1, 2]))
    return out


@pytest.mark.parametrize("stride,padding", [(1, "valid"), (2, "same")])
def test_conv2d_against_numpy(stride, padding):
    conv = layers.Conv2D(3, 3, strides=stride, padding=padding)
    x = np.random.default_rng(1).standard_normal((2, 7, 7, 2)).astype("float32")
    y = conv(x).numpy()
    expected = _conv_reference(x, conv.kernel.numpy(), stride, padding) + conv.bias.numpy()
    assert y.shape == expected.shape
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-5)
    assert conv.compute_output_shape((None, 7, 7, 2)) == (None,) + expected.shape[1:]


def test_maxpool_against_numpy():
    x = np.random.default_rng(2).standard_normal((2, 6, 6, 3)).astype("float32")
    y = layers.MaxPooling2D()(x).numpy()
    expected = x.reshape(2, 3, 2, 3, 2, 3).max(axis=(2, 4))
    np.testing.assert_array_equal(y, expected)
    assert layers.MaxPool2D is layers.MaxPooling2D


def test_batchnorm_training_and_inference():
    bn = layers.BatchNormalization()
    x = np.random.default_rng(3).standard_normal((8, 3)).astype("float32") * 2 + 1
    y = bn(x, training=True).numpy()
    expected = (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3)
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.01 * x.mean(0), rtol=1e-5)
    np.testing.assert_allclose(bn.moving_variance.numpy(), 0.99 + 0.01 * x.var(0), rtol=1e-5)
    assert [(v.name, v.trainable) for v in bn.weights] == [
        ("gamma", True), ("beta", True), ("moving_mean", False), ("moving_variance", False)]
    y_inf = bn(x).numpy()       # inference uses the moving statistics
    expected_inf = (x - bn.moving_mean.numpy()) / np.sqrt(bn.moving_variance.numpy() + 1e-3)
    np.testing.assert_allclose(y_inf, expected_inf, rtol=1e-5, atol=1e-6)


def _with_weights(layer, names, **call_kwargs):
    """fn(x, *weights): the layer's output with its weights replaced by the given tensors."""
    def fn(x, *weights):
        for name, w in zip(names, weights):
            object.__setattr__(layer, name, w)
        return layer(x, **call_kwargs)
    fn.__name__ = type(layer).__name__
    return fn


def test_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    dense = layers.Dense(3, activation="tanh", dtype="float64")
    dense.build((None, 4))
    conv = layers.Conv2D(2, 2, strides=1, padding="same", dtype="float64")
    conv.build((None, 4, 4, 2))
    pool = layers.MaxPooling2D(dtype="float64")
    bn = layers.BatchNormalization(dtype="float64")
    bn.build((None, 3))
    for c in [case(_with_weights(dense, ["_kernel", "bias"]), [(2, 4), (4, 3), (3,)]),
              case(_with_weights(conv, ["_kernel", "bias"]), [(1, 4, 4, 2), (2, 2, 2, 2), (2,)]),
              case(_with_weights(pool, []), [(2, 4, 4, 1)]),
              case(_with_weights(bn, ["gamma", "beta"], training=True), [(5, 3), (3,), (3,)], tol=1e-4)]:
        check(c, rng)


def test_trainable_flag_freezes_weights():
    d = layers.Dense(2)
    d.build((None, 3))
    d.trainable = False
    assert d.trainable_weights == [] and len(d.non_trainable_weights) == 2
    d.trainable = True
    assert len(d.trainable_weights) == 2


def test_set_and_get_weights():
    d = layers.Dense(2)
    d.build((None, 3))
    d.set_weights([np.ones((3, 2)), np.full(2, 5.0)])
    np.testing.assert_array_equal(d(np.zeros((1, 3))).numpy(), [[5, 5]])
    with pytest.raises(ValueError, match="weight list of length 1"):
        d.set_weights([np.ones((3, 2))])


def test_set_random_seed_fixes_initial_weights():
    # As in Keras 3, unseeded initializers take their seed from Python's `random` when they are
    # created: `keras.utils.set_random_seed` fixes it, `tf.random.set_seed` alone does not.
    tf.keras.utils.set_random_seed(4)
    a = layers.Dense(3)
    a(np.ones((1, 2)))
    tf.keras.utils.set_random_seed(4)
    b = layers.Dense(3)
    b(np.ones((1, 2)))
    c = layers.Dense(3)
    c(np.ones((1, 2)))
    np.testing.assert_array_equal(a.kernel.numpy(), b.kernel.numpy())
    assert not np.array_equal(b.kernel.numpy(), c.kernel.numpy())


class Scale(layers.Layer):
    """A custom layer as a learner writes one: build() adds a weight, call() uses it."""

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="w")

    def call(self, inputs):
        return inputs * self.w


def test_custom_layer_in_a_model():
    model = tf.keras.Sequential([Scale(), layers.Dense(1)])
    x = np.ones((2, 3), "float32")
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(model(x))
    assert [v.path for v in model.weights][0] == "sequential/scale/w"
    grads = tape.gradient(y, model.trainable_weights)
    assert all(g is not None for g in grads) and grads[0].shape == (3,)

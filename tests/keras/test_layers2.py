"""Issue 16's second batch of layers: finite-difference gradients (float64, inputs and weights),
tape frames named like the layer, `get_config`, and behaviour the TF corpus does not pin down."""
import numpy as np
import pytest

import tapeviz as tf

L = tf.keras.layers
F64 = {"dtype": "float64"}
SEQ = (2, 4, 3)
IMG = (2, 5, 5, 3)



TRAINABLE = [
    ("conv2d_transpose", lambda: L.Conv2DTranspose(2, 3, strides=2, padding="same", **F64), [IMG]),
    ("conv2d_transpose.valid", lambda: L.Conv2DTranspose(2, 2, strides=3, **F64), [IMG]),
    ("conv1d_transpose", lambda: L.Conv1DTranspose(2, 3, strides=2, **F64), [SEQ]),
    ("depthwise_conv2d", lambda: L.DepthwiseConv2D(3, depth_multiplier=2, **F64), [IMG]),
    ("separable_conv2d", lambda: L.SeparableConv2D(2, 2, strides=2, padding="same", **F64), [IMG]),
    ("group_normalization", lambda: L.GroupNormalization(3, **F64), [(2, 3, 2, 6)]),
    ("attention", lambda: L.Attention(use_scale=True, **F64), [SEQ, (2, 5, 3)]),
    ("attention.concat", lambda: L.Attention(score_mode="concat", use_scale=True, **F64), [SEQ, (2, 5, 3)]),
    ("additive_attention", lambda: L.AdditiveAttention(**F64), [SEQ, (2, 5, 3), (2, 5, 3)]),
    ("multi_head_attention", lambda: L.MultiHeadAttention(2, 2, **F64), [SEQ, (2, 5, 3)]),
]


def _call(layer, xs):
    if isinstance(layer, L.MultiHeadAttention):
        return layer(*xs)
    if isinstance(layer, L.Attention):
        return layer(list(xs))
    return layer(xs[0])


@pytest.mark.parametrize("name,make,shapes", TRAINABLE, ids=[t[0] for t in TRAINABLE])
def test_gradients_match_finite_differences(name, make, shapes):
    rng = np.random.default_rng(0)
    layer = make()
    xs = [rng.standard_normal(s) for s in shapes]
    out = _call(layer, [tf.constant(x) for x in xs])
    weight = tf.constant(rng.standard_normal(tuple(out.shape)))

    def loss(values):
        return float(tf.reduce_sum(_call(layer, [tf.constant(v) for v in values]) * weight))

    ts = [tf.constant(x) for x in xs]
    with tf.GradientTape() as tape:
        tape.watch(ts)
        total = tf.reduce_sum(_call(layer, ts) * weight)
    grads = tape.gradient(total, ts + layer.trainable_weights)
    assert layer.trainable_weights and all(g is not None for g in grads)
    eps = 1e-6
    for i, g in enumerate(grads):
        weight_var = None if i < len(xs) else layer.trainable_weights[i - len(xs)]
        base = xs[i] if weight_var is None else np.array(weight_var.numpy())
        numeric = np.zeros_like(base)
        for idx in np.ndindex(base.shape):
            values = []
            for sign in (1, -1):
                moved = base.copy()
                moved[idx] += sign * eps
                if weight_var is None:
                    values.append(loss(xs[:i] + [moved] + xs[i + 1:]))
                else:
                    weight_var.assign(moved)
                    values.append(loss(xs))
            numeric[idx] = (values[0] - values[1]) / (2 * eps)
        if weight_var is not None:
            weight_var.assign(base)
        np.testing.assert_allclose(g.numpy(), numeric, rtol=1e-5, atol=1e-6, err_msg=f"{name} grad {i}")


@pytest.mark.parametrize("make,shape,op", [
    (lambda: L.Conv2DTranspose(2, 3, name="up"), IMG, "Conv2DBackpropInput"),
    (lambda: L.DepthwiseConv2D(3, name="up"), IMG, "DepthwiseConv2dNative"),
    (lambda: L.GroupNormalization(3, name="up"), IMG, "Rsqrt"),
])
def test_each_layer_is_a_frame_named_like_it(make, shape, op):
    layer = make()
    x = tf.ones(shape)
    with tf.GradientTape() as tape:
        tape.watch(x)
        layer(x)
    assert {r.scope for r in tape.records if r.op.type == op} == {"up"}


def test_multi_head_attention_projections_are_nested_frames():
    layer = L.MultiHeadAttention(2, 3, name="mha")
    x = tf.ones((1, 3, 4))
    with tf.GradientTape() as tape:
        tape.watch(x)
        layer(x, x)
    scopes = {r.scope for r in tape.records if r.op.type == "Einsum"}
    assert {"mha/query", "mha/key", "mha/value", "mha/attention_output", "mha"} <= scopes


def test_noise_layers_are_identity_outside_training():
    x = tf.ones((2, 3, 4))
    for layer in (L.GaussianNoise(0.5, seed=1), L.GaussianDropout(0.5, seed=1),
                  L.SpatialDropout1D(0.5, seed=1)):
        np.testing.assert_array_equal(layer(x).numpy(), x.numpy())
        assert not np.array_equal(layer(x, training=True).numpy(), x.numpy())


def test_spatial_dropout_drops_whole_channels():
    y = L.SpatialDropout2D(0.5, seed=3)(tf.ones((4, 3, 3, 8)), training=True).numpy()
    per_map = y.reshape(4, 9, 8)
    assert np.all(per_map.min(axis=1) == per_map.max(axis=1))      # one value per feature map
    assert set(np.unique(y)) <= {0.0, 2.0}


def test_get_config_has_the_constructor_arguments():
    config = L.Conv2DTranspose(4, 3, strides=2, padding="same", activation="relu", name="t").get_config()
    assert config["filters"] == 4 and config["kernel_size"] == (3, 3) and config["strides"] == (2, 2)
    assert config["activation"] == "relu" and config["name"] == "t"
    assert config["kernel_initializer"]["class_name"] == "GlorotUniform"
    assert L.SeparableConv2D(2, 3).get_config()["pointwise_initializer"]["class_name"] == "GlorotUniform"
    assert L.DepthwiseConv2D(3, depth_multiplier=2).get_config()["depth_multiplier"] == 2
    assert L.GroupNormalization(4, epsilon=1e-5).get_config()["groups"] == 4
    assert L.MultiHeadAttention(2, 8, value_dim=4).get_config()["value_dim"] == 4
    assert L.Attention(score_mode="concat").get_config()["score_mode"] == "concat"
    assert L.GaussianNoise(0.2, seed=4).get_config()["stddev"] == 0.2
    assert L.SpatialDropout2D(0.3).get_config()["data_format"] == "channels_last"


def test_separable_model_trains():
    model = tf.keras.Sequential([tf.keras.Input((6, 6, 2)), L.SeparableConv2D(3, 3, activation="relu"),
                                 L.Conv2DTranspose(2, 3), L.GroupNormalization(2), L.Flatten(), L.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((8, 6, 6, 2)).astype("float32"), rng.standard_normal((8, 1)).astype("float32")
    history = model.fit(x, y, epochs=4, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_text_model_from_string_input_trains():
    inp = tf.keras.Input((1,), dtype="string")
    vectorize = L.TextVectorization(max_tokens=20, output_sequence_length=4)
    vectorize.adapt(["a b c", "b c d e"])
    ids = vectorize(inp)
    assert ids.shape == (None, 4) and ids.dtype == "int64"
    out = L.Dense(1)(L.GlobalAveragePooling1D()(L.Embedding(20, 3)(ids)))
    model = tf.keras.Model(inp, out)
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(np.array([["a b"], ["c d e"], ["b"]]), np.array([[1.0], [0.0], [0.5]]),
                        epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


@pytest.mark.parametrize("make,shape,dtype,expected", [
    (lambda: L.StringLookup(vocabulary=["x", "y"]), (3,), "string", (None, 3)),
    (lambda: L.StringLookup(vocabulary=["x", "y"], output_mode="one_hot"), (1,), "string", (None, 3)),
    (lambda: L.IntegerLookup(vocabulary=[3, 4], output_mode="count", pad_to_max_tokens=True,
                             max_tokens=6), (5,), "int64", (None, 6)),
    (lambda: L.Hashing(7, output_mode="multi_hot"), (2,), "string", (None, 7)),
    (lambda: L.CategoryEncoding(4), (3,), "int32", (None, 4)),
    (lambda: L.Discretization([0.0, 1.0], output_mode="one_hot"), (1,), "float32", (None, 3)),
])
def test_preprocessing_layers_in_functional_models(make, shape, dtype, expected):
    assert make()(tf.keras.Input(shape, dtype=dtype)).shape == expected


def test_preprocessing_layers_are_frames_of_the_tape():
    layer = L.Normalization(mean=[1.0, 2.0], variance=[4.0, 9.0], name="norm")
    x = tf.ones((2, 2))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [[0.5, 1 / 3]] * 2, rtol=1e-6)
    assert {r.scope for r in tape.records} == {"norm"}


ROUND_TRIP = [
    lambda: L.Conv2DTranspose(2, 3, strides=2, kernel_regularizer="l2", activation="relu"),
    lambda: L.Conv1DTranspose(2, 3, output_padding=None), lambda: L.DepthwiseConv2D(3, depth_multiplier=2),
    lambda: L.SeparableConv2D(2, 3, pointwise_initializer="he_normal"), lambda: L.GroupNormalization(2),
    lambda: L.SpatialDropout1D(0.1, seed=2), lambda: L.SpatialDropout2D(0.2), lambda: L.GaussianNoise(0.1),
    lambda: L.GaussianDropout(0.3), lambda: L.MultiHeadAttention(2, 3, value_dim=4, dropout=0.1),
    lambda: L.Attention(score_mode="concat"), lambda: L.AdditiveAttention(use_scale=False),
    lambda: L.Normalization(axis=-1, mean=[1.0, 2.0], variance=[1.0, 4.0]), lambda: L.Rescaling(0.5, 1.0),
    lambda: L.Resizing(2, 3, crop_to_aspect_ratio=True), lambda: L.CenterCrop(2, 2),
    lambda: L.StringLookup(vocabulary=["a", "b"], output_mode="multi_hot"),
    lambda: L.IntegerLookup(vocabulary=[1, 5], mask_token=0), lambda: L.TextVectorization(ngrams=2),
    lambda: L.CategoryEncoding(3, output_mode="count"), lambda: L.Hashing(3, mask_value=""),
    lambda: L.Discretization(bin_boundaries=[0.0, 1.0]), lambda: L.RandomFlip("vertical", seed=1),
    lambda: L.RandomRotation(0.1, fill_mode="wrap"), lambda: L.RandomZoom(0.1, 0.2),
    lambda: L.RandomTranslation(0.1, 0.2), lambda: L.RandomContrast(0.1), lambda: L.RandomBrightness(0.1),
    lambda: L.LSTM(2, dropout=0.1, recurrent_dropout=0.2, stateful=True), lambda: L.GRU(2, reset_after=False),
    lambda: L.SimpleRNN(2, return_sequences=True),
]


@pytest.mark.parametrize("make", ROUND_TRIP)
def test_get_config_is_json_and_rebuilds_the_layer(make):
    import json
    layer = make()
    config = layer.get_config()
    json.dumps(config)
    assert type(layer)(**config).get_config() == config

"""Keras 3 behaviour of issue 16's third batch under TF 2.21 and under tapeviz: MultiHeadAttention
beyond (batch, steps, features) (attention axes, rank-4 inputs, output shapes, masks), salted
Hashing, gradients through the Random* spatial layers, the legacy ImageDataGenerator, model
input/output shapes. Fixed weights, as in corpus_keras_layers2."""
from tests.tf_diff.corpus import S
from tests.tf_diff.corpus_keras import _PRELUDE

_MHA = _PRELUDE + """
def run_mha(layer, inputs, **kw):
    inputs = [tf.constant(x) for x in inputs]
    layer(*inputs, **kw)
    layer.set_weights([fixed(w.shape, i) for i, w in enumerate(layer.get_weights())])
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        y = layer(*inputs, **kw)
        flat = tf.nest.flatten(y)
        total = tf.add_n([tf.reduce_sum(t * fixed(t.shape, 7)) for t in flat])
    grads = tape.gradient(total, inputs + layer.trainable_weights)
    return {'out': flat, 'grads': [g if g is not None else 'none' for g in grads],
            'shapes': [list(w.shape) for w in layer.weights],
            'names': [w.path.split('/', 1)[1] for w in layer.weights],
            'axes': list(layer.get_config()['attention_axes'])}
"""

_Q3, _V3 = "fixed((2, 3, 4), 1)", "fixed((2, 5, 4), 2)"
_Q4, _V4 = "fixed((2, 3, 4, 5), 1)", "fixed((2, 3, 2, 5), 2)"
_Q5 = "fixed((1, 2, 3, 2, 4), 4)"

_MHA_CASES = [
    ("rank4", "MultiHeadAttention(2, 3)", [_Q4, _V4], ""),
    ("rank4_axes12", "MultiHeadAttention(2, 2, attention_axes=(1, 2))", [_Q4, "fixed((2, 2, 3, 5), 2)"], ""),
    ("rank4_axis2", "MultiHeadAttention(1, 3, attention_axes=2)", [_Q4, _V4], ""),
    ("rank4_axis_neg", "MultiHeadAttention(2, 2, attention_axes=-2, value_dim=3)", [_Q4, _V4],
     ", return_attention_scores=True"),
    ("rank4_key", "MultiHeadAttention(2, 2)", [_Q4, _V4, "fixed((2, 3, 2, 3), 5)"], ""),
    ("rank4_scores", "MultiHeadAttention(2, 2, attention_axes=(1, 2))", [_Q4, _V4],
     ", return_attention_scores=True"),
    ("rank5", "MultiHeadAttention(2, 2, attention_axes=(2, 3))", [_Q5, _Q5], ""),
    ("rank4_output_shape", "MultiHeadAttention(2, 2, output_shape=(2, 3))", [_Q4, _V4], ""),
    ("output_shape_2d", "MultiHeadAttention(2, 3, output_shape=[3, 2], use_bias=False)", [_Q3, _V3], ""),
    ("value_dim_no_bias", "MultiHeadAttention(3, 2, value_dim=5, use_bias=False)", [_Q3, _V3],
     ", return_attention_scores=True"),
    ("axis1_explicit", "MultiHeadAttention(2, 2, attention_axes=[1])", [_Q3, _V3], ""),
    ("mask_rank4", "MultiHeadAttention(2, 2)", [_Q4, _V4],
     ", attention_mask=tf.constant(np.arange(144).reshape(2, 3, 4, 3, 2) % 5 > 0)"),
    ("mask_rank4_scores", "MultiHeadAttention(2, 2)", [_Q4, _V4],
     ", attention_mask=tf.constant(np.arange(144).reshape(2, 3, 4, 3, 2) % 5 > 0), return_attention_scores=True"),
    ("mask_rank4_one_axis", "MultiHeadAttention(2, 2, attention_axes=2)", [_Q4, _V4],
     ", attention_mask=tf.constant(np.arange(48).reshape(2, 3, 4, 2) % 3 > 0)"),
    ("mask_full_row_scores", "MultiHeadAttention(2, 2)", [_Q3, _V3],
     ", attention_mask=tf.constant(np.arange(30).reshape(2, 3, 5) > 4), return_attention_scores=True"),
    ("mask_full_row_dot", "MultiHeadAttention(2, 2)", [_Q3, _V3],
     ", attention_mask=tf.constant(np.arange(30).reshape(2, 3, 5) > 4)"),
    ("causal_scores", "MultiHeadAttention(2, 2)", [_V3, _V3], ", use_causal_mask=True, return_attention_scores=True"),
    ("causal_and_mask", "MultiHeadAttention(2, 2)", [_Q3, _V3],
     ", use_causal_mask=True, attention_mask=tf.constant(np.arange(30).reshape(2, 3, 5) % 3 > 0)"),
]

SNIPPETS = [S(f"keras.mha3.{name}", _MHA + f"result = run_mha(tf.keras.layers.{ctor}, [{', '.join(xs)}]{kw})\n",
              rtol=1e-4, atol=1e-5) for name, ctor, xs, kw in _MHA_CASES] + [
    S("keras.mha3.embedding_masks", _PRELUDE + """
ids_q = np.array([[3, 1, 0, 0], [2, 5, 4, 0]])
ids_v = np.array([[1, 2, 3, 0, 0], [4, 0, 0, 0, 0]])
emb = tf.keras.layers.Embedding(6, 4, mask_zero=True)
mha = tf.keras.layers.MultiHeadAttention(2, 3)
q, v = emb(ids_q), emb(ids_v)
mha(q, v)
emb.set_weights([fixed((6, 4), 1)])
mha.set_weights([fixed(w.shape, i) for i, w in enumerate(mha.get_weights())])
q, v = emb(ids_q), emb(ids_v)
out = mha(q, v)
scored, scores = mha(q, v, return_attention_scores=True)
selfatt = mha(q, q, use_causal_mask=True)
result = [out, out._keras_mask, scored, scores, selfatt]
""", rtol=1e-4, atol=1e-5),
    S("keras.mha3.functional_masks", _PRELUDE + """
tf.keras.utils.set_random_seed(1)
inp = tf.keras.Input((4,), dtype='int32')
x = tf.keras.layers.Embedding(7, 4, mask_zero=True)(inp)
y = tf.keras.layers.MultiHeadAttention(2, 2)(x, x)
y = tf.keras.layers.GlobalAveragePooling1D()(y)
model = tf.keras.Model(inp, tf.keras.layers.Dense(1)(y))
model.set_weights([fixed(w.shape, i) for i, w in enumerate(model.get_weights())])
ids = np.array([[1, 2, 0, 0], [3, 4, 5, 6], [6, 0, 0, 0]])
result = [model(ids), [list(w.shape) for w in model.weights]]
""", rtol=1e-4, atol=1e-5),
    S("keras.mha3.build_shapes",
      "layer = tf.keras.layers.MultiHeadAttention(2, 3, attention_axes=(1, 2), output_shape=(4, 2))\n"
      "q = tf.keras.Input((3, 4, 5))\nv = tf.keras.Input((2, 3, 6))\n"
      "out = layer(q, v)\n"
      "result = [list(out.shape), [list(w.shape) for w in layer.weights], layer.get_config()['attention_axes'],\n"
      "          layer.get_config()['output_shape']]"),
    S("keras.mha3.bad_mask_shape",
      "tf.keras.layers.MultiHeadAttention(2, 2)(tf.ones((2, 3, 4, 5)), tf.ones((2, 3, 2, 5)), "
      "attention_mask=tf.ones((2, 3, 3, 2), 'bool'))", msg=False),   # Keras wraps it in the call's context
    S("keras.mha3.bad_axes", "tf.keras.layers.MultiHeadAttention(2, 2, attention_axes='x')"),
    S("keras.mha3.bad_key_shape",
      "tf.keras.layers.MultiHeadAttention(2, 2)(tf.ones((1, 3, 4)), tf.ones((1, 5, 4)), tf.ones((1, 4, 4)))"),
]

SNIPPETS += [
    S("keras.hash3.salted",
      "L = tf.keras.layers\n"
      "s = tf.constant([['A'], ['B'], ['C'], ['D'], ['E']])\n"
      "result = [L.Hashing(num_bins=3, salt=[133, 137])(s), L.Hashing(num_bins=3, salt=133)(s),\n"
      "          L.Hashing(num_bins=1000, salt=(7, 2**40 + 5))(tf.constant(['', 'a longer string over eight', 'x' * 70])),\n"
      "          L.Hashing(num_bins=6, salt=5, mask_value='')(tf.constant([['a', ''], ['', 'b']])),\n"
      "          L.Hashing(num_bins=17, salt=[1, 2])(np.array([[1, 2, -30], [2**40, 0, 7]])),\n"
      "          L.Hashing(num_bins=4, salt=9, output_mode='multi_hot')(tf.constant(['a', 'b', 'c'])),\n"
      "          L.Hashing(num_bins=4, salt=9, output_mode='count')(tf.constant([['a', 'a', 'q']])),\n"
      "          L.Hashing(num_bins=8, salt=3).get_config()['salt']]"),
    S("keras.hash3.floats",
      "L = tf.keras.layers\n"
      "x = np.array([[1.7, -2.2], [0.0, 300.9]], 'float32')\n"
      "result = [L.Hashing(num_bins=11)(x), L.Hashing(num_bins=11, salt=4)(x), L.Hashing(num_bins=5, mask_value=0)(np.array([0, 3, 0, 9]))]"),
    S("keras.hash3.bad_salt", "tf.keras.layers.Hashing(num_bins=3, salt='abc')"),
]

_AUG_GRAD = """
x = tf.constant(np.sin(np.arange(2 * 6 * 5 * 3) * 0.7).reshape(2, 6, 5, 3).astype('float32'))
w = tf.constant(np.cos(np.arange(2 * 6 * 5 * 3) * 0.3).reshape(2, 6, 5, 3).astype('float32'))
def aug_grad(layer):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x, training=True)
        loss = tf.reduce_sum(y * w)
    return [y, tape.gradient(loss, x)]
"""

_AUG_LAYERS = [
    ("rotation", "RandomRotation(0.2, seed=4)"),
    ("rotation_constant_nearest", "RandomRotation((-0.5, 0.1), fill_mode='constant', fill_value=-1., "
                                  "interpolation='nearest', seed=5)"),
    ("rotation_wrap", "RandomRotation(0.3, fill_mode='wrap', seed=6)"),
    ("rotation_nearest_fill", "RandomRotation(0.4, fill_mode='nearest', seed=7)"),
    ("zoom", "RandomZoom(0.3, seed=8)"),
    ("zoom_constant", "RandomZoom((-0.5, -0.2), (0.1, 0.4), fill_mode='constant', seed=9)"),
    ("translation", "RandomTranslation(0.3, 0.4, seed=10)"),
    ("translation_wrap_nearest", "RandomTranslation((-0.5, 0.5), 0.2, fill_mode='wrap', "
                                 "interpolation='nearest', seed=11)"),
    ("flip", "RandomFlip(seed=1)"),
]

SNIPPETS += [S(f"keras.aug3.grad_{name}", _AUG_GRAD + f"result = aug_grad(tf.keras.layers.{ctor})\n",
               rtol=1e-4, atol=1e-4) for name, ctor in _AUG_LAYERS] + [
    S("keras.aug3.trainable_before", _PRELUDE + """
tf.keras.utils.set_random_seed(2)
model = tf.keras.Sequential([tf.keras.Input((6, 5, 2)), tf.keras.layers.Conv2D(3, 3, padding='same'),
                             tf.keras.layers.RandomRotation(0.1, seed=3), tf.keras.layers.RandomZoom(0.2, seed=4),
                             tf.keras.layers.GlobalAveragePooling2D(), tf.keras.layers.Dense(1)])
model.set_weights([fixed(v.shape, i) for i, v in enumerate(model.get_weights())])
x = fixed((4, 6, 5, 2), 1)
with tf.GradientTape() as tape:
    y = model(x, training=True)
    loss = tf.reduce_sum(y * y)
result = [y, tape.gradient(loss, model.trainable_weights)]
""", rtol=1e-4, atol=1e-4),
]

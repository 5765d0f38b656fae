"""Keras layers of issue 16's second batch (transposed/depthwise/separable convolutions, group
normalization, noise, attention, preprocessing) on fixed weights, under TF 2.21 + Keras 3 and
under tapeviz: outputs and gradients (inputs and weights), as in corpus_keras."""
from tests.tf_diff.corpus import S
from tests.tf_diff.corpus_keras import _PRELUDE

_SEQ = "fixed((2, 5, 3), 1)"
_IMG = "fixed((2, 6, 6, 3), 2)"
_IMG4 = "fixed((2, 5, 4, 4), 3)"

_LAYERS = [
    ("conv2d_transpose", "tf.keras.layers.Conv2DTranspose(2, 3)", _IMG),
    ("conv2d_transpose.same_stride", "tf.keras.layers.Conv2DTranspose(3, 3, strides=2, padding='same')", _IMG),
    ("conv2d_transpose.valid_stride", "tf.keras.layers.Conv2DTranspose(2, (2, 3), strides=(2, 1))", _IMG),
    ("conv2d_transpose.stride_gt_kernel", "tf.keras.layers.Conv2DTranspose(2, 2, strides=3)", _IMG),
    ("conv2d_transpose.output_padding",
     "tf.keras.layers.Conv2DTranspose(2, 3, strides=2, padding='same', output_padding=1)", _IMG),
    ("conv2d_transpose.dilated", "tf.keras.layers.Conv2DTranspose(2, 2, dilation_rate=2, activation='relu')", _IMG),
    ("conv1d_transpose", "tf.keras.layers.Conv1DTranspose(2, 3, strides=2)", _SEQ),
    ("conv1d_transpose.same", "tf.keras.layers.Conv1DTranspose(4, 2, padding='same', use_bias=False)", _SEQ),
    ("depthwise_conv2d", "tf.keras.layers.DepthwiseConv2D(3)", _IMG),
    ("depthwise_conv2d.multiplier", "tf.keras.layers.DepthwiseConv2D(2, depth_multiplier=2, padding='same')", _IMG),
    ("depthwise_conv2d.stride", "tf.keras.layers.DepthwiseConv2D((3, 2), strides=2, activation='tanh')", _IMG),
    ("depthwise_conv2d.dilated", "tf.keras.layers.DepthwiseConv2D(2, dilation_rate=2, use_bias=False)", _IMG),
    ("separable_conv2d", "tf.keras.layers.SeparableConv2D(4, 3)", _IMG),
    ("separable_conv2d.multiplier",
     "tf.keras.layers.SeparableConv2D(2, 2, depth_multiplier=2, strides=2, padding='same')", _IMG),
    ("group_normalization", "tf.keras.layers.GroupNormalization(2)", _IMG4),
    ("group_normalization.instance", "tf.keras.layers.GroupNormalization(-1, epsilon=1e-5)", _IMG),
    ("group_normalization.seq", "tf.keras.layers.GroupNormalization(3, center=False)", _SEQ),
    ("group_normalization.axis1", "tf.keras.layers.GroupNormalization(5, axis=1, scale=False)", _IMG4),
    ("gaussian_noise.inference", "tf.keras.layers.GaussianNoise(0.5)", _SEQ),
    ("attention.self", "tf.keras.layers.Lambda(lambda t: tf.keras.layers.Attention()([t, t]))", _SEQ),
]

_TWO_INPUTS = """
q = tf.constant(fixed((2, 3, 4), 1))
v = tf.constant(fixed((2, 5, 4), 2))
k = tf.constant(fixed((2, 5, 4), 3))

def run2(layer, call):
    call(layer)
    layer.set_weights([fixed(w.shape, i) for i, w in enumerate(layer.get_weights())])
    with tf.GradientTape() as tape:
        tape.watch([q, v, k])
        y = call(layer)
        flat = tf.nest.flatten(y)
        total = tf.add_n([tf.reduce_sum(t * fixed(t.shape, 7)) for t in flat])
    grads = tape.gradient(total, [q, v, k] + layer.trainable_weights)
    return {'out': flat, 'grads': [g if g is not None else 'none' for g in grads],
            'names': [w.path.split('/', 1)[1] for w in layer.weights]}
"""

_ATTENTION = [
    ("attention", "tf.keras.layers.Attention()", "lambda l: l([q, v])"),
    ("attention.key", "tf.keras.layers.Attention(use_scale=True)", "lambda l: l([q, v, k])"),
    ("attention.concat", "tf.keras.layers.Attention(score_mode='concat', use_scale=True)",
     "lambda l: l([q, v, k], return_attention_scores=True)"),
    ("attention.causal", "tf.keras.layers.Attention()", "lambda l: l([v, v], use_causal_mask=True)"),
    ("attention.masks", "tf.keras.layers.Attention()",
     "lambda l: l([q, v], mask=[tf.constant([[True, True, False], [True, False, True]]), "
     "tf.constant([[True, False, True, True, False], [True, True, True, False, False]])])"),
    ("additive_attention", "tf.keras.layers.AdditiveAttention()", "lambda l: l([q, v, k])"),
    ("additive_attention.no_scale", "tf.keras.layers.AdditiveAttention(use_scale=False)",
     "lambda l: l([q, v], return_attention_scores=True)"),
    ("mha", "tf.keras.layers.MultiHeadAttention(2, 3)", "lambda l: l(q, v)"),
    ("mha.key_scores", "tf.keras.layers.MultiHeadAttention(3, 2, value_dim=4)",
     "lambda l: l(q, v, k, return_attention_scores=True)"),
    ("mha.self_causal", "tf.keras.layers.MultiHeadAttention(2, 2, use_bias=False)",
     "lambda l: l(v, v, use_causal_mask=True)"),
    ("mha.output_shape", "tf.keras.layers.MultiHeadAttention(1, 3, output_shape=5)", "lambda l: l(q, v)"),
    ("mha.attention_mask", "tf.keras.layers.MultiHeadAttention(2, 2)",
     "lambda l: l(q, v, attention_mask=tf.constant(np.arange(30).reshape(2, 3, 5) % 3 > 0))"),
]


def _layer_snippet(name, ctor, x):
    return S(f"keras.layer2.{name}", _PRELUDE + f"result = run({ctor}, {x})\n", rtol=1e-4, atol=1e-5)


def _attention_snippet(name, ctor, call):
    return S(f"keras.attention.{name}", _PRELUDE + _TWO_INPUTS + f"result = run2({ctor}, {call})\n",
             rtol=1e-4, atol=1e-5)


SNIPPETS = [_layer_snippet(*spec) for spec in _LAYERS] + [_attention_snippet(*spec) for spec in _ATTENTION] + [
    S("keras.layer2.seeded_noise",
      "x = tf.ones((2, 3, 4))\n"
      "result = [tf.keras.layers.GaussianNoise(0.3, seed=3)(x, training=True),\n"
      "          tf.keras.layers.GaussianDropout(0.4, seed=5)(x, training=True),\n"
      "          tf.keras.layers.SpatialDropout1D(0.5, seed=2)(x, training=True),\n"
      "          tf.keras.layers.SpatialDropout2D(0.5, seed=7)(tf.ones((2, 2, 2, 5)), training=True),\n"
      "          tf.keras.layers.GaussianNoise(0.3, seed=3)(x)]", rtol=1e-5, atol=1e-6),
    S("keras.layer2.transpose_shapes",
      "inp = tf.keras.Input((5, 5, 3))\n"
      "outs = [tf.keras.layers.Conv2DTranspose(2, 3, strides=2)(inp),\n"
      "        tf.keras.layers.Conv2DTranspose(2, 3, strides=2, padding='same', output_padding=1)(inp),\n"
      "        tf.keras.layers.SeparableConv2D(4, 2, strides=2)(inp),\n"
      "        tf.keras.layers.DepthwiseConv2D(3, depth_multiplier=3)(inp)]\n"
      "model = tf.keras.Model(inp, outs)\n"
      "result = [list(t.shape) for t in model.outputs] + [model.count_params()]"),
    S("keras.layer2.group_norm_bad_groups", "tf.keras.layers.GroupNormalization(4)(tf.ones((1, 2, 6)))"),
    S("keras.layer2.group_norm_bad_arg", "tf.keras.layers.GroupNormalization(0)"),
    S("keras.layer2.transpose_bad_output_padding",
      "tf.keras.layers.Conv2DTranspose(2, 3, strides=2, output_padding=2)"),
    S("keras.layer2.mha_bad_heads", "tf.keras.layers.MultiHeadAttention(0, 2)"),
    S("keras.layer2.attention_not_list", "tf.keras.layers.Attention()(tf.ones((1, 2, 3)))"),
]

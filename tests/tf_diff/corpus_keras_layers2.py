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

_IMAGES = "x = np.arange(2 * 5 * 7 * 3, dtype='float32').reshape(2, 5, 7, 3)\n"

SNIPPETS += [
    S("keras.pre.normalization_adapt",
      "n = tf.keras.layers.Normalization()\n"
      "n.adapt(np.array([[1., 2.], [3., 6.], [5., 10.]], 'float32'))\n"
      "x = tf.constant([[1., 2.], [0., -3.]])\n"
      "with tf.GradientTape() as tape:\n    tape.watch(x)\n    y = n(x)\n"
      "result = [y, tape.gradient(tf.reduce_sum(y * [[1., 2.]]), x), n.mean, n.variance,\n"
      "          [w.path for w in n.weights], n.compute_output_shape((None, 2))]", rtol=1e-5, atol=1e-6),
    S("keras.pre.normalization_axes",
      "n = tf.keras.layers.Normalization(axis=(1, 2))\n"
      "n.adapt(np.sin(np.arange(24.)).reshape(4, 2, 3).astype('float32'))\n"
      "m = tf.keras.layers.Normalization(axis=None)\n"
      "m.adapt([np.arange(6.).reshape(3, 2), np.arange(4.).reshape(2, 2) * 3])\n"
      "result = [n(np.ones((1, 2, 3), 'float32')), m(np.ones((1, 2), 'float32')), m.mean, m.variance]",
      rtol=1e-5, atol=1e-6),
    S("keras.pre.normalization_given",
      "result = [tf.keras.layers.Normalization(mean=2.0, variance=4.0)(np.array([[1., 2.]])),\n"
      "          tf.keras.layers.Normalization(mean=[1., 2.], variance=[1., 4.], invert=True)(np.array([[1., 2.]])),\n"
      "          tf.keras.layers.Normalization(mean=[1., 2.], variance=[0., 1.])(np.array([[1., 2.]]))]",
      rtol=1e-5, atol=1e-6),
    S("keras.pre.normalization_bad", "tf.keras.layers.Normalization(mean=1.0)"),
    S("keras.pre.rescaling",
      "result = [tf.keras.layers.Rescaling(1 / 255., offset=-1)(np.array([[0, 255, 128]])),\n"
      "          tf.keras.layers.Rescaling(2.0)(tf.constant([[1.5]], 'float64'))]", rtol=1e-6),
    S("keras.pre.resizing", _IMAGES +
      "result = [tf.keras.layers.Resizing(3, 4)(x), tf.keras.layers.Resizing(8, 8, interpolation='nearest')(x),\n"
      "          tf.keras.layers.Resizing(4, 2, crop_to_aspect_ratio=True)(x)]", rtol=1e-4, atol=1e-4),
    S("keras.pre.center_crop", _IMAGES +
      "result = [tf.keras.layers.CenterCrop(3, 4)(x), tf.keras.layers.CenterCrop(2, 2)(x[0]),\n"
      "          tf.keras.layers.CenterCrop(6, 4)(x)]", rtol=1e-4, atol=1e-4),
    S("keras.pre.string_lookup",
      "L = tf.keras.layers\n"
      "x = tf.constant([['a', 'z'], ['c', 'b']])\n"
      "out = [L.StringLookup(vocabulary=['a', 'b', 'c'])(x)]\n"
      "for mode in ['multi_hot', 'count']:\n"
      "    out.append(L.StringLookup(vocabulary=['a', 'b', 'c'], output_mode=mode)(x))\n"
      "out.append(L.StringLookup(vocabulary=['a', 'b', 'c'], output_mode='one_hot')(tf.constant(['a', 'z', 'c'])))\n"
      "l = L.StringLookup(vocabulary=['a', 'b', 'c'], mask_token='', output_mode='multi_hot')\n"
      "out += [l.get_vocabulary(), l(tf.constant([['a', ''], ['', '']]))]\n"
      "l = L.StringLookup(mask_token='')\nl.adapt(['b a a', 'c', 'c', 'b a a', 'q'])\n"
      "out += [l.get_vocabulary(), l.vocabulary_size(), l(tf.constant(['c', '', 'zz']))]\n"
      "l = L.StringLookup(max_tokens=3)\nl.adapt(tf.constant([['b', 'a'], ['a', 'c'], ['d', 'c']]))\n"
      "out += [l.get_vocabulary(), l.get_vocabulary(include_special_tokens=False)]\n"
      "l = L.StringLookup(output_mode='tf_idf')\nl.adapt(tf.constant([['b', 'a'], ['a', 'c'], ['d', 'c']]))\n"
      "out.append(l(tf.constant([['a', 'a', 'z'], ['d', 'b', 'b']])))\n"
      "out.append(L.StringLookup(vocabulary=['a', 'b'], invert=True)(tf.constant([0, 1, 2, 5])))\n"
      "out.append(L.StringLookup(vocabulary=['a', 'b'], mask_token='', invert=True)(tf.constant([0, 1, 2, 3, 5])))\n"
      "out.append(L.StringLookup(vocabulary=['x'], num_oov_indices=3)(tf.constant(['x', 'hello', 'a', 'b', 'longer words'])))\n"
      "out.append(L.StringLookup(vocabulary=['a'], output_mode='count', pad_to_max_tokens=True, max_tokens=5)(tf.constant([['a', 'a', 'q']])))\n"
      "result = out", rtol=1e-5, atol=1e-6),
    S("keras.pre.string_lookup_oov0",
      "try:\n"
      "    tf.keras.layers.StringLookup(vocabulary=['a'], num_oov_indices=0)(tf.constant(['a', 'b']))\n"
      "except Exception as e:\n"
      "    result = [type(e).__name__, 'found OOV values' in str(e) and 'num_oov_indices=1' in str(e)]"),
    S("keras.pre.string_lookup_repeated", "tf.keras.layers.StringLookup(vocabulary=['a', 'b', 'a'])"),
    S("keras.pre.integer_lookup",
      "L = tf.keras.layers\n"
      "i = L.IntegerLookup(vocabulary=[12, 36, 1138])\n"
      "out = [i(tf.constant([[12, 1138], [42, 36]])), i.get_vocabulary()]\n"
      "i = L.IntegerLookup()\ni.adapt(np.array([3, 3, 7, 0, -1, 5, 7, 7]))\nout += [i.get_vocabulary(), i(np.array([7, 9]))]\n"
      "out.append(L.IntegerLookup(num_oov_indices=2, vocabulary=[4])(tf.constant([4, 5, 6, 7])))\n"
      "out.append(L.IntegerLookup(vocabulary=[4, 8], mask_token=0)(tf.constant([0, 4, 8, 9])))\n"
      "out.append(L.IntegerLookup(vocabulary=[4, 8], invert=True)(tf.constant([0, 1, 2, 7])))\n"
      "out.append(L.IntegerLookup(vocabulary=[4, 8], output_mode='multi_hot')(tf.constant([[4, 9], [8, 8]])))\n"
      "result = out"),
    S("keras.pre.text_vectorization",
      "L = tf.keras.layers\n"
      "t = L.TextVectorization(output_sequence_length=6)\n"
      "t.adapt(['The cat sat.', 'the DOG sat, on the mat!', 'a cat'])\n"
      "out = [t.get_vocabulary(), t(['the cat ate', 'dog']), t(tf.constant([['Cat?'], ['a a a a a a a a']]))]\n"
      "t = L.TextVectorization(output_mode='multi_hot', ngrams=2)\nt.adapt(['a b a', 'b c'])\n"
      "out += [t.get_vocabulary(), t(['a b', 'c d'])]\n"
      "t = L.TextVectorization(output_mode='tf_idf', max_tokens=4)\nt.adapt(['a b a', 'b c', 'c c d'])\n"
      "out += [t.get_vocabulary(), t(['a b', 'c d'])]\n"
      "t = L.TextVectorization()\nt.adapt(['x y z', 'x'])\nout.append(t(['x', 'y z w q']))\n"
      "t = L.TextVectorization(output_mode='count', split='character', standardize=None)\n"
      "t.adapt(['Ab', 'bb'])\nout += [t.get_vocabulary(), t(['bA'])]\n"
      "t = L.TextVectorization(max_tokens=5, ngrams=(2,), standardize='lower', vocabulary=None)\n"
      "t.adapt(tf.data.Dataset.from_tensor_slices(['One, two', 'one, two three', 'TWO three']).batch(2))\n"
      "out += [t.get_vocabulary(), t(['one, two three four'])]\n"
      "t = L.TextVectorization(vocabulary=['hello', 'world'], output_sequence_length=3)\n"
      "out += [t(['hello there world']), t.vocabulary_size()]\n"
      "result = out"),
    S("keras.pre.hashing",
      "L = tf.keras.layers\n"
      "result = [L.Hashing(num_bins=5)(tf.constant([['a', 'b'], ['c', 'd']])),\n"
      "          L.Hashing(num_bins=5, mask_value='')(tf.constant([['a', ''], ['c', 'd']])),\n"
      "          L.Hashing(num_bins=4)(np.array([[1, 2], [300, -4]])),\n"
      "          L.Hashing(num_bins=3, output_mode='multi_hot')(tf.constant(['a', 'b', 'c'])),\n"
      "          L.Hashing(num_bins=1000)(tf.constant(['a much longer string of text, over sixty-four bytes long for sure!!']))]"),
    S("keras.pre.category_encoding",
      "L = tf.keras.layers\n"
      "result = [L.CategoryEncoding(num_tokens=4, output_mode='one_hot')([3, 2, 0, 1]),\n"
      "          L.CategoryEncoding(num_tokens=4, output_mode='multi_hot')([[0, 1], [0, 0], [1, 2], [3, 1]]),\n"
      "          L.CategoryEncoding(num_tokens=4, output_mode='count')([[0, 1, 1], [3, 3, 2]]),\n"
      "          L.CategoryEncoding(num_tokens=4, output_mode='count')([[0, 1], [2, 2]], count_weights=np.array([[.1, .2], [.3, .4]])),\n"
      "          L.CategoryEncoding(num_tokens=3)([0, 2]),\n"
      "          L.CategoryEncoding(num_tokens=3, output_mode='one_hot')(5)]", rtol=1e-6),
    S("keras.pre.discretization",
      "L = tf.keras.layers\n"
      "d = L.Discretization(num_bins=4, epsilon=0.01)\nd.adapt(np.arange(20, dtype='float32'))\n"
      "e = L.Discretization(num_bins=3)\ne.adapt(np.sin(np.arange(500.)).astype('float32'))\n"
      "result = [L.Discretization(bin_boundaries=[0., 1., 2.])([[-1.5, 1.0, 3.4, .5], [0.0, 3.0, 1.3, 0.0]]),\n"
      "          d.bin_boundaries, d(np.array([[-1., 3., 9.5, 15., 30.]])), e.bin_boundaries,\n"
      "          L.Discretization(bin_boundaries=[0., 1.], output_mode='one_hot')(np.array([-1., 0.5, 2.])),\n"
      "          L.Discretization(bin_boundaries=[0., 1.], output_mode='count')(np.array([[-1., 0.5, 2., 3.]]))]",
      rtol=1e-5, atol=1e-6),
    S("keras.pre.discretization_bad", "tf.keras.layers.Discretization(num_bins=3, bin_boundaries=[1.])"),
    S("keras.aug.seeded", _IMAGES + """
L = tf.keras.layers
out = []
for layer in [L.RandomFlip(seed=1), L.RandomFlip('horizontal', seed=2), L.RandomFlip('vertical', seed=3),
              L.RandomRotation(0.2, seed=4), L.RandomRotation((-0.5, 0.1), fill_mode='constant', fill_value=-1., seed=5),
              L.RandomRotation(0.3, fill_mode='wrap', interpolation='nearest', seed=6),
              L.RandomRotation(0.4, fill_mode='nearest', seed=7),
              L.RandomZoom(0.3, seed=8), L.RandomZoom((-0.5, -0.2), (0.1, 0.4), fill_mode='constant', seed=9),
              L.RandomTranslation(0.3, 0.4, seed=10), L.RandomTranslation((-0.5, 0.5), 0.2, fill_mode='wrap', seed=11),
              L.RandomContrast(0.5, seed=12), L.RandomBrightness(0.3, seed=13),
              L.RandomBrightness((-0.2, 0.1), value_range=(0, 100), seed=14)]:
    out += [layer(x), layer(x[0]), layer(x, training=False)]
result = out
""", rtol=1e-4, atol=1e-3),
    S("keras.aug.in_model", _IMAGES + """
model = tf.keras.Sequential([tf.keras.Input((5, 7, 3)), tf.keras.layers.RandomFlip(seed=1),
                             tf.keras.layers.RandomRotation(0.1, seed=2)])
result = [model.predict(x, verbose=0), model(x, training=True)]
""", rtol=1e-4, atol=1e-3),
    S("keras.aug.bad_factor", "tf.keras.layers.RandomRotation(1.5)"),
    S("keras.aug.bad_fill", "tf.keras.layers.RandomZoom(0.1, fill_mode='mirror')"),
]

_RNN_DROPOUT = _PRELUDE + """
x = tf.constant(fixed((3, 4, 5), 1))
def run_dropout(layer):
    layer(x)
    layer.set_weights([fixed(w.shape, i) for i, w in enumerate(layer.get_weights())])
    with tf.GradientTape() as tape:
        y = layer(x, training=True)
        total = tf.add_n([tf.reduce_sum(t * fixed(t.shape, 7)) for t in tf.nest.flatten(y)])
    grads = tape.gradient(total, layer.trainable_weights)
    return [y, grads, layer(x, training=False), layer(x, training=True)]
"""

_DROPOUT_LAYERS = [
    ("simple_rnn", "tf.keras.layers.SimpleRNN(3, dropout=0.4, recurrent_dropout=0.3, seed=1, return_sequences=True)"),
    ("simple_rnn.input_only", "tf.keras.layers.SimpleRNN(3, dropout=0.5, seed=2)"),
    ("gru", "tf.keras.layers.GRU(3, dropout=0.4, seed=3, return_sequences=True)"),
    ("gru.recurrent", "tf.keras.layers.GRU(3, dropout=0.3, recurrent_dropout=0.5, seed=4)"),
    ("gru.recurrent_before", "tf.keras.layers.GRU(2, recurrent_dropout=0.5, reset_after=False, seed=5)"),
    ("lstm", "tf.keras.layers.LSTM(3, dropout=0.4, seed=6, return_state=True)"),
    ("lstm.recurrent", "tf.keras.layers.LSTM(3, dropout=0.2, recurrent_dropout=0.4, seed=7, return_sequences=True)"),
    ("bidirectional", "tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(2, dropout=0.3, recurrent_dropout=0.3, seed=8))"),
]

SNIPPETS += [S(f"keras.rnn_dropout.{name}", _RNN_DROPOUT + f"result = run_dropout({ctor})\n",
               rtol=1e-5, atol=1e-6) for name, ctor in _DROPOUT_LAYERS] + [
    S("keras.rnn.stateful", _PRELUDE + """
layer = tf.keras.layers.LSTM(2, stateful=True, return_state=True)
x = tf.constant(fixed((2, 3, 4), 1))
layer(x)
layer.set_weights([fixed(w.shape, i) for i, w in enumerate(layer.get_weights())])
layer.reset_state()
a = layer(x)
b = layer(x)
layer.reset_state()
c = layer(x)
g = tf.keras.layers.GRU(2, stateful=True)
g(x)
g.set_weights([fixed(w.shape, i) for i, w in enumerate(g.get_weights())])
g.reset_state()
d = [g(x), g(x)]
result = [a, b, c, d, len(layer.weights)]
""", rtol=1e-4, atol=1e-5),
    S("keras.rnn.stateful_model", """
tf.keras.utils.set_random_seed(3)
model = tf.keras.Sequential([tf.keras.Input((3, 2), batch_size=4), tf.keras.layers.SimpleRNN(3, stateful=True),
                             tf.keras.layers.Dense(1)])
model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss='mse')
x = np.sin(np.arange(48.)).reshape(16, 3, 2).astype('float32')
y = np.cos(np.arange(16.)).reshape(16, 1).astype('float32')
h = model.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0)
result = [h.history, model.predict(x[:4], verbose=0)]
""", rtol=1e-4, atol=1e-5),
    S("keras.rnn.regularizers", """
tf.keras.utils.set_random_seed(1)
layer = tf.keras.layers.LSTM(2, kernel_regularizer=tf.keras.regularizers.L2(0.1), recurrent_regularizer='l1',
                             bias_regularizer=tf.keras.regularizers.L1L2(0.01, 0.02))
layer(tf.ones((1, 2, 3)))
result = [float(sum(layer.losses)), len(layer.losses)]
""", rtol=1e-5),
]

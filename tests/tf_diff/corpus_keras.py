"""Keras layers on fixed weights: outputs and gradients (inputs and weights) of each layer, under
TF 2.21 + Keras 3 and under tapeviz. Weights are set to deterministic values (`np.sin` of a
range), so no random draw is compared here."""
from tests.tf_diff.corpus import S

_PRELUDE = """
tf.keras.backend.clear_session()   # layer names (in the weight paths) count from zero

def fixed(shape, k):
    return (np.sin(np.arange(int(np.prod(shape))) * 0.37 + k) * 0.5).reshape(shape).astype('float32')

def run(layer, x):
    x = tf.constant(x)
    layer(x)
    layer.set_weights([fixed(w.shape, i) for i, w in enumerate(layer.get_weights())])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x)
        flat = tf.nest.flatten(y)
        total = tf.add_n([tf.reduce_sum(t * fixed(t.shape, 7)) for t in flat])
    grads = tape.gradient(total, [x] + layer.trainable_weights)
    return {'out': flat, 'grads': grads, 'names': sorted(w.path.split('/', 1)[1] for w in layer.weights)}
"""

_SEQ = "fixed((2, 5, 3), 1)"
_IMG = "fixed((2, 6, 6, 3), 2)"

_LAYERS = [
    ("simple_rnn", "tf.keras.layers.SimpleRNN(4)", _SEQ),
    ("simple_rnn.seq_state", "tf.keras.layers.SimpleRNN(4, return_sequences=True, return_state=True)", _SEQ),
    ("simple_rnn.backwards", "tf.keras.layers.SimpleRNN(3, go_backwards=True, return_sequences=True)", _SEQ),
    ("gru", "tf.keras.layers.GRU(4)", _SEQ),
    ("gru.seq_state", "tf.keras.layers.GRU(4, return_sequences=True, return_state=True)", _SEQ),
    ("gru.reset_before", "tf.keras.layers.GRU(3, reset_after=False, return_sequences=True)", _SEQ),
    ("gru.no_bias", "tf.keras.layers.GRU(3, use_bias=False)", _SEQ),
    ("lstm", "tf.keras.layers.LSTM(4)", _SEQ),
    ("lstm.seq_state", "tf.keras.layers.LSTM(4, return_sequences=True, return_state=True)", _SEQ),
    ("lstm.backwards", "tf.keras.layers.LSTM(2, go_backwards=True)", _SEQ),
    ("lstm.relu", "tf.keras.layers.LSTM(3, activation='elu', unit_forget_bias=False)", _SEQ),
    ("rnn.lstm_cell", "tf.keras.layers.RNN(tf.keras.layers.LSTMCell(3), return_sequences=True)", _SEQ),
    ("rnn.gru_cell", "tf.keras.layers.RNN(tf.keras.layers.GRUCell(3))", _SEQ),
    ("rnn.simple_cell", "tf.keras.layers.RNN(tf.keras.layers.SimpleRNNCell(2), return_state=True)", _SEQ),
    ("bidirectional.lstm", "tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(3))", _SEQ),
    ("bidirectional.gru_seq",
     "tf.keras.layers.Bidirectional(tf.keras.layers.GRU(2, return_sequences=True))", _SEQ),
    ("bidirectional.sum", "tf.keras.layers.Bidirectional(tf.keras.layers.SimpleRNN(2, "
     "return_sequences=True), merge_mode='sum')", _SEQ),
    ("bidirectional.ave_state", "tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(2, "
     "return_state=True), merge_mode='ave')", _SEQ),
    ("bidirectional.none", "tf.keras.layers.Bidirectional(tf.keras.layers.GRU(2), merge_mode=None)", _SEQ),
    ("conv1d", "tf.keras.layers.Conv1D(4, 3)", _SEQ),
    ("conv1d.same_stride", "tf.keras.layers.Conv1D(2, 2, strides=2, padding='same', activation='relu')", _SEQ),
    ("conv1d.dilated", "tf.keras.layers.Conv1D(2, 2, dilation_rate=2, use_bias=False)", _SEQ),
    ("max_pooling1d", "tf.keras.layers.MaxPooling1D()", _SEQ),
    ("max_pooling1d.same", "tf.keras.layers.MaxPooling1D(3, strides=2, padding='same')", _SEQ),
    ("average_pooling1d", "tf.keras.layers.AveragePooling1D(2, strides=1)", _SEQ),
    ("average_pooling1d.same", "tf.keras.layers.AveragePooling1D(2, padding='same')", _SEQ),
    ("average_pooling2d", "tf.keras.layers.AveragePooling2D(2)", _IMG),
    ("average_pooling2d.same", "tf.keras.layers.AveragePooling2D(3, strides=2, padding='same')", _IMG),
    ("global_average_pooling1d", "tf.keras.layers.GlobalAveragePooling1D()", _SEQ),
    ("global_max_pooling1d", "tf.keras.layers.GlobalMaxPooling1D(keepdims=True)", _SEQ),
    ("global_average_pooling2d", "tf.keras.layers.GlobalAveragePooling2D()", _IMG),
    ("global_max_pooling2d", "tf.keras.layers.GlobalMaxPooling2D()", _IMG),
    ("layer_normalization", "tf.keras.layers.LayerNormalization()", _SEQ),
    ("layer_normalization.axes", "tf.keras.layers.LayerNormalization(axis=[1, 2], epsilon=1e-5)", _SEQ),
    ("layer_normalization.no_center", "tf.keras.layers.LayerNormalization(center=False)", _IMG),
    ("permute", "tf.keras.layers.Permute((2, 1))", _SEQ),
    ("repeat_vector", "tf.keras.layers.RepeatVector(3)", "fixed((2, 4), 3)"),
    ("lambda", "tf.keras.layers.Lambda(lambda t: tf.square(t) + 1.0)", _SEQ),
    ("up_sampling1d", "tf.keras.layers.UpSampling1D(3)", _SEQ),
    ("up_sampling2d", "tf.keras.layers.UpSampling2D((2, 1))", _IMG),
    ("zero_padding1d", "tf.keras.layers.ZeroPadding1D((1, 2))", _SEQ),
    ("zero_padding2d", "tf.keras.layers.ZeroPadding2D(((1, 0), (2, 1)))", _IMG),
    ("cropping1d", "tf.keras.layers.Cropping1D((1, 2))", _SEQ),
    ("cropping2d", "tf.keras.layers.Cropping2D(((1, 0), (2, 1)))", _IMG),
    ("reshape", "tf.keras.layers.Reshape((3, 5))", _SEQ),
    ("time_distributed.dense", "tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(2, activation='tanh'))", _SEQ),
    ("time_distributed.conv2d", "tf.keras.layers.TimeDistributed(tf.keras.layers.Conv2D(2, 2))",
     "fixed((2, 3, 4, 4, 1), 4)"),
    ("flatten", "tf.keras.layers.Flatten()", _IMG),
]

_MERGES = [
    ("add", "tf.keras.layers.add([a, b, c])"),
    ("subtract", "tf.keras.layers.subtract([a, b])"),
    ("multiply", "tf.keras.layers.multiply([a, b, c])"),
    ("average", "tf.keras.layers.average([a, b, c])"),
    ("maximum", "tf.keras.layers.maximum([a, b])"),
    ("minimum", "tf.keras.layers.minimum([a, b, c])"),
    ("concatenate", "tf.keras.layers.concatenate([a, b], axis=1)"),
    ("dot.last", "tf.keras.layers.dot([a, b], axes=-1)"),
    ("dot.steps", "tf.keras.layers.Dot(axes=1)([a, b])"),
    ("dot.normalize", "tf.keras.layers.Dot(axes=2, normalize=True)([a, b])"),
    ("dot.rank2", "tf.keras.layers.Dot(axes=1)([a[:, 0], b[:, 1]])"),
]


def _layer_snippet(name, ctor, x):
    return S(f"keras.layer.{name}", _PRELUDE + f"result = run({ctor}, {x})\n", rtol=1e-4, atol=1e-5)


def _merge_snippet(name, expr):
    code = ("a, b, c = (tf.constant((np.sin(np.arange(30) * k) * 0.7).reshape(2, 5, 3)"
            ".astype('float32')) for k in (0.3, 0.5, 0.9))\n"
            f"with tf.GradientTape() as tape:\n    tape.watch([a, b, c])\n    y = {expr}\n"
            "    total = tf.reduce_sum(y * tf.cast(tf.range(tf.size(y)), y.dtype) / 10.0)\n"
            "g = tape.gradient(total, [a, b, c])\n"
            "result = [y, [t if t is not None else 'none' for t in g]]\n")
    return S(f"keras.merge.{name}", code, rtol=1e-4, atol=1e-5)


SNIPPETS = ([_layer_snippet(*spec) for spec in _LAYERS] + [_merge_snippet(*spec) for spec in _MERGES] + [
    S("keras.layer.orthogonal_init",
      "result = tf.keras.initializers.Orthogonal(seed=3)((4, 6))", rtol=1e-4, atol=1e-5),
    S("keras.layer.orthogonal_init.tall",
      "result = tf.keras.initializers.Orthogonal(gain=2.0, seed=1)((3, 2, 3))", rtol=1e-4, atol=1e-5),
    S("keras.layer.lstm_default_init",
      "tf.keras.utils.set_random_seed(5)\nlayer = tf.keras.layers.LSTM(3)\n"
      "y = layer(tf.ones((1, 2, 2)))\nresult = [y, layer.get_weights()]", rtol=1e-4, atol=1e-5),
    S("keras.layer.gru_shapes",
      "layer = tf.keras.layers.GRU(3)\nlayer(tf.ones((1, 2, 4)))\n"
      "result = [list(w.shape) for w in layer.weights] + [layer.count_params()]"),
    S("keras.layer.bidirectional_names",
      "layer = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(2, name='enc'), name='bi')\n"
      "layer(tf.ones((1, 3, 2)))\nresult = [w.path for w in layer.weights]"),
    S("keras.layer.functional_lstm_shapes",
      "inp = tf.keras.Input((7, 3))\n"
      "seq, h, c = tf.keras.layers.LSTM(5, return_sequences=True, return_state=True)(inp)\n"
      "out = tf.keras.layers.GlobalAveragePooling1D()(seq)\n"
      "model = tf.keras.Model(inp, [out, h, tf.keras.layers.Bidirectional(tf.keras.layers.GRU(2))(inp)])\n"
      "result = [list(t.shape) for t in model.outputs] + [model.count_params()]"),
    S("keras.mask.embedding_rnns", """
e = tf.keras.layers.Embedding(5, 2, embeddings_initializer='ones', mask_zero=True)
x = tf.constant([[1, 2, 0, 0], [3, 0, 1, 0]])
y = e(x)
out = [y._keras_mask]
for cls in [tf.keras.layers.SimpleRNN, tf.keras.layers.LSTM, tf.keras.layers.GRU]:
    l = cls(2, return_sequences=True, kernel_initializer='ones', recurrent_initializer='ones')
    o = l(y)
    out += [o, o._keras_mask, cls(2, kernel_initializer='ones', recurrent_initializer='ones', go_backwards=True)(y)]
b = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(2, return_sequences=True, kernel_initializer='ones',
                                                       recurrent_initializer='ones'))(y)
out += [b, b._keras_mask]
m = tf.keras.layers.Masking(0.0)
z = m(tf.constant([[[1., 2.], [0., 0.], [3., 0.]]]))
out += [z, z._keras_mask, tf.keras.layers.Dense(2, kernel_initializer='ones')(z)._keras_mask]
result = out
"""),
    S("keras.mask.global_average_pooling",
      "e = tf.keras.layers.Embedding(6, 3, embeddings_initializer=tf.random_uniform_initializer(seed=1), mask_zero=True)\n"
      "x = tf.constant([[1, 2, 0, 0], [3, 0, 5, 0]])\n"
      "with tf.GradientTape() as tape:\n"
      "    y = tf.keras.layers.GlobalAveragePooling1D()(e(x))\n"
      "    z = tf.keras.layers.GlobalAveragePooling1D(keepdims=True)(e(x))\n"
      "    loss = tf.reduce_sum(y * [[1.0, 2.0, 3.0]])\n"
      "g = tape.gradient(loss, e.trainable_weights)[0]\n"
      "result = [y, z, tf.convert_to_tensor(g), getattr(y, '_keras_mask', None),\n"
      "          tf.keras.layers.GlobalMaxPooling1D()(e(x))]"),
    S("keras.mask.model_trains",
      "tf.keras.utils.set_random_seed(4)\n"
      "model = tf.keras.Sequential([tf.keras.Input((5,), dtype='int32'),\n"
      "    tf.keras.layers.Embedding(6, 3, mask_zero=True), tf.keras.layers.LSTM(4), tf.keras.layers.Dense(1)])\n"
      "model.compile(optimizer=tf.keras.optimizers.SGD(0.5), loss='mse')\n"
      "x = np.array([[1, 2, 3, 0, 0], [4, 5, 0, 0, 0], [2, 2, 2, 2, 1], [5, 0, 0, 0, 0]] * 2, 'int32')\n"
      "y = np.array([[1.0], [0.0], [0.5], [-1.0]] * 2, 'float32')\n"
      "h = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)\n"
      "result = [h.history, model.predict(x[:4], verbose=0)]", rtol=1e-4, atol=1e-5),
    S("keras.layer.bidirectional_bad_merge",
      "tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(2), merge_mode='max')"),
    S("keras.layer.permute_bad",
      "tf.keras.layers.Permute((1, 3))"),
    S("keras.layer.rnn_units_bad",
      "tf.keras.layers.LSTM(0)"),
    S("keras.layer.average_pooling2d_no_size", "tf.keras.layers.AveragePooling2D()"),
    S("keras.layer.subtract_three",
      "tf.keras.layers.Subtract()([tf.ones((1, 2))] * 3)"),
])

"""Keras files, configs, utilities and `keras.ops` (TF 2.21 + Keras 3): `.keras` round trips
(predictions and optimizer state after loading), the config keys of layers, errors of saving
and loading, `keras.utils` helpers, and `keras.ops` values and dtypes (Keras's promotion rules)."""
from tests.tf_diff.corpus import S

_PRELUDE = """
import os, tempfile, json
tf.keras.backend.clear_session()
tf.keras.utils.set_random_seed(1)
def fixed(model):
    model.set_weights([(np.sin(np.arange(w.size) * 0.37 + i) * 0.5).reshape(w.shape).astype(w.dtype)
                       for i, w in enumerate(model.get_weights())])
    return model
def round_trip(model, **kw):
    path = os.path.join(tempfile.mkdtemp(), 'm.keras')
    model.save(path)
    return tf.keras.models.load_model(path, **kw)
"""

_MODELS = {
    "mlp": "tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(5, activation='relu'),"
           " tf.keras.layers.Dense(2, activation='softmax')])",
    "cnn": "tf.keras.Sequential([tf.keras.Input((6, 6, 1)), tf.keras.layers.Conv2D(3, 3, padding='same',"
           " activation='relu'), tf.keras.layers.MaxPooling2D(), tf.keras.layers.Flatten(),"
           " tf.keras.layers.Dense(2)])",
    "lstm": "tf.keras.Sequential([tf.keras.Input((4, 3)), tf.keras.layers.LSTM(3, return_sequences=True),"
            " tf.keras.layers.GRU(2), tf.keras.layers.Dense(1)])",
    "functional": "(lambda i: tf.keras.Model(i, tf.keras.layers.Add()([tf.keras.layers.Dense(3, name='a')(i),"
                  " tf.keras.layers.Dense(3, activation='tanh', name='b')(i)])))(tf.keras.Input((4,), name='in'))",
    "embedding": "tf.keras.Sequential([tf.keras.Input((5,), dtype='int32'), tf.keras.layers.Embedding(7, 3),"
                 " tf.keras.layers.GlobalAveragePooling1D(), tf.keras.layers.Dropout(0.3), tf.keras.layers.Dense(1)])",
}
_INPUTS = {"mlp": "np.linspace(-1, 1, 8).reshape(2, 4).astype('float32')",
           "cnn": "np.linspace(-1, 1, 72).reshape(2, 6, 6, 1).astype('float32')",
           "lstm": "np.linspace(-1, 1, 24).reshape(2, 4, 3).astype('float32')",
           "functional": "np.linspace(-1, 1, 8).reshape(2, 4).astype('float32')",
           "embedding": "np.array([[1, 2, 3, 0, 6], [4, 4, 5, 1, 0]], 'int32')"}


def _round_trip(name):
    return S(f"keras_files.round_trip.{name}", _PRELUDE + f"""
model = fixed({_MODELS[name]})
x = {_INPUTS[name]}
loaded = round_trip(model)
result = [loaded.predict(x, verbose=0), model.predict(x, verbose=0), [type(l).__name__ for l in loaded.layers],
          [l.name for l in loaded.layers], [w.shape for w in loaded.weights], loaded.name]
""")


SNIPPETS = [_round_trip(name) for name in _MODELS] + [
    S("keras_files.compile_restores_optimizer", _PRELUDE + """
model = fixed(tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2)]))
model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss='mse', metrics=['mae'])
x = np.linspace(0, 1, 12).reshape(4, 3).astype('float32'); y = np.ones((4, 2), 'float32')
model.fit(x, y, epochs=2, batch_size=2, shuffle=False, verbose=0)
loaded = round_trip(model)
h1 = model.fit(x, y, epochs=2, batch_size=2, shuffle=False, verbose=0).history
h2 = loaded.fit(x, y, epochs=2, batch_size=2, shuffle=False, verbose=0).history
result = [h1, h2, type(loaded.optimizer).__name__, float(loaded.optimizer.learning_rate.numpy()),
          int(loaded.optimizer.iterations.numpy()), loaded.loss, model.predict(x, verbose=0), loaded.predict(x, verbose=0)]
""", rtol=1e-4, atol=1e-5),
    S("keras_files.compile_false", _PRELUDE + """
model = fixed(tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2)]))
model.compile(optimizer='sgd', loss='mse')
loaded = round_trip(model, compile=False)
result = [getattr(loaded, 'optimizer', None) is None, loaded(np.ones((1, 3), 'float32'))]
"""),
    S("keras_files.sgd_momentum_state", _PRELUDE + """
model = fixed(tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)]))
model.compile(optimizer=tf.keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True), loss='mse')
model.fit(np.ones((4, 2), 'float32'), np.zeros((4, 1), 'float32'), batch_size=2, verbose=0, shuffle=False)
loaded = round_trip(model)
result = [[np.asarray(v) for v in loaded.optimizer.variables], loaded.optimizer.momentum, loaded.optimizer.nesterov]
"""),
    S("keras_files.dense_config", """
c = tf.keras.layers.Dense(3, activation='relu', use_bias=False, name='d').get_config()
result = {k: c[k] for k in ('name', 'units', 'activation', 'use_bias', 'trainable', 'kernel_regularizer', 'bias_constraint')}
"""),
    S("keras_files.layer_configs", """
layers = [tf.keras.layers.Conv2D(4, (3, 2), strides=2, padding='same'), tf.keras.layers.LSTM(5, return_sequences=True),
          tf.keras.layers.Dropout(0.25, seed=3), tf.keras.layers.Embedding(10, 4, mask_zero=True),
          tf.keras.layers.MaxPooling2D(3), tf.keras.layers.Reshape((2, 3)), tf.keras.layers.BatchNormalization(momentum=0.9)]
keys = ['filters', 'padding', 'units', 'return_sequences', 'use_bias', 'rate', 'noise_shape', 'input_dim', 'output_dim',
        'mask_zero', 'target_shape', 'momentum', 'epsilon']
result = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in l.get_config().items() if k in keys} for l in layers]
"""),
    S("keras_files.from_config", """
d = tf.keras.layers.Dense(4, activation='tanh', name='dd')
e = tf.keras.layers.Dense.from_config(d.get_config())
e.build((None, 2))
result = [e.name, e.units, e.activation.__name__, e.kernel.shape]
"""),
    S("keras_files.sequential_from_config", """
m = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2, name='x')], name='seq')
c = tf.keras.Sequential.from_config(m.get_config())
result = [c.name, [l.name for l in c.layers], [w.shape for w in c.weights], c.built]
"""),
    S("keras_files.to_json", """
m = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2, name='x')], name='seq')
j = __import__('json').loads(m.to_json())
c = tf.keras.models.model_from_json(m.to_json())
result = [j['class_name'], j['config']['name'], [l['class_name'] for l in j['config']['layers']],
          j['config']['layers'][1]['config']['units'], [w.shape for w in c.weights]]
"""),
    S("keras_files.save_bad_extension", _PRELUDE + """
m = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2)])
m.save(os.path.join(tempfile.mkdtemp(), 'model.zip'))
""", msg=False),
    S("keras_files.load_missing", _PRELUDE + """
tf.keras.models.load_model('/nonexistent/dir/model.keras')
""", msg=False),
    S("keras_files.clone_model", _PRELUDE + """
m = fixed(tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2, name='x')]))
c = tf.keras.models.clone_model(m)
result = [[l.name for l in c.layers], [w.shape for w in c.weights], bool(np.array_equal(c.get_weights()[1], m.get_weights()[1]))]
"""),
    # ---- keras.utils ----------------------------------------------------------------------------
    S("keras_files.to_categorical", "result = [tf.keras.utils.to_categorical([0, 2, 1]), tf.keras.utils.to_categorical([[1], [3]], 5)]"),
    S("keras_files.normalize", "result = [tf.keras.utils.normalize(np.array([[3.0, 4.0], [0.0, 0.0]])),\n"
      "          tf.keras.utils.normalize(np.array([[1.0, 2.0], [2.0, 2.0]]), axis=0, order=1)]"),
    S("keras_files.pad_sequences", "s = [[1, 2, 3], [4], [5, 6, 7, 8, 9]]\n"
      "result = [tf.keras.utils.pad_sequences(s), tf.keras.utils.pad_sequences(s, maxlen=3, padding='post', truncating='post'),\n"
      "          tf.keras.preprocessing.sequence.pad_sequences(s, maxlen=4, value=-1, dtype='float32')]"),
    S("keras_files.pad_sequences_bad", "tf.keras.utils.pad_sequences([[1]], padding='middle')"),
    S("keras_files.timeseries",
      "data = np.arange(20, dtype='float32').reshape(10, 2)\n"
      "ds = tf.keras.utils.timeseries_dataset_from_array(data, np.arange(10), sequence_length=3, sequence_stride=2,\n"
      "    sampling_rate=2, batch_size=2, start_index=1)\n"
      "ds2 = tf.keras.preprocessing.timeseries_dataset_from_array(np.arange(7), None, 4, batch_size=None)\n"
      "result = [[list(b) for b in ds], list(ds2)]"),
    S("keras_files.timeseries_shuffled_windows",
      "ds = tf.keras.utils.timeseries_dataset_from_array(np.arange(12), np.arange(12) * 10, 3, shuffle=True, seed=4, batch_size=100)\n"
      "x, y = next(iter(ds))\n"
      "order = np.argsort(y.numpy())\n"
      "result = [tf.gather(x, order), tf.gather(y, order)]"),
    S("keras_files.timeseries_bad", "tf.keras.utils.timeseries_dataset_from_array(np.arange(5), None, 2, sampling_rate=0)"),
    S("keras_files.img_to_array", "result = tf.keras.utils.img_to_array(np.arange(6, dtype='uint8').reshape(2, 3))"),
]

# ---- keras.ops: values and Keras 3's dtype rules ------------------------------------------------
_OPS = [
    ("convert", "[O.convert_to_tensor([1, 2]), O.convert_to_tensor([1.0, 2.0]), O.convert_to_tensor(np.array([1.0, 2.0]))]"),
    ("add_weak_float", "O.add(O.convert_to_tensor([1, 2]), 1.5)"),
    ("add_int_float", "O.add(O.convert_to_tensor([1, 2]), O.convert_to_tensor([0.5, 0.25]))"),
    ("add_int64_float32", "O.add(O.cast(O.convert_to_tensor([1, 2]), 'int64'), O.convert_to_tensor([0.5, 0.25]))"),
    ("add_npint64", "O.add(np.int64(1), O.convert_to_tensor([1, 2]))"),
    ("add_bool_int", "O.add(O.cast(O.convert_to_tensor([1, 0]), 'bool'), 1)"),
    ("divide_ints", "O.divide(O.convert_to_tensor([1, 2]), O.convert_to_tensor([2, 4]))"),
    ("true_divide_scalars", "O.true_divide(1, 2)"),
    ("mean_sum_ints", "[O.mean(O.convert_to_tensor([1, 2])), O.sum(O.convert_to_tensor([1, 2])), O.sum(O.convert_to_tensor([True, True]))]"),
    ("unary_int_to_float", "[O.sqrt(O.convert_to_tensor([1, 4])), O.exp(O.convert_to_tensor([0, 1])), O.log(O.convert_to_tensor([1, 2]))]"),
    ("arange", "[O.arange(3), O.arange(3.0), O.arange(1, 7, 2), O.arange(0, 1, 0.25)]"),
    ("creation", "[O.ones((2,)), O.zeros((1, 2), 'int32'), O.full((2,), 3), O.full((2,), 2.5), O.eye(2), O.ones_like(O.convert_to_tensor([1, 2]))]"),
    ("one_hot_argmax", "[O.one_hot(O.convert_to_tensor([0, 2]), 3), O.argmax(O.convert_to_tensor([[1.0, 3.0], [4.0, 2.0]]), axis=1), O.argmin(O.convert_to_tensor([3.0, 1.0, 2.0]))]"),
    ("reductions", "x = O.convert_to_tensor([[1.0, 2.0], [3.0, 5.0]])\nresult = [O.max(x), O.min(x, axis=0), O.prod(x, axis=1), O.var(x), O.std(x, axis=1, keepdims=True), O.logsumexp(x, axis=0), O.mean(x, axis=(0, 1)), O.all(x > 0), O.any(x > 4, axis=1)]"),
    ("shapes", "x = O.reshape(O.arange(6), (2, 3))\nresult = [O.transpose(x), O.expand_dims(x, 0).shape, O.squeeze(O.ones((1, 2, 1))).shape, O.ravel(x), O.concatenate([x, x], axis=1), O.stack([x, x]).shape, O.tile(x, (1, 2)), O.repeat(x, 2, axis=0), O.flip(x, 1), O.roll(x, 1, axis=1), O.swapaxes(x, 0, 1), O.moveaxis(O.ones((2, 3, 4)), 0, -1).shape]"),
    ("split", "x = O.arange(6)\nresult = [O.split(x, 3), O.split(x, [1, 4])]"),
    ("concat_promotes", "O.concatenate([O.convert_to_tensor([1, 2]), O.convert_to_tensor([0.5])])"),
    ("where", "c = O.convert_to_tensor([True, False, True])\nresult = [O.where(c, 1, 0), O.where(c, O.convert_to_tensor([1.0, 2.0, 3.0]), 0), O.where(O.convert_to_tensor([[1, 0], [0, 1]]))]"),
    ("matmul_dot", "a = O.reshape(O.arange(6.0), (2, 3)); b = O.reshape(O.arange(6.0), (3, 2))\nresult = [O.matmul(a, b), O.dot(a, b), O.matmul(a, O.ones((3,))), O.tensordot(a, b, axes=1), O.einsum('ij,jk->ik', a, b), O.outer(O.arange(2), O.arange(3)), O.matmul(O.convert_to_tensor([[1, 2]]), O.convert_to_tensor([[3], [4]]))]"),
    ("nn", "x = O.convert_to_tensor([[-1.0, 0.5, 2.0]])\nresult = [O.relu(x), O.softmax(x), O.log_softmax(x), O.sigmoid(x), O.tanh(x), O.gelu(x), O.silu(x), O.leaky_relu(x), O.softplus(x), O.elu(x), O.selu(x), O.relu6(x * 4), O.normalize(x), O.nn.relu(x)]"),
    ("crossentropy", "t = O.convert_to_tensor([[0.0, 1.0], [1.0, 0.0]]); p = O.convert_to_tensor([[0.2, 0.8], [0.6, 0.4]])\nresult = [O.categorical_crossentropy(t, p), O.binary_crossentropy(t, p), O.sparse_categorical_crossentropy(O.convert_to_tensor([1, 0]), p), O.categorical_crossentropy(t, p, from_logits=True)]"),
    ("clip_round", "x = O.convert_to_tensor([-1.26, 0.5, 2.71])\nresult = [O.clip(x, -1, 1), O.round(x), O.round(x, 1), O.floor(x), O.ceil(x), O.abs(x), O.sign(x), O.square(O.convert_to_tensor([2, 3])), O.clip(O.convert_to_tensor([1, 5, 9]), 2, 6)]"),
    ("compare_logic", "a = O.convert_to_tensor([1, 2, 3]); b = O.convert_to_tensor([3.0, 2.0, 1.0])\nresult = [O.equal(a, b), O.greater(a, b), O.less_equal(a, 2), O.logical_and(a > 1, b > 1), O.logical_not(a > 2), O.maximum(a, b), O.minimum(a, 2)]"),
    ("sort_take", "x = O.convert_to_tensor([3.0, 1.0, 2.0])\nresult = [O.sort(x), O.argsort(x), O.take(x, O.convert_to_tensor([2, 0])), O.take(O.reshape(O.arange(6), (2, 3)), [1], axis=1), O.top_k(x, 2)[0], O.top_k(x, 2)[1], O.cumsum(O.convert_to_tensor([[1, 2], [3, 4]]))]"),
    ("misc", "x = O.convert_to_tensor([[1.0, 2.0], [3.0, 4.0]])\nresult = [O.norm(x), O.trace(x), O.pad(x, [[1, 0], [0, 1]]), O.isnan(O.divide(0.0, 0.0)), O.isfinite(x), O.shape(x), O.ndim(x), O.size(x), O.dtype(x), O.broadcast_to(O.convert_to_tensor([1, 2]), (2, 2)), O.stop_gradient(x), O.power(x, 2), O.mod(O.convert_to_tensor([5, 7]), 3), O.floor_divide(O.convert_to_tensor([5, 7]), 2)]"),
    ("gradient", "x = tf.Variable([[1.0, -2.0, 0.5]])\nwith tf.GradientTape() as tape:\n    y = O.sum(O.softmax(O.matmul(x, O.ones((3, 2)) * 0.5)) * O.convert_to_tensor([1.0, 3.0])) + O.mean(O.square(O.relu(x)))\nresult = [y, tape.gradient(y, x)]"),
]
SNIPPETS += [S(f"keras_files.ops.{name}", "O = tf.keras.ops\n" + (code if "result =" in code else f"result = {code}"))
             for name, code in _OPS]

"""Keras 3 behaviour of issue 16's fourth batch under TF 2.21 and under tapeviz: the 3-D layers
(Conv3D, the 3-D poolings, ZeroPadding3D, Cropping3D, UpSampling3D) with their input specs,
configs, symbolic shapes, `.weights.h5` names and errors. Fixed weights, as in corpus_keras_layers2;
each snippet starts with `clear_session()` (in `_PRELUDE`) so layer names do not depend on order."""
from tests.tf_diff.corpus import S
from tests.tf_diff.corpus_keras import _PRELUDE

_VOL = "fixed((2, 4, 5, 6, 3), 2)"
_ODD = "fixed((1, 5, 3, 7, 2), 3)"

_CASES_3D = [
    ("conv3d", "Conv3D(2, 2)", _VOL),
    ("conv3d.same_strides", "Conv3D(3, (2, 3, 1), strides=(2, 1, 2), padding='same', activation='relu')", _ODD),
    ("conv3d.valid_strides", "Conv3D(2, 3, strides=2, use_bias=False)", _VOL),
    ("conv3d.groups", "Conv3D(4, (1, 2, 2), groups=2, padding='same')", "fixed((2, 3, 4, 4, 6), 4)"),
    ("conv3d.groups3", "Conv3D(3, 2, groups=3, strides=(1, 2, 1), use_bias=False)", "fixed((1, 3, 4, 3, 3), 5)"),
    ("conv3d.dilated", "Conv3D(2, (2, 2, 3), dilation_rate=(1, 2, 2), activation='tanh')", _VOL),
    ("maxpool3d", "MaxPooling3D()", _VOL),
    ("maxpool3d.same", "MaxPooling3D((2, 3, 2), strides=(1, 2, 3), padding='same')", _ODD),
    ("maxpool3d.alias", "MaxPool3D(3, strides=1)", _VOL),
    ("avgpool3d", "AveragePooling3D(2)", _VOL),
    ("avgpool3d.same", "AveragePooling3D((3, 2, 2), strides=2, padding='same')", _ODD),
    ("avgpool3d.alias", "AvgPool3D((1, 2, 3), strides=(1, 1, 2))", _VOL),
    ("global_avg3d", "GlobalAveragePooling3D()", _VOL),
    ("global_avg3d.keepdims", "GlobalAvgPool3D(keepdims=True)", _ODD),
    ("global_max3d", "GlobalMaxPooling3D()", _VOL),
    ("global_max3d.keepdims", "GlobalMaxPool3D(keepdims=True)", _ODD),
    ("zero_padding3d", "ZeroPadding3D()", _ODD),
    ("zero_padding3d.ints", "ZeroPadding3D((0, 2, 1))", _ODD),
    ("zero_padding3d.pairs", "ZeroPadding3D(((1, 0), (0, 2), (2, 1)))", _ODD),
    ("cropping3d", "Cropping3D()", _VOL),
    ("cropping3d.int", "Cropping3D(1)", _ODD),
    ("cropping3d.pairs", "Cropping3D(((0, 1), (1, 0), (2, 3)))", _VOL),
    ("cropping3d.zero_end", "Cropping3D(((1, 0), 0, (0, 2)))", _ODD),
    ("upsampling3d", "UpSampling3D()", _ODD),
    ("upsampling3d.sizes", "UpSampling3D((1, 3, 2))", _VOL),
]


def _config_case(name, ctor, x):
    return S(f"keras.layers4.{name}", _PRELUDE + f"""
layer = tf.keras.layers.{ctor}
spec_before = repr(layer.input_spec)
result = run(layer, {x})
config = layer.get_config()
config.pop('dtype')
for key in ('kernel_initializer', 'bias_initializer'):   # Keras 3.13's Glorot configs add input/output_axes
    if key in config:
        config[key] = config[key]['class_name']
result.update(config=config, spec=[spec_before, repr(layer.input_spec)], name=layer.name,
              shape=layer.compute_output_shape((None,) + {x}.shape[1:]))
""", rtol=1e-4, atol=1e-5)


_ERRORS = [
    ("conv3d.filters", "tf.keras.layers.Conv3D(0, 2)"),
    ("conv3d.kernel_size", "tf.keras.layers.Conv3D(2, (2, 2))"),
    ("conv3d.groups_channels", "tf.keras.layers.Conv3D(2, 2, groups=2)(tf.zeros((1, 3, 3, 3, 3)))"),
    ("conv3d.rank", "tf.keras.layers.Conv3D(2, 2)(tf.zeros((1, 3, 3, 3)))"),
    ("conv3d.groups_filters", "tf.keras.layers.Conv3D(3, 2, groups=2)"),
    ("conv3d.channels", "(lambda c: (c(tf.zeros((1, 3, 3, 3, 2))), c(tf.zeros((1, 3, 3, 3, 3)))))"
                        "(tf.keras.layers.Conv3D(2, 2))"),
    ("conv3d.strides_dilation", "tf.keras.layers.Conv3D(2, 2, strides=2, dilation_rate=2)"),
    ("maxpool3d.rank", "tf.keras.layers.MaxPooling3D()(tf.zeros((1, 3, 3, 3)))"),
    ("avgpool3d.pool_size", "tf.keras.layers.AveragePooling3D((2, 2))"),
    ("global3d.rank", "tf.keras.layers.GlobalAveragePooling3D()(tf.zeros((2, 3, 3, 3, 3, 1)))"),
    ("zero_padding3d.length", "tf.keras.layers.ZeroPadding3D((1, 2))"),
    ("zero_padding3d.entry", "tf.keras.layers.ZeroPadding3D(((1, 2, 3), 1, 1))"),
    ("cropping3d.negative", "tf.keras.layers.Cropping3D(-1)"),
    ("cropping3d.length", "tf.keras.layers.Cropping3D([1, 1])"),
    ("cropping3d.too_much", "tf.keras.layers.Cropping3D(2)(tf.zeros((1, 3, 5, 5, 1)))"),
    ("upsampling3d.size", "tf.keras.layers.UpSampling3D((1, 2))"),
    ("upsampling3d.rank", "tf.keras.layers.UpSampling3D()(tf.zeros((1, 2, 2, 2)))"),
]

SNIPPETS = [_config_case(*case) for case in _CASES_3D] + [
    S(f"keras.layers4.error.{name}", "tf.keras.backend.clear_session()\n" + f"result = {code}\n")
    for name, code in _ERRORS] + [
    # symbolically Keras wraps the message in its call context (with the KerasTensor arguments)
    S("keras.layers4.error.cropping3d.symbolic", "tf.keras.backend.clear_session()\n"
      "result = tf.keras.layers.Cropping3D(((1, 1), (3, 2), 0))(tf.keras.Input((4, 5, 6, 1)))\n", msg=False),
    S("keras.layers4.functional_shapes", """
tf.keras.backend.clear_session()
L = tf.keras.layers
i = tf.keras.Input((None, 6, 7, 2))
x = L.Conv3D(4, 3, padding='same')(i)
a = L.MaxPooling3D((1, 2, 2))(x)
b = L.AveragePooling3D(2, strides=1, padding='same')(x)
c = L.ZeroPadding3D((1, 0, 2))(a)
d = L.Cropping3D(((0, 0), (1, 0), (0, 1)))(c)
e = L.UpSampling3D((2, 1, 1))(d)
g = L.GlobalMaxPooling3D()(e)
h = L.GlobalAveragePooling3D(keepdims=True)(b)
m = tf.keras.Model(i, [g, h])
# Keras lists layers by graph depth: average_pooling3d after up_sampling3d
result = [[list(t.shape) for t in (x, a, b, c, d, e, g, h)], [l.name for l in m.layers],
          [list(w.shape) for w in m.weights]]
"""),
    S("keras.layers4.weights_h5_names", """
import os, tempfile, h5py
tf.keras.backend.clear_session()
L = tf.keras.layers
m = tf.keras.Sequential([tf.keras.Input((4, 4, 4, 2)), L.Conv3D(3, 2, name='c1'), L.MaxPooling3D(),
                         L.Conv3D(2, (1, 1, 1), use_bias=False), L.UpSampling3D(), L.ZeroPadding3D(1),
                         L.Cropping3D(1), L.GlobalAveragePooling3D(), L.Dense(1)])
path = os.path.join(tempfile.mkdtemp(), 'v.weights.h5')
m.save_weights(path)
names = []
with h5py.File(path, 'r') as f:
    f.visititems(lambda n, o: names.append([n, list(o.shape)]) if isinstance(o, h5py.Dataset) else None)
result = [sorted(names), [w.path for w in m.weights]]
"""),
    S("keras.layers4.keras_round_trip", """
import os, tempfile
tf.keras.backend.clear_session()
L = tf.keras.layers
m = tf.keras.Sequential([tf.keras.Input((4, 5, 4, 2)), L.Conv3D(3, (2, 3, 2), padding='same', activation='relu'),
                         L.AveragePooling3D((2, 1, 2)), L.ZeroPadding3D(((0, 1), (1, 0), 0)), L.Cropping3D(((1, 0), (0, 1), 0)),
                         L.UpSampling3D((1, 2, 1)), L.MaxPooling3D(2, padding='same'), L.GlobalMaxPooling3D(),
                         L.Dense(2)])
m.set_weights([(np.sin(np.arange(w.size) * 0.37 + i) * 0.5).reshape(w.shape).astype('float32')
               for i, w in enumerate(m.get_weights())])
x = np.linspace(-1, 1, 320).reshape(2, 4, 5, 4, 2).astype('float32')
path = os.path.join(tempfile.mkdtemp(), 'm.keras')
m.save(path)
loaded = tf.keras.models.load_model(path)
result = [loaded.predict(x, verbose=0), m.predict(x, verbose=0), [type(l).__name__ for l in loaded.layers],
          [l.get_config().get('padding', l.get_config().get('cropping')) for l in loaded.layers]]
""", rtol=1e-4, atol=1e-5),
]

# ---- UnitNormalization, AlphaDropout, StackedRNNCells / RNN([cells]), EinsumDense ------------

_SEQ = "fixed((2, 4, 3), 1)"
_CASES_2 = [
    ("unit_norm", "UnitNormalization()", "fixed((3, 5), 1)"),
    ("unit_norm.axes", "UnitNormalization(axis=[1, 2])", _SEQ),
    ("unit_norm.axis1", "UnitNormalization(axis=1)", _SEQ),
    ("alpha_dropout.inference", "AlphaDropout(0.4, seed=2)", _SEQ),
    ("stacked.lstm_gru", "RNN([tf.keras.layers.LSTMCell(3), tf.keras.layers.GRUCell(2)], return_sequences=True)", _SEQ),
    ("stacked.state", "RNN([tf.keras.layers.SimpleRNNCell(2), tf.keras.layers.LSTMCell(3)], return_state=True)",
     _SEQ),
    ("stacked.one_cell_state", "RNN([tf.keras.layers.GRUCell(3)], return_state=True, go_backwards=True)", _SEQ),
    ("stacked.explicit", "RNN(tf.keras.layers.StackedRNNCells([tf.keras.layers.GRUCell(2, reset_after=False), "
                         "tf.keras.layers.SimpleRNNCell(3, activation='relu')]), return_sequences=True, "
                         "return_state=True)", _SEQ),
    ("einsum.dense", "EinsumDense('ab,bc->ac', 4, bias_axes='c')", "fixed((3, 5), 1)"),
    ("einsum.3d", "EinsumDense('abc,cd->abd', (None, 4), bias_axes='d', activation='relu')", _SEQ),
    ("einsum.split_heads", "EinsumDense('abc,cde->abde', (None, 2, 3), bias_axes='de')", _SEQ),
    ("einsum.bias_one_axis", "EinsumDense('abc,cde->abde', (4, 2, 3), bias_axes='e')", _SEQ),
    ("einsum.no_bias", "EinsumDense('abc,bcd->ad', 5)", _SEQ),
    ("einsum.left_ellipsis", "EinsumDense('...b,bc->...c', 4, bias_axes='c')", "fixed((2, 3, 2, 5), 1)"),
    ("einsum.right_ellipsis", "EinsumDense('ab...,bc->ac...', (2, 3), bias_axes='c')", _SEQ),
]


def _plain_case(name, ctor, x):
    return S(f"keras.layers4.{name}", _PRELUDE + _AS_LISTS + f"""
layer = tf.keras.layers.{ctor}
result = run(layer, {x})
config = layer.get_config()
config.pop('dtype')
result.update(config=tf.nest.map_structure(lambda v: v, {{k: v for k, v in config.items() if k != 'cell'}}),
              name=layer.name, spec=repr(layer.input_spec),
              shape=as_lists(layer.compute_output_shape((None,) + {x}.shape[1:])))
if 'cell' in config:
    cell = config['cell']
    result.update(cell=[cell['class_name'], cell['config']['name'],
                        [[c['class_name'], c['config']['name'], c['config']['units']]
                         for c in cell['config'].get('cells', [])]])
""", rtol=1e-4, atol=1e-5)


_AS_LISTS = """
def as_lists(shape):   # Keras nests RNN state shapes in tuples and lists alike
    return [as_lists(s) for s in shape] if isinstance(shape, (list, tuple)) and any(
        isinstance(s, (list, tuple)) for s in shape) else list(shape)
"""

_ERRORS_2 = [
    ("unit_norm.axis_type", "tf.keras.layers.UnitNormalization(axis='x')"),
    ("unit_norm.axis_bounds", "tf.keras.layers.UnitNormalization(axis=3).compute_output_shape((2, 3))"),
    ("alpha_dropout.rate", "tf.keras.layers.AlphaDropout(1.5)"),
    ("stacked.no_state_size", "tf.keras.layers.StackedRNNCells([tf.keras.layers.Dense(2)])"),
    ("einsum.equation", "tf.keras.layers.EinsumDense('ab,bc', 3)(tf.zeros((2, 3)))"),
    ("einsum.shared_dim", "tf.keras.layers.EinsumDense('abc,cd->abd', (5, 4))(tf.zeros((2, 3, 4)))"),
    ("einsum.bias_axis", "tf.keras.layers.EinsumDense('ab,bc->ac', 3, bias_axes='x')(tf.zeros((2, 3)))"),
    ("einsum.weight_dim", "tf.keras.layers.EinsumDense('ab,bz->ac', 3)(tf.zeros((2, 3)))"),
    ("einsum.output_dim", "tf.keras.layers.EinsumDense('ab,bc->ad', 3)(tf.zeros((2, 3)))"),
]

SNIPPETS += [_plain_case(*case) for case in _CASES_2] + [
    S(f"keras.layers4.error.{name}", "tf.keras.backend.clear_session()\n" + f"result = {code}\n")
    for name, code in _ERRORS_2] + [
    S("keras.layers4.alpha_dropout.training", """
tf.keras.backend.clear_session()
x = tf.constant(np.linspace(-2, 2, 24).reshape(2, 3, 4).astype('float32'))
result = [tf.keras.layers.AlphaDropout(0.3, seed=4)(x, training=True),
          tf.keras.layers.AlphaDropout(0.5, noise_shape=(2, 1, 4), seed=1)(x, training=True),
          tf.keras.layers.AlphaDropout(0.0)(x, training=True),
          tf.keras.layers.AlphaDropout(0.2, seed=2).get_config()['noise_shape']]
""", rtol=1e-5, atol=1e-6),
    S("keras.layers4.stacked.masked", _PRELUDE + """
emb = tf.keras.layers.Embedding(6, 3, mask_zero=True)
rnn = tf.keras.layers.RNN([tf.keras.layers.LSTMCell(2), tf.keras.layers.GRUCell(3)], return_sequences=True,
                          return_state=True)
ids = np.array([[1, 2, 0, 0], [3, 4, 5, 0]])
rnn(emb(ids))
emb.set_weights([fixed((6, 3), 1)])
rnn.set_weights([fixed(w.shape, i) for i, w in enumerate(rnn.get_weights())])
out = rnn(emb(ids))
result = [out, out[0]._keras_mask]
""", rtol=1e-4, atol=1e-5),
    S("keras.layers4.stacked.dropout", _PRELUDE + """
tf.keras.utils.set_random_seed(3)
rnn = tf.keras.layers.RNN([tf.keras.layers.GRUCell(3, dropout=0.3, recurrent_dropout=0.2, seed=1),
                           tf.keras.layers.SimpleRNNCell(2, dropout=0.4, seed=2)], return_sequences=True)
x = tf.constant(fixed((2, 4, 3), 1))
rnn(x)
rnn.set_weights([fixed(w.shape, i) for i, w in enumerate(rnn.get_weights())])
result = [rnn(x, training=True), rnn(x)]
""", rtol=1e-4, atol=1e-5),
    S("keras.layers4.stacked.functional_round_trip", """
import os, tempfile
tf.keras.backend.clear_session()
L = tf.keras.layers
i = tf.keras.Input((4, 3))
out, s1, s2 = L.RNN([L.LSTMCell(3), L.GRUCell(2)], return_state=True)(i)
m = tf.keras.Model(i, [L.Dense(1)(out), s2])
m.set_weights([(np.sin(np.arange(w.size) * 0.37 + k) * 0.5).reshape(w.shape).astype('float32')
               for k, w in enumerate(m.get_weights())])
x = np.linspace(-1, 1, 24).reshape(2, 4, 3).astype('float32')
path = os.path.join(tempfile.mkdtemp(), 'm.keras')
m.save(path)
loaded = tf.keras.models.load_model(path)
# (Keras's loaded cells are built outside the RNN's scope: their paths lose the 'rnn/...' prefix)
result = [loaded.predict(x, verbose=0), m.predict(x, verbose=0), [w.path for w in m.weights],
          [list(w.shape) for w in loaded.weights], tf.nest.map_structure(lambda t: list(t.shape), [out, s1, s2])]
""", rtol=1e-4, atol=1e-5),
    S("keras.layers4.einsum.round_trip", """
import os, tempfile
tf.keras.backend.clear_session()
L = tf.keras.layers
m = tf.keras.Sequential([tf.keras.Input((3, 4)), L.EinsumDense('abc,cde->abde', (3, 2, 5), bias_axes='de'),
                         L.UnitNormalization(axis=[2, 3]), L.AlphaDropout(0.2), L.Flatten(), L.Dense(2)])
m.set_weights([(np.sin(np.arange(w.size) * 0.37 + k) * 0.5).reshape(w.shape).astype('float32')
               for k, w in enumerate(m.get_weights())])
x = np.linspace(-1, 1, 24).reshape(2, 3, 4).astype('float32')
path = os.path.join(tempfile.mkdtemp(), 'm.keras')
m.save(path)
loaded = tf.keras.models.load_model(path)
result = [loaded.predict(x, verbose=0), m.predict(x, verbose=0), [w.path for w in loaded.weights],
          [type(l).__name__ for l in loaded.layers]]
""", rtol=1e-4, atol=1e-5),
]
SNIPPETS += [
    S("keras.layers4.einsum.initial_weights", """
tf.keras.backend.clear_session()
tf.keras.utils.set_random_seed(2)
L, I = tf.keras.layers, tf.keras.initializers
layers = [L.EinsumDense('abc,cde->abde', (None, 2, 3), bias_axes='de'),
          L.EinsumDense('abc,cde->abde', (None, 2, 3), kernel_initializer=I.GlorotNormal(seed=3)),
          L.EinsumDense('abc,cd->abd', (None, 5), kernel_initializer=I.VarianceScaling(2.0, 'fan_out', seed=1)),
          L.EinsumDense('abc,cde->abde', (None, 2, 3), kernel_initializer=I.HeUniform(seed=4)),
          L.EinsumDense('abc,cde->abde', (None, 2, 3), kernel_initializer=I.GlorotUniform(4, [1], [0, 2]))]
for layer in layers:
    layer(tf.zeros((1, 2, 4)))
result = [[w.numpy() for w in layer.weights] for layer in layers] + [
    layers[2].get_config()['kernel_initializer'], layers[1].kernel_initializer.get_config()]
""", rtol=1e-5, atol=1e-6),
    S("keras.layers4.initializer_configs", """
I = tf.keras.initializers
result = [I.VarianceScaling(0.5, 'fan_avg', 'normal', seed=2).get_config(), I.GlorotUniform(seed=1).get_config(),
          I.GlorotNormal().get_config(), I.HeNormal(3).get_config(), I.LecunUniform().get_config(),
          I.VarianceScaling(input_axes=[0], output_axes=[1], seed=5)((3, 4)).numpy(),
          I.GlorotUniform(seed=7, input_axes=[0, 1], output_axes=[2])((2, 3, 4)).numpy()]
"""),
] + [S(f"keras.layers4.error.variance_scaling.{name}", f"result = tf.keras.initializers.VarianceScaling({args})\n",
       msg=name == "scale")     # Keras prints a set: its order changes with the hash seed
     for name, args in (("scale", "0.0"), ("mode", "mode='fan'"), ("distribution", "distribution='beta'"))]

# ---- CallbackList, split_dataset, Adafactor --------------------------------------------------

_RECORDER = """
class Recorder(tf.keras.callbacks.Callback):
    def __init__(self, name, calls):
        super().__init__()
        self.name, self.calls = name, calls
    def on_epoch_begin(self, epoch, logs=None): self.calls.append([self.name, 'epoch_begin', epoch, logs])
    def on_epoch_end(self, epoch, logs=None): self.calls.append([self.name, 'epoch_end', epoch, logs])
    def on_train_batch_end(self, batch, logs=None): self.calls.append([self.name, 'train_batch_end', batch, logs])
    def on_test_batch_begin(self, batch, logs=None): self.calls.append([self.name, 'test_batch_begin', batch, logs])
    def on_train_begin(self, logs=None): self.calls.append([self.name, 'train_begin', self.params, logs])
    def on_predict_end(self, logs=None): self.calls.append([self.name, 'predict_end', logs])
"""

_SPLIT = """
def listed(ds):
    return [tf.nest.map_structure(lambda t: t.numpy(), e) for e in ds]
def spec(ds):
    return tf.nest.map_structure(lambda s: [s.shape.as_list(), s.dtype.name], ds.element_spec)
"""

SNIPPETS += [
    S("keras.layers4.callback_list.dispatch", "tf.keras.backend.clear_session()\n" + _RECORDER + """
calls = []
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
cbs = tf.keras.callbacks.CallbackList([Recorder('a', calls), [Recorder('b', calls)]], add_history=True,
                                      model=model, epochs=2, steps=3)
cbs.on_train_begin()
cbs.on_epoch_begin(0)
cbs.on_train_batch_end(0, {'loss': tf.constant(0.5), 'nested': {'acc': np.float32(0.25)}, 'tag': 'x'})
cbs.on_test_batch_begin(1, None)
cbs.on_epoch_end(0, {'loss': tf.constant(1.5, tf.float64), 'val_loss': 2})
cbs.on_predict_begin()
cbs.on_predict_end({'z': [1, 2]})
result = [calls, [type(c).__name__ for c in cbs.callbacks], cbs.params, model.history.history,
          model.history is cbs.callbacks[-1], cbs.model is model]
"""),
    S("keras.layers4.callback_list.defaults", """
h = tf.keras.callbacks.History()
cbs = tf.keras.callbacks.CallbackList([h], add_history=True, add_progbar=True)
empty = tf.keras.callbacks.CallbackList()
empty.on_epoch_end(0, {'a': 1})
result = [[type(c).__name__ for c in cbs.callbacks], cbs.callbacks[0] is h, empty.callbacks, empty.params]
"""),
    S("keras.layers4.callback_list.unbalanced_end", """
result = tf.keras.callbacks.CallbackList().on_train_end()
"""),
    S("keras.layers4.split_dataset.arrays", _SPLIT + """
x = np.arange(20, dtype='float32').reshape(10, 2)
y = np.arange(10)
left, right = tf.keras.utils.split_dataset((x, y), left_size=0.7)
l2, r2 = tf.keras.utils.split_dataset([x, y], right_size=4)
l3, r3 = tf.keras.utils.split_dataset(x, left_size=3, right_size=5)
result = [listed(left), listed(right), spec(left), listed(l2)[-1], listed(r2)[0], spec(r2), listed(l3), listed(r3),
          spec(l3), type(left).__name__]
"""),
    S("keras.layers4.split_dataset.shuffle", _SPLIT + """
import random
x = np.arange(24, dtype='float32').reshape(12, 2)
left, right = tf.keras.utils.split_dataset((x, np.arange(12) % 3), left_size=0.5, shuffle=True, seed=7)
random.seed(3)
l2, r2 = tf.keras.utils.split_dataset(x, left_size=0.25, right_size=0.5, shuffle=True)
result = [listed(left), listed(right), listed(l2), listed(r2)]
"""),
    S("keras.layers4.split_dataset.datasets", _SPLIT + """
ds = tf.data.Dataset.from_tensor_slices({'a': np.arange(10, dtype='int32'), 'b': np.arange(20.).reshape(10, 2)})
left, right = tf.keras.utils.split_dataset(ds, left_size=6)
batched = tf.data.Dataset.from_tensor_slices((np.arange(14.), np.arange(14) % 2)).batch(4)
bl, br = tf.keras.utils.split_dataset(batched, right_size=0.5)
prefetched = tf.data.Dataset.range(7).batch(3).prefetch(1)
pl, pr = tf.keras.utils.split_dataset(prefetched, left_size=1)
result = [listed(left), listed(right), spec(left), listed(bl), listed(br), spec(bl), listed(pl), listed(pr), spec(pl)]
"""),
] + [S(f"keras.layers4.error.split_dataset.{name}", f"result = tf.keras.utils.split_dataset({args})\n")
     for name, args in (
         ("no_sizes", "(np.zeros((4, 2)), np.zeros(4))"),
         ("bad_type", "{'a': np.zeros(3)}, left_size=1"),
         ("lengths", "(np.zeros((4, 2)), np.zeros(5)), left_size=1"),
         ("not_arrays", "([1, 2, 3], np.zeros(3)), left_size=1"),
         ("left_big", "np.zeros((4, 2)), left_size=4"),
         ("right_float", "np.zeros((4, 2)), right_size=1.5"),
         ("size_type", "np.zeros((4, 2)), left_size='2'"),
         ("both_types", "np.zeros((4, 2)), left_size='2', right_size=[1]"),
         ("sum_floats", "np.zeros((4, 2)), left_size=0.6, right_size=0.5"),
         ("sum_ints", "np.zeros((4, 2)), left_size=3, right_size=2"),
         ("empty_split", "np.zeros((4, 2)), left_size=0.1"),
         ("shapes", "tf.data.Dataset.from_tensor_slices(tf.ragged.constant([[1], [2, 3]])).map(lambda r: r), "
                    "left_size=1"),
     )] + [
    S("keras.layers4.adafactor.steps", """
tf.keras.backend.clear_session()
opt = tf.keras.optimizers.Adafactor(learning_rate=0.05)
k = tf.keras.Variable(np.linspace(-1, 1, 12).reshape(2, 3, 2).astype('float32'), name='kernel')
m = tf.keras.Variable(np.linspace(-2, 1, 6).reshape(3, 2).astype('float32'), name='matrix')
b = tf.keras.Variable(np.linspace(0.5, 1, 2).astype('float32'), name='bias')
for i in range(4):
    grads = [tf.constant(np.sin(np.arange(12) * 0.7 + i).reshape(2, 3, 2).astype('float32')),
             tf.constant(np.cos(np.arange(6) * 0.3 + i).reshape(3, 2).astype('float32')),
             tf.constant(np.array([0.1, -0.3], 'float32') * (i + 1))]
    opt.apply(grads, [k, m, b])
result = [k.numpy(), m.numpy(), b.numpy(), [[v.path, v.shape.as_list(), getattr(v.dtype, 'name', v.dtype)]
                                           for v in opt.variables], opt.iterations.numpy(),
          opt.get_config()['beta_2_decay'], opt.get_config()['relative_step']]
""", rtol=1e-5, atol=1e-6),
    S("keras.layers4.adafactor.options", """
tf.keras.backend.clear_session()
x = tf.keras.Variable(np.linspace(-1, 1, 6).reshape(2, 3).astype('float32'), name='w')
y = tf.keras.Variable(np.zeros((2, 3), 'float32'), name='z')
results = []
for opt in [tf.keras.optimizers.Adafactor(2.0, relative_step=False, clip_threshold=0.5, epsilon_2=0.1),
            tf.keras.optimizers.Adafactor(0.3, beta_2_decay=-0.5, epsilon_1=1e-3, relative_step=False),
            tf.keras.optimizers.Adafactor(tf.keras.optimizers.schedules.ExponentialDecay(0.5, 1, 0.5))]:
    a, b = tf.keras.Variable(x.numpy(), name='w'), tf.keras.Variable(y.numpy(), name='z')
    for i in range(3):
        opt.apply([tf.constant(np.full((2, 3), 0.5 - i, 'float32')), tf.constant(np.arange(6.).reshape(2, 3) - i,
                                                                                  tf.float32)], [a, b])
    results.append([a.numpy(), b.numpy()])
result = [results, tf.keras.optimizers.get('adafactor').get_config()['learning_rate']]
""", rtol=1e-5, atol=1e-6),
    S("keras.layers4.adafactor.fit", """
tf.keras.backend.clear_session()
tf.keras.utils.set_random_seed(4)
model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(4, activation='tanh'), tf.keras.layers.Dense(1)])
model.compile(optimizer='adafactor', loss='mse')
x = np.linspace(-1, 1, 24).reshape(8, 3).astype('float32')
h = model.fit(x, x.sum(1, keepdims=True), epochs=3, batch_size=4, verbose=0, shuffle=False)
result = [h.history['loss'], model.get_weights(), type(model.optimizer).__name__]
""", rtol=1e-4, atol=1e-5),
]
SNIPPETS += [
    S("keras.layers4.mha_initial_weights", """
tf.keras.backend.clear_session()
tf.keras.utils.set_random_seed(5)
L = tf.keras.layers
layers = [L.MultiHeadAttention(2, 3), L.MultiHeadAttention(3, 2, value_dim=4, output_shape=(2, 5)),
          L.MultiHeadAttention(2, 2, attention_axes=(1, 2), kernel_initializer='he_normal'),
          L.MultiHeadAttention(1, 3, kernel_initializer=tf.keras.initializers.GlorotNormal(seed=2))]
layers[0](tf.zeros((1, 2, 4)), tf.zeros((1, 3, 4)))
layers[1](tf.zeros((1, 2, 4)), tf.zeros((1, 3, 4)))
layers[2](tf.zeros((1, 2, 3, 4)), tf.zeros((1, 2, 3, 4)))
layers[3](tf.zeros((1, 2, 4)), tf.zeros((1, 3, 4)))
result = [[w.numpy() for w in layer.weights] for layer in layers]
""", rtol=1e-5, atol=1e-6),
]
SNIPPETS += [
    S("keras.layers4.functional_layer_order", """
tf.keras.backend.clear_session()
L = tf.keras.layers
a = tf.keras.Input((3,), name='a')
b = tf.keras.Input((2,), name='b')
x = L.Dense(2, name='d1')(a)
x = L.Dense(2, name='d2')(x)
y = L.Concatenate(name='c')([x, b])
z = L.Dense(1, name='late')(b)
shared = L.Dense(3, name='shared')
out = L.Add(name='sum')([shared(y), shared(L.Dense(4, name='side')(a))])
m = tf.keras.Model([b, a], [out, z])
result = [[l.name for l in m.layers], [w.path for w in m.weights],
          [l.name for l in tf.keras.Model([a, b], y).layers]]
"""),
]

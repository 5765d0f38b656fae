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
# Keras's call drops its inputs' masks, so each call gets freshly embedded (masked) tensors
q, v = emb(ids_q), emb(ids_v)
out = mha(q, v)
q, v = emb(ids_q), emb(ids_v)
scored, scores = mha(q, v, return_attention_scores=True)
q = emb(ids_q)
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

# The legacy ImageDataGenerator. Keras resamples with SciPy, which TF's venv here lacks: record
# with SciPy on the path (`PYTHONPATH=<dir with scipy> python runner.py ...`).
_IDG = """
IDG = tf.keras.preprocessing.image.ImageDataGenerator
x = (np.sin(np.arange(5 * 7 * 6 * 3) * 0.37) * 100 + 120).reshape(5, 7, 6, 3).astype('float32')
y = np.arange(5)
def batches(gen, n=3, **kw):
    it = gen.flow(x, y, batch_size=2, seed=7, **kw)
    return [next(it) for _ in range(n)]
"""

_IDG_CASES = [
    ("rotation", "IDG(rotation_range=40)"),
    ("rotation_constant", "IDG(rotation_range=90, fill_mode='constant', cval=-3.)"),
    ("rotation_reflect_order0", "IDG(rotation_range=60, fill_mode='reflect', interpolation_order=0)"),
    ("shift_float_wrap", "IDG(width_shift_range=0.3, height_shift_range=0.4, fill_mode='wrap')"),
    ("shift_int_list", "IDG(width_shift_range=2, height_shift_range=[-1, 3])"),
    ("shift_pixels", "IDG(width_shift_range=1.5, height_shift_range=2.0, fill_mode='reflect')"),
    ("shear_zoom", "IDG(shear_range=30, zoom_range=0.3)"),
    ("zoom_pair", "IDG(zoom_range=[0.5, 0.9], fill_mode='constant')"),
    ("flips_channel_shift", "IDG(horizontal_flip=True, vertical_flip=True, channel_shift_range=20.)"),
    ("all_rescale", "IDG(rotation_range=15, width_shift_range=0.1, height_shift_range=0.1, shear_range=10, "
                    "zoom_range=0.2, horizontal_flip=True, fill_mode='nearest', rescale=1 / 255.)"),
    ("samplewise", "IDG(samplewise_center=True, samplewise_std_normalization=True, rotation_range=5)"),
    ("brightness", "IDG(brightness_range=(0.5, 1.5), rotation_range=10)"),
    ("preprocessing_function", "IDG(preprocessing_function=lambda t: t * 2 - 1, vertical_flip=True)"),
]

SNIPPETS += [S(f"keras.idg.{name}", _IDG + f"result = batches({ctor})\n", rtol=1e-5, atol=1e-4)
             for name, ctor in _IDG_CASES] + [
    S("keras.idg.sequence_access", _IDG + """
it = IDG(rotation_range=30, horizontal_flip=True).flow(x, y, batch_size=2, seed=11, sample_weight=np.arange(5.) / 5)
out = [len(it), it[2], it[0], it[1]]
it.on_epoch_end()
out.append(it[0])
it2 = IDG().flow(x, batch_size=3, shuffle=False)
out += [next(it2), next(it2), next(it2)]
result = out
""", rtol=1e-5, atol=1e-4),
    S("keras.idg.featurewise_fit", _IDG + """
g = IDG(featurewise_center=True, featurewise_std_normalization=True)
g.fit(x)
h = IDG(zca_whitening=True, rescale=0.01)
h.fit(x[:4, :3, :3])
k = IDG(featurewise_center=True, rotation_range=30)
k.fit(x, augment=True, rounds=2, seed=3)
result = [g.mean, g.std, batches(g, 1), h.zca_whitening_matrix[:4, :4], h.mean,
          next(h.flow(x[:4, :3, :3], batch_size=4, shuffle=False)), k.mean]
""", rtol=1e-4, atol=1e-4),
    S("keras.idg.random_transform", _IDG + """
g = IDG(rotation_range=45, width_shift_range=0.2, shear_range=20, zoom_range=0.3, horizontal_flip=True,
        channel_shift_range=5.)
params = g.get_random_transform(x[0].shape, seed=5)
result = [sorted((k, None if v is None else float(v)) for k, v in params.items()),
          g.random_transform(x[1], seed=5), g.apply_transform(x[2], {'theta': 30, 'tx': 1.5, 'zx': 0.8})]
""", rtol=1e-5, atol=1e-4),
    S("keras.idg.channels_first", _IDG + """
g = IDG(rotation_range=30, width_shift_range=0.2, data_format='channels_first')
xc = np.transpose(x, (0, 3, 1, 2)).copy()
result = next(g.flow(xc, batch_size=3, seed=2))
""", rtol=1e-5, atol=1e-4),
    S("keras.idg.helpers", _IDG + """
P = tf.keras.preprocessing.image
np.random.seed(4)
result = [P.apply_affine_transform(x[0], theta=33, tx=1, ty=-2, shear=12, zx=1.2, zy=0.7, row_axis=0, col_axis=1,
                                   channel_axis=2, fill_mode='constant', cval=9.),
          P.apply_affine_transform(np.transpose(x[1], (2, 0, 1)), theta=-70, fill_mode='wrap'),
          P.random_rotation(x[0], 50, row_axis=0, col_axis=1, channel_axis=2),
          P.random_shift(x[0], 0.2, 0.3, row_axis=0, col_axis=1, channel_axis=2, fill_mode='reflect'),
          P.random_shear(x[0], 25, row_axis=0, col_axis=1, channel_axis=2),
          P.random_zoom(x[0], (0.6, 1.4), row_axis=0, col_axis=1, channel_axis=2),
          P.apply_channel_shift(x[0], 30., 2), P.random_channel_shift(x[0], 10., 2)]
""", rtol=1e-5, atol=1e-4),
    S("keras.idg.subset", _IDG + """
g = IDG(validation_split=0.4)
yy = np.array([0, 1, 0, 1, 0])
result = [next(g.flow(x, yy, batch_size=5, subset='validation', shuffle=False))[1],
          next(g.flow(x, yy, batch_size=5, subset='training', shuffle=False))[1]]
"""),
    S("keras.idg.subset_class_mismatch", _IDG + "IDG(validation_split=0.4).flow(x, y, subset='training')"),
    S("keras.idg.bad_zoom", "tf.keras.preprocessing.image.ImageDataGenerator(zoom_range=(1, 2, 3))"),
    S("keras.idg.bad_format", "tf.keras.preprocessing.image.ImageDataGenerator(data_format='nhwc')"),
    S("keras.idg.bad_rank", "tf.keras.preprocessing.image.ImageDataGenerator().flow(np.ones((2, 3, 3)))"),
    S("keras.idg.from_directory", """
import tempfile, os
d = tempfile.mkdtemp()
img = (np.sin(np.arange(9 * 11 * 3) * 0.21) * 120 + 128).reshape(9, 11, 3)
for c, cls in enumerate(['cats', 'dogs', 'zebras']):
    os.makedirs(os.path.join(d, cls, 'sub'))
    for i in range(3 + c):
        path = os.path.join(d, cls, f'im{i}.png') if i % 2 == 0 else os.path.join(d, cls, 'sub', f'im{i}.png')
        tf.keras.utils.save_img(path, np.roll(img, 7 * i + c, axis=1))
open(os.path.join(d, 'cats', 'notes.txt'), 'w').write('x')
IDG = tf.keras.preprocessing.image.ImageDataGenerator
out = []
it = IDG(rescale=1 / 255.).flow_from_directory(d, target_size=(6, 8), batch_size=4, shuffle=False)
out += [it.class_indices, it.filenames, it.classes, len(it), it[0], it[2]]
it = IDG(rotation_range=20, horizontal_flip=True).flow_from_directory(
    d, target_size=(5, 5), color_mode='grayscale', class_mode='sparse', batch_size=3, seed=4, interpolation='bilinear')
out += [next(it), next(it)]
it = IDG(validation_split=0.34).flow_from_directory(d, target_size=(4, 4), class_mode='binary',
                                                     classes=['dogs', 'cats'], subset='validation', shuffle=False)
out += [it.filenames, next(it)[1], it.samples]
it = IDG().flow_from_directory(d, target_size=(3, 4), class_mode=None, color_mode='rgba', batch_size=20,
                               shuffle=False, keep_aspect_ratio=True)
out.append(next(it))
it = IDG().flow_from_directory(d, target_size=(3, 3), class_mode='input', batch_size=2, shuffle=False)
out.append(next(it))
result = out
""", rtol=1e-5, atol=1e-4),
]

_FIT_GEN = """
tf.keras.utils.set_random_seed(5)
x = (np.sin(np.arange(12 * 6 * 6 * 1) * 0.37) * 100 + 120).reshape(12, 6, 6, 1).astype('float32')
y = (np.arange(12) % 3).astype('int64')
model = tf.keras.Sequential([tf.keras.Input((6, 6, 1)), tf.keras.layers.Conv2D(2, 3, activation='relu'),
                             tf.keras.layers.Flatten(), tf.keras.layers.Dense(3)])
model.compile(optimizer=tf.keras.optimizers.Adam(0.01),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=['accuracy'])
"""

SNIPPETS += [
    S("keras.idg.fit_flow", _FIT_GEN + """
gen = tf.keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255., rotation_range=20, horizontal_flip=True)
h = model.fit(gen.flow(x, y, batch_size=4, seed=3), epochs=3, verbose=0)
result = [h.history, model.evaluate(gen.flow(x, y, batch_size=5, shuffle=False), verbose=0),
          model.predict(tf.keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255.).flow(x[:5], batch_size=2, shuffle=False), verbose=0)]
""", rtol=1e-5, atol=1e-6),
    S("keras.idg.fit_flow_validation", _FIT_GEN + """
gen = tf.keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255., validation_split=0.25, width_shift_range=0.2)
h = model.fit(gen.flow(x, y, batch_size=3, seed=1, subset='training'), epochs=2, verbose=0,
              validation_data=gen.flow(x, y, batch_size=3, shuffle=False, subset='validation'), shuffle=False)
result = h.history
""", rtol=1e-5, atol=1e-6),
    S("keras.pydataset.fit", _FIT_GEN + """
class Batches(tf.keras.utils.PyDataset):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.ends = 0
    def __len__(self):
        return 3
    def __getitem__(self, i):
        return x[4 * i:4 * i + 4] / 255., y[4 * i:4 * i + 4]
    def on_epoch_end(self):
        self.ends += 1
b = Batches()
h = model.fit(b, epochs=3, verbose=0)
result = [h.history, b.ends, tf.keras.utils.Sequence is tf.keras.utils.PyDataset]
""", rtol=1e-5, atol=1e-6),
]

def _shapes_snippet(name, code):
    return S(f"keras.shapes3.{name}", "def attr(f):\n    try:\n        return f()\n    except AttributeError as e:\n"
                                      "        return ['AttributeError', str(e)]\n" + code)


SNIPPETS += [
    _shapes_snippet("sequential", """
m = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(3)])
u = tf.keras.Sequential([tf.keras.layers.Dense(3)], name='later')
out = [m.input_shape, m.output_shape, attr(lambda: u.input_shape), attr(lambda: u.output_shape)]
u.build((None, 5))
out += [u.input_shape, u.output_shape]
c = tf.keras.Sequential([tf.keras.layers.Dense(3), tf.keras.layers.Reshape((3, 1))])
c(tf.ones((2, 7)))
out += [c.input_shape, c.output_shape]
s = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(6,))])
out += [s.input_shape, s.output_shape, list(m.inputs[0].shape), list(m.outputs[0].shape)]
result = out
"""),
    _shapes_snippet("functional", """
a = tf.keras.Input((4,))
b = tf.keras.Input((2, 3), batch_size=8)
o1 = tf.keras.layers.Dense(2)(a)
o2 = tf.keras.layers.Flatten()(b)
f = tf.keras.Model([a, b], [o1, o2])
g = tf.keras.Model(a, o1)
result = [f.input_shape, f.output_shape, g.input_shape, g.output_shape, list(f.layers[2].input.shape),
          list(f.layers[3].output.shape), attr(lambda: tf.keras.layers.Dense(2, name='free').output),
          attr(lambda: tf.keras.layers.Dense(2, name='free2').input)]
"""),
    S("keras.shapes3.activation_model", """
model = tf.keras.Sequential([tf.keras.Input((6, 6, 1)), tf.keras.layers.Conv2D(2, 3, activation='relu', name='c1'),
                             tf.keras.layers.MaxPooling2D(name='p1'), tf.keras.layers.Flatten(name='f'),
                             tf.keras.layers.Dense(3, name='d')])
model.set_weights([np.sin(np.arange(np.prod(w.shape)) * 0.3 + i).reshape(w.shape).astype('float32')
                   for i, w in enumerate(model.get_weights())])
acts = tf.keras.Model(inputs=model.inputs, outputs=[layer.output for layer in model.layers[:3]])
x = np.cos(np.arange(72.) * 0.2).reshape(2, 6, 6, 1).astype('float32')
model.add(tf.keras.layers.Dense(2, name='d2'))
result = [acts.predict(x, verbose=0), [list(t.shape) for t in acts.outputs], len(acts.weights),
          list(model.outputs[0].shape), model.output_shape,
          tf.keras.Model(model.inputs, model.get_layer('f').output)(x), model.get_layer(index=1).name]
""", rtol=1e-5, atol=1e-6),
    S("keras.shapes3.get_layer_missing", "tf.keras.Sequential([tf.keras.layers.Dense(2, name='a')]).get_layer('b')"),
    S("keras.shapes3.get_layer_both", "tf.keras.Sequential([tf.keras.layers.Dense(2)]).get_layer('b', 0)"),
]

_ACT_LAYERS = [
    ("leaky_relu", "tf.keras.layers.LeakyReLU()"),
    ("leaky_relu.slope", "tf.keras.layers.LeakyReLU(negative_slope=0.05)"),
    ("leaky_relu.alpha", "tf.keras.layers.LeakyReLU(alpha=0.2)"),
    ("prelu", "tf.keras.layers.PReLU()"),
    ("prelu.shared", "tf.keras.layers.PReLU(shared_axes=[1, 2], alpha_initializer='ones')"),
    ("elu", "tf.keras.layers.ELU()"),
    ("elu.alpha", "tf.keras.layers.ELU(alpha=0.5)"),
    ("identity", "tf.keras.layers.Identity()"),
]

SNIPPETS += [S(f"keras.act3.{name}", _PRELUDE + f"result = run({ctor}, fixed((2, 3, 4, 2), 5) * 3)\n",
               rtol=1e-5, atol=1e-6) for name, ctor in _ACT_LAYERS] + [
    S("keras.act3.configs",
      "L = tf.keras.layers\n"
      "p = L.PReLU(shared_axes=1, alpha_regularizer='l2')\np.build((None, 3, 4))\n"
      "c = {k: v for k, v in p.get_config().items() if k not in ('dtype', 'name')}\n"
      "result = [L.LeakyReLU(0.1).get_config()['negative_slope'], sorted(L.ELU(0.5).get_config()),\n"
      "          c['shared_axes'], c['alpha_initializer']['class_name'], c['alpha_regularizer']['class_name'],\n"
      "          [list(w.shape) for w in p.weights], float(sum(p.losses))]"),
    S("keras.act3.leaky_bad", "tf.keras.layers.LeakyReLU(negative_slope=-1)"),
    S("keras.act3.gan_model", """
tf.keras.utils.set_random_seed(4)
model = tf.keras.Sequential([tf.keras.Input((6,)), tf.keras.layers.Dense(4), tf.keras.layers.LeakyReLU(),
                             tf.keras.layers.Dense(3), tf.keras.layers.PReLU(), tf.keras.layers.Dense(1),
                             tf.keras.layers.ELU()])
model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss='mse')
x = np.sin(np.arange(60.)).reshape(10, 6).astype('float32')
h = model.fit(x, np.cos(np.arange(10.)).astype('float32'), epochs=4, batch_size=5, verbose=0, shuffle=False)
result = [h.history, model.predict(x[:3], verbose=0)]
""", rtol=1e-5, atol=1e-6),
]
SNIPPETS += [
    S("keras.get_file.local", """
import tempfile, os, tarfile, zipfile, hashlib, warnings
src = tempfile.mkdtemp()
cache = tempfile.mkdtemp()
os.makedirs(os.path.join(src, 'pkg', 'sub'))
open(os.path.join(src, 'pkg', 'a.txt'), 'w').write('alpha')
open(os.path.join(src, 'pkg', 'sub', 'b.txt'), 'w').write('beta')
with tarfile.open(os.path.join(src, 'pkg.tar.gz'), 'w:gz') as t:
    t.add(os.path.join(src, 'pkg'), arcname='pkg')
with zipfile.ZipFile(os.path.join(src, 'pkg.zip'), 'w') as z:
    z.write(os.path.join(src, 'pkg', 'a.txt'), 'pkg/a.txt')
url = 'file://' + src
G = tf.keras.utils.get_file
def rel(p):
    return os.path.relpath(p, cache)
def tree(p):
    return sorted(os.path.relpath(os.path.join(r, f), p) for r, _, fs in os.walk(p) for f in fs)
out = [rel(G('a.txt', url + '/pkg/a.txt', cache_dir=cache)),
       rel(G(origin=url + '/pkg/sub/b.txt', cache_dir=cache, cache_subdir='other'))]
p = G('pkg.tar.gz', url + '/pkg.tar.gz', extract=True, cache_dir=cache)
out += [rel(p), tree(p)]
p = G('pkgdir', url + '/pkg.tar.gz', untar=True, cache_dir=cache)
out += [rel(p), tree(p)]
p = G(origin=url + '/pkg.zip', extract=True, cache_dir=cache)
out += [rel(p), tree(p)]
sha = hashlib.sha256(b'alpha').hexdigest()
out.append(rel(G('a2.txt', url + '/pkg/a.txt', file_hash=sha, cache_dir=cache)))
out.append(rel(G('a3.txt', url + '/pkg/a.txt', md5_hash=hashlib.md5(b'alpha').hexdigest(), cache_dir=cache)))
try:
    G('a4.txt', url + '/pkg/a.txt', file_hash='0' * 64, cache_dir=cache)
except ValueError as e:
    out += [str(e), os.path.exists(os.path.join(cache, 'datasets', 'a4.txt'))]
try:
    G('a5.txt', url + '/nothing/here.txt', cache_dir=cache)
except Exception as e:
    out += [type(e).__name__, str(e).startswith('URL fetch failure on ' + url + '/nothing/here.txt'),
            os.path.exists(os.path.join(cache, 'datasets', 'a5.txt'))]
open(os.path.join(src, 'pkg', 'a.txt'), 'w').write('changed')
out.append(open(G('a.txt', url + '/pkg/a.txt', cache_dir=cache)).read())
out.append(open(G('a.txt', url + '/pkg/a.txt', cache_dir=cache, force_download=True)).read())
result = out
"""),
    S("keras.get_file.no_origin", "tf.keras.utils.get_file('x.txt')"),
    S("keras.get_file.path_fname", "tf.keras.utils.get_file('a/x.txt', 'file:///nonexistent')"),
]

SNIPPETS += [
    S("keras.aug3.random_crop", """
x = np.arange(2 * 6 * 7 * 2, dtype='float32').reshape(2, 6, 7, 2)
L = tf.keras.layers
r = L.RandomCrop(3, 4, seed=3)
out = [r(x), r(x), r(x, training=False), r(x[0]), L.RandomCrop(8, 4, seed=1)(x), L.RandomCrop(6, 7, seed=1)(x),
       L.RandomCrop(2, 9, seed=2)(x), L.RandomCrop(5, 5)(x, training=False)]
model = tf.keras.Sequential([tf.keras.Input((6, 7, 2)), L.RandomCrop(4, 4, seed=5), L.Flatten()])
out += [model.output_shape, model(x, training=True), model.predict(x, verbose=0).shape]
xt = tf.constant(x)
with tf.GradientTape() as tape:
    tape.watch(xt)
    y = L.RandomCrop(4, 3, seed=6)(xt)
out.append(tape.gradient(tf.reduce_sum(y * y), xt))
c = L.RandomCrop(3, 4, seed=3).get_config()
out.append([c['height'], c['width'], c['seed']])
result = out
""", rtol=1e-5, atol=1e-5),
]

SNIPPETS += [
    S("keras.mha3.transformer_fit", _PRELUDE + """
tf.keras.utils.set_random_seed(3)
inp = tf.keras.Input((5,), dtype='int32')
e = tf.keras.layers.Embedding(12, 8, mask_zero=True)(inp)
a = tf.keras.layers.MultiHeadAttention(2, 4, dropout=0.2, seed=7)(e, e)
x = tf.keras.layers.LayerNormalization()(tf.keras.layers.Add()([a, e]))
x = tf.keras.layers.GlobalAveragePooling1D()(x)
model = tf.keras.Model(inp, tf.keras.layers.Dense(2)(x))
model.set_weights([fixed(w.shape, i) for i, w in enumerate(model.get_weights())])
model.compile(optimizer=tf.keras.optimizers.Adam(0.01),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
ids = (np.arange(40).reshape(8, 5) * 7) % 12
ids[:, 3:] *= (np.arange(8) % 2)[:, None]
h = model.fit(ids, np.arange(8) % 2, epochs=4, batch_size=4, shuffle=False, verbose=0)
result = [h.history, model.predict(ids[:2], verbose=0)]
""", rtol=1e-5, atol=1e-6),
    S("keras.merge3.masks", """
ids = np.array([[3, 1, 0, 0], [2, 5, 4, 0]])
ids2 = np.array([[3, 0, 0, 0], [2, 5, 0, 1]])
emb = tf.keras.layers.Embedding(6, 3, mask_zero=True)
emb.build((None, 4))
emb.set_weights([np.arange(18, dtype='float32').reshape(6, 3) / 10])
L = tf.keras.layers
out = []
for layer in [L.Add(), L.Subtract(), L.Multiply(), L.Average(), L.Maximum(), L.Minimum(), L.Concatenate(),
              L.Concatenate(axis=1)]:
    y = layer([emb(ids), emb(ids2)])
    out += [y, y._keras_mask]
y = L.Add()([emb(ids), tf.ones((2, 4, 3))])
out.append(getattr(y, '_keras_mask', None) is None)
y = L.Concatenate()([emb(ids), tf.ones((2, 4, 3))])
out.append(y._keras_mask)
inp = tf.keras.Input((4,), dtype='int32')
x = L.Embedding(6, 3, mask_zero=True)
s = L.Concatenate()([x(inp), x(inp)])
g = L.GlobalAveragePooling1D()(L.LayerNormalization()(s))
m = tf.keras.Model(inp, g)
m.set_weights([np.arange(18, dtype='float32').reshape(6, 3) / 10] + [w for w in m.get_weights()[1:]])
out.append(m(ids))
result = out
""", rtol=1e-5, atol=1e-6),
]

SNIPPETS += [
    S("keras.ops3.operators_fit", _PRELUDE + """
tf.keras.utils.set_random_seed(2)
inp = tf.keras.Input((5,), dtype='int32')
e = tf.keras.layers.Embedding(12, 8, mask_zero=True)(inp)
a = tf.keras.layers.MultiHeadAttention(2, 4)(e, e)
x = tf.keras.layers.LayerNormalization()(a + e)
x = tf.keras.layers.GlobalAveragePooling1D()(x)
d = tf.keras.layers.Dense(2)(x)
out = 2.0 * d - d[:, :1] / 4 + (-d) ** 2 - 1
model = tf.keras.Model(inp, out)
model.set_weights([fixed(w.shape, i) for i, w in enumerate(model.get_weights())])
ids = (np.arange(40).reshape(8, 5) * 7) % 12
ids[:, 3:] *= (np.arange(8) % 2)[:, None]
first = model(ids)
model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss='mse')
h = model.fit(ids, np.ones((8, 2)), epochs=3, batch_size=4, verbose=0, shuffle=False)
result = [first, h.history, [l.name for l in model.layers], list(out.shape)]
""", rtol=1e-5, atol=1e-6),
    S("keras.ops3.operator_shapes", """
x = tf.keras.Input((4, 3))
y = tf.keras.Input((3, 2))
outs = [x + 1, 1 - x, x * x, x / 2, 3 / (x + 5), x @ y, -x, x[:, 0], x[:, 1:3, ::2], x ** 2]
m = tf.keras.Model([x, y], outs)
a = np.arange(24, dtype='float32').reshape(2, 4, 3) / 10
b = np.arange(12, dtype='float32').reshape(2, 3, 2) / 10
result = [[list(t.shape) for t in outs], m([a, b]), len(m.layers)]
""", rtol=1e-5, atol=1e-6),
]

SNIPPETS += [
    S("keras.constraints3.all", """
import numpy as np
C = tf.keras.constraints
w = np.sin(np.arange(12.)).reshape(3, 4).astype('float32') * 3
out = [C.MaxNorm(2.)(w), C.MaxNorm(1., axis=1)(w), C.NonNeg()(w), C.UnitNorm()(w), C.UnitNorm(axis=[0, 1])(w),
       C.MinMaxNorm(1., 2., rate=0.5)(w), C.get('max_norm').get_config(), type(C.get('non_neg')).__name__,
       C.serialize(C.MaxNorm(3))]
tf.keras.utils.set_random_seed(1)
model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(3, kernel_constraint='non_neg',
                              bias_constraint=C.MaxNorm(0.1)), tf.keras.layers.Dense(1, kernel_constraint=C.UnitNorm())])
model.set_weights([np.cos(np.arange(np.prod(v.shape)) + i).reshape(v.shape).astype('float32') for i, v in enumerate(model.get_weights())])
model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss='mse')
x = np.sin(np.arange(24.)).reshape(6, 4).astype('float32')
h = model.fit(x, np.ones((6, 1)), epochs=3, batch_size=3, verbose=0, shuffle=False)
out += [h.history, model.get_weights()]
try:
    C.get(5)
except ValueError as e:
    out.append(str(e))
result = out
""", rtol=1e-5, atol=1e-6),
    S("keras.constraints3.bad", "tf.keras.constraints.get('nope')"),
]

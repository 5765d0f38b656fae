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
# sorted: Keras lists layers by graph depth (average_pooling3d after up_sampling3d), tapeviz depth-first
result = [[list(t.shape) for t in (x, a, b, c, d, e, g, h)], sorted(l.name for l in m.layers),
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

"""Keras 3's errors around a layer call: `InputSpec` checks (before and after build), the
functional model's input spec and rank adjustment, and the context Keras adds to an exception
raised inside `call` ("Exception encountered when calling ...", the arguments received)."""
from tests.tf_diff.corpus import S

K = "tf.keras.backend.clear_session()\nlayers = tf.keras.layers\n"
SNIPPETS = [
    S("keras.err.dense_built_last_axis", K + "d = layers.Dense(3); d(tf.ones((2, 4)))\nresult = d(tf.ones((1, 5)))"),
    S("keras.err.dense_min_ndim", K + "result = layers.Dense(3)(tf.ones((2,)))"),
    S("keras.err.dense_symbolic", K + "d = layers.Dense(3); d(tf.ones((2, 4)))\nresult = d(tf.keras.Input((5,)))"),
    S("keras.err.sequential_conv_rank", K + "tf.keras.Sequential([tf.keras.Input((4, 5)), layers.Conv2D(2, 3)])"),
    S("keras.err.sequential_lstm_rank", K + "tf.keras.Sequential([tf.keras.Input((4,)), layers.LSTM(2)])"),
    S("keras.err.sequential_call_wrapped",
      K + "m = tf.keras.Sequential([tf.keras.Input((4,)), layers.Dense(2)])\nresult = m(tf.ones((1, 5)))"),
    S("keras.err.lstm_rank", K + "result = layers.LSTM(2)(tf.ones((2, 3)))"),
    S("keras.err.bidirectional_rank", K + "result = layers.Bidirectional(layers.LSTM(2))(tf.ones((2, 3)))"),
    S("keras.err.maxpool_rank", K + "result = layers.MaxPooling2D()(tf.ones((2, 4, 4)))"),
    S("keras.err.global_pool_rank", K + "result = layers.GlobalAveragePooling1D()(tf.ones((2, 4, 4, 3)))"),
    S("keras.err.flatten_scalar", K + "result = layers.Flatten()(tf.ones(()))"),
    S("keras.err.permute_rank", K + "result = layers.Permute((2, 1))(tf.ones((2, 3)))"),
    S("keras.err.spatial_dropout_rank", K + "result = layers.SpatialDropout1D(0.5)(tf.ones((2, 3)))"),
    S("keras.err.conv1d_channels",
      K + "c = layers.Conv1D(2, 3); c(tf.ones((2, 5, 3)))\nresult = c(tf.ones((2, 5, 4)))"),
    S("keras.err.batchnorm_channels",
      K + "b = layers.BatchNormalization(); b(tf.ones((2, 3)))\nresult = b(tf.ones((2, 4)))"),
    S("keras.err.input_specs",
      K + "d = layers.Dense(3); d(tf.ones((2, 4)))\n"
      "result = [repr(d.input_spec), repr(layers.Conv2D(2, 3).input_spec), repr(layers.LSTM(3).input_spec),\n"
      "          repr(layers.Dense(1).input_spec), repr(tf.keras.layers.InputSpec(shape=(None, 2), dtype='int32'))]"),
    S("keras.err.functional_shape",
      K + "i = tf.keras.Input((4,), name='x'); m = tf.keras.Model(i, layers.Dense(2)(i), name='m')\n"
      "result = m(tf.ones((1, 5)))"),
    S("keras.err.functional_squeeze_last_axis",
      K + "i = tf.keras.Input((4,), name='x'); m = tf.keras.Model(i, layers.Dense(2)(i))\n"
      "result = m(tf.ones((3, 4, 1))).shape"),
    S("keras.err.functional_expand_last_axis",
      K + "i = tf.keras.Input((4, 1), name='x'); m = tf.keras.Model(i, layers.Flatten()(i))\n"
      "result = m(tf.ones((2, 4)))"),
    S("keras.err.functional_bad_rank",
      K + "i = tf.keras.Input((4, 1), name='x'); m = tf.keras.Model(i, layers.Flatten()(i))\n"
      "m.input_spec = None\nresult = m(tf.ones((2, 4, 2, 1, 1)))"),
    S("keras.err.functional_spec_repr",
      K + "i = tf.keras.Input((4, 1), name='x'); m = tf.keras.Model(i, layers.Flatten()(i))\n"
      "result = [repr(m.input_spec), m.input_spec[0].name, m.input_spec[0].allow_last_axis_squeeze]"),
    S("keras.err.call_context_custom_layer", K + """
        class Scale(layers.Layer):
            def call(self, x, training=None, k=3):
                return x * tf.ones((k,))
        result = Scale()(tf.ones((2, 2)), k=4)"""),
    S("keras.err.call_context_type_error", K + "result = layers.Activation(lambda x: x / 'a')(tf.ones((2,)))"),
    S("keras.err.call_context_value_error", K + """
        class Bad(layers.Layer):
            def call(self, inputs, mask=None):
                raise ValueError(f"no {inputs.shape}")
        result = Bad()([tf.ones((1, 2)), np.ones(3)])"""),
    S("keras.err.call_context_innermost_only", K + """
        class Inner(layers.Layer):
            def call(self, x):
                raise KeyError('inner')
        class Outer(layers.Layer):
            def __init__(self):
                super().__init__()
                self.inner = Inner()
            def call(self, x):
                return self.inner(x)
        result = Outer()(tf.ones((1,)))"""),
    S("keras.err.call_context_disabled", K + """
        class Bad(layers.Layer):
            def call(self, x):
                raise ValueError('plain')
        tf.keras.config.disable_traceback_filtering()
        try:
            Bad()(tf.ones((1,)))
        except ValueError as e:
            result = [str(e), tf.keras.config.is_traceback_filtering_enabled()]
        finally:
            tf.keras.config.enable_traceback_filtering()"""),
]

"""TF's top-level initializers (`tf.random_normal_initializer`, ...) on their own, in a
`tf.Module` and as Keras initializers, and one layer instance shared in a model (TF 2.21 + Keras 3)."""
from tests.tf_diff.corpus import S

_SHARED = """
d = tf.keras.layers.Dense(4, kernel_initializer=tf.random_normal_initializer(seed=1), bias_initializer=tf.constant_initializer(0.1))
m = tf.keras.Sequential([tf.keras.Input((4,)), d, d])
x = tf.constant(np.arange(8, dtype='float32').reshape(2, 4) / 8)
with tf.GradientTape() as tape:
    y = m(x)
    loss = tf.reduce_sum(y * y)
g = tape.gradient(loss, m.trainable_weights)
inp = tf.keras.Input((4,))
fm = tf.keras.Model(inp, tf.keras.layers.add([d(inp), d(d(inp))]))
result = [y, g, len(m.trainable_weights), m.count_params(), [l is d for l in m.layers], fm(x), len(fm.weights)]
"""

SNIPPETS = [
    S("init.random_normal_seeded", "result = tf.random_normal_initializer(mean=1.0, stddev=2.0, seed=7)((3, 4))"),
    S("init.random_normal_repeat",
      "i = tf.random_normal_initializer(seed=2)\nresult = [i((2, 3)), i((2, 3)), i((5,), dtype=tf.float64)]"),
    S("init.random_uniform_seeded", "result = tf.random_uniform_initializer(-2.0, 3.0, seed=5)((4, 2))"),
    S("init.random_uniform_int", "result = tf.random_uniform_initializer(0, 10, seed=5)((6,), dtype=tf.int32)"),
    S("init.random_normal_unseeded",
      "tf.random.set_seed(3)\nresult = [tf.random_normal_initializer()((2, 2)), tf.random_uniform_initializer()((3,))]"),
    S("init.zeros_ones", "result = [tf.zeros_initializer()((2, 3)), tf.ones_initializer()((2,), dtype=tf.int64),\n"
      "          tf.zeros_initializer()([3], 'float16')]"),
    S("init.constant", "result = [tf.constant_initializer(2.5)((2, 2)), tf.constant_initializer([1, 2, 3, 4])((2, 2)),\n"
      "          tf.constant_initializer([1, 2])((2,)), tf.constant_initializer(3)((2,), dtype=tf.float32)]"),
    S("init.constant_bad_size", "tf.constant_initializer([1, 2])((3,))", msg=False),
    S("init.normal_int_dtype", "tf.random_normal_initializer()((2,), dtype=tf.int32)", msg=False),
    S("init.get_config", "result = [sorted(tf.random_normal_initializer(seed=1).get_config().items()),\n"
      "          sorted(tf.random_uniform_initializer().get_config().items()),\n"
      "          tf.constant_initializer(4).get_config()]"),
    S("init.in_module",
      "class M(tf.Module):\n"
      "    def __init__(self):\n"
      "        super().__init__()\n"
      "        self.w = tf.Variable(tf.random_normal_initializer(seed=4)([3, 2]), name='w')\n"
      "        self.b = tf.Variable(tf.zeros_initializer()([2]), name='b')\n"
      "    def __call__(self, x):\n"
      "        return tf.matmul(x, self.w) + self.b\n"
      "result = M()(tf.ones((1, 3)))"),
    S("init.keras_kernel_initializer",
      "layer = tf.keras.layers.Dense(3, kernel_initializer=tf.random_uniform_initializer(-1.0, 1.0, seed=9),\n"
      "                              bias_initializer=tf.ones_initializer())\n"
      "result = [layer(tf.ones((2, 2))), layer.get_weights()]"),
    S("init.keras_conv_lstm",
      "conv = tf.keras.layers.Conv1D(2, 2, kernel_initializer=tf.random_normal_initializer(seed=3))\n"
      "lstm = tf.keras.layers.LSTM(2, kernel_initializer=tf.random_normal_initializer(seed=5),\n"
      "                            recurrent_initializer=tf.random_uniform_initializer(seed=6))\n"
      "result = lstm(conv(tf.ones((1, 4, 3))))"),
    S("init.tf_initializers_alias",
      "result = [tf.initializers.Orthogonal(seed=2)((3, 3)), tf.initializers.GlorotUniform(seed=1)((2, 2))]",
      rtol=1e-4, atol=1e-5),
    S("keras.shared_layer", _SHARED),
    S("keras.shared_layer_trains",
      "tf.keras.utils.set_random_seed(2)\n"
      "d = tf.keras.layers.Dense(3, activation='tanh')\n"
      "m = tf.keras.Sequential([tf.keras.Input((3,)), d, d, tf.keras.layers.Dense(1)])\n"
      "m.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss='mse')\n"
      "x = np.linspace(-1, 1, 24, dtype='float32').reshape(8, 3)\n"
      "h = m.fit(x, x[:, :1] * 2, epochs=3, batch_size=4, shuffle=False, verbose=0)\n"
      "result = [h.history, m.get_weights()]"),
]

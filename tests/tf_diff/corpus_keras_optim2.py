"""Optimizers on sparse (Embedding) gradients and the remaining schedule, against TF 2.21 +
Keras 3: a seeded Embedding model trained by each optimizer, weights and history compared."""
from tests.tf_diff.corpus import S

_EMBED = """
tf.keras.utils.set_random_seed(7)
x = np.array([[1, 2, 3, 0], [4, 5, 0, 0], [2, 2, 6, 1], [7, 0, 0, 0], [3, 1, 4, 1], [5, 9, 2, 6]] * 2, 'int32')
y = np.array([[1.0], [0.0], [0.5], [-1.0], [0.25], [0.75]] * 2, 'float32')
model = tf.keras.Sequential([tf.keras.Input((4,), dtype='int32'), tf.keras.layers.Embedding(10, 3),
                             tf.keras.layers.GlobalAveragePooling1D(), tf.keras.layers.Dense(1)])
model.compile(optimizer=OPT, loss='mse')
h = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
result = [h.history, model.get_weights()]
"""

_OPTIMIZERS = [
    ("adam", "tf.keras.optimizers.Adam(0.05)"),
    ("adam.amsgrad", "tf.keras.optimizers.Adam(0.05, amsgrad=True)"),
    ("sgd", "tf.keras.optimizers.SGD(0.5)"),
    ("sgd.momentum", "tf.keras.optimizers.SGD(0.3, momentum=0.9, nesterov=True)"),
    ("rmsprop", "tf.keras.optimizers.RMSprop(0.02, momentum=0.5, centered=True)"),
    ("adagrad", "tf.keras.optimizers.Adagrad(0.3)"),
    ("adadelta", "tf.keras.optimizers.Adadelta(5.0)"),
    ("adamax", "tf.keras.optimizers.Adamax(0.05)"),
    ("nadam", "tf.keras.optimizers.Nadam(0.05)"),
    ("adamw", "tf.keras.optimizers.AdamW(0.05, weight_decay=0.1)"),
    ("ftrl", "tf.keras.optimizers.Ftrl(0.3, l1_regularization_strength=0.001)"),
    ("lion", "tf.keras.optimizers.Lion(0.01)"),
    ("adam.clipnorm", "tf.keras.optimizers.Adam(0.05, clipnorm=0.1)"),
    ("sgd.clipvalue", "tf.keras.optimizers.SGD(0.5, clipvalue=0.01)"),
    ("adam.global_clipnorm", "tf.keras.optimizers.Adam(0.05, global_clipnorm=0.1)"),
]

SNIPPETS = [S(f"keras.optim2.embedding.{name}", _EMBED.replace("OPT", ctor), rtol=1e-5, atol=1e-6)
            for name, ctor in _OPTIMIZERS] + [
    S("keras.optim2.cosine_restarts",
      "s = tf.keras.optimizers.schedules.CosineDecayRestarts(0.1, 3, t_mul=2.0, m_mul=0.5, alpha=0.1)\n"
      "result = [s(i) for i in range(0, 30, 2)] + [s.get_config()]", rtol=1e-5, atol=1e-7),
    S("keras.optim2.cosine_restarts_default",
      "s = tf.keras.optimizers.schedules.CosineDecayRestarts(1.0, 4)\n"
      "result = [s(i) for i in range(12)]", rtol=1e-5, atol=1e-7),
    S("keras.optim2.cosine_restarts_training", """
tf.keras.utils.set_random_seed(3)
x = np.sin(np.arange(32.)).reshape(8, 4).astype('float32')
y = np.cos(np.arange(8.)).reshape(8, 1).astype('float32')
model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(1)])
opt = tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.CosineDecayRestarts(0.2, 2, t_mul=1.0))
model.compile(optimizer=opt, loss='mse')
h = model.fit(x, y, epochs=4, batch_size=2, shuffle=False, verbose=0)
result = [h.history, model.get_weights()]
""", rtol=1e-5, atol=1e-6),
    S("keras.optim2.legacy_names",
      "L = tf.keras.optimizers.legacy\n"
      "result = [n for n in ['SGD', 'Adam', 'RMSprop', 'Adagrad', 'Adadelta', 'Adamax', 'Nadam', 'Ftrl', 'Optimizer'] if hasattr(L, n)]"),
]

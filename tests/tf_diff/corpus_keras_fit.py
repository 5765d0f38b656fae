"""Keras `fit` with callbacks, class/sample weights, validation_split and each optimizer: the
seeded small model's history (and weights) under TF 2.21 + Keras 3 and under tapeviz."""
from tests.tf_diff.corpus import S

_DATA = """
tf.keras.utils.set_random_seed(1)
rs = np.random.RandomState(0)
x = rs.standard_normal((40, 4)).astype('float32')
y = (x[:, :1] * 0.8 - x[:, 1:2] * 0.5 + 0.1 * rs.standard_normal((40, 1))).astype('float32')
labels = (x[:, 0] + 0.3 * x[:, 2] > 0.2).astype('int32')
def regressor(optimizer='sgd', metrics=None):
    model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(5, activation='tanh'),
                                 tf.keras.layers.Dense(1)])
    model.compile(optimizer=optimizer, loss='mse', metrics=metrics)
    return model
def classifier():
    model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(3, activation='relu'),
                                 tf.keras.layers.Dense(2, activation='softmax')])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss='sparse_categorical_crossentropy',
                  metrics=['accuracy'])
    return model
"""


def _fit(name, body, rtol=1e-5):
    return S(f"keras.fit.{name}", _DATA + body, rtol=rtol, atol=1e-6)


_OPTIMIZERS = ["tf.keras.optimizers.Adagrad(0.1)", "tf.keras.optimizers.Adadelta(1.0)",
               "tf.keras.optimizers.Adamax(0.05)", "tf.keras.optimizers.Nadam(0.05)",
               "tf.keras.optimizers.AdamW(0.05, weight_decay=0.01)", "tf.keras.optimizers.Ftrl(0.1)",
               "tf.keras.optimizers.Lion(0.01)", "tf.keras.optimizers.SGD(0.1, momentum=0.5, clipnorm=0.5)",
               "tf.keras.optimizers.Adam(0.05, global_clipnorm=0.3)",
               "tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.ExponentialDecay(0.2, 3, 0.5))"]

SNIPPETS = [
    _fit(f"optimizer_{i}",
         f"model = regressor({ctor})\n"
         "h = model.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0)\n"
         "result = [h.history, model.get_weights()]")
    for i, ctor in enumerate(_OPTIMIZERS)
] + [
    _fit("early_stopping",
         "model = regressor(tf.keras.optimizers.SGD(0.05))\n"
         "cb = tf.keras.callbacks.EarlyStopping(monitor='val_loss', min_delta=0.05, patience=1)\n"
         "h = model.fit(x, y, epochs=20, batch_size=8, shuffle=False, verbose=0, validation_split=0.25, callbacks=[cb])\n"
         "result = [h.history, h.epoch, cb.stopped_epoch, cb.best, cb.wait]"),
    _fit("early_stopping_restore",
         "model = regressor(tf.keras.optimizers.SGD(0.3))\n"
         "cb = tf.keras.callbacks.EarlyStopping(monitor='loss', patience=2, restore_best_weights=True)\n"
         "h = model.fit(x, y, epochs=12, batch_size=8, shuffle=False, verbose=0, callbacks=[cb])\n"
         "result = [h.history, cb.best_epoch, cb.stopped_epoch, model.get_weights()]"),
    _fit("early_stopping_baseline_accuracy",
         "model = classifier()\n"
         "cb = tf.keras.callbacks.EarlyStopping(monitor='accuracy', baseline=0.99, patience=2, start_from_epoch=1)\n"
         "h = model.fit(x, labels, epochs=10, batch_size=8, shuffle=False, verbose=0, callbacks=[cb])\n"
         "result = [h.history, cb.stopped_epoch]"),
    _fit("reduce_lr",
         "model = regressor(tf.keras.optimizers.SGD(0.1))\n"
         "cb = tf.keras.callbacks.ReduceLROnPlateau(monitor='loss', factor=0.5, patience=1, min_delta=0.1, cooldown=1, min_lr=0.02)\n"
         "h = model.fit(x, y, epochs=8, batch_size=8, shuffle=False, verbose=0, callbacks=[cb])\n"
         "result = [h.history, float(model.optimizer.learning_rate.numpy())]"),
    _fit("lr_scheduler",
         "model = regressor(tf.keras.optimizers.SGD(0.1))\n"
         "cb = tf.keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch > 0 else lr)\n"
         "h = model.fit(x, y, epochs=4, batch_size=8, shuffle=False, verbose=0, callbacks=[cb])\n"
         "result = h.history"),
    _fit("lr_scheduler_old_api",
         "model = regressor(tf.keras.optimizers.Adam(0.1))\n"
         "cb = tf.keras.callbacks.LearningRateScheduler(lambda epoch: 0.01 * (epoch + 1))\n"
         "h = model.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0, callbacks=[cb])\n"
         "result = h.history"),
    _fit("lambda_callback",
         "seen = []\n"
         "cb = tf.keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append((epoch, sorted(logs))),\n"
         "    on_train_begin=lambda logs: seen.append('begin'), on_train_end=lambda logs: seen.append('end'))\n"
         "model = regressor()\n"
         "model.fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=[cb])\n"
         "result = str(seen)"),
    _fit("csv_logger",
         "import csv, tempfile, os\n"
         "path = os.path.join(tempfile.mkdtemp(), 'log.csv')\n"
         "model = regressor(metrics=['mae'])\n"
         "model.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0, callbacks=[tf.keras.callbacks.CSVLogger(path)])\n"
         "rows = list(csv.reader(open(path)))\n"
         "result = [rows[0], [[v if v == 'NA' else float(v) for v in r] for r in rows[1:]]]"),
    _fit("model_checkpoint_best",
         "import tempfile, os\n"
         "d = tempfile.mkdtemp()\n"
         "model = regressor(tf.keras.optimizers.SGD(0.3))\n"
         "cb = tf.keras.callbacks.ModelCheckpoint(os.path.join(d, 'w{epoch:02d}.weights.h5'), monitor='loss', save_best_only=True, save_weights_only=True)\n"
         "h = model.fit(x, y, epochs=6, batch_size=8, shuffle=False, verbose=0, callbacks=[cb])\n"
         "result = [sorted(os.listdir(d)), cb.best, h.history]"),
    _fit("class_weight",
         "model = classifier()\n"
         "h = model.fit(x, labels, epochs=3, batch_size=8, shuffle=False, verbose=0, class_weight={0: 0.5, 1: 3.0})\n"
         "result = [h.history, model.get_weights()]"),
    _fit("sample_weight",
         "model = regressor(tf.keras.optimizers.SGD(0.1))\n"
         "h = model.fit(x, y, sample_weight=np.linspace(0.1, 2.0, 40).astype('float32'), epochs=3, batch_size=8, shuffle=False, verbose=0)\n"
         "result = [h.history, model.get_weights()]"),
    _fit("validation_split",
         "model = regressor(tf.keras.optimizers.SGD(0.1), metrics=['mae'])\n"
         "h = model.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0, validation_split=0.3)\n"
         "result = h.history"),
    _fit("class_weight_with_sample_weight",
         "classifier().fit(x, labels, sample_weight=np.ones(40), class_weight={0: 1.0}, verbose=0)"),
    _fit("regularizers",
         "model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(5, activation='tanh',\n"
         "    kernel_regularizer=tf.keras.regularizers.L2(0.05), bias_regularizer='l1'),\n"
         "    tf.keras.layers.Dense(1, kernel_regularizer=tf.keras.regularizers.L1L2(l1=0.01, l2=0.02))])\n"
         "model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss='mse')\n"
         "before = [float(v) for v in model.losses]\n"
         "h = model.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0, validation_split=0.25)\n"
         "result = [before, [float(v) for v in model.losses], h.history, model.get_weights(),\n"
         "          model.evaluate(x, y, verbose=0)]"),
    _fit("regularizer_conv1d",
         "model = tf.keras.Sequential([tf.keras.Input((4, 1)), tf.keras.layers.Conv1D(2, 2, kernel_regularizer='l2'),\n"
         "    tf.keras.layers.Flatten(), tf.keras.layers.Dense(1)])\n"
         "model.compile(optimizer='adam', loss='mse')\n"
         "h = model.fit(x[..., None], y, epochs=2, batch_size=8, shuffle=False, verbose=0)\n"
         "result = [h.history, [float(v) for v in model.losses]]"),
    S("keras.regularizer.values",
      "w = tf.constant([[1.0, -2.0], [0.5, 3.0]])\n"
      "result = [tf.keras.regularizers.L1(0.1)(w), tf.keras.regularizers.L2()(w),\n"
      "          tf.keras.regularizers.L1L2(l1=0.2, l2=0.3)(w), tf.keras.regularizers.get('l1l2')(w)]"),
    S("keras.regularizer.negative", "tf.keras.regularizers.L2(-1.0)"),
    S("keras.regularizer.bad_name", "tf.keras.regularizers.get('l1_l2')"),
    S("keras.callback.reduce_lr_bad_factor", "tf.keras.callbacks.ReduceLROnPlateau(factor=1.0)"),
    S("keras.callback.checkpoint_bad_path", "tf.keras.callbacks.ModelCheckpoint('w.h5', save_weights_only=True)"),
    S("keras.callback.checkpoint_bad_model_path", "tf.keras.callbacks.ModelCheckpoint('model.ckpt')"),
    S("keras.callback.checkpoint_bad_freq", "tf.keras.callbacks.ModelCheckpoint('m.keras', save_freq='batch')"),
    _fit("early_stopping_unknown_direction",
         "model = regressor()\n"
         "model.fit(x, y, epochs=2, verbose=0, callbacks=[tf.keras.callbacks.EarlyStopping(monitor='val_mystery')])"),
]

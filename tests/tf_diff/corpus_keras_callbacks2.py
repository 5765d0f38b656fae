"""BackupAndRestore and TerminateOnNaN, and stopping mid-epoch, against TF 2.21 + Keras 3."""
from tests.tf_diff.corpus import S

_MODEL = """
import tempfile, os
tf.keras.utils.set_random_seed(1)
rs = np.random.RandomState(0)
x = rs.standard_normal((24, 3)).astype('float32')
y = (x[:, :1] * 0.7 - x[:, 1:2] * 0.2).astype('float32')
def make(lr=0.05):
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(4, activation='tanh'),
                                 tf.keras.layers.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.Adam(lr), loss='mse')
    return model
class Interrupt(tf.keras.callbacks.Callback):
    def __init__(self, at):
        super().__init__()
        self.at = at
    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.at:
            raise RuntimeError('interrupted')
"""

SNIPPETS = [
    S("keras.callback2.backup_and_restore", _MODEL + """
d = tempfile.mkdtemp()
backup = os.path.join(d, 'backup')
model = make()
out = []
try:
    model.fit(x, y, epochs=6, batch_size=8, shuffle=False, verbose=0,
              callbacks=[tf.keras.callbacks.BackupAndRestore(backup), Interrupt(3)])
except RuntimeError as e:
    out.append(str(e))
out.append(sorted(os.listdir(backup)))
with open(os.path.join(backup, 'training_metadata.json')) as f:
    out.append(f.read())
model2 = make()
model2(x[:1])
h = model2.fit(x, y, epochs=6, batch_size=8, shuffle=False, verbose=0,
               callbacks=[tf.keras.callbacks.BackupAndRestore(backup)])
out += [h.epoch, os.path.exists(backup), [w for w in model2.get_weights()]]
result = out
""", rtol=1e-4, atol=1e-5),
    S("keras.callback2.backup_save_freq", _MODEL + """
d = tempfile.mkdtemp()
backup = os.path.join(d, 'b')
model = make()
cb = tf.keras.callbacks.BackupAndRestore(backup, save_freq=2, delete_checkpoint=False)
model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0, callbacks=[cb])
with open(os.path.join(backup, 'training_metadata.json')) as f:
    result = [f.read(), sorted(os.listdir(backup))]
"""),
    S("keras.callback2.backup_unbuilt", _MODEL + """
tf.keras.Sequential([tf.keras.layers.Dense(1)]).compile(loss='mse')
m = tf.keras.Sequential([tf.keras.layers.Dense(1)])
m.compile(optimizer='sgd', loss='mse')
import re
try:
    m.fit(x, y, epochs=1, verbose=0, callbacks=[tf.keras.callbacks.BackupAndRestore(tempfile.mkdtemp())])
except ValueError as e:
    result = [type(e).__name__, re.sub('Model <.*> is unbuilt', 'Model <M> is unbuilt', str(e))]
"""),
    S("keras.callback2.backup_bad_freq", "tf.keras.callbacks.BackupAndRestore('/tmp/x', save_freq='batch')"),
    S("keras.callback2.terminate_on_nan", _MODEL + """
model = make()
model.compile(optimizer=tf.keras.optimizers.SGD(1e18), loss='mse')
h = model.fit(x * 1e10, y, epochs=5, batch_size=8, shuffle=False, verbose=0,
              callbacks=[tf.keras.callbacks.TerminateOnNaN()])
result = [h.epoch, [bool(np.isfinite(v)) for v in h.history['loss']], model.stop_training]
"""),
    S("keras.callback2.terminate_on_nan_raise", _MODEL + """
model = make()
model.compile(optimizer=tf.keras.optimizers.SGD(1e18), loss='mse')
try:
    model.fit(x * 1e10, y, epochs=5, batch_size=8, shuffle=False, verbose=0,
              callbacks=[tf.keras.callbacks.TerminateOnNaN(raise_error=True)])
except RuntimeError as e:
    result = str(e).split('.')[0]
"""),
    S("keras.callback2.stop_mid_epoch", _MODEL + """
model = make()
seen = []
class StopAt(tf.keras.callbacks.Callback):
    def on_train_batch_end(self, batch, logs=None):
        seen.append(batch)
        if batch == 1:
            self.model.stop_training = True
h = model.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0, validation_split=0.25,
              callbacks=[StopAt()])
result = [seen, h.epoch, sorted(h.history), model.get_weights()]
""", rtol=1e-4, atol=1e-5),
    S("keras.callback2.batch_aliases", _MODEL + """
model = make()
calls = []
class Old(tf.keras.callbacks.Callback):
    def on_batch_begin(self, batch, logs=None):
        calls.append(('begin', batch))
    def on_batch_end(self, batch, logs=None):
        calls.append(('end', batch, sorted(logs)))
model.fit(x, y, epochs=1, batch_size=12, shuffle=False, verbose=0, callbacks=[Old()])
result = calls
"""),
]

SNIPPETS += [
    S("keras.mask.sequence_loss", """
tf.keras.utils.set_random_seed(4)
x = np.array([[1, 2, 3, 0], [4, 5, 0, 0], [2, 2, 6, 1], [7, 0, 0, 0]] * 2, 'int32')
y = (np.arange(32).reshape(8, 4, 1) % 3).astype('float32')
model = tf.keras.Sequential([tf.keras.Input((4,), dtype='int32'), tf.keras.layers.Embedding(8, 3, mask_zero=True),
                             tf.keras.layers.LSTM(4, return_sequences=True), tf.keras.layers.Dense(1)])
model.compile(optimizer=tf.keras.optimizers.Adam(0.05), loss='mse', metrics=['mae'])
h = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
out = model(x[:2])
loss = tf.keras.losses.MeanSquaredError()
result = [h.history, model.evaluate(x, y, verbose=0), float(loss(y[:2], out)),
          float(tf.keras.losses.MeanSquaredError(reduction='sum')(y[:2], out)),
          float(loss(y[:2], out, sample_weight=np.array([1.0, 3.0])))]
""", rtol=1e-4, atol=1e-5),
    S("keras.mask.sparse_sequence_classifier", """
tf.keras.utils.set_random_seed(5)
x = np.array([[3, 1, 0, 0], [2, 2, 2, 0], [1, 0, 0, 0], [4, 3, 2, 1]] * 2, 'int32')
y = (np.arange(32).reshape(8, 4) % 3).astype('int32')
model = tf.keras.Sequential([tf.keras.Input((4,), dtype='int32'), tf.keras.layers.Embedding(5, 4, mask_zero=True),
                             tf.keras.layers.GRU(5, return_sequences=True),
                             tf.keras.layers.Dense(3, activation='softmax')])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
h = model.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0)
result = h.history
""", rtol=1e-4, atol=1e-5),
]

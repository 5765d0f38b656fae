"""CTC against TF 2.21: `tf.nn.ctc_loss` with SparseTensor labels (TF's CTCLoss kernel: values,
gradients, the refused second order, its errors), dense labels with `unique=`, the greedy and
beam-search decoders (decoded SparseTensors and log probabilities, generated cases), and
`collapse_repeated` / `ctc_unique_labels`."""
import random

from tests.tf_diff.corpus import S

_SP = """
def parts(s):
    return (s.indices, s.values, s.dense_shape)
"""
_DATA = _SP + """
rng = np.random.default_rng(0)
logits = tf.constant(rng.normal(size=(5, 2, 4)).astype('float32'))
sparse = tf.sparse.from_dense(tf.constant([[1, 2, 2], [3, 0, 0]]))
"""


def _err(name, call):
    return S(f"ctc.{name}", _DATA + f"result = {call}")


LOSS = [
    S("ctc.sparse.value", _DATA + "result = tf.nn.ctc_loss(sparse, logits, None, tf.constant([5, 4]), blank_index=0)"),
    S("ctc.sparse.grad", _DATA + "with tf.GradientTape() as t:\n    t.watch(logits)\n"
      "    y = tf.nn.ctc_loss(sparse, logits, None, [5, 4], blank_index=2) * tf.constant([1., 3.])\n"
      "result = (y, t.gradient(y, logits))"),
    S("ctc.sparse.second_order", _DATA + "with tf.GradientTape() as t2:\n    t2.watch(logits)\n"
      "    with tf.GradientTape() as t:\n        t.watch(logits)\n"
      "        y = tf.nn.ctc_loss(sparse, logits, None, [5, 4], blank_index=0)\n"
      "    g = t.gradient(y, logits)\nresult = t2.gradient(g, logits)"),
    S("ctc.sparse.blank_last", _DATA + "result = tf.nn.ctc_loss(sparse, logits, None, [5, 4], blank_index=-1)"),
    S("ctc.sparse.batch_major", _DATA + "result = tf.nn.ctc_loss(sparse, tf.transpose(logits, [1, 0, 2]), None, [5, 4],"
      " logits_time_major=False, blank_index=1)"),
    S("ctc.sparse.float64", _DATA + "x = tf.cast(logits, tf.float64)\nwith tf.GradientTape() as t:\n    t.watch(x)\n"
      "    y = tf.nn.ctc_loss(sparse, x, None, [5, 4], blank_index=-1)\nresult = (y, t.gradient(y, x))"),
    S("ctc.sparse.float16", _DATA + "result = tf.nn.ctc_loss(sparse, tf.cast(logits, tf.float16), None, [5, 4], "
      "blank_index=3)", rtol=2e-3),
    S("ctc.sparse.no_path", _DATA + "x = tf.tensor_scatter_nd_update(logits, [[t, 0, 1] for t in range(5)], "
      "[-np.inf] * 5)\nwith tf.GradientTape() as t:\n    t.watch(x)\n"
      "    y = tf.nn.ctc_loss(tf.sparse.from_dense(tf.constant([[1, 2], [3, 0]])), x, None, [5, 4], blank_index=0)\n"
      "result = (y, t.gradient(y, x))"),
    S("ctc.sparse.repeat_no_time", _DATA + "result = tf.nn.ctc_loss(tf.sparse.from_dense(tf.constant([[1, 1], [3, 0]])),"
      " logits, None, [2, 4], blank_index=0)"),
    S("ctc.sparse.labels_at_blank_end", _DATA + "result = tf.nn.ctc_loss(tf.sparse.from_dense(tf.constant([[1, 3], "
      "[2, 0]])), logits, None, [5, 4], blank_index=-1)"),
    S("ctc.sparse.unordered_indices", _DATA + "result = tf.nn.ctc_loss(tf.SparseTensor([[0, 1], [1, 0]], [1, 2], "
      "[2, 2]), logits, None, [5, 4], blank_index=0)"),
    S("ctc.sparse.zero_length_skipped", _DATA + "result = tf.nn.ctc_loss(sparse, logits, None, [5, 0], blank_index=0)"),
    _err("err.no_blank", "tf.nn.ctc_loss(sparse, logits, None, [5, 4])"),
    _err("err.no_time", "tf.nn.ctc_loss(sparse, logits, None, [2, 4], blank_index=0)"),
    _err("err.negative", "tf.nn.ctc_loss(tf.sparse.from_dense(tf.constant([[1, -2], [3, 0]])), logits, None, "
         "[5, 4], blank_index=0)"),
    _err("err.empty_row", "tf.nn.ctc_loss(tf.sparse.from_dense(tf.constant([[1, 2]])), logits, None, [5, 4], "
         "blank_index=0)"),
    _err("err.out_of_bounds", "tf.nn.ctc_loss(tf.sparse.from_dense(tf.constant([[1, 2], [1, 2], [3, 3]])), logits, "
         "None, [5, 4], blank_index=0)"),
    _err("err.too_long", "tf.nn.ctc_loss(sparse, logits, None, [5, 7], blank_index=0)"),
    _err("err.lengths", "tf.nn.ctc_loss(sparse, logits, None, [5], blank_index=0)"),
    _err("err.no_frames", "tf.nn.ctc_loss(sparse, tf.zeros([0, 2, 4]), None, [0, 0], blank_index=0)"),
    _err("err.int_logits", "tf.nn.ctc_loss(sparse, tf.cast(logits, tf.int32), None, [5, 4], blank_index=0)"),
    _err("err.int64_values", "tf.nn.ctc_loss(tf.SparseTensor([[0, 0]], tf.constant([1], tf.int64), [1, 1]), "
         "logits[:, :1], None, [3], blank_index=0)"),
    _err("err.int64_lengths", "tf.nn.ctc_loss(sparse, logits, None, tf.constant([5, 4], tf.int64), blank_index=0)"),
    _err("greedy.err.int64_lengths", "tf.nn.ctc_greedy_decoder(logits, tf.constant([5, 4], tf.int64))"),
    _err("beam.err.int64_lengths", "tf.nn.ctc_beam_search_decoder(logits, tf.constant([5, 4], tf.int64))"),
    _err("err.label_after_blank", "tf.nn.ctc_loss(tf.sparse.from_dense(tf.constant([[1, 3, 2], [2, 0, 0]])), "
         "logits, None, [5, 4], blank_index=-1)"),
    S("ctc.dense.unique", _DATA + "labels = tf.constant([[1, 2, 1], [3, 3, 0]])\n"
      "u = tf.nn.ctc_unique_labels(labels)\nwith tf.GradientTape() as t:\n    t.watch(logits)\n"
      "    y = tf.nn.ctc_loss(labels, logits, [3, 2], [5, 4], unique=u, blank_index=3)\n"
      "result = (y, t.gradient(y, logits))"),
    S("ctc.dense.unique_blank0", _DATA + "labels = tf.constant([[1, 2, 1], [3, 3, 0]])\n"
      "result = tf.nn.ctc_loss(labels, logits, [3, 2], [5, 4], unique=tf.nn.ctc_unique_labels(labels))"),
]

HELPERS = [
    S("ctc.unique_labels", "result = tf.nn.ctc_unique_labels(tf.constant([[3, 4, 4, 3], [1, 1, 5, 0]]))"),
    S("ctc.unique_labels_int64", "result = tf.nn.ctc_unique_labels(tf.constant([[7, 7, 2]], tf.int64))"),
    S("ctc.collapse_repeated", "result = tf.nn.collapse_repeated(tf.constant([[1, 1, 2, 2, 2, 3], [4, 4, 4, 0, 0, 0]]),"
      " tf.constant([6, 3]))"),
    S("ctc.collapse_repeated_cut", "result = tf.nn.collapse_repeated(tf.constant([[5, 5, 6, 6], [1, 2, 2, 1]]), "
      "tf.constant([3, 2], tf.int64))"),
]

DECODERS = [
    S("ctc.greedy", _DATA + "d, lp = tf.nn.ctc_greedy_decoder(logits, tf.constant([5, 4]))\nresult = (parts(d[0]), lp)"),
    S("ctc.greedy.no_merge_blank0", _DATA + "d, lp = tf.nn.ctc_greedy_decoder(logits, [5, 4], merge_repeated=False, "
      "blank_index=0)\nresult = (parts(d[0]), lp)"),
    S("ctc.greedy.float64", _DATA + "d, lp = tf.nn.ctc_greedy_decoder(tf.cast(logits, tf.float64), [5, 2])\n"
      "result = (parts(d[0]), lp)"),
    S("ctc.greedy.empty", _DATA + "d, lp = tf.nn.ctc_greedy_decoder(logits, [0, 0])\nresult = (parts(d[0]), lp)"),
    _err("greedy.err.too_long", "tf.nn.ctc_greedy_decoder(logits, [5, 7])"),
    _err("greedy.err.lengths", "tf.nn.ctc_greedy_decoder(logits, [5])"),
    S("ctc.beam", _DATA + "d, lp = tf.nn.ctc_beam_search_decoder(logits, tf.constant([5, 4]), beam_width=3, "
      "top_paths=2)\nresult = ([parts(x) for x in d], lp)"),
    S("ctc.beam.default", _DATA + "d, lp = tf.nn.ctc_beam_search_decoder(logits, [5, 3])\n"
      "result = ([parts(x) for x in d], lp)"),
    S("ctc.beam.float64", _DATA + "d, lp = tf.nn.ctc_beam_search_decoder(tf.cast(logits, tf.float64), [5, 0], "
      "beam_width=2)\nresult = ([parts(x) for x in d], lp)"),
    _err("beam.err.width", "tf.nn.ctc_beam_search_decoder(logits, [5, 4], beam_width=2, top_paths=3)"),
    _err("beam.err.leaves", "tf.nn.ctc_beam_search_decoder(logits, [1, 1], beam_width=10, top_paths=5)"),
]


_K = """
K = tf.keras
O = K.ops
rng = np.random.default_rng(1)
y_pred = rng.normal(size=(2, 6, 5)).astype('float32')
y_true = np.array([[1, 2, 2, 0], [3, 4, 0, 0]])
"""

KERAS = [
    S("ctc.keras.losses_ctc", _K + "result = K.losses.ctc(y_true, y_pred)"),
    S("ctc.keras.CTC", _K + "loss = K.losses.CTC(reduction='sum')\nresult = (loss(y_true, y_pred), loss.name)"),
    S("ctc.keras.CTC_weights", _K + "result = K.losses.CTC()(y_true, y_pred, sample_weight=np.array([1., 3.]))"),
    S("ctc.keras.get", _K + "result = K.losses.get('ctc')(y_true, y_pred)"),
    S("ctc.keras.ctc_bad_rank", _K + "result = K.losses.ctc(y_true[0], y_pred)"),
    S("ctc.keras.ops_loss_float64", _K + "result = O.ctc_loss(y_true, y_pred.astype('float64'), np.array([3, 2]), "
      "np.array([6, 5]), mask_index=4)"),
    S("ctc.keras.ops_loss_grad", _K + "x = tf.Variable(y_pred)\nwith tf.GradientTape() as t:\n"
      "    y = O.ctc_loss(y_true, x, np.array([3, 2]), np.array([6, 5]))\nresult = (y, t.gradient(y, x))"),
    S("ctc.keras.ops_nn_namespace", _K + "result = O.nn.ctc_loss(y_true, y_pred, np.array([3, 2]), np.array([6, 6]))"),
    S("ctc.keras.decode_greedy", _K + "result = O.ctc_decode(y_pred, np.array([6, 4]))"),
    S("ctc.keras.decode_beam", _K + "result = O.ctc_decode(y_pred, np.array([6, 4]), strategy='beam_search', "
      "beam_width=4, top_paths=2, mask_index=1)"),
    S("ctc.keras.decode_beam_last", _K + "result = O.ctc_decode(y_pred, np.array([5, 6]), strategy='beam_search', "
      "beam_width=3, mask_index=-1)"),
    S("ctc.keras.decode_float16_nomask", _K + "result = O.ctc_decode(y_pred.astype('float16'), np.array([6, 4]), "
      "merge_repeated=False, mask_index=None)", rtol=1e-3),
    S("ctc.keras.decode_bad_strategy", _K + "result = O.ctc_decode(y_pred, np.array([6, 4]), strategy='best')"),
    S("ctc.keras.fit", _K + "m = K.Sequential([K.Input((6, 3)), K.layers.Dense(5)])\n"
      "m.compile(optimizer=K.optimizers.SGD(0.1), loss=K.losses.CTC())\n"
      "x = rng.normal(size=(4, 6, 3)).astype('float32')\nyy = np.array([[1, 2, 0], [3, 0, 0], [4, 4, 1], [2, 0, 0]])\n"
      "m.set_weights([np.linspace(-1, 1, 15).reshape(3, 5).astype('float32'), np.zeros(5, 'float32')])\n"
      "h = m.fit(x, yy, epochs=3, batch_size=2, verbose=0, shuffle=False)\n"
      "result = (h.history['loss'], m.get_weights())", rtol=1e-4),
    S("ctc.keras.fit_string_loss", _K + "m = K.Sequential([K.Input((6, 3)), K.layers.Dense(5)])\n"
      "m.compile(optimizer='adam', loss='ctc')\n"
      "x = rng.normal(size=(4, 6, 3)).astype('float32')\nyy = np.array([[1, 2, 0], [3, 0, 0], [4, 4, 1], [2, 0, 0]])\n"
      "m.set_weights([np.linspace(-1, 1, 15).reshape(3, 5).astype('float32'), np.zeros(5, 'float32')])\n"
      "h = m.fit(x, yy, epochs=2, batch_size=4, verbose=0, shuffle=False)\nresult = h.history['loss']", rtol=1e-4),
]


def _generated(rng, count):
    """Random logits (some peaked, so repeats and blanks win), lengths, beam widths and top paths;
    the sparse loss on random labels with gradients."""
    out = []
    for i in range(count):
        steps, batch, classes = rng.randint(1, 7), rng.randint(1, 3), rng.randint(2, 6)
        scale = rng.choice([0.5, 1.0, 3.0])
        lengths = [rng.randint(0, steps) for _ in range(batch)]
        data = (_SP + f"x = tf.constant(np.random.default_rng({i}).normal(size=({steps}, {batch}, {classes}))"
                f".astype('float32') * {scale})\n")
        width = rng.randint(1, 8)
        top = rng.randint(1, width)
        out.append(S(f"ctc.gen.beam.{i}", data + f"d, lp = tf.nn.ctc_beam_search_decoder(x, {lengths}, "
                     f"beam_width={width}, top_paths={top})\nresult = ([parts(v) for v in d], lp)", rtol=1e-4))
        out.append(S(f"ctc.gen.greedy.{i}", data + f"d, lp = tf.nn.ctc_greedy_decoder(x, {lengths}, merge_repeated="
                     f"{rng.random() < 0.5}, blank_index={rng.randint(-classes, classes - 1)})\n"
                     "result = (parts(d[0]), lp)"))
        labels = [[rng.randint(0, classes - 1) for _ in range(rng.randint(1, 3))] for _ in range(batch)]
        rows = [[b, j] for b, lab in enumerate(labels) for j in range(len(lab))]
        values = [v for lab in labels for v in lab]
        width_l = max(len(lab) for lab in labels)
        out.append(S(f"ctc.gen.loss.{i}", data + f"sp = tf.SparseTensor({rows}, {values}, [{batch}, {width_l}])\n"
                     "with tf.GradientTape() as t:\n    t.watch(x)\n"
                     f"    y = tf.nn.ctc_loss(sp, x, None, {[steps] * batch}, blank_index={rng.randint(0, classes - 1)})\n"
                     "result = (y, t.gradient(y, x))", rtol=1e-4, atol=1e-5))
    return out


SNIPPETS = LOSS + HELPERS + DECODERS + KERAS + _generated(random.Random(5), 40)

"""The differential corpus: small TF snippets run as-is under TensorFlow and under tapeviz.

Each snippet sets `result` (any nest of tensors, arrays, numbers, strings) or raises. `msg=False`
compares only the exception type (messages with addresses or TF-internal paths); `rtol` loosens
float comparisons. Names start with the TF_BEHAVIOUR section or op family they exercise.

This file holds the core snippets (`SNIPPETS`); each `corpus_<topic>.py` beside it holds one
topic's `SNIPPETS` (tf.data, control flow, ...). `all_corpora()` gathers them by file, and
`recorded/<file>.json` keeps TensorFlow's results for each file (see `record.py`), so the tests
compare against TF even where TF is not installed.
"""
import hashlib
import importlib
import pathlib
import textwrap


class S:
    def __init__(self, name, code, msg=True, rtol=1e-5, atol=1e-6):
        self.name, self.code = name, textwrap.dedent(code).strip() + "\n"
        self.msg, self.rtol, self.atol = msg, rtol, atol

    def __repr__(self):
        return self.name

    @property
    def key(self):
        """A hash of the code: a recorded result counts only for the code it was recorded for."""
        return hashlib.sha256(self.code.encode()).hexdigest()[:16]


def all_corpora():
    """{corpus module name: its SNIPPETS}, this file's as "corpus", then each corpus_<topic>.py."""
    here = pathlib.Path(__file__).resolve().parent
    corpora = {"corpus": SNIPPETS}
    for path in sorted(here.glob("corpus_*.py")):
        module = importlib.import_module(f"{__package__}.{path.stem}" if __package__ else path.stem)
        corpora[path.stem] = module.SNIPPETS
    return corpora


SNIPPETS = [
    # ---- §1 creation and default dtypes (behaviour 1) ----------------------------------------
    S("create.int", "result = tf.constant(3)"),
    S("create.float", "result = tf.constant(2.5)"),
    S("create.bool", "result = tf.constant(True)"),
    S("create.complex", "result = tf.constant(1+2j)"),
    S("create.str", "result = tf.constant('hi')"),
    S("create.list_mixed", "result = tf.constant([1, 2.0, True])"),
    S("create.np_f64", "result = tf.constant(np.array([1.5, 2.5]))"),
    S("create.np_i64", "result = tf.convert_to_tensor(np.arange(3))"),
    S("create.np_scalar_f64", "result = tf.constant(np.float64(2.0))"),
    S("create.big_int", "result = tf.constant([1, 2**40])"),
    S("create.int_overflow", "result = tf.constant(2**63)"),
    S("create.empty", "result = [tf.constant([]), tf.constant([[], []])]"),
    S("create.none", "result = tf.constant(None)"),
    S("create.ragged", "result = tf.constant([[1, 2], [3]])"),
    S("create.mixed_types", "result = tf.constant([1, 'a'])"),
    S("create.first_leaf_f64", "result = tf.constant([np.float64(1.0), 2.0])"),
    S("create.bool_then_int", "result = tf.constant([True, 1])"),
    S("create.float_out_of_range", "result = tf.constant(1e40)"),
    S("create.range", "result = tf.constant(range(4))"),
    S("create.dtype_lossy", "result = tf.constant(1.5, dtype=tf.int32)"),
    S("create.dtype_lossy_list", "result = tf.constant([1, 2.5], dtype=tf.int32)"),
    S("create.dtype_float_to_int", "result = tf.constant(2.0, dtype=tf.int32)"),
    S("create.dtype_complex_to_float", "result = tf.constant(1+1j, dtype=tf.float32)"),
    S("create.dtype_int_to_bool", "result = tf.constant(1, dtype=tf.bool)"),
    S("create.dtype_np_cast", "result = tf.constant(np.array([1.5, -2.7]), dtype=tf.int32)"),
    S("create.dtype_wrap", "result = [tf.constant(300, dtype=tf.uint8), tf.constant(-1, dtype=tf.uint8)]"),
    S("create.dtype_str", "result = tf.constant(1, dtype='float64')"),
    S("create.dtype_tensor_mismatch", "result = tf.constant(tf.constant([1., 2.]), dtype=tf.float64)"),
    S("create.convert_tensor_mismatch", "result = tf.convert_to_tensor(tf.constant([1., 2.]), dtype=tf.float64)"),
    S("create.constant_variable_cast", "result = tf.constant(tf.Variable([1., 2.]), dtype=tf.float64)"),
    S("create.identity", "t = tf.constant([1.]); result = [tf.constant(t) is t, tf.convert_to_tensor(t) is t]"),
    S("create.shape_fill", "result = tf.constant(7.0, shape=(2, 3))"),
    S("create.shape_reshape", "result = tf.constant([[1, 2], [3, 4]], shape=[4])"),
    S("create.shape_mismatch", "result = tf.constant([1, 2], shape=(2, 2))"),
    S("create.shape_negative", "result = tf.constant(1, shape=(2, -1))"),
    S("create.convert_shape_kw", "result = tf.convert_to_tensor(1, shape=(2,))"),
    S("create.list_of_tensors_constant", "result = tf.constant([tf.constant(1.), tf.constant(2.)])"),
    S("create.list_of_tensors_convert", "result = tf.convert_to_tensor([tf.constant([1., 2.]), [3., 4.]])"),
    S("create.list_tensor_number", "result = tf.convert_to_tensor([tf.constant(1.0), 2])"),
    S("create.list_tensor_lossy", "result = tf.convert_to_tensor([tf.constant(1), 2.5])"),
    S("create.list_tensor_dtypes", "result = tf.convert_to_tensor([tf.constant(1.0), tf.constant(1)])"),
    S("create.list_tensor_shapes", "result = tf.convert_to_tensor([tf.constant([1., 2.]), tf.constant([1.])])"),
    S("create.dtype_hint", "result = [tf.convert_to_tensor(1, dtype_hint=tf.float32), tf.convert_to_tensor(1.5, dtype_hint=tf.int32)]"),
    S("create.zeros_ones", "result = [tf.zeros((2, 3)), tf.ones([2], dtype=tf.int32), tf.zeros_like(tf.constant([1, 2]))]"),
    S("create.range_linspace", "result = [tf.range(5), tf.range(5.0), tf.range(1, 10, 3), tf.linspace(0, 1, 3)]"),
    S("create.fill_eye", "result = [tf.fill((2, 2), 7), tf.eye(2)]"),

    # ---- §2 tensor protocol (behaviours 4, 5, 25) ---------------------------------------------
    S("proto.repr_scalar", "result = [repr(tf.constant(0.1)), repr(tf.constant(0.1, dtype=tf.float64)), repr(tf.constant(3)), repr(tf.constant(True)), repr(tf.constant('hi'))]"),
    S("proto.repr_vec", "result = [repr(tf.constant([1., 2., 3.])), repr(tf.constant([1, 2], dtype=tf.int64)), repr(tf.constant([True, False]))]"),
    S("proto.repr_matrix", "result = repr(tf.constant([[1, 2, 3], [4, 5, 6]]))"),
    S("proto.repr_big", "result = [repr(tf.range(2000)), str(tf.range(2000))]"),
    S("proto.repr_special", "result = [repr(tf.constant(float('nan'))), repr(tf.constant(-float('inf'))), repr(tf.constant(0.1, dtype=tf.float16))]"),
    S("proto.repr_row", "result = [repr(tf.constant([[1.]])), repr(tf.zeros((0, 3)))]"),
    S("proto.str", "result = [str(tf.constant(2.5)), str(tf.constant(0.1)), str(tf.constant([[1, 2], [3, 4]])), str(tf.constant(['a', 'b']))]"),
    S("proto.format", "t = tf.constant(0.123456); result = [f'{t:.3f}', '%.2f' % t, f'{tf.constant([0.1, 0.2])}', format(tf.constant(0.1))]"),
    S("proto.format_vector_spec", "result = f'{tf.constant([1., 2.]):.2f}'"),
    S("proto.numpy_scalar", "v = tf.constant(2.5).numpy(); result = [type(v).__name__, v]"),
    S("proto.numpy_copy", "t = tf.constant([1., 2.]); a = t.numpy(); a[0] = 9; result = [a.flags.writeable, t]"),
    S("proto.asarray_readonly", "result = np.asarray(tf.constant([1., 2.])).flags.writeable"),
    S("proto.array_dtype", "result = [np.array(tf.constant([1, 2])), np.array(tf.constant([1, 2]), dtype=np.float64)]"),
    S("proto.shape", "m = tf.constant([[1, 2, 3], [4, 5, 6]]); s = m.shape; result = [s, s == (2, 3), s == [2, 3], s[0], s[1:], s.as_list(), s.rank, s.num_elements(), len(s), repr(s), str(s), str(tf.constant(1.).shape)]"),
    S("proto.dtype", "d = tf.constant(1).dtype; result = [repr(d), str(d), d.name, d == tf.int32, d == 'int32', d == np.int32, d.is_integer, d.is_floating]"),
    S("proto.bool", "result = [bool(tf.constant(0.0)), bool(tf.constant([1.0])), bool(tf.constant([]))]"),
    S("proto.bool_ambiguous", "result = bool(tf.constant([1., 2.]))"),
    S("proto.len", "result = [len(tf.constant([1, 2, 3])), len(tf.zeros((4, 2)))]"),
    S("proto.len_scalar", "result = len(tf.constant(1.))"),
    S("proto.iter", "result = list(tf.constant([[1, 2], [3, 4]]))"),
    S("proto.iter_scalar", "result = list(tf.constant(1.))"),
    S("proto.float_int", "result = [float(tf.constant(2.5)), int(tf.constant(-2.7)), complex(tf.constant(1.5))]"),
    S("proto.float_vector", "result = float(tf.constant([2.0]))"),
    S("proto.index", "t = tf.constant(2); result = [list(range(t)), [10, 20, 30][t]]"),
    S("proto.index_float", "result = [1, 2][tf.constant(1.0)]"),
    S("proto.round", "result = round(tf.constant(2.5))"),
    S("proto.hash", "result = hash(tf.constant(1.))"),
    S("proto.ref", "t = tf.constant(1.); result = [t.ref().deref() is t, {t.ref(): 1}[t.ref()], t in [t]]"),
    S("proto.contains", "result = 2.0 in tf.constant([1., 2.])"),
    S("proto.setitem", "t = tf.constant([1., 2.]); t[0] = 5."),
    S("proto.numpy_attr", "result = tf.constant([1., 2.]).T"),
    S("proto.sum_attr", "result = tf.constant([1., 2.]).sum()"),
    S("proto.eval", "result = tf.constant(1.).eval()"),
    S("proto.name", "result = tf.constant(1.).name"),
    S("proto.type", "t = tf.constant(1.); result = [type(t).__name__, isinstance(t, tf.Tensor), tf.is_tensor(t), tf.is_tensor(np.ones(2)), t.device, t.ndim]"),
    S("proto.eq_none", "t = tf.constant([1., 2.]); result = [t == None, t != None]"),
    S("proto.eq_incompatible", "result = tf.constant([1., 2.]) == tf.constant([1., 2., 3.])"),
    S("proto.as_dtype", "result = [tf.as_dtype('float64'), tf.as_dtype(np.int64), tf.float32.as_numpy_dtype.__name__, tf.float32.max, tf.int8.min]"),
    S("proto.as_dtype_bad", "result = tf.as_dtype('foo')"),
    S("proto.tensorshape", "s = tf.TensorShape([None, 3]); result = [repr(s), str(s), s.is_fully_defined(), s.merge_with([2, None]), repr(tf.TensorShape(None)), s.is_compatible_with([5, 3])]"),
    S("proto.tensorshape_merge_bad", "result = tf.TensorShape([2, 3]).merge_with([3, 3])"),

    # ---- §3 arithmetic and dtype mixing (behaviours 2, 3, 26) ------------------------------
    S("arith.scalar_dtype", "f = tf.constant([1., 2.]); result = [f + 1, 1 + f, f * True, tf.constant([1, 2]) + True]"),
    S("arith.f64_scalar", "result = tf.constant([1.], dtype=tf.float64) + 1.5"),
    S("arith.add_mismatch", "result = tf.constant([1, 2]) + tf.constant([1., 2.])"),
    S("arith.sub_mismatch", "result = tf.constant([1.]) - tf.constant([1.], dtype=tf.float64)"),
    S("arith.mul_mismatch", "result = tf.constant([1]) * tf.constant([1.])"),
    S("arith.div_mismatch", "result = tf.constant([1]) / tf.constant([1.])"),
    S("arith.int_plus_float", "result = tf.constant([1, 2]) + 1.5"),
    S("arith.float_plus_int", "result = 1.5 + tf.constant([1, 2])"),
    S("arith.int_mul_float", "result = tf.constant([1, 2]) * 2.0"),
    S("arith.int_wrap", "result = tf.constant([1, 2]) + 2**40"),
    S("arith.numpy_side", "result = [tf.constant([1., 2.]) + np.array([1., 2.]), np.array([1., 2.]) + tf.constant([1., 2.]), tf.constant([1, 2]) + np.array([1.5, 2.5])]"),
    S("arith.numpy_funcs", "t = tf.constant([1., 2.]); result = [np.add(t, 1), np.exp(t), np.sum(t)]"),
    S("arith.truediv_int", "result = [tf.constant([1, 2]) / tf.constant([2, 4]), tf.constant([1]) / 0]"),
    S("arith.floordiv_mod", "result = [tf.constant(-7) // 2, tf.constant(-7) % 3, tf.constant(-7.5) % 2.0]"),
    S("arith.floordiv_zero", "result = tf.constant([1]) // 0"),
    S("arith.pow", "result = [tf.constant([2, 3]) ** 2, tf.constant([4.]) ** 0.5]"),
    S("arith.pow_neg_int", "result = tf.constant(2) ** -1"),
    S("arith.bool_add", "result = tf.constant(True) + tf.constant(False)"),
    S("arith.bool_ops", "a = tf.constant([True, False]); result = [a & True, a | False, ~a, ~tf.constant([1, 2])]"),
    S("arith.broadcast_fail", "result = tf.constant([1., 2.]) + tf.constant([1., 2., 3.])"),
    S("arith.compare", "a = tf.constant([1., 2.]); result = [a < 1.5, a >= 2, a == 2., a != 1.]"),
    S("arith.neg_abs", "result = [-tf.constant([1, -2]), abs(tf.constant([-1.5]))]"),
    S("arith.sum_builtin", "result = [sum([tf.constant(1.), tf.constant(2.)]), max([tf.constant(1.), tf.constant(3.)])]"),

    # ---- math ops (behaviours 12, 20) -----------------------------------------------------------
    S("math.add_funcs", "result = [tf.add(1, 2), tf.add(1.0, 2), tf.divide(1, 2), tf.math.divide_no_nan(1., 0.)]"),
    S("math.add_lossy", "result = tf.add(tf.constant([1]), 1.5)"),
    S("math.subtract_lossy", "result = tf.subtract(tf.constant([1]), 1.5)"),
    S("math.reduce", "x = tf.constant([[1., 2.], [3., 4.]]); result = [tf.reduce_sum(x), tf.reduce_sum(x, axis=0), tf.reduce_mean(x, axis=1, keepdims=True), tf.reduce_max(x, axis=-1), tf.reduce_min(x), tf.reduce_prod(x, axis=[0, 1])]"),
    S("math.reduce_mean_int", "result = tf.reduce_mean([1, 2])"),
    S("math.reduce_bad_axis", "result = tf.reduce_sum(tf.zeros((2, 2)), axis=2)"),
    S("math.reduce_bool", "result = tf.reduce_sum(tf.constant([True]))"),
    S("math.reduce_empty", "e = tf.constant([]); result = [tf.reduce_sum(e), tf.reduce_mean(e), tf.reduce_max(e)]"),
    S("math.reduce_stats", "x = tf.constant([1., 2., 3., 4.]); result = [tf.math.reduce_std(x), tf.math.reduce_variance(x), tf.reduce_logsumexp([1000., 1000.])]"),
    S("math.unary", "x = tf.constant([0.5, 1., 2.]); result = [tf.exp(x), tf.math.log(x), tf.sqrt(x), tf.square(x), tf.sigmoid(x), tf.tanh(x), tf.math.sin(x), tf.math.cos(x), tf.abs(-x), tf.sign(x - 1.)]"),
    S("math.unary_special", "result = [tf.exp(100.), tf.math.log(0.), tf.math.log(-1.), tf.sqrt(-1.), tf.sigmoid(100.), tf.sigmoid(-100.)]"),
    S("math.exp_int", "result = tf.exp(tf.constant([1, 2]))"),
    S("math.log_int", "result = tf.math.log(1)"),
    S("math.argmax", "x = tf.constant([[1, 5, 5], [7, 2, 0]]); result = [tf.argmax(x), tf.argmax(x, axis=1), tf.argmin(x, axis=1, output_type=tf.int32)]"),
    S("math.pow_round", "result = [tf.pow(0., 0.), tf.pow(-8., 1/3), tf.round([0.5, 1.5, 2.5, -0.5]), tf.square(3), tf.abs(-3)]"),
    S("math.pow_int_float", "result = tf.pow(2, 0.5)"),
    S("math.max_min", "result = [tf.maximum([1., 5.], 3.), tf.minimum([[1.], [4.]], [2., 3.])]"),
    S("math.maximum_lossy", "result = tf.maximum(tf.constant([1]), 1.5)"),
    S("math.cast", "result = [tf.cast([1.7, -1.7, 2.5], tf.int32), tf.cast([True, False], tf.float32), tf.cast([0., 2.], tf.bool), tf.cast(tf.constant(0.1), tf.float64), tf.cast([1, 2], 'float16')]"),
    S("math.cast_same", "t = tf.constant([1.]); result = tf.cast(t, tf.float32) is t"),
    S("math.clip", "result = [tf.clip_by_value([-1., 0.5, 2.], 0., 1.), tf.clip_by_norm([3., 4.], 1.), tf.norm([3., 4.]), tf.math.l2_normalize([3., 4.])]"),
    S("math.clip_int_float", "result = tf.clip_by_value(tf.constant([1, 2]), 0.5, 1.5)"),
    S("math.cumsum_sort", "x = tf.constant([3., 1., 2.]); result = [tf.cumsum(x), tf.sort(x), tf.argsort(x), tf.math.top_k(x, k=2).values, tf.math.top_k(x, k=2).indices]"),
    S("math.is_nan_finite", "x = tf.constant([1., np.nan, np.inf]); result = [tf.math.is_nan(x), tf.math.is_finite(x), tf.math.is_inf(x)]"),

    # ---- matmul (behaviour 13) ---------------------------------------------------------------------
    S("matmul.basic", "a = tf.constant([[1., 2.], [3., 4.]]); result = [a @ a, tf.matmul(a, a, transpose_b=True), tf.matmul(a, a, transpose_a=True), tf.matmul([[1, 2]], [[3], [4]])]"),
    S("matmul.batch", "result = (tf.ones((2, 2, 3)) @ tf.ones((3, 1))).shape"),
    S("matmul.vec_vec", "result = tf.constant([1., 2.]) @ tf.constant([1., 2.])", msg=False),  # TF here says _MklMatMul (oneDNN)
    S("matmul.incompatible", "result = tf.ones((2, 3)) @ tf.ones((2, 3))", msg=False),
    S("matmul.dtype", "result = tf.ones((2, 2)) @ tf.ones((2, 2), dtype=tf.float64)", msg=False),
    S("matmul.linalg", "a = tf.constant([[2., 1.], [1., 3.]]); result = [tf.tensordot([1., 2.], [3., 4.], axes=1), tf.linalg.matvec(a, [1., 1.]), tf.linalg.inv(a), tf.linalg.det(a)]"),

    # ---- array ops (behaviour 23) -------------------------------------------------------------------
    S("array.reshape", "x = tf.range(6); result = [tf.reshape(x, (2, 3)), tf.reshape(x, [-1, 2]), tf.reshape(x, [3, -1])]"),
    S("array.reshape_bad", "result = tf.reshape(tf.range(6), (2, 4))"),
    S("array.reshape_two_minus_one", "result = tf.reshape(tf.range(6), (-1, -1))"),
    S("array.transpose", "x = tf.reshape(tf.range(6), (2, 3)); result = [tf.transpose(x), tf.transpose(tf.zeros((2, 3, 4)), perm=[1, 0, 2]).shape, tf.transpose([1, 2])]"),
    S("array.concat", "result = [tf.concat([[1, 2], [3]], axis=0), tf.concat([tf.ones((2, 1)), tf.zeros((2, 2))], axis=1)]"),
    S("array.concat_no_axis", "result = tf.concat([[1], [2]])"),
    S("array.concat_mismatch", "result = tf.concat([tf.ones((2, 3)), tf.ones((2, 2))], axis=0)"),
    S("array.concat_scalars", "result = tf.concat([1, 2], axis=0)"),
    S("array.concat_dtype", "result = tf.concat([tf.constant([1.]), tf.constant([1])], axis=0)"),
    S("array.stack", "result = [tf.stack([1, 2]), tf.stack([[1, 2], [3, 4]], axis=1), tf.stack([tf.zeros(2), tf.ones(2)], axis=-1), tf.unstack(tf.constant([[1, 2], [3, 4]]), axis=1)]"),
    S("array.stack_mismatch", "result = tf.stack([tf.zeros(2), tf.zeros(3)])"),
    S("array.gather", "p = tf.constant([[1, 2], [3, 4], [5, 6]]); result = [tf.gather(p, [2, 0]), tf.gather(p, [[0], [1]]), tf.gather(p, [1], axis=1), tf.gather_nd(p, [[0, 1], [2, 0]])]"),
    S("array.gather_bad", "result = tf.gather(tf.constant([1, 2, 3]), [-1])"),
    S("array.where", "c = tf.constant([True, False]); result = [tf.where(c, 1., 0.), tf.where(c, tf.constant([1., 2.]), 0), tf.where([[True, False], [False, True]])]"),
    S("array.where_dtype", "result = tf.where(tf.constant([True]), tf.constant([1.]), tf.constant([1]))"),
    S("array.where_cond", "result = tf.where(tf.constant([1.]), tf.constant([1.]), tf.constant([2.]))"),
    S("array.one_hot", "result = [tf.one_hot([0, 2, -1, 5], 3), tf.one_hot([1], 2, on_value=5, off_value=-1), tf.one_hot([0, 1], 2, axis=0, dtype=tf.float64)]"),
    S("array.expand_squeeze_tile", "x = tf.constant([[1], [2]]); result = [tf.expand_dims(x, 0).shape, tf.squeeze(x), tf.tile(x, [1, 3]), tf.broadcast_to([1, 2], (2, 2))]"),
    S("array.squeeze_bad", "result = tf.squeeze(tf.zeros((1, 2)), axis=1)"),
    S("array.split_unique", "result = [tf.split(tf.range(6), 3), tf.split(tf.range(6), [1, 5]), tf.unique(tf.constant([3, 1, 3, 2])).y, tf.unique(tf.constant([3, 1, 3, 2])).idx]"),
    S("array.shape_size_rank", "m = tf.zeros((2, 3)); result = [tf.shape(m), tf.size(m), tf.rank(m)]"),

    # ---- indexing (behaviour 24) ------------------------------------------------------------------
    S("index.basic", "v = tf.constant([1., 2., 3.]); m = tf.constant([[1, 2, 3], [4, 5, 6]]); result = [v[1], v[-1], v[1:], v[::-1], v[::2], v[1:10], m[1, 2], m[:, 1], m[..., 0], m[None].shape, m[:, None, :].shape, m[tf.constant(1)], m[np.int64(1)]]"),
    S("index.mask", "v = tf.constant([1., 2., 3.]); result = [v[v > 1.5], v[np.array([True, False, True])]]"),
    S("index.out_of_range", "result = tf.constant([1., 2., 3.])[5]"),
    S("index.negative_out_of_range", "result = tf.constant([1., 2., 3.])[-4]"),
    S("index.scalar", "result = tf.constant(1.)[0]"),
    S("index.list_quirk", "result = tf.constant([[1, 2, 3], [4, 5, 6]])[[0, 1]]"),
    S("index.fancy", "result = tf.constant([[1, 2, 3], [4, 5, 6]])[[0, 1], [1, 2]]"),
    S("index.float", "result = tf.constant([1, 2])[0.5]"),

    # ---- nn ops (behaviours 20, 21) ------------------------------------------------------------
    S("nn.softmax", "result = [tf.nn.softmax([1., 2., 3.]), tf.nn.softmax([1000., 1000.]), tf.nn.softmax([[1., 2.], [3., 5.]], axis=0), tf.nn.log_softmax([1., 2.])]"),
    S("nn.softmax_int", "result = tf.nn.softmax([1, 2])"),
    S("nn.activations", "x = tf.constant([-2., 0., 3., 7.]); result = [tf.nn.relu(x), tf.nn.relu6(x), tf.nn.leaky_relu(x), tf.nn.elu(x), tf.nn.softplus(x), tf.nn.relu(tf.constant([-1, 2]))]"),
    S("nn.xent", "labels = tf.constant([[0., 1.], [1., 0.]]); logits = tf.constant([[1., 2.], [3., 1.]]); result = [tf.nn.softmax_cross_entropy_with_logits(labels, logits), tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)]"),
    S("nn.xent_mismatch", "result = tf.nn.softmax_cross_entropy_with_logits(labels=tf.constant([[1., 0., 0.]]), logits=tf.constant([[1., 2.]]))"),
    S("nn.sparse_xent", "result = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([1, 0]), logits=tf.constant([[1., 2.], [3., 1.]]))"),
    S("nn.sparse_xent_float_labels", "result = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([1.]), logits=tf.constant([[1., 2.]]))"),
    S("nn.sigmoid_xent", "result = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant([0., 1.]), logits=tf.constant([100., -2.]))"),

    # ---- GradientTape (behaviours 6-11, 17-19, 30) -------------------------------------------------
    S("tape.variable_auto", """
        v = tf.Variable(3.0)
        with tf.GradientTape() as t:
            y = v * v
        result = t.gradient(y, v)
    """),
    S("tape.constant_unwatched", """
        c = tf.constant(3.0)
        with tf.GradientTape() as t:
            y = c * c
        result = t.gradient(y, c)
    """),
    S("tape.constant_watched", """
        c = tf.constant(3.0)
        with tf.GradientTape() as t:
            t.watch(c)
            y = c * c * c
        result = t.gradient(y, c)
    """),
    S("tape.second_call", """
        x = tf.Variable(1.0)
        with tf.GradientTape() as t:
            y = x * x
        t.gradient(y, x)
        result = t.gradient(y, x)
    """),
    S("tape.persistent", """
        x = tf.Variable(2.0)
        with tf.GradientTape(persistent=True) as t:
            y = x * x
            z = y * x
        result = [t.gradient(y, x), t.gradient(z, x)]
    """),
    S("tape.structures", """
        x = tf.Variable(1.0); w = tf.Variable([1., 2.])
        with tf.GradientTape(persistent=True) as t:
            y = x * 2. + tf.reduce_sum(w * w)
        result = [t.gradient(y, [x, w]), t.gradient(y, (x,)), t.gradient(y, {'a': x, 'b': [w]})]
    """),
    S("tape.nonscalar_target", """
        v = tf.Variable([1., 2., 3.])
        with tf.GradientTape(persistent=True) as t:
            y = v * v
            z = tf.reduce_sum(v)
        result = [t.gradient(y, v), t.gradient([y, z], v)]
    """),
    S("tape.unconnected", """
        x = tf.Variable(1.0); u = tf.Variable([1., 2.])
        with tf.GradientTape(persistent=True) as t:
            y = x * 2.
        result = [t.gradient(y, u), t.gradient(y, u, unconnected_gradients=tf.UnconnectedGradients.ZERO), t.gradient(y, u, unconnected_gradients='zero')]
    """),
    S("tape.unconnected_bad", """
        x = tf.Variable(1.0)
        with tf.GradientTape() as t:
            y = x * 2.
        result = t.gradient(y, x, unconnected_gradients='bad')
    """),
    S("tape.nondifferentiable", """
        x = tf.Variable([1., 3., 2.])
        with tf.GradientTape(persistent=True) as t:
            a = tf.cast(tf.argmax(x), tf.float32)
            r = tf.round(x)
            c = tf.cast(tf.cast(x, tf.int32), tf.float32)
            s = tf.sign(x)
        result = [t.gradient(a, x), t.gradient(r, x), t.gradient(c, x), t.gradient(s, x)]
    """),
    S("tape.broadcast", """
        b = tf.Variable([1., 2., 3.]); r = tf.Variable([[1., 1., 1.]]); s = tf.Variable(2.)
        with tf.GradientTape() as t:
            y = tf.ones((4, 3)) * b + r * tf.ones((4, 3)) + s * tf.constant([1., 2., 3.])
        result = t.gradient(y, [b, r, s])
    """),
    S("tape.rebind", """
        w = tf.Variable(1.0)
        with tf.GradientTape() as t:
            y = w * w
        g = t.gradient(y, w)
        w = w - 0.1 * g
        with tf.GradientTape() as t:
            y = w * w
        result = [type(w).__name__, t.gradient(y, w)]
    """),
    S("tape.trainable_false", """
        a = tf.Variable(2.0, trainable=False); b = tf.Variable(3.0)
        with tf.GradientTape() as t:
            y = a * b
        result = [t.gradient(y, [a, b]), [v.name for v in t.watched_variables()]]
    """),
    S("tape.no_auto_watch", """
        a = tf.Variable(2.0); b = tf.Variable(3.0)
        with tf.GradientTape(watch_accessed_variables=False) as t:
            t.watch(a)
            y = a * b
        result = t.gradient(y, [a, b])
    """),
    S("tape.control_flow", """
        def f(x):
            return x * x if x > 0 else -x
        x = tf.Variable(2.0)
        with tf.GradientTape() as t:
            y = f(x)
        x2 = tf.Variable(2.0)
        with tf.GradientTape() as t2:
            z = x2
            while z < 50.:
                z = z * z
        result = [t.gradient(y, x), z, t2.gradient(z, x2)]
    """),
    S("tape.nested", """
        x = tf.Variable(3.0)
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                y = x ** 3
            dy = inner.gradient(y, x)
        result = [dy, outer.gradient(dy, x)]
    """),
    S("tape.output_gradients", """
        v = tf.Variable([1., 2., 3.])
        with tf.GradientTape() as t:
            y = v * v
        result = t.gradient(y, v, output_gradients=tf.constant([1., 0., 2.]))
    """),
    S("tape.watch_numpy", """
        with tf.GradientTape() as t:
            t.watch(np.array([1.]))
    """),
    S("tape.target_none", """
        x = tf.Variable(1.)
        with tf.GradientTape() as t:
            y = x * 1.
        result = t.gradient(None, x)
    """),
    S("tape.reenter", """
        t = tf.GradientTape()
        with t:
            with t:
                pass
    """),
    S("tape.stop_recording", """
        x = tf.Variable(3.0)
        with tf.GradientTape() as t:
            y = x * x
            with t.stop_recording():
                z = x * x
            w = y + z
        result = t.gradient(w, x)
    """),
    S("tape.edge_points", """
        x = tf.Variable([0., 1., 3., 3.])
        z = tf.Variable(0.)
        with tf.GradientTape(persistent=True) as t:
            r = tf.nn.relu(z); a = tf.abs(z); m = tf.maximum(z, 0.); s = tf.sqrt(z); lg = tf.math.log(z)
            mx = tf.reduce_max(x)
        result = [t.gradient(r, z), t.gradient(a, z), t.gradient(m, z), t.gradient(s, z), t.gradient(lg, z), t.gradient(mx, x)]
    """),
    S("tape.where_nan", """
        x = tf.Variable([0., -1., 4.])
        with tf.GradientTape(persistent=True) as t:
            a = tf.where(x > 0, tf.sqrt(x), 0.)
            b = tf.where(x > 0, tf.math.log(x), 0.)
        result = [t.gradient(a, x), t.gradient(b, x)]
    """),
    S("tape.gather_indexed_slices", """
        x = tf.Variable([1., 2., 3.])
        with tf.GradientTape() as t:
            y = tf.reduce_sum(tf.gather(x, [0, 0, 2]))
        g = t.gradient(y, x)
        result = [type(g).__name__, tf.convert_to_tensor(g)]
    """),
    S("tape.xent_grad", """
        logits = tf.Variable([[1., 2., 3.]])
        labels = tf.constant([[0., 0., 1.]])
        with tf.GradientTape() as t:
            loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        result = t.gradient(loss, logits)
    """),
    S("tape.jacobian", """
        x = tf.Variable([1., 2.])
        with tf.GradientTape() as t:
            y = x * x
        result = t.jacobian(y, x)
    """),
    S("tape.batch_jacobian", """
        x = tf.Variable([[1., 2.], [3., 4.], [5., 6.]])
        with tf.GradientTape() as t:
            y = x * x
        result = t.batch_jacobian(y, x).shape
    """),
    S("tape.pack_convert", """
        a = tf.Variable(2.0); b = tf.Variable(3.0)
        with tf.GradientTape() as t:
            v = tf.convert_to_tensor([a, b])
            y = tf.reduce_sum(v * v)
        result = t.gradient(y, [a, b])
    """),

    # ---- Variables (behaviours 14, 16) ---------------------------------------------------------
    S("var.repr", "v = tf.Variable(0.1); w = tf.Variable([[1, 2], [3, 4]], name='w'); result = [repr(v), str(v), repr(w), v.name, w.name]"),
    S("var.dtypes", "result = [tf.Variable(3).dtype, tf.Variable(np.zeros((2, 2))).dtype, tf.Variable(True).dtype, tf.Variable(3).trainable]"),
    S("var.assign", "v = tf.Variable([1., 2.]); r = v.assign([3., 4.]); v.assign_add([1., 1.]); v.assign_sub([0.5, 0.5]); result = [v, repr(r)]"),
    S("var.iadd", "v = tf.Variable(1.0); v += 1"),
    S("var.assign_shape", "v = tf.Variable([1., 2.]); v.assign([1., 2., 3.])"),
    S("var.assign_lossy", "v = tf.Variable(1); v.assign(1.5)"),
    S("var.assign_tensor_dtype", "v = tf.Variable([1., 2.]); v.assign(tf.constant([1, 2]))"),
    S("var.arith_types", "v = tf.Variable([1., 2.]); result = [type(v + 1).__name__, type(v * v).__name__, v == 2.0, type(tf.identity(v)).__name__, isinstance(v, tf.Tensor), tf.is_tensor(v)]"),
    S("var.none", "result = tf.Variable(None)"),
    S("var.lossy_init", "result = tf.Variable(1.5, dtype=tf.int32)"),
    S("var.len", "result = len(tf.Variable([1., 2.]))"),
    S("var.hash", "result = hash(tf.Variable(1.))", msg=False),
    S("var.format", "result = f'{tf.Variable(1.):.2f}'"),
    S("var.slice_assign", "v = tf.Variable([1., 2., 3.]); v[0].assign(9.); result = v"),
    S("var.setitem", "v = tf.Variable([1., 2.]); v[0] = 1."),

    # ---- tf.debugging (behaviour 29) --------------------------------------------------------------
    S("debug.assert_equal", "result = tf.debugging.assert_equal(tf.constant([1., 2.]), tf.constant([1., 3.]))"),
    S("debug.assert_equal_ok", "result = tf.debugging.assert_equal(tf.constant([1., 1.]), 1.0)"),
    S("debug.assert_equal_message", "result = tf.debugging.assert_equal([1, 2], [1, 3], message='custom msg', summarize=1)"),
    S("debug.assert_equal_scalar", "result = tf.assert_equal(1, 2)"),
    S("debug.assert_equal_shapes", "result = tf.debugging.assert_equal(tf.constant([1., 2.]), tf.constant([1., 2., 3.]))"),
    S("debug.assert_equal_dtypes", "result = tf.debugging.assert_equal(tf.constant([1., 2.]), tf.constant([1, 2]))"),
    S("debug.assert_none_equal", "result = tf.debugging.assert_none_equal(tf.constant([1., 2.]), tf.constant([1., 3.]))"),
    S("debug.assert_less", "result = tf.debugging.assert_less(tf.constant([[1., 5.], [6., 1.]]), 2., message='m')"),
    S("debug.assert_less_equal", "result = tf.debugging.assert_less_equal(tf.constant([1., 3.]), tf.constant([1., 2.]))"),
    S("debug.assert_greater", "result = tf.assert_greater(tf.constant([1., 2.]), tf.constant([1., 3.]))"),
    S("debug.assert_greater_equal", "result = tf.debugging.assert_greater_equal(tf.range(5), tf.constant([0, 0, 9, 9, 9]))"),
    S("debug.assert_positive", "result = tf.debugging.assert_positive(tf.constant([1., -1., 2., -3.]), message='m', summarize=2)"),
    S("debug.assert_non_negative", "result = tf.debugging.assert_non_negative(tf.constant([1., -1.]))"),
    S("debug.assert_negative", "result = tf.debugging.assert_negative(tf.constant([1., -1.]))"),
    S("debug.assert_non_positive", "result = tf.debugging.assert_non_positive(tf.constant([1, -1]))"),
    S("debug.assert_near", "result = tf.debugging.assert_near(tf.constant([1., 2.]), tf.constant([1., 3.]))"),
    S("debug.assert_near_ok", "result = tf.debugging.assert_near(tf.constant([1., 2.]), tf.constant([1., 2.]) + 1e-7)"),
    S("debug.assert_rank", "result = tf.debugging.assert_rank(tf.constant([1., 2.]), 2, message='rank msg')"),
    S("debug.assert_rank_top", "result = tf.assert_rank(tf.constant([1., 2.]), 1)"),
    S("debug.assert_rank_at_least", "result = tf.debugging.assert_rank_at_least(tf.constant([1., 2.]), 3)"),
    S("debug.assert_rank_in", "result = tf.debugging.assert_rank_in(tf.constant([1., 2.]), [0, 2])"),
    S("debug.assert_type", "result = tf.debugging.assert_type(tf.constant([1., 2.]), tf.int32)"),
    S("debug.assert_integer", "result = tf.debugging.assert_integer(tf.constant([1., 2.]))"),
    S("debug.assert_scalar", "result = tf.debugging.assert_scalar(tf.constant([1., 2.]))"),
    S("debug.assert_shapes_ok", "result = tf.debugging.assert_shapes([(tf.zeros(2), ('N',)), (tf.zeros((2, 3)), ('N', 'D')), (tf.zeros((5, 2, 3)), (..., 'N', 3))])"),
    S("debug.assert_shapes_rank", "result = tf.debugging.assert_shapes([(tf.zeros(2), ('N', 'D'))])"),
    S("debug.assert_shapes_symbol", "result = tf.debugging.assert_shapes([(tf.zeros(2), ('N',)), (tf.zeros((3, 3)), ('N', 'D'))])"),
    S("debug.assert_shapes_explicit", "result = tf.debugging.assert_shapes([(tf.zeros(2), (3,))])"),
    S("debug.assert_shapes_ellipsis", "result = tf.debugging.assert_shapes([(tf.zeros((2, 3, 4)), (..., 5))])"),
    S("debug.check_numerics", "result = [tf.debugging.check_numerics(tf.constant([1., 2.]), 'msg'), tf.debugging.assert_all_finite(tf.constant([3.]), 'm')]"),
    S("debug.check_numerics_nan", "result = tf.debugging.check_numerics(tf.constant([1., np.nan]), 'nan here')"),
    S("debug.check_numerics_inf", "result = tf.debugging.assert_all_finite(tf.constant([np.inf]), 'found inf')"),
    S("debug.check_numerics_int", "result = tf.debugging.check_numerics(tf.constant([1]), 'm')"),
    S("debug.check_numerics_grad", """
        x = tf.Variable(2.)
        with tf.GradientTape() as t:
            y = tf.debugging.check_numerics(x * x, 'm')
        result = t.gradient(y, x)
    """),
    S("debug.Assert", "result = tf.debugging.Assert(False, ['data', tf.constant([1., 2.])])"),
    S("debug.Assert_ok", "result = tf.Assert(True, ['data'])"),
    S("debug.is_numeric", "result = [tf.debugging.is_numeric_tensor(tf.constant(1.)), tf.debugging.is_numeric_tensor(tf.constant(True)), tf.debugging.is_numeric_tensor(1.0)]"),
    S("debug.executing_eagerly", "result = tf.executing_eagerly()"),
]

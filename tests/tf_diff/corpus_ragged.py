"""tf.RaggedTensor and tf.ragged snippets: construction, properties, conversion, indexing,
elementwise dispatch and broadcasting, reductions, joining, masking, gradients, and bad inputs.

Ragged results go through `R(x)` (defined in each snippet): type name, repr, dtype, shape, the
nested lists and the row splits, so the repr and the row partition are compared exactly."""
from tests.tf_diff.corpus import S

_R = """
def R(x):
    if hasattr(x, 'to_list'):
        return [type(x).__name__, repr(x), x.dtype, x.shape, x.to_list(),
                [s.numpy() for s in x.nested_row_splits]]
    return x
"""


_RV = """
def R(x):
    if hasattr(x, 'to_list'):
        return [type(x).__name__, x.dtype, x.shape, x.to_list(), [s.numpy() for s in x.nested_row_splits]]
    return x
"""


def _s(name, code, **kw):
    return S(f"ragged.{name}", _R + code, **kw)


def _r(name, expr, setup="", **kw):
    return _s(name, f"{setup}\nresult = R({expr})", **kw)


def _rv(name, expr, setup=""):
    """`_r` without the repr: float32 transcendental ops may differ from TF's in the last digit."""
    return S(f"ragged.{name}", _RV + f"{setup}\nresult = R({expr})")


RT = "rt = tf.ragged.constant([[1, 2], [3], [], [4, 5, 6]])"
RTF = "rt = tf.ragged.constant([[1.5, -2.0], [3.25], [], [4.0, 0.5, -6.0]])"
RT3 = "rt = tf.ragged.constant([[[1, 2], [3]], [], [[4], [], [5, 6, 7]]])"
RTI = "rt = tf.ragged.constant([[[1, 2], [3, 4]], [], [[5, 6]]], ragged_rank=1)"


def _constant():
    lists = {
        "ints": "[[1, 2], [3], [], [4, 5, 6]]",
        "floats": "[[0.1, 2.0], [3.5]]",
        "bools": "[[True], [False, True]]",
        "str": "[['a', 'bc'], ['d']]",
        "bytes": "[[b'x'], [], [b'yz', b'w']]",
        "nested3": "[[[1, 2], [3]], [[4]]]",
        "empty_rows": "[[], []]",
        "flat": "[1, 2, 3]",
        "scalar": "7",
        "empty": "[]",
        "tuple": "((1, 2), (3,))",
        "deep_empty": "[[[]], [[], []]]",
        "big": "[list(range(20))] * 12",
        "negative": "[[-1, -2], [3]]",
        "uniform": "[[1, 2], [3, 4]]",
        "np_rows": "[np.array([1, 2]), np.array([3])]",
    }
    out = [_r(f"constant.{k}", f"tf.ragged.constant({v})") for k, v in lists.items()]
    out += [
        _r("constant.dtype_f64", "tf.ragged.constant([[1, 2], [3]], dtype=tf.float64)"),
        _r("constant.dtype_int64", "tf.ragged.constant([[1, 2], [3]], dtype=tf.int64)"),
        _r("constant.splits_int32", "tf.ragged.constant([[1, 2], [3]], row_splits_dtype=tf.int32)"),
        _r("constant.ragged_rank1", "tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1)"),
        _r("constant.ragged_rank1_empty", "tf.ragged.constant([[], [[1, 2]]], ragged_rank=1)"),
        _r("constant.inner_shape", "tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], inner_shape=(2,))"),
        _r("constant.inner_shape_empty", "tf.ragged.constant([[], []], inner_shape=(2,))"),
        _r("constant.ragged_rank2", "tf.ragged.constant([[[1], [2, 3]], [[4]]], ragged_rank=2)"),
        _r("constant.ragged_rank0", "tf.ragged.constant([[1, 2], [3, 4]], ragged_rank=0)"),
        _r("constant.mixed_depth", "tf.ragged.constant([[1, 2], 3])"),
        _r("constant.too_deep_rank", "tf.ragged.constant([[1, 2], [3]], ragged_rank=3)"),
        _r("constant.negative_rank", "tf.ragged.constant([[1, 2], [3]], ragged_rank=-1)"),
        _r("constant.scalar_rank", "tf.ragged.constant(3, ragged_rank=1)"),
        _r("constant.inner_inconsistent", "tf.ragged.constant([[[1, 2], [3]]], ragged_rank=1)"),
        _r("constant.bad_combo", "tf.ragged.constant([[1, 2], [3]], ragged_rank=1, inner_shape=(2,))"),
        _r("constant.lossy_dtype", "tf.ragged.constant([[1.5], [2.0]], dtype=tf.int32)"),
        _r("constant.of_ragged", "tf.ragged.constant(tf.ragged.constant([[1], [2, 3]]))"),
        _r("constant.none_leaf", "tf.ragged.constant([[1, None]])"),
        S("ragged.constant.dense_refuses", "result = tf.constant([[1, 2], [3]])"),
    ]
    return out


def _factories():
    v = "v = tf.constant([3, 1, 4, 1, 5, 9, 2])"
    out = [
        _r("from_row_splits", "tf.RaggedTensor.from_row_splits(v, [0, 4, 4, 6, 7])", v),
        _r("from_row_splits.int32", "tf.RaggedTensor.from_row_splits(v, tf.constant([0, 3, 7]))", v),
        _r("from_row_lengths", "tf.RaggedTensor.from_row_lengths(v, [4, 0, 2, 1])", v),
        _r("from_row_starts", "tf.RaggedTensor.from_row_starts(v, [0, 4, 4, 6])", v),
        _r("from_row_limits", "tf.RaggedTensor.from_row_limits(v, [4, 4, 6, 7])", v),
        _r("from_value_rowids", "tf.RaggedTensor.from_value_rowids(v, [0, 0, 0, 0, 2, 2, 3])", v),
        _r("from_value_rowids.nrows", "tf.RaggedTensor.from_value_rowids(v, [0, 0, 0, 0, 2, 2, 3], nrows=6)", v),
        _r("from_uniform_row_length", "tf.RaggedTensor.from_uniform_row_length(tf.range(6), 2)"),
        _r("from_uniform_row_length.nested",
           "tf.RaggedTensor.from_uniform_row_length(tf.ragged.constant([[1], [2, 3], [], [4]]), 2)"),
        _r("from_nested_row_splits",
           "tf.RaggedTensor.from_nested_row_splits(v, ([0, 1, 3], [0, 3, 3, 7]))", v),
        _r("from_nested_row_lengths",
           "tf.RaggedTensor.from_nested_row_lengths(v, ([2, 1], [3, 0, 4]))", v),
        _r("from_row_splits.ragged_values",
           "tf.RaggedTensor.from_row_splits(tf.ragged.constant([[1], [2, 3], [], [4]]), [0, 1, 4])"),
        _r("from_row_splits.matrix", "tf.RaggedTensor.from_row_splits(tf.ones([3, 2]), [0, 1, 3])"),
        _r("from_tensor", "tf.RaggedTensor.from_tensor([[1, 2, 0], [3, 0, 0]])"),
        _r("from_tensor.lengths", "tf.RaggedTensor.from_tensor([[1, 2, 0], [3, 0, 0]], lengths=[2, 1])"),
        _r("from_tensor.padding", "tf.RaggedTensor.from_tensor([[1, 2, 0], [3, 0, 0], [0, 0, 0]], padding=0)"),
        _r("from_tensor.padding_inner", "tf.RaggedTensor.from_tensor(tf.constant([[1, 0, 3, 0]]), padding=0)"),
        _r("from_tensor.ragged_rank2", "tf.RaggedTensor.from_tensor(tf.reshape(tf.range(12), [2, 3, 2]), ragged_rank=2)"),
        _r("from_tensor.3d", "tf.RaggedTensor.from_tensor(tf.reshape(tf.range(12), [2, 3, 2]))"),
        _r("from_tensor.float_padding", "tf.RaggedTensor.from_tensor([[1.5, -1.0], [-1.0, -1.0]], padding=-1.0)"),
        _r("from_tensor.both", "tf.RaggedTensor.from_tensor([[1, 2]], lengths=[1], padding=0)"),
        _r("from_tensor.rank0", "tf.RaggedTensor.from_tensor([[1, 2]], ragged_rank=0)"),
        _r("from_tensor.rank_too_big", "tf.RaggedTensor.from_tensor([[1, 2]], ragged_rank=2)"),
        _r("bad.splits_not_zero", "tf.RaggedTensor.from_row_splits(v, [1, 4, 7])", v),
        _r("bad.splits_decreasing", "tf.RaggedTensor.from_row_splits(v, [0, 5, 4, 7])", v),
        _r("bad.splits_wrong_end", "tf.RaggedTensor.from_row_splits(v, [0, 4, 6])", v),
        _r("bad.lengths_sum", "tf.RaggedTensor.from_row_lengths(v, [4, 1])", v),
        _r("bad.rowids_unsorted", "tf.RaggedTensor.from_value_rowids(v, [0, 1, 0, 0, 2, 2, 3])", v),
        _r("bad.float_splits", "tf.RaggedTensor.from_row_splits(v, tf.constant([0.0, 7.0]))", v),
        _r("bad.scalar_values", "tf.RaggedTensor.from_row_splits(3, [0, 1])"),
        _r("bad.splits_rank2", "tf.RaggedTensor.from_row_splits(v, [[0, 7]])", v),
        _r("bad.uniform_len", "tf.RaggedTensor.from_uniform_row_length(tf.range(7), 2)"),
        _r("novalidate", "tf.RaggedTensor.from_row_splits(v, [0, 3, 7], validate=False)", v),
        _r("private_ctor", "tf.RaggedTensor(v, [0, 7])", v),
    ]
    return out


def _properties():
    out = []
    exprs = {
        "values": "rt.values", "row_splits": "rt.row_splits", "flat_values": "rt.flat_values",
        "nested_row_splits": "list(rt.nested_row_splits)", "row_lengths": "rt.row_lengths()",
        "row_starts": "rt.row_starts()", "row_limits": "rt.row_limits()",
        "value_rowids": "rt.value_rowids()", "nrows": "rt.nrows()", "nrows32": "rt.nrows(out_type=tf.int32)",
        "bounding_shape": "rt.bounding_shape()", "bounding_shape1": "rt.bounding_shape(axis=1)",
        "shape": "rt.shape", "dtype": "rt.dtype", "ragged_rank": "rt.ragged_rank",
        "numpy_str": "str(rt.numpy())", "to_list": "rt.to_list()", "str": "str(rt)",
        "row_splits_dtype": "rt.row_splits_dtype", "isinstance": "[isinstance(rt, tf.RaggedTensor), isinstance(rt, tf.Tensor)]",
        "nested_row_lengths": "list(rt.nested_row_lengths())", "spec": "repr(rt._type_spec)",
        "tf_shape": "repr(tf.shape(rt))", "tf_size": "tf.size(rt)", "tf_rank": "tf.rank(rt)",
    }
    for tag, setup in (("2d", RT), ("3d", RT3), ("inner", RTI), ("float", RTF)):
        for k, e in exprs.items():
            out.append(_r(f"prop.{tag}.{k}", e, setup))
    out += [
        _r("prop.3d.row_lengths_axis2", "rt.row_lengths(axis=2)", RT3),
        _r("prop.3d.inner_value_rowids", "rt.values.value_rowids()", RT3),
        _r("merge_dims.3d01", "rt.merge_dims(0, 1)", RT3),
        _r("merge_dims.3d12", "rt.merge_dims(1, 2)", RT3),
        _r("merge_dims.3d02", "rt.merge_dims(0, 2)", RT3),
        _r("merge_dims.inner12", "rt.merge_dims(1, 2)", RTI),
        _r("merge_dims.neg", "rt.merge_dims(-2, -1)", RT3),
        _r("merge_dims.bad", "rt.merge_dims(1, 0)", RT),
        _r("with_values", "rt.with_values(tf.range(6) * 10)", RT),
        _r("with_flat_values", "rt.with_flat_values(tf.range(7, dtype=tf.float32))", RT3),
        _r("with_values.ragged", "rt.with_values(tf.ragged.constant([[1], [2, 3], [], [4], [5], [6]]))", RT),
        _r("with_row_splits_dtype", "rt.with_row_splits_dtype(tf.int32)", RT3),
        _r("uniform_row_length", "[tf.RaggedTensor.from_uniform_row_length(tf.range(6), 3).uniform_row_length, rt.uniform_row_length]", RT),
        _r("spec.make", "repr(tf.RaggedTensorSpec(shape=[None, None], dtype=tf.int32))"),
        _r("spec.rank3", "repr(tf.RaggedTensorSpec([2, None, None], tf.float32, ragged_rank=2))"),
        _r("spec.compatible", "tf.RaggedTensorSpec([None, None], tf.int32).is_compatible_with(rt)", RT),
        _r("spec.eq", "tf.RaggedTensorSpec([4, None], tf.int32) == rt._type_spec", RT),
        _r("bool", "bool(rt)", RT),
    ]
    return out


def _conversion():
    out = []
    for tag, setup in (("2d", RT), ("3d", RT3), ("inner", RTI), ("float", RTF)):
        out += [
            _r(f"to_tensor.{tag}", "rt.to_tensor()", setup),
            _r(f"to_tensor.{tag}.default", "rt.to_tensor(default_value=9)", setup),
        ]
    out += [
        _r("to_tensor.shape", "rt.to_tensor(default_value=-1, shape=[2, 5])", RT),
        _r("to_tensor.shape_none", "rt.to_tensor(shape=[None, 2])", RT),
        _r("to_tensor.shape_bigger", "rt.to_tensor(shape=[6, 4])", RT),
        _r("to_tensor.3d_shape", "rt.to_tensor(shape=[2, 2, 2])", RT3),
        _r("to_tensor.inner_default_vector", "rt.to_tensor(default_value=[7, 8])", RTI),
        _r("to_tensor.str", "tf.ragged.constant([['a'], ['b', 'c']]).to_tensor()"),
        _r("to_tensor.str_default", "tf.ragged.constant([['a'], ['b', 'c']]).to_tensor(default_value='-')"),
        _r("to_tensor.bool", "tf.ragged.constant([[True], [False, True]]).to_tensor()"),
        _r("to_tensor.empty", "tf.ragged.constant([[], []]).to_tensor()"),
        _r("to_tensor.bad_shape_rank", "rt.to_tensor(shape=[2])", RT),
        _r("roundtrip", "tf.RaggedTensor.from_tensor(rt.to_tensor(), lengths=rt.row_lengths())", RT),
    ]
    return out


def _indexing():
    keys = ["0", "1", "-1", "2", "1:3", "::2", "::-1", "5:", ":, 1:", ":, :1", ":, -1:", ":, ::2",
            "2:, 1:", ":, 0", ":, -1", "..., 0", "9", "-5", "0, 1", "3, -1", "1:, :", "tf.constant(1)",
            "0, 1, 2", "1.5", "3, 1:"]
    out = [_r(f"getitem.2d[{k}]", f"rt[{k}]", RT) for k in keys]
    keys3 = ["0", "2", "0, 1", "0, 0, 1", ":, 1:", ":, :, 1:", ":, 0", "1:", ":, 1:, :1", "2, 2, -1",
             "..., 1:"]
    out += [_r(f"getitem.3d[{k}]", f"rt[{k}]", RT3) for k in keys3]
    keysi = ["0", ":, :, 0", ":, 1:, 1", "..., 1", "0, 1", ":, :1"]
    out += [_r(f"getitem.inner[{k}]", f"rt[{k}]", RTI) for k in keysi]
    out.append(_r("getitem.iterate", "[r for r in rt]", RT))
    for k in ["tf.newaxis", ":, tf.newaxis", "1, tf.newaxis", "..., tf.newaxis", ":, 1:, tf.newaxis",
              "tf.newaxis, 1:"]:
        out.append(_r(f"getitem.newaxis[{k}]", f"rt[{k}]", RT))
    q = "q = tf.ragged.constant([['Who', 'is', 'George'], ['What', 'is', 'the', 'weather'], ['Goodnight']])"
    out += [_r("getitem.str_word", "[q[1, 2], str(q[1, 2]), repr(q[1, 2])]", q),
            _r("getitem.str_row", "[q[1], str(q[:, -2:])]", q)]
    return out


def _elementwise():
    out = []
    ops = {
        "add_scalar": "rt + 1", "radd_scalar": "1 + rt", "sub": "rt - 2", "rsub": "10 - rt",
        "mul_rt": "rt * rt", "div": "rt / 2", "rdiv": "12 / (rt + 1)", "floordiv": "rt // 2",
        "mod": "rt % 2", "pow": "rt ** 2", "neg": "-rt", "abs": "abs(-rt)",
        "lt": "rt < 3", "ge": "rt >= 3", "eq": "rt == 3", "ne_rt": "rt != rt",
        "dense_col_add": "tf.constant([[1], [2], [3], [4]]) + rt",
        "add_dense_col": "rt + tf.constant([[10], [20], [30], [40]])",
        "dense_scalar": "tf.constant(5) * rt",
        "tf_add": "tf.add(rt, rt)", "tf_multiply": "tf.multiply(rt, 3)", "tf_maximum": "tf.maximum(rt, 3)",
        "tf_minimum": "tf.math.minimum(rt, 2)", "tf_cast": "tf.cast(rt, tf.float32)",
        "tf_abs": "tf.abs(rt - 3)", "tf_square": "tf.square(rt)", "tf_sign": "tf.sign(rt - 3)",
        "tf_equal": "tf.equal(rt, 2)", "tf_less": "tf.math.less(rt, 4)",
        "tf_ones_like": "tf.ones_like(rt)", "tf_zeros_like_f": "tf.zeros_like(rt, dtype=tf.float32)",
        "tf_add_n": "tf.add_n([rt, rt, rt])", "tf_clip": "tf.clip_by_value(rt, 2, 4)",
        "tf_truediv": "tf.math.truediv(rt, 4)", "tf_floormod": "tf.math.floormod(rt, 4)",
        "tf_squared_difference": "tf.math.squared_difference(rt, 3)", "tf_identity": "tf.identity(rt)",
        "bad_dtype": "rt + 1.5", "bad_rt_dtype": "rt + tf.cast(rt, tf.float32)",
        "bad_splits": "rt + tf.ragged.constant([[1], [2, 3], [], [4, 5, 6]])",
        "bad_dense_rows": "rt + tf.constant([[1], [2]])",
        "bad_dense_cols": "rt + tf.constant([[1, 2, 3]])",
    }
    for k, e in ops.items():
        out.append(_r(f"elementwise.{k}", e, RT))
    fops = {
        "exp": "tf.exp(rt)", "log_abs": "tf.math.log(tf.abs(rt))", "sqrt_abs": "tf.sqrt(tf.abs(rt))",
        "sin": "tf.sin(rt)", "tanh": "tf.tanh(rt)", "sigmoid": "tf.sigmoid(rt)", "relu": "tf.nn.relu(rt)",
        "round": "tf.round(rt)", "floor": "tf.floor(rt)", "is_nan": "tf.math.is_nan(rt / 0.0)",
        "pow_rt": "tf.pow(tf.abs(rt), 0.5)", "rdiv_dense": "tf.constant(1.0) / rt",
        "dense_vector": "rt2 * tf.constant([1.0, -1.0])", "dense_vector_add": "tf.constant([1.0, 2.0]) + rt2",
        "dense_matrix_rows": "rt2 + tf.constant([[[1.0, 2.0]], [[3.0, 4.0]], [[5.0, 6.0]]])",
        "softplus": "tf.math.softplus(rt)", "logical": "tf.logical_and(rt > 0, rt < 4)",
        "logical_not": "tf.logical_not(rt > 0)", "and_op": "(rt > 0) & (rt < 4)",
        "map_flat_values": "tf.ragged.map_flat_values(tf.ones_like, rt)",
        "map_flat_values_lambda": "tf.ragged.map_flat_values(lambda x: x * 2 + 1, rt)",
        "map_flat_values_two": "tf.ragged.map_flat_values(tf.add, rt, rt)",
        "map_flat_values_kw": "tf.ragged.map_flat_values(tf.multiply, rt, y=rt)",
        "map_flat_values_bad": "tf.ragged.map_flat_values(tf.add, rt, tf.ragged.constant([[1.0], [2.0]]))",
        "map_flat_values_dense_only": "tf.ragged.map_flat_values(tf.add, tf.constant(1), 2)",
        "map_flat_values_reduce": "tf.ragged.map_flat_values(tf.reduce_sum, rt)",
        "nested_add": "rt3 + rt3",
        "nested_scalar": "rt3 * 2.0",
    }
    setup = RTF + "\nrt2 = tf.ragged.constant([[[1.0, 2.0]], [], [[3.0, 4.0], [5.0, 6.0]]], ragged_rank=1)" + \
        "\nrt3 = tf.ragged.constant([[[1.0], [2.0, 3.0]], [[4.0]]])"
    for k, e in fops.items():
        out.append(_rv(f"elementwise.f.{k}", e, setup) if k in _INEXACT else _r(f"elementwise.f.{k}", e, setup))
    return out


_INEXACT = {"exp", "log_abs", "sqrt_abs", "sin", "tanh", "sigmoid", "softplus", "pow_rt"}


def _reductions():
    out = []
    for tag, setup in (("2d", RT), ("3d", RT3), ("inner", RTI), ("float", RTF)):
        rank = {"2d": 2, "3d": 3, "inner": 3, "float": 2}[tag]
        for fn in ("reduce_sum", "reduce_max", "reduce_min", "reduce_mean", "reduce_prod"):
            for axis in [None] + list(range(rank)) + [-1]:
                out.append(_r(f"{fn}.{tag}.{axis}", f"tf.{fn}(rt, axis={axis})", setup))
    out += [
        _r("reduce_sum.keepdims1", "tf.reduce_sum(rt, axis=1, keepdims=True)", RT),
        _r("reduce_sum.keepdims0", "tf.reduce_sum(rt, axis=0, keepdims=True)", RT),
        _r("reduce_sum.axes01", "tf.reduce_sum(rt, axis=[0, 1])", RT3),
        _r("reduce_sum.axes12", "tf.reduce_sum(rt, axis=[1, 2])", RT3),
        _r("reduce_sum.bad_axis", "tf.reduce_sum(rt, axis=2)", RT),
        _r("reduce_any", "tf.reduce_any(rt > 4, axis=1)", RT),
        _r("reduce_all", "tf.reduce_all(rt > 0, axis=1)", RT),
        _r("reduce_all.axis0", "tf.reduce_all(rt > 1, axis=0)", RT),
        _r("reduce_max.float_empty", "tf.reduce_max(rt, axis=1)", RTF),
        _r("reduce_min.float_empty", "tf.reduce_min(rt, axis=1)", RTF),
        _r("reduce_variance", "tf.math.reduce_variance(rt, axis=1)", RTF),
        _r("reduce_std", "tf.math.reduce_std(rt, axis=1)", RTF),
        _r("reduce_mean.math", "tf.math.reduce_mean(rt, axis=1)", RTF),
    ]
    return out


def _joining():
    a = "a = tf.ragged.constant([[1, 2], [3]])\nb = tf.ragged.constant([[4], [5, 6, 7]])"
    c = "c = tf.ragged.constant([[[1], [2, 3]], [[4]]])\nd = tf.ragged.constant([[[5]], [[6, 7], []]])"
    out = [
        _r("concat.0", "tf.concat([a, b], axis=0)", a),
        _r("concat.1", "tf.concat([a, b], axis=1)", a),
        _r("concat.neg", "tf.concat([a, b], axis=-1)", a),
        _r("concat.dense", "tf.concat([a, tf.constant([[8, 9]])], axis=0)", a),
        _r("concat.dense1", "tf.concat([a, tf.constant([[8], [9]])], axis=1)", a),
        _r("concat.3d0", "tf.concat([c, d], axis=0)", c),
        _r("concat.3d1", "tf.concat([c, d], axis=1)", c),
        _r("concat.3d2", "tf.concat([c, c], axis=2)", c),
        _r("concat.three", "tf.concat([a, b, a], axis=1)", a),
        _r("concat.bad_rows", "tf.concat([a, tf.ragged.constant([[1]])], axis=1)", a),
        _r("concat.bad_dtype", "tf.concat([a, tf.ragged.constant([[1.0]])], axis=0)", a),
        _r("concat.bad_axis", "tf.concat([a, b], axis=2)", a),
        _r("stack.0", "tf.stack([a, b])", a),
        _r("stack.1", "tf.stack([a, b], axis=1)", a),
        _r("stack.3d", "tf.stack([c, d])", c),
        _r("stack.dense", "tf.stack([a, tf.constant([[1, 2], [3, 4]])])", a),
        _r("ragged_stack.0", "tf.ragged.stack([a, b])", a),
        _r("ragged_stack.1", "tf.ragged.stack([a, b], axis=1)", a),
        _r("ragged_stack.dense_shapes", "tf.ragged.stack([tf.constant([1, 2]), tf.constant([3])])"),
        _r("boolean_mask.dense", "tf.boolean_mask(tf.constant([[1, 2, 3], [4, 5, 6]]), "
                                 "tf.constant([[True, False, True], [False, False, True]]))"),
        _r("ragged.boolean_mask.dense", "tf.ragged.boolean_mask(tf.constant([[1, 2, 3], [4, 5, 6]]), "
                                        "tf.constant([[True, False, True], [False, False, True]]))"),
        _r("boolean_mask.ragged", "tf.boolean_mask(a, tf.ragged.constant([[True, False], [True]]))", a),
        _r("boolean_mask.ragged_rows", "tf.boolean_mask(a, tf.constant([False, True]))", a),
        _r("ragged.boolean_mask.rows", "tf.ragged.boolean_mask(a, [True, False])", a),
        _r("ragged.boolean_mask.by_value", "tf.ragged.boolean_mask(a, a > 1)", a),
        _r("ragged.boolean_mask.3d", "tf.ragged.boolean_mask(c, c > 1)", c),
        _r("ragged.boolean_mask.bad", "tf.ragged.boolean_mask(a, tf.ragged.constant([[True], [True]]))", a),
        _r("ragged.boolean_mask.dense3d", "tf.ragged.boolean_mask(tf.reshape(tf.range(8), [2, 2, 2]), "
                                          "tf.constant([[[True, False], [True, True]], [[False, False], [True, False]]]))"),
        _r("expand_dims.0", "tf.expand_dims(a, 0)", a),
        _r("expand_dims.1", "tf.expand_dims(a, 1)", a),
        _r("expand_dims.2", "tf.expand_dims(a, 2)", a),
        _r("gather", "tf.gather(a, [1, 0, 1])", a),
        _r("gather.scalar", "tf.gather(b, 1)", a),
        _r("gather.2d", "tf.gather(a, [[1], [0]])", a),
        _r("gather.bad", "tf.gather(a, [2])", a),
    ]
    return out


def _range_and_segments():
    return [
        _r("range.limits", "tf.ragged.range([3, 5, 0])"),
        _r("range.starts_limits", "tf.ragged.range([0, 3], [3, 10], 2)"),
        _r("range.scalar_start", "tf.ragged.range(2, [5, 3, 8])"),
        _r("range.negative", "tf.ragged.range([5, 2], [0, -3], -2)"),
        _r("range.float", "tf.ragged.range([0.5, 1.0], [2.0, 2.5], 0.5)"),
        _r("range.dtype", "tf.ragged.range([3, 1], dtype=tf.int64)"),
        _r("range.zero_delta", "tf.ragged.range([3], deltas=0)"),
        _r("range.splits32", "tf.ragged.range([2, 1], row_splits_dtype=tf.int32)"),
        _r("range.empty", "tf.ragged.range([])"),
        _r("range.scalar", "tf.ragged.range(4)"),
        _r("segment_ids", "tf.ragged.row_splits_to_segment_ids([0, 3, 3, 5, 6, 9])"),
        _r("segment_ids.int32", "tf.ragged.row_splits_to_segment_ids(tf.constant([0, 2, 2, 3]))"),
        _r("row_splits", "tf.ragged.segment_ids_to_row_splits([0, 0, 0, 2, 2, 3, 4, 4, 4])"),
        _r("row_splits.num_segments", "tf.ragged.segment_ids_to_row_splits([0, 0, 2], num_segments=5)"),
        _r("row_splits.int32", "tf.ragged.segment_ids_to_row_splits(tf.constant([0, 1, 1]))"),
        _r("segment_ids.float", "tf.ragged.row_splits_to_segment_ids(tf.constant([0.0, 1.0]))"),
    ]


def _gradients():
    return [
        _s("grad.values_sum", """
            v = tf.constant([1.0, 2.0, 3.0, 4.0])
            with tf.GradientTape() as t:
                t.watch(v)
                rt = tf.RaggedTensor.from_row_splits(v, [0, 2, 2, 4])
                y = tf.reduce_sum(rt * rt)
            result = t.gradient(y, v)"""),
        _s("grad.reduce_max_rows", """
            v = tf.constant([1.0, 5.0, 3.0, 4.0, -2.0])
            with tf.GradientTape() as t:
                t.watch(v)
                rt = tf.RaggedTensor.from_row_lengths(v, [2, 0, 3])
                y = tf.reduce_sum(tf.reduce_max(rt, axis=1) * tf.constant([1.0, 0.0, 2.0]))
            result = t.gradient(y, v)"""),
        _s("grad.reduce_mean_rows", """
            v = tf.constant([1.0, 5.0, 3.0, 4.0, -2.0])
            with tf.GradientTape() as t:
                t.watch(v)
                rt = tf.RaggedTensor.from_row_lengths(v, [2, 3])
                y = tf.reduce_sum(tf.reduce_mean(rt, axis=1) * tf.constant([1.0, 2.0]))
            result = t.gradient(y, v)"""),
        _s("grad.to_tensor", """
            v = tf.constant([1.0, 2.0, 3.0])
            with tf.GradientTape() as t:
                t.watch(v)
                d = tf.RaggedTensor.from_row_splits(v, [0, 1, 3]).to_tensor()
                y = tf.reduce_sum(d * tf.constant([[1.0, 2.0], [3.0, 4.0]]))
            result = t.gradient(y, v)"""),
        _s("grad.getitem", """
            v = tf.constant([1.0, 2.0, 3.0, 4.0])
            with tf.GradientTape() as t:
                t.watch(v)
                rt = tf.RaggedTensor.from_row_splits(v, [0, 1, 4])
                y = tf.reduce_sum(rt[1] * 3.0) + tf.reduce_sum(rt[:, 1:])
            result = t.gradient(y, v)"""),
        _s("grad.exp_map", """
            v = tf.constant([0.5, -1.0, 2.0])
            with tf.GradientTape() as t:
                t.watch(v)
                rt = tf.RaggedTensor.from_row_splits(v, [0, 1, 3])
                y = tf.reduce_sum(tf.ragged.map_flat_values(tf.exp, rt))
            result = t.gradient(y, v)"""),
        _s("grad.concat", """
            v = tf.constant([1.0, 2.0, 3.0])
            with tf.GradientTape() as t:
                t.watch(v)
                rt = tf.RaggedTensor.from_row_splits(v, [0, 1, 3])
                y = tf.reduce_sum(tf.concat([rt, rt * 2.0], axis=1).flat_values * tf.range(6.0))
            result = t.gradient(y, v)"""),
        _s("grad.dense_broadcast", """
            v = tf.constant([1.0, 2.0, 3.0])
            w = tf.constant([[2.0], [5.0]])
            with tf.GradientTape() as t:
                t.watch(w)
                rt = tf.RaggedTensor.from_row_splits(v, [0, 1, 3])
                y = tf.reduce_sum((rt * w).flat_values)
            result = t.gradient(y, w)"""),
        _s("grad.wrt_ragged", """
            rt = tf.ragged.constant([[1.0, 2.0], [3.0]])
            with tf.GradientTape() as t:
                t.watch(rt)
                y = tf.reduce_sum(rt * rt)
            result = R(t.gradient(y, rt))"""),
        _s("grad.ragged_target", """
            v = tf.constant([1.0, 2.0, 3.0])
            with tf.GradientTape() as t:
                t.watch(v)
                rt = tf.RaggedTensor.from_row_splits(v, [0, 2, 3])
                y = rt * 2.0 + rt * rt
            result = t.gradient(y, v)"""),
        _s("grad.wrt_ragged_unconnected", """
            rt = tf.ragged.constant([[1.0, 2.0], [3.0]])
            with tf.GradientTape() as t:
                t.watch(rt)
                y = tf.constant(2.0) * 3.0
            result = t.gradient(y, rt)"""),
        _s("grad.variable", """
            var = tf.Variable([1.0, 2.0, 3.0])
            with tf.GradientTape() as t:
                rt = tf.RaggedTensor.from_row_lengths(var, [1, 2])
                y = tf.reduce_sum(tf.reduce_sum(rt, axis=1) ** 2)
            result = t.gradient(y, var)"""),
    ]


def _more_apis():
    f = "rt = tf.ragged.constant([[1.0, 2.0], [3.0], [], [0.5, -1.0, 4.0]])"
    return [
        _rv("softmax", "tf.nn.softmax(rt)", f),
        _r("reshape", "tf.reshape(rt, [-1])", f),
        _r("reshape.2x3", "tf.reshape(rt, [2, 3])", f),
        _r("where", "tf.where(rt > 1.5, rt, rt * 0)", f),
        _r("where.dense_y", "tf.where(rt > 1.5, rt, 0.0)", f),
        _r("convert_to_tensor", "tf.convert_to_tensor(rt)", f),
        _r("argmax", "tf.argmax(rt, axis=1)", f),
        _r("matmul.ragged_inner", "tf.linalg.matmul(rt, rt)", f),
        _r("matmul.2d_uniform", "tf.linalg.matmul(tf.ragged.constant([[1.0, 2.0], [3.0, 4.0]]), "
                                "tf.constant([[1.0], [2.0]]))"),
        _r("matmul.3d_fold", "tf.linalg.matmul(tf.ragged.constant([[[1.0, 2.0]], [[3.0, 4.0], [5.0, 6.0]]], "
                             "ragged_rank=1), tf.reshape(tf.range(8.0), [2, 2, 2]))"),
        _r("matmul.3d_map", "tf.matmul(tf.ragged.constant([[[1.0, 2.0]], [[3.0], [4.0]]]), "
                            "tf.ragged.constant([[[1.0], [2.0]], [[5.0, 6.0]]]))"),
        _r("matmul.operator", "tf.ragged.constant([[1.0, 2.0], [3.0, 4.0]]) @ tf.constant([[1.0], [2.0]])"),
        _r("matmul.dtype", "tf.linalg.matmul(tf.ragged.constant([[1, 2]]), tf.constant([[1.0], [2.0]]))"),
        _r("cumsum", "tf.math.cumsum(rt)", f),
        _r("cumsum.1", "tf.math.cumsum(rt, axis=1)", f),
        _r("cumsum.reverse", "tf.math.cumsum(rt, axis=1, reverse=True)", f),
        _r("cumsum.exclusive", "tf.math.cumsum(rt, axis=1, exclusive=True)", f),
        _r("len", "len(rt)", f),
        _r("reverse.1", "tf.reverse(rt, [1])", f),
        _r("reverse.0", "tf.reverse(rt, [0])", f),
        _r("reverse.3d", "tf.reverse(tf.ragged.constant([[[1, 2], [3]], [[4]]]), [2])"),
        _r("tile.2d", "tf.tile(rt, [1, 2])", f),
        _r("tile.rows", "tf.tile(rt, [2, 1])", f),
        _r("map_fn.square", "tf.map_fn(tf.math.square, rt)", f),
        _r("map_fn.sum", "tf.map_fn(tf.reduce_sum, rt, fn_output_signature=tf.float32)", f),
        _r("map_fn.rows", "tf.map_fn(lambda r: r * 2.0, rt)", f),
        _r("shape.index", "tf.shape(rt)[0]", f),
        _r("shape.ragged_index", "tf.shape(rt)[1]", f),
        _r("shape.slice", "repr(tf.shape(rt)[:1])", f),
        _r("shape.zeros", "tf.zeros(tf.shape(rt))", f),
        _r("shape.ones", "tf.ones(tf.shape(rt))", f),
        _r("shape.fill", "tf.fill(tf.shape(rt), 'x')", f),
        _r("shape.reshape", "tf.reshape(tf.range(6), tf.shape(rt))", f),
        _r("shape.out_type", "repr(tf.shape(rt, out_type=tf.int64))", f),
        _r("shape.3d", "repr(tf.shape(tf.ragged.constant([[[1, 2], [3]], [[4]]])))"),
        _r("shape.inner", "repr(tf.shape(tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1)))"),
        _r("guide.broadcast_error_dense",
           "tf.ragged.constant([[1, 2], [3, 4, 5, 6], [7]]) + tf.constant([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])"),
        _r("guide.broadcast_error_ragged",
           "tf.ragged.constant([[1, 2, 3], [4], [5, 6]]) + tf.ragged.constant([[10, 20], [30, 40], [50]])"),
        _r("guide.broadcast_error_inner",
           "tf.ragged.constant([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10]]]) + "
           "tf.ragged.constant([[[1, 2, 0], [3, 4, 0], [5, 6, 0]], [[7, 8, 0], [9, 10, 0]]])"),
        _r("guide.broadcast_inner_column", "tf.ragged.constant([[[1, 2], [3, 4], [5, 6]], [[7, 8]]], "
                                           "ragged_rank=1) + tf.constant([[10]])"),
        _r("guide.broadcast_4d", "tf.ragged.constant([[[[1], [2]], [], [[3]], [[4]]], [[[5], [6]], [[7]]]], "
                                 "ragged_rank=2) + tf.constant([10, 20, 30])"),
        _s("function.signature", """
            @tf.function(input_signature=[tf.RaggedTensorSpec(shape=[None, None], dtype=tf.int32)])
            def f(rt):
                return (tf.math.reduce_max(rt, axis=-1), tf.math.reduce_min(rt, axis=-1))
            result = f(tf.ragged.constant([[1, 2], [3], [4, 5, 6]]))"""),
        _s("function.palindrome", """
            @tf.function
            def f(x, axis):
                return tf.concat([x, tf.reverse(x, [axis])], axis)
            result = R(f(tf.ragged.constant([[1, 2], [3], [4, 5, 6]]), axis=1))"""),
    ]


_PRINT = """
import os, tempfile
_path = os.path.join(tempfile.mkdtemp(), 'out.txt')
tf.print({args}, output_stream='file://' + _path{kw})
result = open(_path).read()
"""


def _random_rows(rng, depth, dtype):
    """A nested list literal: rows of random lengths (some empty), values of `dtype`."""
    if depth == 0:
        if dtype == "bool":
            return rng.choice([True, False])
        if dtype.startswith("float"):
            return rng.choice([0.5, -1.25, 2.0, 3.5, -0.75, 0.0, 4.25])
        return rng.randint(-5, 9)
    return [_random_rows(rng, depth - 1, dtype) for _ in range(rng.choice([0, 1, 2, 3]))]


def _generated():
    """Random ragged tensors (seeded) through random ops, axes, keys and operands, bad ones too."""
    import random
    rng = random.Random(2026)
    unary = ["tf.abs(x)", "-x", "tf.square(x)", "tf.sign(x)", "tf.ones_like(x)", "tf.zeros_like(x)",
             "tf.cast(x, tf.float64)", "x * 2", "x + x", "x - 1", "x >= 1", "tf.maximum(x, 0)"]
    out = []
    for i in range(160):
        depth = rng.choice([2, 2, 3])
        dtype = rng.choice(["int32", "int64", "float32", "float64"])
        rows = [_random_rows(rng, depth - 1, dtype) for _ in range(rng.randint(1, 4))]
        setup = f"x = tf.ragged.constant({rows!r}, dtype=tf.{dtype})"
        kind = rng.choice(["reduce", "reduce", "unary", "index", "concat", "to_tensor", "dense"])
        rank = depth
        if kind == "reduce":
            fn = rng.choice(["reduce_sum", "reduce_max", "reduce_min", "reduce_prod", "reduce_mean"])
            axis = rng.choice([None] + list(range(-rank - 1, rank + 1)))
            expr = f"tf.{fn}(x, axis={axis})"
        elif kind == "unary":
            expr = rng.choice(unary)
        elif kind == "index":
            key = rng.choice(["0", "-1", "1:", ":, 1:", ":, :1", "::2", ":, -1:", ":, 0", str(rng.randint(-6, 6)),
                              ":, ::-1", "0, 0", "1:3, 1:"])
            expr = f"x[{key}]"
        elif kind == "concat":
            axis = rng.randint(-rank, rank)
            expr = f"tf.concat([x, x * 3], axis={axis})"
        elif kind == "to_tensor":
            expr = rng.choice(["x.to_tensor()", "x.to_tensor(default_value=7)", "x.bounding_shape()",
                               "x.row_lengths()", "x.merge_dims(0, 1)", "x.value_rowids()"])
        else:
            n = len(rows) if rng.random() < 0.7 else len(rows) + 1
            expr = f"x + tf.ones([{n}, 1], tf.{dtype})"
        out.append(_r(f"gen.{i:03d}.{kind}", expr, setup))
    return out


def _empty():
    e = "e = tf.ragged.constant([[], []])\nz = tf.RaggedTensor.from_row_splits(tf.constant([], tf.float32), [0])"
    exprs = {
        "repr": "[repr(e), repr(z)]", "shape": "[e.shape, z.shape]", "to_tensor": "[e.to_tensor(), z.to_tensor()]",
        "numpy": "[str(e.numpy()), str(z.numpy())]", "sum1": "tf.reduce_sum(e, axis=1)",
        "max1": "tf.reduce_max(e, axis=1)", "sum0": "tf.reduce_sum(e, axis=0)", "mean_z": "tf.reduce_mean(z, axis=1)",
        "sum_all": "tf.reduce_sum(z)", "add": "z + 1.0", "concat": "tf.concat([e, e], axis=1)",
        "concat0": "tf.concat([z, z], axis=0)", "bounding": "[e.bounding_shape(), z.bounding_shape()]",
        "row_lengths": "[e.row_lengths(), z.row_lengths()]", "getitem": "e[0]", "slice": "z[0:]",
        "stack": "tf.stack([e, e])", "tf_shape": "repr(tf.shape(z))", "to_list": "[e.to_list(), z.to_list()]",
        "mask": "tf.ragged.boolean_mask(e, tf.ragged.constant([[], []], dtype=tf.bool))",
    }
    return [_r(f"empty.{k}", v, e) for k, v in exprs.items()]


def _print():
    cases = {
        "2d": "tf.ragged.constant([[1, 2], [3], [], [4, 5, 6]])",
        "mixed": "'x:', tf.ragged.constant([[1, 2]]), tf.ragged.constant([[[1.5]], []])",
        "summarized": "tf.ragged.constant([list(range(10))] * 8)",
        "strings": "tf.ragged.constant([['a', \"b'c\"], []])",
        "dict_bool": "{'k': tf.ragged.constant([[True], [False, True]])}",
        "inner": "tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1)",
    }
    out = [S(f"ragged.print.{k}", _PRINT.format(args=v, kw="")) for k, v in cases.items()]
    out.append(S("ragged.print.summarize1", _PRINT.format(
        args="tf.ragged.constant([[1.0, float('nan'), 3.0], [-2.5]], dtype=tf.float64)", kw=", summarize=1")))
    out.append(S("ragged.print.summarize_all", _PRINT.format(
        args="tf.ragged.constant([list(range(8))])", kw=", summarize=-1")))
    return out


def _data():
    ft = ("ft = {'colors': tf.ragged.constant([['red', 'blue'], ['orange'], ['black', 'yellow'], ['green']]), "
          "'lengths': tf.ragged.constant([[7], [], [1, 3], [3, 5, 2]], dtype=tf.int64)}\n"
          "ds = tf.data.Dataset.from_tensor_slices(ft)")
    return [
        _r("data.slices_spec", "repr(ds.element_spec)", ft),
        _r("data.slices", "[{k: R(v) for k, v in e.items()} for e in ds]", ft),
        _r("data.batch_spec", "repr(ds.batch(2).element_spec)", ft),
        _r("data.batch", "[{k: R(v) for k, v in e.items()} for e in ds.batch(3)]", ft),
        _r("data.unbatch_spec", "repr(ds.batch(2).unbatch().element_spec)", ft),
        _r("data.unbatch", "[{k: R(v) for k, v in e.items()} for e in ds.batch(2).unbatch()]", ft),
        _r("data.map_ranges", "[R(tf.ragged.range(e['lengths'])) for e in ds]", ft),
        _r("data.nested_slices", "[R(e) for e in tf.data.Dataset.from_tensor_slices("
                                 "tf.ragged.constant([[[1, 2], [3]], [[4]]]))]"),
        _r("data.dense_to_ragged_batch", "[R(e) for e in tf.data.Dataset.from_tensor_slices([1, 5, 3, 2, 8])"
                                         ".map(tf.range).apply(tf.data.experimental.dense_to_ragged_batch(2))]"),
        _r("data.ragged_batch_uniform", "[R(e) for e in tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]])"
                                        ".ragged_batch(2)]"),
        _r("data.ragged_batch_spec", "repr(tf.data.Dataset.from_tensor_slices(tf.ragged.constant([[1, 2], [3]]))"
                                     ".ragged_batch(2).element_spec)"),
    ]


SNIPPETS = _generated() + _empty() + _print() + _data() + (_more_apis() + _constant() + _factories() + _properties() + _conversion() + _indexing() + _elementwise()
            + _reductions() + _joining() + _range_and_segments() + _gradients())

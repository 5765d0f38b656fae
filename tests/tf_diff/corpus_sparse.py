"""tf.SparseTensor and tf.sparse snippets: construction and its validation, conversion to and from
dense, the sparse ops (add, concat, reorder, reshape, slice, retain, reductions, matmul, ...),
gradients through values and dense operands, and bad inputs. A SparseTensor result is compared
as its (indices, values, dense_shape) triple, since the encoder knows only tensors."""
import textwrap

from tests.tf_diff.corpus import S

# every snippet may call `sp(x)` for a SparseTensor's components and uses `a`/`b`, two sparse
# inputs in canonical order, and `m`, a 3x4 dense float matrix
_PRELUDE = """\
def sp(x):
    return (x.indices, x.values, x.dense_shape)
a = tf.sparse.SparseTensor([[0, 1], [1, 0], [2, 3]], [1., 2., 3.], [3, 4])
b = tf.sparse.SparseTensor([[0, 1], [1, 2], [2, 0]], [10., -2., 5.], [3, 4])
m = tf.reshape(tf.range(12, dtype=tf.float32), [3, 4])
"""


def P(name, code, **kw):
    return S(name, _PRELUDE + textwrap.dedent(code).strip(), **kw)


_CONSTRUCT = [
    P("sparse.construct.basic", "result = sp(a)"),
    P("sparse.construct.int_values", "result = sp(tf.SparseTensor([[0, 3], [2, 4]], [10, 20], [3, 10]))"),
    P("sparse.construct.string_values", "result = sp(tf.SparseTensor([[0], [2]], ['x', 'yz'], [4]))"),
    P("sparse.construct.empty", "result = sp(tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), [2, 2]))"),
    P("sparse.construct.shape", "result = [a.shape, a.get_shape(), a.dtype, a.dense_shape.dtype, a.indices.dtype]"),
    P("sparse.construct.repr", "result = repr(tf.SparseTensor([[0, 3], [2, 4]], [10, 20], [3, 10]))"),
    P("sparse.construct.str", "result = str(tf.SparseTensor([[0, 3], [2, 4]], [10., 20.], [3, 10]))"),
    P("sparse.construct.alias", "result = tf.SparseTensor is tf.sparse.SparseTensor"),
    P("sparse.construct.indices_rank1", "result = sp(tf.SparseTensor([0, 1], [1., 2.], [3]))", msg=False),
    P("sparse.construct.values_rank2", "result = sp(tf.SparseTensor([[0], [1]], [[1.], [2.]], [3]))", msg=False),
    P("sparse.construct.count_mismatch", "result = sp(tf.SparseTensor([[0], [1]], [1., 2., 3.], [3]))", msg=False),
    P("sparse.construct.rank_mismatch", "result = sp(tf.SparseTensor([[0, 1], [1, 1]], [1., 2.], [3]))", msg=False),
    P("sparse.construct.float_indices", "result = sp(tf.SparseTensor([[0.5], [1.]], [1., 2.], [3]))", msg=False),
    P("sparse.construct.dense_shape_matrix", "result = sp(tf.SparseTensor([[0]], [1.], [[3]]))", msg=False),
    P("sparse.construct.out_of_bounds_allowed", "result = sp(tf.SparseTensor([[5]], [1.], [3]))"),
    P("sparse.construct.from_value", "result = sp(tf.SparseTensor.from_value(a))"),
    P("sparse.construct.with_values", "result = sp(a.with_values(a.values * 2))"),
    P("sparse.construct.consumers_type", "result = [type(a).__name__, isinstance(a, tf.SparseTensor), tf.is_tensor(a)]"),
    P("sparse.construct.spec", "s = tf.SparseTensorSpec([3, 4], tf.float32); result = [repr(s), s.shape, s.dtype]"),
    P("sparse.construct.spec_from_value", "result = repr(tf.SparseTensorSpec.from_value(a))"),
    P("sparse.construct.spec_default", "result = repr(tf.SparseTensorSpec())"),
    P("sparse.construct.spec_compat", "result = [tf.SparseTensorSpec([None, 4], tf.float32).is_compatible_with(a), tf.SparseTensorSpec([2, 4], tf.float32).is_compatible_with(a)]"),
    P("sparse.construct.rank", "result = [a.shape.rank, len(a.shape), a.shape[0]]"),
]

_DENSE = [
    P("sparse.to_dense.basic", "result = tf.sparse.to_dense(a)"),
    P("sparse.to_dense.default", "result = tf.sparse.to_dense(a, default_value=-1.)"),
    P("sparse.to_dense.int", "result = tf.sparse.to_dense(tf.SparseTensor([[0, 3], [2, 4]], [10, 20], [3, 10]))"),
    P("sparse.to_dense.string", "result = tf.sparse.to_dense(tf.SparseTensor([[0], [2]], ['x', 'yz'], [4]))"),
    P("sparse.to_dense.string_default", "result = tf.sparse.to_dense(tf.SparseTensor([[0], [2]], ['x', 'yz'], [4]), default_value='-')"),
    P("sparse.to_dense.bool", "result = tf.sparse.to_dense(tf.SparseTensor([[1]], [True], [3]))"),
    P("sparse.to_dense.unordered", "result = tf.sparse.to_dense(tf.SparseTensor([[2, 0], [0, 1]], [1., 2.], [3, 2]))", msg=False),
    P("sparse.to_dense.unordered_no_validate", "result = tf.sparse.to_dense(tf.SparseTensor([[2, 0], [0, 1]], [1., 2.], [3, 2]), validate_indices=False)"),
    P("sparse.to_dense.duplicate", "result = tf.sparse.to_dense(tf.SparseTensor([[1], [1]], [1., 2.], [3]))"),
    P("sparse.to_dense.out_of_bounds", "result = tf.sparse.to_dense(tf.SparseTensor([[5]], [1.], [3]))"),
    P("sparse.to_dense.negative_index", "result = tf.sparse.to_dense(tf.SparseTensor([[-1]], [1.], [3]))"),
    P("sparse.to_dense.3d", "result = tf.sparse.to_dense(tf.SparseTensor([[0, 0, 1], [1, 2, 0]], [1, 2], [2, 3, 2]))"),
    P("sparse.to_dense.scalar_shape", "result = tf.sparse.to_dense(tf.SparseTensor(tf.zeros([1, 0], tf.int64), [7.], []))"),
    P("sparse.to_dense.default_dtype", "result = tf.sparse.to_dense(a, default_value=1)", msg=False),
    P("sparse.to_dense.grad", """
        v = tf.Variable([1., 2., 3.])
        with tf.GradientTape() as t:
            d = tf.sparse.to_dense(tf.SparseTensor(a.indices, v, a.dense_shape))
            y = tf.reduce_sum(d * m)
        result = t.gradient(y, v)"""),
    P("sparse.from_dense.basic", "result = sp(tf.sparse.from_dense(m))"),
    P("sparse.from_dense.int", "result = sp(tf.sparse.from_dense([[0, 3, 0], [1, 0, 0]]))"),
    P("sparse.from_dense.string", "result = sp(tf.sparse.from_dense(['', 'a', '', 'b']))"),
    P("sparse.from_dense.bool", "result = sp(tf.sparse.from_dense([True, False, True]))"),
    P("sparse.from_dense.scalar", "result = sp(tf.sparse.from_dense(3.))"),
    P("sparse.from_dense.zeros", "result = sp(tf.sparse.from_dense(tf.zeros([2, 2])))"),
    P("sparse.from_dense.nan", "result = sp(tf.sparse.from_dense([0., float('nan'), -0.]))"),
    P("sparse.from_dense.3d", "result = sp(tf.sparse.from_dense(tf.reshape(tf.range(8) % 3, [2, 2, 2])))"),
    P("sparse.roundtrip", "result = tf.sparse.to_dense(tf.sparse.from_dense(m))"),
]

_ADD = [
    P("sparse.add.sparse_sparse", "result = sp(tf.sparse.add(a, b))"),
    P("sparse.add.cancel", "result = sp(tf.sparse.add(a, tf.SparseTensor([[0, 1]], [-1.], [3, 4])))"),
    P("sparse.add.threshold", "result = sp(tf.sparse.add(a, b, threshold=2.5))"),
    P("sparse.add.threshold_cancel", "result = sp(tf.sparse.add(a, tf.SparseTensor([[0, 1]], [-1.], [3, 4]), threshold=0.))"),
    P("sparse.add.sparse_dense", "result = tf.sparse.add(a, m)"),
    P("sparse.add.dense_sparse", "result = tf.sparse.add(m, a)"),
    P("sparse.add.int", "result = sp(tf.sparse.add(tf.SparseTensor([[0]], [1], [2]), tf.SparseTensor([[1]], [4], [2])))"),
    P("sparse.add.shape_mismatch", "result = sp(tf.sparse.add(a, tf.SparseTensor([[0, 1]], [1.], [3, 5])))", msg=False),
    P("sparse.add.dtype_mismatch", "result = sp(tf.sparse.add(a, tf.SparseTensor([[0, 1]], [1], [3, 4])))", msg=False),
    P("sparse.add.dense_dense", "result = tf.sparse.add(m, m)", msg=False),
    P("sparse.add.grad", """
        va, vb = tf.Variable([1., 2., 3.]), tf.Variable([10., -2., 5.])
        with tf.GradientTape() as t:
            s = tf.sparse.add(tf.SparseTensor(a.indices, va, a.dense_shape), tf.SparseTensor(b.indices, vb, b.dense_shape))
            y = tf.reduce_sum(s.values * tf.range(1., 6.))
        result = t.gradient(y, [va, vb])"""),
    P("sparse.add.grad_dense", """
        va = tf.Variable([1., 2., 3.])
        mm = tf.Variable(m)
        with tf.GradientTape() as t:
            y = tf.reduce_sum(tf.sparse.add(tf.SparseTensor(a.indices, va, a.dense_shape), mm) * m)
        result = t.gradient(y, [va, mm])"""),
]

_STRUCT = [
    P("sparse.concat.axis0", "result = sp(tf.sparse.concat(0, [a, b]))"),
    P("sparse.concat.axis1", "result = sp(tf.sparse.concat(1, [a, b]))"),
    P("sparse.concat.neg_axis", "result = sp(tf.sparse.concat(-1, [a, b]))"),
    P("sparse.concat.expand", "result = sp(tf.sparse.concat(1, [a, tf.SparseTensor([[3, 0]], [9.], [4, 2])], expand_nonconcat_dims=True))"),
    P("sparse.concat.mismatch", "result = sp(tf.sparse.concat(1, [a, tf.SparseTensor([[3, 0]], [9.], [4, 2])]))", msg=False),
    P("sparse.concat.dtype", "result = sp(tf.sparse.concat(0, [a, tf.SparseTensor([[0, 0]], [1], [1, 4])]))", msg=False),
    P("sparse.concat.one", "result = sp(tf.sparse.concat(0, [a]))"),
    P("sparse.reorder.basic", "result = sp(tf.sparse.reorder(tf.SparseTensor([[2, 0], [0, 1], [1, 3]], [1., 2., 3.], [3, 4])))"),
    P("sparse.reorder.3d", "result = sp(tf.sparse.reorder(tf.SparseTensor([[1, 0, 0], [0, 2, 1], [0, 0, 1]], [1, 2, 3], [2, 3, 2])))"),
    P("sparse.reshape.basic", "result = sp(tf.sparse.reshape(a, [4, 3]))"),
    P("sparse.reshape.infer", "result = sp(tf.sparse.reshape(a, [-1, 2]))"),
    P("sparse.reshape.flat", "result = sp(tf.sparse.reshape(a, [12]))"),
    P("sparse.reshape.bad", "result = sp(tf.sparse.reshape(a, [5, 3]))", msg=False),
    P("sparse.reshape.two_infer", "result = sp(tf.sparse.reshape(a, [-1, -1]))", msg=False),
    P("sparse.slice.basic", "result = sp(tf.sparse.slice(a, [0, 1], [2, 3]))"),
    P("sparse.slice.past_end", "result = sp(tf.sparse.slice(a, [1, 0], [10, 10]))"),
    P("sparse.slice.empty", "result = sp(tf.sparse.slice(a, [0, 2], [1, 1]))"),
    P("sparse.slice.bad_rank", "result = sp(tf.sparse.slice(a, [0], [2]))", msg=False),
    P("sparse.retain.basic", "result = sp(tf.sparse.retain(a, [True, False, True]))"),
    P("sparse.retain.bad_len", "result = sp(tf.sparse.retain(a, [True, False]))", msg=False),
    P("sparse.expand_dims.0", "result = sp(tf.sparse.expand_dims(a, 0))"),
    P("sparse.expand_dims.last", "result = sp(tf.sparse.expand_dims(a, -1))"),
    P("sparse.expand_dims.mid", "result = sp(tf.sparse.expand_dims(a, 1))"),
    P("sparse.transpose.default", "result = sp(tf.sparse.transpose(a))"),
    P("sparse.transpose.perm3", "result = sp(tf.sparse.transpose(tf.SparseTensor([[0, 1, 2], [1, 0, 1]], [1, 2], [2, 2, 3]), [2, 0, 1]))"),
    P("sparse.eye.square", "result = sp(tf.sparse.eye(3))"),
    P("sparse.eye.rect", "result = sp(tf.sparse.eye(2, 4, dtype=tf.int32))"),
    P("sparse.split.axis1", "result = [sp(x) for x in tf.sparse.split(sp_input=a, num_split=2, axis=1)]"),
    P("sparse.split.uneven", "result = [sp(x) for x in tf.sparse.split(sp_input=a, num_split=2, axis=0)]"),
    P("sparse.fill_empty_rows.basic", "s, e = tf.sparse.fill_empty_rows(tf.SparseTensor([[0, 1], [2, 0]], [1., 2.], [4, 2]), -1.); result = [sp(s), e]"),
    P("sparse.fill_empty_rows.none_empty", "s, e = tf.sparse.fill_empty_rows(a, 0.); result = [sp(s), e]"),
    P("sparse.fill_empty_rows.string", "s, e = tf.sparse.fill_empty_rows(tf.SparseTensor([[1, 0]], ['q'], [3, 1]), ''); result = [sp(s), e]"),
    P("sparse.to_indicator.basic", "result = tf.sparse.to_indicator(tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [0, 3, 2], [2, 2]), 4)"),
    P("sparse.to_indicator.int64", "result = tf.sparse.to_indicator(tf.SparseTensor([[0, 0], [1, 1]], tf.constant([1, 1], tf.int64), [2, 2]), 3)"),
    P("sparse.to_indicator.float", "result = tf.sparse.to_indicator(a, 4)", msg=False),
    P("sparse.mask.basic", "result = tf.sparse.mask(tf.IndexedSlices(m, tf.constant([0, 1, 2])), [1])"),
]

_REDUCE = [
    P("sparse.reduce_sum.all", "result = tf.sparse.reduce_sum(a)"),
    P("sparse.reduce_sum.axis0", "result = tf.sparse.reduce_sum(a, axis=0)"),
    P("sparse.reduce_sum.axis1_keepdims", "result = tf.sparse.reduce_sum(a, axis=1, keepdims=True)"),
    P("sparse.reduce_sum.neg_axis", "result = tf.sparse.reduce_sum(a, axis=-1)"),
    P("sparse.reduce_sum.axes", "result = tf.sparse.reduce_sum(a, axis=[0, 1])"),
    P("sparse.reduce_sum.sparse_out", "result = sp(tf.sparse.reduce_sum(a, axis=1, output_is_sparse=True))"),
    P("sparse.reduce_sum.sparse_out_keep", "result = sp(tf.sparse.reduce_sum(b, axis=0, keepdims=True, output_is_sparse=True))"),
    P("sparse.reduce_sum.int", "result = tf.sparse.reduce_sum(tf.SparseTensor([[0, 3], [2, 4], [2, 5]], [10, 20, 1], [3, 10]), 1)"),
    P("sparse.reduce_sum.bad_axis", "result = tf.sparse.reduce_sum(a, axis=2)", msg=False),
    P("sparse.reduce_sum.grad", """
        v = tf.Variable([1., 2., 3.])
        with tf.GradientTape() as t:
            y = tf.reduce_sum(tf.sparse.reduce_sum(tf.SparseTensor(a.indices, v, a.dense_shape), axis=1) * tf.constant([1., 2., 3.]))
        result = t.gradient(y, v)"""),
    P("sparse.reduce_max.all", "result = tf.sparse.reduce_max(b)"),
    P("sparse.reduce_max.axis1", "result = tf.sparse.reduce_max(b, axis=1)"),
    P("sparse.reduce_max.negative_only", "result = tf.sparse.reduce_max(tf.SparseTensor([[0, 0], [1, 1]], [-3., -1.], [2, 3]), axis=1)"),
    P("sparse.reduce_max.empty_row", "result = tf.sparse.reduce_max(tf.SparseTensor([[0, 0]], [-3.], [2, 3]), axis=1)"),
    P("sparse.reduce_max.int_empty_row", "result = tf.sparse.reduce_max(tf.SparseTensor([[0, 0]], [-3], [2, 3]), axis=1)"),
    P("sparse.reduce_max.sparse_out", "result = sp(tf.sparse.reduce_max(b, axis=0, output_is_sparse=True))"),
    P("sparse.reduce_max.keepdims", "result = tf.sparse.reduce_max(b, axis=0, keepdims=True)"),
]

_MATMUL = [
    P("sparse.matmul.basic", "result = tf.sparse.sparse_dense_matmul(a, tf.transpose(m))"),
    P("sparse.matmul.adjoint_a", "result = tf.sparse.sparse_dense_matmul(a, m, adjoint_a=True)"),
    P("sparse.matmul.adjoint_b", "result = tf.sparse.sparse_dense_matmul(a, m, adjoint_b=True)"),
    P("sparse.matmul.both", "result = tf.sparse.sparse_dense_matmul(a, tf.transpose(m), adjoint_a=True, adjoint_b=True)"),
    P("sparse.matmul.dense_sparse", "result = tf.sparse.sparse_dense_matmul(m, tf.sparse.transpose(a))"),
    P("sparse.matmul.shape_mismatch", "result = tf.sparse.sparse_dense_matmul(a, m)", msg=False),
    P("sparse.matmul.dtype_mismatch", "result = tf.sparse.sparse_dense_matmul(a, tf.ones([4, 2], tf.float64))", msg=False),
    P("sparse.matmul.int", "result = tf.sparse.sparse_dense_matmul(tf.SparseTensor([[0, 1]], [2], [2, 2]), [[1, 2], [3, 4]])"),
    P("sparse.matmul.complex_adjoint", "result = tf.sparse.sparse_dense_matmul(tf.SparseTensor([[0, 1]], [1+2j], [2, 2]), tf.constant([[1j, 2], [3, 4j]]), adjoint_a=True)"),
    P("sparse.matmul.out_of_bounds", "result = tf.sparse.sparse_dense_matmul(tf.SparseTensor([[0, 5]], [1.], [2, 2]), tf.ones([2, 2]))", msg=False),
    P("sparse.matmul.grad", """
        v = tf.Variable([1., 2., 3.])
        d = tf.Variable(tf.transpose(m))
        with tf.GradientTape() as t:
            y = tf.reduce_sum(tf.sparse.sparse_dense_matmul(tf.SparseTensor(a.indices, v, a.dense_shape), d) ** 2)
        result = t.gradient(y, [v, d])"""),
    P("sparse.matmul.grad_adjoint", """
        v = tf.Variable([1., 2., 3.])
        d = tf.Variable(m)
        with tf.GradientTape() as t:
            y = tf.reduce_sum(tf.sparse.sparse_dense_matmul(tf.SparseTensor(a.indices, v, a.dense_shape), d, adjoint_a=True) * tf.reshape(tf.range(16.), [4, 4]))
        result = t.gradient(y, [v, d])"""),
    P("sparse.matmul.grad_adjoint_b", """
        v = tf.Variable([1., 2., 3.])
        d = tf.Variable(m)
        with tf.GradientTape() as t:
            y = tf.reduce_sum(tf.sparse.sparse_dense_matmul(tf.SparseTensor(a.indices, v, a.dense_shape), d, adjoint_b=True) * tf.reshape(tf.range(9.), [3, 3]))
        result = t.gradient(y, [v, d])"""),
]

_ELEMENTWISE = [
    P("sparse.map_values.basic", "result = sp(tf.sparse.map_values(tf.multiply, a, 2.))"),
    P("sparse.map_values.two", "result = sp(tf.sparse.map_values(tf.add, a, a))"),
    P("sparse.map_values.mismatch", "result = sp(tf.sparse.map_values(tf.add, a, b))", msg=False),
    P("sparse.map_values.ones_like", "result = sp(tf.sparse.map_values(tf.ones_like, a))"),
    P("sparse.mul.dense", "result = sp(a * m)"),
    P("sparse.mul.scalar", "result = sp(a * 2.)"),
    P("sparse.mul.dense_times_sparse", "result = sp(m * a)"),
    P("sparse.mul.variable_times_sparse", "result = sp(tf.Variable(m) * a)"),
    P("sparse.mul.scalar_times_sparse", "result = 2. * a"),
    P("sparse.mul.multiply_fn_dense_sparse", "result = tf.multiply(m, a)", msg=False),
    P("sparse.mul.sparse_sparse", "result = a * a", msg=False),
    P("sparse.ops.floordiv", "result = a // 2"),
    P("sparse.ops.pow", "result = a ** 2"),
    P("sparse.ops.abs_builtin", "result = abs(a)"),
    P("sparse.ops.len", "result = len(a)"),
    P("sparse.ops.iter", "result = list(a)"),
    P("sparse.ops.eq", "result = [a == a, a == b]"),
    P("sparse.mul.broadcast", "result = sp(a * tf.constant([1., 10., 100., 1000.]))"),
    P("sparse.div.scalar", "result = sp(a / 2.)"),
    P("sparse.truediv.int", "result = sp(tf.SparseTensor([[0]], [3], [2]) / 2)"),
    P("sparse.math_multiply", "result = tf.math.multiply(a, 2.)", msg=False),
    P("sparse.add_operator", "result = a + b", msg=False),
    P("sparse.minimum", "result = sp(tf.sparse.minimum(a, b))"),
    P("sparse.maximum", "result = sp(tf.sparse.maximum(a, b))"),
    P("sparse.maximum.mismatch", "result = sp(tf.sparse.maximum(a, tf.SparseTensor([[0, 1]], [1.], [3, 5])))", msg=False),
    P("sparse.softmax.basic", "result = sp(tf.sparse.softmax(a))"),
    P("sparse.softmax.rows", "result = sp(tf.sparse.softmax(tf.SparseTensor([[0, 0], [0, 2], [1, 1], [1, 3]], [1., 2., 3., 3.], [2, 4])))"),
    P("sparse.softmax.3d", "result = sp(tf.sparse.softmax(tf.SparseTensor([[0, 0, 0], [0, 0, 1], [1, 1, 1]], [1., 0., 5.], [2, 2, 2])))"),
    P("sparse.abs", "result = sp(tf.abs(tf.SparseTensor([[0]], [-3.], [2])))"),
    P("sparse.cast", "result = sp(tf.cast(a, tf.int32))"),
    P("sparse.sqrt", "result = sp(tf.math.sqrt(a))"),
    P("sparse.bincount.basic", "result = sp(tf.sparse.bincount(tf.SparseTensor([[0, 0], [0, 1], [1, 0], [1, 2]], [1, 3, 1, 1], [2, 3])))"),
    P("sparse.bincount.minlength", "result = sp(tf.sparse.bincount(tf.SparseTensor([[0], [1]], [1, 1], [2]), minlength=4))"),
    P("sparse.bincount.axis_neg", "result = sp(tf.sparse.bincount(tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [1, 3, 1], [2, 3]), axis=-1))"),
    P("sparse.bincount.binary", "result = sp(tf.sparse.bincount(tf.constant([[1, 1, 2], [0, 2, 2]]), binary_output=True, axis=-1))"),
    P("sparse.bincount.weights", "result = sp(tf.sparse.bincount(tf.constant([1, 1, 3]), weights=tf.constant([0.5, 1., 2.])))"),
    P("sparse.segment_sum.basic", "result = tf.sparse.segment_sum(tf.constant([[1., 2.], [3., 4.], [5., 6.]]), [0, 2], [0, 0])"),
    P("sparse.segment_sum.two", "result = tf.sparse.segment_sum(tf.constant([1., 2., 3., 4.]), [0, 1, 3], [0, 1, 1])"),
    P("sparse.segment_sum.num_segments", "result = tf.sparse.segment_sum(tf.constant([1., 2., 3.]), [0, 2], [0, 1], num_segments=4)"),
]

def _value_grad(name, expr):
    """The gradient of sum(expr(s) ...) with respect to the values of `a`, through a Variable:
    dense, IndexedSlices, None, or TF's LookupError where TF has no gradient."""
    return P(f"sparse.grad.{name}", f"""
        v = tf.Variable([1., 2., 3.])
        with tf.GradientTape() as t:
            s = tf.SparseTensor(a.indices, v, a.dense_shape)
            y = tf.reduce_sum({expr})
        result = t.gradient(y, v)""")


_GRADIENTS = [
    _value_grad("reduce_max", "tf.sparse.reduce_max(s, 1)"),
    _value_grad("softmax", "tf.sparse.softmax(s).values * [1., 2., 3.]"),
    _value_grad("reorder", "tf.sparse.reorder(s).values * [1., 2., 3.]"),
    _value_grad("slice", "tf.sparse.slice(s, [0, 0], [2, 4]).values"),
    _value_grad("concat", "tf.sparse.concat(0, [s, s]).values"),
    _value_grad("reduce_sum_sparse", "tf.sparse.reduce_sum(s, 1, output_is_sparse=True).values"),
    _value_grad("fill_empty_rows", "tf.sparse.fill_empty_rows(s, 0.)[0].values"),
    _value_grad("transpose", "tf.sparse.transpose(s).values * [1., 2., 3.]"),
    _value_grad("retain", "tf.sparse.retain(s, [True, False, True]).values"),
    _value_grad("reshape", "tf.sparse.reshape(s, [4, 3]).values"),
    _value_grad("mul_dense", "(s * tf.ones([3, 4])).values"),
    _value_grad("segment_sum", "tf.sparse.segment_sum(s.values, [0, 2], [0, 0])"),
    _value_grad("map_values", "tf.sparse.map_values(tf.square, s).values"),
    _value_grad("to_dense_default", "tf.sparse.to_dense(s, default_value=2.) * m"),
    P("sparse.grad.from_dense", """
        d = tf.Variable([[0., 1.], [2., 0.]])
        with tf.GradientTape() as t:
            y = tf.reduce_sum(tf.sparse.from_dense(d).values * [3., 4.])
        result = t.gradient(y, d)"""),
    P("sparse.grad.default_value", """
        d = tf.Variable(2.)
        with tf.GradientTape() as t:
            y = tf.reduce_sum(tf.sparse.to_dense(a, default_value=d) * m)
        result = t.gradient(y, d)"""),
]

_CROSS = [
    P("sparse.cross.basic", "st = tf.sparse.from_dense([['a', 'b'], ['c', '']]); result = sp(tf.sparse.cross([st, tf.constant([['x'], ['y']])]))"),
    P("sparse.cross.product_order", "result = sp(tf.sparse.cross([tf.constant([['a', 'b']]), tf.constant([['x', 'y']])], separator='-'))"),
    P("sparse.cross.ints", "result = sp(tf.sparse.cross([tf.constant([[1, 2]]), tf.constant([['a']])]))"),
    P("sparse.cross_hashed.default", "st = tf.sparse.from_dense([['a', 'b'], ['c', '']]); result = sp(tf.sparse.cross_hashed([st, tf.constant([['x'], ['y']])]))"),
    P("sparse.cross_hashed.buckets_key", "st = tf.sparse.from_dense([['a', 'b'], ['c', '']]); result = sp(tf.sparse.cross_hashed([st, tf.constant([['x'], ['y']])], num_buckets=1000, hash_key=7))"),
    P("sparse.cross_hashed.ints", "result = sp(tf.sparse.cross_hashed([tf.constant([[1, 2]], tf.int64), tf.constant([['a', 'b']])], 50))"),
    P("sparse.cross_hashed.three", "result = sp(tf.sparse.cross_hashed([tf.constant([['p', 'q']]), tf.constant([['r']]), tf.constant([[3, 4]], tf.int64)], 2**40))"),
    P("sparse.segment_mean", "result = tf.sparse.segment_mean(tf.constant([[1., 2.], [3., 4.], [5., 7.]]), [0, 1, 2], [0, 0, 0])"),
    P("sparse.segment_mean.two", "result = tf.sparse.segment_mean(tf.constant([1., 2., 3., 4.]), [0, 1, 3], [0, 1, 1])"),
    P("sparse.segment_sqrt_n", "result = tf.sparse.segment_sqrt_n(tf.constant([[1., 2.], [3., 4.], [5., 6.]]), [0, 2], [0, 0])"),
    P("sparse.segment_sqrt_n.three", "result = tf.sparse.segment_sqrt_n(tf.constant([1., 2., 4.]), [0, 1, 2], [0, 0, 0])"),
    P("sparse.reset_shape.tight", "result = sp(tf.sparse.reset_shape(tf.SparseTensor([[0, 1], [2, 0]], [1., 2.], [5, 5])))"),
    P("sparse.reset_shape.new", "result = sp(tf.sparse.reset_shape(a, [4, 6]))"),
    P("sparse.reset_shape.too_small", "result = sp(tf.sparse.reset_shape(a, [2, 2]))"),
]

_BAD = [
    P("sparse.bad.to_dense_dense", "result = tf.sparse.to_dense(m)"),
    P("sparse.bad.reorder_dense", "result = tf.sparse.reorder(m)"),
    P("sparse.bad.reduce_sum_dense", "result = tf.sparse.reduce_sum(m)", msg=False),
    P("sparse.bad.matmul_dense_dense", "result = tf.sparse.sparse_dense_matmul(m, m)"),
    P("sparse.bad.retain_dense", "result = tf.sparse.retain(m, [True])"),
    P("sparse.bad.add_rank", "result = tf.sparse.add(a, tf.ones([4]))"),
    P("sparse.bad.slice_negative_size", "result = sp(tf.sparse.slice(a, [0, 0], [-1, 2]))"),
    P("sparse.bad.concat_axis", "result = sp(tf.sparse.concat(5, [a, a]))"),
    P("sparse.bad.transpose_repeated_perm", "result = sp(tf.sparse.transpose(a, [0, 0]))"),
    P("sparse.bad.split_too_many", "result = [sp(x) for x in tf.sparse.split(sp_input=a, num_split=5, axis=0)]"),
    P("sparse.bad.softmax_rank1", "result = sp(tf.sparse.softmax(tf.SparseTensor([[0]], [1.], [3])))"),
    P("sparse.fill_empty_rows.rank1", "s, e = tf.sparse.fill_empty_rows(tf.SparseTensor([[1]], [1.], [3]), 0.); result = [sp(s), e]"),
    P("sparse.eye.zero", "result = sp(tf.sparse.eye(0))"),
    P("sparse.bad.from_dense_sparse", "result = sp(tf.sparse.from_dense(a))", msg=False),
    P("sparse.bad.to_indicator_out_of_range", "result = tf.sparse.to_indicator(tf.SparseTensor([[0, 0]], tf.constant([5], tf.int64), [1, 1]), 3)"),
    P("sparse.bad.mul_incompatible", "result = sp(a * tf.ones([5]))"),
    P("sparse.bad.string_default_int", "result = tf.sparse.to_dense(tf.SparseTensor([[0]], ['a'], [2]), default_value=0)"),
    P("sparse.bad.map_values_no_sparse", "result = tf.sparse.map_values(tf.add, 1, 2)"),
    P("sparse.bad.bincount_negative", "result = sp(tf.sparse.bincount(tf.constant([-1, 2])))"),
    P("sparse.bad.reshape_string_shape", "result = sp(tf.sparse.reshape(a, 'x'))", msg=False),
]

# tf.print writes to a 'file://' path (TF writes sys.stdout from C++), read back
_PRINT = [
    P(f"sparse.print.{name}", f"""
        import os, tempfile
        path = os.path.join(tempfile.mkdtemp(), 'out.txt')
        tf.print({args}, output_stream='file://' + path)
        result = open(path).read()""") for name, args in [
        ("float", "tf.sparse.SparseTensor([[0, 1], [1, 0], [2, 3]], [1.5, 2., 3.], [3, 4])"),
        ("with_text", "'x', a"), ("in_list", "[a, 1]"),
        ("string", "tf.SparseTensor([[0]], ['q'], [2])"),
        ("summarized", "tf.sparse.from_dense(tf.reshape(tf.range(1, 41), [4, 10]))"),
    ]
]

SNIPPETS = _PRINT + _BAD + _CROSS + _CONSTRUCT + _DENSE + _ADD + _STRUCT + _REDUCE + _MATMUL + _ELEMENTWISE + _GRADIENTS


# ---- generated cases: random sparse tensors (seeded) through each op, with bad arguments mixed in
def _random_sparse(rng, rank=None, dtype=None):
    """Code for a random canonical SparseTensor `x` (rank 1-3, 0-6 values, some dtype)."""
    rank = rank or rng.randint(1, 3)
    shape = [rng.randint(1, 4) for _ in range(rank)]
    cells = sorted({tuple(rng.randrange(d) for d in shape) for _ in range(rng.randint(0, 6))})
    dtype = dtype or rng.choice(["float32", "float64", "int32", "int64"])
    values = [rng.choice([-3, -1, 0, 1, 2, 5, 7]) for _ in cells]
    indices = [list(c) for c in cells] if cells else f"np.zeros((0, {rank}), 'int64')"
    return (f"x = tf.SparseTensor({indices}, tf.constant({values}, tf.{dtype}), {shape})",
            shape, len(cells), dtype)


def _generated(seed=20261129, count=60):
    rng = __import__("random").Random(seed)
    out = []
    for k in range(count):
        make, shape, nnz, dtype = _random_sparse(rng)
        rank = len(shape)
        kind = rng.choice(["to_dense", "reorder", "reduce_sum", "reduce_max", "reshape", "slice",
                           "concat", "add", "matmul", "transpose", "expand_dims", "retain", "fill"])
        if kind == "to_dense":
            code = f"result = tf.sparse.to_dense(x, default_value={rng.choice([0, 1, -2])})"
        elif kind == "reorder":
            code = "p = np.random.RandomState(%d).permutation(%d)\n" % (k, nnz) + \
                   "y = tf.SparseTensor(tf.gather(x.indices, p), tf.gather(x.values, p), x.dense_shape)\n" \
                   "result = sp(tf.sparse.reorder(y))"
        elif kind in ("reduce_sum", "reduce_max"):
            axis = rng.choice([None, rng.randint(-rank - 1, rank)])
            code = (f"result = tf.sparse.{kind}(x, axis={axis}, keepdims={rng.choice([False, True])})"
                    if rng.random() < 0.7 else f"result = sp(tf.sparse.{kind}(x, axis={axis}, output_is_sparse=True))")
        elif kind == "reshape":
            size = int(__import__("math").prod(shape))
            new = rng.choice([[-1], [size, 1], [1, -1], [size + 1], [-1, -1]])
            code = f"result = sp(tf.sparse.reshape(x, {new}))"
        elif kind == "slice":
            start = [rng.randint(0, d) for d in shape]
            size = [rng.randint(0, 3) for _ in shape]
            code = f"result = sp(tf.sparse.slice(x, {start}, {size}))"
        elif kind == "concat":
            axis = rng.randint(-rank, rank - 1)
            code = f"result = sp(tf.sparse.concat({axis}, [x, x]))"
        elif kind == "add":
            code = f"result = sp(tf.sparse.add(x, x, threshold={rng.choice([0, 3, 20])}))" if rng.random() < 0.5 \
                else f"result = tf.sparse.add(x, tf.ones({shape}, tf.{dtype}))"
        elif kind == "matmul":
            if rank != 2:
                code = "result = tf.sparse.sparse_dense_matmul(x, tf.ones([2, 2], x.dtype))"
            else:
                inner = shape[1] if rng.random() < 0.8 else shape[1] + 1
                code = (f"result = tf.sparse.sparse_dense_matmul(x, tf.reshape(tf.range({inner * 2}, "
                        f"dtype=x.dtype), [{inner}, 2]))")
        elif kind == "transpose":
            code = "result = sp(tf.sparse.transpose(x))"
        elif kind == "expand_dims":
            code = f"result = sp(tf.sparse.expand_dims(x, {rng.randint(-rank - 1, rank)}))"
        elif kind == "retain":
            keep = [rng.random() < 0.5 for _ in range(nnz)]
            code = f"result = sp(tf.sparse.retain(x, np.array({keep}, bool)))"
        else:
            code = f"s, e = tf.sparse.fill_empty_rows(x, {rng.choice([0, 9])}); result = [sp(s), e]"
        out.append(P(f"sparse.generated.{k:02d}.{kind}", f"{make}\n{code}", msg=kind != "matmul"))
    return out


SNIPPETS += _generated()


# ---- generated bad arguments: each sparse op given a dense tensor, a list, None or a bad shape ---
_BAD_SPARSE_ARGS = {
    "dense": "m",
    "list": "[[1., 0.], [0., 2.]]",
    "none": "None",
    "int_values": "tf.SparseTensor([[0, 0]], [1], [2, 2])",
    "rank1": "tf.SparseTensor([[1]], [1.], [3])",
    "empty": "tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), [2, 3])",
}
_BAD_SPARSE_CALLS = {
    "to_dense": "tf.sparse.to_dense({x})",
    "reorder": "sp(tf.sparse.reorder({x}))",
    "reduce_sum": "tf.sparse.reduce_sum({x}, axis=1)",
    "reduce_max": "tf.sparse.reduce_max({x})",
    "transpose": "sp(tf.sparse.transpose({x}))",
    "matmul": "tf.sparse.sparse_dense_matmul({x}, tf.ones([4, 2]))",
    "add_self": "sp(tf.sparse.add({x}, {x}))",
    "slice": "sp(tf.sparse.slice({x}, [0, 0], [1, 1]))",
    "reshape": "sp(tf.sparse.reshape({x}, [-1]))",
    "softmax": "sp(tf.sparse.softmax({x}))",
    "expand_dims": "sp(tf.sparse.expand_dims({x}, 0))",
    "fill_empty_rows": "sp(tf.sparse.fill_empty_rows({x}, 0.)[0])",
}
SNIPPETS += [P(f"sparse.bad_args.{call}.{arg}", f"result = {template.format(x=value)}", msg=False)
             for call, template in _BAD_SPARSE_CALLS.items() for arg, value in _BAD_SPARSE_ARGS.items()]

"""Gradient-check cases for tf.sparse: the registered ops with gradient rules (to_dense, add,
sparse-dense add and matmul, reduce_sum, the `*` and `/` operators), and the structural ops whose
values go through `_take` (reorder, slice, transpose, fill_empty_rows, softmax); TF's SparseConcat
has no gradient, so neither has tapeviz's concat."""
import tapeviz as tf
from tests.ops.gradcheck import POSITIVE, case

IDX = [[0, 1], [1, 0], [1, 3], [2, 2]]       # canonical order, 4 values in a 3x4 matrix
OTHER = [[0, 1], [0, 2], [2, 2]]             # overlaps IDX at two places
UNSORTED = [[2, 0], [0, 3], [1, 1], [0, 0]]


def sp(values, indices=IDX, shape=(3, 4)):
    return tf.SparseTensor(indices, values, list(shape))


def _add(a, b):
    return tf.sparse.add(sp(a), sp(b, OTHER)).values


def _matmul(adjoint_a, adjoint_b):
    def f(v, b):
        return tf.sparse.sparse_dense_matmul(sp(v), b, adjoint_a=adjoint_a, adjoint_b=adjoint_b)
    f.__name__ = f"sparse_dense_matmul_{int(adjoint_a)}{int(adjoint_b)}"
    return f


def _matmul_shape(adjoint_a, adjoint_b):
    inner, cols = (3, 2) if adjoint_a else (4, 2)
    return [(4,), (cols, inner) if adjoint_b else (inner, cols)]


GRAD_CASES = [
    case(lambda v: tf.sparse.to_dense(sp(v)), [(4,)], name="sparse_to_dense", ops=["SparseToDense"]),
    case(lambda v, d: tf.sparse.to_dense(sp(v), default_value=d), [(4,), ()], name="sparse_to_dense_default",
         ops=["SparseToDense"]),
    case(_add, [(4,), (3,)], name="sparse_add", ops=["SparseAdd"]),
    case(lambda v, m: tf.sparse.add(sp(v), m), [(4,), (3, 4)], name="sparse_dense_add",
         ops=["SparseTensorDenseAdd"]),
    case(lambda v, d: (sp(v) * d).values, [[(4,), (3, 4)], [(4,), (4,)], [(4,), ()]], name="sparse_mul_dense",
         ops=["SparseDenseCwiseMul"]),
    case(lambda v, d: (sp(v) / d).values, [[(4,), (3, 4)], [(4,), (1, 4)]], domain=POSITIVE,
         name="sparse_div_dense", ops=["SparseDenseCwiseDiv"]),
    *[case(_matmul(a, b), [_matmul_shape(a, b)], ops=["SparseTensorDenseMatMul"])
      for a in (False, True) for b in (False, True)],
    case(lambda v: tf.sparse.reduce_sum(sp(v), axis=1), [(4,)], name="sparse_reduce_sum_axis",
         ops=["SparseReduceSum"]),
    case(lambda v: tf.sparse.reduce_sum(sp(v), axis=0, keepdims=True), [(4,)], name="sparse_reduce_sum_keepdims",
         ops=["SparseReduceSum"]),
    case(lambda v: tf.sparse.reduce_sum(sp(v)), [(4,)], name="sparse_reduce_sum_all", ops=["SparseReduceSum"]),
    case(lambda d: tf.sparse.segment_sum(d, [0, 2, 1], [0, 0, 1]), [(3, 2)], name="sparse_segment_sum"),
    case(lambda v: tf.sparse.retain(sp(v), [True, False, True, True]).values, [(4,)], name="sparse_retain"),
    case(lambda v: tf.sparse.reorder(sp(v, UNSORTED)).values, [(4,)], name="sparse_reorder"),
    case(lambda v: tf.sparse.slice(sp(v), [1, 0], [2, 3]).values, [(4,)], name="sparse_slice"),
    case(lambda v: tf.sparse.transpose(sp(v)).values, [(4,)], name="sparse_transpose"),
    case(lambda v, d: tf.sparse.fill_empty_rows(sp(v, [[0, 1], [2, 0]], (4, 2)), d)[0].values, [(2,), ()],
         name="sparse_fill_empty_rows"),
    case(lambda v: tf.sparse.softmax(sp(v)).values, [(4,)], name="sparse_softmax"),
    case(lambda v: tf.sparse.to_dense(tf.math.tanh(sp(v))), [(4,)], name="sparse_unary_dispatch"),
]

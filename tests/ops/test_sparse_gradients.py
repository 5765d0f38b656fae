"""The finite-difference check for the sparse ops on hypothesis-drawn sparsity patterns and shapes
(float64): to_dense, sparse-dense matmul with each adjoint, reduce_sum, add, the `*` operator, and
the structural ops that pick values (reorder, slice, transpose, softmax)."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import tapeviz as tf
from tests.ops.gradcheck import Case, check


@st.composite
def patterns(draw):
    """(indices in canonical order, dense shape) of a random rank-2 sparse tensor with values."""
    shape = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    cells = draw(st.sets(st.tuples(st.integers(0, shape[0] - 1), st.integers(0, shape[1] - 1)),
                         min_size=1, max_size=shape[0] * shape[1]))
    return [list(c) for c in sorted(cells)], shape


def _check(name, fn, shapes, seed):
    check(Case(fn, [tuple(s) for s in shapes], name=name), np.random.default_rng(seed))


@settings(max_examples=6, deadline=None, derandomize=True)
@given(patterns(), st.integers(0, 2 ** 16))
def test_to_dense_reduce_sum_and_add(pattern, seed):
    indices, shape = pattern
    n = len(indices)
    def sp(v):
        return tf.SparseTensor(indices, v, shape)
    _check("to_dense", lambda v: tf.sparse.to_dense(sp(v)), [(n,)], seed)
    _check("reduce_sum", lambda v: tf.sparse.reduce_sum(sp(v), axis=seed % 2), [(n,)], seed)
    _check("add", lambda v, w: tf.sparse.to_dense(tf.sparse.add(sp(v), sp(w))), [(n,), (n,)], seed)
    _check("add_dense", lambda v, m: tf.sparse.add(sp(v), m), [(n,), shape], seed)
    _check("mul_dense", lambda v, m: (sp(v) * m).values, [(n,), shape], seed)


@settings(max_examples=6, deadline=None, derandomize=True)
@given(patterns(), st.booleans(), st.booleans(), st.integers(1, 3), st.integers(0, 2 ** 16))
def test_sparse_dense_matmul(pattern, adjoint_a, adjoint_b, cols, seed):
    indices, shape = pattern
    inner = shape[0] if adjoint_a else shape[1]
    b_shape = (cols, inner) if adjoint_b else (inner, cols)
    _check("sparse_dense_matmul", lambda v, b: tf.sparse.sparse_dense_matmul(
        tf.SparseTensor(indices, v, shape), b, adjoint_a=adjoint_a, adjoint_b=adjoint_b),
        [(len(indices),), b_shape], seed)


@settings(max_examples=6, deadline=None, derandomize=True)
@given(patterns(), st.integers(0, 2 ** 16))
def test_structural_ops_pass_value_gradients(pattern, seed):
    indices, shape = pattern
    n = len(indices)
    perm = np.random.default_rng(seed).permutation(n)
    shuffled = [indices[i] for i in perm]
    _check("reorder", lambda v: tf.sparse.reorder(tf.SparseTensor(shuffled, v, shape)).values, [(n,)], seed)
    _check("slice", lambda v: tf.sparse.to_dense(tf.sparse.slice(tf.SparseTensor(indices, v, shape), [0, 1], [2, 2])),
           [(n,)], seed)
    _check("transpose", lambda v: tf.sparse.transpose(tf.SparseTensor(indices, v, shape)).values, [(n,)], seed)
    _check("softmax", lambda v: tf.sparse.softmax(tf.SparseTensor(indices, v, shape)).values, [(n,)], seed)

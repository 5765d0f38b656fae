"""tf.sparse: properties against the dense ops on hypothesis-drawn sparse tensors, gradients
through a Variable of values, what the tape records, and the unary-op dispatch."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tapeviz as tf
from tapeviz.framework.api import EXPORTS

IAE = tf.errors.InvalidArgumentError


@st.composite
def dense_arrays(draw, max_rank=3):
    shape = draw(st.lists(st.integers(1, 4), min_size=1, max_size=max_rank))
    cells = draw(st.lists(st.sampled_from([0.0, 0.0, 0.0, 1.5, -2.0, 3.0]), min_size=int(np.prod(shape)),
                          max_size=int(np.prod(shape))))
    return np.array(cells, np.float32).reshape(shape)


@given(dense_arrays())
def test_from_dense_to_dense_round_trip(x):
    sp = tf.sparse.from_dense(x)
    assert sp.indices.dtype == tf.int64 and sp.dense_shape.numpy().tolist() == list(x.shape)
    assert sp.values.shape[0] == np.count_nonzero(x)
    np.testing.assert_array_equal(tf.sparse.to_dense(sp).numpy(), x)


@given(dense_arrays(), st.data())
def test_reorder_sorts_any_permutation(x, data):
    sp = tf.sparse.from_dense(x)
    n = sp.values.shape[0]
    perm = data.draw(st.permutations(list(range(n))))
    perm = tf.constant(perm, tf.int64)
    shuffled = tf.SparseTensor(tf.gather(sp.indices, perm), tf.gather(sp.values, perm), sp.dense_shape)
    back = tf.sparse.reorder(shuffled)
    np.testing.assert_array_equal(back.indices.numpy(), sp.indices.numpy())
    np.testing.assert_array_equal(back.values.numpy(), sp.values.numpy())


@given(dense_arrays(), st.data())
def test_reductions_match_dense_ones(x, data):
    sp = tf.sparse.from_dense(x)
    axis = data.draw(st.one_of(st.none(), st.integers(-x.ndim, x.ndim - 1)))
    keepdims = data.draw(st.booleans())
    np.testing.assert_allclose(tf.sparse.reduce_sum(sp, axis, keepdims).numpy(),
                               tf.reduce_sum(x, axis, keepdims).numpy())
    # reduce_max ignores implicit zeros; a group without values gives 0
    dense_max = np.where(x != 0, x, -np.inf).max(axis=axis, keepdims=keepdims)
    np.testing.assert_allclose(tf.sparse.reduce_max(sp, axis, keepdims).numpy(),
                               np.where(np.isinf(dense_max), 0, dense_max))


@given(dense_arrays(max_rank=2).filter(lambda a: a.ndim == 2), st.booleans(), st.booleans())
def test_sparse_dense_matmul_matches_matmul(a, adjoint_a, adjoint_b):
    rows = a.shape[0] if adjoint_a else a.shape[1]
    b = np.arange(rows * 3, dtype=np.float32).reshape(rows, 3)
    b = b.T if adjoint_b else b
    got = tf.sparse.sparse_dense_matmul(tf.sparse.from_dense(a), b, adjoint_a=adjoint_a, adjoint_b=adjoint_b)
    want = tf.matmul(a, b, transpose_a=adjoint_a, transpose_b=adjoint_b)
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6)


@given(dense_arrays(), dense_arrays())
def test_add_matches_dense_add(x, y):
    if x.shape != y.shape:
        with pytest.raises(IAE, match="shapes do not match|same ranks"):
            tf.sparse.add(tf.sparse.from_dense(x), tf.sparse.from_dense(y))
        return
    total = tf.sparse.add(tf.sparse.from_dense(x), tf.sparse.from_dense(y))
    np.testing.assert_allclose(tf.sparse.to_dense(total).numpy(), x + y)
    np.testing.assert_allclose(tf.sparse.add(tf.sparse.from_dense(x), y).numpy(), x + y)


def test_value_gradients_are_dense_and_the_tape_names_the_sparse_ops():
    v = tf.Variable([1., 2., 3.])
    dense = tf.Variable(tf.ones([4, 2]))
    with tf.GradientTape() as tape:
        sp = tf.SparseTensor([[0, 1], [1, 0], [2, 3]], v, [3, 4])
        y = tf.reduce_sum(tf.sparse.sparse_dense_matmul(sp, dense)) + tf.reduce_sum(tf.sparse.to_dense(sp))
        y += tf.reduce_sum(tf.sparse.reorder(sp).values * 2.0)
    gv, gd = tape.gradient(y, [v, dense])
    assert type(gv).__name__ == "EagerTensor" and gv.numpy().tolist() == [5., 5., 5.]
    np.testing.assert_array_equal(gd.numpy(), [[2, 2], [1, 1], [0, 0], [3, 3]])
    ops = {r.op.type for r in tape.records}
    assert {"SparseTensorDenseMatMul", "SparseToDense"} <= ops


def test_unary_ops_dispatch_on_sparse_tensors_and_keep_their_aliases():
    sp = tf.SparseTensor([[0], [2]], [-1.5, 4.0], [3])
    out = tf.math.abs(sp)
    assert isinstance(out, tf.SparseTensor) and out.values.numpy().tolist() == [1.5, 4.0]
    assert tf.cast(sp, tf.int32).dtype == tf.int32
    assert tf.nn.sigmoid is tf.math.sigmoid and EXPORTS["abs"] is EXPORTS["math.abs"]
    assert tf.math.abs(tf.constant(-2.0)).numpy() == 2.0
    with pytest.raises(ValueError, match="Attempt to convert|convert"):
        tf.math.add(sp, 1.0)


def test_construction_checks_ranks_and_counts():
    with pytest.raises(ValueError, match="must have rank 2"):
        tf.SparseTensor([0, 1], [1., 2.], [3])
    with pytest.raises(ValueError, match="Dimensions 2 and 3 are not compatible"):
        tf.SparseTensor([[0], [1]], [1., 2., 3.], [3])
    spec = tf.SparseTensorSpec.from_value(tf.SparseTensor([[0, 1]], [1], [2, 2]))
    assert repr(spec) == "SparseTensorSpec(TensorShape([2, 2]), tf.int32)"
    assert spec == tf.SparseTensorSpec([2, 2], tf.int32) and tf.is_tensor(tf.SparseTensor([[0]], [1.], [1]))

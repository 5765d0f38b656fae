"""Array ops against TensorFlow 2.21's observed values, dtypes and errors."""
import numpy as np
import pytest

import tapeviz as tf
from tests.ops.gradcheck import grad

IAE = tf.errors.InvalidArgumentError
X = tf.constant([[1., 2., 3.], [4., 5., 6.]])


def check(t, expected, dtype):
    assert isinstance(t, tf.Tensor)
    assert t.dtype == dtype, t.dtype
    np.testing.assert_array_equal(t.numpy(), np.asarray(expected))


# ---- reshape / transpose / squeeze / expand_dims --------------------------------------------------
def test_reshape_minus_one_and_tensor_shape():
    check(tf.reshape(X, [-1, 2]), [[1, 2], [3, 4], [5, 6]], tf.float32)
    assert tf.reshape(X, tf.constant([3, 2])).shape == (3, 2)
    assert tf.reshape(tf.constant(5.), [1, 1]).shape == (1, 1)
    assert tf.reshape(tf.constant([5.]), []).shape == ()


@pytest.mark.parametrize("shape, msg", [
    ([4, 2], "Input to reshape is a tensor with 6 values, but the requested shape has 8"),
    ([-1, 4], "Input to reshape is a tensor with 6 values, but the requested shape requires a multiple of 4"),
    ([-1, -1], "Only one input size may be -1, not both 0 and 1"),
])
def test_reshape_errors(shape, msg):
    with pytest.raises(IAE, match="Op:Reshape") as e:
        tf.reshape(X, shape)
    assert msg in str(e.value)


def test_transpose_default_reverses_and_perm():
    check(tf.transpose(X), [[1, 4], [2, 5], [3, 6]], tf.float32)
    check(tf.transpose(tf.constant([1, 2])), [1, 2], tf.int32)
    assert tf.transpose(tf.zeros((2, 3, 4)), [1, 0, 2]).shape == (3, 2, 4)
    with pytest.raises(IAE, match="transpose expects a vector of size 2. But input.1. is a vector of size 1"):
        tf.transpose(X, [0])


def test_squeeze_and_expand_dims():
    assert tf.squeeze(tf.zeros((1, 2, 1))).shape == (2,)
    assert tf.squeeze(tf.zeros((1, 2, 1)), [-1]).shape == (1, 2)
    with pytest.raises(IAE, match=r"Can not squeeze dim\[1\], expected a dimension of 1, got 3"):
        tf.squeeze(X, 1)
    with pytest.raises(IAE, match="Tried to squeeze dim index 5 for tensor with 3 dimensions"):
        tf.squeeze(tf.zeros((1, 2, 1)), 5)
    assert tf.expand_dims(X, -1).shape == (2, 3, 1)
    assert tf.expand_dims(tf.constant(1.), 0).shape == (1,)
    with pytest.raises(IAE, match="Tried to expand dim index 5 for tensor with 2 dimensions"):
        tf.expand_dims(X, 5)


def test_tile_broadcast_to_reverse_roll():
    check(tf.tile(X, [2, 1]), np.tile(X.numpy(), [2, 1]), tf.float32)
    with pytest.raises(IAE, match="Expected multiples argument to be a vector of length 2 but got length 1"):
        tf.tile(X, [2])
    assert tf.broadcast_to(tf.constant(1), [2, 2]).dtype == tf.int32
    with pytest.raises(IAE, match=r"Incompatible shapes: \[2,3\] vs. \[3,3\]"):
        tf.broadcast_to(X, [3, 3])
    check(tf.reverse(X, [-1, 0]), [[6, 5, 4], [3, 2, 1]], tf.float32)
    check(tf.roll([1, 2, 3, 4], 1, 0), [4, 1, 2, 3], tf.int32)
    check(tf.roll(X, [1, 1], [0, 1]), [[6, 4, 5], [3, 1, 2]], tf.float32)


# ---- concat / stack / split ---------------------------------------------------------------------------
def test_concat_values_and_mixed_inputs():
    check(tf.concat([X, [[7., 8., 9.]]], 0), [[1, 2, 3], [4, 5, 6], [7, 8, 9]], tf.float32)
    check(tf.concat([[1], [2, 3]], -1), [1, 2, 3], tf.int32)
    single = tf.concat([X], 0)
    assert single is not X
    check(single, X.numpy(), tf.float32)


def test_concat_axis_is_required():
    with pytest.raises(TypeError):
        tf.concat([X, X])


@pytest.mark.parametrize("values, axis, msg", [
    (lambda: [X, tf.zeros((2, 2))], 0,
     "ConcatOp : Dimension 1 in both shapes must be equal: shape[0] = [2,3] vs. shape[1] = [2,2]"),
    (lambda: [1., 2.], 0, "ConcatOp : Can't concatenate scalars (use tf.stack instead)"),
    (lambda: [X, X], 2, "ConcatOp : Expected concatenating dimensions in the range [-2, 2), but got 2"),
    (lambda: [X, tf.zeros((2,))], 1, "ConcatOp : Ranks of all input tensors should match"),
    (lambda: [X, tf.constant([[1, 2, 3]])], 0,
     "cannot compute ConcatV2 as input #1(zero-based) was expected to be a float tensor but is a int32 tensor"),
])
def test_concat_errors(values, axis, msg):
    with pytest.raises(IAE) as e:
        tf.concat(values(), axis)
    assert msg in str(e.value)
    assert str(e.value).endswith("[Op:ConcatV2] name: concat")


def test_stack_unstack():
    check(tf.stack([1., 2.]), [1, 2], tf.float32)
    check(tf.stack([[1, 2], [3, 4]], axis=-1), [[1, 3], [2, 4]], tf.int32)
    with pytest.raises(IAE, match=r"Shapes of all inputs must match: values\[0\].shape = \[2\] != "
                                  r"values\[1\].shape = \[3\] \[Op:Pack\] name: stack"):
        tf.stack([tf.zeros(2), tf.zeros(3)])
    with pytest.raises(IAE, match="cannot compute Pack as input #1"):
        tf.stack([tf.zeros(2), tf.constant([1, 2])])
    parts = tf.unstack(X, axis=1)
    assert len(parts) == 3 and parts[0].shape == (2,)
    with pytest.raises(IAE, match=r"Input shape axis 0 must equal 3, got shape \[2,3\]"):
        tf.unstack(X, num=3)
    with pytest.raises(ValueError, match=r"Argument `axis` = 0 not in range \[0, 0\)"):
        tf.unstack(tf.constant(1.))


def test_split_num_and_sizes():
    parts = tf.split(X, 3, axis=1)
    assert [p.shape for p in parts] == [(2, 1)] * 3
    a, b = tf.split(X, [1, -1], axis=1)
    check(b, [[2, 3], [5, 6]], tf.float32)
    with pytest.raises(IAE, match=r"should evenly divide the split dimension, but got split_dim 1 \(size = 3\) "
                                  r"and num_split 2"):
        tf.split(X, 2, axis=1)
    with pytest.raises(IAE, match="Determined shape must either match input shape along split_dim exactly"):
        tf.split(X, [1, 1], axis=1)


# ---- gather / scatter -----------------------------------------------------------------------------------
def test_gather_axis_and_nested_indices():
    check(tf.gather(X, 1), [4, 5, 6], tf.float32)
    check(tf.gather(X, [[0, 2]], axis=1), [[[1, 3]], [[4, 6]]], tf.float32)
    check(tf.gather(X, [[0], [2]], axis=1, batch_dims=1), [[1], [6]], tf.float32)
    check(tf.gather([1, 2, 3], tf.constant([2, 0], tf.int64)), [3, 1], tf.int32)


@pytest.mark.parametrize("indices, msg", [
    ([-1], "indices[0] = -1 is not in [0, 3)"),
    ([[0, 1], [5, 0]], "indices[1,0] = 5 is not in [0, 3)"),
])
def test_gather_bad_indices(indices, msg):
    with pytest.raises(IAE) as e:
        tf.gather([1., 2., 3.], indices)
    assert msg in str(e.value) and "[Op:GatherV2]" in str(e.value)


def test_gather_float_indices_raise():
    with pytest.raises(IAE, match="Value for attr 'Tindices' of float is not in the list of allowed values: "
                                  "int16, int32, int64"):
        tf.gather(X, [0.0])


def test_gather_gradient_is_indexed_slices_and_accumulates():
    g = grad(lambda x: tf.gather(x, [0, 0, 2]), [1., 2., 3.])
    assert isinstance(g, tf.IndexedSlices)
    check(g.dense_shape, [3], tf.int32)
    check(tf.convert_to_tensor(g), [2, 0, 1], tf.float32)
    g2 = grad(lambda x: tf.gather(x, [[0, 0], [2, 1]]), [[1., 2.], [3., 4.], [5., 6.]])
    assert g2.values.shape == (4, 2)
    check(tf.convert_to_tensor(g2), [[2, 2], [1, 1], [1, 1]], tf.float32)


def test_gather_gradient_along_axis1_is_dense():
    g = grad(lambda x: tf.gather(x, [1, 1], axis=1), [[1., 2.], [3., 4.], [5., 6.]])
    check(g, [[0, 2], [0, 2], [0, 2]], tf.float32)


def test_gather_nd_and_its_gradient():
    check(tf.gather_nd(X, [[0, 1], [1, 2]]), [2, 6], tf.float32)
    with pytest.raises(IAE, match=r"indices\[0\] = \[0, 5\] does not index into param shape \[2,3\]"):
        tf.gather_nd(X, [[0, 5]])
    assert isinstance(grad(lambda x: tf.gather_nd(x, [[0], [0]]), [[1., 2.], [3., 4.]]), tf.IndexedSlices)
    check(grad(lambda x: tf.gather_nd(x, [[0, 1], [0, 1]]), [[1., 2.], [3., 4.]]), [[0, 2], [0, 0]], tf.float32)


def test_scatter_ops():
    check(tf.scatter_nd([[0], [0], [2]], [1., 2., 3.], [4]), [3, 0, 3, 0], tf.float32)
    check(tf.tensor_scatter_nd_update([1., 2., 3.], [[0], [2]], [9., 8.]), [9, 2, 8], tf.float32)
    check(tf.tensor_scatter_nd_add([1., 2., 3.], [[0], [0]], [9., 8.]), [18, 2, 3], tf.float32)
    with pytest.raises(IAE, match=r"indices\[0\] = \[5\] does not index into shape \[3\]"):
        tf.tensor_scatter_nd_update([1., 2., 3.], [[5]], [9.])


def test_segment_sums():
    check(tf.math.segment_sum([1., 2., 3., 4.], [0, 0, 1, 3]), [3, 3, 0, 4], tf.float32)
    with pytest.raises(IAE, match="segment ids are not increasing"):
        tf.math.segment_sum([1., 2., 3.], [1, 0, 1])
    check(tf.math.unsorted_segment_sum([1., 2., 3.], [1, 0, 1], 3), [2, 4, 0], tf.float32)
    with pytest.raises(IAE, match=r"segment_ids\[2\] = 5 is out of range \[0, 3\)"):
        tf.math.unsorted_segment_sum([1., 2., 3.], [1, 0, 5], 3)


# ---- where / identity / stop_gradient / boolean_mask --------------------------------------------------
def test_where_three_args_broadcast_and_scalar_branches():
    check(tf.where([True, False], X[0, :2], 0.), [1, 0], tf.float32)
    check(tf.where([True, False], 1., 2), [1, 2], tf.float32)
    check(tf.where(tf.constant([[True], [False]]), X, -X), [[1, 2, 3], [-4, -5, -6]], tf.float32)


def test_where_errors():
    with pytest.raises(IAE, match=r"cannot compute SelectV2 as input #2\(zero-based\) was expected to be a "
                                  "float tensor but is a int32 tensor"):
        tf.where([True, False], X[0, :2], tf.constant([1, 2]))
    with pytest.raises(IAE, match=r"input #0\(zero-based\) was expected to be a bool tensor but is a int32"):
        tf.where(tf.constant([1, 0]), X[0, :2], X[0, :2])
    with pytest.raises(TypeError, match="Cannot convert 2.5 to EagerTensor of dtype int32"):
        tf.where([True, False], 1, 2.5)
    with pytest.raises(IAE, match=r"condition \[3\], then \[2\], and else \[\] must be broadcastable"):
        tf.where([True, False, True], X[0, :2], 0.)
    with pytest.raises(ValueError, match="x and y must both be non-None or both be None."):
        tf.where([True], x=[1.])


def test_where_one_arg_gives_int64_coordinates():
    check(tf.where([[True, False], [False, True]]), [[0, 0], [1, 1]], tf.int64)
    check(tf.where([1., 0., 2.]), [[0], [2]], tf.int64)


def test_where_gradient_selects():
    check(grad(lambda x: tf.where(x > 1.5, x * x, 0.), [1., 2.]), [0, 4], tf.float32)


def test_identity_and_stop_gradient_return_new_tensors():
    v = tf.Variable([1., 2.])
    for f in (tf.identity, tf.stop_gradient):
        assert f(X) is not X
        assert type(f(v)) is tf.Tensor
    check(grad(lambda x: tf.identity(x) * 3., 2.), 3, tf.float32)
    assert grad(lambda x: tf.stop_gradient(x), 2.) is None
    check(grad(lambda x: tf.stop_gradient(x) * x, 2.), 2, tf.float32)


def test_boolean_mask():
    check(tf.boolean_mask(X, [True, False]), [[1, 2, 3]], tf.float32)
    check(tf.boolean_mask(X, [[True, False, True], [False, False, True]]), [1, 3, 6], tf.float32)
    check(tf.boolean_mask(X, [True, False, True], axis=1), [[1, 3], [4, 6]], tf.float32)
    with pytest.raises(ValueError, match=r"Shapes \(2,\) and \(3,\) are incompatible"):
        tf.boolean_mask(X, [True, False, True])


# ---- sorting ---------------------------------------------------------------------------------------------
def test_top_k_namedtuple_and_ties():
    r = tf.math.top_k([1., 3., 2., 3.], k=2)
    assert type(r).__name__ == "TopKV2"
    check(r.values, [3, 3], tf.float32)
    check(r.indices, [1, 3], tf.int32)
    assert tf.nn.top_k is tf.math.top_k
    with pytest.raises(IAE, match="input must have at least k columns. Had 3, needed 5"):
        tf.math.top_k([1., 3., 2.], k=5)


def test_sort_and_argsort():
    check(tf.sort([3, 1, 2], direction="DESCENDING"), [3, 2, 1], tf.int32)
    check(tf.sort([[3., 1.], [0., 2.]], axis=0), [[0, 1], [3, 2]], tf.float32)
    check(tf.argsort([3., 1., 2.]), [1, 2, 0], tf.int32)
    check(tf.argsort([1, 1, 0, 1], stable=True, direction="DESCENDING"), [0, 1, 3, 2], tf.int32)
    with pytest.raises(ValueError, match="Argument `direction` should be one of ASCENDING, DESCENDING. "
                                         "Received: direction=UP"):
        tf.sort([3, 1, 2], direction="UP")


def test_sort_gradient_follows_permutation():
    check(grad(lambda x: tf.sort(x) * tf.constant([1., 2., 3.]), [3., 1., 2.]), [3, 1, 2], tf.float32)


def test_unique_and_searchsorted():
    y, idx = tf.unique([1, 1, 3, 2, 3])
    check(y, [1, 3, 2], tf.int32)
    check(idx, [0, 0, 1, 2, 1], tf.int32)
    check(tf.searchsorted([1, 2, 3], [2, 5]), [1, 3], tf.int32)
    check(tf.searchsorted([[1, 2, 3]], [[2, 5]], side="right"), [[2, 3]], tf.int32)


# ---- creation --------------------------------------------------------------------------------------------
def test_creation_default_dtypes():
    check(tf.zeros([2]), [0, 0], tf.float32)
    check(tf.zeros(3), [0, 0, 0], tf.float32)
    check(tf.zeros(tf.constant([2, 1]), tf.int32), [[0], [0]], tf.int32)
    check(tf.ones((2,), dtype=tf.int64), [1, 1], tf.int64)
    check(tf.fill((2, 2), 7), [[7, 7], [7, 7]], tf.int32)
    check(tf.fill([2], 7.), [7, 7], tf.float32)
    check(tf.fill([2], np.float64(7.)), [7, 7], tf.float64)
    check(tf.eye(2, 3), [[1, 0, 0], [0, 1, 0]], tf.float32)
    assert tf.eye(2, batch_shape=[2]).shape == (2, 2, 2)
    check(tf.zeros_like(tf.constant([1, 2])), [0, 0], tf.int32)
    check(tf.ones_like(tf.Variable([1., 2.])), [1, 1], tf.float32)


def test_range_dtypes_and_errors():
    check(tf.range(5), [0, 1, 2, 3, 4], tf.int32)
    check(tf.range(5.0), [0, 1, 2, 3, 4], tf.float32)
    check(tf.range(1, 10, 3), [1, 4, 7], tf.int32)
    check(tf.range(1, 5.5), [1, 2, 3, 4, 5], tf.float32)
    check(tf.range(3, dtype=tf.float64), [0, 1, 2], tf.float64)
    check(tf.range(5, 1, -2), [5, 3], tf.int32)
    check(tf.range(tf.constant(3, tf.int64)), [0, 1, 2], tf.int64)
    with pytest.raises(IAE, match="Requires delta != 0: 0"):
        tf.range(5, 1, 0)
    with pytest.raises(IAE, match="Requires start <= limit when delta > 0: 5/1"):
        tf.range(5, 1, 1)


def test_linspace_dtypes():
    check(tf.linspace(0, 1, 3), [0, .5, 1], tf.float64)
    check(tf.linspace(0., 1., 3), [0, .5, 1], tf.float32)
    check(tf.linspace([0., 1.], [1., 3.], 3), [[0, 1], [.5, 2], [1, 3]], tf.float32)


def test_one_hot():
    check(tf.one_hot([0, 2, -1, 5], 3), [[1, 0, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0]], tf.float32)
    check(tf.one_hot([0, 2], 3, on_value=5, off_value=1), [[5, 1, 1], [1, 1, 5]], tf.int32)
    check(tf.one_hot([0, 2], 3, axis=0), [[1, 0], [0, 0], [0, 1]], tf.float32)
    check(tf.one_hot(tf.constant([0, 2], tf.int64), 3, dtype=tf.int64), [[1, 0, 0], [0, 0, 1]], tf.int64)
    assert tf.one_hot([[0], [1]], 2).shape == (2, 1, 2)
    with pytest.raises(IAE, match="Value for attr 'TI' of float is not in the list of allowed values"):
        tf.one_hot([0., 2.], 3)
    with pytest.raises(TypeError, match="of on_value does not match dtype"):
        tf.one_hot([0, 2], 3, on_value=1., off_value=0)


def test_shape_size_rank():
    check(tf.shape(X), [2, 3], tf.int32)
    check(tf.shape(tf.Variable([1., 2.])), [2], tf.int32)
    check(tf.shape(X, out_type=tf.int64), [2, 3], tf.int64)
    check(tf.shape([1, 2]), [2], tf.int32)
    check(tf.size(X), 6, tf.int32)
    check(tf.rank(X), 2, tf.int32)
    check(tf.rank(tf.constant(1.)), 0, tf.int32)
    x = tf.constant([1., 2.])
    assert grad(lambda v: tf.cast(tf.shape(v), tf.float32), [1., 2.]) is None
    assert tf.zeros_like(x).shape == (2,)


def test_pad_modes_and_errors():
    check(tf.pad([[1, 2], [3, 4]], [[1, 0], [0, 1]]), [[0, 0, 0], [1, 2, 0], [3, 4, 0]], tf.int32)
    check(tf.pad([[1., 2]], [[1, 0], [0, 1]], constant_values=9), [[9, 9, 9], [1, 2, 9]], tf.float32)
    check(tf.pad([1, 2, 3], [[2, 2]], "REFLECT"), [3, 2, 1, 2, 3, 2, 1], tf.int32)
    check(tf.pad([1, 2, 3], [[2, 2]], "SYMMETRIC"), [2, 1, 1, 2, 3, 3, 2], tf.int32)
    check(tf.pad([1, 2, 3], [[1, 1]], "reflect"), [2, 1, 2, 3, 2], tf.int32)
    with pytest.raises(ValueError, match="Received `mode` = WRAP"):
        tf.pad([1, 2, 3], [[1, 1]], "WRAP")
    with pytest.raises(IAE, match="paddings must be less than the dimension size: 3, 0 not less than 3"):
        tf.pad([1, 2, 3], [[3, 0]], "REFLECT")
    with pytest.raises(IAE, match="The first dimension of paddings must be the rank of inputs"):
        tf.pad([1, 2, 3], [[1, 1], [1, 1]])


def test_sequence_mask_meshgrid_repeat():
    check(tf.sequence_mask([1, 3, 2], 4), [[1, 0, 0, 0], [1, 1, 1, 0], [1, 1, 0, 0]], tf.bool)
    assert tf.sequence_mask([1, 3, 2]).shape == (3, 3)
    check(tf.sequence_mask([1, 2], dtype=tf.float32), [[1, 0], [1, 1]], tf.float32)
    a, b = tf.meshgrid([1, 2, 3], [4, 5])
    check(a, [[1, 2, 3], [1, 2, 3]], tf.int32)
    check(b, [[4, 4, 4], [5, 5, 5]], tf.int32)
    a, b = tf.meshgrid([1, 2, 3], [4, 5], indexing="ij")
    check(b, [[4, 5], [4, 5], [4, 5]], tf.int32)
    check(tf.repeat([1, 2, 3], 2), [1, 1, 2, 2, 3, 3], tf.int32)
    check(tf.repeat(X, [1, 2], axis=0), [[1, 2, 3], [4, 5, 6], [4, 5, 6]], tf.float32)
    assert tf.repeat(X, 2).shape == (12,)


def test_slice():
    check(tf.slice(X, [0, 1], [2, -1]), [[2, 3], [5, 6]], tf.float32)


def test_tile_gradient_sums_copies():
    check(grad(lambda x: tf.tile(x, [3]), [1., 2.]), [3, 3], tf.float32)

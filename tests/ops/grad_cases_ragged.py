"""Gradient-check cases through RaggedTensors: each builds a ragged tensor over float64 values
with fixed row splits, runs ragged ops (composed of registered dense ops on the values), and
returns a dense result, so the check differentiates w.r.t. the dense values."""
import tapeviz as tf
from tests.ops.gradcheck import case

SPLITS = [0, 2, 2, 5, 6]            # rows of 2, 0, 3 and 1 values: an empty row included
NESTED = ([0, 2, 4], [0, 1, 3, 3, 6])


def _rt(v):
    return tf.RaggedTensor.from_row_splits(v, SPLITS)


def _rt3(v):
    return tf.RaggedTensor.from_nested_row_splits(v, NESTED)


GRAD_CASES = [
    case(lambda v: _rt(v).to_tensor(), [(6,)], name="ragged_to_tensor"),
    case(lambda v: _rt(v).to_tensor(default_value=1.5, shape=[3, 2]), [(6,)], name="ragged_to_tensor_cut"),
    case(lambda v: _rt(v).to_tensor(), [(6, 2)], name="ragged_to_tensor_inner"),
    case(lambda v: _rt3(v).to_tensor(), [(6,)], name="ragged3_to_tensor"),
    case(lambda v: tf.reduce_sum(_rt(v), axis=1), [(6,)], name="ragged_reduce_sum_rows"),
    case(lambda v: tf.reduce_sum(_rt(v), axis=0), [(6,)], name="ragged_reduce_sum_columns"),
    case(lambda v: tf.reduce_max(_rt(v), axis=1) * tf.constant([1.0, 0.0, 1.0, 1.0], tf.float64),
         [(6,)], name="ragged_reduce_max_rows"),
    case(lambda v: tf.reduce_mean(_rt(v), axis=0), [(6,)], name="ragged_reduce_mean_columns"),
    case(lambda v: tf.reduce_prod(_rt3(v), axis=1).to_tensor(), [(6,)], name="ragged3_reduce_prod"),
    case(lambda v: tf.math.reduce_std(tf.RaggedTensor.from_row_lengths(v, [2, 4]), axis=1), [(6,)],
         name="ragged_reduce_std"),
    case(lambda v: (_rt(v) * _rt(v) + 2.0 * _rt(v)).flat_values, [(6,)], name="ragged_elementwise"),
    case(lambda v, w: (_rt(v) * w).flat_values, [(6,), (4, 1)], name="ragged_times_dense_column"),
    case(lambda v: tf.sin(_rt(v)).to_tensor(), [(6,)], name="ragged_sin"),
    case(lambda v: _rt(v)[2], [(6,)], name="ragged_row"),
    case(lambda v: _rt(v)[:, 1:].to_tensor(), [(6,)], name="ragged_slice_rows"),
    case(lambda v: _rt3(v)[1:, :, ::-1].flat_values, [(6,)], name="ragged3_slices"),
    case(lambda v: tf.concat([_rt(v), _rt(v) * 3.0], axis=1).to_tensor(), [(6,)], name="ragged_concat_columns"),
    case(lambda v: tf.stack([_rt(v), _rt(v)], axis=1).flat_values, [(6,)], name="ragged_stack_rows"),
    case(lambda v: tf.reverse(_rt(v), [1]).flat_values, [(6,)], name="ragged_reverse"),
    case(lambda v: tf.tile(_rt(v), [2, 2]).flat_values, [(6,)], name="ragged_tile"),
    case(lambda v: tf.ragged.boolean_mask(_rt(v), _rt(v) > 0.0).flat_values * 1.0, [(6,)],
         name="ragged_boolean_mask"),
    case(lambda v, w: tf.linalg.matmul(tf.RaggedTensor.from_row_lengths(v, [1, 2]), w).flat_values,
         [(3, 2), (2, 2, 3)], name="ragged_matmul_batch_fold"),
    case(lambda v, w: tf.linalg.matmul(tf.RaggedTensor.from_nested_row_lengths(v, ([1, 2], [2, 2, 2])), w).flat_values,
         [(6,), (2, 2, 3)], name="ragged_matmul_per_batch"),
    case(lambda v: tf.RaggedTensor.from_tensor(v, lengths=[2, 0, 3]).flat_values, [(3, 4)],
         name="ragged_from_tensor"),
    case(lambda v: tf.RaggedTensor.from_tensor(v, ragged_rank=2).merge_dims(0, 1).to_tensor(), [(2, 3, 2)],
         name="ragged_merge_dims"),
]

# Ragged with ragged of different partitions (TF's DynamicRaggedShape broadcasting): rows of
# uniform length 1, a ragged rank 1 operand against a ragged rank 2 one, inner dims of size 1
GRAD_CASES += [
    case(lambda v, u: (_rt(v) * tf.RaggedTensor.from_uniform_row_length(u, 1)).to_tensor(), [(6,), (4,)],
         order=2, name="ragged_bcast_uniform_rows"),
    case(lambda v, u: (_rt3(v) - tf.RaggedTensor.from_row_splits(u, [0, 2, 4])).to_tensor(), [(6,), (4, 1)],
         order=2, name="ragged_bcast_ranks"),
    case(lambda v, u: tf.maximum(_rt(v), tf.RaggedTensor.from_row_splits(u, SPLITS)).to_tensor(), [(6, 3), (6, 1)],
         name="ragged_bcast_inner"),
]

"""Gradient-check cases for the array family (shape, join/split, gather/scatter, indexing, sort)."""
import numpy as np

import tapeviz as tf
from tests.ops.gradcheck import case

IDX = tf.constant([2, 0, 2, 1])


def _scatter_update(t, u):
    return tf.tensor_scatter_nd_update(t, [[0], [2]], u)


GRAD_CASES = [
    case(lambda a: tf.reshape(a, [-1, 2]), [[(3, 4)]], name="reshape", ops=["Reshape"]),
    case(lambda a: tf.transpose(a, [2, 0, 1]), [[(2, 3, 4)]], name="transpose", ops=["Transpose"]),
    case(lambda a: tf.squeeze(a, [1]), [[(3, 1, 2)]], name="squeeze", ops=["Squeeze"]),
    case(lambda a: tf.expand_dims(a, -1), [[(3, 2)], [()]], name="expand_dims", ops=["ExpandDims"]),
    case(lambda a: tf.broadcast_to(a, [4, 3]), [[(1, 3)], [()]], name="broadcast_to", ops=["BroadcastTo"]),
    case(lambda a: tf.tile(a, [2, 3]), [[(2, 3)]], name="tile", ops=["Tile"]),
    case(lambda a: tf.reverse(a, [0, -1]), [[(2, 3)]], name="reverse", ops=["ReverseV2"]),
    case(lambda a: tf.roll(a, [1, -2], [0, 1]), [[(3, 4)]], name="roll", ops=["Roll"]),
    case(lambda a, b: tf.concat([a, b, a], 1), [[(2, 3), (2, 2)]], name="concat", ops=["ConcatV2", "SplitV"]),
    case(lambda a: tf.split(a, 2, axis=1), [[(2, 4)]], name="split", ops=["Split"]),
    case(lambda a: tf.split(a, [1, -1], axis=0), [[(3, 2)]], name="split_v", ops=["SplitV", "ConcatV2"]),
    case(lambda a: tf.unstack(a, axis=1), [[(2, 3)]], name="unstack", ops=["Unpack", "Pack"]),
    case(lambda a: tf.slice(a, [1, 0], [2, -1]), [[(3, 4)]], name="slice", ops=["Slice", "Pad"]),
    case(lambda a: tf.pad(a, [[1, 0], [2, 1]], constant_values=3.0), [[(2, 3)]], name="pad", ops=["Pad", "Slice"]),
    case(lambda a: tf.pad(a, [[1, 2], [2, 1]], "REFLECT"), [[(3, 4)]], name="pad_reflect",
         ops=["MirrorPad", "MirrorPadGrad"]),
    case(lambda a: tf.pad(a, [[2, 2], [0, 3]], "SYMMETRIC"), [[(3, 4)]], name="pad_symmetric", ops=["MirrorPad"]),
    case(lambda a: tf.gather(a, IDX), [[(3, 2)]], name="gather", ops=["GatherV2", "UnsortedSegmentSum"]),
    case(lambda a: tf.gather(a, [[1, 1], [0, 2]], axis=1), [[(2, 3, 2)]], name="gather_axis1", ops=["GatherV2"]),
    case(lambda a: tf.gather(a, [[1], [0]], axis=1, batch_dims=1), [[(2, 3)]], name="gather_batch_dims"),
    case(lambda a: tf.gather_nd(a, [[0, 1], [2, 0], [0, 1]]), [[(3, 2)]], name="gather_nd",
         ops=["GatherNd", "ScatterNd"]),
    case(lambda a: tf.gather_nd(a, [[2], [2]]), [[(3, 2)]], name="gather_nd_rows", ops=["GatherNd"]),
    case(lambda u: tf.scatter_nd([[1], [3], [1]], u, [5, 2]), [[(3, 2)]], name="scatter_nd", ops=["ScatterNd", "GatherNd"]),
    case(_scatter_update, [[(4,), (2,)]], name="tensor_scatter_update", ops=["TensorScatterUpdate"]),
    case(lambda t, u: tf.tensor_scatter_nd_add(t, [[0], [0]], u), [[(3,), (2,)]], name="tensor_scatter_add",
         ops=["TensorScatterAdd"]),
    case(lambda a: tf.math.unsorted_segment_sum(a, [1, 0, 1], 3), [[(3, 2)]], name="unsorted_segment_sum",
         ops=["UnsortedSegmentSum"]),
    case(lambda a: tf.math.segment_sum(a, [0, 0, 2]), [[(3, 2)]], name="segment_sum", ops=["SegmentSum"]),
    case(lambda a, b: tf.where(tf.constant([[True, False, True]]), a, b), [[(2, 3), (3,)]], name="where",
         ops=["SelectV2"]),
    case(lambda a: tf.identity(a), [[(2, 3)], [()]], order=2, name="identity", ops=["Identity"]),
    case(lambda a: tf.boolean_mask(a, [True, False, True]), [[(3, 2)]], name="boolean_mask", ops=["GatherV2"]),
    case(lambda a: tf.math.top_k(a, k=2).values, [[(3, 4)]], name="top_k", ops=["TopKV2"]),
    case(lambda a: tf.sort(a, axis=0, direction="DESCENDING"), [[(3, 4)]], name="sort", ops=["TopKV2", "Transpose"]),
    case(lambda a: tf.sort(a), [[(5,)]], name="sort_ascending", ops=["TopKV2"]),
    case(lambda a: tf.fill([2, 3], a), [[()]], name="fill", ops=["Fill"]),
    case(lambda a: tf.repeat(a, [1, 2], axis=0), [[(2, 3)]], name="repeat", ops=["GatherV2"]),
    case(lambda a, b: tf.meshgrid(a, b), [[(3,), (2,)]], name="meshgrid", ops=["BroadcastTo"]),
    # indexing (tapeviz.ops.indexing)
    case(lambda a: a[1:, ::-2], [[(3, 4)]], name="getitem_slices", ops=["StridedSlice", "StridedSliceGrad"]),
    case(lambda a: a[..., 0, None], [[(2, 3, 4)]], name="getitem_ellipsis", ops=["StridedSlice"]),
    case(lambda a: a[-1], [[(3,)]], order=2, name="getitem_int", ops=["StridedSlice", "StridedSliceGrad"]),
    case(lambda a: a[np.array([True, False, True])], [[(3, 2)]], name="getitem_mask", ops=["GatherV2"]),
]

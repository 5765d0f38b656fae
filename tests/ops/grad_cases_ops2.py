"""Gradient-check cases for the second batch of issue-12 ops (float64, finite differences):
special functions, segment reductions, linalg factorizations, convolutions and pools, and the
array ops strided_slice, reverse_sequence and tensor_scatter_nd_sub/min/max."""
import tapeviz as tf
from tests.ops.gradcheck import AWAY_FROM_ZERO, POSITIVE, UNIT, case

UNARY = [[(3, 4)], [()]]
IDS = tf.constant([0, 0, 2, 2, 3])


def _const(values):
    return tf.constant(values, tf.float64)


GRAD_CASES = [
    # ---- special functions ----
    case(tf.math.lgamma, UNARY, order=2, domain=POSITIVE, ops=["Lgamma"]),
    case(tf.math.digamma, UNARY, order=2, domain=POSITIVE, ops=["Digamma"]),
    case(lambda x: tf.math.polygamma(_const(2.0), x), UNARY, order=2, domain=POSITIVE, name="polygamma",
         ops=["Polygamma"]),
    case(lambda q: tf.math.zeta(_const(2.5), q), UNARY, order=2, domain=POSITIVE, name="zeta", ops=["Zeta"]),
    case(tf.math.erfinv, UNARY, order=2, domain=UNIT, ops=["Erfinv"]),
    # ---- segments (random data: ties have probability 0) ----
    case(lambda x: tf.math.segment_max(x, IDS), [[(5,)], [(5, 2)]], name="segment_max", ops=["SegmentMax"]),
    case(lambda x: tf.math.segment_min(x, IDS), [[(5,)], [(5, 2)]], name="segment_min", ops=["SegmentMin"]),
    case(lambda x: tf.math.segment_prod(x, IDS), [[(5,)], [(5, 2)]], name="segment_prod", ops=["SegmentProd"]),
    case(lambda x: tf.math.segment_mean(x, IDS), [[(5,)], [(5, 2)]], name="segment_mean", ops=["SegmentMean"]),
    case(lambda x: tf.math.unsorted_segment_max(x, tf.constant([2, 0, -1, 2, 1]), 3), [[(5,)], [(5, 3)]],
         name="unsorted_segment_max", ops=["UnsortedSegmentMax"]),
    case(lambda x: tf.math.unsorted_segment_min(x, tf.constant([[1, 0], [1, 1]]), 2), [[(2, 2)], [(2, 2, 3)]],
         name="unsorted_segment_min", ops=["UnsortedSegmentMin"]),
    case(lambda x: tf.math.unsorted_segment_prod(x, tf.constant([2, 0, -1, 2, 0]), 4), [[(5,)], [(5, 2)]],
         name="unsorted_segment_prod", ops=["UnsortedSegmentProd"]),
    case(lambda x: tf.math.unsorted_segment_prod(x * tf.constant([1., 0., 1., 1., 1.], tf.float64),
                                                 tf.constant([2, 0, 2, 2, 0]), 3), [[(5,)]],
         name="unsorted_segment_prod_zero", ops=["UnsortedSegmentProd"]),
    case(lambda x: tf.math.unsorted_segment_sqrt_n(x, tf.constant([2, 0, 2, 2, 0]), 3), [[(5,)], [(5, 2)]],
         name="unsorted_segment_sqrt_n", ops=["UnsortedSegmentSum"]),
    case(lambda x: tf.math.cumulative_logsumexp(x, axis=1), [[(3, 4)]], order=2, name="cumulative_logsumexp",
         ops=["CumulativeLogsumexp"]),
    case(lambda x: tf.math.cumulative_logsumexp(x, exclusive=True, reverse=True)[:-1], [[(4,)]],
         name="cumulative_logsumexp_exclusive", ops=["CumulativeLogsumexp"]),
    # ---- linalg (sign-free functions of the factors) ----
    case(lambda a: _qr_sum(tf.linalg.qr(a)), [[(4, 3)], [(3, 3)], [(2, 4, 3)], [(3, 5)]], name="qr", ops=["Qr"]),
    case(lambda a: tf.linalg.svd(a, compute_uv=False), [[(4, 3)], [(3, 4)], [(2, 3, 3)]], name="svd_values",
         ops=["Svd"]),
    case(lambda a: _svd_sum(tf.linalg.svd(a)), [[(4, 3)], [(3, 4)], [(3, 3)]], name="svd", ops=["Svd"]),
    case(lambda a: _svd_sum(tf.linalg.svd(a, full_matrices=True)), [[(4, 3)], [(3, 4)]], name="svd_full",
         ops=["Svd"]),
    case(lambda a: _eigh_sum(tf.linalg.eigh(a + tf.linalg.matrix_transpose(a))), [[(3, 3)], [(2, 4, 4)]],
         name="eigh", ops=["SelfAdjointEigV2"]),
    case(lambda a: tf.linalg.eigvalsh(a), [[(3, 3)]], name="eigvalsh", ops=["SelfAdjointEigV2"]),
    case(lambda a, b: tf.linalg.lstsq(a, b), [[(4, 3), (4, 2)], [(2, 3), (2, 1)]], name="lstsq",
         ops=["MatrixSolve"]),
    case(lambda a: tf.linalg.pinv(a), [[(4, 3)], [(3, 4)]], name="pinv", ops=["Svd"]),
    case(lambda a, d: tf.linalg.set_diag(a, d), [[(3, 4), (3,)], [(2, 3, 3), (2, 3)]], order=2, name="set_diag",
         ops=["MatrixSetDiagV3", "MatrixDiagPartV3"]),
    case(lambda a, d: tf.linalg.set_diag(a, d, k=-1), [[(3, 4), (2,)]], order=2, name="set_diag_k",
         ops=["MatrixSetDiagV3", "MatrixDiagPartV3"]),
    case(tf.linalg.cross, [[(3,), (3,)], [(2, 3), (2, 3)]], order=2, name="cross", ops=["Cross"]),
    # ---- convolutions and pools (second order checks the backprop ops' own rules) ----
    case(lambda x, w: tf.nn.conv1d(x, w, 2, "SAME"), [[(2, 5, 2), (3, 2, 2)]], order=2, name="conv1d",
         ops=["Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"], tol=1e-4),
    case(lambda x, w: tf.nn.conv3d(x, w, [1, 2, 1, 1, 1], "SAME"),
         [[(1, 3, 4, 3, 2), (2, 2, 2, 2, 2)]], order=2, name="conv3d",
         ops=["Conv3D", "Conv3DBackpropInputV2", "Conv3DBackpropFilterV2"], tol=1e-4),
    case(lambda x, w: tf.nn.conv2d_transpose(x, w, [1, 5, 4, 2], 2, "SAME"), [[(1, 3, 2, 3), (3, 2, 2, 3)]],
         order=2, name="conv2d_transpose", ops=["Conv2DBackpropInput"], tol=1e-4),
    case(lambda x, w: tf.nn.depthwise_conv2d(x, w, [1, 2, 1, 1], "SAME", dilations=[1, 2]),
         [[(2, 4, 5, 2), (2, 3, 2, 2)]], order=2, name="depthwise_conv2d",
         ops=["DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput", "DepthwiseConv2dNativeBackpropFilter"],
         tol=1e-4),
    case(lambda x: tf.nn.max_pool1d(x, 3, 2, "SAME"), [[(2, 7, 2)]], order=2, name="max_pool1d",
         ops=["MaxPool", "MaxPoolGrad", "MaxPoolGradGrad"]),
    # MaxPool3D has no float64 kernel: float32 inside, a pool is piecewise linear so a wide step is exact
    case(lambda x: tf.cast(tf.nn.max_pool3d(tf.cast(x, tf.float32), 2, [1, 2, 1], "SAME"), tf.float64),
         [[(1, 3, 4, 3, 2)]], order=2, name="max_pool3d", ops=["MaxPool3D", "MaxPool3DGrad", "MaxPool3DGradGrad"],
         eps=1e-3, tol=1e-3),
    case(lambda x: tf.nn.avg_pool(x, [2, 3, 2], 2, "SAME"), [[(1, 3, 4, 3, 2)]], order=2, name="avg_pool3d",
         ops=["AvgPool3D", "AvgPool3DGrad"]),
    case(lambda x: tf.nn.avg_pool1d(x, 3, 2, "VALID"), [[(2, 7, 2)]], order=2, name="avg_pool1d",
         ops=["AvgPool", "AvgPoolGrad"]),
    case(lambda x: tf.nn.crelu(x), [[(3, 4)]], domain=AWAY_FROM_ZERO, name="crelu", ops=["Relu"]),
    case(lambda x: tf.nn.space_to_depth(x, 2), [[(1, 4, 2, 3)]], order=2, name="space_to_depth",
         ops=["SpaceToDepth"]),
    case(lambda x: tf.nn.depth_to_space(x, 2), [[(1, 2, 1, 8)]], order=2, name="depth_to_space",
         ops=["DepthToSpace"]),
    # ---- ctc_loss (TF's has no float64 form: float32 inside, a wide step and a loose tolerance) ----
    case(lambda x: tf.cast(tf.nn.ctc_loss(tf.constant([[1, 2, 2], [3, 0, 0]]), tf.cast(x, tf.float32),
                                          tf.constant([3, 1]), tf.constant([6, 4]), blank_index=-1), tf.float64),
         [[(6, 2, 4)]], name="ctc_loss", ops=["CTCLossDense"], eps=1e-3, tol=2e-3),
    # ---- array ----
    case(lambda x: tf.strided_slice(x, [2, 0, 1], [0, 0, 4], [-1, 1, 2], end_mask=2, new_axis_mask=0,
                                    shrink_axis_mask=0), [[(3, 2, 5)]], order=2, name="strided_slice",
         ops=["StridedSlice", "StridedSliceGrad"]),
    case(lambda x, u: tf.tensor_scatter_nd_sub(x, [[0], [2], [0]], u), [[(4, 2), (3, 2)]], order=2,
         name="tensor_scatter_nd_sub", ops=["TensorScatterSub"]),
    case(lambda x, u: tf.tensor_scatter_nd_min(x, [[0], [2], [3]], u), [[(4, 2), (3, 2)]],
         name="tensor_scatter_nd_min", ops=["TensorScatterMin"]),
    case(lambda x, u: tf.tensor_scatter_nd_max(x, [[1, 0], [2, 1]], u), [[(3, 2), (2,)]],
         name="tensor_scatter_nd_max", ops=["TensorScatterMax"]),
    case(lambda x: tf.reverse_sequence(x, [2, 0, 4], seq_axis=1, batch_axis=0), [[(3, 4)], [(3, 4, 2)]], order=2,
         name="reverse_sequence", ops=["ReverseSequence"]),
    case(lambda x: tf.reverse_sequence(x, [1, 3], seq_axis=0, batch_axis=1), [[(3, 2)]],
         name="reverse_sequence_axis0", ops=["ReverseSequence"]),
]


def _qr_sum(qr):
    q, r = qr
    return tf.reduce_sum(q * q * tf.reduce_sum(r)) + tf.reduce_sum(tf.abs(r) * tf.abs(r[..., :1, :]))


def _svd_sum(sud):
    s, u, v = sud
    k = s.shape[-1]
    return [s, tf.matmul(u[..., :k] * tf.sqrt(s), v[..., :k], adjoint_b=True), tf.abs(u[..., :1, :k])]


def _eigh_sum(ev):
    e, v = ev
    return [e, v ** 2]

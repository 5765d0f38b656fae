"""Hand-picked snippets for the second batch of issue-12 ops: tf.math special functions (lgamma,
digamma, polygamma, zeta, erfinv), the segment family, bincount, cumulative_logsumexp, in_top_k,
confusion_matrix; tf.linalg qr, svd, eigh, lstsq, set_diag, cross, pinv; tf.nn conv1d, conv3d,
conv2d_transpose, depthwise_conv2d, the pools, crelu, space_to_depth, depth_to_space; and
strided_slice, unique_with_counts, tensor_scatter_nd_sub/min/max, reverse_sequence,
unravel_index, histogram_fixed_width. Generated cases for the same ops are in corpus_fuzz2.py."""
from tests.tf_diff.corpus import S


def _grad(setup, expr, watch="x"):
    return f"""
{setup}
with tf.GradientTape() as t:
    t.watch({watch})
    y = {expr}
result = [y, t.gradient(y, {watch})]
"""


SPECIAL = [
    S("ops2.lgamma.values", "result = tf.math.lgamma(tf.constant([-3.0, -2.5, -0.0, 0.0, 0.5, 1.0, 2.0, 10.0, "
      "float('inf'), -float('inf'), float('nan')]))"),
    S("ops2.lgamma.f64", "result = tf.math.lgamma(tf.constant([1e-300, 1e300, -1e10 - 0.5, 3.5], tf.float64))"),
    S("ops2.lgamma.f16", "result = tf.math.lgamma(tf.constant([0.5, 3.0, 100.0], tf.float16))", rtol=2e-3),
    S("ops2.lgamma.int", "result = tf.math.lgamma(tf.constant([1, 2]))"),
    S("ops2.lgamma.grad", _grad("x = tf.constant([0.3, 1.5, 7.0], tf.float64)", "tf.math.lgamma(x)")),
    S("ops2.digamma.values", "result = tf.math.digamma(tf.constant([-3.0, -2.5, -0.0, 0.0, 0.5, 1.0, 2.0, 10.0, "
      "float('inf'), -float('inf'), float('nan'), 1e-8, 1e8]))"),
    S("ops2.digamma.f64", "result = tf.math.digamma(tf.constant([-1.5, 0.25, 3.75, 123.4], tf.float64))"),
    S("ops2.digamma.f16", "result = tf.math.digamma(tf.constant([1.5, 0.5], tf.float16))", rtol=2e-3),
    S("ops2.digamma.complex", "result = tf.math.digamma(tf.constant([1j]))"),
    S("ops2.digamma.grad2", """
        x = tf.constant([0.3, 1.5, -0.5], tf.float64)
        with tf.GradientTape() as t2:
            t2.watch(x)
            with tf.GradientTape() as t1:
                t1.watch(x)
                y = tf.math.digamma(x)
            g = t1.gradient(y, x)
        result = [y, g, t2.gradient(g, x)]
    """),
    S("ops2.polygamma.values", "result = tf.math.polygamma(tf.constant([0., 1., 2., 1.5, 3., 1., -1.]), "
      "tf.constant([1.5, 1.5, 1.5, 1.5, 0.25, -1.0, 2.0]))"),
    S("ops2.polygamma.f64", "result = tf.math.polygamma(tf.constant([1., 4.], tf.float64), tf.constant([10.5, 2.0], tf.float64))"),
    S("ops2.polygamma.broadcast", "result = tf.math.polygamma(tf.constant(1.0), tf.constant([[0.5, 2.0], [3.0, 40.0]]))"),
    S("ops2.polygamma.grad", _grad("a = tf.constant([1., 2.], tf.float64)\nx = tf.constant([0.7, 2.5], tf.float64)",
                                    "tf.math.polygamma(a, x)", "[a, x]")),
    S("ops2.zeta.values", "result = tf.math.zeta(tf.constant([2.0, 1.0, 0.5, 3.0, 2.0, 4.0, 2.0, 1.5]), "
      "tf.constant([1.0, 1.0, 1.0, -1.0, -2.0, 0.5, 1e-3, 100.0]))"),
    S("ops2.zeta.grad", _grad("q = tf.constant([0.3, 1.5], tf.float64)\nx = tf.constant([2.5, 3.0], tf.float64)",
                               "tf.math.zeta(x, q)", "[x, q]")),
    S("ops2.zeta.int", "result = tf.math.zeta(tf.constant([2]), tf.constant([1]))"),
    S("ops2.erfinv.values", "result = tf.math.erfinv(tf.constant([-1.0, -0.5, 0.0, -0.0, 0.99, 0.999999, 1.0, 1.5, "
      "float('nan'), 1e-30]))"),
    S("ops2.erfinv.f64", "result = tf.math.erfinv(tf.constant([0.1, 0.9999999999, -0.75, 1 - 1e-16], tf.float64))"),
    S("ops2.erfinv.f16", "result = tf.math.erfinv(tf.constant([0.5], tf.float16))", msg=False),
    S("ops2.erfinv.int", "result = tf.math.erfinv(tf.constant([0]))"),
    S("ops2.erfinv.grad", _grad("x = tf.constant([0.3, -0.5, 0.9], tf.float64)", "tf.math.erfinv(x)")),
]

SEGMENTS = [
    S("ops2.segment_max.basic", "result = tf.math.segment_max(tf.constant([[1., 2.], [5., 0.], [3., 4.], [7., 8.]]), "
      "tf.constant([0, 0, 2, 2]))"),
    S("ops2.segment_min.int", "result = tf.math.segment_min(tf.constant([4, 2, 9, 1, 3]), tf.constant([0, 0, 1, 3, 3]))"),
    S("ops2.segment_mean.basic", "result = tf.math.segment_mean(tf.constant([1., 2., 3., 4., 6.]), tf.constant([0, 0, 1, 3, 3]))"),
    S("ops2.segment_mean.int", "result = tf.math.segment_mean(tf.constant([1, 2, 3, 4, 6]), tf.constant([0, 0, 1, 3, 3]))"),
    S("ops2.segment_prod.basic", "result = tf.math.segment_prod(tf.constant([1., 2., 3., 4., 6.]), tf.constant([0, 0, 1, 3, 3]))"),
    S("ops2.segment_sum.int64ids", "result = tf.math.segment_sum(tf.constant([1., 2., 3.]), tf.constant([0, 1, 1], tf.int64))"),
    S("ops2.segment_max.unsorted", "result = tf.math.segment_max(tf.constant([1., 2., 3.]), tf.constant([1, 0, 1]))"),
    S("ops2.segment_max.negative", "result = tf.math.segment_max(tf.constant([1., 2., 3.]), tf.constant([-1, 0, 1]))"),
    S("ops2.segment_max.length", "result = tf.math.segment_max(tf.constant([1., 2., 3.]), tf.constant([0, 1]))"),
    S("ops2.segment_max.rank", "result = tf.math.segment_max(tf.constant([[1., 2.]]), tf.constant([[0, 0]]))"),
    S("ops2.segment_max.float_ids", "result = tf.math.segment_max(tf.constant([1., 2.]), tf.constant([0., 0.]))"),
    S("ops2.segment_max.empty", "result = tf.math.segment_max(tf.zeros([0, 2]), tf.constant([], tf.int32))"),
    S("ops2.segment_max.complex", "result = tf.math.segment_max(tf.constant([1j]), tf.constant([0]))"),
    S("ops2.segment_prod.complex", "result = tf.math.segment_prod(tf.constant([1j, 2j]), tf.constant([0, 0]))"),
    S("ops2.segment_max.nan", "result = tf.math.segment_max(tf.constant([float('nan'), 1., 2., float('nan')]), "
      "tf.constant([0, 0, 1, 1]))"),
    S("ops2.unsorted_segment_max.basic", "result = tf.math.unsorted_segment_max(tf.constant([1., 5., 3., 2.]), "
      "tf.constant([2, 0, 2, 0]), 4)"),
    S("ops2.unsorted_segment_min.int", "result = tf.math.unsorted_segment_min(tf.constant([1, 5, 3, 2]), "
      "tf.constant([2, 0, 2, -1]), 4)"),
    S("ops2.unsorted_segment_prod.basic", "result = tf.math.unsorted_segment_prod(tf.constant([[1., 5.], [3., 2.]]), "
      "tf.constant([1, 1]), 3)"),
    S("ops2.unsorted_segment_mean.basic", "result = tf.math.unsorted_segment_mean(tf.constant([1., 5., 3., 2.]), "
      "tf.constant([2, 0, 2, 0]), 3)"),
    S("ops2.unsorted_segment_sqrt_n.basic", "result = tf.math.unsorted_segment_sqrt_n(tf.constant([1., 5., 3., 2.]), "
      "tf.constant([2, 0, 2, 0]), 3)"),
    S("ops2.unsorted_segment_mean.int", "result = tf.math.unsorted_segment_mean(tf.constant([1, 5]), tf.constant([0, 0]), 2)"),
    S("ops2.unsorted_segment_max.2d_ids", "result = tf.math.unsorted_segment_max(tf.constant([[1., 5.], [3., 2.]]), "
      "tf.constant([[0, 1], [1, 1]]), 2)"),
    S("ops2.unsorted_segment_max.range", "result = tf.math.unsorted_segment_max(tf.constant([1., 5.]), "
      "tf.constant([0, 3]), 2)"),
    S("ops2.unsorted_segment_max.shape", "result = tf.math.unsorted_segment_max(tf.constant([1., 5.]), "
      "tf.constant([0, 1, 1]), 2)"),
    S("ops2.unsorted_segment_sum.negative_n", "result = tf.math.unsorted_segment_max(tf.constant([1., 5.]), "
      "tf.constant([0, 1]), -1)"),
    S("ops2.unsorted_segment_prod.uint8", "result = tf.math.unsorted_segment_prod(tf.constant([3, 200], tf.uint8), "
      "tf.constant([0, 0]), 1)"),
    S("ops2.segment_max.grad", _grad("x = tf.constant([1., 3., 3., 2., 5.], tf.float64)",
                                      "tf.math.segment_max(x, tf.constant([0, 0, 0, 1, 3]))")),
    S("ops2.segment_mean.grad", _grad("x = tf.constant([1., 3., 3., 2., 5.], tf.float64)",
                                       "tf.math.segment_mean(x, tf.constant([0, 0, 0, 1, 3]))")),
    S("ops2.segment_prod.grad", _grad("x = tf.constant([1., 0., 3., 2., 0., 0.], tf.float64)",
                                       "tf.math.segment_prod(x, tf.constant([0, 0, 0, 1, 2, 2]))")),
    S("ops2.unsorted_segment_min.grad", _grad("x = tf.constant([1., 3., 1., 2., 5.], tf.float64)",
                                               "tf.math.unsorted_segment_min(x, tf.constant([0, 2, 0, -1, 2]), 4)")),
    S("ops2.unsorted_segment_prod.grad", _grad("x = tf.constant([1., 0., 3., 2.], tf.float64)",
                                                "tf.math.unsorted_segment_prod(x, tf.constant([0, 0, 1, 1]), 3)")),
    S("ops2.unsorted_segment_sqrt_n.grad", _grad("x = tf.constant([1., 0., 3., 2.], tf.float64)",
                                                  "tf.math.unsorted_segment_sqrt_n(x, tf.constant([0, 0, 1, 0]), 3)")),
    S("ops2.bincount.basic", "result = tf.math.bincount(tf.constant([1, 1, 2, 5]))"),
    S("ops2.bincount.weights", "result = tf.math.bincount(tf.constant([1, 1, 2]), weights=tf.constant([0.5, 1., 2.]))"),
    S("ops2.bincount.minmax", "result = [tf.math.bincount(tf.constant([1, 4, 7]), minlength=10), "
      "tf.math.bincount(tf.constant([1, 4, 7]), maxlength=3)]"),
    S("ops2.bincount.dtype", "result = tf.math.bincount(tf.constant([1, 2]), dtype=tf.float32)"),
    S("ops2.bincount.binary", "result = tf.math.bincount(tf.constant([1, 1, 3]), binary_output=True)"),
    S("ops2.bincount.2d_axis", "result = tf.math.bincount(tf.constant([[1, 1], [0, 2]]), axis=-1)"),
    S("ops2.bincount.2d", "result = tf.math.bincount(tf.constant([[1, 1], [0, 2]]))"),
    S("ops2.bincount.negative", "result = tf.math.bincount(tf.constant([1, -1]))"),
    S("ops2.bincount.empty", "result = tf.math.bincount(tf.constant([], tf.int32))"),
    S("ops2.bincount.int64", "result = tf.math.bincount(tf.constant([1, 2], tf.int64))"),
    S("ops2.bincount.float", "result = tf.math.bincount(tf.constant([1., 2.]))", msg=False),
    S("ops2.cumulative_logsumexp.basic", "result = tf.math.cumulative_logsumexp(tf.constant([1., 2., 3., 1000.]))"),
    S("ops2.cumulative_logsumexp.opts", "result = [tf.math.cumulative_logsumexp(tf.constant([[1., 2.], [3., 4.]]), "
      "axis=1, exclusive=True), tf.math.cumulative_logsumexp(tf.constant([1., 2., 3.], tf.float64), reverse=True)]"),
    S("ops2.cumulative_logsumexp.int", "result = tf.math.cumulative_logsumexp(tf.constant([1, 2]))"),
    S("ops2.cumulative_logsumexp.inf", "result = tf.math.cumulative_logsumexp(tf.constant([-float('inf'), 1., float('inf')]))"),
    S("ops2.cumulative_logsumexp.grad", _grad("x = tf.constant([0.5, -1., 2.], tf.float64)",
                                              "tf.math.cumulative_logsumexp(x, exclusive=True) * tf.constant([1., -2., 3.], tf.float64)")),
    S("ops2.in_top_k.basic", "result = tf.math.in_top_k(tf.constant([0, 1, 2]), "
      "tf.constant([[0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.5, 0.2, 0.3]]), 1)"),
    S("ops2.in_top_k.ties", "result = tf.math.in_top_k(tf.constant([0, 2]), tf.constant([[1., 1., 1.], [2., 1., 1.]]), 1)"),
    S("ops2.in_top_k.nonfinite", "result = tf.math.in_top_k(tf.constant([0, 1, 5]), "
      "tf.constant([[float('nan'), 1.], [float('inf'), 2.], [1., 2.]]), 2)"),
    S("ops2.in_top_k.int64", "result = tf.nn.in_top_k(tf.constant([1], tf.int64), tf.constant([[0.1, 0.9]]), 1)"),
    S("ops2.in_top_k.rank", "result = tf.math.in_top_k(tf.constant([1]), tf.constant([0.1, 0.9]), 1)"),
    S("ops2.in_top_k.f64", "result = tf.math.in_top_k(tf.constant([1]), tf.constant([[0.1, 0.9]], tf.float64), 1)"),
    S("ops2.in_top_k.k0", "result = tf.math.in_top_k(tf.constant([1, 0]), tf.constant([[0.1, 0.9], [1., 2.]]), 0)"),
    S("ops2.confusion_matrix.basic", "result = tf.math.confusion_matrix(tf.constant([1, 2, 4]), tf.constant([2, 2, 4]))"),
    S("ops2.confusion_matrix.num", "result = tf.math.confusion_matrix([0, 1], [1, 1], num_classes=3, dtype=tf.float32)"),
    S("ops2.confusion_matrix.weights", "result = tf.math.confusion_matrix([0, 1, 1], [1, 1, 0], weights=[1., 2., 3.])"),
    S("ops2.confusion_matrix.negative", "result = tf.math.confusion_matrix([0, -1], [1, 1])"),
    S("ops2.confusion_matrix.range", "result = tf.math.confusion_matrix([0, 3], [1, 1], num_classes=3)"),
    S("ops2.confusion_matrix.int64", "result = tf.math.confusion_matrix(tf.constant([0, 1], tf.int64), tf.constant([1, 1], tf.int64))"),
]

SNIPPETS = SPECIAL + SEGMENTS

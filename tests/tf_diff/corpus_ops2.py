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

_A = "a = tf.constant([[2., -1., 0.5], [1., 3., -2.], [0., 1., 4.], [1., 1., 1.]], tf.float64)\n"
_SYM = "a = tf.constant([[4., 1., -2.], [1., 3., 0.5], [-2., 0.5, 5.]], tf.float64)\n"

LINALG = [
    S("ops2.qr.tall", _A + "q, r = tf.linalg.qr(a)\nresult = [tf.abs(q), tf.abs(r), tf.matmul(q, r)]"),
    S("ops2.qr.full", _A + "q, r = tf.linalg.qr(a, full_matrices=True)\nresult = [q.shape, r.shape, tf.matmul(q, r), "
      "tf.abs(r)]"),
    S("ops2.qr.wide", _A + "q, r = tf.linalg.qr(tf.transpose(a))\nresult = [q.shape, r.shape, tf.matmul(q, r)]"),
    S("ops2.qr.f32_batch", "q, r = tf.linalg.qr(tf.reshape(tf.range(12.), [2, 3, 2]))\nresult = [tf.matmul(q, r), "
      "tf.abs(r)]", atol=1e-4),
    S("ops2.qr.int", "result = tf.linalg.qr(tf.constant([[1, 2], [3, 4]]))"),
    S("ops2.qr.rank1", "result = tf.linalg.qr(tf.constant([1., 2.]))"),
    S("ops2.qr.grad", _A + "with tf.GradientTape() as t:\n    t.watch(a)\n    q, r = tf.linalg.qr(a)\n"
      "    y = tf.reduce_sum(tf.abs(r) * tf.constant([[1., 2., 3.]], tf.float64)) + tf.reduce_sum(q * q * a)\n"
      "result = t.gradient(y, a)"),
    S("ops2.svd.values", _A + "s, u, v = tf.linalg.svd(a)\nresult = [s, u.shape, v.shape, "
      "tf.matmul(u * s, v, adjoint_b=True), tf.abs(tf.reduce_sum(u * tf.matmul(a, v), 0))]"),
    S("ops2.svd.no_uv", _A + "result = tf.linalg.svd(a, compute_uv=False)"),
    S("ops2.svd.full", _A + "s, u, v = tf.linalg.svd(a, full_matrices=True)\nresult = [s, u.shape, v.shape, "
      "tf.matmul(u, u, adjoint_a=True)]"),
    S("ops2.svd.f32", "result = tf.linalg.svd(tf.constant([[3., 0.], [4., 5.]]), compute_uv=False)"),
    S("ops2.svd.int", "result = tf.linalg.svd(tf.constant([[1, 2], [3, 4]]))"),
    S("ops2.svd.grad_s", _A + "with tf.GradientTape() as t:\n    t.watch(a)\n    y = tf.linalg.svd(a, compute_uv=False)\n"
      "result = t.gradient(y, a)"),
    S("ops2.svd.grad_uv", _A + "with tf.GradientTape() as t:\n    t.watch(a)\n    s, u, v = tf.linalg.svd(a)\n"
      "    y = tf.reduce_sum(tf.matmul(u * tf.sqrt(s), v, adjoint_b=True) ** 2) + tf.reduce_sum(tf.abs(u[:, :1]))\n"
      "result = t.gradient(y, a)"),
    S("ops2.eigh.values", _SYM + "e, v = tf.linalg.eigh(a)\nresult = [e, tf.abs(v), tf.matmul(v * e, v, adjoint_b=True)]"),
    S("ops2.eigh.lower", "e, v = tf.linalg.eigh(tf.constant([[2., 100.], [1., 2.]]))\nresult = [e, tf.abs(v)]"),
    S("ops2.eigvalsh", _SYM + "result = tf.linalg.eigvalsh(a)"),
    S("ops2.eigh.nonsquare", "result = tf.linalg.eigh(tf.ones([2, 3]))"),
    S("ops2.eigh.int", "result = tf.linalg.eigh(tf.constant([[1, 2], [2, 1]]))"),
    S("ops2.eigh.grad", _SYM + "with tf.GradientTape() as t:\n    t.watch(a)\n    e, v = tf.linalg.eigh(a)\n"
      "    y = tf.reduce_sum(e * tf.constant([1., 2., 3.], tf.float64)) + tf.reduce_sum(v[:, 0] ** 4)\n"
      "result = t.gradient(y, a)"),
    S("ops2.lstsq.tall", _A + "result = tf.linalg.lstsq(a, tf.constant([[1.], [2.], [3.], [4.]], tf.float64))"),
    S("ops2.lstsq.wide", _A + "result = tf.linalg.lstsq(tf.transpose(a), tf.constant([[1., 0.], [2., 1.], [3., -1.]], "
      "tf.float64))"),
    S("ops2.lstsq.l2", _A + "result = tf.linalg.lstsq(a, tf.ones([4, 1], tf.float64), l2_regularizer=0.5)"),
    S("ops2.lstsq.mismatch", _A + "result = tf.linalg.lstsq(a, tf.ones([3, 1], tf.float64))", msg=False),
    S("ops2.lstsq.grad", _A + "b = tf.constant([[1.], [2.], [3.], [4.]], tf.float64)\n"
      "with tf.GradientTape() as t:\n    t.watch([a, b])\n    y = tf.linalg.lstsq(a, b)\nresult = t.gradient(y, [a, b])"),
    S("ops2.set_diag.basic", "result = tf.linalg.set_diag(tf.zeros([2, 3]), tf.constant([1., 2.]))"),
    S("ops2.set_diag.batch", "result = tf.linalg.set_diag(tf.ones([2, 2, 2], tf.int32), tf.constant([[5, 6], [7, 8]]))"),
    S("ops2.set_diag.bad", "result = tf.linalg.set_diag(tf.zeros([2, 3]), tf.constant([1., 2., 3.]))"),
    S("ops2.set_diag.k", "result = tf.linalg.set_diag(tf.zeros([3, 3]), tf.constant([1., 2.]), k=1)"),
    S("ops2.set_diag.grad", _grad("x = tf.constant([[1., 2.], [3., 4.]], tf.float64)\nd = tf.constant([5., 6.], tf.float64)",
                                  "tf.linalg.set_diag(x, d) * tf.constant([[1., 2.], [3., 4.]], tf.float64)", "[x, d]")),
    S("ops2.cross.basic", "result = tf.linalg.cross(tf.constant([1., 0., 0.]), tf.constant([0., 1., 0.]))"),
    S("ops2.cross.batch_int", "result = tf.linalg.cross(tf.constant([[1, 2, 3], [4, 5, 6]]), tf.constant([[7, 8, 9], [1, 0, 1]]))"),
    S("ops2.cross.bad", "result = tf.linalg.cross(tf.constant([1., 0.]), tf.constant([0., 1.]))"),
    S("ops2.cross.shapes", "result = tf.linalg.cross(tf.ones([2, 3]), tf.ones([3]))"),
    S("ops2.cross.complex", "result = tf.linalg.cross(tf.constant([1j, 0, 0]), tf.constant([0, 1j, 0]))"),
    S("ops2.cross.grad", _grad("x = tf.constant([1., 2., 3.], tf.float64)\nz = tf.constant([-1., 0.5, 2.], tf.float64)",
                               "tf.linalg.cross(x, z) * tf.constant([1., 2., 3.], tf.float64)", "[x, z]")),
    S("ops2.pinv.basic", _A + "result = tf.linalg.pinv(a)"),
    S("ops2.pinv.singular", "result = tf.linalg.pinv(tf.constant([[1., 2.], [2., 4.]]))"),
    S("ops2.pinv.rcond", "result = tf.linalg.pinv(tf.constant([[1., 0.], [0., 1e-3]], tf.float64), rcond=1e-2)"),
    S("ops2.pinv.grad", _grad(_A.strip(), "tf.linalg.pinv(a) * tf.constant([[1., 2., 3., 4.]], tf.float64)", "a")),
]

_X4 = "x = tf.reshape(tf.range(2 * 5 * 4 * 3, dtype=tf.float32) / 10.0, [2, 5, 4, 3])\n"
_X3 = "x = tf.reshape(tf.range(2 * 7 * 3, dtype=tf.float32) / 10.0, [2, 7, 3])\n"
_X5 = "x = tf.reshape(tf.sin(tf.range(2 * 4 * 5 * 3 * 2, dtype=tf.float32)), [2, 4, 5, 3, 2])\n"

NN = [
    S("ops2.conv1d.same", _X3 + "w = tf.reshape(tf.cos(tf.range(3 * 3 * 2, dtype=tf.float32)), [3, 3, 2])\n"
      "result = tf.nn.conv1d(x, w, stride=2, padding='SAME')", rtol=1e-4),
    S("ops2.conv1d.valid_dilated", _X3 + "w = tf.ones([2, 3, 1])\nresult = tf.nn.conv1d(x, w, 1, 'VALID', dilations=2)"),
    S("ops2.conv1d.stride_list", _X3 + "w = tf.ones([2, 3, 1])\nresult = tf.nn.conv1d(x, w, [1, 2, 1], 'VALID')"),
    S("ops2.conv1d.bad_depth", _X3 + "w = tf.ones([2, 2, 1])\nresult = tf.nn.conv1d(x, w, 1, 'VALID')"),
    S("ops2.conv1d.grad", _X3 + "w = tf.reshape(tf.cos(tf.range(3 * 3 * 2, dtype=tf.float32)), [3, 3, 2])\n"
      "with tf.GradientTape() as t:\n    t.watch([x, w])\n    y = tf.nn.conv1d(x, w, 2, 'SAME') ** 2\n"
      "result = t.gradient(y, [x, w])", rtol=1e-4, atol=1e-4),
    S("ops2.conv3d.same", _X5 + "w = tf.reshape(tf.cos(tf.range(2 * 2 * 3 * 2 * 2, dtype=tf.float32)), [2, 2, 3, 2, 2])\n"
      "result = tf.nn.conv3d(x, w, [1, 2, 1, 2, 1], 'SAME')", rtol=1e-4, atol=1e-5),
    S("ops2.conv3d.grad", _X5 + "w = tf.reshape(tf.cos(tf.range(2 * 2 * 3 * 2 * 2, dtype=tf.float32)), [2, 2, 3, 2, 2])\n"
      "with tf.GradientTape() as t:\n    t.watch([x, w])\n    y = tf.nn.conv3d(x, w, [1, 1, 2, 1, 1], 'VALID') ** 2\n"
      "result = t.gradient(y, [x, w])", rtol=1e-4, atol=1e-4),
    S("ops2.conv3d.strides", _X5 + "result = tf.nn.conv3d(x, tf.ones([1, 1, 1, 2, 1]), [2, 2, 2], 'VALID')"),
    S("ops2.conv2d_transpose.same", _X4 + "w = tf.reshape(tf.cos(tf.range(3 * 3 * 2 * 3, dtype=tf.float32)), [3, 3, 2, 3])\n"
      "result = tf.nn.conv2d_transpose(x, w, [2, 10, 8, 2], strides=2, padding='SAME')", rtol=1e-4, atol=1e-5),
    S("ops2.conv2d_transpose.valid", _X4 + "w = tf.ones([2, 3, 1, 3])\n"
      "result = tf.nn.conv2d_transpose(x, w, tf.constant([2, 6, 6, 1]), [1, 1], 'VALID')", rtol=1e-5),
    S("ops2.conv2d_transpose.grad", _X4 + "w = tf.reshape(tf.cos(tf.range(3 * 3 * 2 * 3, dtype=tf.float32)), [3, 3, 2, 3])\n"
      "with tf.GradientTape() as t:\n    t.watch([x, w])\n"
      "    y = tf.nn.conv2d_transpose(x, w, [2, 10, 8, 2], strides=2, padding='SAME') ** 2\n"
      "result = t.gradient(y, [x, w])", rtol=1e-4, atol=1e-3),
    S("ops2.conv1d_transpose", _X3 + "result = tf.nn.conv1d_transpose(x, tf.ones([3, 2, 3]), [2, 14, 2], 2)"),
    S("ops2.depthwise.same", _X4 + "w = tf.reshape(tf.cos(tf.range(3 * 3 * 3 * 2, dtype=tf.float32)), [3, 3, 3, 2])\n"
      "result = tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], 'SAME')", rtol=1e-4, atol=1e-5),
    S("ops2.depthwise.dilated", _X4 + "w = tf.ones([2, 2, 3, 1])\n"
      "result = tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], 'VALID', dilations=[2, 1])", rtol=1e-5),
    S("ops2.depthwise.bad", _X4 + "result = tf.nn.depthwise_conv2d(x, tf.ones([2, 2, 2, 1]), [1, 1, 1, 1], 'VALID')"),
    S("ops2.depthwise.grad", _X4 + "w = tf.reshape(tf.cos(tf.range(3 * 3 * 3 * 2, dtype=tf.float32)), [3, 3, 3, 2])\n"
      "with tf.GradientTape() as t:\n    t.watch([x, w])\n    y = tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], 'SAME') ** 2\n"
      "result = t.gradient(y, [x, w])", rtol=1e-4, atol=1e-3),
    S("ops2.max_pool.1d", _X3 + "result = tf.nn.max_pool(x, 3, 2, 'SAME')"),
    S("ops2.max_pool.2d", _X4 + "result = tf.nn.max_pool(x, [2, 3], [1, 2], 'VALID')"),
    S("ops2.max_pool.3d", _X5 + "result = tf.nn.max_pool(x, 2, 2, 'SAME')"),
    S("ops2.max_pool1d", _X3 + "result = tf.nn.max_pool1d(x, 2, 1, 'VALID')"),
    S("ops2.max_pool3d", _X5 + "result = tf.nn.max_pool3d(x, [1, 2, 2, 1, 1], [1, 1, 2, 2, 1], 'VALID')"),
    S("ops2.max_pool3d.f64", _X5 + "result = tf.nn.max_pool3d(tf.cast(x, tf.float64), 2, 2, 'VALID')"),
    S("ops2.max_pool3d.int", "result = tf.nn.max_pool3d(tf.ones([1, 2, 2, 2, 1], tf.int32), 2, 2, 'VALID')"),
    S("ops2.max_pool.int", "result = tf.nn.max_pool(tf.reshape(tf.range(8), [1, 8, 1]), 3, 3, 'SAME')"),
    S("ops2.max_pool.rank", "result = tf.nn.max_pool(tf.ones([2, 3]), 2, 1, 'VALID')"),
    S("ops2.max_pool.ksize", _X4 + "result = tf.nn.max_pool(x, [2, 2, 2], 1, 'VALID')"),
    S("ops2.avg_pool.1d", _X3 + "result = tf.nn.avg_pool(x, 3, 2, 'SAME')"),
    S("ops2.avg_pool.3d", _X5 + "result = tf.nn.avg_pool(x, [2, 3, 2], 2, 'SAME')"),
    S("ops2.avg_pool1d", _X3 + "result = tf.nn.avg_pool1d(x, 4, 2, 'VALID')"),
    S("ops2.avg_pool3d", _X5 + "result = tf.nn.avg_pool3d(x, 2, [1, 2, 1], 'VALID')"),
    S("ops2.avg_pool.int", "result = tf.nn.avg_pool(tf.ones([1, 4, 1], tf.int32), 2, 2, 'VALID')"),
    S("ops2.max_pool3d.grad", _X5 + "with tf.GradientTape() as t:\n    t.watch(x)\n"
      "    y = tf.nn.max_pool3d(x, 2, [1, 2, 1], 'SAME') * 3.0\nresult = t.gradient(y, x)"),
    S("ops2.avg_pool3d.grad", _X5 + "with tf.GradientTape() as t:\n    t.watch(x)\n"
      "    y = tf.nn.avg_pool3d(x, [2, 3, 2], 2, 'SAME') ** 2\nresult = t.gradient(y, x)", rtol=1e-4),
    S("ops2.max_pool1d.grad", _X3 + "with tf.GradientTape() as t:\n    t.watch(x)\n"
      "    y = tf.nn.max_pool1d(x, 3, 2, 'SAME') ** 2\nresult = t.gradient(y, x)"),
    S("ops2.crelu", "result = [tf.nn.crelu(tf.constant([[-1., 2.], [3., -4.]])), "
      "tf.nn.crelu(tf.constant([[-1., 2.], [3., -4.]]), axis=0)]"),
    S("ops2.crelu.int", "result = tf.nn.crelu(tf.constant([-1, 2]))"),
    S("ops2.space_to_depth", "result = tf.nn.space_to_depth(tf.reshape(tf.range(32), [2, 4, 2, 2]), 2)"),
    S("ops2.depth_to_space", "result = tf.nn.depth_to_space(tf.reshape(tf.range(32.), [2, 2, 1, 8]), 2)"),
    S("ops2.space_to_depth.bad", "result = tf.nn.space_to_depth(tf.ones([1, 3, 3, 1]), 2)"),
    S("ops2.space_to_depth.block1", "result = tf.nn.space_to_depth(tf.ones([1, 2, 2, 1]), 1)"),
    S("ops2.depth_to_space.bad", "result = tf.nn.depth_to_space(tf.ones([1, 2, 2, 3]), 2)"),
    S("ops2.space_to_depth.rank", "result = tf.nn.space_to_depth(tf.ones([2, 2, 1]), 2)"),
    S("ops2.space_to_depth.grad", _grad("x = tf.reshape(tf.range(16.), [1, 4, 2, 2])",
                                        "tf.nn.space_to_depth(x, 2) * tf.reshape(tf.range(16.), [1, 2, 1, 8])")),
    S("ops2.depth_to_space.grad", _grad("x = tf.reshape(tf.range(16.), [1, 2, 1, 8])",
                                        "tf.nn.depth_to_space(x, 2) * tf.reshape(tf.range(16.), [1, 4, 2, 2])")),
]

_R = "x = tf.reshape(tf.range(60), [3, 4, 5])\n"

ARRAY = [
    S("ops2.strided_slice.basic", _R + "result = tf.strided_slice(x, [0, 1, 0], [3, 4, 5], [2, 1, 2])"),
    S("ops2.strided_slice.negative", _R + "result = tf.strided_slice(x, [-1, -1, -1], [-4, 0, -6], [-1, -2, -2])"),
    S("ops2.strided_slice.masks", _R + "result = tf.strided_slice(x, [1, 2, 3], [2, 3, 4], begin_mask=5, end_mask=2)"),
    S("ops2.strided_slice.shrink", _R + "result = tf.strided_slice(x, [1, 2, 0], [2, 3, 5], shrink_axis_mask=3)"),
    S("ops2.strided_slice.new_axis", _R + "result = tf.strided_slice(x, [0, 0, 1], [1, 2, 3], new_axis_mask=2)"),
    S("ops2.strided_slice.ellipsis", _R + "result = tf.strided_slice(x, [0, 1], [1, 3], ellipsis_mask=1)"),
    S("ops2.strided_slice.ellipsis_mid", _R + "result = tf.strided_slice(x, [1, 0, 2], [2, 0, 4], ellipsis_mask=2)"),
    S("ops2.strided_slice.all", _R + "result = tf.strided_slice(x, [0, 1, 0, 2], [2, 0, 0, 4], [1, 1, 1, 1], "
      "begin_mask=1, end_mask=1, ellipsis_mask=2, new_axis_mask=4, shrink_axis_mask=0)"),
    S("ops2.strided_slice.shrink_neg", _R + "result = tf.strided_slice(x, [-1], [0], shrink_axis_mask=1)"),
    S("ops2.strided_slice.out_of_range", _R + "result = tf.strided_slice(x, [5], [6], shrink_axis_mask=1)"),
    S("ops2.strided_slice.clamp", _R + "result = tf.strided_slice(x, [-10, 2], [10, 100])"),
    S("ops2.strided_slice.zero_stride", _R + "result = tf.strided_slice(x, [0], [1], [0])"),
    S("ops2.strided_slice.lengths", _R + "result = tf.strided_slice(x, [0, 0], [1])"),
    S("ops2.strided_slice.two_ellipsis", _R + "result = tf.strided_slice(x, [0, 0], [1, 1], ellipsis_mask=3)"),
    S("ops2.strided_slice.float_begin", _R + "result = tf.strided_slice(x, [0.], [1.])"),
    S("ops2.strided_slice.scalar", "result = tf.strided_slice(tf.constant(3.), [0], [1])"),
    S("ops2.strided_slice.grad", _grad("x = tf.reshape(tf.range(24.), [4, 6])",
                                       "tf.strided_slice(x, [3, 1], [0, 6], [-2, 2], new_axis_mask=0) * 3.0")),
    S("ops2.strided_slice.grad_masks", _grad("x = tf.reshape(tf.range(24.), [2, 3, 4])",
                                             "tf.strided_slice(x, [1, 0, 1], [2, 0, 3], ellipsis_mask=2, "
                                             "shrink_axis_mask=1) ** 2")),
    S("ops2.unique_with_counts", "result = tf.unique_with_counts(tf.constant([1, 1, 2, 4, 4, 4, 7, 8, 8]))"),
    S("ops2.unique_with_counts.float_int64", "result = tf.unique_with_counts(tf.constant([3., 1., 3., float('nan'), "
      "float('nan')]), out_idx=tf.int64)"),
    S("ops2.unique_with_counts.str", "result = tf.unique_with_counts(tf.constant(['a', 'b', 'a']))"),
    S("ops2.unique_with_counts.2d", "result = tf.unique_with_counts(tf.constant([[1, 2]]))"),
    S("ops2.unique_with_counts.empty", "result = tf.unique_with_counts(tf.constant([], tf.int32))"),
    S("ops2.unique_with_counts.out_idx", "result = tf.unique_with_counts(tf.constant([1]), out_idx=tf.float32)"),
    S("ops2.tensor_scatter_nd_sub", "result = tf.tensor_scatter_nd_sub(tf.ones([4, 2]), [[1], [3], [1]], "
      "[[1., 2.], [3., 4.], [5., 6.]])"),
    S("ops2.tensor_scatter_nd_min", "result = tf.tensor_scatter_nd_min(tf.constant([5, 5, 5, 5]), [[0], [2], [0]], "
      "[3, 7, 1])"),
    S("ops2.tensor_scatter_nd_max", "result = tf.tensor_scatter_nd_max(tf.constant([[1., 9.], [2., 2.]]), "
      "[[0, 0], [1, 1], [0, 0]], [4., 1., 6.])"),
    S("ops2.tensor_scatter_nd_max.range", "result = tf.tensor_scatter_nd_max(tf.zeros([3]), [[3]], [1.])"),
    S("ops2.tensor_scatter_nd_min.shape", "result = tf.tensor_scatter_nd_min(tf.zeros([3]), [[1]], [1., 2.])"),
    S("ops2.tensor_scatter_nd_sub.dtype", "result = tf.tensor_scatter_nd_sub(tf.zeros([3]), [[1]], tf.constant([1]))"),
    S("ops2.tensor_scatter_nd_max.bool", "result = tf.tensor_scatter_nd_max(tf.constant([True, False]), [[1]], [True])", msg=False),
    S("ops2.tensor_scatter_nd_max.nan", "result = tf.tensor_scatter_nd_max(tf.constant([1., float('nan'), 3.]), "
      "[[0], [1], [2]], [float('nan'), 2., 1.])"),
    S("ops2.tensor_scatter_nd_sub.grad", """
        x, u = tf.constant([1., 2., 3.]), tf.constant([5., 6.])
        with tf.GradientTape() as t:
            t.watch([x, u])
            y = tf.tensor_scatter_nd_sub(x, [[0], [2]], u) * tf.constant([1., 2., 3.])
        result = t.gradient(y, [x, u])
    """),
    S("ops2.tensor_scatter_nd_max.grad", """
        x, u = tf.constant([1., 2., 3., 4.]), tf.constant([5., 0., 3.])
        with tf.GradientTape() as t:
            t.watch([x, u])
            y = tf.tensor_scatter_nd_max(x, [[0], [1], [2]], u) * tf.constant([1., 2., 3., 4.])
        result = t.gradient(y, [x, u])
    """),
    S("ops2.tensor_scatter_nd_min.grad", """
        x, u = tf.constant([1., 2., 3., 4.]), tf.constant([5., 0., 3.])
        with tf.GradientTape() as t:
            t.watch([x, u])
            y = tf.tensor_scatter_nd_min(x, [[0], [1], [2]], u) * tf.constant([1., 2., 3., 4.])
        result = t.gradient(y, [x, u])
    """),
    S("ops2.reverse_sequence", "result = tf.reverse_sequence(tf.reshape(tf.range(12), [3, 4]), [1, 3, 4], seq_axis=1, "
      "batch_axis=0)"),
    S("ops2.reverse_sequence.axes", "result = tf.reverse_sequence(tf.reshape(tf.range(24.), [4, 2, 3]), "
      "tf.constant([2, 0], tf.int64), seq_axis=0, batch_axis=1)"),
    S("ops2.reverse_sequence.too_long", "result = tf.reverse_sequence(tf.ones([2, 3]), [4, 1], seq_axis=1, batch_axis=0)"),
    S("ops2.reverse_sequence.length", "result = tf.reverse_sequence(tf.ones([2, 3]), [1, 1, 1], seq_axis=1, batch_axis=0)"),
    S("ops2.reverse_sequence.same_axis", "result = tf.reverse_sequence(tf.ones([2, 3]), [1, 1], seq_axis=0, batch_axis=0)"),
    S("ops2.reverse_sequence.negative", "result = tf.reverse_sequence(tf.ones([2, 3]), [-1, 1], seq_axis=1, batch_axis=0)"),
    S("ops2.reverse_sequence.grad", _grad("x = tf.reshape(tf.range(12.), [3, 4])",
                                          "tf.reverse_sequence(x, [2, 4, 0], seq_axis=1) * tf.reshape(tf.range(12.), [3, 4])")),
    S("ops2.unravel_index", "result = tf.unravel_index([22, 41, 37], [7, 6])"),
    S("ops2.unravel_index.scalar", "result = tf.unravel_index(tf.constant(5, tf.int64), tf.constant([2, 3], tf.int64))"),
    S("ops2.unravel_index.range", "result = tf.unravel_index([42], [7, 6])"),
    S("ops2.unravel_index.negative", "result = tf.unravel_index([-1], [7, 6])"),
    S("ops2.unravel_index.dims", "result = tf.unravel_index([1], [0, 6])"),
    S("ops2.unravel_index.float", "result = tf.unravel_index([1.], [2.])"),
    S("ops2.histogram_fixed_width", "result = tf.histogram_fixed_width([-1.0, 0.0, 1.5, 2.0, 5.0, 15], [0.0, 5.0], nbins=5)"),
    S("ops2.histogram_fixed_width.int", "result = tf.histogram_fixed_width(tf.constant([1, 2, 3, 9]), [0, 10], nbins=3, "
      "dtype=tf.int64)"),
    S("ops2.histogram_fixed_width.nan", "result = tf.histogram_fixed_width([float('nan'), float('inf'), 1.], [0., 2.], nbins=2)"),
    S("ops2.histogram_fixed_width.bad_range", "result = tf.histogram_fixed_width([1.], [2., 1.], nbins=2)"),
    S("ops2.histogram_fixed_width.nbins", "result = tf.histogram_fixed_width([1.], [0., 1.], nbins=0)"),
    S("ops2.histogram_fixed_width.2d", "result = tf.histogram_fixed_width(tf.constant([[1., 2.], [3., 4.]]), [0., 4.], nbins=4)"),
]

_CTC = """
logits = tf.reshape(tf.sin(tf.range(6 * 3 * 5, dtype=tf.float32)) * 2.0, [6, 3, 5])
labels = tf.constant([[1, 2, 2], [3, 0, 0], [4, 1, 0]])
label_length = tf.constant([3, 1, 2])
logit_length = tf.constant([6, 4, 5])
"""

CTC = [
    S("ops2.ctc_loss.basic", _CTC + "result = tf.nn.ctc_loss(labels, logits, label_length, logit_length)", rtol=1e-5),
    S("ops2.ctc_loss.grad", _CTC + "with tf.GradientTape() as t:\n    t.watch(logits)\n"
      "    y = tf.nn.ctc_loss(labels, logits, label_length, logit_length) * tf.constant([1., 2., 3.])\n"
      "result = [y, t.gradient(y, logits)]", rtol=1e-4, atol=1e-5),
    S("ops2.ctc_loss.batch_major_blank", _CTC + "result = tf.nn.ctc_loss(labels, tf.transpose(logits, [1, 0, 2]), "
      "label_length, logit_length, logits_time_major=False, blank_index=-1)", rtol=1e-5),
    S("ops2.ctc_loss.blank2_grad", _CTC + "with tf.GradientTape() as t:\n    t.watch(logits)\n"
      "    y = tf.nn.ctc_loss(labels, logits, label_length, logit_length, blank_index=2)\n"
      "result = [y, t.gradient(y, logits)]", rtol=1e-4, atol=1e-5),
    S("ops2.ctc_loss.float64", _CTC + "result = tf.nn.ctc_loss(labels, tf.cast(logits, tf.float64), label_length, "
      "logit_length)"),
    S("ops2.ctc_loss.empty_label", _CTC + "result = tf.nn.ctc_loss(labels, logits, tf.constant([0, 1, 2]), logit_length)",
      rtol=1e-5),
]

SNIPPETS = SPECIAL + SEGMENTS + LINALG + NN + ARRAY + CTC

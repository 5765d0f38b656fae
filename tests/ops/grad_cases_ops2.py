"""Gradient-check cases for the second batch of issue-12 ops (float64, finite differences):
special functions, segment reductions, linalg factorizations, convolutions and pools, and the
array ops strided_slice, reverse_sequence and tensor_scatter_nd_sub/min/max."""
import tapeviz as tf
from tests.ops.gradcheck import POSITIVE, UNIT, case

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
]

"""Gradient-check cases for tapeviz/ops/bits.py: NextAfter passes the gradient to its first input
(a step of one float is far below the finite-difference step) and none to its direction."""
import tapeviz as tf
from tests.ops.gradcheck import case

GRAD_CASES = [
    case(lambda x, y: tf.math.nextafter(x, y), [[(3, 4), (3, 4)], [(2,), ()]], name="nextafter", ops=["NextAfter"]),
]

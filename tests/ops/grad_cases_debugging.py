"""Gradient-check cases for tf.debugging's one differentiable op (CheckNumerics)."""
import tapeviz.ops.debugging as debugging
from tests.ops.gradcheck import case

GRAD_CASES = [
    case(lambda a: debugging.check_numerics(a * a, "msg"), [[(3, 4)], [()]], order=2,
         name="check_numerics", ops=["CheckNumerics", "Mul"]),
]

"""Gradient-check cases for the core ops (each op family adds its own grad_cases_<family>.py)."""
import tapeviz as tf
from tests.ops.gradcheck import case

GRAD_CASES = [
    case(tf.sin, [[(3, 4)], [()]], order=2, ops=["Sin"]),
    case(tf.cos, [[(3, 4)]], order=2, ops=["Cos"]),
    case(lambda a, b: a * b, [[(3, 4), (3, 4)], [(3, 4), (4,)], [(), (2, 3)]], order=2, name="mul", ops=["Mul"]),
    case(lambda a, b: a + b, [[(3, 4), (1, 4)]], order=2, name="add", ops=["AddV2"]),
    case(lambda a, b: a - b, [[(3, 4), (3, 1)]], order=2, name="sub", ops=["Sub", "Neg"]),
    case(lambda a: tf.reduce_sum(a, axis=1), [[(3, 4)]], name="reduce_sum_axis", ops=["Sum", "BroadcastTo", "Reshape"]),
    case(lambda a: tf.stack(tf.unstack(a, axis=1), axis=0), [[(3, 4)]], name="stack_unstack", ops=["Pack", "Unpack"]),
]

"""Gradient-check cases for the band forms of tf.linalg.diag, diag_part and set_diag (issue 12:
`k=(lower, upper)` with each `align`), float64 finite differences, second order."""
import tapeviz as tf
from tests.ops.gradcheck import case

_ALIGNS = ["RIGHT_LEFT", "LEFT_RIGHT", "LEFT_LEFT", "RIGHT_RIGHT"]

GRAD_CASES = [
    case(lambda x, a=a: tf.linalg.diag_part(x, k=(-1, 2), align=a), [[(3, 4)], [(2, 4, 3)]], order=2,
         name=f"diag_part_band_{a}", ops=["MatrixDiagPartV3", "MatrixDiagV3"])
    for a in _ALIGNS
] + [
    case(lambda d, a=a: tf.linalg.diag(d, k=(-2, 1), num_rows=4, align=a, padding_value=7.0), [[(4, 3)], [(2, 4, 3)]],
         order=2, name=f"diag_band_{a}", ops=["MatrixDiagV3", "MatrixDiagPartV3"])
    for a in _ALIGNS
] + [
    case(lambda x, d, a=a: tf.linalg.set_diag(x, d, k=(0, 2), align=a), [[(4, 3), (3, 3)], [(2, 3, 5), (2, 3, 3)]],
         order=2, name=f"set_diag_band_{a}", ops=["MatrixSetDiagV3", "MatrixDiagPartV3"])
    for a in _ALIGNS
]

"""Gradient-check cases for the math and linalg families (float64, finite differences).

Elementwise ops are checked to second order, which also checks the *Grad kernels' own rules
(SqrtGrad, TanhGrad, ...). Shapes include () and broadcasting pairs.
"""
import numpy as np

import tapeviz as tf
from tests.ops.gradcheck import AWAY_FROM_ZERO, POSITIVE, UNIT, case

UNARY = [[(3, 4)], [()]]
BINARY = [[(3, 4), (3, 4)], [(3, 4), (4,)], [(), (2, 3)], [(2, 1), (1, 3)]]
EYE3 = np.eye(3) * 3.0


def _complex_roundtrip(a, b):
    z = tf.complex(a, b) * tf.math.conj(tf.complex(b, a))
    return tf.math.real(z) + 2.0 * tf.math.imag(z)


GRAD_CASES = [
    # ---- arithmetic ----
    case(lambda a, b: a / b, [[(3, 4), (3, 4)], [(3, 4), (4,)], [(), (2, 3)]], order=2, domain=POSITIVE,
         name="realdiv", ops=["RealDiv"]),
    case(lambda a, b: tf.math.floormod(a, b), [[(3, 4), (3, 4)], [(2, 3), ()]], domain=POSITIVE,
         name="floormod", ops=["FloorMod"]),
    case(lambda a, b: tf.pow(a, b), BINARY, order=2, domain=POSITIVE, name="pow", ops=["Pow"]),
    case(lambda a: a ** 3.0, UNARY, order=2, name="pow_const", ops=["Pow"]),
    case(lambda a, b: tf.math.divide_no_nan(a, b), BINARY, order=2, domain=POSITIVE,
         name="divide_no_nan", ops=["DivNoNan"]),
    case(lambda a, b: tf.math.multiply_no_nan(a, b), BINARY, order=2, domain=AWAY_FROM_ZERO,
         name="multiply_no_nan", ops=["MulNoNan"]),
    case(tf.math.squared_difference, BINARY, order=2, ops=["SquaredDifference"]),
    case(tf.maximum, BINARY, order=2, ops=["Maximum"]),
    case(tf.minimum, BINARY, order=2, ops=["Minimum"]),
    case(lambda a, b: tf.clip_by_value(a, -0.5, b), [[(3, 4), ()], [(3, 4), (4,)]], domain=POSITIVE,
         name="clip_by_value", ops=["Minimum", "Maximum"]),
    case(tf.math.xlogy, BINARY, order=2, domain=POSITIVE, ops=["Xlogy"]),
    case(tf.math.xdivy, BINARY, order=2, domain=POSITIVE, ops=["Xdivy"]),
    case(tf.math.xlog1py, BINARY, order=2, domain=POSITIVE, ops=["Xlog1py"]),
    case(tf.math.log_sigmoid, UNARY, order=2, name="log_sigmoid", ops=["Softplus", "Neg"]),
    case(tf.math.reciprocal_no_nan, UNARY, order=2, domain=POSITIVE, name="reciprocal_no_nan",
         ops=["DivNoNan"]),
    case(lambda a, b, c: tf.add_n([a, b, c]), [[(2, 3), (2, 3), (2, 3)], [(), (), ()]], order=2,
         name="add_n", ops=["AddN"]),
    case(lambda a: tf.math.scalar_mul(2.5, a), UNARY, order=2, name="scalar_mul", ops=["Mul"]),
    # ---- elementwise functions ----
    case(tf.abs, UNARY, order=2, domain=AWAY_FROM_ZERO, ops=["Abs"]),
    case(lambda a: tf.sign(a) * a, UNARY, order=2, domain=AWAY_FROM_ZERO, name="sign", ops=["Sign"]),
    case(tf.square, UNARY, order=2, ops=["Square"]),
    case(tf.sqrt, UNARY, order=2, domain=POSITIVE, ops=["Sqrt", "SqrtGrad"]),
    case(tf.math.rsqrt, UNARY, order=2, domain=POSITIVE, ops=["Rsqrt", "RsqrtGrad"]),
    case(tf.math.reciprocal, UNARY, order=2, domain=POSITIVE, ops=["Reciprocal", "ReciprocalGrad"]),
    case(tf.exp, UNARY, order=2, ops=["Exp"]),
    case(tf.math.expm1, UNARY, order=2, ops=["Expm1"]),
    case(tf.math.log, UNARY, order=2, domain=POSITIVE, ops=["Log"]),
    case(tf.math.log1p, UNARY, order=2, domain=POSITIVE, ops=["Log1p"]),
    case(tf.tan, UNARY, order=2, domain=UNIT, ops=["Tan"]),
    case(tf.asin, UNARY, order=2, domain=UNIT, ops=["Asin"]),
    case(tf.acos, UNARY, order=2, domain=UNIT, ops=["Acos"]),
    case(tf.atan, UNARY, order=2, ops=["Atan"]),
    case(tf.atan2, BINARY, order=2, domain=POSITIVE, ops=["Atan2"]),
    case(tf.sinh, UNARY, order=2, ops=["Sinh"]),
    case(tf.cosh, UNARY, order=2, ops=["Cosh"]),
    case(tf.asinh, UNARY, order=2, ops=["Asinh"]),
    case(lambda a: tf.acosh(a + 1.0), UNARY, order=2, domain=POSITIVE, name="acosh", ops=["Acosh"]),
    case(tf.atanh, UNARY, order=2, domain=UNIT, ops=["Atanh"]),
    case(tf.tanh, UNARY, order=2, ops=["Tanh", "TanhGrad"]),
    case(tf.sigmoid, UNARY, order=2, ops=["Sigmoid", "SigmoidGrad"]),
    case(tf.math.softplus, UNARY, order=2, ops=["Softplus"]),
    case(tf.math.erf, UNARY, order=2, ops=["Erf"]),
    case(tf.math.erfc, UNARY, order=2, ops=["Erfc"]),
    # ---- complex parts and casts ----
    case(_complex_roundtrip, [[(2, 3), (2, 3)], [(), ()]], order=2, name="complex_parts",
         ops=["Complex", "Real", "Imag", "Conj", "Mul"]),
    case(lambda a: tf.math.real(tf.cast(a, tf.complex128) * tf.cast(a, tf.complex128)), UNARY, order=2,
         name="cast", ops=["Cast", "Real"]),
    # ---- reductions ----
    case(lambda a: tf.reduce_mean(a, axis=1), [[(3, 4)]], name="reduce_mean_axis", ops=["Mean"]),
    case(lambda a: tf.reduce_mean(a, axis=[0, 2], keepdims=True), [[(2, 3, 4)]], name="reduce_mean_keepdims",
         ops=["Mean"]),
    case(tf.reduce_mean, [[(3, 4)], [()]], name="reduce_mean_all", ops=["Mean"]),
    case(lambda a: tf.reduce_max(a, axis=0), [[(3, 4)]], name="reduce_max_axis", ops=["Max"]),
    case(tf.reduce_max, [[(3, 4)]], name="reduce_max_all", ops=["Max"]),
    case(lambda a: tf.reduce_min(a, axis=-1, keepdims=True), [[(3, 4)]], name="reduce_min", ops=["Min"]),
    case(tf.reduce_prod, [[(3, 4)], [(5,)]], order=2, domain=AWAY_FROM_ZERO, name="reduce_prod_all",
         ops=["Prod", "Cumprod"]),
    case(lambda a: tf.reduce_prod(a, axis=[0, 2]), [[(2, 3, 2)]], domain=AWAY_FROM_ZERO,
         name="reduce_prod_axes", ops=["Prod"]),
    case(lambda a: tf.reduce_prod(a, axis=1, keepdims=True), [[(3, 4)]], domain=AWAY_FROM_ZERO,
         name="reduce_prod_keepdims", ops=["Prod"]),
    case(lambda a: tf.math.reduce_euclidean_norm(a, axis=1), [[(3, 4)]], order=2, domain=AWAY_FROM_ZERO,
         name="reduce_euclidean_norm", ops=["EuclideanNorm"]),
    case(lambda a: tf.reduce_logsumexp(a, axis=1), [[(3, 4)]], order=2, name="reduce_logsumexp",
         ops=["Exp", "Log", "Sum"]),
    case(lambda a: tf.math.reduce_std(a, axis=0), [[(4, 3)]], order=2, name="reduce_std",
         ops=["Mean", "SquaredDifference", "Sqrt"]),
    case(tf.math.reduce_variance, [[(4, 3)]], order=2, name="reduce_variance", ops=["Mean"]),
    # ---- scans ----
    case(lambda a: tf.cumsum(a, axis=1), [[(3, 4)]], order=2, name="cumsum", ops=["Cumsum"]),
    case(lambda a: tf.cumsum(a, exclusive=True, reverse=True), [[(5,)]], name="cumsum_excl_rev", ops=["Cumsum"]),
    case(lambda a: tf.math.cumprod(a, axis=0), [[(3, 2)]], order=2, domain=POSITIVE, name="cumprod",
         ops=["Cumprod"]),
    case(lambda a: tf.math.cumprod(a, exclusive=True, reverse=True), [[(4,)]], domain=POSITIVE,
         name="cumprod_excl_rev", ops=["Cumprod"]),
    # ---- matrix products ----
    case(tf.matmul, [[(2, 3), (3, 4)]], order=2, name="matmul", ops=["MatMul"]),
    case(lambda a, b: tf.matmul(a, b, transpose_a=True), [[(3, 2), (3, 4)]], name="matmul_ta", ops=["MatMul"]),
    case(lambda a, b: tf.matmul(a, b, transpose_b=True), [[(2, 3), (4, 3)]], name="matmul_tb", ops=["MatMul"]),
    case(lambda a, b: tf.matmul(a, b, transpose_a=True, transpose_b=True), [[(3, 2), (4, 3)]],
         name="matmul_ta_tb", ops=["MatMul"]),
    case(lambda a, b: a @ b, [[(2, 2, 3), (3, 4)], [(2, 1, 2, 3), (3, 3, 2)]], order=2,
         name="batch_matmul_broadcast", ops=["BatchMatMulV2"]),
    case(lambda a, b: tf.matmul(a, b, adjoint_a=True, adjoint_b=True), [[(2, 3, 2), (2, 4, 3)]],
         name="batch_matmul_adjoint", ops=["BatchMatMulV2"]),
    case(lambda a, b: tf.matmul(a, b, transpose_b=True), [[(2, 2, 3), (2, 4, 3)]],
         name="batch_matmul_tb", ops=["BatchMatMulV2"]),
    case(tf.linalg.matvec, [[(3, 4), (4,)], [(2, 3, 4), (2, 4)]], name="matvec", ops=["MatMul", "BatchMatMulV2"]),
    case(lambda a, b: tf.einsum("ij,jk->ik", a, b), [[(2, 3), (3, 4)]], order=2, name="einsum_mm", ops=["Einsum"]),
    case(lambda a, b: tf.einsum("...ij,...jk->...ik", a, b), [[(2, 2, 3), (2, 3, 4)]], name="einsum_ellipsis",
         ops=["Einsum"]),
    case(lambda a: tf.einsum("ijk->ki", a), [[(2, 3, 4)]], name="einsum_reduce_transpose", ops=["Einsum"]),
    case(lambda a, b: tf.einsum("i,j->ij", a, b), [[(3,), (4,)]], order=2, name="einsum_outer", ops=["Einsum"]),
    case(lambda a, b: tf.tensordot(a, b, axes=[[1, 2], [1, 0]]), [[(2, 3, 4), (4, 3, 5)]], name="tensordot",
         ops=["Einsum"]),
    case(lambda a, b: tf.tensordot(a, b, axes=1), [[(3,), (3,)]], name="tensordot_dot", ops=["Einsum"]),
    # ---- norms ----
    case(tf.norm, [[(3, 4)], [(5,)]], order=2, domain=AWAY_FROM_ZERO, name="norm", ops=["Sqrt", "Sum"]),
    case(lambda a: tf.norm(a, ord=1, axis=1), [[(3, 4)]], domain=AWAY_FROM_ZERO, name="norm_1", ops=["Abs"]),
    case(lambda a: tf.norm(a, ord=3), [[(4,)]], domain=AWAY_FROM_ZERO, name="norm_3", ops=["Pow"]),
    case(lambda a: tf.norm(a, ord="fro", axis=[0, 1]), [[(3, 4)]], domain=AWAY_FROM_ZERO, name="norm_fro",
         ops=["Sqrt"]),
    case(lambda a: tf.norm(a, ord=np.inf, axis=[-2, -1]), [[(2, 3, 3)]], domain=AWAY_FROM_ZERO,
         name="norm_matrix_inf", ops=["Max"]),
    case(lambda a: tf.math.l2_normalize(a, axis=1), [[(3, 4)]], order=2, domain=AWAY_FROM_ZERO,
         name="l2_normalize", ops=["Rsqrt", "Maximum"]),
    case(lambda a: tf.clip_by_norm(a, 1.0), [[(3, 4)]], domain=AWAY_FROM_ZERO, name="clip_by_norm",
         ops=["Sqrt", "Maximum"]),
    case(lambda a, b: tf.clip_by_global_norm([a, b], 1.0)[0], [[(3,), (2, 2)]], domain=AWAY_FROM_ZERO,
         name="clip_by_global_norm", ops=["AddN", "Minimum"]),
    # ---- matrix functions ----
    case(lambda a: tf.linalg.inv(a + tf.constant(EYE3)), [[(3, 3)], [(2, 3, 3)]], order=2, name="inv",
         ops=["MatrixInverse"]),
    case(lambda a: tf.linalg.det(a + tf.constant(EYE3)), [[(3, 3)], [(2, 3, 3)]], order=2, name="det",
         ops=["MatrixDeterminant", "MatrixInverse"]),
    case(tf.linalg.trace, [[(3, 3)], [(2, 3, 4)]], name="trace", ops=["MatrixDiagPartV3"]),
    case(tf.linalg.diag_part, [[(2, 3)]], order=2, name="diag_part", ops=["MatrixDiagPartV3", "MatrixDiagV3"]),
    case(tf.linalg.diag, [[(3,)], [(2, 3)]], order=2, name="diag", ops=["MatrixDiagV3", "MatrixDiagPartV3"]),
    case(tf.linalg.matrix_transpose, [[(2, 3, 4)]], name="matrix_transpose", ops=["Transpose"]),
]

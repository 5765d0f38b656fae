"""Elementwise math, comparisons, reductions, scans and casts (`tf.math`).

Each op is declared once, next to its gradient rule. Rules are written in tapeviz ops, so nested
tapes differentiate them again. Matrix products and norms live in `tapeviz/ops/linalg.py`.
"""
import math as _pymath
import operator

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor, mismatch, to_tensor
from tapeviz.framework.errors import shape_list
from tapeviz.framework.registry import (
    NUMBER_TYPES,
    REAL_NUMBER_TYPES,
    defgrad,
    defgrad_all,
    defgrad_zero,
    deflinear,
    defop,
    disallowed,
    execute,
    nondifferentiable,
)
from tapeviz.framework.tensor import Tensor
from tapeviz.ops._util import axes, flush_denormals, quiet

NUMERIC, INEXACT, FLOATING, INTEGER = D.NUMERIC, D.INEXACT, D.FLOATING, D.INTEGER
REAL, SIGNED, COMPLEX = D.REAL, D.SIGNED, D.COMPLEX
BOOL = frozenset({D.bool})
SIGNED_NUMERIC = FLOATING | SIGNED | COMPLEX        # Neg, Sign: no unsigned ints, no bool
MATMUL_TYPES = FLOATING | COMPLEX | frozenset({D.int32, D.int64})


def _is_int(a):
    return a.dtype.kind in "iu"


# ---- arithmetic ----------------------------------------------------------------------------------
_add = defop("AddV2", operator.add, dtypes=NUMERIC, broadcasting=True, inputs="x, y")
defgrad(_add, lambda g, y, a, b: g, lambda g, y, a, b: g)

_add_string = defop("Add", lambda a, b: np.asarray(np.add(a, b), dtype=object),
                    dtypes=frozenset({D.string}), broadcasting=True)
nondifferentiable(_add_string)

subtract = defop("Sub", operator.sub, dtypes=NUMERIC, broadcasting=True, inputs="x, y")
defgrad(subtract, lambda g, y, a, b: g, lambda g, y, a, b: -g)

multiply = defop("Mul", operator.mul, dtypes=NUMERIC, broadcasting=True, inputs="x, y")
defgrad(multiply, lambda g, y, a, b: g * conj(b), lambda g, y, a, b: conj(a) * g)

negative = defop("Neg", np.negative, dtypes=SIGNED_NUMERIC, inputs="x")
deflinear(negative)

_realdiv = defop("RealDiv", quiet(np.true_divide), dtypes=NUMERIC, broadcasting=True, inputs="x, y",
                 no_kernel=INTEGER)
defgrad(_realdiv, lambda g, y, a, b: g / b, lambda g, y, a, b: g * (-a / b / b))


# Floats follow TF's kernels (floor(x / y), and fmod corrected to the divisor's sign), not
# NumPy's divmod: inf // 2 is inf, -0.0 mod 5 is -0.0.
def _np_floordiv(a, b):
    if _is_int(b) and not np.all(b):
        raise errors.kernel_error("FloorDiv", "Integer division by zero", name="")
    if _is_int(b):
        return np.floor_divide(a, b)
    return np.floor(np.true_divide(a, b))


floordiv = defop("FloorDiv", quiet(_np_floordiv), dtypes=REAL, broadcasting=True, inputs="x, y")
nondifferentiable(floordiv)


def _np_floormod(a, b):
    if _is_int(b) and not np.all(b):
        raise errors.kernel_error("FloorMod", "Integer division by zero", name="")
    if _is_int(b):
        return np.mod(a, b)
    trunc = np.fmod(a, b)
    return np.where((trunc != 0) & ((b < 0) != (trunc < 0)), trunc + b, trunc)[()]


floormod = defop("FloorMod", quiet(_np_floormod), dtypes=REAL, broadcasting=True, inputs="x, y")
defgrad(floormod, lambda g, y, a, b: g, lambda g, y, a, b: g * -floordiv(a, b))


def _np_pow(a, b):
    if _is_int(b) and np.any(b < 0):
        raise errors.kernel_error("Pow", "Integers to negative integer powers are not allowed", name="")
    return np.power(a, b)


def _pow_grad_y(g, z, x, y):
    # log(x) only where x > 0, else 0: d/dy at x <= 0 is 0, as TF's _PowGrad
    mask = x > 0
    log_x = where_(mask, log(where_(mask, x, ones_like_(x))), zeros_like_(x))
    return g * z * log_x


pow = defop("Pow", quiet(_np_pow), dtypes=SIGNED_NUMERIC, broadcasting=True, inputs="x, y")  # noqa: A001
defgrad(pow, lambda g, z, x, y: g * y * pow(x, y - 1.0), _pow_grad_y)


def _np_div_no_nan(a, b):
    if b.dtype.kind == "f" and b.all():      # no zero divisor (a loss over its count): a quotient
        return np.true_divide(a, b).astype(a.dtype, copy=False)
    with np.errstate(all="ignore"):
        out = _complex_divide(a, b) if a.dtype == np.complex128 else np.true_divide(a, b)
    return np.where(b == 0, np.zeros((), a.dtype), out).astype(a.dtype, copy=False)


def _complex_divide(a, b):
    """TF's complex128 quotient, the textbook formula: an infinite divisor gives nan, where NumPy's
    scaled one (which TF's complex64 kernel matches) gives 0."""
    c, d = np.real(b), np.imag(b)
    denom = c * c + d * d
    re = (np.real(a) * c + np.imag(a) * d) / denom
    im = (np.imag(a) * c - np.real(a) * d) / denom
    out = np.empty(np.shape(re), a.dtype)
    out.real, out.imag = re, im
    return out


_div_no_nan = defop("DivNoNan", _np_div_no_nan, dtypes=INEXACT, broadcasting=True, inputs="x, y",
                    dtype_names="half, float, bfloat16, double, complex64, complex128")
defgrad(_div_no_nan, lambda g, y, a, b: _div_no_nan(g, b),
        lambda g, y, a, b: g * _div_no_nan(_div_no_nan(-a, b), b))


def _np_mul_no_nan(a, b):
    return np.where(b == 0, np.zeros((), a.dtype), np.multiply(a, b)).astype(a.dtype, copy=False)


_mul_no_nan = defop("MulNoNan", quiet(_np_mul_no_nan), dtypes=INEXACT, broadcasting=True, inputs="x, y")
defgrad(_mul_no_nan, lambda g, y, a, b: _mul_no_nan(g, b), lambda g, y, a, b: _mul_no_nan(a, g))

def _np_squared_difference(a, b):
    d = np.subtract(a, b)
    return d * np.conj(d) if d.dtype.kind == "c" else np.square(d)    # TF's (x-y)·conj(x-y)


squared_difference = defop("SquaredDifference", _np_squared_difference,
                           dtypes=NUMERIC, broadcasting=True, inputs="x, y")
defgrad(squared_difference, lambda g, y, a, b: 2.0 * g * (a - b), lambda g, y, a, b: -2.0 * g * (a - b))

_MIN_MAX_NAMES = "bfloat16, half, float, double, int8, uint8, int16, uint16, int32, uint32, int64, uint64"
maximum = defop("Maximum", np.maximum, dtypes=REAL, broadcasting=True, inputs="x, y", dtype_names=_MIN_MAX_NAMES)
# ties send the whole gradient to the first argument, as TF's selector `x >= y`
defgrad(maximum, lambda g, y, a, b: where_(a >= b, g, zeros_like_(g)),
        lambda g, y, a, b: where_(a >= b, zeros_like_(g), g))

minimum = defop("Minimum", np.minimum, dtypes=REAL, broadcasting=True, inputs="x, y", dtype_names=_MIN_MAX_NAMES)
defgrad(minimum, lambda g, y, a, b: where_(a <= b, g, zeros_like_(g)),
        lambda g, y, a, b: where_(a <= b, zeros_like_(g), g))


def _np_xlogy(x, y):
    with np.errstate(all="ignore"):
        return np.where(x == 0, np.zeros((), x.dtype), x * np.log(y)).astype(x.dtype, copy=False)


def _np_xdivy(x, y):
    with np.errstate(all="ignore"):
        return np.where(x == 0, np.zeros((), x.dtype), x / y).astype(x.dtype, copy=False)


xlogy = defop("Xlogy", _np_xlogy, dtypes=INEXACT, broadcasting=True, inputs="x, y")
defgrad(xlogy, lambda g, z, x, y: g * xlogy(cast(not_equal(x, 0.0), x.dtype), y),
        lambda g, z, x, y: g * xdivy(x, y))

xdivy = defop("Xdivy", _np_xdivy, dtypes=INEXACT, broadcasting=True, inputs="x, y")
defgrad(xdivy, lambda g, z, x, y: g * xdivy(cast(not_equal(x, 0.0), x.dtype), y),
        lambda g, z, x, y: g * xdivy(-x, y * y))


# ---- elementwise functions -----------------------------------------------------------------------
_abs = defop("Abs", np.abs, dtypes=FLOATING | SIGNED, inputs="x")
defgrad(_abs, lambda g, y, x: g * sign(x))

# |x| of a complex tensor is TF's ComplexAbs: a real result (float32 for complex64); the
# gradient is g * x / |x| (0 at 0), as TF's _ComplexAbsGrad
_complex_abs = defop("ComplexAbs", np.abs, dtypes=COMPLEX, inputs="x")
defgrad(_complex_abs, lambda g, y, x: _div_no_nan(complex(g, zeros_like_(g)) * x, complex(y, zeros_like_(y))))


def abs(x, name=None):  # noqa: A001
    """|x| (`tf.abs`): same dtype for real and integer tensors, the real magnitude for complex."""
    if type(x) is not Tensor:
        x = convert_to_tensor(x)
    return _complex_abs(x) if x._value.dtype.kind == "c" else _abs(x)

sign = defop("Sign", np.sign, dtypes=SIGNED_NUMERIC, inputs="x")
defgrad_zero(sign)

square = defop("Square", np.square, dtypes=NUMERIC, inputs="x")
defgrad(square, lambda g, y, x: g * (2.0 * conj(x)))


def _np_sqrt_grad(y, dy):
    with np.errstate(all="ignore"):
        return np.where(dy == 0, np.zeros((), y.dtype), 0.5 * dy / np.conj(y)).astype(y.dtype, copy=False)


sqrt = defop("Sqrt", quiet(np.sqrt), dtypes=INEXACT, inputs="x")
defgrad(sqrt, lambda g, y, x: _sqrt_grad(y, g))

# the *Grad kernels return 0 where the upstream gradient is 0 (the where-with-nan behaviour)
_sqrt_grad = defop("SqrtGrad", _np_sqrt_grad, dtypes=INEXACT)
defgrad(_sqrt_grad, lambda gg, z, y, dy: -gg * z / y, lambda gg, z, y, dy: 0.5 * gg / y)


def _np_rsqrt(x):
    with np.errstate(all="ignore"):
        return (1 / np.sqrt(x)).astype(x.dtype, copy=False)


def _np_rsqrt_grad(y, dy):
    with np.errstate(all="ignore"):
        return np.where(dy == 0, np.zeros((), y.dtype), -0.5 * dy * y * y * y).astype(y.dtype, copy=False)


rsqrt = defop("Rsqrt", _np_rsqrt, dtypes=INEXACT, inputs="x")
defgrad(rsqrt, lambda g, y, x: _rsqrt_grad(y, g))

_rsqrt_grad = defop("RsqrtGrad", _np_rsqrt_grad, dtypes=INEXACT)
defgrad(_rsqrt_grad, lambda gg, z, y, dy: -1.5 * gg * dy * y * y, lambda gg, z, y, dy: -0.5 * gg * y * y * y)


def _np_reciprocal(x):
    with np.errstate(all="ignore"):
        return (1 / x).astype(x.dtype, copy=False)


def _np_reciprocal_grad(y, dy):
    with np.errstate(all="ignore"):
        return np.where(dy == 0, np.zeros((), y.dtype), -dy * y * y).astype(y.dtype, copy=False)


reciprocal = defop("Reciprocal", _np_reciprocal, dtypes=INEXACT | SIGNED, inputs="x", no_kernel=SIGNED)
defgrad(reciprocal, lambda g, y, x: _reciprocal_grad(y, g))

_reciprocal_grad = defop("ReciprocalGrad", _np_reciprocal_grad, dtypes=INEXACT)
defgrad(_reciprocal_grad, lambda gg, z, y, dy: -2.0 * gg * dy * y, lambda gg, z, y, dy: -gg * y * y)

exp = defop("Exp", quiet(np.exp), dtypes=INEXACT, inputs="x")
defgrad(exp, lambda g, y, x: g * conj(y))

expm1 = defop("Expm1", quiet(np.expm1), dtypes=INEXACT, inputs="x")
defgrad(expm1, lambda g, y, x: g * exp(conj(x)))

log = defop("Log", quiet(np.log), dtypes=INEXACT, inputs="x")
defgrad(log, lambda g, y, x: g * reciprocal(conj(x)))

def np_log1p(x):
    """log(1 + x); for complex x Eigen's generic_log1p, as TF's kernel computes it (x itself where
    1 + x rounds to 1, x * log(1 + x) / ((1 + x) - 1) elsewhere), not NumPy's."""
    if x.dtype.kind != "c":
        return np.log1p(x)
    with np.errstate(all="ignore"):
        x1p = x + x.dtype.type(1)
        log_1p = np.log(x1p)
        out = np.where((x1p == 1) | (x1p == log_1p), x, x * (log_1p / (x1p - x.dtype.type(1))))
        # at the pole C's complex arithmetic (Annex G) keeps the infinite part NumPy's loses
        pole = np.empty((), x.dtype)
        pole.real, pole.imag = -np.inf, np.nan
        return np.where(x1p == 0, pole, out).astype(x.dtype)


log1p = defop("Log1p", quiet(np_log1p), dtypes=INEXACT, inputs="x")
defgrad(log1p, lambda g, y, x: g * reciprocal(1.0 + conj(x)))

sin = defop("Sin", np.sin, dtypes=INEXACT, inputs="x")
defgrad(sin, lambda g, y, x: g * cos(conj(x)))

cos = defop("Cos", np.cos, dtypes=INEXACT, inputs="x")
defgrad(cos, lambda g, y, x: -g * sin(conj(x)))

tan = defop("Tan", quiet(np.tan), dtypes=INEXACT, inputs="x")
defgrad(tan, lambda g, y, x: g * square(reciprocal(cos(conj(x)))))

asin = defop("Asin", quiet(np.arcsin), dtypes=INEXACT, inputs="x")
defgrad(asin, lambda g, y, x: g * reciprocal(sqrt(1.0 - square(x))))

acos = defop("Acos", quiet(np.arccos), dtypes=INEXACT, inputs="x")
defgrad(acos, lambda g, y, x: -g * reciprocal(sqrt(1.0 - square(x))))

atan = defop("Atan", np.arctan, dtypes=INEXACT, inputs="x")
defgrad(atan, lambda g, y, x: g * reciprocal(1.0 + square(x)))

atan2 = defop("Atan2", np.arctan2, dtypes=FLOATING, broadcasting=True, inputs="y, x")
defgrad(atan2, lambda g, z, y, x: g * x / (square(x) + square(y)),
        lambda g, z, y, x: -g * y / (square(x) + square(y)))

sinh = defop("Sinh", quiet(np.sinh), dtypes=INEXACT, inputs="x")
defgrad(sinh, lambda g, y, x: g * cosh(conj(x)))

cosh = defop("Cosh", quiet(np.cosh), dtypes=INEXACT, inputs="x")
defgrad(cosh, lambda g, y, x: g * sinh(conj(x)))

asinh = defop("Asinh", np.arcsinh, dtypes=INEXACT, inputs="x")
defgrad(asinh, lambda g, y, x: g / cosh(conj(y)))

acosh = defop("Acosh", quiet(np.arccosh), dtypes=INEXACT, inputs="x")
defgrad(acosh, lambda g, y, x: g / sinh(conj(y)))

atanh = defop("Atanh", quiet(np.arctanh), dtypes=INEXACT, inputs="x")
defgrad(atanh, lambda g, y, x: g * reciprocal(1.0 - square(x)))

tanh = defop("Tanh", np.tanh, dtypes=INEXACT, inputs="x")
defgrad(tanh, lambda g, y, x: _tanh_grad(y, g))

_tanh_grad = defop("TanhGrad", lambda y, dy: dy * (1 - y * np.conj(y)), dtypes=INEXACT)
defgrad(_tanh_grad, lambda gg, z, y, dy: -2.0 * gg * dy * conj(y), lambda gg, z, y, dy: gg * (1.0 - y * conj(y)))


def _np_sigmoid(x):
    # 1 / (1 + e) for x >= 0 and e / (1 + e) below, e = exp(-|x|), so neither side overflows:
    # sigmoid(+-100) is exactly 1 / 0 in float32
    if x.dtype.kind != "f":
        with np.errstate(all="ignore"):
            return 1 / (1 + np.exp(-x))
    e = np.negative(np.abs(x), out=np.empty(x.shape, x.dtype))
    np.exp(e, out=e)
    out = np.maximum(e, x >= 0, out=np.empty_like(e))      # 1 where x >= 0, else e (branch-free)
    np.divide(out, 1 + e, out=out)
    return flush_denormals(out)[()]




sigmoid = defop("Sigmoid", _np_sigmoid, dtypes=INEXACT, inputs="x")
defgrad(sigmoid, lambda g, y, x: _sigmoid_grad(y, g))

_sigmoid_grad = defop("SigmoidGrad", lambda y, dy: dy * (y * (1 - y)), dtypes=INEXACT)
defgrad(_sigmoid_grad, lambda gg, z, y, dy: gg * dy * (1.0 - 2.0 * y), lambda gg, z, y, dy: gg * y * (1.0 - y))


def _np_softplus(x):
    # NOTE: a primitive for stability: log1p(exp(-|x|)) + max(x, 0) never overflows
    with np.errstate(all="ignore"):
        return flush_denormals(np.asarray(np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0), x.dtype))[()]


softplus = defop("Softplus", _np_softplus, dtypes=FLOATING, inputs="features",
                 dtype_names="half, bfloat16, float, double")
defgrad(softplus, lambda g, y, x: g * sigmoid(x))

_erf_vec = np.frompyfunc(_pymath.erf, 1, 1)
_erfc_vec = np.frompyfunc(_pymath.erfc, 1, 1)
_TWO_OVER_ROOT_PI = 2.0 / _pymath.sqrt(_pymath.pi)


def _np_erf_like(fn):
    def forward(x):
        return np.asarray(fn(np.asarray(x, dtype=np.float64)), dtype=np.float64).astype(x.dtype)[()]
    return forward


erf = defop("Erf", _np_erf_like(_erf_vec), dtypes=FLOATING, inputs="x")
defgrad(erf, lambda g, y, x: g * _TWO_OVER_ROOT_PI * exp(-square(x)))

erfc = defop("Erfc", _np_erf_like(_erfc_vec), dtypes=FLOATING, inputs="x")
defgrad(erfc, lambda g, y, x: -g * _TWO_OVER_ROOT_PI * exp(-square(x)))

floor = defop("Floor", np.floor, dtypes=FLOATING, inputs="x")
nondifferentiable(floor)

ceil = defop("Ceil", np.ceil, dtypes=FLOATING, inputs="x")
nondifferentiable(ceil)

_round = defop("Round", np.round, dtypes=SIGNED_NUMERIC, inputs="x")   # half to even
nondifferentiable(_round)

rint = defop("Rint", np.rint, dtypes=FLOATING, inputs="x", no_kernel=frozenset({D.float16}))
nondifferentiable(rint)


def round(x, name=None):  # noqa: A001
    """Rounds half to even (`tf.round`); integer tensors are returned unchanged."""
    x = convert_to_tensor(x)
    return x if x.dtype.is_integer else _round(x)


# ---- complex parts -------------------------------------------------------------------------------
_real = defop("Real", lambda x, Tout=None: np.real(x).copy(), dtypes=COMPLEX)
defgrad(_real, lambda g, y, x, Tout=None: _complex(g, zeros_like_(g), Tout=x.dtype))

_imag = defop("Imag", lambda x, Tout=None: np.imag(x).copy(), dtypes=COMPLEX)
defgrad(_imag, lambda g, y, x, Tout=None: _complex(zeros_like_(g), g, Tout=x.dtype))

_conj = defop("Conj", np.conj, dtypes=COMPLEX)
deflinear(_conj)

_complex = defop("Complex", lambda re, im, Tout=None: (re + 1j * im).astype(Tout.as_numpy_dtype),
                 dtypes=frozenset({D.float32, D.float64}), broadcasting=True)
defgrad(_complex, lambda g, y, re, im, Tout=None: _real(g), lambda g, y, re, im, Tout=None: _imag(g))


def complex(real, imag, name=None):  # noqa: A001
    """real + 1j * imag (`tf.complex`): float32 parts give complex64, float64 parts complex128."""
    re = convert_to_tensor(real)
    im = convert_to_tensor(imag)
    if re.dtype is not im.dtype or re.dtype not in (D.float32, D.float64):
        raise TypeError(f"The `real` and `imag` components have incorrect types: {re.dtype.name} "
                        f"{im.dtype.name}. They must be consistent, and one of [tf.float32, tf.float64]")
    out = D.complex64 if re.dtype is D.float32 else D.complex128
    return _complex(re, im, Tout=out)


def real(input, name=None):
    """The real part (`tf.math.real`); a real tensor is returned as is."""
    x = convert_to_tensor(input)
    return _real(x) if x.dtype.is_complex else x


def imag(input, name=None):
    """The imaginary part (`tf.math.imag`); zeros for a real tensor."""
    x = convert_to_tensor(input)
    return _imag(x) if x.dtype.is_complex else zeros_like_(x)


def conj(x, name=None):
    """The complex conjugate (`tf.math.conj`); real and integer tensors are returned as is."""
    if type(x) is Tensor:
        kind = x._value.dtype.kind
        if kind in "fiub":
            return x
    else:
        x = convert_to_tensor(x)
    if x.dtype.is_complex:
        return _conj(x)
    if x.dtype.is_numeric:
        return x
    raise TypeError(f"Expected numeric or variant tensor, got dtype {x.dtype!r}.")


# ---- comparisons and logic -----------------------------------------------------------------------
def _np_compare(fn, fill):
    def forward(a, b, incompatible_shape_error=True):
        if not incompatible_shape_error and np.shape(a) != np.shape(b):
            try:
                np.broadcast_shapes(np.shape(a), np.shape(b))
            except ValueError:
                return np.bool_(fill)
        return fn(a, b)
    forward.__name__ = fn.__name__
    return forward


equal = defop("Equal", _np_compare(np.equal, False), dtypes=None, broadcasting=True, inputs="x, y")
not_equal = defop("NotEqual", _np_compare(np.not_equal, True), dtypes=None, broadcasting=True, inputs="x, y")
# TF's comparison ops list REAL_NUMBER_TYPES without the quantized types
_COMPARED = "float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64"
less = defop("Less", np.less, dtypes=REAL, broadcasting=True, inputs="x, y", dtype_names=_COMPARED)
less_equal = defop("LessEqual", np.less_equal, dtypes=REAL, broadcasting=True, inputs="x, y",
                   dtype_names=_COMPARED)
greater = defop("Greater", np.greater, dtypes=REAL, broadcasting=True, inputs="x, y",
                dtype_names=_COMPARED)
greater_equal = defop("GreaterEqual", np.greater_equal, dtypes=REAL, broadcasting=True, inputs="x, y",
                      dtype_names=_COMPARED)
is_nan = defop("IsNan", np.isnan, dtypes=FLOATING, inputs="x")
is_inf = defop("IsInf", np.isinf, dtypes=FLOATING, inputs="x")
is_finite = defop("IsFinite", np.isfinite, dtypes=FLOATING, inputs="x")
for _op in (equal, not_equal, less, less_equal, greater, greater_equal, is_nan, is_inf, is_finite):
    nondifferentiable(_op)

_logical_and = defop("LogicalAnd", np.logical_and, dtypes=BOOL, broadcasting=True)
_logical_or = defop("LogicalOr", np.logical_or, dtypes=BOOL, broadcasting=True)
_logical_not = defop("LogicalNot", np.logical_not, dtypes=BOOL)
bitwise_and = defop("BitwiseAnd", np.bitwise_and, dtypes=INTEGER, broadcasting=True, inputs="x, y")
bitwise_or = defop("BitwiseOr", np.bitwise_or, dtypes=INTEGER, broadcasting=True, inputs="x, y")
bitwise_xor = defop("BitwiseXor", np.bitwise_xor, dtypes=INTEGER, broadcasting=True, inputs="x, y")
invert = defop("Invert", np.invert, dtypes=INTEGER, inputs="x")
for _op in (_logical_and, _logical_or, _logical_not, bitwise_and, bitwise_or, bitwise_xor, invert):
    nondifferentiable(_op)


def _bools(op_type, values):
    """Inputs of a bool-only op: Python values convert to bool, other tensors raise TF's IAE."""
    out = []
    for i, v in enumerate(values):
        t = v if type(v) is Tensor else to_tensor(v, D.bool) if not _tensor_like(v) else convert_to_tensor(v)
        if t._value.dtype != np.bool_:
            raise mismatch(op_type, i, D.bool, t.dtype)
        out.append(t)
    return out


def _tensor_like(v):
    return isinstance(v, Tensor) or getattr(v, "_is_variable", False)


def logical_and(x, y, name=None):
    """Elementwise `x AND y` of bool tensors (`tf.math.logical_and`)."""
    return execute(_logical_and, _bools("LogicalAnd", (x, y)), {})


def logical_or(x, y, name=None):
    """Elementwise `x OR y` of bool tensors (`tf.math.logical_or`)."""
    return execute(_logical_or, _bools("LogicalOr", (x, y)), {})


def logical_not(x, name=None):
    """Elementwise NOT of a bool tensor (`tf.math.logical_not`)."""
    return execute(_logical_not, _bools("LogicalNot", (x,)), {})


def logical_xor(x, y, name="LogicalXor"):
    """Elementwise XOR, composed as TF does: (x OR y) AND NOT (x AND y)."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)))


# ---- cast ----------------------------------------------------------------------------------------
def _np_cast(x, DstT=None, Truncate=False):
    dst = DstT.as_numpy_dtype
    kind = x.dtype.kind
    if kind == "O":
        raise errors.kernel_error("Cast", f"Cast string to {DstT.c_name} is not supported", name="", cls=errors.UnimplementedError)
    if DstT is D.string:
        raise errors.kernel_error("Cast", f"Cast {D.of_array(x).c_name} to string is not supported", name="", cls=errors.UnimplementedError)
    if kind == "c" and DstT._np.kind != "c":
        x = np.real(x)
        kind = x.dtype.kind
    if kind == "f" and DstT.is_integer:
        t = np.trunc(x)
        if DstT.is_unsigned:
            with np.errstate(all="ignore"):
                bad = ~np.isfinite(t) | (t < -2.0 ** 63) | (t >= 2.0 ** 63)
                return np.where(bad, 0, t).astype(np.int64).astype(dst)
        # int8 and int16 go through int32 like TF's kernel: its INT_MIN, then the low bits
        info = np.iinfo(np.int64 if dst == np.int64 else np.int32)
        if t.size and info.min <= np.minimum.reduce(t, axis=None) and np.maximum.reduce(t, axis=None) <= info.max:
            return t.astype(info.dtype).astype(dst)[()]        # all finite and in range (NaN fails)
        with np.errstate(all="ignore"):
            bad = ~np.isfinite(t) | (t < info.min) | (t > info.max)   # NaN, inf, overflow: INT_MIN
            return np.where(bad, info.min, t).astype(info.dtype).astype(dst)[()]
    if kind not in "fc" or np.dtype(dst).itemsize >= x.dtype.itemsize:
        return x.astype(dst)           # nothing can overflow: no errstate block (~1 µs)
    with np.errstate(all="ignore"):    # a narrower float: out-of-range values become inf quietly
        return x.astype(dst)


_cast = defop("Cast", _np_cast, dtypes=None)


def _cast_grad(g, y, x, DstT=None, Truncate=False):
    if x.dtype in INEXACT and DstT in INEXACT:
        return cast(g, x.dtype)
    return None


defgrad(_cast, _cast_grad)


def cast(x, dtype, name=None):
    """Casts to `dtype` (`tf.cast`); the same dtype returns `x` itself, even a Variable.

    Float to int truncates toward zero; NaN, inf and out-of-range values give INT_MIN.
    """
    dtype = D.as_dtype(dtype)
    if type(x) is Tensor or getattr(x, "_is_variable", False):
        if x.dtype is dtype:
            return x
        if type(x) is not Tensor:
            x = x.read_value()
    else:
        x = convert_to_tensor(x)
        if x.dtype is dtype:
            return x
    return execute(_cast, (x,), {"DstT": dtype})


def saturate_cast(value, dtype, name=None):
    """Casts, clamping to the destination range first (`tf.dtypes.saturate_cast`).

    The limits are TF's: the narrower range in the input dtype, stepped one ulp towards zero
    where rounding into the input dtype would leave the destination range (float32 to int32
    clamps at 2147483520).
    """
    x = convert_to_tensor(value)
    dtype = D.as_dtype(dtype)
    if x.dtype.is_complex or dtype.is_complex or x.dtype is D.bool or dtype is D.bool:
        return cast(x, dtype)
    np_in, np_out = x.dtype.as_numpy_dtype, dtype.as_numpy_dtype
    in_min, in_max, out_min, out_max = x.dtype.min, x.dtype.max, dtype.min, dtype.max
    promoted = np.promote_types(np_in, np_out)
    with np.errstate(over="ignore"):
        lo = np_in(np.maximum(in_min, out_min))
        if np.array([lo, out_min], promoted)[0] < np.array([lo, out_min], promoted)[1]:
            lo = np.nextafter(lo, np_in(0), dtype=np_in)
        hi = np_in(np.minimum(float(in_max), float(out_max)))
        if np.array([hi, out_max], promoted)[0] > np.array([hi, out_max], promoted)[1]:
            hi = np.nextafter(hi, np_in(0), dtype=np_in)
    x = clip_by_value(x, to_tensor(np.asarray(lo), x.dtype), to_tensor(np.asarray(hi), x.dtype))
    return cast(x, dtype)


# ---- variadic and scalar helpers -----------------------------------------------------------------
def _np_add_n(*xs):
    first = xs[0]
    for i, x in enumerate(xs[1:], 1):
        if np.shape(x) != np.shape(first):
            raise errors.kernel_error("AddN", f"Inputs to operation AddN of type AddN must have the same size and "
                                  f"shape.  Input 0: {shape_list(np.shape(first))} != input {i}: "
                                  f"{shape_list(np.shape(x))}", name="")
    out = first
    for x in xs[1:]:
        out = out + x
    return np.asarray(out, dtype=first.dtype)[()] if np.ndim(out) == 0 else out


_add_n = defop("AddN", _np_add_n, dtypes=NUMERIC)
defgrad_all(_add_n, lambda g, y, *xs: [g] * len(xs))


def add_n(inputs, name=None):
    """Sums a list of same-shaped tensors (`tf.math.add_n`)."""
    from tapeviz.framework.convert import matching_tensors
    if _tensor_like(inputs) or not isinstance(inputs, (list, tuple)):
        inputs = [inputs]
    if not inputs:
        raise ValueError("Inputs must be an iterable of at least one Tensor/IndexedSlices with the "
                         "same dtype and shape.")
    ts = matching_tensors("AddN", inputs, NUMERIC)
    if ts[0].dtype not in NUMERIC:
        raise disallowed(_add_n, ts[0].dtype)
    return execute(_add_n, ts, {})


def scalar_mul(scalar, x, name=None):
    """`scalar * x` where `scalar` must be 0-D (`tf.math.scalar_mul`)."""
    x = convert_to_tensor(x)
    s = convert_to_tensor(scalar, dtype=x.dtype)
    if s.ndim != 0:
        raise ValueError(f"The input scalar must be a 0-D value. Received shape {s.shape}.")
    return multiply(s, x)


def add(x, y, name=None):
    """x + y elementwise (`tf.add`): `x` fixes the dtype; `y` converts to it where it can.

    A `y` that cannot convert (`tf.add(1, 2.0)`) keeps its own dtype and the op raises TF's
    InvalidArgumentError, unlike the other binary ops, which raise TypeError.
    """
    if type(x) is not Tensor:
        x = convert_to_tensor(x)
    if type(y) is not Tensor:
        y = convert_to_tensor(y, dtype_hint=x.dtype)
    if x._value.dtype.kind == "O":
        return _add_string(x, y)
    return _add(x, y)


_TRUEDIV = {D.uint8: D.float32, D.int8: D.float32, D.uint16: D.float32, D.int16: D.float32,
            D.uint32: D.float64, D.int32: D.float64, D.uint64: D.float64, D.int64: D.float64,
            D.float16: None, D.float32: None, D.float64: None, D.complex64: None, D.complex128: None}
_TRUEDIV_NAMES = ("tf.uint8, tf.int8, tf.uint16, tf.int16, tf.uint32, tf.int32, tf.uint64, tf.int64, "
                  "tf.bfloat16, tf.float16, tf.float32, tf.float64, tf.complex64, tf.complex128")


def truediv(x, y, name=None):
    """x / y with Python 3 semantics (`tf.math.truediv`): integers become float32/float64 first.

    Raises:
      TypeError: `x` and `y` have different dtypes, or a dtype with no division.
    """
    if type(x) is not Tensor:
        x = convert_to_tensor(x)
    if type(y) is not Tensor:
        y = convert_to_tensor(y, dtype_hint=x.dtype)
    dx, dy = x.dtype, y.dtype
    if dx is not dy:
        raise TypeError(f"`x` and `y` must have the same dtype, got {dx!r} != {dy!r}.")
    try:
        target = _TRUEDIV[dx]
    except KeyError:
        raise TypeError(f"Invalid dtype {dx!r} in __truediv__. Expected one of "
                        f"{{{_TRUEDIV_NAMES}}}.") from None
    if target is not None:
        x, y = cast(x, target), cast(y, target)
    return _realdiv(x, y)


def divide(x, y, name=None):
    """x / y (`tf.math.divide`): Python 3 division, as the `/` operator."""
    return truediv(x, y)


def realdiv(x, y, name=None):
    """x / y of one dtype with no integer promotion (`tf.realdiv`)."""
    return _realdiv(x, y)


def divide_no_nan(x, y, name=None):
    """x / y, but 0 wherever y is 0 (`tf.math.divide_no_nan`); integers become floats first."""
    x = convert_to_tensor(x)
    y = convert_to_tensor(y, dtype_hint=x.dtype)
    if x.dtype is not y.dtype:
        raise TypeError(f"`x` and `y` must have the same dtype, got {x.dtype!r} != {y.dtype!r}.")
    target = _TRUEDIV.get(x.dtype)
    if target is not None:
        x, y = cast(x, target), cast(y, target)
    return _div_no_nan(x, y)


def multiply_no_nan(x, y, name=None):
    """x * y, but 0 wherever y is 0, even if x is nan or inf (`tf.math.multiply_no_nan`)."""
    return _mul_no_nan(x, y)


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """Clamps `t` to [min, max] (`tf.clip_by_value`), composed as TF does from Minimum/Maximum.

    The gradient is 1 at exactly the bounds (ties go to `t`) and 0 strictly outside.
    """
    t = convert_to_tensor(t)
    t_min = minimum(t, clip_value_max)
    if t_min._value.shape != t._value.shape:
        raise ValueError(f"Shapes {t.shape} and {t_min.shape} are incompatible")
    return maximum(t_min, clip_value_min)


# ---- reductions ----------------------------------------------------------------------------------
# Reductions call ufunc.reduce directly: what np.sum/np.max do, minus a Python wrapper that
# costs more than the arithmetic on small arrays.
def _np_sum(x, axis=None, keepdims=False):
    return np.add.reduce(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _kept_shape(shape, axis):
    return [1 if axis is None or i in axis else d for i, d in enumerate(shape)]


def _reduced_size(shape, axis):
    n = 1
    for i, d in enumerate(shape):
        if axis is None or i in axis:
            n *= d
    return n


def _keep(t, x, axis, keepdims):
    """`t` (a reduction result or its gradient) reshaped so it broadcasts against `x`."""
    from tapeviz.ops.array import reshape
    if keepdims or axis == ():
        return t
    return reshape(t, _kept_shape(x._value.shape, axis))


_sum = defop("Sum", _np_sum, dtypes=NUMERIC, dtype_names=NUMBER_TYPES)


def _sum_grad(g, y, x, axis=None, keepdims=False):
    from tapeviz.ops.array import broadcast_to
    if g._value.ndim == 0:     # a full reduction: a scalar broadcasts without a reshape
        return broadcast_to(g, x._value.shape)
    return broadcast_to(_keep(g, x, axis, keepdims), x._value.shape)


defgrad(_sum, _sum_grad)


def _np_mean(x, axis=None, keepdims=False):
    if x.dtype.kind in "iu":
        s = np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
        n = _reduced_size(x.shape, axis)
        if n == 0:
            return np.zeros_like(s)
        q = np.abs(s) // n                       # C++ integer division truncates toward zero
        return (np.sign(s) * q).astype(x.dtype)[()]
    if x.dtype.kind in "fc" and x.dtype != np.float16:   # np.mean's own steps, unwrapped
        n = _reduced_size(x.shape, axis)     # (inf and nan pass silently, as in the other ops)
        return np.asarray(np.add.reduce(x, axis=axis, keepdims=keepdims) / np.intp(n), dtype=x.dtype)[()]
    with np.errstate(all="ignore"):
        return np.asarray(np.mean(x, axis=axis, keepdims=keepdims), dtype=x.dtype)[()]


_mean = defop("Mean", _np_mean, dtypes=NUMERIC, dtype_names=NUMBER_TYPES)
# g / n first, then broadcast: the same quotients as TF's (broadcast, then divide), computed
# once per reduced value instead of once per input element
defgrad(_mean, lambda g, y, x, axis=None, keepdims=False:
        _sum_grad(g / float(max(_reduced_size(x._value.shape, axis), 1)), y, x, axis, keepdims))


def _np_max(x, axis=None, keepdims=False):
    init = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    return np.maximum.reduce(x, axis=axis, keepdims=keepdims, initial=init)


def _np_min(x, axis=None, keepdims=False):
    init = np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).max
    return np.minimum.reduce(x, axis=axis, keepdims=keepdims, initial=init)


def _min_or_max_grad(g, y, x, axis=None, keepdims=False):
    # ties share the gradient evenly, as TF's _MinOrMaxGrad
    indicators = cast(equal(_keep(y, x, axis, keepdims), x), g.dtype)
    num_selected = reduce_sum(indicators, axis=axis, keepdims=True)
    return indicators / num_selected * _keep(g, x, axis, keepdims)


_max = defop("Max", _np_max, dtypes=REAL, dtype_names=REAL_NUMBER_TYPES)
defgrad(_max, _min_or_max_grad)

_min = defop("Min", _np_min, dtypes=REAL, dtype_names=REAL_NUMBER_TYPES)
defgrad(_min, _min_or_max_grad)


def _np_prod(x, axis=None, keepdims=False):
    return np.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _prod_grad(g, y, x, axis=None, keepdims=False):
    # TF's _ProdGrad: products of everything before and after each element, so one zero gives
    # no nan. The reduced axes are moved to the front and flattened into one.
    from tapeviz.ops.array import reshape
    shape = x._value.shape
    reduced = list(range(len(shape))) if axis is None else sorted(axis)
    other = [i for i in range(len(shape)) if i not in reduced]
    perm = reduced + other
    permuted = _permute(x, perm)
    pshape = [shape[i] for i in perm]
    n_red = _prod_of(pshape[:len(reduced)])
    flat = reshape(permuted, [n_red, _prod_of(pshape[len(reduced):])])
    left = cumprod(flat, axis=0, exclusive=True)
    right = cumprod(flat, axis=0, exclusive=True, reverse=True)
    others = _permute(reshape(conj(left) * conj(right), pshape), _inverse(perm))
    return others * _keep(g, x, axis, keepdims)


def _prod_of(dims):
    n = 1
    for d in dims:
        n *= d
    return n


def _inverse(perm):
    inv = [0] * len(perm)
    for i, p in enumerate(perm):
        inv[p] = i
    return inv


def _permute(x, perm):
    """`tf.transpose(x, perm)`, or `x` itself for the identity permutation."""
    if list(perm) == list(range(len(perm))):
        return x
    from tapeviz.ops import array
    transpose = getattr(array, "transpose", None)
    if transpose is not None:
        return transpose(x, perm)
    from tapeviz.ops.linalg import einsum
    letters = "abcdefghijklmnopqrstuvwxyz"[:len(perm)]
    return einsum(f"{letters}->{''.join(letters[p] for p in perm)}", x)


_prod = defop("Prod", _np_prod, dtypes=NUMERIC, dtype_names=NUMBER_TYPES)
defgrad(_prod, _prod_grad)


def _np_euclidean_norm(x, axis=None, keepdims=False):
    with np.errstate(all="ignore"):
        if x.dtype.kind == "c":
            s = np.sum((x * np.conj(x)).real, axis=axis, keepdims=keepdims)
            return np.sqrt(s).astype(x.dtype)[()]
        s = np.sum(np.square(x.astype(np.float64) if x.dtype.kind in "iu" else x), axis=axis, keepdims=keepdims)
        return np.asarray(np.sqrt(s)).astype(x.dtype)[()]


_euclidean_norm = defop("EuclideanNorm", _np_euclidean_norm, dtypes=NUMERIC)
defgrad(_euclidean_norm, lambda g, y, x, axis=None, keepdims=False:
        x / (_keep(y, x, axis, keepdims) / _keep(g, x, axis, keepdims)))

_all = defop("All", lambda x, axis=None, keepdims=False: np.all(x, axis=axis, keepdims=keepdims), dtypes=BOOL)
_any = defop("Any", lambda x, axis=None, keepdims=False: np.any(x, axis=axis, keepdims=keepdims), dtypes=BOOL)
nondifferentiable(_all)
nondifferentiable(_any)


def _reduce(op, input_tensor, axis, keepdims):
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    if x.dtype not in op.dtypes:
        raise disallowed(op, x.dtype)
    return execute(op, (x,), {"axis": _axes(axis, x.ndim, op.type), "keepdims": bool(keepdims)})


def _axes(axis, ndim, op_type):
    if axis is None:
        return None
    if isinstance(axis, float) or (isinstance(axis, (list, tuple)) and any(isinstance(a, float) for a in axis)):
        raise TypeError(f"Cannot convert {axis!r} to EagerTensor of dtype int32")
    if ndim == 0 and not (isinstance(axis, (list, tuple)) and len(axis) == 0):
        first = axis[0] if isinstance(axis, (list, tuple)) else axis
        raise errors.kernel_error(op_type, f"Invalid reduction dimension ({int(first)} for input with 0 dimension(s)", name="")
    out = axes(axis, ndim, op_type)
    if len(set(out)) != len(out):
        dup = next(a for a in out if out.count(a) > 1)
        raise errors.kernel_error(op_type, f"Invalid reduction arguments: Axes contains duplicate dimension: {dup}", name="")
    return out


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """Sum over `axis` (all axes by default); `keepdims` keeps reduced axes with size 1.

    Raises:
      InvalidArgumentError: a bool input, or an axis out of range.
    """
    return _reduce(_sum, input_tensor, axis, keepdims)


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None):
    """Mean over `axis`; integer means truncate toward zero as TF's do (`[1, 2]` gives 1)."""
    return _reduce(_mean, input_tensor, axis, keepdims)


def reduce_max(input_tensor, axis=None, keepdims=False, name=None):
    """Maximum over `axis` (-inf for empty float input); tied maxima share the gradient."""
    return _reduce(_max, input_tensor, axis, keepdims)


def reduce_min(input_tensor, axis=None, keepdims=False, name=None):
    """Minimum over `axis` (inf for empty float input); tied minima share the gradient."""
    return _reduce(_min, input_tensor, axis, keepdims)


def reduce_prod(input_tensor, axis=None, keepdims=False, name=None):
    """Product over `axis`; the gradient has no nan when one element is 0."""
    return _reduce(_prod, input_tensor, axis, keepdims)


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """sqrt(sum(x**2)) over `axis` (`tf.math.reduce_euclidean_norm`); ints stay ints."""
    return _reduce(_euclidean_norm, input_tensor, axis, keepdims)


def _bool_reduce(op, input_tensor, axis, keepdims):
    x = _bools(op.type, (input_tensor,))[0]
    return execute(op, (x,), {"axis": _axes(axis, x.ndim, op.type), "keepdims": bool(keepdims)})


def reduce_all(input_tensor, axis=None, keepdims=False, name=None):
    """Logical AND over `axis` of a bool tensor."""
    return _bool_reduce(_all, input_tensor, axis, keepdims)


def reduce_any(input_tensor, axis=None, keepdims=False, name=None):
    """Logical OR over `axis` of a bool tensor."""
    return _bool_reduce(_any, input_tensor, axis, keepdims)


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    """log(sum(exp(x))) over `axis`, computed stably by subtracting the (constant) maximum."""
    x = convert_to_tensor(input_tensor)
    raw_max = reduce_max(x, axis=axis, keepdims=True)
    is_finite(raw_max)                                 # TF's dtype check: IsFinite rejects ints
    m = raw_max._value
    my_max = Tensor(np.where(np.isfinite(m), m, np.zeros((), m.dtype)))   # a constant: stop_gradient
    result = log(reduce_sum(exp(x - my_max), axis=axis, keepdims=keepdims))
    return result + (my_max if keepdims else Tensor(np.asarray(my_max._value).reshape(result._value.shape)))


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """The population variance over `axis` (`tf.math.reduce_variance`); float or complex only."""
    x = convert_to_tensor(input_tensor)
    if x.dtype.is_integer:
        raise TypeError(f"Input must be either real or complex. Received integer type {x.dtype}.")
    means = reduce_mean(x, axis=axis, keepdims=True)
    if x.dtype.is_complex:
        d = x - means
        return reduce_mean(real(d * conj(d)), axis=axis, keepdims=keepdims)
    return reduce_mean(squared_difference(x, means), axis=axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """The population standard deviation over `axis` (`tf.math.reduce_std`)."""
    x = convert_to_tensor(input_tensor)
    if x.dtype.is_integer:
        raise TypeError(f"Input must be either real or complex. Received integer type {x.dtype}.")
    return sqrt(reduce_variance(x, axis=axis, keepdims=keepdims))


def count_nonzero(input, axis=None, keepdims=None, dtype=D.int64, name=None):
    """How many elements are not zero, over `axis` (`tf.math.count_nonzero`), int64 by default."""
    x = convert_to_tensor(input)
    zero = Tensor(np.zeros((), x._value.dtype))
    nonzero = cast(not_equal(x, zero), D.int64)
    return cast(reduce_sum(nonzero, axis=axis, keepdims=bool(keepdims)), dtype)


# ---- argmax / argmin -----------------------------------------------------------------------------
def _np_arg(fn, op_type):
    def forward(x, axis=0, output_type=D.int64):
        nd = x.ndim
        if not -max(nd, 0) <= axis < nd:
            raise errors.kernel_error(op_type, f"Expected dimension in the range [{-nd}, {nd}), but got {axis}", name="")
        if x.shape[axis] == 0:
            raise errors.kernel_error(op_type, f"Reduction axis {axis % nd} is empty in shape {shape_list(x.shape)}", name="")
        if x.dtype.kind == "f":
            # TF's reducer keeps the first value strictly greater (less) than the best so far,
            # so a NaN is never chosen (index 0 when nothing is), where NumPy picks the first NaN
            x = np.where(np.isnan(x), -np.inf if fn is np.argmax else np.inf, x)
        return np.asarray(fn(x, axis=axis), dtype=output_type.as_numpy_dtype)[()]
    return forward


_argmax = defop("ArgMax", _np_arg(np.argmax, "ArgMax"), dtypes=REAL | BOOL)
_argmin = defop("ArgMin", _np_arg(np.argmin, "ArgMin"), dtypes=REAL | BOOL)
nondifferentiable(_argmax)
nondifferentiable(_argmin)


def _arg(op, input, axis, output_type):
    x = convert_to_tensor(input)
    if x.dtype not in op.dtypes:
        raise disallowed(op, x.dtype)
    output_type = D.as_dtype(output_type)
    if output_type not in (D.int16, D.uint16, D.int32, D.int64):
        raise errors.build_error(op.type, f"Value for attr 'output_type' of {output_type.c_name} is "
                                 "not in the list of allowed values: int16, uint16, int32, int64")
    axis = 0 if axis is None else int(axis._value) if isinstance(axis, Tensor) else int(axis)
    return execute(op, (x,), {"axis": axis, "output_type": output_type})


def argmax(input, axis=None, output_type=D.int64, name=None):
    """Index of the largest value along `axis` (default 0, not flattened); ties take the first."""
    return _arg(_argmax, input, axis, output_type)


def argmin(input, axis=None, output_type=D.int64, name=None):
    """Index of the smallest value along `axis` (default 0); ties take the first."""
    return _arg(_argmin, input, axis, output_type)


# ---- scans ---------------------------------------------------------------------------------------
def _np_scan(ufunc, identity, op_type):
    def forward(x, axis=0, exclusive=False, reverse=False):
        nd = x.ndim
        if not -nd <= axis < nd:
            raise errors.kernel_error(op_type, f"ScanOp: Expected scan axis in the range [{-nd}, {nd}), but got {axis}", name="")
        a = np.flip(x, axis) if reverse else x
        with np.errstate(all="ignore"):
            out = ufunc.accumulate(a, axis=axis, dtype=x.dtype)
        if exclusive:
            pad = [(0, 0)] * nd
            pad[axis] = (1, 0)
            out = np.pad(np.delete(out, -1, axis=axis), pad, constant_values=identity)
        return np.flip(out, axis) if reverse else out
    return forward


_cumsum = defop("Cumsum", _np_scan(np.add, 0, "Cumsum"), dtypes=NUMERIC,
                 dtype_names=NUMBER_TYPES)
defgrad(_cumsum, lambda g, y, x, axis=0, exclusive=False, reverse=False:
        cumsum(g, axis=axis, exclusive=exclusive, reverse=not reverse))

_cumprod = defop("Cumprod", _np_scan(np.multiply, 1, "Cumprod"), dtypes=NUMERIC,
                  dtype_names=NUMBER_TYPES)
# TF's _CumprodGrad divides by x with div_no_nan: 0 where x == 0
defgrad(_cumprod, lambda g, y, x, axis=0, exclusive=False, reverse=False:
        _div_no_nan(cumsum(y * g, axis=axis, exclusive=exclusive, reverse=not reverse), x))


def _scan(op, x, axis, exclusive, reverse):
    x = convert_to_tensor(x)
    if x.dtype not in op.dtypes:
        raise disallowed(op, x.dtype)
    axis = int(axis._value) if isinstance(axis, Tensor) else int(axis)
    return execute(op, (x,), {"axis": axis, "exclusive": bool(exclusive), "reverse": bool(reverse)})


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative sum along `axis`; `exclusive` starts at 0, `reverse` sums from the end."""
    return _scan(_cumsum, x, axis, exclusive, reverse)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative product along `axis`; `exclusive` starts at 1, `reverse` from the end."""
    return _scan(_cumprod, x, axis, exclusive, reverse)


# ---- small helpers used by rules (tapeviz ops, never NumPy at backward time) ---------------------
def where_(cond, a, b):
    """`tf.where(cond, a, b)` for rules: the array family's op when present, else a mask product
    (the same value and gradient while `a` and `b` are finite)."""
    from tapeviz.ops import array
    fn = getattr(array, "where", None)
    if fn is not None:
        return fn(cond, a, b)
    mask = cast(cond, a.dtype)
    return a * mask + b * (1.0 - mask)


def zeros_like_(x):
    return Tensor(np.zeros_like(x._value))


def ones_like_(x):
    return Tensor(np.ones_like(x._value))


# ---- the namespace -------------------------------------------------------------------------------
export(add, "add", "math.add")
export(subtract, "subtract", "math.subtract")
export(multiply, "multiply", "math.multiply")
export(negative, "negative", "math.negative")
export(divide, "divide", "math.divide")
export(truediv, "truediv", "math.truediv")
export(realdiv, "realdiv")
export(floordiv, "math.floordiv")
export(floormod, "math.floormod", "math.mod")
export(pow, "pow", "math.pow")
export(divide_no_nan, "math.divide_no_nan")
export(multiply_no_nan, "math.multiply_no_nan")
export(squared_difference, "math.squared_difference")
export(maximum, "maximum", "math.maximum")
export(minimum, "minimum", "math.minimum")
export(xlogy, "math.xlogy")
export(xdivy, "math.xdivy")
export(abs, "abs", "math.abs")
export(sign, "sign", "math.sign")
export(square, "square", "math.square")
export(sqrt, "sqrt", "math.sqrt")
export(rsqrt, "math.rsqrt")
export(reciprocal, "math.reciprocal")
export(exp, "exp", "math.exp")
export(expm1, "math.expm1")
export(log, "math.log")
export(log1p, "math.log1p")
export(sin, "sin", "math.sin")
export(cos, "cos", "math.cos")
export(tan, "tan", "math.tan")
export(asin, "asin", "math.asin")
export(acos, "acos", "math.acos")
export(atan, "atan", "math.atan")
export(atan2, "atan2", "math.atan2")
export(sinh, "sinh", "math.sinh")
export(cosh, "cosh", "math.cosh")
export(asinh, "asinh", "math.asinh")
export(acosh, "acosh", "math.acosh")
export(atanh, "atanh", "math.atanh")
export(tanh, "tanh", "math.tanh", "nn.tanh")
export(sigmoid, "sigmoid", "math.sigmoid", "nn.sigmoid")
export(softplus, "math.softplus", "nn.softplus")
export(erf, "math.erf")
export(erfc, "math.erfc")
export(floor, "floor", "math.floor")
export(ceil, "math.ceil")
export(round, "round", "math.round")
export(rint, "math.rint")
export(complex, "complex", "dtypes.complex")
export(real, "math.real")
export(imag, "math.imag")
export(conj, "math.conj")
export(equal, "equal", "math.equal")
export(not_equal, "not_equal", "math.not_equal")
export(less, "less", "math.less")
export(less_equal, "less_equal", "math.less_equal")
export(greater, "greater", "math.greater")
export(greater_equal, "greater_equal", "math.greater_equal")
export(is_nan, "math.is_nan")
export(is_inf, "math.is_inf")
export(is_finite, "math.is_finite")
export(logical_and, "logical_and", "math.logical_and")
export(logical_or, "logical_or", "math.logical_or")
export(logical_not, "logical_not", "math.logical_not")
export(logical_xor, "math.logical_xor")
export(bitwise_and, "bitwise.bitwise_and")
export(bitwise_or, "bitwise.bitwise_or")
export(bitwise_xor, "bitwise.bitwise_xor")
export(invert, "bitwise.invert")
export(cast, "cast", "dtypes.cast")
export(saturate_cast, "saturate_cast", "dtypes.saturate_cast")
export(add_n, "add_n", "math.add_n")
export(scalar_mul, "math.scalar_mul", "scalar_mul")
export(clip_by_value, "clip_by_value")
export(reduce_sum, "reduce_sum", "math.reduce_sum")
export(reduce_mean, "reduce_mean", "math.reduce_mean")
export(reduce_max, "reduce_max", "math.reduce_max")
export(reduce_min, "reduce_min", "math.reduce_min")
export(reduce_prod, "reduce_prod", "math.reduce_prod")
export(reduce_euclidean_norm, "math.reduce_euclidean_norm")
export(reduce_all, "reduce_all", "math.reduce_all")
export(reduce_any, "reduce_any", "math.reduce_any")
export(reduce_logsumexp, "reduce_logsumexp", "math.reduce_logsumexp")
export(reduce_variance, "math.reduce_variance")
export(reduce_std, "math.reduce_std")
export(count_nonzero, "math.count_nonzero")
export(argmax, "argmax", "math.argmax")
export(argmin, "argmin", "math.argmin")
export(cumsum, "cumsum", "math.cumsum")
export(cumprod, "math.cumprod")

"""Gamma-family special functions of `tf.math`: `lgamma`, `digamma`, `polygamma`, `zeta` and
`erfinv`, in NumPy float64 arithmetic rounded to the input's dtype (TF's kernels follow Cephes,
as these do).

Gradients are TF's (`math_grad.py`): lgamma' = digamma, digamma' = polygamma(1, x),
polygamma(a, x)' = polygamma(a + 1, x) (none for `a`), zeta(x, q)' = -x zeta(x + 1, q) for `q`
(TF defines none for `x`), and erfinv' = sqrt(pi) / 2 exp(erfinv(x)^2).
"""
import math as _pymath

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export
from tapeviz.framework.registry import defgrad, defop
from tapeviz.ops import math as M

_FLOAT_NAMES = "bfloat16, half, float, double"
_lgamma_vec = np.frompyfunc(lambda v: _lgamma_scalar(float(v)), 1, 1)


def _lgamma_scalar(v):
    try:
        return _pymath.lgamma(v)
    except (ValueError, OverflowError):
        return _pymath.inf         # the poles at 0, -1, -2, ...


def _in_dtype(fn):
    """Runs `fn` on float64 and rounds the result to the input's dtype (0-d stays 0-d)."""
    def forward(*xs):
        with np.errstate(all="ignore"):
            out = fn(*[np.asarray(x, np.float64) for x in xs])
        return np.asarray(out, np.float64).astype(xs[0].dtype)[()]
    forward.__name__ = fn.__name__
    return forward


# ---- lgamma, digamma ------------------------------------------------------------------------------
def _np_lgamma(x):
    return np.asarray(_lgamma_vec(x), np.float64) if np.ndim(x) else _lgamma_scalar(float(x))


_PSI_A = (8.33333333333333333333e-2, -2.10927960927960927961e-2, 7.57575757575757575758e-3,
          -4.16666666666666666667e-3, 3.96825396825396825397e-3, -8.33333333333333333333e-3,
          8.33333333333333333333e-2)


def _np_digamma(x):
    """Cephes `psi`: reflection below 0, the recurrence up to 10, then the asymptotic series."""
    x = np.asarray(x, np.float64)
    pole = (x <= 0) & (x == np.floor(x))
    reflect = x < 0
    y = np.where(reflect, 1.0 - x, x)
    shift = np.zeros_like(y)
    for _ in range(10):
        small = y < 10.0
        shift = shift - np.where(small, 1.0 / y, 0.0)
        y = np.where(small, y + 1.0, y)
    z = 1.0 / (y * y)
    poly = 0.0
    for a in _PSI_A:
        poly = poly * z + a
    out = np.log(y) - 0.5 / y - z * poly + shift
    out = np.where(y == np.inf, np.inf, out)
    out = np.where(reflect, out - np.pi / np.tan(np.pi * x), out)
    return np.where(pole | (x == -np.inf), np.nan, out)


lgamma = defop("Lgamma", _in_dtype(_np_lgamma), dtypes=D.FLOATING, inputs="x", dtype_names=_FLOAT_NAMES)
digamma = defop("Digamma", _in_dtype(_np_digamma), dtypes=D.FLOATING, inputs="x", dtype_names=_FLOAT_NAMES)
defgrad(lgamma, lambda g, y, x: g * digamma(x))


# ---- zeta, polygamma ------------------------------------------------------------------------------
_ZETA_A = (12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9, 7.47242496e10,
           -2.950130727918164224e12, 1.1646782814350067249e14, -4.5979787224074726105e15,
           1.8152105401943546773e17, -7.1661652561756670113e18)


def _np_zeta(x, q):
    """Cephes/Eigen Hurwitz zeta: a direct sum while q + n < 9, then Euler-Maclaurin."""
    x, q = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(q, np.float64))
    terms = int(np.clip(np.ceil(9.0 - np.nanmin(q, initial=9.0)), 9, 10000)) + 1 if q.size else 0
    s = np.zeros_like(x)
    a = q.copy()
    for _ in range(terms):
        s = s + np.where(a > 9.0, 0.0, a ** -x)      # sum (q + k)^-x while q + k <= 9
        a = np.where(a > 9.0, a, a + 1.0)
    overflowed = np.isinf(s)       # Cephes returns there: later terms are nothing beside inf
    b = a ** -x
    s = s + b * a / (x - 1.0) - 0.5 * b + b        # the tail integral, half its first term, and it
    coef, k = np.ones_like(x), 0.0
    for big in _ZETA_A:
        coef = coef * (x + k)
        b = b / a
        s = s + np.where(b == 0.0, 0.0, coef * b / big)     # every term 0 (huge x): no inf * 0
        k += 1.0
        coef = coef * (x + k)
        b = b / a
        k += 1.0
    # a term overflowed (Cephes stops there), and q = inf leaves nothing
    s = np.where(overflowed, np.inf, np.where(q == np.inf, 0.0, s))
    # q <= 0: a pole at whole q (inf for even x), undefined for fractional x
    even = (x == np.floor(x)) & ((np.fmod(x, 2.0) == 0) | np.isinf(x))   # Eigen's long(inf) is even
    s = np.where((q <= 0) & (q == np.floor(q)), np.where(even, np.inf, np.nan), s)
    s = np.where((q <= 0) & (x != np.floor(x)), np.nan, s)
    return np.where(x == 1.0, np.inf, np.where(x < 1.0, np.nan, s))


def _np_polygamma(n, x):
    n, x = np.broadcast_arrays(np.asarray(n, np.float64), np.asarray(x, np.float64))
    whole = n == np.floor(n)
    nn = np.where(whole & (n >= 1), n, 1.0)
    sign_fact = np.where(np.fmod(nn, 2.0) == 0, -1.0, 1.0) * np.exp(_np_lgamma(nn + 1.0))
    out = np.where(n == 0, _np_digamma(x), sign_fact * _np_zeta(nn + 1.0, x))
    return np.where(whole & (n >= 0), out, np.nan)


zeta = defop("Zeta", _in_dtype(_np_zeta), dtypes=frozenset({D.float32, D.float64}), broadcasting=True,
             inputs="x, q")
defgrad(zeta, None, lambda g, y, x, q: g * -x * zeta(x + 1.0, q))

polygamma = defop("Polygamma", _in_dtype(_np_polygamma), dtypes=frozenset({D.float32, D.float64}),
                  broadcasting=True, inputs="a, x")
defgrad(polygamma, None, lambda g, y, a, x: g * polygamma(a + 1.0, x))
defgrad(digamma, lambda g, y, x: g * polygamma(1.0, x))


# ---- erfinv ---------------------------------------------------------------------------------------
_ERFC_VEC = np.frompyfunc(_pymath.erfc, 1, 1)
_GILES_CENTRAL = (2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
                  -0.00125372503, -0.00417768164, 0.246640727, 1.50140941)
_GILES_TAIL = (-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
               -0.0076224613, 0.00943887047, 1.00167406, 2.83297682)


def _polyval(coefs, w):
    p = np.zeros_like(w)
    for c in coefs:
        p = p * w + c
    return p


def _np_erfinv(y):
    """Giles' approximation, then Newton steps on erfc(x) = 1 - |y| (accurate near 1)."""
    y = np.asarray(y, np.float64)
    a = np.abs(y)
    r = 1.0 - a
    w = -np.log(np.maximum(r * (1.0 + a), 1e-300))
    x = np.where(w < 5.0, _polyval(_GILES_CENTRAL, w - 2.5), _polyval(_GILES_TAIL, np.sqrt(w) - 3.0)) * a
    inside = (a < 1.0) & (a > 0)
    for _ in range(4):
        err = np.asarray(_ERFC_VEC(np.where(inside, x, 0.0)), np.float64) - np.where(inside, r, 1.0)
        x = np.where(inside, x + err * (np.sqrt(np.pi) / 2.0) * np.exp(np.minimum(x * x, 700.0)), x)
    x = np.where(a == 1.0, np.inf, np.where(a > 1.0, np.nan, x))
    return np.copysign(x, y) * (a != 0) + np.where(a == 0, y, 0.0)


def _np_erfinv_tf(x):
    # TF's kernel is ndtri((x + 1) / 2) / sqrt(2), the halving rounded in x's dtype: near +-1 that
    # rounding, not the series, decides the float32 result (and tiny x give exactly 0)
    with np.errstate(all="ignore"):
        half = (x + x.dtype.type(1)) / x.dtype.type(2)
        out = _np_erfinv(2.0 * np.asarray(half, np.float64) - 1.0)
    return np.asarray(out, np.float64).astype(x.dtype)[()]


erfinv = defop("Erfinv", _np_erfinv_tf, dtypes=D.FLOATING, inputs="x", dtype_names=_FLOAT_NAMES,
               no_kernel=frozenset({D.float16}))
defgrad(erfinv, lambda g, y, x: g * (_pymath.sqrt(_pymath.pi) / 2.0) * M.exp(M.square(y)))


export(lgamma, "math.lgamma", "lgamma")
export(digamma, "math.digamma", "digamma")
export(polygamma, "math.polygamma")
export(zeta, "math.zeta")
export(erfinv, "math.erfinv")

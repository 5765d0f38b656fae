"""glibc's single-precision `logf` and `sincosf`, vectorised in NumPy float64 arithmetic.

TensorFlow's CPU kernels turn Philox bits into normals with `logf` and `sincosf` from the host C
library. glibc (2.28 and later, the libm under every current Linux TensorFlow wheel) computes
both in double precision from small tables and rounds once to float; its results are within
0.82 ulp of the true value, not correctly rounded, so NumPy's float32 functions (or float64
rounded to float32) differ from it in about one sample in 200. Repeating glibc's algorithms
step by step in float64 gives its float results exactly (up to a double-rounding tie about once
in 2**26 samples). The constants are those published with the algorithms in ARM's
optimized-routines (MIT licence), which glibc ships.
"""
import numpy as np

# ---- logf: log(x) = log1p(z/c - 1) + log(c) + k*ln2, c from a 16-entry table -------------
_LOGF_INVC = np.array([float.fromhex(h) for h in (
    "0x1.661ec79f8f3bep+0", "0x1.571ed4aaf883dp+0", "0x1.49539f0f010bp+0", "0x1.3c995b0b80385p+0",
    "0x1.30d190c8864a5p+0", "0x1.25e227b0b8eap+0", "0x1.1bb4a4a1a343fp+0", "0x1.12358f08ae5bap+0",
    "0x1.0953f419900a7p+0", "0x1p+0", "0x1.e608cfd9a47acp-1", "0x1.ca4b31f026aap-1",
    "0x1.b2036576afce6p-1", "0x1.9c2d163a1aa2dp-1", "0x1.886e6037841edp-1", "0x1.767dcf5534862p-1")])
_LOGF_LOGC = np.array([float.fromhex(h) for h in (
    "-0x1.57bf7808caadep-2", "-0x1.2bef0a7c06ddbp-2", "-0x1.01eae7f513a67p-2", "-0x1.b31d8a68224e9p-3",
    "-0x1.6574f0ac07758p-3", "-0x1.1aa2bc79c81p-3", "-0x1.a4e76ce8c0e5ep-4", "-0x1.1973c5a611cccp-4",
    "-0x1.252f438e10c1ep-5", "0x0p+0", "0x1.aa5aa5df25984p-5", "0x1.c5e53aa362eb4p-4",
    "0x1.526e57720db08p-3", "0x1.bc2860d22477p-3", "0x1.1058bc8a07ee1p-2", "0x1.4043057b6ee09p-2")])
_LN2 = float.fromhex("0x1.62e42fefa39efp-1")
_LOGF_A0, _LOGF_A1, _LOGF_A2 = (float.fromhex(h) for h in (
    "-0x1.00ea348b88334p-2", "0x1.5575b0be00b6ap-2", "-0x1.ffffef20a4123p-2"))


def logf(x):
    """glibc's `logf` of a float32 array of normal positive numbers (what Box-Muller feeds it)."""
    ix = np.asarray(x, np.float32).view(np.uint32)
    tmp = ix - np.uint32(0x3F330000)
    i = (tmp >> np.uint32(19)) & np.uint32(15)
    k = tmp.view(np.int32) >> np.int32(23)
    z = (ix - (tmp & np.uint32(0x1FF << 23))).view(np.float32).astype(np.float64)
    r = z * _LOGF_INVC[i] - 1.0
    y0 = _LOGF_LOGC[i] + k.astype(np.float64) * _LN2
    r2 = r * r
    y = _LOGF_A1 * r + _LOGF_A2
    y = _LOGF_A0 * r2 + y
    y = y * r2 + (y0 + r)
    return y.astype(np.float32)


# ---- sincosf: polynomials on [-pi/4, pi/4] after one multiply-subtract range reduction --------
_PIO4_TOP12 = 0x3F4   # abstop12 of float(pi/4)
_TINY_TOP12 = 0x398   # abstop12 of 0x1p-12f
_HPI_INV = float.fromhex("0x1.45F306DC9C883p+23")
_HPI = float.fromhex("0x1.921FB54442D18p0")
_C0, _C1, _C2, _C3, _C4 = (1.0, float.fromhex("-0x1.ffffffd0c621cp-2"), float.fromhex("0x1.55553e1068f19p-5"),
                           float.fromhex("-0x1.6c087e89a359dp-10"), float.fromhex("0x1.99343027bf8c3p-16"))
_S1, _S2, _S3 = (float.fromhex("-0x1.555545995a603p-3"), float.fromhex("0x1.1107605230bc4p-7"),
                 float.fromhex("-0x1.994eb3774cf24p-13"))


def sincosf(y):
    """glibc's `sincosf` of a float32 array with |y| < 120 (Box-Muller's angles are in [0, 2*pi)).

    Returns:
      (sin, cos) as float32 arrays.
    """
    y = np.asarray(y, np.float32)
    top = (y.view(np.uint32) >> np.uint32(20)) & np.uint32(0x7FF)
    if (top >= 0x42F).any():   # |y| >= 120 takes glibc's large-argument reduction
        raise NotImplementedError("sincosf of |x| >= 120 is not emulated")
    x = y.astype(np.float64)
    n = np.where(top < _PIO4_TOP12, 0,
                 ((x * _HPI_INV).astype(np.int32) + np.int32(0x800000)) >> np.int32(24))
    x = np.where(top < _PIO4_TOP12, x, x - n * _HPI)
    s = np.where((n & 3) == 1, -1.0, np.where((n & 3) == 2, -1.0, 1.0))
    x = x * s
    neg = (n & 2) != 0   # glibc's second table computes -cos
    c0, c1, c2, c3, c4 = (np.where(neg, -v, v) for v in (_C0, _C1, _C2, _C3, _C4))
    x2 = x * x
    x4 = x2 * x2
    x3 = x2 * x
    cc2 = c3 + x2 * c4
    s1 = _S2 + x2 * _S3
    cc1 = c0 + x2 * c1
    x5 = x3 * x2
    x6 = x4 * x2
    sv = (x + x3 * _S1) + x5 * s1
    cv = (cc1 + x4 * c2) + x6 * cc2
    odd = (n & 1) == 1
    sin, cos = np.where(odd, cv, sv), np.where(odd, sv, cv)
    tiny = top < _TINY_TOP12
    sin = np.where(tiny, x, sin).astype(np.float32)
    cos = np.where(tiny, 1.0, cos).astype(np.float32)
    return sin, cos

"""TensorFlow's float32 softmax on x86-64, bit for bit: oneDNN's JIT softmax kernel.

TF 2.21 on Linux x86-64 runs `Softmax` on float32 through oneDNN (on by default), whose AVX-512
kernel differs from `exp(x - max) / sum` in the last bit of most results:
- `exp` is oneDNN's eltwise injector: x clamped to [ln FLT_MIN, ln FLT_MAX] (a NaN becomes the
  upper bound: `minps` returns its second operand), n = floor(x log2 e + 1/2), r = x - n ln 2 (one
  fused multiply-add), a degree-5 polynomial in r by fused multiply-adds, times 2^(n-1), times 2;
  results below ln FLT_MIN are 0;
- the sum runs over 16-lane vectors into four accumulators (vector c into accumulator c % 4, the
  partial last vector into accumulator 0), combined as (a0 + a1) + (a2 + a3), then across lanes
  by halves (lane i + lane i + 8, then i + 4, i + 2, i + 1);
- the result is `e * (1 / sum)`; denormal results are flushed to zero, as TF's threads do.
The maximum ignores NaN (`maxps` keeps its second operand), so a row holding a NaN or an
infinity gives TF's NaN/0 pattern. Fused multiply-adds are done exactly in float64 (every
product of two float32 values is exact there).
"""
import numpy as np

from tapeviz.ops._util import flush_denormals

_F32 = np.float32


def _bits(word):
    return np.array([word], np.uint32).view(np.float32)[0]


_LOG2E, _LN_MAX, _LN_MIN, _LN2 = (_bits(w) for w in (0x3FB8AA3B, 0x42B17218, 0xC2AEAC50, 0x3F317218))
_POLY = [_bits(w) for w in (0x3C07CFCE, 0x3D2B9D0D, 0x3E2AAD40, 0x3EFFFEE3, 0x3F7FFFFB)] + [_F32(1)]
_LANES, _ACCUMULATORS = 16, 4


def _fma(a, b, c):
    return (a.astype(np.float64) * b + c).astype(_F32)


def exp(x):
    """oneDNN's float32 exp (the eltwise injector's polynomial), elementwise."""
    below = x < _LN_MIN
    x = np.fmax(np.fmin(x, _LN_MAX), _LN_MIN)
    n = np.floor(x * _LOG2E + _F32(0.5))
    r = _fma(-n, np.float64(_LN2), x)
    scale = ((n - 1).astype(np.int32) + 127) << 23
    scale = np.where(below, 0, scale).astype(np.int32).view(_F32)
    y = np.full_like(x, _POLY[0])
    for c in _POLY[1:]:
        y = _fma(y, r, np.float64(c))
    return flush_denormals(y * scale) * _F32(2)


def softmax(x, axis=-1):
    """Softmax of a float32 array along `axis`, as TF's oneDNN kernel computes it."""
    x = np.moveaxis(np.asarray(x, _F32), axis, -1)
    n = x.shape[-1]
    if n == 0 or x.size == 0:
        return np.moveaxis(x.copy(), -1, axis)
    with np.errstate(all="ignore"):
        e = exp(x - np.fmax.reduce(x, axis=-1, keepdims=True))
        full, tail = divmod(n, _LANES)
        groups = -(-full // _ACCUMULATORS)
        vectors = np.zeros(x.shape[:-1] + (groups * _ACCUMULATORS * _LANES,), _F32)
        vectors[..., :full * _LANES] = e[..., :full * _LANES]
        vectors = vectors.reshape(x.shape[:-1] + (groups, _ACCUMULATORS, _LANES))
        sums = np.cumsum(vectors, axis=-3, dtype=_F32)[..., -1, :, :] if groups else \
            np.zeros(x.shape[:-1] + (_ACCUMULATORS, _LANES), _F32)
        sums[..., 0, :tail] += e[..., full * _LANES:]
        total = (sums[..., 0, :] + sums[..., 1, :]) + (sums[..., 2, :] + sums[..., 3, :])
        while total.shape[-1] > 1:
            half = total.shape[-1] // 2
            total = total[..., :half] + total[..., half:]
        out = flush_denormals(e * flush_denormals(_F32(1) / total))
    return np.moveaxis(out, -1, axis)

"""TensorFlow's CPU random distributions on Philox bits: uniform, normal, truncated normal, ints.

Each function is one of TF's `FillPhiloxRandom` kernels: it takes the kernel's (key, counter)
and the number of outputs and returns a flat NumPy array equal to TF's, bit for bit. The float
conversions put random bits in the mantissa of a number in [1, 2) and subtract 1; normals come
from Box-Muller on pairs of uniforms through glibc's `logf`/`sincosf` (float) or the C
library's `log` and `sin`/`cos` (double); truncated normals give every group of outputs its
own sub-stream 256 draws per output apart, so they never depend on how TF shards the work.
"""
import math

import numpy as np

from tapeviz.ops import philox
from tapeviz.ops.glibc_math import logf, sincosf

TRUNCATE = 2.0          # truncated normals keep |x| < 2
_RESERVED_PER_OUTPUT = 256
_clib_log = np.frompyfunc(math.log, 1, 1)   # the C library's double log, as TF's kernels call it


def uint32_to_float(x):
    """Uniform float32 in [0, 1) from the low 23 bits of each word."""
    return ((x & np.uint32(0x7FFFFF)) | np.uint32(127 << 23)).view(np.float32) - np.float32(1)


def uint16_to_half(x):
    """Uniform float16 in [0, 1) from the low 10 bits of each word."""
    bits = ((x & np.uint32(0x3FF)) | np.uint32(15 << 10)).astype(np.uint16)
    return bits.view(np.float16) - np.float16(1)


def uint64_to_double(hi, lo):
    """Uniform float64 in [0, 1) from 20 bits of `hi` and all of `lo`."""
    man = ((hi & np.uint32(0xFFFFF)).astype(np.uint64) << np.uint64(32)) | lo.astype(np.uint64)
    return (man | np.uint64(1023 << 52)).view(np.float64) - 1.0


def box_muller_float(x0, x1):
    """Two float32 standard normals from two uint32 words each (TF's `BoxMullerFloat`)."""
    u1 = np.maximum(uint32_to_float(x0), np.float32(1e-7))
    v1 = (2 * np.pi * uint32_to_float(x1).astype(np.float64)).astype(np.float32)   # 2.0f * M_PI is a double
    u2 = np.sqrt(np.float32(-2) * logf(u1))
    sin, cos = sincosf(v1)
    return sin * u2, cos * u2


def box_muller_double(x0, x1, x2, x3):
    """Two float64 standard normals from four uint32 words each (TF's `BoxMullerDouble`)."""
    u1 = np.maximum(uint64_to_double(x0, x1), 1e-7)
    v1 = 2 * np.pi * uint64_to_double(x2, x3)
    u2 = np.sqrt(-2.0 * _clib_log(u1).astype(np.float64))
    return np.sin(v1) * u2, np.cos(v1) * u2


def _interleave(a, b, n):
    return np.stack([a, b], axis=-1).reshape(-1)[:n]


def uniform(key, counter, n, dtype):
    """`n` uniform floats in [0, 1) of NumPy `dtype` (float16, float32 or float64)."""
    dtype = np.dtype(dtype)
    if dtype == np.float64:
        b = philox.blocks(key, counter, (n + 1) // 2).reshape(-1, 2, 2)
        return uint64_to_double(b[..., 0], b[..., 1]).reshape(-1)[:n]
    w = philox.words(key, counter, n)
    return uint16_to_half(w) if dtype == np.float16 else uint32_to_float(w)


def normal(key, counter, n, dtype):
    """`n` standard normals of NumPy `dtype` (float16 ones are float32 normals rounded)."""
    dtype = np.dtype(dtype)
    b = philox.blocks(key, counter, (n + (1 if dtype == np.float64 else 3)) // (2 if dtype == np.float64 else 4))
    if dtype == np.float64:
        return _interleave(*box_muller_double(b[:, 0], b[:, 1], b[:, 2], b[:, 3]), n)
    w = b.reshape(-1)
    return _interleave(*box_muller_float(w[0::2], w[1::2]), n).astype(dtype)


def truncated_normal(key, counter, n, dtype):
    """`n` standard normals of NumPy `dtype` with |x| < 2, redrawing the others as TF does.

    TF fills groups of 4 outputs (2 for float64); group g draws Box-Muller pairs from its own
    sub-stream at `counter + g * 256 * group / 4` until the group is full.
    """
    dtype = np.dtype(dtype)
    double = dtype == np.float64
    group = 2 if double else 4
    words_per_pair = 4 if double else 2
    groups = -(-n // group)
    starts = np.arange(groups, dtype=np.uint64) * np.uint64(group * _RESERVED_PER_OUTPUT // 4)
    out = np.empty((groups, group), np.float64 if double else np.float32)
    todo = np.arange(groups)
    pairs = 4
    while todo.size:
        offsets = starts[todo][:, None] + np.arange(pairs * words_per_pair // 4, dtype=np.uint64)
        w = philox.blocks_at(key, counter, offsets).reshape(len(todo), -1)
        if double:
            f0, f1 = box_muller_double(w[:, 0::4], w[:, 1::4], w[:, 2::4], w[:, 3::4])
        else:
            f0, f1 = box_muller_float(w[:, 0::2], w[:, 1::2])
        cand = np.stack([f0, f1], axis=-1).reshape(len(todo), -1)
        keep = np.abs(cand) < TRUNCATE
        done = keep.sum(axis=1) >= group
        rank = np.cumsum(keep, axis=1) - 1                 # position among the kept values
        rows, cols = np.nonzero(keep & (rank < group) & done[:, None])
        out[todo[rows], rank[rows, cols]] = cand[rows, cols]
        todo = todo[~done]
        pairs *= 2
    return out.reshape(-1)[:n].astype(dtype)


def uniform_int(key, counter, n, lo, hi, dtype):
    """`n` ints in [lo, hi) of NumPy `dtype` (int32 or int64): `lo + bits % (hi - lo)`."""
    dtype = np.dtype(dtype)
    if dtype.itemsize == 8:
        bits = full_int(key, counter, n, np.uint64)
        return (np.uint64(lo & philox.MASK64) + bits % np.uint64((hi - lo) & philox.MASK64)).view(dtype)
    bits = philox.words(key, counter, n)
    return (np.uint32(lo & 0xFFFFFFFF) + bits % np.uint32((hi - lo) & 0xFFFFFFFF)).view(dtype)


def full_int(key, counter, n, dtype):
    """`n` ints covering the whole range of NumPy `dtype` ((u)int32 words or (u)int64 word pairs)."""
    dtype = np.dtype(dtype)
    if dtype.itemsize == 8:
        b = philox.blocks(key, counter, (n + 1) // 2).reshape(-1, 2).astype(np.uint64)
        return (b[:, 0] | b[:, 1] << np.uint64(32))[:n].view(dtype)
    return philox.words(key, counter, n).view(dtype)

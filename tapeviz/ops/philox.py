"""Philox4x32-10, TensorFlow's counter-based random bit generator, vectorised in NumPy.

A Philox stream is a 64-bit key and a 128-bit counter (Python ints here); block `i` of the
stream is ten Philox rounds of `counter + i` under the key, four uint32 words. TF's kernels
never carry hidden state: a kernel copies (key, counter), draws blocks, and the op's owner
advances the counter by a fixed reservation. So `blocks(key, counter + i, n)` is exactly
what a TF kernel that has skipped `i` blocks sees.
"""
import numpy as np

_M0, _M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
_W0, _W1 = 0x9E3779B9, 0xBB67AE85
_LOW32 = np.uint64(0xFFFFFFFF)
_SHIFT32 = np.uint64(32)
MASK64, MASK128 = (1 << 64) - 1, (1 << 128) - 1


def blocks(key, counter, n):
    """The `n` Philox blocks for counters `counter, counter + 1, ...`: uint32 array (n, 4).

    Args:
      key: the 64-bit key (TF's `key[0]` is its low word).
      counter: the 128-bit counter (TF's `counter[0]` is its low word).
      n: number of blocks.
    """
    return blocks_at(key, counter, np.arange(n, dtype=np.uint64))


def blocks_at(key, counter, offsets):
    """The Philox blocks for counters `counter + offsets` (uint64 array of any shape): shape + (4,)."""
    lo0 = np.uint64(counter & MASK64)
    shape = np.shape(offsets)
    lo = lo0 + np.asarray(offsets, np.uint64).reshape(-1)  # wraps modulo 2**64
    hi = np.uint64((counter >> 64) & MASK64) + (lo < lo0).astype(np.uint64)
    c0, c1, c2, c3 = lo & _LOW32, lo >> _SHIFT32, hi & _LOW32, hi >> _SHIFT32
    k0, k1 = key & 0xFFFFFFFF, (key >> 32) & 0xFFFFFFFF
    p0, p1 = np.empty_like(c0), np.empty_like(c0)
    for _ in range(10):     # in place (half the time of fresh arrays for long streams)
        np.multiply(c0, _M0, out=p0)                       # exact 64-bit products of 32-bit words
        np.multiply(c2, _M1, out=p1)
        # c0, c1, c2, c3 = (p1 >> 32) ^ c1 ^ k0, p1 & low, (p0 >> 32) ^ c3 ^ k1, p0 & low
        np.right_shift(p1, _SHIFT32, out=c0)
        np.bitwise_xor(c0, c1, out=c0)
        np.bitwise_xor(c0, np.uint64(k0), out=c0)
        np.bitwise_and(p1, _LOW32, out=c1)
        np.right_shift(p0, _SHIFT32, out=c2)
        np.bitwise_xor(c2, c3, out=c2)
        np.bitwise_xor(c2, np.uint64(k1), out=c2)
        np.bitwise_and(p0, _LOW32, out=c3)
        k0, k1 = (k0 + _W0) & 0xFFFFFFFF, (k1 + _W1) & 0xFFFFFFFF
    out = np.empty((c0.size, 4), np.uint32)
    out[:, 0], out[:, 1], out[:, 2], out[:, 3] = c0, c1, c2, c3
    return out.reshape(shape + (4,))


def words(key, counter, n):
    """The first `n` uint32 words of the stream, block by block (TF's `SingleSampleAdapter`)."""
    return blocks(key, counter, (n + 3) // 4).reshape(-1)[:n]


def skip(counter, n):
    """The counter `n` blocks later (TF's `PhiloxRandom::Skip`), wrapping at 2**128."""
    return (counter + n) & MASK128


def from_seeds(seed, seed2):
    """(key, counter) of TF's `PhiloxRandom(seed, seed2)`: the key is `seed`, counter words 2-3 `seed2`."""
    return seed & MASK64, (seed2 & MASK64) << 64


def stateless_key_counter(seed0, seed1):
    """(key, counter) TF derives from a stateless seed pair (`GenerateKey`): one Philox block
    of the seeds under a fixed key scrambles them, so neither seed needs to be strong."""
    mix = blocks(0x02461E29_3EC8F720, ((seed1 & MASK64) << 64) | (seed0 & MASK64), 1)[0]
    key = int(mix[0]) | int(mix[1]) << 32
    return key, (int(mix[2]) | int(mix[3]) << 32) << 64

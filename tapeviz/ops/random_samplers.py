"""TensorFlow's CPU kernels that sample with a variable number of Philox words per output:
shuffle, multinomial (categorical) and gamma.

Each takes the kernel's (key, counter) and returns TF's result bit for bit. They consume the
stream one uint32 word at a time like TF's `SingleSampleAdapter`/`SimplePhilox`.
"""
import math

import numpy as np

from tapeviz.framework.errors import kernel_error
from tapeviz.ops import philox
from tapeviz.ops.random_distributions import box_muller_double, uint64_to_double


def shuffle_permutation(key, counter, size):
    """TF's Fisher-Yates order: position i swaps with `i + word_i % (size - i)`."""
    draws = philox.words(key, counter, size - 1)
    perm = np.arange(size)
    for i, j in enumerate((draws % np.arange(size, 1, -1, dtype=np.uint32)).tolist()):
        perm[i], perm[i + j] = perm[i + j], perm[i]
    return perm


def check_multinomial(op_type, logits, num_samples):
    """TF's argument checks for (Stateless)Multinomial; returns (batch, Philox blocks reserved)."""
    if logits.ndim != 2:
        raise kernel_error(op_type, "logits should be a matrix, got shape "
                           f"[{','.join(map(str, logits.shape))}]", name="")
    num_samples = int(num_samples)
    if num_samples < 0:
        raise kernel_error(op_type, f"num_samples should be non-negative, got {num_samples}", name="")
    if logits.shape[1] == 0:
        raise kernel_error(op_type, "num_classes should be positive, got 0", name="")
    batch = logits.shape[0]
    return batch, batch * (num_samples + 3) // 4 * 4 * 2 * 256


def multinomial(key, counter, logits, num_samples):
    """Class indices (batch, num_samples), int64: inverse-CDF sampling with one double per draw.

    TF builds each row's unnormalised CDF of `exp(logit - max)` in double (non-finite logits
    add nothing) and returns the first class whose CDF exceeds `u * total`. The rows consume one
    stream in order, as TF's kernel does when it runs on a single shard.
    """
    batch = logits.shape[0]
    w = philox.words(key, counter, 2 * batch * num_samples).reshape(batch, num_samples, 2)
    u = uint64_to_double(w[..., 0], w[..., 1])
    finite = np.isfinite(logits)
    out = np.empty((batch, num_samples), np.int64)
    for b in range(batch):
        row = logits[b]
        top = row[finite[b]].max() if finite[b].any() else np.finfo(row.dtype).min
        cdf = np.cumsum(np.where(finite[b], np.exp(row.astype(np.float64) - float(top)), 0.0))
        out[b] = np.searchsorted(cdf, u[b] * cdf[-1], side="right")
    return out


class _BlockReader:
    """Per-output Philox sub-streams read as TF's double Normal/Uniform distributions do.

    Output i reads blocks `counter + 256 * i + j`; each block is either two Box-Muller normals
    or two uniforms, and (as TF's gamma kernel indexes its result arrays from the end) the
    second value of a block is used before the first. The first blocks of every output are
    made at once; the rare outputs that need more get them one block at a time.
    """

    _AHEAD = 4

    def __init__(self, key, counter, outputs):
        self.key, self.counter = key, counter
        offsets = (np.arange(outputs, dtype=np.uint64)[:, None] * np.uint64(256)
                   + np.arange(self._AHEAD, dtype=np.uint64))
        b = philox.blocks_at(key, counter, offsets)
        self.normals = np.stack(box_muller_double(b[..., 0], b[..., 1], b[..., 2], b[..., 3]), -1).tolist()
        self.uniforms = uint64_to_double(b[..., 0::2], b[..., 1::2]).tolist()

    def block(self, i, j, kind):
        """Values of block j of output i, as 'normal' or 'uniform' (a list of two floats)."""
        if j < self._AHEAD:
            return (self.normals if kind == "normal" else self.uniforms)[i][j]
        b = philox.blocks(self.key, philox.skip(self.counter, 256 * i + j), 1)
        if kind == "normal":
            return [float(v[0]) for v in box_muller_double(b[:, 0], b[:, 1], b[:, 2], b[:, 3])]
        return uint64_to_double(b[:, 0::2], b[:, 1::2])[0].tolist()


def gamma(key, counter, samples_per_alpha, alpha):
    """Gamma(alpha, 1) samples, float64 array (samples_per_alpha,) + alpha.shape (TF's RandomGamma).

    Marsaglia-Tsang with a normal and a uniform per trial (alpha < 1 boosted by u**(1/alpha);
    alpha == 1 is `-log1p(-u)`), each output on its own sub-stream 256 blocks apart.
    """
    alphas = np.asarray(alpha, np.float64).reshape(-1).tolist()
    out = np.empty((samples_per_alpha, len(alphas)))
    reader = _BlockReader(key, counter, samples_per_alpha * len(alphas))
    for a_idx, a in enumerate(alphas):
        d = a + (2.0 / 3 if a < 1 else -1.0 / 3)
        c = 1.0 / 3 / math.sqrt(d)
        for s_idx in range(samples_per_alpha):
            i = a_idx * samples_per_alpha + s_idx
            draws = _Draws(reader, i)
            if a == 1.0:
                out[s_idx, a_idx] = -math.log1p(-draws.uniform())
                continue
            while True:
                x = draws.normal()
                v = 1 + c * x
                if v <= 0:
                    continue
                v = v * v * v
                u = draws.uniform()
                if u < 1 - 0.0331 * (x * x) * (x * x) or math.log(u) < 0.5 * x * x + d * (1 - v + math.log(v)):
                    res = d * v
                    if a < 1:
                        res *= math.pow(draws.uniform(), 1 / a)
                    out[s_idx, a_idx] = res
                    break
    return out.reshape((samples_per_alpha,) + np.shape(alpha))


class _Draws:
    """One output's sequential reads: blocks in order, each block's two values last first."""

    def __init__(self, reader, output):
        self.reader, self.output, self.next_block = reader, output, 0
        self.pending = {"normal": [], "uniform": []}

    def _take(self, kind):
        if not self.pending[kind]:
            self.pending[kind] = list(self.reader.block(self.output, self.next_block, kind))
            self.next_block += 1
        return self.pending[kind].pop()

    def normal(self):
        return self._take("normal")

    def uniform(self):
        return self._take("uniform")

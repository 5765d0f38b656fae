"""TensorFlow's CPU kernels that sample with a variable number of Philox words per output:
shuffle, multinomial (categorical), and the gamma, Poisson and binomial samplers.

Each takes the kernel's (key, counter) and returns TF's result bit for bit. They consume the
stream one uint32 word at a time like TF's `SingleSampleAdapter`/`SimplePhilox`.
"""
import numpy as np

from tapeviz.ops import philox
from tapeviz.ops.array import kernel_error
from tapeviz.ops.random_distributions import uint64_to_double


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
    batch, classes = logits.shape
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

"""Small statistics of a NumPy value, for views that must never ship whole large tensors."""
import numpy as np


def summarize(array):
    """A dict of shape, dtype, size, min, max, mean, std, L2 norm and NaN / Inf counts."""
    a = np.asarray(array)
    out = {"shape": list(a.shape), "dtype": a.dtype.name, "size": int(a.size)}
    if a.size == 0 or a.dtype.kind not in "biufc":
        return out
    if a.dtype.kind == "c":
        a = np.abs(a)
    f = a.astype(np.float64, copy=False)
    nan = int(np.count_nonzero(np.isnan(f))) if a.dtype.kind in "fc" else 0
    inf = int(np.count_nonzero(np.isinf(f))) if a.dtype.kind in "fc" else 0
    finite = f[np.isfinite(f)] if nan or inf else f
    out.update(nan=nan, inf=inf)
    if finite.size:
        out.update(min=float(finite.min()), max=float(finite.max()), mean=float(finite.mean()),
                   std=float(finite.std()), norm=float(np.sqrt(np.vdot(finite, finite).real)),
                   absmax=float(np.abs(finite).max()))
    return out

"""Small helpers shared by the op families: axis normalisation and quiet forwards."""
import numpy as np

from tapeviz.framework import errors


def axes(axis, ndim, op_type="Sum"):
    """A tuple of non-negative axes (None means all), or InvalidArgumentError like TF's."""
    if axis is None:
        return None
    if hasattr(axis, "_value"):
        axis = axis._value.tolist()
    elif isinstance(axis, np.ndarray):
        axis = axis.tolist()
    items = axis if isinstance(axis, (list, tuple)) else [axis]
    out = []
    for a in items:
        a = int(a)
        if not -ndim <= a < max(ndim, 1) or (ndim == 0 and a not in (0, -1)):
            raise errors.kernel_error(op_type, f"Invalid reduction dimension ({a} for input with {ndim} dimension(s)", name="")
        out.append(a % ndim if ndim else 0)
    return tuple(out) if ndim else ()


def quiet(fn):
    """Wraps a NumPy forward so it runs silently: TF gives inf/nan without warnings."""
    def forward(*arrays, **attrs):
        with np.errstate(all="ignore"):
            return fn(*arrays, **attrs)
    forward.__name__ = getattr(fn, "__name__", "forward")
    return forward


_TINY = {}    # dtype -> its smallest normal number


def flush_denormals(out):
    """`out` (a float array the caller owns) with its denormal values set to zero, in place, as
    TF's CPU threads compute (flush-to-zero): sigmoid(-100.) is exactly 0 in float32."""
    tiny = _TINY.get(out.dtype)
    if tiny is None:
        tiny = _TINY[out.dtype] = np.finfo(out.dtype).tiny
    if out.size and (out.min() >= tiny or out.max() <= -tiny):
        return out      # all of one sign and normal (a sigmoid's usual output): nothing to flush
    np.copyto(out, 0, where=np.abs(out) < tiny)
    return out

"""Small helpers shared by the op families: error translation and axis normalisation."""
import numpy as np

from tapeviz.framework import errors


def shape_list(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def broadcasting(op_type, fn):
    """Wraps a NumPy binary function so shape mismatches raise TF's InvalidArgumentError."""
    def forward(a, b, **attrs):
        try:
            return fn(a, b, **attrs)
        except ValueError:
            if np.broadcast_shapes is not None:
                try:
                    np.broadcast_shapes(np.shape(a), np.shape(b))
                except ValueError:
                    raise errors.op_error(
                        errors.InvalidArgumentError, op_type,
                        f"Incompatible shapes: {shape_list(np.shape(a))} vs. {shape_list(np.shape(b))}") from None
            raise
    forward.__name__ = getattr(fn, "__name__", op_type)
    return forward


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
            raise errors.op_error(errors.InvalidArgumentError, op_type,
                                  f"Invalid reduction dimension ({a} for input with {ndim} dimension(s)")
        out.append(a % ndim if ndim else 0)
    return tuple(out) if ndim else ()


def quiet(fn):
    """Wraps a NumPy forward so it runs silently: TF gives inf/nan without warnings."""
    def forward(*arrays, **attrs):
        with np.errstate(all="ignore"):
            return fn(*arrays, **attrs)
    forward.__name__ = getattr(fn, "__name__", "forward")
    return forward

"""TF NumPy's shape and arrangement functions: reshape, transpose, concatenate, stack, split,
tile, repeat, flip, roll, pad, sort, take, ... composed from tapeviz ops."""
import numpy as np

import tapeviz as tf
from tapeviz.experimental.numpy._arrays import asarray
from tapeviz.experimental.numpy._math import promote


def _axes(a, axis):
    return tuple(range(a.ndim)) if axis is None else tuple(int(x) % a.ndim for x in np.atleast_1d(axis))


def shape(a):
    return asarray(a).shape


def size(x, axis=None):
    if axis is not None:
        raise NotImplementedError("axis argument is not supported in the current `np.size` implementation")
    return np.int64(np.prod(asarray(x).shape))


def ndim(a):
    return asarray(a).ndim


def reshape(a, newshape, order="C"):
    """`a` with a new shape (C order; one dimension may be -1)."""
    if order != "C":
        raise NotImplementedError(f"reshape with order={order!r}: only 'C' is supported")
    newshape = (int(newshape),) if isinstance(newshape, (int, np.integer)) else tuple(int(d) for d in newshape)
    return tf.reshape(asarray(a), newshape)


def ravel(a):
    return tf.reshape(asarray(a), [-1])


def transpose(a, axes=None):
    a = asarray(a)
    return tf.transpose(a, None if axes is None else [int(x) for x in axes])


def swapaxes(a, axis1, axis2):
    a = asarray(a)
    perm = list(range(a.ndim))
    i, j = axis1 % a.ndim, axis2 % a.ndim
    perm[i], perm[j] = perm[j], perm[i]
    return tf.transpose(a, perm)


def moveaxis(a, source, destination):
    a = asarray(a)
    order = [n for n in range(a.ndim) if n not in _axes(a, source)]
    for dest, src in sorted(zip(_axes(a, destination), _axes(a, source))):
        order.insert(dest, src)
    return tf.transpose(a, order)


def squeeze(a, axis=None):
    a = asarray(a)
    return tf.squeeze(a, None if axis is None else list(_axes(a, axis)))


def expand_dims(a, axis):
    return tf.expand_dims(asarray(a), int(axis))


def concatenate(arys, axis=0):
    if axis is None:   # (NumPy flattens; TF's tnp does not take it)
        raise ValueError("Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a Tensor.")
    return tf.concat(promote(*arys), axis=int(axis))


def stack(arrays, axis=0):
    return tf.stack(promote(*arrays), axis=int(axis))


def atleast_1d(*arys):
    out = [asarray(a) if asarray(a).ndim else tf.reshape(asarray(a), [1]) for a in arys]
    return out[0] if len(out) == 1 else out


def atleast_2d(*arys):
    out = []
    for a in arys:
        a = asarray(a)
        out.append(tf.reshape(a, [1, 1]) if a.ndim == 0 else tf.expand_dims(a, 0) if a.ndim == 1 else a)
    return out[0] if len(out) == 1 else out


def atleast_3d(*arys):
    out = []
    for a in arys:
        a = asarray(a)
        if a.ndim == 0:
            a = tf.reshape(a, [1, 1, 1])
        elif a.ndim == 1:
            a = tf.reshape(a, [1, -1, 1])
        elif a.ndim == 2:
            a = tf.expand_dims(a, -1)
        out.append(a)
    return out[0] if len(out) == 1 else out


def vstack(tup):
    return concatenate([atleast_2d(a) for a in tup], axis=0)


def hstack(tup):
    arrs = [atleast_1d(a) for a in tup]
    return concatenate(arrs, axis=0 if arrs[0].ndim == 1 else 1)


def dstack(tup):
    return concatenate([atleast_3d(a) for a in tup], axis=2)


def split(ary, indices_or_sections, axis=0):
    ary = asarray(ary)
    if isinstance(indices_or_sections, (int, np.integer)):
        return tf.split(ary, int(indices_or_sections), axis=int(axis))
    bounds = [0] + [int(i) for i in indices_or_sections] + [ary.shape[axis]]
    return tf.split(ary, [b - a for a, b in zip(bounds, bounds[1:])], axis=int(axis))


def tile(a, reps):
    a = asarray(a)
    reps = [int(r) for r in np.atleast_1d(reps)]
    while a.ndim < len(reps):
        a = tf.expand_dims(a, 0)
    reps = [1] * (a.ndim - len(reps)) + reps
    return tf.tile(a, reps)


def repeat(a, repeats, axis=None):
    a = asarray(a)
    if axis is None:
        a, axis = ravel(a), 0
    return tf.repeat(a, repeats, axis=int(axis))


def flip(m, axis=None):
    m = asarray(m)
    return tf.reverse(m, list(_axes(m, axis)))


def fliplr(m):
    return flip(m, 1)


def flipud(m):
    return flip(m, 0)


def roll(a, shift, axis=None):
    a = asarray(a)
    if axis is None:
        return tf.reshape(tf.roll(ravel(a), shift, 0), a.shape)
    return tf.roll(a, shift, axis)


def broadcast_to(array, shape):
    return tf.broadcast_to(asarray(array), tuple(int(d) for d in np.atleast_1d(shape)))


def pad(array, pad_width, mode, **kwargs):
    array = asarray(array)
    widths = np.asarray(pad_width, np.int32)      # as TF's tnp: one (before, after) row per axis
    if widths.ndim != 2 or widths.shape[-1] != 2:
        raise tf.errors.InvalidArgumentError(
            None, "Pad", "{{function_node __wrapped__Pad_device_/job:localhost/replica:0/task:0/device:CPU:0}} "
            f"paddings must be a matrix with 2 columns: [{','.join(map(str, widths.shape))}] [Op:Pad] name: ")
    if mode == "constant":
        return tf.pad(array, widths, constant_values=kwargs.get("constant_values", 0))
    if mode in ("reflect", "symmetric"):
        return tf.pad(array, widths, mode=mode.upper())
    raise NotImplementedError(f"pad with mode={mode!r}: only constant, reflect and symmetric are supported")


def sort(a, axis=-1, kind="quicksort", order=None):
    a = asarray(a)
    if axis is None:
        a, axis = ravel(a), -1
    return tf.sort(a, axis=int(axis))


def argsort(a, axis=-1, kind="quicksort", order=None):
    a = asarray(a)
    if axis is None:
        a, axis = ravel(a), -1
    return tf.cast(tf.argsort(a, axis=int(axis), stable=True), tf.int64)


def take(a, indices, axis=None):
    a = asarray(a)
    if axis is None:
        a, axis = ravel(a), 0
    return tf.gather(a, asarray(indices), axis=int(axis))


def take_along_axis(arr, indices, axis):
    arr, indices = asarray(arr), asarray(indices)
    axis = int(axis) % arr.ndim
    grids = np.meshgrid(*[np.arange(n) for n in indices.shape], indexing="ij")
    coords = [g if i != axis else indices._value for i, g in enumerate(grids)]
    return tf.gather_nd(arr, np.stack(coords, -1))


def append(arr, values, axis=None):
    arr, values = promote(arr, values)
    if axis is None:
        return concatenate([ravel(arr), ravel(values)], 0)
    return concatenate([arr, values], axis)


def diff(a, n=1, axis=-1):
    a = asarray(a)
    axis = int(axis) % a.ndim
    for _ in range(int(n)):
        hi = [slice(None)] * a.ndim
        lo = [slice(None)] * a.ndim
        hi[axis], lo[axis] = slice(1, None), slice(None, -1)
        a = a[tuple(hi)] - a[tuple(lo)]
    return a

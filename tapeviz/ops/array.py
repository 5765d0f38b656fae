"""Shape, joining, gathering and creation ops (`tf.reshape`, `tf.concat`, `tf.gather`, `tf.zeros`, ...)."""
import collections
import math as _pymath

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor, matching_tensors, mismatch, to_tensor
from tapeviz.framework.errors import kernel_error, shape_list
from tapeviz.framework.indexed_slices import IndexedSlices
from tapeviz.framework.registry import defgrad, defgrad_all, deflinear, defop, execute, nondifferentiable
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import math as M
from tapeviz.ops import topk_order

IAE = errors.InvalidArgumentError
_INDEX_DTYPES = (np.dtype(np.int16), np.dtype(np.int32), np.dtype(np.int64))


def _named(error, name):
    """The same error ending in `[Op:...] name: <name>`, or in `[Op:...]` when `name` is None
    (TF names the op in concat's and stack's errors by how they were called)."""
    message = error.message
    op_at = message.rfind(" [Op:")
    end = message.find("]", op_at) + 1 if op_at != -1 else len(message)
    return type(error)(None, error.op, message[:end] + ("" if name is None else f" name: {name}"))


def shape_arg(shape):
    """A shape given as an int, list, tuple, TensorShape, NumPy array or Tensor, as a tuple of ints."""
    if isinstance(shape, Tensor) or getattr(shape, "_is_variable", False):
        shape = np.asarray(shape._value if isinstance(shape, Tensor) else shape.numpy())
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    if isinstance(shape, np.ndarray):
        return tuple(int(d) for d in shape.ravel())
    return tuple(int(d) for d in shape)


def _as_tensor(x):
    return x if type(x) is Tensor else convert_to_tensor(x)


def _check_index_dtype(op_type, attr, arr, allowed=_INDEX_DTYPES):
    if arr.dtype not in allowed:
        names = ", ".join(D.of_array(np.empty(0, d)).c_name for d in allowed)
        raise errors.build_error(op_type, f"Value for attr '{attr}' of {D.of_array(arr).c_name} is not "
                                 f"in the list of allowed values: {names}")


# ---- reshaping ------------------------------------------------------------------------------------
def _np_reshape(x, shape):
    if -1 not in shape:
        try:
            return np.reshape(x, shape)     # the common case; TF's message below when it fails
        except ValueError:
            pass
    size = np.size(x)
    unknown = [i for i, d in enumerate(shape) if d == -1]
    if len(unknown) > 1:
        raise kernel_error("Reshape", f"Only one input size may be -1, not both {unknown[0]} and {unknown[1]}")
    known = _pymath.prod(d for d in shape if d != -1)
    if unknown:
        if known == 0 or size % known:
            raise kernel_error("Reshape", f"Input to reshape is a tensor with {size} values, but the "
                               f"requested shape requires a multiple of {known}")
    elif known != size:
        raise kernel_error("Reshape", f"Input to reshape is a tensor with {size} values, but the "
                           f"requested shape has {known}")
    return np.reshape(x, shape)


_reshape = defop("Reshape", _np_reshape, dtypes=None)
defgrad(_reshape, lambda g, y, x, shape: _reshape(g, shape=x._value.shape))


def reshape(tensor, shape, name=None):
    """Returns `tensor` with the same values in a new `shape` (one dimension may be -1).

    Raises:
      InvalidArgumentError: the element counts differ, or more than one -1.
    """
    return _reshape(_as_tensor(tensor), shape=shape_arg(shape))


def _inverse_perm(perm):
    inverse = [0] * len(perm)
    for i, p in enumerate(perm):
        inverse[p] = i
    return tuple(inverse)


_transpose = defop("Transpose", lambda x, perm: np.transpose(x, perm), dtypes=None)
defgrad(_transpose, lambda g, y, x, perm: _transpose(g, perm=_inverse_perm(perm)))


def transpose(a, perm=None, conjugate=False, name="transpose"):
    """Permutes the dimensions of `a` (reverses them by default)."""
    x = _as_tensor(a)
    n = x.ndim
    perm = tuple(range(n))[::-1] if perm is None else shape_arg(perm)
    if len(perm) != n:
        raise kernel_error("Transpose", f"transpose expects a vector of size {n}. But input(1) is a "
                           f"vector of size {len(perm)}")
    if sorted(p % n if n else p for p in perm) != list(range(n)):
        raise kernel_error("Transpose", f"{list(perm)} is not a valid permutation", name="")
    y = _transpose(x, perm=tuple(p % n for p in perm))
    return M.conj(y) if conjugate and x.dtype.is_complex else y


def _np_squeeze(x, axis):
    if axis is None:
        return np.reshape(x, tuple(d for d in np.shape(x) if d != 1))
    shape = np.shape(x)
    for a in axis:
        if not -len(shape) <= a < len(shape):
            raise kernel_error("Squeeze", f"Tried to squeeze dim index {a} for tensor with "
                               f"{len(shape)} dimensions.", name="")
        if shape[a] != 1:
            raise kernel_error("Squeeze", f"Can not squeeze dim[{a % len(shape)}], expected a dimension "
                               f"of 1, got {shape[a]}", name="")
    drop = {a % len(shape) for a in axis}
    return np.reshape(x, tuple(d for i, d in enumerate(shape) if i not in drop))


_squeeze = defop("Squeeze", _np_squeeze, dtypes=None)
defgrad(_squeeze, lambda g, y, x, axis: _reshape(g, shape=x._value.shape))


def squeeze(input, axis=None, name=None):
    """Removes size-1 dimensions (all of them, or those in `axis`)."""
    if isinstance(axis, (int, np.integer)):
        axis = (int(axis),)
    return _squeeze(_as_tensor(input), axis=None if axis is None else tuple(int(a) for a in axis))


def _np_expand_dims(x, axis):
    n = np.ndim(x)
    if not -n - 1 <= axis <= n:
        raise kernel_error("ExpandDims", f"Tried to expand dim index {axis} for tensor with {n} "
                           "dimensions.", name="")
    shape = list(np.shape(x))
    shape.insert(axis if axis >= 0 else axis + n + 1, 1)
    return np.reshape(x, shape)     # np.expand_dims's result, without its Python overhead


_expand_dims = defop("ExpandDims", _np_expand_dims, dtypes=None)
defgrad(_expand_dims, lambda g, y, x, axis: _reshape(g, shape=x._value.shape))


def expand_dims(input, axis, name=None):
    """Inserts a size-1 dimension at `axis`."""
    return _expand_dims(_as_tensor(input), axis=int(axis))


def _np_broadcast_to(x, shape):
    try:
        return np.broadcast_to(x, shape)
    except ValueError:
        raise kernel_error("BroadcastTo", f"Incompatible shapes: {shape_list(np.shape(x))} vs. "
                           f"{shape_list(shape)}") from None


_broadcast_to = defop("BroadcastTo", _np_broadcast_to, dtypes=None, broadcasting=True)
defgrad(_broadcast_to, lambda g, y, x, shape: g)   # the tape sums back to x's shape


def broadcast_to(input, shape, name=None):
    """Broadcasts `input` to `shape` (NumPy rules)."""
    return _broadcast_to(_as_tensor(input), shape=shape_arg(shape))


def _tile_grad(g, y, x, multiples):
    split = []
    for m, d in zip(multiples, x._value.shape):
        split += [m, d]
    return M.reduce_sum(_reshape(g, shape=tuple(split)), axis=list(range(0, len(split), 2)))


def _np_tile(x, multiples):
    if len(multiples) != np.ndim(x):
        raise kernel_error("Tile", f"Expected multiples argument to be a vector of length "
                           f"{np.ndim(x)} but got length {len(multiples)}")
    return np.tile(x, multiples)


_tile = defop("Tile", _np_tile, dtypes=None)
defgrad(_tile, _tile_grad)


def tile(input, multiples, name=None):
    """Repeats `input` `multiples[i]` times along each dimension i."""
    return _tile(_as_tensor(input), multiples=shape_arg(multiples))


_reverse = defop("ReverseV2", lambda x, axis: np.flip(x, axis) if axis else x, dtypes=None)
deflinear(_reverse)


def reverse(tensor, axis, name=None):
    """Reverses the dimensions listed in `axis`."""
    x = _as_tensor(tensor)
    axes = shape_arg(axis)
    if x.ndim == 0 or x._value.size == 0:
        return _reverse(x, axis=())      # TF checks no axis when there is nothing to reverse
    for i, a in enumerate(axes):
        if not -x.ndim <= a < x.ndim:
            # TF's message stops short of its closing bracket
            raise kernel_error("ReverseV2", f"'axis'[{i}] = {a} is out of valid range [0, {x.ndim - 1}",
                               name=None)
    return _reverse(x, axis=tuple(a % x.ndim for a in axes))


_roll = defop("Roll", lambda x, shift, axis: np.roll(x, shift, axis), dtypes=None)
defgrad(_roll, lambda g, y, x, shift, axis: _roll(g, shift=tuple(-s for s in shift), axis=axis))


def roll(input, shift, axis, name=None):
    """Rolls elements along `axis` by `shift` (both may be lists)."""
    x = _as_tensor(input)
    if x.ndim == 0:
        raise kernel_error("Roll", "input must be 1-D or higher", name="")
    axes = shape_arg(axis)
    for a in axes:
        if not -x.ndim <= a < x.ndim:
            raise kernel_error("Roll", f"axis {a + x.ndim if a < 0 else a} is out of range", name="")
    return _roll(x, shift=shape_arg(shift), axis=axes)


# ---- joining and splitting -----------------------------------------------------------------------
def _np_concat(*xs, axis):
    first = np.shape(xs[0])
    n = len(first)
    if n == 0:
        raise kernel_error("ConcatV2", "ConcatOp : Can't concatenate scalars (use tf.stack instead)",
                           name="concat", node=f"ConcatV2_N_{len(xs)}")
    if not -n <= axis < n:
        raise kernel_error("ConcatV2", f"ConcatOp : Expected concatenating dimensions in the range "
                           f"[{-n}, {n}), but got {axis}", name="concat", node=f"ConcatV2_N_{len(xs)}")
    a = axis % n
    for i, x in enumerate(xs[1:], 1):
        s = np.shape(x)
        if len(s) != n:
            raise kernel_error("ConcatV2", f"ConcatOp : Ranks of all input tensors should match: "
                               f"shape[0] = {shape_list(first)} vs. shape[{i}] = {shape_list(s)}",
                               name="concat", node=f"ConcatV2_N_{len(xs)}")
        for d in range(n):
            if d != a and s[d] != first[d]:
                raise kernel_error("ConcatV2", f"ConcatOp : Dimension {d} in both shapes must be equal: "
                                   f"shape[0] = {shape_list(first)} vs. shape[{i}] = {shape_list(s)}",
                                   name="concat", node=f"ConcatV2_N_{len(xs)}")
    return np.concatenate(xs, axis=a)


_concat = defop("ConcatV2", _np_concat, dtypes=None)


def _concat_grad(g, y, *xs, axis):
    return _split_v(g, sizes=tuple(x._value.shape[axis] for x in xs), axis=axis)


defgrad_all(_concat, _concat_grad)


def concat(values, axis=None, name="concat"):
    """Joins tensors along an existing `axis` (required).

    Raises:
      TypeError: no `axis` (TF's dispatch wrapper words it "Missing required positional argument").
      InvalidArgumentError: scalars, rank or dimension mismatches, different dtypes.
    """
    if axis is None:
        raise TypeError("Missing required positional argument")
    try:
        inputs = matching_tensors("ConcatV2", list(values))
    except IAE as e:
        raise _named(e, "concat") from None
    if len(inputs) == 1:
        return identity(inputs[0])
    n = inputs[0].ndim
    axis = int(axis)
    return execute(_concat, inputs, {"axis": axis % n if n and -n <= axis < n else axis})


def _np_pack(*xs, axis=0):
    first = np.shape(xs[0])
    for i, x in enumerate(xs[1:], 1):
        if np.shape(x) != first:
            raise kernel_error("Pack", f"Shapes of all inputs must match: values[0].shape = "
                               f"{shape_list(first)} != values[{i}].shape = {shape_list(np.shape(x))}",
                               name="stack", node=f"Pack_N_{len(xs)}")
    return np.stack(xs, axis=axis)


_pack = defop("Pack", _np_pack, dtypes=None)
defgrad_all(_pack, lambda g, y, *xs, axis=0: unstack(g, num=len(xs), axis=axis))


def stack(values, axis=0, name="stack"):
    """Joins same-shaped tensors along a new axis."""
    values = list(values)
    tensors = sum(isinstance(v, Tensor) or getattr(v, "_is_variable", False) for v in values)
    if axis == 0 and values and not tensors:
        # TF tries the list conversion first at axis 0: NumPy int8 scalars become int32 as in
        # `tf.constant([np.int8(1), np.int8(2)])`
        try:
            return convert_to_tensor(values)
        except (TypeError, ValueError):
            pass
    # TF's message ends in `name: stack` for Tensors, `name: ` for a mix, nothing for none
    name = "stack" if tensors == len(values) else "" if tensors else None
    try:
        inputs = matching_tensors("Pack", values)
        n = inputs[0].ndim + 1
        if not -n <= axis < n:
            raise ValueError(f"Argument `axis` = {axis} not in range [{-n}, {n})")
        return execute(_pack, inputs, {"axis": axis % n})
    except IAE as e:
        raise _named(e, name) from None


def _np_unpack(x, axis=0, num=None):
    return tuple(np.moveaxis(x, axis, 0))


_unpack = defop("Unpack", _np_unpack, dtypes=None, num_outputs=None)
defgrad(_unpack, lambda g, y, x, axis=0, num=None: stack(list(g), axis=axis))


def unstack(value, num=None, axis=0, name="unstack"):
    """Splits a tensor along `axis` into a list of tensors of one rank less."""
    x = _as_tensor(value)
    n = x.ndim
    if not -n <= axis < n:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-n}, {n})")
    axis %= n
    if num is not None and x._value.shape[axis] != num:
        raise kernel_error("Unpack", f"Input shape axis {axis} must equal {num}, got shape "
                           f"{shape_list(x._value.shape)}", name="unstack", node=f"Unpack_num_{num}")
    return list(_unpack(x, axis=axis))


def _np_split(x, num, axis):
    size = np.shape(x)[axis]
    if size % num:
        raise kernel_error("Split", f"Number of ways to split should evenly divide the split dimension, "
                           f"but got split_dim {axis} (size = {size}) and num_split {num}",
                           name="split", node=f"Split_num_split_{num}")
    return _pieces(x, range(0, size + 1, size // num) if size else [0] * (num + 1), axis)


def _pieces(x, bounds, axis):
    """Views of `x` between consecutive `bounds` along `axis` (np.split without its overhead)."""
    lead = (slice(None),) * axis
    bounds = list(bounds)
    return tuple(x[lead + (slice(a, b),)] for a, b in zip(bounds[:-1], bounds[1:]))


_split = defop("Split", _np_split, dtypes=None, num_outputs=None)
defgrad(_split, lambda g, y, x, num, axis: _concat(*g, axis=axis))


def _np_split_v(x, sizes, axis):
    return _pieces(x, [0, *np.cumsum(sizes).tolist()], axis)


_split_v = defop("SplitV", _np_split_v, dtypes=None, num_outputs=None)
defgrad(_split_v, lambda g, y, x, sizes, axis: _concat(*g, axis=axis))


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Splits `value` along `axis` into `num` equal parts or parts of the given sizes."""
    x = _as_tensor(value)
    axis = int(axis) % max(x.ndim, 1)
    if isinstance(num_or_size_splits, (int, np.integer)) or (
            isinstance(num_or_size_splits, Tensor) and num_or_size_splits.ndim == 0):
        return list(_split(x, num=int(num_or_size_splits), axis=axis))
    sizes = list(shape_arg(num_or_size_splits))
    total = x._value.shape[axis]
    if sizes.count(-1) == 1:
        sizes[sizes.index(-1)] = total - (sum(sizes) + 1)
    if sum(sizes) != total or min(sizes) < 0:
        raise kernel_error("SplitV", "Determined shape must either match input shape along split_dim "
                           "exactly if fully specified, or be less than the size of the input along "
                           f"split_dim if not fully specified.  Got: {sum(sizes)}", name="split",
                           node=f"SplitV_num_split_{len(sizes)}")
    return list(_split_v(x, sizes=tuple(sizes), axis=axis))


# ---- padding and slicing -------------------------------------------------------------------------
def _np_slice(x, begin, size):
    return x[tuple(slice(b, b + s) for b, s in zip(begin, size))]


_slice = defop("Slice", _np_slice, dtypes=None)


def _slice_grad(g, y, x, begin, size):
    shape = x._value.shape
    return _pad(g, paddings=tuple((b, d - b - s) for b, s, d in zip(begin, size, shape)),
                constant_values=0)


defgrad(_slice, _slice_grad)


def slice_(input_, begin, size, name=None):
    """The block of `input_` starting at `begin` with `size` (-1 means "to the end")."""
    x = _as_tensor(input_)
    begin = shape_arg(begin)
    size = tuple(d - b if s == -1 else s for b, s, d in zip(begin, shape_arg(size), x._value.shape))
    return _slice(x, begin=begin, size=size)


def _np_pad(x, paddings, constant_values=0):
    if len(paddings) != np.ndim(x):
        raise kernel_error("Pad", f"The first dimension of paddings must be the rank of inputs"
                           f"[{len(paddings)},2] {shape_list(np.shape(x))}")
    return np.pad(x, paddings, mode="constant", constant_values=constant_values)


_pad = defop("Pad", _np_pad, dtypes=None)


def _pad_grad(g, y, x, paddings, constant_values=0):
    return _slice(g, begin=tuple(lo for lo, _ in paddings), size=x._value.shape)


defgrad(_pad, _pad_grad)


def _np_mirror_pad(x, paddings, mode):
    for d, (lo, hi) in zip(np.shape(x), paddings):
        limit = d if mode == "symmetric" else d - 1
        if lo > limit or hi > limit:
            raise kernel_error("MirrorPad", f"paddings must be less than"
                               f"{' or equal to' if mode == 'symmetric' else ''} the dimension size: "
                               f"{lo}, {hi} not less than {d}")
    return np.pad(x, paddings, mode=mode)


_mirror_pad = defop("MirrorPad", _np_mirror_pad, dtypes=None)


def _np_mirror_pad_grad(g, paddings, mode):
    offset = 1 if mode == "reflect" else 0
    g = np.array(g, copy=True)
    for axis, (lo, hi) in enumerate(paddings):
        g = np.moveaxis(g, axis, 0)
        core = np.array(g[lo:g.shape[0] - hi], copy=True)
        n = core.shape[0]
        if lo:
            core[offset:offset + lo] += g[:lo][::-1]
        if hi:
            core[n - offset - hi:n - offset] += g[g.shape[0] - hi:][::-1]
        g = np.moveaxis(core, 0, axis)
    return g


_mirror_pad_grad = defop("MirrorPadGrad", _np_mirror_pad_grad, dtypes=None)
defgrad(_mirror_pad, lambda g, y, x, paddings, mode: _mirror_pad_grad(g, paddings=paddings, mode=mode))
defgrad(_mirror_pad_grad, lambda g, y, x, paddings, mode: _mirror_pad(g, paddings=paddings, mode=mode))


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """Pads `tensor` with `paddings[i] = [before, after]` per dimension.

    Args:
      mode: "CONSTANT", "REFLECT" or "SYMMETRIC" (any case).
    """
    x = _as_tensor(tensor)
    pads = np.asarray(paddings._value if isinstance(paddings, Tensor) else paddings)
    pads = tuple((int(a), int(b)) for a, b in pads.reshape(-1, 2))
    m = mode.upper() if isinstance(mode, str) else mode
    if m == "CONSTANT":
        value = to_tensor(constant_values, x.dtype)._value if not isinstance(constant_values, Tensor) \
            else constant_values._value
        return _pad(x, paddings=pads, constant_values=value[()] if np.ndim(value) == 0 else value)
    if m in ("REFLECT", "SYMMETRIC"):
        return _mirror_pad(x, paddings=pads, mode=m.lower())
    raise ValueError('Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", or '
                     f'"SYMMETRIC". Received `mode` = {mode}')


# ---- gathering and scattering --------------------------------------------------------------------
def _bad_index(op_type, indices, bound, what="indices"):
    if indices.ndim == 0:
        if not 0 <= indices < bound:
            raise kernel_error(op_type, f"{what} = {indices} is not in [0, {bound})", name="")
        return
    bad = np.argwhere((indices < 0) | (indices >= bound))
    if bad.size:
        pos = tuple(int(p) for p in bad[0])
        raise kernel_error(op_type, f"{what}[{','.join(map(str, pos))}] = {indices[pos]} is not in "
                           f"[0, {bound})")


def _np_gather(params, indices, axis=0):
    _check_index_dtype("GatherV2", "Tindices", np.asarray(indices))
    if np.ndim(params) == 0:
        raise kernel_error("GatherV2", "params must be at least 1 dimensional", name="")
    _bad_index("GatherV2", np.asarray(indices), np.shape(params)[axis])
    return np.take(params, indices, axis=axis)


_gather = defop("GatherV2", _np_gather, dtypes=None, match=False)


def _gather_grad(g, y, params, indices, axis=0):
    pshape = params._value.shape
    ishape = indices._value.shape
    n = _pymath.prod(ishape)
    if axis == 0:
        # the gradient of a row lookup is sparse: the looked-up rows, as TF's IndexedSlices
        values = _reshape(g, shape=(n,) + pshape[1:])
        return IndexedSlices(values, _reshape(indices, shape=(n,)), shape(params))
    outer, inner = pshape[:axis], pshape[axis + 1:]
    k = len(ishape)
    # g is outer + ishape + inner: bring the index dims to the front, sum rows, and put them back
    perm = tuple(range(axis, axis + k)) + tuple(range(axis)) + tuple(range(axis + k, g.ndim))
    rows = _reshape(_transpose(g, perm=perm), shape=(n,) + outer + inner)
    summed = _segment_sum_op(rows, _reshape(indices, shape=(n,)), num_segments=pshape[axis])
    back = tuple(range(1, axis + 1)) + (0,) + tuple(range(axis + 1, len(pshape)))
    return _transpose(summed, perm=back)


defgrad(_gather, _gather_grad)


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Gathers slices of `params` along `axis` at `indices` (which may be any shape).

    Raises:
      InvalidArgumentError: an index outside [0, params.shape[axis]), or a non-integer index.
    """
    p = params if isinstance(params, Tensor) else convert_to_tensor(params)
    i = indices if isinstance(indices, Tensor) else convert_to_tensor(indices)
    axis = batch_dims if axis is None else int(axis)
    axis %= max(p.ndim, 1)
    if batch_dims:
        return _batch_gather(p, i, axis, batch_dims % max(i.ndim, 1) if batch_dims < 0 else batch_dims)
    return _gather(p, i, axis=axis)


def _batch_gather(p, i, axis, batch_dims):
    """gather with batch dimensions, composed as TF does: fold the batch into the gathered axis."""
    if axis != batch_dims:
        raise NotImplementedError("tf.gather with batch_dims > 0 supports only axis == batch_dims")
    batch = p._value.shape[:batch_dims]
    if i._value.shape[:batch_dims] != batch:
        raise ValueError(f"params.shape[:batch_dims] {batch} and indices.shape[:batch_dims] "
                         f"{i._value.shape[:batch_dims]} must match")
    nb, size = _pymath.prod(batch), p._value.shape[axis]
    _bad_index("GatherV2", i._value, size)
    offsets = np.arange(nb, dtype=i._value.dtype).reshape(batch + (1,) * (i.ndim - batch_dims)) * size
    flat_p = _reshape(p, shape=(nb * size,) + p._value.shape[axis + 1:])
    out = _gather(flat_p, M.add(i, Tensor(offsets)), axis=0)
    return out


def _np_gather_nd(params, indices):
    _check_index_dtype("GatherNd", "Tindices", np.asarray(indices))
    indices = np.asarray(indices)
    k = indices.shape[-1]
    pshape = np.shape(params)
    flat = indices.reshape(-1, k)
    bad = np.nonzero(((flat < 0) | (flat >= np.array(pshape[:k]))).any(axis=1))[0]
    if bad.size:
        raise kernel_error("GatherNd", f"indices[{bad[0]}] = [{', '.join(map(str, flat[bad[0]]))}] "
                           f"does not index into param shape {shape_list(pshape)}, node name: GatherNd")
    return np.asarray(params)[tuple(indices[..., j] for j in range(k))]


_gather_nd = defop("GatherNd", _np_gather_nd, dtypes=None, match=False)


def _gather_nd_grad(g, y, params, indices):
    ishape = indices._value.shape
    if len(ishape) == 2 and ishape[-1] == 1:
        return IndexedSlices(g, _reshape(indices, shape=(ishape[0],)), shape(params))
    return _scatter_nd(indices, g, shape=params._value.shape)


defgrad(_gather_nd, _gather_nd_grad)


def gather_nd(params, indices, batch_dims=0, name=None):
    """Gathers slices of `params` addressed by the last dimension of `indices`."""
    if batch_dims:
        raise NotImplementedError("tf.gather_nd with batch_dims > 0")
    return _gather_nd(params, indices)


def _check_scatter(op_type, indices, shape, what="shape"):
    k = indices.shape[-1]
    flat = indices.reshape(-1, k)
    bad = np.nonzero(((flat < 0) | (flat >= np.array(shape[:k]))).any(axis=1))[0]
    if bad.size:
        raise kernel_error(op_type, f"indices[{bad[0]}] = [{', '.join(map(str, flat[bad[0]]))}] does "
                           f"not index into {what} {shape_list(shape)}")
    return tuple(indices[..., j] for j in range(k))


def _np_scatter_nd(indices, updates, shape):
    out = np.zeros(shape, dtype=np.asarray(updates).dtype)
    np.add.at(out, _check_scatter("ScatterNd", np.asarray(indices), shape), updates)
    return out


_scatter_nd = defop("ScatterNd", _np_scatter_nd, dtypes=None, match=False)
defgrad(_scatter_nd, None, lambda g, y, indices, updates, shape: _gather_nd(g, indices))


def scatter_nd(indices, updates, shape, name=None):
    """A zero tensor of `shape` with `updates` added at `indices` (repeats accumulate)."""
    return _scatter_nd(indices, updates, shape=shape_arg(shape))


def _np_tensor_scatter(tensor, indices, updates, add=False):
    op_type = "TensorScatterAdd" if add else "TensorScatterUpdate"
    out = np.array(tensor, copy=True)
    where = _check_scatter(op_type, np.asarray(indices), out.shape)
    if add:
        np.add.at(out, where, updates)
    else:
        out[where] = updates
    return out


def _scatter_inputs(tensor, indices, updates):
    t = _as_tensor(tensor)
    return t, _as_tensor(indices), to_tensor(updates, t.dtype) if not isinstance(updates, Tensor) else updates


_tensor_scatter_update = defop("TensorScatterUpdate", _np_tensor_scatter, dtypes=None, match=False)
defgrad(_tensor_scatter_update,
        lambda g, y, t, i, u: _tensor_scatter_update(g, i, zeros_like(u)),
        None,
        lambda g, y, t, i, u: _gather_nd(g, i))

_tensor_scatter_add = defop("TensorScatterAdd", lambda t, i, u: _np_tensor_scatter(t, i, u, add=True),
                            dtypes=None, match=False)
defgrad(_tensor_scatter_add, lambda g, y, t, i, u: g, None, lambda g, y, t, i, u: _gather_nd(g, i))


def tensor_scatter_nd_update(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` written at `indices`."""
    return _tensor_scatter_update(*_scatter_inputs(tensor, indices, updates))


def tensor_scatter_nd_add(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` added at `indices` (repeats accumulate)."""
    return _tensor_scatter_add(*_scatter_inputs(tensor, indices, updates))


# ---- segment sums (the dense form of IndexedSlices) ----------------------------------------------
def check_unsorted_segments(op_type, data, ids, num_segments, allowed=_INDEX_DTYPES):
    """TF's checks of an UnsortedSegment* kernel's arguments, in its order."""
    _check_index_dtype(op_type, "Tindices", ids, allowed)
    if data.shape[:ids.ndim] != ids.shape:
        raise kernel_error(op_type, f"data.shape = {shape_list(data.shape)} does not start with "
                           f"segment_ids.shape = {shape_list(ids.shape)}", name="")
    if num_segments < 0:
        raise kernel_error(op_type, f"Input num_segments == {num_segments} must not be negative.", name="")
    bad = np.argwhere(ids >= num_segments)
    if bad.size:
        pos = tuple(int(p) for p in bad[0])
        raise kernel_error(op_type, f"segment_ids[{','.join(map(str, pos))}] = {ids[pos]} "
                           f"is out of range [0, {num_segments})", name="")


def check_sorted_segments(op_type, data, ids, allowed=_INDEX_DTYPES):
    """TF's checks of a sorted Segment* kernel's arguments, walking the runs of equal ids as its
    loop does (a decrease is reported before an id out of range); returns the segment count."""
    _check_index_dtype(op_type, "Tindices", ids, allowed)
    if ids.ndim != 1:
        raise kernel_error(op_type, "segment_ids should be a vector.", name="")
    if data.ndim == 0 or ids.shape[0] != data.shape[0]:
        raise kernel_error(op_type, "segment_ids should be the same size as dimension 0 of input.", name="")
    n = int(ids[-1]) + 1 if ids.size else 0
    if ids.size and ids[-1] < 0:
        raise kernel_error(op_type, "segment ids must be >= 0", name="")
    runs = ids[np.flatnonzero(np.diff(ids, prepend=ids[:1] - 1))].tolist() if ids.size else []
    for cur, nxt in zip(runs, runs[1:] + [None]):
        if nxt is not None and not cur < nxt:
            raise kernel_error(op_type, "segment ids are not increasing", name="")
        if not 0 <= cur < n:
            raise kernel_error(op_type, f"Segment id {cur} out of range [0, {n}), possibly because "
                               "'segment_ids' input is not sorted.", name="")
    return n


def _np_segment_sum(data, ids, num_segments, op_type="UnsortedSegmentSum"):
    ids = np.asarray(ids)
    data = np.asarray(data)
    if op_type:
        check_unsorted_segments(op_type, data, ids, num_segments)
    out = np.zeros((num_segments,) + data.shape[ids.ndim:], dtype=data.dtype)
    keep = ids >= 0   # negative ids are dropped, as TF does
    if keep.all():
        np.add.at(out, ids, data)
    else:
        np.add.at(out, ids[keep], data[keep])
    return out


def gather_drop_negatives(params, ids):
    """gather(params, max(ids, 0)) zeroed where ids < 0 (TF's _GatherDropNegatives), and the
    mask of ids >= 0 broadcast to the result's shape."""
    clipped = M.maximum(ids, zeros_like(ids))
    gathered = _gather(params, clipped, axis=0)
    positive = M.greater_equal(ids, zeros_like(ids))
    positive = _reshape(positive, shape=tuple(ids.shape) + (1,) * (gathered.ndim - ids.ndim))
    positive = M.logical_and(positive, ones_like(gathered, dtype=D.bool))
    return where(positive, gathered, zeros_like(gathered)), positive


_segment_sum_op = defop("UnsortedSegmentSum", _np_segment_sum, dtypes=D.NUMERIC, match=False)
defgrad(_segment_sum_op, lambda g, y, data, ids, num_segments: gather_drop_negatives(g, ids)[0])


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """Sums rows of `data` into `num_segments` segments by `segment_ids` (any order)."""
    return _segment_sum_op(data, segment_ids, num_segments=int(num_segments))


def _np_sorted_segment_sum(data, ids):
    ids = np.asarray(ids)
    n = check_sorted_segments("SegmentSum", np.asarray(data), ids, _INDEX_DTYPES[1:])
    return _np_segment_sum(data, ids, n, op_type=None)


_sorted_segment_sum = defop("SegmentSum", _np_sorted_segment_sum, dtypes=D.NUMERIC, match=False)
defgrad(_sorted_segment_sum, lambda g, y, data, ids: _gather(g, ids, axis=0))


def segment_sum(data, segment_ids, name=None):
    """Sums rows of `data` by sorted `segment_ids`."""
    return _sorted_segment_sum(data, segment_ids)


# ---- selection -----------------------------------------------------------------------------------
def _np_select(c, x, y):
    try:
        return np.where(c, x, y)
    except ValueError:
        raise kernel_error("SelectV2", f"condition {shape_list(np.shape(c))}, then "
                           f"{shape_list(np.shape(x))}, and else {shape_list(np.shape(y))} must be "
                           "broadcastable", name="") from None


_select = defop("SelectV2", _np_select, dtypes=None, broadcasting=True, match=False)
defgrad(_select, None,
        lambda g, y, c, a, b: _select(c, g, zeros_like(g)),
        lambda g, y, c, a, b: _select(c, zeros_like(g), g))

_where_indices = defop("Where", lambda c: np.argwhere(c).astype(np.int64), dtypes=None)
nondifferentiable(_where_indices)


def where(condition, x=None, y=None, name=None):
    """`x` where `condition` is True, else `y` (broadcasting); with only `condition`, the
    int64 (n, rank) coordinates of its True (non-zero) elements.

    Raises:
      InvalidArgumentError: a non-bool condition tensor, or branches of different dtypes.
      ValueError: only one of `x` and `y` given.
    """
    if (x is None) != (y is None):
        raise ValueError("x and y must both be non-None or both be None.")
    if x is None:
        return _where_indices(_as_tensor(condition))
    if isinstance(condition, Tensor) or getattr(condition, "_is_variable", False):
        c = _as_tensor(condition)
        if c.dtype is not D.bool:
            raise mismatch("SelectV2", 0, D.bool, c.dtype)
    else:
        c = to_tensor(condition, D.bool)
    try:
        a, b = matching_tensors("SelectV2", [x, y])
    except IAE as e:
        first = x if (isinstance(x, Tensor) or getattr(x, "_is_variable", False)) else y
        other = y if first is x else x
        raise mismatch("SelectV2", 2, first.dtype, other.dtype) from e
    return _select(c, a, b)


_identity = defop("Identity", lambda x: x, dtypes=None)
defgrad(_identity, lambda g, y, x: g)


def identity(input, name=None):
    """A new Tensor with the same value (a Variable is read)."""
    return _identity(_as_tensor(input))


_stop_gradient = defop("StopGradient", lambda x: x, dtypes=None)
nondifferentiable(_stop_gradient)


def stop_gradient(input, name=None):
    """A new Tensor with the same value through which no gradient flows."""
    return _stop_gradient(_as_tensor(input))


def boolean_mask(tensor, mask, axis=None, name="boolean_mask"):
    """The elements (or slices along `axis`) of `tensor` where `mask` is True.

    Raises:
      ValueError: the mask shape does not match the dimensions it covers, or a scalar mask.
    """
    x = _as_tensor(tensor)
    m = mask if isinstance(mask, Tensor) else to_tensor(mask, D.bool) if not isinstance(
        mask, np.ndarray) else convert_to_tensor(mask)
    k = m.ndim
    if k == 0:
        raise ValueError("mask cannot be scalar.")
    axis = 0 if axis is None else int(axis) % x.ndim
    covered = x._value.shape[axis:axis + k]
    if covered != m._value.shape:
        from tapeviz.framework.tensor_shape import TensorShape
        raise ValueError(f"Shapes {TensorShape(covered)} and {TensorShape(m._value.shape)} are incompatible")
    shape = x._value.shape
    flat = _reshape(x, shape=shape[:axis] + (_pymath.prod(covered),) + shape[axis + k:])
    picked = _reshape(where(_reshape(m, shape=(-1,))), shape=(-1,))
    return _gather(flat, picked, axis=axis)


# ---- sorting -------------------------------------------------------------------------------------
TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def _np_top_k(x, k, sorted=True):
    n = np.shape(x)[-1] if np.ndim(x) else 0
    if k < 0:
        raise kernel_error("TopKV2", f"Need k >= 0, got {k}", name="")
    if np.ndim(x) == 0:
        raise kernel_error("TopKV2", "input must be >= 1-D, got shape []", name="")
    if k > n:
        raise kernel_error("TopKV2", f"input must have at least k columns. Had {n}, needed {k}", name="")
    if k == 1 and x.dtype.kind == "f" and n:
        return _top_1(x)
    # a stable ascending sort of the reversed row, read backwards: descending, ties by lower index
    order = np.argsort(x[..., ::-1], axis=-1, kind="stable")[..., ::-1][..., :k]
    indices = (n - 1 - order).astype(np.int32)
    if x.dtype.kind == "f" and k > 1:     # a row holding a NaN: TF's own order (see topk_order)
        rows, flat = x.reshape(-1, n), indices.reshape(-1, k)
        for r in np.flatnonzero(np.isnan(rows).any(axis=-1)):
            flat[r] = topk_order.row_order(rows[r].tolist(), k)
    return np.take_along_axis(x, indices, axis=-1), indices


def _top_1(x):
    """TF's k == 1 kernel on floats: Eigen's row maximum, then the first column equal to it
    (column 0 when none is). A row shorter than one 8-float packet is reduced one value at a
    time, a running `max` that a NaN resets (the next value replaces it); a longer row is
    reduced in packets, where a NaN is dropped (the maximum of the other values)."""
    n = x.shape[-1]
    nan = np.isnan(x)
    if n >= 8:
        start = np.zeros(x.shape[:-1], np.intp)
    else:                                                  # after the last NaN
        start = np.where(nan.any(-1), n - np.argmax(nan[..., ::-1], axis=-1), 0)
    seen = np.where((np.arange(n) >= start[..., None]) & ~nan, x, -np.inf)
    best = np.where(start == n, np.nan, np.max(seen, axis=-1, initial=-np.inf))
    equal = x == best[..., None]
    indices = np.where(equal.any(-1), equal.argmax(-1), 0)[..., None].astype(np.int32)
    return np.take_along_axis(x, indices, axis=-1), indices


_top_k = defop("TopKV2", _np_top_k, dtypes=D.REAL, num_outputs=2)


def _top_k_grad(g, y, x, k, sorted=True):
    shape = x._value.shape
    n = shape[-1]
    rows = _pymath.prod(shape[:-1])
    offsets = _reshape(range_(0, rows * n, n), shape=shape[:-1] + (1,))
    flat = _reshape(M.add(y[1], offsets), shape=(-1,))
    return _reshape(_segment_sum_op(_reshape(g[0], shape=(-1,)), flat, num_segments=rows * n), shape=shape)


defgrad(_top_k, _top_k_grad)


def top_k(input, k=1, sorted=True, index_type=D.int32, name=None):
    """The `k` largest entries along the last axis and their int32 indices, as `TopKV2(values, indices)`."""
    values, indices = _top_k(_as_tensor(input), k=int(k), sorted=bool(sorted))
    return TopKV2(values, indices)


def _sort_parts(values, axis, direction):
    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError(f"Argument `direction` should be one of ASCENDING, DESCENDING. Received: "
                         f"direction={direction}")
    x = _as_tensor(values)
    n = x.ndim
    axis = int(axis)
    if not -n <= axis < n:
        # TF's sort first slices the axis' size out of the shape
        raise kernel_error("StridedSlice", f"slice index {axis + n if axis < 0 else axis} of dimension 0 "
                           "out of bounds.", name="strided_slice/")
    axis %= n
    perm = None
    if axis != n - 1:
        perm = list(range(n))
        perm[axis], perm[-1] = perm[-1], perm[axis]
        x = _transpose(x, perm=tuple(perm))
    if direction == "ASCENDING":
        # TF's _ascending_sort: a descending sort of an order-reversing map (no Neg of unsigned
        # values, no overflow at INT_MIN)
        kind = x._value.dtype.kind
        if kind == "u":
            top = Tensor(x._value.dtype.type(np.iinfo(x._value.dtype).max))
            v, i = _top_k(M.subtract(top, x), k=x._value.shape[-1], sorted=True)
            v = M.subtract(top, v)
        elif kind == "i":
            one = Tensor(x._value.dtype.type(1))
            v, i = _top_k(M.subtract(M.negative(x), one), k=x._value.shape[-1], sorted=True)
            v = M.subtract(M.negative(v), one)
        else:
            v, i = _top_k(M.negative(x), k=x._value.shape[-1], sorted=True)
            v = M.negative(v)
    else:
        v, i = _top_k(x, k=x._value.shape[-1], sorted=True)
    if perm is not None:
        v, i = _transpose(v, perm=tuple(perm)), _transpose(i, perm=tuple(perm))
    return v, i


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """The values sorted along `axis` (differentiable: the gradient follows the permutation)."""
    return _sort_parts(values, axis, direction)[0]


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """The int32 indices that sort `values` along `axis` (ties keep their order)."""
    return _sort_parts(values, axis, direction)[1]


Unique = collections.namedtuple("Unique", ["y", "idx"])


def _np_unique(x, out_idx=np.int32):
    _, first, inverse = np.unique(x, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return x[np.sort(first)], rank[inverse.ravel()].astype(out_idx)


_unique = defop("Unique", _np_unique, dtypes=D.ANY, num_outputs=2, no_kernel=D.COMPLEX)
nondifferentiable(_unique)


def unique(x, out_idx=D.int32, name=None):
    """The distinct values of 1-D `x` in order of first appearance, and each element's position."""
    y, idx = _unique(_as_tensor(x), out_idx=D.as_dtype(out_idx).as_numpy_dtype)
    return Unique(y, idx)


def _np_search(sorted_sequence, values, side, out_type):
    s, v = np.asarray(sorted_sequence), np.asarray(values)
    if s.ndim == 1:
        return np.searchsorted(s, v, side=side).astype(out_type)
    flat_s, flat_v = s.reshape(-1, s.shape[-1]), v.reshape(-1, v.shape[-1])
    out = np.stack([np.searchsorted(a, b, side=side) for a, b in zip(flat_s, flat_v)])
    return out.reshape(v.shape).astype(out_type)


_search = defop("LowerBound", _np_search, dtypes=D.REAL)
nondifferentiable(_search)


def searchsorted(sorted_sequence, values, side="left", out_type=D.int32, name=None):
    """Insertion points of `values` in the innermost dimension of `sorted_sequence`."""
    if side not in ("left", "right"):
        raise ValueError(f"Argument `side` must be either 'right' or 'left'. Received: `side` = {side}.")
    return _search(sorted_sequence, values, side=side, out_type=D.as_dtype(out_type).as_numpy_dtype)


# ---- creation ------------------------------------------------------------------------------------
def _np_type(dtype):
    return D.as_dtype(dtype).as_numpy_dtype


def zeros(shape, dtype=D.float32, name=None, layout=None):
    """A tensor of `shape` filled with zeros (float32 by default)."""
    return Tensor(np.zeros(shape_arg(shape), dtype=_np_type(dtype)))


def ones(shape, dtype=D.float32, name=None, layout=None):
    """A tensor of `shape` filled with ones (float32 by default)."""
    return Tensor(np.ones(shape_arg(shape), dtype=_np_type(dtype)))


def zeros_like(input, dtype=None, name=None, layout=None):
    """Zeros with the shape (and dtype, unless given) of `input`; no gradient flows through it."""
    v = input._value if type(input) is Tensor else _as_tensor(input)._value
    return Tensor(np.zeros(np.shape(v), dtype=v.dtype if dtype is None else _np_type(dtype)))


def ones_like(input, dtype=None, name=None, layout=None):
    """Ones with the shape (and dtype, unless given) of `input`."""
    v = input._value if type(input) is Tensor else _as_tensor(input)._value
    return Tensor(np.ones(np.shape(v), dtype=v.dtype if dtype is None else _np_type(dtype)))


_fill = defop("Fill", lambda value, dims: np.full(dims, value), dtypes=None)
defgrad(_fill, lambda g, y, value, dims: M.reduce_sum(g))


def fill(dims, value, name=None, layout=None):
    """A tensor of shape `dims` filled with the scalar `value` (whose dtype it takes)."""
    value = _as_tensor(value)
    if value.ndim:
        raise kernel_error("Fill", f"value must represent a scalar, got shape {shape_list(value.shape)}",
                           name=None)
    return _fill(value, dims=shape_arg(dims))


_RANGE_ORDER = (D.int32, D.int64, D.float32, D.float64)


def range_(start, limit=None, delta=1, dtype=None, name="range"):
    """Numbers from `start` up to (not including) `limit` by `delta`; int32 for ints, float32 for floats."""
    if limit is None:
        start, limit = 0, start
    args = [start, limit, delta]
    if dtype is not None:
        dt = D.as_dtype(dtype)
        for a in args:      # TF converts each bound first: `0` cannot become a bool
            if not isinstance(a, Tensor):
                convert_to_tensor(a, dtype=dt)
        _check_range_dtype(dt)
    else:
        kinds = [a.dtype if isinstance(a, Tensor) or getattr(a, "_is_variable", False) else
                 _as_tensor(a).dtype for a in args]
        dt = max(kinds, key=lambda d: _RANGE_ORDER.index(d) if d in _RANGE_ORDER else 0)
    s, l, d = (_as_tensor(a)._value.item() if not isinstance(a, (int, float)) else a for a in args)
    if d == 0:
        raise kernel_error("Range", f"Requires delta != 0: {_fmt(d, dt)}", name="")
    if d > 0 and s > l:
        raise kernel_error("Range", f"Requires start <= limit when delta > 0: {_fmt(s, dt)}/{_fmt(l, dt)}", name="")
    if d < 0 and s < l:
        raise kernel_error("Range", f"Requires start >= limit when delta < 0: {_fmt(s, dt)}/{_fmt(l, dt)}", name="")
    npt = dt.as_numpy_dtype
    n = int(_pymath.ceil(abs((l - s) / d))) if dt.is_integer else int(_pymath.ceil(abs((npt(l) - npt(s)) / npt(d))))
    return Tensor((npt(s) + np.arange(n, dtype=npt) * npt(d)).astype(npt))


def _fmt(v, dt):
    return str(int(v)) if dt.is_integer else str(v)


_RANGE_TIDX = "bfloat16, half, float, double, int8, int16, int32, int64, uint16, uint32, uint64"
_RANGE_KERNELS = (D.float16, D.float32, D.float64, D.int32, D.int64)


def _check_range_dtype(dt):
    """TF's Range takes the types of its `Tidx` list; the CPU has kernels for fewer."""
    if dt.name not in ("int8", "int16", "uint16", "uint32", "uint64") and dt not in _RANGE_KERNELS:
        raise errors.build_error("Range", f"Value for attr 'Tidx' of {dt.c_name} is not in the list "
                                 f"of allowed values: {_RANGE_TIDX}")
    if dt not in _RANGE_KERNELS:
        raise errors.NotFoundError(None, "Range", "Could not find device for node: {{node Range}} = "
                                   f"Range[Tidx=DT_{dt.name.upper()}]")


def linspace(start, stop, num, name=None, axis=0):
    """`num` evenly spaced values from `start` to `stop` inclusive (float64 for int endpoints).

    TF's arithmetic: the endpoints are `start` and `stop` themselves and the inner values
    `start + k * delta`, so an infinite start stays infinite where NumPy's linspace gives nan.
    Raises:
      TypeError: `stop` does not convert to `start`'s dtype (`linspace(1, 5.0, 5)`).
    """
    a = _as_tensor(start)
    b = convert_to_tensor(stop, dtype=a.dtype)
    n = int(np.asarray(getattr(num, "_value", num)))
    shape = np.broadcast_shapes(a._value.shape, b._value.shape)
    s = np.expand_dims(np.broadcast_to(a._value, shape), axis)
    e = np.expand_dims(np.broadcast_to(b._value, shape), axis)
    ax = axis % s.ndim
    n_steps = max(n - 1, 1)
    if a.dtype.is_integer:     # TF's truediv of integers computes in float64
        delta = (e - s).astype(np.float64) / np.float64(n_steps)
    else:
        delta = (e - s) / s.dtype.type(n_steps)
    s, e = s.astype(delta.dtype), e.astype(delta.dtype)
    if n < 0:
        raise kernel_error("Range", f"Requires start <= limit when delta > 0: 1/-1", name="")
    k = np.arange(1, n_steps, dtype=np.int64).astype(delta.dtype)
    inner = s + delta * k.reshape([-1 if i == ax else 1 for i in range(s.ndim)])
    out = np.concatenate([s, inner, e], axis=ax)
    return Tensor(np.take(out, np.arange(n), axis=ax))


def eye(num_rows, num_columns=None, batch_shape=None, dtype=D.float32, name=None):
    """An identity matrix (or a batch of them), float32 by default."""
    m = np.eye(int(num_rows), None if num_columns is None else int(num_columns), dtype=_np_type(dtype))
    if batch_shape is not None:
        m = np.broadcast_to(m, shape_arg(batch_shape) + m.shape).copy()
    return Tensor(m)


def _np_one_hot(indices, depth, on_value, off_value, axis):
    _check_index_dtype("OneHot", "TI", indices, (np.dtype(np.uint8), np.dtype(np.int8),
                                                   np.dtype(np.int32), np.dtype(np.int64)))
    hot = np.expand_dims(indices, -1) == np.arange(depth)
    out = np.where(hot, on_value, off_value)
    return out if axis == -1 else np.moveaxis(out, -1, axis)


_one_hot = defop("OneHot", _np_one_hot, dtypes=None, match=False)
nondifferentiable(_one_hot)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """Rows of `depth` values: `on_value` at each index, `off_value` elsewhere (float32 1/0 by
    default); indices outside [0, depth) give all-off rows."""
    i = _as_tensor(indices)
    hint = None if dtype is None else D.as_dtype(dtype)
    on = None if on_value is None else convert_to_tensor(on_value, dtype_hint=hint)
    off = None if off_value is None else convert_to_tensor(off_value, dtype_hint=hint)
    if on is not None and off is not None and on.dtype is not off.dtype:
        raise TypeError(f"dtype {on.dtype} of on_value does not match dtype {off.dtype} of off_value")
    given = on if on is not None else off
    dt = D.as_dtype(dtype) if dtype is not None else given.dtype if given is not None else D.float32
    for value, what in ((on, "on_value"), (off, "off_value")):
        if value is not None and value.dtype is not dt:
            raise TypeError(f"dtype {value.dtype} of {what} does not match dtype parameter {dt}")
    # the missing values are 1 and 0 converted to the dtype, as TF does: `True` as on_value
    # alone cannot make a bool off_value of 0
    on = convert_to_tensor(1, dtype=dt) if on is None else on
    off = convert_to_tensor(0, dtype=dt) if off is None else off
    on_v, off_v = on._value, off._value
    axis = -1 if axis is None else int(axis)
    if int(depth) < 0:
        # TF's message ends in ` name: ` only when `indices` came in as a Tensor
        raise kernel_error("OneHot", f"depth must be non-negative, got: {int(depth)}",
                           name="" if isinstance(indices, Tensor) else None)
    return _one_hot(i, depth=int(depth), on_value=on_v, off_value=off_v, axis=axis)


def shape(input, out_type=D.int32, name=None):
    """The shape of `input` as an int32 (or `out_type`) vector."""
    v = input.shape if getattr(input, "_is_variable", False) else _as_tensor(input)._value.shape
    return Tensor(np.array(tuple(v), dtype=_np_type(out_type)))


def size(input, out_type=D.int32, name=None):
    """The number of elements of `input` as an int32 scalar."""
    v = _as_tensor(input)._value
    return Tensor(_np_type(out_type)(np.size(v)))


def rank(input, name=None):
    """The number of dimensions of `input` as an int32 scalar."""
    return Tensor(np.int32(np.ndim(_as_tensor(input)._value)))


def sequence_mask(lengths, maxlen=None, dtype=D.bool, name=None):
    """mask[i, j] = j < lengths[i], for j < maxlen (default max(lengths))."""
    n = _as_tensor(lengths)._value
    maxlen = int(n.max()) if maxlen is None else int(np.asarray(getattr(maxlen, "_value", maxlen)))
    if maxlen < 0:
        raise kernel_error("Range", f"Requires start <= limit when delta > 0: 0/{maxlen}", name="")
    return Tensor((np.arange(maxlen) < np.expand_dims(n, -1)).astype(_np_type(dtype)))


def meshgrid(*args, **kwargs):
    """Coordinate grids from 1-D tensors (`indexing='xy'` by default, or 'ij')."""
    indexing = kwargs.pop("indexing", "xy")
    kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"'{next(iter(kwargs))}' is an invalid keyword argument for this function")
    xs = [_as_tensor(a) for a in args]
    sizes = [int(np.size(x._value)) for x in xs]
    if indexing == "xy" and len(xs) > 1:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    out = []
    for k, x in enumerate(xs):
        pos = k if indexing != "xy" or len(xs) < 2 or k > 1 else 1 - k
        shape = [1] * len(xs)
        shape[pos] = -1
        out.append(_broadcast_to(_reshape(x, shape=tuple(shape)), shape=tuple(sizes)))
    return out


def repeat(input, repeats, axis=None, name=None):
    """Repeats each element (or slice along `axis`) `repeats` times (a gather, so differentiable)."""
    x = _as_tensor(input)
    if axis is None:
        x, axis = _reshape(x, shape=(-1,)), 0
    axis = int(axis) % x.ndim
    r = np.asarray(getattr(repeats, "_value", repeats))
    index = np.repeat(np.arange(x._value.shape[axis], dtype=np.int32), r)
    return _gather(x, Tensor(index), axis=axis)


# ---- exports -------------------------------------------------------------------------------------
export(reshape, "reshape")
export(transpose, "transpose")
export(squeeze, "squeeze")
export(expand_dims, "expand_dims")
export(broadcast_to, "broadcast_to")
export(tile, "tile")
export(reverse, "reverse")
export(roll, "roll")
export(concat, "concat")
export(stack, "stack")
export(unstack, "unstack")
export(split, "split")
export(slice_, "slice")
export(pad, "pad")
export(gather, "gather")
export(gather_nd, "gather_nd")
export(scatter_nd, "scatter_nd")
export(tensor_scatter_nd_update, "tensor_scatter_nd_update")
export(tensor_scatter_nd_add, "tensor_scatter_nd_add")
export(unsorted_segment_sum, "math.unsorted_segment_sum")
export(segment_sum, "math.segment_sum")
export(where, "where")
export(identity, "identity")
export(stop_gradient, "stop_gradient")
export(boolean_mask, "boolean_mask")
export(top_k, "math.top_k", "nn.top_k")
export(sort, "sort")
export(argsort, "argsort")
export(unique, "unique")
export(searchsorted, "searchsorted")
export(zeros, "zeros")
export(ones, "ones")
export(zeros_like, "zeros_like")
export(ones_like, "ones_like")
export(fill, "fill")
export(range_, "range")
export(linspace, "linspace")
export(eye, "eye", "linalg.eye")
export(one_hot, "one_hot")
export(shape, "shape")
export(size, "size")
export(rank, "rank")
export(sequence_mask, "sequence_mask")
export(meshgrid, "meshgrid")
export(repeat, "repeat")

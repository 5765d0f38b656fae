"""Shape and indexing ops, creation ops (`tf.reshape`, `tf.stack`, `tf.zeros`, ...)."""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor, matching_tensors
from tapeviz.framework.registry import REGISTRY, defgrad, defgrad_all, defop, execute, nondifferentiable
from tapeviz.framework.tensor import Tensor

# ---- shape ---------------------------------------------------------------------------------------
_reshape = defop("Reshape", lambda x, shape: np.reshape(x, shape), dtypes=None)
defgrad(_reshape, lambda g, y, x, shape: reshape(g, x._value.shape))


def reshape(tensor, shape, name=None):
    """The same values in a new shape; one dimension may be -1."""
    return _reshape(convert_to_tensor(tensor), shape=tuple(int(d) for d in np.asarray(shape).ravel()) if not isinstance(shape, tuple) else shape)


_broadcast_to = defop("BroadcastTo", lambda x, shape: np.broadcast_to(x, shape), dtypes=None)
defgrad(_broadcast_to, lambda g, y, x, shape: g)   # the tape sums back to x's shape
_broadcast_to.broadcasting = True


def broadcast_to(input, shape, name=None):
    return _broadcast_to(convert_to_tensor(input), shape=tuple(int(d) for d in shape))


# ---- joining -------------------------------------------------------------------------------------
_pack = defop("Pack", lambda *xs, axis=0: np.stack(xs, axis=axis), dtypes=None)


def _pack_grad(g, y, *xs, axis=0):
    return unstack(g, num=len(xs), axis=axis)


defgrad_all(_pack, _pack_grad)


def stack(values, axis=0, name="stack"):
    """Joins same-shaped tensors along a new axis."""
    return execute(_pack, matching_tensors("Pack", values), {"axis": axis})


_unpack = defop("Unpack", lambda x, axis=0: tuple(np.moveaxis(x, axis, 0)), dtypes=None,
                num_outputs=None)
defgrad(_unpack, lambda g, y, x, axis=0: stack(list(g), axis=axis))


def unstack(value, num=None, axis=0, name="unstack"):
    """Splits a tensor along `axis` into a list of tensors of one rank less."""
    return list(_unpack(value, axis=axis))


# ---- creation ------------------------------------------------------------------------------------
def zeros(shape, dtype=D.float32, name=None):
    return Tensor(np.zeros(tuple(int(d) for d in shape), dtype=D.as_dtype(dtype).as_numpy_dtype))


def zeros_like(input, dtype=None, name=None):
    x = convert_to_tensor(input)
    return Tensor(np.zeros_like(x._value, dtype=None if dtype is None else D.as_dtype(dtype).as_numpy_dtype))


def ones_like(input, dtype=None, name=None):
    x = convert_to_tensor(input)
    return Tensor(np.ones_like(x._value, dtype=None if dtype is None else D.as_dtype(dtype).as_numpy_dtype))


# ---- segment sums (the dense form of IndexedSlices) ----------------------------------------------
def _np_segment_sum(data, ids, num_segments):
    out = np.zeros((num_segments,) + data.shape[ids.ndim:], dtype=data.dtype)
    np.add.at(out, ids, data)
    return out


_segment_sum = defop("UnsortedSegmentSum", _np_segment_sum, dtypes=D.NUMERIC, match=False)
defgrad(_segment_sum, lambda g, y, data, ids, num_segments: gather(g, ids))


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    return _segment_sum(data, segment_ids, num_segments=int(num_segments))


_gather = defop("GatherV2", lambda p, i, axis=0: np.take(p, i, axis=axis), dtypes=None, match=False)
defgrad(_gather, lambda g, y, p, i, axis=0: unsorted_segment_sum(g, i, p._value.shape[0]))


def gather(params, indices, axis=None, batch_dims=0, name=None):
    return _gather(params, indices, axis=0 if axis is None else int(axis))


export(reshape, "reshape")
export(broadcast_to, "broadcast_to")
export(stack, "stack")
export(unstack, "unstack")
export(zeros, "zeros")
export(zeros_like, "zeros_like")
export(ones_like, "ones_like")
export(unsorted_segment_sum, "math.unsorted_segment_sum")
export(gather, "gather")

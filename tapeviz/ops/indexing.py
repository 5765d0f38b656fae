"""`t[...]` on Tensors and Variables: TF's strided slice (basic NumPy indexing) plus boolean masks.

Ints, slices with any step, `...`, `None`/`tf.newaxis` and scalar int tensors become one
`StridedSlice` op whose gradient scatters back (`StridedSliceGrad`); a boolean mask is
`tf.boolean_mask`. A flat Python list is read as a tuple, TF's quirk.
"""

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.registry import defgrad, defop
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.variables import Variable
from tapeviz.ops.array import boolean_mask

_VALID = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
          "tf.int32/tf.int64 tensors are valid indices, got ")


def _error(message):
    return kernel_error("StridedSlice", message, name="strided_slice/")


def _np_strided_slice(x, key):
    out = x[key]
    # an element of an object (string) array comes back as the Python object itself
    return out if isinstance(out, (np.ndarray, np.generic)) else np.asarray(out, dtype=x.dtype)


def _np_strided_slice_grad(g, shape, key):
    out = np.zeros(shape, dtype=np.asarray(g).dtype)
    out[key] = g
    return out


strided_slice_op = defop("StridedSlice", _np_strided_slice, dtypes=None)
strided_slice_grad_op = defop("StridedSliceGrad", _np_strided_slice_grad, dtypes=None)
defgrad(strided_slice_op, lambda g, y, x, key: strided_slice_grad_op(g, shape=x._value.shape, key=key))
defgrad(strided_slice_grad_op, lambda g, y, dy, shape, key: strided_slice_op(g, key=key))


def _as_int(item):
    """An index entry as a Python int, or None when it is not an integer scalar."""
    if isinstance(item, (bool, np.bool_)):
        return None
    if isinstance(item, (int, np.integer)):
        return int(item)
    if isinstance(item, Tensor) or getattr(item, "_is_variable", False):
        v = item._value
        if v.ndim == 0 and v.dtype in (np.int32, np.int64):
            return int(v)
    return None


def _bound(item):
    if item is None:
        return None
    i = _as_int(item)
    if i is None:
        raise TypeError(_VALID + repr(item))
    return i


def normalize_key(key, shape):
    """TF's checks on an index tuple; returns the NumPy basic-indexing key."""
    entries, used = _parse_entries(_as_tuple(key))
    ndim = len(shape)
    if used and ndim == 0:
        raise _error("Attempting to slice scalar input.")
    if used > ndim:
        raise _error(f"Index out of range using input dim {ndim}; input has only {ndim} dims")
    _check_int_bounds(entries, shape)
    return tuple(entries)


def _as_tuple(key):
    """The key as a tuple of entries. A flat list counts as a tuple (TF's quirk), but nested
    sequences and bools in it are fancy indexing, which TF refuses as this build-time error."""
    if isinstance(key, list):
        for k in key:
            if isinstance(k, (list, tuple, np.ndarray)):
                raise TypeError(_VALID + repr(k))
            if isinstance(k, (bool, np.bool_)):
                from tapeviz.framework.errors import build_error
                raise build_error("StridedSlice", "Value for attr 'Index' of bool is not in the list "
                                  "of allowed values: int16, int32, int64")
        return tuple(key)
    if not isinstance(key, tuple):
        return (key,)
    return key


def _parse_entries(key):
    """(entries, used): each entry as Ellipsis, None, a slice of ints or an int, and how many
    input dimensions they consume. Errors come in entry order, as TF reports them."""
    out = []
    ellipses = 0
    used = 0
    for pos, item in enumerate(key):
        if item is Ellipsis:
            ellipses += 1
            if ellipses > 1:
                raise _error("Multiple ellipses in slice spec not allowed")
            out.append(Ellipsis)
        elif item is None:
            out.append(None)
        elif isinstance(item, slice):
            start, stop, step = _bound(item.start), _bound(item.stop), _bound(item.step)
            if step == 0:
                raise _error(f"strides[{pos}] must be non-zero")
            out.append(slice(start, stop, step))
            used += 1
        else:
            i = _as_int(item)
            if i is None:
                raise TypeError(_VALID + repr(item))
            out.append(i)
            used += 1
    return out, used


def _check_int_bounds(entries, shape):
    """Raises for an int entry outside its dimension (NumPy would too, but with its message)."""
    for item, d in _entry_dims(entries, len(shape)):
        if isinstance(item, int):
            n = shape[d]
            shifted = item + n if item < 0 else item
            if not 0 <= shifted < n:
                raise _error(f"slice index {shifted} of dimension {d} out of bounds.")


def _entry_dims(entries, ndim):
    """(entry, input dimension) for each entry that consumes one: entries before `...` count
    from the front, entries after it from the back."""
    if Ellipsis not in entries:
        return _numbered(entries, 0)
    cut = entries.index(Ellipsis)
    before, after = entries[:cut], entries[cut + 1:]
    return _numbered(before, 0) + _numbered(after, ndim - sum(1 for item in after if item is not None))


def _numbered(entries, first):
    """Entries other than None (newaxis), with consecutive dimensions from `first`."""
    dims, d = [], first
    for item in entries:
        if item is not None:
            dims.append((item, d))
            d += 1
    return dims


def _is_mask(key):
    if isinstance(key, (Tensor, Variable)):
        return key.dtype is D.bool
    return isinstance(key, np.ndarray) and key.dtype == np.bool_


def getitem(self, key):
    """`tensor[key]`: basic indexing as a StridedSlice op, or a boolean mask.

    Raises:
      InvalidArgumentError: an index out of bounds, a scalar input, several ellipses, step 0.
      TypeError: fancy (integer array) indexing and other index types.
    """
    x = self.read_value() if getattr(self, "_is_variable", False) else self
    if _is_mask(key):
        return boolean_mask(x, key)
    if isinstance(key, (bool, np.bool_)):
        raise ValueError("mask cannot be scalar.")
    key = normalize_key(key, x._value.shape)
    if getattr(self, "_is_variable", False):
        return self._sliced(key, strided_slice_op(x, key=key))   # can .assign() into the slice
    return strided_slice_op(x, key=key)


def install():
    Tensor.__getitem__ = getitem
    Variable.__getitem__ = getitem


install()

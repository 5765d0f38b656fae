"""`tf.TensorArray` as eager TF has it: a Python list of tensors.

Reading returns the stored tensor itself, and `stack`/`gather`/`concat`/`unstack`/`scatter` run
Pack/ConcatV2/Unpack, so gradients flow through a TensorArray exactly along the recorded ops.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_shape import TensorShape, as_shape
from tapeviz.ops import array as A


def _index(i):
    return int(np.asarray(i._value if isinstance(i, Tensor) else i))


class TensorArray:
    """A list of same-dtype tensors with a size, written and read by index.

    Args:
      dtype: the elements' dtype (writes of another dtype raise InvalidArgumentError).
      size: the initial number of elements.
      dynamic_size: writes past the end grow the array instead of raising OutOfRangeError.
      infer_shape: all elements must share one shape (learnt from the first write).
      element_shape: the elements' (possibly partial) shape; unwritten elements read as zeros of
        the element shape once it is fully known.
    """

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None,
                 tensor_array_name=None, handle=None, flow=None, infer_shape=True,
                 element_shape=None, colocate_with_first_write_call=True, name=None):
        self._dtype = D.as_dtype(dtype)
        self._dynamic_size = bool(dynamic_size)
        self._infer_shape = infer_shape
        self._element_shape = TensorShape(None) if element_shape is None else as_shape(element_shape)
        self._values = [None] * (_index(size) if size is not None else 0)

    @property
    def dtype(self):
        return self._dtype

    @property
    def dynamic_size(self):
        return self._dynamic_size

    @property
    def element_shape(self):
        return self._element_shape

    def size(self, name=None):
        """The number of elements, an int32 scalar."""
        return convert_to_tensor(np.int32(len(self._values)))

    def _zeros_or_error(self, index):
        if not self._element_shape.is_fully_defined():
            raise errors.InvalidArgumentError(
                None, None, f"Could not read from TensorArray index {index}.  Furthermore, the "
                f"element shape is not fully defined: {self._element_shape}.  It is possible you "
                "are working with a resizeable TensorArray and stop_gradients is not allowing the "
                "gradients to be written.  If you set the full element_shape property on the "
                "forward TensorArray, the proper all-zeros tensor will be returned instead of "
                "incurring this error.")
        return A.zeros(self._element_shape.as_list(), dtype=self._dtype)

    def read(self, index, name=None):
        """The element at `index` (zeros of the element shape if it was never written).

        Raises:
          OutOfRangeError: `index` is past the end.
        """
        index = _index(index)
        if not 0 <= index < len(self._values):
            raise errors.OutOfRangeError(None, None, f"Tried to read from index {index} but array "
                                         f"size is: {len(self._values)} ")
        value = self._values[index]
        return self._zeros_or_error(index) if value is None else value

    def _write(self, index, value):
        index = _index(index)
        if index >= len(self._values):
            if not self._dynamic_size:
                raise errors.OutOfRangeError(None, None, f"Tried to write to index {index} but "
                                             "array is not resizeable and size is: "
                                             f"{len(self._values)} ")
            self._values += [None] * (index + 1 - len(self._values))
        elif index < 0:
            raise errors.OutOfRangeError(None, None, f"Writing to negative indices (index {index}) "
                                         "is not allowed.")
        t = value if isinstance(value, Tensor) else convert_to_tensor(value, preferred_dtype=self._dtype)
        if t.dtype != self._dtype:
            raise errors.InvalidArgumentError(None, None, f"TensorArray dtype is {self._dtype.name} "
                                              f"but Op is trying to write dtype {t.dtype.name} ")
        if self._infer_shape:
            if not self._element_shape.is_compatible_with(t.shape):
                raise ValueError(f"Incompatible shape for value ({t.shape}), expected "
                                 f"({self._element_shape})")
            self._element_shape = self._element_shape.merge_with(t.shape)
        self._values[index] = t

    def write(self, index, value, name=None):
        """Stores `value` at `index` (overwriting) and returns the TensorArray."""
        self._write(index, value)
        return self

    def _filled(self):
        return [self._zeros_or_error(i) if v is None else v for i, v in enumerate(self._values)]

    def stack(self, name=None):
        """All elements stacked along a new axis 0 (a Pack, so gradients reach each element)."""
        if not self._values:
            shape = [] if self._element_shape.rank is None else self._element_shape.as_list()
            return A.zeros([0] + [d or 0 for d in shape], dtype=self._dtype)
        return A.stack(self._filled())

    def gather(self, indices, name=None):
        """The elements at `indices`, stacked."""
        return A.stack([self.read(i) for i in np.asarray(
            indices._value if isinstance(indices, Tensor) else indices).ravel()])

    def concat(self, name=None):
        """All elements concatenated along axis 0."""
        return A.concat(self._filled(), 0)

    def unstack(self, value, name=None):
        """Writes `value[i]` at each index i (an Unpack) and returns the TensorArray.

        Raises:
          ValueError: more rows than a static-size array holds.
        """
        value = value if isinstance(value, Tensor) else convert_to_tensor(value, preferred_dtype=self._dtype)
        rows = A.unstack(value)
        if len(rows) > len(self._values) and not self._dynamic_size:
            raise ValueError(f"Cannot unstack {len(rows)} tensors into a TensorArray of static "
                             f"size {len(self._values)} ")
        for i, row in enumerate(rows):
            self._write(i, row)
        return self

    def scatter(self, indices, value, name=None):
        """Writes `value[k]` at `indices[k]` and returns the TensorArray."""
        value = value if isinstance(value, Tensor) else convert_to_tensor(value, preferred_dtype=self._dtype)
        rows = A.unstack(value)
        for i, row in zip(np.asarray(indices._value if isinstance(indices, Tensor) else indices).ravel(),
                          rows):
            self._write(i, row)
        return self

    def split(self, value, lengths, name=None):
        """Writes the pieces of `value` split along axis 0 by `lengths`; returns the TensorArray.

        Raises:
          InvalidArgumentError: a static-size array of another size than `len(lengths)`.
        """
        value = value if isinstance(value, Tensor) else convert_to_tensor(value, preferred_dtype=self._dtype)
        lengths = [int(n) for n in np.asarray(lengths._value if isinstance(lengths, Tensor) else lengths)]
        pieces = A.split(value, lengths)
        if len(pieces) != len(self._values) and not self._dynamic_size:
            raise errors.InvalidArgumentError(
                None, None, f"TensorArray's size is not equal to the size of lengths "
                f"({len(self._values)} vs. {len(pieces)}), and the TensorArray is not marked as "
                "dynamically resizeable.")
        self._values = list(pieces)      # pieces differ in length: no shape inference
        return self

    def close(self, name=None):
        """Forgets every element (eager TF)."""
        self._values = []

    def mark_used(self):
        """TF's should-use hook; nothing to mark in eager tapeviz."""


export(TensorArray, "TensorArray")

"""`tf.RaggedTensor`: rows of different lengths, stored as TF stores them.

A RaggedTensor is `values` (a Tensor, or another RaggedTensor for each further ragged dimension)
cut into rows by `row_splits` (row i is `values[row_splits[i]:row_splits[i + 1]]`). Everything a
user computes on one is a dense op on `flat_values` (recorded on the tape like any other op),
plus index arithmetic on the splits, which are constants: so gradients reach the dense values.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_shape import TensorShape
from tapeviz.ops import array as A
from tapeviz.ops import math as M
from tapeviz.ops.ragged import checks

_SPLITS_DTYPES = (D.int32, D.int64)
NO_LEN = "TypeError: object of type 'RaggedTensor' has no len()\n"


def _tensor(x, dtype=None):
    """`x` as a Tensor (a Variable is read)."""
    if type(x) is Tensor:
        return x
    if getattr(x, "_is_variable", False):
        return x.read_value()
    return convert_to_tensor(x, dtype=dtype)


def _splits_tensor(x, dtype, what="row_splits"):
    """A 1-D int32/int64 Tensor of partition values (Python ints become `dtype`)."""
    if isinstance(x, Tensor) or getattr(x, "_is_variable", False):
        t = _tensor(x)
        if t.dtype not in _SPLITS_DTYPES:
            raise ValueError(f"{what} must have dtype int32 or int64")
        if dtype is not None and t.dtype is not dtype:
            t = M.cast(t, dtype)
    else:
        arr = np.asarray(x)
        if arr.dtype.kind not in "iu" and arr.size:
            raise ValueError(f"{what} must have dtype int32 or int64")
        t = Tensor(arr.astype((dtype or D.int64).as_numpy_dtype))
    if t.ndim != 1:
        raise ValueError(f"Shape {t.shape} must have rank 1")
    return t


def _values_tensor(values):
    if isinstance(values, RaggedTensor):
        return values
    return _tensor(values)


_INVALID = "Arguments to {} do not form a valid RaggedTensor"
_INVALID_PARTITION = "Arguments to {} do not form a valid RowPartition."


def _invalid(factory, what):
    return errors.InvalidArgumentError(None, None, f"{_INVALID.format(factory)}:{what}")


def _nrows_of(values):
    return values.nrows_py() if isinstance(values, RaggedTensor) else int(values._value.shape[0])


class RaggedTensor:
    """A tensor with one or more ragged dimensions (TF's `tf.RaggedTensor`)."""

    def __init__(self, values, row_partition=None, internal=False):
        if not internal:
            raise ValueError("RaggedTensor constructor is private; please use one of the factory "
                             "methods instead (e.g., RaggedTensor.from_row_lengths())")
        self._values, self._row_splits = values, row_partition
        self._uniform_row_length = None

    # ---- factories -----------------------------------------------------------------------------
    @classmethod
    def _from_splits(cls, values, splits, uniform_row_length=None):
        """Trusted construction: `splits` a checked int Tensor, `values` a Tensor or RaggedTensor."""
        rt = cls(values, splits, internal=True)
        rt._uniform_row_length = uniform_row_length
        return rt

    @classmethod
    def from_row_splits(cls, values, row_splits, name=None, validate=True):
        """Rows `values[row_splits[i]:row_splits[i + 1]]`.

        Raises:
          InvalidArgumentError: (validate) splits that do not start at 0, decrease, or do not end
            at the number of values.
        """
        values = _values_tensor(values)
        splits = _splits_tensor(row_splits, None)
        _check_values_rank(values)
        if validate:
            s = splits._value
            if s.shape[0] == 0:
                raise ValueError("row_splits must have at least one element")
            if s[0] != 0:
                raise checks.equal_failure(_INVALID.format("from_row_splits") + ":zero", s[:1], [0])
            if np.any(np.diff(s) < 0):
                raise checks.non_negative_failure(_INVALID.format("from_row_splits") + ":monotonic.",
                                                  np.diff(s).astype(np.int64))
            if s[-1] != _nrows_of(values):
                raise checks.equal_failure(_INVALID.format("_from_row_partition"), s[-1:],
                                           [_nrows_of(values)])
        return cls._from_splits(values, splits)

    @classmethod
    def from_row_lengths(cls, values, row_lengths, name=None, validate=True):
        """Row i has `row_lengths[i]` of the values, in order."""
        values = _values_tensor(values)
        lengths = _splits_tensor(row_lengths, None, "row_lengths")
        n = lengths._value
        if validate and np.any(n < 0):
            raise checks.non_negative_failure(_INVALID_PARTITION.format("from_row_lengths"), n)
        splits = np.concatenate([[0], np.cumsum(n)]).astype(n.dtype)
        if validate and splits[-1] != _nrows_of(values):
            raise checks.equal_failure(_INVALID.format("_from_row_partition"), splits[-1:],
                                       [_nrows_of(values)])
        return cls._from_splits(values, Tensor(splits))

    @classmethod
    def from_row_starts(cls, values, row_starts, name=None, validate=True):
        """Row i starts at `row_starts[i]` and ends where the next row starts."""
        values = _values_tensor(values)
        starts = _splits_tensor(row_starts, None, "row_starts")
        s = starts._value
        splits = np.concatenate([s, [_nrows_of(values)]]).astype(s.dtype)
        if validate and ((s.size and s[0] != 0) or np.any(np.diff(splits) < 0)):
            raise _invalid("from_row_starts", "")
        return cls._from_splits(values, Tensor(splits))

    @classmethod
    def from_row_limits(cls, values, row_limits, name=None, validate=True):
        """Row i ends at `row_limits[i]` and starts where the previous row ends."""
        values = _values_tensor(values)
        limits = _splits_tensor(row_limits, None, "row_limits")
        s = limits._value
        splits = np.concatenate([[0], s]).astype(s.dtype)
        if validate and (np.any(np.diff(splits) < 0) or splits[-1] != _nrows_of(values)):
            raise _invalid("from_row_limits", "")
        return cls._from_splits(values, Tensor(splits))

    @classmethod
    def from_value_rowids(cls, values, value_rowids, nrows=None, name=None, validate=True):
        """Value j goes to row `value_rowids[j]` (sorted); `nrows` adds empty trailing rows."""
        values = _values_tensor(values)
        ids = _splits_tensor(value_rowids, None, "value_rowids")
        v = ids._value
        if nrows is not None:
            n = int(_tensor(nrows)._value)
        else:
            n = int(v[-1]) + 1 if v.size else 0
        if validate and np.any(np.diff(v) < 0):
            raise checks.non_negative_failure(_INVALID_PARTITION.format("from_value_rowids"),
                                              np.diff(v).astype(np.int64))
        if validate and (np.any(v < 0) or (v.size and v[-1] >= n) or v.shape[0] != _nrows_of(values)):
            raise _invalid("from_value_rowids", "")
        splits = np.searchsorted(v, np.arange(n + 1), side="left").astype(v.dtype)
        return cls._from_splits(values, Tensor(splits))

    @classmethod
    def from_uniform_row_length(cls, values, uniform_row_length, nrows=None, validate=True, name=None):
        """Rows of `uniform_row_length` values each (a ragged-rank dimension of fixed size)."""
        values = _values_tensor(values)
        length = int(_tensor(uniform_row_length)._value)
        total = _nrows_of(values)
        if nrows is None:
            nrows = total // length if length else 0
        nrows = int(_tensor(nrows)._value) if not isinstance(nrows, int) else nrows
        if validate and length * nrows != total:
            raise ValueError(f"uniform_row_length={length} times nrows={nrows} must equal nvals={total}")
        dtype = (_tensor(uniform_row_length).dtype if isinstance(uniform_row_length, Tensor) else D.int64)
        splits = Tensor((np.arange(nrows + 1) * length).astype(dtype.as_numpy_dtype))
        return cls._from_splits(values, splits, uniform_row_length=length)

    @classmethod
    def from_nested_row_splits(cls, flat_values, nested_row_splits, name=None, validate=True):
        """Applies `from_row_splits` once per splits vector, innermost last."""
        if isinstance(nested_row_splits, (Tensor, np.ndarray)):
            raise TypeError("nested_row_splits must be a list of Tensors")
        result = flat_values
        for splits in reversed(list(nested_row_splits)):
            result = cls.from_row_splits(result, splits, validate=validate)
        return result

    @classmethod
    def from_nested_row_lengths(cls, flat_values, nested_row_lengths, name=None, validate=True):
        result = flat_values
        for lengths in reversed(list(nested_row_lengths)):
            result = cls.from_row_lengths(result, lengths, validate=validate)
        return result

    @classmethod
    def from_nested_value_rowids(cls, flat_values, nested_value_rowids, nested_nrows=None, name=None,
                                 validate=True):
        nested_nrows = [None] * len(nested_value_rowids) if nested_nrows is None else nested_nrows
        result = flat_values
        for ids, n in reversed(list(zip(nested_value_rowids, nested_nrows))):
            result = cls.from_value_rowids(result, ids, n, validate=validate)
        return result

    @classmethod
    def from_tensor(cls, tensor, lengths=None, padding=None, ragged_rank=1, name=None,
                    row_splits_dtype=D.int64):
        """The rows of a dense tensor, cut to `lengths` or where the trailing `padding` starts.

        Raises:
          ValueError: both `lengths` and `padding`, or a ragged_rank outside [1, rank).
        """
        from tapeviz.ops.ragged import conversion
        return conversion.from_tensor(tensor, lengths, padding, ragged_rank, D.as_dtype(row_splits_dtype))

    # ---- structure -----------------------------------------------------------------------------
    @property
    def values(self):
        return self._values

    @property
    def row_splits(self):
        return self._row_splits

    @property
    def flat_values(self):
        v = self._values
        while isinstance(v, RaggedTensor):
            v = v._values
        return v

    @property
    def nested_row_splits(self):
        out, rt = [], self
        while isinstance(rt, RaggedTensor):
            out.append(rt._row_splits)
            rt = rt._values
        return tuple(out)

    @property
    def ragged_rank(self):
        return 1 + (self._values.ragged_rank if isinstance(self._values, RaggedTensor) else 0)

    @property
    def dtype(self):
        return self.flat_values.dtype

    @property
    def _splits_dtype(self):      # TF's RaggedTensor has no public `row_splits_dtype`
        return self._row_splits.dtype

    @property
    def uniform_row_length(self):
        n = self._uniform_row_length
        return None if n is None else Tensor(np.array(n, self._row_splits._value.dtype))

    @property
    def shape(self):
        inner = self._values.shape.as_list()[1:]
        dims = [self.nrows_py(), self._uniform_row_length] + inner
        return TensorShape(dims)

    def get_shape(self):
        return self.shape

    @property
    def ndim(self):
        return self.shape.rank

    def nrows_py(self):
        return int(self._row_splits._value.shape[0]) - 1

    def nrows(self, out_type=None, name=None):
        return _int(self.nrows_py(), out_type or self._splits_dtype)

    def row_lengths(self, axis=1, name=None):
        """The length of each row (axis 1), or of each row of a deeper ragged axis."""
        axis = _ragged_axis(self, axis, "row_lengths")
        if axis == 0:
            return self.nrows()
        if axis == 1:
            s = self._row_splits._value
            return Tensor(np.diff(s).astype(s.dtype))
        if isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.row_lengths(axis - 1))
        return A.fill(A.shape(self._values, out_type=self._splits_dtype)[:1],
                      _int(self._values.shape[axis - 1], self._splits_dtype))

    def nested_row_lengths(self, name=None):
        return tuple(Tensor(np.diff(s._value).astype(s._value.dtype)) for s in self.nested_row_splits)

    def row_starts(self, name=None):
        return Tensor(self._row_splits._value[:-1])

    def row_limits(self, name=None):
        return Tensor(self._row_splits._value[1:])

    def value_rowids(self, name=None):
        s = self._row_splits._value
        return Tensor(np.repeat(np.arange(len(s) - 1), np.diff(s)).astype(s.dtype))

    def nested_value_rowids(self, name=None):
        out, rt = [], self
        while isinstance(rt, RaggedTensor):
            out.append(rt.value_rowids())
            rt = rt._values
        return tuple(out)

    def bounding_shape(self, axis=None, name=None, out_type=None):
        """The shape of the smallest dense tensor that holds every row: int64 by default."""
        dtype = out_type or self._splits_dtype
        dims = np.array(_bounding_dims(self), dtype=D.as_dtype(dtype).as_numpy_dtype)
        if axis is None:
            return Tensor(dims)
        return Tensor(dims[axis])

    # ---- new values on the same rows -------------------------------------------------------------
    def with_values(self, new_values):
        """The same row partition with `new_values` (of the same number of rows)."""
        new_values = _values_tensor(new_values)
        _check_values_rank(new_values)
        if _nrows_of(new_values) != _nrows_of(self._values):
            raise ValueError(f"new_values has {_nrows_of(new_values)} rows, expected "
                             f"{_nrows_of(self._values)}")
        return RaggedTensor._from_splits(new_values, self._row_splits, self._uniform_row_length)

    def with_flat_values(self, new_values):
        """The same nested row partition with new flat values."""
        if isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.with_flat_values(new_values))
        return self.with_values(new_values)

    def with_row_splits_dtype(self, dtype):
        dtype = D.as_dtype(dtype)
        if dtype not in _SPLITS_DTYPES:
            raise ValueError(f"dtype must be int32 or int64, got {dtype!r}")
        values = self._values
        if isinstance(values, RaggedTensor):
            values = values.with_row_splits_dtype(dtype)
        splits = self._row_splits if self._splits_dtype is dtype else M.cast(self._row_splits, dtype)
        return RaggedTensor._from_splits(values, splits, self._uniform_row_length)

    def merge_dims(self, outer_axis, inner_axis):
        """Merges axes `outer_axis..inner_axis` into one (rows concatenated)."""
        rank = self.shape.rank
        outer = outer_axis + rank if outer_axis < 0 else outer_axis
        inner = inner_axis + rank if inner_axis < 0 else inner_axis
        if not 0 <= outer < rank:
            raise ValueError(f"outer_axis={outer_axis} out of bounds (expected {-rank} <= outer_axis < {rank})")
        if not 0 <= inner < rank:
            raise ValueError(f"inner_axis={inner_axis} out of bounds (expected {-rank} <= inner_axis < {rank})")
        if inner < outer:
            raise ValueError(f"Expected outer_axis ({outer_axis}) to be less than or equal to "
                             f"inner_axis ({inner_axis}).")
        result = self
        for _ in range(inner - outer):
            result = _merge(result, outer, outer + 1)
        return result

    # ---- conversion ------------------------------------------------------------------------------
    def to_tensor(self, default_value=None, name=None, shape=None):
        """A dense Tensor padded with `default_value` (zero/empty by default), of the bounding
        shape or of `shape` (rows and values beyond it are cut)."""
        from tapeviz.ops.ragged import conversion
        return conversion.to_tensor(self, default_value, shape)

    def to_list(self):
        """Nested Python lists of Python values."""
        splits = self._row_splits._value.tolist()
        if isinstance(self._values, RaggedTensor):
            inner = self._values.to_list()
        else:
            inner = self._values._value.tolist()
        return [inner[splits[i]:splits[i + 1]] for i in range(len(splits) - 1)]

    def numpy(self):
        """Rows as NumPy arrays: an object array when row lengths differ (TF's encoding)."""
        values = self._values.numpy()
        splits = self._row_splits._value
        rows = [values[splits[i]:splits[i + 1]] for i in range(len(splits) - 1)]
        if not rows:
            return np.zeros((0, 0) + values.shape[1:], dtype=values.dtype)
        if any(len(row) != len(rows[0]) for row in rows):
            out = np.empty(len(rows), dtype=object)
            out[:] = rows if len({r.shape for r in rows}) > 1 else [r for r in rows]
            return out
        return np.array(rows)

    def to_sparse(self, name=None):
        """A `tf.SparseTensor` of the values at their positions (shape: the bounding shape)."""
        from tapeviz.ops.ragged import conversion
        return conversion.to_sparse(self)

    @classmethod
    def from_sparse(cls, st_input, name=None, row_splits_dtype=D.int64):
        """The rows of a 2-D `tf.SparseTensor` whose values fill each row from its start."""
        from tapeviz.ops.ragged import conversion
        return conversion.from_sparse(st_input, D.as_dtype(row_splits_dtype))

    def __repr__(self):
        with np.printoptions(formatter={"all": _formatter}):
            text = _formatter(self.numpy())
        return f"<tf.RaggedTensor {text}>"

    __str__ = __repr__

    def _print_text(self, summarize=3):
        """What `tf.print` shows (TF's `ragged_tensor_to_string`): `[[1, 2], [3]]`, strings
        quoted, `summarize` items kept at each end of every dimension."""
        if self.dtype is D.string:
            def text(v):
                return "'" + v.replace(b"\\", b"\\\\").replace(b"'", b"\\'").decode("utf-8", "replace") + "'"
        else:
            text = _as_string
        return _nested_text(self.to_list(), text, summarize)

    def __getitem__(self, key):
        from tapeviz.ops.ragged import getitem
        return getitem.getitem(self, key)

    def __tf_tensor__(self, dtype=None):
        # TF 2.21's conversion of a RaggedTensor fails so (it takes len() of it)
        raise ValueError(NO_LEN)

    def __bool__(self):
        raise TypeError("RaggedTensor may not be used as a boolean.")

    def __hash__(self):
        raise TypeError("RaggedTensor is unhashable.")

    @property
    def _type_spec(self):
        from tapeviz.ops.ragged.spec import RaggedTensorSpec
        return RaggedTensorSpec.from_value(self)


def _int(n, dtype):
    return Tensor(np.array(n, dtype=D.as_dtype(dtype).as_numpy_dtype))


def _check_values_rank(values):
    if isinstance(values, Tensor) and values.ndim == 0:
        raise errors.kernel_error("StridedSlice", "slice index 0 of dimension 0 out of bounds.",
                                  name="strided_slice/")


def _ragged_axis(rt, axis, what):
    rank = rt.shape.rank
    axis = int(axis)
    if axis < 0:
        axis += rank
    if not 0 <= axis < rank:
        raise ValueError(f"axis={axis} out of bounds: expected {-rank}<=axis<{rank}.")
    return axis


def _bounding_dims(rt):
    """[nrows, max row length per ragged dimension..., inner dims...] as Python ints."""
    dims = [rt.nrows_py()]
    for splits in rt.nested_row_splits:
        lengths = np.diff(splits._value)
        dims.append(int(lengths.max()) if lengths.size else 0)
    return dims + [int(d) for d in rt.flat_values._value.shape[1:]]


def _merge(x, outer, inner):
    """`x` (Tensor or RaggedTensor) with axes `outer` and `inner = outer + 1` merged."""
    if not isinstance(x, RaggedTensor):
        shape = x.shape.as_list()
        return A.reshape(x, shape[:outer] + [-1] + shape[inner + 1:])
    if outer == 0:
        return x._values
    if outer > 1:
        return x.with_values(_merge(x._values, outer - 1, inner - 1))
    splits, values = x._row_splits._value, x._values
    if isinstance(values, RaggedTensor):     # rows of rows become rows
        return RaggedTensor._from_splits(values._values, Tensor(values._row_splits._value[splits]))
    width = values._value.shape[1]
    return RaggedTensor._from_splits(_merge(values, 0, 1), Tensor((splits * width).astype(splits.dtype)))


def _as_string(v):
    """One value as `tf.strings.as_string` writes it: floats with 6 decimals, bools as words."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "nan" if v != v else ("inf" if v == float("inf") else "-inf" if v == -float("inf") else f"{v:f}")
    if isinstance(v, complex):
        return f"({v.real:f},{v.imag:f})"
    return str(v)


def _nested_text(value, text, summarize):
    if not isinstance(value, list):
        return text(value)
    pieces = [_nested_text(v, text, summarize) for v in value]
    if summarize not in (-1, None) and len(pieces) > 2 * summarize:
        pieces = pieces[:summarize] + ["..."] + pieces[-summarize:]
    return "[" + ", ".join(pieces) + "]"


def _formatter(x):
    """Array elements separated by commas, as TF's repr prints them (TF's own `_formatter`,
    ragged_tensor.py, Apache-2.0: NumPy's array2string with ", " between elements)."""
    if isinstance(x, np.ndarray):
        if x.size != 0:
            return np.array2string(x, separator=", ")
        return repr(x.tolist())
    return str(x)

"""`tf.io.parse_example` / `parse_single_example`: serialized `tf.train.Example`s into tensors.

Features are described as TF does: `FixedLenFeature(shape, dtype, default_value)` (a dense
tensor of that shape per example), `VarLenFeature(dtype)` (a sparse tensor of each example's
values), `FixedLenSequenceFeature(shape, dtype, allow_missing=True, default_value)` (the
values of each example as rows of `shape`, padded to the longest with `default_value`) and
`RaggedFeature(dtype, value_key=None)` (a ragged tensor, one row of values per example; a dense
1-D tensor from `parse_single_example`). RaggedFeature `partitions` are not implemented.
"""
import collections

import numpy as np

from tapeviz.fileio.protos import message_class
from tapeviz.fileio.sparse import sparse_tensor
from tapeviz.framework import dtypes
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import InvalidArgumentError, kernel_error
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_shape import TensorShape

__all__ = ["FixedLenFeature", "FixedLenSequenceFeature", "RaggedFeature", "VarLenFeature",
           "parse_example",
           "parse_single_example"]


class FixedLenFeature(collections.namedtuple("FixedLenFeature", ["shape", "dtype", "default_value"])):
    """A feature with a fixed number of values: a dense tensor of `shape` per example."""

    def __new__(cls, shape, dtype, default_value=None):
        return super().__new__(cls, shape, dtype, default_value)


class VarLenFeature(collections.namedtuple("VarLenFeature", ["dtype"])):
    """A feature with any number of values: a sparse tensor (one row per example)."""


class FixedLenSequenceFeature(collections.namedtuple(
        "FixedLenSequenceFeature", ["shape", "dtype", "allow_missing", "default_value"])):
    """A feature holding a sequence of `shape`-sized rows, padded to the longest example."""

    def __new__(cls, shape, dtype, allow_missing=False, default_value=None):
        return super().__new__(cls, shape, dtype, allow_missing, default_value)


class RaggedFeature(collections.namedtuple(
        "RaggedFeature", ["dtype", "value_key", "partitions", "row_splits_dtype", "validate"])):
    """A feature with any number of values: a ragged tensor (one row per example).

    `value_key` names the Example feature to read (the dict key by default). Nested
    `partitions` (RowSplits, RowLengths, UniformRowLength, ...) are not implemented.
    """

    def __new__(cls, dtype, value_key=None, partitions=(), row_splits_dtype=dtypes.int32,
                validate=False):
        if value_key is not None and (not isinstance(value_key, str) or not value_key):
            raise ValueError(f"Argument `value_key` must be a non-empty string. Received "
                             f"value_key={value_key!r}")
        dtype, row_splits_dtype = dtypes.as_dtype(dtype), dtypes.as_dtype(row_splits_dtype)
        if row_splits_dtype not in (dtypes.int32, dtypes.int64):
            raise ValueError(f"Argument `row_splits_dtype` must be int32 or int64. Received "
                             f"{row_splits_dtype}")
        if partitions:
            raise NotImplementedError("tapeviz does not implement tf.io.RaggedFeature partitions yet")
        return super().__new__(cls, dtype, value_key, tuple(partitions), row_splits_dtype, validate)


_KINDS = {"int64_list": dtypes.int64, "float_list": dtypes.float32, "bytes_list": dtypes.string}
_KERNEL_NAMES = {"float32": "float", "int64": "int64", "string": "string"}


def _check_features(features):
    if not features:
        raise ValueError(f"Argument `features` cannot be None or falsy. Got {features}")
    for key, feature in features.items():
        if not isinstance(feature, (FixedLenFeature, VarLenFeature, FixedLenSequenceFeature,
                                    RaggedFeature)):
            raise ValueError(f"Unsupported {type(feature).__name__} {feature} for key '{key}'")
        if isinstance(feature, FixedLenSequenceFeature) and not feature.allow_missing:
            raise ValueError("Unsupported: FixedLenSequenceFeature requires allow_missing to be True.")
        if isinstance(feature, FixedLenFeature):
            shape = TensorShape(feature.shape)
            if shape.rank is None or (shape.rank and shape[0] is None):
                raise ValueError(f"First dimension of shape for feature {key} unknown. Consider "
                                 f"using FixedLenSequenceFeature. Received feature={feature}.")
    dense = sorted(k for k, f in features.items()
                   if not isinstance(f, (VarLenFeature, RaggedFeature)))
    sparse = sorted(k for k, f in features.items() if isinstance(f, VarLenFeature))
    ragged = sorted(k for k, f in features.items() if isinstance(f, RaggedFeature))
    for key in dense + sparse + ragged:
        dtype = dtypes.as_dtype(features[key].dtype)
        if dtype not in _KINDS.values():
            attr = ("Tdense" if key in dense else "sparse_types" if key in sparse
                    else "ragged_value_types")
            raise InvalidArgumentError(None, "ParseExampleV2", f"Value for attr '{attr}' of "
                                       f"{dtype.name} is not in the list of allowed values: "
                                       "float, int64, string [Op:ParseExampleV2]")
    node = (f"ParseExampleV2_Tdense_{len(dense)}_num_sparse_{len(sparse)}_ragged_split_types_"
            f"{len(ragged)}_ragged_value_types_{len(ragged)}_sparse_types_{len(sparse)}")
    return dense, sparse, ragged, node


def _values(example, key):
    """(dtype, list of values) of feature `key` in a parsed Example, or None if absent."""
    if key not in example.features.feature:
        return None
    feature = example.features.feature[key]
    kind = feature.WhichOneof("kind")
    if kind is None:
        return None
    return _KINDS[kind], list(getattr(feature, kind).value)


def _array(values, dtype):
    if dtype == dtypes.string:
        array = np.empty(len(values), dtype=object)
        array[:] = values
        return array
    return np.asarray(values, dtype=dtype.as_numpy_dtype).reshape(-1)


def _default_array(feature, shape, key, node):
    dtype = dtypes.as_dtype(feature.dtype)
    value = convert_to_tensor(feature.default_value, dtype=dtype).numpy()
    value = np.asarray(value, dtype=object if dtype == dtypes.string else None)
    try:
        return np.broadcast_to(value.reshape(-1) if value.size == int(np.prod(shape)) else value,
                               (int(np.prod(shape)),))
    except ValueError:
        raise ValueError(f"Cannot reshape a tensor with {value.size} elements to shape "
                         f"{list(shape)} for feature {key}") from None


def _parse_protos(serialized):
    from google.protobuf.message import DecodeError
    Example = message_class("Example")
    examples = []
    for data in serialized:
        example = Example()
        try:
            example.ParseFromString(data)
        except DecodeError:
            raise kernel_error("ParseExampleV2", "Could not parse example input, value: "
                               f"'{data!r}'") from None
        examples.append(example)
    return examples


def _parse(serialized, features, single):
    dense, sparse, ragged, node = _check_features(features)
    batch = np.asarray(convert_to_tensor(serialized, dtype=dtypes.string).numpy(), dtype=object)
    if single and batch.ndim != 0:
        raise ValueError("Input serialized must be a scalar")
    flat = batch.reshape(-1)
    examples = _parse_protos(flat)

    def where(key, index):
        return f"Key: {key}." if batch.ndim == 0 else f"Name: <unknown>, Key: {key}, Index: {index}."

    def fetch(key, dtype, index, example):
        found = _values(example, key)
        if found is not None and found[0] != dtype:
            text = (f"Data types don't match. Data type: {_KERNEL_NAMES[found[0].name]} but expected "
                    f"type: {_KERNEL_NAMES[dtype.name]}") if batch.ndim == 0 else (
                    f"Data types don't match. Expected type: {_KERNEL_NAMES[dtype.name]}, Actual "
                    f"type: {_KERNEL_NAMES[found[0].name]}")
            raise kernel_error("ParseExampleV2", f"{where(key, index)}  {text}", node=node)
        return None if found is None else found[1]

    out = {}
    for key in sparse:
        dtype = dtypes.as_dtype(features[key].dtype)
        rows = [fetch(key, dtype, i, ex) or [] for i, ex in enumerate(examples)]
        width = max((len(r) for r in rows), default=0)
        indices = [[i, j] for i, r in enumerate(rows) for j in range(len(r))]
        indices = np.array(indices, dtype=np.int64).reshape(-1, 2)
        values = _array([v for r in rows for v in r], dtype)
        dense_shape = [len(rows), width]
        if batch.ndim == 0:
            indices, dense_shape = indices[:, 1:], dense_shape[1:]
        out[key] = sparse_tensor(indices, values, np.array(dense_shape, dtype=np.int64))
    for key in ragged:
        feature = features[key]
        dtype = dtypes.as_dtype(feature.dtype)
        rows = [fetch(feature.value_key or key, dtype, i, ex) or [] for i, ex in enumerate(examples)]
        values = _array([v for r in rows for v in r], dtype)
        if batch.ndim == 0:
            out[key] = Tensor(values)
            continue
        from tapeviz.framework.api import EXPORTS
        splits = np.cumsum([0] + [len(r) for r in rows]).astype(
            feature.row_splits_dtype.as_numpy_dtype)
        out[key] = EXPORTS["RaggedTensor"].from_row_splits(Tensor(values), Tensor(splits),
                                                           validate=False)
    for key in dense:
        feature = features[key]
        dtype = dtypes.as_dtype(feature.dtype)
        shape = tuple(TensorShape(feature.shape).as_list())
        size = int(np.prod(shape, dtype=np.int64))
        rows = [fetch(key, dtype, i, ex) for i, ex in enumerate(examples)]
        if isinstance(feature, FixedLenSequenceFeature):
            out[key] = _sequence(rows, feature, dtype, shape, size, batch.shape)
            continue
        values = []
        for i, row in enumerate(rows):
            if row is None:
                if feature.default_value is None:
                    raise kernel_error("ParseExampleV2", f"Feature: {key} (data type: "
                                       f"{_KERNEL_NAMES[dtype.name]}) is required but could not "
                                       "be found.", node=node)
                values.append(_default_array(feature, shape, key, node))
            elif len(row) != size:
                text = (f"Key: {key}.  Can't parse serialized Example: Some "
                        f"{_list_name(dtype)} slice was not parsed.") if batch.ndim == 0 else (
                        f"{where(key, i)}  Number of {_KERNEL_NAMES[dtype.name]} values != "
                        f"expected.  Values size: {len(row)} but output shape: "
                        f"[{','.join(str(d) for d in shape)}]")
                raise kernel_error("ParseExampleV2", text, node=node)
            else:
                values.append(_array(row, dtype))
        array = np.concatenate(values) if values else _array([], dtype)
        out[key] = Tensor(array.reshape(batch.shape + shape))
    return out


def _list_name(dtype):
    return {"int64": "int64_list", "float32": "float_list", "string": "bytes_list"}[dtype.name]


def _sequence(rows, feature, dtype, shape, size, batch_shape):
    """A FixedLenSequenceFeature: each example's rows of `shape`, padded to the longest."""
    lengths = [0 if r is None else len(r) // max(size, 1) for r in rows]
    longest = max(lengths, default=0)
    if feature.default_value is None:
        pad = b"" if dtype == dtypes.string else 0
    else:
        pad = np.asarray(convert_to_tensor(feature.default_value, dtype=dtype).numpy()).reshape(-1)[0]
    out = np.full((len(rows), longest * size), pad, dtype=object if dtype == dtypes.string
                  else dtype.as_numpy_dtype)
    for i, row in enumerate(rows):
        if row:
            out[i, :len(row)] = _array(row, dtype)
    return Tensor(out.reshape(batch_shape + (longest,) + shape))


def parse_example(serialized, features, example_names=None, name=None):
    """Parses a vector of serialized `tf.train.Example`s into a dict of tensors.

    Args:
      serialized: a 1-D string tensor (a scalar is one example, as in `parse_single_example`).
      features: dict of key -> `FixedLenFeature`, `VarLenFeature` or `FixedLenSequenceFeature`.
    Returns:
      dict of key -> a dense tensor of shape `[batch] + shape`, or a sparse tensor (VarLen).
    Raises:
      InvalidArgumentError: a required feature is missing, or has the wrong type or count.
      ValueError: `features` is empty or holds an unsupported description.
    """
    return _parse(serialized, features, single=False)


def parse_single_example(serialized, features, example_names=None, name=None):
    """Parses one serialized `tf.train.Example` (a scalar string) into a dict of tensors."""
    return _parse(serialized, features, single=True)

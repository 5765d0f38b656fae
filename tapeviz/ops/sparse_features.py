"""`tf.sparse`'s counting and crossing: bincount, the sparse segment reductions, and feature
crosses (`cross`, and `cross_hashed` with TF's FingerprintCat64 chain, bit for bit)."""
import itertools

import numpy as np

from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops import string_hash
from tapeviz.ops.sparse_ops import (
    make_sparse,
    take_rows,
)
from tapeviz.ops.sparse_tensor import SparseTensor, sparse_parts
from tapeviz.ops.string_rows import object_array


def bincount(values, weights=None, axis=0, minlength=None, maxlength=None, binary_output=False, name=None):
    """Counts of each value (or sums of `weights`) as a SparseTensor; axis=0 counts over all
    values, axis=-1 per row of a rank-2 input. A SparseTensor input counts only its values."""
    if isinstance(values, SparseTensor):
        idx, flat, shape = sparse_parts(values)
        rows = idx[:, 0] if len(shape) > 1 else np.zeros(len(flat), np.int64)
        counted = values.values
    else:
        t = values if isinstance(values, Tensor) else convert_to_tensor(values)
        flat = t._value.reshape(-1)
        rows = np.repeat(np.arange(t._value.shape[0]), t._value.shape[-1]) if t.ndim == 2 else \
            np.zeros(flat.size, np.int64)
        counted, shape = t, np.array(t._value.shape)
    flat = np.asarray(flat).astype(np.int64)
    if (flat < 0).any():
        raise kernel_error("DenseCountSparseOutput", "Input values must all be non-negative", name="")
    per_row = axis in (-1, 1) and len(shape) == 2
    if not per_row:
        rows = np.zeros(flat.size, np.int64)
    size = int(flat.max()) + 1 if flat.size else 0
    if minlength is not None:
        size = max(size, int(minlength))
    if maxlength is not None:
        size = min(size, int(maxlength))
    keep = flat < size
    if weights is not None:
        w = weights.values if isinstance(weights, SparseTensor) else \
            (weights if isinstance(weights, Tensor) else convert_to_tensor(weights))
        wv, dtype = w._value.reshape(-1), w._value.dtype
    else:
        wv, dtype = np.ones(flat.size, counted._value.dtype), counted._value.dtype
    counts = {}
    for r, v, x in zip(rows[keep], flat[keep], wv[keep]):
        key = (int(r), int(v)) if per_row else (int(v),)
        counts[key] = 1 if binary_output else counts.get(key, 0) + x
    keys = sorted(counts)
    out_shape = [int(shape[0]), size] if per_row else [size]
    return make_sparse(np.array(keys, np.int64).reshape(-1, len(out_shape)),
                   Tensor(np.array([counts[k] for k in keys], dtype=dtype)), out_shape)


def segment_sum(data, indices, segment_ids, num_segments=None, name=None, sparse_gradient=False):
    """Sums of the rows `data[indices]` by sorted `segment_ids` (`num_segments` rows if given)."""
    data = data if isinstance(data, Tensor) else convert_to_tensor(data)
    ids = indices._value if isinstance(indices, Tensor) else np.asarray(indices)
    rows = take_rows(data, ids)
    if num_segments is not None:
        return A.unsorted_segment_sum(rows, segment_ids, num_segments)
    return A.segment_sum(rows, segment_ids)


def segment_mean(data, indices, segment_ids, num_segments=None, name=None, sparse_gradient=False):
    """Means of the rows `data[indices]` by sorted `segment_ids`."""
    return _segment_scaled(data, indices, segment_ids, num_segments, lambda n: n)


def segment_sqrt_n(data, indices, segment_ids, num_segments=None, name=None, sparse_gradient=False):
    """Sums of the rows `data[indices]` by sorted `segment_ids`, over the root of each count."""
    return _segment_scaled(data, indices, segment_ids, num_segments, np.sqrt)


def _segment_scaled(data, indices, segment_ids, num_segments, scale):
    total = segment_sum(data, indices, segment_ids, num_segments)
    ids = np.asarray(segment_ids._value if isinstance(segment_ids, Tensor) else segment_ids).reshape(-1)
    counts = np.bincount(ids, minlength=total._value.shape[0]).astype(total._value.dtype)
    divisor = scale(np.maximum(counts, 1)).reshape((-1,) + (1,) * (total.ndim - 1))
    return total / Tensor(divisor.astype(total._value.dtype))


def _cross_rows(inputs):
    """Each input's features per row: a SparseTensor's values of that row, a dense row's all."""
    columns = []
    for x in inputs:
        if isinstance(x, SparseTensor):
            idx, vals, shape = sparse_parts(x)
            rows = [[] for _ in range(int(shape[0]))]
            for r, v in zip(idx[:, 0], vals):
                rows[int(r)].append(v)
        else:
            t = x if isinstance(x, Tensor) else convert_to_tensor(x)
            rows = [list(r) for r in t._value]
        columns.append(rows)
    return columns


def _crossed(inputs, combine):
    columns = _cross_rows(inputs)
    coords, values = [], []
    for r in range(len(columns[0])):
        for k, combo in enumerate(itertools.product(*[c[r] for c in columns])):
            coords.append((r, k))
            values.append(combine(combo))
    width = max([k + 1 for _, k in coords], default=0)
    return coords, values, [len(columns[0]), width]


def _feature_text(v):
    return v if isinstance(v, bytes) else str(int(v)).encode()


def cross(inputs, name=None, separator=None):
    """The crosses of the features of `inputs` (SparseTensors or dense 2-D) row by row, as
    strings joined by `separator` ("_X_")."""
    sep = (separator or "_X_").encode()
    coords, values, shape = _crossed(inputs, lambda combo: sep.join(_feature_text(v) for v in combo))
    return make_sparse(coords, Tensor(object_array(values, (len(values),))), shape)


def cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    """The crosses of the features of `inputs` row by row, each hashed as TF's FingerprintCat64
    chain (strings fingerprinted, integers as they are), modulo `num_buckets` (int64)."""
    key = 0xDECAFCAFFE if hash_key is None else int(hash_key)
    buckets = int(num_buckets) or (2 ** 63 - 1)
    def combine(combo):
        out = key
        for v in combo:
            out = string_hash.fingerprint_cat64(out, string_hash.fingerprint64(v) if isinstance(v, bytes)
                                                else int(v) & ((1 << 64) - 1))
        return out % buckets
    coords, values, shape = _crossed(inputs, combine)
    return make_sparse(coords, Tensor(np.array(values, dtype=np.int64)), shape)


export(bincount, "sparse.bincount")
export(segment_sum, "sparse.segment_sum")
export(segment_mean, "sparse.segment_mean")
export(segment_sqrt_n, "sparse.segment_sqrt_n")
export(cross, "sparse.cross")
export(cross_hashed, "sparse.cross_hashed")

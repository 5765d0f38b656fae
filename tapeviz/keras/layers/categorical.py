"""Categorical preprocessing layers, on NumPy (not differentiable, as in Keras): the shared
one-hot/multi-hot/count encoding, `CategoryEncoding`, `Hashing` and `Discretization`."""
import numpy as np

import tapeviz as tf
from tapeviz.framework.tensor import Tensor
from tapeviz.keras.layers.base import Layer
from tapeviz.ops.string_hash import fingerprint64, siphash24

MODES = ("int", "one_hot", "multi_hot", "count")


def as_numpy(x):
    """A layer input (Tensor, array, list) as a NumPy array; strings as bytes objects."""
    if isinstance(x, Tensor):
        return x.numpy()
    if getattr(x, "_is_variable", False):
        return x.numpy()
    arr = np.asarray(x)
    if arr.dtype.kind == "U":
        arr = np.vectorize(lambda s: s.encode("utf-8"), otypes=[object])(arr) if arr.size else arr.astype(object)
    return arr


def check_mode(mode, caller, allowed=MODES):
    if mode not in allowed:
        raise ValueError(f"Unknown value for `output_mode`. Expected one of {list(allowed)}. "
                         f"Received: output_mode={mode}")


def encode_categorical(indices, output_mode, depth, dtype, count_weights=None):
    """Keras's `encode_categorical_inputs`: int ids to one-hot/multi-hot/count vectors.

    A rank-1 input is one sample (a `(depth,)` output) for multi_hot/count and a batch of ids for
    one_hot; ids outside `[0, depth)` (a lookup's mask) are dropped.
    """
    indices = np.asarray(indices)
    if output_mode == "int":
        return tf.constant(indices.astype(dtype))
    original = indices.shape
    if indices.ndim == 0:
        indices = indices[None]
        if count_weights is not None:
            count_weights = np.asarray(count_weights)[None]
    if output_mode == "one_hot" and (indices.shape[-1] != 1 or len(original) == 0):
        indices = indices[..., None]
        if count_weights is not None:
            count_weights = np.asarray(count_weights)[..., None]
    if indices.ndim > 2:
        raise ValueError("When output_mode is not `'int'`, maximum supported output rank is 2. "
                         f"Received output_mode {output_mode} and input shape {original}, "
                         f"which would result in output rank {indices.ndim}.")
    rows = indices.reshape(-1, indices.shape[-1]) if indices.ndim == 2 else indices[None]
    weights = None if count_weights is None else np.asarray(count_weights, "float64").reshape(rows.shape)
    out = np.zeros((rows.shape[0], depth), "float64")
    for r in range(rows.shape[0]):
        keep = (rows[r] >= 0) & (rows[r] < depth)
        ids = rows[r][keep].astype(np.int64)
        if output_mode == "count":
            np.add.at(out[r], ids, 1.0 if weights is None else weights[r][keep])
        else:
            out[r, ids] = 1.0
    if indices.ndim == 1:
        out = out[0]
    return tf.constant(out.astype(dtype if weights is None or output_mode != "count" else "float32"))


def encoded_shape(input_shape, output_mode, depth):
    """The output shape of `encode_categorical` for an input shape (Keras's rule)."""
    input_shape = tuple(input_shape)
    if output_mode == "int":
        return input_shape
    if output_mode == "one_hot":
        if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
            return input_shape[:-1] + (depth,)
        return input_shape + (depth,)
    if len(input_shape) >= 2:
        return (input_shape[0],) + input_shape[2:] + (depth,)
    return (depth,)


class CategoryEncoding(Layer):
    """Integer ids in `[0, num_tokens)` to one-hot, multi-hot or count vectors (float32)."""

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        if sparse:
            raise NotImplementedError("tapeviz.keras.layers.CategoryEncoding: sparse outputs are not supported")
        if output_mode == "binary":
            output_mode = "multi_hot"
        check_mode(output_mode, "CategoryEncoding", ("one_hot", "multi_hot", "count"))
        if num_tokens is None:
            raise ValueError("num_tokens must be set to use this layer. If the number of tokens is not "
                             "known beforehand, use the IntegerLookup layer instead.")
        if num_tokens < 1:
            raise ValueError(f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}.")
        self.num_tokens, self.output_mode, self.sparse = num_tokens, output_mode, sparse

    def _convert_input(self, x):
        return as_numpy(x)

    def call(self, inputs, count_weights=None):
        ids = as_numpy(inputs)      # ids outside [0, num_tokens) are dropped, as TF's bincount does
        weights = None if count_weights is None else as_numpy(count_weights)
        return encode_categorical(ids, self.output_mode, self.num_tokens, self.compute_dtype, weights)

    def compute_output_shape(self, input_shape):
        return encoded_shape(input_shape, self.output_mode, self.num_tokens)

    def get_config(self):
        return {**super().get_config(), "num_tokens": self.num_tokens,
                "output_mode": self.output_mode, "sparse": self.sparse}


class Hashing(Layer):
    """Hashes strings (and integers, via their decimal text; floats are cast to int64 first) into
    `num_bins` bins with FarmHash64, as `tf.strings.to_hash_bucket_fast` does, or with a `salt`
    (one integer k, meaning (k, k), or a pair) by SipHash-2-4 under that key, as
    `tf.strings.to_hash_bucket_strong`; `mask_value` goes to bin 0 and the rest to 1..n-1."""

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False,
                 **kwargs):
        kwargs.pop("dtype", None)
        super().__init__(**kwargs)
        if num_bins is None or num_bins <= 0:
            raise ValueError("The `num_bins` for `Hashing` cannot be `None` or non-positive values. "
                             f"Received: num_bins={num_bins}.")
        if salt is not None:
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                salt = list(salt)
            elif isinstance(salt, int):
                salt = [salt, salt]
            else:
                raise ValueError("The `salt` argument for `Hashing` can only be a tuple of size 2 "
                                 f"integers, or a single integer. Received: salt={salt}.")
        if sparse:
            raise NotImplementedError("tapeviz.keras.layers.Hashing: sparse outputs are not supported")
        check_mode(output_mode, "Hashing")
        self.num_bins, self.mask_value, self.salt = num_bins, mask_value, salt
        self.output_mode, self.sparse = output_mode, sparse

    def _convert_input(self, x):
        return as_numpy(x)

    @property
    def compute_dtype(self):
        return "int64" if self.output_mode == "int" else "float32"

    @staticmethod
    def _key(value):
        if isinstance(value, bytes):
            return value
        if isinstance(value, str):
            return value.encode("utf-8")
        return str(int(value)).encode("ascii")

    def call(self, inputs):
        values = as_numpy(inputs)
        masked = self.mask_value is not None and self.num_bins > 1
        is_mask = None
        if masked and values.dtype.kind in "biuf":
            is_mask = np.equal(values, self.mask_value)
        elif masked:
            mask_key = self._key(self.mask_value)
            is_mask = np.array([self._key(v) == mask_key for v in values.reshape(-1)],
                               bool).reshape(values.shape)
        if values.dtype.kind == "f":
            values = values.astype(np.int64)     # Keras casts floats to int64 before hashing
        keys = [self._key(v) for v in values.reshape(-1)]
        bins = self.num_bins - 1 if masked else self.num_bins
        if self.salt is None:
            hashed = [fingerprint64(k) for k in keys]
        else:
            salt = tuple(int(k) for k in self.salt)
            hashed = [siphash24(salt, k) for k in keys]
        out = np.array([h % bins for h in hashed], np.int64).reshape(values.shape)
        if masked:
            out = np.where(is_mask, 0, out + 1)
        dtype = "int64" if self.output_mode == "int" else "float32"
        return encode_categorical(out, self.output_mode, self.num_bins, dtype)

    def compute_output_shape(self, input_shape):
        return encoded_shape(input_shape, self.output_mode, self.num_bins)

    def get_config(self):
        return {**super().get_config(), "num_bins": self.num_bins, "salt": self.salt,
                "mask_value": self.mask_value, "output_mode": self.output_mode,
                "sparse": self.sparse}


def _summarize(values, epsilon):
    values = np.sort(np.reshape(values, [-1]))
    step = max(values.size / (1.0 / epsilon), 1)
    boundaries = values[int(step - 1)::int(step)]
    return np.stack([boundaries, np.ones_like(boundaries) * step])


def _compress(summary, epsilon):
    if summary.shape[1] * epsilon < 1:
        return summary
    percents = epsilon + np.arange(0.0, 1.0, epsilon)
    cum_weights = summary[1].cumsum()
    cum_percents = cum_weights / cum_weights[-1]
    new_bins = np.interp(percents, cum_percents, summary[0])
    cum_weights = np.interp(percents, cum_percents, cum_weights)
    new_weights = cum_weights - np.concatenate((np.array([0]), cum_weights[:-1]))
    return np.stack((new_bins, new_weights)).astype("float32")


class Discretization(Layer):
    """Buckets numbers by `bin_boundaries` (bucket i holds `b[i-1] <= x < b[i]`); `adapt` finds
    `num_bins` quantile boundaries with Keras's summary algorithm (same boundaries)."""

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int",
                 sparse=False, dtype=None, name=None):
        super().__init__(name=name, dtype=dtype)
        if sparse:
            raise NotImplementedError("tapeviz.keras.layers.Discretization: sparse outputs are not supported")
        check_mode(output_mode, "Discretization")
        if num_bins is not None and num_bins < 0:
            raise ValueError(f"`num_bins` must be greater than or equal to 0. Received: `num_bins={num_bins}`")
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError("Both `num_bins` and `bin_boundaries` should not be set. Received: "
                             f"`num_bins={num_bins}` and `bin_boundaries={bin_boundaries}`")
        if num_bins is None and bin_boundaries is None:
            raise ValueError("You need to set either `num_bins` or `bin_boundaries`.")
        self.bin_boundaries, self.num_bins, self.epsilon = bin_boundaries, num_bins, epsilon
        self.output_mode, self.sparse = output_mode, sparse
        self.summary = None if bin_boundaries else np.array([[], []], dtype="float32")

    def _convert_input(self, x):
        return as_numpy(x)

    @property
    def compute_dtype(self):
        return "int32" if self.output_mode == "int" else "float32"

    def adapt(self, data, steps=None):
        """Estimates `num_bins` quantile boundaries of `data` (an array or an iterable of batches)."""
        if self.num_bins is None:
            raise ValueError("Cannot adapt a Discretization layer that has been initialized with "
                             "`bin_boundaries`, use `num_bins` instead.")
        self.summary = np.array([[], []], dtype="float32")
        batches = [data] if isinstance(data, (np.ndarray, Tensor, list)) else data
        for i, batch in enumerate(batches):
            if steps is not None and i >= steps:
                break
            summary = _summarize(as_numpy(batch).astype("float32"), self.epsilon)
            merged = np.concatenate((summary, self.summary), axis=1)
            self.summary = _compress(np.take(merged, np.argsort(merged[0]), axis=1), self.epsilon)
        self.bin_boundaries = _compress(self.summary, 1.0 / self.num_bins)[0, :-1].tolist()

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError("You need to either pass the `bin_boundaries` argument at construction "
                             "time or call `adapt(dataset)` before you can start using the "
                             "`Discretization` layer.")
        indices = np.digitize(as_numpy(inputs), self.bin_boundaries)
        dtype = "int32" if self.output_mode == "int" else "float32"
        return encode_categorical(indices, self.output_mode, len(self.bin_boundaries) + 1, dtype)

    def compute_output_shape(self, input_shape):
        depth = len(self.bin_boundaries) + 1 if self.bin_boundaries is not None else self.num_bins
        return encoded_shape(input_shape, self.output_mode, depth)

    def get_config(self):
        return {"bin_boundaries": self.bin_boundaries, "num_bins": self.num_bins,
                "epsilon": self.epsilon, "output_mode": self.output_mode, "sparse": self.sparse,
                "name": self.name, "dtype": self.dtype}

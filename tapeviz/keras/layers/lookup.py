"""`StringLookup` and `IntegerLookup`: a vocabulary (given, or learned by `adapt`) maps tokens to
ids (or back, with `invert=True`), then optionally to one-hot/multi-hot/count/tf-idf vectors.

Keras keeps the table in a `tf.lookup` hash table; here it is a Python dict. `adapt` orders the
vocabulary as Keras does: by count, most frequent first, ties broken by the token, descending.
"""
import collections
import math
import os

import numpy as np

import tapeviz as tf
from tapeviz.framework.tensor import Tensor
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.categorical import as_numpy, encode_categorical, encoded_shape
from tapeviz.ops.string_hash import fingerprint64

LOOKUP_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def batches_of(data):
    """`adapt` data as a list of batches: one array, or each batch of a Dataset/iterable."""
    if isinstance(data, (np.ndarray, Tensor, list, tuple, str, bytes)):
        return [as_numpy(data)]
    out = []
    for batch in data:
        if isinstance(batch, tuple):
            batch = batch[0]
        out.append(as_numpy(batch))
    return out


class IndexLookup(Layer):
    """What StringLookup and IntegerLookup share; `_token(value)` makes a table key of a value."""

    _allow_non_tensor_positional_args = True     # a preprocessing layer, as in Keras

    def __init__(self, max_tokens, num_oov_indices, mask_token, oov_token, vocabulary_dtype,
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int", sparse=False,
                 pad_to_max_tokens=False, name=None, **kwargs):
        kwargs.pop("dtype", None)
        kwargs.pop("trainable", None)
        super().__init__(name=name, **kwargs)
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError("If set, `max_tokens` must be greater than 1. Received: "
                             f"max_tokens={max_tokens}")
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError("If pad_to_max_tokens is True, must set `max_tokens`. Received: "
                             f"max_tokens={max_tokens}")
        if num_oov_indices < 0:
            raise ValueError("`num_oov_indices` must be greater than or equal to 0. Received: "
                             f"num_oov_indices={num_oov_indices}")
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in LOOKUP_MODES:
            raise ValueError(f"Unknown value for `output_mode`. Expected one of {list(LOOKUP_MODES)}. "
                             f"Received: output_mode={output_mode}")
        if invert and output_mode != "int":
            raise ValueError("`output_mode` must be `'int'` when `invert` is true. Received: "
                             f"output_mode={output_mode}")
        if sparse:
            raise NotImplementedError(f"tapeviz.keras.layers.{type(self).__name__}: sparse outputs "
                                      "are not supported")
        self.max_tokens, self.num_oov_indices = max_tokens, num_oov_indices
        self.mask_token, self.oov_token = mask_token, oov_token
        self.vocabulary_dtype, self.invert, self.output_mode = vocabulary_dtype, invert, output_mode
        self.sparse, self.pad_to_max_tokens = sparse, pad_to_max_tokens
        self.input_vocabulary, self.input_idf_weights = vocabulary, idf_weights
        self._has_input_vocabulary = vocabulary is not None
        self._tokens = []                      # the learned/given tokens, in id order
        self._ids = {}
        self.idf_weights = None
        if output_mode == "tf_idf" and vocabulary is not None and idf_weights is None:
            raise ValueError("When specifying the `vocabulary` argument, in TF-IDF output mode, the "
                             "`idf_weights` argument must also be provided.")
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        self.built = True

    @property
    def compute_dtype(self):
        """The output dtype (what a functional model's KerasTensor gets)."""
        if self.invert:
            return "string" if self.vocabulary_dtype == "string" else "int64"
        return "float32" if self.output_mode == "tf_idf" else "int64"

    # ---- vocabulary ------------------------------------------------------------------------
    def _token(self, value):
        raise NotImplementedError

    def _public(self, token):
        return token

    def _oov_start_index(self):
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self):
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self):
        """The size of the vocabulary, mask and OOV indices included."""
        return len(self._tokens) + self._token_start_index()

    def _numpy_token(self, token):
        """A token as Keras returns it from its table (np.str_ / np.int64)."""
        public = self._public(token)
        return np.str_(public) if isinstance(public, str) else np.int64(public)

    def get_vocabulary(self, include_special_tokens=True):
        specials = [self.mask_token] * self._oov_start_index() + [self.oov_token] * self.num_oov_indices
        tokens = [self._numpy_token(t) for t in self._tokens]
        return specials + tokens if include_special_tokens else tokens

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Sets the vocabulary (a list, array, or a text file with one token per line)."""
        if isinstance(vocabulary, str):
            if not os.path.exists(vocabulary):
                raise ValueError(f"Vocabulary file {vocabulary} does not exist.")
            with open(vocabulary, encoding="utf-8") as f:
                vocabulary = [line.rstrip("\n") for line in f]
        tokens = [self._token(v) for v in as_numpy(vocabulary).reshape(-1)]
        specials = [self._token(self.mask_token)] * self._oov_start_index() + \
            [self._token(self.oov_token)] * self.num_oov_indices
        if tokens[:len(specials)] == specials:
            tokens = tokens[len(specials):]
        repeated = [t for t, n in collections.Counter(tokens).items() if n > 1]
        if repeated:
            shown = [self._numpy_token(t) for t in repeated]
            raise ValueError("The passed vocabulary has at least one repeated term. Please uniquify "
                             f"your dataset. The repeated terms are: {shown}")
        if self.mask_token is not None and self._token(self.mask_token) in tokens:
            raise ValueError(f"Found reserved mask token at unexpected location in `vocabulary`. "
                             f"Received: mask_token={self.mask_token}")
        if self.max_tokens is not None and len(tokens) + self._token_start_index() > self.max_tokens:
            raise ValueError(f"Attempted to set a vocabulary larger than the maximum vocab size. "
                             f"Received vocabulary size is {len(tokens) + self._token_start_index()}; "
                             f"`max_tokens` is {self.max_tokens}.")
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.")
            idf = np.asarray(idf_weights, "float32").reshape(-1)
            if idf.size == len(tokens):
                idf = np.concatenate([np.full(self._token_start_index(), idf.mean(), "float32"), idf])
            self.idf_weights = self._pad_idf(idf)

    def _set_tokens(self, tokens):
        self._tokens = list(tokens)
        start = self._token_start_index()
        self._ids = {t: i + start for i, t in enumerate(self._tokens)}

    def _pad_idf(self, idf):
        if self.pad_to_max_tokens and self.max_tokens is not None and idf.size < self.max_tokens:
            idf = np.concatenate([idf, np.zeros(self.max_tokens - idf.size, "float32")])
        return idf.astype("float32")

    # ---- adapt -----------------------------------------------------------------------------
    def adapt(self, data, steps=None):
        """Learns the vocabulary (and, for tf_idf, document frequencies) from `data`."""
        documents = []
        for i, batch in enumerate(batches_of(data)):
            if steps is not None and i >= steps:
                break
            documents.extend(self._documents(batch))
        self.adapt_documents(documents)

    def adapt_documents(self, documents):
        """Learns the vocabulary from token lists (each list one document, for tf-idf)."""
        if self._has_input_vocabulary:
            raise ValueError(f"Cannot adapt layer '{self.name}' after setting a static vocabulary "
                             "via `vocabulary` argument or `set_vocabulary()` method.")
        counts, doc_counts = collections.Counter(), collections.Counter()
        for document in documents:
            counts.update(document)
            doc_counts.update(set(document))
        for special in (self.mask_token, self.oov_token):
            if special is not None:
                counts.pop(self._token(special), None)
        ordered = sorted(counts, key=lambda t: (counts[t], t), reverse=True)
        if self.max_tokens:
            ordered = ordered[:self.max_tokens - self._token_start_index()]
        self._set_tokens(ordered)
        if self.output_mode == "tf_idf":
            idf = np.array([math.log(1 + len(documents) / (1 + doc_counts[t])) for t in ordered],
                           "float32")
            mean = idf.mean() if idf.size else 0.0
            self.idf_weights = self._pad_idf(
                np.concatenate([np.full(self._token_start_index(), mean, "float32"), idf]))

    def _documents(self, batch):
        """The token lists whose frequencies `adapt` counts: each row (each value if rank < 2)."""
        batch = np.asarray(batch)
        if batch.ndim < 2:
            return [[self._token(v)] for v in batch.reshape(-1)]
        return [[self._token(v) for v in row.reshape(-1)] for row in batch.reshape(batch.shape[0], -1)]

    # ---- call ------------------------------------------------------------------------------
    def _convert_input(self, x):
        return as_numpy(x)

    def _oov_ids(self, tokens):
        start = self._oov_start_index()
        if self.num_oov_indices == 1:
            return [start] * len(tokens)
        if self.num_oov_indices == 0:
            raise tf.errors.InvalidArgumentError(
                None, None, "When `num_oov_indices=0` all inputs should be in vocabulary, found OOV "
                f"values {[self._public(t) for t in tokens]}, consider setting `num_oov_indices=1`.")
        return [start + self._hash_oov(t) % self.num_oov_indices for t in tokens]

    def _hash_oov(self, token):
        return fingerprint64(token if isinstance(token, bytes) else str(token).encode())

    def lookup_ids(self, values):
        """Ids of a NumPy array of values (mask -> 0 in int mode, -1 otherwise: dropped)."""
        flat = [self._token(v) for v in values.reshape(-1)]
        ids = np.array([self._ids.get(t, -1) for t in flat], np.int64)
        missing = np.flatnonzero(ids == -1)
        if missing.size:
            ids[missing] = self._oov_ids([flat[i] for i in missing])
        if self.mask_token is not None:
            mask = self._token(self.mask_token)
            ids[[i for i, t in enumerate(flat) if t == mask]] = 0 if self.output_mode == "int" else -1
        return ids.reshape(values.shape)

    def encode(self, ids):
        """Ids to the layer's output (ids as int64, or encoded vectors)."""
        if self.output_mode == "int":
            return tf.constant(ids.astype(np.int64))
        if not self._tokens and not self.pad_to_max_tokens:
            raise RuntimeError(f"When using `output_mode={self.output_mode}` and "
                               "`pad_to_max_tokens=False`, you must set the layer's vocabulary before "
                               "calling it. Either pass a `vocabulary` argument to the layer, or call "
                               "`adapt` with some sample data.")
        depth = self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()
        if self.output_mode == "tf_idf":
            counts = encode_categorical(ids, "count", depth, "float32").numpy()
            return tf.constant((counts * self.idf_weights[:depth]).astype("float32"))
        return encode_categorical(ids, self.output_mode, depth, "int64")

    def call(self, inputs):
        values = as_numpy(inputs)
        if self.invert:
            return self._invert(values)
        return self.encode(self.lookup_ids(values))

    def _invert(self, ids):
        table = self.get_vocabulary()
        out = np.empty(ids.shape, dtype=object)
        for index, i in np.ndenumerate(ids):
            i = int(i)
            out[index] = table[i] if 0 <= i < len(table) and i >= self._token_start_index() else self.oov_token
            if self.mask_token is not None and i == 0:
                out[index] = self.mask_token
        return tf.constant(self._inverted_array(out))

    def _inverted_array(self, out):
        return out

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()
        return encoded_shape(input_shape, "one_hot" if self.output_mode == "one_hot" else "count", depth)

    def get_config(self):
        vocabulary = self.input_vocabulary
        if isinstance(vocabulary, np.ndarray):
            vocabulary = vocabulary.tolist()
        return {**Layer.get_config(self), "invert": self.invert, "max_tokens": self.max_tokens,
                "num_oov_indices": self.num_oov_indices, "oov_token": self.oov_token,
                "mask_token": self.mask_token, "output_mode": self.output_mode,
                "sparse": self.sparse, "pad_to_max_tokens": self.pad_to_max_tokens,
                "vocabulary_dtype": self.vocabulary_dtype,
                "idf_weights": None if self.input_idf_weights is None
                else np.asarray(self.input_idf_weights).tolist(),
                "vocabulary": vocabulary}


class StringLookup(IndexLookup):
    """Strings to integer ids (OOV token "[UNK]"); `invert=True` maps ids back to strings."""

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]",
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 pad_to_max_tokens=False, sparse=False, encoding="utf-8", name=None, **kwargs):
        self.encoding = encoding
        kwargs.pop("vocabulary_dtype", None)
        super().__init__(max_tokens, num_oov_indices, mask_token, oov_token, "string",
                         vocabulary=vocabulary, idf_weights=idf_weights, invert=invert,
                         output_mode=output_mode, sparse=sparse, pad_to_max_tokens=pad_to_max_tokens,
                         name=name, **kwargs)

    def _token(self, value):
        if value is None or isinstance(value, bytes):
            return value
        if isinstance(value, (str, np.str_)):
            return str(value).encode(self.encoding)
        raise ValueError(f"StringLookup: expected string inputs, got {value!r} of type {type(value).__name__}")

    def _public(self, token):
        return token.decode(self.encoding, errors="replace")

    def _inverted_array(self, out):
        return np.vectorize(lambda v: v if isinstance(v, bytes) else str(v).encode(self.encoding),
                            otypes=[object])(out) if out.size else out

    def get_config(self):
        config = super().get_config()
        config["encoding"] = self.encoding
        return config


class IntegerLookup(IndexLookup):
    """Integers to contiguous ids (OOV token -1); `invert=True` maps ids back to the integers.
    With several OOV indices an unknown integer goes to `value % num_oov_indices`, as Keras does."""

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1,
                 vocabulary=None, vocabulary_dtype="int64", idf_weights=None, invert=False,
                 output_mode="int", sparse=False, pad_to_max_tokens=False, name=None, **kwargs):
        if vocabulary_dtype != "int64":
            raise ValueError("Only `vocabulary_dtype='int64'` is supported at this time. Received: "
                             f"vocabulary_dtype={vocabulary_dtype}")
        super().__init__(max_tokens, num_oov_indices, mask_token, oov_token, vocabulary_dtype,
                         vocabulary=vocabulary, idf_weights=idf_weights, invert=invert,
                         output_mode=output_mode, sparse=sparse, pad_to_max_tokens=pad_to_max_tokens,
                         name=name, **kwargs)

    def _token(self, value):
        return None if value is None else int(value)

    def _hash_oov(self, token):
        return token

    def _inverted_array(self, out):
        return out.astype(np.int64)

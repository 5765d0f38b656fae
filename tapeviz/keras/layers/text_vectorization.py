"""`TextVectorization`: strings to token ids or bag-of-words vectors, in Keras 3's steps
(standardize, split, n-grams, then a `StringLookup` with mask "" and OOV "[UNK]").

The string steps run on NumPy/Python bytes here (`tf.strings` is not in tapeviz yet), with TF's
semantics: ASCII lowercasing (`tf.strings.lower`), Keras's punctuation regex, whitespace
splitting that drops empty tokens (`tf.strings.split`), UTF-8 characters (`unicode_split`).
"""
import re

import numpy as np

import tapeviz as tf
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.categorical import as_numpy
from tapeviz.keras.layers.lookup import StringLookup, batches_of

_PUNCTUATION = re.compile(rb'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')
_STANDARDIZE = (None, "lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = (None, "whitespace", "character")


class TextVectorization(Layer):
    """Maps a batch of strings to int sequences (`output_mode="int"`) or to multi-hot, count or
    tf-idf vectors over the vocabulary learned by `adapt` (or given as `vocabulary`)."""

    _allow_non_tensor_positional_args = True     # a preprocessing layer, as in Keras

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation",
                 split="whitespace", ngrams=None, output_mode="int", output_sequence_length=None,
                 pad_to_max_tokens=False, vocabulary=None, idf_weights=None, sparse=False,
                 ragged=False, encoding="utf-8", name=None, **kwargs):
        kwargs.pop("dtype", None)
        kwargs.pop("vocabulary_size", None)     # in get_config, informational
        super().__init__(name=name, **kwargs)
        if not (standardize in _STANDARDIZE or callable(standardize)):
            raise ValueError(f"Invalid value for argument `standardize`. Expected one of "
                             f"{list(_STANDARDIZE)} or a callable. Received: standardize={standardize}")
        if not (split in _SPLIT or callable(split)):
            raise ValueError(f"Invalid value for argument `split`. Expected one of {list(_SPLIT)}. "
                             f"Received: split={split}")
        if callable(split):
            raise NotImplementedError("tapeviz.keras.layers.TextVectorization: a callable `split` "
                                      "is not supported (tf.strings is not in tapeviz yet)")
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in ("int", "multi_hot", "count", "tf_idf"):
            raise ValueError("Invalid value for argument `output_mode`. Expected one of ['int', "
                             f"'multi_hot', 'count', 'tf_idf']. Received: output_mode={output_mode}")
        if not (ngrams is None or isinstance(ngrams, int) or
                (isinstance(ngrams, tuple) and all(isinstance(n, int) for n in ngrams))):
            raise ValueError("`ngrams` must be None, an integer, or a tuple of integers. Received: "
                             f"ngrams={ngrams}")
        if output_mode == "int" and not (isinstance(output_sequence_length, int) or output_sequence_length is None):
            raise ValueError("`output_sequence_length` must be either None or an integer when "
                             f"`output_mode` is 'int'. Received: output_sequence_length={output_sequence_length}")
        if output_mode != "int" and output_sequence_length is not None:
            raise ValueError("`output_sequence_length` must not be set if `output_mode` is not "
                             f"'int'. Received output_sequence_length={output_sequence_length}.")
        if ragged or sparse:
            raise NotImplementedError("tapeviz.keras.layers.TextVectorization: ragged and sparse "
                                      "outputs are not supported")
        self.max_tokens, self.standardize, self.split = max_tokens, standardize, split
        self.ngrams = tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
        self._ngrams_arg = ngrams
        self.output_mode, self.output_sequence_length = output_mode, output_sequence_length
        self.pad_to_max_tokens, self.encoding = pad_to_max_tokens, encoding
        self.sparse, self.ragged = sparse, ragged
        self._lookup_layer = StringLookup(max_tokens=max_tokens, vocabulary=vocabulary,
                                          idf_weights=idf_weights, pad_to_max_tokens=pad_to_max_tokens,
                                          mask_token="", output_mode=output_mode, encoding=encoding,
                                          name=f"{self.name}_lookup")
        self.built = True

    @property
    def compute_dtype(self):
        return self._lookup_layer.compute_dtype

    # ---- vocabulary ------------------------------------------------------------------------
    def get_vocabulary(self, include_special_tokens=True):
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self):
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None):
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights)

    def adapt(self, data, batch_size=None, steps=None):
        """Learns the vocabulary from a batch of strings (array, list, or Dataset of batches)."""
        documents = []
        for i, batch in enumerate(batches_of(data)):
            if steps is not None and i >= steps:
                break
            documents.extend(self._tokenize(batch))
        self._lookup_layer.adapt_documents(documents)

    # ---- the string steps ------------------------------------------------------------------
    def _standardized(self, values):
        if callable(self.standardize):
            return as_numpy(self.standardize(tf.constant(values)))
        out = values
        if self.standardize in ("lower", "lower_and_strip_punctuation"):
            out = np.vectorize(lambda s: s.lower(), otypes=[object])(out) if out.size else out
        if self.standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
            out = np.vectorize(lambda s: _PUNCTUATION.sub(b"", s), otypes=[object])(out) if out.size else out
        return out

    def _split_one(self, text):
        if self.split == "whitespace":
            return text.split()
        if self.split == "character":
            return [c.encode("utf-8") for c in text.decode("utf-8", errors="replace")]
        return [text]

    def _with_ngrams(self, tokens):
        if not self.ngrams:
            return tokens
        out = []
        for width in self.ngrams:
            out.extend(b" ".join(tokens[i:i + width]) for i in range(len(tokens) - width + 1))
        return out

    def _tokenize(self, inputs):
        """Each input string as its list of tokens (bytes)."""
        values = as_numpy(inputs)
        if values.dtype != object:
            values = values.astype(str).astype(object)
            values = np.vectorize(lambda s: s.encode(self.encoding), otypes=[object])(values)
        values = self._standardized(values)
        if self.split is None:
            return [[v] for v in values.reshape(-1)] if values.ndim < 2 else \
                [list(row) for row in values]
        if values.ndim > 1:
            if values.shape[-1] != 1:
                raise ValueError("When using `TextVectorization` to tokenize strings, the input rank "
                                 "must be 1 or the last shape dimension must be 1. Received: "
                                 f"inputs.shape={values.shape} with rank={values.ndim}")
            values = values[..., 0]
        return [self._with_ngrams(self._split_one(v)) for v in values.reshape(-1)]

    # ---- call ------------------------------------------------------------------------------
    def _convert_input(self, x):
        return as_numpy(x)

    def call(self, inputs):
        scalar = not isinstance(inputs, (list, tuple)) and np.ndim(as_numpy(inputs)) == 0
        documents = self._tokenize(np.reshape(as_numpy(inputs), (1,)) if scalar else inputs)
        lookup = self._lookup_layer
        if self.output_mode != "int":
            rows = [lookup.lookup_ids(np.array(doc, dtype=object)) for doc in documents]
            depth = lookup.max_tokens if lookup.pad_to_max_tokens else lookup.vocabulary_size()
            width = max([len(r) for r in rows] + [1])
            padded = np.full((len(rows), width), -1, np.int64)     # -1: dropped by the encoding
            for r, ids in enumerate(rows):
                padded[r, :len(ids)] = ids
            out = lookup.encode(padded)
            return out[0] if scalar else out
        rows = [lookup.lookup_ids(np.array(doc, dtype=object)) for doc in documents]
        width = self.output_sequence_length
        if width is None:
            width = max([len(r) for r in rows] + [0])
        out = np.zeros((len(rows), width), np.int64)
        for r, ids in enumerate(rows):
            ids = ids[:width]
            out[r, :len(ids)] = ids
        return tf.constant(out[0] if scalar else out)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return (input_shape[0], self.output_sequence_length)
        depth = self.max_tokens if self.pad_to_max_tokens else None
        return (input_shape[0], depth)

    def get_config(self):
        return {**super().get_config(), "max_tokens": self.max_tokens,
                "standardize": self.standardize, "split": self.split, "ngrams": self._ngrams_arg,
                "output_mode": self.output_mode,
                "output_sequence_length": self.output_sequence_length,
                "pad_to_max_tokens": self.pad_to_max_tokens, "sparse": self.sparse,
                "ragged": self.ragged,
                "vocabulary": self._lookup_layer.input_vocabulary,
                "idf_weights": self._lookup_layer.input_idf_weights, "encoding": self.encoding,
                "vocabulary_size": self.vocabulary_size()}

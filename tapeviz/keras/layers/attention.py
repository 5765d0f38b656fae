"""Attention layers: `Attention` (Luong dot-product), `AdditiveAttention` (Bahdanau) and
`MultiHeadAttention` (Vaswani et al.), composed of MatMul/Einsum/Softmax ops so the tape shows
the scores and weights of every head."""
import math

import tapeviz as tf
from tapeviz.keras import initializers, random, regularizers
from tapeviz.keras.layers._config import weight_settings
from tapeviz.keras.layers.base import Layer

_LARGE_NEGATIVE = -1e9


def _mask_of(x):
    return getattr(x, "_keras_mask", None)


def _causal_mask(t, s):
    """(1, T, S) booleans, True where query step i may see key step j (j <= i)."""
    return tf.expand_dims(tf.cast(tf.linalg.band_part(tf.ones((t, s), "int32"), -1, 0), "bool"), 0)


class Attention(Layer):
    """Dot-product attention `softmax(query @ key^T) @ value` over `[query, value(, key)]`.

    Args:
      use_scale: learn a scalar scale of the scores.
      score_mode: "dot" (`q . k`) or "concat" (`sum(tanh(q + k))`).
      dropout: dropout rate on the attention weights (training only).
    """

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.use_scale, self.score_mode, self.dropout, self.seed = use_scale, score_mode, dropout, seed
        if self.dropout > 0:
            self.seed_generator = random.SeedGenerator(seed=seed)
        if score_mode not in ("dot", "concat"):
            raise ValueError("Invalid value for argument score_mode. Expected one of {'dot', "
                             f"'concat'}}. Received: score_mode={score_mode}")
        self.supports_masking = True

    def _validate(self, inputs, mask=None):
        name = type(self).__name__
        if not isinstance(inputs, list):
            shown = tuple(inputs.shape) if hasattr(inputs, "shape") else inputs
            raise ValueError(f"{name} layer must be called on a list of inputs, namely [query, value] "
                             f"or [query, value, key]. Received: inputs={shown}.")
        if not 2 <= len(inputs) <= 3:
            raise ValueError(f"{name} layer accepts inputs list of length 2 or 3, namely [query, "
                             f"value] or [query, value, key]. Received length: {len(inputs)}.")
        if mask is not None and (not isinstance(mask, list) or not 2 <= len(mask) <= 3):
            raise ValueError(f"{name} layer mask must be a list, namely [query_mask, value_mask]. "
                             f"Received: mask={mask}.")

    def build(self, input_shape):
        self._validate(input_shape)     # Keras checks here first, outside the call's error context
        self.scale = self.add_weight(name="scale", shape=(), initializer="ones") \
            if self.use_scale else None
        self.concat_score_weight = self.add_weight(name="concat_score_weight", shape=(),
                                                   initializer="ones") \
            if self.score_mode == "concat" else None
        self.built = True

    def _scores(self, query, key):
        if self.score_mode == "dot":
            scores = tf.matmul(query, key, transpose_b=True)
            return scores * self.scale if self.scale is not None else scores
        q, k = tf.expand_dims(query, -2), tf.expand_dims(key, -3)
        summed = q + k if self.scale is None else self.scale * (q + k)
        return self.concat_score_weight * tf.reduce_sum(tf.math.tanh(summed), axis=-1)

    def call(self, inputs, mask=None, training=False, return_attention_scores=False,
             use_causal_mask=False):
        self._validate(inputs)
        if mask is not None and not isinstance(mask, list):
            mask = None     # the layer call passed the query's own mask: collect all below
        self._validate(inputs, mask)
        if mask is None and any(_mask_of(x) is not None for x in inputs):
            mask = [_mask_of(x) for x in inputs]
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        q_mask, v_mask = (mask[0], mask[1]) if mask else (None, None)
        scores = self._scores(query, key)
        scores_mask = v_mask
        if scores_mask is not None:
            scores_mask = tf.expand_dims(tf.cast(scores_mask, "bool"), -2)
        if use_causal_mask:
            causal = _causal_mask(scores.shape[-2], scores.shape[-1])
            scores_mask = causal if scores_mask is None else tf.logical_and(scores_mask, causal)
        if scores_mask is not None:
            scores = tf.where(scores_mask, scores, scores - 1e9)
        weights = tf.nn.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = random.dropout(weights, self.dropout, seed=self.seed_generator)
        output = tf.matmul(weights, value)
        if q_mask is not None:
            output = tf.where(tf.expand_dims(tf.cast(q_mask, "bool"), -1), output,
                              tf.zeros_like(output))
        return (output, weights) if return_attention_scores else output

    def compute_mask(self, inputs, previous_mask=None):
        mask = _mask_of(inputs[0]) if isinstance(inputs, (list, tuple)) else None
        return mask

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[0][:-1]) + (input_shape[1][-1],)

    def get_config(self):
        return {**super().get_config(), "use_scale": self.use_scale, "score_mode": self.score_mode,
                "dropout": self.dropout, "seed": self.seed}


class AdditiveAttention(Attention):
    """Bahdanau attention: scores `sum(scale * tanh(query + key), -1)`, `scale` per feature."""

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape):
        dim = input_shape[0][-1] if isinstance(input_shape, list) else input_shape[-1]
        self.scale = self.add_weight(name="scale", shape=(dim,), initializer="glorot_uniform") \
            if self.use_scale else None
        self.built = True

    def _scores(self, query, key):
        summed = tf.math.tanh(tf.expand_dims(query, -2) + tf.expand_dims(key, -3))
        return tf.reduce_sum(summed * self.scale if self.scale is not None else summed, axis=-1)

    def get_config(self):
        return {**Layer.get_config(self), "use_scale": self.use_scale, "dropout": self.dropout}


class _Projection(Layer):
    """Keras's EinsumDense as MultiHeadAttention uses it: `einsum(equation, x, kernel) + bias`."""

    def __init__(self, equation, kernel_shape, bias_shape, kernel_initializer, bias_initializer,
                 kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.equation, self.kernel_shape, self.bias_shape = equation, kernel_shape, bias_shape
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint

    def build(self, input_shape):
        self._kernel = self.add_weight(name="kernel", shape=self.kernel_shape,
                                       initializer=self.kernel_initializer,
                                       regularizer=self.kernel_regularizer,
                                       constraint=self.kernel_constraint)
        self.bias = None if self.bias_shape is None else self.add_weight(
            name="bias", shape=self.bias_shape, initializer=self.bias_initializer,
            regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs):
        x = tf.einsum(self.equation, inputs, self._kernel)
        return x if self.bias is None else tf.add(x, self.bias)


class MultiHeadAttention(Layer):
    """Multi-head attention over `(batch, steps, features)` query/value/key.

    Each head projects query and key to `key_dim` and value to `value_dim` features, attends with
    `softmax(q k^T / sqrt(key_dim))`, and an output projection merges the heads back to the query's
    feature size (or `output_shape`). Weights: `query/kernel (dim, heads, key_dim)`, `.../bias`,
    then key, value and `attention_output/kernel (heads, value_dim, out)`, as in Keras 3.
    """

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True,
                 output_shape=None, attention_axes=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 seed=None, **kwargs):
        for key in ("flash_attention", "sliding_window", "use_gate"):
            if kwargs.pop(key, None):
                raise NotImplementedError(f"tapeviz.keras.layers.MultiHeadAttention: {key} is not supported")
        if not isinstance(num_heads, int) or num_heads <= 0:
            raise ValueError("Received an invalid value for argument `num_heads`, expected a "
                             f"positive integer. Received: num_heads={num_heads}")
        if not isinstance(key_dim, int) or key_dim <= 0:
            raise ValueError("Received an invalid value for argument `key_dim`, expected a positive "
                             f"integer. Received: key_dim={key_dim}")
        super().__init__(**kwargs)
        if attention_axes not in (None, 1, (1,), [1], -2, (-2,), [-2]):
            raise NotImplementedError("tapeviz.keras.layers.MultiHeadAttention: only attention over "
                                      "axis 1 of (batch, steps, features) inputs is supported")
        self.supports_masking = True
        self.num_heads, self.key_dim = num_heads, key_dim
        self.value_dim = value_dim if value_dim else key_dim
        self.dropout, self.use_bias, self.seed = dropout, use_bias, seed
        if isinstance(output_shape, int):
            output_shape = (output_shape,)
        self._declared_output_shape = tuple(output_shape) if output_shape else None
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.seed_generator = random.SeedGenerator(seed) if dropout > 0 else None
        self._projections = None

    def _projection(self, name, equation, kernel_shape, bias_shape):
        init = self.kernel_initializer
        init = type(init).from_config(init.get_config()) if hasattr(init, "get_config") else init
        return _Projection(equation, kernel_shape, bias_shape if self.use_bias else None, init,
                           self.bias_initializer, self.kernel_regularizer, self.bias_regularizer,
                           self.kernel_constraint, self.bias_constraint, name=name, dtype=self.dtype)

    def build(self, query_shape, value_shape=None, key_shape=None):
        value_shape = query_shape if value_shape is None else value_shape
        key_shape = value_shape if key_shape is None else key_shape
        for shape in (query_shape, value_shape, key_shape):
            if len(shape) != 3:
                raise NotImplementedError("tapeviz.keras.layers.MultiHeadAttention: only rank-3 "
                                          f"(batch, steps, features) inputs are supported, got {shape}")
        heads = self.num_heads
        out = self._declared_output_shape or (query_shape[-1],)
        if len(out) != 1:
            raise NotImplementedError("tapeviz.keras.layers.MultiHeadAttention: output_shape must "
                                      "have one dimension")
        self.query_dense = self._projection("query", "abc,cde->abde",
                                            (query_shape[-1], heads, self.key_dim), (heads, self.key_dim))
        self.key_dense = self._projection("key", "abc,cde->abde",
                                          (key_shape[-1], heads, self.key_dim), (heads, self.key_dim))
        self.value_dense = self._projection("value", "abc,cde->abde",
                                            (value_shape[-1], heads, self.value_dim),
                                            (heads, self.value_dim))
        self.output_dense = self._projection("attention_output", "abcd,cde->abe",
                                             (heads, self.value_dim, out[0]), (out[0],))
        for layer, shape in ((self.query_dense, query_shape), (self.key_dense, key_shape),
                             (self.value_dense, value_shape), (self.output_dense, None)):
            with tf.name_scope(layer.name):
                layer.build(shape)
        self.built = True

    def _maybe_build(self, shape):
        pass    # built in `call`, once the value and key shapes are known too

    def __call__(self, query, value=None, key=None, **kwargs):
        if value is None:
            value = kwargs.pop("value", None)
        from tapeviz.keras.layers.input_layer import KerasTensor
        if isinstance(query, KerasTensor):
            return super().__call__(query, value=value, key=key, **kwargs)
        query, value, key = (None if t is None else self._convert_input(t) for t in (query, value, key))
        return super().__call__(query, value=value, key=key, **kwargs)

    def call(self, query, value=None, key=None, query_mask=None, value_mask=None, key_mask=None,
             attention_mask=None, return_attention_scores=False, training=None,
             use_causal_mask=False):
        if value is None:
            raise TypeError("MultiHeadAttention.call() missing 1 required positional argument: 'value'")
        key_given = key is not None
        key = value if key is None else key
        if not self.built:
            self.build(tuple(query.shape), tuple(value.shape), tuple(key.shape))
        query_mask = _mask_of(query) if query_mask is None else query_mask
        value_mask = _mask_of(value) if value_mask is None else value_mask
        if key_given and key is not value:
            key_mask = _mask_of(key) if key_mask is None else key_mask
        else:
            key_mask = None
        mask = self._attention_mask(query, value, query_mask, value_mask, key_mask,
                                    attention_mask, use_causal_mask)
        q = self.query_dense(query) * (1.0 / math.sqrt(float(self.key_dim)))
        k = self.key_dense(key)
        v = self.value_dense(value)
        scores = tf.einsum("aecd,abcd->acbe", k, q)          # (batch, heads, T, S)
        if mask is not None:
            scores = tf.where(tf.expand_dims(mask, 1), scores,
                              tf.fill(tf.shape(scores), tf.constant(_LARGE_NEGATIVE, scores.dtype)))
        weights = tf.nn.softmax(scores, axis=-1)
        dropped = weights
        if training and self.dropout > 0:
            dropped = random.dropout(weights, self.dropout, seed=self.seed_generator)
        context = tf.einsum("acbe,aecd->abcd", dropped, v)    # (batch, T, heads, value_dim)
        output = self.output_dense(context)
        return (output, weights) if return_attention_scores else output

    @staticmethod
    def _attention_mask(query, value, query_mask, value_mask, key_mask, attention_mask, causal):
        auto = None
        if query_mask is not None:
            auto = tf.expand_dims(tf.cast(query_mask, "bool"), -1)
        for m in (value_mask, key_mask):
            if m is not None:
                m = tf.expand_dims(tf.cast(m, "bool"), -2)
                auto = m if auto is None else tf.logical_and(auto, m)
        if causal:
            m = _causal_mask(query.shape[1], value.shape[1])
            auto = m if auto is None else tf.logical_and(auto, m)
        if attention_mask is not None:
            attention_mask = tf.cast(attention_mask, "bool")
            auto = attention_mask if auto is None else tf.logical_and(attention_mask, auto)
        return auto

    def compute_mask(self, inputs, previous_mask=None):
        return _mask_of(inputs)

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        out = self._declared_output_shape or (query_shape[-1],)
        return tuple(query_shape[:-1]) + tuple(out)

    def get_config(self):
        return {**super().get_config(), "num_heads": self.num_heads, "key_dim": self.key_dim,
                "value_dim": self.value_dim, "dropout": self.dropout, "use_bias": self.use_bias,
                "use_gate": False, "output_shape": self._declared_output_shape,
                "attention_axes": None if not self.built else (1,), "sliding_window": None,
                **weight_settings(self, "kernel", "bias"), "activity_regularizer": None,
                "seed": self.seed}

"""Attention layers: `Attention` (Luong dot-product), `AdditiveAttention` (Bahdanau) and
`MultiHeadAttention` (Vaswani et al., any input rank and attention axes), composed of MatMul/Einsum/Softmax ops so the tape shows
the scores and weights of every head."""
import math
import string

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
        from tapeviz.keras import initializers
        initializer = self.kernel_initializer
        if isinstance(initializer, initializers.VarianceScaling) and (
                initializer.input_axes is None or initializer.output_axes is None):
            # as EinsumDense: fans from the kernel's input and output axes (letters kept in the output)
            weight_spec, output_spec = self.equation.split(",")[1].split("->")
            axes = [i for i, d in enumerate(weight_spec) if d in output_spec]
            initializer = type(initializer).from_config({
                **initializer.get_config(), "seed": initializer.seed, "output_axes": axes,
                "input_axes": [i for i in range(len(weight_spec)) if i not in axes]})
        self._kernel = self.add_weight(name="kernel", shape=self.kernel_shape,
                                       initializer=initializer,
                                       regularizer=self.kernel_regularizer,
                                       constraint=self.kernel_constraint)
        self.bias = None if self.bias_shape is None else self.add_weight(
            name="bias", shape=self.bias_shape, initializer=self.bias_initializer,
            regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs):
        x = tf.einsum(self.equation, inputs, self._kernel)
        return x if self.bias is None else tf.add(x, self.bias)


def _letters(n, offset=0):
    return string.ascii_lowercase[offset:offset + n]


def _projection_equation(free_dims, bound_dims, output_dims):
    """Keras's `_build_proj_equation`: `einsum` of the input's free and bound axes with a kernel of
    the bound and output axes; the bias spans the output axes."""
    free, bound = _letters(free_dims), _letters(bound_dims, free_dims)
    out = _letters(output_dims, free_dims + bound_dims)
    return f"{free}{bound},{bound}{out}->{free}{out}"


def _attention_equations(rank, attn_axes):
    """Keras's `_build_attention_equation` for projected tensors of `rank` (batch, <axes>, heads,
    channels): the key-query product `(<batch dims>, heads, <query axes>, <key axes>)` and the
    combination of those scores with the value."""
    target = _letters(rank)
    batch_dims = [i for i in range(rank) if i not in attn_axes and i != rank - 1]
    source, offset = "", rank
    for i in range(rank):
        if i in batch_dims or i == rank - 1:
            source += target[i]
        else:
            source += _letters(1, offset)
            offset += 1
    product = "".join([target[i] for i in batch_dims] + [target[i] for i in attn_axes] +
                      [source[i] for i in attn_axes])
    return f"{source},{target}->{product}", f"{product},{source}->{target}", len(product)


class MultiHeadAttention(Layer):
    """Multi-head attention (Vaswani et al.) over query/value/key of any rank >= 3.

    Each head projects query and key to `key_dim` features and value to `value_dim`, attends with
    `softmax(q k^T / sqrt(key_dim))` over `attention_axes` (default: every axis between the batch
    and the features), and an output projection merges the heads back to the query's feature size
    (or `output_shape`). Weights are Keras 3's EinsumDense kernels, `query/kernel (dim, heads,
    key_dim)`, `.../bias (heads, key_dim)`, then key, value and `attention_output/kernel (heads,
    value_dim, *out)`, so `.weights.h5` files are interchangeable. As Keras on TF, rank-3 inputs
    without dropout or returned scores take `dot_product_attention` (a fully masked row attends
    uniformly); the explicit path's masked softmax zeroes such rows.
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
        self.supports_masking = True
        self.num_heads, self.key_dim = num_heads, key_dim
        self.value_dim = value_dim if value_dim else key_dim
        self.dropout, self.use_bias, self.seed = dropout, use_bias, seed
        if output_shape:
            if isinstance(output_shape, int):
                output_shape = (output_shape,)
            try:
                output_shape = tuple(output_shape)
            except TypeError:
                raise ValueError(f"Invalid `output_shape`: {output_shape}. When specified, the "
                                 "`output_shape` should be of type tuple, list, or int.") from None
        self._declared_output_shape = output_shape or None
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes and not isinstance(attention_axes, (list, tuple)):
            raise ValueError("`attention_axes` must be an int, list, or tuple."
                             f"Received: attention_axes={attention_axes}")
        self.attention_axes = attention_axes
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.seed_generator = random.SeedGenerator(seed) if dropout > 0 else None

    def _projection(self, name, equation, kernel_shape, bias_shape):
        init = self.kernel_initializer
        init = type(init).from_config(init.get_config()) if hasattr(init, "get_config") else init
        return _Projection(equation, kernel_shape, bias_shape if self.use_bias else None, init,
                           self.bias_initializer, self.kernel_regularizer, self.bias_regularizer,
                           self.kernel_constraint, self.bias_constraint, name=name, dtype=self.dtype)

    def build(self, query_shape, value_shape=None, key_shape=None):
        value_shape = query_shape if value_shape is None else value_shape
        key_shape = value_shape if key_shape is None else key_shape
        if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
            raise ValueError("All dimensions of `value` and `key`, except the last one, must be "
                             f"equal. Received: value_shape={tuple(value_shape)} and "
                             f"key_shape={tuple(key_shape)}")
        heads = self.num_heads
        out = self._declared_output_shape or (query_shape[-1],)
        self.query_dense = self._projection(
            "query", _projection_equation(len(query_shape) - 1, 1, 2),
            (query_shape[-1], heads, self.key_dim), (heads, self.key_dim))
        self.key_dense = self._projection(
            "key", _projection_equation(len(key_shape) - 1, 1, 2),
            (key_shape[-1], heads, self.key_dim), (heads, self.key_dim))
        self.value_dense = self._projection(
            "value", _projection_equation(len(value_shape) - 1, 1, 2),
            (value_shape[-1], heads, self.value_dim), (heads, self.value_dim))
        rank = len(value_shape) + 1          # the projected tensors' rank
        axes = tuple(range(1, rank - 2)) if self.attention_axes is None else tuple(
            a if a >= 0 else (rank - 1) + a for a in self.attention_axes)
        self.attention_axes = axes
        self._dot_product_equation, self._combine_equation, scores_rank = \
            _attention_equations(rank, axes)
        self._norm_axes = tuple(range(scores_rank - len(axes), scores_rank))
        self.output_dense = self._projection(
            "attention_output", _projection_equation(len(query_shape) - 1, 2, len(out)),
            (heads, self.value_dim) + tuple(out), tuple(out))
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
            if not self.built and value is not None:
                with tf.name_scope(self.name):
                    self.build(tuple(query.shape), tuple(value.shape),
                               None if key is None else tuple(key.shape))
            return super().__call__(query, value=value, key=key, **kwargs)
        query, value, key = (None if t is None else self._convert_input(t) for t in (query, value, key))
        if not self.built and value is not None and hasattr(query, "shape"):
            with tf.name_scope(self.name):      # Keras builds (and checks shapes) outside the call's error context
                self.build(tuple(query.shape), tuple(value.shape), None if key is None else tuple(key.shape))
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
        query_mask = _mask_of(query)     # Keras reads the query's own mask, whatever is passed
        value_mask = _mask_of(value) if value_mask is None else value_mask
        key_mask = (_mask_of(key) if key_mask is None else key_mask) if key_given else None
        causal_only = use_causal_mask and query_mask is None and value_mask is None and \
            key_mask is None and attention_mask is None
        mask = None if causal_only else self._attention_mask(
            query, value, query_mask, value_mask, key_mask, attention_mask, use_causal_mask)
        q, k, v = self.query_dense(query), self.key_dense(key), self.value_dense(value)
        if not (self.dropout > 0 or return_attention_scores or q.shape.rank != 4):
            from tapeviz.keras import ops
            if mask is not None:
                mask = tf.expand_dims(mask, -len(self.attention_axes) * 2 - 1) \
                    if mask.shape.rank < 4 else mask
            context = ops.dot_product_attention(q, k, v, mask=mask, scale=1.0 / math.sqrt(self.key_dim),
                                                is_causal=causal_only)
            weights = None
        else:
            if causal_only:
                mask = _causal_mask(query.shape[1], value.shape[1])
            q = q * tf.cast(1.0 / math.sqrt(float(self.key_dim)), q.dtype)
            scores = tf.einsum(self._dot_product_equation, k, q)
            weights = self._masked_softmax(scores, mask)
            dropped = weights
            if training and self.dropout > 0:
                dropped = random.dropout(weights, self.dropout, seed=self.seed_generator)
            context = tf.einsum(self._combine_equation, dropped, v)
        output = self.output_dense(context)
        if query_mask is not None:
            output._keras_mask = query_mask
        return (output, weights) if return_attention_scores else output

    def _masked_softmax(self, scores, mask):
        """Keras's `Softmax(axis=norm_axes)` with a mask: masked scores set to -1e9 before, and
        the probabilities of masked positions set to zero after (a fully masked row is zeros)."""
        if mask is not None:
            for _ in range(scores.shape.rank - mask.shape.rank):
                mask = tf.expand_dims(mask, -len(self.attention_axes) * 2 - 1)
            self._check_mask(scores, mask)
            scores = tf.where(mask, scores, tf.constant(_LARGE_NEGATIVE, scores.dtype))
        if len(self._norm_axes) > 1:
            probs = tf.exp(scores - tf.reduce_logsumexp(scores, axis=self._norm_axes, keepdims=True))
        else:
            probs = tf.nn.softmax(scores, axis=self._norm_axes[0])
        return probs if mask is None else tf.where(mask, probs, tf.zeros_like(probs))

    @staticmethod
    def _check_mask(scores, mask):
        """Keras's Softmax check, on the mask as it expands it (one axis at a time, before the
        query attention axes)."""
        shape = list(mask.shape)
        if len(shape) > len(scores.shape):
            raise ValueError("The `mask` must be broadcastable to `inputs` and must not have more dimensions. "
                             f"Received: inputs.shape={tuple(scores.shape)}, mask.shape={tuple(shape)}")
        for m_dim, i_dim in zip(shape[::-1], list(scores.shape)[::-1]):
            if m_dim != 1 and m_dim != i_dim:
                raise ValueError("The `mask` must be broadcastable to `inputs`. Each mask dimension must be 1 or "
                                 "match the corresponding input dimension. Received: "
                                 f"inputs.shape={tuple(scores.shape)}, mask.shape={tuple(shape)}")

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
                "attention_axes": self.attention_axes, "sliding_window": None,
                **weight_settings(self, "kernel", "bias"), "activity_regularizer": None,
                "seed": self.seed}

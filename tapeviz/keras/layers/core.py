"""Core layers: Dense, Activation, Flatten, Reshape, Dropout, Embedding, ReLU, Softmax, Add,
Concatenate, Lambda. Each call is composed of registered tapeviz ops, so the tape shows MatMul, AddV2...
"""
import math

import numpy as np

import tapeviz as tf
from tapeviz.keras import activations, initializers, random
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.input_spec import InputSpec


class Dense(Layer):
    """`activation(inputs @ kernel + bias)`; the kernel is created on the first call."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 lora_rank=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(min_ndim=2)
        if not isinstance(units, (int, np.integer)) or units <= 0:
            raise ValueError(f"Received an invalid value for `units`, expected a positive integer. "
                             f"Received: units={units}")
        self.units = int(units)
        self.supports_masking = True
        self._kernel_and_bias_settings(activation, use_bias, kernel_initializer, bias_initializer,
                                       kernel_constraint, bias_constraint, kernel_regularizer,
                                       bias_regularizer)

    def build(self, input_shape):
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_shape[-1]})
        self._add_kernel_and_bias((input_shape[-1], self.units), self.units)
        self.built = True

    def call(self, inputs):
        if isinstance(inputs, tf.SparseTensor):   # a sparse batch, as Keras's Dense takes it
            x = tf.sparse.sparse_dense_matmul(tf.cast(inputs, self._kernel.dtype), self._kernel)
        elif inputs.shape.rank == 2:
            x = tf.matmul(inputs, self._kernel)
        else:
            x = tf.tensordot(inputs, self._kernel, axes=[[inputs.shape.rank - 1], [0]])
        if self.bias is not None:
            x = tf.add(x, self.bias)
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)


class Activation(Layer):
    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape


class ReLU(Layer):
    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        self.max_value, self.negative_slope, self.threshold = max_value, negative_slope, threshold

    def call(self, inputs):
        return activations.relu(inputs, self.negative_slope, self.max_value, self.threshold)

    def compute_output_shape(self, input_shape):
        return input_shape


class Softmax(Layer):
    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs, mask=None):
        return activations.softmax(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        return input_shape


class Flatten(Layer):
    """(batch, d1, d2, ...) -> (batch, d1*d2*...)."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = InputSpec(min_ndim=1)
        if data_format not in (None, "channels_last"):
            raise NotImplementedError("tapeviz.keras.layers.Flatten: only channels_last is supported")
        self._output_dtype_is_input = True

    def call(self, inputs):
        return tf.reshape(inputs, (inputs.shape[0], -1))

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        size = None if any(d is None for d in rest) else int(math.prod(rest))
        return (input_shape[0], size)


class Reshape(Layer):
    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)
        self._output_dtype_is_input = True

    def call(self, inputs):
        return tf.reshape(inputs, (inputs.shape[0],) + self.target_shape)

    def compute_output_shape(self, input_shape):
        target = list(self.target_shape)
        if -1 in target and all(d is not None for d in input_shape[1:]):
            known = int(math.prod(d for d in target if d != -1))
            target[target.index(-1)] = int(math.prod(input_shape[1:])) // known
        return (input_shape[0],) + tuple(None if d == -1 else d for d in target)


class Dropout(Layer):
    """Zeroes a `rate` fraction of inputs and scales the rest by 1/(1-rate), in training only.

    The mask is drawn as Keras 3 on TF draws it: a stateless uniform draw seeded by the layer's
    `SeedGenerator` (one seed per call), so seeded runs repeat TensorFlow's masks.
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(f"Invalid value received for argument `rate`. Expected a float value "
                             f"between 0 and 1. Received: rate={rate}")
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed
        self.supports_masking = True
        if rate > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self._output_dtype_is_input = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        return random.dropout(inputs, self.rate, noise_shape=self.noise_shape, seed=self.seed_generator)

    def compute_output_shape(self, input_shape):
        return input_shape


class Embedding(Layer):
    """Rows of an `(input_dim, output_dim)` table picked by integer ids (a `GatherV2`)."""

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False,
                 weights=None, lora_rank=None, **kwargs):
        kwargs.pop("input_length", None)
        super().__init__(**kwargs)
        self.mask_zero = mask_zero
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        if embeddings_initializer == "uniform":
            embeddings_initializer = initializers.RandomUniform()
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_constraint = embeddings_constraint
        self.autocast = False
        self._initial_weights = weights

    def build(self, input_shape=None):
        self._embeddings = self.add_weight(name="embeddings", shape=(self.input_dim, self.output_dim),
                                           initializer=self.embeddings_initializer,
                                           constraint=self.embeddings_constraint)
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    @property
    def embeddings(self):
        return self._embeddings

    def call(self, inputs):
        if inputs.dtype.name not in ("int32", "int64"):
            inputs = tf.cast(inputs, "int32")
        return tf.gather(self._embeddings, inputs)

    def compute_mask(self, inputs, previous_mask=None):
        """With `mask_zero`, the positions whose id is not 0."""
        if not self.mask_zero:
            return None
        return tf.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)


class Masking(Layer):
    """Masks the time steps whose features all equal `mask_value` (and zeroes them)."""

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self.supports_masking = True

    def compute_mask(self, inputs, previous_mask=None):
        return tf.reduce_any(tf.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = tf.reduce_any(tf.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        return inputs * tf.cast(keep, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape


def merged_mask(inputs):
    """Keras's merge-layer mask of a list of inputs: the OR of their masks when every input has
    one, else None."""
    masks = [getattr(x, "_keras_mask", None) for x in inputs]
    if not masks or any(m is None for m in masks):
        return None
    out = masks[0]
    for m in masks[1:]:
        out = tf.logical_or(out, m)
    return out


class Add(Layer):
    """The elementwise sum of a list of inputs."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_mask(self, inputs, previous_mask=None):
        return merged_mask(inputs)

    def call(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = tf.add(out, x)
        return out

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[0])


class Concatenate(Layer):
    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True

    def compute_mask(self, inputs, previous_mask=None):
        """Keras's: the inputs' masks (all-True for an unmasked input, a short mask widened to the
        input's rank) concatenated along `axis`, then any() over the last axis."""
        masks = [getattr(x, "_keras_mask", None) for x in inputs]
        if all(m is None for m in masks):
            return None
        full = []
        for x, m in zip(inputs, masks):
            if m is None:
                full.append(tf.ones_like(x, dtype="bool"))
            elif m.shape.rank < x.shape.rank:
                full.append(tf.logical_or(tf.expand_dims(m, -1), tf.zeros_like(x, dtype="bool")))
            else:
                full.append(m)
        return tf.reduce_any(tf.concat(full, axis=self.axis), axis=-1)

    def call(self, inputs):
        return tf.concat(list(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape):
        shapes = [list(s) for s in input_shape]
        out = shapes[0][:]
        axis = self.axis % len(out)
        sizes = [s[axis] for s in shapes]
        out[axis] = None if any(d is None for d in sizes) else sum(sizes)
        return tuple(out)


class Lambda(Layer):
    """Wraps a function of the inputs (`function(inputs, **arguments)`) as a layer."""

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise TypeError(f"Argument `function` must be callable. Received: function={function}")
        self.function, self.arguments = function, arguments or {}
        self._declared_output_shape = output_shape

    def call(self, inputs, mask=None, training=None):
        return self.function(inputs, **self.arguments)

    def compute_output_shape(self, input_shape):
        if self._declared_output_shape is None:
            return super().compute_output_shape(input_shape)
        declared = self._declared_output_shape
        if callable(declared):
            return declared(input_shape)
        return (input_shape[0],) + tuple(declared)

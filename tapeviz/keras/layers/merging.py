"""Merging layers beyond Add/Concatenate: Subtract, Multiply, Average, Maximum, Minimum, Dot, and
the functional forms (`add`, `concatenate`, ...) that build the layer and call it on a list."""
import tapeviz as tf
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.core import Add, Concatenate, merged_mask


def _check_shapes(input_shape, exactly=None, layer=None):
    """Keras's merge-layer validation of the input shapes, at build time."""
    if not isinstance(input_shape[0], (tuple, list)):
        raise ValueError("A merge layer should be called on a list of inputs. "
                         f"Received: input_shape={input_shape} (not a list of shapes)")
    if exactly is not None and len(input_shape) != exactly:
        raise ValueError(f"A `{layer}` layer should be called on exactly {exactly} inputs. "
                         f"Received: input_shape={input_shape}")
    batch_sizes = {s[0] for s in input_shape if s} - {None}
    if len(batch_sizes) > 1:
        raise ValueError("Cannot merge tensors with different batch sizes. "
                         f"Received tensors with shapes {input_shape}")


class _Elementwise(Layer):
    """Folds a list of same-shaped inputs with one binary op."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_mask(self, inputs, previous_mask=None):
        return merged_mask(inputs)

    def _fold(self, a, b):
        raise NotImplementedError

    def build(self, input_shape):
        _check_shapes(input_shape)
        self.built = True

    def call(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = self._fold(out, x)
        return out

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[0])


class Subtract(_Elementwise):
    """`inputs[0] - inputs[1]` (exactly two inputs)."""

    def build(self, input_shape):
        _check_shapes(input_shape, 2, "Subtract")
        self.built = True

    def call(self, inputs):
        return tf.subtract(inputs[0], inputs[1])


def _feature_mask(x):
    """`x`'s mask widened to `x`'s shape (Keras's `broadcast_to(expand_dims(mask, -1))`)."""
    mask = getattr(x, "_keras_mask", None)
    return None if mask is None else tf.broadcast_to(tf.expand_dims(mask, -1), tf.shape(x))


class Multiply(_Elementwise):
    """The elementwise product; as Keras, masked positions count as 1 and, when every input is
    masked, positions masked in all inputs come out 0 (the output mask is their OR)."""

    def call(self, inputs):
        masks = [_feature_mask(x) for x in inputs]
        all_masked = all(m is not None for m in masks)
        output = output_mask = None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                x = tf.where(mask, x, tf.ones_like(x))
                if all_masked:
                    output_mask = mask if output_mask is None else tf.logical_or(output_mask, mask)
            output = x if output is None else tf.multiply(output, x)
        if all_masked:
            output = tf.where(output_mask, output, tf.zeros_like(output))
        return output


class _MaskedExtremum(_Elementwise):
    """Keras's `_apply_merge_op_and_or_mask`: a masked position takes the other operand, so
    maximum/minimum ignore masked inputs where another input is unmasked."""

    def call(self, inputs):
        output = output_mask = None
        for x in inputs:
            mask = _feature_mask(x)
            if output is None:
                output, output_mask = x, mask
                continue
            if mask is not None:
                x = tf.where(mask, x, output)
            if output_mask is not None:
                output = tf.where(output_mask, output, x)
            output_mask = tf.logical_or(output_mask, mask) \
                if mask is not None and output_mask is not None else None
            output = self._fold(output, x)
        return output


class Maximum(_MaskedExtremum):
    def _fold(self, a, b):
        return tf.maximum(a, b)


class Minimum(_MaskedExtremum):
    def _fold(self, a, b):
        return tf.minimum(a, b)


class Average(_Elementwise):
    def call(self, inputs):
        total = inputs[0]
        for x in inputs[1:]:
            total = tf.add(total, x)
        return tf.divide(total, len(inputs))


class Dot(Layer):
    """Dot products along `axes` of two `(batch, ...)` inputs (L2-normalised with `normalize`)."""

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        self.axes, self.normalize = axes, normalize

    def _axes(self, x, y):
        axes = self.axes if isinstance(self.axes, (list, tuple)) else [self.axes, self.axes]
        return [a % t.shape.rank for a, t in zip(axes, (x, y))]

    def build(self, input_shape):
        _check_shapes(input_shape, 2, "Dot")
        self.built = True

    def call(self, inputs):
        x, y = inputs
        ax, ay = self._axes(x, y)
        if self.normalize:
            x, y = tf.math.l2_normalize(x, axis=ax), tf.math.l2_normalize(y, axis=ay)
        if x.shape.rank != 2 or y.shape.rank != 2:
            if x.shape.rank != 3 or y.shape.rank != 3:
                raise NotImplementedError("tapeviz.keras.layers.Dot: only rank-2 or rank-3 inputs "
                                          "are supported")
            return tf.matmul(x, y, transpose_a=(ax == 1), transpose_b=(ay == 2))
        return tf.reduce_sum(tf.multiply(x, y), axis=1, keepdims=True)


def _functional(cls):
    def merge(inputs, **kwargs):
        return cls(**kwargs)(inputs)
    merge.__name__ = cls.__name__.lower()
    merge.__doc__ = f"Functional interface to the `{cls.__name__}` layer: `{cls.__name__}(**kwargs)(inputs)`."
    return merge


add, subtract, multiply = _functional(Add), _functional(Subtract), _functional(Multiply)
average, maximum, minimum = _functional(Average), _functional(Maximum), _functional(Minimum)


def concatenate(inputs, axis=-1, **kwargs):
    """Functional interface to the `Concatenate` layer."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes=-1, **kwargs):
    """Functional interface to the `Dot` layer."""
    return Dot(axes=axes, **kwargs)(inputs)

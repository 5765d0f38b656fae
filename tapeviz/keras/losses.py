"""Keras 3 losses as `tf.keras.losses` has them: classes that reduce to a float32 scalar, and the
per-sample functions (`mse`, `categorical_crossentropy`, ...), composed from registered ops.

Class losses first cast both arguments to float32 (so a float64 prediction gives a float32
loss), squeeze or expand a trailing size-1 axis so (n, 1) meets (n,) without broadcasting to
(n, n), then apply `sample_weight` and the reduction ('sum_over_batch_size' by default).
"""
import warnings

import tapeviz as tf
from tapeviz.framework.tensor import Tensor
from tapeviz.keras import backend

_REDUCTIONS = {"sum_over_batch_size", "sum", None, "none", "mean", "mean_with_sample_weight"}


def _tensor(x, dtype=None):
    """Keras's convert_to_tensor: tensors of another dtype are cast, other values converted."""
    if getattr(x, "_is_variable", False):
        x = x.read_value()
    if isinstance(x, Tensor):
        return x if dtype is None or x.dtype.name == dtype else tf.cast(x, dtype)
    t = tf.convert_to_tensor(x)
    return t if dtype is None or t.dtype.name == dtype else tf.cast(t, dtype)


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Makes ranks agree when they differ by a trailing axis of size 1."""
    r1, r2 = x1.shape.rank, x2.shape.rank
    if r1 == r2:
        return x1, x2
    if r1 == r2 + 1 and x1.shape[-1] == 1:
        if r2 == 1 and expand_rank_1:
            x2 = tf.expand_dims(x2, axis=-1)
        else:
            x1 = tf.squeeze(x1, axis=-1)
    if r2 == r1 + 1 and x2.shape[-1] == 1:
        if r1 == 1 and expand_rank_1:
            x1 = tf.expand_dims(x1, axis=-1)
        else:
            x2 = tf.squeeze(x2, axis=-1)
    return x1, x2


class Reduction:
    """`keras.losses.Reduction` (Keras's legacy names for the `reduction=` strings)."""

    AUTO = "auto"
    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"

    @classmethod
    def all(cls):
        return (cls.AUTO, cls.NONE, cls.SUM, cls.SUM_OVER_BATCH_SIZE)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError(f'Invalid Reduction Key: {key}. Expected keys are "{cls.all()}"')


def _standardize_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"Invalid value for argument `reduction`. Expected one of {_REDUCTIONS}. "
                         f"Received: reduction={reduction}")
    return reduction


def apply_mask(sample_weight, mask, dtype, reduction):
    """Keras's `apply_mask`: a Keras mask (from `_keras_mask`) merged into the sample weights;
    for the mean reductions valid entries weigh total/valid so the mean is over valid ones."""
    if mask is None:
        return sample_weight
    mask = tf.cast(_tensor(mask), "bool")
    if reduction in ("mean", "sum_over_batch_size"):
        total = tf.cast(mask.shape.num_elements(), dtype)
        valid = tf.reduce_sum(tf.cast(mask, dtype))
        float_mask = tf.where(mask, tf.math.divide_no_nan(total, valid), tf.zeros((), dtype))
    else:
        float_mask = tf.cast(mask, dtype)
    if sample_weight is None:
        return float_mask
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(float_mask, _tensor(sample_weight, dtype))
    return sample_weight * float_mask


def reduce_weighted_values(values, sample_weight=None, reduction="sum_over_batch_size",
                           dtype=None, mask=None):
    reduction = _standardize_reduction(reduction)
    values = _tensor(values, dtype)
    sample_weight = apply_mask(sample_weight, mask, values.dtype.name, reduction)
    if sample_weight is not None:
        sample_weight = _tensor(sample_weight, values.dtype.name)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        values = values * sample_weight
    if reduction in (None, "none") or tuple(values.shape) in ((), (0,)):
        return values
    loss = tf.reduce_sum(values)
    if reduction in ("sum_over_batch_size", "mean", "mean_with_sample_weight"):
        if reduction == "mean_with_sample_weight" and sample_weight is not None:
            divisor = tf.cast(tf.reduce_sum(sample_weight), loss.dtype)
        else:
            divisor = tf.cast(values.shape.num_elements(), loss.dtype)
        loss = tf.math.divide_no_nan(loss, divisor)
    return loss


class Loss:
    """Base class: `__call__(y_true, y_pred, sample_weight=None)` -> reduced loss."""

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or backend.unique_name(backend.to_snake_case(type(self).__name__))
        self.reduction = _standardize_reduction(reduction)
        self._dtype = backend.standardize_dtype(dtype)

    @property
    def dtype(self):
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None):
        in_mask = getattr(y_pred, "_keras_mask", None)      # a masked model output (mask_zero)
        with tf.name_scope(self.name):
            y_pred = _tensor(y_pred, self._dtype)
            y_true = _tensor(y_true, self._dtype)
            losses = self.call(y_true, y_pred)
            out_mask = getattr(losses, "_keras_mask", None)
            if in_mask is not None and out_mask is not None:
                mask = tf.logical_and(tf.cast(in_mask, "bool"), tf.cast(out_mask, "bool"))
            else:
                mask = in_mask if in_mask is not None else out_mask
            return reduce_weighted_values(losses, sample_weight, self.reduction, self._dtype, mask=mask)

    def call(self, y_true, y_pred):
        raise NotImplementedError

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class LossFunctionWrapper(Loss):
    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = super().get_config()
        config.update(self._fn_kwargs)
        return config

    def __repr__(self):
        return f"<LossFunctionWrapper({self.fn}, kwargs={self._fn_kwargs})>"


# ---- per-sample functions ------------------------------------------------------------------------

def _pair(y_true, y_pred):
    y_pred = _tensor(y_pred)
    y_true = _tensor(y_true, y_pred.dtype.name)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def _mean_squared_error(y_true, y_pred):
    """mean((y_true - y_pred)**2) over the last axis, per sample, in y_pred's dtype."""
    y_true, y_pred = _pair(y_true, y_pred)
    return tf.reduce_mean(tf.square(y_true - y_pred), axis=-1)


def _mean_absolute_error(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    return tf.reduce_mean(tf.abs(y_true - y_pred), axis=-1)


def _check_same_shape(target, output):
    if target.shape.rank != output.shape.rank:
        raise ValueError("Arguments `target` and `output` must have the same rank (ndim). "
                         f"Received: target.shape={target.shape}, output.shape={output.shape}")
    for a, b in zip(target.shape, output.shape):
        if a is not None and b is not None and a != b:
            raise ValueError("Arguments `target` and `output` must have the same shape. "
                             f"Received: target.shape={target.shape}, output.shape={output.shape}")


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Per-sample BCE; probabilities are clipped to [eps, 1-eps] (y=0, p=1 gives 15.942385)."""
    y_pred = _tensor(y_pred)
    y_true = tf.cast(_tensor(y_true), y_pred.dtype)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    _check_same_shape(y_true, y_pred)
    if from_logits:
        bce = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)
    else:
        eps = backend.epsilon()
        output = tf.clip_by_value(y_pred, eps, 1.0 - eps)
        bce = -(y_true * tf.math.log(output) + (1 - y_true) * tf.math.log(1 - output))
    return tf.reduce_mean(bce, axis=axis)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Per-sample CE against one-hot (or soft) targets; probabilities are renormalised and clipped."""
    y_pred = _tensor(y_pred)
    y_true = tf.cast(_tensor(y_true), y_pred.dtype)
    if y_pred.shape[-1] == 1:
        warnings.warn("In loss categorical_crossentropy, expected y_pred.shape to be (batch_size, "
                      f"num_classes) with num_classes > 1. Received: y_pred.shape={y_pred.shape}. "
                      "Consider using 'binary_crossentropy' if you only have 2 classes.",
                      SyntaxWarning, stacklevel=2)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / y_true.shape[-1]
    if y_true.shape.rank < 1:
        raise ValueError("Arguments `target` and `output` must be at least rank 1. Received: "
                         f"target.shape={y_true.shape}, output.shape={y_pred.shape}")
    _check_same_shape(y_true, y_pred)
    if from_logits:
        return tf.nn.softmax_cross_entropy_with_logits(labels=y_true, logits=y_pred, axis=axis)
    output = y_pred / tf.reduce_sum(y_pred, axis=axis, keepdims=True)
    eps = backend.epsilon()
    output = tf.clip_by_value(output, eps, 1.0 - eps)
    return -tf.reduce_sum(y_true * tf.math.log(output), axis=axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """Per-sample CE against integer class ids."""
    if ignore_class is not None:
        raise NotImplementedError("tapeviz.keras.losses: ignore_class is not supported")
    y_true, y_pred = _tensor(y_true), _tensor(y_pred)
    if axis != -1 and axis != y_pred.shape.rank - 1:
        raise ValueError(f"Only axis=-1 is currently supported. Received: axis={axis}")
    target = tf.cast(y_true, "int64")
    if target.shape.rank == y_pred.shape.rank and target.shape[-1] == 1:
        target = tf.squeeze(target, axis=-1)
    if target.shape.rank != y_pred.shape.rank - 1:
        raise ValueError("Argument `output` must have rank (ndim) `target.ndim - 1`. Received: "
                         f"target.shape={target.shape}, output.shape={y_pred.shape}")
    output = y_pred
    if not from_logits:
        eps = backend.epsilon()
        output = tf.math.log(tf.clip_by_value(y_pred, eps, 1 - eps))
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=output)


# ---- classes -------------------------------------------------------------------------------------

class MeanSquaredError(LossFunctionWrapper):
    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(_mean_squared_error, name=name, reduction=reduction, dtype=dtype)


class MeanAbsoluteError(LossFunctionWrapper):
    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None):
        super().__init__(_mean_absolute_error, name=name, reduction=reduction, dtype=dtype)


class BinaryCrossentropy(LossFunctionWrapper):
    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="binary_crossentropy", dtype=None):
        super().__init__(binary_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis


class CategoricalCrossentropy(LossFunctionWrapper):
    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_crossentropy", dtype=None):
        super().__init__(categorical_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    def __init__(self, from_logits=False, ignore_class=None, reduction="sum_over_batch_size",
                 axis=-1, name="sparse_categorical_crossentropy", dtype=None):
        super().__init__(sparse_categorical_crossentropy, name=name, reduction=reduction,
                         dtype=dtype, from_logits=from_logits, ignore_class=ignore_class, axis=axis)
        self.from_logits, self.ignore_class = from_logits, ignore_class

    def call(self, y_true, y_pred):
        # no squeeze/expand: the targets are one rank below the predictions
        return self.fn(y_true, y_pred, **self._fn_kwargs)


# tf.keras spellings (TF_BEHAVIOUR 8: `tf.keras.losses.mean_squared_error` does not exist)
_mean_squared_error.__name__ = "mean_squared_error"
_mean_absolute_error.__name__ = "mean_absolute_error"
mse = MSE = _mean_squared_error
mae = MAE = _mean_absolute_error

_BY_NAME = {
    "mse": MeanSquaredError, "mean_squared_error": MeanSquaredError, "MSE": MeanSquaredError,
    "mae": MeanAbsoluteError, "mean_absolute_error": MeanAbsoluteError, "MAE": MeanAbsoluteError,
    "binary_crossentropy": BinaryCrossentropy, "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
}
_BY_NAME.update({cls.__name__: cls for cls in set(_BY_NAME.values())})


def get(identifier):
    """A loss from a name ('mse', 'sparse_categorical_crossentropy'), an instance or a function."""
    if identifier is None or isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, str):
        if identifier in _FUNCTIONS:
            return _FUNCTIONS[identifier]
        if identifier not in _BY_NAME:
            raise ValueError(f"Could not interpret loss identifier: {identifier}")
        return _BY_NAME[identifier]()
    if isinstance(identifier, type) and issubclass(identifier, Loss):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret loss identifier: {identifier}")


# the rest of Keras 3's losses live in losses_more (imported last: it builds on this module)
from tapeviz.keras.losses_more import *  # noqa: E402,F401,F403
from tapeviz.keras.losses_more import BY_NAME as _MORE  # noqa: E402
from tapeviz.keras.losses_more import FUNCTIONS as _FUNCTIONS  # noqa: E402

_BY_NAME.update(_MORE)

"""The rest of Keras 3's losses (`keras.losses`): regression (MAPE, MSLE, Huber, LogCosh,
CosineSimilarity), probabilistic (KLDivergence, Poisson, focal cross-entropies, generalized CE),
hinge family, and overlap losses (Dice, Tversky). Each per-sample function is composed of
registered ops in Keras's order of operations; each class wraps it with a reduction.
"""
import math
import warnings

import numpy as np

import tapeviz as tf
from tapeviz.keras import backend, ops
from tapeviz.keras.losses import LossFunctionWrapper, _pair, _tensor


def _cast_pair(y_true, y_pred):
    y_pred = _tensor(y_pred)
    return tf.cast(_tensor(y_true), y_pred.dtype), y_pred


# ---- per-sample functions --------------------------------------------------------------------
def mean_absolute_percentage_error(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    diff = tf.abs((y_true - y_pred) / tf.maximum(tf.abs(y_true), backend.epsilon()))
    return 100.0 * tf.reduce_mean(diff, axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    first = tf.math.log(tf.maximum(y_pred, backend.epsilon()) + 1.0)
    second = tf.math.log(tf.maximum(y_true, backend.epsilon()) + 1.0)
    return tf.reduce_mean(tf.square(first - second), axis=-1)


def _l2_normalize(x, axis):
    inv_norm = tf.math.rsqrt(tf.reduce_sum(tf.square(x), axis=axis, keepdims=True))
    return x * tf.minimum(inv_norm, 1.0 / backend.epsilon())


def cosine_similarity(y_true, y_pred, axis=-1):
    y_true, y_pred = _pair(y_true, y_pred)
    return -tf.reduce_sum(_l2_normalize(y_true, axis) * _l2_normalize(y_pred, axis), axis=axis)


def huber(y_true, y_pred, delta=1.0):
    y_true, y_pred = _pair(y_true, y_pred)
    delta = tf.cast(delta, y_pred.dtype)
    error = y_pred - y_true
    abs_error = tf.abs(error)
    return tf.reduce_mean(tf.where(abs_error <= delta, 0.5 * tf.square(error),
                                   delta * abs_error - 0.5 * tf.square(delta)), axis=-1)


def log_cosh(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    x = y_pred - y_true
    return tf.reduce_mean(x + tf.nn.softplus(x * -2.0) - math.log(2.0), axis=-1)


def kl_divergence(y_true, y_pred):
    y_true, y_pred = _cast_pair(y_true, y_pred)
    y_true = tf.clip_by_value(y_true, backend.epsilon(), 1)
    y_pred = tf.clip_by_value(y_pred, backend.epsilon(), 1)
    return tf.reduce_sum(y_true * tf.math.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    y_true, y_pred = _cast_pair(y_true, y_pred)
    return tf.reduce_mean(y_pred - y_true * tf.math.log(y_pred + backend.epsilon()), axis=-1)


def _hinge_labels(y_true):
    """Labels in {0, 1} become {-1, 1}; other labels are used as they are."""
    binary = tf.reduce_all(tf.logical_or(tf.equal(y_true, 0), tf.equal(y_true, 1)))
    return 2.0 * y_true - 1.0 if bool(binary) else y_true


def hinge(y_true, y_pred):
    y_true, y_pred = _cast_pair(y_true, y_pred)
    return tf.reduce_mean(tf.maximum(1.0 - _hinge_labels(y_true) * y_pred, 0.0), axis=-1)


def squared_hinge(y_true, y_pred):
    y_true, y_pred = _cast_pair(y_true, y_pred)
    return tf.reduce_mean(tf.square(tf.maximum(1.0 - _hinge_labels(y_true) * y_pred, 0.0)), axis=-1)


def categorical_hinge(y_true, y_pred):
    y_true, y_pred = _cast_pair(y_true, y_pred)
    pos = tf.reduce_sum(y_true * y_pred, axis=-1)
    neg = tf.reduce_max((1.0 - y_true) * y_pred, axis=-1)
    return tf.maximum(neg - pos + 1.0, tf.zeros((), y_pred.dtype))


def _elementwise_bce(target, output):
    eps = backend.epsilon()
    output = tf.clip_by_value(output, eps, 1.0 - eps)
    return -(target * tf.math.log(output) + (1 - target) * tf.math.log(1 - output))


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25, gamma=2.0,
                              from_logits=False, label_smoothing=0.0, axis=-1):
    y_true, y_pred = _cast_pair(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        y_pred = tf.nn.sigmoid(y_pred)
    bce = _elementwise_bce(y_true, y_pred)
    p_t = y_true * y_pred + (1 - y_true) * (1 - y_pred)
    focal = tf.pow(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1 - y_true) * (1 - alpha)) * focal
    return tf.reduce_mean(focal, axis=axis)


def categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False,
                                   label_smoothing=0.0, axis=-1):
    if isinstance(axis, bool):
        raise ValueError(f"`axis` must be of type `int`. Received: axis={axis} of type {type(axis)}")
    y_true, y_pred = _cast_pair(y_true, y_pred)
    if y_pred.shape[-1] == 1:
        warnings.warn("In loss categorical_focal_crossentropy, expected y_pred.shape to be "
                      f"(batch_size, num_classes) with num_classes > 1. Received: y_pred.shape="
                      f"{y_pred.shape}. Consider using 'binary_crossentropy' if you only have 2 "
                      "classes.", SyntaxWarning, stacklevel=2)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / y_true.shape[-1]
    if from_logits:
        y_pred = tf.nn.softmax(y_pred, axis=axis)
    output = y_pred / tf.reduce_sum(y_pred, axis=axis, keepdims=True)
    output = tf.clip_by_value(output, backend.epsilon(), 1.0 - backend.epsilon())
    cce = -y_true * tf.math.log(output)
    return tf.reduce_sum(tf.pow(1.0 - output, gamma) * alpha * cce, axis=axis)


def categorical_generalized_cross_entropy(y_true, y_pred, q):
    y_pred = _tensor(y_pred)
    one_hot = tf.one_hot(tf.cast(_tensor(y_true), "int32"), y_pred.shape[-1], dtype=y_pred.dtype)
    p = tf.reduce_sum(y_pred * one_hot, axis=-1)
    return (1 - tf.pow(p, q)) / q


def dice(y_true, y_pred, axis=None):
    y_true, y_pred = _cast_pair(y_true, y_pred)
    intersection = tf.reduce_sum(y_true * y_pred, axis=axis)
    total = tf.reduce_sum(y_true, axis=axis) + tf.reduce_sum(y_pred, axis=axis) + backend.epsilon()
    return 1 - 2.0 * intersection / total


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    y_true, y_pred = _cast_pair(y_true, y_pred)
    intersection = tf.reduce_sum(y_true * y_pred, axis=axis)
    fp = tf.reduce_sum((1 - y_pred) * y_true, axis=axis)
    fn = tf.reduce_sum(y_pred * (1 - y_true), axis=axis)
    return 1 - intersection / (intersection + fp * alpha + fn * beta + backend.epsilon())


def circle(y_true, y_pred, ref_labels=None, ref_embeddings=None, remove_diagonal=True, gamma=80,
           margin=0.4):
    """Circle loss (Sun et al., 2020) over L2-normalised embeddings `y_pred` with integer labels;
    its Keras mask (loss > 0) makes the mean run over the anchors that have a loss."""
    y_pred = _tensor(y_pred)
    labels = np.asarray(_tensor(y_true).numpy()).astype(np.int32).reshape(-1, 1)
    ref = y_pred if ref_embeddings is None else _tensor(ref_embeddings)
    ref_ids = labels if ref_labels is None else np.asarray(_tensor(ref_labels).numpy()).astype(np.int32).reshape(-1, 1)
    positive = labels == ref_ids.T
    negative = ~positive
    if remove_diagonal:
        positive = positive & ~np.eye(labels.size, ref_ids.size, dtype=bool)
    pos_mask, neg_mask = tf.constant(positive), tf.constant(negative)
    distances = tf.maximum(1 - tf.matmul(y_pred, ref, transpose_b=True), 0.0)
    pos_weights = tf.maximum((margin + distances) * tf.cast(pos_mask, distances.dtype), 0.0)
    neg_weights = tf.maximum((1 + margin - distances) * tf.cast(neg_mask, distances.dtype), 0.0)
    pos_terms = -1 * gamma * pos_weights * (margin - distances)
    neg_terms = gamma * neg_weights * ((1 - margin) - distances)
    minus_inf = tf.fill(tf.shape(distances), tf.constant(-np.inf, distances.dtype))
    p_loss = tf.reduce_logsumexp(tf.where(pos_mask, pos_terms, minus_inf), axis=1)
    n_loss = tf.reduce_logsumexp(tf.where(neg_mask, neg_terms, minus_inf), axis=1)
    loss = tf.nn.softplus(p_loss + n_loss)
    loss._keras_mask = loss > 0
    return loss


def ctc(y_true, y_pred):
    """CTC loss of integer labels `(batch, max_length)` (0 is the blank and the padding) under
    batch-major logits `(batch, steps, classes)`; every sample uses all its steps."""
    if len(ops.shape(y_true)) != 2:
        raise ValueError("Targets `y_true` are expected to be a tensor of shape `(batch_size, max_length)` in "
                         f"integer format. Received: y_true.shape={ops.shape(y_true)}")
    if len(ops.shape(y_pred)) != 3:
        raise ValueError("Logits `y_pred` are expected to be a tensor of shape `(batch_size, max_length, "
                         f"num_classes)`. Received: y_pred.shape={ops.shape(y_pred)}")
    batch, steps = ops.shape(y_pred)[0], ops.shape(y_pred)[1]
    input_length = steps * ops.ones((batch,), dtype="int32")
    label_length = ops.cast(ops.sum(ops.not_equal(y_true, 0), axis=-1), dtype="int32")
    return ops.ctc_loss(y_true, y_pred, label_length, input_length, mask_index=0)


# ---- classes ---------------------------------------------------------------------------------
def _wrapper(fn, default_name, *params):
    """A LossFunctionWrapper subclass whose constructor takes `params` (name, default) pairs."""
    names = [p for p, _ in params]
    defaults = dict(params)

    def __init__(self, *args, reduction="sum_over_batch_size", name=default_name, dtype=None, **kwargs):
        values = dict(defaults)
        values.update(zip(names, args))
        unknown = set(kwargs) - set(names)
        if unknown:
            raise TypeError(f"{type(self).__name__}.__init__() got an unexpected keyword argument "
                            f"'{sorted(unknown)[0]}'")
        values.update(kwargs)
        LossFunctionWrapper.__init__(self, fn, reduction=reduction, name=name, dtype=dtype, **values)
        for key, value in values.items():
            setattr(self, key, value)
    return __init__


class MeanAbsolutePercentageError(LossFunctionWrapper):
    __init__ = _wrapper(mean_absolute_percentage_error, "mean_absolute_percentage_error")


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    __init__ = _wrapper(mean_squared_logarithmic_error, "mean_squared_logarithmic_error")


class CosineSimilarity(LossFunctionWrapper):
    __init__ = _wrapper(cosine_similarity, "cosine_similarity", ("axis", -1))


class Huber(LossFunctionWrapper):
    __init__ = _wrapper(huber, "huber_loss", ("delta", 1.0))


class LogCosh(LossFunctionWrapper):
    __init__ = _wrapper(log_cosh, "log_cosh")


class KLDivergence(LossFunctionWrapper):
    __init__ = _wrapper(kl_divergence, "kl_divergence")


class Poisson(LossFunctionWrapper):
    __init__ = _wrapper(poisson, "poisson")


class Hinge(LossFunctionWrapper):
    __init__ = _wrapper(hinge, "hinge")


class SquaredHinge(LossFunctionWrapper):
    __init__ = _wrapper(squared_hinge, "squared_hinge")


class CategoricalHinge(LossFunctionWrapper):
    __init__ = _wrapper(categorical_hinge, "categorical_hinge")


class BinaryFocalCrossentropy(LossFunctionWrapper):
    __init__ = _wrapper(binary_focal_crossentropy, "binary_focal_crossentropy",
                        ("apply_class_balancing", False), ("alpha", 0.25), ("gamma", 2.0),
                        ("from_logits", False), ("label_smoothing", 0.0), ("axis", -1))


class CategoricalFocalCrossentropy(LossFunctionWrapper):
    __init__ = _wrapper(categorical_focal_crossentropy, "categorical_focal_crossentropy",
                        ("alpha", 0.25), ("gamma", 2.0), ("from_logits", False),
                        ("label_smoothing", 0.0), ("axis", -1))


class CategoricalGeneralizedCrossEntropy(LossFunctionWrapper):
    __init__ = _wrapper(categorical_generalized_cross_entropy,
                        "categorical_generalized_cross_entropy", ("q", 0.5))

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred, **self._fn_kwargs)   # integer labels: no rank matching


class Circle(LossFunctionWrapper):
    __init__ = _wrapper(circle, "circle", ("gamma", 80.0), ("margin", 0.4), ("remove_diagonal", True))


class CTC(LossFunctionWrapper):
    __init__ = _wrapper(ctc, "ctc")


class Dice(LossFunctionWrapper):
    __init__ = _wrapper(dice, "dice", ("axis", None))


class Tversky(LossFunctionWrapper):
    __init__ = _wrapper(tversky, "tversky", ("alpha", 0.5), ("beta", 0.5), ("axis", None))


mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh

# names `keras.losses.get` resolves to the per-sample function (class names give instances)
FUNCTIONS = {"huber": huber, "log_cosh": log_cosh, "logcosh": log_cosh, "poisson": poisson,
             "kld": kl_divergence, "kl_divergence": kl_divergence,
             "kullback_leibler_divergence": kl_divergence, "hinge": hinge,
             "squared_hinge": squared_hinge, "categorical_hinge": categorical_hinge,
             "binary_focal_crossentropy": binary_focal_crossentropy,
             "categorical_focal_crossentropy": categorical_focal_crossentropy,
             "categorical_generalized_cross_entropy": categorical_generalized_cross_entropy,
             "dice": dice, "tversky": tversky, "mape": mean_absolute_percentage_error,
             "mean_absolute_percentage_error": mean_absolute_percentage_error,
             "msle": mean_squared_logarithmic_error,
             "mean_squared_logarithmic_error": mean_squared_logarithmic_error,
             "cosine_similarity": cosine_similarity, "circle": circle, "ctc": ctc}

CLASSES = [MeanAbsolutePercentageError, MeanSquaredLogarithmicError, CosineSimilarity, Huber,
           LogCosh, KLDivergence, Poisson, Hinge, SquaredHinge, CategoricalHinge,
           BinaryFocalCrossentropy, CategoricalFocalCrossentropy, CategoricalGeneralizedCrossEntropy,
           Dice, Tversky, Circle, CTC]
BY_NAME = {cls.__name__: cls for cls in CLASSES}
BY_NAME.update({"mape": MeanAbsolutePercentageError, "MAPE": MeanAbsolutePercentageError,
                "mean_absolute_percentage_error": MeanAbsolutePercentageError,
                "msle": MeanSquaredLogarithmicError, "MSLE": MeanSquaredLogarithmicError,
                "mean_squared_logarithmic_error": MeanSquaredLogarithmicError,
                "cosine_similarity": CosineSimilarity, "huber": Huber, "huber_loss": Huber,
                "log_cosh": LogCosh, "logcosh": LogCosh, "kl_divergence": KLDivergence,
                "kld": KLDivergence, "KLD": KLDivergence,
                "kullback_leibler_divergence": KLDivergence, "poisson": Poisson, "hinge": Hinge,
                "squared_hinge": SquaredHinge, "categorical_hinge": CategoricalHinge,
                "binary_focal_crossentropy": BinaryFocalCrossentropy,
                "categorical_focal_crossentropy": CategoricalFocalCrossentropy,
                "categorical_generalized_cross_entropy": CategoricalGeneralizedCrossEntropy,
                "dice": Dice, "tversky": Tversky, "circle": Circle})

__all__ = [cls.__name__ for cls in CLASSES] + [
    "mean_absolute_percentage_error", "mean_squared_logarithmic_error", "cosine_similarity", "huber",
    "log_cosh", "logcosh", "kl_divergence", "kld", "KLD", "kullback_leibler_divergence", "poisson",
    "hinge", "squared_hinge", "categorical_hinge", "binary_focal_crossentropy",
    "categorical_focal_crossentropy", "categorical_generalized_cross_entropy", "dice", "tversky", "circle",
    "ctc", "mape", "MAPE", "msle", "MSLE"]

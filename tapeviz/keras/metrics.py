"""Keras metrics: running means kept as float32 totals and counts (no tape, no gradients).

`update_state` accumulates, `result()` gives a float32 scalar Tensor, `reset_state` clears.
"""
import numpy as np

from tapeviz.framework.tensor import Tensor
from tapeviz.keras import backend
from tapeviz.keras import losses as _losses


def _array(x):
    if getattr(x, "_is_variable", False):
        x = x.read_value()
    if isinstance(x, Tensor):
        return np.asarray(x._value)
    return np.asarray(x)


class Metric:
    def __init__(self, name=None, dtype=None):
        self.name = name or backend.unique_name(backend.to_snake_case(type(self).__name__))
        self._dtype = backend.standardize_dtype(dtype)
        self.reset_state()

    @property
    def dtype(self):
        return self._dtype

    def reset_state(self):
        raise NotImplementedError

    def update_state(self, *args, **kwargs):
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def __call__(self, *args, **kwargs):
        self.update_state(*args, **kwargs)
        return self.result()

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


class Mean(Metric):
    """The (weighted) mean of everything passed to `update_state`."""

    def reset_state(self):
        self.total = np.float32(0)
        self.count = np.float32(0)

    def update_state(self, values, sample_weight=None):
        values = _array(values).astype(np.float32)
        if sample_weight is None:
            self.total = np.float32(self.total + values.sum(dtype=np.float32))
            self.count = np.float32(self.count + values.size)
            return
        weights = _array(sample_weight).astype(np.float32)
        weights = np.broadcast_to(weights.reshape(weights.shape + (1,) * (values.ndim - weights.ndim)),
                                  values.shape) if values.ndim >= weights.ndim else weights
        self.total = np.float32(self.total + (values * weights).sum(dtype=np.float32))
        self.count = np.float32(self.count + weights.sum(dtype=np.float32))

    def result(self):
        return Tensor(np.float32(self.total / self.count) if self.count else np.float32(0))


class Sum(Metric):
    def reset_state(self):
        self.total = np.float32(0)

    def update_state(self, values, sample_weight=None):
        values = _array(values).astype(np.float32)
        if sample_weight is not None:
            values = values * _array(sample_weight).astype(np.float32)
        self.total = np.float32(self.total + values.sum(dtype=np.float32))

    def result(self):
        return Tensor(np.float32(self.total))


class MeanMetricWrapper(Mean):
    """The running mean of a per-sample function `fn(y_true, y_pred)`."""

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn, self._fn_kwargs = fn, kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        mask = getattr(y_pred, "_keras_mask", None)     # masked time steps do not count
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        if mask is not None:
            mask = _array(mask).astype(np.float32)
            if sample_weight is not None:
                weight = _array(sample_weight).astype(np.float32)
                if weight.ndim == mask.ndim + 1 and weight.shape[-1] == 1:
                    weight = weight[..., 0]
                elif mask.ndim == weight.ndim + 1 and mask.shape[-1] == 1:
                    mask = mask[..., 0]
                mask = mask * weight if mask.ndim >= weight.ndim else weight * mask
            sample_weight = mask
        super().update_state(values, sample_weight)


# ---- accuracy functions (NumPy: metrics are never differentiated) ----------------------------------

def _squeeze_pair(y_true, y_pred):
    if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    if y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
        y_pred = y_pred[..., 0]
    return y_true, y_pred


def accuracy(y_true, y_pred):
    y_true, y_pred = _squeeze_pair(_array(y_true), _array(y_pred))
    return Tensor((y_true == y_pred).astype(np.float32))


def binary_accuracy(y_true, y_pred, threshold=0.5):
    y_true, y_pred = _squeeze_pair(_array(y_true), _array(y_pred))
    hits = (y_true == (y_pred > threshold).astype(y_true.dtype)).astype(np.float32)
    return Tensor(hits.mean(axis=-1, dtype=np.float32))


def categorical_accuracy(y_true, y_pred):
    y_true, y_pred = _array(y_true), _array(y_pred)
    return Tensor((np.argmax(y_true, -1) == np.argmax(y_pred, -1)).astype(np.float32))


def sparse_categorical_accuracy(y_true, y_pred):
    y_true, y_pred = _array(y_true), _array(y_pred)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    return Tensor((np.argmax(y_pred, -1).astype(np.int64) == y_true.astype(np.int64)).astype(np.float32))


class Accuracy(MeanMetricWrapper):
    _direction = "up"   # what callbacks in mode='auto' maximise

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name=name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    _direction = "up"   # what callbacks in mode='auto' maximise

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    _direction = "up"   # what callbacks in mode='auto' maximise

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    _direction = "up"   # what callbacks in mode='auto' maximise

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)


def _loss_values(fn):
    def values(y_true, y_pred, **kwargs):
        return _array(fn(y_true, y_pred, **kwargs))
    values.__name__ = fn.__name__
    return values


class MeanSquaredError(MeanMetricWrapper):
    _direction = "down"

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(_loss_values(_losses.mse), name=name, dtype=dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    _direction = "down"

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(_loss_values(_losses.mae), name=name, dtype=dtype)


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    _direction = "down"

    def __init__(self, name="sparse_categorical_crossentropy", dtype=None, from_logits=False, axis=-1):
        super().__init__(_loss_values(_losses.sparse_categorical_crossentropy), name=name, dtype=dtype,
                         from_logits=from_logits, axis=axis)


class CategoricalCrossentropy(MeanMetricWrapper):
    _direction = "down"

    def __init__(self, name="categorical_crossentropy", dtype=None, from_logits=False,
                 label_smoothing=0, axis=-1):
        super().__init__(_loss_values(_losses.categorical_crossentropy), name=name, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)


class BinaryCrossentropy(MeanMetricWrapper):
    _direction = "down"

    def __init__(self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0):
        super().__init__(_loss_values(_losses.binary_crossentropy), name=name, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing)


_BY_NAME = {
    "binary_accuracy": BinaryAccuracy, "categorical_accuracy": CategoricalAccuracy,
    "sparse_categorical_accuracy": SparseCategoricalAccuracy,
    "mse": MeanSquaredError, "mean_squared_error": MeanSquaredError,
    "mae": MeanAbsoluteError, "mean_absolute_error": MeanAbsoluteError,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy, "binary_crossentropy": BinaryCrossentropy,
}


def get(identifier, y_true=None, y_pred=None):
    """A metric object. 'accuracy'/'acc' pick binary, sparse or categorical accuracy from the
    shapes of the first batch, as `compile(metrics=['accuracy'])` does."""
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc"):
        if y_pred is None:
            return Accuracy(name=identifier)
        true_shape, pred_shape = np.shape(y_true), np.shape(y_pred)
        if pred_shape[-1:] == (1,):
            return BinaryAccuracy(name=identifier)
        if len(true_shape) < len(pred_shape) or (len(true_shape) == len(pred_shape)
                                                 and true_shape[-1:] == (1,)):
            return SparseCategoricalAccuracy(name=identifier)
        return CategoricalAccuracy(name=identifier)
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Could not interpret metric identifier: {identifier}")
        return _BY_NAME[identifier](name=identifier)   # Keras names it as it was asked for
    if isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier()
    if callable(identifier):
        return MeanMetricWrapper(lambda t, p: _array(identifier(t, p)),
                                 name=getattr(identifier, "__name__", None))
    raise ValueError(f"Could not interpret metric identifier: {identifier}")


# the rest of Keras 3's metrics live in metrics_more (imported last: it builds on this module)
from tapeviz.keras.metrics_more import *  # noqa: E402,F401,F403
from tapeviz.keras.metrics_more import BY_NAME as _MORE  # noqa: E402

_BY_NAME.update(_MORE)

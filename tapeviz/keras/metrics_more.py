"""The rest of Keras 3's metrics used with `compile(metrics=...)`, on NumPy float32 state as
tapeviz's other metrics: loss-based means, top-k accuracies, confusion-matrix metrics
(TruePositives..., Precision, Recall, AUC, PrecisionAtRecall...), IoU metrics, F-scores, R2.

Confusion counts follow Keras's `update_confusion_matrix_variables`: `pred > threshold`, labels
cast to bool, and for evenly spaced thresholds (AUC) Keras's bucketed cumulative counts.
"""
import warnings

import numpy as np

from tapeviz.framework.tensor import Tensor
from tapeviz.keras import losses as _losses
from tapeviz.keras.metrics import Mean, MeanMetricWrapper, Metric, _array, _loss_values

_EPS = np.float32(1e-7)
NEG_INF = np.float32(-1e10)


def _f32(x):
    return _array(x).astype(np.float32)


def _divide_no_nan(a, b):
    a, b = np.asarray(a, np.float32), np.asarray(b, np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b == 0, np.float32(0), a / np.where(b == 0, np.float32(1), b)).astype(np.float32)


def _same_rank(a, b, expand_rank_1=True):
    """Keras's squeeze_or_expand_to_same_rank on NumPy arrays."""
    if a.ndim == b.ndim + 1 and a.shape[-1] == 1:
        if b.ndim == 1 and expand_rank_1:
            b = b[..., None]
        else:
            a = a[..., 0]
    elif b.ndim == a.ndim + 1 and b.shape[-1] == 1:
        if a.ndim == 1 and expand_rank_1:
            a = a[..., None]
        else:
            b = b[..., 0]
    return a, b


# ---- means of per-sample functions -------------------------------------------------------------
def _normalize(x, axis):
    with np.errstate(divide="ignore"):
        inv = 1.0 / np.sqrt(np.sum(np.square(x), axis=axis, keepdims=True, dtype=np.float32))
    return x * np.minimum(inv, np.float32(1.0) / _EPS)


def cosine_similarity(y_true, y_pred, axis=-1):
    y_true, y_pred = _same_rank(_f32(y_true), _f32(y_pred))
    return np.sum(_normalize(y_true, axis) * _normalize(y_pred, axis), axis=axis, dtype=np.float32)


def _in_top_k(targets, predictions, k):
    """tf.math.in_top_k: the target's score has fewer than k strictly greater scores (ties in)."""
    predictions = np.asarray(predictions, np.float32).reshape(-1, predictions.shape[-1])
    targets = np.asarray(targets).reshape(-1).astype(np.int64)
    target_scores = predictions[np.arange(len(targets)), targets]
    greater = (predictions > target_scores[:, None]).sum(axis=1)
    return (greater < k) & np.isfinite(target_scores)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    y_true, y_pred = _f32(y_true), _f32(y_pred)
    shape = y_pred.shape[:-1]
    return _in_top_k(np.argmax(y_true, -1), y_pred, k).astype(np.float32).reshape(shape)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    y_true, y_pred = _array(y_true), _array(y_pred)
    if from_sorted_ids:
        hits = (y_pred[..., :k] == y_true.reshape(y_true.shape[:y_pred.ndim - 1] + (1,))).any(-1)
        return hits.astype(np.float32)
    if y_true.ndim == y_pred.ndim:
        y_true = y_true[..., 0]
    return _in_top_k(y_true, y_pred, k).astype(np.float32).reshape(y_pred.shape[:-1])


def pearson_correlation(y_true, y_pred, axis=-1):
    y_true, y_pred = _same_rank(_f32(y_true), _f32(y_pred))
    t = y_true - y_true.mean(axis=axis, keepdims=True, dtype=np.float32)
    p = y_pred - y_pred.mean(axis=axis, keepdims=True, dtype=np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = t / t.std(axis=axis, keepdims=True, dtype=np.float32)
        p = p / p.std(axis=axis, keepdims=True, dtype=np.float32)
    return (t * p).mean(axis=axis, dtype=np.float32)


def concordance_correlation(y_true, y_pred, axis=-1):
    y_true, y_pred = _same_rank(_f32(y_true), _f32(y_pred))
    true_mean = y_true.mean(axis=axis, keepdims=True, dtype=np.float32)
    pred_mean = y_pred.mean(axis=axis, keepdims=True, dtype=np.float32)
    true_var = (y_true - true_mean).var(axis=axis, keepdims=True, dtype=np.float32)
    pred_var = (y_pred - pred_mean).var(axis=axis, keepdims=True, dtype=np.float32)
    covar = (y_true - pred_mean) * (y_pred - pred_mean)     # sic: Keras centres y_true on y_pred's mean
    norm = true_var + pred_var + np.square(true_mean - pred_mean)
    return (2 * covar / (norm + _EPS)).mean(axis=axis, dtype=np.float32)


class _Mean(MeanMetricWrapper):
    """A MeanMetricWrapper declared by (function, default name, direction, keyword defaults)."""

    fn = None
    default_name = None
    _direction = "down"
    defaults = {}

    def __init__(self, name=None, dtype=None, **kwargs):
        options = {**self.defaults, **kwargs}
        unknown = set(kwargs) - set(self.defaults)
        if unknown:
            raise TypeError(f"{type(self).__name__}.__init__() got an unexpected keyword argument "
                            f"'{sorted(unknown)[0]}'")
        fn = type(self).fn
        super().__init__(fn if getattr(fn, "_numpy", False) else _loss_values(fn),
                         name=name or self.default_name, dtype=dtype, **options)
        for key, value in options.items():
            setattr(self, key, value)


def _numpy_fn(fn):
    fn._numpy = True
    return fn


def _mean_metric(cls_name, fn, name, direction="down", **defaults):
    return type(cls_name, (_Mean,), {"fn": staticmethod(fn), "default_name": name,
                                     "_direction": direction, "defaults": defaults,
                                     "__doc__": f"The running mean of `{getattr(fn, '__name__', name)}`."})


MeanAbsolutePercentageError = _mean_metric("MeanAbsolutePercentageError", _losses.mean_absolute_percentage_error,
                                           "mean_absolute_percentage_error")
MeanSquaredLogarithmicError = _mean_metric("MeanSquaredLogarithmicError", _losses.mean_squared_logarithmic_error,
                                           "mean_squared_logarithmic_error")
LogCoshError = _mean_metric("LogCoshError", _losses.log_cosh, "logcosh")
Poisson = _mean_metric("Poisson", _losses.poisson, "poisson")
KLDivergence = _mean_metric("KLDivergence", _losses.kl_divergence, "kl_divergence")
Hinge = _mean_metric("Hinge", _losses.hinge, "hinge")
SquaredHinge = _mean_metric("SquaredHinge", _losses.squared_hinge, "squared_hinge")
CategoricalHinge = _mean_metric("CategoricalHinge", _losses.categorical_hinge, "categorical_hinge")
CosineSimilarity = _mean_metric("CosineSimilarity", _numpy_fn(cosine_similarity), "cosine_similarity",
                                "up", axis=-1)
TopKCategoricalAccuracy = _mean_metric("TopKCategoricalAccuracy", _numpy_fn(top_k_categorical_accuracy),
                                       "top_k_categorical_accuracy", "up", k=5)
SparseTopKCategoricalAccuracy = _mean_metric(
    "SparseTopKCategoricalAccuracy", _numpy_fn(sparse_top_k_categorical_accuracy),
    "sparse_top_k_categorical_accuracy", "up", k=5, from_sorted_ids=False)


PearsonCorrelation = _mean_metric("PearsonCorrelation", _numpy_fn(pearson_correlation),
                                  "pearson_correlation", "up", axis=-1)
ConcordanceCorrelation = _mean_metric("ConcordanceCorrelation", _numpy_fn(concordance_correlation),
                                      "concordance_correlation", "up", axis=-1)


class RootMeanSquaredError(Mean):
    """sqrt of the (weighted) mean of squared errors over everything seen."""

    _direction = "down"

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = _same_rank(_f32(y_true), _f32(y_pred))
        super().update_state(np.square(y_pred - y_true), sample_weight)

    def result(self):
        return Tensor(np.sqrt(np.float32(self.total / self.count) if self.count else np.float32(0)))


# ---- confusion-matrix metrics -----------------------------------------------------------------
def _filter_top_k(x, k):
    order = np.argsort(-x, axis=-1, kind="stable")[..., :k]
    mask = np.zeros_like(x)
    np.put_along_axis(mask, order, 1.0, axis=-1)
    return x * mask + NEG_INF * (1 - mask)


def _evenly_distributed(thresholds):
    n = len(thresholds)
    if n < 3:
        return False
    return np.allclose(thresholds, np.arange(n, dtype=np.float32) / (n - 1), atol=1e-7)


def confusion_counts(y_true, y_pred, thresholds, top_k=None, class_id=None, sample_weight=None,
                     evenly=False, with_epsilon=False, multi_label=False, label_weights=None):
    """(tp, fp, tn, fn) arrays over `thresholds` for one batch, as Keras counts them; with
    `multi_label`, arrays of shape (thresholds, labels), one column per label."""
    y_true, y_pred = _f32(y_true), _f32(y_pred)
    y_pred, y_true = _same_rank(y_pred, y_true)
    weight = None
    if sample_weight is not None:
        weight = _f32(sample_weight)[..., None]
        _, weight = _same_rank(y_true, weight, expand_rank_1=False)
    if top_k is not None:
        y_pred = _filter_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim == 1:
            raise ValueError("When class_id is provided, y_pred must be a 2D array with shape "
                             f"(num_samples, num_classes), found shape: {y_pred.shape}")
        y_true, y_pred = y_true[..., class_id, None], y_pred[..., class_id, None]
    weights = np.ones_like(y_pred) if weight is None else np.broadcast_to(weight, y_pred.shape)
    if label_weights is not None and not multi_label:
        weights = weights * np.broadcast_to(_f32(label_weights), y_pred.shape)
    thresholds = np.asarray(thresholds, np.float32)
    if multi_label:
        columns = [_counts(y_true[:, j] != 0, y_pred[:, j], weights[:, j].astype(np.float32),
                           thresholds, evenly, with_epsilon) for j in range(y_pred.shape[1])]
        return tuple(np.stack([c[k] for c in columns], axis=1) for k in range(4))
    return _counts((y_true != 0).reshape(-1), y_pred.reshape(-1),
                   weights.reshape(-1).astype(np.float32), thresholds, evenly, with_epsilon)


def _counts(labels, preds, weights, thresholds, evenly, with_epsilon):
    n = len(thresholds)
    if evenly:      # Keras's bucketed path (same counts, its own rounding at the edges)
        preds = np.clip(preds, 0.0, 1.0)
        buckets = np.ceil(preds * np.float32(n - 1)) - 1
        if with_epsilon:
            buckets = np.maximum(buckets, 0)
        buckets = buckets.astype(np.int64)
        keep = buckets >= 0
        tp_b = np.bincount(buckets[keep], (labels * weights)[keep], minlength=n)[:n]
        fp_b = np.bincount(buckets[keep], ((~labels) * weights)[keep], minlength=n)[:n]
        tp = np.cumsum(tp_b[::-1])[::-1].astype(np.float32)
        fp = np.cumsum(fp_b[::-1])[::-1].astype(np.float32)
        fn = np.float32((labels * weights).sum()) - tp
        tn = np.float32(((~labels) * weights).sum()) - fp
        return tp, fp, tn, fn
    positive = preds[None, :] > thresholds[:, None]
    w = weights[None, :]
    tp = (w * (positive & labels)).sum(axis=1, dtype=np.float32)
    fp = (w * (positive & ~labels)).sum(axis=1, dtype=np.float32)
    tn = (w * (~positive & ~labels)).sum(axis=1, dtype=np.float32)
    fn = (w * (~positive & labels)).sum(axis=1, dtype=np.float32)
    return tp, fp, tn, fn


def _parse_thresholds(thresholds, default):
    if thresholds is None:
        return [default]
    return list(thresholds) if isinstance(thresholds, (list, tuple, np.ndarray)) else [thresholds]


class _Confusion(Metric):
    """Accumulates tp/fp/tn/fn over `self.thresholds`."""

    _direction = "up"
    top_k = class_id = label_weights = None
    _evenly = _with_epsilon = multi_label = False

    def reset_state(self):
        n = len(getattr(self, "thresholds", [0.5]))
        self.true_positives = np.zeros(n, np.float32)
        self.false_positives = np.zeros(n, np.float32)
        self.true_negatives = np.zeros(n, np.float32)
        self.false_negatives = np.zeros(n, np.float32)

    def update_state(self, y_true, y_pred, sample_weight=None):
        tp, fp, tn, fn = confusion_counts(y_true, y_pred, self.thresholds, self.top_k,
                                          self.class_id, sample_weight, self._evenly,
                                          self._with_epsilon, self.multi_label,
                                          None if self.multi_label else self.label_weights)
        self.true_positives = self.true_positives + tp
        self.false_positives = self.false_positives + fp
        self.true_negatives = self.true_negatives + tn
        self.false_negatives = self.false_negatives + fn

    def _scalar_or_list(self, values):
        values = np.asarray(values, np.float32)
        return Tensor(values[0] if len(self.thresholds) == 1 else values)


def _count_metric(cls_name, attribute, name):
    def __init__(self, thresholds=None, name=None, dtype=None):
        self.init_thresholds = thresholds
        self.thresholds = _parse_thresholds(thresholds, 0.5)
        self._evenly = _evenly_distributed(self.thresholds)
        Metric.__init__(self, name=name, dtype=dtype)

    def result(self):
        return self._scalar_or_list(getattr(self, attribute))

    return type(cls_name, (_Confusion,), {"__init__": __init__, "result": result,
                                          "_direction": "up" if "true" in name else "down",
                                          "__doc__": f"The (weighted) count of {name.replace('_', ' ')}."})


TruePositives = _count_metric("TruePositives", "true_positives", "true_positives")
FalsePositives = _count_metric("FalsePositives", "false_positives", "false_positives")
TrueNegatives = _count_metric("TrueNegatives", "true_negatives", "true_negatives")
FalseNegatives = _count_metric("FalseNegatives", "false_negatives", "false_negatives")


class Precision(_Confusion):
    """tp / (tp + fp) at each threshold (0.5 by default), of the `top_k` / `class_id` if set."""

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        self.init_thresholds, self.top_k, self.class_id = thresholds, top_k, class_id
        self.thresholds = _parse_thresholds(thresholds, 0.5 if top_k is None else float(NEG_INF))
        self._evenly = _evenly_distributed(self.thresholds)
        super().__init__(name=name, dtype=dtype)

    def result(self):
        return self._scalar_or_list(_divide_no_nan(self.true_positives,
                                                   self.true_positives + self.false_positives))


class Recall(Precision):
    """tp / (tp + fn) at each threshold."""

    def result(self):
        return self._scalar_or_list(_divide_no_nan(self.true_positives,
                                                   self.true_positives + self.false_negatives))


class _AtConstraint(_Confusion):
    """Keras's SensitivitySpecificityBase: the best `dependent` where `constrained >= value`."""

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        if num_thresholds <= 0:
            raise ValueError("Argument `num_thresholds` must be an integer > 0. Received: "
                             f"num_thresholds={num_thresholds}")
        self.value, self.class_id, self.num_thresholds = value, class_id, num_thresholds
        if num_thresholds == 1:
            self.thresholds, self._evenly = [0.5], False
        else:
            self.thresholds = [0.0] + [(i + 1) * 1.0 / (num_thresholds - 1)
                                       for i in range(num_thresholds - 2)] + [1.0]
            self._evenly = True
        super().__init__(name=name, dtype=dtype)

    def _rates(self):
        tp, fp, tn, fn = self.true_positives, self.false_positives, self.true_negatives, self.false_negatives
        return {"recall": _divide_no_nan(tp, tp + fn), "precision": _divide_no_nan(tp, tp + fp),
                "specificity": _divide_no_nan(tn, tn + fp)}

    def result(self):
        rates = self._rates()
        feasible = rates[self.constrained] >= np.float32(self.value)
        return Tensor(np.float32(max(0.0, np.where(feasible, rates[self.dependent], 0).max(initial=0))))


def _at_metric(cls_name, constrained, dependent, value_name):
    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        if not 0 <= value <= 1:
            raise ValueError(f"Argument `{value_name}` must be in the range [0, 1]. Received: "
                             f"{value_name}={value}")
        setattr(self, value_name, value)
        _AtConstraint.__init__(self, value, num_thresholds, class_id, name, dtype)
    return type(cls_name, (_AtConstraint,), {"__init__": __init__, "constrained": constrained,
                                             "dependent": dependent,
                                             "__doc__": f"The best {dependent} where {constrained} "
                                                        f">= `{value_name}`."})


PrecisionAtRecall = _at_metric("PrecisionAtRecall", "recall", "precision", "recall")
RecallAtPrecision = _at_metric("RecallAtPrecision", "precision", "recall", "precision")
SensitivityAtSpecificity = _at_metric("SensitivityAtSpecificity", "specificity", "recall", "specificity")
SpecificityAtSensitivity = _at_metric("SpecificityAtSensitivity", "recall", "specificity", "sensitivity")


class AUC(_Confusion):
    """Area under the ROC or PR curve by a Riemann sum over `num_thresholds` thresholds (PR with
    Keras's interpolation by default); `from_logits` applies a sigmoid first."""

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation", name=None,
                 dtype=None, thresholds=None, multi_label=False, num_labels=None, label_weights=None,
                 from_logits=False):
        curve = curve.upper() if isinstance(curve, str) else curve
        if curve not in ("ROC", "PR"):
            raise ValueError(f'Invalid AUCCurve value: "{curve}". Expected values are ["PR", "ROC"]')
        summation = summation_method.lower() if isinstance(summation_method, str) else summation_method
        if summation not in ("interpolation", "majoring", "minoring"):
            raise ValueError(f'Invalid AUCSummationMethod value: "{summation_method}". Expected values '
                             'are ["interpolation", "majoring", "minoring"]')
        if num_labels and not multi_label:
            raise ValueError("`num_labels` is needed only when `multi_label` is True.")
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            thresholds = sorted(thresholds)
            self._evenly = _evenly_distributed(np.array([0.0] + thresholds + [1.0]))
        else:
            if num_thresholds <= 1:
                raise ValueError("Argument `num_thresholds` must be an integer > 1. Received: "
                                 f"num_thresholds={num_thresholds}")
            self.num_thresholds = num_thresholds
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self._evenly = True
        self.thresholds = [0.0 - 1e-7] + thresholds + [1.0 + 1e-7]
        self._with_epsilon = True
        self.curve, self.summation_method = curve, summation
        self.multi_label, self.num_labels = multi_label, num_labels
        self.label_weights = None if label_weights is None else np.asarray(label_weights, np.float32)
        self._from_logits = from_logits
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        if self._from_logits:
            y_pred = 1.0 / (1.0 + np.exp(-_f32(y_pred)))
        if self.multi_label and self.true_positives.ndim == 1:      # built on the first batch
            if _f32(y_pred).ndim != 2:
                raise ValueError("`y_pred` must have rank 2 when `multi_label=True`. Found rank "
                                 f"{_f32(y_pred).ndim}. Full shape received for `y_pred`: "
                                 f"{_f32(y_pred).shape}")
            shape = (len(self.thresholds), _f32(y_pred).shape[1])
            self.true_positives, self.false_positives, self.true_negatives, self.false_negatives = (
                np.zeros(shape, np.float32) for _ in range(4))
        super().update_state(y_true, y_pred, sample_weight)

    def _by_label(self, per_threshold):
        """Sum over thresholds; multi-label: the mean (or `label_weights` average) over labels."""
        if not self.multi_label:
            return np.float32(per_threshold.sum(dtype=np.float32))
        by_label = per_threshold.sum(axis=0, dtype=np.float32)
        if self.label_weights is None:
            return np.float32(by_label.mean(dtype=np.float32))
        return np.float32(_divide_no_nan((by_label * self.label_weights).sum(), self.label_weights.sum()))

    def _interpolate_pr_auc(self):
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = _divide_no_nan(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where((p[:-1] > 0) & (p[1:] > 0), _divide_no_nan(p[:-1], np.maximum(p[1:], 0)),
                             np.float32(1))
            increment = _divide_no_nan(slope * (dtp + intercept * np.log(ratio)),
                                       np.maximum(tp[1:] + fn[1:], 0))
        return self._by_label(increment)

    def result(self):
        if self.curve == "PR" and self.summation_method == "interpolation":
            return Tensor(self._interpolate_pr_auc())
        tp, fp, tn, fn = self.true_positives, self.false_positives, self.true_negatives, self.false_negatives
        recall = _divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = _divide_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, _divide_no_nan(tp, tp + fp)
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / np.float32(2)
        elif self.summation_method == "minoring":
            heights = np.minimum(y[:-1], y[1:])
        else:
            heights = np.maximum(y[:-1], y[1:])
        return Tensor(self._by_label((x[:-1] - x[1:]) * heights))


# ---- IoU ---------------------------------------------------------------------------------------
class IoU(Metric):
    """Intersection over union of the `target_class_ids`, from a running confusion matrix."""

    _direction = "up"

    def __init__(self, num_classes, target_class_ids, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1):
        self.num_classes, self.ignore_class = num_classes, ignore_class
        self.sparse_y_true, self.sparse_y_pred, self.axis = sparse_y_true, sparse_y_pred, axis
        if max(target_class_ids) >= num_classes:
            raise ValueError(f"Target class id {max(target_class_ids)} is out of range, which is "
                             f"[0, {num_classes}).")
        self.target_class_ids = list(target_class_ids)
        super().__init__(name=name, dtype=dtype)

    def reset_state(self):
        self.total_cm = np.zeros((self.num_classes, self.num_classes), np.int64)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = _array(y_true), _array(y_pred)
        if not self.sparse_y_true:
            y_true = np.argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = np.argmax(y_pred, axis=self.axis)
        y_true, y_pred = y_true.astype(np.int64).reshape(-1), y_pred.astype(np.int64).reshape(-1)
        if sample_weight is None:
            weights = np.ones_like(y_true)
        else:
            sample_weight = _array(sample_weight)
            if sample_weight.dtype.kind == "f":
                warnings.warn("You are passing weight as `float`, but dtype is `int`. This may result "
                              "in an incorrect weight due to type casting Consider using integer weights.")
            weights = np.broadcast_to(sample_weight.astype(np.int64).reshape(-1)
                                      if sample_weight.ndim > 1 else sample_weight.astype(np.int64),
                                      y_true.shape)
        n = self.num_classes
        valid = (y_true >= 0) & (y_true < n) & (y_pred >= 0) & (y_pred < n)
        if self.ignore_class is not None:
            valid &= y_true != self.ignore_class
        np.add.at(self.total_cm, (np.where(valid, y_true, 0), np.where(valid, y_pred, 0)),
                  np.where(valid, weights, 0))

    def result(self):
        cm = self.total_cm.astype(np.float32)
        tp = np.diag(cm)
        denominator = cm.sum(axis=0) + cm.sum(axis=1) - tp
        ids = self.target_class_ids
        tp, denominator = tp[ids], denominator[ids]
        valid = denominator > 1e-9
        iou = np.where(valid, tp / (denominator + _EPS), np.float32(0))
        return Tensor(np.float32(iou.sum(dtype=np.float32) / (np.float32(valid.sum()) + _EPS)))

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "num_classes": self.num_classes,
                "target_class_ids": self.target_class_ids, "ignore_class": self.ignore_class,
                "sparse_y_true": self.sparse_y_true, "sparse_y_pred": self.sparse_y_pred,
                "axis": self.axis}


class MeanIoU(IoU):
    """The mean IoU over all `num_classes` classes."""

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_true=True,
                 sparse_y_pred=True, axis=-1):
        super().__init__(num_classes, list(range(num_classes)), name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=sparse_y_true,
                         sparse_y_pred=sparse_y_pred, axis=axis)


class BinaryIoU(IoU):
    """IoU of binary labels against `y_pred >= threshold`."""

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(2, target_class_ids, name=name, dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None):
        predicted = (_f32(y_pred) >= np.float32(self.threshold)).astype(np.int64)
        super().update_state(_array(y_true).astype(np.int64), predicted, sample_weight)


class OneHotIoU(IoU):
    def __init__(self, num_classes, target_class_ids, name=None, dtype=None, ignore_class=None,
                 sparse_y_pred=False, axis=-1):
        super().__init__(num_classes, target_class_ids, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=False, sparse_y_pred=sparse_y_pred, axis=axis)


class OneHotMeanIoU(MeanIoU):
    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_pred=False, axis=-1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=False, sparse_y_pred=sparse_y_pred, axis=axis)


# ---- F-scores and R2 ---------------------------------------------------------------------------
class FBetaScore(Metric):
    """F-beta from running tp/fp/fn per class; `threshold=None` takes each row's top score."""

    _direction = "up"

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError("Invalid `average` argument value. Expected one of: {None, 'micro', "
                             f"'macro', 'weighted'}}. Received: average={average}")
        if not isinstance(beta, float):
            raise ValueError("Invalid `beta` argument value. It should be a Python float. Received: "
                             f"beta={beta} of type '{type(beta)}'")
        if beta <= 0.0:
            raise ValueError(f"Invalid `beta` argument value. It should be > 0. Received: beta={beta}")
        if threshold is not None:
            if not isinstance(threshold, float):
                raise ValueError("Invalid `threshold` argument value. It should be a Python float. "
                                 f"Received: threshold={threshold} of type '{type(threshold)}'")
            if threshold > 1.0 or threshold <= 0.0:
                raise ValueError("Invalid `threshold` argument value. It should verify 0 < threshold "
                                 f"<= 1. Received: threshold={threshold}")
        self.average, self.beta, self.threshold = average, beta, threshold
        self.axis = None if average == "micro" else 0
        super().__init__(name=name, dtype=dtype)

    def reset_state(self):
        self.true_positives = self.false_positives = self.false_negatives = None
        self.intermediate_weights = None

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = _f32(y_true), _f32(y_pred)
        if y_pred.ndim != 2 or y_true.ndim != 2:
            raise ValueError("FBetaScore expects 2D inputs with shape (batch_size, output_dim). "
                             f"Received input shapes: y_pred.shape={y_pred.shape} and "
                             f"y_true.shape={y_true.shape}.")
        if self.threshold is None:
            y_pred = (y_pred >= y_pred.max(axis=-1, keepdims=True)) & (np.abs(y_pred) > 1e-9)
        else:
            y_pred = y_pred > self.threshold
        y_pred = y_pred.astype(np.float32)
        weight = None if sample_weight is None else _f32(sample_weight)[:, None]

        def total(v):
            return (v if weight is None else v * weight).sum(axis=self.axis, dtype=np.float32)
        parts = [total(y_pred * y_true), total(y_pred * (1 - y_true)), total((1 - y_pred) * y_true),
                 total(y_true)]
        if self.true_positives is None:
            self.true_positives, self.false_positives, self.false_negatives, self.intermediate_weights = parts
        else:
            self.true_positives = self.true_positives + parts[0]
            self.false_positives = self.false_positives + parts[1]
            self.false_negatives = self.false_negatives + parts[2]
            self.intermediate_weights = self.intermediate_weights + parts[3]

    def result(self):
        if self.true_positives is None:
            return Tensor(np.float32(0))
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        precision = tp / (tp + fp + _EPS)
        recall = tp / (tp + fn + _EPS)
        beta2 = np.float32(self.beta ** 2)
        f = precision * recall / (beta2 * precision + recall + _EPS) * (1 + beta2)
        if self.average == "weighted":
            weights = self.intermediate_weights / (self.intermediate_weights.sum() + _EPS)
            f = (f * weights).sum(dtype=np.float32)
        elif self.average is not None:
            f = f.mean(dtype=np.float32)
        return Tensor(np.asarray(f, np.float32))

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "average": self.average, "beta": self.beta,
                "threshold": self.threshold}


class F1Score(FBetaScore):
    """F1: the harmonic mean of precision and recall (FBetaScore with beta 1)."""

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)


class R2Score(Metric):
    """The coefficient of determination of (batch, outputs) predictions."""

    _direction = "up"

    def __init__(self, class_aggregation="uniform_average", num_regressors=0, name="r2_score", dtype=None):
        if class_aggregation not in (None, "uniform_average", "variance_weighted_average"):
            raise ValueError("Invalid value for argument `class_aggregation`. Expected one of "
                             "(None, 'uniform_average', 'variance_weighted_average'). Received: "
                             f"class_aggregation={class_aggregation}")
        if num_regressors < 0:
            raise ValueError("Invalid value for argument `num_regressors`. Expected a value >= 0. "
                             f"Received: num_regressors={num_regressors}")
        self.class_aggregation, self.num_regressors = class_aggregation, num_regressors
        super().__init__(name=name, dtype=dtype)

    def reset_state(self):
        self.sum = self.squared_sum = self.total_mse = self.count = None
        self.num_samples = 0

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = _same_rank(_f32(y_true), _f32(y_pred))
        if y_pred.ndim != 2 or y_true.ndim != 2:
            raise ValueError("R2Score expects 2D inputs with shape (batch_size, output_dim). Received "
                             f"input shapes: y_pred.shape={y_pred.shape} and y_true.shape={y_true.shape}.")
        weight = np.float32(1) if sample_weight is None else _f32(sample_weight)
        if np.ndim(weight) == 1:
            weight = weight[:, None]
        weight = np.broadcast_to(weight, y_true.shape).astype(np.float32)
        weighted = y_true * weight
        parts = [weighted.sum(axis=0), (y_true * weighted).sum(axis=0),
                 ((y_true - y_pred) ** 2 * weight).sum(axis=0), weight.sum(axis=0)]
        if self.sum is None:
            self.sum, self.squared_sum, self.total_mse, self.count = parts
        else:
            self.sum, self.squared_sum, self.total_mse, self.count = (
                a + b for a, b in zip((self.sum, self.squared_sum, self.total_mse, self.count), parts))
        self.num_samples += y_true.size

    def result(self):
        if self.sum is None:
            return Tensor(np.float32(0))
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = self.sum / self.count
            total = self.squared_sum - self.sum * mean
            raw = 1 - self.total_mse / total
        raw = np.where(np.isinf(raw), np.float32(0), raw).astype(np.float32)
        if self.class_aggregation == "uniform_average":
            score = raw.mean(dtype=np.float32)
        elif self.class_aggregation == "variance_weighted_average":
            score = (total * raw).sum(dtype=np.float32) / total.sum(dtype=np.float32)
        else:
            score = raw
        n, p = self.num_samples, self.num_regressors
        if p != 0:
            if p > n - 1:
                warnings.warn("More independent predictors than datapoints in adjusted R2 score. "
                              "Falling back to standard R2 score.", stacklevel=2)
            elif p == n - 1:
                warnings.warn("Division by zero in Adjusted R2 score. Falling back to standard R2 "
                              "score.", stacklevel=2)
            else:
                score = 1.0 - (1.0 - score) * (np.float32(n) - 1.0) / (np.float32(n) - np.float32(p) - 1.0)
        return Tensor(np.asarray(score, np.float32))


top_k_categorical_accuracy.__name__ = "top_k_categorical_accuracy"

CLASSES = [MeanAbsolutePercentageError, MeanSquaredLogarithmicError, LogCoshError, Poisson,
           KLDivergence, Hinge, SquaredHinge, CategoricalHinge, CosineSimilarity,
           TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, RootMeanSquaredError,
           TruePositives, FalsePositives, TrueNegatives, FalseNegatives, Precision, Recall,
           PrecisionAtRecall, RecallAtPrecision, SensitivityAtSpecificity, SpecificityAtSensitivity,
           AUC, IoU, MeanIoU, BinaryIoU, OneHotIoU, OneHotMeanIoU, FBetaScore, F1Score, R2Score,
           PearsonCorrelation, ConcordanceCorrelation]
# the strings `keras.metrics.get` accepts ('logcosh', 'kld' are not among them), then class names
BY_NAME = {
    "mape": MeanAbsolutePercentageError, "mean_absolute_percentage_error": MeanAbsolutePercentageError,
    "msle": MeanSquaredLogarithmicError, "mean_squared_logarithmic_error": MeanSquaredLogarithmicError,
    "poisson": Poisson, "kl_divergence": KLDivergence, "hinge": Hinge, "squared_hinge": SquaredHinge,
    "categorical_hinge": CategoricalHinge, "cosine_similarity": CosineSimilarity,
    "top_k_categorical_accuracy": TopKCategoricalAccuracy,
    "sparse_top_k_categorical_accuracy": SparseTopKCategoricalAccuracy,
    "auc": AUC, "precision": Precision, "recall": Recall,
}
BY_NAME.update({cls.__name__: cls for cls in CLASSES})
__all__ = [cls.__name__ for cls in CLASSES] + ["cosine_similarity", "top_k_categorical_accuracy",
                                               "sparse_top_k_categorical_accuracy",
                                               "pearson_correlation", "concordance_correlation"]

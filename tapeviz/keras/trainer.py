"""compile / fit / evaluate / predict: Keras 3's training loop on a GradientTape.

Each training step is exactly the loop a learner would write by hand (forward under a tape,
loss, `tape.gradient`, `optimizer.apply_gradients`), so a live tape view sees the same ops.
Batches are NumPy slices; `shuffle=True` orders each epoch as Keras 3 does on TensorFlow.
"""
import math
import warnings

import numpy as np

import tapeviz as tf
from tapeviz.framework import nest
from tapeviz.framework.tensor import Tensor
from tapeviz.keras import callbacks as callbacks_module
from tapeviz.keras import data_adapter
from tapeviz.keras import losses as losses_module
from tapeviz.keras import metrics as metrics_module
from tapeviz.keras import optimizers as optimizers_module
from tapeviz.ops import random_samplers
from tapeviz.ops.random_seed import get_seed, global_seed, new_kernel_stream


def epoch_order(n):
    """The sample order of one epoch of `fit(shuffle=True)` on arrays, as Keras 3 on TF draws it.

    Keras shuffles indices with `tf.random.shuffle` inside a `tf.data` map function. There the
    op seed is 0 (the traced graph's first unseeded random op), and every epoch's new iterator
    builds a new kernel: with a global seed every epoch has the same order; without one, each
    epoch has a fresh random order.
    """
    seeds = get_seed(0) if global_seed() is not None else (None, None)
    if n <= 1:
        return np.arange(n)
    return random_samplers.shuffle_permutation(*new_kernel_stream(seeds), n)


def _numpy(value):
    if value is None:
        return None
    if isinstance(value, dict):
        return {k: _numpy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and value and all(
            isinstance(v, (np.ndarray, Tensor)) or getattr(v, "_is_variable", False) for v in value):
        return [_numpy(v) for v in value]
    if getattr(value, "_is_variable", False):
        value = value.read_value()
    if isinstance(value, Tensor):
        return np.asarray(value._value)
    if isinstance(value, tf.SparseTensor):   # sparse batches stay sparse, as Keras feeds them
        return value
    return np.asarray(value)


def class_weight_to_sample_weights(y, class_weight):
    """Per-sample weights `class_weight[label]` (1.0 for absent labels), labels from integer or
    one-hot `y` (argmax), as Keras's data adapters compute them."""
    if isinstance(y, (list, tuple, dict)):
        raise ValueError("`class_weight` is only supported for Models with a single output.")
    labels = np.asarray(y)
    weights = np.ones((labels.shape[0],), dtype="float32")
    if labels.ndim > 1:
        labels = np.argmax(labels, axis=-1) if labels.shape[-1] != 1 else np.squeeze(labels, -1)
    labels = np.round(labels).astype("int32")
    for i, label in enumerate(labels):
        weights[i] = class_weight.get(int(label), 1.0)
    return weights


def _length(x):
    first = nest.flatten(x)[0]
    return first.shape[0] if isinstance(first, tf.SparseTensor) else len(first)


def _rows(a, index):
    """Rows `index` (a slice) of an array, or of a SparseTensor's first dimension."""
    if not isinstance(a, tf.SparseTensor):
        return a[index]
    start, stop, _ = index.indices(a.shape[0])
    return tf.sparse.slice(a, [start] + [0] * (a.shape.rank - 1), [stop - start] + a.shape.as_list()[1:])


def _take(x, index):
    if x is None:
        return None
    return nest.map_structure(lambda a: _rows(a, index), x)


class Trainer:
    def __init__(self):
        self.optimizer = None
        self.loss = None
        self.compiled = False
        self.stop_training = False
        self._initial_epoch = None      # set by BackupAndRestore to resume a fit
        self.history = None
        self._loss_fn = None
        self._metric_specs = []
        self._compile_metrics = None
        self._loss_tracker = None

    # ---- compile -------------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1, jit_compile="auto",
                auto_scale_loss=True):
        """Sets the optimizer, the loss and the metrics ('accuracy', 'mae', Metric objects)."""
        if loss_weights is not None or weighted_metrics is not None:
            raise NotImplementedError("tapeviz.keras: loss_weights and weighted_metrics are not supported")
        self.optimizer = optimizers_module.get(optimizer)
        self.loss = loss
        fn = losses_module.get(loss)
        if fn is not None and not isinstance(fn, losses_module.Loss):
            fn = losses_module.LossFunctionWrapper(fn, name=getattr(fn, "__name__", None))
        self._loss_fn = fn
        self._metric_specs = list(metrics) if isinstance(metrics, (list, tuple)) else \
            ([] if metrics is None else [metrics])
        self._compile_metrics = None
        self._loss_tracker = metrics_module.Mean(name="loss")
        self.compiled = True

    def _assert_compile_called(self, method):
        if not self.compiled:
            raise ValueError(f"You must call `compile()` before using the model. "
                             f"(called `{method}()`)" if method != "fit" else
                             "You must call `compile()` before using the model.")

    @property
    def metrics(self):
        out = [] if self._loss_tracker is None else [self._loss_tracker]
        return out + list(self._compile_metrics or [])

    @property
    def metrics_names(self):
        return [m.name for m in self.metrics]

    # ---- one step ------------------------------------------------------------------------------
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        if self._loss_fn is None:
            raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
        loss = self._loss_fn(y, y_pred, sample_weight)
        for extra in self.losses:
            loss = loss + tf.cast(extra, loss.dtype)
        return loss

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        if self._compile_metrics is None:
            self._compile_metrics = [metrics_module.get(spec, np.asarray(y), np.asarray(y_pred))
                                     for spec in self._metric_specs]
        for m in self._compile_metrics:      # `metrics=` are unweighted (only weighted_metrics= use weights)
            m.update_state(y, y_pred)
        return self._logs()

    def _logs(self):
        logs = {m.name: float(m.result()) for m in self.metrics}
        return {k: logs[k] for k in sorted(logs)}

    def _reset_metrics(self):
        for m in self.metrics:
            m.reset_state()

    def train_step(self, x, y, sample_weight=None):
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
        self._loss_tracker.update_state(loss, sample_weight=_length(x))
        weights = self.trainable_weights
        if weights:
            grads = tape.gradient(loss, weights)
            self.optimizer.apply_gradients(zip(grads, weights))
        else:
            warnings.warn("The model does not have any trainable weights.")
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, x, y, sample_weight=None):
        y_pred = self(x, training=False)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        self._loss_tracker.update_state(loss, sample_weight=_length(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    # ---- loops ---------------------------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1):
        """Trains for `epochs` passes over (x, y) in batches; returns a `History`."""
        self._assert_compile_called("fit")
        if data_adapter.is_dataset(x):
            if class_weight is not None:
                raise NotImplementedError("tapeviz.keras fit: class_weight with a tf.data.Dataset "
                                          "is not supported")
            return self._fit_dataset(x, epochs, verbose, callbacks, validation_data,
                                     initial_epoch, steps_per_epoch, validation_steps,
                                     validation_freq, shuffle)
        if steps_per_epoch is not None:
            raise NotImplementedError("tapeviz.keras fit: steps_per_epoch needs a tf.data.Dataset")
        if sample_weight is not None and class_weight is not None:
            raise ValueError("You cannot `class_weight` and `sample_weight` at the same time.")
        x, y, sample_weight = _numpy(x), _numpy(y), _numpy(sample_weight)
        if validation_split and validation_data is None:
            n = _length(x)
            split = int(math.floor(n * (1.0 - validation_split)))
            validation_data = (_take(x, slice(split, None)), _take(y, slice(split, None)))
            x, y = _take(x, slice(0, split)), _take(y, slice(0, split))
            sample_weight = _take(sample_weight, slice(0, split))
        if class_weight is not None:
            sample_weight = class_weight_to_sample_weights(y, class_weight)
        n = _length(x)
        batch_size = batch_size or 32
        steps = max(1, math.ceil(n / batch_size))
        verbose_level = 1 if verbose == "auto" else int(verbose)
        history = callbacks_module.History()
        cbs = ([callbacks_module.ProgbarLogger(verbose_level)] if verbose_level else []) + \
            list(callbacks or []) + [history]
        params = {"verbose": verbose, "epochs": epochs, "steps": steps}
        for cb in cbs:
            cb.set_model(self)
            cb.set_params(params)
        self.stop_training = False
        for cb in cbs:
            cb.on_train_begin({})
        epoch_logs = {}
        initial_epoch = getattr(self, "_initial_epoch", None) or initial_epoch   # BackupAndRestore resumes here
        for epoch in range(initial_epoch, epochs):
            self._reset_metrics()
            for cb in cbs:
                cb.on_epoch_begin(epoch, {})
            order = epoch_order(n) if shuffle else np.arange(n)
            logs = {}
            for step in range(steps):
                index = order[step * batch_size:(step + 1) * batch_size]
                for cb in cbs:
                    cb.on_train_batch_begin(step, {})
                logs = self.train_step(_take(x, index), _take(y, index), _take(sample_weight, index))
                for cb in cbs:
                    cb.on_train_batch_end(step, logs)
                if self.stop_training:      # a callback stopped mid-epoch: the epoch still ends
                    break
            epoch_logs = dict(logs)
            if self._end_epoch(epoch, epoch_logs, cbs, validation_data, validation_freq,
                               batch_size=validation_batch_size or batch_size):
                break
        return self._end_training(cbs, epoch_logs, history)

    def _fit_dataset(self, dataset, epochs, verbose, callbacks, validation_data, initial_epoch,
                     steps_per_epoch, validation_steps, validation_freq, shuffle=True):
        """`fit` over a Dataset or PyDataset: batches as yielded, `steps_per_epoch` of them if
        given (a PyDataset's batches in shuffled order when `shuffle`)."""
        batches = data_adapter.EpochIterator(dataset, steps_per_epoch, shuffle=shuffle)
        batches.reset()
        verbose_level = 1 if verbose == "auto" else int(verbose)
        history = callbacks_module.History()
        cbs = ([callbacks_module.ProgbarLogger(verbose_level)] if verbose_level else []) + \
            list(callbacks or []) + [history]
        params = {"verbose": verbose, "epochs": epochs, "steps": batches.num_batches}
        for cb in cbs:
            cb.set_model(self)
            cb.set_params(params)
        self.stop_training = False
        for cb in cbs:
            cb.on_train_begin()
        epoch_logs = {}
        initial_epoch = getattr(self, "_initial_epoch", None) or initial_epoch
        for epoch in range(initial_epoch, epochs):
            self._reset_metrics()
            for cb in cbs:
                cb.on_epoch_begin(epoch)
            logs = {}
            for step, element in batches.epoch():
                for cb in cbs:
                    cb.on_train_batch_begin(step)
                x, y, sw = (_numpy(part) for part in data_adapter.unpack(element))
                logs = self.train_step(x, y, sw)
                for cb in cbs:
                    cb.on_train_batch_end(step, logs)
                if self.stop_training:
                    break
            if batches.exhausted:
                break
            epoch_logs = dict(logs)
            if self._end_epoch(epoch, epoch_logs, cbs, validation_data, validation_freq,
                               steps=validation_steps):
                break
        return self._end_training(cbs, epoch_logs, history)

    def _end_epoch(self, epoch, epoch_logs, cbs, validation_data, validation_freq, batch_size=None,
                   steps=None):
        """Validation (arrays or a Dataset) into `epoch_logs` as `val_*`, the callbacks' epoch end;
        True when a callback stopped training."""
        if validation_data is not None and (epoch + 1) % validation_freq == 0:
            if data_adapter.is_dataset(validation_data):
                # one iterator for the whole fit, as Keras caches its evaluation iterator
                cached = getattr(self, "_eval_batches", None)
                if cached is None or cached[0] is not validation_data:
                    self._eval_batches = (validation_data,
                                          data_adapter.EpochIterator(validation_data, steps))
                val_logs = self._evaluate_dataset(validation_data, steps, 0, self._eval_batches[1])
            else:
                vx, vy, *vsw = validation_data
                val_logs = self.evaluate(vx, vy, sample_weight=vsw[0] if vsw else None,
                                         batch_size=batch_size, verbose=0, return_dict=True)
            epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
        for cb in cbs:
            cb.on_epoch_end(epoch, epoch_logs)
        return self.stop_training

    def _end_training(self, cbs, epoch_logs, history):
        self._eval_batches = None
        for cb in cbs:
            cb.on_train_end(epoch_logs)
        self.history = history
        return history

    def _evaluate_dataset(self, dataset, steps, verbose, batches=None):
        batches = batches or data_adapter.EpochIterator(dataset, steps)
        batches.reset()
        bar = callbacks_module.Progbar(batches.num_batches, verbose=verbose) if verbose else None
        self._reset_metrics()
        logs, seen = {}, 0
        for step, element in batches.epoch():
            x, y, sw = (_numpy(part) for part in data_adapter.unpack(element))
            logs = self.test_step(x, y, sw)
            seen = step + 1
            if bar:
                bar.update(seen, list(logs.items()), finalize=False)
        if bar:
            bar.update(seen, list(logs.items()), finalize=True)
        return logs

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, **kwargs):
        """The loss (and metrics) over (x, y) or a Dataset, in inference mode."""
        self._assert_compile_called("evaluate")
        if data_adapter.is_dataset(x):
            logs = self._evaluate_dataset(x, steps, 1 if verbose == "auto" else int(verbose))
            if return_dict:
                return logs
            values = [logs["loss"]] + [logs[m.name] for m in self._compile_metrics or []]
            return values[0] if len(values) == 1 else values
        x, y, sample_weight = _numpy(x), _numpy(y), _numpy(sample_weight)
        n = _length(x)
        batch_size = batch_size or 32
        total = max(1, math.ceil(n / batch_size))
        verbose_level = 1 if verbose == "auto" else int(verbose)
        bar = callbacks_module.Progbar(total, verbose=verbose_level) if verbose_level else None
        self._reset_metrics()
        logs = {}
        for step in range(total):
            index = slice(step * batch_size, (step + 1) * batch_size)
            logs = self.test_step(_take(x, index), _take(y, index), _take(sample_weight, index))
            if bar:
                bar.update(step + 1, list(logs.items()), finalize=step + 1 == total)
        if return_dict:
            return logs
        values = [logs["loss"]] + [logs[m.name] for m in self._compile_metrics or []]
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs on `x` (arrays or a Dataset) as NumPy, batch by batch in
        inference mode."""
        if data_adapter.is_dataset(x):
            return self._predict_dataset(x, steps, 1 if verbose == "auto" else int(verbose))
        x = _numpy(x)
        n = _length(x)
        batch_size = batch_size or 32
        total = max(1, math.ceil(n / batch_size))
        verbose_level = 1 if verbose == "auto" else int(verbose)
        bar = callbacks_module.Progbar(total, verbose=verbose_level) if verbose_level else None
        outputs = []
        for step in range(total):
            out = self(_take(x, slice(step * batch_size, (step + 1) * batch_size)), training=False)
            outputs.append(nest.map_structure(lambda t: np.asarray(t._value), out))
            if bar:
                bar.update(step + 1, finalize=step + 1 == total)
        return nest.map_structure(lambda *parts: np.concatenate(parts), *outputs)

    def _predict_dataset(self, dataset, steps, verbose):
        batches = data_adapter.EpochIterator(dataset, steps)
        bar = callbacks_module.Progbar(batches.num_batches, verbose=verbose) if verbose else None
        outputs = []
        for step, element in batches.epoch():
            out = self(_numpy(data_adapter.unpack(element)[0]), training=False)
            outputs.append(nest.map_structure(lambda t: np.asarray(t._value), out))
            if bar:
                bar.update(step + 1, finalize=False)
        if bar:
            bar.update(len(outputs), finalize=True)
        return nest.map_structure(lambda *parts: np.concatenate(parts), *outputs)

    def train_on_batch(self, x=None, y=None, sample_weight=None, class_weight=None, return_dict=False):
        self._assert_compile_called("train_on_batch")
        self._reset_metrics()
        logs = self.train_step(_numpy(x), _numpy(y), _numpy(sample_weight))
        return logs if return_dict else _values(logs, self)

    def test_on_batch(self, x=None, y=None, sample_weight=None, return_dict=False):
        self._assert_compile_called("test_on_batch")
        self._reset_metrics()
        logs = self.test_step(_numpy(x), _numpy(y), _numpy(sample_weight))
        return logs if return_dict else _values(logs, self)

    def predict_on_batch(self, x):
        return nest.map_structure(lambda t: np.asarray(t._value), self(_numpy(x), training=False))


def _values(logs, model):
    values = [logs["loss"]] + [logs[m.name] for m in model._compile_metrics or []]
    return values[0] if len(values) == 1 else values

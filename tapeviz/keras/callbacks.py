"""Training callbacks: `History` (what `fit` returns) and the Keras 3 progress bar; the callbacks
that steer training (EarlyStopping, ModelCheckpoint, ...) are in `training_callbacks`."""
import math
import sys
import time

import numpy as np


class Callback:
    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        self.params = params

    def on_train_begin(self, logs=None): pass
    def on_train_end(self, logs=None): pass
    def on_epoch_begin(self, epoch, logs=None): pass
    def on_epoch_end(self, epoch, logs=None): pass
    def on_batch_begin(self, batch, logs=None): pass
    def on_batch_end(self, batch, logs=None): pass

    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs=logs)      # Keras's backwards-compatible aliases

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs=logs)

    def on_test_begin(self, logs=None): pass
    def on_test_end(self, logs=None): pass
    def on_test_batch_begin(self, batch, logs=None): pass
    def on_test_batch_end(self, batch, logs=None): pass
    def on_predict_begin(self, logs=None): pass
    def on_predict_end(self, logs=None): pass
    def on_predict_batch_begin(self, batch, logs=None): pass
    def on_predict_batch_end(self, batch, logs=None): pass


class History(Callback):
    """`history.history` maps each metric ('loss', 'accuracy', 'val_loss'...) to per-epoch values."""

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for k, v in (logs or {}).items():
            self.history.setdefault(k, []).append(v)


class Progbar:
    """Keras 3's progress bar: `4/4 ━━━━━━━━━━━━━━━━━━━━ 0s 3ms/step - accuracy: 0.9 - loss: 0.3`."""

    def __init__(self, target, width=20, verbose=1, interval=0.05, unit_name="step", file=None):
        self.target, self.width, self.verbose = target, width, verbose
        self.interval, self.unit_name = interval, unit_name
        self._file = file
        self._values = {}
        self._values_order = []
        self._start = time.time()
        self._last_update = 0.0
        self._time_after_first_step = None
        self._prev_total_width = 0

    def _write(self, message):
        out = self._file or sys.stdout
        out.write(message)
        out.flush()

    def update(self, current, values=None, finalize=None):
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for k, v in values or []:
            if k not in self._values_order:
                self._values_order.append(k)
            self._values[k] = v
        now = time.time()
        per_unit = self._step_duration(current, now)
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            message = "\b" * self._prev_total_width + "\r"
            if self.target is None:     # a Dataset of unknown cardinality, first epoch
                bar, special = "%7d/Unknown" % current, 0
            else:
                numdigits = int(math.log10(self.target)) + 1
                count = f"%{numdigits}d/%d" % (current, self.target)
                bar = f"\x1b[1m{count}\x1b[0m "
                special = 8
                done = int(self.width * current / self.target)
                if done > 0:
                    bar += f"\x1b[32m{'━' * done}\x1b[0m"
                    special += 9
                bar += f"\x1b[37m{'━' * (self.width - done)}\x1b[0m"
                special += 9
            if not finalize and self.target is not None:
                eta = per_unit * (self.target - current)
                info = f" \x1b[1m{_eta(eta)}\x1b[0m"
            else:
                info = f" \x1b[1m{now - self._start:.0f}s\x1b[0m"
            special += 8
            info += _format_time(per_unit, self.unit_name) + self._metrics()
            total_width = len(bar) + len(info) - special
            message += bar + info
            if self._prev_total_width > total_width:
                message += " " * (self._prev_total_width - total_width)
            if finalize:
                message += "\n"
            self._write(message)
            self._prev_total_width = total_width
        elif self.verbose == 2 and finalize:
            numdigits = int(math.log10(self.target or current or 1)) + 1
            count = f"%{numdigits}d/%d" % (current, self.target or current)
            self._write(f"{count} - {now - self._start:.0f}s -{_format_time(per_unit, self.unit_name)}"
                        f"{self._metrics()}\n")
        self._last_update = now

    def _metrics(self):
        info = ""
        for k in self._values_order:
            v = float(np.mean(self._values[k]))
            info += f" - {k}: " + (f"{v:.4f}" if abs(v) > 1e-3 else f"{v:.4e}")
        return info

    def _step_duration(self, current, now):
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return per_unit


def _eta(eta):
    if eta > 3600:
        return "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60)
    if eta > 60:
        return "%d:%02d" % (eta // 60, eta % 60)
    return "%ds" % eta


def _format_time(per_unit, unit_name):
    if per_unit >= 1 or per_unit == 0:
        return f" {per_unit:.0f}s/{unit_name}"
    if per_unit >= 1e-3:
        return f" {per_unit * 1000.0:.0f}ms/{unit_name}"
    return f" {per_unit * 1000000.0:.0f}us/{unit_name}"


class ProgbarLogger(Callback):
    """Prints `Epoch i/n` and a progress bar per epoch (verbose=1), or one line per epoch (2)."""

    def __init__(self, verbose=1):
        super().__init__()
        self.verbose = verbose
        self._bar = None
        self._seen_steps = None
        self._seen = 0

    def on_epoch_begin(self, epoch, logs=None):
        if self.verbose:
            print(f"Epoch {epoch + 1}/{self.params['epochs']}", flush=True)
        self._bar = Progbar(self.params["steps"] or self._seen_steps,
                            verbose=self.verbose)
        self._seen = 0

    def on_train_batch_end(self, batch, logs=None):
        self._seen = batch + 1
        self._bar.update(batch + 1, list((logs or {}).items()), finalize=False)

    def on_epoch_end(self, epoch, logs=None):
        # an unknown step count (a Dataset of unknown cardinality) is learnt from epoch 1
        self._seen_steps = self.params["steps"] or self._seen
        self._bar.update(self._seen_steps, list((logs or {}).items()), finalize=True)


# The steering callbacks subclass `Callback` above; imported here so `keras.callbacks` has them all.
from tapeviz.keras.callback_list import CallbackList  # noqa: E402
from tapeviz.keras.callbacks_more import BackupAndRestore, TerminateOnNaN  # noqa: E402
from tapeviz.keras.tensorboard import TensorBoard  # noqa: E402
from tapeviz.keras.training_callbacks import (  # noqa: E402
    CSVLogger,
    EarlyStopping,
    LambdaCallback,
    LearningRateScheduler,
    ModelCheckpoint,
    MonitorCallback,
    ReduceLROnPlateau,
)

__all__ = ["CallbackList", "BackupAndRestore", "TerminateOnNaN", "Callback", "History", "Progbar", "ProgbarLogger", "CSVLogger",
           "EarlyStopping",
           "LambdaCallback", "LearningRateScheduler", "ModelCheckpoint", "MonitorCallback",
           "ReduceLROnPlateau", "TensorBoard"]

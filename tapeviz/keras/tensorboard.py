"""`keras.callbacks.TensorBoard`: epoch (and optionally batch) metrics and weight histograms
written with `tf.summary` in Keras 3's layout.

    log_dir/train/events...       epoch_loss, epoch_<metric>, epoch_learning_rate (per epoch),
                                  batch_<metric> (every `update_freq` batches), <weight>/histogram
    log_dir/validation/events...  epoch_loss, epoch_<metric> from the `val_` logs, and
                                  evaluation_<metric>_vs_iterations at the optimizer's iterations

`write_graph` writes the model's JSON config (tag "keras", TensorBoard's graph_keras_model
plugin) when the model has `to_json`, as Keras does; Keras's traced TF graph of the train step
has no tapeviz counterpart (the tape view shows a step's ops instead). `profile_batch` and `embeddings_freq`
are accepted and not implemented (nothing is written for them).
"""
import os

import numpy as np

from tapeviz.keras.callbacks import Callback


class TensorBoard(Callback):
    """Writes training metrics for TensorBoard under `log_dir/train` and `log_dir/validation`.

    Args:
      log_dir: the directory (created if missing).
      histogram_freq: every how many epochs to write a histogram of each weight (0: never).
      write_graph: accepted (see the module docstring).
      write_images: also write each weight as an image (2-D weights only).
      write_steps_per_second: also write `epoch_steps_per_second`.
      update_freq: "epoch", "batch" or N: batch-level `batch_<metric>` every N batches.
    """

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0,
                 embeddings_freq=0, embeddings_metadata=None):
        super().__init__()
        self.log_dir = str(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph, self.write_images = write_graph, write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.embeddings_freq, self.embeddings_metadata = embeddings_freq, embeddings_metadata
        self._writers = {}
        self._global_train_batch = 0

    @property
    def summary(self):
        from tapeviz import summary
        return summary

    def _writer(self, name):
        if name not in self._writers:
            self._writers[name] = self.summary.create_file_writer(os.path.join(self.log_dir, name))
        return self._writers[name]

    @property
    def _train_writer(self):
        return self._writer("train")

    @property
    def _val_writer(self):
        return self._writer("validation")

    def on_train_begin(self, logs=None):
        self._global_train_batch = 0
        self._train_writer                      # the train directory exists from the start
        if self.write_graph:
            self._write_model_config()

    def on_train_batch_begin(self, batch, logs=None):
        self._global_train_batch += 1

    def on_train_batch_end(self, batch, logs=None):
        if self.update_freq == "epoch" or self._global_train_batch % self.update_freq:
            return
        with self._train_writer.as_default():
            for name, value in (logs or {}).items():
                self.summary.scalar(f"batch_{name}", _float(value), step=self._global_train_batch)

    def on_epoch_begin(self, epoch, logs=None):
        import time
        self._epoch_start, self._epoch_batches = time.time(), self._global_train_batch

    def on_epoch_end(self, epoch, logs=None):
        self._log_epoch_metrics(epoch, logs)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)

    def on_train_end(self, logs=None):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    def _learning_rate(self):
        optimizer = getattr(self.model, "optimizer", None)
        rate = getattr(optimizer, "learning_rate", None)
        if rate is None:
            return None
        return float(np.asarray(rate.numpy() if hasattr(rate, "numpy") else rate))

    def _log_epoch_metrics(self, epoch, logs):
        if not logs:
            return
        train_logs = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val_logs = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        rate = self._learning_rate()
        if rate is not None:
            train_logs["learning_rate"] = rate
        if self.write_steps_per_second:
            import time
            seconds = time.time() - getattr(self, "_epoch_start", time.time())
            steps = self._global_train_batch - getattr(self, "_epoch_batches", 0)
            train_logs["steps_per_second"] = steps / seconds if seconds else 0.0
        for writer, values in ((self._train_writer, train_logs), (self._val_writer, val_logs)):
            if values:
                with writer.as_default():
                    for name, value in values.items():
                        self.summary.scalar(f"epoch_{name}", _float(value), step=epoch)
        iterations = getattr(getattr(self.model, "optimizer", None), "iterations", None)
        if val_logs and iterations is not None:     # Keras writes these at the end of validation
            with self._val_writer.as_default():
                for name, value in val_logs.items():
                    self.summary.scalar(f"evaluation_{name}_vs_iterations", _float(value),
                                        step=iterations)

    def _write_model_config(self):
        to_json = getattr(self.model, "to_json", None)
        if to_json is None:
            return
        with self._train_writer.as_default():
            self.summary.write("keras", to_json(), step=0, metadata=_keras_model_metadata())

    def _log_weights(self, epoch):
        with self._train_writer.as_default():
            for layer in self.model.layers:
                for weight in layer.weights:
                    name = weight.path.replace(":", "_")
                    self.summary.histogram(f"{name}/histogram", weight, step=epoch)
                    if self.write_images and len(weight.shape) == 2:
                        image = np.asarray(weight.numpy(), dtype=np.float32)
                        low, high = image.min(), image.max()
                        image = (image - low) / (high - low) if high > low else np.zeros_like(image)
                        self.summary.image(f"{name}/image", image[None, :, :, None], step=epoch)


def _float(value):
    return float(np.asarray(value.numpy() if hasattr(value, "numpy") else value))


def _keras_model_metadata():
    """The SummaryMetadata TF's `summary_ops_v2.keras_model` gives a model's JSON config."""
    from tensorboard.compat.proto import summary_pb2
    return summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(
        plugin_name="graph_keras_model", content=b"1"))

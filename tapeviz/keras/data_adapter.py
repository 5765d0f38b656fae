"""`fit`/`evaluate`/`predict` over a `tf.data.Dataset` or a `PyDataset`: Keras 3's
EpochIterator, batches as the dataset yields them (`(x, y)`, `(x, y, sample_weight)` or `x`)."""
import random
import warnings

import numpy as np

from tapeviz.data.dataset import DatasetV2


class PyDataset:
    """`keras.utils.PyDataset`: batches by index (`__getitem__`, `__len__` or `num_batches`), with
    `on_epoch_begin`/`on_epoch_end` hooks. Batches are read in this process, one at a time."""

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self._workers, self._use_multiprocessing = workers, use_multiprocessing
        self._max_queue_size = max_queue_size

    workers = property(lambda self: getattr(self, "_workers", 1))
    use_multiprocessing = property(lambda self: getattr(self, "_use_multiprocessing", False))
    max_queue_size = property(lambda self: getattr(self, "_max_queue_size", 10))

    def __getitem__(self, index):
        raise NotImplementedError

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    @property
    def num_batches(self):
        if hasattr(self, "__len__"):
            return len(self)
        raise NotImplementedError("You need to implement the `num_batches` property:\n\n"
                                  "@property\ndef num_batches(self):\n  return ...")

    def on_epoch_begin(self):
        pass

    def on_epoch_end(self):
        pass


def is_dataset(x):
    return isinstance(x, (DatasetV2, PyDataset))


def _standardize(batch):
    """Keras's PyDataset batch rules: an array is `(x,)`, a list a tuple, 1 to 3 parts."""
    if isinstance(batch, dict):
        return batch
    if isinstance(batch, np.ndarray):
        batch = (batch,)
    if isinstance(batch, list):
        batch = tuple(batch)
    if not isinstance(batch, tuple) or len(batch) not in {1, 2, 3}:
        raise ValueError("PyDataset.__getitem__() must return a tuple or a dict. If a tuple, it must "
                         "be ordered either (input,) or (inputs, targets) or (inputs, targets, "
                         f"sample_weights). Received: {str(batch)[:100]}... of type {type(batch)}")
    return batch


def unpack(element):
    """`(x, y, sample_weight)` from one dataset element (missing parts are None)."""
    if isinstance(element, tuple) and not hasattr(element, "_fields"):
        if not 1 <= len(element) <= 3:
            raise ValueError(f"Data is expected to be in format `x`, `(x,)`, `(x, y)`, or "
                             f"`(x, y, sample_weight)`, found: {element}")
        return tuple(element) + (None,) * (3 - len(element))
    return element, None, None


class EpochIterator:
    """Steps over `dataset` epoch by epoch.

    Without `steps`, each epoch is one full pass (a fresh iterator). With `steps`, one iterator
    runs across epochs, as Keras 3's does; if it runs out, Keras warns and training stops.
    """

    def __init__(self, dataset, steps=None, shuffle=False):
        self._dataset, self._steps = dataset, steps
        self._iterator = None
        self.exhausted = False
        if isinstance(dataset, PyDataset):
            n = dataset.num_batches
            # Keras on TF reads the first two batches once to learn the tensor specs (a seeded
            # ImageDataGenerator's draws depend on it)
            for i in range(min(2, n)):
                _standardize(dataset[i])
            self._dataset = _PyDatasetEpochs(dataset, shuffle)
        else:
            n = int(dataset.cardinality())
        self.num_batches = steps if steps is not None else (n if n >= 0 else None)

    def reset(self):
        """Keras's `EpochIterator.reset`, which `fit` and each `evaluate` call before their
        first epoch: the next epoch starts a fresh pass, and a PyDataset's `on_epoch_end` runs."""
        self._iterator = None
        if isinstance(self._dataset, _PyDatasetEpochs):
            self._dataset.py_dataset.on_epoch_end()

    def epoch(self):
        """Yields `(step, element)` for one epoch."""
        if not isinstance(self._dataset, _PyDatasetEpochs):
            yield from self._epoch()
            return
        self._dataset.py_dataset.on_epoch_begin()
        yield from self._epoch()
        self._dataset.py_dataset.on_epoch_end()

    def _epoch(self):
        if self._steps is None:
            for step, element in enumerate(self._dataset):
                yield step, element
            return
        if self._iterator is None:
            self._iterator = iter(self._dataset)
        for step in range(self._steps):
            try:
                element = next(self._iterator)
            except StopIteration:
                self.exhausted = True
                warnings.warn("Your input ran out of data; interrupting training. Make sure that "
                              "your dataset or generator can generate at least `steps_per_epoch "
                              "* epochs` batches. You may need to use the `.repeat()` function "
                              "when building your dataset.", stacklevel=3)
                return
            yield step, element


class _PyDatasetEpochs:
    """A PyDataset as Keras's adapter reads it: each pass visits the batch indices in order, or
    in Python `random.shuffle` order when `fit` shuffles (`on_epoch_begin`/`on_epoch_end` are
    called around each epoch by `EpochIterator.epoch`)."""

    def __init__(self, py_dataset, shuffle):
        self.py_dataset, self.shuffle = py_dataset, shuffle

    def __iter__(self):
        indices = list(range(self.py_dataset.num_batches))
        if self.shuffle:
            random.shuffle(indices)
        for i in indices:
            yield _standardize(self.py_dataset[i])

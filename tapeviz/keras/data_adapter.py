"""`fit`/`evaluate`/`predict` over a `tf.data.Dataset`: Keras 3's EpochIterator, batches as the
dataset yields them (`(x, y)`, `(x, y, sample_weight)` or `x`)."""
import warnings

from tapeviz.data.dataset import DatasetV2


def is_dataset(x):
    return isinstance(x, DatasetV2)


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

    def __init__(self, dataset, steps=None):
        self._dataset, self._steps = dataset, steps
        self._iterator = None
        self.exhausted = False
        n = int(dataset.cardinality())
        self.num_batches = steps if steps is not None else (n if n >= 0 else None)

    def epoch(self):
        """Yields `(step, element)` for one epoch."""
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

"""`keras.utils`: seeding, one-hot labels, a progress bar."""
import numpy as np

from tapeviz.keras.backend import set_random_seed
from tapeviz.keras.callbacks import Progbar


def to_categorical(x, num_classes=None):
    """Integer labels -> one-hot float32 rows (a trailing size-1 axis is dropped)."""
    x = np.asarray(x, dtype="int64")
    shape = x.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    x = x.reshape(-1)
    num_classes = int(x.max()) + 1 if num_classes is None else int(num_classes)
    out = np.zeros((x.size, num_classes), dtype="float32")
    out[np.arange(x.size), x] = 1
    return out.reshape(shape + (num_classes,))


__all__ = ["set_random_seed", "to_categorical", "Progbar"]

"""`keras.datasets.cifar100`: 32x32 RGB images in 100 fine (or 20 coarse) classes."""
import os

import numpy as np

from tapeviz.keras.datasets.cache import cached_archive_dir
from tapeviz.keras.datasets.cifar import load_batch

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"


def load_data(label_mode="fine"):
    if label_mode not in ["fine", "coarse"]:
        raise ValueError('`label_mode` must be one of `"fine"`, `"coarse"`. '
                         f"Received: label_mode={label_mode}.")
    path = os.path.join(cached_archive_dir("cifar-100-python-target", ORIGIN), "cifar-100-python")
    out = []
    for part in ("train", "test"):
        x, y = load_batch(os.path.join(path, part), label_key=f"{label_mode}_labels")
        y = np.asarray(y)
        out.append((x.transpose(0, 2, 3, 1), y.reshape(len(y), 1)))
    return tuple(out)

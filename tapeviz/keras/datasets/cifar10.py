"""`keras.datasets.cifar10`: 32x32 RGB images in 10 classes, from the extracted
`cifar-10-batches-py` folder in Keras's cache."""
import os

import numpy as np

from tapeviz.keras.datasets.cache import cached_archive_dir
from tapeviz.keras.datasets.cifar import load_batch

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"


def load_data():
    """((x_train (n, 32, 32, 3) uint8, y_train (n, 1)), (x_test, y_test))."""
    path = os.path.join(cached_archive_dir("cifar-10-batches-py-target", ORIGIN),
                        "cifar-10-batches-py")
    xs, ys = [], []
    for i in range(1, 6):
        x, y = load_batch(os.path.join(path, f"data_batch_{i}"))
        xs.append(x)
        ys.append(np.asarray(y, dtype="uint8"))
    x_test, y_test = load_batch(os.path.join(path, "test_batch"))
    x_train, y_train = np.concatenate(xs), np.concatenate(ys)
    y_train = y_train.reshape(len(y_train), 1)
    y_test = np.asarray(y_test, dtype="uint8").reshape(len(y_test), 1)
    return (x_train.transpose(0, 2, 3, 1), y_train), \
        (x_test.astype(x_train.dtype).transpose(0, 2, 3, 1), y_test)

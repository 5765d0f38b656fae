"""`keras.datasets.mnist`: 28x28 uint8 digit images from Keras's `mnist.npz`."""
import numpy as np

from tapeviz.keras.datasets.cache import ORIGIN, cached_file


def load_data(path="mnist.npz"):
    """((x_train, y_train), (x_test, y_test)) from `$KERAS_HOME/datasets/mnist.npz`."""
    path = cached_file(path, f"{ORIGIN}mnist.npz")
    with np.load(path, allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])

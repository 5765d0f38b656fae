"""`keras.datasets.fashion_mnist`: 28x28 uint8 clothing images from the four gzipped IDX files
Keras caches in `datasets/fashion-mnist/`."""
import gzip
import os

import numpy as np

from tapeviz.keras.datasets.cache import ORIGIN, cached_file

FILES = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")


def load_data():
    paths = [cached_file(f, ORIGIN + f, subdir=os.path.join("datasets", "fashion-mnist"))
             for f in FILES]
    out = []
    for labels_path, images_path in (paths[:2], paths[2:]):
        with gzip.open(labels_path, "rb") as f:
            y = np.frombuffer(f.read(), np.uint8, offset=8)
        with gzip.open(images_path, "rb") as f:
            x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(len(y), 28, 28)
        out.append((x, y))
    return tuple(out)

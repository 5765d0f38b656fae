"""`keras.datasets`: the classic datasets, read from Keras's own cache files.

tapeviz never downloads: each `load_data()` reads the file Keras would have downloaded to
`$KERAS_HOME/datasets/` (default `~/.keras/datasets/`), in Keras's format, and when it is missing
raises FileNotFoundError naming the file, the folder to put it in and where Keras fetches it
from. Notebooks without these files can keep using data that ships in a package
(`sklearn.datasets.load_digits`).
"""
from tapeviz.keras.datasets import (
    boston_housing,
    cifar10,
    cifar100,
    fashion_mnist,
    imdb,
    mnist,
    reuters,
)

__all__ = ["boston_housing", "cifar10", "cifar100", "fashion_mnist", "imdb", "mnist", "reuters"]

"""`keras.datasets.boston_housing`: 13 features and the median price of 506 houses."""
import numpy as np

from tapeviz.keras.datasets.cache import ORIGIN, cached_file


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """The rows shuffled by `np.random.RandomState(seed)` and split as Keras does."""
    if not (0 <= test_split < 1):
        raise ValueError(f"Invalid `test_split` argument: {test_split}. It must be between 0 and "
                         "1 (exclusive of 1).")
    path = cached_file(path, f"{ORIGIN}boston_housing.npz")
    with np.load(path, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    indices = np.arange(len(x))
    np.random.RandomState(seed).shuffle(indices)
    x, y = x[indices], y[indices]
    cut = int(len(x) * (1 - test_split))
    return (np.array(x[:cut]), np.array(y[:cut])), (np.array(x[cut:]), np.array(y[cut:]))

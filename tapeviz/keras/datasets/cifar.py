"""Reading CIFAR's pickled batches (plain dicts of arrays), refusing any other pickled object."""
import pickle

import numpy as np


class RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module.startswith("numpy") or module == "_codecs":
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"Forbidden pickle global: {module}.{name}")


def load_batch(fpath, label_key="labels"):
    """(data (n, 3, 32, 32) uint8, labels) from one CIFAR batch file."""
    with open(fpath, "rb") as f:
        d = RestrictedUnpickler(f, encoding="bytes").load()
    d = {k.decode("utf8") if isinstance(k, bytes) else k: v for k, v in d.items()}
    data = np.asarray(d["data"])
    return data.reshape(data.shape[0], 3, 32, 32), d[label_key]

"""The `load_data` calls compared between tapeviz and real Keras (imported by both sides, so
it imports neither)."""
import numpy as np

# cifar10 is left out: Keras fills fixed 10,000-image batches, too big for a synthetic cache
CALLS = {
    "mnist": "mnist.load_data()",
    "fashion_mnist": "fashion_mnist.load_data()",
    "cifar100": "cifar100.load_data()",
    "cifar100_coarse": "cifar100.load_data(label_mode='coarse')",
    "boston_housing": "boston_housing.load_data()",
    "boston_housing_split": "boston_housing.load_data(test_split=0.3, seed=1)",
    "imdb": "imdb.load_data()",
    "imdb_words": "imdb.load_data(num_words=10, skip_top=4, maxlen=9, seed=3)",
    "reuters": "reuters.load_data(test_split=0.5, oov_char=None, num_words=15)",
}


def flat(result):
    (x, y), (xt, yt) = result
    out = []
    for a in (x, y, xt, yt):
        a = np.asarray(a)
        out.append([[list(map(int, r)) for r in a], "object"] if a.dtype == object
                   else [a.tolist(), str(a.dtype)])
    return out

"""`keras.datasets.reuters`: 11,228 newswires as word indices, in 46 topics."""
import numpy as np

from tapeviz.keras.datasets import sequences
from tapeviz.keras.datasets.cache import ORIGIN, cached_file


def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2,
              seed=113, start_char=1, oov_char=2, index_from=3):
    f = sequences.load_npz(cached_file(path, f"{ORIGIN}reuters.npz"))
    xs, labels = f["x"], f["y"]
    indices = np.arange(len(xs))
    np.random.RandomState(seed).shuffle(indices)
    xs, labels = xs[indices], labels[indices]
    xs = sequences.index_words(xs, start_char, index_from)
    if maxlen:
        xs, labels = sequences.remove_long_seq(maxlen, xs, labels)
    xs = sequences.limit_words(xs, num_words, skip_top, oov_char)
    idx = int(len(xs) * (1 - test_split))
    return (np.array(xs[:idx], dtype="object"), np.array(labels[:idx])), \
        (np.array(xs[idx:], dtype="object"), np.array(labels[idx:]))


def get_word_index(path="reuters_word_index.json"):
    return sequences.get_word_index(path)

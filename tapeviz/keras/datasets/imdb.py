"""`keras.datasets.imdb`: 50,000 movie reviews as word indices, labelled 0/1."""
import numpy as np

from tapeviz.keras.datasets import sequences
from tapeviz.keras.datasets.cache import ORIGIN, cached_file


def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1,
              oov_char=2, index_from=3, **kwargs):
    """((x_train, y_train), (x_test, y_test)): object arrays of word-index lists, each split
    shuffled by one `np.random.RandomState(seed)`, words shifted by `index_from`, rare words
    (>= num_words) replaced by `oov_char`, as Keras does."""
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments: {kwargs}.")
    f = sequences.load_npz(cached_file(path, f"{ORIGIN}imdb.npz"))
    x_train, labels_train, x_test, labels_test = f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    rng = np.random.RandomState(seed)
    indices = np.arange(len(x_train))
    rng.shuffle(indices)
    x_train, labels_train = x_train[indices], labels_train[indices]
    indices = np.arange(len(x_test))
    rng.shuffle(indices)
    x_test, labels_test = x_test[indices], labels_test[indices]
    x_train = sequences.index_words(x_train, start_char, index_from)
    x_test = sequences.index_words(x_test, start_char, index_from)
    if maxlen:
        x_train, labels_train = sequences.remove_long_seq(maxlen, x_train, labels_train)
        x_test, labels_test = sequences.remove_long_seq(maxlen, x_test, labels_test)
        if not x_train or not x_test:
            raise ValueError(f"After filtering for sequences shorter than maxlen={maxlen}, no "
                             "sequence was kept. Increase maxlen.")
    xs = sequences.limit_words(x_train + x_test, num_words, skip_top, oov_char)
    labels = np.concatenate([labels_train, labels_test])
    idx = len(x_train)
    return (np.array(xs[:idx], dtype="object"), labels[:idx]), \
        (np.array(xs[idx:], dtype="object"), labels[idx:])


def get_word_index(path="imdb_word_index.json"):
    """{word: index} from Keras's cached `imdb_word_index.json`."""
    return sequences.get_word_index(path)

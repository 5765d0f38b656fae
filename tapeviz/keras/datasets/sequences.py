"""The word-index processing IMDB and Reuters share (Keras's `load_data` arguments)."""
import json
import zipfile

import numpy as np

from tapeviz.keras.datasets.cache import ORIGIN, cached_file


def load_npz(path):
    """The arrays of an `.npz` file; object arrays (ragged word lists) are unpickled allowing
    only NumPy's own classes, as Keras's loader does, so a tampered cache file cannot run code."""
    from tapeviz.keras.datasets.cifar import RestrictedUnpickler
    out = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            with archive.open(name) as f:
                version = np.lib.format.read_magic(f)
                read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                               else np.lib.format.read_array_header_2_0)
                _, _, dtype = read_header(f)
                if dtype.hasobject:
                    value = RestrictedUnpickler(f, encoding="latin1").load()
                else:
                    f.seek(0)
                    value = np.lib.format.read_array(f)
            out[name[:-4] if name.endswith(".npy") else name] = value
    return out


def remove_long_seq(maxlen, seq, label):
    kept = [(x, y) for x, y in zip(seq, label) if len(x) < maxlen]
    return [x for x, _ in kept], [y for _, y in kept]


def index_words(xs, start_char, index_from):
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in xs]
    if index_from:
        return [[w + index_from for w in x] for x in xs]
    return [list(x) for x in xs]


def limit_words(xs, num_words, skip_top, oov_char):
    if not num_words:
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


def get_word_index(path):
    with open(cached_file(path, ORIGIN + path)) as f:
        return json.load(f)

"""keras.datasets: Keras's cache files, written small and synthetic in Keras's own formats, read
back; with real Keras available (TAPEVIZ_TF_PYTHON or /work/tfenv), its `load_data` reads the same
cache and must return the same arrays."""
import gzip
import json
import os
import pickle
import subprocess
import tarfile

import numpy as np
import pytest

import tapeviz as tf
from tests.keras.dataset_calls import CALLS, flat

keras = tf.keras
TF_PYTHON = os.environ.get("TAPEVIZ_TF_PYTHON", "/work/tfenv/bin/python")


def write_cache(home):
    """A tiny cache for every dataset, in the layout and format Keras downloads."""
    rng = np.random.default_rng(0)
    d = home / "datasets"
    d.mkdir(parents=True)
    np.savez(d / "mnist.npz", x_train=rng.integers(0, 255, (5, 28, 28), dtype="uint8"),
             y_train=np.arange(5, dtype="uint8"),
             x_test=rng.integers(0, 255, (2, 28, 28), dtype="uint8"),
             y_test=np.array([7, 8], dtype="uint8"))
    fm = d / "fashion-mnist"
    fm.mkdir()
    for split, n in (("train", 4), ("t10k", 3)):
        with gzip.open(fm / f"{split}-labels-idx1-ubyte.gz", "wb") as f:
            f.write(b"\0" * 8 + bytes(range(n)))
        with gzip.open(fm / f"{split}-images-idx3-ubyte.gz", "wb") as f:
            f.write(b"\0" * 16 + rng.integers(0, 255, n * 784, dtype="uint8").tobytes())
    staging = home / "staging"
    c10 = staging / "cifar-10-batches-py"
    c10.mkdir(parents=True)
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        with open(c10 / name, "wb") as f:
            pickle.dump({b"data": rng.integers(0, 255, (2, 3072), dtype="uint8"),
                         b"labels": [1, 9]}, f)
    c100 = staging / "cifar-100-python"
    c100.mkdir(parents=True)
    for name in ("train", "test"):
        with open(c100 / name, "wb") as f:
            pickle.dump({b"data": rng.integers(0, 255, (3, 3072), dtype="uint8"),
                         b"fine_labels": [5, 50, 99], b"coarse_labels": [1, 2, 19]}, f)
    # Keras keeps the downloaded tarball as `<name>_archive` and extracts it to `<name>/`
    for folder, target in ((c10, "cifar-10-batches-py-target"), (c100, "cifar-100-python-target")):
        with tarfile.open(d / f"{target}_archive", "w:gz") as tar:
            tar.add(folder, arcname=folder.name)
    np.savez(d / "boston_housing.npz", x=rng.normal(size=(10, 13)), y=rng.normal(size=10))
    reviews = np.empty(6, dtype=object)
    for i in range(6):
        reviews[i] = [int(w) for w in rng.integers(1, 30, 3 + i)]
    np.savez(d / "imdb.npz", x_train=reviews[:4], y_train=np.array([0, 1, 1, 0]),
             x_test=reviews[4:], y_test=np.array([1, 0]))
    np.savez(d / "reuters.npz", x=reviews, y=np.array([3, 1, 4, 1, 5, 9]))
    (d / "imdb_word_index.json").write_text(json.dumps({"the": 1, "movie": 17}))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    home = tmp_path / "kh"
    write_cache(home)
    monkeypatch.setenv("KERAS_HOME", str(home))
    return home


def test_loads_keras_formats(cache):
    (x, y), (xt, yt) = keras.datasets.mnist.load_data()
    assert x.shape == (5, 28, 28) and x.dtype == np.uint8 and yt.tolist() == [7, 8]
    (x, y), (xt, yt) = keras.datasets.fashion_mnist.load_data()
    assert x.shape == (4, 28, 28) and y.tolist() == [0, 1, 2, 3] and xt.shape == (3, 28, 28)
    (x, y), (xt, yt) = keras.datasets.cifar10.load_data()
    assert x.shape == (10, 32, 32, 3) and y.shape == (10, 1) and y.dtype == np.uint8
    (x, y), _ = keras.datasets.cifar100.load_data("coarse")
    assert y.ravel().tolist() == [1, 2, 19]
    (x, y), (xt, yt) = keras.datasets.boston_housing.load_data()
    assert x.shape == (8, 13) and xt.shape == (2, 13)
    (x, y), (xt, yt) = keras.datasets.imdb.load_data(num_words=10)
    assert x.dtype == object and len(x) == 4 and all(r[0] == 1 for r in x)
    assert max(max(r) for r in x) < 10
    assert keras.datasets.imdb.get_word_index() == {"the": 1, "movie": 17}


def test_missing_file_names_it_and_where_to_put_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with pytest.raises(FileNotFoundError) as e:
        keras.datasets.mnist.load_data()
    msg = str(e.value)
    assert str(tmp_path / "datasets" / "mnist.npz") in msg and "mnist.npz" in msg
    assert "does not download" in msg
    with pytest.raises(FileNotFoundError, match="cifar-10-batches-py-target"):
        keras.datasets.cifar10.load_data()
    with pytest.raises(ValueError, match="label_mode"):
        keras.datasets.cifar100.load_data("medium")
    with pytest.raises(ValueError, match="test_split"):
        keras.datasets.boston_housing.load_data(test_split=1.0)


@pytest.mark.skipif(not os.path.exists(TF_PYTHON), reason="real Keras not installed")
def test_same_arrays_as_real_keras(cache):
    script = ("import json, numpy as np, sys\nsys.path.insert(0, %r)\n"
              "import keras.src.utils.file_utils as fu\n"
              "fu.validate_file = lambda *a, **k: True  # synthetic files: Keras's hashes can't match\n"
              "from keras.datasets import mnist, fashion_mnist, cifar10, cifar100, boston_housing, imdb, reuters\n"
              "from dataset_calls import CALLS, flat\n"
              "print(json.dumps({k: flat(eval(v)) for k, v in CALLS.items()}))\n") % os.path.dirname(__file__)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", KERAS_BACKEND="tensorflow")
    proc = subprocess.run([TF_PYTHON, "-c", script], capture_output=True, text=True, env=env,
                          cwd=os.path.dirname(__file__), timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    expected = json.loads(proc.stdout.strip().splitlines()[-1])
    from tapeviz.keras.datasets import boston_housing, cifar10, cifar100, fashion_mnist, imdb, mnist, reuters  # noqa: F401  (names used by CALLS)
    for key, call in CALLS.items():
        assert flat(eval(call)) == expected[key], key

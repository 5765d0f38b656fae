"""A `.weights.h5` written by real Keras 3 for rank-4 MultiHeadAttention layers (two attention
axes, multi-dimensional output_shape, no bias) loads into tapeviz and gives Keras's output, and
tapeviz writes the same datasets (tests/fixtures/keras/make_mha_weights.py made the fixture)."""
import os
import sys

import numpy as np
import pytest

import tapeviz as tf

h5py = pytest.importorskip("h5py")
FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "keras")
sys.path.insert(0, FIXTURES)
from make_mha_weights import build, fixed_input  # noqa: E402


def _datasets(path):
    out = {}
    with h5py.File(path) as f:
        f.visititems(lambda name, obj: out.__setitem__(name, obj.shape)
                     if isinstance(obj, h5py.Dataset) else None)
    return out


def test_keras_file_loads_and_matches(tmp_path):
    tf.keras.backend.clear_session()
    model = build(tf.keras)
    model.load_weights(os.path.join(FIXTURES, "mha_rank4.weights.h5"))
    want = np.load(os.path.join(FIXTURES, "mha_expected.npz"))["out"]
    np.testing.assert_allclose(model(fixed_input()).numpy(), want, rtol=1e-5, atol=1e-6)
    mine = str(tmp_path / "m.weights.h5")
    model.save_weights(mine)
    assert _datasets(mine) == _datasets(os.path.join(FIXTURES, "mha_rank4.weights.h5"))

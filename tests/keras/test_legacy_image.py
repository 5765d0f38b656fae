"""ImageDataGenerator's resampler against SciPy's (which Keras calls): every mode and order on
random images, matrices and offsets. The Keras-level behaviour is in corpus_keras_layers3."""
import numpy as np
import pytest

from tapeviz.keras.preprocessing.legacy_image import _ndimage_affine

ndimage = pytest.importorskip("scipy.ndimage")


@pytest.mark.parametrize("mode", ["nearest", "constant", "reflect", "wrap"])
@pytest.mark.parametrize("order", [0, 1])
def test_matches_scipy_affine_transform(mode, order):
    rng = np.random.default_rng(7)
    for trial in range(300):
        rows, cols = rng.integers(1, 9, 2)
        img = rng.standard_normal((rows, cols)).astype(np.float32)
        matrix = np.eye(2) if trial % 5 == 0 else rng.standard_normal((2, 2)) * rng.choice([0.3, 1, 3])
        offset = rng.standard_normal(2) * rng.choice([0.5, 3, 20])
        if trial % 7 == 0:
            offset = np.round(offset)     # whole-pixel shifts land exactly on the edges
        want = ndimage.affine_transform(img, matrix, offset, order=order, mode=mode, cval=-2.5)
        got = _ndimage_affine(img, matrix, offset, order, mode, -2.5)
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-6, err_msg=f"trial {trial}")


def test_higher_orders_are_refused():
    with pytest.raises(NotImplementedError, match="interpolation_order"):
        _ndimage_affine(np.ones((3, 3), np.float32), np.eye(2), [0.5, 0], 3, "nearest", 0.0)

"""tf.image beyond the TF-differential corpus: the resize arithmetic by hand, gradients'
structure, errors, and the random ops' determinism."""
import numpy as np
import pytest

import tapeviz as tf
from tapeviz.framework import errors


def test_bilinear_half_pixel_centres_by_hand():
    x = np.array([0.0, 10.0], np.float32).reshape(1, 1, 2, 1)
    y = tf.image.resize(x, [1, 4]).numpy().reshape(-1)
    # output centres 0.125, 0.375, 0.625, 0.875 of the width map to input x = -0.25, 0.25, 0.75, 1.25
    np.testing.assert_array_equal(y, np.float32([0.0, 2.5, 7.5, 10.0]))


def test_nearest_keeps_dtype_and_picks_half_pixel_neighbours():
    x = np.arange(3, dtype=np.uint8).reshape(1, 3, 1)
    y = tf.image.resize(x, [1, 6], method="nearest")
    assert y.dtype == tf.uint8
    assert y.numpy().reshape(-1).tolist() == [0, 0, 1, 1, 2, 2]


def test_bilinear_returns_float32_for_integer_images():
    assert tf.image.resize(np.zeros((2, 2, 1), np.uint8), [3, 3]).dtype == tf.float32


def test_resize_gradient_sums_to_upstream_total():
    x = tf.constant(np.random.RandomState(0).rand(1, 4, 5, 2).astype(np.float32))
    for method in ("bilinear", "nearest"):
        with tf.GradientTape() as t:
            t.watch(x)
            y = tf.reduce_sum(tf.image.resize(x, [7, 3], method=method))
        g = t.gradient(y, x).numpy()
        # every output pixel's weights sum to 1
        assert g.sum() == pytest.approx(7 * 3 * 2, rel=1e-6)


def test_resize_unimplemented_methods_name_themselves():
    with pytest.raises(NotImplementedError, match="bicubic"):
        tf.image.resize(np.zeros((2, 2, 1), np.float32), [3, 3], method="bicubic")
    with pytest.raises(NotImplementedError, match="antialias"):
        tf.image.resize(np.zeros((2, 2, 1), np.float32), [3, 3], antialias=True)


def test_rot90_four_times_is_identity_and_matches_numpy():
    x = np.random.RandomState(1).rand(3, 4, 2)
    np.testing.assert_array_equal(tf.image.rot90(x).numpy(), np.rot90(x, 1, axes=(0, 1)))
    y = tf.constant(x)
    for _ in range(4):
        y = tf.image.rot90(y)
    np.testing.assert_array_equal(y.numpy(), x)


def test_crop_pad_round_trip():
    x = np.random.RandomState(2).rand(4, 5, 1)
    padded = tf.image.pad_to_bounding_box(x, 1, 2, 7, 9)
    np.testing.assert_array_equal(tf.image.crop_to_bounding_box(padded, 1, 2, 4, 5).numpy(), x)
    assert padded.numpy().sum() == pytest.approx(x.sum())


def test_convert_image_dtype_round_trip_uint8():
    x = np.arange(256, dtype=np.uint8).reshape(16, 16, 1)
    f = tf.image.convert_image_dtype(x, tf.float32)
    assert f.numpy().max() == 1.0
    np.testing.assert_array_equal(tf.image.convert_image_dtype(f, tf.uint8).numpy(), x)


def test_saturate_cast_float32_to_int32_stays_in_range():
    y = tf.saturate_cast(tf.constant([3e9, -3e9]), tf.int32).numpy()
    assert y.tolist() == [2147483520, -2147483648]


def test_adjust_hue_full_turn_is_identity():
    x = np.random.RandomState(3).rand(4, 4, 3).astype(np.float32)
    np.testing.assert_allclose(tf.image.adjust_hue(x, 1.0).numpy(), x, atol=1e-6)


def test_hsv_round_trip():
    x = np.random.RandomState(4).rand(5, 3, 3).astype(np.float32)
    np.testing.assert_allclose(tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(x)).numpy(), x, atol=1e-6)


def test_ops_without_tf_gradient_raise_lookup_error():
    x = tf.constant(np.random.RandomState(5).rand(2, 2, 3).astype(np.float32))
    with tf.GradientTape() as t:
        t.watch(x)
        y = tf.image.adjust_saturation(x, 0.5)
    with pytest.raises(LookupError, match="AdjustSaturation"):
        t.gradient(y, x)


def test_adjust_hue_half_precision_has_no_cpu_kernel():
    with pytest.raises(errors.NotFoundError, match="AdjustHue"):
        tf.image.adjust_hue(tf.zeros([2, 2, 3], tf.float16), 0.1)


def test_stateless_random_ops_depend_only_on_seed():
    x = np.random.RandomState(6).rand(4, 5, 5, 3).astype(np.float32)
    for fn in (lambda s: tf.image.stateless_random_flip_left_right(x, s),
               lambda s: tf.image.stateless_random_hue(x, 0.3, s),
               lambda s: tf.image.stateless_random_crop(x, [2, 3, 3, 3], s)):
        np.testing.assert_array_equal(fn((1, 2)).numpy(), fn((1, 2)).numpy())
        assert not np.array_equal(fn((1, 2)).numpy(), fn((3, 9)).numpy())


def test_random_crop_too_big():
    with pytest.raises(errors.InvalidArgumentError, match="Need value.shape >= size"):
        tf.image.random_crop(np.zeros((2, 2)), [3, 1], seed=1)


def test_png_round_trip_16_bit_rgb_without_pillow_truncation():
    x = np.random.RandomState(7).randint(0, 65536, (3, 4, 3)).astype(np.uint16)
    y = tf.io.decode_png(tf.io.encode_png(x), dtype=tf.uint16)
    np.testing.assert_array_equal(y.numpy(), x)


def test_png_decoder_undoes_every_filter_type():
    from tapeviz.ops.image_codecs import _unfilter
    rng = np.random.RandomState(8)
    image = rng.randint(0, 256, (5, 6)).astype(np.int64)
    bpp, rows = 2, []
    prev = np.zeros(6, np.int64)
    for y, kind in enumerate((0, 1, 2, 3, 4)):
        cur, filtered = image[y], np.zeros(6, np.int64)
        for i in range(6):
            a = cur[i - bpp] if i >= bpp else 0
            c = prev[i - bpp] if i >= bpp else 0
            pred = [0, a, prev[i], (a + prev[i]) // 2, _paeth_ref(a, prev[i], c)][kind]
            filtered[i] = (cur[i] - pred) % 256
        rows.append(np.concatenate([[kind], filtered]))
        prev = cur
    raw = np.array(rows, np.uint8).tobytes()
    np.testing.assert_array_equal(_unfilter(raw, 5, 6, bpp), image)


def _paeth_ref(a, b, c):
    p = a + b - c
    return min((abs(p - a), 0, a), (abs(p - b), 1, b), (abs(p - c), 2, c))[2]


def test_decoding_without_pillow_names_the_package(monkeypatch):
    import sys
    png = tf.io.encode_png(np.zeros((2, 2, 1), np.uint8))   # encoding needs no Pillow
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ImportError, match="pip install pillow"):
        tf.io.decode_png(png)


def test_decode_rejects_unknown_formats():
    with pytest.raises(errors.InvalidArgumentError, match="Unknown image file format"):
        tf.io.decode_image(b"GARBAGE!")

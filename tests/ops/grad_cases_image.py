"""Gradient-check cases for tf.image: resizing (and its gradient ops), RGBToHSV, and the
adjustments composed of tapeviz ops."""
import tapeviz as tf
from tapeviz.ops import image_resize
from tapeviz.ops.image_transform import image_projective_transform_v3
from tests.ops.gradcheck import POSITIVE, case


def _bilinear(x):
    # ResizeBilinear computes in float32: wide differences keep its rounding out of the check
    return tf.cast(tf.image.resize(x, [5, 7]), tf.float64)


def _bilinear_grad(g):
    original = tf.zeros([2, 3, 4, 2], tf.float64)
    return image_resize._resize_bilinear_grad(tf.cast(g, tf.float32), original, half_pixel_centers=True)


def _nearest_grad(g):
    return image_resize._resize_nearest_grad(g, tf.constant([3, 5]), half_pixel_centers=True)


def _shift_and_flip(x):
    # TF's gradient resamples by the inverse transform, which is the adjoint only where the
    # transform moves whole pixels: an integer shift (constant fill) and a left-right flip
    shifted = image_projective_transform_v3(x, [[1., 0., 1., 0., 1., -2., 0., 0.]], [4, 5], 0.5,
                                            interpolation="bilinear", fill_mode="constant")
    return image_projective_transform_v3(shifted, [[-1., 0., 4., 0., 1., 0., 0., 0.]], [4, 5], 0.,
                                         interpolation="nearest", fill_mode="reflect")


GRAD_CASES = [
    case(_shift_and_flip, [(2, 4, 5, 3)], name="image_projective_transform",
         ops=["ImageProjectiveTransformV3"], eps=1e-2, tol=1e-3),  # computes in float32
    case(_bilinear, [[(2, 3, 4, 2)], [(1, 6, 9, 1)]], name="resize_bilinear", ops=["ResizeBilinear"],
         eps=1e-2, tol=1e-3),
    case(_bilinear_grad, [(2, 5, 7, 2)], name="resize_bilinear_grad", ops=["ResizeBilinearGrad"],
         eps=1e-2, tol=1e-3),
    case(lambda x: tf.image.resize(x, [5, 2], method="nearest"), [[(2, 3, 4, 1)], [(7, 6, 2)]],
         name="resize_nearest", ops=["ResizeNearestNeighbor"]),
    case(_nearest_grad, [(2, 4, 6, 1)], name="resize_nearest_grad", ops=["ResizeNearestNeighborGrad"]),
    case(tf.image.rgb_to_hsv, [(2, 3, 3)], domain=POSITIVE, name="rgb_to_hsv", ops=["RGBToHSV"]),
    # the adjustments compute in float32, as TF's do: wide differences, loose tolerances
    case(lambda x: tf.cast(tf.image.per_image_standardization(x), tf.float64), [(2, 3, 4, 3)], name="per_image_standardization",
         eps=1e-3, tol=2e-3),
    case(lambda x: tf.image.adjust_gamma(x, 2.5, 0.7), [(3, 4, 3)], domain=POSITIVE, name="adjust_gamma", eps=1e-3, tol=2e-3),
    case(lambda x: tf.image.adjust_brightness(tf.image.rot90(tf.image.central_crop(x, 0.5)), 0.3),
         [(2, 6, 4, 1)], name="geometry_and_brightness", eps=1e-3, tol=2e-3),
    case(lambda x: tf.image.resize_with_crop_or_pad(x, 3, 7), [(5, 4, 2)], name="resize_with_crop_or_pad"),
]

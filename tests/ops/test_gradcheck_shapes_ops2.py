"""The finite-difference check on hypothesis-drawn geometry for the structured ops of the second
issue-12 batch (segments, convolutions, pools, strided slices, factorizations), whose shapes
are not elementwise and so are not drawn by test_gradcheck_shapes.py."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tapeviz as tf
from tests.ops.gradcheck import Case, check

_SETTINGS = settings(max_examples=6, deadline=None, derandomize=True)


def _run(fn, shapes, seed, name, **kw):
    check(Case(fn, [tuple(shapes)], name=name, **kw), np.random.default_rng(seed))


@_SETTINGS
@given(counts=st.lists(st.integers(0, 3), min_size=1, max_size=4), width=st.integers(1, 3),
       op=st.sampled_from(["segment_max", "segment_min", "segment_mean", "segment_prod"]),
       seed=st.integers(0, 2 ** 16))
def test_sorted_segments(counts, width, op, seed):
    ids = np.repeat(np.arange(len(counts)), counts)
    if ids.size == 0:
        return
    fn = getattr(tf.math, op)
    _run(lambda x: fn(x, tf.constant(ids)), [(ids.size, width)], seed, op)


@_SETTINGS
@given(ids=st.lists(st.integers(-1, 3), min_size=1, max_size=6),
       op=st.sampled_from(["unsorted_segment_max", "unsorted_segment_min", "unsorted_segment_prod",
                           "unsorted_segment_mean", "unsorted_segment_sqrt_n"]),
       seed=st.integers(0, 2 ** 16))
def test_unsorted_segments(ids, op, seed):
    present = sorted({i for i in ids if i >= 0})
    if not present:
        return
    # renumber so every segment is used (an empty max/min segment holds the dtype's limit)
    ids = [present.index(i) if i >= 0 else -1 for i in ids]
    fn = getattr(tf.math, op)
    _run(lambda x: fn(x, tf.constant(ids), len(present)), [(len(ids), 2)], seed, op)


_geometry = dict(size=st.integers(3, 6), k=st.integers(1, 3), stride=st.integers(1, 2),
                 padding=st.sampled_from(["SAME", "VALID"]), seed=st.integers(0, 2 ** 16))


@_SETTINGS
@given(**_geometry, dilation=st.integers(1, 2))
def test_conv1d(size, k, stride, padding, seed, dilation):
    if padding == "VALID" and (k - 1) * dilation + 1 > size:
        return
    if dilation == 1:
        _run(lambda x, w: tf.nn.conv1d(x, w, stride, padding), [(1, size, 2), (k, 2, 2)], seed, "conv1d", tol=1e-4)
        return
    # TF's CPU kernels backprop a dilated 2-D convolution only through oneDNN, so not in float64
    # (the finite-difference dtype): float64 raises TF's error, and in float32 the gradients equal
    # those of the undilated convolution whose kernel has its taps spread apart by zeros
    rng = np.random.default_rng(seed)
    x, w, = rng.standard_normal((1, size, 2)), rng.standard_normal((k, 2, 2))
    spread = np.zeros(((k - 1) * dilation + 1, 2, 2))
    spread[::dilation] = w

    def grads(kernel, dtype, rate):
        xs, ws = tf.constant(x, dtype), tf.constant(kernel, dtype)
        with tf.GradientTape() as t:
            t.watch([xs, ws])
            y = tf.nn.conv1d(xs, ws, stride, padding, dilations=rate)
            weights = np.cos(np.arange(int(tf.size(y)))).reshape(tuple(y.shape))
            loss = tf.reduce_sum(y * tf.constant(weights, dtype))
        return [g.numpy() for g in t.gradient(loss, [xs, ws])]
    with pytest.raises(tf.errors.InvalidArgumentError, match="do not yet support dilation rates larger than 1"):
        grads(w, tf.float64, dilation)
    dx, dw = grads(w, tf.float32, dilation)
    dx_spread, dw_spread = grads(spread, tf.float32, 1)
    np.testing.assert_allclose(dx, dx_spread, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(dw, dw_spread[::dilation], rtol=1e-4, atol=1e-4)


@_SETTINGS
@given(**_geometry)
def test_conv2d_transpose(size, k, stride, padding, seed):
    out = size * stride if padding == "SAME" else (size - 1) * stride + k
    _run(lambda x, w: tf.nn.conv2d_transpose(x, w, [1, out, out, 1], stride, padding),
         [(1, size, size, 2), (k, k, 1, 2)], seed, "conv2d_transpose", tol=1e-4)


@_SETTINGS
@given(**_geometry, rate=st.integers(1, 2))
def test_depthwise_conv2d(size, k, stride, padding, seed, rate):
    if rate > 1 and stride > 1:
        stride = 1
    if padding == "VALID" and (k - 1) * rate + 1 > size:
        return
    _run(lambda x, w: tf.nn.depthwise_conv2d(x, w, [1, stride, stride, 1], padding, dilations=[rate, rate]),
         [(1, size, size, 2), (k, k, 2, 2)], seed, "depthwise_conv2d", tol=1e-4)


@_SETTINGS
@given(**_geometry, rank=st.sampled_from([3, 4, 5]), op=st.sampled_from(["max_pool", "avg_pool"]))
def test_pools(size, k, stride, padding, seed, rank, op):
    if padding == "VALID" and k > size:
        return
    shape = (1,) + (size,) * (rank - 2) + (2,)
    fn = getattr(tf.nn, op)
    if op == "max_pool" and rank == 5:       # MaxPool3D has no float64 kernel: float32 inside
        _run(lambda x: tf.cast(fn(tf.cast(x, tf.float32), k, stride, padding, data_format="NDHWC"), tf.float64),
             [shape], seed, op, eps=1e-3, tol=1e-3)
    else:
        _run(lambda x: fn(x, k, stride, padding), [shape], seed, op)


@_SETTINGS
@given(begin=st.lists(st.integers(-4, 4), min_size=3, max_size=3), end=st.lists(st.integers(-4, 5), min_size=3,
       max_size=3), strides=st.lists(st.sampled_from([1, 2, -1, -2]), min_size=3, max_size=3),
       masks=st.tuples(*[st.integers(0, 7)] * 4), seed=st.integers(0, 2 ** 16))
def test_strided_slice(begin, end, strides, masks, seed):
    begin_mask, end_mask, new_axis_mask, shrink = masks
    shrink &= ~new_axis_mask
    for i in range(3):          # a shrunk dimension takes an in-range index and stride 1
        if shrink & (1 << i):
            begin[i], strides[i] = begin[i] % 3, 1
    x = tf.zeros([3, 4, 5])
    try:
        out = tf.strided_slice(x, begin, end, strides, begin_mask, end_mask, 0, new_axis_mask, shrink)
    except tf.errors.InvalidArgumentError:
        return
    if 0 in out.shape:
        return
    _run(lambda x: tf.strided_slice(x, begin, end, strides, begin_mask, end_mask, 0, new_axis_mask, shrink),
         [(3, 4, 5)], seed, "strided_slice")


@_SETTINGS
@given(m=st.integers(1, 4), n=st.integers(1, 4), op=st.sampled_from(["qr", "svd", "pinv"]), seed=st.integers(0, 2 ** 16))
def test_factorizations(m, n, op, seed):
    if op == "qr":
        fn = lambda a: [tf.abs(tf.linalg.qr(a)[1]), tf.linalg.qr(a)[0] ** 2]   # noqa: E731
    elif op == "svd":
        fn = lambda a: tf.linalg.svd(a, compute_uv=False)   # noqa: E731
    else:
        fn = tf.linalg.pinv
    _run(fn, [(m, n)], seed, op, tol=1e-4)


@_SETTINGS
@given(rows=st.integers(1, 4), cols=st.integers(1, 4), lo=st.integers(-3, 3), width=st.integers(0, 3),
       align=st.sampled_from(["RIGHT_LEFT", "LEFT_RIGHT", "LEFT_LEFT", "RIGHT_RIGHT"]), batch=st.integers(0, 2),
       seed=st.integers(0, 2 ** 16))
def test_diag_bands(rows, cols, lo, width, align, batch, seed):
    """diag_part, set_diag and diag on a band k=(lo, hi) of random matrices, every alignment."""
    lo = max(-rows + 1, min(lo, cols - 1))
    hi = min(lo + width, cols - 1)
    k = (lo, hi)
    lead = (2,) * batch
    part = tf.linalg.diag_part(tf.zeros(lead + (rows, cols), tf.float64), k=k, align=align)
    _run(lambda x: tf.linalg.diag_part(x, k=k, align=align), [lead + (rows, cols)], seed, "diag_part_band")
    _run(lambda x, d: tf.linalg.set_diag(x, d, k=k, align=align), [lead + (rows, cols), tuple(part.shape)], seed,
         "set_diag_band")
    _run(lambda d: tf.linalg.diag(d, k=k, num_rows=rows, num_cols=cols, align=align), [tuple(part.shape)], seed,
         "diag_band")

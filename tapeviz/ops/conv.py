"""Convolution and pooling over 1, 2 or 3 spatial dimensions, channels last (`tf.nn.conv1d`,
`conv2d`, `conv3d`, the transposed and depthwise convolutions, `max_pool*`, `avg_pool*`).

One set of NumPy kernels serves every rank: the input is padded (SAME or VALID, with TF's split
of odd padding, more after than before), viewed as strided windows `(N, *out, *kernel, C)`, and
contracted with the filter. The input gradient (also `conv*_transpose`) adds each kernel tap's
contribution back; the filter gradient contracts windows with the output gradient. 1-D ops are
TF's: a height-1 2-D op between ExpandDims and Squeeze.
"""
import itertools

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor, matching_tensors
from tapeviz.framework.errors import kernel_error, shape_list
from tapeviz.framework.registry import defgrad, defop, execute
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A

FLOATING, REAL = D.FLOATING, D.REAL
_NO_DOUBLE = frozenset({D.float16, D.float32})     # MaxPool3D, and Conv3D's CPU kernels


def _t(x):
    return x if type(x) is Tensor else convert_to_tensor(x)


def _mkl(op_type, dtype):
    """The kernel that runs, as TF's messages name it: oneDNN's (`_MklNative...`) for float32
    and float16 in the default x86 build, TF's own for the other dtypes."""
    return f"__MklNative{op_type}" if dtype in (np.float32, np.float16) else None


def _checked(op, x):
    if x.dtype not in op.dtypes or x.dtype in op.no_kernel:
        op._check_dtype(x.dtype)
    return x


# ---- geometry: output sizes, padding, strided windows ---------------------------------------------
def _out_size(n, k, s, padding, d=1):
    ek = (k - 1) * d + 1
    if padding == "VALID":
        return max((n - ek) // s + 1, 0), 0
    out = -(-n // s)
    return out, max((out - 1) * s + ek - n, 0) // 2


def _geometry(spatial, kernel, strides, padding, dilations=None):
    """Output size and (before, after) padding of each spatial dimension."""
    dilations = dilations or (1,) * len(spatial)
    out, pads = [], []
    for n, k, s, d in zip(spatial, kernel, strides, dilations):
        o, before = _out_size(n, k, s, padding, d)
        after = max((o - 1) * s + (k - 1) * d + 1 - n - before, 0)
        out.append(o)
        pads.append((before, after))
    return out, pads


def _padded(x, pads, value=0):
    if not any(b or a for b, a in pads):
        return x
    return np.pad(x, ((0, 0),) + tuple(pads) + ((0, 0),), constant_values=value)


def _windows(xp, kernel, strides, out, dilations=None):
    """A read-only (N, *out, *kernel, C) strided view of the padded input."""
    dilations = dilations or (1,) * len(kernel)
    sn, *ss, sc = xp.strides
    shape = (xp.shape[0], *out, *kernel, xp.shape[-1])
    steps = (sn, *[s * st for s, st in zip(ss, strides)], *[s * d for s, d in zip(ss, dilations)], sc)
    return np.lib.stride_tricks.as_strided(xp, shape, steps, writeable=False)


def _taps(kernel, dilations, strides, out):
    """For each kernel tap: its index and the strided slice of the padded input it touches."""
    for tap in itertools.product(*[range(k) for k in kernel]):
        yield tap, tuple(slice(t * d, t * d + (o - 1) * s + 1, s) for t, d, s, o in zip(tap, dilations, strides, out))


# ---- convolution ----------------------------------------------------------------------------------
def _np_conv(x, w, strides, padding, dilations, op_type="Conv2D"):
    nd = x.ndim - 2
    if x.shape[-1] != w.shape[nd]:
        raise kernel_error(op_type, f"input depth must be evenly divisible by filter depth: "
                           f"{x.shape[-1]} vs {w.shape[nd]}", name="", node=_mkl(op_type, x.dtype))
    out, pads = _geometry(x.shape[1:-1], w.shape[:nd], strides, padding, dilations)
    cols = _windows(_padded(x, pads), w.shape[:nd], strides, out, dilations)
    axes = list(range(nd + 1, 2 * nd + 2))
    return np.tensordot(cols, w, axes=(axes, list(range(nd + 1)))).astype(x.dtype, copy=False)


def _no_dilated_double(op_type, dtype, dilations):
    """TF's CPU kernels of the 2-D conv backprops dilate only through oneDNN (not float64)."""
    if dtype == np.float64 and any(d != 1 for d in dilations):
        raise kernel_error(op_type, "Current CPU implementations do not yet support dilation rates larger than 1.",
                           name="")


def _np_conv_backprop_input(g, w, input_shape, strides, padding, dilations):
    nd = len(input_shape) - 2
    if nd == 2:
        _no_dilated_double("Conv2DBackpropInput", g.dtype, dilations)
    out, pads = _geometry(input_shape[1:-1], w.shape[:nd], strides, padding, dilations)
    padded = (input_shape[0],) + tuple(n + b + a for n, (b, a) in zip(input_shape[1:-1], pads)) + (input_shape[-1],)
    dxp = np.zeros(padded, dtype=g.dtype)
    for tap, where in _taps(w.shape[:nd], dilations, strides, out):
        dxp[(slice(None),) + where] += g @ np.swapaxes(w[tap], -1, -2)     # (.., Cout) @ (Cout, Cin)
    return dxp[(slice(None),) + tuple(slice(b, b + n) for (b, _), n in zip(pads, input_shape[1:-1]))]


def _np_conv_backprop_filter(x, g, filter_shape, strides, padding, dilations):
    nd = x.ndim - 2
    if nd == 2:
        _no_dilated_double("Conv2DBackpropFilter", x.dtype, dilations)
    out, pads = _geometry(x.shape[1:-1], filter_shape[:nd], strides, padding, dilations)
    cols = _windows(_padded(x, pads), filter_shape[:nd], strides, out, dilations)
    lead = list(range(nd + 1))
    return np.tensordot(cols, g, axes=(lead, lead)).astype(x.dtype, copy=False)


def _conv_family(conv_type, input_type, filter_type, dtypes, dtype_names, no_kernel=frozenset()):
    """The three ops of one convolution rank, each differentiable in both of its inputs."""
    conv = defop(conv_type, lambda x, w, **a: _np_conv(x, w, op_type=conv_type, **a), dtypes=dtypes,
                 dtype_names=dtype_names, no_kernel=no_kernel)
    back_in = defop(input_type, _np_conv_backprop_input, dtypes=dtypes)
    back_filter = defop(filter_type, _np_conv_backprop_filter, dtypes=dtypes)
    defgrad(conv,
            lambda g, y, x, w, **a: back_in(g, w, input_shape=x._value.shape, **a),
            lambda g, y, x, w, **a: back_filter(x, g, filter_shape=w._value.shape, **a))
    defgrad(back_in,
            lambda gg, dx, g, w, input_shape, **a: conv(gg, w, **a),
            lambda gg, dx, g, w, input_shape, **a: back_filter(gg, g, filter_shape=w._value.shape, **a))
    defgrad(back_filter,
            lambda gg, dw, x, g, filter_shape, **a: back_in(g, gg, input_shape=x._value.shape, **a),
            lambda gg, dw, x, g, filter_shape, **a: conv(x, gg, **a))
    return conv, back_in, back_filter


_FLOAT_NAMES = "half, bfloat16, float, double"
_conv2d, _conv2d_backprop_input, _conv2d_backprop_filter = _conv_family(
    "Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter", FLOATING | {D.int32}, _FLOAT_NAMES + ", int32")
_conv3d, _conv3d_backprop_input, _conv3d_backprop_filter = _conv_family(
    "Conv3D", "Conv3DBackpropInputV2", "Conv3DBackpropFilterV2", FLOATING, _FLOAT_NAMES)


# ---- depthwise convolution: each input channel with its own `multiplier` filters ---------------------
def _np_depthwise(x, w, strides, padding, dilations):
    if x.shape[-1] != w.shape[2]:
        node = _mkl("DepthwiseConv2dNative", x.dtype)     # oneDNN's message, or TF's own kernel's
        message = "input depth must be evenly divisible by filter depth" if node else "input and filter must have " \
            "the same depth"
        raise kernel_error("DepthwiseConv2dNative", f"{message}: {x.shape[-1]} vs {w.shape[2]}", name="", node=node)
    out, pads = _geometry(x.shape[1:3], w.shape[:2], strides, padding, dilations)
    cols = _windows(_padded(x, pads), w.shape[:2], strides, out, dilations)
    y = np.einsum("nhwijc,ijcm->nhwcm", cols, w)
    return y.reshape(y.shape[:3] + (-1,)).astype(x.dtype, copy=False)


def _np_depthwise_backprop_input(g, w, input_shape, strides, padding, dilations):
    out, pads = _geometry(input_shape[1:3], w.shape[:2], strides, padding, dilations)
    n, h, wd, c = input_shape
    dxp = np.zeros((n, h + sum(pads[0]), wd + sum(pads[1]), c), dtype=g.dtype)
    gm = g.reshape(g.shape[:3] + w.shape[2:])
    for tap, where in _taps(w.shape[:2], dilations, strides, out):
        dxp[(slice(None),) + where] += np.einsum("nhwcm,cm->nhwc", gm, w[tap])
    return dxp[:, pads[0][0]:pads[0][0] + h, pads[1][0]:pads[1][0] + wd, :]


def _np_depthwise_backprop_filter(x, g, filter_shape, strides, padding, dilations):
    out, pads = _geometry(x.shape[1:3], filter_shape[:2], strides, padding, dilations)
    cols = _windows(_padded(x, pads), filter_shape[:2], strides, out, dilations)
    gm = g.reshape(g.shape[:3] + tuple(filter_shape[2:]))
    return np.einsum("nhwijc,nhwcm->ijcm", cols, gm).astype(x.dtype, copy=False)


_depthwise = defop("DepthwiseConv2dNative", _np_depthwise, dtypes=FLOATING, dtype_names=_FLOAT_NAMES)
_depthwise_backprop_input = defop("DepthwiseConv2dNativeBackpropInput", _np_depthwise_backprop_input,
                                  dtypes=FLOATING)
_depthwise_backprop_filter = defop("DepthwiseConv2dNativeBackpropFilter", _np_depthwise_backprop_filter,
                                   dtypes=FLOATING)
defgrad(_depthwise,
        lambda g, y, x, w, **a: _depthwise_backprop_input(g, w, input_shape=x._value.shape, **a),
        lambda g, y, x, w, **a: _depthwise_backprop_filter(x, g, filter_shape=w._value.shape, **a))
defgrad(_depthwise_backprop_input,
        lambda gg, dx, g, w, input_shape, **a: _depthwise(gg, w, **a),
        lambda gg, dx, g, w, input_shape, **a: _depthwise_backprop_filter(gg, g, filter_shape=w._value.shape, **a))
defgrad(_depthwise_backprop_filter,
        lambda gg, dw, x, g, filter_shape, **a: _depthwise_backprop_input(g, gg, input_shape=x._value.shape, **a),
        lambda gg, dw, x, g, filter_shape, **a: _depthwise(x, gg, **a))


# ---- arguments: TF's _get_sequence and checks ----------------------------------------------------------
def _sequence(value, n, name):
    """`value` (int or list) as n spatial entries, as TF's `_get_sequence` reads it (channels last)."""
    if value is None:
        return (1,) * n
    if isinstance(value, (int, np.integer)):
        return (int(value),) * n
    if isinstance(value, Tensor):
        value = value._value.tolist()
    v = [int(i) for i in value]
    if len(v) == 1:
        return (v[0],) * n
    if len(v) == n:
        return tuple(v)
    if len(v) == n + 2:
        return tuple(v[1:-1])
    raise ValueError(f"{name} should be of length 1, {n} or {n + 2}. Received: {name}={value} of length {len(v)}")


def _check_padding(padding):
    if not isinstance(padding, str) or padding.upper() not in ("SAME", "VALID"):
        raise NotImplementedError(f"padding {padding!r}: only 'SAME' and 'VALID' are supported")
    return padding.upper()


def _check_format(data_format, allowed):
    if data_format not in (None,) + allowed:
        raise NotImplementedError(f"data_format={data_format!r}: only channels-last ({allowed[0]}) is supported")


def _conv_attrs(strides, padding, dilations, n):
    return {"strides": _sequence(strides, n, "strides"), "padding": _check_padding(padding),
            "dilations": _sequence(dilations, n, "dilations")}


def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None, name=None):
    """2-D convolution of NHWC `input` with HWIO `filters` (SAME or VALID padding)."""
    _check_format(data_format, ("NHWC",))
    x, w = matching_tensors("Conv2D", [input, filters])
    _checked(_conv2d, x)
    if x.ndim != 4 or w.ndim != 4:
        raise kernel_error("Conv2D", f"input must be 4-dimensional{shape_list(x._value.shape)}", name="")
    return execute(_conv2d, [x, w], _conv_attrs(strides, padding, dilations, 2))


def conv1d(input, filters, stride, padding, data_format="NWC", dilations=None, name=None):
    """1-D convolution of NWC `input` with WIO `filters`: a height-1 conv2d, as TF computes it."""
    _check_format(data_format, ("NWC",))
    x, w = matching_tensors("Conv2D", [input, filters])
    s = (1,) + _sequence(stride, 1, "stride")
    d = (1,) + _sequence(dilations, 1, "dilations")
    y = conv2d(A.expand_dims(x, 1), A.expand_dims(w, 0), s, padding, dilations=d)
    return A.squeeze(y, [1])


def conv3d(input, filters, strides, padding, data_format="NDHWC", dilations=None, name=None):
    """3-D convolution of NDHWC `input` with DHWIO `filters`; `strides` has 5 entries, as in TF."""
    _check_format(data_format, ("NDHWC",))
    x, w = matching_tensors("Conv3D", [input, filters])
    _checked(_conv3d, x)
    for attr, v in (("strides", strides), ("dilations", dilations)):
        if v is not None and len(list(v)) < 5:
            raise errors.build_error("Conv3D", f"Length for attr '{attr}' of {len(list(v))} must be at least minimum 5")
    attrs = _conv_attrs(strides, padding, dilations or [1] * 5, 3)
    if x.dtype is D.float64 and any(d != 1 for d in attrs["dilations"]):     # oneDNN dilates the others
        raise kernel_error("Conv3D", "CPU implementation of Conv3D currently only supports dilated rates of 1.", name="")
    return execute(_conv3d, [x, w], attrs)


_ONEDNN_FAILURE = ("Operation received an exception:Status: 2, message: could not create a primitive descriptor for "
                   "the convolution forward propagation primitive. Run workload with environment variable "
                   "ONEDNN_VERBOSE=all to get additional diagnostic information., in file "
                   "tensorflow/core/kernels/mkl/mkl_conv_grad_input_ops.cc:546")


def _check_transpose_shape(op_type, g, w, output_shape, attrs):
    """TF's check that `output_shape` convolves back to the input's shape (oneDNN, which runs
    float32 and float16, fails inside instead: AbortedError)."""
    nd = len(output_shape) - 2
    out, _ = _geometry(output_shape[1:-1], w.shape[:nd], attrs["strides"], attrs["padding"], attrs["dilations"])
    for d in range(nd):
        if out[d] != g.shape[1 + d]:
            if nd == 2 and _mkl(op_type, g.dtype):
                raise errors.AbortedError(None, op_type, f"{{{{function_node __wrapped____MklNative{op_type}_device_/job:"
                                          f"localhost/replica:0/task:0/device:CPU:0}}}} {_ONEDNN_FAILURE} [Op:{op_type}]")
            raise kernel_error(op_type, f"Conv{nd}DCustomBackpropInput: Size of out_backprop doesn't match computed: "
                               f"actual = {g.shape[1 + d]}, computed = {out[d]} spatial_dim: {d + 1} input: "
                               f"{output_shape[1 + d]} filter: {w.shape[d]} output: {g.shape[1 + d]} stride: "
                               f"{attrs['strides'][d]} dilation: {attrs['dilations'][d]}")
    if output_shape[-1] != w.shape[nd] or g.shape[-1] != w.shape[nd + 1]:
        raise kernel_error(op_type, f"Conv{nd}DCustomBackpropInput: input and out_backprop must have the same "
                           f"depth as filter: {shape_list(output_shape)} vs {shape_list(w.shape)}")


def _conv_transpose(op, n, input, filters, output_shape, strides, padding, dilations):
    g, w = matching_tensors(op.type, [input, filters])
    _checked(op, g)
    attrs = _conv_attrs(strides, padding, dilations, n)
    shape = A.shape_arg(output_shape)
    _check_transpose_shape(op.type, g._value, w._value, shape, attrs)
    return execute(op, [g, w], dict(attrs, input_shape=shape))


def conv2d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NHWC", dilations=None,
                     name=None):
    """The transpose (gradient) of conv2d: `filters` is (h, w, out_channels, in_channels)."""
    _check_format(data_format, ("NHWC",))
    return _conv_transpose(_conv2d_backprop_input, 2, input, filters, output_shape, strides, padding, dilations)


def conv3d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NDHWC", dilations=None,
                     name=None):
    """The transpose (gradient) of conv3d: `filters` is (d, h, w, out_channels, in_channels)."""
    _check_format(data_format, ("NDHWC",))
    return _conv_transpose(_conv3d_backprop_input, 3, input, filters, output_shape, strides, padding, dilations)


def conv1d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NWC", dilations=None,
                     name=None):
    """The transpose of conv1d, through a height-1 conv2d_transpose as TF computes it."""
    _check_format(data_format, ("NWC",))
    shape = A.shape_arg(output_shape)
    y = conv2d_transpose(A.expand_dims(_t(input), 1), A.expand_dims(_t(filters), 0),
                         (shape[0], 1) + tuple(shape[1:]), (1,) + _sequence(strides, 1, "strides"), padding,
                         dilations=(1,) + _sequence(dilations, 1, "dilations"))
    return A.squeeze(y, [1])


def depthwise_conv2d(input, filter, strides, padding, data_format=None, dilations=None, name=None):
    """Convolves each input channel with its own `channel_multiplier` filters (h, w, in, multiplier);
    the output has in * multiplier channels. `strides` has 4 entries, as in TF."""
    _check_format(data_format, ("NHWC",))
    x, w = matching_tensors("DepthwiseConv2dNative", [input, filter])
    _checked(_depthwise, x)
    attrs = _conv_attrs(strides, padding, dilations, 2)
    rate = attrs.pop("dilations")
    if rate == (1, 1):
        return execute(_depthwise, [x, w], dict(attrs, dilations=rate))
    return _with_space_to_batch(x, w, rate, attrs["strides"], attrs["padding"])


def _with_space_to_batch(x, w, rate, strides, padding):
    """A dilated depthwise convolution as TF's Python computes it (`with_space_to_batch`): pad,
    split the input into rate[0] x rate[1] interleaved phases, convolve each phase with the
    undilated filter (VALID, with `strides`), interleave the results and crop. With strides > 1
    this differs from a dilated kernel, and TF's output is this one."""
    pads, crops = [], []
    for n, k, r in zip(x.shape[1:3], w.shape[:2], rate):
        total = (k - 1) * r if padding == "SAME" else 0
        before, after = total // 2, total - total // 2
        extra = (-(n + before + after)) % r
        pads.append([before, after + extra])
        crops.append(extra)
    xp = A.pad(x, [[0, 0]] + pads + [[0, 0]])
    rows = []
    for ph in range(rate[0]):
        cols = [execute(_depthwise, [xp[:, ph::rate[0], pw::rate[1], :], w],
                        {"strides": strides, "padding": "VALID", "dilations": (1, 1)}) for pw in range(rate[1])]
        rows.append(A.stack(cols, axis=3))                          # (N, oh, ow, rw, C)
    y = A.stack(rows, axis=2)                                       # (N, oh, rh, ow, rw, C)
    n, oh, _, ow, _, c = y.shape
    y = A.reshape(y, (n, oh * rate[0], ow * rate[1], c))
    return y[:, :oh * rate[0] - crops[0], :ow * rate[1] - crops[1], :]


# ---- pooling --------------------------------------------------------------------------------------
def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def _pool_windows(x, ksize, strides, padding, fill):
    out, pads = _geometry(x.shape[1:-1], ksize, strides, padding)
    return _windows(_padded(x, pads, fill), ksize, strides, out), out, pads


def _window_axes(nd):
    return tuple(range(nd + 1, 2 * nd + 1))


def _np_max_pool(x, ksize, strides, padding):
    cols, _, _ = _pool_windows(x, ksize, strides, padding, _lowest(x.dtype))
    return cols.max(axis=_window_axes(len(ksize)))


def _max_positions(x, ksize, strides, padding):
    """For each window, the flat index (into the padded input) of its first maximum."""
    nd = len(ksize)
    cols, out, pads = _pool_windows(x, ksize, strides, padding, _lowest(x.dtype))
    n, c = x.shape[0], x.shape[-1]
    moved = np.moveaxis(cols, -1, nd + 1).reshape((n, *out, c, -1))
    taps = np.unravel_index(moved.argmax(-1), ksize)
    padded = (n,) + tuple(s + b + a for s, (b, a) in zip(x.shape[1:-1], pads)) + (c,)
    grid = np.indices((n, *out, c), sparse=True)
    coords = [grid[0]] + [grid[1 + i] * strides[i] + taps[i] for i in range(nd)] + [grid[-1]]
    return np.ravel_multi_index(coords, padded), padded, pads


def _unpad(p, pads, shape):
    return p[(slice(None),) + tuple(slice(b, b + s) for (b, _), s in zip(pads, shape[1:-1]))]


def _np_max_pool_grad(x, y, g, ksize, strides, padding):
    flat, padded, pads = _max_positions(x, ksize, strides, padding)
    out = np.zeros(int(np.prod(padded)), dtype=g.dtype)
    np.add.at(out, flat.ravel(), g.ravel())
    return _unpad(out.reshape(padded), pads, x.shape)


def _np_max_pool_grad_grad(x, y, gg, ksize, strides, padding):
    flat, _, pads = _max_positions(x, ksize, strides, padding)
    return _padded(gg, pads).ravel()[flat]


def _max_pool_family(pool_type, grad_type, grad_grad_type, dtypes, dtype_names=None, no_kernel=frozenset()):
    pool = defop(pool_type, _np_max_pool, dtypes=dtypes, dtype_names=dtype_names, no_kernel=no_kernel)
    grad = defop(grad_type, _np_max_pool_grad, dtypes=dtypes)
    grad_grad = defop(grad_grad_type, _np_max_pool_grad_grad, dtypes=dtypes)
    defgrad(pool, lambda g, y, x, **a: grad(x, y, g, **a))
    # TF's second-order rules give zeros (not None) for the pooled input and output
    defgrad(grad, lambda gg, dx, x, y, g, **a: A.zeros_like(x), lambda gg, dx, x, y, g, **a: A.zeros_like(y),
            lambda gg, dx, x, y, g, **a: grad_grad(x, y, gg, **a))
    defgrad(grad_grad, lambda gg, dy, x, y, g, **a: A.zeros_like(x), lambda gg, dy, x, y, g, **a: A.zeros_like(y),
            lambda gg, dy, x, y, g, **a: grad(x, y, gg, **a))
    return pool


def _avg_counts(spatial, ksize, strides, padding):
    ones = np.ones((1,) + tuple(spatial) + (1,))
    cols, _, _ = _pool_windows(ones, ksize, strides, padding, 0)
    return cols.sum(axis=_window_axes(len(ksize)))   # windows count only real (unpadded) cells


def _np_avg_pool(x, ksize, strides, padding):
    cols, _, _ = _pool_windows(x, ksize, strides, padding, 0)
    counts = _avg_counts(x.shape[1:-1], ksize, strides, padding)
    return (cols.sum(axis=_window_axes(len(ksize))) / counts).astype(x.dtype, copy=False)


def _np_avg_pool_grad(g, input_shape, ksize, strides, padding):
    nd = len(ksize)
    share = (g / _avg_counts(input_shape[1:-1], ksize, strides, padding)).astype(g.dtype, copy=False)
    n, c = input_shape[0], input_shape[-1]
    # spread each output's share over its window: a transposed conv of every channel on its own
    flat = np.moveaxis(share, -1, 1).reshape((n * c,) + g.shape[1:-1] + (1,))
    ones = np.ones(tuple(ksize) + (1, 1), g.dtype)
    dx = _np_conv_backprop_input(flat, ones, (n * c,) + tuple(input_shape[1:-1]) + (1,), strides, padding,
                                 (1,) * nd)
    return np.moveaxis(dx.reshape((n, c) + tuple(input_shape[1:-1])), 1, -1)


def _avg_pool_family(pool_type, grad_type, no_kernel=frozenset()):
    pool = defop(pool_type, _np_avg_pool, dtypes=FLOATING, dtype_names="half, bfloat16, float, double",
                 no_kernel=no_kernel)
    grad = defop(grad_type, _np_avg_pool_grad, dtypes=FLOATING)
    defgrad(pool, lambda g, y, x, **a: grad(g, input_shape=x._value.shape, **a))
    defgrad(grad, lambda gg, dx, g, input_shape, **a: pool(gg, **a))
    return pool


_max_pool = _max_pool_family("MaxPool", "MaxPoolGrad", "MaxPoolGradGrad", REAL)
_max_pool3d = _max_pool_family("MaxPool3D", "MaxPool3DGrad", "MaxPool3DGradGrad", _NO_DOUBLE,
                               dtype_names="half, bfloat16, float", no_kernel=frozenset({D.float16}))
_avg_pool = _avg_pool_family("AvgPool", "AvgPoolGrad")
_avg_pool3d = _avg_pool_family("AvgPool3D", "AvgPool3DGrad", no_kernel=frozenset({D.float16}))


def _pool_sequence(op, x, value, n, name):
    """A pool's ksize or strides as n spatial entries; TF's kernels refuse to pool over the
    batch, and over the channels together with space."""
    spatial = _sequence(value, n, name)
    full = value if isinstance(value, (list, tuple)) and len(value) == n + 2 else None
    if full is not None and int(full[0]) != 1:
        raise kernel_error(op.type, "Pooling is not yet supported on the batch dimension.", name="",
                           cls=errors.UnimplementedError, node=_mkl(op.type, x.dtype) if op.type in ("MaxPool", "AvgPool") else None)
    if full is not None and int(full[-1]) != 1:
        # oneDNN takes AvgPool whatever its window; MaxPool over the depth stays TF's own kernel
        raise kernel_error(op.type, "MaxPooling supports exactly one of pooling across depth or pooling across "
                           "width/height.", name="", cls=errors.UnimplementedError,
                           node=_mkl(op.type, x.dtype) if op.type == "AvgPool" else None)
    return spatial


def _pool(op, x, n, ksize, strides, padding):
    _checked(op, x)
    return op(x, ksize=_pool_sequence(op, x, ksize, n, "ksize"), strides=_pool_sequence(op, x, strides, n, "strides"),
              padding=_check_padding(padding))


def _pool1d(op, input, ksize, strides, padding):
    x = _checked(op, A.expand_dims(_t(input), 1))
    y = op(x, ksize=(1,) + _pool_sequence(op, x, ksize, 1, "ksize"),
           strides=(1,) + _pool_sequence(op, x, strides, 1, "strides"), padding=_check_padding(padding))
    return A.squeeze(y, [1])


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """Max over ksize windows of NHWC `input`."""
    _check_format(data_format, ("NHWC",))
    return _pool(_max_pool, _t(input), 2, ksize, strides, padding)


def avg_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """Mean over ksize windows of NHWC `input` (SAME windows average only real cells)."""
    _check_format(data_format, ("NHWC",))
    return _pool(_avg_pool, _t(input), 2, ksize, strides, padding)


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    """Max over windows of NWC `input` (a height-1 max_pool2d, as TF computes it)."""
    _check_format(data_format, ("NWC",))
    return _pool1d(_max_pool, input, ksize, strides, padding)


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    """Mean over windows of NWC `input` (a height-1 avg_pool2d)."""
    _check_format(data_format, ("NWC",))
    return _pool1d(_avg_pool, input, ksize, strides, padding)


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    """Max over windows of NDHWC `input` (float16 and float32 only, as TF's kernel)."""
    _check_format(data_format, ("NDHWC",))
    return _pool(_max_pool3d, _t(input), 3, ksize, strides, padding)


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    """Mean over windows of NDHWC `input`."""
    _check_format(data_format, ("NDHWC",))
    return _pool(_avg_pool3d, _t(input), 3, ksize, strides, padding)


def _by_rank(fns, input, ksize, strides, padding, data_format):
    x = _t(input)
    rank = x.ndim
    if rank not in (3, 4, 5):
        raise ValueError(f"`input.shape.rank` must be 3, 4 or 5. Received: input.shape={tuple(x.shape)} of rank {rank}.")
    if data_format is not None and data_format[1:3] == "C":
        raise NotImplementedError(f"data_format={data_format!r}: only channels-last is supported")
    n = rank - 2
    _sequence(ksize, n, "ksize")
    _sequence(strides, n, "strides")
    return fns[n - 1](x, ksize, strides, padding)


def max_pool(input, ksize, strides, padding, data_format=None, name=None):
    """Max pooling of a rank 3, 4 or 5 channels-last `input` (1-, 2- or 3-D windows)."""
    return _by_rank((max_pool1d, max_pool2d, max_pool3d), input, ksize, strides, padding, data_format)


def avg_pool(input, ksize, strides, padding, data_format=None, name=None):
    """Average pooling of a rank 3, 4 or 5 channels-last `input` (1-, 2- or 3-D windows)."""
    return _by_rank((avg_pool1d, avg_pool2d, avg_pool3d), input, ksize, strides, padding, data_format)


export(conv1d, "nn.conv1d")
export(conv2d, "nn.conv2d")
export(conv3d, "nn.conv3d")
export(conv1d_transpose, "nn.conv1d_transpose")
export(conv2d_transpose, "nn.conv2d_transpose")
export(conv3d_transpose, "nn.conv3d_transpose")
export(depthwise_conv2d, "nn.depthwise_conv2d")
export(max_pool, "nn.max_pool")
export(max_pool1d, "nn.max_pool1d")
export(max_pool2d, "nn.max_pool2d")
export(max_pool3d, "nn.max_pool3d")
export(avg_pool, "nn.avg_pool")
export(avg_pool1d, "nn.avg_pool1d")
export(avg_pool2d, "nn.avg_pool2d")
export(avg_pool3d, "nn.avg_pool3d")

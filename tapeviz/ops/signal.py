"""`tf.signal`: the FFT kernels (FFT/IFFT in 1, 2 and 3 dimensions, RFFT/IRFFT) with TF's
gradients, and the framing, windowing and STFT functions TF composes from ops.

Gradients as TF writes them: the adjoint of an FFT is `size * IFFT`, of an IFFT `FFT / size`;
RFFT's is TF's half of IRFFT(g) * size plus the real parts of the DC and Nyquist bins, IRFFT's
the RFFT of the gradient with each bin counted once or twice (once for the DC and an even
length's Nyquist bin, twice for the bins whose mirror image IRFFT adds in). TF has no gradient
for the 3-D real transforms, and its real-transform gradients fail when `fft_length` cuts or pads
the input: both as in TF.
"""
import math

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.registry import defgrad, defop, unregistered_gradient
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops import linalg as L
from tapeviz.ops import math as M

_REAL_OF = {D.complex64: D.float32, D.complex128: D.float64}


def _rank_check(op_type, x, rank):
    if x.ndim < rank:
        raise errors.kernel_error(op_type, f"Input must have rank of at least {rank} but got: "
                                  f"{errors.shape_list(x.shape)}", name="")


# ---- complex FFTs -------------------------------------------------------------------------------
def _complex_fft(op_type, rank, inverse):
    axes = tuple(range(-rank, 0))

    def forward(x):
        _rank_check(op_type, x, rank)
        if x.size == 0:
            return x.copy()
        out = np.fft.ifftn(x, axes=axes) if inverse else np.fft.fftn(x, axes=axes)
        return out.astype(x.dtype)
    return defop(op_type, forward, dtypes=D.COMPLEX, inputs="input")


def _size(t, rank):
    """The number of points the last `rank` axes transform, as a scalar of t's dtype."""
    return convert_to_tensor(float(np.prod(t.shape[len(t.shape) - rank:])), dtype=t.dtype)


fft_op = _complex_fft("FFT", 1, False)
ifft_op = _complex_fft("IFFT", 1, True)
fft2d_op = _complex_fft("FFT2D", 2, False)
ifft2d_op = _complex_fft("IFFT2D", 2, True)
fft3d_op = _complex_fft("FFT3D", 3, False)
ifft3d_op = _complex_fft("IFFT3D", 3, True)
defgrad(fft_op, lambda g, y, x: ifft_op(g) * _size(g, 1))
defgrad(ifft_op, lambda g, y, x: fft_op(g) / _size(g, 1))
defgrad(fft2d_op, lambda g, y, x: ifft2d_op(g) * _size(g, 2))
defgrad(ifft2d_op, lambda g, y, x: fft2d_op(g) / _size(g, 2))
defgrad(fft3d_op, lambda g, y, x: ifft3d_op(g) * _size(g, 3))
defgrad(ifft3d_op, lambda g, y, x: fft3d_op(g) / _size(g, 3))
_INVERSE = {1: ifft_op, 2: ifft2d_op, 3: ifft3d_op}


# ---- real FFTs ----------------------------------------------------------------------------------
def _np_rfft(x, fft_length):
    lengths = [int(n) for n in fft_length]
    rank = len(lengths)
    _rank_check(f"RFFT{'' if rank == 1 else f'{rank}D'}", x, rank)
    out_shape = x.shape[:-rank] + tuple(lengths[:-1]) + ((lengths[-1] // 2 + 1) if lengths[-1] else 0,)
    cdtype = np.complex64 if x.dtype == np.float32 else np.complex128
    if 0 in out_shape or 0 in lengths:
        return np.zeros(out_shape, cdtype)
    return np.fft.rfftn(x, s=lengths, axes=tuple(range(-rank, 0))).astype(cdtype)


def _np_irfft(x, fft_length):
    lengths = [int(n) for n in fft_length]
    rank = len(lengths)
    _rank_check(f"IRFFT{'' if rank == 1 else f'{rank}D'}", x, rank)
    rdtype = np.float32 if x.dtype == np.complex64 else np.float64
    if 0 in x.shape or 0 in lengths:
        return np.zeros(x.shape[:-rank] + tuple(lengths), rdtype)
    # the inner axis is cut or zero-padded to n // 2 + 1 bins first, as TF's kernel does
    inner = lengths[-1] // 2 + 1
    x = x[..., :inner]
    if x.shape[-1] < inner:
        x = np.concatenate([x, np.zeros(x.shape[:-1] + (inner - x.shape[-1],), x.dtype)], axis=-1)
    return np.fft.irfftn(x, s=lengths, axes=tuple(range(-rank, 0))).astype(rdtype)


def _lengths(fft_length):
    return [int(n) for n in fft_length._value]


def _irfft_weights(bins, odd, dtype):
    """TF's IRFFT gradient mask over the input's `bins`: 1 for the DC bin, 2 for the bins IRFFT
    mirrors, 1 for an even length's Nyquist bin."""
    weights = np.concatenate([[1.0], np.full(max(0, bins - 2 + odd), 2.0), np.ones(1 - odd)])
    return convert_to_tensor(weights, dtype=dtype)


def _alternating(length, dtype):
    """1, -1, 1, ... (`length` of them)."""
    return convert_to_tensor(1.0 - 2.0 * (np.arange(length) % 2), dtype=dtype)


def _dft_matrix(length, dtype, batch):
    """exp(-2 pi i a b / length) for a, b < length, repeated over the `batch` dimensions (TF tiles it)."""
    grid = np.outer(np.arange(length), np.arange(length))
    matrix = np.exp(-2j * np.pi * grid / max(length, 1))
    return convert_to_tensor(np.broadcast_to(matrix, tuple(batch) + matrix.shape), dtype=dtype)


def _count(shape):
    return float(np.prod(shape))


def _rfft_grad(g, y, x, fft_length):
    # TF's formula: half of (IRFFT(g) * size + the DC and Nyquist bins' real parts, which IRFFT
    # counts once where the adjoint needs them once more); for an input cut or padded by
    # `fft_length` the shapes disagree and TF's addition fails, as here.
    lengths = _lengths(fft_length)
    rank = len(lengths)
    odd = lengths[-1] % 2
    inner = x.shape[-1]
    y0, ym = g[..., 0:1], g[..., -1:]
    if rank == 1:
        extra = y0 + ym * _alternating(inner, g.dtype) * (1 - odd)
    else:
        mask = _dft_matrix(x.shape[-2], g.dtype, batch=g.shape[:-2])
        extra = L.matmul(mask, M.conj(y0)) + \
            L.matmul(mask, M.conj(ym)) * _alternating(inner, g.dtype) * (1 - odd)
    size = _count(x.shape[len(x.shape) - rank:])
    return 0.5 * (irfft_ops[rank](g, fft_length) * size + M.real(extra))


def _irfft_grad(g, y, x, fft_length):
    lengths = _lengths(fft_length)
    weights = _irfft_weights(x.shape[-1], lengths[-1] % 2, _REAL_OF[x.dtype]) / _count(lengths)
    return rfft_ops[len(lengths)](g, fft_length) * M.cast(weights, x.dtype)


rfft_ops, irfft_ops = {}, {}
for _rank, _suffix in ((1, ""), (2, "2D"), (3, "3D")):
    rfft_ops[_rank] = defop("RFFT" + _suffix, _np_rfft, dtypes=frozenset({D.float32, D.float64}), match=False,
                            inputs="input, fft_length")
    irfft_ops[_rank] = defop("IRFFT" + _suffix, _np_irfft, dtypes=D.COMPLEX, match=False,
                             inputs="input, fft_length")
defgrad(rfft_ops[1], _rfft_grad, None)
defgrad(irfft_ops[1], _irfft_grad, None)
defgrad(rfft_ops[2], _rfft_grad, None)
defgrad(irfft_ops[2], _irfft_grad, None)
unregistered_gradient(rfft_ops[3])      # TF 2.21 registers none for the 3-D real transforms
unregistered_gradient(irfft_ops[3])


def _complex_input(x, op_type):
    x = x if isinstance(x, Tensor) else convert_to_tensor(x, dtype_hint=D.complex64)
    if x.dtype not in D.COMPLEX:
        raise errors.InvalidArgumentError(None, op_type, f"Value for attr 'Tcomplex' of {x.dtype.c_name} is not in "
                                          f"the list of allowed values: complex64, complex128 [Op:{op_type}] name: ")
    return x


def _fft_fn(op, op_type):
    def transform(input, name=None):
        return op(_complex_input(input, op_type))
    transform.__name__ = op_type.lower()
    transform.__doc__ = f"TF's {op_type} over the innermost axes of a complex64/complex128 tensor."
    return transform


fft, ifft = _fft_fn(fft_op, "FFT"), _fft_fn(ifft_op, "IFFT")
fft2d, ifft2d = _fft_fn(fft2d_op, "FFT2D"), _fft_fn(ifft2d_op, "IFFT2D")
fft3d, ifft3d = _fft_fn(fft3d_op, "FFT3D"), _fft_fn(ifft3d_op, "IFFT3D")


def _pad_for_rfft(x, lengths, inverse):
    """The input zero-padded up to the transform's size (n // 2 + 1 bins innermost for IRFFT),
    in Python before the kernel as TF's wrappers do, so the kernel itself only ever cuts."""
    if 0 in x.shape:
        return x
    target = lengths[:-1] + [lengths[-1] // 2 + 1] if inverse else lengths
    lead = len(x.shape) - len(target)
    pads = [[0, max(n - d, 0)] for n, d in zip(target, x.shape[lead:])]
    return A.pad(x, [[0, 0]] * lead + pads) if any(p for _, p in pads) else x


def _real_fft_fn(rank, inverse):
    name = ("IRFFT" if inverse else "RFFT") + ("" if rank == 1 else f"{rank}D")

    def transform(input_tensor, fft_length=None, name=None):
        x = input_tensor if isinstance(input_tensor, Tensor) else convert_to_tensor(
            input_tensor, dtype_hint=D.complex64 if inverse else D.float32)
        allowed = D.COMPLEX if inverse else (D.float32, D.float64)
        if x.dtype not in allowed:
            kinds = "tf.complex64 or tf.complex128" if inverse else "tf.float32 or tf.float64"
            raise ValueError(f"{'IRFFT' if inverse else 'RFFT'} requires {kinds} inputs, got: {x!s}")
        if len(x.shape) < rank:
            raise ValueError(f"Shape {x.shape} must have rank at least {rank}")
        if fft_length is None:
            dims = list(x.shape[len(x.shape) - rank:])
            if inverse:
                dims[-1] = max(0, 2 * (dims[-1] - 1))
            fft_length = dims
        lengths = convert_to_tensor(fft_length, dtype=D.int32)
        x = _pad_for_rfft(x, [int(n) for n in lengths._value], inverse)
        return (irfft_ops if inverse else rfft_ops)[rank](x, lengths)
    transform.__name__ = name.lower()
    transform.__doc__ = (f"TF's {name}: " + ("the real signal of a half spectrum (innermost axis n // 2 + 1 bins)."
                                              if inverse else "the n // 2 + 1 non-negative frequency bins of a real "
                                              "signal, cut or zero-padded to `fft_length`."))
    return transform


rfft, irfft = _real_fft_fn(1, False), _real_fft_fn(1, True)
rfft2d, irfft2d = _real_fft_fn(2, False), _real_fft_fn(2, True)
rfft3d, irfft3d = _real_fft_fn(3, False), _real_fft_fn(3, True)


def fftshift(x, axes=None, name=None):
    """Moves the zero frequency to the centre of each of `axes` (all by default)."""
    x = convert_to_tensor(x)
    axes = list(range(len(x.shape))) if axes is None else ([axes] if isinstance(axes, int) else list(axes))
    return A.roll(x, [x.shape[a] // 2 for a in axes], axes)


def ifftshift(x, axes=None, name=None):
    """The inverse of `fftshift`."""
    x = convert_to_tensor(x)
    axes = list(range(len(x.shape))) if axes is None else ([axes] if isinstance(axes, int) else list(axes))
    return A.roll(x, [-(x.shape[a] // 2) for a in axes], axes)


# ---- windows, framing, STFT (composed, as TF composes them) ------------------------------------
def _raised_cosine(window_length, periodic, dtype, a, b):
    dtype = D.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Found {dtype!s}")
    length = int(window_length)
    if length == 1:
        return Tensor(np.ones([1], dtype.as_numpy_dtype))
    even = 1 - length % 2
    n = dtype.as_numpy_dtype(length + int(bool(periodic)) * even - 1)
    count = np.arange(length).astype(dtype.as_numpy_dtype)
    angle = dtype.as_numpy_dtype(2.0 * np.pi) * count / n
    return Tensor((dtype.as_numpy_dtype(a) - dtype.as_numpy_dtype(b) * np.cos(angle)).astype(dtype.as_numpy_dtype))


def hann_window(window_length, periodic=True, dtype=D.float32, name=None):
    """0.5 - 0.5 cos(2 pi n / N): N is the length, less one unless `periodic` (and the length even)."""
    return _raised_cosine(window_length, periodic, dtype, 0.5, 0.5)


def hamming_window(window_length, periodic=True, dtype=D.float32, name=None):
    """0.54 - 0.46 cos(2 pi n / N), N as in `hann_window`."""
    return _raised_cosine(window_length, periodic, dtype, 0.54, 0.46)


def frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1, name=None):
    """Overlapping frames of `frame_length` samples every `frame_step` along `axis` (a new axis of
    frames before the frame axis); `pad_end` pads with `pad_value` so every sample is framed."""
    signal = convert_to_tensor(signal)
    rank = len(signal.shape)
    axis = axis + rank if axis < 0 else axis
    length = signal.shape[axis]
    frame_length, frame_step = int(frame_length), int(frame_step)
    if pad_end:
        frames = -(-length // frame_step)
        extra = max(0, frame_length + frame_step * (frames - 1) - length)
        if extra:
            pads = [[0, 0]] * rank
            pads[axis] = [0, extra]
            signal = A.pad(signal, pads, constant_values=pad_value)
    else:
        frames = max(0, 1 + (length - frame_length) // frame_step)
    index = (np.arange(frames)[:, None] * frame_step + np.arange(frame_length)[None, :]).astype(np.int32)
    return A.gather(signal, Tensor(index.reshape(frames, frame_length)), axis=axis)


def overlap_and_add(signal, frame_step, name=None):
    """The frames of `signal [..., frames, frame_length]` added together, each `frame_step` after
    the last: `[..., (frames - 1) * frame_step + frame_length]`."""
    signal = convert_to_tensor(signal)
    *outer, frames, frame_length = signal.shape
    frame_step = int(frame_step)
    length = max(0, (frames - 1) * frame_step + frame_length) if frames else frame_length
    position = (np.arange(frames)[:, None] * frame_step + np.arange(frame_length)[None, :]).reshape(-1)
    flat = A.reshape(signal, outer + [frames * frame_length])
    moved = A.transpose(flat, [len(outer)] + list(range(len(outer))))
    summed = A.unsorted_segment_sum(moved, Tensor(position.astype(np.int32)), length)
    return A.transpose(summed, list(range(1, len(outer) + 1)) + [0])


def _enclosing_power_of_two(value):
    return int(2 ** math.ceil(math.log2(value))) if value > 0 else 1


def stft(signals, frame_length, frame_step, fft_length=None, window_fn=hann_window, pad_end=False, name=None):
    """The short-time Fourier transform: `rfft` of each windowed frame, `[..., frames, fft_length // 2 + 1]`."""
    signals = convert_to_tensor(signals)
    fft_length = _enclosing_power_of_two(frame_length) if fft_length is None else int(fft_length)
    framed = frame(signals, frame_length, frame_step, pad_end=pad_end)
    if window_fn is not None:
        framed = framed * window_fn(frame_length, dtype=framed.dtype)
    return rfft(framed, [fft_length])


def inverse_stft(stfts, frame_length, frame_step, fft_length=None, window_fn=hann_window, name=None):
    """The overlap-added, windowed inverse `rfft` of each frame of `stfts`."""
    stfts = convert_to_tensor(stfts)
    fft_length = _enclosing_power_of_two(frame_length) if fft_length is None else int(fft_length)
    frames = irfft(stfts, [fft_length])[..., :frame_length]
    if frames.shape[-1] < frame_length:
        frames = A.pad(frames, [[0, 0]] * (len(frames.shape) - 1) + [[0, frame_length - frames.shape[-1]]])
    if window_fn is not None:
        frames = frames * window_fn(frame_length, dtype=_REAL_OF[stfts.dtype])
    return overlap_and_add(frames, frame_step)


def inverse_stft_window_fn(frame_step, forward_window_fn=hann_window, name=None):
    """A window function for `inverse_stft` that undoes `forward_window_fn`'s overlap-added gain."""
    def inverse_window(frame_length, dtype):
        forward = forward_window_fn(frame_length, dtype=dtype)
        overlaps = -(-frame_length // frame_step)
        denom = A.pad(M.square(forward), [[0, overlaps * frame_step - frame_length]])
        denom = M.reduce_sum(A.reshape(denom, [overlaps, frame_step]), 0, keepdims=True)
        denom = A.reshape(A.tile(denom, [overlaps, 1]), [overlaps * frame_step])
        return forward / denom[:frame_length]
    return inverse_window


for _fn, _names in ((fft, "fft"), (ifft, "ifft"), (fft2d, "fft2d"), (ifft2d, "ifft2d"), (fft3d, "fft3d"),
                    (ifft3d, "ifft3d"), (rfft, "rfft"), (irfft, "irfft"), (rfft2d, "rfft2d"), (irfft2d, "irfft2d"),
                    (rfft3d, "rfft3d"), (irfft3d, "irfft3d"), (fftshift, "fftshift"), (ifftshift, "ifftshift"),
                    (hann_window, "hann_window"), (hamming_window, "hamming_window"), (frame, "frame"),
                    (overlap_and_add, "overlap_and_add"), (stft, "stft"), (inverse_stft, "inverse_stft"),
                    (inverse_stft_window_fn, "inverse_stft_window_fn")):
    export(_fn, "signal." + _names)

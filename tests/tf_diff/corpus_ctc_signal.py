"""`tf.signal` against TF 2.21: the FFT family (values, dtypes, errors, gradients through complex
spectra), windows, frame / overlap_and_add, stft / inverse_stft, fftshift; generated cases with
random shapes and lengths."""
import random

from tests.tf_diff.corpus import S

_X = """
rng = np.random.default_rng(3)
x = tf.constant(rng.normal(size=(2, 8)).astype('float32'))
z = tf.complex(x, tf.reverse(x, [1]))
"""


def _s(name, code, **kw):
    return S(f"signal.{name}", _X + (code if "result =" in code else f"result = {code}"), **kw)


FIXED = [
    _s("fft", "tf.signal.fft(z)"),
    _s("fft128", "tf.signal.fft(tf.cast(z, tf.complex128))"),
    _s("ifft", "tf.signal.ifft(z)"),
    _s("fft2d", "tf.signal.fft2d(tf.reshape(z, [2, 2, 4]))"),
    _s("ifft2d", "tf.signal.ifft2d(tf.reshape(z, [4, 4]))"),
    _s("fft3d", "tf.signal.fft3d(tf.reshape(z, [2, 2, 4]))"),
    _s("ifft3d", "tf.signal.ifft3d(tf.reshape(z, [1, 2, 2, 4]))"),
    _s("fft_float", "tf.signal.fft(x)"),
    _s("fft_half", "tf.signal.fft(tf.cast(x, tf.float16))"),
    _s("fft_scalar", "tf.signal.fft(tf.constant(1 + 0j, tf.complex64))"),
    _s("fft2d_rank1", "tf.signal.fft2d(z[0])"),
    _s("fft_empty", "tf.signal.fft(tf.zeros([3, 0], tf.complex64))"),
    _s("rfft", "tf.signal.rfft(x)"),
    _s("rfft64", "tf.signal.rfft(tf.cast(x, tf.float64))"),
    _s("rfft_cut", "tf.signal.rfft(x, [5])"),
    _s("rfft_padded", "tf.signal.rfft(x, [12])"),
    _s("rfft_int", "tf.signal.rfft(tf.range(4))"),
    _s("rfft_complex", "tf.signal.rfft(z)"),
    _s("rfft_list", "tf.signal.rfft([1., 2., 3.])"),
    _s("rfft_empty", "tf.signal.rfft(tf.zeros([0]))"),
    _s("irfft", "tf.signal.irfft(tf.signal.rfft(x))"),
    _s("irfft_odd", "tf.signal.irfft(tf.signal.rfft(x), [7])"),
    _s("irfft_imag_dc", "tf.signal.irfft(z[:, :5])"),
    _s("irfft_float", "tf.signal.irfft(x)"),
    _s("rfft2d", "tf.signal.rfft2d(tf.reshape(x, [4, 4]))"),
    _s("rfft2d_len", "tf.signal.rfft2d(tf.reshape(x, [4, 4]), [3, 6])"),
    _s("irfft2d", "tf.signal.irfft2d(tf.signal.rfft2d(tf.reshape(x, [2, 2, 4])))"),
    _s("rfft3d", "tf.signal.rfft3d(tf.reshape(x, [2, 2, 4]))"),
    _s("irfft3d", "tf.signal.irfft3d(tf.reshape(z, [2, 2, 4]))"),
    _s("fft_grad", "with tf.GradientTape() as t:\n    t.watch(z)\n    y = tf.reduce_sum(tf.abs(tf.signal.fft(z)))\n"
       "result = t.gradient(y, z)", rtol=1e-4, atol=1e-5),
    _s("ifft2d_grad", "with tf.GradientTape() as t:\n    t.watch(z)\n"
       "    y = tf.reduce_sum(tf.math.real(tf.signal.ifft2d(z) * tf.complex(x, x)))\nresult = t.gradient(y, z)"),
    _s("rfft_grad", "with tf.GradientTape() as t:\n    t.watch(x)\n"
       "    y = tf.reduce_sum(tf.abs(tf.signal.rfft(x)) * tf.range(5.))\nresult = t.gradient(y, x)",
       rtol=1e-4, atol=1e-5),
    _s("rfft_odd_grad", "with tf.GradientTape() as t:\n    t.watch(x)\n"
       "    y = tf.reduce_sum(tf.math.imag(tf.signal.rfft(x[:, :7])) * tf.range(4.))\nresult = t.gradient(y, x)",
       rtol=1e-4, atol=1e-5),
    _s("irfft_grad", "with tf.GradientTape() as t:\n    t.watch(z)\n"
       "    y = tf.reduce_sum(tf.signal.irfft(z[:, :5]) * tf.range(8.))\nresult = t.gradient(y, z)",
       rtol=1e-4, atol=1e-5),
    _s("irfft_odd_grad", "with tf.GradientTape() as t:\n    t.watch(z)\n"
       "    y = tf.reduce_sum(tf.signal.irfft(z[:, :4], [7]) * tf.range(7.))\nresult = t.gradient(y, z)",
       rtol=1e-4, atol=1e-5),
    _s("rfft2d_grad", "x2 = tf.reshape(x, [4, 4])\nwith tf.GradientTape() as t:\n    t.watch(x2)\n"
       "    y = tf.reduce_sum(tf.abs(tf.signal.rfft2d(x2)))\nresult = t.gradient(y, x2)", rtol=1e-4, atol=1e-5),
    _s("irfft2d_grad", "z2 = tf.reshape(z, [4, 4])[:, :3]\nwith tf.GradientTape() as t:\n    t.watch(z2)\n"
       "    y = tf.reduce_sum(tf.signal.irfft2d(z2) ** 2)\nresult = t.gradient(y, z2)", rtol=1e-4, atol=1e-5),
    _s("hann", "(tf.signal.hann_window(5), tf.signal.hann_window(6), tf.signal.hann_window(1), "
       "tf.signal.hann_window(6, periodic=False))"),
    _s("hamming", "(tf.signal.hamming_window(7, dtype=tf.float64), tf.signal.hamming_window(4, periodic=False))"),
    _s("hann_int", "tf.signal.hann_window(5, dtype=tf.int32)"),
    _s("frame", "tf.signal.frame(x, 3, 2)"),
    _s("frame_pad", "tf.signal.frame(x, 3, 3, pad_end=True, pad_value=-1.)"),
    _s("frame_axis0", "tf.signal.frame(tf.transpose(x), 4, 3, axis=0)"),
    _s("frame_short", "tf.signal.frame(x, 10, 2)"),
    _s("overlap_and_add", "tf.signal.overlap_and_add(tf.reshape(x, [2, 4, 2]), 1)"),
    _s("overlap_and_add_gap", "tf.signal.overlap_and_add(tf.reshape(x, [4, 4]), 5)"),
    _s("stft", "tf.signal.stft(tf.range(20.), 8, 4)", atol=1e-5),
    _s("stft_len_pad", "tf.signal.stft(x, 5, 2, fft_length=8, pad_end=True)"),
    _s("stft_hamming", "tf.signal.stft(tf.cast(x, tf.float64), 4, 2, window_fn=tf.signal.hamming_window)"),
    _s("stft_no_window", "tf.signal.stft(x, 4, 2, window_fn=None)"),
    _s("inverse_stft", "tf.signal.inverse_stft(tf.signal.stft(tf.range(20.), 8, 4), 8, 4)", atol=1e-5),
    _s("inverse_stft_window_fn", "s = tf.signal.stft(x, 6, 2, fft_length=8)\n"
       "result = tf.signal.inverse_stft(s, 6, 2, fft_length=8, window_fn=tf.signal.inverse_stft_window_fn(2))",
       atol=1e-5),
    _s("inverse_stft_short_fft", "tf.signal.inverse_stft(tf.signal.stft(x, 6, 3, fft_length=4), 6, 3, fft_length=4)",
       atol=1e-5),
    _s("stft_grad", "with tf.GradientTape() as t:\n    t.watch(x)\n"
       "    y = tf.reduce_sum(tf.abs(tf.signal.stft(x, 4, 2)))\nresult = t.gradient(y, x)", rtol=1e-4, atol=1e-5),
    _s("fftshift", "(tf.signal.fftshift(x), tf.signal.ifftshift(x, axes=1), tf.signal.fftshift(tf.range(5)))"),
]


def _generated(rng, count):
    """Random shapes, fft lengths (shorter, equal, longer, odd) and dtypes, values and gradients."""
    out = []
    for i in range(count):
        rank = rng.choice([1, 1, 2, 3])
        shape = [rng.randint(1, 3)] + [rng.randint(1, 6) for _ in range(rank)]
        lengths = [max(1, d + rng.choice([-2, -1, 0, 0, 1, 3])) for d in shape[1:]]
        dtype = rng.choice(["float32", "float64"])
        suffix = "" if rank == 1 else f"{rank}d"
        data = f"x = tf.constant(np.random.default_rng({i}).normal(size={shape}).astype('{dtype}'))\n"
        out.append(S(f"signal.gen.rfft.{i}", data + f"with tf.GradientTape() as t:\n    t.watch(x)\n"
                     f"    y = tf.signal.rfft{suffix}(x, {lengths})\n"
                     "    s = tf.reduce_sum(tf.math.real(y) * 0.7 + tf.math.imag(y) * 1.3)\n"
                     "result = (y, t.gradient(s, x))", rtol=1e-4, atol=1e-4))
        half = shape[1:-1] + [lengths[-1] // 2 + 1]
        zdata = (f"r = np.random.default_rng({i}).normal(size={shape[:1] + half})\n"
                 f"z = tf.complex(tf.constant(r, '{dtype}'), tf.constant(r[..., ::-1] * 0.5, '{dtype}'))\n")
        out.append(S(f"signal.gen.irfft.{i}", zdata + "with tf.GradientTape() as t:\n    t.watch(z)\n"
                     f"    y = tf.signal.irfft{suffix}(z, {lengths})\n"
                     "    s = tf.reduce_sum(y * y)\n"
                     "result = (y, t.gradient(s, z))", rtol=1e-4, atol=1e-4))
        out.append(S(f"signal.gen.fft.{i}", zdata + "with tf.GradientTape() as t:\n    t.watch(z)\n"
                     f"    y = tf.signal.{'i' if rng.random() < 0.5 else ''}fft{suffix}(z)\n"
                     "    s = tf.reduce_sum(tf.abs(y))\n"
                     "result = (y, t.gradient(s, z))", rtol=1e-4, atol=1e-4))
    return out


SNIPPETS = FIXED + _generated(random.Random(11), 30)

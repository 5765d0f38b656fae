"""Gradient-check cases for tf.signal (float64 inputs; complex spectra checked through their real
and imaginary parts, so TF's complex-gradient convention is what is checked)."""
import tapeviz as tf
from tests.ops.gradcheck import case


def _parts(z):
    return [tf.math.real(z), tf.math.imag(z)]


def _complex(fn):
    return lambda x, y: _parts(fn(tf.complex(x, y)))


GRAD_CASES = [
    case(_complex(tf.signal.fft), [[(3, 5), (3, 5)]], order=2, name="fft", ops=["FFT"]),
    case(_complex(tf.signal.ifft), [[(2, 4), (2, 4)]], order=2, name="ifft", ops=["IFFT"]),
    case(_complex(tf.signal.fft2d), [[(2, 3, 4), (2, 3, 4)]], order=2, name="fft2d", ops=["FFT2D"]),
    case(_complex(tf.signal.ifft2d), [[(3, 2), (3, 2)]], order=2, name="ifft2d", ops=["IFFT2D"]),
    case(_complex(tf.signal.fft3d), [[(2, 2, 3), (2, 2, 3)]], order=2, name="fft3d", ops=["FFT3D"]),
    case(_complex(tf.signal.ifft3d), [[(1, 2, 3, 2), (1, 2, 3, 2)]], order=2, name="ifft3d", ops=["IFFT3D"]),
    case(lambda x: _parts(tf.signal.rfft(x)), [[(2, 6)], [(7,)]], order=2, name="rfft", ops=["RFFT"]),
    case(lambda x: _parts(tf.signal.rfft2d(x)), [[(3, 4)], [(2, 3, 5)]], order=2, name="rfft2d", ops=["RFFT2D"]),
    case(lambda x: _parts(tf.signal.rfft(x)), [[(1,)], [(2, 2)]], name="rfft_short", ops=["RFFT"]),
    case(lambda x, y: tf.signal.irfft(tf.complex(x, y)), [[(2, 5), (2, 5)]], order=2, name="irfft_even",
         ops=["IRFFT"]),
    case(lambda x, y: tf.signal.irfft(tf.complex(x, y), [7]), [[(4,), (4,)]], name="irfft_odd", ops=["IRFFT"]),
    case(lambda x, y: tf.signal.irfft2d(tf.complex(x, y)), [[(3, 3), (3, 3)]], name="irfft2d", ops=["IRFFT2D"]),
    case(lambda x: _parts(tf.signal.stft(x, 6, 3, fft_length=6, pad_end=True)), [[(2, 14)]], name="stft",
         ops=["RFFT"]),
    case(lambda x, y: tf.signal.inverse_stft(tf.complex(x, y), 6, 3, fft_length=8), [[(3, 5), (3, 5)]],
         name="inverse_stft", ops=["IRFFT"]),
    case(lambda x: tf.signal.overlap_and_add(x, 2), [[(2, 3, 4)]], name="overlap_and_add"),
    case(lambda x: tf.signal.frame(x, 3, 2, pad_end=True, axis=0), [[(7, 2)]], name="frame"),
]

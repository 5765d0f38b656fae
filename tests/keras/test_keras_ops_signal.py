"""The last Keras 3 ops names: presence in Keras's namespaces, and properties a wrong
implementation would break (jvp against finite differences, fold as unfold's adjoint, stft and
istft round trip, CTC decoding agreeing with the loss)."""
import numpy as np
import pytest

import tapeviz as tf
from tapeviz.keras import ops

NEW = ["argpartition", "ctc_decode", "ctc_loss", "fft", "fft2", "fold", "ifft2", "irfft", "istft", "jvp",
       "lu_factor", "nextafter", "rearrange", "rfft", "stft", "unfold", "view"]


@pytest.mark.parametrize("name", NEW)
def test_names_exist(name):
    assert callable(getattr(ops, name))


def test_namespaces_as_keras():
    assert ops.nn.ctc_loss is ops.ctc_loss and ops.nn.ctc_decode is ops.ctc_decode
    assert ops.nn.fold is ops.fold and ops.nn.unfold is ops.unfold
    assert ops.linalg.jvp is ops.jvp and ops.linalg.lu_factor is ops.lu_factor
    assert ops.numpy.argpartition is ops.argpartition and ops.numpy.view is ops.view


def test_jvp_matches_finite_differences():
    rng = np.random.default_rng(0)
    x0, v = rng.normal(size=(3,)), rng.normal(size=(3,))

    def f(x):
        return ops.tanh(ops.outer(x, x)) * ops.sum(x ** 3)
    out, tangent = ops.jvp(f, (tf.constant(x0),), (tf.constant(v),))
    eps = 1e-6
    numeric = (f(tf.constant(x0 + eps * v)).numpy() - f(tf.constant(x0 - eps * v)).numpy()) / (2 * eps)
    np.testing.assert_allclose(out.numpy(), f(tf.constant(x0)).numpy())
    np.testing.assert_allclose(tangent.numpy(), numeric, rtol=1e-6, atol=1e-8)


def test_fold_is_the_adjoint_of_unfold():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 3, 6, 7))
    args = dict(kernel_size=(2, 3), dilation=(2, 1), padding=(1, 2), stride=(1, 2))
    blocks = ops.unfold(x, **args).numpy()
    y = rng.normal(size=blocks.shape)
    folded = ops.fold(y, (6, 7), **args).numpy()
    np.testing.assert_allclose(np.sum(blocks * y), np.sum(x * folded), rtol=1e-10)


def test_istft_inverts_stft():
    signal = np.sin(np.arange(64) * 0.3).astype("float64")
    spectrum = ops.stft(signal, 16, 4, 16)
    back = ops.istft(spectrum, 16, 4, 16, length=64).numpy()
    np.testing.assert_allclose(back[8:-8], signal[8:-8], atol=1e-9)


def test_beam_search_finds_the_most_probable_labelling():
    # the greedy path (blank, blank) loses to label 1, which three of the four paths spell
    probs = np.array([[[0.4, 0.35, 0.25], [0.4, 0.35, 0.25]]])
    logits = np.log(probs)
    greedy, _ = ops.ctc_decode(logits, [2], strategy="greedy", mask_index=0)
    beam, log_p = ops.ctc_decode(logits, [2], strategy="beam_search", beam_width=3, mask_index=0)
    assert greedy.numpy().tolist() == [[[-1, -1]]]
    assert beam.numpy()[0, 0, 0] == 1
    p_label_1 = 0.35 * 0.35 + 2 * 0.35 * 0.4
    np.testing.assert_allclose(np.exp(log_p.numpy()[0, 0]), p_label_1, rtol=1e-6)
    loss = ops.ctc_loss(np.array([[1]]), logits.astype("float32"), np.array([1]), np.array([2]))
    np.testing.assert_allclose(loss.numpy(), [-np.log(p_label_1)], rtol=1e-5)

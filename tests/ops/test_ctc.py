"""The CTCLoss kernel's TF 1 options (reachable in TF 2.21 only through tf.compat.v1, which tapeviz
has not: values recorded there), its refused second derivative, and the beam search's pruning."""
import numpy as np
import pytest

import tapeviz as tf
from tapeviz.ops.ctc import ctc_loss_op

LOGITS = tf.constant(np.random.default_rng(0).normal(size=(5, 2, 4)).astype("float32"))
INDICES = tf.constant([[0, 0], [0, 1], [0, 2], [1, 0]], tf.int64)
VALUES = tf.constant([1, 1, 2, 2])          # [[1, 1, 2], [2]]; blank is class 3


def _v1(lengths, **options):
    return ctc_loss_op(LOGITS, INDICES, VALUES, tf.constant(lengths), **options)[0].numpy()


@pytest.mark.parametrize("options, lengths, expected", [
    # tf.compat.v1.nn.ctc_loss(tf.sparse.from_dense([[1, 1, 2], [2, 0, 0]]), logits, ..., **options) in TF 2.21
    ({}, [5, 4], [5.2982306, 3.7640665]),
    ({"preprocess_collapse_repeated": True}, [5, 4], [4.262936, 3.7640665]),
    ({"ctc_merge_repeated": False}, [5, 4], [5.2733088, 4.250763]),
    ({"ignore_longer_outputs_than_inputs": True}, [2, 4], [0.0, 3.7640665]),
])
def test_v1_options_match_tf(options, lengths, expected):
    np.testing.assert_allclose(_v1(lengths, **options), expected, rtol=1e-5)


def test_not_merging_repeats_changes_only_sequences_with_repeats():
    merged, separate = _v1([5, 4]), _v1([5, 4], ctc_merge_repeated=False)
    assert merged[0] != pytest.approx(separate[0]) and merged[1] != pytest.approx(separate[1])
    # one label: merging decides whether "2 2" read as one label; without it, only one 2 may be emitted
    assert separate[1] > merged[1]


def test_ignored_sequences_get_zero_gradient():
    x = tf.Variable(LOGITS)
    with tf.GradientTape() as tape:
        loss = ctc_loss_op(x, INDICES, VALUES, tf.constant([2, 4]), ignore_longer_outputs_than_inputs=True)[0]
    grad = tape.gradient(loss, x).numpy()
    assert not grad[:, 0].any() and grad[:4, 1].any() and not grad[4:, 1].any()


def test_second_derivative_raises_tfs_lookup_error():
    labels = tf.sparse.from_dense(tf.constant([[1, 2], [3, 0]]))
    with tf.GradientTape() as outer:
        outer.watch(LOGITS)
        with tf.GradientTape() as inner:
            inner.watch(LOGITS)
            loss = tf.nn.ctc_loss(labels, LOGITS, None, [5, 4], blank_index=0)
        grad = inner.gradient(loss, LOGITS)
    with pytest.raises(LookupError, match="Gradient explicitly disabled. Reason: b\"Currently there is no way"):
        outer.gradient(grad, LOGITS)


def test_beam_search_keeps_only_beam_width_prefixes():
    # two frames that both favour label 0 then label 1: a beam of one keeps the single best prefix
    x = tf.constant(np.log(np.array([[[0.6, 0.3, 0.1]], [[0.2, 0.7, 0.1]]], "float32")))
    decoded, log_probs = tf.nn.ctc_beam_search_decoder(x, [2], beam_width=1)
    assert decoded[0].values.numpy().tolist() == [0, 1]
    np.testing.assert_allclose(log_probs.numpy(), [[np.log(0.6 * 0.7)]], rtol=1e-6)
    decoded, log_probs = tf.nn.ctc_beam_search_decoder(x, [2], beam_width=4, top_paths=2)
    # "0 1" (0.42), then "1": 1 1, blank 1 and 1 blank = 0.3*0.7 + 0.1*0.7 + 0.3*0.1 = 0.31
    assert [d.values.numpy().tolist() for d in decoded] == [[0, 1], [1]]
    np.testing.assert_allclose(log_probs.numpy(), [[np.log(0.42), np.log(0.31)]], rtol=1e-6)

"""`tf.nn.ctc_loss` with dense (zero-padded) labels, as TF 2's `ctc_loss_dense` computes it.

The kernel runs CTC's forward-backward recursion in log space over the 2L + 1 states (a blank
before, between and after the L labels; a state may skip the blank before it unless it repeats
the previous label) and returns, like TF's custom gradient, the loss -log p(labels | logits)
and its gradient softmax(logits) - (expected label occupancy), zero past each logit length.
Blank is class 0: another `blank_index` is moved there first, as TF does.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.registry import defgrad, defop
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops import math as M


def _logsumexp(*xs):
    stacked = np.stack(xs)
    top = np.max(stacked, axis=0)
    safe = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        return np.log(np.sum(np.exp(stacked - safe), axis=0)) + safe


def _shift(x, k):
    """x moved k places along (k > 0: towards the end), -inf filling in."""
    n = x.size
    if k > 0:
        return np.concatenate([np.full(k, -np.inf), x])[:n]
    return np.concatenate([x, np.full(-k, -np.inf)])[-k:][:n]


def _one_sequence(log_probs, labels):
    """(log-likelihood, per-class occupancy [T, C]) of one label sequence under log_probs [T, C]."""
    steps, classes = log_probs.shape
    states = np.zeros(2 * len(labels) + 1, np.int64)
    states[1::2] = labels
    n = states.size
    skip = np.zeros(n, bool)                  # may come from s - 2: a label unlike the one before
    skip[3::2] = labels[1:] != labels[:-1]
    emit = log_probs[:, states]               # [T, S]
    alpha = np.full((steps, n), -np.inf)
    beta = np.full((steps, n), -np.inf)
    if steps == 0:
        return (0.0 if n == 1 else -np.inf), np.zeros((0, classes))
    alpha[0, :2] = emit[0, :2]
    skip_from = _shift(skip.astype(np.float64), -2) > 0      # s + 2 may be reached from s
    for t in range(1, steps):
        prev = alpha[t - 1]
        two = np.where(skip, _shift(prev, 2), -np.inf)
        alpha[t] = _logsumexp(prev, _shift(prev, 1), two) + emit[t]
    beta[-1, -2:] = emit[-1, -2:] if n > 1 else emit[-1, -1:]
    for t in range(steps - 2, -1, -1):
        nxt = beta[t + 1]
        two = np.where(skip_from, _shift(nxt, -2), -np.inf)
        beta[t] = _logsumexp(nxt, _shift(nxt, -1), two) + emit[t]
    loglik = _logsumexp(alpha[-1, -1], alpha[-1, -2]) if n > 1 else alpha[-1, -1]
    posterior = np.exp(alpha + beta - emit - loglik)          # [T, S]
    occupancy = np.zeros((steps, classes))
    for s in range(n):
        occupancy[:, states[s]] += posterior[:, s]
    return loglik, occupancy


def _np_ctc_loss_dense(logits, labels, label_length, logit_length):
    """Loss [B] and its gradient [T, B, C] for time-major logits with blank 0."""
    steps, batch, classes = logits.shape
    work = logits.astype(np.float64)
    shifted = work - np.max(work, axis=2, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=2, keepdims=True))
    loss = np.zeros(batch)
    grad = np.zeros((steps, batch, classes))
    for b in range(batch):
        t_b = int(logit_length[b])
        seq = np.asarray(labels[b, :int(label_length[b])], np.int64)
        loglik, occupancy = _one_sequence(log_probs[:t_b, b], seq)
        loss[b] = -loglik
        grad[:t_b, b] = np.exp(log_probs[:t_b, b]) - occupancy
    return loss.astype(logits.dtype), grad.astype(logits.dtype)


ctc_loss_dense_op = defop("CTCLossDense", _np_ctc_loss_dense, dtypes=D.FLOATING, match=False, num_outputs=2,
                          inputs="logits, labels, label_length, logit_length")
# TF's custom gradient: the incoming gradient times the gradient computed with the loss
defgrad(ctc_loss_dense_op,
        lambda g, y, logits, labels, label_length, logit_length: A.reshape(g[0], (1, -1, 1)) * A.stop_gradient(y[1]),
        None, None, None)


def ctc_loss(labels, logits, label_length, logit_length, logits_time_major=True, unique=None, blank_index=None,
             name=None):
    """The negative log-likelihood of each dense, zero-padded label sequence under `logits`
    (softmax inside), [batch]. Blank is class 0 unless `blank_index` says otherwise (negative
    counts from the end).

    Raises:
      NotImplementedError: SparseTensor labels or `unique` (tapeviz has the dense form only).
    """
    if unique is not None or type(labels).__name__ == "SparseTensor":
        raise NotImplementedError("tf.nn.ctc_loss with SparseTensor labels or `unique` is not implemented in "
                                  "tapeviz (dense labels are)")
    logits = logits if isinstance(logits, Tensor) else convert_to_tensor(logits)
    labels, label_length, logit_length = (convert_to_tensor(v) for v in (labels, label_length, logit_length))
    orig = logits.dtype
    if orig is D.float64:
        # TF's ctc_loss_and_grad multiplies the gradient by a float32 mask: float64 logits fail
        raise errors.InvalidArgumentError(None, "Mul", "cannot compute Mul as input #1(zero-based) was expected to "
                                          "be a double tensor but is a float tensor [Op:Mul] name: ")
    if orig is D.float16:
        logits = M.cast(logits, D.float32)
    if not logits_time_major:
        logits = A.transpose(logits, [1, 0, 2])
    blank = 0 if blank_index is None else int(blank_index)
    if blank != 0:
        if blank < 0:
            blank += logits.shape[2]
        logits = A.concat([logits[:, :, blank:blank + 1], logits[:, :, :blank], logits[:, :, blank + 1:]], axis=2)
        labels = A.where(M.less(labels, blank), labels + 1, labels)
    loss, _ = ctc_loss_dense_op(logits, labels, label_length, logit_length)
    return M.cast(loss, orig) if orig is D.float16 else loss


export(ctc_loss, "nn.ctc_loss")

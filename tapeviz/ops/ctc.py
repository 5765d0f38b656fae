"""CTC: `tf.nn.ctc_loss` (dense labels as TF 2's `ctc_loss_dense` computes them, SparseTensor
labels through TF's fused CTCLoss kernel), the greedy and beam-search decoders, and the label
helpers `collapse_repeated` and `ctc_unique_labels`.

The kernel runs CTC's forward-backward recursion in log space over the 2L + 1 states (a blank
before, between and after the L labels; a state may skip the blank before it unless it repeats
the previous label) and returns, like TF's custom gradient, the loss -log p(labels | logits)
and its gradient softmax(logits) - (expected label occupancy), zero past each logit length.
Blank is class 0: another `blank_index` is moved there first, as TF does. The CTCLoss kernel
(SparseTensor labels) has its blank last instead and TF's V1 options: collapsing repeated labels
first, not merging repeats (`ctc_merge_repeated=False`), and a zero loss for label sequences too
long for their inputs. Its gradient is its second output, behind a PreventGradient as in TF, so
a second derivative raises TF's LookupError.
"""
import math

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor, mismatch
from tapeviz.framework.registry import defgrad, defop, nondifferentiable
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops import math as M
from tapeviz.ops.sparse_tensor import SparseTensor


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


def _one_sequence(log_probs, labels, blank=0, merge_repeated=True):
    """(log-likelihood, per-class occupancy [T, C]) of one label sequence under log_probs [T, C].

    With `merge_repeated` off (TF's `ctc_merge_repeated=False`) a label state cannot stay put,
    so each emission of a label counts as its own label, and a repeat may follow without a blank.
    """
    steps, classes = log_probs.shape
    states = np.full(2 * len(labels) + 1, blank, np.int64)
    states[1::2] = labels
    n = states.size
    skip = np.zeros(n, bool)                  # may come from s - 2: a label unlike the one before
    skip[3::2] = (labels[1:] != labels[:-1]) if merge_repeated else True
    stay = np.ones(n, bool)                   # may come from s itself
    if not merge_repeated:
        stay[1::2] = False
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
        alpha[t] = _logsumexp(np.where(stay, prev, -np.inf), _shift(prev, 1), two) + emit[t]
    beta[-1, -2:] = emit[-1, -2:] if n > 1 else emit[-1, -1:]
    for t in range(steps - 2, -1, -1):
        nxt = beta[t + 1]
        two = np.where(skip_from, _shift(nxt, -2), -np.inf)
        beta[t] = _logsumexp(np.where(stay, nxt, -np.inf), _shift(nxt, -1), two) + emit[t]
    loglik = _logsumexp(alpha[-1, -1], alpha[-1, -2]) if n > 1 else alpha[-1, -1]
    with np.errstate(invalid="ignore"):                        # no path: nan, as TF's dense path
        posterior = np.exp(alpha + beta - emit - loglik)      # [T, S]
    occupancy = np.zeros((steps, classes))
    for s in range(n):
        occupancy[:, states[s]] += posterior[:, s]
    return loglik, occupancy


def _log_softmax(logits):
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def _np_ctc_loss_dense(logits, labels, label_length, logit_length):
    """Loss [B] and its gradient [T, B, C] for time-major logits with blank 0."""
    steps, batch, classes = logits.shape
    log_probs = _log_softmax(logits.astype(np.float64))
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


# ---- CTCLoss: SparseTensor labels, blank last, TF's V1 options ------------------------------------
def _ctc_error(message):
    return errors.kernel_error("CTCLoss", message)


def _sparse_label_rows(indices, values, batch):
    """The label sequence of each batch row, in the order the SparseTensor lists them."""
    if indices.ndim != 2:
        raise _ctc_error("labels_indices is not a matrix")
    if indices.shape[0] != values.shape[0]:
        raise _ctc_error("labels_indices and labels_values must contain the same number of rows, but saw "
                         f"shapes: {errors.shape_list(indices.shape)} vs. {errors.shape_list(values.shape)}")
    width = int(indices[:, 1].max()) + 1 if indices.shape[0] and indices.shape[1] > 1 else 0
    bound = (batch, width)
    for i, row in enumerate(indices):
        if any(v < 0 or v >= b for v, b in zip(row, bound)):
            raise _ctc_error(f"label SparseTensor is not valid: indices[{i}] = {errors.shape_list(row)} is out of "
                             f"bounds: need 0 <= index < {errors.shape_list(bound)}")
    return [values[indices[:, 0] == b].astype(np.int64) for b in range(batch)]


def _targets(b, label, classes, available, collapse, ignore_longer):
    """The label sequence the kernel scores: repeats collapsed if asked, ended by the first label
    at or above the blank (C - 1); TF's checks on it, in TF's order."""
    if label.size == 0:
        raise _ctc_error(f"Labels length is zero in batch {b}")
    seq, finished = [], False
    for i, v in enumerate(label.tolist()):
        if i == 0 or not collapse or v != label[i - 1]:
            if v >= classes - 1:
                finished = True
            elif finished:
                raise _ctc_error(f"Saw a non-null label (index >= num_classes - 1) following a null label, batch: "
                                 f"{b} num_classes: {classes} labels: {','.join(map(str, label.tolist()))} labels "
                                 f"seen so far: {','.join(map(str, seq))}")
            else:
                seq.append(v)
    if any(v < 0 for v in seq):
        raise _ctc_error(f"All labels must be nonnegative integers, batch: {b} labels: {','.join(map(str, seq))}")
    if not ignore_longer and label.size > available:
        raise _ctc_error(f"Not enough time for target transition sequence (required: {label.size}, available: "
                         f"{available}){b}You can turn this error into a warning by using the flag "
                         "ignore_longer_outputs_than_inputs")
    return np.array(seq, np.int64)


def _np_ctc_loss(inputs, labels_indices, labels_values, sequence_length, preprocess_collapse_repeated=False,
                 ctc_merge_repeated=True, ignore_longer_outputs_than_inputs=False):
    """Loss [B] and gradient [T, B, C] of time-major logits; blank is the last class."""
    _sequence_checks("CTCLoss", inputs, sequence_length, errors.InvalidArgumentError, nonempty=True)
    steps, batch, classes = inputs.shape
    rows = _sparse_label_rows(labels_indices, labels_values, batch)
    targets = [_targets(b, label, classes, int(sequence_length[b]), preprocess_collapse_repeated,
                        ignore_longer_outputs_than_inputs) for b, label in enumerate(rows)]
    log_probs = _log_softmax(inputs.astype(np.float64))
    loss = np.zeros(batch)
    grad = np.zeros((steps, batch, classes))
    for b, seq in enumerate(targets):
        t_b = int(sequence_length[b])
        if t_b == 0 or (ignore_longer_outputs_than_inputs and rows[b].size > t_b):
            continue                       # TF's zero loss and zero gradient
        loglik, occupancy = _one_sequence(log_probs[:t_b, b], seq, classes - 1, ctc_merge_repeated)
        loss[b] = -loglik
        # no path through the labels: TF's loss is inf and its gradient the softmax itself
        grad[:t_b, b] = np.exp(log_probs[:t_b, b]) - (0.0 if np.isneginf(loglik) else occupancy)
    return loss.astype(inputs.dtype), grad.astype(inputs.dtype)


_REAL = frozenset({D.float32, D.float64})
ctc_loss_op = defop("CTCLoss", _np_ctc_loss, dtypes=_REAL, match=False, num_outputs=2,
                    inputs="inputs, labels_indices, labels_values, sequence_length")
_NO_SECOND_ORDER = ("Currently there is no way to take the second  derivative of ctc_loss due to the fused "
                    "implementation's interaction  with tf.gradients()")


def _refuse_gradient(g, y, x, message):
    raise LookupError(f"Gradient explicitly disabled. Reason: {message.encode()!r}")


prevent_gradient = defop("PreventGradient", lambda x, message: x, dtypes=None)
defgrad(prevent_gradient, _refuse_gradient)
defgrad(ctc_loss_op,
        lambda g, y, inputs, idx, values, lengths, **attrs:
        A.expand_dims(g[0], -1) * prevent_gradient(y[1], message=_NO_SECOND_ORDER),
        None, None, None)


def _int32_input(op_type, index, value):
    """A lengths input: Python values become int32; a Tensor must already be one (TF's error)."""
    if isinstance(value, Tensor):
        if value.dtype is not D.int32:
            raise mismatch(op_type, index, D.int32, value.dtype)
        return value
    return convert_to_tensor(value, dtype=D.int32)


def _sparse_ctc_loss(labels, logits, logit_length, logits_time_major, blank_index):
    """TF 2's SparseTensor path: the blank moved last, labels above it moved down, the CTCLoss op."""
    if blank_index is None:
        raise ValueError("Argument `blank_index` must be provided when `labels` is a `SparseTensor`.")
    logits = logits if isinstance(logits, Tensor) else convert_to_tensor(logits)
    if blank_index < 0:
        blank_index += logits.shape[2]
    logits = A.concat([logits[:, :, :blank_index], logits[:, :, blank_index + 1:],
                       logits[:, :, blank_index:blank_index + 1]], axis=2)
    values = A.where(M.less(labels.values, blank_index), labels.values, labels.values - 1)
    if not logits_time_major:
        logits = A.transpose(logits, [1, 0, 2])
    orig = logits.dtype
    if orig is D.float16:
        logits = M.cast(logits, D.float32)
    elif orig not in _REAL:     # TF's message here has no trailing " name: "
        raise errors.InvalidArgumentError(None, "CTCLoss", f"Value for attr 'T' of {orig.c_name} is not in the list "
                                          "of allowed values: float, double [Op:CTCLoss]")
    loss, _ = ctc_loss_op(logits, labels.indices, convert_to_tensor(values, dtype=D.int32),
                          _int32_input("CTCLoss", 3, logit_length))
    return M.cast(loss, orig) if orig is D.float16 else loss


def ctc_loss(labels, logits, label_length, logit_length, logits_time_major=True, unique=None, blank_index=None,
             name=None):
    """The CTC negative log-likelihood of each label sequence under `logits` (softmax inside), [batch].

    Args:
      labels: dense `[batch, max_label_length]` labels padded with zeros, or a SparseTensor.
      logits: `[frames, batch, classes]` (`[batch, frames, classes]` if not `logits_time_major`).
      label_length: `[batch]` label lengths (None for SparseTensor labels).
      logit_length: `[batch]` frame counts.
      unique: `ctc_unique_labels(labels)`, which TF uses on TPU only; the result is the same.
      blank_index: the blank class (default 0 for dense labels, required for SparseTensor labels;
        negative counts from the end).

    Raises:
      ValueError: SparseTensor labels without `blank_index`.
    """
    if isinstance(labels, SparseTensor):
        return _sparse_ctc_loss(labels, logits, logit_length, logits_time_major, blank_index)
    if unique is not None:
        _y, _idx = unique      # TF unpacks the pair too; it changes only the speed on a TPU
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


# ---- label helpers ------------------------------------------------------------------------------
def collapse_repeated(labels, seq_length, name=None):
    """Merges runs of a repeated label into one: `(labels [batch, new_max_length], new lengths)`,
    padded with zeros; labels past each `seq_length` are dropped."""
    labels, seq_length = convert_to_tensor(labels), convert_to_tensor(seq_length)
    values, lengths = labels.numpy(), seq_length.numpy()
    keep = np.concatenate([np.ones_like(values[:, :1], bool), values[:, 1:] != values[:, :-1]], axis=1)
    keep &= np.arange(values.shape[1])[None, :] < lengths[:, None]
    new_lengths = keep.sum(axis=1).astype(np.int32)
    out = np.zeros((values.shape[0], int(new_lengths.max()) if new_lengths.size else 0), values.dtype)
    for b in range(values.shape[0]):
        out[b, :new_lengths[b]] = values[b][keep[b]]
    return Tensor(out), Tensor(new_lengths.astype(seq_length.dtype.as_numpy_dtype))


def ctc_unique_labels(labels, name=None):
    """Each row's distinct labels in first-seen order, zero-padded (int64), and where each label
    sits among them (int32), as `tf.unique` per row gives them."""
    values = convert_to_tensor(labels).numpy()
    ys = np.zeros(values.shape, np.int64)
    idx = np.zeros(values.shape, np.int32)
    for b, row in enumerate(values):
        first = {}
        for j, v in enumerate(row.tolist()):
            idx[b, j] = first.setdefault(v, len(first))
        ys[b, :len(first)] = list(first)
    return [Tensor(ys), Tensor(idx)]


# ---- decoders -------------------------------------------------------------------------------------
def _sequence_checks(op_type, inputs, sequence_length, cls, nonempty=False):
    """TF's checks of time-major inputs [T, B, C] against sequence_length [B], in its kernels'
    order, raising `cls` (CTCLoss also refuses T == 0)."""
    def fail(message):
        return errors.kernel_error(op_type, message, cls=cls)
    if inputs.ndim != 3:
        raise fail("inputs is not a 3-Tensor")
    if sequence_length.ndim != 1:
        raise fail("sequence_length is not a vector")
    steps, batch = inputs.shape[:2]
    if nonempty and steps == 0:
        raise fail("Max time or first dimension of input cannot be 0.")
    if sequence_length.shape[0] != batch:
        raise fail(f"len(sequence_length) != batch_size.  len(sequence_length):  {sequence_length.shape[0]} "
                   f"batch_size: {batch}")
    for b in range(batch):
        if not sequence_length[b] <= steps:
            raise fail(f"sequence_length({b}) <= {steps}")


def _sparse_paths(paths):
    """(indices [N, 2], values [N], dense_shape [2]) in int64 of one label sequence per batch row."""
    indices = [(b, t) for b, path in enumerate(paths) for t in range(len(path))]
    values = [v for path in paths for v in path]
    return (np.array(indices, np.int64).reshape(-1, 2), np.array(values, np.int64),
            np.array([len(paths), max((len(p) for p in paths), default=0)], np.int64))


def _np_greedy(inputs, sequence_length, merge_repeated=False, blank_index=-1):
    _sequence_checks("CTCGreedyDecoder", inputs, sequence_length, errors.FailedPreconditionError)
    blank = blank_index + inputs.shape[2] if blank_index < 0 else blank_index
    paths, scores = [], np.zeros((inputs.shape[1], 1), inputs.dtype)
    for b in range(inputs.shape[1]):
        frames = inputs[:int(sequence_length[b]), b]
        best = np.argmax(frames, axis=1) if frames.size else np.zeros(0, np.int64)
        scores[b, 0] = -np.sum(frames.max(axis=1)) if frames.size else 0
        path, previous = [], None
        for k in best.tolist():
            if k != blank and not (merge_repeated and k == previous):
                path.append(k)
            previous = k
        paths.append(path)
    return (*_sparse_paths(paths), scores)


greedy_decoder_op = defop("CTCGreedyDecoder", _np_greedy, dtypes=_REAL, match=False, num_outputs=4,
                          inputs="inputs, sequence_length")
nondifferentiable(greedy_decoder_op)


def _log_add(a, b):
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    return max(a, b) + math.log1p(math.exp(-abs(a - b)))


class _BeamEntry:
    """A prefix in the beam trie: probabilities (total, ending in blank, ending in its label) at
    the last step (`old`) and this one (`new`); inactive while `new` total is -inf."""
    __slots__ = ("label", "parent", "children", "old", "new")

    def __init__(self, label, parent):
        self.label, self.parent, self.children = label, parent, {}
        self.old = [-math.inf] * 3
        self.new = [-math.inf] * 3

    def active(self):
        return self.new[0] != -math.inf

    def child(self, label):
        if label not in self.children:
            self.children[label] = _BeamEntry(label, self)
        return self.children[label]

    def labels(self, merge_repeated):
        out, entry = [], self
        while entry.parent is not None:
            if not (merge_repeated and out and out[-1] == entry.label):
                out.append(entry.label)
            entry = entry.parent
        return out[::-1]


def _beam_search(frames, beam_width):
    """TF's CTC prefix beam search with its default scorer (blank last): the leaves after the last
    frame, on the log-softmax of each frame's logits; a prefix that drops out of the beam is
    forgotten (its probabilities reset)."""
    root = _BeamEntry(-1, None)
    root.new = [0.0, 0.0, -math.inf]
    leaves = [root]
    blank = frames.shape[1] - 1

    def candidate(total):
        return total > -math.inf and (len(leaves) < beam_width or total > min(e.new[0] for e in leaves))

    for row in frames.tolist():
        top = max(row)
        top += math.log(sum(math.exp(v - top) for v in row))      # log-softmax offset
        branches = sorted(leaves, key=lambda e: -e.new[0])
        leaves = []
        for b in branches:
            b.old = list(b.new)
        for b in branches:
            if b.parent is not None:
                if b.parent.active():
                    previous = b.parent.old[1] if b.label == b.parent.label else b.parent.old[0]
                    b.new[2] = _log_add(b.new[2], previous)
                b.new[2] += row[b.label] - top
            b.new[1] = b.old[0] + row[blank] - top
            b.new[0] = _log_add(b.new[1], b.new[2])
            leaves.append(b)
        for b in branches:
            if not candidate(b.old[0]):
                continue
            for label in range(blank):
                c = b.child(label)
                if c.active():
                    continue
                previous = b.old[1] if label == b.label else b.old[0]
                c.new = [-math.inf, -math.inf, row[label] - top + previous]
                c.new[0] = c.new[2]
                if candidate(c.new[0]):
                    if len(leaves) == beam_width:
                        bottom = min(leaves, key=lambda e: e.new[0])
                        leaves.remove(bottom)
                        bottom.new = [-math.inf] * 3
                    leaves.append(c)
                else:
                    c.old, c.new = [-math.inf] * 3, [-math.inf] * 3
    return sorted(leaves, key=lambda e: -e.new[0])


def _np_beam(inputs, sequence_length, beam_width=100, top_paths=1, merge_repeated=True):
    _sequence_checks("CTCBeamSearchDecoder", inputs, sequence_length, errors.FailedPreconditionError)
    node = f"CTCBeamSearchDecoder_top_paths_{top_paths}"
    batch = inputs.shape[1]
    paths = [[None] * batch for _ in range(top_paths)]
    scores = np.zeros((batch, top_paths), inputs.dtype)
    for b in range(batch):
        leaves = _beam_search(inputs[:int(sequence_length[b]), b].astype(np.float64), beam_width)
        if top_paths > beam_width:
            raise errors.kernel_error("CTCBeamSearchDecoder", "requested more paths than the beam width.", node=node)
        if top_paths > len(leaves):
            raise errors.kernel_error("CTCBeamSearchDecoder", "Less leaves in the beam search than requested.",
                                      node=node)
        for i in range(top_paths):
            paths[i][b] = leaves[i].labels(merge_repeated)
            scores[b, i] = leaves[i].new[0]
    parts = [_sparse_paths(p) for p in paths]      # TF's order: every indices, every values, every shape
    return (*[p[0] for p in parts], *[p[1] for p in parts], *[p[2] for p in parts], scores)


beam_search_decoder_op = defop("CTCBeamSearchDecoder", _np_beam, dtypes=_REAL, match=False,
                               num_outputs=None, inputs="inputs, sequence_length")
nondifferentiable(beam_search_decoder_op)


def ctc_greedy_decoder(inputs, sequence_length, merge_repeated=True, blank_index=None):
    """Best-path decoding of time-major `inputs`: `([decoded SparseTensor], -(sum of the largest
    logit of each frame) [batch, 1])`. Blank is the last class unless `blank_index` says otherwise."""
    inputs = inputs if isinstance(inputs, Tensor) else convert_to_tensor(inputs)
    indices, values, shape, log_probs = greedy_decoder_op(
        inputs, _int32_input("CTCGreedyDecoder", 1, sequence_length), merge_repeated=bool(merge_repeated),
        blank_index=-1 if blank_index is None else int(blank_index))
    return [SparseTensor(indices, values, shape)], log_probs


def ctc_beam_search_decoder(inputs, sequence_length, beam_width=100, top_paths=1):
    """TF's CTC beam search on time-major `inputs` (blank last, repeats not merged): a list of
    `top_paths` decoded SparseTensors and their log probabilities `[batch, top_paths]`."""
    inputs = inputs if isinstance(inputs, Tensor) else convert_to_tensor(inputs)
    out = beam_search_decoder_op(inputs, _int32_input("CTCBeamSearchDecoder", 1, sequence_length),
                                 beam_width=int(beam_width), top_paths=int(top_paths), merge_repeated=False)
    k = int(top_paths)
    return ([SparseTensor(out[i], out[k + i], out[2 * k + i]) for i in range(k)], out[-1])


export(ctc_loss, "nn.ctc_loss")
export(collapse_repeated, "nn.collapse_repeated")
export(ctc_unique_labels, "nn.ctc_unique_labels")
export(ctc_greedy_decoder, "nn.ctc_greedy_decoder")
export(ctc_beam_search_decoder, "nn.ctc_beam_search_decoder")

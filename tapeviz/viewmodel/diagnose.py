"""What went wrong numerically, in words, for a tape whose gradients were computed.

- `first_nonfinite(tape)`: the first op that turned finite values into NaN or infinity, going
  forward (`log(0)`, `0/0`, `exp` overflow, ...) or, if the forward pass is finite, backward (a
  derivative that is infinite where the op was evaluated, such as `sqrt` at 0): its inputs at
  the first bad element, the mathematical reason and the usual fix.
- `gradient_flow(tape)`: the gradient's magnitude at each layer from the loss back to the
  input, the factor per layer, and whether the gradient vanishes or explodes on the way.

Both read the tape through its public recording API and the references it keeps to the last
`gradient()` call; they copy nothing large.
"""
import math

import numpy as np

from tapeviz.framework.indexed_slices import IndexedSlices
from tapeviz.framework.tensor import Tensor
from tapeviz.viewmodel.naming import names_at
from tapeviz.viewmodel.summaries import summarize

VANISHING_RATIO = 1e-3   # first layer's gradient below this share of the last layer's: vanishing
EXPLODING_RATIO = 1e3    # ... above this multiple: exploding
VANISHING_NORM = 1e-7    # every layer's gradient norm below this: vanishing (as the view flags)
EXPLODING_NORM = 1e3     # every layer's gradient norm above this: exploding


def _array(value):
    if isinstance(value, IndexedSlices):
        value = value.values
    if isinstance(value, Tensor) or getattr(value, "_is_variable", False):
        return value._value
    return None if value is None else np.asarray(value)


def _inexact(a):
    return a is not None and a.dtype.kind in "fc"


def counts(a):
    """{"nan": n, "+inf": n, "-inf": n} of an array (zeros for integer arrays), as `summarize`
    counts them."""
    s = summarize(a)
    inf, neginf = s.get("inf", 0), s.get("neginf", 0)
    return {"nan": s.get("nan", 0), "+inf": inf - neginf, "-inf": neginf}


def describe_counts(c):
    parts = [f"{n} {k}" for k, n in c.items() if n]
    return ", ".join(parts) if parts else "no NaN or infinity"


def _finite(a):
    return not _inexact(a) or bool(np.isfinite(a).all())


# ---- where the first NaN or infinity came from -----------------------------------------------------

class NonFinite:
    """The first op that made a NaN or an infinity out of finite values.

    Attributes:
      direction: "forward" (its output) or "backward" (the gradient it sent to an input).
      record: the OpRecord; `op` its type; `where` "file:line"; `code` that line.
      counts: NaN / +inf / -inf counts in the bad tensor.
      inputs: the input values at the first bad element, as text ("x = 0").
      reason: the mathematical reason; fix: the usual fix.
    """

    def __init__(self, direction, record, bad, inputs, reason, fix):
        self.direction, self.record, self.op = direction, record, record.op.type
        self.counts = counts(bad)
        self.inputs, self.reason, self.fix = inputs, reason, fix
        file, line = record.source
        self.where = f"{file}:{line}"
        self.code = _code_line(file, line)

    @property
    def text(self):
        made = "produced" if self.direction == "forward" else "sent back a gradient with"
        code = f" (`{self.code}`)" if self.code else ""
        return (f"{self.op} at {self.where}{code} is the first op that {made} "
                f"{describe_counts(self.counts)} from finite values: {self.reason} "
                f"[{self.inputs}]. Usual fix: {self.fix}")

    def __str__(self):
        return self.text

    def __repr__(self):
        return f"<NonFinite {self.direction} {self.op} at {self.where}>"


def first_nonfinite(tape):
    """The NonFinite origin on `tape`: forward first, else backward (None if all is finite)."""
    records = tape.records
    for rec in records:
        if not all(_finite(_array(x)) for x in rec.inputs):
            continue
        for out in rec.outputs:
            a = _array(out)
            if not _finite(a):
                return _forward_origin(rec, a)
    return _backward_origin(tape, records)


def _first_bad_index(a):
    bad = ~np.isfinite(a)
    return tuple(int(i) for i in np.argwhere(bad)[0]) if a.ndim else ()


def _inputs_at(rec, index, shape):
    """"x = 0, y = 2" for the inputs of an elementwise op at one output element (names from the
    code where known), or the inputs' shapes for other ops."""
    names = names_at(rec.site)
    parts = []
    for i, x in enumerate(rec.inputs):
        a = _array(x)
        name = names.arg(i) or f"input {i}"
        try:
            value = np.broadcast_to(a, shape)[index]
            parts.append(f"{name} = {_num(value)}")
        except ValueError:
            parts.append(f"{name}: shape {list(a.shape)}, {describe_counts(counts(a))}")
    return ", ".join(parts)


def _num(v):
    v = v.item() if hasattr(v, "item") else v
    return f"{v:.4g}" if isinstance(v, float) else str(v)


_LOG_FIX = ("work with log-probabilities directly: tf.nn.log_softmax(logits), or a loss with "
            "from_logits=True, instead of log(softmax(...)); or add a small epsilon, "
            "tf.math.log(x + 1e-7)")
_DIV_FIX = "tf.math.divide_no_nan(x, y), or add a small epsilon to the denominator"
_EXP_FIX = ("subtract the maximum before exp (tf.reduce_logsumexp, tf.nn.softmax and log_softmax "
            "do), or clip the input")
_SQRT_FIX = "clip the input at 0 or add a small epsilon: tf.sqrt(tf.maximum(x, 0.0) + 1e-12)"
_OVERFLOW_FIX = ("keep values in range: normalise inputs, use smaller initial weights or a smaller "
                 "learning rate, or clip")


def _forward_origin(rec, out):
    index = _first_bad_index(out)
    xs = [_array(x) for x in rec.inputs]
    try:
        at = [np.broadcast_to(x, out.shape)[index] for x in xs]
    except ValueError:
        at = None
    reason, fix = _forward_reason(rec.op.type, at, out[index] if out.ndim else out)
    return NonFinite("forward", rec, out, _inputs_at(rec, index, out.shape), reason, fix)


def _forward_reason(op, at, bad):
    nan = bool(np.isnan(bad))
    x = at[0] if at else None
    if op in ("Log", "Log1p") and x is not None:
        edge = 0 if op == "Log" else -1
        what = "log" if op == "Log" else "log1p"
        if x == edge:
            return f"{what}({edge}) is -infinity", _LOG_FIX
        return f"{what} of a number below {edge} is NaN", _LOG_FIX
    if op in ("RealDiv", "Div", "DivNoNan", "FloorDiv", "Reciprocal", "Inv", "Xdivy") and at:
        denominator = at[-1]
        if denominator == 0:
            if len(at) > 1 and at[0] == 0:
                return "0 / 0 is NaN", _DIV_FIX
            return "dividing by zero gives an infinity", _DIV_FIX
    if op == "Exp":
        return ("exp overflows: exp(x) exceeds the largest float for x above "
                f"{math.log(np.finfo(np.asarray(bad).dtype).max):.4g}"), _EXP_FIX
    if op in ("Sqrt", "Rsqrt", "Pow") and x is not None:
        if x < 0:
            return f"{op.lower()} of a negative number is NaN", _SQRT_FIX
        if x == 0 and op in ("Rsqrt", "Pow"):
            return f"{op.lower()} at 0 is infinite", _SQRT_FIX
    if nan:
        return f"{op} of these values is undefined (NaN)", _OVERFLOW_FIX
    return f"the result of {op} exceeds the largest float (overflow)", _OVERFLOW_FIX


_DERIVATIVES = {
    "Sqrt": ("the derivative of sqrt(x), 1 / (2 sqrt(x)), is infinite at x = 0", _SQRT_FIX),
    "Pow": ("the derivative of x ** p for p < 1 is infinite at x = 0", _SQRT_FIX),
    "Log": ("the derivative of log(x), 1 / x, is infinite at x = 0", _LOG_FIX),
    "RealDiv": ("the derivative of x / y, -x / y², is infinite at y = 0", _DIV_FIX),
    "Acos": ("the derivative of acos(x) is infinite at x = ±1", "clip x into (-1, 1)"),
    "Asin": ("the derivative of asin(x) is infinite at x = ±1", "clip x into (-1, 1)"),
    "EuclideanNorm": ("the derivative of a norm is undefined at the zero vector", _SQRT_FIX),
}


def _backward_origin(tape, records):
    """The first record (walking back from the target) that turns finite gradients into
    non-finite ones, from the gradients the tape kept of its last gradient() call."""
    grads = tape.last_gradients
    if not grads:
        return None
    uses = {}
    for r in records:
        for x in r.inputs:
            uses[id(x)] = uses.get(id(x), 0) + 1
    for rec in reversed(records):
        upstream = [_array(grads.get(id(o))) for o in rec.outputs]
        if not any(u is not None for u in upstream) or not all(_finite(u) for u in upstream if u is not None):
            continue
        for x in rec.inputs:
            g = _array(grads.get(id(x)))
            if g is not None and not _finite(g) and uses.get(id(x)) == 1:   # only rec sends it one
                reason, fix = _DERIVATIVES.get(
                    rec.op.type, (f"the gradient rule of {rec.op.type} turns finite upstream "
                                  "gradients into non-finite ones at these inputs", _OVERFLOW_FIX))
                index = _first_bad_index(g)
                return NonFinite("backward", rec, g, _inputs_at(rec, index, g.shape), reason, fix)
    return None


def _code_line(file, line):
    import linecache
    return linecache.getline(file, line).strip() if line else ""


# ---- vanishing and exploding gradients ----------------------------------------------------------------

class GradientFlow:
    """Gradient magnitude per layer, in forward order (`layers`: [(name, L2 norm)]).

    `factor` is the average change per layer going back from the loss (geometric mean), and
    `verdict` "vanishing", "exploding" or None.
    """

    def __init__(self, layers):
        self.layers = layers
        norms = [n for _, n in layers]
        first, last = norms[0], norms[-1]
        steps = len(norms) - 1
        self.ratio = first / last if last > 0 else math.inf
        self.factor = self.ratio ** (1 / steps) if steps and 0 < self.ratio < math.inf else None
        deep = len(norms) >= 3
        self.everywhere = max(norms) < VANISHING_NORM or min(norms) > EXPLODING_NORM
        if (deep and self.ratio < VANISHING_RATIO) or max(norms) < VANISHING_NORM:
            self.verdict = "vanishing"
        elif (deep and self.ratio > EXPLODING_RATIO) or min(norms) > EXPLODING_NORM:
            self.verdict = "exploding"
        else:
            self.verdict = None

    @property
    def text(self):
        (first_name, first), (last_name, last) = self.layers[0], self.layers[-1]
        trend = (f"from {last:.2g} at {last_name} (next to the loss) to {first:.2g} at "
                 f"{first_name} (next to the input)")
        per = f", ×{self.factor:.2g} per layer over {len(self.layers)} layers" if self.factor else ""
        if self.everywhere:
            size = "tiny" if self.verdict == "vanishing" else "huge"
            trend = f"{size} at every layer ({trend})"
        if self.verdict == "vanishing":
            return (f"The gradient vanishes: its norm goes {trend}{per}, so the first layers "
                    "barely learn. Usual fixes: ReLU (or GELU) instead of sigmoid/tanh, He or "
                    "Glorot initialisation, normalisation layers (BatchNormalization, "
                    "LayerNormalization), residual connections.")
        if self.verdict == "exploding":
            return (f"The gradient explodes: its norm goes {trend}{per}. Usual fixes: gradient "
                    "clipping (tf.clip_by_global_norm, or clipnorm= in the optimizer), a smaller "
                    "learning rate, smaller initial weights (Glorot or He), normalisation layers.")
        return f"The gradient's norm goes {trend}{per}: no vanishing or exploding."

    def __str__(self):
        return self.text

    def __repr__(self):
        return f"<GradientFlow {self.verdict} over {len(self.layers)} layers>"


def gradient_flow(tape):
    """Per-layer gradient norms of the Variables of the last gradient() call (a layer is a
    Variable's scope, `dense_2` for `dense_2/kernel`, or the Variable itself), or None when
    fewer than three layers have gradients (too shallow for a trend to mean anything)."""
    call = tape.last_call
    if call is None:
        return None
    grads = tape.last_gradients
    squares = {}                       # layer -> sum of squared gradient entries, in first-read order
    for event in tape.watch_log:
        if event.kind != "read":
            continue
        layer = event.variable_name.rsplit("/", 1)[0] if "/" in event.variable_name else \
            event.variable_name.split(":")[0]
        g = _array(grads.get(id(event.tensor)))
        if g is None or not _finite(g):
            squares.setdefault(layer, None)
            continue
        total = squares.get(layer) or 0.0
        squares[layer] = total + float(np.sum(np.abs(g.astype(np.float64)) ** 2))
    layers = [(name, math.sqrt(s)) for name, s in squares.items() if s is not None]
    if len(layers) < 3:
        return None
    return GradientFlow(layers)

"""Why is my gradient None? Names the cause for one (target, source) pair of a tape.

    >>> print(tapeviz.explain(tape, loss, w))
    w is a tf.Tensor the tape never watched ...

The checks follow the order a user would debug in: is the source watched at all (unwatched
constant, trainable=False, watch_accessed_variables=False, a Variable rebound to a Tensor), is
the target on the tape (computed outside it, or a trip through NumPy), and is there a
differentiable path between them (stop_gradient, a non-differentiable op, an integer cast, or no
path at all).
"""
import linecache
import re
import sys

import numpy as np

from tapeviz.framework.context import is_tapeviz_code
from tapeviz.framework.tensor import Tensor
from tapeviz.viewmodel.diagnose import first_nonfinite, gradient_flow

CAUSES = ("unwatched_constant", "trainable_false", "watch_accessed_false", "variable_not_read",
          "variable_replaced", "integer_source", "outside_tape", "numpy_round_trip",
          "stop_gradient", "non_differentiable", "integer_cast", "no_path", "not_none")

_STOP_OPS = ("StopGradient", "PreventGradient")


class Explanation:
    """One answer: `cause` (one of CAUSES), `text` for people, and where it happened."""

    __slots__ = ("cause", "text", "name", "source", "record", "ids")

    def __init__(self, cause, text, name, source, record=None, ids=()):
        self.cause, self.text, self.name = cause, text, name
        self.source, self.record, self.ids = source, record, ids

    def __str__(self):
        return self.text

    def __repr__(self):
        return f"<Explanation {self.cause}: {self.text}>"

    def as_dict(self, producer=None):
        """JSON for a view; `producer` maps tensor ids to graph node ids."""
        out = {"cause": self.cause, "text": self.text, "name": self.name}
        if producer is not None:
            for i in list(self.ids) + [id(self.source)]:
                if i in producer:
                    out["node"] = producer[i][0]
                    break
        if self.record is not None:
            out["op"] = self.record.op.type
            out["line"] = _where(self.record)
        return out


def explain(tape, target=None, source=None):
    """Says why `tape.gradient(target, source)` is None (or that it is not); with the tape
    alone, says everything that went wrong in its last `gradient()` call.

    Args:
      tape: the GradientTape (its records stay available after `gradient()`).
      target: the Tensor or Variable differentiated.
      source: the Tensor or Variable differentiated against.
    Returns:
      With a source, an Explanation (`str()` is the sentence, `.cause` its code); with the tape
      alone, a Report: the None gradients of the last call, the first op that produced a NaN or
      an infinity (forward or backward) and why, and whether gradients vanish or explode.
    Raises:
      ValueError: a target without a source.
    """
    if source is None:
        if target is not None:
            raise ValueError("explain(tape, target) needs the source too: explain(tape, target, "
                             "source), or explain(tape) for everything")
        return Report(tape)
    return _explain(tape, target, source, _name_of(source, depth=2))


class Report:
    """Everything `explain(tape)` found: `none` (Explanations), `nonfinite` (a NonFinite or
    None) and `flow` (a GradientFlow or None); `str()` puts it in words."""

    def __init__(self, tape):
        self.none = explain_sources(tape)
        self.nonfinite = first_nonfinite(tape)
        self.flow = gradient_flow(tape)

    def __str__(self):
        parts = [e.text for e in self.none]
        if self.nonfinite is not None:
            parts.append(self.nonfinite.text)
        if self.flow is not None:
            parts.append(self.flow.text)
        return "\n\n".join(parts) if parts else "Nothing went wrong: no None gradient, no NaN or infinity."

    def __repr__(self):
        return f"<Report: {len(self.none)} None gradients, nonfinite={self.nonfinite!r}, flow={self.flow!r}>"


def explain_sources(tape, target=None, sources=None):
    """Explanations for every source of the last `gradient()` call whose gradient is None."""
    if target is None:
        if tape.last_call is None:
            return []
        target, sources = tape.last_call
    targets = list(target) if isinstance(target, (list, tuple)) else [target]
    out = []
    for s in sources or ():
        if s is None or _has_gradient(tape, s):     # None: a Variable collected since
            continue
        name = _name_of(s, depth=2)
        found = None
        for t in targets:
            e = _explain(tape, t, s, name)
            if e.cause == "not_none":
                found = None
                break
            found = found or e
        if found is not None:
            out.append(found)
    return out


def _explain(tape, target, source, name):
    if getattr(target, "_is_variable", False):
        target = _last_read(tape, target) or target
    source_ids = _source_ids(tape, source)

    def say(cause, text, record=None):
        return Explanation(cause, text.replace("{name}", name), name, source, record, source_ids)

    found = _unwatched(tape, source, source_ids, name, say)
    if found is not None:
        return found
    paths = _Paths(tape, target, source)
    return _no_path(paths, target, source_ids, say) or _blocked(paths, target, source_ids, say)


class _Paths:
    """What the path checks share: the records, which record made each tensor, and what the
    source reaches."""

    def __init__(self, tape, target, source):
        self.records = tape.records
        self.produced = {}                          # id(tensor) -> record index
        for i, rec in enumerate(self.records):
            for o in rec.outputs:
                self.produced[id(o)] = i
        self.on_tape = id(target) in self.produced or tape.is_watched(target)
        self.reach = tape.reached_from(tape.source_tensors(source))


def _unwatched(tape, source, source_ids, name, say):
    """The source-side causes: never watched, trainable=False, watch_accessed_variables=False,
    never read, rebound to a Tensor, an integer dtype (None when the source is watched)."""
    if getattr(source, "_is_variable", False):
        explicit = tape.watches_explicitly(source)
        if not explicit and not source.trainable:
            return say("trainable_false",
                       "{name} is a tf.Variable created with trainable=False, so the tape does not "
                       "watch it. Pass trainable=True, or call tape.watch({name}) inside the "
                       "`with tf.GradientTape()` block.")
        if not explicit and not tape.watch_accessed_variables:
            return say("watch_accessed_false",
                       "The tape was created with watch_accessed_variables=False, so it watches only "
                       "what you pass to tape.watch(); {name} was never watched. Call "
                       "tape.watch({name}) inside the `with` block.")
        if not source_ids:
            return say("variable_not_read",
                       "{name} was never read while the tape was recording: compute the target from "
                       "{name} inside the `with tf.GradientTape()` block.")
    elif isinstance(source, Tensor):
        if not (source.dtype.is_floating or source.dtype.is_complex):
            return say("integer_source",
                       f"{{name}} has dtype {source.dtype.name}: gradients flow only to floating "
                       "point tensors. Cast it to tf.float32 before watching it.")
        if not source_ids:
            line = _rebinding_line(name, tape)
            if line is not None:
                return say("variable_replaced",
                           f"{{name}} is a tf.Tensor, not a tf.Variable: the line `{line}` replaced "
                           "the Variable with a plain Tensor, which the tape does not watch. Update "
                           "it in place instead: {name}.assign_sub(...).")
            return say("unwatched_constant",
                       "{name} is a tf.Tensor (a constant) that the tape never watched. Call "
                       "tape.watch({name}) inside the `with tf.GradientTape()` block, or make it a "
                       "tf.Variable. (If it was a Variable that became a Tensor through "
                       "`{name} = {name} - lr * g`, use {name}.assign_sub(lr * g).)")
    return None


def _no_path(paths, target, source_ids, say):
    """The target-side causes: the target is the source, off the tape, reached only through
    NumPy, or not connected at all (None when a recorded path exists)."""
    records, produced, on_tape, reach = paths.records, paths.produced, paths.on_tape, paths.reach
    target_id = id(target)
    if target_id in source_ids:
        return say("not_none", "{name} is the target itself: its gradient is ones.")
    if not on_tape or target_id not in reach:
        trip = _numpy_trip(records, produced, target, reach)
        if trip is not None:
            rec, detail = trip
            return say("numpy_round_trip",
                       f"The path from {{name}} to the target goes through NumPy ({detail}): "
                       ".numpy(), np.* functions and tf.constant(array) make new constants the "
                       "tape cannot differentiate. Use tf ops all the way.", rec)
        if not on_tape:
            return say("outside_tape",
                       "The target was computed outside the tape (before the `with "
                       "tf.GradientTape()` block, after it, or inside tape.stop_recording()), so "
                       "the tape has no record of how it depends on {name}. Compute it inside the "
                       "`with` block.")
        return say("no_path",
                   "The target does not depend on {name}: no recorded operation connects them. "
                   "Check that the target is computed from {name} (not from a copy or another "
                   "variable).")
    return None


def _blocked(paths, target, source_ids, say):
    """A recorded path exists: is it differentiable, or which op cuts it (stop_gradient, a
    non-differentiable op, an integer cast)?"""
    records, produced, reach = paths.records, paths.produced, paths.reach
    target_id = id(target)
    blocked = _differentiable_reach(records, set(source_ids))
    if target_id in blocked:
        return say("not_none", "{name} has a differentiable path to the target: its gradient is "
                               "not None.")
    rec = _first_blocker(records, reach, blocked, target_id, produced)
    if rec is None:
        return say("no_path", "Every path from {name} to the target has a gradient rule that "
                              "returned None.")
    where = _where(rec)
    if rec.op.type in _STOP_OPS:
        return say("stop_gradient", f"tf.stop_gradient at {where} blocks the gradient: nothing "
                                    "flows back through it to {name}.", rec)
    if rec.op.grad_kind == "none":
        return say("non_differentiable",
                   f"{rec.op.type} at {where} is not differentiable (its output is piecewise "
                   "constant or an index), so no gradient flows back through it to {name}. Use a "
                   "smooth alternative (softmax instead of argmax, no rounding in the loss).", rec)
    dtype = next((o.dtype.name for o in rec.outputs if not _float(o)), "an integer dtype")
    return say("integer_cast",
               f"{rec.op.type} at {where} produces {dtype}: integer tensors carry no gradient, so "
               "the path to {name} is cut there. Keep the computation in floating point.", rec)


# ---- analysis ---------------------------------------------------------------------------------

def _float(t):
    return t.dtype.is_floating or t.dtype.is_complex


def _source_ids(tape, source):
    return [id(t) for t in tape.source_tensors(source)]


def _last_read(tape, variable):
    reads = tape.variable_reads(variable)
    return reads[-1] if reads else None


def _has_gradient(tape, source):
    grads = tape.last_gradients
    return any(i in grads for i in _source_ids(tape, source))


def _passes(rec):
    return (rec.op.type not in _STOP_OPS and rec.op.grad_kind not in ("none", None)
            and all(_float(o) for o in rec.outputs))


def _differentiable_reach(records, ids):
    reach = set(ids)
    for rec in records:
        if _passes(rec) and any(id(x) in reach and _float(x) for x in rec.inputs):
            reach.update(id(o) for o in rec.outputs)
    return reach


def _first_blocker(records, reach, clean, target_id, produced):
    """The earliest record on a source->target path whose gradient does not pass."""
    ancestors = {target_id}
    for rec in reversed(records):
        if any(id(o) in ancestors for o in rec.outputs):
            ancestors.update(id(x) for x in rec.inputs)
    for rec in records:
        on_path = any(id(o) in ancestors for o in rec.outputs) and \
            any(id(x) in reach for x in rec.inputs)
        if on_path and not _passes(rec) and any(id(x) in clean for x in rec.inputs):
            return rec
    for rec in records:
        if any(id(o) in ancestors for o in rec.outputs) and not _passes(rec):
            return rec
    return None


def _numpy_trip(records, produced, target, reach):
    """(record, detail) when the target's inputs look like a tape value re-entered via NumPy."""
    tape_values = [o for rec in records for o in rec.outputs if id(o) in reach]
    ancestors = {id(target)}
    external, consumers = [], {}
    for rec in reversed(records):
        if any(id(o) in ancestors for o in rec.outputs):
            for x in rec.inputs:
                ancestors.add(id(x))
                if id(x) not in produced and id(x) not in reach:
                    external.append(x)
                    consumers[id(x)] = rec
    if id(target) not in produced:
        external.append(target)
        line = _numpy_line_in_block(records)
        if line is not None:
            return None, f"`{line}`"
    for x in external:
        rec = consumers.get(id(x))
        for v in tape_values:
            if v is not x and v._value.shape == x._value.shape and x._value.size and \
                    np.array_equal(v._value, x._value):
                return rec, "a constant equal to a value computed on the tape"
        if rec is not None and _looks_numpy(rec.source):
            return rec, f"`{_code(rec.source)}`"
    return None


def _numpy_line_in_block(records, after=12):
    """A `.numpy()` / `np.` line among the recorded lines and the few after them, before the
    gradient() call: where a target computed off the tape most likely left it."""
    if not records:
        return None
    file = records[-1].source[0]
    lines = [r.source[1] for r in records if r.source[0] == file and r.source[1]]
    if not lines:
        return None
    for n in range(min(lines), max(lines) + after + 1):
        code = linecache.getline(file, n).strip()
        if "gradient(" in code:
            break
        if ".numpy()" in code or re.search(r"\bnp\.", code):
            return code
    return None


def _looks_numpy(source):
    code = _code(source)
    return ".numpy()" in code or re.search(r"\bnp\.", code) is not None


def _code(source):
    file, line = source
    return linecache.getline(file, line).strip() if line else ""


def _where(rec):
    file, line = rec.source
    code = _code(rec.source)
    short = "cell" if "ipykernel_" in file else file.rsplit("/", 1)[-1]
    return f"{short}:{line}" + (f" (`{code}`)" if code else "")


# ---- names and rebinding --------------------------------------------------------------------

def _name_of(obj, depth=1):
    """The name user code binds to `obj`, else 'the source'.

    Module-level bindings (a notebook cell, a script, __main__) win; otherwise the outermost
    user frame holding it, so a helper's parameter name does not hide the caller's variable.
    """
    found = None
    f = sys._getframe(depth)
    while f is not None:
        if not is_tapeviz_code(f.f_code):
            for k, v in f.f_locals.items():
                if v is obj and not k.startswith("_"):
                    if f.f_code.co_name == "<module>":
                        return k
                    found = k
                    break
        f = f.f_back
    main = sys.modules.get("__main__")
    for k, v in vars(main).items() if main else ():
        if v is obj and not k.startswith("_"):
            return k
    return found or "the source"


def _rebinding_line(name, tape):
    """A source line like `w = w - lr * g` that rebinds `name` from arithmetic on itself."""
    if not name.isidentifier():
        return None
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*=\s*(?!.*\.assign).*\b{re.escape(name)}\b\s*[-+*/]")
    files = {rec.source[0] for rec in tape.records}
    f = sys._getframe(1)
    while f is not None:
        files.add(f.f_code.co_filename)
        f = f.f_back
    files.update(k for k in list(linecache.cache) if "ipykernel_" in k or k.startswith("<ipython"))
    for file in files:
        for line in linecache.getlines(file):
            if pattern.match(line):
                return line.strip()
    return None



"""The L2 norm of each Variable's last gradient, for the inspector's `|grad|` column.

`note(tape)` keeps references to the gradient parts of the last `tape.gradient()` call;
`grad_norm(v)` reduces them to a number when a row is drawn and remembers it until the next
gradient. Nothing is stored on the Variable, and nothing here keeps a Variable alive.
"""
import weakref

import numpy as np

from tapeviz.viewmodel.summaries import as_array

_pending = {}   # id(variable) -> (weakref, [gradient parts]) from the last tape.gradient()
_norms = {}     # id(variable) -> (weakref, norm) once computed


def variable_gradients(tape, call=None):
    """[(variable, [its gradient parts])] for each Variable source of `tape`'s last gradient()
    call that received a gradient (one part per read of it on the tape; references, no copies).
    `call`: `tape.last_call`, when the caller has it already."""
    if call is None:
        call = tape.last_call
    if call is None:
        return []
    kept = tape.last_gradients
    found = []
    for v in call[1]:
        if not getattr(v, "_is_variable", False):
            continue
        parts = [kept[id(t)] for t in tape.variable_reads(v) if id(t) in kept]
        if parts:
            found.append((v, parts))
    return found


def note(tape):
    """Remembers (by reference) each Variable source's gradient parts from `tape.gradient()`."""
    for v, parts in variable_gradients(tape):
        _pending[id(v)] = (weakref.ref(v), parts)


def grad_norm(v):
    """The L2 norm of `v`'s last gradient (None before any)."""
    pending = _pending.pop(id(v), None)
    if pending is not None and pending[0]() is v:
        _norms[id(v)] = (weakref.ref(v, lambda _, vid=id(v): _norms.pop(vid, None)),
                         norm(pending[1]))
    known = _norms.get(id(v))
    return known[1] if known is not None and known[0]() is v else None


def clear():
    """Forgets pending gradient parts (nobody listens any more)."""
    _pending.clear()


def norm(parts):
    """The norm of the sum of a Variable's gradient parts (one per read of it on the tape)."""
    arrays = [as_array(p) for p in parts]
    if any(a is None for a in arrays):      # a large gradient kept as statistics only
        if len(parts) == 1:
            return parts[0].stats.get("norm")
        return None
    total = arrays[0].astype(np.float64)
    for a in arrays[1:]:
        total = total + a
    total = np.abs(total) if total.dtype.kind == "c" else total
    return float(np.sqrt(np.sum(np.square(total))))

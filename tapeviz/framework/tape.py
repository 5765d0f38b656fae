"""`tf.GradientTape`: records ops on watched tensors, then walks the records backwards.

The records list is already in execution order, so walking it in reverse is a topological order:
no recursion and no sort, which keeps a 10,000-op tape cheap.

Views read a tape through its read-only recording API (`records`, `watch_log`,
`source_tensors`, `reached_from`, `variable_reads`, `last_call`, `last_gradients`, ...), never
through its private fields. The few array ops the tape itself needs (add, sum, reshape, concat,
stack) are called by TF op type through `api.op`, so this module imports no op library.
"""
import enum
import logging
import weakref
from typing import NamedTuple, Optional

import numpy as np

from tapeviz.framework import dtypes, nest
from tapeviz.framework.api import op
from tapeviz.framework.context import ctx, paused_gc, user_site
from tapeviz.framework.convert import to_tensor
from tapeviz.framework.indexed_slices import IndexedSlices, densify
from tapeviz.framework.registry import gradients_of
from tapeviz.framework.tensor import Tensor

logger = logging.getLogger("tapeviz")
KEEP_GRADIENT_BYTES = 64 << 20   # per gradient() call: references kept for views, up to this size
KEPT_OBJECT_BYTES = 200          # what keeping one gradient costs beside its data (Tensor, array
                                 # header, dict entry): a long chain of scalars keeps ~300k, not all

_ONE_USE = ("A non-persistent GradientTape can only be used to compute one set of gradients "
            "(or jacobians)")


class UnconnectedGradients(enum.Enum):
    """What `gradient` returns for a source with no path to the target."""
    NONE = "none"
    ZERO = "zero"


class WatchEvent(NamedTuple):
    """How a tensor became a source of the tape: `watch()` of it, or a read of a Variable."""
    kind: str                       # "watch" or "read"
    tensor: object                  # the watched Tensor, or the Tensor the read returned
    variable_name: Optional[str] = None    # for reads: the Variable's name at the read
    variable_key: Optional[int] = None     # for reads: id() of the Variable (one node per key)
    site: Optional[tuple] = None           # for watch(): (code, last instruction) of the call


class GradientTape:
    """Records operations on watched tensors for automatic differentiation (`tf.GradientTape`).

    Args:
      persistent: allow more than one `gradient()` / `jacobian()` call.
      watch_accessed_variables: watch every trainable Variable read while recording.
    """

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = bool(persistent)
        self._watch_accessed_variables = bool(watch_accessed_variables)
        self._used = False
        self._entered = False
        self._clear()
        if ctx.tape_events:
            ctx.tape_events.notify(self, "create")

    def _clear(self):
        self._records = []          # OpRecords, in execution order
        self._watched = set()       # ids of watched tensors (all kept alive by the lists here)
        self._held = []             # tensors watched explicitly
        self._var_reads = {}        # id(variable) -> [read tensors]
        self._variables = {}        # id(variable) -> (weakref, name at first access), in order
        self._explicit_vars = set() # ids of variables passed to watch()
        self._events = []           # WatchEvents, in order
        self.last_gradients = {}    # id(tensor) -> gradient (Tensor or IndexedSlices), last gradient()
        self._last_call = None      # (targets, sources) of the last gradient(); Variables weakly

    # ---- recording ---------------------------------------------------------------------------
    def __enter__(self):
        if self in ctx.recording:
            raise ValueError("Tape is still recording, This can happen if you try to re-enter "
                             "an already-active tape.")
        if self._used and not self._persistent:
            self._used = False
            self._clear()
        self._entered = True
        ctx.start_recording(self)
        return self

    def __exit__(self, *exc):
        ctx.stop_recording(self)
        if ctx.tape_events:
            ctx.tape_events.notify(self, "exit")
        return False

    @property
    def _recording(self):
        return self in ctx.recording

    def watch(self, tensor):
        """Watches a Tensor or Variable (or a nest of them) so gradients can flow to it."""
        for t in nest.flatten(tensor):
            t = _flat(t)
            if getattr(t, "_is_variable", False):
                self._explicit_vars.add(id(t))
                self._note_variable(t)
                continue
            if not isinstance(t, Tensor):
                raise ValueError(f"Passed in object {t} of type '{type(t).__name__}', not tf.Tensor "
                                 "or tf.Variable or ExtensionType.")
            if not t.dtype.is_floating and not t.dtype.is_complex:
                logger.warning("The dtype of the watched tensor must be floating (e.g. "
                               "tf.float32), got %r", t.dtype)
            if id(t) not in self._watched:
                self._watched.add(id(t))
                self._held.append(t)
                self._events.append(WatchEvent("watch", t, site=user_site(2)))

    def _on_read(self, variable, tensor):
        """A Variable was read while this tape records: watch the read if the rules say so."""
        vid = id(variable)
        if vid in self._explicit_vars or (self._watch_accessed_variables and variable.trainable):
            if vid not in self._variables:
                self._note_variable(variable)
            self._watched.add(id(tensor))
            reads = self._var_reads.get(vid)
            if reads is None:
                self._var_reads[vid] = [tensor]
            else:
                reads.append(tensor)
            self._events.append(WatchEvent("read", tensor, getattr(variable, "path", None) or variable.name, vid))

    def _on_create(self, variable):
        if self._watch_accessed_variables and variable.trainable:
            self._note_variable(variable)

    def _note_variable(self, variable):
        vid = id(variable)
        if vid not in self._variables:
            def forget(_, vid=vid, tape=weakref.ref(self)):
                t = tape()
                if t is not None:
                    t._variables.pop(vid, None)
                    t._explicit_vars.discard(vid)
            self._variables[vid] = (weakref.ref(variable, forget), variable.name)

    def watched_variables(self):
        """The Variables this tape watched, in first-access order."""
        live = (ref() for ref, _ in self._variables.values())
        return tuple(v for v in live if v is not None)

    # ---- the read-only recording API (what views use) -----------------------------------------
    @property
    def persistent(self):
        return self._persistent

    @property
    def watch_accessed_variables(self):
        return self._watch_accessed_variables

    @property
    def records(self):
        """The OpRecords of every recorded op, in execution order (a snapshot tuple)."""
        return tuple(self._records)

    @property
    def watch_log(self):
        """Every `watch()` and watched Variable read, in order, as WatchEvents."""
        return tuple(self._events)

    @property
    def last_call(self):
        """(targets, sources) of the last `gradient()` call, or None; dead Variables are None."""
        if self._last_call is None:
            return None
        targets, sources = self._last_call
        return targets, [x() if isinstance(x, weakref.ref) else x for x in sources]

    def is_watched(self, tensor):
        """Whether `tensor` was watched or recorded as an op's output on this tape."""
        return id(tensor) in self._watched

    def watches_explicitly(self, variable):
        """Whether `variable` was passed to `watch()`."""
        return id(variable) in self._explicit_vars

    def variable_reads(self, variable):
        """The Tensors that this tape's watched reads of `variable` returned, in order."""
        return tuple(self._var_reads.get(id(variable), ()))

    def source_tensors(self, source):
        """The recorded Tensors that stand for `source`: a Variable's watched reads, or the
        Tensor itself if it was watched (empty when the tape never saw it)."""
        if getattr(source, "_is_variable", False):
            return self.variable_reads(source)
        return (source,) if id(source) in self._watched else ()

    def reached_from(self, tensors):
        """ids of `tensors` and of every recorded output computed from them."""
        return _reach(self._records, {id(t) for t in tensors})

    def stop_recording(self):
        """A context manager in which this tape records nothing."""
        if not self._recording:
            raise RuntimeError("Trying to stop recording a tape which is not recording.")
        return _Paused(self)

    def reset(self):
        """Discards everything recorded so far, explicit watches included."""
        self._clear()

    # ---- differentiation ---------------------------------------------------------------------
    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """Computes the gradient of `target` (summed) with respect to each source.

        Args:
          target: a Tensor or Variable, or a nest of them (their gradients are summed).
          sources: a Tensor or Variable, or a nest of them; the result has the same structure.
          output_gradients: gradients of the targets (the seed), same structure as `target`.
          unconnected_gradients: 'none' (default) or 'zero' for sources with no path.
        Returns:
          Gradients shaped like `sources`: Tensors, IndexedSlices, or None.
        Raises:
          RuntimeError: a non-persistent tape used twice, or never entered.
        """
        self._start_use("gradient")
        if target is None:
            raise TypeError("Argument `target` should be a list or nested structure of Tensors, "
                            "Variables or CompositeTensors to be differentiated, but received None.")
        unconnected = _unconnected(unconnected_gradients)
        flat_targets, aliases = [], {}
        for t in nest.flatten(target):
            flat_targets.append(_as_target(_flat(t)))
            if getattr(t, "_is_variable", False):   # a Variable target is its own source (TF: 1)
                aliases.setdefault(id(t), []).append(id(flat_targets[-1]))
        if output_gradients is None:
            seeds = [None] * len(flat_targets)
        elif not nest.is_nested(target):
            seeds = [output_gradients]
        else:
            seeds = _flatten_up_to(target, output_gradients)
        composites = nest.flatten(sources)
        flat_sources = [_flat(s) for s in composites]
        for s in flat_sources:
            _check_source(s)
        with paused_gc():          # walking a long tape allocates a gradient per record
            result = self._backprop(flat_targets, seeds, flat_sources, unconnected, keep=True,
                                    aliases=aliases)
        result = [c.with_flat_values(g) if c is not s and g is not None else g
                  for c, s, g in zip(composites, flat_sources, result)]
        self._last_call = (flat_targets, [weakref.ref(x) if getattr(x, "_is_variable", False) else x
                                          for x in flat_sources])
        self._finish_use()
        if ctx.tape_events:
            ctx.tape_events.notify(self, "gradient")
        return nest.pack_sequence_as(sources, result)

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """The Jacobian of `target` with respect to each source: shape target.shape + source.shape."""
        unconnected = self._start_jacobian("jacobian", experimental_use_pfor, target,
                                           unconnected_gradients)
        target = _as_target(target)
        flat_sources = nest.flatten(sources)
        for s in flat_sources:
            _check_source(s)
        n = int(np.prod(target._value.shape, dtype=np.int64))
        rows = []
        for i in range(n):
            seed = np.zeros(n, dtype=target._value.dtype)
            seed[i] = 1
            seed = Tensor(seed.reshape(target._value.shape))
            rows.append(self._backprop([target], [seed], flat_sources, "none", keep=False))
        result = []
        for j, s in enumerate(flat_sources):
            shape = tuple(target.shape) + tuple(s.shape)
            parts = [densify(r[j]) for r in rows]
            if all(p is None for p in parts):
                result.append(_zeros(shape, s.dtype) if unconnected == "zero" else None)
                continue
            parts = [p if p is not None else _zeros(s.shape, s.dtype) for p in parts]
            result.append(_zeros(shape, s.dtype) if n == 0 else _stack_as(parts, 0, shape))
        self._finish_use()
        return nest.pack_sequence_as(sources, result)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example Jacobians: target (B, ...) and source (B, ...) give (B, target..., source...)."""
        unconnected = self._start_jacobian("batch_jacobian", experimental_use_pfor, source,
                                           unconnected_gradients)
        target = _as_target(target)
        _check_source(source)
        tshape, sshape = tuple(target.shape), tuple(source.shape)
        if len(tshape) < 2:
            raise ValueError(f"Shape {target.shape} must have rank at least 2")
        if tshape[0] != sshape[0]:
            raise ValueError(f"Need first dimension of target shape ({target.shape}) and source "
                             f"shape ({source.shape}) to match.")
        batch, rest = tshape[0], int(np.prod(tshape[1:], dtype=np.int64))
        columns = []
        for k in range(rest):
            seed = np.zeros((batch, rest), dtype=target._value.dtype)
            seed[:, k] = 1
            g = self._backprop([target], [Tensor(seed.reshape(tshape))], [source], "none", keep=False)[0]
            columns.append(densify(g))
        self._finish_use()
        if all(c is None for c in columns):
            return _zeros(tshape + sshape[1:], source.dtype) if unconnected == "zero" else None
        columns = [c if c is not None else _zeros(sshape, source.dtype) for c in columns]
        return _stack_as(columns, 1, tshape + sshape[1:])

    def _start_jacobian(self, what, use_pfor, single, unconnected_gradients):
        """The checks `jacobian` and `batch_jacobian` share, in TF's order; returns 'none'/'zero'."""
        if not use_pfor and not self._persistent:
            raise RuntimeError(f"GradientTape must be created with persistent=True to compute the "
                               f"{what} with eager execution enabled and with  "
                               "experimental_use_pfor set to False.")
        self._start_use(what)
        if isinstance(single, (list, tuple, dict)):
            raise AttributeError(f"'{type(single).__name__}' object has no attribute 'shape'")
        return _unconnected(unconnected_gradients)

    def _start_use(self, what):
        if not self._entered or (self._used and not self._persistent):
            raise RuntimeError(_ONE_USE)
        if self._recording:
            if self._persistent:
                if not getattr(self, "_warned_inside", False):
                    self._warned_inside = True
                    logger.warning(
                        "Calling GradientTape.%s on a persistent tape inside its context is "
                        "significantly less efficient than calling it outside the context (it "
                        "causes the gradient ops to be recorded on the tape, leading to increased "
                        "CPU and memory usage). Only call GradientTape.%s inside the context if "
                        "you actually want to trace the gradient in order to compute higher order "
                        "derivatives.", what, what)
            else:
                ctx.stop_recording(self)

    def _finish_use(self):
        if not self._persistent:
            self._used = True

    def _backprop(self, targets, seeds, sources, unconnected, keep, aliases=None):
        """Gradients of sum(targets * seeds) with respect to `sources` (a flat list).

        `aliases`: {id(Variable): [ids of target tensors read from it]}, so that a Variable that
        is both target and source gets its seed."""
        source_ids = [[id(t) for t in self.source_tensors(s)] for s in sources]
        if aliases:
            for s, ids in zip(sources, source_ids):
                ids.extend(aliases.get(id(s), ()))
        records = self._records[:]   # a persistent tape may record its own gradient ops
        needed = _reach(records, {i for ids in source_ids for i in ids})
        grads = _seed_gradients(targets, seeds, needed)
        kept = _Kept() if keep else None
        pinned = needed.intersection(i for ids in source_ids for i in ids)
        for rec in reversed(records):
            op, inputs, outs, attrs, _, _ = rec
            if len(outs) == 1:
                y = outs[0]
                oid = id(y)
                g = grads.get(oid)
                if g is None:
                    continue
                if oid not in pinned:
                    del grads[oid]
                if kept is not None:
                    kept.add(oid, g)
                if type(g) is not Tensor:
                    g = densify(g)
                if op.grad_kind == "rules":
                    # the common case in one pass over the inputs: each wanted input's rule, then
                    # its gradient summed back to its shape and into what it already has
                    rules, broadcasting = op.grad_rules, op.broadcasting
                    for i, x in enumerate(inputs):
                        xid = id(x)
                        if xid not in needed or i >= len(rules) or rules[i] is None \
                                or x._value.dtype.kind not in "fc":
                            continue
                        gx = rules[i](g, y, *inputs, **attrs)
                        if gx is None:
                            continue
                        if broadcasting and gx._value.shape != x._value.shape:
                            gx = _unbroadcast(gx, x._value.shape)
                        prev = grads.get(xid)
                        grads[xid] = gx if prev is None else _accumulate(prev, gx)
                    continue
                gs = (g,)
            else:
                gs = _take_gradients(outs, grads, pinned, kept)
                if gs is None:
                    continue
            wanted = [id(x) in needed and x._value.dtype.kind in "fc" for x in inputs]
            if True not in wanted:
                continue
            input_grads = gradients_of(rec, gs, wanted)
            broadcasting = op.broadcasting
            for x, gx, w in zip(inputs, input_grads, wanted):
                if gx is None or not w:
                    continue
                if broadcasting and gx._value.shape != x._value.shape:
                    gx = _unbroadcast(gx, x._value.shape)
                xid = id(x)
                prev = grads.get(xid)
                grads[xid] = gx if prev is None else _accumulate(prev, gx)
        if kept is not None:
            self.last_gradients = kept.with_sources(source_ids, grads)
        return [_source_gradient(s, ids, grads, unconnected) for s, ids in zip(sources, source_ids)]

    def __repr__(self):
        return (f"<tapeviz.GradientTape: {len(self._records)} ops, persistent={self._persistent}"
                f", recording={self._recording}>")


class _Paused:
    def __init__(self, tape):
        self._tape = tape

    def __enter__(self):
        ctx.recording.remove(self._tape)

    def __exit__(self, *exc):
        ctx.recording.append(self._tape)
        return False


def _reach(records, ids):
    """`ids` plus the ids of every record output computed from them (records in order)."""
    reach = set(ids)
    for _, inputs, outputs, _, _, _ in records:
        for x in inputs:
            if id(x) in reach:
                for o in outputs:
                    reach.add(id(o))
                break
    return reach


def _seed_gradients(targets, seeds, needed):
    """{id(target): its seed gradient} for the targets that depend on a source."""
    grads = {}
    for t, seed in zip(targets, seeds):
        if id(t) in needed and _differentiable(t):
            g = _ones_like(t) if seed is None else _seed(seed, t)
            grads[id(t)] = _accumulate(grads.get(id(t)), g)
    return grads


def _take_gradients(outputs, grads, pinned, kept):
    """The dense gradients of a multi-output record's outputs (None where absent), taken out
    of `grads` unless pinned as a source; None when no output has one."""
    gs = [grads.get(id(o)) for o in outputs]
    if all(g is None for g in gs):
        return None
    for o, g in zip(outputs, gs):
        if g is not None and kept is not None:
            kept.add(id(o), g)
        if id(o) not in pinned:
            grads.pop(id(o), None)
    return [densify(g) for g in gs]


def _source_gradient(source, ids, grads, unconnected):
    """The summed gradient of one source (a Variable read several times has several parts)."""
    parts = [grads[i] for i in ids if i in grads]
    if not parts or not _differentiable(source):
        return _zeros(source.shape, source.dtype) if unconnected == "zero" else None
    g = parts[0]
    for p in parts[1:]:
        g = _accumulate(g, p)
    return g


def _flatten_up_to(structure, values):
    """`values` split along `structure`'s nesting: one entry per leaf of `structure`."""
    if isinstance(structure, dict):
        return [v for k in sorted(structure) for v in _flatten_up_to(structure[k], values[k])]
    if isinstance(structure, (list, tuple)):
        if len(values) != len(structure):
            raise ValueError(f"output_gradients has {len(values)} entries for {len(structure)} targets")
        return [v for s, x in zip(structure, values) for v in _flatten_up_to(s, x)]
    return [values]


def _unconnected(value):
    if isinstance(value, UnconnectedGradients):
        return value.value
    if value in ("none", "zero"):
        return value
    raise ValueError(f"Unknown value for unconnected_gradients: {value!r}")


def _flat(x):
    """A composite tensor (RaggedTensor) stands for its flat values on the tape: they are what
    its ops were computed from, and its gradient is the flat values' gradient in its rows."""
    return x.flat_values if hasattr(type(x), "with_flat_values") else x


def _as_target(t):
    if getattr(t, "_is_variable", False):
        return t.read_value()
    if not isinstance(t, Tensor):
        raise AttributeError(f"'{type(t).__name__}' object has no attribute 'dtype'")
    return t


def _check_source(s):
    if s is None:
        raise TypeError("Cannot convert the argument `type_value`: None to a TensorFlow DType.")
    if isinstance(s, Tensor) or getattr(s, "_is_variable", False):
        return
    if isinstance(s, (float, int, complex)):
        raise AttributeError(f"'{type(s).__name__}' object has no attribute 'dtype'")
    raise AttributeError(f"'{type(s).__module__}.{type(s).__name__}' object has no attribute '_id'"
                         if type(s).__module__ == "numpy" else
                         f"'{type(s).__name__}' object has no attribute '_id'")


def _differentiable(t):
    return t._value.dtype.kind in "fc" if type(t) is Tensor else t.dtype in dtypes.INEXACT


class _Kept:
    """References to the gradients of one gradient() call, for views; no copies, no statistics.

    Only the first KEEP_GRADIENT_BYTES are kept (data and objects), so a deep chain of big
    tensors does not double its memory and a million-op chain of scalars does not keep a million
    objects: gradients past the budget are simply not shown.
    """

    __slots__ = ("grads", "bytes")

    def __init__(self):
        self.grads, self.bytes = {}, 0

    def add(self, key, g):
        size = (g._value if type(g) is Tensor else g.values._value).nbytes + KEPT_OBJECT_BYTES
        if self.bytes + size <= KEEP_GRADIENT_BYTES:
            self.grads[key] = g
            self.bytes += size

    def with_sources(self, source_ids, grads):
        """The kept gradients plus the sources' own (which no record's output carries)."""
        for ids in source_ids:
            for i in ids:
                if i in grads and i not in self.grads:
                    self.add(i, grads[i])
        return self.grads


def _ones_like(t):
    v = t._value
    return Tensor(v.dtype.type(1) if v.ndim == 0 else np.ones_like(v))   # a scalar loss: no array


def _zeros(shape, dtype):
    return Tensor(np.zeros(tuple(shape), dtype=dtype.as_numpy_dtype))


def _stack_as(parts, axis, shape):
    return op("Reshape")(op("Pack")(*parts, axis=axis), shape=tuple(shape))


def _seed(seed, target):
    if not isinstance(seed, Tensor):
        seed = to_tensor(seed, target.dtype)
    return seed


def _accumulate(prev, g):
    if prev is None:
        return g
    if isinstance(prev, IndexedSlices) and isinstance(g, IndexedSlices):
        concat = op("ConcatV2")
        return IndexedSlices(concat(prev.values, g.values, axis=0),
                             concat(prev.indices, g.indices, axis=0), prev.dense_shape)
    return op("AddV2")(densify(prev), densify(g))


def _unbroadcast(g, shape):
    """Sums a broadcast gradient back to `shape`."""
    gshape = g._value.shape
    lead = len(gshape) - len(shape)
    axes = list(range(lead)) + [lead + i for i, d in enumerate(shape) if d == 1 and gshape[lead + i] != 1]
    if axes:
        g = op("Sum")(g, axis=tuple(axes), keepdims=False)
    if g._value.shape != shape:
        g = op("Reshape")(g, shape=tuple(shape))
    return g

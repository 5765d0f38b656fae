"""What a training loop did to its Variables, step by step: the data behind `tapeviz.plot`'s
gradient flow (gradient magnitude per layer over steps) and histograms (Variable values over
steps, as TensorBoard's histogram dashboard).

A step is one `tape.gradient()` call (a training loop makes one per step). For every Variable
source of that call the record keeps the L2 norm of its gradient (a float) and, every few steps,
a histogram of its value (a few dozen counts), so a long loop keeps little memory: when the
snapshots outgrow `max_snapshots`, every other one is dropped and the interval doubles.
"""
import collections

import numpy as np

from tapeviz.framework.context import ctx
from tapeviz.framework.tensor import Tensor
from tapeviz.viewmodel.arrays import histogram, numeric
from tapeviz.viewmodel.gradient_norms import norm, variable_gradients
from tapeviz.viewmodel.variable_rows import distinct_names


class TrainingRecord:
    """Per-step gradient norms and value histograms of the Variables a loop differentiates.

    Args:
      bins: bins of each value histogram.
      max_snapshots: histograms kept per Variable (older ones are thinned out, evenly).
      follow: record every `tape.gradient()` from now on (else call `add(tape)` yourself).
    """

    def __init__(self, *, bins=30, max_snapshots=100, follow=False):
        self.bins = int(bins)
        self.max_snapshots = int(max_snapshots)
        self.step = 0                 # gradient() calls seen
        self.norms = {}               # Variable name -> ([steps], [gradient norms])
        self.histograms = {}          # Variable name -> [(step, counts, edges)]
        self._every = 1               # a histogram every this many steps
        if follow:
            self.follow()

    def follow(self):
        """Records every `tape.gradient()` call from now on (the record is held weakly)."""
        ctx.tape_events.add(self._on_tape)

    def stop(self):
        ctx.tape_events.remove(self._on_tape)

    def _on_tape(self, tape, event):
        if event == "gradient":
            self.add(tape)

    def add(self, tape):
        """Records the last `gradient()` call of `tape` as the next step."""
        self.add_gradients(variable_gradients(tape))

    def add_gradients(self, found, histograms=None):
        """Records one step from `variable_gradients(tape)` of its `gradient()` call.

        `histograms`: take value histograms at this step (True), not (False), or every few
        steps (None)."""
        if found:
            self._add(found, distinct_names([v for v, _ in found]), [norm(p) for _, p in found],
                      histograms)

    def add_steps(self, steps):
        """Records several steps at once, each a `variable_gradients(tape)`: what a live view
        saw between two updates. The gradient norms are reduced with one NumPy call per
        Variable for all the steps, and value histograms are taken at the last step only (the
        Variables hold its values now)."""
        steps = [found for found in steps if found]
        names = {}
        for k, (found, norms) in enumerate(zip(steps, step_norms(steps))):
            key = tuple(id(v) for v, _ in found)      # the Variables stay alive in `steps`
            if key not in names:
                names[key] = distinct_names([v for v, _ in found])
            self._add(found, names[key], norms, k == len(steps) - 1)

    def add_log(self, log):
        """Records the steps a `StepLog` holds (a live view's steps since its last update), in
        order; value histograms at the last of them (the Variables hold its values now)."""
        batch = []            # (found, norms or None), in step order
        for item in log.drain():
            if isinstance(item, GradientRows):
                found = [(v, None) for v in item.variables]
                batch += [(found, row) for row in item.norms()]
            elif item:
                batch.append((item, None))
        computed = iter(step_norms([found for found, norms in batch if norms is None]))
        names = {}
        for k, (found, norms) in enumerate(batch):
            key = tuple(id(v) for v, _ in found)      # the Variables stay alive in `batch`
            if key not in names:
                names[key] = distinct_names([v for v, _ in found])
            self._add(found, names[key], next(computed) if norms is None else norms,
                      k == len(batch) - 1)

    def _add(self, found, names, norms, histograms):
        self.step += 1
        snapshot = self.step % self._every == 0 if histograms is None else histograms
        for (v, _), n in zip(found, norms):
            name = names[id(v)]
            steps, values = self.norms.setdefault(name, ([], []))
            steps.append(self.step)
            values.append(n)
            if snapshot:
                self._snapshot(name, v)
        if snapshot and any(len(h) > self.max_snapshots for h in self.histograms.values()):
            self._every *= 2
            for name, kept in self.histograms.items():
                if histograms is None:
                    self.histograms[name] = [h for h in kept if h[0] % self._every == 0]
                else:           # taken at the caller's pace: every other one, the last kept
                    self.histograms[name] = kept[::-1][::2][::-1]

    def _snapshot(self, name, v):
        a = numeric(v._value)
        if a is None or a.size == 0:
            return
        counts, edges = histogram(a, self.bins)
        self.histograms.setdefault(name, []).append((self.step, counts, edges))

    def layer_norms(self):
        """{layer: ([steps], [norms])}: a layer's gradient magnitude is the L2 norm of all its
        Variables' gradients together (`dense/kernel` and `dense/bias` make layer `dense`)."""
        squares = {}
        for name, (steps, values) in self.norms.items():
            per_step = squares.setdefault(layer_of(name), {})
            for s, n in zip(steps, values):
                if n is not None:
                    per_step[s] = per_step.get(s, 0.0) + float(n) ** 2
        return {layer: (sorted(per_step), [float(np.sqrt(per_step[s])) for s in sorted(per_step)])
                for layer, per_step in squares.items()}

    def __repr__(self):
        return f"<TrainingRecord: {self.step} steps, {len(self.norms)} Variables>"


def step_norms(steps):
    """The gradient norms of several steps, [[norm of each Variable of `found`] for each `found`
    in `steps`] (each a `variable_gradients(tape)`): as `norm` does one at a time, with one
    NumPy reduction per Variable for the steps where its gradient is one dense float array."""
    out = [[None] * len(found) for found in steps]
    groups = {}                 # the same Variables in the same order: a training loop's steps
    for i, found in enumerate(steps):
        groups.setdefault(tuple([id(v) for v, _ in found]), []).append(i)
    for key, rows in groups.items():
        for k in range(len(key)):
            parts = [steps[i][k][1] for i in rows]
            arrays = [p[0]._value if len(p) == 1 and isinstance(p[0], Tensor) else None
                      for p in parts]
            first = arrays[0]
            if first is not None and first.dtype.kind == "f" and all(
                    a is not None and a.shape == first.shape and a.dtype == first.dtype
                    for a in arrays):
                stacked = np.array(arrays).reshape(len(arrays), -1)
                norms = np.sqrt(np.einsum("ij,ij->i", stacked, stacked, dtype=np.float64)).tolist()
            else:
                norms = [norm(p) for p in parts]
            for i, n in zip(rows, norms):
                out[i][k] = n
    return out


def layer_of(name):
    """The layer part of a Variable's name: `sequential/dense_1/kernel:0` -> `sequential/dense_1`
    (a name with no `/` is its own layer)."""
    base = name.split(":")[0].split(" (")[0]
    return base.rsplit("/", 1)[0] if "/" in base else base


ROW_BYTES = 1 << 16     # steps whose Variable gradients take at most this many bytes are copied
ROWS_BYTES = 1 << 20    # into rows of at most this size; larger ones are kept by reference


class GradientRows:
    """The Variable gradients of consecutive training steps, copied into preallocated rows.

    A live view's tape observer records a step by copying each Variable's gradient into the next
    row (a few hundred bytes for a small model) instead of keeping the gradient Tensors until its
    worker records them: a burst of thousands of steps then holds compact rows, not thousands of
    Tensors and arrays. Inside a loop the two cost the same time (about +26 µs a step each on the
    300-step 512x8 -> 32 -> 1 loop, `bench/RESULTS_graph.md`): the copy is ~6 µs of work, and
    arrays kept alive cost about as much in cache and malloc.

    One writer (the loop's thread: `add`, `close`) and one reader (`norms`, under the view's
    lock): the writer fills a row, then publishes it by advancing `written`.
    """

    __slots__ = ("variables", "rows", "shapes", "dtypes", "written", "read", "closed")

    def __init__(self, found, capacity):
        self.variables = [v for v, _ in found]
        self.shapes = [parts[0]._value.shape for _, parts in found]
        self.dtypes = [parts[0]._value.dtype for _, parts in found]
        self.rows = [np.empty((capacity,) + shape, dtype) for shape, dtype in zip(self.shapes, self.dtypes)]
        self.written = self.read = 0
        self.closed = False

    @staticmethod
    def fits_step(found):
        """Rows for steps like this one: every gradient one dense float array, small in all."""
        size = 0
        for _, parts in found:
            if len(parts) != 1 or type(parts[0]) is not Tensor:
                return 0
            a = parts[0]._value
            if a.dtype.kind != "f":
                return 0
            size += a.nbytes
        return size if 0 < size <= ROW_BYTES else 0

    def add(self, found):
        """Copies one step's gradients into the next row; False if this step does not fit
        (other Variables, shapes or kinds of gradient) or the rows are full. (Per step on the
        loop's thread: one pass, each check the cheapest that decides.)"""
        k = self.written
        if len(found) != len(self.variables) or k == len(self.rows[0]):
            return False
        for (v, parts), want, rows, shape, dtype in zip(found, self.variables, self.rows,
                                                      self.shapes, self.dtypes):
            if v is not want or len(parts) != 1 or type(parts[0]) is not Tensor:
                return False
            a = parts[0]._value
            if a.shape != shape or (a.dtype is not dtype and a.dtype != dtype):
                return False
            rows[k] = a       # row k is published below: a step that stops fitting half way
        self.written = k + 1  # leaves a row nobody reads
        return True

    def norms(self):
        """[[the L2 norm of each Variable's gradient] for each row written since the last call],
        reduced as `step_norms` does (one NumPy reduction per Variable)."""
        end = self.written
        start, self.read = self.read, end
        if end == start:
            return []
        per_variable = []
        for rows in self.rows:
            block = rows[start:end].reshape(end - start, -1)
            per_variable.append(np.sqrt(np.einsum("ij,ij->i", block, block, dtype=np.float64)).tolist())
        return [list(row) for row in zip(*per_variable)]


class StepLog:
    """What a live view keeps of each training step until its worker records it: the steps'
    gradients, in GradientRows while the steps are alike and small, else by reference (each a
    `variable_gradients(tape)`). One writer (`add`) and one reader (`drain`)."""

    def __init__(self):
        self._items = collections.deque()      # GradientRows and found lists, in step order
        self._rows = None                      # the GradientRows being filled
        self._added = self._drained = 0        # bytes kept (by the writer) and let go (reader)

    @property
    def held_bytes(self):
        """About how many bytes of gradients wait for the reader."""
        return self._added - self._drained

    def add(self, found):
        """Keeps one step's Variable gradients (`variable_gradients(tape)`)."""
        rows = self._rows
        if rows is not None and rows.add(found):
            return
        if rows is not None:
            rows.closed = True                 # after its last row: the reader may drop it
            self._rows = None
        size = GradientRows.fits_step(found)
        if size:
            rows = GradientRows(found, max(16, min(1024, ROWS_BYTES // size)))
            rows.add(found)
            self._rows = rows
            self._added += sum(r.nbytes for r in rows.rows)
            self._items.append(rows)
        else:
            self._added += _found_bytes(found)
            self._items.append(found)

    def drain(self):
        """The items written since the last drain, in order: GradientRows (read their new rows
        with `norms()`) and found lists."""
        out = []
        while self._items:
            item = self._items[0]
            out.append(item)
            if isinstance(item, GradientRows):
                if not item.closed:            # read before `written` (by `norms`): no row after
                    break                      # the rows being filled: their next rows wait
                self._drained += sum(r.nbytes for r in item.rows)
            else:
                self._drained += _found_bytes(item)
            self._items.popleft()
        return out


def _found_bytes(found):
    return sum(getattr(getattr(g, "_value", None), "nbytes", 0) for _, parts in found for g in parts)

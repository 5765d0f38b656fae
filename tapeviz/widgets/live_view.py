"""`live()`: a TapeView that follows every new tape while a training loop runs.

A tape observer (`ctx.tape_events`, held weakly) sees each tape exit and each gradient() call and
does little per step: it keeps the newest tape (so a loop interrupted mid-step still shows its
last finished step), copies that step's Variable gradients into preallocated rows (`StepLog`; the
norms are reduced from them later, a batch at a time) and takes the target's value for the
sparkline.
A worker thread ("tapeviz-live") builds the graph model of the newest tape and sends it at the
throttle's pace (`viewmodel.throttle.Throttle`: at most one update per `interval`, and no
more than BUDGET of the time spent building them), at most one pending: most of a graph model is
NumPy reductions over the tape's tensors, which run beside the loop (NumPy releases the GIL on
large arrays). The worker ends after a few idle seconds. The browser reuses the layout when the
structure is unchanged.

A training step exits its tape and then calls `gradient()`: once a loop has shown that it
computes gradients, updates wait for the gradient, so every update shows that step's gradients.
Running a cell that creates a live view again stops the views that cell made before, so exactly
one keeps following (ipywidgets keeps every displayed widget alive until it is closed).
"""
import collections
import threading
import time
import weakref

import numpy as np

from tapeviz.framework.context import ctx, source_of, user_site
from tapeviz.viewmodel.gradient_norms import variable_gradients
from tapeviz.viewmodel.graph import graph_model
from tapeviz.viewmodel.throttle import Throttle
from tapeviz.viewmodel.training_record import StepLog, TrainingRecord
from tapeviz.widgets.graph import TapeView

HISTORY = 1000      # target values kept for the sparkline
IDLE_EXIT = 5.0     # seconds without steps after which the worker thread ends
STOP_WAIT = 60.0    # stop() waits at most this long for the worker to send the last step
UNRECORDED_BYTES = 1 << 26  # gradients that may wait for the worker (else the loop records them)
BUDGET = 0.03       # updates take at most this share of the time between two (a costly graph
                    # model, large tensors' summaries, is sent less often than `interval`)


class LiveView(TapeView):
    """A TapeView following every tape created after it; `stop()` detaches it.

    Its `record` (a TrainingRecord) keeps each step's gradient norms and value histograms per
    Variable, for `tapeviz.plot.gradient_flow(view)` and `tapeviz.plot.histograms(view)`.

    Args:
      interval: least seconds between two updates sent to the browser.
      height: pixel height of the drawing area.
    """

    _views = weakref.WeakSet()     # live views following tapes now
    background = True              # updates built by the worker thread (False: by the loop's)

    def __init__(self, *, interval=0.4, height=520, presentation=None):
        super().__init__(height=height, presentation=presentation)
        self.live = True
        self._throttle = Throttle(interval)
        self._lock = threading.RLock()            # one update (or record) at a time
        self._pending = None                      # the newest tape not shown yet
        self._taken = threading.Condition()       # notified when an update has been sent
        self._sending = False                     # an update is being built and sent
        self._log = StepLog()                     # the gradients of the steps not recorded
        self._last_event = -1e9
        self._burst = 0.0                         # when the steps began coming
        self._watcher = None
        self._wake = threading.Event()            # stop() wakes the worker
        self._landing = False                     # stopped: the worker sends the last step now
        self._values = collections.deque(maxlen=HISTORY)   # target values, for the sparkline
        self._steps = 0
        self._last_tape = None
        self.cost = {"pushes": 0, "push_seconds": 0.0}   # for benchmarks: what pushing took
        self._record = TrainingRecord()
        self.dock = None                # the side panel showing the view (live(dock=True))
        self._wants_gradients = False   # the loop calls gradient() after each tape
        self._displayed_in = None       # the cell (execution count) that displayed this view
        self._origin = source_of(user_site(1))
        for older in list(LiveView._views):
            if older._origin == self._origin:
                older.stop()            # the same cell run again: the new view takes over
        LiveView._views.add(self)
        ctx.tape_events.add(self._observe)   # held weakly: a dropped view stops here

    @property
    def record(self):
        """Per-step gradient norms and value histograms (a TrainingRecord), up to the last step."""
        self._record_steps()
        return self._record

    def _observe(self, tape, event):
        """Called on every tape event: keeps references; the worker does the rest."""
        if event == "exit":
            if self._last_tape is None or self._last_tape() is not tape:
                self._last_tape = weakref.ref(tape)
                self._steps += 1
            if self._wants_gradients:
                return                # its gradient() comes next: show that, with gradients
        elif event == "gradient":
            self._wants_gradients = True
            call = tape.last_call
            if call is not None:
                self._values.append(_target_value(call[0]))
                self._log.add(variable_gradients(tape, call))
            if self._log.held_bytes > UNRECORDED_BYTES:
                self._record_steps()  # the worker is starved: do not hold more gradients
        else:
            return
        self._pending = tape          # a reference swap: atomic, no lock on the hot path
        now = self._throttle.clock()
        if now - self._last_event > self._throttle.interval:
            self._burst = now         # a loop starts (or goes on after a pause)
        self._last_event = now
        if not self.background:
            with self._lock:
                push = self._throttle.offer()
            if push:
                self._push()
                return
        if self._watcher is None:
            self._start_watcher()

    def _record_steps(self):
        """Reduces the steps seen since the last update to gradient norms; value histograms are
        taken at the last of them (the Variables hold its values now)."""
        with self._lock:
            self._record.add_log(self._log)

    def _push(self):
        with self._lock:
            start, work = time.perf_counter(), time.thread_time()
            with self._taken:
                tape, self._pending = self._pending, None
                self._sending = tape is not None
            steps = self._steps               # the loop goes on while the model is built
            if tape is None:
                return
            try:
                history = list(self._values)  # one C call: atomic while the loop appends
                model = graph_model(tape, step_through=False)
                self._model = model
                with self.hold_sync():
                    self.step = steps
                    self.history = np.asarray(history, dtype="<f4").tobytes()
                    self.previews = model.buffer
                    self.graph = model.wire  # big tapes: folded blocks as a light index, as the view draws them
            finally:
                self.cost["pushes"] += 1
                self.cost["push_seconds"] += time.perf_counter() - start
                with self._taken:
                    self._sending = False
                    self._taken.notify_all()  # stop() returns now
            self._record_steps()              # after the update is sent: stop() does not wait
            self._throttle.spent(time.thread_time() - work, BUDGET)

    # ---- the worker thread ------------------------------------------------------------------------
    def _start_watcher(self):
        with self._lock:
            if self._watcher is not None:
                return
            self._watcher = threading.Thread(target=_watch, args=(weakref.ref(self),),
                                             name="tapeviz-live", daemon=True)
        self._watcher.start()

    def _next_wait(self):
        """Seconds the worker may sleep before its next look."""
        interval = max(self._throttle.interval, 0.01)
        wait = self._throttle.due()
        if wait is None:              # none refused yet: the loop's first interval, or no steps
            wait = self._burst + interval - self._throttle.clock()
            wait = interval if wait <= 0 or self._pending is None else wait
        return max(wait, 0.005)

    def _quiet(self):
        """Ends the worker after IDLE_EXIT seconds without steps: True if it should end."""
        if self._pending is None and self._throttle.clock() - self._last_event >= IDLE_EXIT:
            with self._lock:
                if self._pending is None:
                    self._watcher = None
                    return True
        return False

    def _tick(self):
        """One look of the worker: pushes the pending tape if the throttle allows; True if it did."""
        if self._pending is None:
            return False
        with self._lock:
            if self._landing:         # stopped: its last step now
                ok = True
            elif self.background:     # the first update an interval into a loop
                ok = (self._throttle.clock() - self._burst >= self._throttle.interval
                      and self._throttle.offer())
            else:                     # the loop pushes while it runs; land its last step
                ok = self._throttle.clock() - self._last_event >= self._throttle.interval
            if ok:
                if not self.background or self._landing:
                    self._throttle.flushed()
                self._landing = False
                self._push()
        return ok

    def flush(self):
        """Pushes the latest tape now (a loop's last step), whatever the throttle says."""
        self._push()

    _before_picture = flush   # the saved picture shows the loop's last step

    def stop(self):
        """Stops following new tapes; returns once the view shows the last one (the worker
        builds and sends it, so the loop's thread does not)."""
        ctx.tape_events.remove(self._observe)
        LiveView._views.discard(self)
        if not self.background:
            self.flush()
        elif self._pending is not None:
            self._landing = True
            self._wake.set()
            if self._watcher is None:
                self._start_watcher()
            self.idle(STOP_WAIT)
        else:
            with self._lock:          # an update under way (the last step, maybe) ends
                pass

    def idle(self, timeout=10.0):
        """Waits until the worker has sent the last step it holds; True if it has."""
        deadline = time.monotonic() + timeout
        with self._taken:             # woken once it is sent (no polling delay)
            while self._pending is not None or self._landing or self._sending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._taken.wait(min(left, 0.05))
        return True

    def resume(self):
        """Follows new tapes again after `stop()` (the step count goes on)."""
        LiveView._views.add(self)
        ctx.tape_events.add(self._observe)

    def _ipython_display_(self, **kwargs):
        """Shows the view, once per cell: `view = live(); display(view)` draws one view."""
        cell = _current_cell()
        if cell is not None and cell == self._displayed_in:
            return
        self._displayed_in = cell
        super()._ipython_display_(**kwargs)

    def close(self):
        self._pending = None          # nothing more to send to a closed view
        with self._taken:
            self._taken.notify_all()
        self.stop()
        super().close()


def _watch(ref):
    """The worker thread: pushes the newest tape whenever the throttle allows (in the foreground
    mode: once the loop goes quiet), the last one at once after `stop()`; ends after IDLE_EXIT
    seconds without steps. It holds the view weakly between looks, so a dropped view goes."""
    while True:
        view = ref()
        if view is None:
            return
        view._wake.clear()
        if view._tick():
            continue
        wake, wait = view._wake, view._next_wait()
        del view
        wake.wait(wait)
        view = ref()
        if view is None or view._quiet():
            return
        del view


def _target_value(targets):
    """The target's value for the sparkline (summed when it is not a scalar)."""
    total = 0.0
    for t in targets:
        v = getattr(t, "_value", None)
        if v is None or v.dtype.kind not in "biuf":
            continue
        total += float(v) if v.ndim == 0 else float(v.sum())
    return total


def _current_cell():
    from IPython import get_ipython
    ip = get_ipython()
    return None if ip is None else ip.execution_count


def live(*, dock=False, **kwargs):
    """Displays a view that follows every new tape (one per training step) and returns it.

    Displaying the returned view again in the same cell (or leaving `live()` as the cell's last
    expression) shows nothing more: one cell, one view. Keyword arguments go to LiveView
    (`interval`, `height`, `presentation`).

    Args:
      dock: show the view in a panel beside the notebook (JupyterLab, with `sidecar`), so it
        stays in sight while the training cell scrolls. A re-run reuses the same panel.
    Raises:
      ImportError: `dock=True` without the sidecar package (`pip install "tapeviz[lab]"`).
    """
    from IPython.display import display
    panel = _dock_panel() if dock else None
    view = LiveView(**kwargs)
    if panel is None:
        display(view)
        return view
    panel.clear_output()
    with panel:
        view._ipython_display_()
    view.dock = panel
    return view


_DOCK = []      # the one side panel docked live views share (a re-run reuses it)
DOCK_TITLE = "tapeviz live"


def _dock_panel():
    try:
        from sidecar import Sidecar
    except ImportError as e:
        raise ImportError('tapeviz.live(dock=True) needs the sidecar package, part of the "lab" extra: '
                          'pip install "tapeviz[lab]" (or pip install sidecar)') from e
    if not _DOCK or _DOCK[0].comm is None:
        _DOCK[:] = [Sidecar(title=DOCK_TITLE, anchor="split-right")]
    return _DOCK[0]

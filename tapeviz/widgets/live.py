"""`live()`: a TapeView that follows every new tape while a training loop runs.

A tape observer (`context.tape_observers`) sees each tape exit and each gradient() call; the view
pushes at most a few updates a second (`inspect.throttle.Throttle`) and a trailing timer makes
sure the last step lands. The browser reuses the layout when the structure is unchanged.
"""
import threading
import time

import numpy as np

from tapeviz.framework import context
from tapeviz.inspect.graph import graph_model
from tapeviz.inspect.throttle import Throttle
from tapeviz.widgets.graph import TapeView

HISTORY = 1000      # target values kept for the sparkline


class LiveView(TapeView):
    """A TapeView following every tape created after it; `stop()` detaches it."""

    def __init__(self, *, interval=0.4, height=520):
        super().__init__(height=height)
        self.live = True
        self._throttle = Throttle(interval)
        self._lock = threading.Lock()
        self._pending = None
        self._timer = None
        self._values = []
        self._steps = 0
        self._last_tape = None
        self.cost = {"pushes": 0, "push_seconds": 0.0}   # for benchmarks: what pushing took
        context.tape_observers.append(self._observe)

    def _observe(self, tape, event):
        """Called on every tape event: cheap bookkeeping; traits change only when pushing."""
        if event == "create":
            return
        if event == "exit" and tape is not self._last_tape:
            self._last_tape = tape
            self._steps += 1
        elif event == "gradient":
            call = tape.last_call
            if call is not None:
                self._values.append(_target_value(call[0]))
                if len(self._values) > 2 * HISTORY:
                    del self._values[:-HISTORY]
        self._pending = tape          # a reference swap: atomic, no lock on the hot path
        if self._timer is not None:   # a trailing push is already scheduled
            return
        with self._lock:
            push = self._throttle.offer()
        if push:
            self._push()
        else:
            self._schedule()

    def _push(self):
        with self._lock:
            tape, self._pending = self._pending, None
        if tape is None:
            return
        start = time.perf_counter()
        model = graph_model(tape, step_through=False)
        self._model = model
        with self.hold_sync():
            self.step = self._steps
            self.history = np.asarray(self._values[-HISTORY:], dtype="<f4").tobytes()
            self.previews = model.buffer
            self.graph = model.data
        self.cost["pushes"] += 1
        self.cost["push_seconds"] += time.perf_counter() - start

    def _schedule(self):
        with self._lock:
            if self._timer is not None:
                return
            delay = self._throttle.due() or 0.0
            self._timer = threading.Timer(delay, self._flush)
            self._timer.daemon = True
            self._timer.start()

    def _flush(self):
        with self._lock:
            self._timer = None
            if self._pending is None:
                return
            self._throttle.flushed()
        self._push()

    def flush(self):
        """Pushes the latest tape now (a loop's last step), whatever the throttle says."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        self._push()

    def stop(self):
        """Stops following new tapes (the view keeps showing the last one)."""
        if self._observe in context.tape_observers:
            context.tape_observers.remove(self._observe)
        self.flush()

    def close(self):
        self.stop()
        super().close()


def _target_value(targets):
    """The target's value for the sparkline (summed when it is not a scalar)."""
    total = 0.0
    for t in targets:
        v = getattr(t, "_value", None)
        if v is None or v.dtype.kind not in "biuf":
            continue
        total += float(v) if v.ndim == 0 else float(v.sum())
    return total


def live(**kwargs):
    """Displays a view that follows every new tape (one per training step) and returns it."""
    from IPython.display import display
    view = LiveView(**kwargs)
    display(view)
    return view

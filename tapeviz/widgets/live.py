"""`live()`: a TapeView that follows every new tape while a training loop runs.

A tape observer (`context.tape_observers`) sees each tape exit and each gradient() call; the view
pushes at most a few updates a second (`inspect.throttle.Throttle`) and a trailing timer makes
sure the last step lands. The browser reuses the layout when the structure is unchanged.
"""
import threading

import numpy as np

from tapeviz.framework import context
from tapeviz.inspect.graph import graph_model
from tapeviz.inspect.throttle import Throttle
from tapeviz.widgets.graph import TapeView

HISTORY = 1000      # target values kept for the sparkline


class LiveView(TapeView):
    """A TapeView following every tape created after it; `stop()` detaches it."""

    def __init__(self, *, interval=0.25, height=520):
        super().__init__(height=height)
        self.live = True
        self._throttle = Throttle(interval)
        self._lock = threading.Lock()
        self._pending = None
        self._timer = None
        self._values = []
        self._seen = set()
        context.tape_observers.append(self._observe)

    def _observe(self, tape, event):
        if event == "create":
            return
        if event == "exit" and id(tape) not in self._seen:
            self._seen = {id(tape)}
            self.step += 1
        if event == "gradient" and tape.last_call is not None:
            self._values.append(_target_value(tape.last_call[0]))
            del self._values[:-HISTORY]
        with self._lock:
            self._pending = tape
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
        model = graph_model(tape, step_through=False)
        self._model = model
        with self.hold_sync():
            self.history = np.asarray(self._values, dtype="<f4").tobytes()
            self.previews = model.buffer
            self.graph = model.data

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
    total = 0.0
    for t in targets:
        v = getattr(t, "_value", None)
        if v is not None and np.asarray(v).dtype.kind in "biuf":
            total += float(np.sum(v))
    return total


def live(**kwargs):
    """Displays a view that follows every new tape (one per training step) and returns it."""
    from IPython.display import display
    view = LiveView(**kwargs)
    display(view)
    return view

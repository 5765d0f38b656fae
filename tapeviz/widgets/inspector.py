"""`VariableInspector`: live rows of Variables; a clicked row shows its value. Thin: traits,
message replies and update timing; the rows come from `tapeviz.viewmodel.variable_rows`.

Live updates need no thread: a training step (a new GradientTape, `tape.gradient`) offers an
update, a throttle lets a few through each second, and the end of every cell pushes the final
state. ipywidgets sends trait changes while a cell runs, so the view moves during the loop.
"""
import time
import weakref

import anywidget
import traitlets

from tapeviz.viewmodel import training_events
from tapeviz.viewmodel.arrays import value_detail
from tapeviz.viewmodel.static_tables import VARIABLE_HEAD, rows_html, variable_cells
from tapeviz.viewmodel.throttle import Throttle
from tapeviz.viewmodel.variable_rows import Tracker
from tapeviz.widgets.boundary import after_cell, request
from tapeviz.widgets.bundles import bundle
from tapeviz.widgets.cells import after_each_cell, forget
from tapeviz.widgets.static import StaticPicture

MAX_SHARE = 0.2   # live updates may take at most this share of a training loop's time


class VariableInspector(StaticPicture, anywidget.AnyWidget):
    """Every live Variable (or a Module's, a model's, a list's), updated while training runs.

    Args:
      source: None for every live Variable, a `tf.Module` / Keras model, a Variable, or a list.
        Held weakly: the inspector never keeps a Variable or model alive.
      interval: shortest time in seconds between two live updates.
      live: follow training steps (False: update only on `refresh()` and at the end of cells).
      height: maximum pixel height of the rows before they scroll.
    """

    _esm = bundle("inspector")

    rows = traitlets.List().tag(sync=True)                # one dict per Variable (see Tracker.rows)
    histograms = traitlets.Bytes(b"").tag(sync=True)     # float32 counts the rows point at
    title = traitlets.Unicode("").tag(sync=True)
    updates = traitlets.Int(0).tag(sync=True)             # how many times the rows were pushed
    steps = traitlets.Int(0).tag(sync=True)               # training steps (tapes) seen so far
    selected = traitlets.Unicode("").tag(sync=True)       # the clicked row's id
    live = traitlets.Bool(True).tag(sync=True)
    height = traitlets.Int(420).tag(sync=True)

    def __init__(self, source=None, *, interval=0.25, live=True, height=420):
        super().__init__(live=bool(live), height=int(height))
        self._tracker = Tracker(source)
        self._throttle = Throttle(interval)
        self._base_interval = float(interval)
        self._pending = False
        self.title = _title(source, self._tracker)
        self._tracker.set.on_new = lambda v: self._on_event("new")
        training_events.subscribe(self._on_event)
        after_each_cell(self._after_cell)
        self.refresh()

    # ---- updates ------------------------------------------------------------------------------
    def refresh(self):
        """Pushes the current rows now."""
        started = time.perf_counter()
        rows, hist = self._tracker.rows()
        with self.hold_sync():
            self.histograms = hist
            self.rows = rows
            self.steps = self._tracker.steps
            self.updates += 1
        self._pending = False
        # a slow push (big Variables) spaces the next ones out, so training keeps most of the time
        cost = time.perf_counter() - started
        self._throttle.interval = max(self._base_interval, cost / MAX_SHARE)

    def _on_event(self, event):
        if event == "step":
            self._tracker.step()
        if event == "changed":
            self.refresh()
            return
        if not self.live:
            self._pending = True
            return
        if self._throttle.offer():
            self.refresh()
        else:
            self._pending = True

    @after_cell
    def _after_cell(self):
        self._tracker.step()
        self.refresh()

    def step(self):
        """Marks a step boundary by hand (for loops that use no GradientTape) and updates."""
        self._tracker.step()
        if self._throttle.offer():
            self.refresh()
        else:
            self._pending = True

    # ---- requests from the view ---------------------------------------------------------------
    @request
    def _request_value(self, msg):
        """Row `msg["row"]`'s value: a downsampled view and a histogram (float32 buffers)."""
        row = msg.get("row")
        v = self._tracker.variable(row)
        if v is None:
            return {"row": row, "error": "This Variable no longer exists."}, [b"", b""]
        meta, parts = value_detail(v)
        return {"row": row, "meta": meta}, [memoryview(p) for p in parts]

    def value(self, row_id):
        """The detail the view shows for row `row_id`: (meta, [values bytes, histogram bytes])."""
        v = self._tracker.variable(row_id)
        return None if v is None else value_detail(v)

    # ---- lifetime and pictures ----------------------------------------------------------------
    def close(self):
        training_events.unsubscribe(self._on_event)
        forget(self._after_cell)
        if hasattr(self, "_tracker"):   # also called by __del__ when __init__ raised
            self._tracker.close()
        super().close()

    def to_html(self):
        """The rows as a static HTML table (what nbconvert and GitHub show)."""
        return rows_html(self.rows, self.histograms, self.title)

    def _static_picture(self):
        return "text/html", self.to_html()

    def _static_figure(self):
        from tapeviz.plot.tables import table
        return table(self.title, VARIABLE_HEAD, variable_cells(self.rows, self.histograms), "no Variables")

    def _picture_key(self):
        return self.title, repr(self.rows), self.histograms


def _title(source, tracker):
    if source is None:
        return "All live Variables"
    if tracker.set.kind == "module":
        return f"Variables of {type(source).__name__} '{getattr(source, 'name', '')}'"
    return "Variables"


_module_views = weakref.WeakKeyDictionary()   # module -> its inspector, shown again on redisplay


def _view_of(module):
    view = _module_views.get(module)
    if view is None or view.comm is None:
        view = _module_views[module] = VariableInspector(module)
    else:
        view.refresh()
    return view


def display_module(module):
    """Displays a Module as a cell's result: its static table, then its VariableInspector."""
    _view_of(module)._ipython_display_()


def module_mimebundle(module, include=None, exclude=None):
    """A Module's mimebundle: its VariableInspector (and a static table), and its repr.

    Showing a module twice shows the same inspector twice (one set of hooks, not one per display).
    """
    bundle = _view_of(module)._repr_mimebundle_()
    bundle["text/plain"] = repr(module)
    if include:
        bundle = {k: v for k, v in bundle.items() if k in include}
    if exclude:
        bundle = {k: v for k, v in bundle.items() if k not in exclude}
    return bundle

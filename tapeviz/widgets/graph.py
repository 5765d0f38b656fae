"""`TapeView`: the tape graph widget. Thin: traits, message replies; logic lives in `viewmodel/`."""
import json
import pathlib
import re
import weakref

import anywidget
import traitlets

from tapeviz.framework.context import ctx
from tapeviz.view_options import options
from tapeviz.viewmodel import summaries
from tapeviz.viewmodel.graph import graph_model, record_text
from tapeviz.viewmodel.svg import scene, to_svg
from tapeviz.widgets.boundary import request
from tapeviz.widgets.bundles import bundle, layout_engine
from tapeviz.widgets.static import StaticPicture


class TapeView(StaticPicture, anywidget.AnyWidget):
    """An interactive graph of a GradientTape: values, gradients, None explanations, inspector.

    Args:
      tape: the GradientTape to show (optional: a live view sets it later).
      height: pixel height of the drawing area (the view grows to it, then pans).
      presentation: classroom mode (larger type, higher contrast); default
        `tapeviz.options.presentation`.
    """

    _esm = bundle("graph")

    # the graph model as a view is sent it (viewmodel.graph_model's `wire`: nodes inside folded
    # blocks as a light index, filled by _request_nodes); one JSON text (see _graph_json)
    graph = traitlets.Dict().tag(sync=True, to_json=lambda value, widget: _graph_json_of(widget, value))
    previews = traitlets.Bytes(b"").tag(sync=True)   # float32 previews the graph refers to
    overrides = traitlets.Dict().tag(sync=True)      # group id -> collapsed, set by the view
    selected = traitlets.Unicode("").tag(sync=True)  # node id clicked in the view
    height = traitlets.Int(520).tag(sync=True)
    live = traitlets.Bool(False).tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)           # live: how many tapes were seen
    history = traitlets.Bytes(b"").tag(sync=True)    # live: float32 target value per step
    status = traitlets.Unicode("").tag(sync=True)    # set by the view: "drawn <n>" once drawn
    presentation = traitlets.Bool(False).tag(sync=True)
    picture = traitlets.Unicode("").tag(sync=True)   # set by the view: its own drawing, as SVG

    def __init__(self, tape=None, *, height=520, presentation=None, model=None):
        super().__init__(height=int(height),
                         presentation=options.presentation if presentation is None else bool(presentation))
        self._model = None
        self._tape = None
        if model is not None:
            self._set_model(model)
        elif tape is not None:
            self.set_tape(tape)
        if tape is not None:
            self._tape = tape
            _follow(self)

    def set_tape(self, tape, step_through=True):
        """Shows `tape`. A view redraws by itself when its tape computes gradients."""
        self._set_model(graph_model(tape, step_through=step_through))

    # ---- requests from the view ----------------------------------------------------------------
    @request
    def _request_layout_engine(self, msg):
        """ELK's worker code, asked for once per page by the first graph view."""
        return {}, [layout_engine()]

    @request
    def _request_detail(self, msg):
        """Node `msg["node"]`'s record text and value/gradient summaries (float32 buffers)."""
        node = msg.get("node")
        entry = self._model.tensors.get(node) if self._model else None
        if entry is None:
            return {"node": node, "error": "unknown node"}, [b"", b""]
        producing, value, grad = entry
        reply = {"node": node}
        if hasattr(producing, "op"):
            reply.update(record_text(producing))
        reply["value"], value_bytes = summaries.detail(value)
        reply["grad"], grad_bytes = summaries.detail(grad)
        return reply, [memoryview(value_bytes), memoryview(grad_bytes)]

    @request
    def _request_nodes(self, msg):
        """The full nodes `msg["nodes"]` (ids) and edges `msg["edges"]` (indices) of the graph,
        which the view is about to draw (opened blocks): their summaries and one float32 buffer
        of their previews. `msg["structure"]` names the graph they belong to."""
        model = self._model
        if model is None or msg.get("structure") != model.structure:
            return {"error": "the graph changed", "stale": True}, [b""]
        ids = [str(i) for i in (msg.get("nodes") or ())[:MAX_FILL]]
        edges = [i for i in (msg.get("edges") or ())[:MAX_FILL] if isinstance(i, int)]
        reply, previews = model.fill(ids, edges)
        return reply, [memoryview(previews)]

    # ---- static pictures -------------------------------------------------------------------------
    def to_svg(self, path=None):
        """The graph as SVG text (what the view shows, as a static picture); saved if `path`."""
        if self._model is None:
            svg = to_svg({"nodes": [], "edges": [], "groups": [],
                          "stats": {"ops": 0, "nodes": 0, "edges": 0}, "legend": None})
        else:
            svg = to_svg(self._model, self.overrides)
        if path is not None:
            pathlib.Path(path).write_text(svg, encoding="utf-8")
        return svg

    save = to_svg

    def _static_picture(self):
        """The view's own drawing once a front end drew it, else the Python-drawn picture."""
        if _plain_svg(self.picture):
            return "image/svg+xml", self.picture
        if self._model is None:
            return None
        return "image/svg+xml", self.to_svg()

    def _static_figure(self):
        """The Python-drawn picture as a matplotlib Figure (None for an empty or a huge graph)."""
        if self._model is None:
            return None
        drawn = scene(self._model, self.overrides)
        if len(drawn["items"]) > MAX_PNG_ITEMS:
            return None
        from tapeviz.plot.graph import draw_scene
        return draw_scene(drawn)

    def _picture_key(self):
        return self._model, tuple(sorted(self.overrides.items()))

    def _png_waits(self):
        """A front end drew tapeviz views in this kernel and has not yet drawn this one: the PNG
        waits for its drawing (sent back as `picture`), so matplotlib does not compete with it."""
        return _FRONT_END["draws"] and not self.picture

    @traitlets.observe("status")
    def _status_from_view(self, change):
        if change["new"].startswith("drawn"):
            _FRONT_END["draws"] = True

    @traitlets.observe("picture")
    def _picture_from_view(self, change):
        """The front end drew the graph: the saved picture becomes that drawing right away, even
        when the drawing arrives after its cell finished."""
        if self._fallback is None or not change["new"]:
            return
        try:
            if self._png_cache[0] == self._picture_key() or not _idle_later(self, self._png_when_idle):
                self._update_picture()
            else:
                # the drawing now, its PNG once the kernel has been idle a moment: matplotlib
                # (seconds for a big open graph) never holds up the view's requests (opening a
                # block asks for its nodes) while someone explores the graph
                self._update_picture(png=False)
        except Exception as e:  # noqa: BLE001  (a message from the browser: logged and shown)
            self._report("saving the view's picture", e)

    def _png_later(self):
        """Where a front end draws the views, a PNG not drawn yet is drawn once the kernel is
        idle: the end of a cell never spends matplotlib's time while a view may be asking for
        nodes. (With no front end, e.g. nbclient executing a notebook, the cell's end draws it.)"""
        return (_FRONT_END["draws"] and self._png_cache[0] != self._picture_key()
                and _idle_later(self, self._png_when_idle))

    def _png_when_idle(self):
        self._idle_handle = None
        if self._fallback is None or not self._png_due:
            return
        try:
            self._update_picture()
        except Exception as e:  # noqa: BLE001  (run by the kernel's event loop: logged and shown)
            self._report("drawing the picture's PNG", e)

    @summaries.paused_gc()
    def _set_model(self, model):
        self._model = model
        with self.hold_sync():
            self.picture = ""            # the front end sends the new drawing once it has drawn it
            self.previews = model.buffer
            self.graph = model.wire


def _graph_json_of(widget, data):
    """`_graph_json(data)`, made once per graph: a widget's state is serialized when its comm
    opens and again when the model is sent (a 10,000-op graph: about 70 ms each)."""
    cached = widget.__dict__.get("_graph_json_cache")
    if cached is not None and cached[0] is data:
        return cached[1]
    text = _graph_json(data)
    widget.__dict__["_graph_json_cache"] = (data, text)
    return text


def _graph_json(data):
    """The graph trait on the wire: one compact JSON text, which the browser parses natively.

    A 10,000-op graph is about 6 MB of nested dicts; sent as a dict, ipywidgets walks all of it
    looking for binary buffers and the kernel's packer encodes it again (about 0.3 s together);
    as a string neither has anything to walk. `view.graph` stays the dict in Python."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_plain)


def _plain(value):
    """NumPy scalars and arrays as Python numbers and lists (anything else is a bug: raised)."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} in a graph model is not JSON")


MAX_PICTURE = 1 << 20     # characters of SVG a view may send back as its picture
MAX_FILL = 20_000         # nodes or edges one _request_nodes answers at most
MAX_PNG_ITEMS = 400       # boxes drawn in a PNG at most (past that a page could not be read anyway)


_EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def _plain_svg(text):
    """Whether `text` is an SVG drawing fit to save: an <svg> element, bounded, with no script
    and no event-handler attribute (it comes from the browser and is saved in the notebook)."""
    return (bool(text) and len(text) <= MAX_PICTURE and text[:200].lstrip().startswith("<svg")
            and "<script" not in text.lower() and not _EVENT_ATTRIBUTE.search(text))


# seconds without a new drawing from a view before its PNG is drawn: longer than a reader takes
# between two clicks (matplotlib holds the kernel for seconds on a big open graph, and a click
# that opens a block may ask the kernel for nodes); the next cell's end draws it anyway
PNG_IDLE = 10.0


def _idle_later(view, callback):
    """Calls `callback` after PNG_IDLE s on the kernel's event loop, restarting the wait if asked
    again before; False when no event loop runs (a script, a test: the caller draws now)."""
    import asyncio
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return False
    handle = getattr(view, "_idle_handle", None)
    if handle is not None:
        handle.cancel()
    view._idle_handle = loop.call_later(PNG_IDLE, callback)
    return True


_FRONT_END = {"draws": False}   # a front end drew a view in this kernel (it reports "drawn")
_FOLLOWING = weakref.WeakSet()   # views that redraw when their tape computes gradients


def _on_tape_event(tape, event):
    if event != "gradient" or not _FOLLOWING:
        return
    for view in list(_FOLLOWING):
        if view._tape is tape:
            view.set_tape(tape)


def _follow(view):
    _FOLLOWING.add(view)
    ctx.tape_events.add(_on_tape_event)


def show(tape, static=False, **kwargs):
    """Displays the graph of `tape` and returns the TapeView.

    Keyword arguments go to TapeView (`height`, `presentation=True` for classroom mode). With
    `static=True` only the SVG picture is displayed (for documents with no widget front end);
    the view is still returned, e.g. for `to_svg()`.
    """
    from IPython.display import SVG, display
    view = TapeView(tape, **kwargs)
    display(SVG(view.to_svg()) if static else view)
    return view


def display_tape(tape, cell_finished=False):
    """Displays `tape` as a cell's result: its static picture, then the live TapeView.

    `cell_finished`: displayed after its cell ended (`%tapeviz auto`), so the picture's PNG is
    drawn now rather than at the end of the next cell."""
    view = TapeView(tape)
    view._ipython_display_()
    if cell_finished:
        view._refresh_picture()


@summaries.paused_gc()
def tape_mimebundle(tape, include=None, exclude=None):
    """The mimebundle of a tape: the widget view plus a static SVG and a text line.

    The SVG is what widget-less front ends show: GitHub, a terminal, and nbconvert HTML whenever
    the notebook carries no widget state (JupyterLab saves none by default). When the state is
    saved (nbclient's default), nbconvert prefers the widget, which needs its CDN scripts; for
    offline HTML, execute with `store_widget_state=False` or use `show(tape, static=True)`.
    """
    model = graph_model(tape)
    bundle = {"image/svg+xml": to_svg(model)}
    bundle.update(TapeView(tape, model=model)._repr_mimebundle_())   # with the PNG, if any
    bundle["text/plain"] = repr(tape)
    if include:
        bundle = {k: v for k, v in bundle.items() if k in include}
    if exclude:
        bundle = {k: v for k, v in bundle.items() if k not in exclude}
    return bundle

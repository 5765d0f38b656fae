"""TapeView / LiveView / tape_mimebundle: traits, message replies, throttled live updates."""
import json
import subprocess
import sys

import numpy as np
import pytest

import tapeviz as tf
from tapeviz.framework.context import ctx

pytest.importorskip("anywidget")
from tapeviz.widgets import LiveView, TapeView, tape_mimebundle  # noqa: E402


def small_tape(v=1.0, n=3):
    x = tf.constant(np.full(n, v, np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.sin(x) * x)
    tape.gradient(y, x)
    return tape


class Sent:
    """Captures what a widget sends to the front end; `invoke` asks as the browser's invoke() does."""

    def __init__(self, view):
        self.view = view
        self.messages = []
        view.send = lambda content, buffers=None: self.messages.append((content, buffers))

    def invoke(self, name, **msg):
        """The reply and buffers to the browser's `invoke(name, msg)`, through anywidget's command
        message path (a custom message in, a custom message out)."""
        rid = f"request-{len(self.messages)}"
        self.view._handle_custom_msg({"kind": "anywidget-command", "id": rid, "name": name, "msg": msg}, [])
        content, buffers = self.messages[-1]
        assert content == {"id": rid, "kind": "anywidget-command-response", "response": content["response"]}
        return content["response"], buffers


def test_tapeview_traits_hold_the_graph():
    view = TapeView(small_tape())
    assert [n["op"] for n in view.graph["nodes"]] == ["Const", "Sin", "Mul", "Sum"]
    assert isinstance(view.previews, bytes) and len(view.previews) % 4 == 0
    assert view.graph["has_gradients"] and view.live is False


def test_unknown_keyword_raises_type_error():
    with pytest.raises(TypeError):
        TapeView(small_tape(), colour="red")


def test_detail_reply_sends_values_as_float32_buffers():
    view = TapeView(small_tape(0.5))
    sent = Sent(view)
    sin = next(n["id"] for n in view.graph["nodes"] if n["op"] == "Sin")
    content, buffers = sent.invoke("_request_detail", node=sin)
    assert len(sent.messages) == 1 and content["node"] == sin and content["value"]["view"] == "full"
    np.testing.assert_allclose(np.frombuffer(buffers[0], "<f4"), np.sin([0.5] * 3), rtol=1e-6)
    np.testing.assert_allclose(np.frombuffer(buffers[1], "<f4"), [0.5] * 3, rtol=1e-6)


def test_detail_of_a_large_tensor_is_a_histogram():
    x = tf.constant(np.linspace(-1, 1, 20000, dtype=np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x * x)
    tape.gradient(y, x)
    view = TapeView(tape)
    sent = Sent(view)
    content, buffers = sent.invoke("_request_detail", node="n0")
    assert content["value"]["view"] == "histogram"
    assert len(buffers[0]) == (2 * 40 + 1) * 4      # counts and edges, not 20,000 floats


def test_unknown_node_gets_an_error_reply():
    view = TapeView(small_tape())
    sent = Sent(view)
    assert sent.invoke("_request_detail", node="n999")[0]["error"] == "unknown node"


def test_mimebundle_has_widget_svg_and_text():
    tape = small_tape()
    bundle = tape_mimebundle(tape)
    assert bundle["text/plain"].startswith("<tapeviz.GradientTape: 3 ops")
    assert bundle["image/svg+xml"].startswith("<svg") and 'data-op="Sin"' in bundle["image/svg+xml"]
    assert "model_id" in bundle["application/vnd.jupyter.widget-view+json"]
    only_svg = tape_mimebundle(tape, include=["image/svg+xml"])
    assert list(only_svg) == ["image/svg+xml"]
    assert "image/svg+xml" not in tape_mimebundle(tape, exclude=["image/svg+xml"])


def test_to_svg_saves_a_file(tmp_path):
    view = TapeView(small_tape())
    path = tmp_path / "tape.svg"
    svg = view.to_svg(path)
    assert path.read_text() == svg and svg.count('class="tapeviz-static-node"') == 4


def test_live_view_follows_tapes_with_throttled_pushes():
    now = [0.0]
    view = LiveView(interval=0.25)
    view._throttle.clock = lambda: now[0]
    view._start_watcher = lambda: None     # no worker thread: the test makes its looks
    pushes = []
    view.observe(lambda change: pushes.append(view.step), names="graph")
    try:
        for step in range(100):            # 100 steps, 10 ms apart
            before = len(pushes)
            small_tape(float(step))
            assert len(pushes) == before   # the loop's thread only keeps references
            view._tick()                   # the worker looks after each step
            now[0] += 0.01
        assert 1 <= len(pushes) <= 5       # 1 s of steps at 4 pushes per second
        view.flush()
        assert view.step == 100
        history = np.frombuffer(view.history, "<f4")
        assert history.size == 100
        assert history[3] == pytest.approx(np.sum(np.sin([3.0] * 3) * 3.0), rel=1e-5)
        assert view.graph["nodes"][0]["value"]["preview"] is not None
        assert view.graph["has_gradients"]
    finally:
        view.stop()
    assert view._observe not in ctx.tape_events


def test_live_view_watcher_lands_the_last_step_when_the_loop_goes_quiet():
    view = LiveView(interval=0.05)
    try:
        for v in (1.0, 2.0, 3.0):
            small_tape(v)
        assert view._pending is not None       # throttled: the last step is not shown yet
        import time
        deadline = time.time() + 2
        while time.time() < deadline and view._pending is not None:
            time.sleep(0.01)
        first = view.graph["nodes"][0]["value"]
        assert view._pending is None and first["min"] == pytest.approx(3.0)
    finally:
        view.stop()


def test_live_updates_are_built_on_the_worker_thread_at_the_throttles_pace():
    """The loop's thread only keeps references: no update in the loop's first interval, and the
    last step, its gradient norms and sparkline land from the worker after stop()."""
    import threading
    view = LiveView(interval=10.0)
    threads = []
    view.observe(lambda change: threads.append(threading.current_thread().name), names="graph")
    try:
        w = tf.Variable(1.0, name="w")
        for v in (1.0, 2.0, 3.0):
            with tf.GradientTape() as tape:
                y = w * v
            tape.gradient(y, w)
        assert threads == [] and len(view._record.norms) == 0
        view.stop()
        assert threads == ["tapeviz-live"] and view.step == 3
        assert np.frombuffer(view.history, "<f4").tolist() == [1.0, 2.0, 3.0]
        assert view.record.norms["w:0"] == ([1, 2, 3], [1.0, 2.0, 3.0])
    finally:
        view.stop()


def test_widgets_import_is_lazy():
    code = ("import sys, tapeviz, tapeviz.widgets; print('anywidget' in sys.modules); "
            "tapeviz.widgets.TapeView; print('anywidget' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=__file__.rsplit("/tests/", 1)[0])
    assert out.stdout.split() == ["False", "True"]


def test_a_shown_tape_redraws_with_gradients_after_gradient():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x * x)
    view = TapeView(tape)
    assert view.graph["has_gradients"] is False
    tape.gradient(y, x)
    assert view.graph["has_gradients"] is True
    assert view.graph["nodes"][0]["grad"]["max"] == pytest.approx(4.0)


def test_show_static_displays_only_the_svg(monkeypatch):
    import IPython.display
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    from tapeviz.widgets import show
    view = show(small_tape(), static=True)
    assert isinstance(view, TapeView) and type(shown[0]).__name__ == "SVG"
    assert 'data-op="Sin"' in shown[0].data


@pytest.mark.parametrize("store_widget_state", [True, False])
def test_nbconvert_html_shows_the_static_svg_offline(store_widget_state):
    """Saved notebooks and their HTML exports show the SVG picture offline, with or without saved
    widget state: the picture is its own output (`.tapeviz-static`) before the widget's."""
    import re
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nbconvert = pytest.importorskip("nbconvert")
    from tests.browser.lab import REPO, notebook_json
    nb = nbformat.from_dict(notebook_json([
        f"import sys; sys.path.insert(0, {str(REPO)!r})\nimport tapeviz as tf\n"
        "x = tf.constant(2.0)\nwith tf.GradientTape() as tape:\n    tape.watch(x)\n"
        "    y = tf.sin(x) * x\ntape.gradient(y, x)\ntape"]))
    nbclient.NotebookClient(nb, store_widget_state=store_widget_state, timeout=60).execute()
    outputs = nb.cells[0].outputs
    assert [o.output_type for o in outputs] == ["display_data", "display_data"]
    assert "tapeviz-static" in outputs[0].data["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in outputs[1].data
    html, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
    pictures = re.findall(r'<div class="tapeviz-static" data-tapeviz-picture="p[0-9a-f]{12}">(<svg.*?</svg>)</div>', html, re.S)
    assert len(pictures) == 1
    assert 'data-op="Sin"' in pictures[0] and 'data-op="Mul"' in pictures[0]
    assert "cdn" not in pictures[0].lower()


def test_live_view_stop_and_resume():
    view = LiveView(interval=0.0)
    try:
        small_tape(1.0)
        view.stop()
        small_tape(2.0)
        assert view.step == 1             # stop() returns once the worker sent the last step
        view.resume()
        small_tape(3.0)
        view.flush()
        assert view.step == 2 and view.graph["nodes"][0]["value"]["min"] == pytest.approx(3.0)
    finally:
        view.stop()


def test_big_tapes_ship_code_lines_with_the_detail_reply():
    from tapeviz.viewmodel.graph import LEAN_OPS
    x = tf.constant(0.5)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x
        for _ in range(LEAN_OPS + 1):
            y = tf.sin(y)   # the line the inspector shows
    view = TapeView(tape)
    last = view.graph["nodes"][-1]
    assert last["op"] == "Sin" and "code" not in last and "scope" not in last
    sent = Sent(view)
    reply, _ = sent.invoke("_request_detail", node=last["id"])
    assert reply["code"] == "y = tf.sin(y)   # the line the inspector shows"
    assert reply["scope"] == "" and reply["file"].endswith("test_graph_widget.py")


def test_empty_tape_shows_an_empty_graph():
    with tf.GradientTape() as tape:
        pass
    bundle = tape_mimebundle(tape)
    assert "0 ops" in bundle["image/svg+xml"] and "model_id" in bundle["application/vnd.jupyter.widget-view+json"]
    assert TapeView(tape).graph["nodes"] == []


def test_live_view_saves_its_last_step_as_the_static_picture():
    """A saved notebook shows the live view's last step (the picture is updated after the cell)."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    from tests.browser.lab import REPO, notebook_json
    nb = nbformat.from_dict(notebook_json([
        f"import sys; sys.path.insert(0, {str(REPO)!r})\nimport tapeviz as tf\n"
        "view = tf.live(interval=10.0)\nw = tf.Variable(3.0, name='w')\n"
        "for step in range(4):\n    with tf.GradientTape() as tape:\n        loss = w * w\n"
        "    w.assign_sub(0.1 * tape.gradient(loss, w))"]))
    nbclient.NotebookClient(nb, store_widget_state=True, timeout=60).execute()
    picture = nb.cells[0].outputs[0].data["text/html"]
    assert "tapeviz-static" in picture and 'data-op="Mul"' in picture
    assert "nothing to show yet" not in picture


def test_after_each_cell_holds_widgets_weakly_and_in_order():
    import gc

    from tapeviz.widgets import boundary, cells
    calls = []
    before = len(ctx.cell_finished)       # widgets other tests left alive

    class W:
        def __init__(self, name):
            self.name = name

        @boundary.after_cell
        def tick(self):
            calls.append(self.name)
    a, b = W("a"), W("b")
    cells.after_each_cell(a.tick)
    cells.after_each_cell(b.tick)
    cells.after_each_cell(a.tick)          # once only
    ctx.cell_finished.notify()
    assert calls == ["a", "b"]
    del a
    gc.collect()
    cells.forget(b.tick)
    ctx.cell_finished.notify()
    assert calls == ["a", "b"]
    assert b.tick not in ctx.cell_finished and len(ctx.cell_finished) == before


def test_a_failing_widget_after_a_cell_is_logged_shown_and_does_not_stop_the_others(caplog):
    broken, fine = TapeView(), TapeView()
    calls = []

    def fail():
        raise RuntimeError("picture exploded")
    broken._before_picture = fail
    fine._before_picture = lambda: calls.append("fine")
    from tapeviz.widgets.cells import after_each_cell
    after_each_cell(broken._refresh_picture)
    after_each_cell(fine._refresh_picture)
    with caplog.at_level("WARNING", logger="tapeviz"):
        ctx.cell_finished.notify()          # what IPython's post_execute calls: nothing raises
    assert calls == ["fine"]
    assert broken.problem == "update after the cell: RuntimeError: picture exploded" and fine.problem == ""
    record, = caplog.records
    assert "TapeView" in record.getMessage() and "picture exploded" in record.exc_text
    broken.close()
    fine.close()


def test_after_each_cell_refuses_a_method_that_is_not_isolated():
    from tapeviz.widgets.cells import after_each_cell
    with pytest.raises(TypeError, match="boundary.after_cell"):
        after_each_cell(TapeView().to_svg)


def test_a_failing_request_is_an_error_reply_and_a_log_line(caplog):
    view = TapeView(small_tape())
    sent = Sent(view)
    view._model = type("Broken", (), {"tensors": None})()      # .get on None: a bug in the model
    with caplog.at_level("WARNING", logger="tapeviz"):
        reply, buffers = sent.invoke("_request_detail", node="n0")
    assert reply["error"].startswith("AttributeError: ") and buffers == []
    assert view.problem.startswith("request _request_detail: AttributeError")
    assert caplog.records[0].exc_info is not None
    view.close()


@pytest.mark.parametrize("close", [False, True])
def test_dropped_widgets_are_collected_and_no_longer_called(tmp_path, close):
    """Every hook a widget sets (tape events, training events, new Variables, the end of a cell,
    trait observers of its static picture) holds it weakly. ipywidgets' registry and the comm
    manager keep every open widget until `close()`: with close=False the test drops those two
    references alone, so nothing but tapeviz's own hooks could keep the widgets alive."""
    import gc
    import weakref

    from comm import get_comm_manager
    from IPython.core.interactiveshell import InteractiveShell
    from ipywidgets.widgets.widget import _instances

    from tapeviz.viewmodel import training_events
    from tapeviz.widgets import CheckpointPanel, VariableInspector
    InteractiveShell.instance()
    ckpt = tf.train.Checkpoint(v=tf.Variable(1.0))
    hooks = (len(ctx.tape_events), len(ctx.training_events), len(ctx.variable_created),
             len(ctx.cell_finished))
    calls = []

    def shown_widgets():
        tape = small_tape()
        views = [TapeView(tape), LiveView(), VariableInspector(),
                 CheckpointPanel(str(tmp_path), checkpoint=ckpt)]
        for view in views:
            view._ipython_display_()                       # static picture + after-cell hook
            view.observe(lambda change: calls.append(change["name"]))
        assert len(ctx.cell_finished) == hooks[3] + 6         # pictures, inspector, panel
        small_tape()                          # the live view's worker starts: it holds it weakly
        assert views[1]._watcher is not None
        import time
        time.sleep(0.05)                      # the worker waits for the next look
        for view in views:
            if close:
                view.close()
            else:                                          # as the comm manager does when the
                view.comm._closed = True                    # front end closes the comm, minus
                get_comm_manager().unregister_comm(view.comm)   # ipywidgets' close()
                del _instances[view.model_id]
        return [weakref.ref(view) for view in views]
    refs = shown_widgets()
    gc.collect()
    assert [ref() for ref in refs] == [None, None, None, None]
    calls.clear()                                          # ipywidgets' __del__ set comm=None
    small_tape()                                           # tape events, training steps
    tf.Variable(2.0)                                       # a new Variable
    training_events.notify_changed()                       # a restore
    ctx.cell_finished.notify()                             # the end of a cell
    assert calls == []
    assert (len(ctx.tape_events), len(ctx.training_events), len(ctx.variable_created),
            len(ctx.cell_finished)) == hooks


def test_every_live_update_of_a_training_loop_carries_its_gradients():
    now = [0.0]
    view = LiveView(interval=0.05)
    view._throttle.clock = lambda: now[0]
    view._start_watcher = lambda: None
    seen = []
    view.observe(lambda change: seen.append(view.graph["has_gradients"]), names="graph")
    exits = []
    ctx.tape_events.add(look := lambda tape, event: exits.append(view._tick()) if event == "exit" else None)
    try:
        for step in range(40):
            small_tape(float(step))        # the tape exits (the worker looks), then gradient() runs
            view._tick()
            now[0] += 0.01
    finally:
        view.stop()
        ctx.tape_events.remove(look)
    assert len(seen) >= 3 and all(seen[1:])   # after the first step shows the loop's rhythm


def test_a_live_view_of_a_forward_only_loop_still_updates():
    now = [0.0]
    view = LiveView(interval=0.05)
    view._throttle.clock = lambda: now[0]
    view._start_watcher = lambda: None
    pushes = []
    view.observe(lambda change: pushes.append(view.step), names="graph")
    try:
        for step in range(40):
            with tf.GradientTape() as tape:
                tape.watch(x := tf.constant(float(step)))
                tf.sin(x)
            view._tick()
            now[0] += 0.01
    finally:
        view.stop()
    assert len(pushes) >= 3


def test_a_cell_run_again_leaves_one_live_view_following():
    def cell():
        return LiveView(interval=0.05)     # one code position, as a re-run cell has
    first = cell()
    second = cell()
    try:
        assert first._observe not in ctx.tape_events and second._observe in ctx.tape_events
        other = LiveView(interval=0.05)    # another cell's view keeps following
        assert second._observe in ctx.tape_events and other._observe in ctx.tape_events
        other.stop()
    finally:
        second.stop()


def test_displaying_a_live_view_again_in_its_cell_draws_nothing_more(monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output
    shell = InteractiveShell.instance()
    with capture_output() as out:
        shell.run_cell("import tapeviz\nview = tapeviz.live()\ndisplay(view)\nview").raise_error()
    views = [o for o in out.outputs if "application/vnd.jupyter.widget-view+json" in o.data]
    assert len(views) == 1
    shell.user_ns.pop("view").stop()


def test_presentation_mode_from_the_argument_or_the_global_option():
    tape = small_tape()
    assert not TapeView(tape).presentation
    assert TapeView(tape, presentation=True).presentation
    tf.options.presentation = True
    try:
        assert TapeView(tape).presentation
    finally:
        tf.options.presentation = False


def test_the_saved_picture_is_the_views_own_drawing_when_it_is_safe():
    view = TapeView(small_tape())
    python_drawn = view._static_picture()[1]
    drawn = '<svg xmlns="http://www.w3.org/2000/svg"><text>h = sin(x)</text></svg>'
    view.picture = drawn
    assert view._static_picture() == ("image/svg+xml", drawn)
    for unsafe in ('<svg><script>alert(1)</script></svg>', '<svg onload="alert(1)"></svg>',
                   '<div>not svg</div>', "<svg>" + " " * (1 << 21) + "</svg>"):
        view.picture = unsafe
        assert view._static_picture()[1] == python_drawn
    view.set_tape(small_tape(2.0))              # a new graph: the old drawing no longer applies
    assert view.picture == ""


def test_the_layout_engine_comes_from_python_once_a_page_asks():
    view = TapeView(small_tape())
    reply, buffers = Sent(view).invoke("_request_layout_engine")
    assert reply == {} and len(buffers) == 1
    code = bytes(buffers[0]).decode()
    assert len(code) > 1_000_000 and "layered" in code              # ELK's worker code
    assert len(view._esm) < 200_000                                  # not in every view's bundle


def test_the_graph_is_serialized_once_per_model(monkeypatch):
    """Opening the comm and sending the model reuse one JSON text; a new model makes a new one."""
    from tapeviz.widgets import graph as graph_module
    calls = []
    real = graph_module._graph_json
    monkeypatch.setattr(graph_module, "_graph_json", lambda data: calls.append(bool(data)) or real(data))
    view = TapeView(small_tape())
    view._repr_mimebundle_()
    assert calls.count(True) == 1            # (the empty graph of the widget's first state aside)
    assert json.loads(view.get_state()["graph"]) == json.loads(real(view.graph))
    view.set_tape(small_tape(2.0, n=5))
    state = json.loads(view.get_state()["graph"])
    assert calls.count(True) == 2 and state == json.loads(real(view.graph))
    assert state["nodes"][0]["value"]["shape"] == [5]


def blocks_tape(n_blocks=100):
    """Repeated 4-op blocks in numbered scopes (folded as a ×N block), like bench/browser_graph.py."""
    x = tf.constant([0.5, -0.25, 1.0, 2.0])
    w = tf.Variable([1.0, 0.5, -0.5, 0.25], name="w")
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * w
        for i in range(n_blocks):
            with tf.name_scope(f"block_{i}"):
                y = tf.sin(y) * 0.9
                y = y + x
                y = tf.tanh(y)
        loss = tf.reduce_sum(y)
    tape.gradient(loss, [x, w])
    return tape


def test_big_tapes_send_folded_blocks_as_a_light_index_and_fill_them_on_request():
    from tapeviz.viewmodel.graph import STEP_THROUGH_OPS
    view = TapeView(blocks_tape(100))
    sent = view.graph
    assert sent["stats"]["ops"] > STEP_THROUGH_OPS
    by_id = {n["id"]: n for n in sent["nodes"]}
    light = [n for n in sent["nodes"] if n.get("lazy")]
    full = [n for n in sent["nodes"] if not n.get("lazy")]
    # only x, w, the first Mul and the loss are outside the folded block: sent in full, previews too
    assert sorted(n["op"] for n in full) == ["Const", "Mul", "Sum", "Variable"]
    assert all("preview" in n["value"] for n in full if n["value"]["kind"] == "small")
    assert len(light) == len(sent["nodes"]) - 4
    # the index keeps what search, step-through and "used by" read, and no summaries
    tanh = next(n for n in light if n["op"] == "Tanh")
    assert tanh["title"] == "y" and tanh["group"] and "value" not in tanh and "grad" not in tanh
    assert tanh["line"] and "code" not in tanh
    # a folded block still shows the flags and the largest gradient magnitude of its nodes
    block = {g["id"]: g for g in sent["groups"]}[tanh["group"]]
    assert "vanishing" in block["flags"] and block["gm"] > 0
    # an edge inside the block is light; one from outside into it (x -> AddV2) is whole
    inner = [e for e in sent["edges"] if e.get("lazy")]
    assert inner and all("shape" not in e and by_id[e["source"]].get("lazy") for e in inner)
    assert any(e["source"] == full[0]["id"] and "shape" in e for e in sent["edges"] if not e.get("lazy"))
    assert len(json.dumps(sent)) < 0.5 * len(json.dumps(view._model.data, default=float))
    # what opening the ×100 block shows (one item per block_i, the edges between them) is whole:
    # the first click on a folded block needs nothing from Python
    groups = {g["id"]: g for g in sent["groups"]}
    between = [e for e in sent["edges"] if by_id[e["source"]].get("lazy") and by_id[e["target"]].get("lazy")
               and by_id[e["source"]]["group"] != by_id[e["target"]]["group"]]
    assert len(between) >= 99 and all("shape" in e for e in between)
    assert all(groups[by_id[e["source"]]["group"]]["kind"] == "scope" for e in between)

    # the view opens the block: it asks for the nodes and edges it will draw
    ids = [tanh["id"], light[0]["id"]]
    edge_index = sent["edges"].index(inner[0])
    reply, buffers = Sent(view).invoke("_request_nodes", nodes=ids, edges=[edge_index],
                                       structure=sent["structure"])
    assert [n["id"] for n in reply["nodes"]] == ids
    got = reply["nodes"][0]
    values = np.frombuffer(bytes(buffers[0]), "<f4")
    offset, count = got["value"]["preview"]
    _, value, _ = view._model.tensors[tanh["id"]]
    np.testing.assert_allclose(values[offset:offset + count], value._value)
    assert got["grad"]["shape"] == [4] and got["title"] == "y"
    assert reply["edges"] == [[edge_index, view._model.data["edges"][edge_index]]]
    assert reply["edges"][0][1]["shape"] == [4]
    # a reply for another graph is refused (the view drops it and asks again)
    reply, _ = Sent(view).invoke("_request_nodes", nodes=ids, edges=[], structure="other")
    assert reply.get("stale") and "error" in reply


def test_small_tapes_are_sent_whole():
    view = TapeView(blocks_tape(5))
    assert not any(n.get("lazy") for n in view.graph["nodes"])
    assert view.graph is view._model.data


def test_a_live_view_of_a_big_tape_sends_the_light_index_and_fills_blocks_on_request():
    view = LiveView(interval=10.0)
    try:
        blocks_tape(100)
        view.stop()
        sent = view.graph
        light = [n for n in sent["nodes"] if n.get("lazy")]
        assert light and all("value" not in n for n in light)
        reply, _ = view._model.fill([light[0]["id"]], [])
        assert reply["nodes"][0]["id"] == light[0]["id"] and "value" in reply["nodes"][0]
    finally:
        view.stop()


def test_a_node_histogram_samples_every_column_of_a_big_tensor():
    from tapeviz.viewmodel import summaries
    a = np.zeros((4096, 64), np.float32)
    a[:, 63] = 1.0                        # one column in 64 holds the maximum
    counts = summaries._node_histogram(a, 0.0, 1.0)
    assert counts.sum() <= summaries.HISTOGRAM_SAMPLE + 1
    assert abs(counts[-1] / counts.sum() - 1 / 64) < 0.002    # a stride of 8 would see none of it


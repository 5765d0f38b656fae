"""Each widget's static picture carries a matplotlib PNG (for PDF handouts), drawn after its cell."""
import base64
import re

import numpy as np
import pytest

import tapeviz as tf

pytest.importorskip("anywidget")
pytest.importorskip("matplotlib")
from tapeviz.widgets import CheckpointPanel, TapeView, VariableInspector  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def small_tape():
    x = tf.constant(np.arange(3, dtype=np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x * x)
    tape.gradient(y, x)
    return tape


def png_size(png):
    import io

    from PIL import Image
    return Image.open(io.BytesIO(png)).size


def _in_fresh_thread(fn):
    """`fn()` in a new thread, where no event loop runs: the session's browser tests leave
    Playwright's loop running in the main thread, and these tests need to choose their own."""
    import threading
    box = {}

    def run():
        try:
            box["result"] = fn()
        except BaseException as e:  # noqa: BLE001  (re-raised in the test's thread)
            box["error"] = e
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("result")


def test_every_widget_bundle_carries_a_png(tmp_path):
    ckpt = tf.train.Checkpoint(v=tf.Variable([1.0, 2.0], name="v"))
    ckpt.save(str(tmp_path / "ckpt"))
    module = tf.Module()
    module.w = tf.Variable(np.ones((2, 3), np.float32), name="w")
    for widget in (TapeView(small_tape()), VariableInspector(module),
                   CheckpointPanel(str(tmp_path), checkpoint=ckpt)):
        bundle = widget._repr_mimebundle_()
        assert bundle["image/png"].startswith(PNG), type(widget).__name__
        width, height = png_size(bundle["image/png"])
        assert width > 300 and height > 60
        widget.close()


def test_the_png_is_cached_until_the_picture_changes(monkeypatch):
    view = TapeView(small_tape())
    first = view.static_png()
    calls = []
    original = TapeView._static_figure
    monkeypatch.setattr(TapeView, "_static_figure", lambda self: calls.append(1) or original(self))
    assert view.static_png() is first and calls == []
    view.set_tape(small_tape())
    assert view.static_png().startswith(PNG) and calls == [1]


def test_option_png_off_and_huge_graphs_give_no_png(monkeypatch):
    view = TapeView(small_tape())
    tf.options.png = False
    try:
        assert "image/png" not in view._repr_mimebundle_()
    finally:
        tf.options.png = True
    import tapeviz.widgets.graph as graph
    monkeypatch.setattr(graph, "MAX_PNG_ITEMS", 2)
    assert TapeView(small_tape()).static_png() is None


def test_displayed_picture_gets_its_png_after_the_cell():
    """The picture is displayed at once without the PNG (matplotlib never delays the widget);
    the end of the cell replaces it with one that carries the PNG."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from tapeviz.widgets import display
    shell = InteractiveShell.instance()
    display.install(shell)
    with capture_output() as out:
        shell.run_cell("import numpy as np, tapeviz as tf\n"
                       "x = tf.constant(2.0)\n"
                       "with tf.GradientTape() as tape:\n    tape.watch(x)\n    y = x * x\n"
                       "tape.gradient(y, x)\ntape").raise_error()
    shown = [o.data for o in out.outputs if "tapeviz-static" in o.data.get("text/html", "")]
    first = re.search(r'data-tapeviz-picture="(\w+)"', shown[0]["text/html"]).group(1)
    pictures = [d for d in shown if f'data-tapeviz-picture="{first}"' in d["text/html"]]  # (others:
    assert len(pictures) == 2                                      # earlier tests' widgets)
    assert "image/png" not in pictures[0]
    png = pictures[1]["image/png"]
    png = base64.b64decode(png) if isinstance(png, str) else png
    assert png.startswith(PNG)


def test_where_a_front_end_draws_the_views_the_png_waits_for_its_drawing(monkeypatch):
    """Once a front end has drawn views in this kernel, the end of the cell does not draw the PNG
    (matplotlib would compete with the browser's first drawing): the view's own drawing, sent
    back, brings it; if none comes, the next cell's end draws it."""
    _in_fresh_thread(lambda: _front_end_draws_the_views(monkeypatch))


def _front_end_draws_the_views(monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    import tapeviz.widgets.graph as graph
    from tapeviz.widgets import display
    monkeypatch.setitem(graph._FRONT_END, "draws", False)
    shell = InteractiveShell.instance()
    display.install(shell)
    cell = ("import numpy as np, tapeviz as tf\nfrom tapeviz.widgets import show\n"
            "x = tf.constant(2.0)\n"
            "with tf.GradientTape() as tape:\n    tape.watch(x)\n    y = x * x\n"
            "tape.gradient(y, x)\nview = show(tape)")

    def pictures(out, view):
        return [o.data for o in out.outputs
                if f'data-tapeviz-picture="{view.picture_id}"' in o.data.get("text/html", "")]

    with capture_output() as out:
        shell.run_cell(cell).raise_error()
    first = shell.user_ns["view"]
    first.status = "drawn 3"                     # what the browser sets once it drew a view
    assert graph._FRONT_END["draws"]

    with capture_output() as out:
        shell.run_cell(cell).raise_error()
    view = shell.user_ns["view"]
    assert view is not first
    assert [("image/png" in d) for d in pictures(out, view)] == [False]   # no PNG after the cell
    with capture_output() as out:
        view.picture = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    shown = pictures(out, view)
    assert len(shown) == 1 and "<svg" in shown[0]["text/html"]
    png = shown[0]["image/png"]
    assert (base64.b64decode(png) if isinstance(png, str) else png).startswith(PNG)

    # a view no front end draws: its PNG comes at the end of the next cell
    with capture_output() as out:
        shell.run_cell(cell).raise_error()
    view = shell.user_ns["view"]
    with capture_output() as out2:
        shell.run_cell("1").raise_error()
    assert [("image/png" in d) for d in pictures(out, view)] == [False]
    assert [("image/png" in d) for d in pictures(out2, view)] == [True]


def test_in_a_kernel_the_png_of_a_new_drawing_waits_until_the_kernel_is_idle(monkeypatch):
    """A drawing sent back while someone explores the graph replaces the picture at once; its
    PNG (matplotlib: seconds for a big open graph) waits until no new drawing came for a moment,
    so it never holds up the view's requests."""
    import asyncio

    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    import tapeviz.widgets.graph as graph
    from tapeviz.widgets import display
    monkeypatch.setattr(graph, "PNG_IDLE", 0.2)
    shell = InteractiveShell.instance()
    display.install(shell)
    with capture_output():
        shell.run_cell("import tapeviz as tf\nfrom tapeviz.widgets import show\nx = tf.constant(2.0)\n"
                       "with tf.GradientTape() as tape:\n    tape.watch(x)\n    y = x * x\n"
                       "tape.gradient(y, x)\nview = show(tape)").raise_error()
    view = shell.user_ns["view"]
    view.overrides = {"g-none": True}            # a new picture key: its PNG is not drawn yet

    def shown(out):
        return [o.data for o in out.outputs
                if f'data-tapeviz-picture="{view.picture_id}"' in o.data.get("text/html", "")]

    async def explore():
        with capture_output() as out:
            for k in range(3):                   # three drawings in a row: one PNG, after them
                view.picture = f'<svg xmlns="http://www.w3.org/2000/svg" width="{k + 5}" height="9"></svg>'
                await asyncio.sleep(0.05)
            now = [("image/png" in d) for d in shown(out)]
            await asyncio.sleep(0.4)
        return now, [("image/png" in d) for d in shown(out)]

    now, later = _in_fresh_thread(lambda: asyncio.run(explore()))
    assert now == [False, False, False]
    assert later == [False, False, False, True]


def test_after_a_cell_a_png_not_drawn_yet_waits_for_an_idle_kernel(monkeypatch):
    """Where a front end draws the views, the end of a cell does not spend matplotlib's time on
    a view's changed picture (a view may be waiting for nodes it asked for): the picture is
    updated, its PNG follows once the kernel is idle."""
    import asyncio

    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    import tapeviz.widgets.graph as graph
    from tapeviz.widgets import display
    monkeypatch.setattr(graph, "PNG_IDLE", 0.2)
    monkeypatch.setitem(graph._FRONT_END, "draws", True)
    shell = InteractiveShell.instance()
    display.install(shell)

    async def cells():
        with capture_output() as out:
            shell.run_cell("import tapeviz as tf\nfrom tapeviz.widgets import show\nx = tf.constant(2.0)\n"
                           "with tf.GradientTape() as tape:\n    tape.watch(x)\n    y = x * x\n"
                           "tape.gradient(y, x)\nview = show(tape)").raise_error()
            view = shell.user_ns["view"]
            view.picture = '<svg xmlns="http://www.w3.org/2000/svg" width="5" height="9"></svg>'
            await asyncio.sleep(0.4)                 # its first PNG, once idle
            view.overrides = {"g-none": True}        # the picture changes: stale, a new PNG due
            shell.run_cell("1").raise_error()
            now = [o.data for o in out.outputs
                   if f'data-tapeviz-picture="{view.picture_id}"' in o.data.get("text/html", "")]
            await asyncio.sleep(0.4)
        later = [o.data for o in out.outputs
                 if f'data-tapeviz-picture="{view.picture_id}"' in o.data.get("text/html", "")]
        return [("image/png" in d) for d in now], [("image/png" in d) for d in later]

    now, later = _in_fresh_thread(lambda: asyncio.run(cells()))
    assert now == [False, False, True, False]     # shown, the drawing, its PNG, the cell's end
    assert later == now + [True]

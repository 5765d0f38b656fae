"""Where the built front ends live: `bundle("graph")` is what a widget's `_esm` is set to."""
import pathlib

STATIC = pathlib.Path(__file__).resolve().parent.parent / "static"

_NOT_BUILT = ("export default {{ render({{ el }}) {{ el.textContent = "
              "'tapeviz: the {name} widget bundle is not built (run npm install && npm run build).'; }} }};")


def bundle(name):
    """The ESM source of widget `name` ("graph", "inspector", "checkpoint"), or, when the JS was
    never built, a stand-in front end that says so.

    The text, not the path: anywidget turns a path into a watched file whose change signal holds
    every widget instance strongly (a lambda over `self`), so no widget could ever be collected.
    """
    path = STATIC / f"{name}.js"
    return path.read_text(encoding="utf-8") if path.exists() else _NOT_BUILT.format(name=name)


def layout_engine():
    """ELK's worker code (bytes), which the first graph view of a page asks for: it is kept out of
    the graph bundle because anywidget sends a widget's bundle with every view.

    Raises:
      FileNotFoundError: the front ends were never built (naming the missing file).
    """
    path = STATIC / "elk-worker.js"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: the widget front ends are not built "
                                "(run npm install && npm run build)")
    return path.read_bytes()

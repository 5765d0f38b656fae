"""The teaching notebooks: executed headless, their widgets' static pictures checked offline.

Each notebook runs top to bottom in a fresh python3 kernel (nbclient, cwd notebooks/, widget
state stored), so any assert in a cell that no longer holds fails here. The executed notebook is
then exported to HTML with nbconvert's default exporter, and every widget's static picture (SVG,
inline or as a data: image, or an HTML table) must be there outside any <script>: that is what a
reader without the widget JavaScript (offline, GitHub, an HTML export) sees. Notebooks only write to temporary directories, so tests can run in parallel.
"""
import base64
import copy
import html
import importlib.util
import json
import os
import re
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")
pytest.importorskip("nbconvert")
pytest.importorskip("jupytext")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "notebooks"))
_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True   # no __pycache__ in notebooks/
import build_notebooks  # noqa: E402

sys.dont_write_bytecode = _bytecode

NAMES = build_notebooks.NAMES
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
STATIC = ("image/svg+xml", "text/html")
HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None   # pictures carry a PNG then
CELL_TIMEOUT = 90                   # seconds per cell; a whole notebook takes a few seconds

_executed = {}


def committed(name):
    return nbformat.read(build_notebooks.path_of(name), as_version=4)


def executed(name):
    """The committed notebook, outputs cleared, executed afresh (once per test session)."""
    if name not in _executed:
        nb = committed(name)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nb.metadata.pop("widgets", None)
        _executed[name] = build_notebooks.execute(nb, timeout=CELL_TIMEOUT)
    return _executed[name]


def widget_outputs(nb):
    """(cell index, widget output, its static picture output) for every widget shown.

    The static picture is either in the widget's own mimebundle or, as tapeviz displays it, the
    output just before the widget (a `.tapeviz-static` picture that the widget hides once drawn).
    """
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for k, out in enumerate(cell.outputs):
            if WIDGET_VIEW not in out.get("data", {}):
                continue
            picture = out
            if not any(m in out.data for m in STATIC) and k > 0:
                previous = cell.outputs[k - 1]
                if "tapeviz-static" in previous.get("data", {}).get("text/html", ""):
                    picture = previous
            found.append((i, out, picture))
    return found


def visible_html(html):
    """The HTML a reader sees without JavaScript: scripts and styles removed."""
    return re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S | re.I)


def static_picture(output):
    """(mime, text) of a widget output's static fallback: SVG first, else HTML; (None, "")."""
    for mime in STATIC:
        if mime in output.get("data", {}):
            return mime, output.data[mime]
    return None, ""


def text_of(markup):
    """The words of some HTML, entities decoded and whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def static_svgs(html):
    """The SVG pictures in HTML: inline <svg> elements and data:image/svg+xml <img>s."""
    found = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    for data in re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html):
        found.append(base64.b64decode(data).decode("utf-8"))
    return found


def cells_of(nb):
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]


def test_the_seven_notebooks_exist():
    assert [n[:2] for n in NAMES] == ["01", "02", "03", "04", "05", "06", "07"]
    assert all(build_notebooks.path_of(name).exists() for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_has_the_cells_of_its_py_source(name):
    """The .py is the source: the committed .ipynb holds its cells (type, source, tags)."""
    saved, source = cells_of(committed(name)), cells_of(build_notebooks.build(name))
    regenerate = (f"regenerate it with `python notebooks/build_notebooks.py {name[:2]}` (edited "
                  f"the .ipynb without jupytext? `jupytext --sync notebooks/{name}.ipynb` first)")
    for i, (cell, expected) in enumerate(zip(saved, source)):
        assert cell == expected, f"{name}.ipynb cell {i} differs from {name}.py: {regenerate}"
    assert len(saved) == len(source), \
        f"{name}.ipynb has {len(saved)} cells, {name}.py {len(source)}: {regenerate}"


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_is_saved_with_outputs(name):
    """GitHub shows the committed file: every code cell ran, none failed, widgets have state."""
    nb = committed(name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), \
        "not executed top to bottom: run notebooks/build_notebooks.py"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, errors[0].get("evalue")
    views = widget_outputs(nb)
    if views:
        state = nb.metadata["widgets"][WIDGET_STATE]["state"]
        for i, out, picture in views:
            assert out.data[WIDGET_VIEW]["model_id"] in state
            assert static_picture(picture)[0], f"cell {i}: widget output without a static picture"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name):
    nb = executed(name)          # raises CellExecutionError, with the failing cell, on any error
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.execution_count is not None
            assert not [o for o in cell.outputs if o.output_type == "error"]


@pytest.mark.parametrize("name", NAMES)
def test_widgets_carry_static_pictures_and_state(name):
    nb = executed(name)
    views = widget_outputs(nb)
    tagged = [i for i, c in enumerate(nb.cells) if "tour" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "one cell per notebook is its picture in the README tour"
    if name.startswith("01"):
        assert not views                        # eager execution: no widget yet
        return
    assert tagged[0] in {i for i, _, _ in views}, "the tour cell shows no widget"
    state = nb.metadata["widgets"][WIDGET_STATE]["state"]
    for i, out, picture_output in views:
        assert out.data[WIDGET_VIEW]["model_id"] in state, f"cell {i}: view without saved state"
        mime, picture = static_picture(picture_output)
        assert picture, f"cell {i}: widget output has no image/svg+xml or text/html fallback"
        assert "tapeviz" in picture, f"cell {i}: the static {mime} is not tapeviz's picture"
        assert re.search(r'data-node-id="|<td\b', picture), \
            f"cell {i}: the static picture is empty (no graph node, no table row)"
        if HAS_MATPLOTLIB and "tapeviz-static-empty" not in picture:
            png = picture_output.data.get("image/png", "")
            assert base64.b64decode(png)[:4] == b"\x89PNG", f"cell {i}: the picture carries no PNG for PDF"


@pytest.mark.parametrize("name", NAMES[1:])
def test_static_graph_renders_in_offline_html(name, tmp_path):
    """`jupyter nbconvert --to html` shows each widget's SVG without any script from a CDN.

    Exported from a file, as the command line does: nbconvert then knows the notebook's saved
    widget state (from_notebook_node alone would not, and would hide the real behaviour).
    """
    from nbconvert import HTMLExporter
    nb = copy.deepcopy(executed(name))
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    html, _ = HTMLExporter().from_filename(str(path))
    shown = visible_html(html)
    pictures = static_svgs(shown)
    shown_text = text_of(shown)
    for i, _, out in widget_outputs(nb):
        mime, picture = static_picture(out)
        assert mime, f"cell {i}: widget output has no static picture at all"
        ids = re.findall(r'data-node-id="([^"]+)"', picture)
        if ids:
            assert any(all(f'data-node-id="{n}"' in svg for n in ids) for svg in pictures), \
                f"cell {i}: its static SVG is not in the HTML a reader without JavaScript sees"
        else:
            assert text_of(picture)[:200] in shown_text, \
                f"cell {i}: its static HTML is not in the HTML a reader without JavaScript sees"
    for svg in pictures:                 # a picture that needs no network
        assert not re.search(r'(href|src)="https?:', svg)


@pytest.mark.tf
def test_plain_tensorflow_cells_hold_under_real_tensorflow():
    """The asserted values are TensorFlow's: every cell that does not use tapeviz.* passes
    under real TensorFlow too (TAPEVIZ_TF_PYTHON names a python with tensorflow installed)."""
    python = os.environ.get("TAPEVIZ_TF_PYTHON")
    if not python or not os.path.exists(python):
        pytest.skip("set TAPEVIZ_TF_PYTHON to a python with TensorFlow (e.g. /work/tfenv/bin/python)")
    pytest.importorskip("sklearn")
    assert build_notebooks.check_with_tensorflow(python, NAMES) == 0


def test_outputs_are_small_enough_for_github():
    """GitHub stops rendering notebooks of a few MB; widget state embeds the JS bundle per model."""
    for name in NAMES:
        size = build_notebooks.path_of(name).stat().st_size
        assert size < 3_000_000, f"{name}.ipynb is {size / 1e6:.1f} MB"
        json.loads(build_notebooks.path_of(name).read_text())

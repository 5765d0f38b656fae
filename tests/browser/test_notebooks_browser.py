"""The teaching notebooks in real JupyterLab (headless Debian chromium), as a learner opens them.

For each notebook: open the committed file (untrusted, as after a clone: widget outputs show
their text fallbacks until run), clear the outputs, Run All, wait for every code cell, then check
that no cell failed, every widget drew (graph nodes, inspector or checkpoint rows), and the
console stayed clean. Notebook 2 also opens a node's inspector; notebook 5 shows a None
explanation; notebook 6 steps through backprop. Screenshots of every widget and of the tour cell
(the notebook's main widget) go to tests/browser/artifacts/.

Notebooks 2 and 5 run by default. With TAPEVIZ_DOCS_SCREENSHOTS=1 all six run and the main
widget's picture is written to docs/<notebook>.png (downscaled, < 150 KB) for the README tour.
"""
import json
import os
import re
import shutil

import pytest

from tests.browser.lab import ARTIFACTS, REPO, Notebook

pytestmark = pytest.mark.browser

DOCS = REPO / "docs"
ALL = sorted(p.stem for p in (REPO / "notebooks").glob("0*.ipynb"))
RUN = ALL if os.environ.get("TAPEVIZ_DOCS_SCREENSHOTS") else [n for n in ALL if n[:2] in ("02", "05")]
MAX_PNG_BYTES = 150_000
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# what each widget draws: graph nodes, inspector rows, checkpoint rows
DRAWN = ", ".join(f".jp-OutputArea {c}" for c in (".tapeviz-node", ".tapeviz-variable-row",
                                                  ".tapeviz-checkpoint-row"))
FRONT = "#jp-main-dock-panel .jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"


class OpenNotebook(Notebook):
    """H6's Notebook, opened in a workspace of its own and with cells looked up in the notebook
    in front only: otherwise JupyterLab restores the tabs of earlier tests (hidden, in the DOM)."""

    def __enter__(self):
        page = self.lab.browser().new_page()
        self.page = page
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        workspace = re.sub(r"\W", "", self.name)
        page.goto(f"{self.lab.url}/lab/workspaces/{workspace}/tree/{self.name}?reset&token={self.lab.token}")
        page.locator(f"{FRONT} .jp-Cell").first.wait_for(timeout=60_000)
        page.get_by_role("button", name=re.compile(r"\| Idle$")).wait_for(timeout=60_000)
        return self

    def cell(self, index):
        return self.page.locator(f"{FRONT} .jp-Cell").nth(index)


def _tagged(path, tag):
    cells = json.loads(path.read_text())["cells"]
    return next(i for i, c in enumerate(cells) if tag in c["metadata"].get("tags", []))


def _layout(path):
    """(code cell indices, widget cell indices, tour cell index) from the saved notebook."""
    cells = json.loads(path.read_text())["cells"]
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    widgets = [i for i in code if any(WIDGET_VIEW in o.get("data", {}) for o in cells[i]["outputs"])]
    main = next((i for i, c in enumerate(cells) if "tour" in c["metadata"].get("tags", [])), None)
    return code, widgets, main


def _menu(page, menu, item):
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{menu}$")).click()
    page.locator(".lm-Menu-item:visible", has_text=re.compile(rf"^{re.escape(item)}")).first.click()


def _nodes(nb, index):
    return nb.cell(index).locator(DRAWN)


def _wait_nodes(nb, index, timeout_ms=30_000):
    _scroll_to(nb, index)                           # JupyterLab renders cells near the viewport
    _nodes(nb, index).first.wait_for(state="attached", timeout=timeout_ms)
    return _nodes(nb, index).count()


def _scroll_to(nb, index):
    nb.cell(index).evaluate("e => e.scrollIntoView({block: 'center'})")


def _visible_text(nb, index, needle, timeout_ms=30_000):
    """The output text of a cell once it contains `needle`. JupyterLab renders only cells near
    the viewport (and may scroll while it loads), so scroll to the cell until it shows up."""
    text = ""
    for _ in range(timeout_ms // 500):
        _scroll_to(nb, index)
        text = nb.cell(index).locator(".jp-OutputArea").text_content() or ""
        if text.strip() and needle in text:
            return text
        nb.page.wait_for_timeout(500)
    raise AssertionError(f"cell {index} never showed {needle!r}: {text!r}")


def _wait_cells(nb, indices, timeout_ms=120_000):
    """Waits until every cell in `indices` shows an execution number ([n]:, not [*]: or [ ]:).

    Reads text_content, not inner_text: cells far from the viewport are not laid out."""
    prompts = [nb.cell(i).locator(".jp-InputPrompt") for i in indices]
    deadline = timeout_ms
    while deadline > 0:
        texts = [p.text_content() or "" for p in prompts]
        if all(re.search(r"\[\d+\]", t) for t in texts):
            return
        nb.page.wait_for_timeout(200)
        deadline -= 200
    raise TimeoutError(f"cells did not finish: {texts}")


def _step_to(output, phase, op, limit=60):
    """Clicks the view's Step button until its caption reads e.g. "backward 22/24: Tanh → h, ..."."""
    label = output.locator(".tapeviz-root .tapeviz-caption-head").first
    for _ in range(limit):
        output.get_by_role("button", name=re.compile(r"^(Step )?▶$")).first.click()
        text = label.text_content() or ""
        if text.startswith(phase) and re.search(rf": {re.escape(op)}\b", text):
            return text
    raise AssertionError(f"step-through never reached {phase} {op}: {text!r}")


def _visible_part(page, element, filename):
    """A screenshot of what a reader sees of `element`: clipped to the notebook's scroll area (an
    element taller than the window would otherwise come out with the page's grey below it)."""
    box = element.bounding_box()
    area = page.locator(".jp-WindowedPanel-outer:visible, .jp-Notebook:visible").first.bounding_box()
    top, bottom = max(box["y"], area["y"]), min(box["y"] + box["height"], area["y"] + area["height"])
    path = ARTIFACTS / filename
    page.screenshot(path=str(path), clip={"x": box["x"], "y": top, "width": box["width"],
                                          "height": max(bottom - top, 1)})
    return path


def _save_docs_png(source, name):
    """Downscales a screenshot to at most 1100 px wide and writes docs/<name>.png (< 150 KB)."""
    from PIL import Image
    DOCS.mkdir(exist_ok=True)
    image = Image.open(source).convert("RGB")
    width = 1100
    while True:
        scaled = image if image.width <= width else image.resize(
            (width, round(image.height * width / image.width)), Image.LANCZOS)
        target = DOCS / f"{name}.png"
        scaled.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
        if target.stat().st_size < MAX_PNG_BYTES or width < 400:
            return target
        width -= 100


@pytest.mark.parametrize("name", RUN)
def test_notebook_runs_in_jupyterlab(lab_server, name):
    source = REPO / "notebooks" / f"{name}.ipynb"
    code, widgets, main = _layout(source)
    shutil.copy(source, lab_server.root / source.name)

    with OpenNotebook(lab_server, source.name) as nb:
        page = nb.page
        # 1. opened, not run: a cloned notebook is untrusted, so JupyterLab shows each widget's
        #    sanitized text/html fallback or its text/plain line (not its saved state or SVG)
        #    until the cell runs
        if main in widgets:
            _visible_text(nb, main, "")

        # 2. a fresh run, top to bottom
        _menu(page, "Edit", "Clear Outputs of All Cells")
        page.wait_for_function(
            f"() => document.querySelectorAll('{FRONT} .jp-OutputArea-output').length === 0")
        _menu(page, "Run", "Run All Cells")
        _wait_cells(nb, code)

        errors = page.locator(f'{FRONT} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        tracebacks = [t for t in errors.all_inner_texts() if "Traceback" in t]
        assert not tracebacks, tracebacks[0][-1500:]

        counts = {}
        for i in widgets:
            counts[i] = _wait_nodes(nb, i)
            nb.screenshot(f"{name}-cell{i:02d}.png", nb.cell(i).locator(".jp-OutputArea"))
        assert all(n > 0 for n in counts.values()), counts

        if name.startswith("02"):            # clicking a node opens its inspector
            view = nb.cell(main).locator(".jp-OutputArea .tapeviz-root").first   # not the saved picture
            _scroll_to(nb, main)
            view.locator('.tapeviz-node[data-op="Sigmoid"]').first.click()
            inspector = view.locator(".tapeviz-inspector")
            inspector.wait_for(state="visible", timeout=10_000)
            assert "Sigmoid" in inspector.inner_text()
            nb.screenshot(f"{name}-inspector.png", view)
            inspector.locator(".tapeviz-close").click()                    # and closes it again
            inspector.wait_for(state="hidden", timeout=10_000)
        if name.startswith("05"):            # the None explanation, in the view itself
            index = _tagged(source, "why-none")
            _scroll_to(nb, index)
            why = nb.cell(index).locator('.tapeviz-why[data-cause="variable_replaced"]')
            why.first.wait_for(timeout=10_000)
            assert "w = w - lr * g" in why.first.inner_text()

        if main is not None:     # the tour picture: the widget, or the whole cell if none
            output = nb.cell(main).locator(".jp-OutputArea") if main in widgets else nb.cell(main)
            _scroll_to(nb, main)
            fit = output.get_by_role("button", name="Fit")
            if fit.count():
                fit.first.click()                 # the whole graph, as a reader would look at it
            if name.startswith("06"):
                _step_to(output, "backward", "Tanh")   # the classroom picture: mid-backprop
            page.wait_for_timeout(600)            # let the fit-to-view transition finish
            shot = nb.screenshot(f"{name}.png", output)
            if os.environ.get("TAPEVIZ_DOCS_SCREENSHOTS"):
                shot = _visible_part(nb.page, output.first, f"{name}-visible.png")
                assert _save_docs_png(shot, name).stat().st_size < MAX_PNG_BYTES
        nb.page.screenshot(path=str(ARTIFACTS / f"{name}-page.png"), full_page=False)
        assert nb.console_errors == [], nb.console_errors

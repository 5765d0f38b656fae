"""The graph view outside JupyterLab's notebook panel, in Debian's chromium: Notebook 7, a Voilà
dashboard, and the live view docked beside a JupyterLab notebook (`live(dock=True)`, sidecar).
Each checks what a person sees: the graph drawn with its nodes visible, the static picture
hidden (one picture, not two), and no console error. Screenshots go to tests/browser/artifacts/.
"""
import re

import pytest

from tests.browser.conftest import _skip_reason
from tests.browser.lab import ARTIFACTS, LabServer, VoilaServer

pytestmark = pytest.mark.browser

TAPE = """\
import numpy as np
import tapeviz as tf
X = tf.constant([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]])
W = tf.Variable(np.full((3, 2), 0.25, "float32"), name="W")
with tf.GradientTape() as tape:
    with tf.name_scope("dense"):
        h = tf.nn.relu(tf.matmul(X, W))
    loss = tf.reduce_mean(h * h)
tape.gradient(loss, W)
tape"""

LOOP = """\
import time
v = tf.Variable([0.3, -0.2, 0.5], name="v")
for step in range(30):
    with tf.GradientTape() as t:
        loss = tf.reduce_sum(tf.sin(v) * v)
    v.assign_sub(0.1 * t.gradient(loss, v))
    time.sleep(0.1)
view.stop()
print("done", view.step)"""

SEEN = """(root) => {
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const nodes = [...root.querySelectorAll('.tapeviz-node')].filter(visible);
  const pictures = [...document.querySelectorAll('.tapeviz-static')].filter(
      (e) => visible(e) && getComputedStyle(e).visibility !== 'hidden');
  return {nodes: nodes.length, ops: nodes.map((n) => n.dataset.op), pictures: pictures.length};
}"""


# Notebook 7.6.5's own keyboard-shortcut settings code throws this on load, on a page whose only
# cell is print(1) and with every third-party extension disabled: not tapeviz's.
NOTEBOOK7_CORE = "pageerror: Cannot read properties of undefined (reading 'schema')"


@pytest.fixture(scope="module")
def available():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)


def check_drawn(page, root):
    root.wait_for(timeout=90_000)
    seen = root.evaluate(SEEN)
    assert seen["nodes"] >= 5 and {"MatMul", "Relu", "Mean"} <= set(seen["ops"]), seen
    assert seen["pictures"] == 0, "the static picture shows beside the drawn view"
    return seen


def test_notebook_7_draws_the_graph_and_hides_the_picture(available):
    with LabServer(app="notebook") as server, server.notebook([TAPE], name="nb7.ipynb") as nb:
        nb.run_cell(0)
        root = nb.cell(0).locator('.tapeviz-root[data-status="drawn"]').first
        check_drawn(nb.page, root)
        nb.screenshot("notebook7_graph.png")
        assert [e for e in nb.console_errors if e != NOTEBOOK7_CORE] == []


def test_voila_dashboard_draws_the_graph_and_hides_the_picture(available):
    with VoilaServer([TAPE]) as server:
        page, errors = server.open()
        root = page.locator('.tapeviz-root[data-status="drawn"]').first
        check_drawn(page, root)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "voila_graph.png"))
        assert page.locator(".jp-InputArea:visible, .cm-content:visible").count() == 0   # no code shown
        assert errors == [], errors
        page.close()


def test_live_view_docked_beside_the_notebook_updates(open_notebook):
    nb = open_notebook(["import tapeviz as tf\nview = tf.live(dock=True)", LOOP], name="dock.ipynb")
    page = nb.page
    nb.run_cell(0)
    panel = page.locator(".jupyterlab-sidecar")
    panel.first.wait_for(timeout=30_000)
    assert nb.cell(0).locator(".tapeviz-root").count() == 0        # not in the notebook's output
    root = panel.locator(".tapeviz-root").first
    root.wait_for(timeout=30_000)
    assert "first" in root.inner_text().lower() or root.get_attribute("data-waiting") == "true"
    # the panel is beside the notebook, not inside it
    notebook_box = page.locator(".jp-NotebookPanel").first.bounding_box()
    panel_box = panel.first.bounding_box()
    assert panel_box["x"] >= notebook_box["x"] + notebook_box["width"] - 2, (panel_box, notebook_box)
    nb.run_cell(1, wait=False)
    label = root.locator(".tapeviz-live-step")
    label.wait_for(timeout=30_000)
    seen = []
    prompt = nb.cell(1).locator(".jp-InputPrompt")
    while "[*]" in prompt.inner_text():
        m = re.search(r"step (\d+)", label.inner_text())
        if m and (not seen or int(m.group(1)) != seen[-1]):
            seen.append(int(m.group(1)))
        page.wait_for_timeout(150)
    nb.wait_cell(1)
    assert len(seen) >= 2 and seen == sorted(seen), seen      # it moved while the loop ran
    assert root.locator(".tapeviz-node").count() >= 3
    nb.screenshot("live_docked.png")
    assert nb.console_errors == []


CONTRAST = """(root) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const v = rgb(c).map((x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const ratio = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
  const pairs = {};
  for (const node of root.querySelectorAll('.tapeviz-node:not(.tapeviz-group)')) {
    const bg = getComputedStyle(node.querySelector('.tapeviz-node-box')).fill;
    for (const sel of ['.tapeviz-node-title', '.tapeviz-node-shape', '.tapeviz-node-value', '.tapeviz-node-grad']) {
      const t = node.querySelector(sel);
      if (t) pairs[`${node.dataset.op} ${sel}`] = ratio(getComputedStyle(t).fill, bg);
    }
  }
  for (const label of root.querySelectorAll('.tapeviz-edge-label')) {
    const bg = label.parentNode.querySelector('.tapeviz-edge-label-bg');
    if (bg) pairs[`edge ${label.textContent}`] = ratio(getComputedStyle(label).fill, getComputedStyle(bg).fill);
  }
  const canvas = getComputedStyle(root.querySelector('svg.tapeviz-svg')).backgroundColor;
  return {pairs, canvas};
}"""


def pick_theme(page, name, light):
    page.get_by_text("Settings", exact=True).first.click()
    page.get_by_text("Theme", exact=True).first.hover()
    page.get_by_text(name, exact=True).first.click()
    page.wait_for_function(f"() => document.body.dataset.jpThemeLight === '{str(light).lower()}'",
                           timeout=30_000)
    page.wait_for_timeout(800)


def test_high_contrast_theme_text_reads_against_node_fill(open_notebook):
    """JupyterLab's Dark High Contrast theme: every text of every node and edge label has a
    contrast ratio of at least 4.5:1 (WCAG AA) against the fill it sits on, measured in the page."""
    nb = open_notebook([TAPE], name="contrast.ipynb")
    page = nb.page
    root = nb.run_cell(0).locator('.tapeviz-root[data-status="drawn"]').first
    root.wait_for(timeout=60_000)
    try:
        pick_theme(page, "JupyterLab Dark High Contrast", light=False)
        seen = root.evaluate(CONTRAST)
        assert len(seen["pairs"]) >= 15, seen
        low = {k: round(v, 2) for k, v in seen["pairs"].items() if v < 4.5}
        assert low == {}, seen
        assert sum(map(int, re.findall(r"\d+", seen["canvas"])[:3])) < 200, seen      # a dark canvas
        nb.screenshot("view_high_contrast.png", root)
    finally:
        pick_theme(page, "JupyterLab Light", light=True)
    assert nb.console_errors == []


ACTIVE = """(root) => {
  const svg = root.querySelector('svg.tapeviz-svg').getBoundingClientRect();
  const node = root.querySelector('.tapeviz-node.tapeviz-active');
  if (!node) return null;
  const r = node.querySelector('rect').getBoundingClientRect();
  const texts = [...node.querySelectorAll('text')].map((t) => t.getBoundingClientRect())
    .filter((t) => t.width > 0);
  return {left: r.left - svg.left, right: r.right - svg.right, width: r.width, svg: svg.width,
          textOut: texts.filter((t) => t.right > r.right + 1).length};
}"""


def test_classroom_nodes_fit_a_narrow_notebook(lab_server):
    """Notebook 6 at 1280x720 with 150% zoom (an 853x480 CSS-pixel window, the file browser
    open): in classroom mode every node the step-through activates fits the drawing's width, its
    text inside its box (lists of 4-6 values and per-input derivatives take two rows)."""
    import shutil

    from tests.browser.lab import REPO, Notebook
    from tests.browser.test_notebooks_browser import _layout, _menu, _scroll_to, _wait_cells
    source = REPO / "notebooks" / "06_classroom_backprop_by_hand.ipynb"
    code, _, main = _layout(source)
    shutil.copy(source, lab_server.root / source.name)
    with Notebook(lab_server, source.name) as nb:
        page = nb.page
        page.set_viewport_size({"width": 853, "height": 480})
        _menu(page, "Run", "Run All Cells")
        _wait_cells(nb, code)
        _scroll_to(nb, main)
        out = nb.cell(main).locator(".jp-OutputArea")
        root = out.locator('.tapeviz-root[data-status="drawn"]').first
        root.wait_for(timeout=60_000)
        out.get_by_role("button", name="Classroom").first.click()
        page.wait_for_function("(r) => r.classList.contains('tapeviz-presentation') && r.dataset.status === 'drawn'",
                               arg=root.element_handle(), timeout=30_000)
        step = out.get_by_role("button", name=re.compile(r"^(Step )?▶$")).first
        seen = []
        for _ in range(24):
            step.click()
            page.wait_for_timeout(150)
            head = root.locator(".tapeviz-caption-head").first.text_content()
            fit = root.evaluate(ACTIVE)
            seen.append((head[:40], fit))
            assert fit["left"] >= -1 and fit["right"] <= 1 and fit["textOut"] == 0, seen[-1]
            if head.startswith("backward 21/"):
                nb.screenshot("nb6_classroom_1280x720_150.png")
        assert seen[-1][0].startswith("backward 24/24"), seen[-1]
        assert [e for e in nb.console_errors] == []

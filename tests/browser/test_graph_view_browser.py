"""The redesigned tape view (issue 10) in real JupyterLab + Debian chromium, checked by what a
person sees: rendered text heights at the initial view, every node inside the drawing, no label
covered by another element (document.elementFromPoint), frames that never partly overlap, names
from the code, search counts, the wheel scrolling the notebook, keyboard stepping that stays in
the view, NaN and vanishing-gradient explanations, dark-theme contrast and classroom mode.
Screenshots go to tests/browser/artifacts/ (git-ignored).
"""
import re

import pytest

pytestmark = pytest.mark.browser

MLP = """\
import numpy as np
import tapeviz as tf
X = tf.constant([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]])
Y = tf.constant([[1.0], [0.0]])
rng = np.random.default_rng(0)
W1 = tf.Variable(rng.normal(0, 0.5, (3, 4)).astype("float32"), name="W1")
b1 = tf.Variable(np.zeros(4, "float32"), name="b1")
W2 = tf.Variable(rng.normal(0, 0.5, (4, 1)).astype("float32"), name="W2")
b2 = tf.Variable(np.zeros(1, "float32"), name="b2")
with tf.GradientTape() as tape:
    with tf.name_scope("dense"):
        z = tf.matmul(X, W1) + b1
        h = tf.nn.relu(z)
    with tf.name_scope("dense_1"):
        y = tf.matmul(h, W2) + b2
    loss = tf.reduce_mean(tf.square(y - Y))
grads = tape.gradient(loss, [W1, b1, W2, b2])
tape"""
FILLER = "print('\\n'.join(f'line {i}' for i in range(60)))"

NAN = """\
import tapeviz as tf
logits = tf.constant([[200.0, -200.0, 0.0]])
with tf.GradientTape() as t2:
    t2.watch(logits)
    p = tf.nn.softmax(logits)
    logp = tf.math.log(p)
    nll = -tf.reduce_sum(logp)
t2.gradient(nll, logits)
t2"""
VANISH = """\
import numpy as np
rng = np.random.default_rng(0)
Ws = [tf.Variable(rng.normal(0, 0.5, (4, 4)).astype("float32"), name=f"w{i}") for i in range(10)]
h = tf.constant(np.ones((2, 4), "float32"))
with tf.GradientTape() as t3:
    for i in range(10):
        with tf.name_scope(f"layer_{i}"):
            h = tf.sigmoid(tf.matmul(h, Ws[i]))
    out = tf.reduce_sum(h)
t3.gradient(out, Ws)
t3"""

# What a person sees, measured in the page.
SEEN = """(root) => {
  const svg = root.querySelector('svg.tapeviz-svg');
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].filter((t) => t.getBBox().width > 0
      && !t.closest('.tapeviz-future'));
  const px = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
  const rects = (sel) => [...svg.querySelectorAll(sel)].map((e) => e.getBoundingClientRect());
  const nodes = rects('.tapeviz-node > rect:first-of-type');
  const outside = nodes.filter((r) => r.left < box.left - 1 || r.right > box.right + 1
      || r.top < box.top - 1 || r.bottom > box.bottom + 1).length;
  return {minText: Math.min(...px), texts: px.length, nodes: nodes.length, outside,
          svgHeight: box.height, transform: root.querySelector('.tapeviz-scene').getAttribute('transform')};
}"""

COVERED = """(root) => {
  const labels = [...root.querySelectorAll('.tapeviz-edge-label, .tapeviz-node-title, .tapeviz-box-title')];
  const covered = [];
  for (const t of labels) {
    t.scrollIntoView({block: 'center', inline: 'center'});
    const r = t.getBoundingClientRect();
    if (!r.width) continue;
    for (const [fx, fy] of [[0.5, 0.5], [0.1, 0.5], [0.9, 0.5]]) {
      const hit = document.elementFromPoint(r.left + r.width * fx, r.top + r.height * fy);
      const own = t.closest('.tapeviz-edge-label-group, .tapeviz-node, .tapeviz-box');
      if (!hit || !(hit === t || (own && own.contains(hit)))) {
        covered.push(`${t.textContent} by ${hit ? hit.getAttribute('class') || hit.tagName : 'nothing'}`);
        break;
      }
    }
  }
  return {checked: labels.length, covered};
}"""

FRAMES = """(root) => {
  const rect = (e) => { const r = e.getBoundingClientRect(); return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  const frames = [...root.querySelectorAll('.tapeviz-box')].map((b) => ({id: b.dataset.groupId, r: rect(b.querySelector('rect'))}));
  const inside = (a, b) => a.x0 >= b.x0 - 0.5 && a.y0 >= b.y0 - 0.5 && a.x1 <= b.x1 + 0.5 && a.y1 <= b.y1 + 0.5;
  const apart = (a, b) => a.x1 <= b.x0 + 0.5 || b.x1 <= a.x0 + 0.5 || a.y1 <= b.y0 + 0.5 || b.y1 <= a.y0 + 0.5;
  const bad = [];
  for (const f of frames) for (const g of frames) {
    if (f.id < g.id && !(apart(f.r, g.r) || inside(f.r, g.r) || inside(g.r, f.r))) bad.push(`${f.id}~${g.id}`);
  }
  for (const n of root.querySelectorAll('.tapeviz-node')) {
    const r = rect(n.querySelector('rect'));
    for (const f of frames) if (!(apart(r, f.r) || inside(r, f.r))) bad.push(`${n.dataset.nodeId} across ${f.id}`);
  }
  return {frames: frames.length, bad};
}"""


def drawn(out, n=None):
    root = out.locator('.tapeviz-root[data-status="drawn"]').first
    root.wait_for(timeout=60_000)
    return root


def test_readable_named_and_driven_by_keyboard_and_wheel(open_notebook):
    nb = open_notebook([MLP, FILLER], name="view_mlp.ipynb")
    page = nb.page
    page.set_viewport_size({"width": 1366, "height": 768})
    out = nb.run_cell(0).locator(".jp-OutputArea")
    root = drawn(out)
    nb.run_cell(1)
    root.scroll_into_view_if_needed()
    nb.screenshot("view_mlp_1366.png")
    nb.screenshot("view_mlp_1366_widget.png", root)
    seen = root.evaluate(SEEN)
    assert seen["minText"] >= 11.99, seen                  # no text under 12 px at the initial view
    assert seen["outside"] == 0 and seen["nodes"] >= 8, seen  # every node inside the drawing
    assert seen["transform"].endswith("scale(1)"), seen
    assert root.get_attribute("data-direction") == "DOWN"

    covered = root.evaluate(COVERED)
    assert covered["checked"] >= 15 and covered["covered"] == [], covered
    frames = root.evaluate(FRAMES)
    assert frames["frames"] >= 2 and frames["bad"] == [], frames

    # named like the code
    titles = set(root.locator(".tapeviz-node-title").all_text_contents())
    assert {"X", "W1", "h", "loss"} <= titles, titles
    search = root.locator(".tapeviz-search")
    search.fill("loss")
    count = root.locator(".tapeviz-match-count")
    assert re.fullmatch(r"\d+ match(es)?", count.inner_text()), count.inner_text()
    search.press("Enter")
    assert re.search(r"\(1/\d+\)", count.inner_text())
    assert root.locator(".tapeviz-node.tapeviz-match .tapeviz-node-title", has_text="loss").count() == 1
    search.fill("")

    # the wheel scrolls the notebook, Ctrl+wheel zooms the graph
    svg = root.locator("svg.tapeviz-svg")
    svg.scroll_into_view_if_needed()
    scroller = """(el) => { let p = el.parentElement; while (p && !(p.scrollHeight > p.clientHeight + 5
        && /(auto|scroll)/.test(getComputedStyle(p).overflowY))) p = p.parentElement; return p ? p.scrollTop : -1; }"""
    before = svg.evaluate(scroller)
    t0 = root.locator(".tapeviz-scene").get_attribute("transform")
    b = svg.bounding_box()
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + min(b["height"] / 2, 200))
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(400)
    assert svg.evaluate(scroller) != before
    assert root.locator(".tapeviz-scene").get_attribute("transform") == t0
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    page.wait_for_timeout(200)
    assert root.locator(".tapeviz-scene").get_attribute("transform") != t0
    root.get_by_role("button", name="Fit", exact=True).click()

    # the keyboard: focus the drawing, step with the keys a presentation clicker sends
    canvas = root.locator(".tapeviz-canvas")
    canvas.focus()
    active_cell = "() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].findIndex((c) => c.classList.contains('jp-mod-active'))"
    cell_before = page.evaluate(active_cell)
    for key in ("ArrowRight", "Space", "PageDown"):
        page.keyboard.press(key)
    caption = root.locator(".tapeviz-caption-head")
    assert caption.inner_text().startswith("forward 3/"), caption.inner_text()
    page.keyboard.press("PageUp")
    assert caption.inner_text().startswith("forward 2/")
    for _ in range(40):
        if caption.inner_text().startswith("backward"):
            break
        page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    text = root.locator(".tapeviz-caption").inner_text()
    assert text.startswith("backward") and "∂L/∂" in text, text
    nb.screenshot("view_mlp_step_backward.png", root)
    assert page.evaluate(active_cell) == cell_before          # the keys stayed in the view
    page.keyboard.press("Escape")
    assert root.locator(".tapeviz-caption").is_hidden()
    focused = page.evaluate("() => document.activeElement && document.activeElement.className")
    canvas.focus()
    page.keyboard.press("Tab")
    assert root.locator(".tapeviz-current").count() == 1, focused
    page.keyboard.press("Enter")
    root.locator(".tapeviz-inspector").wait_for(state="visible", timeout=10_000)
    used = root.locator(".tapeviz-inspector .tapeviz-link").all_inner_texts()
    assert len(used) == len(set(used)), used
    # the left-to-right toggle
    root.locator("button.tapeviz-direction").click()
    page.wait_for_function("(r) => r.dataset.direction === 'RIGHT' && r.dataset.status === 'drawn'",
                           arg=root.element_handle(), timeout=30_000)
    assert root.evaluate(FRAMES)["bad"] == []
    nb.screenshot("view_mlp_left_right.png", root)
    assert nb.console_errors == []


def test_nan_and_vanishing_explained_and_dark_theme(open_notebook):
    nb = open_notebook([NAN, VANISH], name="view_debug.ipynb")
    page = nb.page
    page.set_viewport_size({"width": 1366, "height": 768})
    out = nb.run_cell(0).locator(".jp-OutputArea")
    root = drawn(out)
    origin = root.locator(".tapeviz-node.tapeviz-origin")
    assert origin.get_attribute("data-op") == "Log"
    assert origin.locator(".tapeviz-origin-badge").text_content() == "⚠ first −inf"
    box = root.locator(".tapeviz-nonfinite")
    assert box.is_visible() and "log(0)" in box.inner_text() and "log_softmax" in box.inner_text()
    value = origin.locator(".tapeviz-node-value").text_content()
    assert "-Inf" in value and "NaN" not in value, value
    nb.screenshot("view_nan.png", root)
    # the picture saved with the notebook is the view's own drawing, sent back once drawn
    picture = out.locator("svg.tapeviz-picture")
    picture.first.wait_for(state="attached", timeout=15_000)
    assert picture.first.locator('.tapeviz-node[data-op="Log"]').count() == 1

    out1 = nb.run_cell(1).locator(".jp-OutputArea")
    root1 = drawn(out1)
    flow = root1.locator(".tapeviz-flow")
    assert flow.is_visible() and "vanishes" in flow.inner_text()
    assert root1.locator(".tapeviz-flow-chart rect").count() == 10
    assert root1.locator(".tapeviz-repeat-norms rect").count() >= 5     # the folded ×N block
    nb.screenshot("view_vanishing.png", root1)

    # dark theme: colours follow JupyterLab's variables
    page.get_by_text("Settings", exact=True).first.click()
    page.get_by_text("Theme", exact=True).first.hover()
    page.get_by_text("JupyterLab Dark", exact=True).first.click()
    page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'", timeout=30_000)
    page.wait_for_timeout(800)
    contrast = root1.evaluate("""(root) => {
      const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
      const lum = (c) => { const v = rgb(c).map((x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
      const ratio = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
      const node = root.querySelector('.tapeviz-node:not(.tapeviz-group)');
      const bg = getComputedStyle(node.querySelector('.tapeviz-node-box')).fill;
      const pairs = ['.tapeviz-node-title', '.tapeviz-node-shape', '.tapeviz-node-value']
        .map((s) => node.querySelector(s)).filter(Boolean).map((t) => ratio(getComputedStyle(t).fill, bg));
      const label = root.querySelector('.tapeviz-edge-label');
      pairs.push(ratio(getComputedStyle(label).fill, getComputedStyle(root.querySelector('.tapeviz-edge-label-bg')).fill));
      return {bg, canvas: getComputedStyle(root.querySelector('svg.tapeviz-svg')).backgroundColor, pairs};
    }""")
    assert min(contrast["pairs"]) >= 4.5, contrast
    assert sum(map(int, re.findall(r"\d+", contrast["canvas"])[:3])) < 200, contrast    # a dark canvas
    nb.screenshot("view_vanishing_dark.png", root1)
    page.get_by_text("Settings", exact=True).first.click()
    page.get_by_text("Theme", exact=True).first.hover()
    page.get_by_text("JupyterLab Light", exact=True).first.click()
    page.wait_for_function("() => document.body.dataset.jpThemeLight === 'true'", timeout=30_000)
    assert nb.console_errors == []


WIDE = """\
import numpy as np
import tapeviz as tf
x = tf.constant([-0.001234, 12345.6, -0.5678, 3.14159, -271.828, 0.000042])
with tf.GradientTape() as tape:
    tape.watch(x)
    a_rather_long_variable_name = tf.exp(x * 0.001) * x
    loss = tf.reduce_sum(a_rather_long_variable_name * a_rather_long_variable_name)
tape.gradient(loss, x)
tape"""

# every node's box inside the drawing's width, and its text inside its box
FITS = """(root) => {
  const svg = root.querySelector('svg.tapeviz-svg').getBoundingClientRect();
  return [...root.querySelectorAll('.tapeviz-node')].map((node) => {
    const r = node.querySelector('rect').getBoundingClientRect();
    const out = [...node.querySelectorAll('text')].map((t) => t.getBoundingClientRect())
      .filter((t) => t.width > 0 && t.right > r.right + 1).length;
    return {op: node.dataset.op, width: Math.round(r.width), svg: Math.round(svg.width), textOut: out};
  }).filter((n) => n.width > n.svg || n.textOut);
}"""


def test_classroom_mode_on_a_projector(open_notebook):
    nb = open_notebook(["import tapeviz\ntapeviz.options.presentation = True", MLP, WIDE], name="view_class.ipynb")
    page = nb.page
    # 1280x720 at 150% browser zoom lays out like an 853x480 CSS-pixel window
    page.set_viewport_size({"width": 853, "height": 480})
    nb.run_cell(0)
    out = nb.run_cell(1).locator(".jp-OutputArea")
    root = drawn(out)
    assert "tapeviz-presentation" in root.get_attribute("class")
    root.scroll_into_view_if_needed()
    seen = root.evaluate(SEEN)
    assert seen["minText"] >= 15, seen
    root.locator(".tapeviz-canvas").focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert root.locator(".tapeviz-caption-head").inner_text().startswith("forward 3/")
    active = root.locator(".tapeviz-node.tapeviz-active rect").first.bounding_box()
    assert 0 <= active["y"] and active["y"] + active["height"] <= 480, active    # in the window
    cap = root.locator(".tapeviz-caption").bounding_box()
    assert 0 <= cap["y"] < 480, cap                                            # the caption too
    nb.screenshot("view_classroom_1280x720_150.png")
    assert root.evaluate(FITS) == []
    # six values and a long name: the values take more rows and the title is cut, so the node
    # still fits the drawing's width
    wide = drawn(nb.run_cell(2).locator(".jp-OutputArea"))
    wide.scroll_into_view_if_needed()
    assert wide.locator('.tapeviz-node[data-op="Mul"]').count() >= 2
    assert wide.evaluate(FITS) == []
    assert nb.console_errors == []

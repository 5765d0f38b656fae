"""The tape graph widget in real JupyterLab + Debian chromium (Playwright).

Checks what a user sees: node count, values, gradients after gradient(), the inspector after a
click, a None explanation, live() updating while a loop runs, and no console errors. Screenshots
go to tests/browser/artifacts/ (git-ignored).
"""
import re

import numpy as np
import pytest

pytestmark = pytest.mark.browser

SETUP = """\
import time
import tapeviz as tf
from tapeviz.widgets import live
x = tf.constant([1.0, 2.0, 3.0])
w = tf.Variable(0.5, name="w")
frozen = tf.Variable(2.0, trainable=False, name="frozen")
with tf.GradientTape() as tape:
    tape.watch(x)
    with tf.name_scope("layer"):
        h = tf.sin(x) * w
        h = h * frozen
    loss = tf.reduce_sum(h * h + 1.0)
tape"""
GRADIENT = "grads = tape.gradient(loss, [x, w, frozen])\nprint([g is None for g in grads])"
LIVE = """\
view = live()
v = tf.Variable([0.3, -0.2, 0.5], name="v")
for step in range(40):
    with tf.GradientTape() as t:
        with tf.name_scope("model"):
            y = tf.sin(v) * v
        loss2 = tf.reduce_sum(y * y)
    g = t.gradient(loss2, v)
    v.assign_sub(0.5 * g)
    time.sleep(0.1)
view.stop()
print("done", view.step)"""
EMPTY_LIVE = "waiting = live()\nwaiting"


def fmt(x):
    """The widget's number format (js/codec.js fmt) for ordinary magnitudes."""
    text = f"{float(x):.4g}"
    return text[:-2] if text.endswith(".0") else text


def expected():
    import tapeviz as tf
    x = tf.constant([1.0, 2.0, 3.0])
    w = tf.Variable(0.5, name="w")
    frozen = tf.Variable(2.0, trainable=False, name="frozen")
    with tf.GradientTape() as tape:
        tape.watch(x)
        h = tf.sin(x) * w
        h = h * frozen
        loss = tf.reduce_sum(h * h + 1.0)
    gx, gw = tape.gradient(loss, [x, w])
    return float(loss.numpy()), gx.numpy(), float(gw.numpy())


def test_tape_graph_in_jupyterlab(open_notebook):
    loss, gx, gw = expected()
    nb = open_notebook([SETUP, GRADIENT, LIVE, EMPTY_LIVE], name="graph.ipynb")
    page = nb.page
    # the live view's root (the saved picture before it, hidden, is the view's own drawing too)
    out0 = nb.run_cell(0).locator(".jp-OutputArea .tapeviz-root").first
    nodes = out0.locator(".tapeviz-node[data-node-id][data-op]")
    nodes.first.wait_for(timeout=30_000)
    assert [nodes.nth(i).get_attribute("data-op") for i in range(nodes.count())] == \
        ["Const", "Variable", "Sin", "Mul", "Mul", "Mul", "AddV2", "Sum"]
    total = out0.locator('.tapeviz-node[data-op="Sum"] .tapeviz-node-value')
    assert total.text_content() == f"= {fmt(loss)}"
    assert out0.locator(".tapeviz-node-grad").count() == 0          # no gradient() yet
    assert out0.locator(".tapeviz-box-title").text_content().endswith("layer")
    assert "Mul(·, 2)" in out0.locator('.tapeviz-node[data-op="Mul"]').nth(1).text_content()
    assert out0.locator(".tapeviz-edge").count() == 7
    search = out0.locator(".tapeviz-search")
    search.fill("sin")
    assert out0.locator(".tapeviz-node.tapeviz-match").get_attribute("data-op") == "Sin"
    search.fill("")
    assert out0.locator(".tapeviz-node.tapeviz-match").count() == 0
    nb.screenshot("graph_forward.png", out0)

    # gradient() in the next cell: the displayed view redraws with gradients and explanations
    nb.run_cell(1)
    assert nb.output_text(1).strip() == "[False, False, True]"
    var_grad = out0.locator('.tapeviz-node[data-op="Variable"]').first.locator(".tapeviz-node-grad")
    var_grad.wait_for(timeout=10_000)
    assert var_grad.text_content() == f"∇ {fmt(gw)}"
    watched_grad = out0.locator('.tapeviz-node[data-op="Const"] .tapeviz-node-grad').text_content()
    assert watched_grad == f"∇ [{', '.join(fmt(g) for g in gx)}]"
    assert out0.locator(".tapeviz-legend").is_visible()
    why = out0.locator(".tapeviz-why")
    assert why.count() == 1 and "frozen" in why.inner_text() and "trainable=False" in why.inner_text()
    assert out0.locator(".tapeviz-node.tapeviz-none").get_attribute("data-op") == "Variable"
    assert nodes.count() == 9                     # the None source gets its own node
    nb.screenshot("graph_gradients.png", out0)

    # click Sin: the inspector shows the op, the line of code and the values fetched from Python
    out0.locator('.tapeviz-node[data-op="Sin"]').click()
    inspector = out0.locator(".tapeviz-inspector")
    inspector.locator(".tapeviz-section-value td").first.wait_for(timeout=10_000)
    text = inspector.inner_text()
    assert "Sin" in text and "h = tf.sin(x) * w" in text and "layer" in text
    cells = inspector.locator(".tapeviz-section-value td").all_inner_texts()
    assert cells == [fmt(v) for v in np.sin(np.float32([1, 2, 3]))]
    assert inspector.locator(".tapeviz-section-gradient td").count() == 3
    nb.screenshot("graph_inspector.png", out0)

    # step through: forward all, then backward to the first op
    step = out0.get_by_role("button", name="Step ▶")
    step.click()
    for _ in range(9):
        out0.locator(".tapeviz-toolbar button", has_text="▶").first.click()
    assert out0.locator(".tapeviz-step-label").inner_text().startswith("backward")
    assert out0.locator(".tapeviz-edge-grad").count() >= 1
    nb.screenshot("graph_step_backward.png", out0)

    # live(): the view updates while the loop still runs
    nb.run_cell(2, wait=False)
    out2 = nb.cell(2).locator(".jp-OutputArea .tapeviz-root").first
    label = out2.locator(".tapeviz-live-step")
    label.wait_for(timeout=30_000)
    seen = []
    grads_while_running = 0
    prompt = nb.cell(2).locator(".jp-InputPrompt")
    while "[*]" in prompt.inner_text():
        m = re.search(r"step (\d+)", label.inner_text())
        if m and (not seen or int(m.group(1)) != seen[-1]):
            seen.append(int(m.group(1)))
            if "[*]" in prompt.inner_text():
                grads_while_running = max(grads_while_running, out2.locator(".tapeviz-node-grad").count())
            if len(seen) == 3:
                nb.screenshot("graph_live_running.png", out2)
        page.wait_for_timeout(150)
    assert grads_while_running > 0          # gradients arrive with each step, not after the loop
    nb.wait_cell(2)
    assert len(seen) >= 3 and seen == sorted(seen) and seen[0] < 40, seen
    assert nb.output_text(2).strip().endswith("done 40")
    page.wait_for_function("() => /step 40/.test(document.querySelectorAll('.tapeviz-live-step')[0].textContent)",
                           timeout=10_000)
    assert out2.locator(".tapeviz-history polyline").count() == 1
    assert out2.locator(".tapeviz-group, .tapeviz-box").count() >= 1     # the "model" scope
    nb.screenshot("graph_live_done.png", out2)

    # an empty live view says it waits for the first tape
    out3 = nb.run_cell(3).locator(".jp-OutputArea")
    waiting = out3.locator(".tapeviz-waiting")
    waiting.wait_for(timeout=30_000)
    assert waiting.inner_text().startswith("Waiting for the first tape")
    assert nb.console_errors == []

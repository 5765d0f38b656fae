"""Benchmark: the tape graph widget in real JupyterLab + headless chromium.

1. Display to drawn: wall time from running a cell whose last expression is a tape (Python
   graph model + static SVG + comm + JS layout + SVG drawing) until the view reports it drew,
   for tapes of about 100, 1,000 and 10,000 ops; then "usable": time to open a folded block.
2. live() overhead: training loops (2-layer MLP, one tape per step; 200 steps of 4096×64 and a
   0.1 s loop of 512×32) without a live view, with one displayed before the loop, and with one
   created in the loop's cell; wall, loop-thread CPU and process CPU, medians of 7 alternating
   rounds, in kernels with single-threaded BLAS and with the default.

    python3 bench/browser_graph.py          # writes bench/RESULTS_graph.md
    python3 bench/browser_graph.py --display-only   # part 1 only; keeps part 2 from the last run
    python3 bench/browser_graph.py --live-only [--blas1] [--save runs.json] [--before old.json]
        # part 2 only (--blas1: single-threaded BLAS only); keeps part 1; --save keeps the raw
        # runs, --before puts an earlier --save next to them in the table

Targets (issue 10, ELK layout in a web worker): 1,000 ops drawn < 0.5 s; 10,000 ops < 2 s; the
page responsive while the worker lays out (the longest main-thread pause while Expand lays out
hundreds of nodes is measured with a 10 ms timer in the page). Issue 15: live() after a loop of
0.1 s or more < 5 % with the view displayed before, < 10 % created in the loop's cell.
"""
import json
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
import mlp_loop  # noqa: E402  (bench/, the script's own folder)
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

LOOPS = (("200 steps, 4096×8 → 64 → 1", 4096, 64, 200), ("0.1 s: 300 steps, 512×8 → 32 → 1", 512, 32, 300))
ROUNDS = 7
TRAIN = mlp_loop.fill("""\
import cProfile, io, os, pstats
rng = np.random.default_rng(0)
LOOPS = %r
DATA = {n: (tf.constant(rng.normal(size=(n, 8)).astype("float32")),
            tf.constant(rng.normal(size=(n, 1)).astype("float32"))) for _, n, _, _ in LOOPS}

following = live()     # displayed before the loops (this cell's output); follows when resumed
following.stop()
# -- next cell --

def train(use_live, n, hidden, steps, profile=None):
    X, Y = DATA[n]
    #PARAMS
    time.sleep(0.3)          # the browser finishes drawing the previous run
    if profile is not None:
        profile.enable()
    t0, c0, p0 = time.perf_counter(), time.thread_time(), time.process_time()
    view = live() if use_live == "new" else None
    if use_live.startswith("following"):
        view = following
        view.background = use_live == "following"   # following_fg: updates built by the loop
        view.resume()
    start_cost = dict(view.cost) if view is not None else None
    #STEPS
    if view is not None:
        view.stop()
    wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
    proc = time.process_time() - p0
    if profile is not None:
        profile.disable()
    cost = None if view is None else {k: view.cost[k] - start_cost[k] for k in start_cost}
    return wall, cpu, proc, cost

results = {"load": os.getloadavg()}
modes = ("plain", "new", "following", "following_fg")
for name, n, hidden, steps in LOOPS:
    r = {m: {"wall": [], "cpu": [], "proc": [], "cost": []} for m in modes}
    train("plain", n, hidden, steps)
    for _ in range(%d):
        for mode in modes:
            wall, cpu, proc, cost = train(mode, n, hidden, steps)
            r[mode]["wall"].append(wall); r[mode]["cpu"].append(cpu); r[mode]["proc"].append(proc)
            r[mode]["cost"].append(cost)
    results[name] = r
results["load_after"] = os.getloadavg()
profiles = {}
for mode in modes[:3]:
    prof = cProfile.Profile()
    for _ in range(3):
        train(mode, *LOOPS[0][1:], profile=prof)
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(12)
    profiles[mode] = out.getvalue()
results["profiles"] = profiles
print("TIMES " + json.dumps(results))""" % (LOOPS, ROUNDS))


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


BLAS = {"OPENBLAS_NUM_THREADS=1": {"OPENBLAS_NUM_THREADS": "1"}, "default BLAS threads": None}


def main():
    display_only = "--display-only" in sys.argv
    live_only = "--live-only" in sys.argv
    blas = [b for b in BLAS if "--blas1" not in sys.argv or b.startswith("OPENBLAS")]
    rows, errors, live_runs = None, [], None
    if not live_only:
        rows, errors = run_display()
    if not display_only:
        live_runs = {}
        for name in blas:
            with LabServer(env=BLAS[name]) as lab:
                cells = [SETUP.replace(str(SIZES), "(100,)"), *TRAIN.split("# -- next cell --\n")]
                with lab.notebook(cells, "bench_live.ipynb") as nb:
                    nb.run_cell(0, timeout=600_000)
                    nb.run_cell(1, timeout=600_000)
                    nb.cell(1).locator('.tapeviz-root').first.wait_for(timeout=60_000)
                    live_runs[name] = run_train(nb, 2)
                    errors += nb.console_errors
    write(rows, live_runs, errors)


def run_display():
    rows = []
    with LabServer() as lab:
        cells = [SETUP] + [f"tapes[{n}]" for n in SIZES]
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
            return rows, list(nb.console_errors)


def run_train(nb, index):
    nb.run_cell(index, timeout=1_200_000)
    text = nb.output_text(index)
    return json.loads(text.split("TIMES ", 1)[1].strip())


def option(name):
    """The value after `name` on the command line, or None."""
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else None


def write(rows, live_runs, errors):
    out = REPO / "bench" / "RESULTS_graph.md"
    old = out.read_text() if out.exists() else ""
    if rows is None:                 # --live-only: the display section stays as it was
        head = old.split("## live() overhead")[0].rstrip()
        head = head.split("\n(The live() section below is from")[0].rstrip()
        lines = [head]
    else:
        lines = display_lines(rows)
    if live_runs is None:
        part = old[old.index("## live() overhead"):] if "## live() overhead" in old else ""
        part = part.split("\nConsole errors during the run")[0].rstrip()
        lines += ["", f"Console errors during the display run: {len(errors)}.", "",
                  "(The live() section below is from the previous full run; `--display-only` does not",
                  "re-run it.)", "", part, ""]
    else:
        if option("--save"):
            Path(option("--save")).write_text(json.dumps(live_runs))
        before = json.loads(Path(option("--before")).read_text()) if option("--before") else None
        lines += [""] + live_lines(live_runs, before) + ["", f"Console errors during the run: {len(errors)}.", ""]
    out.write_text("\n".join(lines))
    print("\n".join(lines))


def display_lines(rows):
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
    return lines


MODES = (("following", "displayed before the loop", 5), ("new", "created in the loop's cell", 10),
         ("following_fg", "displayed before, updates built on the loop's thread (A/B)", 5))


def overheads(r, mode):
    """(wall plain, wall with view, kernel thread CPU plain, with view, process CPU plain, with)."""
    med = statistics.median
    return tuple(med(r[m][k]) for k in ("wall", "cpu", "proc") for m in ("plain", mode))


READING = """\
**Before** (main at 8033a1e, run just before the *after* rows, same session): per step the
observer kept the newest tape until the next step's gradient(), and in a deque the step's
Variable gradient Tensors and target Tensors; at each update the worker first reduced those
steps (gradient norms, sparkline), then built and sent the update, so the update stop() waits
for first recorded the whole loop (about 1.4 ms for 300 steps); stop() polled every 5 ms.

**After** (branch live16): at gradient() the loop's thread takes `last_call` once, the target
as a float (a 1,000-value deque for the sparkline), and copies the Variable gradients into
preallocated rows (`GradientRows`/`StepLog` in viewmodel/training_record.py: steps of at most
64 KiB, blocks of at most 1 MiB; other steps by reference as before); it still keeps the newest
tape until the next step's gradient(). The worker builds and sends the update first and records
the steps after; stop() waits on a condition notified once the update is sent.

**Where the loop thread's time goes** (no browser; 300 steps of 512×32; one view made once and
`resume()`d; 20 alternating rounds in one process; medians of the step times; load about 1):
plain 317 µs per step. A LiveView whose observer only returns: +5 µs (three tape events per step,
create, exit and gradient, through `ctx.tape_events`). Also keeping the last tape until the next
gradient(): +10 µs; letting it go when the next tape is made: +5 µs. The whole observer: +30 to
+34 µs before; +23 µs with the changes above and the last tape let go when the next tape is made
(commit 2582740). That last part was taken out again (bafbde4): a loop interrupted mid-step
(KeyboardInterrupt) would then show the update before instead of its last finished step, and
the sparkline and step count would stop there too. Each piece timed inside the loop (medians): `last_call` 1.1 µs,
target value 1.3 µs, `variable_gradients` 4.6 µs, copying into rows 7.3 µs (before the one-pass
check), the rest 1.1 µs. The same observer replayed on one tape costs 4.5 µs per step: inside a
loop its code and data are cold (the step's arrays take about 1.3 MB of a core's 2 MB L2) and it
costs 3-5 times as much. Keeping the gradients as Tensors or copying them into rows cost the same
in a loop (+26 µs each, one run): the copy is about 6 µs of work, holding the arrays about the
same in cache and malloc. Not the garbage collector in a kernel (before: 49 gen0 and 4 gen1
collections over 9 runs, 0.7 ms a run; after: 2-4 gen0, under 0.1 ms); a process that creates a
view per loop gets a full collection every few loops (15 ms) from the widget's objects. Not the
worker thread (the same with it never started). Not page faults (about 190 a run in the loop's
thread with a view made per loop, before and after alike: well under 1 ms).

**The last update** (the one stop() waits for), 512×32 loop, fresh process, loops 2-5: the worker
starts 0.1-0.3 ms after stop(); `graph_model(tape, step_through=False)` takes 2.1-3.3 ms (1.4 ms
hot, min of 30; 60 % of it is the 18 nodes' summaries: min, max, sum, sum of squares and an
8-bin histogram of each large tensor); setting the traits 0.5-1 ms; stop() returns 2.7-4.6 ms
after it was called (12 ms in a process's first loop). Recording the 300 steps (1.4 ms) now
follows. Tried and not kept: the histogram's `np.clip` as two ufuncs and one float64 temporary
(the same bins on 300 random arrays, no measurable gain).

**Result**: within the noise, perhaps a point or two. The 0.1 s loop, view displayed before,
loop-thread CPU and wall against plain loops in the same kernel. Without a browser (nbclient, 9
alternating rounds a run, load 0.5-0.8): before +9.3 % and +11.5 % CPU (+16.3 %, +18.7 % wall);
with the changes above and the tape let go early (2582740) +8.7 %, +10.8 %, +6.2 % CPU (+15.0 %,
+16.4 %, +19.3 % wall); as committed (bafbde4) +11.0 % CPU (+19.8 % wall; a run during a burst
of other load, +37 % and +48 % per step against its own plain loops, is left out). With the
browser (this script, 7 rounds): before +17.8/+10.6/+11.2 % CPU and +27.3/+25.0/+21.4 % wall;
2582740 +18.3/+18.6/+10.9 % CPU and +21.7/+33.3/+17.2 % wall; as committed +10.7/+13.2 % CPU and
+18.7/+17.0 % wall (the last of each is in the table; load 0.4-1.7). What did move: building
and sending the 0.1 s loop's update, 7.1 ms before and 3.9 ms after in the table's runs (the
steps are recorded after it is sent). No target is met.

**What stands in the way** (5 % of the 0.1 s loop is about 5 ms for 300 steps and the last
update): (1) about 23 µs per step inside the loop, 7 ms in all: 5 µs of it is the three tape
notifications (framework/context.py and tape.py, the engine's hot path, not changed here), the
rest the gradient() observer's Python (finding the Variables' gradients, copying them, the target)
running cold. Within 5 % the loop's thread could spend about 7 µs per step all told: a step
would have to be a reference swap, and the gradient-norm record (every step) would need the
tape to hand over its Variables' gradients itself (say, into a buffer the view gives it). (2)
the last update: 2.7-4.6 ms of stop()'s wall time, 3-4 % of a 0.1 s loop on its own. (3) with
the browser displayed the overhead is about twice what the kernel shows without it (the
browser shares the two cores; not analysed further).""".split("\n")


def live_lines(live_runs, before):
    lines = [
        "## live() overhead on a training loop",
        "",
        "2-layer MLP (N×8 → H → 1, relu, MSE), one GradientTape per step, 4 Variables updated with",
        "assign_sub: 200 steps of 4096×8 → 64 → 1, and 300 steps of 512×8 → 32 → 1 (about 0.1 s).",
        "With live() the view is displayed in JupyterLab (headless Chromium) and follows every tape",
        "(at most 2.5 updates per second; the last step is sent after stop()); live() creation and",
        "stop() are inside the timed region. *Displayed before*: the view was displayed by an earlier",
        "cell and `resume()`d; *created in the loop's cell*: `live()` is called in the loop's cell.",
        f"Runs of the modes alternate, {ROUNDS} rounds, medians; 0.3 s pause before each run so the",
        "browser has drawn the last update. *Wall* is what the user waits (until stop() returns, once",
        "the view has sent the loop's last step); *thread CPU* is the loop thread's `thread_time()`;",
        "*process CPU* is the kernel process's `process_time()` (all its threads).",
        "",
        "| kernel BLAS | loop | live view | code | wall plain | wall with view | wall | thread CPU plain | with view | thread CPU | process CPU plain | with view | process CPU | target |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    notes, loads = [], []
    for label, runs in (("before", before), ("after", live_runs)):
        for blas, results in (runs or {}).items():
            loads.append(f"{label}, {blas}: {results['load'][0]:.1f} at the start, "
                         f"{results['load_after'][0]:.1f} at the end")
            for name, r in results.items():
                if name in ("load", "load_after", "profiles"):
                    continue
                for mode, text, target in MODES:
                    if mode not in r:
                        continue
                    wp, wl, cp, cl, pp, pl = overheads(r, mode)
                    ok = all(x / y - 1 < target / 100 for x, y in ((wl, wp), (cl, cp), (pl, pp)))
                    lines.append(
                        f"| {blas} | {name} | {text} | {label} | {wp:.3f} s | {wl:.3f} s | "
                        f"{(wl / wp - 1) * 100:+.1f} % | {cp * 1000:.0f} ms | {cl * 1000:.0f} ms | "
                        f"{(cl / cp - 1) * 100:+.1f} % | {pp * 1000:.0f} ms | {pl * 1000:.0f} ms | "
                        f"{(pl / pp - 1) * 100:+.1f} % | < {target} % {'✅' if ok else '❌'} |")
                    costs = [c for c in r[mode]["cost"] if c]
                    pushes = statistics.median(c["pushes"] for c in costs)
                    inside = statistics.median(c["push_seconds"] for c in costs)
                    notes.append(f"- {label}, {blas}, {name}, {text}: {pushes:.0f} updates per run, "
                                 f"{inside * 1000:.1f} ms building and sending them.")
    lines += ["", "Load average (1 min) during the runs: " + "; ".join(loads) + ".", "", *notes, "",
              *READING]
    for label, runs in (("before", before), ("after", live_runs)):
        for blas, results in (runs or {}).items():
            for mode, text in (("plain", "no view"), *((m, t) for m, t, _ in MODES)):
                profile = results.get("profiles", {}).get(mode)
                if profile:
                    body = profile.split("Ordered by")[-1].split("\n", 2)[-1].strip("\n")
                    lines += ["", f"cProfile of the kernel's main thread (the worker thread is not profiled), 3 runs",
                              f"of the first loop, {text} ({label}, {blas}), by own time:",
                              "", "```", body.rstrip(), "```"]
    return lines


if __name__ == "__main__":
    main()

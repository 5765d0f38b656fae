"""Runs a TensorFlow guide notebook's code cells under TensorFlow and under tapeviz, and counts
the cells whose printed output is the same (issue 11: "TensorFlow's own guide/data notebook").

    # 1. under TensorFlow (twice: cells whose output changes between runs are unseeded random)
    python bench/guide_cells.py run data.ipynb tf_a.json tensorflow
    python bench/guide_cells.py run data.ipynb tf_b.json tensorflow
    # 2. under tapeviz
    PYTHONPATH=. python bench/guide_cells.py run data.ipynb tv.json tapeviz
    # 3. compare
    python bench/guide_cells.py compare tf_a.json tf_b.json tv.json
    # several guides at once: a markdown table of the counts (files <guide>.tf_a.json, ...)
    python bench/guide_cells.py table DIR [--suffix=tv] tensor ragged_tensor ...

Cells run in order in one namespace, as in Jupyter: the printed output and the repr of a last
expression are the cell's output. A cell that fails under TensorFlow here (a download, a
module this machine lacks, a cell after one of those) is "not runnable here" and not counted.
Shell/magic lines (`!pip`, `%%writefile`) are skipped, except that `%%writefile` writes its file.
Each cell's source is registered with `linecache` under its own file name, so TensorFlow's
AutoGraph can read it (as in Jupyter; otherwise `tf.function` runs Python loops as-is and
can hang). A cell running longer than 120 s is stopped (an error result). Under a module other
than tensorflow, `import keras` gives that module's `keras`. Results are written after each
cell, so a run cut short keeps what it did. Object addresses (`at 0x7f...`) are blanked before comparing. matplotlib and pandas, when this
machine lacks them, are replaced by no-op stubs (plots print nothing; pandas is only used on
downloaded files, so those cells stay not runnable).
"""
import ast
import collections
import contextlib
import importlib
import io
import json
import linecache
import os
import re
import signal
import sys
import tempfile
import types


def code_cells(path):
    with open(path) as f:
        nb = json.load(f)
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def _run(source, namespace, name="<cell>"):
    if source.startswith("%%writefile"):
        first, _, body = source.partition("\n")
        with open(first.split()[1], "w") as f:
            f.write(body + "\n")
        return
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("!", "%"))]
    text = "\n".join(lines) + "\n"
    linecache.cache[name] = (len(text), None, text.splitlines(True), name)
    tree = ast.parse(text)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, name, "exec"), namespace)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), name, "eval"), namespace)
        if value is not None:
            print(repr(value))


class _Stub(types.ModuleType):
    """A module this machine lacks (matplotlib, pandas): every attribute is a no-op callable,
    so plotting cells print nothing (as in a real run) instead of failing."""

    def __getattr__(self, name):
        if name[:1].isupper():              # a class (pandas.DataFrame): Keras tests isinstance()
            return type(name, (), {})
        return _Stub(name)

    def __call__(self, *args, **kwargs):
        return _Stub("result")

    def __iter__(self):
        return iter(())


def _stub_missing(*names):
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            parent = name.split(".")[0]
            sys.modules.setdefault(parent, _Stub(parent))
            sys.modules[name] = getattr(sys.modules[parent], name.split(".")[-1]) \
                if "." in name else sys.modules[parent]


def run(notebook, out, module):
    _stub_missing("matplotlib", "matplotlib.pyplot", "pandas")
    tf = importlib.import_module(module)
    sys.modules["tensorflow"] = tf           # `import tensorflow as tf` in the cells
    if module != "tensorflow":
        sys.modules["keras"] = tf.keras      # `import keras` (Keras 3, as TF 2.21 installs it)
    cells, out = code_cells(notebook), os.path.abspath(out)
    os.chdir(tempfile.mkdtemp())
    namespace = {"__name__": "__main__"}
    results = []
    signal.signal(signal.SIGALRM, _too_long)
    for i, source in enumerate(cells):
        buffer = io.StringIO()
        try:
            signal.alarm(CELL_SECONDS)
            with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(io.StringIO()):
                _run(source, namespace, f"<cell {i}>")
            error = None
        except BaseException as e:  # noqa: BLE001 (a failing cell is a result)
            error = f"{type(e).__name__}: {str(e)[:300]}"
        finally:
            signal.alarm(0)
        results.append({"source": source, "output": buffer.getvalue(), "error": error})
        with open(out, "w") as f:
            json.dump(results, f, indent=1)


CELL_SECONDS = 120


class CellTimeout(Exception):
    pass


def _too_long(signum, frame):
    raise CellTimeout(f"cell ran longer than {CELL_SECONDS} s")


def _clean(text):
    return re.sub(r" at 0x[0-9a-f]+", " at 0x", text or "")


def _counts(a, b, t):
    counts = {"match": [], "differ": [], "random": [], "not runnable": []}
    for i, (x, y) in enumerate(zip(a, b)):
        z = t[i] if i < len(t) else {"output": "", "error": "not run"}
        if x["error"]:
            counts["not runnable"].append(i)
        elif _clean(x["output"]) != _clean(y["output"]):
            counts["random"].append(i)
        elif _clean(x["output"]) == _clean(z["output"]) and not z["error"]:
            counts["match"].append(i)
        else:
            counts["differ"].append(i)
    return counts


def table(directory, *guides, suffix="tv"):
    """A markdown table of the counts for each guide, from DIR/<guide>.tf_a.json,
    <guide>.tf_b.json and <guide>.<suffix>.json."""
    print("| guide | cells | same as TF | different | unseeded random | not runnable here |")
    print("|---|---|---|---|---|---|")
    total = collections.Counter()
    for guide in guides:
        a, b, t = (json.load(open(os.path.join(directory, f"{guide}.{kind}.json")))
                   for kind in ("tf_a", "tf_b", suffix))
        counts = {k: len(v) for k, v in _counts(a, b, t).items()}
        total.update(counts, cells=len(a))
        print(f"| {guide} | {len(a)} | {counts['match']} | {counts['differ']} | {counts['random']} "
              f"| {counts['not runnable']} |")
    print(f"| **all** | {total['cells']} | {total['match']} | {total['differ']} | {total['random']} "
          f"| {total['not runnable']} |")


def compare(tf_a, tf_b, tapeviz):
    a, b, t = (json.load(open(p)) for p in (tf_a, tf_b, tapeviz))
    counts = _counts(a, b, t)
    for kind, cells in counts.items():
        print(f"{kind}: {len(cells)} cells {cells}")
    for i in counts["differ"]:
        print(f"\n--- cell {i}:\n{a[i]['source'][:300]}\n--- TF:\n{a[i]['output'][:600]}"
              f"\n--- tapeviz:\n{t[i]['output'][:600]}{t[i]['error'] or ''}" if i < len(t) else "")
    return counts


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run(*sys.argv[2:5])
    elif sys.argv[1] == "table":           # table DIR [--suffix=tv] GUIDE...
        names = [a for a in sys.argv[3:] if not a.startswith("--suffix=")]
        suffixes = [a.split("=", 1)[1] for a in sys.argv[3:] if a.startswith("--suffix=")]
        table(sys.argv[2], *names, suffix=(suffixes or ["tv"])[0])
    else:
        compare(*sys.argv[2:5])

"""Builds (and executes) the six teaching notebooks from their paired `.py` sources.

Each notebook is a pair: `0N_name.py` (jupytext's percent format: `# %%` code cells,
`# %% [markdown]` cells, tags as `# %% tags=["tour"]`) is the source; `0N_name.ipynb` is the same
cells with their outputs and widget state, what GitHub and JupyterLab show. Edit the `.py`, or the
notebook in JupyterLab (jupytext saves both files, see jupytext.toml), then:

    python notebooks/build_notebooks.py                # build + execute all, save with outputs
    python notebooks/build_notebooks.py 02 05          # only these
    python notebooks/build_notebooks.py --no-execute   # sources only, without outputs
    python notebooks/build_notebooks.py --check-with-tensorflow /work/tfenv/bin/python
        # run every code cell that is plain TensorFlow against real TensorFlow: the asserted
        # values come from TensorFlow itself, not from tapeviz (cells using tapeviz.* are skipped)

`tests/test_notebooks.py` checks that each `.ipynb` has its `.py`'s cells and executes them.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NAMES = sorted(p.stem for p in HERE.glob("[0-9][0-9]_*.py"))


def path_of(name):
    return HERE / f"{name}.ipynb"


def build(name):
    """The notebook of a `.py` source, without outputs (cell ids stable, so diffs stay small)."""
    import jupytext
    nb = jupytext.read(HERE / f"{name}.py")
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, cell in enumerate(nb.cells):
        cell.id = f"{name[:2]}-{i:02d}"
    return nb


def kernel_env():
    """The kernel's environment: this checkout first on the path, quiet and non-interactive."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env.setdefault("MPLBACKEND", "Agg")
    return env


def execute(nb, timeout=120):
    """Executes a notebook in place with nbclient (kernel python3, cwd notebooks/, widget state
    stored). Raises nbclient's CellExecutionError on the first failing cell."""
    from nbclient import NotebookClient
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                            record_timing=False, resources={"metadata": {"path": str(HERE)}})
    client.execute(env=kernel_env())
    _saved_graph_views(nb)
    return nb


# What a saved graph view runs when the notebook is opened without a kernel: a line under the
# static picture (which stays visible, since only the real view hides it).
SAVED_VIEW = ('export default { render({ el }) { el.className = "tapeviz-saved-view"; el.textContent = '
              '"Run the cell to explore this graph (above: its saved picture)."; } };')


def _saved_graph_views(nb):
    """Saves each graph view with a one-line front end instead of its bundle: the view lays out
    with an engine it asks the kernel for, so opened without a kernel it could not draw; this
    says to run the cell, under the view's static picture (and keeps notebooks small)."""
    widgets = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    for model in widgets.get("state", {}).values():
        state = model.get("state", {})
        if "graph" in state and "overrides" in state and "_esm" in state:   # a TapeView (LiveView)
            state["_esm"] = SAVED_VIEW


def check_with_tensorflow(python, names):
    """Runs the plain-TensorFlow cells of each notebook as a script under real TensorFlow.

    Skipped: cells that call `tapeviz.*` (widgets, explain) or are tagged "tapeviz-only", and
    the lines that use the live view; `import tapeviz as tf` becomes `import tensorflow as tf`.
    Returns the number of notebooks that failed.
    """
    failures = 0
    sklearn_path = os.path.dirname(os.path.dirname(__import__("sklearn").__file__))
    for name in names:
        lines = [f"import sys; sys.path.append({sklearn_path!r})"]
        for cell in build(name).cells:
            tags = cell.metadata.get("tags", [])
            if cell.cell_type != "code" or "tapeviz." in cell.source or "tapeviz-only" in tags:
                continue
            source = "\n".join(l for l in cell.source.split("\n") if "live_view" not in l)
            lines.append(source.replace("import tapeviz as tf", "import tensorflow as tf")
                         .replace("import tapeviz\n", "\n"))
        with tempfile.TemporaryDirectory() as scratch:
            script = os.path.join(scratch, f"{name}.py")
            with open(script, "w") as f:
                f.write("\n\n".join(lines))
            env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="")
            run = subprocess.run([python, script], capture_output=True, text=True, env=env,
                                 cwd=scratch)
        ok = run.returncode == 0
        failures += not ok
        print(f"{name}: {'ok' if ok else 'FAILED'} under TensorFlow")
        if not ok:
            print(run.stdout[-3000:], run.stderr[-3000:])
    return failures


def main(argv=None):
    import nbformat
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("only", nargs="*", help="notebook number prefixes, e.g. 02 05")
    parser.add_argument("--no-execute", action="store_true")
    parser.add_argument("--check-with-tensorflow", metavar="PYTHON")
    args = parser.parse_args(argv)
    selected = [n for n in NAMES if not args.only or n[:2] in args.only]
    if args.check_with_tensorflow:
        return check_with_tensorflow(args.check_with_tensorflow, selected)
    from nbclient.exceptions import CellExecutionError
    failed = []
    for name in selected:
        nb = build(name)
        if not args.no_execute:
            start = time.perf_counter()
            try:
                nb = execute(nb)
            except CellExecutionError as e:      # keep the sources; show what failed
                failed.append(name)
                nb = build(name)
                print(f"{name}: FAILED, saved without outputs\n{str(e)[-1500:]}")
            else:
                print(f"{name}: executed in {time.perf_counter() - start:.1f} s")
        nbformat.write(nb, path_of(name))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

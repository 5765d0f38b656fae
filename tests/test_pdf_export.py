"""A PDF handout (`jupyter nbconvert --to pdf`, XeLaTeX) shows each widget's picture: LaTeX
cannot print the SVG-in-HTML picture, so it prints the PNG that tapeviz drew with matplotlib.

Needs xelatex, pandoc and pdftoppm/pdfimages (Debian's texlive-xetex, pandoc, poppler-utils;
`make test` installs them). The pages are rendered to PNG and looked at by colour: the tape's
gradient colour ramp and node bars, and the inspector's histogram bars, exist only in the pictures.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbconvert")
pytest.importorskip("matplotlib")
Image = pytest.importorskip("PIL.Image")

TOOLS = ("xelatex", "pandoc", "pdftoppm", "pdfimages")
pytestmark = [pytest.mark.pdf,
              pytest.mark.skipif(not all(map(shutil.which, TOOLS)),
                                 reason=f"needs {', '.join(TOOLS)} (make browser-deps installs them)")]
REPO = Path(__file__).resolve().parents[1]

CELLS = [
    "import numpy as np, tapeviz as tf\n"
    "x = tf.constant(3.0)\n"
    "with tf.GradientTape() as tape:\n    tape.watch(x)\n    y = x * x * x\n"
    "tape.gradient(y, x)\ntape",
    "layer = tf.keras.layers.Dense(2)\nlayer(np.ones((1, 3), np.float32))\ntf.VariableInspector(layer)",
    "import tempfile\nckpt = tf.train.Checkpoint(w=tf.Variable([1.0, 2.0]))\n"
    "d = tempfile.mkdtemp()\nckpt.save(d + '/ckpt')\ntf.CheckpointPanel(d, checkpoint=ckpt)",
]


def near(page, colour, tolerance=24):
    """How many pixels of `page` are within `tolerance` of the colour '#rrggbb'."""
    rgb = np.array([int(colour[k:k + 2], 16) for k in (1, 3, 5)])
    return int((np.abs(page.astype(int) - rgb).max(axis=2) <= tolerance).sum())


def test_pdf_handout_shows_the_tape_the_variables_and_the_checkpoints(tmp_path):
    from nbclient import NotebookClient
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Handout")]
                                  + [nbformat.v4.new_code_cell(c) for c in CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}},
                   ).execute(env=env)
    pngs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(pngs) == 3, "each widget's static picture carries a PNG"
    path = tmp_path / "handout.ipynb"
    nbformat.write(nb, path)
    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "pdf", str(path)], check=True,
                   capture_output=True, cwd=tmp_path)
    pdf = tmp_path / "handout.pdf"
    images = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True,
                            text=True).stdout.splitlines()[2:]
    assert len([line for line in images if line.split()[2] == "image"]) == 3
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = [np.asarray(Image.open(p).convert("RGB")) for p in sorted(tmp_path.glob("page*.png"))]
    assert pages
    every = np.concatenate([p.reshape(-1, 3) for p in pages])[:, None, :]
    # the tape: its gradient ramp (legend and node bars) from dark purple to yellow
    assert near(every, "#440154") > 50 and near(every, "#fde725") > 50
    # the Variable inspector: its histogram bars; the panel's header rule and zebra rows
    assert near(every, "#3b528b", 10) > 20
    assert near(every, "#f2f4f8", 3) > 500
    # the pictures are images, not text: the checkpoint's name is in no text layer of the PDF
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "Handout" in text and "ckpt-1" not in text

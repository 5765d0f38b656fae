"""TensorFlow's `ragged_tensor` guide, cell by cell, prints and displays what TF 2.21 did.

The cells and TF's output are in tests/fixtures/ragged/tf_guide_ragged_tensor.json (see
record_ragged_guide.py for the cells left out and why)."""
import json
import os
import sys

import tapeviz as tf

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "ragged")
sys.path.insert(0, FIXTURES)
from record_ragged_guide import run_cells  # noqa: E402


def test_guide_cells_print_tensorflows_output():
    with open(os.path.join(FIXTURES, "tf_guide_ragged_tensor.json")) as f:
        record = json.load(f)
    cells = [(c["index"], c["source"]) for c in record["cells"]]
    got = run_cells(tf, cells)
    compared = [(cell, out) for cell, out in zip(record["cells"], got) if cell["compared"]]
    assert len(compared) == 71
    for cell, out in compared:
        assert out == cell["stdout"], f"cell {cell['index']}"

"""TensorFlow's `random_numbers` guide, cell by cell, prints what TF 2.21 printed.

The cells and TF's output are in tests/fixtures/random/tf_guide_random_numbers.json (see
record_guide_fixture.py for the cells left out and why).
"""
import json
import os
import re
import sys

import tapeviz as tf

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "random")
sys.path.insert(0, FIXTURES)
from record_guide_fixture import run_cells  # noqa: E402

_NUMBER = re.compile(r"-?\d+\.\d*(e[-+]?\d+)?")


def test_guide_cells_print_tensorflows_output():
    with open(os.path.join(FIXTURES, "tf_guide_random_numbers.json")) as f:
        record = json.load(f)
    cells = [(c["index"], c["source"]) for c in record["cells"]]
    got = run_cells(tf, cells)
    for cell, out in zip(record["cells"], got):
        want = cell["stdout"]
        if cell["index"] in record["nondeterministic"]:   # only the layout can match
            out, want = (re.sub(r"\s+", "", _NUMBER.sub("#", text)) for text in (out, want))
        assert out == want, f"cell {cell['index']}"

"""TensorFlow's `tf_numpy` guide, cell by cell, prints what TF 2.21 printed.

The cells and TF's output are in tests/fixtures/tnp/tf_guide_tf_numpy.json (record_tnp_guide.py
says which cells are left out and why). Where a cell prints a Tensor's class, TF's
`tensorflow.python.framework.ops.EagerTensor` stands for tapeviz's Tensor class.
"""
import json
import os
import re
import sys

import pytest

import tapeviz as tf
from tapeviz.experimental.numpy import _behavior

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "tnp")
sys.path.insert(0, FIXTURES)
from record_tnp_guide import run_cells  # noqa: E402

_NUMBER = re.compile(r"-?\d+\.\d*(e[-+]?\d+)?")
_CLASS = "tapeviz.framework.tensor.EagerTensor"


@pytest.fixture(scope="module")
def guide():
    with open(os.path.join(FIXTURES, "tf_guide_tf_numpy.json")) as f:
        record = json.load(f)
    cells = [(c["index"], c["source"]) for c in record["cells"]]
    try:
        outputs = run_cells(tf, cells)
    finally:
        _behavior._disable()       # the guide turns NumPy behavior on for the whole process
    return record, outputs


def test_guide_runs_every_cell_it_keeps(guide):
    record, outputs = guide
    assert len(outputs) == len(record["cells"]) == 21


@pytest.mark.parametrize("position", range(21))
def test_guide_cell_prints_tensorflows_output(guide, position):
    record, outputs = guide
    cell, out = record["cells"][position], outputs[position]
    want = cell["stdout"]
    out = out.replace(_CLASS, "tensorflow.python.framework.ops.EagerTensor")
    if cell["index"] in record["nondeterministic"]:   # random weights, versions: only the layout
        out, want = (re.sub(r"\s+", "", _NUMBER.sub("#", text)) for text in (out, want))
    assert out == want, f"cell {cell['index']}:\n{cell['source']}"

"""Differential test: every corpus snippet must behave the same under TensorFlow and tapeviz.

TensorFlow's results come from `recorded/<corpus>.json` (committed, made by `runner.py` under a
Python with TensorFlow), so CI compares against TF without installing it. A snippet whose code
changed since it was recorded is skipped until it is recorded again. With TAPEVIZ_TF_PYTHON set
(e.g. /work/tfenv/bin/python), TF runs live instead, in a subprocess, cached under the temp dir.

Compared: result kinds (tensor / Variable / ndarray / Python types), dtypes, shapes, values
(allclose, NaN == NaN), exception types and, unless a snippet says `msg=False`, exception
messages (after removing object addresses and tracebacks).
"""
import hashlib
import json
import os
import re
import subprocess
import tempfile

import numpy as np
import pytest

from tests.tf_diff.corpus import all_corpora
from tests.tf_diff.runner import run_snippet

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = all_corpora()
CASES = [(corpus, s) for corpus, snippets in CORPORA.items() for s in snippets]


def _live_results():
    """TF's results for every corpus, run now under TAPEVIZ_TF_PYTHON (cached), or None."""
    python = os.environ.get("TAPEVIZ_TF_PYTHON")
    if not python:
        return None
    if not os.path.exists(python):
        pytest.fail(f"TAPEVIZ_TF_PYTHON={python} does not exist")
    keys = "".join(s.key for _, s in CASES)
    with open(os.path.join(HERE, "runner.py"), "rb") as f:
        key = hashlib.sha256(keys.encode() + f.read() + python.encode()).hexdigest()[:16]
    out = os.path.join(tempfile.gettempdir(), f"tapeviz_tf_diff_{key}")
    if not os.path.isdir(out):
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="")
        proc = subprocess.run([python, os.path.join(HERE, "runner.py"), out + ".tmp"], env=env,
                              capture_output=True, text=True, timeout=1200)
        if proc.returncode != 0:
            pytest.fail(f"the TensorFlow runner failed:\n{proc.stderr[-3000:]}")
        os.replace(out + ".tmp", out)
    return _load(out)


def _load(directory):
    found = {}
    for corpus in CORPORA:
        path = os.path.join(directory, corpus + ".json")
        if os.path.exists(path):
            with open(path) as f:
                found[corpus] = json.load(f)["results"]
    return found


@pytest.fixture(scope="module")
def tf_results():
    return _live_results() or _load(os.path.join(HERE, "recorded"))


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
# TF appends its OpDef to dtype errors ("\n\t; NodeDef: {{node Exp}}; Op<name=Exp; signature=...>");
# tapeviz has no OpDefs, so that dump is left out on both sides (the rest is compared).
_OPDEF = re.compile(r"\n\t; NodeDef: \{\{node [^}]*\}\}; Op<.*?>(?= \[Op:)", re.S)


def normalize_message(msg):
    msg = msg.split("\n\nTraceback (most recent call last)")[0]
    msg = msg.split("\nTraceback (most recent call last)")[0]
    return _ADDRESS.sub(" at 0x?", _OPDEF.sub("", msg))


def _values_equal(a, b, dtype, rtol, atol):
    if dtype in ("string", "bool") or dtype.startswith(("int", "uint")):
        return a == b
    if dtype.startswith("complex"):
        a = [x for pair in a for x in pair]
        b = [x for pair in b for x in pair]
    fa = np.array([float(x) for x in a], dtype=np.float64)
    fb = np.array([float(x) for x in b], dtype=np.float64)
    return fa.shape == fb.shape and bool(np.allclose(fa, fb, rtol=rtol, atol=atol, equal_nan=True))


def compare(expected, got, snippet, path="result"):
    """Asserts that tapeviz's encoded result `got` matches TensorFlow's `expected`."""
    if expected is None or got is None:
        assert expected == got, f"{path}: TF gave {expected!r}, tapeviz gave {got!r}"
        return
    ek, gk = expected["kind"], got["kind"]
    if ek == "error" or gk == "error":
        assert ek == gk, f"{path}: TF gave {expected}, tapeviz gave {got}"
        assert expected["type"] == got["type"], (
            f"{path}: TF raised {expected['type']}: {expected['message']!r}\n"
            f"tapeviz raised {got['type']}: {got['message']!r}")
        if snippet.msg:
            assert normalize_message(expected["message"]) == normalize_message(got["message"]), (
                f"{path}: message differs\nTF:      {expected['message']!r}\n"
                f"tapeviz: {got['message']!r}")
        return
    assert ek == gk, f"{path}: TF gave a {ek} ({expected}), tapeviz a {gk} ({got})"
    if ek in ("list", "tuple"):
        assert len(expected["items"]) == len(got["items"]), f"{path}: lengths differ"
        for i, (e, g) in enumerate(zip(expected["items"], got["items"])):
            compare(e, g, snippet, f"{path}[{i}]")
    elif ek == "dict":
        assert sorted(expected["items"]) == sorted(got["items"]), f"{path}: keys differ"
        for k in expected["items"]:
            compare(expected["items"][k], got["items"][k], snippet, f"{path}[{k!r}]")
    elif ek in ("tensor", "variable", "ndarray", "npscalar"):
        assert expected["dtype"] == got["dtype"], f"{path}: dtype {expected['dtype']} vs {got['dtype']}"
        assert expected["shape"] == got["shape"], f"{path}: shape {expected['shape']} vs {got['shape']}"
        assert _values_equal(expected["value"], got["value"], expected["dtype"], snippet.rtol,
                             snippet.atol), f"{path}: values\nTF:      {expected['value']}\ntapeviz: {got['value']}"
    elif ek == "indexed_slices":
        compare(expected["values"], got["values"], snippet, path + ".values")
        compare(expected["indices"], got["indices"], snippet, path + ".indices")
    elif ek == "float":
        assert _values_equal([expected["value"]], [got["value"]], "float64", snippet.rtol,
                             snippet.atol), f"{path}: {expected['value']} vs {got['value']}"
    elif ek == "other":
        assert expected["type"] == got["type"], f"{path}: type {expected['type']} vs {got['type']}"
    else:
        assert expected == got, f"{path}: TF gave {expected}, tapeviz gave {got}"


@pytest.mark.parametrize("corpus, snippet", CASES, ids=lambda c: c if isinstance(c, str) else c.name)
def test_matches_tensorflow(corpus, snippet, tf_results):
    import tapeviz
    recorded = tf_results.get(corpus, {}).get(snippet.name)
    if recorded is None or recorded["key"] != snippet.key:
        pytest.skip(f"TF's result for {snippet.name} is not recorded for this code: run "
                    f"`TFPYTHON tests/tf_diff/runner.py tests/tf_diff/recorded {corpus}`")
    got = run_snippet(tapeviz, snippet.code)
    compare(recorded["result"], got, snippet)


def test_snippet_names_are_unique():
    names = [s.name for _, s in CASES]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_compare_catches_differences():
    """The comparison itself must notice dtype, value and exception differences."""
    s = CASES[0][1]
    t = {"kind": "tensor", "dtype": "float32", "shape": [2], "value": [1.0, "nan"]}
    compare(t, dict(t), s)
    for bad in (dict(t, dtype="float64"), dict(t, value=[1.5, "nan"]), dict(t, shape=[1, 2]),
                dict(t, kind="variable"), {"kind": "error", "type": "ValueError", "message": ""}):
        with pytest.raises(AssertionError):
            compare(t, bad, s)
    err = {"kind": "error", "type": "TypeError", "message": "object at 0x7f00 bad"}
    compare(err, dict(err, message="object at 0x1234 bad"), s)
    with pytest.raises(AssertionError):
        compare(err, dict(err, type="ValueError"), s)

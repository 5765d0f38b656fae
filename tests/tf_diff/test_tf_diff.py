"""Differential test: every corpus snippet must behave the same under TensorFlow and tapeviz.

TensorFlow runs in a subprocess (`runner.py`), either this interpreter when it can import
tensorflow, or the Python named by TAPEVIZ_TF_PYTHON (e.g. /work/tfenv/bin/python). Without
either the whole module is skipped, so CI without TensorFlow passes. TF's results are cached
under the system temp dir, keyed by the corpus text and the interpreter.

Compared: result kinds (tensor / Variable / ndarray / Python types), dtypes, shapes, values
(allclose, NaN == NaN), exception types and, unless a snippet says `msg=False`, exception
messages (after removing object addresses and tracebacks).
"""
import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import pytest

from tests.tf_diff.corpus import SNIPPETS
from tests.tf_diff.runner import run_snippet

HERE = os.path.dirname(os.path.abspath(__file__))


def _tf_python():
    env = os.environ.get("TAPEVIZ_TF_PYTHON")
    if env:
        return env if os.path.exists(env) else None
    if importlib.util.find_spec("tensorflow") is not None:
        return sys.executable
    return None


@pytest.fixture(scope="module")
def tf_results():
    python = _tf_python()
    if python is None:
        pytest.skip("TensorFlow is not available (set TAPEVIZ_TF_PYTHON to a python with TF)")
    with open(os.path.join(HERE, "corpus.py"), "rb") as f:
        corpus = f.read()
    with open(os.path.join(HERE, "runner.py"), "rb") as f:
        runner = f.read()
    key = hashlib.sha256(corpus + runner + python.encode()).hexdigest()[:16]
    cache = os.path.join(tempfile.gettempdir(), f"tapeviz_tf_diff_{key}.json")
    if not os.path.exists(cache):
        out = cache + f".{os.getpid()}.tmp"
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="")
        proc = subprocess.run([python, os.path.join(HERE, "runner.py"), out], env=env,
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            pytest.fail(f"the TensorFlow runner failed:\n{proc.stderr[-3000:]}")
        os.replace(out, cache)
    with open(cache) as f:
        return json.load(f)["results"]


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def normalize_message(msg):
    msg = msg.split("\n\nTraceback (most recent call last)")[0]
    msg = msg.split("\nTraceback (most recent call last)")[0]
    return _ADDRESS.sub(" at 0x?", msg)


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


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda s: s.name)
def test_matches_tensorflow(snippet, tf_results):
    import tapeviz
    expected = tf_results[snippet.name]
    got = run_snippet(tapeviz, snippet.code)
    compare(expected, got, snippet)


def test_compare_catches_differences():
    """The comparison itself must notice dtype, value and exception differences."""
    s = SNIPPETS[0]
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

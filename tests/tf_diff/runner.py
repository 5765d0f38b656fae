"""Runs the snippet corpus under one `tf` module and dumps every result as JSON.

Used two ways: `python runner.py OUT.json` under a Python with TensorFlow (the oracle), and
`run_corpus(tapeviz)` in-process for tapeviz. It imports neither library itself, so the same
encoding is applied to both sides.
"""
import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def _float(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _array(arr):
    arr = np.asarray(arr)
    if arr.dtype.kind in "OSU":
        return [v.decode("latin1") if isinstance(v, bytes) else str(v) for v in arr.reshape(-1)]
    if arr.dtype.kind == "c":
        return [[_float(v.real), _float(v.imag)] for v in arr.reshape(-1)]
    if arr.dtype.kind == "f" or arr.dtype.kind == "V":
        return [_float(v) for v in arr.reshape(-1).astype(np.float64)]
    if arr.dtype.kind == "b":
        return [bool(v) for v in arr.reshape(-1)]
    return [int(v) for v in arr.reshape(-1)]


def encode(v):
    """A JSON-able description of a result: kind, dtype, shape and flat values."""
    if v is None:
        return None
    if isinstance(v, bool):
        return {"kind": "bool", "value": v}
    if isinstance(v, int):
        return {"kind": "int", "value": v}
    if isinstance(v, float):
        return {"kind": "float", "value": _float(v)}
    if isinstance(v, complex):
        return {"kind": "complex", "value": [_float(v.real), _float(v.imag)]}
    if isinstance(v, str):
        return {"kind": "str", "value": v}
    if isinstance(v, bytes):
        return {"kind": "bytes", "value": v.decode("latin1")}
    if isinstance(v, (np.ndarray, np.generic)):
        return {"kind": "ndarray" if isinstance(v, np.ndarray) else "npscalar",
                "dtype": str(v.dtype) if v.dtype.kind not in "OSU" else "string",
                "shape": list(np.shape(v)), "value": _array(v)}
    if isinstance(v, dict):
        return {"kind": "dict", "items": {str(k): encode(x) for k, x in sorted(v.items(), key=lambda kv: str(kv[0]))}}
    if isinstance(v, (list, tuple)):
        return {"kind": "list" if isinstance(v, list) else "tuple", "items": [encode(x) for x in v]}
    name = type(v).__name__
    if name == "TensorShape":
        return {"kind": "shape", "value": None if v.rank is None else v.as_list()}
    if name == "DType":
        return {"kind": "dtype", "value": v.name}
    if name == "IndexedSlices":
        return {"kind": "indexed_slices", "values": encode(v.values), "indices": encode(v.indices)}
    if hasattr(v, "numpy") and hasattr(v, "dtype"):
        arr = np.asarray(v.numpy())
        return {"kind": "variable" if "Variable" in name else "tensor", "dtype": v.dtype.name,
                "shape": list(arr.shape), "value": _array(arr)}
    return {"kind": "other", "type": name, "repr": repr(v)}


def run_snippet(tf, code):
    namespace = {"tf": tf, "np": np}
    try:
        exec(code, namespace)
        return encode(namespace.get("result"))
    except Exception as e:  # noqa: BLE001 (the exception IS the result)
        return {"kind": "error", "type": type(e).__name__, "message": str(e)}


def run_corpus(tf, snippets):
    return {s.name: run_snippet(tf, s.code) for s in snippets}


def main(out_dir, only=None):
    """Runs every corpus under TensorFlow and writes `<out_dir>/<corpus>.json` for each (or for
    the corpora named in `only`): the recorded results the tests replay."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
    import logging
    import warnings
    warnings.simplefilter("ignore")
    import tensorflow as tf
    tf.get_logger().setLevel(logging.ERROR)
    from tests.tf_diff.corpus import all_corpora
    os.makedirs(out_dir, exist_ok=True)
    for name, snippets in all_corpora().items():
        if only and name not in only:
            continue
        results = {s.name: {"key": s.key, "result": run_snippet(tf, s.code)} for s in snippets}
        path = os.path.join(out_dir, name + ".json")
        with open(path + ".tmp", "w") as f:
            json.dump({"tf_version": tf.__version__, "results": results}, f, indent=0, sort_keys=True)
        os.replace(path + ".tmp", path)


if __name__ == "__main__":
    # python tests/tf_diff/runner.py OUT_DIR [CORPUS ...], under a Python with TensorFlow:
    #   /work/tfenv/bin/python tests/tf_diff/runner.py tests/tf_diff/recorded corpus_data
    main(sys.argv[1], sys.argv[2:])

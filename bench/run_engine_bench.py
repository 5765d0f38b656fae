"""Engine benchmark: the shared peers.py workloads W1-W3 for numpy, torch and tapeviz, same run.

    python bench/run_engine_bench.py [--rounds 3] [--peers ../shared/bench/peers.py]

Writes bench/ENGINE.md (the table, ratios to hand-written NumPy) and appends raw results to
bench/engine_results.jsonl. torch is optional (skipped when not importable). Targets (issue 3):
W1 forward and backward per op at or below torch; W2 within 1.5x of NumPy; W3 within 1.1x of NumPy.
"""
import argparse
import importlib.util
import os
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--peers", default=str(ROOT.parent / "shared" / "bench" / "peers.py"))
    p.add_argument("--workloads", nargs="*", default=["scalar_chain", "small_mlp_step", "big_matmul_grad"])
    a = p.parse_args()
    engines = ["numpy", "tapeviz"] + (["torch"] if importlib.util.find_spec("torch") else [])
    env = dict(os.environ, PYTHONPATH=f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    jsonl = HERE / "engine_results.jsonl"
    if jsonl.exists():
        jsonl.unlink()
    cmd = [sys.executable, a.peers, "--all", "--engines", *engines, "--workloads", *a.workloads,
           "--rounds", str(a.rounds), "--out", str(jsonl), "--markdown", str(HERE / "ENGINE.md")]
    subprocess.run(cmd, check=True, env=env, cwd=HERE)


if __name__ == "__main__":
    main()

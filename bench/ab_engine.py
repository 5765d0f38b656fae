"""A/B of the engine on the shared peers.py workloads: two source trees, interleaved, medians.

    python bench/ab_engine.py OLD_TREE NEW_TREE [--rounds 7] [--peers ../shared/bench/peers.py]

Each round runs every workload once per tree in fresh processes, alternating the trees, so
machine noise hits both alike. Prints a Markdown table of medians and the NEW/OLD ratio.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
METRICS = {"scalar_chain": ("fwd_us_per_op", "bwd_us_per_op"), "small_mlp_step": ("step_ms",),
           "big_matmul_grad": ("grad_ms",)}


def run(tree, workload, peers):
    env = dict(os.environ, PYTHONPATH=str(tree))
    out = subprocess.run([sys.executable, peers, "--engine", "tapeviz", "--workload", workload],
                         env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])["metrics"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--peers", default=str(ROOT.parent / "shared" / "bench" / "peers.py"))
    p.add_argument("--workloads", nargs="*", default=["scalar_chain", "small_mlp_step"])
    a = p.parse_args()
    samples = {}
    for r in range(a.rounds):
        for tree in (a.old, a.new) if r % 2 == 0 else (a.new, a.old):
            for w in a.workloads:
                for k, v in run(tree, w, a.peers).items():
                    samples.setdefault((w, k, tree), []).append(v)
    print("| workload | metric | old | new | new/old |\n|---|---|---|---|---|")
    for w in a.workloads:
        for k in METRICS.get(w, ()):
            old = statistics.median(samples[(w, k, a.old)])
            new = statistics.median(samples[(w, k, a.new)])
            print(f"| {w} | {k} | {old:.3f} | {new:.3f} | {new / old:.3f} |")


if __name__ == "__main__":
    main()

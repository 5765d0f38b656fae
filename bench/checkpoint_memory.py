"""Peak memory of saving and restoring one big Variable (default 200 MB of float32).

Each phase runs in a fresh subprocess and reports how far the peak RSS (ru_maxrss) and the
peak of traced Python/NumPy allocations (tracemalloc) rose above the state just before the
call. The budget: saving streams (no copy of the tensor); restoring holds at most one extra
copy (the new value is read and verified before the old one is released).

    python3 bench/checkpoint_memory.py [--mb 200]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CHILD = r"""
import json, os, sys, threading, time, tracemalloc
sys.path.insert(0, {root!r})
import numpy as np
import tapeviz as tf

PAGE = os.sysconf("SC_PAGE_SIZE")

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE / 2**20

class PeakRSS(threading.Thread):
    # samples the current RSS every 0.5 ms (ru_maxrss would remember the setup's peak)
    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.running = rss_mb(), True
    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.0005)

n = {mb} * (1 << 20) // 4
phase, prefix = {phase!r}, {prefix!r}
v = tf.Variable(np.full(n, 1.5 if phase == "save" else 0.0, np.float32))   # pages touched
ck = tf.train.Checkpoint(v=v)
before = rss_mb()
sampler = PeakRSS()
sampler.start()
tracemalloc.start()
t0 = time.perf_counter()
if phase == "save":
    ck.write(prefix)
else:
    ck.read(prefix).assert_consumed()
seconds = time.perf_counter() - t0
_, traced_peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
sampler.running = False
sampler.join()
peak = max(sampler.peak, rss_mb())
if phase == "restore":
    assert v._value[-1] == 1.5 and v._value[0] == 1.5
print(json.dumps({{"phase": phase, "rss_before_mb": before, "rss_peak_mb": peak,
                  "rss_rise_mb": peak - before, "traced_peak_mb": traced_peak / 2**20,
                  "seconds": seconds}}))
"""


def run(phase, prefix, mb):
    code = CHILD.format(root=ROOT, mb=mb, phase=phase, prefix=prefix)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        prefix = os.path.join(d, "big")
        results = [run("save", prefix, args.mb), run("restore", prefix, args.mb)]
    print(f"Variable: {args.mb} MB float32")
    print(f"{'phase':8} {'RSS before':>11} {'RSS peak':>9} {'RSS rise':>9} {'traced peak':>12} {'time':>7}")
    for r in results:
        print(f"{r['phase']:8} {r['rss_before_mb']:9.0f}MB {r['rss_peak_mb']:7.0f}MB "
              f"{r['rss_rise_mb']:7.0f}MB {r['traced_peak_mb']:10.1f}MB {r['seconds']:6.2f}s")
    save, restore = results
    assert save["traced_peak_mb"] < 0.1 * args.mb + 16, "save must stream (no copy of the tensor)"
    assert save["rss_rise_mb"] < 0.1 * args.mb + 32, "save must stream (no copy of the tensor)"
    assert restore["traced_peak_mb"] < 1.1 * args.mb + 16, "restore may hold one extra copy at most"
    assert restore["rss_rise_mb"] < 1.1 * args.mb + 32, "restore may hold one extra copy at most"
    print("OK: save streams; restore holds at most one extra copy")


if __name__ == "__main__":
    main()

"""Where a microsecond goes: the layers of one op call, and of one W2 training step.

    python bench/profile_engine.py            # prints the tables bench/PROFILE.md quotes

Times are CPU time of this process (`time.process_time`), best of several repeats, so that other
processes on a busy machine do not land on the clock; BLAS runs single-threaded for the same
reason (set OPENBLAS_NUM_THREADS=1 before NumPy loads). Each row adds one layer to the one above.
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import cProfile  # noqa: E402
import pstats  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import timeit  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import tapeviz as tf  # noqa: E402
from tapeviz.framework import registry  # noqa: E402


def best(stmt, env, number=100_000, repeat=7):
    timer = timeit.Timer(stmt, globals=env, timer=time.process_time)
    return min(timer.repeat(repeat=repeat, number=number)) / number * 1e6


def op_layers():
    x = tf.constant(np.float32(0.5))
    mul = registry.OPS["Mul"]
    env = {"np": np, "tf": tf, "x": x, "mul": mul, "a": np.float32(0.5), "registry": registry,
           "c": tf.constant(np.float32(1.0001))}
    rows = [("NumPy float32 scalar multiply (the arithmetic)", best("a * np.float32(1.0001)", env)),
            ("+ execute(): Tensor wrapper, no tape", best("registry.execute(mul, (x, c), {})", env)),
            ("+ Op.__call__: input checks, float constant -> Tensor", best("mul(x, 1.0001)", env)),
            ("+ Python operator `x * 1.0001`", best("x * 1.0001", env))]
    tape = tf.GradientTape()
    tape.__enter__()
    tape.watch(x)
    rows.append(("+ recording on a tape that watches x (OpRecord, code site)",
                 best("x * 1.0001", env, number=20_000)))
    tape.__exit__(None, None, None)
    return rows


def w2_profile(steps=200):
    bench = Path(__file__).resolve().parents[2] / "shared" / "bench"
    sys.path.insert(0, str(bench))
    import peers
    peers.np = np
    eng = peers.TFLikeEngine("tapeviz", None)
    X, Y, labels, params = peers.w2_data()
    model = eng.mlp(params, X, Y, labels, peers.W2_LR)
    ref = peers.NumpyMLP(params, X, Y, labels, peers.W2_LR)
    for _ in range(20):
        model.step()
        ref.step()
    cpu = time.process_time
    t0 = cpu()
    for _ in range(steps):
        model.step()
    t1 = cpu()
    for _ in range(steps):
        ref.step()
    t2 = cpu()
    kernel = {}
    saved = {op: op.forward for op in registry.OPS.values()}
    for op in registry.OPS.values():      # time spent inside NumPy forwards, by op type
        f = op.forward

        def timed(*a, _f=f, _t=op.type, **k):
            s = cpu()
            try:
                return _f(*a, **k)
            finally:
                kernel[_t] = kernel.get(_t, 0.0) + cpu() - s
        op.forward = timed
    t3 = cpu()
    for _ in range(steps):
        model.step()
    t4 = cpu()
    for op, f in saved.items():
        op.forward = f
    prof = cProfile.Profile()
    prof.enable()
    model.step()
    prof.disable()
    calls = pstats.Stats(prof).total_calls
    return {"tapeviz_us": (t1 - t0) / steps * 1e6, "numpy_us": (t2 - t1) / steps * 1e6,
            "instrumented_us": (t4 - t3) / steps * 1e6, "python_calls": calls,
            "kernels": {k: v / steps * 1e6 for k, v in sorted(kernel.items(), key=lambda kv: -kv[1])}}


def main():
    print("## One op: `x * 1.0001` on a float32 scalar (µs, CPU time, best of 7)\n")
    print("| layer | µs |\n|---|---:|")
    for name, us in op_layers():
        print(f"| {name} | {us:.2f} |")
    w = w2_profile()
    print("\n## One W2 step (784-128-10 MLP, batch 64): forward, gradient, 4 assign_sub (µs, CPU)\n")
    print(f"tapeviz {w['tapeviz_us']:.0f} µs, hand-written NumPy {w['numpy_us']:.0f} µs "
          f"({w['tapeviz_us'] / w['numpy_us']:.2f}x); {w['python_calls']} Python function calls per step.\n")
    total = sum(w["kernels"].values())
    print("| inside NumPy, by op | µs |\n|---|---:|")
    for k, v in w["kernels"].items():
        print(f"| {k} | {v:.1f} |")
    print(f"| **all kernels** | **{total:.1f}** |")
    print(f"\nEverything else (dispatch, Tensors, tape, backward bookkeeping, Variable updates): "
          f"about {w['tapeviz_us'] - total:.0f} µs per step.")


if __name__ == "__main__":
    main()

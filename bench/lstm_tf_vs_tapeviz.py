"""The same small LSTM trained with `model.fit` by TensorFlow 2.21 / Keras 3 and by tapeviz.

    python3 bench/lstm_tf_vs_tapeviz.py [--epochs 5] [--tfenv /work/tfenv/bin/python]

Task (the "adding problem", short): each sequence has 20 steps of (value, marker); the target is
the sum of the two values whose marker is 1. Model: LSTM(16) -> Dense(1), Adam(0.01), MSE,
batch 32, 512 training sequences, unshuffled. One script (`LOOP`) runs with `import tensorflow
as tf` in /work/tfenv (a subprocess) and with `import tapeviz as tf` here; both start from the
same NumPy-drawn weights (`set_weights`). Epoch times come from a callback (wall clock between
`on_epoch_begin` and `on_epoch_end`). Prints a Markdown table and fails if the final training
losses differ by more than 1e-4 (relative).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

LOOP = textwrap.dedent('''
    import json, sys, time
    import numpy as np

    def run(tf, data_path, epochs, out_path):
        d = np.load(data_path)
        model = tf.keras.Sequential([tf.keras.Input((20, 2)), tf.keras.layers.LSTM(16),
                                     tf.keras.layers.Dense(1)])
        model.set_weights([d["kernel"], d["recurrent"], d["bias"], d["dense"], d["dense_bias"]])
        model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse")
        times = []

        class Timer(tf.keras.callbacks.Callback):
            def on_epoch_begin(self, epoch, logs=None):
                self.start = time.perf_counter()

            def on_epoch_end(self, epoch, logs=None):
                times.append(time.perf_counter() - self.start)

        h = model.fit(d["x"], d["y"], epochs=epochs, batch_size=32, shuffle=False, verbose=0,
                      callbacks=[Timer()])
        test = float(np.mean((np.asarray(model.predict(d["x_test"], verbose=0)) - d["y_test"]) ** 2))
        json.dump({"losses": [float(v) for v in h.history["loss"]], "epoch_seconds": times,
                   "test_mse": test}, open(out_path, "w"))

    if __name__ == "__main__":
        import tensorflow as tf
        run(tf, sys.argv[1], int(sys.argv[2]), sys.argv[3])
''')


def make_data(path):
    rng = np.random.default_rng(0)

    def sequences(n):
        values = rng.uniform(0, 1, (n, 20))
        markers = np.zeros((n, 20))
        for row in markers:
            row[rng.choice(20, 2, replace=False)] = 1
        x = np.stack([values, markers], -1).astype("float32")
        return x, (values * markers).sum(1, keepdims=True).astype("float32")

    x, y = sequences(512)
    x_test, y_test = sequences(256)

    def glorot(shape):
        limit = np.sqrt(6 / sum(shape))
        return rng.uniform(-limit, limit, shape).astype("float32")
    recurrent = np.linalg.qr(rng.standard_normal((64, 16)))[0].T.astype("float32")
    bias = np.concatenate([np.zeros(16), np.ones(16), np.zeros(32)]).astype("float32")
    np.savez(path, x=x, y=y, x_test=x_test, y_test=y_test, kernel=glorot((2, 64)), recurrent=recurrent,
             bias=bias, dense=glorot((16, 1)), dense_bias=np.zeros(1, "float32"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--tfenv", default="/work/tfenv/bin/python")
    args = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="lstm_")
    data = os.path.join(directory, "adding.npz")
    make_data(data)
    script = os.path.join(directory, "loop.py")
    with open(script, "w") as f:
        f.write(LOOP)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    start = time.perf_counter()
    done = subprocess.run([args.tfenv, script, data, str(args.epochs), f"{directory}/tf.json"],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        print(done.stderr[-3000:])
        raise SystemExit("the TensorFlow run failed")
    tf_wall = time.perf_counter() - start
    namespace = {}
    exec(LOOP, namespace)
    import tapeviz
    start = time.perf_counter()
    namespace["run"](tapeviz, data, args.epochs, f"{directory}/tapeviz.json")
    tv_wall = time.perf_counter() - start
    tf_r, tv_r = json.load(open(f"{directory}/tf.json")), json.load(open(f"{directory}/tapeviz.json"))
    loss_diff = max(abs(a - b) / max(abs(a), 1e-12) for a, b in zip(tf_r["losses"], tv_r["losses"]))
    print(f"LSTM(16) -> Dense(1) on the adding problem (512 sequences x 20 steps x 2 features), "
          f"Adam(0.01), MSE, batch 32, {args.epochs} epochs, model.fit, same init\n")
    print("| run | first epoch ms | median ms/epoch (after the first) | final train loss | test MSE |")
    print("| --- | --- | --- | --- | --- |")
    for name, r in (("TensorFlow 2.21 / Keras 3.15", tf_r), ("tapeviz", tv_r)):
        later = r["epoch_seconds"][1:] or r["epoch_seconds"]
        print(f"| {name} | {1000 * r['epoch_seconds'][0]:.0f} | {1000 * float(np.median(later)):.0f} | "
              f"{r['losses'][-1]:.6f} | {r['test_mse']:.6f} |")
    print(f"\nlargest relative per-epoch loss difference: {loss_diff:.2e} (limit 1e-4)")
    print(f"wall time including start-up: TensorFlow {tf_wall:.1f} s, tapeviz {tv_wall:.1f} s")
    raise SystemExit(0 if loss_diff <= 1e-4 else 1)


if __name__ == "__main__":
    main()

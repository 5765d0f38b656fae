"""A CNN and an LSTM trained with `model.fit` on scikit-learn's digits, by TensorFlow 2.21 /
Keras 3 and by tapeviz: epoch time and accuracy.

    python3 bench/keras_cnn_lstm_digits.py [--epochs 5] [--tfenv /work/tfenv/bin/python]

Same structure as bench/digits_tf_vs_tapeviz.py: one script (`LOOP`) runs under real TensorFlow
in /work/tfenv (a subprocess, Keras compiles `fit` into a tf.function as usual) and under tapeviz
in-process (eager, every op recorded-ready). Both models get the same initial weights (NumPy
draws, `set_weights`) and see the same batches (each epoch's order drawn with NumPy, fit with
`shuffle=False`). Models:

  CNN:  8x8x1 image -> Conv2D(8, 3, relu, same) -> MaxPooling2D -> Conv2D(16, 3, relu) -> Flatten -> Dense(10)
  LSTM: the image's 8 rows as an 8-step sequence of 8 features -> LSTM(32) -> Dense(10)

Prints a Markdown table (test accuracy, final loss, median seconds per epoch, largest weight
difference between the two runs).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

LOOP = textwrap.dedent('''
    import json, sys, time
    import numpy as np

    def build(tf, kind):
        L = tf.keras.layers
        if kind == "cnn":
            return tf.keras.Sequential([tf.keras.Input((8, 8, 1)),
                                        L.Conv2D(8, 3, activation="relu", padding="same"),
                                        L.MaxPooling2D(), L.Conv2D(16, 3, activation="relu"),
                                        L.Flatten(), L.Dense(10)])
        return tf.keras.Sequential([tf.keras.Input((8, 8)), L.LSTM(32), L.Dense(10)])

    def run(tf, data_path, kind, epochs, out_path):
        d = np.load(data_path)
        shape = (-1, 8, 8, 1) if kind == "cnn" else (-1, 8, 8)
        x_train, x_test = d["x_train"].reshape(shape), d["x_test"].reshape(shape)
        y_train, y_test = d["y_train"], d["y_test"]
        model = build(tf, kind)
        rng = np.random.default_rng(1)
        model.set_weights([rng.uniform(-0.2, 0.2, w.shape).astype("float32") for w in model.get_weights()])
        model.compile(optimizer=tf.keras.optimizers.Adam(0.005),
                      loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                      metrics=["accuracy"])
        losses, times = [], []
        for epoch in range(epochs):
            order = d["orders"][epoch]
            start = time.perf_counter()
            h = model.fit(x_train[order], y_train[order], batch_size=32, epochs=1, shuffle=False, verbose=0)
            times.append(time.perf_counter() - start)
            losses.append(float(h.history["loss"][0]))
        predicted = np.argmax(np.asarray(model.predict(x_test, verbose=0)), axis=1)
        json.dump({"test_accuracy": float(np.mean(predicted == y_test)), "losses": losses,
                   "epoch_seconds": times, "weights": [w.tolist() for w in model.get_weights()]},
                  open(out_path, "w"))

    if __name__ == "__main__":
        import tensorflow as tf
        run(tf, sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
''')


def make_data(path, epochs):
    from sklearn.datasets import load_digits
    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    y = digits.target.astype("int32")
    rng = np.random.default_rng(0)
    perm = rng.permutation(len(x))
    train, test = perm[:1437], perm[1437:]
    np.savez(path, x_train=x[train], y_train=y[train], x_test=x[test], y_test=y[test],
             orders=np.stack([rng.permutation(len(train)) for _ in range(epochs)]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--tfenv", default="/work/tfenv/bin/python")
    args = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="keras_bench_")
    data = os.path.join(directory, "digits.npz")
    make_data(data, args.epochs)
    script = os.path.join(directory, "loop.py")
    with open(script, "w") as f:
        f.write(LOOP)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    namespace = {}
    exec(LOOP, namespace)
    import tapeviz
    print(f"sklearn digits (1437 train / 360 test), Adam(0.005), batch 32, {args.epochs} epochs of "
          "`model.fit`, same initial weights and batch order\n")
    print("| model | run | test accuracy | final epoch loss | median s/epoch | first epoch s |")
    print("| --- | --- | --- | --- | --- | --- |")
    notes = []
    for kind in ("cnn", "lstm"):
        done = subprocess.run([args.tfenv, script, data, kind, str(args.epochs),
                               f"{directory}/tf_{kind}.json"], env=env, capture_output=True, text=True)
        if done.returncode:
            print(done.stderr[-3000:])
            raise SystemExit("the TensorFlow run failed")
        namespace["run"](tapeviz, data, kind, args.epochs, f"{directory}/tapeviz_{kind}.json")
        tf_r = json.load(open(f"{directory}/tf_{kind}.json"))
        tv_r = json.load(open(f"{directory}/tapeviz_{kind}.json"))
        for name, r in (("TensorFlow 2.21 / Keras 3.15", tf_r), ("tapeviz", tv_r)):
            print(f"| {kind.upper()} | {name} | {r['test_accuracy']:.4f} | {r['losses'][-1]:.5f} | "
                  f"{float(np.median(r['epoch_seconds'])):.3f} | {r['epoch_seconds'][0]:.3f} |")
        weight_diff = max(float(np.max(np.abs(np.asarray(a) - np.asarray(b))))
                          for a, b in zip(tf_r["weights"], tv_r["weights"]))
        loss_diff = max(abs(a - b) for a, b in zip(tf_r["losses"], tv_r["losses"]))
        speed = float(np.median(tf_r["epoch_seconds"])) / float(np.median(tv_r["epoch_seconds"]))
        notes.append(f"{kind.upper()}: tapeviz median epoch {speed:.2f}x TensorFlow's speed "
                     f"(>1 = faster); largest per-epoch loss difference {loss_diff:.2e}; largest "
                     f"final weight difference {weight_diff:.2e}")
    print()
    for note in notes:
        print(note + "  ")


if __name__ == "__main__":
    main()

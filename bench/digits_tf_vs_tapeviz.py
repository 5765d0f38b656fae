"""The same small MLP trained on scikit-learn's digits by TensorFlow 2.21 and by tapeviz.

    python3 bench/digits_tf_vs_tapeviz.py [--epochs 20] [--tfenv /work/tfenv/bin/python]

One training script (`LOOP` below) runs twice: with `import tensorflow as tf` in /work/tfenv
(a subprocess) and with `import tapeviz as tf` here. Both get the same initial weights (drawn
with NumPy and set with `set_weights`), the same data split and the same batch order, and train
with a hand-written `tf.GradientTape` loop: Keras Dense layers, SparseCategoricalCrossentropy
(from_logits) and Adam. Prints a Markdown table (test accuracy, final loss, time per epoch,
largest weight difference) and fails if the test accuracies differ by more than 1%.
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
        x_train, y_train, x_test, y_test = d["x_train"], d["y_train"], d["x_test"], d["y_test"]
        model = tf.keras.Sequential([
            tf.keras.Input((64,)),
            tf.keras.layers.Dense(32, activation="relu"),
            tf.keras.layers.Dense(10),
        ])
        model.set_weights([d["w0"], d["b0"], d["w1"], d["b1"]])
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)
        batch = 32
        losses, times = [], []
        for epoch in range(epochs):
            order = d["orders"][epoch]
            start = time.perf_counter()
            total = 0.0
            for i in range(0, len(order), batch):
                idx = order[i:i + batch]
                xb, yb = tf.constant(x_train[idx]), tf.constant(y_train[idx])
                with tf.GradientTape() as tape:
                    logits = model(xb, training=True)
                    loss = loss_fn(yb, logits)
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
                total += float(loss) * len(idx)
            times.append(time.perf_counter() - start)
            losses.append(total / len(order))
        logits = model(tf.constant(x_test), training=False)
        predicted = np.argmax(np.asarray(logits), axis=1)
        json.dump({"test_accuracy": float(np.mean(predicted == y_test)),
                   "train_accuracy": float(np.mean(np.argmax(np.asarray(model(tf.constant(x_train))), 1) == y_train)),
                   "losses": losses, "epoch_seconds": times,
                   "weights": [w.tolist() for w in model.get_weights()]}, open(out_path, "w"))

    if __name__ == "__main__":
        import tensorflow as tf
        run(tf, sys.argv[1], int(sys.argv[2]), sys.argv[3])
''')


def make_data(path, epochs):
    from sklearn.datasets import load_digits
    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    y = digits.target.astype("int32")
    rng = np.random.default_rng(0)
    perm = rng.permutation(len(x))
    train, test = perm[:1437], perm[1437:]
    limit0, limit1 = np.sqrt(6 / (64 + 32)), np.sqrt(6 / (32 + 10))
    np.savez(path, x_train=x[train], y_train=y[train], x_test=x[test], y_test=y[test],
             w0=rng.uniform(-limit0, limit0, (64, 32)).astype("float32"), b0=np.zeros(32, "float32"),
             w1=rng.uniform(-limit1, limit1, (32, 10)).astype("float32"), b1=np.zeros(10, "float32"),
             orders=np.stack([rng.permutation(len(train)) for _ in range(epochs)]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--tfenv", default="/work/tfenv/bin/python")
    args = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="digits_")
    data = os.path.join(directory, "digits.npz")
    make_data(data, args.epochs)
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
    weight_diff = max(float(np.max(np.abs(np.asarray(a) - np.asarray(b))))
                      for a, b in zip(tf_r["weights"], tv_r["weights"]))
    loss_diff = max(abs(a - b) for a, b in zip(tf_r["losses"], tv_r["losses"]))

    def ms(r):
        return 1000 * float(np.median(r["epoch_seconds"]))
    print(f"MLP 64-32-10 on sklearn digits (1437 train / 360 test), Adam(0.01), batch 32, "
          f"{args.epochs} epochs, same init and batch order\n")
    print("| run | test accuracy | train accuracy | final epoch loss | median ms/epoch |")
    print("| --- | --- | --- | --- | --- |")
    for name, r in (("TensorFlow 2.21 / Keras 3.15", tf_r), ("tapeviz", tv_r)):
        print(f"| {name} | {r['test_accuracy']:.4f} | {r['train_accuracy']:.4f} | "
              f"{r['losses'][-1]:.5f} | {ms(r):.1f} |")
    gap = abs(tf_r["test_accuracy"] - tv_r["test_accuracy"])
    print(f"\ntest accuracy gap: {100 * gap:.2f}% (limit 1%); largest per-epoch loss difference: "
          f"{loss_diff:.2e}; largest final weight difference: {weight_diff:.2e}")
    print(f"wall time including start-up: TensorFlow {tf_wall:.1f} s, tapeviz {tv_wall:.1f} s")
    raise SystemExit(0 if gap <= 0.01 else 1)


if __name__ == "__main__":
    main()

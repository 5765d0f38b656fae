"""`.weights.h5` round trip between tapeviz and real Keras 3 (TensorFlow 2.21 in /work/tfenv).

    python3 bench/keras_h5_roundtrip.py [--tfenv /work/tfenv/bin/python]

For two models (a small CNN with Conv2D/MaxPooling2D/Flatten/Dense/BatchNormalization/Dropout,
and an MLP compiled with Adam and trained for a few steps so the file carries optimizer state):
  1. tapeviz builds the model, saves `tapeviz.weights.h5` and its predictions on fixed inputs;
  2. Keras builds the same architecture, loads that file, and checks its predictions (and the
     optimizer's iteration count and slots) against tapeviz's; then it re-initialises with its
     own seed, trains, and saves `keras.weights.h5` with its predictions;
  3. tapeviz loads Keras's file and checks its predictions and optimizer state against Keras's.
Prints one line per check and exits non-zero on any mismatch. TensorFlow runs in a subprocess
(never imported here).
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

MODELS = textwrap.dedent('''
    def cnn(k):
        return k.Sequential([
            k.Input((8, 8, 1)),
            k.layers.Conv2D(4, 3, activation="relu"),
            k.layers.MaxPooling2D(),
            k.layers.Flatten(),
            k.layers.Dense(16, activation="relu"),
            k.layers.BatchNormalization(),
            k.layers.Dropout(0.3),
            k.layers.Dense(3, activation="softmax"),
        ])

    def mlp(k):
        m = k.Sequential([k.Input((5,)), k.layers.Dense(8, activation="tanh"), k.layers.Dense(2)])
        m.compile(k.optimizers.Adam(0.01), "mse")
        return m

    def data(seed):
        rng = np.random.default_rng(seed)
        return {"cnn": (rng.standard_normal((6, 8, 8, 1)).astype("float32"), None),
                "mlp": (rng.standard_normal((16, 5)).astype("float32"),
                        rng.standard_normal((16, 2)).astype("float32"))}

    def train(model, x, y, steps):
        for _ in range(steps):
            model.train_on_batch(x, y)

    def optimizer_state(model):
        opt = getattr(model, "optimizer", None)
        return [np.asarray(v.numpy()).tolist() for v in opt.variables] if opt is not None else []
''')

KERAS_SIDE = MODELS + textwrap.dedent('''
    import json, sys
    import keras
    directory = sys.argv[1]
    inputs = data(0)
    report = {}
    for name, build in (("cnn", cnn), ("mlp", mlp)):
        x, y = inputs[name]
        keras.utils.set_random_seed(123)
        model = build(keras)
        if y is not None:
            train(model, x, y, 1)          # builds Adam's slots so the file's optimizer state loads
        model.load_weights(f"{directory}/tapeviz_{name}.weights.h5")
        report[f"{name}_pred_after_load"] = np.asarray(model.predict(x, verbose=0)).tolist()
        report[f"{name}_opt_after_load"] = optimizer_state(model)
        keras.utils.set_random_seed(7)
        model = build(keras)
        if y is not None:
            train(model, x, y, 4)
        model.save_weights(f"{directory}/keras_{name}.weights.h5")
        report[f"{name}_pred"] = np.asarray(model.predict(x, verbose=0)).tolist()
        report[f"{name}_opt"] = optimizer_state(model)
    json.dump(report, open(f"{directory}/keras_report.json", "w"))
''')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tfenv", default="/work/tfenv/bin/python")
    args = parser.parse_args()
    import tapeviz as tf
    k = tf.keras
    namespace = {"np": np}
    exec(MODELS, namespace)
    directory = tempfile.mkdtemp(prefix="keras_h5_roundtrip_")
    inputs = namespace["data"](0)
    ours = {}
    for name in ("cnn", "mlp"):
        x, y = inputs[name]
        k.utils.set_random_seed(1)
        model = namespace[name](k)
        if y is not None:
            namespace["train"](model, x, y, 3)
        model.save_weights(f"{directory}/tapeviz_{name}.weights.h5")
        ours[name] = (model.predict(x, verbose=0), namespace["optimizer_state"](model))

    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    script = os.path.join(directory, "keras_side.py")
    with open(script, "w") as f:
        f.write("import numpy as np\n" + KERAS_SIDE)
    done = subprocess.run([args.tfenv, script, directory], env=env, capture_output=True, text=True)
    if done.returncode:
        print(done.stderr[-3000:])
        raise SystemExit("the Keras side failed")
    report = json.load(open(f"{directory}/keras_report.json"))

    failures = 0

    def check(label, a, b):
        nonlocal failures
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        ok = a.shape == b.shape and np.allclose(a, b, rtol=1e-5, atol=1e-6)
        err = float(np.max(np.abs(a - b))) if a.shape == b.shape and a.size else float("nan")
        failures += not ok
        print(f"{'OK  ' if ok else 'FAIL'} {label:58s} max|diff| = {err:.2e}")

    for name in ("cnn", "mlp"):
        pred, opt = ours[name]
        check(f"tapeviz -> Keras: {name} predictions", report[f"{name}_pred_after_load"], pred)
        for i, (a, b) in enumerate(zip(report[f"{name}_opt_after_load"], opt)):
            check(f"tapeviz -> Keras: {name} optimizer variable {i}", a, b)
        x, y = inputs[name]
        k.utils.set_random_seed(99)
        model = namespace[name](k)
        if y is not None:
            namespace["train"](model, x, y, 1)
        model.load_weights(f"{directory}/keras_{name}.weights.h5")
        check(f"Keras -> tapeviz: {name} predictions", model.predict(x, verbose=0), report[f"{name}_pred"])
        for i, (a, b) in enumerate(zip(namespace["optimizer_state"](model), report[f"{name}_opt"])):
            check(f"Keras -> tapeviz: {name} optimizer variable {i}", a, b)
    print("all round trips agree" if not failures else f"{failures} mismatches")
    raise SystemExit(1 if failures else 0)


if __name__ == "__main__":
    main()

"""Writes (and executes) the six teaching notebooks from the Python source below.

    python notebooks/build_notebooks.py                # write + execute all, save with outputs
    python notebooks/build_notebooks.py 02 05          # only these
    python notebooks/build_notebooks.py --no-execute   # write sources only
    python notebooks/build_notebooks.py --check-with-tensorflow /work/tfenv/bin/python
        # run every code cell that is plain TensorFlow against real TensorFlow: the asserted
        # values come from TensorFlow itself, not from tapeviz (cells using tapeviz.* are skipped)

The notebooks are the source of truth GitHub shows; this file is the reviewable, regenerable
form of them. `tests/test_notebooks.py` checks that the two agree and executes the notebooks.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# Every notebook starts with this helper: cells show the error a learner would see and assert
# its type, so a behaviour change fails CI instead of silently changing the lesson.
EXPECT_ERROR = '''
from contextlib import contextmanager

@contextmanager
def expect_error(kind):
    """Runs the block, checks that it raises `kind`, and prints the message."""
    try:
        yield
    except kind as e:
        print(f"{type(e).__name__}: {e}")
    else:
        raise AssertionError(f"expected {kind.__name__}, but nothing was raised")
'''


def md(text):
    return ("markdown", textwrap.dedent(text).strip("\n"), [])


def code(*parts, tour=False, tags=()):
    """A code cell; several parts (each dedented on its own) are joined by a blank line.

    `tour=True` tags the cell whose output is the notebook's picture in the README tour
    (docs/<notebook>.png): its main widget, or for notebook 1 (no widget) its FizzBuzz.
    Other `tags` name cells the browser test looks at, or mark a cell "tapeviz-only" for the
    TensorFlow check when it uses a tapeviz object without spelling `tapeviz.`.
    """
    text = "\n\n".join(textwrap.dedent(p).strip("\n") for p in parts)
    return ("code", text, (["tour"] if tour else []) + list(tags))


# ------------------------------------------------------------------------------------------------
NB01 = ("01_eager_execution", [
    md("""
    # 1. Eager execution: Tensors you can print

    TensorFlow 2 runs every operation **the moment Python reaches it** and hands back a Tensor with
    a concrete value. There is no graph to build first and no session to run. tapeviz does the
    same on NumPy, so everything in this notebook is ordinary TensorFlow code:
    `import tapeviz as tf` is the only change.

    You will see:
    1. results that exist immediately, and `tf.executing_eagerly()`;
    2. Tensors and NumPy arrays working together, both ways;
    3. Python `if`/`for`/`while` driven by Tensors (FizzBuzz);
    4. the dtype rules of `tf.constant` and `tf.convert_to_tensor`, the ones that surprise people.

    Every code cell checks what it teaches with `assert`, so if tapeviz ever behaves differently
    from TensorFlow, running this notebook fails.
    """),
    code("""
    import numpy as np
    import tapeviz as tf
    """, EXPECT_ERROR),
    md("""
    ## Results right away

    `tf.executing_eagerly()` tells you which mode you are in. At the top level of a script or a
    notebook it is always `True`.
    """),
    code("""
    assert tf.executing_eagerly() is True
    tf.executing_eagerly()
    """),
    code("""
    a = tf.constant([[1.0, 2.0],
                     [3.0, 4.0]])
    b = a * 10 + 1          # runs now; b already holds numbers
    print(b)

    assert b.shape == (2, 2) and b.dtype == tf.float32
    assert b.numpy().tolist() == [[11.0, 21.0], [31.0, 41.0]]
    """),
    md("""
    Matrix products, reductions and elementwise functions are just as immediate. A Tensor's
    `repr` shows its shape, its dtype and its value:
    """),
    code("""
    c = a @ a
    total = tf.reduce_sum(c)

    assert np.array_equal(c.numpy(), [[7.0, 10.0], [15.0, 22.0]])
    assert float(total) == 54.0
    c
    """),
    md("""
    The exact text of `repr` and `str` matters: it is what you see in every notebook. A float32
    scalar is shown as the Python float it widens to, which is why `0.1` prints with many digits
    (0.1 has no exact float32 representation; float64 gets much closer).
    """),
    code("""
    t = tf.constant(2.5)
    assert repr(t) == "<tf.Tensor: shape=(), dtype=float32, numpy=2.5>"
    assert str(t) == "tf.Tensor(2.5, shape=(), dtype=float32)"

    tenth = tf.constant(0.1)
    print(repr(tenth))
    print(repr(tf.constant(0.1, dtype=tf.float64)))
    assert repr(tenth) == "<tf.Tensor: shape=(), dtype=float32, numpy=0.10000000149011612>"
    assert repr(tf.constant(0.1, dtype=tf.float64)).endswith("numpy=0.1>")
    """),
    md("""
    Tensors are **immutable**: an operation always makes a new Tensor. (Values that change, such
    as a model's weights, are `tf.Variable`s: notebook 4.)
    """),
    code("""
    with expect_error(TypeError):
        a[0, 0] = 100.0
    """),
    md("""
    ## NumPy, both ways

    * `tensor.numpy()` gives a NumPy array (a NumPy scalar for a rank-0 tensor). It is a **copy**.
    * A NumPy function applied to a Tensor returns **NumPy**.
    * A Tensor operator with a NumPy operand returns a **Tensor**, in the Tensor's dtype
      (the Tensor wins, even against a float64 array).
    * `tf.constant(ndarray)` keeps the array's dtype: NumPy's default float64 stays float64.
    """),
    code("""
    as_numpy = a.numpy()
    as_numpy[0, 0] = 100.0                  # changing the copy...
    assert a.numpy()[0, 0] == 1.0           # ...leaves the tensor alone
    assert isinstance(tf.constant(2.5).numpy(), np.float32)
    assert float(tf.constant(2.5)) == 2.5 and int(tf.constant(-2.7)) == -2   # int() truncates

    from_numpy = np.add(a, 1)               # a NumPy function: NumPy result
    assert type(from_numpy) is np.ndarray and from_numpy.dtype == np.float32

    ones64 = np.ones((2, 2))                # float64
    mixed = a + ones64                      # a Tensor operator: Tensor result, Tensor's dtype
    assert isinstance(mixed, tf.Tensor) and mixed.dtype == tf.float32

    kept = tf.constant(np.arange(3.0))      # NumPy float64 stays float64
    assert kept.dtype == tf.float64

    print(type(from_numpy).__name__, from_numpy.dtype, "|", type(mixed).__name__, mixed.dtype,
          "|", kept.dtype)
    """),
    md("""
    ## Python control flow with Tensors

    Because values exist right away, a scalar Tensor works in `if` and `while` like a Python
    number: `bool()` of a scalar Tensor is the truth of its value. Here is FizzBuzz written
    with Tensors:
    """),
    code("""
    def fizzbuzz(max_num):
        words = []
        max_num = tf.convert_to_tensor(max_num)
        for num in range(1, int(max_num) + 1):
            num = tf.constant(num)
            if num % 15 == 0:                 # a bool Tensor, used as a Python bool
                words.append("FizzBuzz")
            elif num % 3 == 0:
                words.append("Fizz")
            elif num % 5 == 0:
                words.append("Buzz")
            else:
                words.append(str(num.numpy()))
        return words

    words = fizzbuzz(15)
    print(" ".join(words))
    assert words == ["1", "2", "Fizz", "4", "Buzz", "Fizz", "7", "8", "Fizz", "Buzz",
                     "11", "Fizz", "13", "14", "FizzBuzz"]
    """, tour=True),
    md("""
    A `while` loop is no different. The Collatz sequence from 27 takes 111 steps:
    """),
    code("""
    n = tf.constant(27)
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1

    assert steps == 111 and n.dtype == tf.int32
    steps
    """),
    md("""
    Only a Tensor with **one** value has a truth value. `if vector > 0:` is ambiguous and raises
    the same error as NumPy; say what you mean with `tf.reduce_all` or `tf.reduce_any`.
    """),
    code("""
    v = tf.constant([1.0, -2.0])
    with expect_error(ValueError):
        if v > 0:
            pass
    """),
    md("""
    ## `tf.constant` and `tf.convert_to_tensor`: the dtype rules

    Without `dtype=`, both functions pick the dtype from the value:

    | value | dtype |
    | --- | --- |
    | Python `int` | `int32` (`int64` if it does not fit) |
    | Python `float` | `float32` (not float64!) |
    | a list mixing ints, floats and bools | `float32` |
    | a NumPy array | its own dtype (`float64` by default) |
    """),
    code("""
    assert tf.constant(1).dtype == tf.int32
    assert tf.constant(2**40).dtype == tf.int64
    assert tf.constant(1.0).dtype == tf.float32
    assert tf.constant([1, 2.0, True]).numpy().tolist() == [1.0, 2.0, 1.0]
    assert tf.constant([1, 2.0, True]).dtype == tf.float32
    assert tf.constant(True).dtype == tf.bool
    assert tf.convert_to_tensor([1, 2]).dtype == tf.int32
    assert tf.convert_to_tensor(np.array([1.0, 2.0])).dtype == tf.float64
    """),
    md("""
    With `dtype=`, a Python value is converted only if **nothing is lost**, but a NumPy array is
    cast silently (it is already a typed array):
    """),
    code("""
    assert tf.constant(1, dtype=tf.float32).dtype == tf.float32     # int -> float: fine
    with expect_error(TypeError):
        tf.constant(1.5, dtype=tf.int32)                             # would lose the .5
    assert tf.constant(np.array([1.5]), dtype=tf.int32).numpy().tolist() == [1]  # cast
    """),
    md("""
    An existing Tensor is never converted behind your back. Asking for the dtype it already has
    returns **the very same object**; asking for another one is an error: use `tf.cast`, which
    says what happens (floats truncate toward zero when cast to ints).
    """),
    code("""
    f32 = tf.constant([1.7, -1.7])
    assert tf.convert_to_tensor(f32) is f32 and tf.constant(f32) is f32

    with expect_error(ValueError):
        tf.convert_to_tensor(f32, dtype=tf.float64)

    assert tf.cast(f32, tf.float64).dtype == tf.float64
    assert tf.cast(f32, tf.int32).numpy().tolist() == [1, -1]
    """),
    md("""
    ## No silent type promotion

    NumPy promotes `int32 + float32` to float64. TensorFlow refuses: two Tensors must have the same
    dtype. A **Python number**, on the other hand, takes the Tensor's dtype.
    Division is the one operator with its own rule: `int / int` gives float64.
    """),
    code("""
    i = tf.constant([1, 2])
    x = tf.constant([1.0, 2.0])

    assert (x + 1).dtype == tf.float32          # the Python 1 becomes float32
    assert (i + 1).dtype == tf.int32

    with expect_error(tf.errors.InvalidArgumentError):
        i + x                                   # int32 + float32: no promotion
    with expect_error(TypeError):
        x / i                                   # `/` raises TypeError instead

    half = tf.constant(7) / tf.constant(2)
    assert half.dtype == tf.float64 and float(half) == 3.5
    assert int(tf.constant(-7) // 2) == -4      # floor division rounds down
    """),
    md("""
    ## What's next

    Every op you ran here executed at once and was forgotten. Under a `tf.GradientTape` the same
    ops are also **recorded**, so TensorFlow can differentiate them, and tapeviz can draw them:
    notebook 2.
    """),
])


# ------------------------------------------------------------------------------------------------
NB02 = ("02_gradients_with_gradienttape", [
    md("""
    # 2. Gradients with `tf.GradientTape`

    Training a model means asking "how does the loss change when each weight changes?": the
    gradient. TensorFlow answers with a **tape**: inside a `with tf.GradientTape() as tape:` block,
    every op that touches a watched value is recorded; `tape.gradient(target, sources)` then walks
    the records backwards, applying the chain rule.

    tapeviz keeps that tape for you to **look at**: put `tape` as the last line of a cell and you
    get its graph, with the value of every op and, after `gradient()`, the gradient flowing back.

    You will see: watching, persistent tapes and the one-call rule, control flow,
    higher-order gradients, Jacobians, and the tape graph.
    """),
    code("""
    import numpy as np
    import tapeviz as tf
    import tapeviz
    """, EXPECT_ERROR),
    md("""
    ## Variables are watched; constants must be asked for

    A trainable `tf.Variable` read inside the block is watched automatically. A constant is not:
    its gradient is `None` unless you call `tape.watch` **before** using it.
    """),
    code("""
    w = tf.Variable(3.0, name="w")
    c = tf.constant(3.0)

    with tf.GradientTape() as tape:
        y = w * w * c                      # y = 3 w^2

    dw, dc = tape.gradient(y, [w, c])
    print("dy/dw =", dw, "  dy/dc =", dc)
    assert float(dw) == 18.0               # 6 w
    assert dc is None                      # c was never watched
    """),
    code("""
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x * x

    dy_dx = tape.gradient(y, x)
    assert float(y) == 27.0 and float(dy_dx) == 27.0      # 3 x^2
    assert dy_dx.dtype == tf.float32
    dy_dx
    """),
    md("""
    ## Look at the tape

    This is the tape you just used. Each box is an op it recorded; the value of its output is on
    the box and, because `gradient()` ran, so is the gradient of `y` with respect to it. Click a
    node (in JupyterLab) to see its inputs, outputs, and the line of your code that ran it.
    """),
    code("""
    tape
    """),
    md("""
    ## The shape of the answer follows the shape of the question

    Sources given as a list, tuple or dict come back with the same structure. A non-scalar target
    is **summed** first, so `tape.gradient(v * v, v)` is `2 v`.
    """),
    code("""
    v = tf.Variable([1.0, 2.0, 3.0], name="v")
    b = tf.Variable(0.5, name="b")

    with tf.GradientTape() as tape:
        y = v * v + b                     # a vector target: its sum is differentiated

    grads = tape.gradient(y, {"v": v, "b": b})
    assert sorted(grads) == ["b", "v"]
    assert grads["v"].numpy().tolist() == [2.0, 4.0, 6.0]
    assert float(grads["b"]) == 3.0       # b was broadcast to 3 elements: its gradient sums them
    grads
    """),
    md("""
    ## One `gradient()` per tape, unless it is persistent

    A tape frees its records after the first `gradient()` call; a second call raises
    `RuntimeError`. Pass `persistent=True` to ask for several gradients from one tape
    (and `del` it when you are done).
    """),
    code("""
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        z = y * y

    assert float(tape.gradient(z, x)) == 32.0              # 4 x^3
    with expect_error(RuntimeError):
        tape.gradient(y, x)
    """),
    code("""
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y

    assert float(tape.gradient(z, x)) == 32.0
    assert float(tape.gradient(y, x)) == 4.0               # a second call is fine now
    assert float(tape.gradient(z, y)) == 8.0               # intermediate tensors work as sources
    del tape
    """),
    md("""
    ## Python control flow is recorded as it ran

    The tape sees only the ops that actually executed, so an `if` contributes the branch taken and
    a loop contributes as many ops as it ran.
    """),
    code("""
    def f(x):
        return x * x if x > 0 else -x

    def grad(fn, value):
        x = tf.constant(value)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = fn(x)
        return float(tape.gradient(y, x))

    def cube_by_loop(x):
        out = tf.constant(1.0)
        for _ in range(3):
            out = out * x
        return out

    assert grad(f, 2.0) == 4.0 and grad(f, -2.0) == -1.0
    assert grad(cube_by_loop, 2.0) == 12.0
    """),
    md("""
    ## Higher-order gradients: tapes inside tapes

    The gradient computed by an inner tape is itself made of ops, so an **outer** tape can record
    it and differentiate again. Call the inner `gradient()` *inside* the outer block.
    For y = x³ at x = 3: dy/dx = 3x² = 27, d²y/dx² = 6x = 18.
    """),
    code("""
    x = tf.Variable(3.0, name="x")
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = x ** 3
        dy_dx = inner.gradient(y, x)
    d2y_dx2 = outer.gradient(dy_dx, x)

    assert float(dy_dx) == 27.0 and float(d2y_dx2) == 18.0
    print("dy/dx =", float(dy_dx), "  d2y/dx2 =", float(d2y_dx2))
    """),
    md("""
    ## Jacobians

    `gradient()` sums over the target. To keep every output separate, ask for the Jacobian:
    its shape is `target.shape + source.shape`. Nesting a `jacobian` around a `gradient` gives the
    Hessian; for f = x₀²x₁ + x₁³ at (1, 2) it is [[2x₁, 2x₀], [2x₀, 6x₁]] = [[4, 2], [2, 12]].
    """),
    code("""
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        y = x * x
    J = tape.jacobian(y, x)
    assert J.shape == (3, 3)
    assert np.array_equal(J.numpy(), np.diag([2.0, 4.0, 6.0]))

    p = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            f = p[0] ** 2 * p[1] + p[1] ** 3
        g = inner.gradient(f, p)
    H = outer.jacobian(g, p)
    assert np.allclose(H.numpy(), [[4.0, 2.0], [2.0, 12.0]])
    H
    """),
    md("""
    ## A neuron, with values and gradients

    A single layer: `y = sigmoid(x @ W + b)`, and a squared-error loss against a target of 1.
    After `tape.gradient`, the graph shows both passes: values flowing forward from `x`, `W` and
    `b` to `loss`, and gradients flowing back. Edges are coloured by gradient magnitude.
    """),
    code("""
    x = tf.constant([[1.0, 2.0]])
    W = tf.Variable([[0.5, -0.3],
                     [0.8, 0.2]], name="W")
    b = tf.Variable([0.1, -0.1], name="b")

    with tf.GradientTape() as tape:
        z = x @ W + b
        y = tf.nn.sigmoid(z)
        loss = tf.reduce_sum((y - 1.0) ** 2)

    dW, db = tape.gradient(loss, [W, b])

    # the same numbers by hand, in NumPy
    z_np = np.array([[1.0, 2.0]]) @ np.array([[0.5, -0.3], [0.8, 0.2]]) + [0.1, -0.1]
    y_np = 1 / (1 + np.exp(-z_np))
    dz_np = 2 * (y_np - 1) * y_np * (1 - y_np)
    assert np.allclose(loss.numpy(), np.sum((y_np - 1) ** 2), rtol=1e-6)
    assert np.allclose(db.numpy(), dz_np[0], rtol=1e-5)
    assert np.allclose(dW.numpy(), np.array([[1.0], [2.0]]) @ dz_np, rtol=1e-5)
    assert dW.shape == W.shape and db.shape == b.shape
    tape
    """, tour=True),
    md("""
    `tapeviz.show(tape)` displays the same view and returns it, so you can keep it, display it
    again, or turn what it shows into a picture with `to_svg()` (for slides or a report).
    """),
    code("""
    view = tapeviz.show(tape)              # displays the view and returns it
    svg = view.to_svg()
    assert svg.lstrip().startswith("<svg") and "MatMul" in svg and "Sigmoid" in svg
    """),
    md("""
    ## Summary
    * Variables are watched when read; constants need `tape.watch` first, or the gradient is `None`.
    * One `gradient()` per tape unless `persistent=True`.
    * Targets are summed; sources come back in the structure you passed.
    * Nest tapes for second derivatives; use `jacobian` to keep outputs apart.

    Next, notebook 3 puts a tape inside a training loop.
    """),
])


# ------------------------------------------------------------------------------------------------
NB03 = ("03_training_a_model", [
    md("""
    # 3. Training a model

    A model is a function with Variables inside it. In eager mode you can **call it before it is
    trained** and look at what it says; then train it in a loop you write yourself with a
    `GradientTape`; then let `compile`/`fit` run the same loop for you.

    The data are scikit-learn's bundled handwritten digits: 1,797 images of 8×8 pixels, shipped
    with scikit-learn, so nothing is downloaded.
    """),
    code("""
    import numpy as np
    from sklearn.datasets import load_digits
    import tapeviz as tf
    import tapeviz
    """, EXPECT_ERROR),
    code("""
    digits = load_digits()
    images = (digits.data / 16.0).astype(np.float32)      # pixels 0..16 -> 0..1
    labels = digits.target.astype(np.int32)

    rng = np.random.default_rng(0)
    order = rng.permutation(len(images))
    train, test = order[:1400], order[1400:]
    x_train, y_train = images[train], labels[train]
    x_test, y_test = images[test], labels[test]

    assert x_train.shape == (1400, 64) and x_test.shape == (397, 64)
    assert x_train.dtype == np.float32 and set(np.unique(labels)) == set(range(10))
    """),
    md("""
    ## A model you can call before training

    A `Sequential` model of two `Dense` layers. It has **no weights yet**: a `Dense` layer learns the
    size of its input on the first call and only then creates its kernel and bias.
    """),
    code("""
    tf.keras.utils.set_random_seed(0)
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(32, activation="relu"),
        tf.keras.layers.Dense(10),
    ])
    assert model.variables == []           # nothing built yet

    logits = model(x_train[:5])            # the first call builds the layers
    assert logits.shape == (5, 10) and logits.dtype == tf.float32
    assert [tuple(v.shape) for v in model.variables] == [(64, 32), (32,), (32, 10), (10,)]
    logits
    """),
    md("""
    The outputs are **logits**: unnormalised scores, one per digit. `tf.nn.softmax` turns them
    into probabilities. Untrained, the model is guessing: its loss is close to ln(10) ≈ 2.3,
    the loss of a uniform guess, and its accuracy is near chance.
    """),
    code("""
    probs = tf.nn.softmax(logits)
    assert np.allclose(tf.reduce_sum(probs, axis=-1).numpy(), 1.0, atol=1e-6)

    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    def accuracy(model, x, y):
        predicted = tf.argmax(model(x), axis=-1, output_type=tf.int32)
        return float(tf.reduce_mean(tf.cast(predicted == y, tf.float32)))

    untrained_loss = float(loss_fn(y_test, model(x_test)))
    untrained_acc = accuracy(model, x_test, y_test)
    print(f"untrained: loss {untrained_loss:.3f}, accuracy {untrained_acc:.1%}")
    assert 1.5 < untrained_loss < 4.0 and untrained_acc < 0.4
    """),
    md("""
    ## A custom training loop, watched live

    One training step: run the model under a tape, compute the loss, ask the tape for the gradient
    of the loss with respect to every trainable Variable, and let the optimizer apply them.

    `tapeviz.live()` displays a view that follows every tape made after it. While the next cell
    runs, it redraws the current step's graph, its values and gradients, and a small plot of the
    loss over the steps (throttled to a few updates a second, so it costs the loop little).
    """),
    code("""
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)

    def train_step(x, y):
        with tf.GradientTape() as tape:
            logits = model(x, training=True)
            loss = loss_fn(y, logits)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return float(loss)
    """),
    code("""
    live_view = tapeviz.live()             # displays the view; it follows every new tape
    """, tour=True),
    code("""
    epoch_losses = []
    for epoch in range(3):
        shuffled = rng.permutation(len(x_train))
        losses = [train_step(x_train[idx], y_train[idx])
                  for idx in np.array_split(shuffled, len(x_train) // 64)]
        epoch_losses.append(np.mean(losses))
        print(f"epoch {epoch + 1}: mean loss {epoch_losses[-1]:.3f}")
    live_view.stop()

    trained_acc = accuracy(model, x_test, y_test)
    print(f"test accuracy after the custom loop: {trained_acc:.1%}")
    assert epoch_losses[0] > epoch_losses[1] > epoch_losses[2]
    assert trained_acc > 0.85
    """),
    md("""
    ## The same with `compile` and `fit`

    `fit` runs the loop above for you: batches, tape, gradients, optimizer, and metrics.
    A fresh model, same data:
    """),
    code("""
    tf.keras.utils.set_random_seed(0)
    model2 = tf.keras.Sequential([
        tf.keras.layers.Dense(32, activation="relu"),
        tf.keras.layers.Dense(10),
    ])
    model2.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.01),
                   loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                   metrics=["accuracy"])
    history = model2.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)

    losses = history.history["loss"]
    print("loss per epoch:", np.round(losses, 3))
    assert len(losses) == 5 and losses[-1] < losses[0]

    test_loss, test_acc = model2.evaluate(x_test, y_test, verbose=0)
    print(f"test accuracy after fit: {test_acc:.1%}")
    assert test_acc > 0.9

    predictions = model2.predict(x_test[:10], verbose=0)
    assert isinstance(predictions, np.ndarray) and predictions.shape == (10, 10)
    assert (predictions.argmax(axis=1) == y_test[:10]).mean() >= 0.8
    """),
    md("""
    ## Summary
    * A Keras model builds its weights on the first call; call it before training to check shapes
      and what it predicts.
    * A custom loop is four lines: forward under a tape, loss, `tape.gradient`, `apply_gradients`.
    * `tapeviz.live()` shows each step's tape while the loop runs.
    * `compile`/`fit`/`evaluate`/`predict` wrap the same loop.

    Notebook 4 saves these weights and loads them back.
    """),
])


# ------------------------------------------------------------------------------------------------
NB04 = ("04_variables_and_checkpoints", [
    md("""
    # 4. Variables and checkpoints

    Tensors never change; **Variables** do. A model's weights are Variables: they live as long as
    something refers to them, they change in place when the optimizer updates them, and they are
    what a checkpoint saves.

    You will see: assigning in place (and the rebinding mistake), a Variable's lifetime, Keras
    `save_weights`, `tf.train.Checkpoint`, `CheckpointManager`, deferred restoration, and two
    widgets that show this state: the Variable inspector and the checkpoint panel.

    Files go to a fresh temporary directory, never next to the notebook. (It is left in place so
    the checkpoint panel below keeps something to show.)
    """),
    code("""
    import gc
    import os
    import tempfile
    import weakref

    import numpy as np
    import tapeviz as tf
    import tapeviz
    """, EXPECT_ERROR, """
    workdir = tempfile.mkdtemp(prefix="tapeviz-nb04-")
    """),
    md("""
    ## Changing a Variable in place

    `assign`, `assign_add` and `assign_sub` change the Variable itself. Arithmetic on a Variable, as
    on a Tensor, makes a new **Tensor**: writing `v = v - 1` silently replaces your Variable with a
    Tensor (notebook 5 shows how that breaks training). `v += 1` is refused outright.
    """),
    code("""
    v = tf.Variable([1.0, 2.0])
    assert repr(v) == "<tf.Variable 'Variable:0' shape=(2,) dtype=float32, numpy=array([1., 2.], dtype=float32)>"

    same = v
    v.assign([3.0, 4.0])
    v.assign_add([1.0, 1.0])
    assert same is v and v.numpy().tolist() == [4.0, 5.0]

    with expect_error(RuntimeError):
        v += 1

    w = v - 1                      # a new Tensor; v is unchanged
    assert isinstance(w, tf.Tensor) and not isinstance(w, tf.Variable)
    assert v.numpy().tolist() == [4.0, 5.0]
    v
    """),
    md("""
    Names are labels, not identities: every unnamed Variable is called `Variable:0`, and two
    Variables may share a name. Name scopes prefix them.
    """),
    code("""
    a = tf.Variable(1.0, name="w")
    b = tf.Variable(2.0, name="w")
    with tf.name_scope("layer1"):
        c = tf.Variable(3.0, name="w")
    assert a.name == b.name == "w:0" and c.name == "layer1/w:0"
    assert tf.Variable(0.0).name == "Variable:0"
    """),
    md("""
    ## Lifetime: a Variable lives as long as something refers to it

    There is no global list of Variables that keeps them alive. Drop the last reference and the
    Variable (and its memory) is gone, even after a tape has used it.
    """),
    code("""
    big = tf.Variable(np.zeros((256, 256), dtype=np.float32))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(big * big)
    assert tape.gradient(loss, big).shape == (256, 256)

    ref = weakref.ref(big)
    del big, tape, loss
    gc.collect()
    assert ref() is None
    print("freed")
    """),
    md("""
    ## Modules track their Variables

    A `tf.Module` finds the Variables in its attributes (and in lists and dicts of them, and in
    sub-modules). This is what lets a checkpoint save "everything in the model".
    """),
    code("""
    class Dense(tf.Module):
        def __init__(self, n_in, n_out, name=None):
            super().__init__(name=name)
            self.w = tf.Variable(np.full((n_in, n_out), 0.5, np.float32), name="w")
            self.b = tf.Variable(np.zeros(n_out, np.float32), name="b")

        def __call__(self, x):
            return tf.nn.relu(x @ self.w + self.b)

    class Net(tf.Module):
        def __init__(self):
            super().__init__(name="net")
            self.hidden = Dense(3, 4, name="hidden")
            self.out = Dense(4, 1, name="out")
            self.steps = tf.Variable(0, trainable=False, name="steps")

        def __call__(self, x):
            return self.out(self.hidden(x))

    net = Net()
    assert len(net.variables) == 5 and len(net.trainable_variables) == 4
    assert net(tf.constant([[1.0, 2.0, 3.0]])).numpy().tolist() == [[6.0]]
    sorted(v.name for v in net.variables)
    """),
    md("""
    ## The Variable inspector

    `tapeviz.VariableInspector(net)` lists a model's Variables with their shape, dtype, whether
    they are trainable, and statistics of their values; it updates live while a training loop runs,
    and clicking a row shows the whole value. Called with no argument it shows every live Variable.
    """),
    code("""
    inspector = tapeviz.VariableInspector(net)
    inspector
    """, tour=True),
    md("""
    ## `tf.train.Checkpoint`: save by object, not by name

    A checkpoint records the **object graph**: `net.hidden.w` is saved under the path
    `net/hidden/w`, whatever the Variable's `name` is. `save()` numbers the files and returns the
    prefix; `restore()` puts the values back into the same structure of objects.
    """),
    code("""
    ckpt = tf.train.Checkpoint(net=net)
    path = ckpt.save(os.path.join(workdir, "first", "ckpt"))

    assert os.path.basename(path) == "ckpt-1"
    assert sorted(os.listdir(os.path.dirname(path))) == [
        "checkpoint", "ckpt-1.data-00000-of-00001", "ckpt-1.index"]

    keys = [name for name, shape in tf.train.list_variables(path)]
    assert "net/hidden/w/.ATTRIBUTES/VARIABLE_VALUE" in keys and "save_counter/.ATTRIBUTES/VARIABLE_VALUE" in keys
    keys
    """),
    code("""
    net.hidden.w.assign(tf.zeros((3, 4)))          # oops: lose the weights
    assert float(tf.reduce_sum(net.hidden.w)) == 0.0

    status = ckpt.restore(path)
    status.assert_consumed()                        # every saved value found its Variable
    assert float(tf.reduce_sum(net.hidden.w)) == 6.0
    """),
    md("""
    ## `CheckpointManager`: keep the last few

    A manager numbers checkpoints in one directory and deletes old ones beyond `max_to_keep`.
    `latest_checkpoint` is what you restore after a crash.
    """),
    code("""
    train_ckpt = tf.train.Checkpoint(net=net)
    manager = tf.train.CheckpointManager(train_ckpt, os.path.join(workdir, "training"), max_to_keep=2)
    assert manager.latest_checkpoint is None

    for step in range(4):
        net.steps.assign_add(1)
        net.out.b.assign_add([0.25])
        manager.save()

    assert [os.path.basename(p) for p in manager.checkpoints] == ["ckpt-3", "ckpt-4"]
    assert manager.latest_checkpoint.endswith("ckpt-4")
    assert not any(name.startswith("ckpt-1.") for name in os.listdir(manager.directory))

    net.steps.assign(0)
    train_ckpt.restore(manager.latest_checkpoint).assert_consumed()
    assert int(net.steps) == 4 and float(net.out.b[0]) == 1.0
    sorted(os.listdir(manager.directory))
    """),
    md("""
    ## The checkpoint panel

    `tapeviz.CheckpointPanel(manager)` lists the checkpoints with their step, time and size. Its
    **Save** and **Restore** buttons act on the objects in this kernel, and **Diff** shows, per
    Variable, how far the live values have moved from a checkpoint. Each button has a method that
    does the same from code: `save()`, `restore(path)`, `diff_with(path)`.
    """),
    code("""
    net.out.b.assign([5.0])                         # move away from ckpt-4
    panel = tapeviz.CheckpointPanel(manager)

    rows = panel.diff_with(manager.latest_checkpoint)
    changed = {row["key"]: row["diff"] for row in rows if row["status"] != "same"}
    assert changed == {"net/out/b/.ATTRIBUTES/VARIABLE_VALUE": 4.0}
    panel
    """),
    code("""
    panel.restore(manager.latest_checkpoint)        # what the Restore button does
    assert float(net.out.b[0]) == 1.0
    """, tags=["tapeviz-only"]),
    md("""
    ## Deferred restoration: restore first, build later

    A Keras layer creates its weights on its first call. You can restore a checkpoint into it
    **before** that: the values wait, and land in the Variables the moment they are created.
    """),
    code("""
    layer = tf.keras.layers.Dense(2, kernel_initializer="ones")
    layer(tf.ones((1, 3)))                           # built: kernel (3, 2) of ones
    layer.kernel.assign(layer.kernel * 7.0)
    saved = tf.train.Checkpoint(layer=layer).save(os.path.join(workdir, "deferred", "ckpt"))

    fresh = tf.keras.layers.Dense(2)
    assert fresh.weights == []                       # no Variables yet
    status = tf.train.Checkpoint(layer=fresh).restore(saved)
    with expect_error(AssertionError):
        status.assert_consumed()                     # the values are still waiting

    fresh(tf.ones((1, 3)))                           # creating the kernel restores it
    assert np.all(fresh.kernel.numpy() == 7.0)
    status.assert_consumed()
    fresh.kernel
    """),
    md("""
    ## Keras `save_weights` / `load_weights`

    Keras 3 saves a model's weights to an HDF5 file, and insists on the `.weights.h5` ending.
    """),
    code("""
    def make_model():
        return tf.keras.Sequential([tf.keras.Input(shape=(4,)),
                                    tf.keras.layers.Dense(3, activation="relu"),
                                    tf.keras.layers.Dense(1)])

    tf.keras.utils.set_random_seed(1)
    model = make_model()
    x = np.linspace(-1, 1, 8, dtype=np.float32).reshape(2, 4)
    weights_file = os.path.join(workdir, "model.weights.h5")
    model.save_weights(weights_file)

    with expect_error(ValueError):
        model.save_weights(os.path.join(workdir, "model.h5"))

    tf.keras.utils.set_random_seed(2)
    clone = make_model()                             # different random weights...
    assert not np.allclose(clone(x).numpy(), model(x).numpy())
    clone.load_weights(weights_file)                 # ...until we load the saved ones
    assert np.allclose(clone(x).numpy(), model(x).numpy())
    print(os.path.getsize(weights_file), "bytes")
    """),

    md("""
    ## Summary
    * `assign*` changes a Variable in place; arithmetic makes Tensors; `v += 1` is an error.
    * A Variable lives as long as a reference to it; `tf.Module` tracks Variables by attribute.
    * `tf.train.Checkpoint` saves the object graph; `CheckpointManager` numbers and prunes.
    * A restore can come before the Variables exist (deferred restoration).
    * Keras weights go to `.weights.h5` files.
    """),
])


# ------------------------------------------------------------------------------------------------
NB05 = ("05_debugging_gradients", [
    md("""
    # 5. Debugging gradients

    When training goes wrong, the gradient usually shows it first: it is `None`, or it fades to
    nothing through a deep network, or it blows up, or it turns into `nan`. This notebook makes
    each of these happen on purpose, finds it with tapeviz, and fixes it.
    """),
    code("""
    import numpy as np
    import tapeviz as tf
    import tapeviz
    """, EXPECT_ERROR),
    md("""
    ## 1. "My gradient is None"

    The classic: a hand-written gradient-descent step `w = w - lr * g`. The first step works.
    The second gradient is `None`, because `w` is **no longer a Variable**: the subtraction made a
    new Tensor, and the tape does not watch Tensors unless told to.
    """),
    code("""
    w = tf.Variable(2.0, name="w")
    x = tf.constant(3.0)
    lr = 0.01

    with tf.GradientTape() as tape:
        loss = (w * x - 1.0) ** 2
    g = tape.gradient(loss, w)
    assert float(g) == 30.0
    # the bug: this rebinds the name w to a new Tensor
    w = w - lr * g

    with tf.GradientTape() as tape:
        loss = (w * x - 1.0) ** 2
    g = tape.gradient(loss, w)
    print("second gradient:", g, "| w is now a", type(w).__name__)
    assert g is None and isinstance(w, tf.Tensor)
    """),
    md("""
    `tapeviz.explain(tape, target, source)` says why a gradient is `None`, naming the cause and
    the line where it happened. The graph view shows the same explanation next to the source.
    """),
    code("""
    why = tapeviz.explain(tape, loss, w)
    print(why)
    assert why.cause == "variable_replaced"
    """),
    md("""
    The tape's graph shows the same thing: it recorded **no op at all** (nothing in the block was
    watched), so all it can draw is `w`, a plain constant now, marked `None`, with the
    explanation underneath:
    """),
    code("""
    tape
    """, tags=["why-none"]),
    md("""
    The fix is to update the Variable in place with `assign_sub`:
    """),
    code("""
    w = tf.Variable(2.0, name="w")
    for step in range(2):
        with tf.GradientTape() as tape:
            loss = (w * x - 1.0) ** 2
        g = tape.gradient(loss, w)
        assert g is not None
        w.assign_sub(lr * g)
    assert isinstance(w, tf.Variable) and abs(float(w) - 1.454) < 1e-5
    """),
    md("""
    The other usual suspects, each explained: a constant nobody watched, a detour through NumPy
    (`.numpy()` and `np.exp` make a new constant: the tape still records the multiplication by
    `scale`, but the path back to `v` is cut), an `argmax` (not differentiable), and an integer
    cast.
    """),
    code("""
    c = tf.constant([0.2, 0.7, 0.1])
    v = tf.Variable([0.2, 0.7, 0.1], name="v")
    scale = tf.Variable(2.0, name="scale")
    with tf.GradientTape(persistent=True) as tape:
        from_constant = tf.reduce_sum(c * c)
        through_numpy = tf.reduce_sum(tf.constant(np.exp(v.numpy())) * scale)
        through_argmax = tf.cast(tf.argmax(v), tf.float32)
        through_int = tf.cast(tf.cast(v * 10, tf.int32), tf.float32)

    cases = {"unwatched_constant": (from_constant, c), "numpy_round_trip": (through_numpy, v),
             "non_differentiable": (through_argmax, v), "integer_cast": (through_int, v)}
    for expected, (target, source) in cases.items():
        assert tape.gradient(target, source) is None
        why = tapeviz.explain(tape, target, source)
        print(f"{why.cause:20s} {why}")
        assert why.cause == expected, (expected, why.cause)
    del tape
    """),
    md("""
    ## 2. Vanishing gradients in a deep sigmoid stack

    Twelve layers, each `sigmoid(h @ W)`. The sigmoid's slope is at most 0.25, so every layer
    shrinks the gradient on its way back: by the first layer almost nothing is left, and the first
    layers stop learning. We compare the gradient norm of the first layer's weights with the last.
    """),
    code("""
    depth, width = 12, 32
    rng = np.random.default_rng(0)
    inputs = tf.constant(rng.normal(size=(16, width)).astype(np.float32))

    def make_weights(std):
        r = np.random.default_rng(1)
        return [tf.Variable(r.normal(0.0, std, (width, width)).astype(np.float32), name=f"W{i}")
                for i in range(depth)]

    def gradient_norms(weights, activation):
        with tf.GradientTape() as tape:
            h = inputs
            for W in weights:
                h = activation(h @ W)
            loss = tf.reduce_mean(h ** 2)
        grads = tape.gradient(loss, weights)
        return tape, [float(tf.norm(g)) for g in grads]

    sigmoid_weights = make_weights(std=1 / np.sqrt(width))
    sigmoid_tape, sigmoid_norms = gradient_norms(sigmoid_weights, tf.nn.sigmoid)
    ratio = sigmoid_norms[0] / sigmoid_norms[-1]
    print("sigmoid: |grad W0| / |grad W11| =", f"{ratio:.1e}")
    assert ratio < 1e-5
    """),
    md("""
    On the graph, gradient magnitude is a colour on a log scale: watch it fade from the loss back
    to the first layers, where tapeviz flags it as vanishing. The twelve identical layers fold into
    one block marked ×12; expand it to see every layer.
    """),
    code("""
    sigmoid_tape
    """),
    md("""
    The fix: ReLU (slope 1 where active) with He initialisation (standard deviation √(2/width)),
    which keeps the signal's size from layer to layer. Now the first layer gets a gradient of the
    same order as the last.
    """),
    code("""
    relu_weights = make_weights(std=np.sqrt(2 / width))
    relu_tape, relu_norms = gradient_norms(relu_weights, tf.nn.relu)
    ratio = relu_norms[0] / relu_norms[-1]
    print("relu + He init: |grad W0| / |grad W11| =", f"{ratio:.2f}")
    assert 0.05 < ratio < 20
    """),
    md("""
    ## 3. Exploding gradients, tamed by clipping

    Multiplying by the same weight thirty times (a recurrent network in miniature) turns
    w = 1.5 into 1.5³⁰ ≈ 190,000, and the gradient is larger still. One plain gradient step throws
    the weight so far that the next forward pass overflows to `inf`, and then everything is `nan`.
    """),
    code("""
    def loss_of(w):
        h = tf.constant(1.0)
        for _ in range(30):
            h = h * w
        return (h - 1.0) ** 2

    def train(clip, steps, lr=0.02):
        w = tf.Variable(1.5, name="w")
        history = []
        for _ in range(steps):
            with tf.GradientTape() as tape:
                loss = loss_of(w)
            g = tape.gradient(loss, w)
            if clip:
                g = tf.clip_by_norm(g, 1.0)
            w.assign_sub(lr * g)
            history.append(float(loss))
        return tape, w, history

    tape, w, history = train(clip=False, steps=3)
    print("without clipping:", history, "w =", float(w))
    assert history[0] > 1e10 and not np.isfinite(history[-1])
    """),
    md("""
    The graph of the first step folds the chain of multiplications into one repeated block
    (marked with its count; expand it to see each one), and flags the gradient as exploding as it
    grows back along the chain.
    """),
    code("""
    first_tape, first_w, _ = train(clip=False, steps=1)
    first_tape
    """),
    md("""
    Clipping caps the size of each step (`tf.clip_by_norm` for one tensor,
    `tf.clip_by_global_norm` for a list of them). The loss now comes down steadily:
    """),
    code("""
    _, w, history = train(clip=True, steps=40)
    print(f"with clipping: loss {history[0]:.3g} -> {history[-1]:.3g}, w = {float(w):.3f}")
    assert all(np.isfinite(history)) and history[-1] < 1.0

    grads = [tf.constant([300.0, 400.0]), tf.constant([0.0, 1200.0])]
    clipped, global_norm = tf.clip_by_global_norm(grads, 1.0)
    assert np.isclose(float(global_norm), 1300.0)
    assert np.isclose(float(tf.linalg.global_norm(clipped)), 1.0, rtol=1e-5)
    """),
    md("""
    ## 4. A NaN from `log(0)`, found at its first op

    Cross-entropy written by hand, `-Σ labels · log(softmax(logits))`, works until one
    probability underflows to exactly 0. Then `log(0) = -inf`, and `0 · -inf = nan` poisons the
    loss and every gradient. The loss says `nan`, but not **where** it started.
    """),
    code("""
    logits = tf.Variable([[10.0, -100.0, 0.0]], name="logits")
    labels = tf.constant([[1.0, 0.0, 0.0]])

    with tf.GradientTape() as tape:
        probs = tf.nn.softmax(logits)
        log_probs = tf.math.log(probs)
        loss = -tf.reduce_sum(labels * log_probs)
    grad = tape.gradient(loss, logits)

    print("loss:", float(loss), " gradient:", grad.numpy())
    assert np.isnan(float(loss)) and np.isnan(grad.numpy()).any()
    assert float(probs[0, 1]) == 0.0 and np.isneginf(float(log_probs[0, 1]))
    """),
    md("""
    In the graph, non-finite values are red, and the **first** op that produced one (here `Log`,
    giving `-inf`) is marked, before the `Mul` that turned it into `nan`.
    """),
    code("""
    tape
    """, tour=True),
    md("""
    Without a picture, `tf.debugging.check_numerics` finds it too: put it after each step and the
    first one that fails names the culprit.
    """),
    code("""
    for name, value in [("probs", probs), ("log_probs", log_probs), ("loss", loss)]:
        try:
            tf.debugging.check_numerics(value, name)
        except tf.errors.InvalidArgumentError as e:
            print("first non-finite value:", e.message)
            first_bad = name
            break
    assert first_bad == "log_probs"
    """),
    md("""
    The fix: never take the log of a softmax yourself. `tf.nn.softmax_cross_entropy_with_logits`
    computes the same loss in a numerically stable form, and its gradient is simply
    `softmax(logits) - labels`.
    """),
    code("""
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    grad = tape.gradient(loss, logits)

    assert np.isfinite(float(loss)) and np.isfinite(grad.numpy()).all()
    assert np.allclose(grad.numpy(), (tf.nn.softmax(logits) - labels).numpy(), atol=1e-6)
    print("loss:", float(loss), " gradient:", grad.numpy())
    """),
    md("""
    ## 5. Assertions that fail early

    `tf.debugging` checks values while the program runs. In eager mode each check happens right
    away: it returns `None` (or, for `check_numerics`, its input) when it passes, and raises when
    it fails. Value checks raise `InvalidArgumentError`; shape and type checks raise `ValueError`
    and `TypeError`.
    """),
    code("""
    batch = tf.constant([[0.1, 0.9], [0.4, 0.6]])
    assert tf.debugging.assert_rank(batch, 2) is None
    assert tf.debugging.assert_non_negative(batch) is None
    assert tf.debugging.assert_near(tf.reduce_sum(batch, axis=1), [1.0, 1.0]) is None
    assert np.array_equal(tf.debugging.check_numerics(batch, "batch").numpy(), batch.numpy())

    with expect_error(tf.errors.InvalidArgumentError):
        tf.debugging.assert_equal(tf.constant([1.0, 2.0]), tf.constant([1.0, 3.0]))
    with expect_error(ValueError):
        tf.debugging.assert_rank(tf.constant([1.0, 2.0]), 2)
    with expect_error(TypeError):
        tf.debugging.assert_type(batch, tf.int32)
    with expect_error(tf.errors.InvalidArgumentError):
        tf.debugging.check_numerics(tf.constant([1.0, np.inf]), "activations")
    """),
    md("""
    ## Summary
    | symptom | usual cause | tool | fix |
    | --- | --- | --- | --- |
    | gradient `None` | not watched; Variable replaced by a Tensor; NumPy; argmax; int cast | `tapeviz.explain` | `assign_sub`, `tape.watch`, stay in tf ops |
    | vanishing | saturating activations, small init | gradient colours, norms per layer | ReLU, He init |
    | exploding | repeated multiplication, large init | gradient colours, norms | clipping |
    | `nan` | `log(0)`, `0/0`, overflow | first bad op in the graph, `check_numerics` | stable ops (`*_with_logits`) |
    """),
])


# ------------------------------------------------------------------------------------------------
NB06 = ("06_classroom_backprop_by_hand", [
    md("""
    # 6. Classroom: backpropagation by hand

    A two-layer network small enough to do on the board: **2 inputs, 3 hidden units (tanh),
    1 output**, a squared-error loss, and one example. We compute the forward pass and the
    backward pass by hand in NumPy, one line per step of the chain rule, and check every number
    against TensorFlow's tape. Then we check the tape against a finite-difference estimate, which
    knows nothing about derivatives at all.

    Everything is float64 here, so hand and machine agree to many digits.
    """),
    code("""
    import numpy as np
    import tapeviz as tf
    import tapeviz

    np.set_printoptions(precision=4, suppress=True)

    x = np.array([[0.5, -1.0]])                  # one example, two features
    target = np.array([[1.0]])
    W1 = np.array([[0.1, -0.2, 0.4],
                   [0.3, 0.2, -0.1]])            # 2 -> 3
    b1 = np.array([0.0, 0.1, -0.1])
    W2 = np.array([[0.2], [-0.5], [0.3]])        # 3 -> 1
    b2 = np.array([0.05])
    """),
    md("""
    ## Forward pass, by hand

    | step | formula |
    | --- | --- |
    | pre-activation | z = x W₁ + b₁ |
    | hidden | h = tanh(z) |
    | output | y = h W₂ + b₂ |
    | loss | L = ½ (y − t)² |
    """),
    code("""
    z = x @ W1 + b1
    h = np.tanh(z)
    y = h @ W2 + b2
    L = 0.5 * np.sum((y - target) ** 2)
    print("z =", z, "\\nh =", h, "\\ny =", y, "\\nL =", L)
    """),
    md("""
    ## Backward pass, by hand: the chain rule, one edge at a time

    Going backwards, each step multiplies the gradient arriving from above (the **upstream**
    gradient) by the **local** derivative of that step:

    | edge | local derivative | gradient |
    | --- | --- | --- |
    | L ← y | ∂L/∂y = y − t | dy = y − t |
    | y ← W₂, b₂ | ∂y/∂W₂ = h, ∂y/∂b₂ = 1 | dW₂ = hᵀ dy, db₂ = dy |
    | y ← h | ∂y/∂h = W₂ | dh = dy W₂ᵀ |
    | h ← z | ∂h/∂z = 1 − h² | dz = dh ⊙ (1 − h²) |
    | z ← W₁, b₁ | ∂z/∂W₁ = x, ∂z/∂b₁ = 1 | dW₁ = xᵀ dz, db₁ = dz |
    | z ← x | ∂z/∂x = W₁ | dx = dz W₁ᵀ |

    The last row is where gradients **add**: each input feeds all three hidden units, so its
    gradient is the sum of three contributions, one per path (the matrix product does the sum).
    x is data, so training never needs dx, but a weight shared by several ops gets its gradient
    exactly this way.
    """),
    code("""
    dy = y - target
    dW2 = h.T @ dy
    db2 = dy.sum(axis=0)
    dh = dy @ W2.T
    dz = dh * (1 - h ** 2)
    dW1 = x.T @ dz
    db1 = dz.sum(axis=0)
    dx = dz @ W1.T                 # three paths from each input, summed
    print("dy =", dy, "\\ndh =", dh, "\\ndz =", dz, "\\ndW1 =\\n", dW1, "\\ndW2 =\\n", dW2)
    """),
    md("""
    ## The same network on a tape

    The same numbers as Variables, the same forward pass under a `GradientTape`. A persistent
    tape lets us ask for the gradient with respect to the **intermediate** tensors too, so each
    line of the hand computation can be checked on its own.
    """),
    code("""
    tW1, tb1 = tf.Variable(W1, name="W1"), tf.Variable(b1, name="b1")
    tW2, tb2 = tf.Variable(W2, name="W2"), tf.Variable(b2, name="b2")
    tx, tt = tf.constant(x), tf.constant(target)

    def forward(W1, b1, W2, b2):
        z = tx @ W1 + b1
        h = tf.tanh(z)
        y = h @ W2 + b2
        loss = 0.5 * tf.reduce_sum((y - tt) ** 2)
        return z, h, y, loss

    with tf.GradientTape(persistent=True) as tape:
        tape.watch(tx)                              # the input too, to check dx
        tz, th, ty, tloss = forward(tW1, tb1, tW2, tb2)

    # forward: the tape's values are the hand-computed ones
    assert tloss.dtype == tf.float64
    for ours, theirs in [(z, tz), (h, th), (y, ty), (L, tloss)]:
        assert np.allclose(ours, theirs.numpy(), rtol=1e-12, atol=1e-15)

    # backward: every edge of the chain rule
    params = {"W1": tW1, "b1": tb1, "W2": tW2, "b2": tb2}
    tape_grads = tape.gradient(tloss, params)
    inner = tape.gradient(tloss, {"dy": ty, "dh": th, "dz": tz, "dx": tx})
    by_hand = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2, "dy": dy, "dh": dh, "dz": dz, "dx": dx}
    for name, g in {**tape_grads, **inner}.items():
        assert np.allclose(g.numpy(), by_hand[name], rtol=1e-12, atol=1e-15), name
        print(f"{name:3s} hand = tape  (max |diff| {np.abs(g.numpy() - by_hand[name]).max():.1e})")
    """),
    md("""
    ## Step through it in front of the class

    The view below replays the tape. **Forward** steps light up one op at a time with its value;
    **Backward** then walks the ops in reverse, showing on each edge the upstream gradient and on
    each node its local derivative, the same two columns as the table above. **Step ▶** starts
    and advances, **◀** goes back, **■** leaves the step-through.
    """),
    code("""
    with tf.GradientTape() as class_tape:
        *_, class_loss = forward(tW1, tb1, tW2, tb2)
    class_tape.gradient(class_loss, params)

    view = tapeviz.show(class_tape)
    steps = view.graph["step"]                      # what the step-through replays
    n_ops = sum(node["kind"] == "op" for node in view.graph["nodes"])
    assert n_ops == 9 and len(steps["backward"]) == n_ops
    """, tour=True),
    md("""
    ## An independent check: finite differences

    The derivative is a limit: ∂L/∂θ ≈ (L(θ + ε) − L(θ − ε)) / 2ε for a small ε. This uses only
    the forward pass, so it checks the whole backward machinery (hand or tape) from the outside.
    One entry at a time, for every parameter:
    """),
    code("""
    def loss_at(values):
        return float(forward(*(tf.constant(v) for v in values))[-1])

    eps = 1e-6
    values = [W1, b1, W2, b2]
    worst = 0.0
    for i, (name, g) in enumerate(tape_grads.items()):
        numeric = np.zeros_like(values[i])
        for idx in np.ndindex(values[i].shape):
            plus = [v.copy() for v in values]
            minus = [v.copy() for v in values]
            plus[i][idx] += eps
            minus[i][idx] -= eps
            numeric[idx] = (loss_at(plus) - loss_at(minus)) / (2 * eps)
        diff = np.abs(numeric - g.numpy()).max()
        worst = max(worst, diff)
        print(f"{name}: max |finite difference - tape| = {diff:.1e}")
    assert worst < 1e-8
    """),
    md("""
    ## One step downhill

    The gradient points uphill; a small step against it lowers the loss. This is all that
    training does, repeated.
    """),
    code("""
    lr = 0.5
    for name, var in params.items():
        var.assign_sub(lr * tape_grads[name])
    new_loss = float(forward(tW1, tb1, tW2, tb2)[-1])
    print(f"loss {L:.6f} -> {new_loss:.6f}")
    assert new_loss < L
    del tape
    """),
    md("""
    ## For the class
    * Forward: remember every intermediate value (the tape does).
    * Backward: gradient = upstream gradient × local derivative, edge by edge, in reverse.
    * Where a value feeds several ops, the gradients from each use add up (here `dx`).
    * Finite differences check any gradient without knowing how it was computed.
    """),
])


NOTEBOOKS = [NB01, NB02, NB03, NB04, NB05, NB06]


# ------------------------------------------------------------------------------------------------
def build(name, cells):
    """The nbformat notebook for one entry of NOTEBOOKS (no outputs)."""
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, (kind, source, tags) in enumerate(cells):
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        cell = make(source, id=f"{name[:2]}-{i:02d}")
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    return nb


def kernel_env():
    """The kernel's environment: this checkout first on the path, quiet and non-interactive."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (REPO, env.get("PYTHONPATH")) if p)
    env.setdefault("MPLBACKEND", "Agg")
    return env


def execute(nb, timeout=120):
    """Executes a notebook in place with nbclient (kernel python3, cwd notebooks/, widget state
    stored). Raises nbclient's CellExecutionError on the first failing cell."""
    from nbclient import NotebookClient
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                            record_timing=False, resources={"metadata": {"path": HERE}})
    client.execute(env=kernel_env())
    return nb


def path_of(name):
    return os.path.join(HERE, name + ".ipynb")


def check_with_tensorflow(python, selected):
    """Runs the plain-TensorFlow cells of each notebook as a script under real TensorFlow.

    Skipped: cells that call `tapeviz.*` (widgets, explain) or are tagged "tapeviz-only", and
    the lines that use the live view; `import tapeviz as tf` becomes `import tensorflow as tf`. Returns the failures.
    """
    failures = 0
    sklearn_path = os.path.dirname(os.path.dirname(__import__("sklearn").__file__))
    for name, cells in selected:
        lines = [f"import sys; sys.path.append({sklearn_path!r})"]
        for kind, source, tags in cells:
            if kind != "code" or "tapeviz." in source or "tapeviz-only" in tags:
                continue
            source = "\n".join(l for l in source.split("\n") if "live_view" not in l)
            lines.append(source.replace("import tapeviz as tf", "import tensorflow as tf")
                         .replace("import tapeviz\n", "\n"))
        with tempfile.TemporaryDirectory() as scratch:
            script = os.path.join(scratch, f"{name}.py")
            with open(script, "w") as f:
                f.write("\n\n".join(lines))
            env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="")
            run = subprocess.run([python, script], capture_output=True, text=True, env=env,
                                 cwd=scratch)
        ok = run.returncode == 0
        failures += not ok
        print(f"{name}: {'ok' if ok else 'FAILED'} under TensorFlow")
        if not ok:
            print(run.stdout[-3000:], run.stderr[-3000:])
    return failures


def main(argv=None):
    import nbformat
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("only", nargs="*", help="notebook number prefixes, e.g. 02 05")
    parser.add_argument("--no-execute", action="store_true")
    parser.add_argument("--check-with-tensorflow", metavar="PYTHON")
    args = parser.parse_args(argv)
    selected = [(n, c) for n, c in NOTEBOOKS if not args.only or n[:2] in args.only]
    if args.check_with_tensorflow:
        return check_with_tensorflow(args.check_with_tensorflow, selected)
    from nbclient.exceptions import CellExecutionError
    failed = []
    for name, cells in selected:
        nb = build(name, cells)
        if not args.no_execute:
            start = time.perf_counter()
            try:
                nb = execute(nb)
            except CellExecutionError as e:      # keep the sources; show what failed
                failed.append(name)
                nb = build(name, cells)
                print(f"{name}: FAILED, saved without outputs\n{str(e)[-1500:]}")
            else:
                print(f"{name}: executed in {time.perf_counter() - start:.1f} s")
        nbformat.write(nb, path_of(name))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

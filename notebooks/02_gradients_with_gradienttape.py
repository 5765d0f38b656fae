# %% [markdown]
# # 2. Gradients with `tf.GradientTape`
#
# Training a model means asking "how does the loss change when each weight changes?": the
# gradient. TensorFlow answers with a **tape**: inside a `with tf.GradientTape() as tape:` block,
# every op that touches a watched value is recorded; `tape.gradient(target, sources)` then walks
# the records backwards, applying the chain rule.
#
# tapeviz keeps that tape for you to **look at**: put `tape` as the last line of a cell and you
# get its graph, with the value of every op and, after `gradient()`, the gradient flowing back.
#
# You will see: watching, persistent tapes and the one-call rule, control flow,
# higher-order gradients, Jacobians, and the tape graph.

# %%
import numpy as np
import tapeviz as tf
import tapeviz

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


# %% [markdown]
# ## Variables are watched; constants must be asked for
#
# A trainable `tf.Variable` read inside the block is watched automatically. A constant is not:
# its gradient is `None` unless you call `tape.watch` **before** using it.

# %%
w = tf.Variable(3.0, name="w")
c = tf.constant(3.0)

with tf.GradientTape() as tape:
    y = w * w * c                      # y = 3 w^2

dw, dc = tape.gradient(y, [w, c])
print("dy/dw =", dw, "  dy/dc =", dc)
assert float(dw) == 18.0               # 6 w
assert dc is None                      # c was never watched

# %%
x = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x * x

dy_dx = tape.gradient(y, x)
assert float(y) == 27.0 and float(dy_dx) == 27.0      # 3 x^2
assert dy_dx.dtype == tf.float32
dy_dx

# %% [markdown]
# ## Look at the tape
#
# This is the tape you just used. Each box is an op it recorded; the value of its output is on
# the box and, because `gradient()` ran, so is the gradient of `y` with respect to it. Click a
# node (in JupyterLab) to see its inputs, outputs, and the line of your code that ran it.

# %%
tape

# %% [markdown]
# ## The shape of the answer follows the shape of the question
#
# Sources given as a list, tuple or dict come back with the same structure. A non-scalar target
# is **summed** first, so `tape.gradient(v * v, v)` is `2 v`.

# %%
v = tf.Variable([1.0, 2.0, 3.0], name="v")
b = tf.Variable(0.5, name="b")

with tf.GradientTape() as tape:
    y = v * v + b                     # a vector target: its sum is differentiated

grads = tape.gradient(y, {"v": v, "b": b})
assert sorted(grads) == ["b", "v"]
assert grads["v"].numpy().tolist() == [2.0, 4.0, 6.0]
assert float(grads["b"]) == 3.0       # b was broadcast to 3 elements: its gradient sums them
grads

# %% [markdown]
# ## One `gradient()` per tape, unless it is persistent
#
# A tape frees its records after the first `gradient()` call; a second call raises
# `RuntimeError`. Pass `persistent=True` to ask for several gradients from one tape
# (and `del` it when you are done).

# %%
x = tf.constant(2.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = x * x
    z = y * y

assert float(tape.gradient(z, x)) == 32.0              # 4 x^3
with expect_error(RuntimeError):
    tape.gradient(y, x)

# %%
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    y = x * x
    z = y * y

assert float(tape.gradient(z, x)) == 32.0
assert float(tape.gradient(y, x)) == 4.0               # a second call is fine now
assert float(tape.gradient(z, y)) == 8.0               # intermediate tensors work as sources
del tape


# %% [markdown]
# ## Python control flow is recorded as it ran
#
# The tape sees only the ops that actually executed, so an `if` contributes the branch taken and
# a loop contributes as many ops as it ran.

# %%
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

# %% [markdown]
# ## Higher-order gradients: tapes inside tapes
#
# The gradient computed by an inner tape is itself made of ops, so an **outer** tape can record
# it and differentiate again. Call the inner `gradient()` *inside* the outer block.
# For y = x³ at x = 3: dy/dx = 3x² = 27, d²y/dx² = 6x = 18.

# %%
x = tf.Variable(3.0, name="x")
with tf.GradientTape() as outer:
    with tf.GradientTape() as inner:
        y = x ** 3
    dy_dx = inner.gradient(y, x)
d2y_dx2 = outer.gradient(dy_dx, x)

assert float(dy_dx) == 27.0 and float(d2y_dx2) == 18.0
print("dy/dx =", float(dy_dx), "  d2y/dx2 =", float(d2y_dx2))

# %% [markdown]
# ## Jacobians
#
# `gradient()` sums over the target. To keep every output separate, ask for the Jacobian:
# its shape is `target.shape + source.shape`. Nesting a `jacobian` around a `gradient` gives the
# Hessian; for f = x₀²x₁ + x₁³ at (1, 2) it is [[2x₁, 2x₀], [2x₀, 6x₁]] = [[4, 2], [2, 12]].

# %%
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

# %% [markdown]
# ## A neuron, with values and gradients
#
# A single layer: `y = sigmoid(x @ W + b)`, and a squared-error loss against a target of 1.
# After `tape.gradient`, the graph shows both passes: values flowing forward from `x`, `W` and
# `b` to `loss`, and gradients flowing back. Edges are coloured by gradient magnitude.

# %% tags=["tour"]
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

# %% [markdown]
# `tapeviz.show(tape)` displays the same view and returns it, so you can keep it, display it
# again, or turn what it shows into a picture with `to_svg()` (for slides or a report).

# %%
view = tapeviz.show(tape)              # displays the view and returns it
svg = view.to_svg()
assert svg.lstrip().startswith("<svg") and "MatMul" in svg and "Sigmoid" in svg

# %% [markdown]
# ## Summary
# * Variables are watched when read; constants need `tape.watch` first, or the gradient is `None`.
# * One `gradient()` per tape unless `persistent=True`.
# * Targets are summed; sources come back in the structure you passed.
# * Nest tapes for second derivatives; use `jacobian` to keep outputs apart.
#
# Next, notebook 3 puts a tape inside a training loop.

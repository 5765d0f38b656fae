# %% [markdown]
# # 5. Debugging gradients
#
# When training goes wrong, the gradient usually shows it first: it is `None`, or it fades to
# nothing through a deep network, or it blows up, or it turns into `nan`. This notebook makes
# each of these happen on purpose, finds it with tapeviz, and fixes it.

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
# ## 1. "My gradient is None"
#
# The classic: a hand-written gradient-descent step `w = w - lr * g`. The first step works.
# The second gradient is `None`, because `w` is **no longer a Variable**: the subtraction made a
# new Tensor, and the tape does not watch Tensors unless told to.

# %%
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

# %% [markdown]
# `tapeviz.explain(tape, target, source)` says why a gradient is `None`, naming the cause and
# the line where it happened. The graph view shows the same explanation next to the source.

# %%
why = tapeviz.explain(tape, loss, w)
print(why)
assert why.cause == "variable_replaced"

# %% [markdown]
# The tape's graph shows the same thing: it recorded **no op at all** (nothing in the block was
# watched), so all it can draw is `w`, a plain constant now, marked `None`, with the
# explanation underneath:

# %% tags=["why-none"]
tape

# %% [markdown]
# The fix is to update the Variable in place with `assign_sub`:

# %%
w = tf.Variable(2.0, name="w")
for step in range(2):
    with tf.GradientTape() as tape:
        loss = (w * x - 1.0) ** 2
    g = tape.gradient(loss, w)
    assert g is not None
    w.assign_sub(lr * g)
assert isinstance(w, tf.Variable) and abs(float(w) - 1.454) < 1e-5

# %% [markdown]
# The other usual suspects, each explained: a constant nobody watched, a detour through NumPy
# (`.numpy()` and `np.exp` make a new constant: the tape still records the multiplication by
# `scale`, but the path back to `v` is cut), an `argmax` (not differentiable), and an integer
# cast.

# %%
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

# %% [markdown]
# ## 2. Vanishing gradients in a deep sigmoid stack
#
# Twelve layers, each `sigmoid(h @ W)`. The sigmoid's slope is at most 0.25, so every layer
# shrinks the gradient on its way back: by the first layer almost nothing is left, and the first
# layers stop learning. We compare the gradient norm of the first layer's weights with the last.

# %%
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

# %% [markdown]
# On the graph, gradient magnitude is a colour on a log scale: watch it fade from the loss back
# to the first layers, where tapeviz flags it as vanishing. The twelve identical layers fold into
# one block marked ×12; expand it to see every layer.

# %%
sigmoid_tape

# %% [markdown]
# The fix: ReLU (slope 1 where active) with He initialisation (standard deviation √(2/width)),
# which keeps the signal's size from layer to layer. Now the first layer gets a gradient of the
# same order as the last.

# %%
relu_weights = make_weights(std=np.sqrt(2 / width))
relu_tape, relu_norms = gradient_norms(relu_weights, tf.nn.relu)
ratio = relu_norms[0] / relu_norms[-1]
print("relu + He init: |grad W0| / |grad W11| =", f"{ratio:.2f}")
assert 0.05 < ratio < 20


# %% [markdown]
# ## 3. Exploding gradients, tamed by clipping
#
# Multiplying by the same weight thirty times (a recurrent network in miniature) turns
# w = 1.5 into 1.5³⁰ ≈ 190,000, and the gradient is larger still. One plain gradient step throws
# the weight so far that the next forward pass overflows to `inf`, and then everything is `nan`.

# %%
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

# %% [markdown]
# The graph of the first step folds the chain of multiplications into one repeated block
# (marked with its count; expand it to see each one), and flags the gradient as exploding as it
# grows back along the chain.

# %%
first_tape, first_w, _ = train(clip=False, steps=1)
first_tape

# %% [markdown]
# Clipping caps the size of each step (`tf.clip_by_norm` for one tensor,
# `tf.clip_by_global_norm` for a list of them). The loss now comes down steadily:

# %%
_, w, history = train(clip=True, steps=40)
print(f"with clipping: loss {history[0]:.3g} -> {history[-1]:.3g}, w = {float(w):.3f}")
assert all(np.isfinite(history)) and history[-1] < 1.0

grads = [tf.constant([300.0, 400.0]), tf.constant([0.0, 1200.0])]
clipped, global_norm = tf.clip_by_global_norm(grads, 1.0)
assert np.isclose(float(global_norm), 1300.0)
assert np.isclose(float(tf.linalg.global_norm(clipped)), 1.0, rtol=1e-5)

# %% [markdown]
# ## 4. A NaN from `log(0)`, found at its first op
#
# Cross-entropy written by hand, `-Σ labels · log(softmax(logits))`, works until one
# probability underflows to exactly 0. Then `log(0) = -inf`, and `0 · -inf = nan` poisons the
# loss and every gradient. The loss says `nan`, but not **where** it started.

# %%
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

# %% [markdown]
# In the graph, non-finite values are red, and the **first** op that produced one (here `Log`,
# giving `-inf`) is marked, before the `Mul` that turned it into `nan`.

# %% tags=["tour"]
tape

# %% [markdown]
# Without a picture, `tf.debugging.check_numerics` finds it too: put it after each step and the
# first one that fails names the culprit.

# %%
for name, value in [("probs", probs), ("log_probs", log_probs), ("loss", loss)]:
    try:
        tf.debugging.check_numerics(value, name)
    except tf.errors.InvalidArgumentError as e:
        print("first non-finite value:", e.message)
        first_bad = name
        break
assert first_bad == "log_probs"

# %% [markdown]
# The fix: never take the log of a softmax yourself. `tf.nn.softmax_cross_entropy_with_logits`
# computes the same loss in a numerically stable form, and its gradient is simply
# `softmax(logits) - labels`.

# %%
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))
grad = tape.gradient(loss, logits)

assert np.isfinite(float(loss)) and np.isfinite(grad.numpy()).all()
assert np.allclose(grad.numpy(), (tf.nn.softmax(logits) - labels).numpy(), atol=1e-6)
print("loss:", float(loss), " gradient:", grad.numpy())

# %% [markdown]
# ## 5. Assertions that fail early
#
# `tf.debugging` checks values while the program runs. In eager mode each check happens right
# away: it returns `None` (or, for `check_numerics`, its input) when it passes, and raises when
# it fails. Value checks raise `InvalidArgumentError`; shape and type checks raise `ValueError`
# and `TypeError`.

# %%
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

# %% [markdown]
# ## Summary
# | symptom | usual cause | tool | fix |
# | --- | --- | --- | --- |
# | gradient `None` | not watched; Variable replaced by a Tensor; NumPy; argmax; int cast | `tapeviz.explain` | `assign_sub`, `tape.watch`, stay in tf ops |
# | vanishing | saturating activations, small init | gradient colours, norms per layer | ReLU, He init |
# | exploding | repeated multiplication, large init | gradient colours, norms | clipping |
# | `nan` | `log(0)`, `0/0`, overflow | first bad op in the graph, `check_numerics` | stable ops (`*_with_logits`) |

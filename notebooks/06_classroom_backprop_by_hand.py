# %% [markdown]
# # 6. Classroom: backpropagation by hand
#
# A two-layer network small enough to do on the board: **2 inputs, 3 hidden units (tanh),
# 1 output**, a squared-error loss, and one example. We compute the forward pass and the
# backward pass by hand in NumPy, one line per step of the chain rule, and check every number
# against TensorFlow's tape. Then we check the tape against a finite-difference estimate, which
# knows nothing about derivatives at all.
#
# Everything is float64 here, so hand and machine agree to many digits.

# %%
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

# %% [markdown]
# ## Forward pass, by hand
#
# | step | formula |
# | --- | --- |
# | pre-activation | z = x W₁ + b₁ |
# | hidden | h = tanh(z) |
# | output | y = h W₂ + b₂ |
# | loss | L = ½ (y − t)² |

# %%
z = x @ W1 + b1
h = np.tanh(z)
y = h @ W2 + b2
L = 0.5 * np.sum((y - target) ** 2)
print("z =", z, "\nh =", h, "\ny =", y, "\nL =", L)

# %% [markdown]
# ## Backward pass, by hand: the chain rule, one edge at a time
#
# Going backwards, each step multiplies the gradient arriving from above (the **upstream**
# gradient) by the **local** derivative of that step:
#
# | edge | local derivative | gradient |
# | --- | --- | --- |
# | L ← y | ∂L/∂y = y − t | dy = y − t |
# | y ← W₂, b₂ | ∂y/∂W₂ = h, ∂y/∂b₂ = 1 | dW₂ = hᵀ dy, db₂ = dy |
# | y ← h | ∂y/∂h = W₂ | dh = dy W₂ᵀ |
# | h ← z | ∂h/∂z = 1 − h² | dz = dh ⊙ (1 − h²) |
# | z ← W₁, b₁ | ∂z/∂W₁ = x, ∂z/∂b₁ = 1 | dW₁ = xᵀ dz, db₁ = dz |
# | z ← x | ∂z/∂x = W₁ | dx = dz W₁ᵀ |
#
# The last row is where gradients **add**: each input feeds all three hidden units, so its
# gradient is the sum of three contributions, one per path (the matrix product does the sum).
# x is data, so training never needs dx, but a weight shared by several ops gets its gradient
# exactly this way.

# %%
dy = y - target
dW2 = h.T @ dy
db2 = dy.sum(axis=0)
dh = dy @ W2.T
dz = dh * (1 - h ** 2)
dW1 = x.T @ dz
db1 = dz.sum(axis=0)
dx = dz @ W1.T                 # three paths from each input, summed
print("dy =", dy, "\ndh =", dh, "\ndz =", dz, "\ndW1 =\n", dW1, "\ndW2 =\n", dW2)

# %% [markdown]
# ## The same network on a tape
#
# The same numbers as Variables, the same forward pass under a `GradientTape`. A persistent
# tape lets us ask for the gradient with respect to the **intermediate** tensors too, so each
# line of the hand computation can be checked on its own.

# %%
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

# %% [markdown]
# ## Step through it in front of the class
#
# The view below replays the tape. **Forward** steps light up one op at a time with its value;
# **Backward** then walks the ops in reverse, showing on each edge the upstream gradient and on
# each node its local derivative, the same two columns as the table above. **Step ▶** starts
# and advances, **◀** goes back, **■** leaves the step-through.

# %% tags=["tour"]
with tf.GradientTape() as class_tape:
    *_, class_loss = forward(tW1, tb1, tW2, tb2)
class_tape.gradient(class_loss, params)

view = tapeviz.show(class_tape)
steps = view.graph["step"]                      # what the step-through replays
n_ops = sum(node["kind"] == "op" for node in view.graph["nodes"])
assert n_ops == 9 and len(steps["backward"]) == n_ops


# %% [markdown]
# ## An independent check: finite differences
#
# The derivative is a limit: ∂L/∂θ ≈ (L(θ + ε) − L(θ − ε)) / 2ε for a small ε. This uses only
# the forward pass, so it checks the whole backward machinery (hand or tape) from the outside.
# One entry at a time, for every parameter:

# %%
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

# %% [markdown]
# ## One step downhill
#
# The gradient points uphill; a small step against it lowers the loss. This is all that
# training does, repeated.

# %%
lr = 0.5
for name, var in params.items():
    var.assign_sub(lr * tape_grads[name])
new_loss = float(forward(tW1, tb1, tW2, tb2)[-1])
print(f"loss {L:.6f} -> {new_loss:.6f}")
assert new_loss < L
del tape

# %% [markdown]
# ## For the class
# * Forward: remember every intermediate value (the tape does).
# * Backward: gradient = upstream gradient × local derivative, edge by edge, in reverse.
# * Where a value feeds several ops, the gradients from each use add up (here `dx`).
# * Finite differences check any gradient without knowing how it was computed.

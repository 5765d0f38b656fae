# %% [markdown]
# # 7. Bring your own notebook: unchanged TensorFlow code, watched
#
# Most people arrive with a TensorFlow notebook that already exists: a course's lab, a
# tutorial, a textbook chapter. You do not have to rewrite `import tensorflow as tf` into
# `import tapeviz as tf`. Load tapeviz as an IPython extension **before** the first TensorFlow
# import, and every TensorFlow import form in the notebook runs on tapeviz:
#
# | the notebook says | what runs |
# |---|---|
# | `import tensorflow as tf` | `tapeviz` |
# | `from tensorflow import keras` | `tapeviz.keras` |
# | `from tensorflow.keras import layers` | `tapeviz.keras.layers` |
# | `import keras` | `tapeviz.keras` |
#
# Then `%%tape` shows every tape a cell recorded, and `%tapeviz auto` shows the last tape of each
# cell that computed a gradient. (If the real TensorFlow is already imported, the extension says
# so and changes nothing: restart the kernel and load it first.)

# %%
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


# %%
# %load_ext tapeviz

# %% [markdown]
# ## The notebook's own code, as it was written
#
# Everything below is plain TensorFlow: a small regression model in Keras and a hand-written
# training step, the kind of cell a tutorial has. Nothing mentions tapeviz.

# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

print(tf.__name__, keras.__name__, layers.Dense.__module__)
assert tf.__name__ == "tapeviz"

# %%
keras.utils.set_random_seed(7)
x = np.linspace(-1, 1, 32, dtype=np.float32).reshape(-1, 1)
y = 3 * x ** 2 - 1

model = keras.Sequential([
    layers.Dense(16, activation="tanh", name="hidden"),
    layers.Dense(1, name="out"),
], name="regressor")
optimizer = keras.optimizers.Adam(learning_rate=0.05)
loss_fn = keras.losses.MeanSquaredError()

def train_step(x, y):
    with tf.GradientTape() as tape:
        prediction = model(x)
        loss = loss_fn(y, prediction)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss

losses = [float(train_step(x, y)) for _ in range(200)]
print(f"loss: {losses[0]:.3f} -> {losses[-1]:.4f}")
assert losses[-1] < losses[0] / 10

# %% [markdown]
# ## Looking at one step: `%%tape`
#
# Put `%%tape` on the first line of a cell and tapeviz shows every `GradientTape` the cell
# recorded, each with its values and gradients, the layers as frames, and the names the code
# gave them (`prediction`, `loss`, `regressor/hidden/kernel`).

# %% tags=["tour"]
# %%tape
loss = train_step(x, y)

# %% [markdown]
# ## After every cell: `%tapeviz auto`
#
# With `%tapeviz auto`, each cell that computes a gradient shows its last tape by itself;
# `%tapeviz off` stops it. Here the gradient of a loss that cannot reach one of the weights:
# the view and `tapeviz.explain` say why its gradient is `None`.

# %%
# %tapeviz auto

# %%
frozen = tf.Variable(1.0, name="frozen", trainable=False)
with tf.GradientTape() as tape:
    loss = loss_fn(y, model(x) * frozen)
grads = tape.gradient(loss, [model.trainable_variables[0], frozen])
assert grads[1] is None

# %%
# %tapeviz off
import tapeviz
print(tapeviz.explain(tape, loss, frozen))

# %% [markdown]
# `%unload_ext tapeviz` gives `import tensorflow` back to TensorFlow for the rest of the session.

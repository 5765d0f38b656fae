# %% [markdown]
# # 3. Training a model
#
# A model is a function with Variables inside it. In eager mode you can **call it before it is
# trained** and look at what it says; then train it in a loop you write yourself with a
# `GradientTape`; then let `compile`/`fit` run the same loop for you.
#
# The data are scikit-learn's bundled handwritten digits: 1,797 images of 8×8 pixels, shipped
# with scikit-learn, so nothing is downloaded.

# %%
import numpy as np
from sklearn.datasets import load_digits
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


# %%
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

# %% [markdown]
# ## A model you can call before training
#
# A `Sequential` model of two `Dense` layers. It has **no weights yet**: a `Dense` layer learns the
# size of its input on the first call and only then creates its kernel and bias.

# %%
tf.keras.utils.set_random_seed(0)   # tapeviz draws TF's own random streams: these weights equal TF 2.21's
model = tf.keras.Sequential([
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(10),
])
assert model.variables == []           # nothing built yet

logits = model(x_train[:5])            # the first call builds the layers
assert logits.shape == (5, 10) and logits.dtype == tf.float32
assert [tuple(v.shape) for v in model.variables] == [(64, 32), (32,), (32, 10), (10,)]
logits

# %% [markdown]
# The outputs are **logits**: unnormalised scores, one per digit. `tf.nn.softmax` turns them
# into probabilities. Untrained, the model is guessing: its loss is close to ln(10) ≈ 2.3,
# the loss of a uniform guess, and its accuracy is near chance.

# %%
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

# %% [markdown]
# ## A custom training loop, watched live
#
# One training step: run the model under a tape, compute the loss, ask the tape for the gradient
# of the loss with respect to every trainable Variable, and let the optimizer apply them.
#
# `tapeviz.live()` displays a view that follows every tape made after it. While the next cell
# runs, it redraws the current step's graph, its values and gradients, and a small plot of the
# loss over the steps (throttled to a few updates a second, so it costs the loop little).

# %%
optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)

def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return float(loss)


# %% tags=["tour"]
live_view = tapeviz.live()             # displays the view; it follows every new tape

# %%
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

# %% [markdown]
# ## The same with `compile` and `fit`
#
# `fit` runs the loop above for you: batches, tape, gradients, optimizer, and metrics.
# A fresh model, same data:

# %%
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

# %% [markdown]
# ## From a `tf.data` pipeline
#
# TensorFlow's tutorials feed models from a `tf.data.Dataset`: the arrays cut into slices,
# shuffled through a buffer, grouped into batches. tapeviz runs the same pipeline on NumPy, with
# TensorFlow's own shuffle order: the same seeds give the same batches as TensorFlow 2.21.

# %%
train_ds = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
            .shuffle(buffer_size=1000, seed=42)
            .batch(64)
            .prefetch(tf.data.AUTOTUNE))
print(train_ds)
print("batches per epoch:", int(train_ds.cardinality()))
assert int(train_ds.cardinality()) == 22          # 1400 / 64, the last batch has 56

x_batch, y_batch = next(iter(train_ds))
print("labels in the first batch:", y_batch.numpy()[:12])
assert x_batch.shape == (64, 64) and y_batch.dtype == tf.int32
# what TensorFlow 2.21 gives for this pipeline after `set_random_seed(0)` above:
assert y_batch.numpy()[:12].tolist() == [3, 6, 3, 0, 7, 4, 0, 7, 7, 6, 5, 9]

# %% [markdown]
# One training step on that batch, under a tape. The view shows what the step computed: the two
# `Dense` layers on the 64 images, the loss, and the gradient that reached every weight.

# %%
tf.keras.utils.set_random_seed(0)
model3 = tf.keras.Sequential([
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(10),
])
optimizer3 = tf.keras.optimizers.Adam(learning_rate=0.01)

with tf.GradientTape() as tape:
    loss = loss_fn(y_batch, model3(x_batch, training=True))
grads = tape.gradient(loss, model3.trainable_variables)
optimizer3.apply_gradients(zip(grads, model3.trainable_variables))
assert [g.shape for g in grads] == [v.shape for v in model3.trainable_variables]
tape

# %% [markdown]
# The loop reads the dataset like a list: each `for` is one epoch, and each epoch is shuffled
# anew (`reshuffle_each_iteration` is on by default). `fit` takes the same dataset.

# %%
def train_step3(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model3(x, training=True))
    grads = tape.gradient(loss, model3.trainable_variables)
    optimizer3.apply_gradients(zip(grads, model3.trainable_variables))
    return float(loss)

first_epoch = [y.numpy()[0] for _, y in train_ds]
second_epoch = [y.numpy()[0] for _, y in train_ds]
assert first_epoch != second_epoch                 # a new order every pass

for epoch in range(2):
    losses = [train_step3(x, y) for x, y in train_ds]
    print(f"epoch {epoch + 1}: mean loss {np.mean(losses):.3f}")

model3.compile(optimizer=optimizer3, loss=loss_fn)
history3 = model3.fit(train_ds, epochs=2, verbose=0)
print("fit on the dataset, loss per epoch:", np.round(history3.history["loss"], 3))
assert accuracy(model3, x_test, y_test) > 0.85

# %% [markdown]
# ## Summary
# * A Keras model builds its weights on the first call; call it before training to check shapes
#   and what it predicts.
# * A custom loop is four lines: forward under a tape, loss, `tape.gradient`, `apply_gradients`.
# * `tapeviz.live()` shows each step's tape while the loop runs.
# * `compile`/`fit`/`evaluate`/`predict` wrap the same loop.
# * A `tf.data` pipeline (slices, shuffle, batch) feeds the loop or `fit`, in TensorFlow's order.
#
# Notebook 4 saves these weights and loads them back.

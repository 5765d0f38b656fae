# %% [markdown]
# # 4. Variables and checkpoints
#
# Tensors never change; **Variables** do. A model's weights are Variables: they live as long as
# something refers to them, they change in place when the optimizer updates them, and they are
# what a checkpoint saves.
#
# You will see: assigning in place (and the rebinding mistake), a Variable's lifetime, Keras
# `save_weights`, `tf.train.Checkpoint`, `CheckpointManager`, deferred restoration, and two
# widgets that show this state: the Variable inspector and the checkpoint panel.
#
# Files go to a fresh temporary directory, never next to the notebook. (It is left in place so
# the checkpoint panel below keeps something to show.)

# %%
import gc
import os
import tempfile
import weakref

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

workdir = tempfile.mkdtemp(prefix="tapeviz-nb04-")

# %% [markdown]
# ## Changing a Variable in place
#
# `assign`, `assign_add` and `assign_sub` change the Variable itself. Arithmetic on a Variable, as
# on a Tensor, makes a new **Tensor**: writing `v = v - 1` silently replaces your Variable with a
# Tensor (notebook 5 shows how that breaks training). `v += 1` is refused outright.

# %%
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

# %% [markdown]
# Names are labels, not identities: every unnamed Variable is called `Variable:0`, and two
# Variables may share a name. Name scopes prefix them.

# %%
a = tf.Variable(1.0, name="w")
b = tf.Variable(2.0, name="w")
with tf.name_scope("layer1"):
    c = tf.Variable(3.0, name="w")
assert a.name == b.name == "w:0" and c.name == "layer1/w:0"
assert tf.Variable(0.0).name == "Variable:0"

# %% [markdown]
# ## Lifetime: a Variable lives as long as something refers to it
#
# There is no global list of Variables that keeps them alive. Drop the last reference and the
# Variable (and its memory) is gone, even after a tape has used it.

# %%
big = tf.Variable(np.zeros((256, 256), dtype=np.float32))
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(big * big)
assert tape.gradient(loss, big).shape == (256, 256)

ref = weakref.ref(big)
del big, tape, loss
gc.collect()
assert ref() is None
print("freed")


# %% [markdown]
# ## Modules track their Variables
#
# A `tf.Module` finds the Variables in its attributes (and in lists and dicts of them, and in
# sub-modules). This is what lets a checkpoint save "everything in the model".

# %%
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

# %% [markdown]
# ## The Variable inspector
#
# `tapeviz.VariableInspector(net)` lists a model's Variables with their shape, dtype, whether
# they are trainable, and statistics of their values; it updates live while a training loop runs,
# and clicking a row shows the whole value. Called with no argument it shows every live Variable.

# %% tags=["tour"]
inspector = tapeviz.VariableInspector(net)
inspector

# %% [markdown]
# ## `tf.train.Checkpoint`: save by object, not by name
#
# A checkpoint records the **object graph**: `net.hidden.w` is saved under the path
# `net/hidden/w`, whatever the Variable's `name` is. `save()` numbers the files and returns the
# prefix; `restore()` puts the values back into the same structure of objects.

# %%
ckpt = tf.train.Checkpoint(net=net)
path = ckpt.save(os.path.join(workdir, "first", "ckpt"))

assert os.path.basename(path) == "ckpt-1"
assert sorted(os.listdir(os.path.dirname(path))) == [
    "checkpoint", "ckpt-1.data-00000-of-00001", "ckpt-1.index"]

keys = [name for name, shape in tf.train.list_variables(path)]
assert "net/hidden/w/.ATTRIBUTES/VARIABLE_VALUE" in keys and "save_counter/.ATTRIBUTES/VARIABLE_VALUE" in keys
keys

# %%
net.hidden.w.assign(tf.zeros((3, 4)))          # oops: lose the weights
assert float(tf.reduce_sum(net.hidden.w)) == 0.0

status = ckpt.restore(path)
status.assert_consumed()                        # every saved value found its Variable
assert float(tf.reduce_sum(net.hidden.w)) == 6.0

# %% [markdown]
# ## `CheckpointManager`: keep the last few
#
# A manager numbers checkpoints in one directory and deletes old ones beyond `max_to_keep`.
# `latest_checkpoint` is what you restore after a crash.

# %%
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

# %% [markdown]
# ## The checkpoint panel
#
# `tapeviz.CheckpointPanel(manager)` lists the checkpoints with their step, time and size. Its
# **Save** and **Restore** buttons act on the objects in this kernel, and **Diff** shows, per
# Variable, how far the live values have moved from a checkpoint. Each button has a method that
# does the same from code: `save()`, `restore(path)`, `diff_with(path)`.

# %%
net.out.b.assign([5.0])                         # move away from ckpt-4
panel = tapeviz.CheckpointPanel(manager)

rows = panel.diff_with(manager.latest_checkpoint)
changed = {row["key"]: row["diff"] for row in rows if row["status"] != "same"}
assert changed == {"net/out/b/.ATTRIBUTES/VARIABLE_VALUE": 4.0}
panel

# %% tags=["tapeviz-only"]
panel.restore(manager.latest_checkpoint)        # what the Restore button does
assert float(net.out.b[0]) == 1.0

# %% [markdown]
# ## Deferred restoration: restore first, build later
#
# A Keras layer creates its weights on its first call. You can restore a checkpoint into it
# **before** that: the values wait, and land in the Variables the moment they are created.

# %%
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


# %% [markdown]
# ## Keras `save_weights` / `load_weights`
#
# Keras 3 saves a model's weights to an HDF5 file, and insists on the `.weights.h5` ending.

# %%
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

# %% [markdown]
# ## Summary
# * `assign*` changes a Variable in place; arithmetic makes Tensors; `v += 1` is an error.
# * A Variable lives as long as a reference to it; `tf.Module` tracks Variables by attribute.
# * `tf.train.Checkpoint` saves the object graph; `CheckpointManager` numbers and prunes.
# * A restore can come before the Variables exist (deferred restoration).
# * Keras weights go to `.weights.h5` files.

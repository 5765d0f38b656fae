# %% [markdown]
# # 1. Eager execution: Tensors you can print
#
# TensorFlow 2 runs every operation **the moment Python reaches it** and hands back a Tensor with
# a concrete value. There is no graph to build first and no session to run. tapeviz does the
# same on NumPy, so everything in this notebook is ordinary TensorFlow code:
# `import tapeviz as tf` is the only change.
#
# You will see:
# 1. results that exist immediately, and `tf.executing_eagerly()`;
# 2. Tensors and NumPy arrays working together, both ways;
# 3. Python `if`/`for`/`while` driven by Tensors (FizzBuzz);
# 4. the dtype rules of `tf.constant` and `tf.convert_to_tensor`, the ones that surprise people.
#
# Every code cell checks what it teaches with `assert`, so if tapeviz ever behaves differently
# from TensorFlow, running this notebook fails.

# %%
import numpy as np
import tapeviz as tf

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
# ## Results right away
#
# `tf.executing_eagerly()` tells you which mode you are in. At the top level of a script or a
# notebook it is always `True`.

# %%
assert tf.executing_eagerly() is True
tf.executing_eagerly()

# %%
a = tf.constant([[1.0, 2.0],
                 [3.0, 4.0]])
b = a * 10 + 1          # runs now; b already holds numbers
print(b)

assert b.shape == (2, 2) and b.dtype == tf.float32
assert b.numpy().tolist() == [[11.0, 21.0], [31.0, 41.0]]

# %% [markdown]
# Matrix products, reductions and elementwise functions are just as immediate. A Tensor's
# `repr` shows its shape, its dtype and its value:

# %%
c = a @ a
total = tf.reduce_sum(c)

assert np.array_equal(c.numpy(), [[7.0, 10.0], [15.0, 22.0]])
assert float(total) == 54.0
c

# %% [markdown]
# The exact text of `repr` and `str` matters: it is what you see in every notebook. A float32
# scalar is shown as the Python float it widens to, which is why `0.1` prints with many digits
# (0.1 has no exact float32 representation; float64 gets much closer).

# %%
t = tf.constant(2.5)
assert repr(t) == "<tf.Tensor: shape=(), dtype=float32, numpy=2.5>"
assert str(t) == "tf.Tensor(2.5, shape=(), dtype=float32)"

tenth = tf.constant(0.1)
print(repr(tenth))
print(repr(tf.constant(0.1, dtype=tf.float64)))
assert repr(tenth) == "<tf.Tensor: shape=(), dtype=float32, numpy=0.10000000149011612>"
assert repr(tf.constant(0.1, dtype=tf.float64)).endswith("numpy=0.1>")

# %% [markdown]
# Tensors are **immutable**: an operation always makes a new Tensor. (Values that change, such
# as a model's weights, are `tf.Variable`s: notebook 4.)

# %%
with expect_error(TypeError):
    a[0, 0] = 100.0

# %% [markdown]
# ## NumPy, both ways
#
# * `tensor.numpy()` gives a NumPy array (a NumPy scalar for a rank-0 tensor). It is a **copy**.
# * A NumPy function applied to a Tensor returns **NumPy**.
# * A Tensor operator with a NumPy operand returns a **Tensor**, in the Tensor's dtype
#   (the Tensor wins, even against a float64 array).
# * `tf.constant(ndarray)` keeps the array's dtype: NumPy's default float64 stays float64.

# %%
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


# %% [markdown]
# ## Python control flow with Tensors
#
# Because values exist right away, a scalar Tensor works in `if` and `while` like a Python
# number: `bool()` of a scalar Tensor is the truth of its value. Here is FizzBuzz written
# with Tensors:

# %% tags=["tour"]
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

# %% [markdown]
# A `while` loop is no different. The Collatz sequence from 27 takes 111 steps:

# %%
n = tf.constant(27)
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1

assert steps == 111 and n.dtype == tf.int32
steps

# %% [markdown]
# Only a Tensor with **one** value has a truth value. `if vector > 0:` is ambiguous and raises
# the same error as NumPy; say what you mean with `tf.reduce_all` or `tf.reduce_any`.

# %%
v = tf.constant([1.0, -2.0])
with expect_error(ValueError):
    if v > 0:
        pass

# %% [markdown]
# ## `tf.constant` and `tf.convert_to_tensor`: the dtype rules
#
# Without `dtype=`, both functions pick the dtype from the value:
#
# | value | dtype |
# | --- | --- |
# | Python `int` | `int32` (`int64` if it does not fit) |
# | Python `float` | `float32` (not float64!) |
# | a list mixing ints, floats and bools | `float32` |
# | a NumPy array | its own dtype (`float64` by default) |

# %%
assert tf.constant(1).dtype == tf.int32
assert tf.constant(2**40).dtype == tf.int64
assert tf.constant(1.0).dtype == tf.float32
assert tf.constant([1, 2.0, True]).numpy().tolist() == [1.0, 2.0, 1.0]
assert tf.constant([1, 2.0, True]).dtype == tf.float32
assert tf.constant(True).dtype == tf.bool
assert tf.convert_to_tensor([1, 2]).dtype == tf.int32
assert tf.convert_to_tensor(np.array([1.0, 2.0])).dtype == tf.float64

# %% [markdown]
# With `dtype=`, a Python value is converted only if **nothing is lost**, but a NumPy array is
# cast silently (it is already a typed array):

# %%
assert tf.constant(1, dtype=tf.float32).dtype == tf.float32     # int -> float: fine
with expect_error(TypeError):
    tf.constant(1.5, dtype=tf.int32)                             # would lose the .5
assert tf.constant(np.array([1.5]), dtype=tf.int32).numpy().tolist() == [1]  # cast

# %% [markdown]
# An existing Tensor is never converted behind your back. Asking for the dtype it already has
# returns **the very same object**; asking for another one is an error: use `tf.cast`, which
# says what happens (floats truncate toward zero when cast to ints).

# %%
f32 = tf.constant([1.7, -1.7])
assert tf.convert_to_tensor(f32) is f32 and tf.constant(f32) is f32

with expect_error(ValueError):
    tf.convert_to_tensor(f32, dtype=tf.float64)

assert tf.cast(f32, tf.float64).dtype == tf.float64
assert tf.cast(f32, tf.int32).numpy().tolist() == [1, -1]

# %% [markdown]
# ## No silent type promotion
#
# NumPy promotes `int32 + float32` to float64. TensorFlow refuses: two Tensors must have the same
# dtype. A **Python number**, on the other hand, takes the Tensor's dtype.
# Division is the one operator with its own rule: `int / int` gives float64.

# %%
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

# %% [markdown]
# ## What's next
#
# Every op you ran here executed at once and was forgotten. Under a `tf.GradientTape` the same
# ops are also **recorded**, so TensorFlow can differentiate them, and tapeviz can draw them:
# notebook 2.

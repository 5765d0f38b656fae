"""Python operators on Tensors and Variables, with TF 2.21's conversion rules (TF_BEHAVIOUR.md §3, §4.5)."""
import operator

import numpy as np
import pytest

import tapeviz as tf

IAE = tf.errors.InvalidArgumentError


def check(t, expected, dtype):
    assert type(t) is tf.Tensor, type(t)
    assert t.dtype == dtype, (t.dtype, dtype)
    got = np.asarray(t.numpy())
    want = np.asarray(expected, dtype=got.dtype)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-6, equal_nan=True)


@pytest.fixture
def f():
    return tf.constant([1.0, 2.0])


@pytest.fixture
def i():
    return tf.constant([1, 2])


# ---- tensor with tensor: no promotion ------------------------------------------------------------
@pytest.mark.parametrize("op, name", [(operator.add, "AddV2"), (operator.sub, "Sub"), (operator.mul, "Mul"),
                                      (operator.floordiv, "FloorDiv"), (operator.mod, "FloorMod"),
                                      (operator.pow, "Pow"), (operator.lt, "Less"),
                                      (operator.ge, "GreaterEqual"), (operator.eq, "Equal"),
                                      (operator.ne, "NotEqual")])
def test_mixed_dtype_tensors_raise_invalid_argument(f, i, op, name):
    with pytest.raises(IAE, match=rf"^cannot compute {name} as input #1\(zero-based\) was expected to be a "
                                  rf"float tensor but is a int32 tensor \[Op:{name}\] name: $"):
        op(f, i)


def test_mixed_dtype_matmul_and_truediv(f, i):
    with pytest.raises(IAE, match="cannot compute MatMul as input #1"):
        tf.ones((1, 1)) @ tf.ones((1, 1), tf.float64)
    with pytest.raises(TypeError, match=r"`x` and `y` must have the same dtype, got tf.int32 != tf.float32."):
        i / f
    with pytest.raises(TypeError, match="got tf.float32 != tf.float64"):
        f / tf.constant([1.0, 2.0], tf.float64)


# ---- tensor with Python values -------------------------------------------------------------------
def test_python_scalars_take_the_tensor_dtype(f, i):
    check(f + 1, [2.0, 3.0], tf.float32)
    check(1 + f, [2.0, 3.0], tf.float32)
    check(f * 2, [2.0, 4.0], tf.float32)
    check(2.0 * f, [2.0, 4.0], tf.float32)
    check(f - 1.0, [0.0, 1.0], tf.float32)
    check(1.0 - f, [0.0, -1.0], tf.float32)
    check(f + True, [2.0, 3.0], tf.float32)
    check(i + True, [2, 3], tf.int32)
    check(f + [1, 2], [2.0, 4.0], tf.float32)
    check([1, 2] + f, [2.0, 4.0], tf.float32)
    check(tf.constant([1.0], tf.float64) + 1.5, [2.5], tf.float64)
    check(tf.constant([1.0], tf.float16) + 1.5, [2.5], tf.float16)
    check(2 ** f, [2.0, 4.0], tf.float32)
    check(1.0 / f, [1.0, 0.5], tf.float32)


def test_int_tensor_with_non_integral_float(i):
    with pytest.raises(IAE, match=r"cannot compute AddV2 as input #1\(zero-based\) was expected to be a int32 "
                                  r"tensor but is a float tensor"):
        i + 1.5
    for op in (operator.sub, operator.mul, operator.floordiv, operator.mod, operator.pow, operator.lt,
               operator.eq):
        with pytest.raises(TypeError, match="^Cannot convert 1.5 to EagerTensor of dtype int32$"):
            op(i, 1.5)
        with pytest.raises(TypeError, match="^Cannot convert 1.5 to EagerTensor of dtype int32$"):
            op(1.5, i)
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
        1.5 + i
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
        1.5 / i
    with pytest.raises(TypeError, match=r"`x` and `y` must have the same dtype, got tf.int32 != tf.float32."):
        i / 1.5
    with pytest.raises(TypeError, match="Cannot convert 2.0 to EagerTensor of dtype int32"):
        i * 2.0
    with pytest.raises(IAE, match="cannot compute AddV2"):
        i + 2.0


def test_python_ints_wrap(i):
    check(i + 2 ** 40, [1, 2], tf.int32)
    check(i * 2 ** 40, [0, 0], tf.int32)
    check(tf.constant([1], tf.uint8) + 300, [45], tf.uint8)
    check(tf.constant([1], tf.uint8) - 300, [213], tf.uint8)


def test_bad_operands(f):
    with pytest.raises(ValueError, match=r"Attempt to convert a value \(None\) with an unsupported type"):
        f + None
    with pytest.raises(ValueError, match=r"Attempt to convert a value \(None\)"):
        None * f
    with pytest.raises(IAE, match="was expected to be a float tensor but is a string tensor"):
        f + "a"
    with pytest.raises(TypeError, match="Cannot convert 'a' to EagerTensor of dtype float"):
        "a" + f
    with pytest.raises(IAE, match=r"Incompatible shapes: \[2\] vs. \[3\] \[Op:AddV2\]"):
        f + [1.0, 2.0, 3.0]
    with pytest.raises(TypeError, match="bad operand type for unary \\+: 'tensorflow.python.framework.ops.EagerTensor'"):
        +f


def test_string_tensors_concatenate():
    assert (tf.constant(["a"]) + tf.constant(["b"])).numpy()[0] == b"ab"
    assert (tf.constant("a") + "b").numpy() == b"ab"


# ---- tensor with NumPy ---------------------------------------------------------------------------
def test_numpy_operands_take_the_tensor_dtype(f, i):
    check(f + np.array([1.0, 2.0]), [2.0, 4.0], tf.float32)
    check(np.array([1.0, 2.0]) + f, [2.0, 4.0], tf.float32)
    check(np.array([1, 2], np.int64) + f, [2.0, 4.0], tf.float32)
    check(f * np.float64(2.0), [2.0, 4.0], tf.float32)
    check(np.float64(2.0) * f, [2.0, 4.0], tf.float32)
    check(i + np.array([1.5, 2.5]), [2, 4], tf.int32)
    check(np.array([1.5, 2.5]) + i, [2, 4], tf.int32)
    check(i + np.float64(5.5), [6, 7], tf.int32)
    check(tf.constant([1.0], tf.float64) + np.array([1.0], np.float32), [2.0], tf.float64)
    check(np.ones((1, 2)) @ tf.ones((2, 1)), [[2.0]], tf.float32)
    check(f < np.array([1.5, 1.5]), [True, False], tf.bool)


def test_numpy_functions_return_numpy(f):
    assert type(np.add(f, 1)) is np.ndarray
    assert np.exp(f).dtype == np.float32
    assert np.sum(f) == np.float32(3.0)


# ---- operator semantics --------------------------------------------------------------------------
def test_division_family(i):
    check(i / i, [1.0, 1.0], tf.float64)
    check(i / 2, [0.5, 1.0], tf.float64)
    check(tf.constant([1, 2], tf.int64) / tf.constant([2, 2], tf.int64), [0.5, 1.0], tf.float64)
    check(i / 0, [np.inf, np.inf], tf.float64)
    check(2 / i, [2.0, 1.0], tf.float64)
    check(tf.constant([7, -7]) // 2, [3, -4], tf.int32)
    check(tf.constant([7.0, -7.0]) // 2, [3.0, -4.0], tf.float32)
    check(tf.constant([-7]) % 3, [2], tf.int32)
    check(tf.constant([-7.5]) % 2.0, [0.5], tf.float32)
    with pytest.raises(IAE, match=r"Integer division by zero \[Op:FloorDiv\]"):
        tf.constant([0]) // 0
    with pytest.raises(TypeError, match=r"Invalid dtype tf.bool in __truediv__"):
        tf.constant([True]) / tf.constant([True])


def test_pow_operator(i, f):
    check(i ** 2, [1, 4], tf.int32)
    check(2 ** i, [2, 4], tf.int32)
    check(f ** 0.5, [1.0, 1.4142135], tf.float32)
    with pytest.raises(IAE, match=r"Integers to negative integer powers are not allowed \[Op:Pow\]"):
        i ** -1


def test_unary_operators(f, i):
    check(-f, [-1.0, -2.0], tf.float32)
    check(abs(tf.constant([-1.5, 2.0])), [1.5, 2.0], tf.float32)
    check(~i, [-2, -3], tf.int32)
    check(~tf.constant([True, False]), [False, True], tf.bool)
    with pytest.raises(IAE, match="Value for attr 'T' of float is not in the list of allowed values"):
        ~f
    with pytest.raises(IAE, match="of bool"):
        -tf.constant([True])


def test_bool_operators():
    a, b = tf.constant([True, False]), tf.constant([True, True])
    check(a & b, [True, False], tf.bool)
    check(a | b, [True, True], tf.bool)
    check(a ^ b, [False, True], tf.bool)
    check(a & True, [True, False], tf.bool)
    check(True & a, [True, False], tf.bool)
    check(a * a, [True, False], tf.bool)
    with pytest.raises(TypeError, match="Cannot convert 1 to EagerTensor of dtype bool"):
        a & 1
    with pytest.raises(IAE, match="Value for attr 'T' of bool is not in the list of allowed values"):
        a + a
    with pytest.raises(IAE, match="Value for attr 'T' of bool"):
        a - a
    with pytest.raises(IAE, match="Value for attr 'T' of bool"):
        a < a


def test_bitwise_operators(i):
    check(i & tf.constant([1, 1]), [1, 0], tf.int32)
    check(i | 1, [1, 3], tf.int32)
    check(i ^ i, [0, 0], tf.int32)
    check(1 & i, [1, 0], tf.int32)
    with pytest.raises(IAE, match=r"cannot compute BitwiseAnd as input #1\(zero-based\) was expected to be a "
                                  r"int32 tensor but is a bool tensor"):
        i & tf.constant([True, False])
    with pytest.raises(IAE, match="Value for attr 'T' of float"):
        tf.constant([1.0]) & tf.constant([1.0])


def test_matmul_operator():
    m = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    check(m @ tf.constant([[1.0], [1.0]]), [[3.0], [7.0]], tf.float32)
    check(tf.ones((1, 2)) @ [[1.0], [2.0]], [[3.0]], tf.float32)
    check([[1.0, 2.0]] @ tf.ones((2, 1)), [[3.0]], tf.float32)
    with pytest.raises(IAE, match=r"In\[0\] and In\[1\] ndims must be == 2: 1"):
        tf.constant([1.0, 2.0]) @ tf.constant([1.0, 2.0])


# ---- comparisons ---------------------------------------------------------------------------------
def test_comparisons(f, i):
    check(f > 1.5, [False, True], tf.bool)
    check(f == f, [True, True], tf.bool)
    check(f == [1.0, 3.0], [True, False], tf.bool)
    check(f == 1.0, [True, False], tf.bool)
    check(f != 1.0, [False, True], tf.bool)
    check(1.0 == f, [True, False], tf.bool)
    check(tf.constant(1.0) < 2, True, tf.bool)
    check(1.5 < f, [False, True], tf.bool)
    check(tf.constant([True]) == tf.constant([True]), [True], tf.bool)
    check(tf.constant(["a"]) == tf.constant(["a"]), [True], tf.bool)


def test_equality_quirks(f):
    assert (f == None) is False  # noqa: E711
    assert (f != None) is True  # noqa: E711
    check(f == [1.0, 2.0, 3.0], False, tf.bool)
    check(f != [1.0, 2.0, 3.0], True, tf.bool)
    check(f == np.array([1.0, 2.0, 3.0]), False, tf.bool)
    with pytest.raises(TypeError, match="^Cannot convert 'a' to EagerTensor of dtype float$"):
        f == "a"
    with pytest.raises(TypeError, match="Cannot convert 'a' to EagerTensor of dtype double"):
        tf.constant([1.0], tf.float64) == "a"
    with pytest.raises(ValueError, match="Attempt to convert a value"):
        f == object()
    with pytest.raises(IAE, match=r"Incompatible shapes: \[2\] vs. \[3\] \[Op:Less\]"):
        f < [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match="The truth value of an array with more than one element is ambiguous"):
        bool(f == f)
    t = tf.constant(1.0)
    assert t in [t]
    with pytest.raises(TypeError, match="Tensor is unhashable"):
        hash(t)


def test_python_builtins_over_scalar_tensors():
    xs = [tf.constant(3.0), tf.constant(1.0), tf.constant(2.0)]
    assert [float(x) for x in sorted(xs)] == [1.0, 2.0, 3.0]
    assert float(max(xs)) == 3.0
    check(sum(xs), 6.0, tf.float32)
    assert 2.0 in tf.constant([1.0, 2.0])


# ---- Variables -----------------------------------------------------------------------------------
def test_variable_operators_return_tensors():
    v = tf.Variable([1.0, 2.0])
    w = tf.Variable([[1.0]])
    check(v + 1, [2.0, 3.0], tf.float32)
    check(1 - v, [0.0, -1.0], tf.float32)
    check(v * v, [1.0, 4.0], tf.float32)
    check(-v, [-1.0, -2.0], tf.float32)
    check(v ** 2, [1.0, 4.0], tf.float32)
    check(v / 2.0, [0.5, 1.0], tf.float32)
    check(abs(v), [1.0, 2.0], tf.float32)
    check(w @ tf.Variable([[2.0]]), [[2.0]], tf.float32)
    check(v == 2.0, [False, True], tf.bool)
    check(v > 1.0, [False, True], tf.bool)
    check(tf.Variable([1, 2]) / 2, [0.5, 1.0], tf.float64)
    check(tf.Variable([True]) & tf.Variable([False]), [False], tf.bool)
    check(~tf.Variable([1]), [-2], tf.int32)
    with pytest.raises(IAE, match="cannot compute AddV2 as input #1"):
        v + tf.constant([1, 2])
    with pytest.raises(ValueError, match=r"Attempt to convert a value \(None\)"):
        v == None  # noqa: E711
    with pytest.raises(TypeError, match="bad operand type for unary \\+: 'ResourceVariable'"):
        +v
    with pytest.raises(RuntimeError, match="`variable \\+= value` with `tf.Variable`s is not supported"):
        v += 1


def test_variable_operators_are_differentiated():
    v = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = v * v + 2.0 * v - v / 3.0 + v ** 2
    assert float(tape.gradient(y, v)) == pytest.approx(4 * 3.0 + 2.0 - 1 / 3.0)


def test_reflected_gradients_and_broadcasting():
    x = tf.constant([1.0, 2.0, 3.0])
    b = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, b])
        y = 1.0 / x + 2.0 ** x - (3.0 - x) * b
    np.testing.assert_allclose(tape.gradient(y, x).numpy(),
                               -1 / np.array([1.0, 4.0, 9.0]) + np.log(2) * 2.0 ** np.array([1.0, 2.0, 3.0]) + 2.0,
                               rtol=1e-6)
    assert float(tape.gradient(y, b)) == pytest.approx(-(2.0 + 1.0 + 0.0))

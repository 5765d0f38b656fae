"""tf.debugging: exception types and TF 2.21's message layouts (TF_BEHAVIOUR §6)."""
import numpy as np
import pytest

import tapeviz as tf
import tapeviz.ops.debugging as dbg
from tapeviz.framework.api import EXPORTS

IAE = tf.errors.InvalidArgumentError
A, B = tf.constant([1.0, 2.0]), tf.constant([1.0, 3.0])
PREFIX = "{{function_node __wrapped__CheckNumerics_device_/job:localhost/replica:0/task:0/device:CPU:0}} "


def message(call):
    with pytest.raises(Exception) as e:
        call()
    return type(e.value), str(e.value)


def test_published_names():
    for name in ("assert_equal", "assert_less", "assert_greater", "assert_rank", "Assert"):
        assert EXPORTS[name] is EXPORTS["debugging." + name]
    for name in ("check_numerics", "assert_all_finite", "assert_shapes", "assert_near", "is_numeric_tensor",
                 "assert_none_equal", "assert_non_positive", "assert_rank_in", "assert_scalar"):
        assert "debugging." + name in EXPORTS


def test_assert_equal_layouts():
    assert message(lambda: dbg.assert_equal(A, B)) == (IAE, (
        "Condition x == y did not hold.\nIndices of first 1 different values:\n[[1]]\nCorresponding x values:\n"
        "[2.]\nCorresponding y values:\n[3.]\nFirst 2 elements of x:\n[1. 2.]\nFirst 2 elements of y:\n[1. 3.]"))
    assert message(lambda: dbg.assert_equal(A, B, message="custom msg"))[1].startswith(
        "custom msg\nCondition x == y did not hold.\n")
    assert message(lambda: dbg.assert_equal(A, B, summarize=1))[1].endswith(
        "First 1 elements of x:\n[1.]\nFirst 1 elements of y:\n[1.]")
    assert message(lambda: dbg.assert_equal(1, 2))[1] == \
        "Condition x == y did not hold.\nFirst 1 elements of x:\n[1]\nFirst 1 elements of y:\n[2]"
    assert message(lambda: dbg.assert_equal(A, tf.constant([1.0, 2.0, 3.0])))[1] == (
        "{{function_node __wrapped__Equal_device_/job:localhost/replica:0/task:0/device:CPU:0}} "
        "Incompatible shapes: [2] vs. [3] [Op:Equal] name: ")
    assert message(lambda: dbg.assert_equal(A, tf.constant([1, 2])))[1] == (
        "cannot compute Equal as input #1(zero-based) was expected to be a float tensor but is a int32 "
        "tensor [Op:Equal] name: ")
    assert dbg.assert_equal(tf.constant([1.0, 1.0]), 1.0) is None and dbg.assert_equal(A, A) is None


def test_ordering_asserts_list_every_failing_index():
    assert message(lambda: dbg.assert_greater(A, B))[1].startswith(
        "Condition x > y did not hold.\nIndices of first 2 different values:\n[[0]\n [1]]\n"
        "Corresponding x values:\n[1. 2.]")
    assert message(lambda: dbg.assert_less_equal(B, A))[1].startswith("Condition x <= y did not hold.")
    assert message(lambda: dbg.assert_none_equal(A, B))[1].startswith("Condition x != y did not hold.")
    assert message(lambda: dbg.assert_greater_equal(A, B))[1].startswith("Condition x >= y did not hold.")
    # different shapes: no "Indices" block; a plain message is not dot-suffixed
    assert message(lambda: dbg.assert_less(tf.constant([[1.0, 5.0], [6.0, 1.0]]), 2.0, message="m"))[1] == \
        "m\nCondition x < y did not hold.\nFirst 3 elements of x:\n[1. 5. 6.]\nFirst 1 elements of y:\n[2.]"
    assert dbg.assert_less(A, tf.constant([2.0, 3.0])) is None


def test_sign_asserts():
    v = tf.constant([1.0, -1.0])
    assert message(lambda: dbg.assert_positive(v)) == (
        IAE, "\nCondition x > 0 did not hold element-wise:\nx (shape=(2,) dtype=float32) = \n['1.0', '-1.0']")
    assert message(lambda: dbg.assert_non_negative(v))[1].startswith("\nCondition x >= 0 did not hold")
    assert message(lambda: dbg.assert_negative(v))[1].startswith("\nCondition x < 0 did not hold")
    # TF's assert_non_positive runs two lines together (a missing comma in check_ops.py)
    assert message(lambda: dbg.assert_non_positive(tf.constant([1, -1])))[1] == \
        "\nCondition x <= 0 did not hold element-wise:x (shape=(2,) dtype=int32) = \n['1', '-1']"
    assert message(lambda: dbg.assert_positive(tf.constant([1.0, -1.0, 2.0, -3.0]), message="m", summarize=2))[1] == \
        "m.  \nCondition x > 0 did not hold element-wise:\nx (shape=(4,) dtype=float32) = \n['1.0', '-1.0', '...']"


def test_assert_near_and_Assert():
    assert dbg.assert_near(A, A + 1e-7) is None
    assert message(lambda: dbg.assert_near(A, B))[1] == (
        "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: b''\n"
        "b'x and y not equal to tolerance rtol = tf.Tensor(1.1920929e-06, shape=(), dtype=float32), "
        "atol = tf.Tensor(1.1920929e-06, shape=(), dtype=float32)'\nb'x (shape=(2,) dtype=float32) = '\n"
        "1.0, 2.0\nb'y (shape=(2,) dtype=float32) = '\n1.0, 3.0")
    assert message(lambda: dbg.Assert(False, ["data", A])) == (
        IAE, "Expected 'False' to be true. Summarized data: b'data'\n1.0, 2.0")
    assert dbg.Assert(True, ["data"]) is None


def test_rank_type_and_scalar_checks():
    assert message(lambda: dbg.assert_rank(A, 2)) == (ValueError, "Tensor  must have rank 2.  Received rank 1, shape (2,)")
    assert message(lambda: dbg.assert_rank(A, 2, message="rank msg"))[1] == \
        "rank msg.  Tensor  must have rank 2.  Received rank 1, shape (2,)"
    assert message(lambda: dbg.assert_rank_at_least(A, 3))[1] == \
        "Tensor  must have rank at least 3.  Received rank 1, shape (2,)"
    assert message(lambda: dbg.assert_rank_in(A, [0, 2]))[1] == \
        "Tensor  must have rank in (0, 2).  Received rank 1, shape (2,)"
    assert message(lambda: dbg.assert_rank(A, 1.5)) == (TypeError, "tensor must be of type tf.int32; got tf.float32")
    assert message(lambda: dbg.assert_type(A, tf.int32)) == (TypeError, "tensor must be of type tf.int32; got tf.float32")
    assert message(lambda: dbg.assert_integer(A)) == (
        TypeError, "Expected \"x\" to be integer type.  Found: tensor of dtype <dtype: 'float32'>")
    assert message(lambda: dbg.assert_scalar(A)) == (ValueError, "Expected scalar shape, saw shape: (2,).")
    assert dbg.assert_rank(A, 1) is None and dbg.assert_type(A, tf.float32) is None
    assert dbg.assert_integer(tf.constant(1)) is None and dbg.assert_scalar(1.0) is None


def test_assert_shapes():
    z = lambda *s: tf.zeros(s)  # noqa: E731
    assert dbg.assert_shapes([(A, ("N",)), (z(2, 3), ("N", "D")), (z(5, 2, 3), (..., "N", 3))]) is None
    assert dbg.assert_shapes([(z(2, 3, 4), (..., 4)), (z(2, 7), (None, "."))]) is None
    assert message(lambda: dbg.assert_shapes([(A, ("N", "D"))])) == (
        ValueError, "Tensor  must have rank 2.  Received rank 1, shape (2,)")
    assert message(lambda: dbg.assert_shapes([(A, ("N",)), (z(3, 3), ("N", "D"))]))[1] == (
        "Specified by tensor shape=(2,) dtype=float32 dimension 0.  Tensor shape=(3, 3) dtype=float32 "
        "dimension 0 must have size 2.  Received size 3, shape (3, 3)")
    assert message(lambda: dbg.assert_shapes([(A, (3,))]))[1] == (
        "Specified explicitly.  Tensor shape=(2,) dtype=float32 dimension 0 must have size 3.  "
        "Received size 2, shape (2,)")
    assert message(lambda: dbg.assert_shapes([(z(2, 3, 4), (..., 5))]))[1].endswith(
        "dimension -1 must have size 5.  Received size 4, shape (2, 3, 4)")
    assert "only allowed as the first entry" in message(lambda: dbg.assert_shapes([(z(2, 3), ("N", ...))]))[1]
    with pytest.raises(TypeError, match="unhashable"):
        dbg.assert_shapes({A: ("N",)})


def test_check_numerics():
    assert dbg.check_numerics(A, "msg") is not None
    np.testing.assert_array_equal(dbg.assert_all_finite(A, "m").numpy(), [1.0, 2.0])
    assert message(lambda: dbg.check_numerics(tf.constant([1.0, np.nan]), "nan here")) == (
        IAE, PREFIX + "nan here : Tensor had NaN values [Op:CheckNumerics] name: ")
    assert message(lambda: dbg.assert_all_finite(tf.constant([np.inf]), "found inf"))[1] == \
        PREFIX + "found inf : Tensor had Inf values [Op:CheckNumerics] name: "
    assert "Tensor had Inf and NaN values" in message(lambda: dbg.check_numerics(tf.constant([np.nan, np.inf]), "b"))[1]
    kind, text = message(lambda: dbg.check_numerics(tf.constant([1]), "m"))
    assert kind is IAE and text.startswith(
        "Value for attr 'T' of int32 is not in the list of allowed values: bfloat16, half, float, double\n\t; NodeDef")


def test_check_numerics_is_a_taped_op_with_a_checked_gradient():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = dbg.check_numerics(x * x, "m")
    assert [r.op.type for r in tape._records] == ["Mul", "CheckNumerics"]
    assert float(tape.gradient(y, x)) == 4.0
    z = tf.Variable(0.0)
    with tf.GradientTape() as tape:
        y = tf.sqrt(dbg.check_numerics(z, "sqrt"))     # sqrt's gradient at 0 is inf
    with pytest.raises(IAE, match="Not a number \\(NaN\\) or infinity \\(Inf\\) values detected in gradient. sqrt"):
        tape.gradient(y, z)


def test_is_numeric_tensor():
    assert dbg.is_numeric_tensor(A) and dbg.is_numeric_tensor(tf.constant(1))
    assert not dbg.is_numeric_tensor(tf.constant(True)) and not dbg.is_numeric_tensor(1.0)
    assert not dbg.is_numeric_tensor(tf.constant("s"))

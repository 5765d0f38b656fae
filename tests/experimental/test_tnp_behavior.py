"""`tnp.experimental_enable_numpy_behavior()`: NumPy methods, promotion and indexing on Tensors.

The expected dtypes and values are TF 2.21's, observed with NumPy behavior on (a switch for the
whole process, so these cases cannot live in the differential corpus, which runs every snippet
in one process). Each test turns it on and off again.
"""
import numpy as np
import pytest

import tapeviz as tf
import tapeviz.experimental.numpy as tnp
from tapeviz.experimental.numpy import _behavior


@pytest.fixture
def numpy_behavior():
    tnp.experimental_enable_numpy_behavior()
    yield
    _behavior._disable()


def _check(t, dtype, value):
    assert isinstance(t, tf.Tensor)
    assert t.dtype.name == dtype
    np.testing.assert_allclose(t.numpy(), value)


def test_tf_experimental_numpy_is_the_module():
    assert tf.experimental.numpy is tnp
    assert tnp.ndarray is tf.Tensor


def test_off_by_default_and_after_disable():
    x = tf.constant([1, 2])
    assert not hasattr(x, "reshape")
    with pytest.raises(tf.errors.InvalidArgumentError):
        x + tf.constant([1., 2.])
    tnp.experimental_enable_numpy_behavior()
    _behavior._disable()
    assert not hasattr(x, "reshape")
    with pytest.raises(tf.errors.InvalidArgumentError):     # a flat list is a tuple again (TF's quirk)
        x[[0, 1]]


@pytest.mark.usefixtures("numpy_behavior")
@pytest.mark.parametrize("expr, dtype, value", [
    ("tf.constant([1, 2]) + 1.5", "float64", [2.5, 3.5]),
    ("1.5 + tf.constant([1, 2])", "float64", [2.5, 3.5]),
    ("tf.constant([1., 2.]) + 1", "float32", [2., 3.]),
    ("tf.constant([1., 2.]) + 1.5", "float32", [2.5, 3.5]),
    ("tf.constant([1], tf.int8) + 1000", "int8", [-23]),
    ("tf.constant([1], tf.int8) + tf.constant([1])", "int32", [2]),
    ("tf.constant([1], tf.uint8) + tf.constant([1], tf.int8)", "int16", [2]),
    ("tf.constant([1, 2]) * tf.constant([1., 2.])", "float64", [1., 4.]),
    ("tf.constant([1, 2]) / tf.constant([1, 2])", "float64", [1., 1.]),
    ("tf.constant([1, 2]) // tf.constant([1., 2.])", "float64", [1., 1.]),
    ("tf.constant([1., 2.]) + np.ones(2)", "float64", [2., 3.]),
    ("np.ones(2) + tf.constant([1., 2.])", "float64", [2., 3.]),
    ("tf.constant([1, 2]) < tf.constant([1., 2.])", "bool", [False, False]),
])
def test_operators_promote_as_numpy(expr, dtype, value):
    _check(eval(expr), dtype, value)


@pytest.mark.usefixtures("numpy_behavior")
def test_tf_ops_themselves_do_not_promote():
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.add(tf.constant([1]), tf.constant([1.]))


@pytest.mark.usefixtures("numpy_behavior")
def test_numpy_methods():
    x = tnp.arange(6)
    _check(x.reshape(2, 3), "int64", [[0, 1, 2], [3, 4, 5]])
    _check(x.reshape((2, 3)).T, "int64", [[0, 3], [1, 4], [2, 5]])
    _check(tnp.ones([2, 2]).ravel(), "float64", [1] * 4)
    _check(tnp.ones([2, 2]).flatten(), "float64", [1] * 4)
    _check(tnp.ones([2, 3]).transpose(), "float64", np.ones((3, 2)))
    _check(tnp.arange(5).clip(1, 3), "int64", [1, 1, 2, 3, 3])
    _check(tnp.arange(5).mean(), "float64", 2.0)
    _check(tnp.arange(3).astype(tnp.float32), "float32", [0, 1, 2])
    _check(tnp.arange(3).max(), "int64", 2)
    _check(+tnp.arange(3), "int64", [0, 1, 2])
    assert tnp.ones([2, 3]).size == 6 and type(tnp.ones([2, 3]).size) is np.int64
    assert tnp.ones([2]).tolist() == [1.0, 1.0]
    assert tnp.arange(3).data is not None


@pytest.mark.usefixtures("numpy_behavior")
def test_numpy_indexing():
    x = tnp.arange(6).reshape(2, 3)
    _check(x[[0, 1], [1, 2]], "int64", [1, 5])
    _check(tnp.arange(6)[tnp.arange(6) > 2], "int64", [3, 4, 5])
    _check(tnp.arange(6)[[0, 2]], "int64", [0, 2])
    y = tnp.arange(24).reshape(2, 3, 4)
    _check(y[1, (0, 0, 1), tnp.asarray([0, 1, 1])], "int64", [12, 13, 17])
    with pytest.raises(TypeError):
        tnp.arange(6)[1] = -1


@pytest.mark.usefixtures("numpy_behavior")
def test_gradients_through_numpy_indexing_and_promotion():
    x = tf.constant([1., 2., 3.], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tnp.sum((x[[0, 2, 2]] * tf.constant([1, 2, 3])) ** 2)
    _check(tape.gradient(y, x), "float64", [2., 0., 2 * 2 * 6 + 2 * 3 * 9])


@pytest.mark.usefixtures("numpy_behavior")
@pytest.mark.parametrize("expr, dtype, value", [
    ("tnp.exp(tnp.arange(3))", "float64", np.exp([0, 1, 2])),
    ("tnp.sqrt(tf.constant(4))", "float64", 2.0),
    ("tnp.log(tf.constant([1, 2], tf.int32))", "float64", np.log([1, 2])),
    ("tnp.mean(tnp.arange(4))", "float64", 1.5),
    ("tnp.round(tnp.asarray(2.567), 2)", "float64", 2.57),
    ("tnp.average(tnp.arange(4))", "float64", 1.5),
    ("tnp.isnan(tnp.asarray([1.0]))", "bool", [False]),
])
def test_integer_inputs_of_float_functions(expr, dtype, value):
    _check(eval(expr), dtype, value)


def test_prefer_float32():
    try:
        tnp.experimental_enable_numpy_behavior(prefer_float32=True)
        assert tnp.asarray(1.).dtype == tf.float32
        assert tnp.add(1., 2.).dtype == tf.float32
        assert tnp.ones([2]).dtype == tf.float32
        assert tnp.random.randn(2).dtype == tf.float32
        tnp.experimental_enable_numpy_behavior(prefer_float32=False)
        assert tnp.asarray(1.).dtype == tf.float64
        assert tnp.add(1., 2.).dtype == tf.float64
    finally:
        _behavior._disable()


def test_random_dtypes():
    assert tnp.random.randn(2).dtype == tf.float64
    assert tnp.random.rand(2).dtype == tf.float64
    assert tnp.random.randint(0, 3, size=2).dtype == tf.int64
    assert tnp.random.standard_normal(2).dtype == tf.float64


def test_other_experimental_names_say_they_are_missing():
    with pytest.raises(AttributeError, match="tapeviz does not implement tf.experimental.dlpack yet"):
        tf.experimental.dlpack
    with pytest.raises(AttributeError, match="module 'tapeviz.experimental' has no attribute 'nope'"):
        tf.experimental.nope

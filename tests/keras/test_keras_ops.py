"""keras.ops on tapeviz (values and dtypes against real Keras are in
tests/tf_diff/corpus_keras_files.py), `import keras` through the import hook, gradients."""
import sys

import numpy as np
import pytest

import tapeviz as tf
from tapeviz import import_hook
from tapeviz.keras import ops


@pytest.mark.parametrize("values, dtype", [
    ((np.int32(1), 1.5), "float32"), ((np.int64(1), np.float32(1)), "float32"),
    ((np.int8(1), np.uint8(1)), "int16"), ((True, 1), "int32"), ((np.float16(1), np.float64(1)), "float64"),
    ((1, 2), "int32"), ((1.0,), "float32"), ((np.bool_(True), 2.0), "float32"),
])
def test_result_type(values, dtype):
    assert ops.result_type(*values) == dtype


def test_ops_record_on_the_tape_and_differentiate():
    x = tf.Variable([[0.5, -1.0, 2.0]], dtype="float64")
    with tf.GradientTape() as tape:
        y = ops.sum(ops.square(ops.tanh(ops.matmul(x, ops.ones((3, 2), "float64")))))
    g = tape.gradient(y, x)
    eps, base = 1e-6, x.numpy()

    def f(v):
        return np.sum(np.tanh(v @ np.ones((3, 2))) ** 2)
    numeric = [(f(base + eps * e) - f(base - eps * e)) / (2 * eps)
               for e in np.eye(3).reshape(3, 1, 3)]
    np.testing.assert_allclose(g.numpy().ravel(), numeric, rtol=1e-6)
    assert {"MatMul", "Tanh", "Square", "Sum"} <= {r.op.type for r in tape.records}


def test_ops_names_and_errors():
    assert ops.add.__name__ == "add" and ops.sqrt.__name__ == "sqrt"
    with pytest.raises(ValueError, match="both"):
        ops.where([True], 1)
    with pytest.raises(tf.errors.InvalidArgumentError):
        ops.reshape(ops.arange(6), (4, 4))


def test_import_keras_resolves_to_tapeviz():
    was_installed = import_hook.installed()
    saved = {k: v for k, v in sys.modules.items() if k == "keras" or k.startswith("keras.")}
    for k in saved:
        del sys.modules[k]
    import_hook.install()
    try:
        import keras
        from keras import layers
        from keras import ops as keras_ops
        from keras.ops import relu
        assert keras is tf.keras and layers is tf.keras.layers and keras_ops is ops
        assert relu is ops.relu
        from keras.datasets import mnist  # noqa: F401
        from keras.preprocessing.sequence import pad_sequences  # noqa: F401
        from keras.saving import register_keras_serializable  # noqa: F401
        model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
        assert isinstance(model, tf.keras.Model)
    finally:
        if not was_installed:
            import_hook.uninstall()
        sys.modules.update(saved)


# ---- the second set of ops (values against Keras are in tests/tf_diff/corpus_keras_ops2.py) -----

def _numeric_grad(f, x, eps=1e-6):
    flat = x.ravel()
    out = np.zeros_like(flat)
    for i in range(flat.size):
        e = np.zeros_like(flat)
        e[i] = eps
        out[i] = (f((flat + e).reshape(x.shape)) - f((flat - e).reshape(x.shape))) / (2 * eps)
    return out.reshape(x.shape)


@pytest.mark.parametrize("name, fn, ref", [
    ("median", lambda x: ops.sum(ops.median(x, axis=1)), lambda v: np.median(v, axis=1).sum()),
    ("quantile", lambda x: ops.sum(ops.quantile(x, 0.3, axis=0)), lambda v: np.quantile(v, 0.3, axis=0).sum()),
    ("tril", lambda x: ops.sum(ops.square(ops.tril(x, -1))), lambda v: (np.tril(v, -1) ** 2).sum()),
    ("logaddexp", lambda x: ops.sum(ops.logaddexp(x, 0.5)), lambda v: np.logaddexp(v, 0.5).sum()),
    ("hypot", lambda x: ops.sum(ops.hypot(x, 2.0)), lambda v: np.hypot(v, 2.0).sum()),
    ("nanmean", lambda x: ops.nanmean(ops.square(x)), lambda v: np.nanmean(v ** 2)),
    ("cumprod", lambda x: ops.sum(ops.cumprod(x, axis=1)), lambda v: np.cumprod(v, axis=1).sum()),
    ("inv", lambda x: ops.sum(ops.inv(x[:, :2] + 3 * ops.eye(2, dtype="float64"))),
     lambda v: np.linalg.inv(v[:, :2] + 3 * np.eye(2)).sum()),
    ("det", lambda x: ops.det(x[:, :2]), lambda v: np.linalg.det(v[:, :2])),
    ("solve", lambda x: ops.sum(ops.solve(x[:, :2] + 3 * ops.eye(2, dtype="float64"), x[:, 2])),
     lambda v: np.linalg.solve(v[:, :2] + 3 * np.eye(2), v[:, 2]).sum()),
    ("glu", lambda x: ops.sum(ops.glu(ops.reshape(x, (3, 2)))),
     lambda v: (v.reshape(3, 2)[:, :1] / (1 + np.exp(-v.reshape(3, 2)[:, 1:]))).sum()),
    ("celu", lambda x: ops.sum(ops.celu(x)), lambda v: np.where(v > 0, v, np.expm1(v)).sum()),
    ("sinc", lambda x: ops.sum(ops.sinc(x)), lambda v: np.sinc(v).sum()),
    ("kron", lambda x: ops.sum(ops.square(ops.kron(x, x))), lambda v: (np.kron(v, v) ** 2).sum()),
    ("layer_normalization", lambda x: ops.sum(ops.square(ops.layer_normalization(x)) * ops.arange(3.0, dtype="float64")),
     lambda v: ((((v - v.mean(-1, keepdims=True)) / np.sqrt(v.var(-1, keepdims=True) + 1e-7)) ** 2)
                * np.arange(3.0)).sum()),
])
def test_new_ops_differentiate_on_the_tape(name, fn, ref):
    base = np.array([[0.3, -1.2, 0.7], [1.6, 0.2, -0.4]])
    x = tf.Variable(base)
    with tf.GradientTape() as tape:
        y = fn(x)
    np.testing.assert_allclose(y.numpy(), ref(base), rtol=1e-6)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), _numeric_grad(ref, base), rtol=1e-4, atol=1e-6)
    assert tape.records, name


def test_new_ops_record_their_ops():
    x = tf.Variable(np.linspace(-1, 1, 16).reshape(1, 4, 4, 1).astype("float32"))
    k = tf.constant(np.ones((2, 2, 1, 2), "float32"))
    with tf.GradientTape() as tape:
        y = ops.sum(ops.max_pool(ops.conv(x, k, padding="same"), 2))
    assert {"Conv2D", "MaxPool"} <= {r.op.type for r in tape.records}
    assert tape.gradient(y, x).shape == x.shape


def test_new_ops_namespaces_and_errors():
    assert ops.nn.hard_silu is ops.hard_silu and ops.linalg.solve is ops.solve and ops.image.rot90 is ops.rot90
    assert ops.numpy.tril is ops.tril and ops.hard_sigmoid.__name__ == "hard_sigmoid"
    with pytest.raises(ValueError, match="1d or 2d"):
        ops.diag(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="mode"):
        ops.qr(np.eye(2, dtype="float32"), mode="r")
    with pytest.raises(ValueError, match="method"):
        ops.quantile(np.arange(4.0), 0.5, method="bogus")


def test_scan_and_scatter_helpers():
    carry, ys = ops.scan(lambda c, x: (c + x, c * x), 1.0, np.arange(4.0, dtype="float32"), reverse=True)
    assert float(carry.numpy()) == 7.0 and ys.numpy().tolist() == [0.0, 6.0, 8.0, 3.0]
    out = ops.slice_update(np.zeros((3, 4), "float32"), (1, 2), np.ones((2, 2), "float32"))
    assert out.numpy().sum() == 4 and out.numpy()[1:, 2:].tolist() == [[1, 1], [1, 1]]
    assert ops.segment_sum(np.array([1, 2, 3]), np.array([0, 2, 2])).numpy().tolist() == [1, 0, 5]
    assert ops.switch(5, [lambda a: a + 1, lambda a: a * 10], 2) == 20


def test_convolutions_refuse_channels_first():
    with pytest.raises(NotImplementedError, match="channels_last"):
        ops.conv(np.ones((1, 2, 4, 4), "float32"), np.ones((2, 2, 2, 1), "float32"), data_format="channels_first")

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

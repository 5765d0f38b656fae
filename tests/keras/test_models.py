"""Sequential, functional and subclassed models; compile/fit/evaluate/predict; summary."""
import numpy as np
import pytest

import tapeviz as tf

k = tf.keras
layers = k.layers


class TwoLayer(k.Model):
    def __init__(self):
        super().__init__()
        self.d1 = layers.Dense(3, activation="relu")
        self.d2 = layers.Dense(1)

    def call(self, x):
        return self.d2(self.d1(x))


def test_model_variables_empty_before_first_call():
    for model, count in ((k.Sequential([layers.Dense(2)]), 2), (TwoLayer(), 4)):
        assert model.variables == [] and model.weights == [] and not model.built
        model(np.zeros((1, 2)))
        assert len(model.variables) == count and model.built


def test_sequential_with_input_builds_at_once():
    m = k.Sequential([k.Input((3,)), layers.Dense(2, name="d")])
    assert m.built and m.name == "sequential"
    assert [v.name for v in m.weights] == ["kernel", "bias"]
    assert [v.path for v in m.weights] == ["sequential/d/kernel", "sequential/d/bias"]
    assert [l.name for l in m.layers] == ["d"]
    assert k.Sequential().name == "sequential_1"


def test_sequential_add_and_errors():
    m = k.Sequential()
    m.add(k.Input((4,)))
    m.add(layers.Dense(2))
    assert m.built and m.weights[0].shape == (4, 2)
    with pytest.raises(ValueError, match="Only instances of `keras.Layer`"):
        m.add("dense")
    with pytest.raises(ValueError, match="unique names"):
        m.add(layers.Dense(2, name="dense"))


def test_subclassed_model_tracks_layers_and_paths():
    m = TwoLayer()
    assert m.name == "two_layer"
    m(np.zeros((1, 2)))
    assert [l.name for l in m.layers] == ["dense", "dense_1"]
    assert [v.path for v in m.weights] == ["two_layer/dense/kernel", "two_layer/dense/bias",
                                           "two_layer/dense_1/kernel", "two_layer/dense_1/bias"]


def test_functional_model():
    inputs = k.Input((4,))
    assert repr(inputs).startswith("<KerasTensor shape=(None, 4), dtype=float32, sparse=False")
    h = layers.Dense(3, activation="relu")(inputs)
    outputs = layers.Add()([layers.Dense(2)(h), layers.Dense(2)(h)])
    model = k.Model(inputs, outputs)
    assert type(model).__name__ == "Functional" and model.name == "functional"
    assert [type(l).__name__ for l in model.layers] == ["InputLayer", "Dense", "Dense", "Dense", "Add"]
    assert outputs.shape == (None, 2)
    x = np.random.default_rng(0).standard_normal((5, 4)).astype("float32")
    d, a, b = model.layers[1:4]
    hidden = np.maximum(x @ d.kernel.numpy() + d.bias.numpy(), 0)
    expected = hidden @ a.kernel.numpy() + a.bias.numpy() + hidden @ b.kernel.numpy() + b.bias.numpy()
    np.testing.assert_allclose(model(x).numpy(), expected, rtol=1e-5)


SUMMARY = '''Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ dense (Dense)                   │ (None, 4)              │            16 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ batch_normalization             │ (None, 4)              │            16 │
│ (BatchNormalization)            │                        │               │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ (None, 2)              │            10 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 42 (168.00 B)
 Trainable params: 34 (136.00 B)
 Non-trainable params: 8 (32.00 B)
'''


def test_summary_matches_keras(capsys):
    m = k.Sequential([k.Input((3,)), layers.Dense(4, activation="relu"),
                      layers.BatchNormalization(), layers.Dense(2)])
    m.summary()
    assert capsys.readouterr().out == SUMMARY
    k.Sequential([layers.Dense(2)]).summary()
    assert "│ dense_2 (Dense)                 │ ?                      │   0 (unbuilt) │" in capsys.readouterr().out


def _data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 4)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("int32")
    return x, y


def _trained(epochs=3, **fit_kwargs):
    k.utils.set_random_seed(5)
    m = k.Sequential([k.Input((4,)), layers.Dense(8, activation="relu"), layers.Dense(2)])
    m.compile(k.optimizers.Adam(0.05), k.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
    x, y = _data()
    return m, m.fit(x, y, epochs=epochs, batch_size=16, verbose=0, **fit_kwargs)


def test_fit_decreases_loss_and_is_deterministic():
    m, history = _trained(epochs=5, validation_data=_data())
    losses = history.history["loss"]
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert history.epoch == [0, 1, 2, 3, 4] and history.params == {"verbose": 0, "epochs": 5, "steps": 4}
    assert losses[-1] < losses[0] * 0.7
    assert history.history["accuracy"][-1] > 0.8
    _, again = _trained(epochs=5, validation_data=_data())
    assert again.history == history.history
    assert m.optimizer.iterations.numpy() == 20


def test_evaluate_predict_and_return_types():
    m, _ = _trained()
    x, y = _data()
    loss, acc = m.evaluate(x, y, verbose=0)
    logs = m.evaluate(x, y, verbose=0, return_dict=True)
    assert logs == {"accuracy": acc, "loss": loss}
    pred = m.predict(x, verbose=0)
    assert isinstance(pred, np.ndarray) and pred.shape == (64, 2) and pred.dtype == np.float32
    np.testing.assert_allclose(pred, m(x).numpy(), rtol=1e-6)
    assert np.isclose(acc, np.mean(np.argmax(pred, 1) == y))


def test_fit_requires_compile_and_a_loss():
    m = k.Sequential([layers.Dense(1)])
    with pytest.raises(ValueError, match="You must call `compile\\(\\)`"):
        m.fit(np.zeros((2, 2)), np.zeros((2, 1)), verbose=0)
    m.compile("sgd")
    with pytest.raises(ValueError, match="No loss to compute"):
        m.fit(np.zeros((2, 2)), np.zeros((2, 1)), verbose=0)


def test_progress_bar_output(capsys):
    _trained(epochs=1)
    m, _ = _trained(epochs=0)
    x, y = _data()
    m.fit(x, y, epochs=1, batch_size=16, verbose=1)
    out = capsys.readouterr().out
    assert out.startswith("Epoch 1/1\n")
    assert "\x1b[1m4/4\x1b[0m \x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m" in out
    assert "- accuracy: " in out and "- loss: " in out and out.endswith("\n")
    m.fit(x, y, epochs=1, batch_size=16, verbose=2)
    line = capsys.readouterr().out.splitlines()[1]
    assert line.startswith("4/4 - 0s - ") and "/step - accuracy: " in line


def test_accuracy_metric_kind_follows_shapes():
    m = k.Sequential([k.Input((2,)), layers.Dense(1, activation="sigmoid")])
    m.compile("sgd", "binary_crossentropy", metrics=["accuracy"])
    m.fit(np.zeros((4, 2)), np.array([0., 1., 0., 0.]), verbose=0)
    assert type(m._compile_metrics[0]).__name__ == "BinaryAccuracy"
    m = k.Sequential([k.Input((2,)), layers.Dense(3, activation="softmax")])
    m.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
    m.fit(np.zeros((4, 2)), np.eye(3)[[0, 1, 2, 0]], verbose=0)
    assert type(m._compile_metrics[0]).__name__ == "CategoricalAccuracy"


def test_custom_training_loop_with_gradient_tape():
    m = k.Sequential([k.Input((4,)), layers.Dense(2)])
    loss_fn = k.losses.MeanSquaredError()
    opt = k.optimizers.SGD(0.1)
    x = np.random.default_rng(1).standard_normal((16, 4)).astype("float32")
    y = x[:, :2] * 2
    losses = []
    for _ in range(30):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, m(x, training=True))
        grads = tape.gradient(loss, m.trainable_variables)
        assert all(isinstance(g, tf.Tensor) for g in grads)
        opt.apply_gradients(zip(grads, m.trainable_variables))
        losses.append(float(loss))
    assert losses[-1] < 0.1 * losses[0]

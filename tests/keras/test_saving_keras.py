"""Whole-model `.keras` files (tapeviz/keras/saving_keras.py): tapeviz <-> real Keras 3.

The fixtures in tests/fixtures/keras/ were written once by real Keras 3.15 (keras_*.keras) and
by tapeviz (tapeviz_*.keras); `expected.npz` holds real Keras's predictions and optimizer
variables after loading each file (tests/fixtures/keras/make_keras_files.py).
"""
import json
import os
import zipfile

import numpy as np
import pytest

import tapeviz as tf
from tests.fixtures.keras.make_keras_files import MODELS, inputs, subclassed_net

keras = tf.keras
subclassed_net(keras)          # registers demo>Net, the subclassed fixture's class
FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "keras")


@pytest.fixture(scope="module")
def expected():
    return dict(np.load(os.path.join(FIXTURES, "expected.npz")))


@pytest.mark.parametrize("source", ["keras", "tapeviz"])
@pytest.mark.parametrize("name", MODELS)
def test_fixture_loads_and_predicts_as_keras(source, name, expected):
    model = keras.models.load_model(os.path.join(FIXTURES, f"{source}_{name}.keras"))
    got = model.predict(inputs(name), verbose=0)
    np.testing.assert_allclose(got, expected[f"{source}_{name}/predictions"], atol=1e-5)
    variables = model.optimizer.variables
    keys = sorted((k for k in expected if k.startswith(f"{source}_{name}/optimizer/")),
                  key=lambda k: int(k.rsplit("/", 1)[1]))
    assert len(variables) == len(keys) > 2
    for v, key in zip(variables, keys):
        np.testing.assert_allclose(np.asarray(v.numpy()), expected[key], atol=1e-6)


def test_loaded_keras_model_keeps_training(expected):
    model = keras.models.load_model(os.path.join(FIXTURES, "keras_mlp.keras"))
    assert model.compiled and type(model.optimizer).__name__ == "Adam"
    before = int(model.optimizer.iterations.numpy())
    model.fit(inputs("mlp"), np.array([0, 1, 2, 1, 0, 2]), epochs=1, batch_size=3, verbose=0)
    assert int(model.optimizer.iterations.numpy()) == before + 2


def test_compile_false_gives_an_uncompiled_model():
    model = keras.models.load_model(os.path.join(FIXTURES, "keras_cnn.keras"), compile=False)
    assert not model.compiled and model.optimizer is None
    assert [l.name for l in model.layers][:2] == ["image", "conv2d"]


def _mlp():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu"),
                              keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9), loss="mse", metrics=["mae"])
    model.fit(np.ones((4, 4), "float32"), np.zeros((4, 2), "float32"), verbose=0)
    return model


def test_file_is_keras3s_zip_layout(tmp_path):
    path = tmp_path / "m.keras"
    _mlp().save(path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["config.json", "metadata.json", "model.weights.h5"]
        config = json.loads(archive.read("config.json"))
        metadata = json.loads(archive.read("metadata.json"))
    assert metadata["keras_version"] == keras.__version__
    assert (config["module"], config["class_name"]) == ("keras", "Sequential")
    assert [l["class_name"] for l in config["config"]["layers"]] == ["InputLayer", "Dense", "Dense"]
    assert config["config"]["layers"][1]["config"]["activation"] == "relu"
    optimizer = config["compile_config"]["optimizer"]
    assert optimizer["class_name"] == "SGD" and optimizer["config"]["momentum"] == 0.9
    assert config["compile_config"]["loss"] == "mse"


def test_round_trip_restores_weights_optimizer_and_compile(tmp_path):
    model = _mlp()
    model.save(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    x = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
    np.testing.assert_array_equal(model.predict(x, verbose=0), loaded.predict(x, verbose=0))
    assert loaded.optimizer.momentum == 0.9 and loaded.loss == "mse"
    for a, b in zip(model.optimizer.variables, loaded.optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    # both continue training identically: the momentum state came back
    y = np.ones((5, 2), "float32")
    model.fit(x, y, verbose=0, shuffle=False)
    loaded.fit(x, y, verbose=0, shuffle=False)
    np.testing.assert_allclose(model.predict(x, verbose=0), loaded.predict(x, verbose=0), atol=1e-6)


def test_functional_model_with_a_shared_layer(tmp_path):
    inp = keras.Input((3,))
    shared = keras.layers.Dense(3, activation="tanh", name="shared")
    out = keras.layers.Dense(1)(keras.layers.Add()([shared(inp), shared(shared(inp))]))
    model = keras.Model(inp, out)
    config = model.get_config()
    entry = [l for l in config["layers"] if l["name"] == "shared"][0]
    assert len(entry["inbound_nodes"]) == 3
    model.save(tmp_path / "f.keras")
    loaded = keras.models.load_model(tmp_path / "f.keras")
    assert len(loaded.weights) == 4
    x = np.arange(6, dtype="float32").reshape(2, 3)
    np.testing.assert_allclose(model(x).numpy(), loaded(x).numpy(), atol=1e-6)


def test_multi_input_functional_config_round_trips():
    a, b = keras.Input((2,), name="a"), keras.Input((3,), name="b")
    out = keras.layers.Dense(2)(keras.layers.concatenate([a, b]))
    model = keras.Model([a, b], out)
    config = model.get_config()
    assert config["input_layers"] == [["a", 0, 0], ["b", 0, 0]]
    clone = type(model).from_config(config)
    assert [t.shape for t in clone.inputs] == [(None, 2), (None, 3)]


def test_to_json_and_model_from_json():
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(4, use_bias=False, name="d")])
    text = model.to_json()
    assert json.loads(text)["class_name"] == "Sequential"
    clone = keras.models.model_from_json(text)
    assert clone.layers[0].name == "d" and clone.layers[0].bias is None
    assert clone.layers[0].kernel.shape == (5, 4)


@keras.saving.register_keras_serializable(package="tests")
class Scaled(keras.layers.Layer):
    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x * self.factor


@keras.saving.register_keras_serializable(package="tests")
class TwoLayerNet(keras.Model):
    def __init__(self, hidden=4, **kwargs):
        super().__init__(**kwargs)
        self.hidden = keras.layers.Dense(hidden, activation="relu")
        self.scale = Scaled(3.0)
        self.out = keras.layers.Dense(1)

    def call(self, x):
        return self.out(self.scale(self.hidden(x)))


def test_registered_subclassed_model_round_trips(tmp_path):
    model = TwoLayerNet(hidden=5)
    x = np.ones((2, 3), "float32")
    expected = model(x).numpy()
    assert model.get_config()["hidden"] == 5
    assert keras.saving.get_registered_name(TwoLayerNet) == "tests>TwoLayerNet"
    model.save(tmp_path / "s.keras")
    loaded = keras.models.load_model(tmp_path / "s.keras")
    assert isinstance(loaded, TwoLayerNet) and loaded.hidden.units == 5
    np.testing.assert_allclose(loaded(x).numpy(), expected, atol=1e-6)


def test_unregistered_custom_layer_names_the_class(tmp_path):
    class Local(keras.layers.Layer):
        def call(self, x):
            return x
    model = keras.Sequential([keras.Input((2,)), Local()])
    model.save(tmp_path / "u.keras")
    with pytest.raises(TypeError, match="Could not locate class 'Local'"):
        keras.models.load_model(tmp_path / "u.keras")
    loaded = keras.models.load_model(tmp_path / "u.keras", custom_objects={"Local": Local})
    assert type(loaded.layers[0]) is Local


def test_lambda_layer_needs_safe_mode_false(tmp_path):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Lambda(lambda t: t * 2)])
    model.save(tmp_path / "l.keras")
    with pytest.raises(ValueError, match="safe_mode=False"):
        keras.models.load_model(tmp_path / "l.keras")
    loaded = keras.models.load_model(tmp_path / "l.keras", safe_mode=False)
    np.testing.assert_array_equal(loaded(np.ones((1, 2), "float32")).numpy(), [[2.0, 2.0]])


def test_save_is_atomic_and_checks_its_arguments(tmp_path, monkeypatch):
    path = tmp_path / "m.keras"
    model = _mlp()
    model.save(path)
    before = path.read_bytes()
    from tapeviz.keras import saving_h5

    def broken(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(saving_h5, "save_weights", broken)
    with pytest.raises(OSError, match="disk full"):
        model.save(path)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["m.keras"]
    monkeypatch.undo()
    with pytest.raises(ValueError, match="Invalid filepath extension"):
        model.save(tmp_path / "m.zip")
    with pytest.raises(FileExistsError):
        model.save(path, overwrite=False)
    with pytest.raises(ValueError, match="File not found"):
        keras.models.load_model(tmp_path / "missing.keras")
    (tmp_path / "bad.keras").write_text("not a zip")
    with pytest.raises(ValueError, match="not a `.keras` zip"):
        keras.models.load_model(tmp_path / "bad.keras")


def test_clone_model_has_fresh_weights():
    model = _mlp()
    clone = keras.models.clone_model(model)
    assert [l.name for l in clone.layers] == [l.name for l in model.layers]
    assert not clone.compiled
    assert not np.array_equal(clone.layers[0].kernel.numpy(), model.layers[0].kernel.numpy())


def test_compile_with_objects_round_trips(tmp_path):
    model = keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(3, kernel_initializer=tf.random_normal_initializer(seed=1),
                           kernel_regularizer=keras.regularizers.L2(0.01)),
        keras.layers.BatchNormalization(), keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.RMSprop(0.01, rho=0.8),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=[keras.metrics.SparseCategoricalAccuracy(), "accuracy"])
    x, y = np.ones((4, 4), "float32"), np.array([0, 1, 0, 1])
    model.fit(x, y, verbose=0)
    model.save(tmp_path / "o.keras")
    loaded = keras.models.load_model(tmp_path / "o.keras")
    assert type(loaded.loss).__name__ == "SparseCategoricalCrossentropy"
    assert loaded.optimizer.rho == 0.8 and loaded.layers[0].kernel_regularizer.l2 == 0.01
    assert type(loaded._metric_specs[0]).__name__ == "SparseCategoricalAccuracy"
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)
    logs = loaded.evaluate(x, y, verbose=0, return_dict=True)
    assert set(logs) == {"loss", "accuracy", "sparse_categorical_accuracy"}


LAYERS = [
    ("Dense", (3,), {"activation": "relu", "use_bias": False}), ("Dropout", (0.3,), {"seed": 2}),
    ("Conv2D", (4, 3), {"strides": 2, "padding": "same"}), ("Conv1D", (2, 2), {}),
    ("MaxPooling2D", (), {"pool_size": 3}), ("AveragePooling1D", (2,), {}),
    ("GlobalAveragePooling2D", (), {}), ("Flatten", (), {}), ("Reshape", ((2, 3),), {}),
    ("Permute", ((2, 1),), {}), ("RepeatVector", (3,), {}), ("Embedding", (10, 4), {"mask_zero": True}),
    ("BatchNormalization", (), {"momentum": 0.9}), ("LayerNormalization", (), {"epsilon": 1e-4}),
    ("LSTM", (5,), {"return_sequences": True, "activation": "relu"}), ("GRU", (3,), {"reset_after": False}),
    ("SimpleRNN", (2,), {"go_backwards": True}), ("Activation", ("tanh",), {}),
    ("Concatenate", (), {"axis": 1}), ("Add", (), {}), ("UpSampling2D", ((2, 2),), {}),
    ("ZeroPadding2D", (1,), {}), ("Cropping2D", (((1, 0), (0, 1)),), {}), ("Softmax", (), {}),
]


@pytest.mark.parametrize("name, args, kwargs", LAYERS, ids=[l[0] for l in LAYERS])
def test_layer_config_round_trips(name, args, kwargs):
    layer = getattr(keras.layers, name)(*args, **kwargs)
    config = layer.get_config()
    json.dumps(keras.saving.serialize_keras_object(layer))      # JSON-able
    for key, value in kwargs.items():
        assert config[key] == value, key
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    saved = json.loads(json.dumps(keras.saving.serialize_keras_object(layer)))
    again = keras.saving.deserialize_keras_object(saved)
    assert type(again) is type(layer)
    assert json.loads(json.dumps(keras.saving.serialize_keras_object(again))) == saved


def test_bidirectional_and_time_distributed_nest_their_layer():
    bi = keras.layers.Bidirectional(keras.layers.LSTM(3), merge_mode="sum")
    config = keras.saving.serialize_keras_object(bi)["config"]
    assert config["layer"]["class_name"] == "LSTM" and config["merge_mode"] == "sum"
    clone = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(bi))
    assert type(clone.forward_layer).__name__ == "LSTM" if hasattr(clone, "forward_layer") else True
    out = clone(np.ones((2, 4, 3), "float32"))
    assert tuple(out.shape) == (2, 3)


def test_load_weights_from_a_keras_file():
    source = keras.models.load_model(os.path.join(FIXTURES, "keras_mlp.keras"))
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dropout(0.1), keras.layers.Dense(3, activation="softmax")])
    model.load_weights(os.path.join(FIXTURES, "keras_mlp.keras"))
    x = inputs("mlp")
    np.testing.assert_allclose(model.predict(x, verbose=0), source.predict(x, verbose=0), atol=1e-6)


def test_enable_unsafe_deserialization(tmp_path):
    from tapeviz.keras import serialization
    model = keras.Sequential([keras.Input((2,)), keras.layers.Lambda(lambda t: t + 1)])
    model.save(tmp_path / "l.keras")
    keras.config.enable_unsafe_deserialization()
    try:
        loaded = keras.models.load_model(tmp_path / "l.keras")
    finally:
        serialization.UNSAFE_DESERIALIZATION[0] = False
    np.testing.assert_array_equal(loaded(np.zeros((1, 2), "float32")).numpy(), [[1.0, 1.0]])
    assert keras.config.backend() == "tensorflow" and keras.config.floatx() == "float32"

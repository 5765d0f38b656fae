"""save_weights / load_weights (.weights.h5 in Keras 3's layout) and tf.train.Checkpoint."""
import os

import numpy as np
import pytest

import tapeviz as tf

k = tf.keras
layers = k.layers


def make(seed=0, units=2):
    k.utils.set_random_seed(seed)
    return k.Sequential([k.Input((3,)), layers.Dense(4), layers.BatchNormalization(),
                         layers.Dropout(0.1), layers.Dense(units, name="out")])


def test_round_trip(tmp_path):
    a, b = make(0), make(1)
    path = str(tmp_path / "w.weights.h5")
    assert a.save_weights(path) is None
    assert os.listdir(tmp_path) == ["w.weights.h5"]          # no temporary file left behind
    assert b.load_weights(path) is None
    for x, y in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(x, y)


def test_file_layout_is_keras3s(tmp_path):
    import h5py
    model = make()
    path = str(tmp_path / "w.weights.h5")
    model.save_weights(path)
    seen = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: seen.update({name: (dict(obj.attrs), getattr(obj, "shape", None))}))
    assert seen["vars"] == ({"name": "sequential"}, None)
    assert seen["layers/dense/vars"] == ({"name": "dense"}, None)
    assert seen["layers/dense/vars/0"][1] == (3, 4) and seen["layers/dense/vars/1"][1] == (4,)
    assert seen["layers/dense_1/vars"] == ({"name": "out"}, None)      # keyed by class, not name
    assert [seen[f"layers/batch_normalization/vars/{i}"][1] for i in range(4)] == [(4,)] * 4
    assert "layers/dropout/vars" in seen and "layers/dropout/vars/0" not in seen


def test_subclassed_model_groups_by_attribute(tmp_path):
    import h5py

    class M(k.Model):
        def __init__(self):
            super().__init__()
            self.d1 = layers.Dense(3)
            self.d2 = layers.Dense(1)

        def call(self, x):
            return self.d2(self.d1(x))
    model = M()
    model(np.zeros((1, 2)))
    path = str(tmp_path / "s.weights.h5")
    model.save_weights(path)
    with h5py.File(path, "r") as f:
        assert sorted(f.keys()) == ["d1", "d2", "vars"]
        assert f["d1/vars"].attrs["name"] == "dense" and f["d2/vars/0"].shape == (3, 1)


def test_save_weights_errors(tmp_path):
    model = make()
    for name in ("w.h5", "ckpt", "x.ckpt"):
        path = str(tmp_path / name)
        with pytest.raises(ValueError) as e:
            model.save_weights(path)
        assert str(e.value) == f"The filename must end in `.weights.h5`. Received: filepath={path}"
    with pytest.raises(TypeError, match=r"^Model.save_weights\(\) got an unexpected keyword argument 'save_format'$"):
        model.save_weights(str(tmp_path / "y"), save_format="tf")
    with pytest.raises(ValueError, match="You are saving a model that has not yet been built"):
        k.Sequential([layers.Dense(1)]).save_weights(str(tmp_path / "u.weights.h5"))


def test_load_weights_errors(tmp_path):
    model = make()
    with pytest.raises(FileNotFoundError):
        model.load_weights(str(tmp_path / "missing.weights.h5"))
    with pytest.raises(ValueError, match=r"^File format not supported: filepath=.*Keras 3 only supports V3 "
                                         r"`\.keras` files, `\.weights\.h5` files, legacy H5 format"):
        model.load_weights(str(tmp_path / "ckpt"))
    with pytest.raises(ValueError, match="Invalid filepath extension for saving"):
        model.save(str(tmp_path / "mdir"))


def test_mismatched_file_changes_nothing(tmp_path):
    path = str(tmp_path / "w.weights.h5")
    make(0, units=3).save_weights(path)
    target = make(1, units=2)
    before = target.get_weights()
    with pytest.raises(ValueError, match=r"(?s)A total of 1 objects could not be loaded.*must match"):
        target.load_weights(path)
    for x, y in zip(before, target.get_weights()):
        np.testing.assert_array_equal(x, y)


def test_optimizer_state_is_saved_when_built(tmp_path):
    import h5py
    x, y = np.ones((4, 3), "float32"), np.zeros((4, 2), "float32")
    a = make(0)
    a.compile(k.optimizers.Adam(0.1), "mse")
    a.fit(x, y, epochs=2, verbose=0)
    path = str(tmp_path / "w.weights.h5")
    a.save_weights(path)
    with h5py.File(path, "r") as f:
        assert f["optimizer/vars"].attrs["name"] == "adam"
        assert f["optimizer/vars/0"][()] == 2 and len(f["optimizer/vars"]) == 2 + 2 * 6
    b = make(1)
    b.compile(k.optimizers.Adam(0.1), "mse")
    b.train_on_batch(x, y)
    b.load_weights(path)
    assert b.optimizer.iterations.numpy() == 2
    for va, vb in zip(a.optimizer.variables, b.optimizer.variables):
        np.testing.assert_array_equal(va.numpy(), vb.numpy())


def test_checkpoint_keys_follow_keras3_and_restore(tmp_path):
    model = make(0)
    prefix = tf.train.Checkpoint(model=model).save(str(tmp_path / "ck"))
    keys = [key for key, _ in tf.train.list_variables(prefix)]
    assert "model/_functional/_operations/1/_kernel/.ATTRIBUTES/VARIABLE_VALUE" in keys
    assert "model/_functional/_operations/1/bias/.ATTRIBUTES/VARIABLE_VALUE" in keys
    assert "model/_functional/_operations/2/moving_variance/.ATTRIBUTES/VARIABLE_VALUE" in keys
    other = make(3)
    status = tf.train.Checkpoint(model=other).restore(prefix)
    status.assert_consumed()
    for x, y in zip(model.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(x, y)


def test_checkpoint_restores_a_dense_built_later(tmp_path):
    d = layers.Dense(2)
    d(np.ones((1, 3)))
    prefix = tf.train.Checkpoint(layer=d).save(str(tmp_path / "ck"))
    fresh = layers.Dense(2)
    status = tf.train.Checkpoint(layer=fresh).restore(prefix)
    fresh(np.ones((1, 3)))                       # the kernel is created now and takes the value
    np.testing.assert_array_equal(fresh.kernel.numpy(), d.kernel.numpy())
    status.assert_consumed()

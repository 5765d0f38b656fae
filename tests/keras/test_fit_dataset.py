"""fit / evaluate / predict over a tf.data.Dataset: the same training as arrays in the same
batches, steps_per_epoch, Dataset validation data, and the progress bar's step count."""
import numpy as np
import pytest

import tapeviz as tf

k = tf.keras


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(10, 3)).astype(np.float32)
    return x, (x @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3)


def _model():
    tf.keras.utils.set_random_seed(1)
    model = k.Sequential([k.Input((3,)), k.layers.Dense(1)])
    model.compile(optimizer=k.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    return model


def test_fit_on_a_dataset_trains_like_the_same_batches_as_arrays():
    x, y = _data()
    a, b = _model(), _model()
    ha = a.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    hb = b.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(4), epochs=3, verbose=0)
    np.testing.assert_allclose(ha.history["loss"], hb.history["loss"], rtol=1e-6)
    for va, vb in zip(a.weights, b.weights):
        np.testing.assert_allclose(va.numpy(), vb.numpy(), rtol=1e-6)
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(4)
    np.testing.assert_allclose(a.evaluate(x, y, batch_size=4, verbose=0), b.evaluate(ds, verbose=0),
                               rtol=1e-6)
    np.testing.assert_allclose(a.predict(x, batch_size=4, verbose=0), b.predict(ds.map(lambda u, v: u), verbose=0),
                               rtol=1e-6)


def test_progress_bar_counts_the_dataset_batches(capsys):
    x, y = _data()
    _model().fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(4), epochs=1, verbose=1)
    assert "3/3" in capsys.readouterr().out


def test_unknown_cardinality_is_learnt_after_the_first_epoch(capsys):
    x, y = _data()
    ds = tf.data.Dataset.from_tensor_slices((x, y)).filter(lambda a, b: True).batch(4)
    assert int(ds.cardinality()) == tf.data.UNKNOWN_CARDINALITY
    _model().fit(ds, epochs=2, verbose=1)
    second = capsys.readouterr().out.split("Epoch 2/2")[1]
    assert "3/3" in second


def test_steps_per_epoch_continues_one_iterator_across_epochs():
    x, y = _data()
    seen = []
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(2)     # 5 batches
    model = _model()
    model.train_step = lambda bx, by, sw: seen.append(bx.copy()) or {"loss": 0.0}
    with pytest.warns(UserWarning, match="ran out of data"):
        model.fit(ds, epochs=3, steps_per_epoch=2, verbose=0)
    assert len(seen) == 5
    np.testing.assert_array_equal(np.concatenate(seen), x)


def test_validation_data_as_a_dataset_with_validation_steps():
    x, y = _data()
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(5)
    history = _model().fit(ds, validation_data=ds.repeat(), validation_steps=2, epochs=2, verbose=0)
    assert sorted(history.history) == ["loss", "mae", "val_loss", "val_mae"]   # named as given
    assert len(history.history["val_loss"]) == 2

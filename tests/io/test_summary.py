"""tf.summary and keras.callbacks.TensorBoard, read back with TensorBoard's own reader (its
EventAccumulator), as TensorBoard would show them."""
import os

import numpy as np
import pytest

import tapeviz as tf

ea = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")
from tensorboard.util import tensor_util  # noqa: E402


def read(logdir):
    acc = ea.EventAccumulator(str(logdir), size_guidance={ea.TENSORS: 0})
    acc.Reload()
    return acc


def values(acc, tag):
    return [(e.step, tensor_util.make_ndarray(e.tensor_proto).tolist()) for e in acc.Tensors(tag)]


@pytest.fixture(autouse=True)
def no_default_step():
    tf.summary.experimental.set_step(None)
    yield
    tf.summary.experimental.set_step(None)


def test_scalars_read_back_by_tensorboard(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    with writer.as_default(step=3):
        assert tf.summary.experimental.get_step() == 3
        for step in range(4):
            assert bool(tf.summary.scalar("loss", 1.0 / (step + 1), step=step))
        with tf.name_scope("scope"):
            tf.summary.scalar("acc", tf.constant(0.5, tf.float64))     # the default step
    writer.close()
    (name,) = os.listdir(tmp_path)
    assert name.startswith("events.out.tfevents.") and name.endswith(".v2")
    acc = read(tmp_path)
    assert values(acc, "loss") == [(0, 1.0), (1, 0.5), (2, pytest.approx(1 / 3)), (3, 0.25)]
    assert values(acc, "scope/acc") == [(3, 0.5)]
    assert acc.SummaryMetadata("loss").plugin_data.plugin_name == "scalars"


def test_histogram_text_image(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    with writer.as_default(step=1):
        tf.summary.histogram("h", [1.0, 2.0, 3.0, 3.0], buckets=3)
        tf.summary.text("t", "hello")
        tf.summary.image("i", tf.ones([5, 2, 3, 3]), max_outputs=2)
    writer.close()
    acc = read(tmp_path)
    ((step, h),) = values(acc, "h")
    assert step == 1 and np.allclose(h, [[1, 5 / 3, 1], [5 / 3, 7 / 3, 1], [7 / 3, 3, 2]])
    assert values(acc, "t") == [(1, b"hello")]
    image = tensor_util.make_ndarray(acc.Tensors("i")[0].tensor_proto)
    assert image.shape == (4,) and image[0] == b"3" and image[1] == b"2"
    decoded = tf.io.decode_png(image[2])
    assert decoded.shape == (2, 3, 3) and decoded.numpy().min() == 255
    plugins = {tag: acc.SummaryMetadata(tag).plugin_data.plugin_name for tag in ("h", "t", "i")}
    assert plugins == {"h": "histograms", "t": "text", "i": "images"}


def test_recording_rules(tmp_path):
    assert not bool(tf.summary.scalar("x", 1.0, step=0))                  # no default writer
    writer = tf.summary.create_file_writer(str(tmp_path))
    with writer.as_default():
        with pytest.raises(ValueError, match="No step set"):
            tf.summary.scalar("x", 1.0)
        tf.summary.experimental.set_step(7)
        with tf.summary.record_if(False):
            assert not bool(tf.summary.scalar("x", 1.0))
        with tf.summary.record_if(lambda: tf.constant(True)):
            assert bool(tf.summary.scalar("x", 2.0))
        with pytest.raises(ValueError, match=r"Expected scalar shape, saw shape: \(2,\)"):
            tf.summary.scalar("x", [1.0, 2.0])
        tf.summary.flush()
    with tf.summary.create_noop_writer().as_default(step=1):
        assert not bool(tf.summary.scalar("y", 1.0))          # a noop writer writes nothing
    writer.close()
    with pytest.raises(RuntimeError, match="is already closed"):
        with writer.as_default():
            pass
    acc = read(tmp_path)
    assert values(acc, "x") == [(7, 2.0)] and "y" not in acc.Tags()["tensors"]


def test_keras_tensorboard_callback_layout(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.random((32, 3)).astype("float32")
    y = (x.sum(1) > 1.5).astype("float32")
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1, activation="sigmoid",
                                                                           name="dense")],
                                name="sequential")
    model.compile("sgd", "binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=2, batch_size=8, validation_data=(x, y), verbose=0,
                        callbacks=[tf.keras.callbacks.TensorBoard(str(tmp_path), histogram_freq=1)])
    assert sorted(os.listdir(tmp_path)) == ["train", "validation"]
    train, val = read(tmp_path / "train"), read(tmp_path / "validation")
    # the tags Keras 3 writes (checked against TF 2.21 + Keras 3 with the same model)
    assert set(train.Tags()["tensors"]) >= {"epoch_accuracy", "epoch_loss", "epoch_learning_rate",
                                            "sequential/dense/kernel/histogram",
                                            "sequential/dense/bias/histogram"}
    assert set(val.Tags()["tensors"]) == {"epoch_accuracy", "epoch_loss",
                                          "evaluation_accuracy_vs_iterations",
                                          "evaluation_loss_vs_iterations"}
    got = [v for _, v in values(train, "epoch_loss")]
    assert [s for s, _ in values(train, "epoch_loss")] == [0, 1]
    assert np.allclose(got, history.history["loss"])
    assert np.allclose([v for _, v in values(val, "epoch_loss")], history.history["val_loss"])
    assert [s for s, _ in values(val, "evaluation_loss_vs_iterations")] == [4, 8]
    assert np.allclose([v for _, v in values(train, "epoch_learning_rate")], [0.01, 0.01])


def test_keras_tensorboard_batch_updates(tmp_path):
    x = np.ones((8, 2), "float32")
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    model.fit(x, x[:, :1], epochs=1, batch_size=2, verbose=0,
              callbacks=[tf.keras.callbacks.TensorBoard(str(tmp_path), update_freq=2)])
    assert [s for s, _ in values(read(tmp_path / "train"), "batch_loss")] == [2, 4]

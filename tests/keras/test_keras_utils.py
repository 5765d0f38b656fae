"""keras.utils / keras.preprocessing: padding, normalising, images, datasets from directories,
plot_model."""
import os

import numpy as np
import pytest

import tapeviz as tf

keras = tf.keras
PIL = pytest.importorskip("PIL.Image")


def test_pad_sequences_pre_post_and_errors():
    seqs = [[1, 2, 3], [4], []]
    np.testing.assert_array_equal(keras.utils.pad_sequences(seqs), [[1, 2, 3], [0, 0, 4], [0, 0, 0]])
    out = keras.preprocessing.sequence.pad_sequences(seqs, maxlen=2, padding="post",
                                                     truncating="post", value=-1)
    np.testing.assert_array_equal(out, [[1, 2], [4, -1], [-1, -1]])
    assert out.dtype == np.int32
    with pytest.raises(ValueError, match="Padding type"):
        keras.utils.pad_sequences(seqs, padding="middle")
    with pytest.raises(ValueError, match="non-iterable"):
        keras.utils.pad_sequences([1, 2])


def test_normalize_numpy_and_tensor():
    x = np.array([[3.0, 4.0], [0.0, 0.0]])
    np.testing.assert_allclose(keras.utils.normalize(x), [[0.6, 0.8], [0, 0]])
    y = keras.utils.normalize(tf.constant([[3.0, 4.0]]))
    np.testing.assert_allclose(y.numpy(), [[0.6, 0.8]], rtol=1e-6)


def test_image_round_trip(tmp_path):
    x = np.arange(4 * 5 * 3, dtype="float32").reshape(4, 5, 3)
    keras.utils.save_img(tmp_path / "a.png", x, scale=False)
    img = keras.utils.load_img(tmp_path / "a.png")
    assert img.size == (5, 4)
    np.testing.assert_array_equal(keras.utils.img_to_array(img), x)
    gray = keras.preprocessing.image.load_img(tmp_path / "a.png", color_mode="grayscale",
                                              target_size=(2, 3))
    assert keras.utils.img_to_array(gray).shape == (2, 3, 1)
    assert keras.utils.array_to_img(x).mode == "RGB"
    with pytest.raises(ValueError, match="rank 3"):
        keras.utils.array_to_img(np.zeros((2, 2)))


def _image_tree(root, counts=None):
    rng = np.random.default_rng(0)
    for name, n in (counts or {"cats": 4, "dogs": 6}).items():
        os.makedirs(root / name)
        for i in range(n):
            PIL.fromarray(rng.integers(0, 255, (6, 8, 3), dtype="uint8")).save(root / name / f"{i}.png")
            (root / name / f"{i}.txt").write_text(f"{name} number {i}")
    (root / name / "notes.csv").write_text("ignored")


def test_image_dataset_from_directory(tmp_path, capsys):
    _image_tree(tmp_path)
    ds = keras.utils.image_dataset_from_directory(tmp_path, image_size=(3, 4), batch_size=4,
                                                  shuffle=False)
    assert "Found 10 files belonging to 2 classes." in capsys.readouterr().out
    assert ds.class_names == ["cats", "dogs"]
    batches = list(ds)
    assert [b[0].shape.as_list() for b in batches] == [[4, 3, 4, 3], [4, 3, 4, 3], [2, 3, 4, 3]]
    assert batches[0][0].dtype == tf.float32 and batches[0][1].dtype == tf.int32
    labels = np.concatenate([b[1].numpy() for b in batches])
    np.testing.assert_array_equal(labels, [0] * 4 + [1] * 6)
    # the first image, resized as tf.image.resize does
    first = np.asarray(PIL.open(tmp_path / "cats" / "0.png"), dtype="uint8")
    expected = tf.image.resize(tf.constant(first), (3, 4)).numpy()
    np.testing.assert_allclose(batches[0][0].numpy()[0], expected)


def test_image_dataset_split_is_keras_order(tmp_path):
    _image_tree(tmp_path)
    train, val = keras.utils.image_dataset_from_directory(
        tmp_path, image_size=(2, 2), batch_size=3, seed=5, validation_split=0.3, subset="both",
        label_mode="categorical")
    paths = sorted(str(tmp_path / c / f"{i}.png") for c, n in (("cats", 4), ("dogs", 6))
                   for i in range(n))
    np.random.RandomState(5).shuffle(paths)        # Keras's file order for seed 5
    assert train.file_paths == paths[:7] and val.file_paths == paths[7:]
    assert sorted(sum((b[1].numpy().argmax(-1).tolist() for b in val), [])) == sorted(
        int("dogs" in p) for p in paths[7:])
    with pytest.raises(ValueError, match="must provide a `seed`"):
        keras.utils.image_dataset_from_directory(tmp_path, validation_split=0.2, subset="training")
    with pytest.raises(ValueError, match="color_mode"):
        keras.utils.image_dataset_from_directory(tmp_path, color_mode="cmyk")


def test_text_dataset_from_directory(tmp_path):
    _image_tree(tmp_path, {"neg": 2, "pos": 3})
    ds = keras.preprocessing.text_dataset_from_directory(tmp_path, batch_size=8, shuffle=False,
                                                         max_length=7, label_mode="binary")
    (texts, labels), = list(ds)
    assert texts.numpy().tolist() == [b"neg num"] * 2 + [b"pos num"] * 3
    np.testing.assert_array_equal(labels.numpy(), [[0.0], [0.0], [1.0], [1.0], [1.0]])


def _model():
    inp = keras.Input((4,), name="x")
    hidden = keras.layers.Dense(3, activation="relu", name="hidden")(inp)
    out = keras.layers.Add(name="sum")([keras.layers.Dense(2, name="a")(hidden),
                                        keras.layers.Dense(2, name="b")(hidden)])
    return keras.Model(inp, out)


def test_plot_model_svg_draws_every_layer_and_edge(tmp_path):
    shown = keras.utils.plot_model(_model(), to_file=tmp_path / "m.svg", show_shapes=True,
                                   show_layer_names=True, show_layer_activations=True)
    text = (tmp_path / "m.svg").read_text()
    assert text == shown.data
    for title in ("x (InputLayer)", "hidden (Dense)", "a (Dense)", "b (Dense)", "sum (Add)"):
        assert f'data-layer="{title}"' in text
    assert text.count("<line ") == 5          # x->hidden, hidden->a, hidden->b, a->sum, b->sum
    assert "Output shape: (None, 2)" in text and "Activation: relu" in text


def test_plot_model_png_and_errors(tmp_path):
    pytest.importorskip("matplotlib")
    keras.utils.plot_model(_model(), to_file=tmp_path / "m.png", dpi=50)
    assert (tmp_path / "m.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match="`.svg` or `.png`"):
        keras.utils.plot_model(_model(), to_file=tmp_path / "m.pdf")
    with pytest.raises(ValueError, match="no layers"):
        keras.utils.plot_model(keras.Sequential(), to_file=tmp_path / "e.svg")


TF_PYTHON = os.environ.get("TAPEVIZ_TF_PYTHON", "/work/tfenv/bin/python")


@pytest.mark.skipif(not os.path.exists(TF_PYTHON), reason="real Keras not installed")
@pytest.mark.parametrize("kwargs", [
    {"shuffle": False, "batch_size": 4, "image_size": (3, 4)},
    {"shuffle": True, "seed": 3, "batch_size": 4, "image_size": (3, 4)},
    {"shuffle": True, "seed": 11, "batch_size": 3, "image_size": (5, 5), "validation_split": 0.3,
     "subset": "validation", "label_mode": "categorical", "color_mode": "rgba"},
    {"shuffle": False, "batch_size": 5, "image_size": (4, 7), "color_mode": "grayscale",
     "label_mode": "binary", "interpolation": "nearest"},
])
def test_image_dataset_matches_real_keras(tmp_path, kwargs):
    """Same class names, file order, split, batch sizes, labels and pixels as real Keras. With
    `shuffle=True` the order of elements inside the dataset differs: tapeviz's `Dataset.shuffle`
    draws its buffer positions from NumPy, not TF's Philox stream (tapeviz/data/shuffle.py), so
    then the (image, label) pairs are compared as a set. (The images are PNGs: JPEG decoders
    differ between Pillow and TensorFlow by a few levels.)"""
    import json
    import subprocess
    _image_tree(tmp_path / "data")
    script = (
        "import json, sys, numpy as np, keras\n"
        f"ds = keras.utils.image_dataset_from_directory({str(tmp_path / 'data')!r}, verbose=False, **{kwargs!r})\n"
        "print(json.dumps({'class_names': ds.class_names, 'file_paths': ds.file_paths,\n"
        "  'batches': [[np.asarray(x).tolist(), np.asarray(y).tolist()] for x, y in ds]}))\n")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    proc = subprocess.run([TF_PYTHON, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    expected = json.loads(proc.stdout.strip().splitlines()[-1])
    ds = keras.utils.image_dataset_from_directory(tmp_path / "data", verbose=False, **kwargs)
    assert ds.class_names == expected["class_names"] and ds.file_paths == expected["file_paths"]
    got = [[x.numpy(), y.numpy()] for x, y in ds]
    assert [len(y) for _, y in got] == [len(y) for _, y in expected["batches"]]

    def pairs(batches):
        return [(np.round(np.asarray(x, "float32"), 3).tobytes(), np.asarray(y).tobytes())
                for xs, ys in batches for x, y in zip(xs, ys)]
    want = pairs((np.asarray(x, "float32"), np.asarray(y, got[0][1].dtype)) for x, y in expected["batches"])
    have = pairs(got)
    if kwargs["shuffle"]:
        want, have = sorted(want), sorted(have)
    assert have == want

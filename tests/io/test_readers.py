"""File Dataset sources: TextLineDataset, list_files, CsvDataset, make_csv_dataset (TF's results
for the same files are in tests/tf_diff/corpus_io.py)."""
import collections

import pytest

import tapeviz as tf


@pytest.fixture
def files(tmp_path):
    for i in range(3):
        (tmp_path / f"f{i}.txt").write_bytes(f"line{i}a\nline{i}b\r\n".encode())
    (tmp_path / "c.csv").write_text("a,b,name\n1,2.5,x\n3,,y\n5,6.5,z\n")
    return tmp_path


def test_text_lines_across_files(files):
    ds = tf.data.TextLineDataset([str(files / "f0.txt"), str(files / "f1.txt")])
    assert list(ds.as_numpy_iterator()) == [b"line0a", b"line0b", b"line1a", b"line1b"]
    assert int(ds.cardinality()) == tf.data.UNKNOWN_CARDINALITY
    names = tf.data.Dataset.from_tensor_slices([str(files / "f2.txt")])
    assert list(tf.data.TextLineDataset(names).as_numpy_iterator()) == [b"line2a", b"line2b"]


def test_list_files_shuffles_each_pass_with_the_same_files(files):
    ds = tf.data.Dataset.list_files(str(files / "*.txt"), seed=3)
    first, second = list(ds.as_numpy_iterator()), list(ds.as_numpy_iterator())
    assert sorted(first) == sorted(second) == [str(files / f"f{i}.txt").encode() for i in range(3)]
    ordered = tf.data.Dataset.list_files(str(files / "*.txt"), shuffle=False)
    assert list(ordered.as_numpy_iterator()) == sorted(first)
    with pytest.raises(tf.errors.InvalidArgumentError, match="No files matched pattern"):
        tf.data.Dataset.list_files(str(files / "*.none"))


def test_csv_dataset(files):
    ds = tf.data.experimental.CsvDataset(str(files / "c.csv"), [tf.int32, [0.0], tf.string], header=True)
    assert [tuple(x) for x in ds.as_numpy_iterator()] == [(1, 2.5, b"x"), (3, 0.0, b"y"), (5, 6.5, b"z")]
    assert [s.dtype for s in ds.element_spec] == [tf.int32, tf.float32, tf.string]
    required = tf.data.experimental.CsvDataset(str(files / "c.csv"), [tf.int32, tf.float32, tf.string],
                                               header=True)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Field 1 is required but missing in record!"):
        list(required)


def test_make_csv_dataset_batches_dicts_and_labels(files):
    ds = tf.data.experimental.make_csv_dataset(str(files / "c.csv"), batch_size=2, label_name="a",
                                               num_epochs=1, shuffle=False)
    (f1, l1), (f2, l2) = list(ds)
    assert isinstance(f1, collections.OrderedDict) and list(f1) == ["b", "name"]
    assert l1.dtype == tf.int32 and l1.numpy().tolist() == [1, 3] and l2.numpy().tolist() == [5]
    assert f1["b"].dtype == tf.float32 and f1["b"].numpy().tolist() == [2.5, 0.0]
    repeated = tf.data.experimental.make_csv_dataset(str(files / "c.csv"), batch_size=2, shuffle=False)
    assert [b["a"].numpy().tolist() for b in repeated.take(3)] == [[1, 3], [5, 1], [3, 5]]
    shuffled = tf.data.experimental.make_csv_dataset(str(files / "c.csv"), batch_size=3, num_epochs=1,
                                                     shuffle_seed=1)
    assert sorted(next(iter(shuffled))["a"].numpy().tolist()) == [1, 3, 5]
    with pytest.raises(ValueError, match="`label_name` provided must be one of the columns"):
        tf.data.experimental.make_csv_dataset(str(files / "c.csv"), batch_size=2, label_name="zz")


def test_fit_reads_a_tfrecord_pipeline(tmp_path):
    """A model trains from TFRecord files through parse_example, as the TFRecord tutorial does."""
    path = str(tmp_path / "train.tfrecord")
    with tf.io.TFRecordWriter(path) as w:
        for i in range(16):
            x = [float(i % 4), float(i // 4)]
            feature = {"x": tf.train.Feature(float_list=tf.train.FloatList(value=x)),
                       "y": tf.train.Feature(float_list=tf.train.FloatList(value=[sum(x)]))}
            w.write(tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString())
    spec = {"x": tf.io.FixedLenFeature([2], tf.float32), "y": tf.io.FixedLenFeature([1], tf.float32)}
    ds = tf.data.TFRecordDataset(path).batch(4).map(lambda r: tf.io.parse_example(r, spec))
    ds = ds.map(lambda d: (d["x"], d["y"]))
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    model.compile(tf.keras.optimizers.SGD(0.05), "mse")
    history = model.fit(ds, epochs=5, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]

"""tf.io files and tf.io.gfile: values and TF's error types and messages (checked against TF 2.21,
see tests/tf_diff/corpus_io.py for the differential cases)."""
import subprocess
import sys

import numpy as np
import pytest

import tapeviz as tf

G = tf.io.gfile


def test_import_tapeviz_does_not_import_protobuf_or_file_modules():
    code = ("import sys, tapeviz as tf; print('google.protobuf' in sys.modules, "
            "'tapeviz.fileio' in sys.modules); tf.io.read_file; print('google.protobuf' in sys.modules); "
            "tf.train.Example; print('google.protobuf' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False", "True"]


def test_read_write_file(tmp_path):
    path = str(tmp_path / "a" / "b.txt")
    assert tf.io.write_file(path, "hi") is None
    t = tf.io.read_file(path)
    assert t.dtype == tf.string and t.shape == () and t.numpy() == b"hi"
    with pytest.raises(tf.errors.NotFoundError, match=r"nope; No such file or directory \[Op:ReadFile\]"):
        tf.io.read_file(str(tmp_path / "nope"))


def test_gfile_round_trip(tmp_path):
    d = str(tmp_path / "x")
    assert not G.exists(d)
    G.makedirs(d + "/y/z")
    G.mkdir(d + "/y")                      # exists already: no error, as in TF
    with pytest.raises(tf.errors.NotFoundError, match="q/r; No such file or directory"):
        G.mkdir(d + "/q/r")
    with G.GFile(d + "/f.txt", "w") as f:
        f.write("hello\nworld\n")
    with G.GFile(d + "/f.txt", "a") as f:
        f.write(b"more")
    with G.GFile(d + "/f.txt") as f:
        assert f.readline() == "hello\n" and f.tell() == 6 and f.read(3) == "wor" and f.size() == 16
    with G.GFile(d + "/f.txt", "rb") as f:
        assert list(f) == [b"hello\n", b"world\n", b"more"]
    assert sorted(G.listdir(d)) == ["f.txt", "y"] and G.isdir(d) and not G.isdir(d + "/f.txt")
    G.copy(d + "/f.txt", d + "/g.txt")
    with pytest.raises(tf.errors.AlreadyExistsError, match="file already exists"):
        G.copy(d + "/f.txt", d + "/g.txt")
    G.copy(d + "/f.txt", d + "/g.txt", overwrite=True)
    with pytest.raises(tf.errors.AlreadyExistsError):
        G.rename(d + "/g.txt", d + "/f.txt")
    G.rename(d + "/g.txt", d + "/h.txt", overwrite=True)
    assert sorted(G.glob(d + "/*.txt")) == [d + "/f.txt", d + "/h.txt"]
    st = G.stat(d + "/h.txt")
    assert st.length == 16 and not st.is_directory and isinstance(st.mtime_nsec, int)
    walked = [(top[len(d):], sorted(dirs), sorted(files)) for top, dirs, files in G.walk(d)]
    assert walked == [("", ["y"], ["f.txt", "h.txt"]), ("/y", ["z"], []), ("/y/z", [], [])]
    G.remove(d + "/h.txt")
    with pytest.raises(tf.errors.NotFoundError, match="h.txt; No such file or directory"):
        G.remove(d + "/h.txt")
    with pytest.raises(tf.errors.NotFoundError, match="Could not find directory"):
        G.listdir(d + "/nope")
    G.rmtree(d)
    assert not G.exists(d)
    with pytest.raises(tf.errors.NotFoundError, match="x not found"):
        G.rmtree(d)


def test_gfile_errors(tmp_path):
    with pytest.raises(tf.errors.InvalidArgumentError, match="mode is not 'r' or 'w'"):
        G.GFile(str(tmp_path / "f"), "x")
    f = G.GFile(str(tmp_path / "missing"))           # opens on first use, as TF's does
    with pytest.raises(tf.errors.NotFoundError, match="missing; No such file or directory"):
        f.read()


def test_serialize_tensor_is_tensorflows_bytes():
    # bytes printed by TF 2.21's tf.io.serialize_tensor
    cases = [(tf.constant([1., 2.]), b'\x08\x01\x12\x04\x12\x02\x08\x02"\x08\x00\x00\x80?\x00\x00\x00@'),
             (tf.constant(3), b'\x08\x03\x12\x00"\x04\x03\x00\x00\x00'),
             (tf.constant(["a", "bc"]), b"\x08\x07\x12\x04\x12\x02\x08\x02B\x01aB\x02bc"),
             (tf.constant([], tf.float32), b"\x08\x01\x12\x02\x12\x00"),
             (tf.constant(1.5, tf.float16), b'\x08\x13\x12\x00"\x02\x00>')]
    for value, expected in cases:
        s = tf.io.serialize_tensor(value)
        assert s.numpy() == expected
        back = tf.io.parse_tensor(s, value.dtype)
        assert back.dtype == value.dtype and back.shape == value.shape
        np.testing.assert_array_equal(back.numpy(), value.numpy())
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Type mismatch between parsed tensor \(float\) "
                       r"and dtype \(int32\)"):
        tf.io.parse_tensor(cases[0][1], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Could not parse `serialized` as TensorProto"):
        tf.io.parse_tensor(b"garbage\xff", tf.int32)


def test_decode_raw():
    t = tf.io.decode_raw(tf.constant([b"\x01\x02\x03\x04", b"\x05\x06\x07\x08"]), tf.int16)
    assert t.dtype == tf.int16 and t.numpy().tolist() == [[513, 1027], [1541, 2055]]
    assert tf.io.decode_raw(b"\x01\x02", tf.int16, little_endian=False).numpy().tolist() == [258]
    padded = tf.io.decode_raw(tf.constant([b"\x01\x02\x03", b"\x05"]), tf.uint8, fixed_length=4)
    assert padded.numpy().tolist() == [[1, 2, 3, 0], [5, 0, 0, 0]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="element 1 has size 3 != 2"):
        tf.io.decode_raw(tf.constant([b"\x01\x02\x03", b"\x05\x06"]), tf.int16)


def test_decode_csv():
    a, b, c = tf.io.decode_csv(["1,2.5,a", '3,,"b,c"'], record_defaults=[[0], [0.0], ["x"]])
    assert a.dtype == tf.int32 and a.numpy().tolist() == [1, 3]
    assert b.dtype == tf.float32 and b.numpy().tolist() == [2.5, 0.0]
    assert c.numpy().tolist() == [b"a", b"b,c"]
    x, y = tf.io.decode_csv(["1;NA;3"], [[0], [7]], field_delim=";", select_cols=[1, 2], na_value="NA")
    assert x.numpy().tolist() == [0] and y.numpy().tolist() == [3]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Field 1 is required but missing in record 0!"):
        tf.io.decode_csv(["1,,3"], record_defaults=[[0], tf.constant([], tf.int32), [0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Expect 3 fields but have 2 in record 0"):
        tf.io.decode_csv(["1,2"], record_defaults=[[0], [0], [0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Field 1 in record 0 is not a valid int32: x"):
        tf.io.decode_csv(["1,x"], record_defaults=[[0], [0]])
    with pytest.raises(ValueError, match="select_cols is not strictly increasing"):
        tf.io.decode_csv(["1,2"], record_defaults=[[0], [0]], select_cols=[1, 0])


def test_tf_io_and_summary_names_tapeviz_lacks_say_so():
    with pytest.raises(AttributeError, match="tapeviz does not implement tf.io.encode_proto yet"):
        tf.io.encode_proto
    with pytest.raises(AttributeError, match="tapeviz does not implement tf.summary.audio yet"):
        tf.summary.audio
    with pytest.raises(AttributeError, match="module 'tapeviz.io' has no attribute 'nothing'"):
        tf.io.nothing
    assert {"gfile", "parse_example", "decode_png", "TFRecordWriter"} <= set(dir(tf.io))

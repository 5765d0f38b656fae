"""TFRecord files: TF's framing (masked CRC32C), read and written both ways with TF's own files."""
import gzip
import os
import struct

import pytest

import tapeviz as tf
from tapeviz.fileio.tfrecord import crc32c, masked_crc32c
from tests.fixtures.tfrecord import make_fixtures as F

HERE = os.path.dirname(F.__file__)
SPEC = {"id": tf.io.FixedLenFeature([], tf.int64), "x": tf.io.VarLenFeature(tf.float32),
        "name": tf.io.FixedLenFeature([], tf.string)}


def test_crc32c_known_values():
    # RFC 3720 B.4 test vectors and the check value of CRC-32C
    assert crc32c(b"123456789") == 0xE3069283
    assert crc32c(bytes(32)) == 0x8A9136AA
    assert crc32c(b"\xff" * 32) == 0x62A8AB43
    assert crc32c(bytes(range(32))) == 0x46DD794E
    assert masked_crc32c(b"") != crc32c(b"")


@pytest.mark.parametrize("compression, suffix", list(F.COMPRESSIONS.items()))
def test_reads_files_tensorflow_wrote(compression, suffix):
    path = os.path.join(HERE, f"tf_records{suffix}.tfrecord")
    got = [t.numpy() for t in tf.data.TFRecordDataset(path, compression_type=compression)]
    assert got == F.RECORDS
    path = os.path.join(HERE, f"tf_examples{suffix}.tfrecord")
    for record, (ident, xs, name) in zip(tf.data.TFRecordDataset(path, compression_type=compression),
                                        F.EXAMPLES, strict=True):
        parsed = tf.io.parse_single_example(record, SPEC)
        assert parsed["id"].numpy() == ident and parsed["name"].numpy() == name
        assert parsed["x"].values.numpy().tolist() == xs


@pytest.mark.parametrize("compression, suffix", list(F.COMPRESSIONS.items()))
def test_writes_the_bytes_tensorflow_writes(tmp_path, compression, suffix):
    """Record files are byte for byte TF's (the committed tapeviz_* files were read by TF)."""
    path = tmp_path / "r.tfrecord"
    with tf.io.TFRecordWriter(str(path), tf.io.TFRecordOptions(compression_type=compression)) as w:
        for record in F.RECORDS:
            w.write(record)
    with open(os.path.join(HERE, f"tf_records{suffix}.tfrecord"), "rb") as f:
        tf_bytes = f.read()
    if compression == "GZIP":      # the gzip header's mtime may differ; compare the stream
        assert gzip.decompress(path.read_bytes()) == gzip.decompress(tf_bytes)
    else:
        assert path.read_bytes() == tf_bytes


def test_framing_layout(tmp_path):
    path = tmp_path / "one.tfrecord"
    with tf.io.TFRecordWriter(str(path)) as w:
        w.write("hi")
    data = path.read_bytes()
    assert struct.unpack("<Q", data[:8]) == (2,)
    assert struct.unpack("<I", data[8:12]) == (masked_crc32c(data[:8]),)
    assert data[12:14] == b"hi" and struct.unpack("<I", data[14:]) == (masked_crc32c(b"hi"),)


def test_corrupted_record_is_a_data_loss_error(tmp_path):
    path = tmp_path / "bad.tfrecord"
    with tf.io.TFRecordWriter(str(path)) as w:
        w.write(b"hello")
    data = bytearray(path.read_bytes())
    data[13] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(tf.errors.DataLossError, match="corrupted record at 12"):
        list(tf.data.TFRecordDataset(str(path)))
    path.write_bytes(bytes(data[:10]))
    with pytest.raises(tf.errors.DataLossError, match="truncated record at 0"):
        list(tf.data.TFRecordDataset(str(path)))


def test_missing_file_raises_when_iterated():
    ds = tf.data.TFRecordDataset("/no/such/file.tfrecord")
    assert repr(ds) == "<TFRecordDatasetV2 element_spec=TensorSpec(shape=(), dtype=tf.string, name=None)>"
    assert int(ds.cardinality()) == tf.data.UNKNOWN_CARDINALITY
    with pytest.raises(tf.errors.NotFoundError, match="/no/such/file.tfrecord; No such file"):
        next(iter(ds))


def test_options_and_closed_writer(tmp_path):
    assert tf.io.TFRecordOptions.get_compression_type_string("GZIP") == "GZIP"
    assert tf.io.TFRecordOptions.get_compression_type_string(None) == ""
    with pytest.raises(ValueError, match='Not a valid compression_type: "BAD"'):
        tf.io.TFRecordOptions(compression_type="BAD")
    w = tf.io.TFRecordWriter(str(tmp_path / "c.tfrecord"), "ZLIB")
    w.write(b"a")
    w.close()
    with pytest.raises(tf.errors.InvalidArgumentError):
        w.write(b"b")
    assert [t.numpy() for t in tf.data.TFRecordDataset(str(tmp_path / "c.tfrecord"), "ZLIB")] == [b"a"]

"""The file side of `tf.io` (read/write, gfile, TFRecord, CSV, raw bytes, TensorProto, Example
parsing), loaded on first use of one of these names: `import tapeviz` reads no file module and
never imports protobuf (only Example parsing and TensorProto bytes need it).

`tapeviz/__init__.py` adds these names to the `tf.io` namespace (which also holds the image
codecs exported by `tapeviz.ops.image_codecs`).
"""
from tapeviz.fileio import gfile
from tapeviz.fileio.decode import decode_csv, decode_raw
from tapeviz.fileio.files import matching_files, read_file, write_file
from tapeviz.fileio.parsing import (
    FixedLenFeature,
    FixedLenSequenceFeature,
    RaggedFeature,
    VarLenFeature,
    parse_example,
    parse_single_example,
)
from tapeviz.fileio.tensor_proto import parse_tensor, serialize_tensor
from tapeviz.fileio.tfrecord import TFRecordOptions, TFRecordWriter

__all__ = ["FixedLenFeature", "FixedLenSequenceFeature", "RaggedFeature", "TFRecordOptions", "TFRecordWriter",
           "VarLenFeature", "decode_csv", "decode_raw", "gfile", "matching_files", "parse_example",
           "parse_single_example", "parse_tensor", "read_file", "serialize_tensor", "write_file"]

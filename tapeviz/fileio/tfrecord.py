"""TFRecord files: TF's record framing, written by `tf.io.TFRecordWriter`, read by
`tf.data.TFRecordDataset`.

Each record is

    uint64 length (little-endian) | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)

where CRC32C is the Castagnoli CRC and `masked(crc) = ((crc >> 15) | (crc << 17)) + 0xa282ead8`.
A "GZIP" or "ZLIB" file is that whole stream compressed (gzip or zlib framing).
"""
import gzip
import struct
import zlib

from tapeviz.fileio.gfile import _os_error, _path
from tapeviz.framework.errors import DataLossError, InvalidArgumentError

__all__ = ["TFRecordOptions", "TFRecordWriter", "TFRecordCompressionType"]


def _crc_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _crc_table()


def crc32c(data):
    """The CRC-32C (Castagnoli) of `data` (bytes)."""
    crc, table = 0xFFFFFFFF, _TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data):
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def frame(record):
    """One record's bytes as they sit in a TFRecord file."""
    length = struct.pack("<Q", len(record))
    return b"".join([length, struct.pack("<I", masked_crc32c(length)), record,
                     struct.pack("<I", masked_crc32c(record))])


class TFRecordCompressionType:
    """The compression of a TFRecord file (`tf.compat.v1.io.TFRecordCompressionType`)."""
    NONE, ZLIB, GZIP = 0, 1, 2


_TYPE_NAMES = {None: "", "": "", "ZLIB": "ZLIB", "GZIP": "GZIP", TFRecordCompressionType.NONE: "",
               TFRecordCompressionType.ZLIB: "ZLIB", TFRecordCompressionType.GZIP: "GZIP"}


class TFRecordOptions:
    """`tf.io.TFRecordOptions`: a file's compression ("", "ZLIB" or "GZIP") and zlib settings
    (`compression_level`, `window_bits`, `mem_level`, `compression_strategy`, ...)."""

    compression_type_map = {TFRecordCompressionType.ZLIB: "ZLIB",
                            TFRecordCompressionType.GZIP: "GZIP",
                            TFRecordCompressionType.NONE: ""}

    def __init__(self, compression_type=None, flush_mode=None, input_buffer_size=None,
                 output_buffer_size=None, window_bits=None, compression_level=None,
                 compression_method=None, mem_level=None, compression_strategy=None):
        if compression_type not in _TYPE_NAMES:
            raise ValueError(f'Not a valid compression_type: "{compression_type}"')
        self.compression_type = compression_type
        self.flush_mode, self.input_buffer_size = flush_mode, input_buffer_size
        self.output_buffer_size, self.window_bits = output_buffer_size, window_bits
        self.compression_level, self.compression_method = compression_level, compression_method
        self.mem_level, self.compression_strategy = mem_level, compression_strategy

    @classmethod
    def get_compression_type_string(cls, options):
        """"", "ZLIB" or "GZIP" for `options` (a TFRecordOptions, a string or None)."""
        if isinstance(options, TFRecordOptions):
            return _TYPE_NAMES[options.compression_type]
        return _TYPE_NAMES[cls(options).compression_type]


def _options(options):
    return options if isinstance(options, TFRecordOptions) else TFRecordOptions(options)


def _compressor(options):
    """A zlib compressobj for the options' compression (None for none)."""
    kind = _TYPE_NAMES[options.compression_type]
    if not kind:
        return None
    level = -1 if options.compression_level is None else options.compression_level
    bits = 15 if options.window_bits is None else options.window_bits
    return zlib.compressobj(level, zlib.DEFLATED, bits + 16 if kind == "GZIP" else bits,
                            options.mem_level or 8,
                            options.compression_strategy or 0)


class TFRecordWriter:
    """`tf.io.TFRecordWriter(path, options=None)`: writes records (bytes) to a TFRecord file.

    `options` is a `TFRecordOptions` or a compression type string ("", "ZLIB", "GZIP").
    Use as a context manager, or call `close()`: a compressed file is complete only then.
    """

    def __init__(self, path, options=None):
        self._options = _options(options)
        self._path = _path(path)
        try:
            self._file = open(self._path, "wb")
        except OSError as e:
            raise _os_error(e, self._path) from None
        self._compress = _compressor(self._options)

    def write(self, record):
        """Appends one record (bytes or str)."""
        if self._file is None:
            raise InvalidArgumentError(None, None, "Writer is closed.")
        if isinstance(record, str):
            record = record.encode("utf-8")
        elif hasattr(record, "numpy"):
            record = record.numpy()
        data = frame(bytes(record))
        self._file.write(self._compress.compress(data) if self._compress else data)

    def flush(self):
        """Writes what is buffered to the file."""
        if self._file is None:
            raise InvalidArgumentError(None, None, "Writer is closed.")
        if self._compress:
            self._file.write(self._compress.flush(zlib.Z_SYNC_FLUSH))
        self._file.flush()

    def close(self):
        """Finishes the file (the compressed stream's end) and closes it."""
        if self._file is not None:
            if self._compress:
                self._file.write(self._compress.flush())
            self._file.close()
            self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _open_stream(path, compression):
    kind = _TYPE_NAMES[compression]
    with open(path, "rb") as f:
        raw = f.read()
    if kind == "GZIP":
        return gzip.decompress(raw)
    if kind == "ZLIB":
        return zlib.decompress(raw)
    return raw


def read_records(path, compression_type=""):
    """Yields each record (bytes) of the TFRecord file `path`, checking the CRCs.

    Raises:
      NotFoundError: the file does not exist.
      DataLossError: a truncated record or a CRC mismatch.
    """
    path = _path(path)
    try:
        data = _open_stream(path, compression_type)
    except OSError as e:
        if isinstance(e, FileNotFoundError):
            raise _os_error(e, path) from None
        raise DataLossError(None, None, f"corrupted record at 0 in {path}") from None
    except zlib.error:
        raise DataLossError(None, None, f"corrupted record at 0 in {path}") from None
    offset = 0
    while offset < len(data):
        header = data[offset:offset + 12]
        if len(header) < 12:
            raise DataLossError(None, None, f"truncated record at {offset}' failed with Read less "
                                "bytes than requested")
        (length,), (length_crc,) = struct.unpack("<Q", header[:8]), struct.unpack("<I", header[8:])
        if masked_crc32c(header[:8]) != length_crc:
            raise DataLossError(None, None, f"corrupted record at {offset}")
        record = data[offset + 12:offset + 12 + length]
        footer = data[offset + 12 + length:offset + 16 + length]
        if len(footer) < 4:
            raise DataLossError(None, None, f"truncated record at {offset}' failed with Read less "
                                "bytes than requested")
        if masked_crc32c(record) != struct.unpack("<I", footer)[0]:
            raise DataLossError(None, None, f"corrupted record at {offset + 12}")
        yield record
        offset += 16 + length

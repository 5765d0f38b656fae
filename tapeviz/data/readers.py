"""Dataset sources that read files: `TFRecordDataset`, `TextLineDataset`,
`experimental.CsvDataset`, `Dataset.list_files` and `experimental.make_csv_dataset`.

Files are opened when an iterator reaches them (as TF opens them), so a missing file raises
`NotFoundError` from `next()`, not from the constructor. Reading is sequential;
`num_parallel_reads` and `buffer_size` are accepted for TF's signatures.
"""
import collections
import gzip
import zlib

import numpy as np

from tapeviz.data.dataset import UNKNOWN, DatasetV2
from tapeviz.fileio import gfile
from tapeviz.fileio.decode import CsvError, csv_row, parse_field, record_default, split_csv_record
from tapeviz.fileio.tfrecord import TFRecordOptions, read_records
from tapeviz.framework import dtypes, errors
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_spec import TensorSpec

__all__ = ["CsvDataset", "TFRecordDataset", "TextLineDataset", "list_files", "make_csv_dataset"]


def _filenames(filenames):
    """The file names (str) of a string, a list, a string tensor or a Dataset of strings."""
    if isinstance(filenames, DatasetV2):
        names = [t.numpy() for t in filenames]
    else:
        t = convert_to_tensor(filenames, dtype=dtypes.string)
        if t.ndim > 1:
            raise TypeError(f"`filenames` must be a `tf.Tensor` of rank at most 1, but got rank "
                            f"{t.ndim}.")
        names = np.asarray(t.numpy(), dtype=object).reshape(-1).tolist()
    return [n.decode() if isinstance(n, bytes) else n for n in names]


def _compression(compression_type):
    value = compression_type.numpy().decode() if isinstance(compression_type, Tensor) else compression_type
    return TFRecordOptions.get_compression_type_string(value)


def _read_error(e, n_outputs=1):
    """An error met while reading, raised as TF's iterator raises it."""
    return kernel_error("IteratorGetNext", e.message, name="",
                        node=f"IteratorGetNext_output_types_{n_outputs}", cls=type(e))


def _file_bytes(path, compression):
    """The (decompressed) contents of `path`."""
    try:
        with gfile.GFile(path, "rb") as f:
            data = f.read()
        if compression == "GZIP":
            return gzip.decompress(data)
        if compression == "ZLIB":
            return zlib.decompress(data)
        return data
    except (OSError, zlib.error):
        raise errors.DataLossError(None, None, f"corrupted record at 0 in {path}") from None


def _lines(path, compression):
    """The lines of one text file without their line endings (\\n or \\r\\n)."""
    data = _file_bytes(path, compression)
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [line[:-1] if line.endswith(b"\r") else line for line in lines]


class _FileDataset(DatasetV2):
    """Records read from each of a list of files in turn."""

    _cardinality = UNKNOWN

    def __init__(self, filenames, compression_type=None):
        self._files = _filenames(filenames)
        self._compression = _compression(compression_type)

    def _element_spec(self):
        return TensorSpec([], dtypes.string)

    def _records(self, path):
        raise NotImplementedError

    def _iterate(self):
        for path in self._files:
            try:
                records = self._records(path)
                for record in records:
                    yield Tensor(np.array(record, dtype=object))
            except errors.OpError as e:
                raise _read_error(e) from None


class TFRecordDataset(_FileDataset):
    """`tf.data.TFRecordDataset(filenames, compression_type=None, buffer_size=None,
    num_parallel_reads=None)`: the records (scalar strings) of TFRecord files, checked against
    their CRC32C; `compression_type` is "", "ZLIB" or "GZIP"."""

    _tf_class = "TFRecordDatasetV2"

    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None,
                 name=None):
        super().__init__(filenames, compression_type)

    def _records(self, path):
        return read_records(path, self._compression)


class TextLineDataset(_FileDataset):
    """`tf.data.TextLineDataset(filenames, compression_type=None, ...)`: the lines of text
    files (scalar strings, without the line ending)."""

    _tf_class = "TextLineDatasetV2"

    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None,
                 name=None):
        super().__init__(filenames, compression_type)

    def _records(self, path):
        return _lines(path, self._compression)


def _csv_default(value):
    """A CsvDataset record default: a DType (a required column) or a 0/1-element value."""
    if isinstance(value, dtypes.DType):
        return value, None
    return record_default(value)


class CsvDataset(DatasetV2):
    """`tf.data.experimental.CsvDataset(filenames, record_defaults, compression_type=None,
    buffer_size=None, header=False, field_delim=",", use_quote_delim=True, na_value="",
    select_cols=None, exclude_cols=None)`: each line of CSV files as a tuple of scalars, one
    per entry of `record_defaults` (a dtype for a required column, or a default value)."""

    _tf_class = "CsvDatasetV2"
    _cardinality = UNKNOWN

    def __init__(self, filenames, record_defaults, compression_type=None, buffer_size=None,
                 header=False, field_delim=",", use_quote_delim=True, na_value="",
                 select_cols=None, exclude_cols=None, name=None):
        self._files = _filenames(filenames)
        self._compression = _compression(compression_type)
        self._defaults = [_csv_default(d) for d in record_defaults]
        if select_cols is not None and exclude_cols is not None:
            raise ValueError("Either select_cols or exclude_cols should be empty")
        self._select = None if select_cols is None else [int(c) for c in select_cols]
        self._exclude = None if exclude_cols is None else sorted(int(c) for c in exclude_cols)
        if self._select is not None and any(b <= a for a, b in zip(self._select, self._select[1:])):
            raise kernel_error("CSVDatasetV2", "select_cols is not sorted in ascending order",
                               name="", node=f"CSVDatasetV2_output_types_{len(self._defaults)}")
        if self._select is not None and len(self._select) != len(self._defaults):
            raise kernel_error("CSVDatasetV2", "select_cols should match output size", name="",
                               node=f"CSVDatasetV2_output_types_{len(self._defaults)}")
        self._header = bool(header)
        self._delim = field_delim.encode() if isinstance(field_delim, str) else bytes(field_delim)
        self._quote = bool(use_quote_delim)
        self._na = na_value.encode() if isinstance(na_value, str) else bytes(na_value)

    def _element_spec(self):
        return tuple(TensorSpec([], dtype) for dtype, _ in self._defaults)

    def _iterate(self):
        n = len(self._defaults)
        for path in self._files:
            try:
                lines = _lines(path, self._compression)
            except errors.OpError as e:
                raise _read_error(e, n) from None
            lines = lines[1:] if self._header else lines
            for line in lines:
                select = self._select
                if self._exclude is not None:
                    width = len(split_csv_record(line, self._delim, self._quote))
                    select = [c for c in range(width) if c not in self._exclude]
                try:
                    row = csv_row(line, self._defaults, self._delim, self._quote, self._na,
                                  select, None)
                except CsvError as e:
                    raise kernel_error("IteratorGetNext", str(e), name="",
                                       node=f"IteratorGetNext_output_types_{n}") from None
                yield tuple(_scalar(v, dtype) for v, (dtype, _) in zip(row, self._defaults))


def _scalar(value, dtype):
    if dtype == dtypes.string:
        return Tensor(np.array(value, dtype=object))
    return Tensor(np.array(value, dtype=dtype.as_numpy_dtype))


def list_files(file_pattern, shuffle=None, seed=None, name=None):
    """`Dataset.list_files`: the file names matching `file_pattern` (a pattern or a list of
    them), sorted, then shuffled unless `shuffle=False` (through `Dataset.shuffle` with `seed`).

    Raises:
      InvalidArgumentError: no file matches.
    """
    patterns = _filenames(file_pattern)
    matches = sorted({path for pattern in patterns for path in gfile.glob(pattern)})
    if not matches:
        shown = patterns[0] if len(patterns) == 1 else ", ".join(patterns)
        raise errors.InvalidArgumentError(
            None, None, "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized "
            f"data: b'No files matched pattern: {shown}'")
    dataset = DatasetV2.from_tensor_slices(np.array(matches, dtype=object))
    if shuffle is None or shuffle:
        dataset = dataset.shuffle(len(matches), seed=seed)
    return dataset


_INFER_ORDER = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64, dtypes.string)


def _valid(text, dtype):
    if dtype == dtypes.string:
        return True
    if dtype.is_integer:
        return parse_field(text, dtype) is not None
    try:
        return dtype.as_numpy_dtype(text.decode()) < np.inf
    except ValueError:
        return False


def _infer_types(rows, select, na):
    """TF's column type inference (make_csv_dataset): per column, the first of int32, int64,
    float32, float64, string that parses the value and is no narrower than the type so far;
    string for a column with no value."""
    found = [None] * len(select)
    for row in rows:
        for j, c in enumerate(select):
            text = row[c]
            if text in (b"", na):
                continue
            for i, dtype in enumerate(_INFER_ORDER):
                if _valid(text, dtype) and (found[j] is None or found[j] in _INFER_ORDER[:i + 1]):
                    found[j] = dtype
                    break
    return [t or dtypes.string for t in found]


def make_csv_dataset(file_pattern, batch_size, column_names=None, column_defaults=None,
                     label_name=None, select_columns=None, field_delim=",", use_quote_delim=True,
                     na_value="", header=True, num_epochs=None, shuffle=True,
                     shuffle_buffer_size=10000, shuffle_seed=None, prefetch_buffer_size=None,
                     num_parallel_reads=None, sloppy=False, num_rows_for_inference=100,
                     compression_type=None, ignore_errors=False, encoding="utf-8"):
    """Batches of CSV rows as `(OrderedDict of columns, label)` (or just the dict without
    `label_name`), the column names from the header line and the types inferred from the first
    `num_rows_for_inference` rows unless `column_defaults` gives them.

    The pipeline is TF's: the matching files (shuffled with `shuffle_seed` if `shuffle`), their
    rows, `shuffle(shuffle_buffer_size, shuffle_seed)`, `repeat(num_epochs)`,
    `batch(batch_size, drop_remainder=num_epochs is None)`, a map to the dict, prefetch.
    tapeviz's shuffle draws its own random order (see `tapeviz/data/shuffle.py`), so a
    shuffled order differs from TF's; `ignore_errors` is not implemented.
    """
    if ignore_errors:
        raise NotImplementedError("tapeviz does not implement make_csv_dataset(ignore_errors=True) yet")
    patterns = _filenames(file_pattern)
    files = [p for pattern in patterns for p in gfile.glob(pattern)]
    if not files:
        raise ValueError(f"No files match `file_pattern` {file_pattern}.")
    files = files if shuffle else sorted(files)
    delim = field_delim.encode() if isinstance(field_delim, str) else bytes(field_delim)
    na = na_value.encode() if isinstance(na_value, str) else bytes(na_value)
    compression = _compression(compression_type)

    def rows_of(path):
        lines = _lines(path, compression)
        return [split_csv_record(line, delim, use_quote_delim) for line in lines]

    if column_names is None:
        if not header:
            raise ValueError("Expected `column_names` or `header` arguments. Neither is provided.")
        column_names = [c.decode() for c in rows_of(files[0])[0]]
    column_names = list(column_names)
    if len(column_names) != len(set(column_names)):
        ordered = sorted(column_names)
        duplicates = {a for a, b in zip(ordered, ordered[1:]) if a == b}
        raise ValueError("Either `column_names` argument or CSV header row contains duplicate "
                         f"column names: {duplicates}.")
    select = None
    if select_columns is not None:
        select = []
        for c in select_columns:
            if isinstance(c, str):
                if c not in column_names:
                    raise ValueError(f"Column {c} is not in the list of column names "
                                     f"{column_names}.")
                c = column_names.index(c)
            select.append(int(c))
        select = sorted(select)
    if column_defaults is not None:
        defaults = [_csv_default(d) for d in column_defaults]
    else:
        rows = []
        for path in files:
            body = rows_of(path)[1 if header else 0:]
            for k, row in enumerate(body):
                if len(row) != len(column_names):
                    raise ValueError(f"Problem inferring types: CSV row {k + 1 + bool(header)} has "
                                     f"{len(row)} number of fields. Expected: {len(column_names)}.")
            rows += body
        rows = rows[:num_rows_for_inference]
        types = _infer_types(rows, select or range(len(column_names)), na)
        defaults = [(t, b"" if t == dtypes.string else 0) for t in types]
    if select is not None and len(defaults) != len(select):
        raise ValueError("If specified, `column_defaults` and `select_columns` must have the same "
                         f"length: `column_defaults` has length {len(defaults)}, "
                         f"`select_columns` has length {len(select)}.")
    if select is not None and len(column_names) > len(select):
        column_names = [column_names[i] for i in select]
    if label_name is not None and label_name not in column_names:
        raise ValueError(f"`label_name` provided must be one of the columns: {column_names}. "
                         f"Received: {label_name}.")
    record_defaults = [dtype if default is None else _scalar(default, dtype)
                       for dtype, default in defaults]
    dataset = DatasetV2.from_tensor_slices(np.array(files, dtype=object))
    if shuffle:
        dataset = dataset.shuffle(len(files), seed=shuffle_seed)
    dataset = dataset.flat_map(lambda path: CsvDataset(
        path, record_defaults, compression_type=compression_type, header=header,
        field_delim=field_delim, use_quote_delim=use_quote_delim, na_value=na_value,
        select_cols=select))
    if shuffle:
        dataset = dataset.shuffle(shuffle_buffer_size, seed=shuffle_seed)
    if num_epochs != 1:
        dataset = dataset.repeat(num_epochs)
    dataset = dataset.batch(batch_size, drop_remainder=num_epochs is None)

    def to_dict(*columns):
        features = collections.OrderedDict(zip(column_names, columns))
        if label_name is None:
            return features
        label = features.pop(label_name)
        return features, label

    return dataset.map(to_dict).prefetch(-1)

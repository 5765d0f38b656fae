"""`tf.io.decode_csv` and `tf.io.decode_raw`: strings into numbers, as TF's kernels parse them."""
import numpy as np

from tapeviz.framework import dtypes
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.tensor import Tensor

__all__ = ["decode_csv", "decode_raw"]

_CSV_TYPES = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64, dtypes.string)
_KERNEL_NAMES = {"float32": "float", "float64": "double"}


def _strings(value):
    """`value` as a NumPy object array of bytes (any shape)."""
    t = convert_to_tensor(value, dtype=dtypes.string)
    return np.asarray(t.numpy(), dtype=object)


class CsvError(Exception):
    """A record TF's CSV kernels reject; the message is the kernel's."""


def csv_row(record, defaults, delim, use_quote_delim, na, select_cols, r):
    """The values of CSV record number `r` (bytes), one per `(dtype, default)` in `defaults`.
    With `r` None the messages are CsvDataset's ("in record", "have more"), else decode_csv's.

    Raises:
      CsvError: a wrong field count, a missing required field or an invalid number.
    """
    fields = split_csv_record(record, delim, use_quote_delim)
    where = "record" if r is None else f"record {r}"
    if select_cols is None:
        if len(fields) != len(defaults):
            have = "more" if r is None and len(fields) > len(defaults) else len(fields)
            raise CsvError(f"Expect {len(defaults)} fields but have {have} in {where}")
        chosen = fields
    else:
        if select_cols and len(fields) <= select_cols[-1]:
            raise CsvError(f"Expect {select_cols[-1] + 1} fields but have {len(fields)} in {where}")
        chosen = [fields[c] for c in select_cols]
    row = []
    for f, (text, (dtype, default)) in enumerate(zip(chosen, defaults)):
        if text == b"" or text == na:
            if default is None:
                raise CsvError(f"Field {f} is required but missing in {where}!")
            row.append(default)
            continue
        value = parse_field(text, dtype)
        if value is None:
            kind = _KERNEL_NAMES.get(dtype.name, dtype.name)
            raise CsvError(f"Field {f} in {where} is not a valid {kind}: "
                           f"{text.decode('utf-8', 'replace')}")
        row.append(value)
    return row


def split_csv_record(record, delim, use_quote_delim):
    """The fields of one CSV record (bytes) as a list of bytes; quotes as TF reads them."""
    fields, i, n = [], 0, len(record)
    while True:
        if use_quote_delim and record[i:i + 1] == b'"':
            field, i = bytearray(), i + 1
            while True:
                j = record.find(b'"', i)
                if j < 0:
                    raise CsvError("Quoted field has to end with quote followed by delim or end")
                field += record[i:j]
                if record[j + 1:j + 2] == b'"':          # "" inside quotes is one quote
                    field += b'"'
                    i = j + 2
                    continue
                i = j + 1
                break
            if i < n and record[i:i + 1] != delim:
                raise CsvError("Quoted field has to end with quote followed by delim or end")
            fields.append(bytes(field))
        else:
            j = record.find(delim, i)
            j = n if j < 0 else j
            fields.append(record[i:j])
            i = j
        if i >= n:
            return fields
        i += 1                                              # past the delimiter
        if i == n:
            fields.append(b"")
            return fields


def parse_field(text, dtype):
    """`text` (bytes) as a value of `dtype`; None if it is not one."""
    if dtype == dtypes.string:
        return text
    try:
        if dtype.is_integer:
            value = int(text.strip())
            info = np.iinfo(dtype.as_numpy_dtype)
            return value if info.min <= value <= info.max else None
        return float(text)
    except ValueError:
        return None


def record_default(value):
    """A record default: (dtype, the default value or None when the field is required)."""
    if isinstance(value, dtypes.DType):
        raise ValueError(f"Attempt to convert a value ({value!r}) with an unsupported type "
                         f"(<class 'tensorflow.python.framework.dtypes.DType'>) to a Tensor.")
    t = convert_to_tensor(value)
    array = np.asarray(t.numpy(), dtype=object if t.dtype == dtypes.string else None).reshape(-1)
    return t.dtype, (array[0] if array.size else None)


def decode_csv(records, record_defaults, field_delim=",", use_quote_delim=True, na_value="",
               select_cols=None, name=None):
    """Splits each CSV record (a string tensor of any shape) into one tensor per column.

    Args:
      records: string tensor; each element is one line.
      record_defaults: one entry per output column: a 1-element value (its dtype, int32,
        int64, float32, float64 or string, sets the column's) or an empty tensor (a required
        column).
      field_delim: the one-character separator.
      use_quote_delim: whether `"..."` fields may hold the separator (`""` is a quote).
      na_value: a field equal to it counts as empty (its column's default is used).
      select_cols: sorted column indices to keep, one per entry of `record_defaults`.
    Returns:
      A list of tensors, each of `records`' shape.
    Raises:
      InvalidArgumentError: a record has the wrong number of fields, a required field is
        empty, or a field is not a valid number.
    """
    defaults = [record_default(d) for d in record_defaults]
    if select_cols is not None:
        select_cols = [int(c) for c in select_cols]
        if any(b <= a for a, b in zip(select_cols, select_cols[1:])):
            raise ValueError("select_cols is not strictly increasing.")
        if select_cols and select_cols[0] < 0:
            raise ValueError("select_cols contains negative values.")
        if len(select_cols) != len(defaults):
            raise ValueError("Length of select_cols and record_defaults do not match.")
    node = f"DecodeCSV_OUT_TYPE_{len(defaults)}"
    for dtype, _ in defaults:
        if dtype not in _CSV_TYPES:
            raise kernel_error("DecodeCSV", f"Value for attr 'OUT_TYPE' of {dtype.name} is not in "
                               "the list of allowed values: float, double, int32, int64, string",
                               node=node)
    strings = _strings(records)
    delim = field_delim.encode() if isinstance(field_delim, str) else bytes(field_delim)
    na = na_value.encode() if isinstance(na_value, str) else bytes(na_value)
    columns = [[] for _ in defaults]
    for r, record in enumerate(strings.reshape(-1)):
        try:
            row = csv_row(record, defaults, delim, use_quote_delim, na, select_cols, r)
        except CsvError as e:
            raise kernel_error("DecodeCSV", str(e), node=node) from None
        for column, value in zip(columns, row):
            column.append(value)
    out = []
    for column, (dtype, _) in zip(columns, defaults):
        array = np.empty(len(column), dtype=object) if dtype == dtypes.string else \
            np.empty(len(column), dtype=dtype.as_numpy_dtype)
        array[:] = column
        out.append(Tensor(array.reshape(strings.shape)))
    return out


_RAW_TYPES = ("float16", "float32", "float64", "int32", "uint16", "uint8", "int16", "int8",
              "int64", "complex64", "complex128", "bool", "bfloat16")


def decode_raw(input_bytes, out_type, little_endian=True, fixed_length=None, name=None):
    """The bytes of each string reinterpreted as a vector of `out_type` numbers.

    Args:
      input_bytes: string tensor of any shape; its elements must have equal lengths (a
        multiple of the type's size) unless `fixed_length` is given.
      out_type: the element dtype (numbers or bool).
      little_endian: how the bytes are ordered.
      fixed_length: every string is cut or zero-padded to this many bytes first.
    Returns:
      A tensor of shape `input_bytes.shape + [n]`.
    """
    out_type = dtypes.as_dtype(out_type)
    op = "DecodeRaw" if fixed_length is None else "DecodePaddedRaw"
    if out_type.name not in _RAW_TYPES:
        raise kernel_error(op, f"Value for attr 'out_type' of {out_type.name} is not in the list "
                           "of allowed values", name="")
    strings = _strings(input_bytes)
    np_type = np.dtype(out_type.as_numpy_dtype).newbyteorder("<" if little_endian else ">")
    size = np_type.itemsize
    flat = list(strings.reshape(-1))
    if fixed_length is not None:
        fixed_length = int(fixed_length.numpy() if isinstance(fixed_length, Tensor) else fixed_length)
        if fixed_length % size:
            raise kernel_error(op, f"fixed_length ({fixed_length}) must be a multiple of the size "
                               f"of out_type ({size})", name="")
        flat = [s[:fixed_length].ljust(fixed_length, b"\0") for s in flat]
    elif flat:
        first = len(flat[0])
        for i, s in enumerate(flat):
            if len(s) != first:
                raise kernel_error(op, f"DecodeRaw requires input strings to all be the same "
                                   f"size, but element {i} has size {first} != {len(s)}", name="")
        if first % size:
            raise kernel_error(op, f"Input to DecodeRaw has length {first} that is not a multiple "
                               f"of {size}, the size of {_KERNEL_NAMES.get(out_type.name, out_type.name)}",
                               name="")
    width = (fixed_length if fixed_length is not None else len(flat[0]) if flat else 0) // size
    values = np.frombuffer(b"".join(flat), dtype=np_type).astype(out_type.as_numpy_dtype)
    return Tensor(values.reshape(strings.shape + (width,)))

"""`tf.print`: TF's formatting of tensors (`summarize`, nested structures, strings) and streams."""
import logging
import pprint
import random
import sys

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import nest
from tapeviz.framework.api import export
from tapeviz.framework.tensor import Tensor


def _is_tensor(x):
    return isinstance(x, Tensor) or getattr(x, "_is_variable", False) or hasattr(type(x), "_print_text")


def _value(x):
    return np.asarray(x._value if isinstance(x, Tensor) else x.numpy())


def _c_escape(data):
    """TF's `absl::Utf8SafeCEscape` of a byte string: quotes, backslashes and control bytes
    escaped, bytes of multi-byte UTF-8 characters kept."""
    special = {0x0a: b"\\n", 0x0d: b"\\r", 0x09: b"\\t", 0x22: b'\\"', 0x27: b"\\'", 0x5c: b"\\\\"}
    out = bytearray()
    for b in data:
        if b in special:
            out += special[b]
        elif b < 0x20 or b == 0x7f:
            out += f"\\{b:03o}".encode()
        else:
            out.append(b)
    return out.decode("utf-8", "replace")


def _float_text(v, digits, more, cast):
    """TF's FloatToBuffer/DoubleToBuffer: `%.{digits}g`, or `%.{more}g` if that does not
    read back as the same value."""
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    text = f"{float(v):.{digits}g}"
    return text if cast(text) == v else f"{float(v):.{more}g}"


def _element_text(v, dtype):
    if dtype == D.string:
        return '"' + _c_escape(v if isinstance(v, bytes) else str(v).encode()) + '"'
    if dtype == D.bool:
        return "1" if v else "0"
    if dtype.is_complex:
        return "?"
    if dtype == D.float64:
        return _float_text(v, 15, 17, np.float64)
    if dtype.is_floating:
        return _float_text(np.float32(v), 6, 9, np.float32)
    return str(int(v))


def _spacing(dim, ndim):
    if dim == ndim - 1:
        return " "
    return "\n" * (ndim - dim - 1) + " " * (dim + 1)


def _summarize(array, dtype, summarize):
    """TF's SummarizeValue(print_v2=True): `summarize` elements at each end of every dimension."""
    flat = array.reshape(-1)
    if array.ndim == 0:
        return _element_text(flat[0], dtype)
    limit = flat.size if summarize < 0 else min(summarize, flat.size)

    def dim_text(index, dim):
        if dim == array.ndim:
            return _element_text(array[index], dtype)
        count = array.shape[dim]
        head = range(min(limit, count))
        tail = range(max(limit, count - limit), count)
        parts = [dim_text(index + (i,), dim + 1) for i in head]
        if count > 2 * limit:
            parts.append("...")
        parts += [dim_text(index + (i,), dim + 1) for i in tail]
        text = "[" + "".join((_spacing(dim, array.ndim) if k or (not head and part == "...") else "")
                             + part for k, part in enumerate(parts)) + "]"
        return text

    return dim_text((), 0)


def _placeholder(template):
    """TF's `_generate_placeholder_string`: "{}" grown with seeded random digits until unique."""
    placeholder = "{}"
    rng = random.Random(5)
    while placeholder in template:
        placeholder = placeholder + str(rng.randint(0, 9))
    return placeholder


def format_inputs(inputs, summarize=3, sep=" "):
    """The text `tf.print(*inputs)` prints (without `end`)."""
    if len(inputs) == 1 and _is_tensor(inputs[0]) and inputs[0].shape.ndims == 0 \
            and inputs[0].dtype == D.string:
        value = _value(inputs[0]).item()
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    free = " ".join(pprint.pformat(nest.map_structure(lambda x: "" if _is_tensor(x) else x, i))
                    for i in inputs)
    placeholder = _placeholder(free)
    templates, tensors = [], []
    for item in inputs:
        leaves = []
        for x in nest.flatten(item):
            if _is_tensor(x):
                tensors.append(x)
                leaves.append(placeholder)
            elif getattr(x, "_is_composite_tensor", False) and hasattr(x, "dense_shape"):
                # a SparseTensor prints as TF's template of its three parts (a string: quoted)
                tensors += [x.indices, x.values, x.dense_shape]
                leaves.append(f"SparseTensor(indices={placeholder}, values={placeholder}, shape={placeholder})")
            else:
                leaves.append(x)
        templates.append(item if isinstance(item, str) else
                         pprint.pformat(nest.pack_sequence_as(item, leaves)))
    template = sep.join(templates).replace("'" + placeholder + "'", placeholder)
    pieces = template.split(placeholder)
    out = [pieces[0]]
    for t, piece in zip(tensors, pieces[1:]):
        text = t._print_text(summarize) if hasattr(type(t), "_print_text") else _summarize(_value(t), t.dtype, summarize)
        out += [text, piece]
    return "".join(out)


_LEVELS = {logging.INFO: "info", logging.WARNING: "warning", logging.ERROR: "error"}


def print_v2(*inputs, **kwargs):
    """Prints `inputs` (tensors and Python structures) as TF does, then `end`.

    Keyword args: `output_stream` (`sys.stderr` by default, `sys.stdout`, a logging level, or
    `'file://<path>'`, appended to), `summarize` (elements shown at each end of every dimension,
    3 by default, -1 for all), `sep` (" "), `end` ("\\n"), `name`. Eager TF writes right away:
    so does tapeviz, to the Python stream object (so notebooks show it).

    Raises:
      ValueError: an unsupported `output_stream` or an unknown keyword argument.
    """
    output_stream = kwargs.pop("output_stream", sys.stderr)
    output_stream = getattr(output_stream, "real", output_stream)   # a tf.function's held stdout
    summarize = kwargs.pop("summarize", 3)
    sep = kwargs.pop("sep", " ")
    end = kwargs.pop("end", "\n")
    kwargs.pop("name", None)
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments for tf.print: {kwargs}")
    is_file = isinstance(output_stream, str) and output_stream.startswith("file://")
    if not is_file and output_stream not in (getattr(sys.stdout, "real", sys.stdout), sys.stderr) \
            and output_stream not in _LEVELS:
        raise ValueError("Unsupported output stream, logging level, or file." + str(output_stream)
                         + ". Supported streams are sys.stdout, sys.stderr, tf.logging.info, "
                         "tf.logging.warning, tf.logging.error. File needs to be in the form of "
                         "'file://<filepath>'.")
    text = format_inputs(inputs, summarize=summarize, sep=sep)
    if is_file:
        with open(output_stream[len("file://"):], "a") as f:
            f.write(text + end)
    elif output_stream in _LEVELS:
        logging.getLogger("tensorflow").log(output_stream, text)
    else:
        output_stream.write(text + end)
        output_stream.flush()


export(print_v2, "print")

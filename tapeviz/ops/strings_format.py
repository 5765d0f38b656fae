"""Numbers to and from strings: `tf.strings.to_number`, `tf.strings.as_string` (C printf
formats, as TF's AsString kernel builds them) and `tf.strings.format` (TF's tensor summaries)."""
import re

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.registry import defop, nondifferentiable
from tapeviz.framework.tensor import Tensor
from tapeviz.ops.printing import _summarize
from tapeviz.ops.string_rows import on_flat_values
from tapeviz.ops.strings import attr_error, elementwise, fast_path_name, object_array, string_input

# ---- to_number ---------------------------------------------------------------------------------
_NUMBER_TYPES = (D.float32, D.float64, D.int32, D.int64, D.uint32, D.uint64)
_INT = re.compile(rb"\s*[+-]?\d+\s*")
_FLOAT = re.compile(rb"\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity|nan)\s*", re.I)


def _np_to_number(x, out_type, error_name=None):
    dtype = out_type.as_numpy_dtype
    integer = out_type.is_integer
    out = np.empty(np.size(x), dtype=dtype)
    for i, s in enumerate(np.asarray(x).reshape(-1)):
        ok = (_INT if integer else _FLOAT).fullmatch(s)
        value = None
        if ok:
            if integer:
                value = int(s)
                info = np.iinfo(dtype)
                if not info.min <= value <= info.max:
                    value = None
            else:
                with np.errstate(over="ignore"):
                    value = dtype(float(s))
        if value is None:
            raise kernel_error("StringToNumber", "StringToNumberOp could not correctly convert string: "
                               + s.decode("utf-8", "replace"), name=error_name)
        out[i] = value
    return out.reshape(np.shape(x))


_string_to_number = defop("StringToNumber", _np_to_number, dtypes=None)
nondifferentiable(_string_to_number)


def to_number(input, out_type=D.float32, name=None):
    """Parses each string as a number of `out_type` (float32, float64, int32, int64, uint32,
    uint64); surrounding whitespace is allowed, hex and out-of-range integers are not.

    Raises:
      InvalidArgumentError: a string that is not such a number, or an unsupported out_type.
    """
    out_type = D.as_dtype(out_type)
    if out_type not in _NUMBER_TYPES:
        raise attr_error("StringToNumber", f"Value for attr 'out_type' of {out_type.name} is not in the list "
                                           "of allowed values: float, double, int32, int64, uint32, uint64")
    return _string_to_number(string_input(input, "StringToNumber"), out_type=out_type,
                             error_name=fast_path_name(input))


# ---- as_string ---------------------------------------------------------------------------------
def _format_spec(dtype, precision, scientific, shortest, width, fill):
    """The printf format TF's AsString kernel builds: `%[fill][width][.precision](d|f|e|g)`."""
    spec = "%"
    if fill:
        spec += fill
    if width > -1:
        spec += str(width)
    if dtype.is_floating or dtype.is_complex:
        if precision > -1:
            spec += f".{precision}"
        spec += "g" if shortest else "e" if scientific else "f"
    else:
        spec += "d"
    return spec


def _np_as_string(x, precision=-1, scientific=False, shortest=False, width=-1, fill="", error_name=None):
    arr = np.asarray(x)
    dtype = D.of_array(arr)
    if dtype is D.string:   # strings take only the width: `%{fill}{width}s`
        spec = f"%{fill}{width}s" if width > -1 else "%s"
        return elementwise(lambda v: (spec % v.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape"))(arr)
    if dtype.is_integer and precision > -1:
        raise kernel_error("AsString", f"precision not supported for datatype {dtype.name}", name=error_name)
    if dtype is D.bool:
        return elementwise(lambda v: b"true" if v else b"false")(arr)
    spec = _format_spec(dtype, precision, scientific, shortest, width, fill)
    if dtype.is_complex:
        return object_array([f"({spec % v.real},{spec % v.imag})".encode() for v in arr.reshape(-1)], arr.shape)
    if dtype.is_floating:
        return object_array([(spec % float(v)).encode() for v in arr.reshape(-1)], arr.shape)
    return object_array([(spec % int(v)).encode() for v in arr.reshape(-1)], arr.shape)


_as_string = defop("AsString", _np_as_string, dtypes=None)
nondifferentiable(_as_string)


def as_string(input, precision=-1, scientific=False, shortest=False, width=-1, fill="", name=None):
    """Each element as text: integers `%d`, floats `%f` (`%e` scientific, `%g` shortest, with
    `precision`), padded to `width` with `fill`; bools as true/false.

    Raises:
      InvalidArgumentError: both scientific and shortest, or a fill longer than one character.
    """
    if scientific and shortest:
        raise kernel_error("AsString", "Cannot select both scientific and shortest notation",
                           name=fast_path_name(input))
    if len(fill) > 1:
        raise kernel_error("AsString", "Fill string must be one or fewer characters", name=fast_path_name(input))
    if fill not in _FILLS:
        raise kernel_error("AsString", f'Fill argument not supported: "{fill}"', name=fast_path_name(input))
    x = input if isinstance(input, Tensor) else convert_to_tensor(input)
    return _as_string(x, precision=int(precision), scientific=bool(scientific), shortest=bool(shortest),
                      width=int(width), fill=fill, error_name=fast_path_name(input))


_FILLS = ("", " ", "+", "-", "0", "#")   # printf flags: the only fills TF's AsString takes


# ---- format ------------------------------------------------------------------------------------
def format(template, inputs, placeholder="{}", summarize=3, name=None):  # noqa: A001 (TF's name)
    """`template` with each `placeholder` replaced by the next input tensor's summary (as
    tf.print shows it: `summarize` elements at each end of every dimension).

    Raises:
      ValueError: the number of placeholders and of inputs differ.
    """
    tensors = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
    tensors = [t if isinstance(t, Tensor) else convert_to_tensor(t) for t in tensors]
    pieces = template.split(placeholder)
    if len(pieces) - 1 != len(tensors):
        raise ValueError(f"The template expects {len(pieces) - 1} tensors, but the inputs only has "
                         f"{len(tensors)}. Please ensure the number of placeholders in template matches "
                         "inputs length.")
    out = [pieces[0]]
    for t, piece in zip(tensors, pieces[1:]):
        out += [_summarize(np.asarray(t._value), t.dtype, summarize), piece]
    return Tensor(np.array("".join(out).encode(), dtype=object))


export(on_flat_values(to_number), "strings.to_number")
export(on_flat_values(as_string), "strings.as_string", "as_string")
export(format, "strings.format")

"""DType objects (`tf.float32`, ...) and the dtype groups that op declarations use."""
import builtins

import numpy as np


class DType:
    """A TensorFlow dtype: compares equal to itself, its name and its NumPy type."""

    __slots__ = ("name", "as_numpy_dtype", "_np", "c_name")

    def __init__(self, name, np_type, c_name):
        self.name, self.as_numpy_dtype, self.c_name = name, np_type, c_name
        self._np = np.dtype(np_type)

    base_dtype = property(lambda self: self)
    real_dtype = property(lambda self: {complex64: float32, complex128: float64}.get(self, self))
    is_floating = property(lambda self: self._np.kind == "f")
    is_integer = property(lambda self: self._np.kind in "iu")
    is_unsigned = property(lambda self: self._np.kind == "u")
    is_complex = property(lambda self: self._np.kind == "c")
    is_bool = property(lambda self: self._np.kind == "b")
    is_numeric = property(lambda self: self._np.kind in "iufc")
    is_quantized = property(lambda self: False)
    size = property(lambda self: 0 if self._np.kind == "O" else self._np.itemsize)
    as_datatype_enum = property(lambda self: _ENUMS[self.name])

    @property
    def min(self):
        """The smallest representable value (NumPy scalar for floats, Python int for ints)."""
        if self.is_floating:
            return np.finfo(self._np).min
        if self.is_integer:
            return int(np.iinfo(self._np).min)
        raise TypeError(f"Cannot find minimum value of {self} with type {self}.")

    @property
    def max(self):
        """The largest representable value (NumPy scalar for floats, Python int for ints)."""
        if self.is_floating:
            return np.finfo(self._np).max
        if self.is_integer:
            return int(np.iinfo(self._np).max)
        raise TypeError(f"Cannot find maximum value of {self} with type {self}.")

    @property
    def limits(self):
        """TF's intensity range `(min, max)` with negatives clipped to 0 (floats: `(0, 1)`)."""
        if self.is_bool:
            return (False, True)
        if self.is_floating:
            return (0, 1)
        if self.is_integer:
            return (0, int(np.iinfo(self._np).max))
        raise TypeError(f"Cannot find limits of {self}.")

    def is_compatible_with(self, other):
        return self == as_dtype(other)

    def is_subtype_of(self, other):
        return self == other

    def __eq__(self, other):
        if other is self:
            return True
        if other is None:
            return False
        try:
            return as_dtype(other) is self
        except TypeError:
            return False

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return _ENUMS[self.name]

    def __repr__(self):
        return f"tf.{self.name}"

    def __str__(self):
        return f"<dtype: '{self.name}'>"

    def __reduce__(self):
        return as_dtype, (self.name,)


float16 = half = DType("float16", np.float16, "half")
float32 = DType("float32", np.float32, "float")
float64 = double = DType("float64", np.float64, "double")
int8 = DType("int8", np.int8, "int8")
int16 = DType("int16", np.int16, "int16")
int32 = DType("int32", np.int32, "int32")
int64 = DType("int64", np.int64, "int64")
uint8 = DType("uint8", np.uint8, "uint8")
uint16 = DType("uint16", np.uint16, "uint16")
uint32 = DType("uint32", np.uint32, "uint32")
uint64 = DType("uint64", np.uint64, "uint64")
bool = DType("bool", np.bool_, "bool")  # noqa: A001 (TF's name)
complex64 = DType("complex64", np.complex64, "complex64")
complex128 = DType("complex128", np.complex128, "complex128")
string = DType("string", object, "string")

ALL = (float16, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
       bool, complex64, complex128, string)
_ENUMS = {"float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6,
          "string": 7, "complex64": 8, "int64": 9, "bool": 10, "uint16": 17, "complex128": 18,
          "float16": 19, "uint32": 22, "uint64": 23}
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update(half=float16, double=float64, float=float32)
_BY_NP = {d._np: d for d in ALL}
_BY_ENUM = {e: _BY_NAME[n] for n, e in _ENUMS.items()}
_PYTHON_TYPES = {builtins.float: float32, builtins.bool: bool}   # TF maps Python `float` to float32; int, str: no
# builtins spelled out: tapeviz's namespace builder adds `complex`, `cast`... to this module
_NOT_DTYPES = (builtins.int, builtins.str, builtins.bytes, builtins.complex)

FLOATING = frozenset({float16, float32, float64})
COMPLEX = frozenset({complex64, complex128})
INTEGER = frozenset({int8, int16, int32, int64, uint8, uint16, uint32, uint64})
SIGNED = frozenset({int8, int16, int32, int64})
REAL = FLOATING | INTEGER
NUMERIC = REAL | COMPLEX
INEXACT = FLOATING | COMPLEX
ANY = frozenset(ALL)


def as_dtype(type_value):
    """Converts a DType, a name such as `'float32'`, a NumPy type or a DataType enum into a `DType`.

    Raises:
      TypeError: `Cannot convert the argument type_value: ... to a TensorFlow DType.`
    """
    if isinstance(type_value, DType):
        return type_value
    try:
        if isinstance(type_value, str):
            return _BY_NAME[type_value]
        if type(type_value) is builtins.int:
            return _BY_ENUM[type_value]
        if isinstance(type_value, type) and type_value in _PYTHON_TYPES:
            return _PYTHON_TYPES[type_value]
        if isinstance(type_value, (np.dtype, type)) and not any(type_value is t for t in _NOT_DTYPES):
            dt = np.dtype(type_value)
            if dt.kind in "SUO":
                return string
            return _BY_NP[dt]
    except (KeyError, TypeError):
        pass
    raise TypeError(f"Cannot convert the argument `type_value`: {type_value!r} "
                    "to a TensorFlow DType.")


def of_array(array):
    """The DType of a NumPy array or scalar (bytes and str arrays are `string`)."""
    try:
        return _BY_NP[array.dtype]
    except KeyError:
        if array.dtype.kind in "SU":
            return string
        raise TypeError(f"tapeviz does not support NumPy dtype {array.dtype}") from None

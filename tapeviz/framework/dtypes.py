"""DType objects (`tf.float32`, ...) and the dtype groups that op declarations use."""
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
    size = property(lambda self: self._np.itemsize)
    as_datatype_enum = property(lambda self: _ENUMS[self.name])

    @property
    def min(self):
        return np.finfo(self._np).min if self.is_floating else np.iinfo(self._np).min

    @property
    def max(self):
        return np.finfo(self._np).max if self.is_floating else np.iinfo(self._np).max

    def is_compatible_with(self, other):
        return self == as_dtype(other)

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
        return hash(self.name)

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
string = DType("string", np.object_, "string")

ALL = (float16, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
       bool, complex64, complex128, string)
_ENUMS = {"float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6,
          "string": 7, "complex64": 8, "int64": 9, "bool": 10, "uint16": 17, "complex128": 18,
          "float16": 19, "uint32": 22, "uint64": 23}
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update(half=float16, double=float64, float=float32)
_BY_NP = {d._np: d for d in ALL}

FLOATING = frozenset({float16, float32, float64})
COMPLEX = frozenset({complex64, complex128})
INTEGER = frozenset({int8, int16, int32, int64, uint8, uint16, uint32, uint64})
SIGNED = frozenset({int8, int16, int32, int64})
REAL = FLOATING | INTEGER
NUMERIC = REAL | COMPLEX
INEXACT = FLOATING | COMPLEX
ANY = frozenset(ALL)


def as_dtype(type_value):
    """Converts a DType, a name such as `'float32'`, or a NumPy type into a `DType`."""
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, str):
        try:
            return _BY_NAME[type_value]
        except KeyError:
            raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.") from None
    if type_value is None:
        raise TypeError("Cannot convert the argument `type_value`: None to a TensorFlow DType.")
    try:
        return _BY_NP[np.dtype(type_value)]
    except (TypeError, KeyError):
        if np.dtype(type_value).kind in "SU" if _is_dtype_like(type_value) else False:
            return string
        raise TypeError(f"Cannot convert the argument `type_value`: {type_value!r} "
                        "to a TensorFlow DType.") from None


def _is_dtype_like(value):
    try:
        np.dtype(value)
        return True
    except TypeError:
        return False


def of_array(array):
    """The DType of a NumPy array or scalar (bytes and str arrays are `string`)."""
    try:
        return _BY_NP[array.dtype]
    except KeyError:
        if array.dtype.kind in "SU":
            return string
        raise TypeError(f"tapeviz does not support NumPy dtype {array.dtype}") from None

"""`tf.io.serialize_tensor` / `tf.io.parse_tensor`: a tensor as TF's `TensorProto` bytes.

The bytes are TF's own: the dtype's enum value, the shape, then either `tensor_content` (the
raw little-endian values, for numbers and bools) or one `string_val` per element (strings).
`parse_tensor` also reads protos that keep values in the typed `*_val` fields (as
`tf.make_tensor_proto` writes small constants), repeating the last value as TF does.
"""
import base64

import numpy as np

from tapeviz.fileio.protos import message_class
from tapeviz.framework import dtypes
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.tensor import Tensor

# TF's DataType enum (tensorflow/core/framework/types.proto).
DATA_TYPES = {"float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6,
              "string": 7, "complex64": 8, "int64": 9, "bool": 10, "bfloat16": 14, "uint16": 17,
              "complex128": 18, "float16": 19, "uint32": 22, "uint64": 23}
_BY_ENUM = {v: k for k, v in DATA_TYPES.items()}
_VAL_FIELDS = {"float32": "float_val", "float64": "double_val", "int32": "int_val",
               "uint8": "int_val", "int16": "int_val", "int8": "int_val", "string": "string_val",
               "complex64": "scomplex_val", "int64": "int64_val", "bool": "bool_val",
               "uint16": "int_val", "complex128": "dcomplex_val", "float16": "half_val",
               "uint32": "uint32_val", "uint64": "uint64_val"}


def serialize_tensor(tensor, name=None):
    """The `TensorProto` bytes of `tensor`, as a scalar string tensor."""
    t = convert_to_tensor(tensor)
    array = np.asarray(t.numpy(), dtype=object if t.dtype == dtypes.string else None)
    proto = message_class("TensorProto")(dtype=DATA_TYPES[t.dtype.name])
    proto.tensor_shape.SetInParent()
    for size in array.shape:
        proto.tensor_shape.dim.add(size=size)
    if t.dtype == dtypes.string:
        proto.string_val.extend(array.reshape(-1).tolist())
    else:
        proto.tensor_content = np.ascontiguousarray(array).astype(
            array.dtype.newbyteorder("<"), copy=False).tobytes()
    return convert_to_tensor(proto.SerializeToString())


def _values(proto, dtype, count):
    """The flat NumPy values of `proto`, of TF dtype `dtype`."""
    np_type = dtype.as_numpy_dtype
    if dtype == dtypes.string:
        values = list(proto.string_val)
        array = np.empty(len(values), dtype=object)
        array[:] = values
    elif proto.tensor_content:
        return np.frombuffer(proto.tensor_content, dtype=np.dtype(np_type).newbyteorder("<")).astype(np_type)
    else:
        values = list(getattr(proto, _VAL_FIELDS[dtype.name]))
        if dtype == dtypes.float16:
            array = np.array(values, dtype=np.uint16).view(np.float16)
        elif dtype.is_complex:
            array = np.array(values[0::2], dtype=np_type) + 1j * np.array(values[1::2], dtype=np_type)
        else:
            array = np.array(values).astype(np_type)
    if 0 < len(array) < count:      # TF repeats the last value to fill the shape
        array = np.concatenate([array, np.repeat(array[-1:], count - len(array))])
    return array


def parse_tensor(serialized, out_type, name=None):
    """The tensor whose `TensorProto` bytes are the scalar string `serialized`.

    Raises:
      InvalidArgumentError: `serialized` is not a TensorProto, or its dtype is not `out_type`.
    """
    from google.protobuf.message import DecodeError

    data = convert_to_tensor(serialized).numpy()
    out_type = dtypes.as_dtype(out_type)
    proto = message_class("TensorProto")()
    try:
        proto.ParseFromString(data)
        dtype_name = _BY_ENUM[proto.dtype]
    except (DecodeError, KeyError):
        text = base64.b64encode(data).decode()
        raise kernel_error("ParseTensor", f"Could not parse `serialized` as TensorProto, "
                           f"base64: {text}") from None
    if dtype_name != out_type.name:
        parsed = dtypes.as_dtype(dtype_name)
        raise kernel_error("ParseTensor", f"Type mismatch between parsed tensor ({_kernel_name(parsed)}) "
                           f"and dtype ({_kernel_name(out_type)})", name="")
    shape = tuple(d.size for d in proto.tensor_shape.dim)
    count = int(np.prod(shape, dtype=np.int64))
    array = _values(proto, out_type, count)
    if array.size != count:
        raise kernel_error("ParseTensor", f"Could not parse `serialized` as TensorProto, base64: "
                           f"{base64.b64encode(data).decode()}")
    return Tensor(array.reshape(shape))


def _kernel_name(dtype):
    """A dtype as TF's kernels name it (DataTypeString): float, double, int32, string, half."""
    return {"float32": "float", "float64": "double", "float16": "half"}.get(dtype.name, dtype.name)

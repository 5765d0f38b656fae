"""Argument specs in the SavedModel file: how a trace's arguments are written as JSON and read
back, and how a call's arguments are matched against them (as a loaded TF function matches a
call against its saved concrete functions)."""
import math

import numpy as np

from tapeviz.framework import dtypes
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_shape import TensorShape
from tapeviz.framework.tensor_spec import TensorSpec, TypeSpec


def _shape(shape):
    shape = TensorShape(shape)
    return None if shape.rank is None else [None if d is None else int(d) for d in shape.as_list()]


def encode(x, node_of):
    """`x` (a spec, a Python value, or a nest of them) as JSON. `node_of(obj)` gives the node id
    of an object argument (a `_Instance`), or raises ValueError."""
    from tapeviz.framework.custom_gradient import _Instance
    from tapeviz.ops.ragged.spec import RaggedTensorSpec
    from tapeviz.ops.sparse_tensor import SparseTensorSpec
    if isinstance(x, TensorSpec):
        return {"tensor": [_shape(x.shape), x.dtype.name, x.name]}
    if isinstance(x, RaggedTensorSpec):
        return {"ragged": [_shape(x.shape), x.dtype.name, x.ragged_rank, x.row_splits_dtype.name]}
    if isinstance(x, SparseTensorSpec):
        return {"sparse": [_shape(x.shape), x.dtype.name]}
    if isinstance(x, TypeSpec):
        raise ValueError(f"tapeviz cannot save a function traced with {x!r}")
    if isinstance(x, _Instance):
        return {"object": node_of(x.ref())}
    if isinstance(x, tuple):
        return {"tuple": [encode(v, node_of) for v in x]}
    if isinstance(x, list):
        return {"list": [encode(v, node_of) for v in x]}
    if isinstance(x, dict):
        if not all(isinstance(k, str) for k in x):
            raise ValueError(f"tapeviz can save only string dict keys in a traced argument: {x!r}")
        return {"dict": [[k, encode(v, node_of)] for k, v in x.items()]}
    if isinstance(x, float):
        return {"float": repr(x)}       # nan and inf too
    if isinstance(x, bytes):
        return {"bytes": x.decode("latin-1")}
    if x is None or isinstance(x, (bool, int, str)):
        return {"py": x}
    raise ValueError(f"tapeviz cannot save a function traced with the Python argument {x!r} "
                     "(only tensors, specs, numbers, strings, None and lists/tuples/dicts of them)")


def decode(j, objects):
    """The inverse of `encode`; `objects[node id]` gives the loaded object arguments."""
    from tapeviz.ops.ragged.spec import RaggedTensorSpec
    from tapeviz.ops.sparse_tensor import SparseTensorSpec
    (kind, value), = j.items()
    if kind == "tensor":
        return TensorSpec(value[0], dtypes.as_dtype(value[1]), value[2])
    if kind == "ragged":
        return RaggedTensorSpec(value[0], dtypes.as_dtype(value[1]), value[2], dtypes.as_dtype(value[3]))
    if kind == "sparse":
        return SparseTensorSpec(value[0], dtypes.as_dtype(value[1]))
    if kind == "object":
        return _ObjectArg(objects[value])
    if kind in ("tuple", "list"):
        items = [decode(v, objects) for v in value]
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        return {k: decode(v, objects) for k, v in value}
    if kind == "float":
        return float(value)
    if kind == "bytes":
        return value.encode("latin-1")
    if kind == "py":
        return value
    raise ValueError(f"unknown argument kind {kind!r} in the SavedModel file")


class _ObjectArg:
    """A traced object argument: matches only that (loaded) object."""

    __slots__ = ("obj",)

    def __init__(self, obj):
        self.obj = obj

    def __repr__(self):
        return repr(self.obj)


class NoMatch(Exception):
    """A call's arguments do not fit a saved trace."""


def match(value, spec):
    """`value` bound to `spec` (a spec, a Python value, or a nest): the value to call with.

    Raises NoMatch when it does not fit, as TF's loaded functions find no concrete function."""
    from tapeviz.ops.ragged.spec import RaggedTensorSpec
    from tapeviz.ops.sparse_tensor import SparseTensorSpec
    if isinstance(spec, TensorSpec):
        if getattr(value, "_is_variable", False):
            value = value.read_value()
        if not isinstance(value, (Tensor, np.ndarray, bool, int, float, complex, list, tuple, np.generic)):
            raise NoMatch()
        try:
            t = value if isinstance(value, Tensor) else convert_to_tensor(value, dtype_hint=spec.dtype)
        except Exception:            # noqa: BLE001 (a value that is no such tensor does not match)
            raise NoMatch() from None
        if t.dtype != spec.dtype or not spec.shape.is_compatible_with(t.shape):
            raise NoMatch()
        return t
    if isinstance(spec, (RaggedTensorSpec, SparseTensorSpec)):
        if not hasattr(value, "_type_spec") or not spec.is_compatible_with(value):
            raise NoMatch()
        return value
    if isinstance(spec, _ObjectArg):
        if value is not spec.obj:
            raise NoMatch()
        return value
    if isinstance(spec, (tuple, list)):
        if not isinstance(value, (tuple, list)) or len(value) != len(spec):
            raise NoMatch()
        return type(spec)(match(v, s) for v, s in zip(value, spec))
    if isinstance(spec, dict):
        if not isinstance(value, dict) or set(value) != set(spec):
            raise NoMatch()
        return {k: match(value[k], spec[k]) for k in spec}
    if isinstance(spec, float) and isinstance(value, float) and math.isnan(spec) and math.isnan(value):
        return value
    if type(value) is not type(spec) or value != spec:
        raise NoMatch()
    return value


def describe_value(value, name):
    """A call argument as TF's 'Could not find matching concrete function' message shows it (a
    tensor as the placeholder TF made for it)."""
    if isinstance(value, Tensor) or getattr(value, "_is_variable", False):
        return f"<tf.Tensor '{name}:0' shape={value.shape} dtype={value.dtype.name}>"
    if isinstance(value, (tuple, list)):
        parts = [describe_value(v, f"{name}_{i}") for i, v in enumerate(value)]
        return ("(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
                if isinstance(value, tuple) else "[" + ", ".join(parts) + "]")
    return repr(value)


def named(spec, name):
    """`spec` named after its parameter, as the specs of a loaded function print."""
    if isinstance(spec, TensorSpec):
        return TensorSpec(spec.shape, spec.dtype, spec.name or name)
    if isinstance(spec, (tuple, list)):
        return type(spec)(named(s, f"{name}_{i}") for i, s in enumerate(spec))
    return spec

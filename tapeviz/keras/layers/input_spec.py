"""Keras 3's `InputSpec`: the rank, dtype and shape a layer accepts, checked before each call.

A layer's `input_spec` (one spec, or a list of them for the flattened first argument) is
checked when it is called, before and again after `build` (which may narrow it, as `Dense`
fixes its input's last axis), with Keras's `ValueError` messages.
"""
from tapeviz.framework import nest
from tapeviz.framework.tensor import Tensor


class InputSpec:
    """The rank, dtype and shape of one input (`keras.InputSpec`)."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None,
                 allow_last_axis_squeeze=False, name=None, optional=False):
        self.dtype = None if dtype is None else _dtype_name(dtype)
        if shape is not None:
            self.shape = tuple(None if d is None else int(d) for d in shape)
            self.ndim = len(shape)
        else:
            self.ndim, self.shape = ndim, None
        self.max_ndim, self.min_ndim = max_ndim, min_ndim
        self.name, self.optional = name, optional
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        try:
            axes = axes or {}
            self.axes = {int(k): axes[k] for k in axes}
        except (ValueError, TypeError):
            raise TypeError(f"Argument `axes` must be a dict with integer keys. Received: axes={axes}") from None
        if self.axes and (self.ndim is not None or self.max_ndim is not None):
            max_dim = (self.ndim if self.ndim else self.max_ndim) - 1
            if max(self.axes) > max_dim:
                raise ValueError(f"Axis {max(self.axes)} is greater than the maximum allowed value: {max_dim}")

    def __repr__(self):
        parts = [f"dtype={self.dtype}" if self.dtype else "", f"shape={self.shape}" if self.shape else "",
                 f"ndim={self.ndim}" if self.ndim else "", f"max_ndim={self.max_ndim}" if self.max_ndim else "",
                 f"min_ndim={self.min_ndim}" if self.min_ndim else "", f"axes={self.axes}" if self.axes else ""]
        return f"InputSpec({', '.join(p for p in parts if p)})"

    def get_config(self):
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim, "max_ndim": self.max_ndim,
                "min_ndim": self.min_ndim, "axes": self.axes, "optional": self.optional}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _dtype_name(dtype):
    return getattr(dtype, "name", None) or str(dtype)


def _shape(x):
    if type(x) is Tensor:
        return x._value.shape             # a NumPy shape: a tuple of ints already
    shape = x.shape
    dims = shape.as_list() if hasattr(shape, "as_list") else shape
    return tuple(None if d is None else int(d) for d in dims)


def assert_input_compatibility(input_spec, inputs, layer_name):
    """Raises Keras's ValueError when `inputs` do not fit `input_spec`."""
    if not input_spec:
        return
    specs = nest.flatten(input_spec)
    if isinstance(inputs, dict):
        names = [spec.name for spec in specs]
        if all(names):
            for name in names:
                if name not in inputs:
                    raise ValueError(f'Missing data for input "{name}". You passed a data dictionary with keys '
                                     f"{list(inputs.keys())}. Expected the following keys: {names}")
            inputs = [inputs[name] for name in names]
    inputs = nest.flatten(inputs)
    if len(inputs) != len(specs):
        names = [spec.name for spec in specs if spec is not None]
        if len(names) == len(specs) and all(names):
            raise ValueError(f'Layer "{layer_name}" expects {len(specs)} named input(s) with keys {names}, but it '
                             f"received {len(inputs)} input tensors. Pass inputs as a dict, e.g. `layer({{"
                             + ", ".join(f"'{n}': ..." for n in names) + "})`.")
        raise ValueError(f'Layer "{layer_name}" expects {len(specs)} input(s), but it received {len(inputs)} '
                         f"input tensors. Inputs received: {inputs}")
    for index, (x, spec) in enumerate(zip(inputs, specs)):
        if spec is None or (x is None and spec.optional):
            continue
        if not hasattr(x, "shape"):
            raise ValueError(f"Inputs to a layer should be tensors. Got '{x}' (of type {type(x)}) as input for "
                             f"layer '{layer_name}'.")
        _check(index, x, spec, layer_name)


def _where(index, spec, layer_name):
    return f"Input {index} with name '{spec.name}' of layer '{layer_name}' is incompatible with the layer: "


def _check(index, x, spec, layer_name):
    shape = _shape(x)
    ndim = len(shape)
    if spec.ndim is not None and not spec.allow_last_axis_squeeze and ndim != spec.ndim:
        raise ValueError(f"{_where(index, spec, layer_name)}expected ndim={spec.ndim}, found ndim={ndim}. Full shape received: {shape}")
    if spec.max_ndim is not None and ndim > spec.max_ndim:
        raise ValueError(f"{_where(index, spec, layer_name)}expected max_ndim={spec.max_ndim}, found ndim={ndim}")
    if spec.min_ndim is not None and ndim < spec.min_ndim:
        raise ValueError(f"{_where(index, spec, layer_name)}expected min_ndim={spec.min_ndim}, found ndim={ndim}. Full shape received: {shape}")
    if spec.dtype is not None and _dtype_name(x.dtype) != spec.dtype:
        raise ValueError(f"{_where(index, spec, layer_name)}expected dtype={spec.dtype}, found dtype={_dtype_name(x.dtype)}")
    for axis, value in spec.axes.items():
        if value is not None and shape[axis] not in {value, None}:
            raise ValueError(f"{_where(index, spec, layer_name)}expected axis {axis} of input shape to have value {value}, "
                             f"but received input with shape {shape}")
    if spec.shape is not None:
        spec_shape, found = spec.shape, shape
        if spec.allow_last_axis_squeeze:
            found = found[:-1] if found and found[-1] == 1 else found
            spec_shape = spec_shape[:-1] if spec_shape and spec_shape[-1] == 1 else spec_shape
        for spec_dim, dim in zip(spec_shape, found):
            if spec_dim is not None and dim is not None and spec_dim != dim:
                raise ValueError(f"{_where(index, spec, layer_name)}expected shape={spec.shape}, found shape={found}")

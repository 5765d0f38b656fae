"""Symbolic inputs for functional models: `keras.Input`, `InputLayer` and `KerasTensor`.

Calling a layer on KerasTensors builds the layer, infers the output shape and records a `Node`
(the layer and the KerasTensors it joined); `Model(inputs, outputs)` replays those nodes.
"""
from tapeviz.framework import nest
from tapeviz.keras import backend
from tapeviz.keras.layers.base import Layer, flatten_shapes, is_shape


class KerasTensor:
    """A placeholder with a shape (None for the batch) and a dtype; it holds no value."""

    def __init__(self, shape, dtype="float32", name=None, node=None, index=0):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = backend.standardize_dtype(dtype)
        self.name = name or backend.unique_name("keras_tensor")
        self._node, self._index = node, index

    @property
    def ndim(self):
        return len(self.shape)

    def __repr__(self):
        return (f"<KerasTensor shape={self.shape}, dtype={self.dtype}, sparse=False, ragged=False, "
                f"name={self.name}>")

    def __array__(self, *args, **kwargs):
        raise ValueError("A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. "
                         "It doesn't have any actual numerical value. You cannot convert it to "
                         "a NumPy array.")

    def _unsupported(self, *args, **kwargs):
        raise NotImplementedError("tapeviz.keras: operators on KerasTensors are not supported; "
                                  "use layers (keras.layers.Add, ...) in functional models")

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __matmul__ = _unsupported
    __truediv__ = __rtruediv__ = __neg__ = __pow__ = __getitem__ = _unsupported


class Node:
    """One layer call inside a functional graph."""

    def __init__(self, layer, call_args, call_kwargs, outputs):
        self.layer, self.call_args, self.call_kwargs = layer, call_args, call_kwargs
        self.outputs = outputs
        # tensors passed by keyword (MultiHeadAttention's `value=`) are inputs too, as in Keras
        self.inputs = [x for x in nest.flatten([call_args, list(call_kwargs.values())])
                       if isinstance(x, KerasTensor)]


def symbolic_call(layer, *args, **kwargs):
    """A layer called on KerasTensors: build it, infer output shapes, record a Node."""
    inputs = args[0]
    shapes = nest.map_structure(lambda t: t.shape, inputs)
    if not layer.built:
        from tapeviz import name_scope
        with name_scope(layer.name):
            layer._maybe_build(shapes)
    out_shapes = layer.compute_output_shape(shapes)
    dtype = _output_dtype(layer, inputs)
    flat_shapes = flatten_shapes(out_shapes)
    node = Node(layer, args, kwargs, [])
    outputs = [KerasTensor(s, dtype, node=node, index=i) for i, s in enumerate(flat_shapes)]
    node.outputs = outputs
    layer._inbound_nodes.append(node)
    layer._output_shape = out_shapes
    return outputs[0] if is_shape(out_shapes) else _pack_shapes(out_shapes, iter(outputs))


def _output_dtype(layer, inputs):
    first = nest.flatten(inputs)[0]
    if getattr(layer, "_output_dtype_is_input", False):
        return first.dtype
    return layer.compute_dtype


def _pack_shapes(shapes, outputs):
    if is_shape(shapes):
        return next(outputs)
    return type(shapes)(_pack_shapes(s, outputs) for s in shapes)


class InputLayer(Layer):
    """The layer behind `keras.Input`: it owns the input KerasTensor and has no weights."""

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None,
                 input_tensor=None, optional=False, name=None, **kwargs):
        super().__init__(name=name or backend.unique_name("input_layer"), dtype=dtype, **kwargs)
        if shape is not None and batch_shape is not None:
            raise ValueError("You cannot pass both `shape` and `batch_shape` at the same time.")
        if batch_shape is None:
            if shape is None:
                raise ValueError("You must pass a `shape` argument.")
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            batch_shape = (batch_size,) + shape
        self._batch_shape = tuple(batch_shape)
        self.built = True
        node = Node(self, (), {}, [])
        node.outputs = [KerasTensor(self._batch_shape, self._dtype, node=node)]   # `self.output`
        self._inbound_nodes.append(node)
        self._output_shape = self._batch_shape

    @property
    def batch_shape(self):
        return self._batch_shape

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return self._batch_shape

    def get_config(self):
        return {"batch_shape": list(self._batch_shape), "dtype": self.dtype, "sparse": False,
                "ragged": False, "name": self.name, "optional": False}

    def get_build_config(self):
        return None


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, name=None,
          tensor=None, optional=False):
    """`keras.Input`: a symbolic input (KerasTensor) for functional and Sequential models."""
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, batch_shape=batch_shape,
                       name=name)
    return layer.output

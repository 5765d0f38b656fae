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

    # Operators record an op node in the functional graph, as Keras 3's do (`x + y`, `2 * x`,
    # `x[:, 0]`); the other operand may be a KerasTensor or a constant.
    def _binary(name, fn, reverse=False):
        def method(self, other):
            return _op_node(name, fn, self, other, reverse)
        return method

    __add__, __radd__ = _binary("add", lambda a, b: a + b), _binary("add", lambda a, b: a + b, True)
    __sub__, __rsub__ = _binary("subtract", lambda a, b: a - b), _binary("subtract", lambda a, b: a - b, True)
    __mul__, __rmul__ = _binary("multiply", lambda a, b: a * b), _binary("multiply", lambda a, b: a * b, True)
    __truediv__ = _binary("divide", lambda a, b: a / b)
    __rtruediv__ = _binary("divide", lambda a, b: a / b, True)
    __matmul__ = _binary("matmul", lambda a, b: a @ b)
    __pow__ = _binary("power", lambda a, b: a ** b)
    del _binary

    def __neg__(self):
        return symbolic_call(OpLayer("negative", lambda a: -a), self)

    def __getitem__(self, key):
        return symbolic_call(OpLayer("get_item", lambda a: a[key]), self)


class OpLayer(Layer):
    """One operator applied to KerasTensors inside a functional model (Keras 3 records the op
    itself). Its inputs are the KerasTensor operands; constants are held by `fn`."""

    def __init__(self, op_name, fn, **kwargs):
        super().__init__(name=backend.unique_name(op_name), **kwargs)
        self.fn = fn

    def call(self, inputs):
        return self.fn(*inputs) if isinstance(inputs, list) else self.fn(inputs)

    def get_config(self):
        raise NotImplementedError("tapeviz.keras: saving a functional model that applies operators "
                                  f"to KerasTensors ({self.name}) is not supported; use layers "
                                  "(keras.layers.Add, Lambda, ...) instead")


def _op_node(name, fn, tensor, other, reverse):
    if isinstance(other, KerasTensor):
        both = (lambda a, b: fn(b, a)) if reverse else fn
        return symbolic_call(OpLayer(name, both), [tensor, other])
    return symbolic_call(OpLayer(name, (lambda a: fn(other, a)) if reverse else (lambda a: fn(a, other))),
                         tensor)


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
    from tapeviz import name_scope
    with name_scope(layer.name):
        layer._checked_build(inputs, shapes)
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
        node.outputs = [KerasTensor(self._batch_shape, self._dtype, name=name, node=node)]   # `self.output`
        self.optional = optional
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
                       name=name, optional=optional)
    return layer.output

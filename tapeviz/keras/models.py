"""Keras 3 models: `Model` (subclassing), `Sequential`, and functional `Model(inputs, outputs)`.

`Model` adds compile/fit/evaluate/predict (tapeviz/keras/trainer.py), summary() and weight
saving to `Layer`. Sequential and functional models are built as soon as their input shape is
known (an `Input`), otherwise on the first call, always under the model's name scope, so
weights get paths such as 'sequential/dense/kernel'.
"""
import types

import tapeviz as tf
from tapeviz.framework import nest
from tapeviz.keras import backend
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.input_layer import InputLayer, KerasTensor
from tapeviz.keras.layers.input_spec import InputSpec
from tapeviz.keras.trainer import Trainer


class Model(Trainer, Layer):
    """Subclass it (layers as attributes, `call` for the forward pass), or call it as
    `Model(inputs, outputs)` for a functional model."""

    def __new__(cls, *args, **kwargs):
        if cls is Model and (args or "inputs" in kwargs or "outputs" in kwargs):
            return super().__new__(Functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        trainable = kwargs.pop("trainable", True)
        name = kwargs.pop("name", None)
        dtype = kwargs.pop("dtype", None)
        if args or kwargs:
            raise TypeError(f"Model.__init__() got unexpected arguments: {args or list(kwargs)}")
        Layer.__init__(self, trainable=trainable, name=name, dtype=dtype)
        Trainer.__init__(self)

    def get_layer(self, name=None, index=None):
        """The layer called `name`, or at position `index` of `layers`.

        Raises:
          ValueError: both or neither given, or no such layer.
        """
        if index is not None and name is not None:
            raise ValueError("Provide only a layer name or a layer index. Received: "
                             f"index={index}, name={name}.")
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(f"Was asked to retrieve layer at index {index} but model only has "
                                 f"{len(self.layers)} layers.")
            return self.layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise ValueError(f"No such layer: {name}. Existing layers are: "
                             f"{list(layer.name for layer in self.layers)}.")
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    def _maybe_build(self, shape):
        # sublayers build themselves inside call(), under this model's name scope; a subclass
        # that defines its own build() gets it called first
        if type(self).build not in (Model.build, Sequential.build):
            self.build(shape)
        self.built = True
        object.__setattr__(self, "_built_input_shape", shape)

    def build(self, input_shape=None):
        """Builds a subclassed model by calling it on zeros of `input_shape` (None -> 1)."""
        import numpy as np
        if self.built or input_shape is None:
            self.built = True
            return
        self(np.zeros(tuple(1 if d is None else d for d in input_shape), dtype=self.dtype))

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        from tapeviz.keras.model_summary import print_summary
        print_summary(self, print_fn=print_fn)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None):
        """Writes every weight to a Keras 3 `.weights.h5` file (HDF5, Keras's own layout)."""
        from tapeviz.keras import saving_h5
        saving_h5.save_weights(self, filepath, overwrite=overwrite)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Loads a `.weights.h5` file, or the weights inside a whole-model `.keras` file."""
        from tapeviz.keras import saving_h5, saving_keras
        if str(filepath).endswith(".keras"):
            saving_keras.load_weights_from_keras_file(self, filepath, skip_mismatch=skip_mismatch)
            return
        saving_h5.load_weights(self, filepath, skip_mismatch=skip_mismatch)

    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Writes the whole model (config, weights, optimizer state) to a Keras 3 `.keras` file."""
        from tapeviz.keras import saving_keras
        saving_keras.save_model(self, filepath, overwrite=overwrite,
                                zipped=True if zipped is None else zipped, **kwargs)

    def export(self, filepath, format="tf_saved_model", verbose=True, input_signature=None,
               **kwargs):
        """Writes a SavedModel whose `serve` endpoint runs the model for inference (Keras 3's
        ExportArchive artifact; `tf.saved_model.load` reads it back)."""
        from tapeviz.saved_model import keras_export
        keras_export.export(self, filepath, format=format, verbose=verbose,
                            input_signature=input_signature, **kwargs)

    # ---- configs (tapeviz/keras/model_config.py) ---------------------------------------------
    def to_json(self, **kwargs):
        from tapeviz.keras import saving_keras
        return saving_keras.model_to_json(self, **kwargs)

    def build_from_config(self, config):
        shape = (config or {}).get("input_shape")
        if shape is not None and not self.built:
            self.build(tuple(shape))

    def get_compile_config(self):
        from tapeviz.keras import model_config
        return model_config.compile_config(self)

    def compile_from_config(self, config):
        from tapeviz.keras import model_config
        model_config.compile_from_config(self, config)


class Functional(Model):
    """A model defined by its symbolic inputs and outputs (a DAG of layer calls)."""

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        Layer.__init__(self, trainable=trainable, name=name or backend.unique_name("functional"))
        Trainer.__init__(self)
        self._inputs_struct, self._outputs_struct = inputs, outputs
        self.inputs = [x for x in nest.flatten(inputs)]
        self.outputs = [x for x in nest.flatten(outputs)]
        for x in self.inputs + self.outputs:
            if not isinstance(x, KerasTensor):
                raise ValueError("All `inputs` and `outputs` values must be KerasTensors. "
                                 f"Received: inputs={inputs} and outputs={outputs}")
        self._nodes = _topological_nodes(self.outputs)
        input_ids = {id(x) for x in self.inputs}
        for node in self._nodes:
            for x in node.inputs:
                if x._node is not None and isinstance(x._node.layer, InputLayer) and id(x) not in input_ids:
                    raise ValueError(f"Graph disconnected: cannot find parent for tensor {x} among "
                                     f"the model's inputs {self.inputs}.")
        layers = [x._node.layer for x in self.inputs]
        for node in self._nodes:
            if not any(node.layer is l for l in layers):
                layers.append(node.layer)
        self._functional_layers = _keras_layer_order(self.outputs, self._nodes, layers)
        self.built = True
        self._output_shape = tuple(self.outputs[0].shape)

    @property
    def layers(self):
        # operators on KerasTensors are graph operations, not layers, in Keras 3
        from tapeviz.keras.layers.input_layer import OpLayer
        return [layer for layer in self._functional_layers if not isinstance(layer, OpLayer)]

    @property
    def input_shape(self):
        shapes = [tuple(x.shape) for x in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = [tuple(x.shape) for x in self.outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def input_spec(self):
        """Keras's: each input's shape without the batch size, a last axis of 1 optional."""
        if "_input_spec" in self.__dict__:
            return self.__dict__["_input_spec"]

        def spec(x, name=None):
            shape = (None,) + tuple(x.shape)[1:] if x.shape else tuple(x.shape)
            layer = x._node.layer
            return InputSpec(shape=shape, allow_last_axis_squeeze=True, name=name or layer.name,
                             optional=getattr(layer, "optional", False))
        if isinstance(self._inputs_struct, dict):
            if not all(isinstance(x, KerasTensor) for x in self._inputs_struct.values()):
                return None
            return [spec(self._inputs_struct[name], name) for name in sorted(self._inputs_struct)]
        return [spec(x) for x in self.inputs]

    @input_spec.setter
    def input_spec(self, value):
        object.__setattr__(self, "_input_spec", value)

    def get_config(self):
        from tapeviz.keras import model_config
        for layer in self._functional_layers:
            if layer not in self.layers and not isinstance(layer, InputLayer):
                layer.get_config()      # an operator node: NotImplementedError, saying so
        return model_config.functional_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from tapeviz.keras import model_config
        return model_config.functional_from_config(cls, config, custom_objects)

    def get_build_config(self):
        return {"input_shape": None}

    def _checkpoint_dependencies(self):
        # TF names a functional model's layers `_operations/<i>` (inputs first)
        return [("_operations", self._functional_layers)] + super()._checkpoint_dependencies()

    def call(self, inputs, training=None, mask=None, **kwargs):
        values = {}
        flat = nest.flatten(inputs) if nest.is_nested(inputs) else [inputs]
        if len(flat) != len(self.inputs):
            raise ValueError(f"Model {self.name} expects {len(self.inputs)} input(s), "
                             f"but it received {len(flat)} input tensors.")
        struct = self._inputs_struct
        paths = sorted(struct) if isinstance(struct, dict) else \
            [str(i) for i in range(len(flat))] if nest.is_nested(struct) else [""]
        for placeholder, value, path in zip(self.inputs, flat, paths):
            values[id(placeholder)] = _adjust_rank(value, placeholder, path)
        for node in self._nodes:
            if isinstance(node.layer, InputLayer):
                continue
            args = _substitute(node.call_args, values)
            kwargs = {k: _substitute(v, values) for k, v in node.call_kwargs.items()}
            out = node.layer(*args, **kwargs)
            for placeholder, value in zip(node.outputs, nest.flatten(out) if nest.is_nested(out) else [out]):
                values[id(placeholder)] = value
        return nest.pack_sequence_as(self._outputs_struct, [values[id(o)] for o in self.outputs]) \
            if nest.is_nested(self._outputs_struct) else values[id(self.outputs[0])]


def _substitute(structure, values):
    if isinstance(structure, KerasTensor):
        return values[id(structure)]
    if isinstance(structure, (list, tuple)):
        return type(structure)(_substitute(s, values) for s in structure)
    if isinstance(structure, dict):
        return {k: _substitute(v, values) for k, v in structure.items()}
    return structure


def _keras_layer_order(outputs, nodes, layers):
    """`layers` as Keras 3's `map_graph` lists them: deepest first (the number of layers between
    a layer and an output), ties in the order a depth-first walk from the outputs meets them."""
    first_seen, seen = {}, set()

    def visit(tensor):
        node = tensor._node
        if node is None or id(node) in seen:
            return
        seen.add(id(node))
        first_seen.setdefault(id(node.layer), len(first_seen))
        for x in node.inputs:
            visit(x)
    for out in outputs:
        visit(out)
    node_depth, layer_depth = {}, {}
    for node in reversed(nodes):
        depth = max(node_depth.setdefault(id(node), 0), layer_depth.get(id(node.layer), 0))
        layer_depth[id(node.layer)] = node_depth[id(node)] = depth
        for x in node.inputs:
            if x._node is not None:
                node_depth[id(x._node)] = max(depth + 1, node_depth.get(id(x._node), 0))
    return sorted(layers, key=lambda l: (-layer_depth.get(id(l), 0), first_seen.get(id(l), len(layers))))


def _topological_nodes(outputs):
    """The nodes producing `outputs`, each after the nodes producing its inputs."""
    order, seen = [], set()

    def visit(tensor):
        node = tensor._node
        if node is None or id(node) in seen:
            return
        seen.add(id(node))
        for x in node.inputs:
            visit(x)
        order.append(node)
    for out in outputs:
        visit(out)
    return order


class Sequential(Model):
    """A plain stack of layers, each fed the previous one's output."""

    def __init__(self, layers=None, trainable=True, name=None):
        Layer.__init__(self, trainable=trainable, name=name)
        Trainer.__init__(self)
        self._input_layer = None
        self._stack = []
        self._functional = _SequentialGraph(self)
        for layer in layers or []:
            self.add(layer, rebuild=False)
        if self._input_layer is not None:
            self._build_from_input()

    @property
    def layers(self):
        return list(self._stack)

    @property
    def input_shape(self):
        """The batch input shape: the Input layer's, else the shape the model was built on."""
        if self._input_layer is not None:
            return tuple(self._input_layer.batch_shape)
        shape = getattr(self, "_built_input_shape", None)
        if shape is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined input shape yet.")
        return tuple(shape)

    @property
    def output_shape(self):
        try:
            return tuple(self.compute_output_shape(self.input_shape))
        except AttributeError:
            raise AttributeError(f"Sequential model '{self.name}' has no defined output shape "
                                 "yet.") from None

    # with an Input, Keras 3 wraps the stack in a functional graph: its end tensors are these
    # (`input`/`output` stay the Operation's, undefined for a Sequential never called symbolically)
    @property
    def inputs(self):
        return [self._graph()[0]]

    @property
    def outputs(self):
        return [self._graph()[1]]

    def _graph(self):
        if self._input_layer is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined input yet.")
        return self._input_layer.output, self._symbolic_output

    def _trace_graph(self):
        """Calls every layer on KerasTensors from the Input (replacing the last trace's nodes),
        so each layer has Keras's `input`/`output` and models can be cut from the stack."""
        from tapeviz.keras.layers.input_layer import symbolic_call
        for node in getattr(self, "_traced_nodes", []):
            node.layer._inbound_nodes[:] = [n for n in node.layer._inbound_nodes if n is not node]
        x, nodes = self._input_layer.output, []
        for layer in self._stack:
            x = symbolic_call(layer, x)
            nodes.append(layer._inbound_nodes[-1])
        object.__setattr__(self, "_traced_nodes", nodes)
        object.__setattr__(self, "_symbolic_output", x)

    def get_config(self):
        from tapeviz.keras import model_config
        return model_config.sequential_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from tapeviz.keras import model_config
        return model_config.sequential_from_config(cls, config, custom_objects)

    def _checkpoint_dependencies(self):
        # TF checkpoints a Keras 3 Sequential through its inner functional model:
        # `_functional/_operations/1/_kernel` (0 is the input layer)
        return [("_functional", self._functional)] + super()._checkpoint_dependencies()

    def add(self, layer, rebuild=True):
        if isinstance(layer, KerasTensor) and isinstance(layer._node.layer, InputLayer):
            layer = layer._node.layer
        if isinstance(layer, InputLayer):
            if self._input_layer is not None or self._stack:
                raise ValueError(f"Sequential model '{self.name}' has already been configured to "
                                 f"use input shape {self._input_layer.batch_shape if self._input_layer else None}. "
                                 f"You cannot add a different Input layer to it.")
            self._input_layer = layer
            return
        if not isinstance(layer, Layer):
            raise ValueError("Only instances of `keras.Layer` can be added to a Sequential model. "
                             f"Received: {layer} (of type {type(layer)})")
        if any(layer.name == other.name and layer is not other for other in self._stack):
            raise ValueError("All layers added to a Sequential model should have unique names. "
                             f"Name '{layer.name}' is already the name of a layer in this model. "
                             "Update the `name` argument to pass a unique name.")
        if not self._stack and self._input_layer is None and \
                getattr(layer, "_batch_input_shape", None) is not None:
            # `input_shape=` on the first layer: Keras makes the Input layer and builds the model
            self._input_layer = InputLayer(batch_shape=layer._batch_input_shape, dtype=self.dtype)
        self._stack.append(layer)           # the same instance twice shares its weights
        if not any(layer is other for other in self._layers):
            self._layers.append(layer)
        if rebuild and self._input_layer is not None:
            self._build_from_input()

    def pop(self, rebuild=True):
        layer = self._stack.pop()
        self._layers[:] = [l for l in self._layers if l is not layer]
        return layer

    def _build_from_input(self):
        self.build(self._input_layer.batch_shape)
        self._trace_graph()

    def build(self, input_shape=None):
        """Builds every layer from an input shape (batch dimension included, None allowed)."""
        if input_shape is None:
            raise ValueError("You must provide an `input_shape` argument.")
        shape = tuple(input_shape)
        object.__setattr__(self, "_built_input_shape", shape)
        dtype = self._input_layer.dtype if self._input_layer is not None else self.compute_dtype
        with tf.name_scope(self.name):
            for layer in self._stack:
                with tf.name_scope(layer.name):
                    layer._checked_build(types.SimpleNamespace(shape=shape, dtype=dtype), shape)
                shape = layer.compute_output_shape(shape)
                dtype = layer.compute_dtype
                layer._output_shape = shape
        self.built = True

    def call(self, inputs, training=None, mask=None, **kwargs):
        x = inputs
        for layer in self._stack:
            x = layer(x)
        return x

    def compute_output_shape(self, input_shape):
        shape = tuple(input_shape)
        for layer in self._stack:
            shape = layer.compute_output_shape(shape)
        return shape


class _SequentialGraph:
    """The checkpoint-graph node standing for Keras's inner functional model of a Sequential."""

    def __init__(self, model):
        import weakref
        self._model = weakref.ref(model)

    def _checkpoint_dependencies(self):
        model = self._model()
        return [("_operations", [model._input_layer] + model._stack)] if model is not None else []


# ---- keras.models functions (tapeviz/keras/saving_keras.py) ------------------------------------

def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """`keras.models.load_model`: the model in a `.keras` file."""
    from tapeviz.keras import saving_keras
    return saving_keras.load_model(filepath, custom_objects=custom_objects, compile=compile,
                                   safe_mode=safe_mode)


def save_model(model, filepath, overwrite=True, zipped=True, **kwargs):
    from tapeviz.keras import saving_keras
    saving_keras.save_model(model, filepath, overwrite=overwrite, zipped=zipped, **kwargs)


def model_from_json(json_string, custom_objects=None):
    from tapeviz.keras import saving_keras
    return saving_keras.model_from_json(json_string, custom_objects=custom_objects)


def clone_model(model, input_tensors=None, clone_function=None):
    """A new model with `model`'s architecture and freshly initialised weights."""
    from tapeviz.keras.serialization import deserialize_keras_object, serialize_keras_object
    if input_tensors is not None or clone_function is not None:
        raise NotImplementedError("tapeviz.keras.models.clone_model: input_tensors and "
                                  "clone_function are not supported")
    config = serialize_keras_object(model)
    config.pop("compile_config", None)
    return deserialize_keras_object(config)


def _adjust_rank(value, placeholder, path):
    """Keras's `Functional._adjust_input_rank`: a last axis of 1 too many or too few is fixed."""
    if value is None or len(value.shape) == len(placeholder.shape):
        return value
    rank, expected = len(value.shape), len(placeholder.shape)
    if rank == expected + 1 and value.shape[-1] == 1:
        adjusted = tf.squeeze(value, axis=-1)
    elif rank == expected - 1 and placeholder.shape[-1] == 1:
        adjusted = tf.expand_dims(value, axis=-1)
    else:
        raise ValueError(f"Invalid input shape for input {value} with name '{placeholder.name}' and path '{path}'. "
                         f"Expected shape "
                         f"{placeholder.shape}, but input has incompatible shape {value.shape}")
    mask = getattr(value, "_keras_mask", None)
    if mask is not None:
        adjusted._keras_mask = mask
    return adjusted

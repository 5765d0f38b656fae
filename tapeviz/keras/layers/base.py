"""The Keras 3 `Layer`: build on first call, Keras naming, weights, and a name scope per call.

A layer's call runs inside `tf.name_scope(layer.name)`, so every op it records on a tape carries
the layer's scope ('sequential/dense') and the tape graph can box ops by layer. Weights are
created in `build()` the first time the layer sees an input, under the same scope, which gives
them Keras's paths ('sequential/dense/kernel').
"""
import inspect

import numpy as np

import tapeviz as tf
from tapeviz.framework import nest
from tapeviz.framework.context import ctx
from tapeviz.framework.tensor import Tensor
from tapeviz.keras import backend, call_context_errors, constraints, initializers, regularizers
from tapeviz.keras.keras_variable import KerasVariable
from tapeviz.keras.layers import input_spec as input_specs
from tapeviz.module import Module
from tapeviz.train import trackable

# attributes that are bookkeeping, not part of the object graph seen by tf.train.Checkpoint
INTERNAL_ATTRIBUTES = frozenset((
    "_layers", "_trainable_variables", "_non_trainable_variables", "_stack", "_functional_layers",
    "_input_layer", "_inbound_nodes", "_nodes", "_loss_tracker", "_compile_metrics", "_loss_fn",
    "inputs", "outputs", "_inputs_struct", "_outputs_struct", "_losses", "_functional", "history",
    "_traced_nodes", "_symbolic_output", "_eval_batches"))
_training_stack = []     # the `training` flag of the enclosing layer calls, innermost last
_UNSET = object()


class Layer(Module):
    """Base class of every Keras layer (and of `Model`)."""

    # Keras 3 takes only tensors (or arrays, converted) positionally; preprocessing layers also
    # take Python values
    _allow_non_tensor_positional_args = False

    def __new__(cls, *args, **kwargs):
        from tapeviz.keras.serialization import bound_arguments
        obj = super().__new__(cls)
        # kept in a holder object, so attribute walks (submodules, checkpoints) don't enter it
        object.__setattr__(obj, "_init_arguments", bound_arguments(cls, args, kwargs))
        return obj

    def __init__(self, activity_regularizer=None, trainable=True, dtype=None, autocast=True,
                 name=None, **kwargs):
        input_shape = kwargs.pop("input_shape", None)
        input_dim = kwargs.pop("input_dim", None)
        batch_size = kwargs.pop("batch_size", None)
        kwargs.pop("input_dtype", None)
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}")
        if name is None:
            name = backend.unique_name(backend.to_snake_case(type(self).__name__))
        elif not isinstance(name, str) or "/" in name:
            raise ValueError("Argument `name` must be a string and cannot contain character `/`. "
                             f"Received: name={name} (of type {type(name)})")
        object.__setattr__(self, "_layers", [])
        object.__setattr__(self, "_trainable_variables", [])
        object.__setattr__(self, "_non_trainable_variables", [])
        Module.__init__(self, name=None)
        self._name = name
        self._trainable = bool(trainable)
        self._dtype = backend.standardize_dtype(dtype)
        self.autocast = autocast
        self.built = False
        self._losses = []
        self._output_shape = None
        self._inbound_nodes = []
        if input_dim is not None and input_shape is None:
            input_shape = (input_dim,)
        self._batch_input_shape = None if input_shape is None else (batch_size,) + tuple(input_shape)
        parameters = inspect.signature(self.call).parameters
        self._call_has_training = "training" in parameters
        self._call_has_mask = "mask" in parameters
        if not hasattr(self, "supports_masking"):
            self.supports_masking = False
        default = parameters["training"].default if self._call_has_training else None
        self._training_default = None if default is inspect.Parameter.empty else default

    # ---- attribute tracking ------------------------------------------------------------------
    def __setattr__(self, name, value):
        if not name.startswith("__"):
            for item in _flat_layers(value):
                if item is not self and not any(item is l for l in self.__dict__.get("_layers", ())):
                    self.__dict__.setdefault("_layers", []).append(item)
        super().__setattr__(name, value)

    def __delattr__(self, name):
        value = self.__dict__.get(name)
        super().__delattr__(name)
        for item in _flat_layers(value):
            self._layers[:] = [l for l in self._layers if l is not item]

    def _checkpoint_dependencies(self):
        """Weights and sublayers under their attribute names, as TF checkpoints Keras 3 layers
        (Dense: `_kernel`, `bias`; BatchNormalization: `gamma`, ..., `moving_variance`)."""
        return [(name, value) for name, value in vars(self).items()
                if name not in INTERNAL_ATTRIBUTES and not name.startswith("__")
                and trackable.is_dependency(value)]

    # ---- names and flags ---------------------------------------------------------------------
    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        return self._dtype

    @property
    def compute_dtype(self):
        return self._dtype

    @property
    def variable_dtype(self):
        return self._dtype

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        value = bool(value)
        self._trainable = value
        for v in self._trainable_variables + self._non_trainable_variables:
            if not getattr(v, "_keras_always_frozen", False):
                v.trainable = value
        for layer in self._layers:
            layer.trainable = value

    # ---- weights -----------------------------------------------------------------------------
    def _kernel_and_bias_settings(self, activation, use_bias, kernel_initializer,
                                  bias_initializer, kernel_constraint, bias_constraint,
                                  kernel_regularizer=None, bias_regularizer=None):
        """The constructor arguments a Dense-like layer keeps for `_add_kernel_and_bias`."""
        from tapeviz.keras import activations
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint

    def _add_kernel_and_bias(self, kernel_shape, bias_size):
        """The `kernel` (and `bias` when `use_bias`) of a Dense-like layer, from its initializers."""
        self._kernel = self.add_weight(name="kernel", shape=kernel_shape,
                                       initializer=self.kernel_initializer,
                                       regularizer=self.kernel_regularizer,
                                       constraint=self.kernel_constraint)
        self.bias = self.add_weight(name="bias", shape=(bias_size,), initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None

    @property
    def kernel(self):
        return self._kernel

    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True, autocast=True,
                   regularizer=None, constraint=None, aggregation="none", overwrite_with_gradient=False,
                   name=None):
        """Creates a weight now (Keras's `add_weight`), under the current name scope."""
        shape = () if shape is None else tuple(int(d) for d in shape)
        dtype = backend.standardize_dtype(dtype or self._dtype)
        if initializer is None:
            initializer = "glorot_uniform" if np.dtype(dtype).kind == "f" else "zeros"
        init = initializers.get(initializer)
        value = init(shape, dtype=dtype)
        with tf.name_scope(self.name) if not self._in_own_scope() else _nullscope():
            variable = KerasVariable(np.asarray(value, dtype=dtype), dtype=dtype,
                                     trainable=trainable and self._trainable, name=name or "variable")
        variable._constraint = constraints.get(constraint)
        variable.regularizer = regularizers.get(regularizer)
        if not trainable:
            variable._keras_always_frozen = True
        (self._trainable_variables if trainable else self._non_trainable_variables).append(variable)
        return variable

    def _in_own_scope(self):
        scope = ctx.scope
        return scope == self.name or scope.endswith("/" + self.name)

    @property
    def weights(self):
        """Own weights (trainable first, then non-trainable), then each sublayer's, no repeats."""
        out, seen = [], set()
        for v in self._trainable_variables + self._non_trainable_variables:
            if id(v) not in seen:
                seen.add(id(v))
                out.append(v)
        for layer in self._layers:
            for v in layer.weights:
                if id(v) not in seen:
                    seen.add(id(v))
                    out.append(v)
        return out

    @property
    def trainable_weights(self):
        return [v for v in self.weights if v.trainable] if self._trainable else []

    @property
    def non_trainable_weights(self):
        return [v for v in self.weights if not v.trainable] if self._trainable else self.weights

    variables = weights
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    def get_weights(self):
        return [v.numpy() if v.shape.rank else np.asarray(v.numpy()) for v in self.weights]

    def set_weights(self, weights):
        mine = self.weights
        if len(weights) != len(mine):
            raise ValueError(f"You called `set_weights(weights)` on layer '{self.name}' with a "
                             f"weight list of length {len(weights)}, but the layer was expecting "
                             f"{len(mine)} weights.")
        for v, w in zip(mine, weights):
            w = np.asarray(w)
            if tuple(v.shape) != w.shape:
                raise ValueError(f"Layer {self.name} weight shape {tuple(v.shape)} is not compatible "
                                 f"with provided weight shape {w.shape}.")
            v.assign(w)

    def count_params(self):
        if not self.built:
            raise ValueError(f"You tried to call `count_params` on layer '{self.name}', but the "
                             "layer isn't built. You can build it manually via: "
                             f"`layer.build(input_shape)`.")
        return int(sum(int(np.prod(v.shape.as_list() or [1])) for v in self.weights))

    @property
    def layers(self):
        return list(self._layers)

    def _own_losses(self):
        """The `add_loss` losses of this layer and of every layer inside it."""
        out = list(self._losses)
        for layer in self._layers:
            out.extend(layer._own_losses())
        return out

    @property
    def losses(self):
        """Added losses, then each trainable weight's regularization penalty (read now)."""
        out = self._own_losses()
        for variable in self.trainable_weights:
            regularizer = getattr(variable, "regularizer", None)
            if regularizer is not None:
                out.append(regularizer(variable))
        return out

    def add_loss(self, loss):
        self._losses.append(loss)

    # ---- building ----------------------------------------------------------------------------
    def build(self, input_shape=None):
        self.built = True

    def _maybe_build(self, shape):
        if self.built:
            return
        self.build(shape)
        self.built = True
        object.__setattr__(self, "_built_input_shape", shape)

    @property
    def input_spec(self):
        """The `InputSpec` (or list of them) the layer's first argument is checked against."""
        return self.__dict__.get("_input_spec")

    @input_spec.setter
    def input_spec(self, value):
        object.__setattr__(self, "_input_spec", value)

    def _assert_input_compatibility(self, first_argument):
        if self.input_spec:
            input_specs.assert_input_compatibility(self.input_spec, first_argument, layer_name=self.name)

    def _checked_build(self, first_argument, shape):
        """Checks the input against the spec, builds, and checks again (build may narrow it);
        `shape` (the input's shapes) is only read when the layer is not built yet."""
        self._assert_input_compatibility(first_argument)
        if not self.built:
            self._maybe_build(shape)
            self._assert_input_compatibility(first_argument)

    def compute_output_shape(self, input_shape):
        """The output shape for an input shape (None for unknown sizes), by a trial call."""
        probe = map_shapes(lambda s: Tensor(np.zeros(tuple(1 if d is None else d for d in s),
                                                     dtype=self._dtype)), input_shape)
        with ctx.no_recording():
            out = self.call(probe)
        first = flatten_shapes(input_shape)[0]
        batch_unknown = bool(first) and first[0] is None
        return nest.map_structure(
            lambda t: ((None,) + tuple(t.shape)[1:]) if batch_unknown and t.shape.rank else tuple(t.shape), out)

    # ---- calling -----------------------------------------------------------------------------
    def call(self, inputs, *args, **kwargs):
        return inputs

    def __call__(self, *args, **kwargs):
        one = len(args) == 1 and type(args[0]) is Tensor     # the common case: one eager Tensor
        if not one:
            from tapeviz.keras.layers.input_layer import KerasTensor, symbolic_call
            if not self._allow_non_tensor_positional_args:
                _check_positional_tensors(args, KerasTensor)
            if args and any(isinstance(x, KerasTensor) for x in nest.flatten(args[0])):
                return symbolic_call(self, *args, **kwargs)
            if not args:
                raise TypeError(f"{type(self).__name__}.__call__() missing 1 required positional argument: 'inputs'")
        inputs = args[0]
        if one:
            inputs = self._convert_input(inputs)
        elif isinstance(inputs, (list, tuple)) and not any(
                isinstance(x, (Tensor, np.ndarray)) or getattr(x, "_is_variable", False)
                for x in nest.flatten(inputs)):
            inputs = self._convert_input(np.asarray(inputs))    # a nested Python list of numbers
        else:
            inputs = nest.map_structure(self._convert_input, inputs)
        training = kwargs.pop("training", _UNSET)
        if self._call_has_training:
            if training is _UNSET or training is None:
                training = _training_stack[-1] if _training_stack else self._training_default
            kwargs["training"] = training
        elif training is not _UNSET:
            pass   # Keras accepts training= for layers whose call ignores it
        flag = training if training is not _UNSET else (_training_stack[-1] if _training_stack else None)
        mask = kwargs.get("mask")
        if mask is None:
            first = inputs if type(inputs) is Tensor else nest.flatten(inputs)[0]
            # a Tensor's mask is in its __dict__ (no AttributeError built for the usual none)
            mask = first.__dict__.get("_keras_mask") if type(first) is Tensor else \
                getattr(first, "_keras_mask", None)
            if mask is not None and self._call_has_mask:
                kwargs["mask"] = mask
        with tf.name_scope(self.name):
            self._checked_build(inputs, None if self.built else _shapes_of(inputs))
            _training_stack.append(flag)
            try:
                outputs = self.call(inputs, *args[1:], **kwargs)
            except Exception as error:
                annotated = call_context_errors.with_call_info(self, error, (inputs, *args[1:]), kwargs)
                if annotated is None:
                    raise
                raise annotated.with_traceback(error.__traceback__) from None
            finally:
                _training_stack.pop()
            if isinstance(outputs, Tensor):
                output_mask = self.compute_mask(inputs, mask)
                if output_mask is not None:
                    outputs._keras_mask = output_mask
            elif isinstance(outputs, (list, tuple)) and outputs and isinstance(outputs[0], Tensor):
                output_mask = self.compute_mask(inputs, mask)    # Keras: zipped with the flat outputs
                if output_mask is not None:
                    outputs[0]._keras_mask = nest.flatten(output_mask)[0]
        if self._output_shape is None:
            self._output_shape = nest.map_structure(lambda t: tuple(t.shape), outputs) \
                if all(isinstance(t, Tensor) for t in nest.flatten(outputs)) else None
        return outputs

    def compute_mask(self, inputs, previous_mask):
        """The mask of the output (Keras's `_keras_mask`): the input's, if the layer supports masking."""
        return previous_mask if self.supports_masking else None

    def _convert_input(self, x):
        if isinstance(x, Tensor):
            t = x
        elif getattr(x, "_is_variable", False):
            t = x.read_value()
        elif isinstance(x, (np.ndarray, np.generic, int, float)):
            t = tf.convert_to_tensor(x)
        else:
            return x
        if self.autocast and t.dtype.is_floating and t.dtype.name != self._dtype:
            t = tf.cast(t, self._dtype)
        return t

    # ---- misc --------------------------------------------------------------------------------
    def get_config(self):
        """The constructor arguments that rebuild this layer (Keras's config keys)."""
        from tapeviz.keras.serialization import config_from_arguments
        return config_from_arguments(self)

    @classmethod
    def from_config(cls, config):
        from tapeviz.keras.serialization import config_for
        return cls(**config_for(cls, config))

    # ---- the symbolic graph (Keras's Operation.input/output) ---------------------------------
    def _node_attribute(self, attr, name):
        if not self._inbound_nodes:
            raise AttributeError(f"The layer {self.name} has never been called and thus has no "
                                 f"defined {name}.")
        values = getattr(self._inbound_nodes[0], attr)
        return values[0] if isinstance(values, list) and len(values) == 1 else values

    @property
    def input(self):
        """The KerasTensor(s) this layer was first called on in a functional graph."""
        return self._node_attribute("inputs", "input")

    @property
    def output(self):
        """The KerasTensor(s) this layer's first functional call returned."""
        return self._node_attribute("outputs", "output")

    def get_build_config(self):
        shape = self._build_input_shape()
        return None if shape is None else {"input_shape": shape}

    def _build_input_shape(self):
        nodes = [n for n in self._inbound_nodes if n.inputs]
        if nodes:
            from tapeviz.framework import nest as _nest
            return _nest.map_structure(lambda t: list(t.shape), nodes[0].call_args[0])
        shape = getattr(self, "_built_input_shape", None)
        return None if shape is None else map_shapes(list, shape)

    def build_from_config(self, config):
        shape = config.get("input_shape") if config else None
        if shape is not None and not self.built:
            shape = tuple(shape) if is_shape(tuple(shape)) else shape
            with tf.name_scope(self.name):
                self._maybe_build(shape)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


class _nullscope:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def is_shape(s):
    """A shape tuple (ints and Nones), as opposed to a structure of shapes."""
    return isinstance(s, tuple) and all(d is None or isinstance(d, (int, np.integer)) for d in s)


def map_shapes(fn, shapes):
    """`fn` applied to each shape tuple in a (nested) structure of shapes."""
    if is_shape(shapes):
        return fn(shapes)
    if isinstance(shapes, dict):
        return {k: map_shapes(fn, v) for k, v in shapes.items()}
    return type(shapes)(map_shapes(fn, s) for s in shapes)


def flatten_shapes(shapes):
    if is_shape(shapes):
        return [shapes]
    items = shapes.values() if isinstance(shapes, dict) else shapes
    return [s for item in items for s in flatten_shapes(item)]


def _flat_layers(value):
    if isinstance(value, Layer):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for item in value for v in _flat_layers(item)]
    if isinstance(value, dict):
        return [v for item in value.values() for v in _flat_layers(item)]
    return []


def _shapes_of(inputs):
    return nest.map_structure(lambda t: tuple(t.shape), inputs)


def _check_positional_tensors(args, keras_tensor):
    """Keras 3's refusal of a Python value passed positionally (`layer([[2.0, 2.0]])`)."""
    for arg in nest.flatten(args):
        # tensors, Variables and composites; arrays and array-likes (Keras converts these first)
        if arg is None or isinstance(arg, keras_tensor) or tf.is_tensor(arg) or hasattr(arg, "__array__"):
            continue
        raise ValueError("Only input tensors may be passed as positional arguments. The following argument "
                         f"value should be passed as a keyword argument: {arg} (of type {type(arg)})")

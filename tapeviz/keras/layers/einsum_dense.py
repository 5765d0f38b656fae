"""Keras 3's `EinsumDense`: `activation(einsum(equation, inputs, kernel) + bias)`, with the kernel
and bias shapes read off the equation, the input shape and the (partial) `output_shape`."""
import re

import tapeviz as tf
from tapeviz.keras import activations, constraints, initializers, regularizers
from tapeviz.keras.layers._config import activation_name, weight_settings
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.input_spec import InputSpec


class EinsumDense(Layer):
    """A dense layer of any rank, written as an einsum: e.g. `EinsumDense("abc,cde->abde", (None, 4, 2))`.

    Args:
      equation: `[X],[Y]->[Z]`, `...[X],[Y]->...[Z]` or `[X]...,[Y]->[Z]...`; the first operand
        is the input, the second the kernel.
      output_shape: the output's shape without the batch axis (None for an axis taken from
        the input).
      bias_axes: the output letters that have a bias (None: no bias).
    """

    def __init__(self, equation, output_shape, activation=None, bias_axes=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, lora_rank=None, lora_alpha=None, **kwargs):
        super().__init__(**kwargs)
        if lora_rank:
            raise NotImplementedError("tapeviz.keras.layers.EinsumDense: lora_rank is not supported")
        self.equation = equation
        self.partial_output_shape = (output_shape,) if isinstance(output_shape, int) else tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    def build(self, input_shape):
        kernel_shape, bias_shape, _, input_axes, output_axes = analyze_einsum_string(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape)
        self.input_spec = InputSpec(ndim=len(input_shape))
        initializer = self.kernel_initializer
        if isinstance(initializer, initializers.VarianceScaling) and (
                initializer.input_axes is None or initializer.output_axes is None):
            # fans from the einsum's input and output axes, with the initializer's drawn seed
            config = {**initializer.get_config(), "seed": initializer.seed, "input_axes": input_axes,
                      "output_axes": output_axes}
            initializer = type(initializer).from_config(config)
        self._kernel = self.add_weight(name="kernel", shape=tuple(kernel_shape),
                                       initializer=initializer,
                                       regularizer=self.kernel_regularizer,
                                       constraint=self.kernel_constraint)
        self.bias = None if bias_shape is None else self.add_weight(
            name="bias", shape=tuple(bias_shape), initializer=self.bias_initializer,
            regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    @property
    def kernel(self):
        return self._kernel

    def call(self, inputs):
        x = tf.einsum(self.equation, inputs, self._kernel)
        if self.bias is not None:
            x = tf.add(x, self.bias)
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        return tuple(analyze_einsum_string(self.equation, self.bias_axes, input_shape,
                                           self.partial_output_shape)[2])

    def get_config(self):
        base = super().get_config()
        return {**{k: base[k] for k in ("name", "trainable", "dtype")}, "output_shape": self.partial_output_shape,
                "equation": self.equation, "activation": activation_name(self.activation),
                "bias_axes": self.bias_axes, **weight_settings(self, "kernel", "bias"),
                "activity_regularizer": None, "quantization_config": None}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if config.pop("quantization_config", None) is not None:
            raise NotImplementedError("tapeviz.keras.layers.EinsumDense: quantization is not supported")
        return super().from_config(config)


def analyze_einsum_string(equation, bias_axes, input_shape, output_shape):
    """(kernel shape, bias shape or None, full output shape, the kernel's input axes, its output
    axes), with Keras's ValueErrors."""
    dotted = re.sub(r"\.\.\.", "0", equation)
    for pattern, left_elided in (("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", False),
                                 ("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", True),
                                 ("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0", False)):
        match = re.match(pattern, dotted)
        if match:
            return _analyze_split(*match.groups(), bias_axes, tuple(input_shape), output_shape,
                                  left_elided)
    raise ValueError(f"Invalid einsum equation '{equation}'. Equations must be in the form "
                     "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....")


def _analyze_split(input_spec, weight_spec, output_spec, bias_axes, input_shape, output_shape,
                   left_elided):
    elided = len(input_shape) - len(input_spec)
    output_shape = [input_shape[0]] + list(output_shape)
    if elided > 0 and left_elided:
        for i in range(1, elided):
            output_shape.insert(1, input_shape[i])
    elif elided > 0:
        output_shape.extend(input_shape[len(input_shape) - elided:])
    if left_elided:
        input_dims = {d: i + elided - len(input_shape) for i, d in enumerate(input_spec)}
        output_dims = {d: i + elided for i, d in enumerate(output_spec)}
    else:
        input_dims = {d: i for i, d in enumerate(input_spec)}
        output_dims = {d: i for i, d in enumerate(output_spec)}
    for d in input_spec:
        if d in output_dims:
            have, want = input_shape[input_dims[d]], output_shape[output_dims[d]]
            if want is not None and want != have:
                raise ValueError(f"Input shape and output shape do not match at shared dimension '{d}'. "
                                 f"Input shape is {have}, and output shape is {want}.")
    for d in output_spec:
        if d not in input_spec and d not in weight_spec:
            raise ValueError(f"Dimension '{d}' was specified in the output '{output_spec}' but has no "
                             f"corresponding dim in the input spec '{input_spec}' or weight spec "
                             f"'{output_spec}'")
    kernel_shape, input_axes, output_axes = [], [], []
    for i, d in enumerate(weight_spec):
        if d in output_dims:
            kernel_shape.append(output_shape[output_dims[d]])
            output_axes.append(i)
        elif d in input_dims:
            kernel_shape.append(input_shape[input_dims[d]])
            input_axes.append(i)
        else:
            raise ValueError(f"Weight dimension '{d}' did not have a match in either the input spec "
                             f"'{input_spec}' or the output spec '{output_spec}'. For this layer, the "
                             "weight must be fully specified.")
    bias_shape = None
    if bias_axes is not None:
        offset = elided if left_elided else 0
        sizes = {c: output_shape[i + offset] for i, c in enumerate(output_spec)}
        for c in bias_axes:
            if c not in output_spec:
                raise ValueError(f"Bias dimension '{c}' was requested, but is not part of the output "
                                 f"spec '{output_spec}'")
        first = min(output_spec.find(c) for c in bias_axes)
        bias_shape = [sizes[c] if c in bias_axes else 1 for c in output_spec[first:]]
        if not left_elided:
            bias_shape.extend([1] * elided)
    return kernel_shape, bias_shape, output_shape, input_axes, output_axes

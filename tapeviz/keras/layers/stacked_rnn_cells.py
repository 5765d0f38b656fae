"""Keras 3's `StackedRNNCells`: several RNN cells run as one, each step's output of a cell feeding
the next cell (`RNN([cell, cell])` wraps its list in one). Its state is the list of the cells'
states."""
import tapeviz as tf
from tapeviz.framework import nest
from tapeviz.keras.layers.base import Layer


def _output_size(cell):
    if getattr(cell, "output_size", None) is not None:
        return cell.output_size
    size = cell.state_size
    return size[0] if isinstance(size, (list, tuple)) else size


class StackedRNNCells(Layer):
    """Wraps a list of RNN cells so that they behave as a single cell."""

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        for cell in cells:
            if "call" not in dir(cell):
                raise ValueError(f"All cells must have a `call` method. Received cell without a `call` method: {cell}")
            if "state_size" not in dir(cell):
                raise ValueError("All cells must have a `state_size` attribute. Received cell without a "
                                 f"`state_size`: {cell}")
        self.cells = list(cells)

    @property
    def state_size(self):
        return [c.state_size for c in self.cells]

    @property
    def output_size(self):
        return _output_size(self.cells[-1])

    def get_initial_state(self, batch_size=None):
        states = []
        for cell in self.cells:
            if getattr(cell, "get_initial_state", None):
                states.append(cell.get_initial_state(batch_size=batch_size))
            elif isinstance(cell.state_size, int):
                states.append(tf.zeros((batch_size, cell.state_size), self.compute_dtype))
            else:
                states.append([tf.zeros((batch_size, d), self.compute_dtype) for d in cell.state_size])
        return states

    def build(self, input_shape):
        batch = nest.flatten(input_shape)[0]
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                with tf.name_scope(cell.name):
                    cell.build(input_shape)
                cell.built = True
            input_shape = (batch, _output_size(cell))
        self.built = True

    def call(self, inputs, states, training=False):
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            was_list = isinstance(cell_states, (list, tuple))
            cell_states = list(cell_states) if was_list else [cell_states]
            with tf.name_scope(cell.name):
                inputs, cell_states = cell.call(inputs, cell_states, training=training)
            cell_states = list(cell_states) if isinstance(cell_states, (list, tuple)) else [cell_states]
            new_states.append(cell_states[0] if len(cell_states) == 1 and not was_list else cell_states)
        if len(new_states) == 1:
            new_states = new_states[0]
        return inputs, new_states

    # ---- dropout masks: each cell's drawn from the input it sees at the first step (as Keras) ----
    def get_dropout_mask(self, step_input, states=None):
        for cell, cell_states in zip(self.cells, states or [None] * len(self.cells)):
            cell_states = list(cell_states) if isinstance(cell_states, (list, tuple)) else [cell_states]
            if hasattr(cell, "get_dropout_mask"):
                cell.get_dropout_mask(step_input)
                cell.get_recurrent_dropout_mask(cell_states[0])
            step_input, _ = cell.call(step_input, cell_states)

    def get_recurrent_dropout_mask(self, state):
        pass        # drawn with the input masks, cell by cell

    def reset_dropout_mask(self):
        for cell in self.cells:
            if hasattr(cell, "reset_dropout_mask"):
                cell.reset_dropout_mask()
                cell.reset_recurrent_dropout_mask()

    def reset_recurrent_dropout_mask(self):
        pass

    def get_config(self):
        from tapeviz.keras.serialization import serialize_keras_object
        return {**super().get_config(), "cells": [serialize_keras_object(c) for c in self.cells]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from tapeviz.keras.serialization import deserialize_keras_object
        config = dict(config)
        cells = [c if isinstance(c, Layer) else deserialize_keras_object(c, custom_objects=custom_objects)
                 for c in config.pop("cells")]
        return cls(cells, **config)

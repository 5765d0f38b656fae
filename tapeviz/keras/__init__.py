"""`tf.keras` for tapeviz: a Keras-3-shaped API (layers, models, optimizers, losses, metrics)
whose every forward pass is made of tapeviz ops, so tapes and the graph view see inside it."""
from tapeviz.keras import (
                           activations,
                           backend,
                           callbacks,
                           config,
                           constraints,
                           datasets,
                           initializers,
                           layers,
                           losses,
                           metrics,
                           models,
                           ops,
                           optimizers,
                           preprocessing,
                           random,
                           regularizers,
                           saving,
                           utils,
)
from tapeviz.keras.keras_variable import KerasVariable as Variable
from tapeviz.keras.layers import Input, InputLayer, InputSpec, Layer
from tapeviz.keras.layers.input_layer import KerasTensor
from tapeviz.keras.losses import Loss
from tapeviz.keras.metrics import Metric
from tapeviz.keras.models import Model, Sequential
from tapeviz.keras.optimizers import Optimizer

__version__ = "3.15.1"
version = lambda: __version__  # noqa: E731

__all__ = ["activations", "backend", "callbacks", "config", "constraints", "datasets", "initializers", "layers", "losses", "metrics",
           "models", "ops", "optimizers", "preprocessing", "random", "regularizers", "saving", "utils", "Input", "InputLayer", "InputSpec", "Layer", "KerasTensor", "Loss",
           "Metric", "Model", "Sequential", "Optimizer", "Variable"]

"""`keras.layers`: the Keras 3 layers tapeviz provides."""
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.convolutional import Conv2D, MaxPool2D, MaxPooling2D
from tapeviz.keras.layers.core import (
                                       Activation,
                                       Add,
                                       Concatenate,
                                       Dense,
                                       Dropout,
                                       Embedding,
                                       Flatten,
                                       ReLU,
                                       Reshape,
                                       Softmax,
)
from tapeviz.keras.layers.input_layer import Input, InputLayer
from tapeviz.keras.layers.normalization import BatchNormalization

__all__ = ["Layer", "Conv2D", "MaxPool2D", "MaxPooling2D", "Activation", "Add", "Concatenate",
           "Dense", "Dropout", "Embedding", "Flatten", "ReLU", "Reshape", "Softmax", "Input",
           "InputLayer", "BatchNormalization"]

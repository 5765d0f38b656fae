"""`keras.layers`: the Keras 3 layers tapeviz provides."""
from tapeviz.keras.layers.activation_layers import ELU, Identity, LeakyReLU, PReLU
from tapeviz.keras.layers.attention import AdditiveAttention, Attention, MultiHeadAttention
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.categorical import CategoryEncoding, Discretization, Hashing
from tapeviz.keras.layers.conv_depthwise import DepthwiseConv2D, SeparableConv2D
from tapeviz.keras.layers.conv_transpose import Conv1DTranspose, Conv2DTranspose
from tapeviz.keras.layers.convolutional import Conv1D, Conv2D, MaxPool2D, MaxPooling2D
from tapeviz.keras.layers.core import (
                                       Activation,
                                       Add,
                                       Concatenate,
                                       Dense,
                                       Dropout,
                                       Embedding,
                                       Flatten,
                                       Lambda,
                                       Masking,
                                       ReLU,
                                       Reshape,
                                       Softmax,
)
from tapeviz.keras.layers.einsum_dense import EinsumDense
from tapeviz.keras.layers.group_normalization import GroupNormalization
from tapeviz.keras.layers.image_augmentation import (
                                       RandomBrightness,
                                       RandomContrast,
                                       RandomCrop,
                                       RandomFlip,
                                       RandomRotation,
                                       RandomTranslation,
                                       RandomZoom,
)
from tapeviz.keras.layers.input_layer import Input, InputLayer
from tapeviz.keras.layers.input_spec import InputSpec
from tapeviz.keras.layers.lookup import IntegerLookup, StringLookup
from tapeviz.keras.layers.merging import (
                                       Average,
                                       Dot,
                                       Maximum,
                                       Minimum,
                                       Multiply,
                                       Subtract,
                                       add,
                                       average,
                                       concatenate,
                                       dot,
                                       maximum,
                                       minimum,
                                       multiply,
                                       subtract,
)
from tapeviz.keras.layers.normalization import BatchNormalization, LayerNormalization, UnitNormalization
from tapeviz.keras.layers.pooling import (
                                       AveragePooling1D,
                                       AveragePooling2D,
                                       AvgPool1D,
                                       AvgPool2D,
                                       GlobalAveragePooling1D,
                                       GlobalAveragePooling2D,
                                       GlobalAvgPool1D,
                                       GlobalAvgPool2D,
                                       GlobalMaxPool1D,
                                       GlobalMaxPool2D,
                                       GlobalMaxPooling1D,
                                       GlobalMaxPooling2D,
                                       MaxPool1D,
                                       MaxPooling1D,
)
from tapeviz.keras.layers.preprocessing import CenterCrop, Normalization, Rescaling, Resizing
from tapeviz.keras.layers.recurrent import (
                                       GRU,
                                       LSTM,
                                       RNN,
                                       Bidirectional,
                                       GRUCell,
                                       LSTMCell,
                                       SimpleRNN,
                                       SimpleRNNCell,
                                       TimeDistributed,
)
from tapeviz.keras.layers.regularization import (
                                       AlphaDropout,
                                       GaussianDropout,
                                       GaussianNoise,
                                       SpatialDropout1D,
                                       SpatialDropout2D,
)
from tapeviz.keras.layers.reshaping import (
                                       Cropping1D,
                                       Cropping2D,
                                       Permute,
                                       RepeatVector,
                                       UpSampling1D,
                                       UpSampling2D,
                                       ZeroPadding1D,
                                       ZeroPadding2D,
)
from tapeviz.keras.layers.stacked_rnn_cells import StackedRNNCells
from tapeviz.keras.layers.text_vectorization import TextVectorization
from tapeviz.keras.layers.tfsm import TFSMLayer
from tapeviz.keras.layers.volumetric import (
                                       AveragePooling3D,
                                       AvgPool3D,
                                       Conv3D,
                                       Cropping3D,
                                       GlobalAveragePooling3D,
                                       GlobalAvgPool3D,
                                       GlobalMaxPool3D,
                                       GlobalMaxPooling3D,
                                       MaxPool3D,
                                       MaxPooling3D,
                                       UpSampling3D,
                                       ZeroPadding3D,
)

__all__ = ["RandomCrop", "ELU", "Identity", "LeakyReLU", "PReLU", "Layer", "InputSpec", "Conv1D", "Conv2D", "MaxPool2D", "MaxPooling2D", "Activation", "Add",
           "Concatenate", "Dense", "Dropout", "Embedding", "Flatten", "Lambda", "Masking", "ReLU", "Reshape",
           "Softmax", "Input", "InputLayer", "Average", "Dot", "Maximum", "Minimum", "Multiply",
           "Subtract", "add", "average", "concatenate", "dot", "maximum", "minimum", "multiply",
           "subtract", "BatchNormalization", "LayerNormalization", "AveragePooling1D",
           "AveragePooling2D", "AvgPool1D", "AvgPool2D", "GlobalAveragePooling1D",
           "GlobalAveragePooling2D", "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalMaxPool1D",
           "GlobalMaxPool2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "MaxPool1D",
           "MaxPooling1D", "GRU", "LSTM", "RNN", "Bidirectional", "GRUCell", "LSTMCell",
           "SimpleRNN", "SimpleRNNCell", "TimeDistributed", "Cropping1D", "Cropping2D", "Permute", "RepeatVector",
           "UpSampling1D", "UpSampling2D", "ZeroPadding1D", "ZeroPadding2D",
           # attention, convolution variants, normalization and noise (keras_layers2)
           "AdditiveAttention", "Attention", "MultiHeadAttention", "DepthwiseConv2D",
           "SeparableConv2D", "Conv1DTranspose", "Conv2DTranspose", "GroupNormalization",
           "GaussianDropout", "GaussianNoise", "SpatialDropout1D", "SpatialDropout2D",
           # preprocessing (keras_layers2)
           "CategoryEncoding", "Discretization", "Hashing", "IntegerLookup", "StringLookup",
           "TextVectorization", "CenterCrop", "Normalization", "Rescaling", "Resizing",
           "RandomBrightness", "RandomContrast", "RandomFlip", "RandomRotation",
           "RandomTranslation", "RandomZoom",
           # SavedModels (saved_model)
           "TFSMLayer",
           # 3-D layers (keras_layers4)
           "AveragePooling3D", "AvgPool3D", "Conv3D", "Cropping3D", "GlobalAveragePooling3D",
           "GlobalAvgPool3D", "GlobalMaxPool3D", "GlobalMaxPooling3D", "MaxPool3D", "MaxPooling3D",
           "UpSampling3D", "ZeroPadding3D",
           # keras_layers4
           "AlphaDropout", "EinsumDense", "StackedRNNCells", "UnitNormalization"]

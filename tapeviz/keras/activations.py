"""Activation functions (`keras.activations`), composed from tapeviz's registered ops."""
import tapeviz as tf


def linear(x):
    return x


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    if negative_slope or max_value is not None or threshold:
        raise NotImplementedError("keras.activations.relu: negative_slope, max_value and "
                                  "threshold are not supported in tapeviz")
    return tf.nn.relu(x)


def sigmoid(x):
    return tf.nn.sigmoid(x)


def tanh(x):
    return tf.math.tanh(x)


def softmax(x, axis=-1):
    return tf.nn.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    return tf.nn.log_softmax(x, axis=axis)


def softplus(x):
    return tf.math.softplus(x)


def elu(x, alpha=1.0):
    res = tf.nn.elu(x)
    return res if alpha == 1 else tf.where(x > 0, res, alpha * res)    # as Keras on TF


def leaky_relu(x, negative_slope=0.2):
    return tf.nn.leaky_relu(x, alpha=negative_slope)


def silu(x):
    return x * tf.nn.sigmoid(x)


swish = silu


def gelu(x, approximate=True):
    return tf.nn.gelu(x, approximate=approximate)


_BY_NAME = {f.__name__: f for f in (linear, relu, sigmoid, tanh, softmax, log_softmax, softplus,
                                    elu, leaky_relu, silu, gelu)}
_BY_NAME["swish"] = silu


def get(identifier):
    """An activation function from a name ('relu'), a callable, or None (linear)."""
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Could not interpret activation function identifier: {identifier}")
        return _BY_NAME[identifier]
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret activation function identifier: {identifier}")


def serialize(activation):
    return getattr(activation, "__name__", repr(activation))

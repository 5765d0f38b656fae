"""Keras 3's context on errors raised inside a layer's `call`.

Keras wraps `layer.call` (`keras.src.utils.traceback_utils.inject_argument_info_in_traceback`):
an exception escaping it is raised again, as the same type, with a message naming the layer's
class and listing the arguments the call received. Only the innermost failing call adds this.
`keras.config.disable_traceback_filtering()` turns it off, as in Keras.
"""
import inspect

from tapeviz.framework import nest
from tapeviz.framework.errors import OpError
from tapeviz.framework.tensor import Tensor

_filtering = [True]


def enable_traceback_filtering():
    _filtering[0] = True


def disable_traceback_filtering():
    _filtering[0] = False


def is_traceback_filtering_enabled():
    return _filtering[0]


def with_call_info(layer, error, args, kwargs):
    """The exception Keras raises in place of `error` from `layer.call(*args, **kwargs)`, or
    None when `error` is to be raised as it is."""
    if not _filtering[0] or hasattr(error, "_keras_call_info_injected"):
        return None
    signature = inspect.signature(layer.call)
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError:
        return None
    lines = []
    for parameter in signature.parameters.values():
        if parameter.name in bound.arguments:
            value = nest.map_structure(_argument_text, bound.arguments[parameter.name])
        else:
            value = parameter.default
        lines.append(f"  • {parameter.name}={value}")
    if not lines:
        return None
    message = error.message if isinstance(error, OpError) else error.args[0] if error.args else ""
    name = f"{type(layer).__name__}.call()"
    message = (f"Exception encountered when calling {name}.\n\n\x1b[1m{message}\x1b[0m\n\n"
               f"Arguments received by {name}:\n" + "\n".join(lines))
    if isinstance(error, OpError):
        new = type(error)(error.node_def, error.op, message, error.error_code)
    else:
        try:
            new = type(error)(message)
        except TypeError:
            new = RuntimeError(message)
    new._keras_call_info_injected = True
    return new


def _argument_text(value):
    if isinstance(value, Tensor) or getattr(value, "_is_variable", False):
        return f"tf.Tensor(shape={value.shape}, dtype={value.dtype.name})"
    return repr(value)

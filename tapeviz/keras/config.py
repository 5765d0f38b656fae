"""`keras.config`: the global settings tutorials read (float type, epsilon, image layout,
backend) and the switch that allows loading `lambda`s from saved models."""
from tapeviz.keras import serialization
from tapeviz.keras.backend import epsilon, floatx, set_epsilon
from tapeviz.keras.call_context_errors import (
    disable_traceback_filtering,
    enable_traceback_filtering,
    is_traceback_filtering_enabled,
)


def backend():
    """The backend Keras runs on: tapeviz stands in for TensorFlow."""
    return "tensorflow"


def image_data_format():
    return "channels_last"


def enable_unsafe_deserialization():
    """Lets `load_model` rebuild `lambda`s stored in `.keras` files (runs code from the file)."""
    serialization.UNSAFE_DESERIALIZATION[0] = True


def disable_interactive_logging():
    pass


def enable_interactive_logging():
    pass


__all__ = ["backend", "floatx", "epsilon", "set_epsilon", "image_data_format",
           "enable_unsafe_deserialization", "disable_interactive_logging",
           "enable_interactive_logging", "enable_traceback_filtering", "disable_traceback_filtering",
           "is_traceback_filtering_enabled"]

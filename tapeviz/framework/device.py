"""`tf.device`: everything runs on the CPU here, so a device scope only checks its name.

TF's eager mode places an op on a device that does not exist (`GPU:0` on a machine without one)
on the CPU instead (soft placement), which is what every tensor's `.device` shows here too.
"""
from tapeviz.framework.api import export

_DEVICE_TYPES = ("CPU", "GPU", "TPU", "TPU_SYSTEM")


def _check_spec(spec):
    """TF's DeviceSpec parser: `/job:x/replica:n/task:n/device:TYPE:n` or `TYPE:n` parts."""
    device_type = None
    for part in spec.split("/"):
        fields = part.split(":")
        n = len(fields)
        if n == 2 and fields[0] in ("job", "replica", "task"):
            continue
        if n in (1, 2) and fields[0].upper() in _DEVICE_TYPES:
            if device_type is not None:
                raise ValueError(f"Multiple device types are not allowed while parsing the device "
                                 f"spec: {spec}.")
            device_type = fields[0].upper()
        elif n == 3 and fields[0] == "device":
            device_type = fields[1]
        elif fields[0] != "":
            raise ValueError(f"Unknown attribute '{fields[0]}' is encountered while parsing the "
                             f"device spec: '{spec}'.")


class _EagerDeviceContext:
    """The context manager `tf.device(name)` returns; entering it changes no placement."""

    def __init__(self, name):
        self._name = name

    def __enter__(self):
        if self._name is not None:       # TF parses the name on entering, not before
            if not isinstance(self._name, str):
                raise ValueError(f"Expecting a string device name. Got {type(self._name)}({self._name})")
            _check_spec(self._name)
        return None

    def __exit__(self, *exc):
        return False


def device(device_name):
    """`with tf.device("GPU:0"):` places ops on that device in TF; here all run on the CPU.

    Raises (on entering the scope):
      ValueError: a name that is not a string or None, or not a device spec.
    """
    return _EagerDeviceContext(device_name)


export(device, "device")

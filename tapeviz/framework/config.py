"""`tf.config` and `tf.get_logger`: the few settings eager tapeviz has (`tf.device` is in device.py)."""
import logging


class PhysicalDevice:
    def __init__(self, name, device_type):
        self.name, self.device_type = name, device_type

    def __repr__(self):
        return f"PhysicalDevice(name='{self.name}', device_type='{self.device_type}')"


def list_physical_devices(device_type=None):
    """tapeviz runs on the CPU only."""
    cpu = PhysicalDevice("/physical_device:CPU:0", "CPU")
    return [cpu] if device_type in (None, "CPU") else []


class LogicalDevice(PhysicalDevice):
    def __repr__(self):
        return f"LogicalDevice(name='{self.name}', device_type='{self.device_type}')"


def list_logical_devices(device_type=None):
    cpu = LogicalDevice("/device:CPU:0", "CPU")
    return [cpu] if device_type in (None, "CPU") else []


def run_functions_eagerly(run_eagerly):
    """tapeviz has no graphs: `tf.function`s always run eagerly, so that the tape sees them."""
    if not run_eagerly:
        get_logger().warning("tapeviz has no graph mode: tf.function bodies keep running eagerly "
                             "(run_functions_eagerly(False) has no effect)")


def functions_run_eagerly():
    return True


def get_logger():
    """The logger tapeviz warns through (TF prints these as WARNING:tensorflow:...)."""
    return logging.getLogger("tapeviz")

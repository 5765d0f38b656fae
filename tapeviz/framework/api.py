"""The public namespace table: where each op or class appears (`tf.sin`, `tf.math.sin`, ...).

Ops modules call `export(obj, "math.sin", "sin")`; `tapeviz/__init__.py` builds the namespaces
from this table, so adding an op never means editing the package's `__init__`.
"""
EXPORTS = {}   # dotted public name -> object


def export(obj, *names):
    """Publishes `obj` under each dotted name ("sin", "math.sin", "nn.relu"); returns `obj`."""
    for name in names:
        if name in EXPORTS and EXPORTS[name] is not obj:
            raise ValueError(f"{name!r} is already exported as {EXPORTS[name]!r}")
        EXPORTS[name] = obj
    return obj


def exported(*names):
    """Decorator form of `export`."""
    def wrap(obj):
        return export(obj, *names)
    return wrap

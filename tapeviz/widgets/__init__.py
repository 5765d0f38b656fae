"""Widgets that show a GradientTape: `show(tape)`, `live()`, `TapeView`, and the tape's mimebundle.

anywidget and ipywidgets load on first use, so `import tapeviz` stays NumPy-only.
"""
import importlib

__all__ = ["TapeView", "LiveView", "show", "live", "tape_mimebundle"]

_WHERE = {"TapeView": "tapeviz.widgets.graph", "LiveView": "tapeviz.widgets.live",
          "show": "tapeviz.widgets.graph", "live": "tapeviz.widgets.live",
          "tape_mimebundle": "tapeviz.widgets.graph"}


def __getattr__(name):
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tapeviz.widgets' has no attribute '{name}'")

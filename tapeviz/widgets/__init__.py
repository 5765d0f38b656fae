"""Widgets: the tape graph (`show(tape)`, `live()`, `TapeView`), `VariableInspector`, `CheckpointPanel`.

anywidget and ipywidgets load on first use, so `import tapeviz` stays NumPy-only; `display`
registers how tapes and Modules show as a cell's result.
"""
import importlib

__all__ = ["TapeView", "LiveView", "show", "live", "tape_mimebundle", "display_tape", "VariableInspector",
           "CheckpointPanel", "module_mimebundle"]

_WHERE = {"TapeView": "tapeviz.widgets.graph", "LiveView": "tapeviz.widgets.live_view",
          "show": "tapeviz.widgets.graph", "live": "tapeviz.widgets.live_view",
          "tape_mimebundle": "tapeviz.widgets.graph", "display_tape": "tapeviz.widgets.graph",
          "VariableInspector": "tapeviz.widgets.inspector",
          "module_mimebundle": "tapeviz.widgets.inspector",
          "CheckpointPanel": "tapeviz.widgets.checkpoint_panel"}


def __getattr__(name):
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tapeviz.widgets' has no attribute '{name}'")

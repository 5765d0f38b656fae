"""How a GradientTape or a Module shows as a cell's result: IPython formatters registered by type.

The engine knows no screen: `tapeviz` installs these formatters when it is imported inside an
IPython kernel (or by `%load_ext tapeviz`), and the widget modules load only when something is
displayed, so `import tapeviz` stays NumPy-only.
"""
from tapeviz.framework.tape import GradientTape
from tapeviz.module import Module


def install(ip):
    """Registers the tape and Module formatters with the IPython shell `ip` (idempotent)."""
    formatters = ip.display_formatter
    formatters.ipython_display_formatter.for_type(GradientTape, _display_tape)
    formatters.mimebundle_formatter.for_type(GradientTape, _tape_bundle)
    formatters.ipython_display_formatter.for_type(Module, _display_module)
    formatters.mimebundle_formatter.for_type(Module, _module_bundle)


def _display_tape(tape):
    from tapeviz.widgets.graph import display_tape
    display_tape(tape)
    return True


def _tape_bundle(tape, include=None, exclude=None):
    from tapeviz.widgets.graph import tape_mimebundle
    return tape_mimebundle(tape, include=include, exclude=exclude)


def _display_module(module):
    from tapeviz.widgets.inspector import display_module
    display_module(module)
    return True


def _module_bundle(module, include=None, exclude=None):
    from tapeviz.widgets.inspector import module_mimebundle
    return module_mimebundle(module, include, exclude)

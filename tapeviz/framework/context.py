"""Global eager state: the tapes now recording, the name-scope stack, and where user code is."""
import os
import sys

recording = []          # tapes recording now, innermost last; empty means "record nothing"
scope_stack = [""]      # current name scope, "" at top level

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def user_source(depth=2):
    """(filename, lineno) of the innermost frame outside the tapeviz package."""
    f = sys._getframe(depth)
    while f is not None and f.f_code.co_filename.startswith(_PACKAGE_DIR):
        f = f.f_back
    if f is None:
        return ("<unknown>", 0)
    return (f.f_code.co_filename, f.f_lineno)


class name_scope:
    """`tf.name_scope(name)`: prefixes Variable names and groups recorded ops in the graph."""

    def __init__(self, name, *args, **kwargs):
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name for name_scope must be a string, got {name!r}")
        self._name = name or ""
        self._pushed = False

    @property
    def name(self):
        return self._name

    def __enter__(self):
        name = self._name
        if name.endswith("/"):
            full = name[:-1]
        else:
            outer = scope_stack[-1]
            full = f"{outer}/{name}" if outer and name else (name or outer)
        scope_stack.append(full)
        self._pushed = True
        return full + "/" if full else ""

    def __exit__(self, *exc):
        if self._pushed:
            scope_stack.pop()
            self._pushed = False
        return False


def current_scope():
    return scope_stack[-1]


def executing_eagerly():
    """Always True: tapeviz runs every op eagerly."""
    return True
tape_observers = []  # callables(tape, event) for live views; empty means no cost

"""Global eager state: the tapes now recording, the name-scope stack, and where user code is."""
import gc
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


# While a tape records, every op allocates a few objects that the tape keeps: Python's cyclic GC
# would walk them again and again (about a fifth of a recorded scalar op's time). Young
# collections run ten times less often while any tape records; the user's setting comes back
# when the last one stops.
_RECORDING_GC_THRESHOLD = 7000
_saved_threshold = []


def recording_started():
    if not _saved_threshold:
        threshold = gc.get_threshold()
        _saved_threshold.append(threshold)
        if threshold[0] and threshold[0] < _RECORDING_GC_THRESHOLD:
            gc.set_threshold(_RECORDING_GC_THRESHOLD, *threshold[1:])


def recording_stopped():
    if not recording and _saved_threshold:
        gc.set_threshold(*_saved_threshold.pop())

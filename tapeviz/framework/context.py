"""The eager context: the one owner of tapeviz's process-wide state.

`ctx` holds the tapes recording now, the name-scope stack and every observer list (tape events,
Variable creation, training events for inspectors, finished notebook cells). Observers are held
weakly through `Observers`, so a view that is deleted stops being called and is collected; no
module keeps a list of its own.
"""
import contextlib
import functools
import gc
import os
import sys
import weakref

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def is_tapeviz_code(code):
    """Whether a code object belongs to the tapeviz package (not to the user's code)."""
    return code.co_filename.startswith(_PACKAGE_DIR)

# While a tape records, every op allocates a few objects that the tape keeps: Python's cyclic GC
# would walk them again and again (a third of a recorded scalar op's time on a long tape). So
# while at least one tape records, young collections run at most once per this many allocations
# and the middle generation is not collected (its collections, and the full ones they trigger,
# would walk the whole growing tape again); the thresholds in force before (the user's own) come
# back when the last tape stops recording, and cyclic garbage waits until then.
RECORDING_GC_THRESHOLD = 7000


class Observers:
    """Callbacks held weakly: a bound method through `WeakMethod`, anything else through `ref`.

    The owner of a callback keeps it alive; once the owner is collected the callback drops out,
    so no caller has to unregister (though `remove` works). Notified in registration order.
    """

    __slots__ = ("_refs", "__weakref__")

    def __init__(self):
        self._refs = []

    def add(self, callback):
        """Starts calling `callback`; adding it again changes nothing."""
        if callback in self:
            return
        me = weakref.ref(self)

        def drop(ref):
            owner = me()
            if owner is not None and ref in owner._refs:
                owner._refs.remove(ref)
        make = weakref.WeakMethod if hasattr(callback, "__self__") else weakref.ref
        self._refs.append(make(callback, drop))

    def remove(self, callback):
        """Stops calling `callback` (no error if it was not added)."""
        self._refs = [r for r in self._refs if r() is not None and r() != callback]

    def __contains__(self, callback):
        return any(r() == callback for r in self._refs)

    def __len__(self):
        return sum(r() is not None for r in self._refs)

    def __bool__(self):
        return bool(self._refs)

    def notify(self, *args):
        """Calls every live callback with `args`."""
        for ref in list(self._refs):
            callback = ref()
            if callback is not None:
                callback(*args)


class Context:
    """Process-wide eager state. There is one, `ctx`; tests reset it with `reset()`."""

    def __init__(self):
        self.recording = []          # tapes recording now, innermost last; never rebound (the op
                                     # dispatcher holds this list)
        self.scopes = [""]           # the name-scope stack, "" at top level
        self.tape_events = Observers()        # (tape, "create" | "exit" | "gradient")
        self.variable_created = Observers()   # (variable)
        self.training_events = Observers()    # ("step" | "gradient" | "changed"), for inspectors
        self.cell_finished = Observers()      # (), after each notebook cell (widgets' hook)
        self._saved_gc_threshold = None

    @property
    def scope(self):
        """The current name scope ("" at top level)."""
        return self.scopes[-1]

    def start_recording(self, tape):
        self.recording.append(tape)
        if self._saved_gc_threshold is None:
            threshold = gc.get_threshold()
            self._saved_gc_threshold = threshold
            if threshold[0] and threshold[0] < RECORDING_GC_THRESHOLD:
                gc.set_threshold(RECORDING_GC_THRESHOLD, 1000, threshold[2])

    def stop_recording(self, tape):
        if tape in self.recording:
            self.recording.remove(tape)
        if not self.recording and self._saved_gc_threshold is not None:
            gc.set_threshold(*self._saved_gc_threshold)
            self._saved_gc_threshold = None

    @contextlib.contextmanager
    def no_recording(self):
        """A block in which no tape records (the tapes recording before resume after it)."""
        saved = self.recording[:]
        del self.recording[:]
        try:
            yield
        finally:
            self.recording[:] = saved

    def reset(self):
        """Stops every tape and leaves the top-level scope (a test's clean start)."""
        for tape in list(self.recording):
            self.stop_recording(tape)
        del self.scopes[1:]


class paused_gc:
    """Pauses the cyclic garbage collector for a block that allocates a great deal and makes
    little cyclic garbage: a gradient() walk over a long tape, a graph model being built and
    serialized (a decorator and a context manager; nests; leaves it off if it was off).

    A 10,000-op graph allocates several hundred thousand dicts and lists that all stay alive, so
    each full collection the allocations trigger walks the whole heap for nothing: about 15 % of
    building the model, more in a kernel holding many objects. Reference counting still frees
    everything; cycles made meanwhile are collected after."""

    def __enter__(self):
        self._was_on = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc):
        if self._was_on:
            gc.enable()
        return False

    def __call__(self, function):
        @functools.wraps(function)
        def paused(*args, **kwargs):
            with paused_gc():
                return function(*args, **kwargs)
        return paused


ctx = Context()


def user_site(depth=2):
    """Where user code called into tapeviz: (code object, last instruction) of the innermost
    frame outside the package, or None. That pins the exact expression (`source_of` gives its
    file and line); the frame itself is never kept, so no local variable stays alive."""
    f = sys._getframe(depth)
    while f is not None and f.f_code.co_filename.startswith(_PACKAGE_DIR):   # is_tapeviz_code, inlined
        f = f.f_back
    return None if f is None else (f.f_code, f.f_lasti)


@functools.lru_cache(maxsize=65536)
def _line_of(code, lasti):
    line = code.co_firstlineno
    for start, _, lineno in code.co_lines():
        if start > lasti:
            break
        if lineno is not None:
            line = lineno
    return line


def source_of(site):
    """(filename, line) of a site from `user_site` (("<unknown>", 0) for None)."""
    if site is None:
        return ("<unknown>", 0)
    code, lasti = site
    return (code.co_filename, _line_of(code, lasti))


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
            outer = ctx.scope
            full = f"{outer}/{name}" if outer and name else (name or outer)
        ctx.scopes.append(full)
        self._pushed = True
        return full + "/" if full else ""

    def __exit__(self, *exc):
        if self._pushed:
            ctx.scopes.pop()
            self._pushed = False
        return False


def executing_eagerly():
    """Always True: tapeviz runs every op eagerly."""
    return True

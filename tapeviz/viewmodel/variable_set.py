"""Which Variables a view shows: every live one, a Module's, or a list; always held weakly."""
import gc
import weakref

from tapeviz.framework.context import ctx
from tapeviz.framework.variables import Variable


def _is_variable(obj):
    return isinstance(obj, Variable) and "_parent" not in vars(obj)


def variable_name(v):
    """The name a user recognises: a Keras weight's path, else the Variable's name."""
    return getattr(v, "path", None) or v.name


def live_variables():
    """Every Variable alive now, sorted by name (a one-off scan of the garbage collector)."""
    found = [obj for obj in gc.get_objects() if _is_variable(obj)]
    return sorted(found, key=variable_name)



class VariableSet:
    """The Variables a view shows, held weakly.

    Args:
      source: None for every live Variable (those created later join), a Module or Keras model
        (its `variables`, asked again each time, so layers built later appear), a Variable, or a
        list/tuple of Variables and Modules.
    Raises:
      TypeError: anything else.
    """

    def __init__(self, source=None):
        self._module = None
        self._refs = {}         # id(variable) -> weakref, in order of arrival
        self.on_new = None      # called with each Variable that joins after construction
        self.kind = "all"
        if source is None:
            for v in live_variables():
                self._add(v)
            ctx.variable_created.add(self._joined)   # held weakly
        elif _is_variable(source):
            self.kind = "list"
            self._add(source)
        elif hasattr(source, "variables") and hasattr(source, "trainable_variables"):
            self.kind = "module"
            self._module = weakref.ref(source)
        elif isinstance(source, (list, tuple)):
            self.kind = "list"
            for item in source:
                if _is_variable(item):
                    self._add(item)
                elif hasattr(item, "variables") and hasattr(item, "trainable_variables"):
                    for v in item.variables:
                        self._add(v)
                else:
                    raise TypeError(f"VariableInspector expects Variables or Modules, got "
                                    f"{type(item).__name__}")
        else:
            raise TypeError(f"VariableInspector expects a Module, a Keras model, a Variable or a "
                            f"list of Variables, got {type(source).__name__}")

    def _add(self, v):
        if not _is_variable(v) or id(v) in self._refs:
            return
        vid = id(v)

        def forget(ref, vid=vid, owner=weakref.ref(self)):
            me = owner()
            if me is not None and me._refs.get(vid) is ref:
                del me._refs[vid]
        self._refs[vid] = weakref.ref(v, forget)

    def _joined(self, v):
        self._add(v)
        if self.on_new is not None:
            self.on_new(v)

    @property
    def module(self):
        return None if self._module is None else self._module()

    def variables(self):
        """The live Variables, in order (a dead Module gives none)."""
        if self.kind == "module":
            m = self.module
            return [] if m is None else [v for v in m.variables if _is_variable(v)]
        out = (ref() for ref in list(self._refs.values()))
        return [v for v in out if v is not None]

    def close(self):
        """Stops following new Variables."""
        ctx.variable_created.remove(self._joined)


"""`tf.Module`: a named container whose Variables and sub-modules are found through its attributes.

Attributes are walked the way TensorFlow walks them: sorted by attribute name, into lists,
tuples and dicts (dict keys sorted), each object reported once; a module's own leaves come
before those of its sub-modules. Modules are trackable (see `tapeviz.train`): checkpoint keys
follow attribute names, and assigning an attribute finishes any deferred restore waiting for it.
"""
import functools
import re

from tapeviz.framework import context
from tapeviz.train import trackable

_VALID_IDENTIFIER = re.compile(r"^[a-zA-Z_]([a-zA-Z0-9_])*$")
_CAMEL_TO_SNAKE = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")
_IGNORED = frozenset(("_self_unconditional_checkpoint_dependencies",
                      "_self_unconditional_dependency_names"))


def valid_identifier(name):
    return bool(_VALID_IDENTIFIER.match(name))


def camel_to_snake(value):
    return _CAMEL_TO_SNAKE.sub(r"_\1", value).lower()


class Module:
    """Base class for neural-network modules (`tf.Module`).

    Args:
      name: a Python identifier; defaults to the class name in snake_case. Variables created
        inside `with self.name_scope:` are named `<name>/<variable>:0`.
    """

    def __init__(self, name=None):
        if name is None:
            name = camel_to_snake(type(self).__name__)
        elif not valid_identifier(name):
            raise ValueError(f"{name!r} is not a valid module name. Module names must be valid "
                             "Python identifiers (e.g. a valid class name).")
        self._name = name
        with context.name_scope(name) as scope_name:
            self._scope_name = scope_name

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        if trackable._DEFERRED:
            trackable.notify_attached(self, name, value)

    @property
    def name(self):
        """The module's name (not made unique)."""
        return self._name

    @property
    def name_scope(self):
        """A context manager that enters this module's (absolute) name scope."""
        return context.name_scope(self._scope_name)

    @property
    def variables(self):
        """Every Variable owned by this module and its sub-modules, in TF's traversal order."""
        return tuple(self._flatten(predicate=_is_variable))

    @property
    def trainable_variables(self):
        return tuple(self._flatten(predicate=lambda v: _is_variable(v) and v.trainable))

    @property
    def non_trainable_variables(self):
        return tuple(self._flatten(predicate=lambda v: _is_variable(v) and not v.trainable))

    @property
    def submodules(self):
        """Every Module reachable from this one (not itself)."""
        return tuple(self._flatten(predicate=_is_module))

    def _flatten(self, recursive=True, predicate=None, attribute_traversal_key=None,
                 with_path=False, expand_composites=False):
        """Yields (or with `with_path`, `(path, leaf)` for) the leaves matching `predicate`."""
        predicate = predicate or (lambda _: True)
        return _flatten_module(self, recursive, predicate, attribute_traversal_key, with_path,
                               module_path=(), seen=None if with_path else {id(self)},
                               recursion_stack=[])

    def _checkpoint_dependencies(self):
        """The trackable protocol: attributes holding Variables, Modules or containers of them."""
        return [(name, value) for name, value in vars(self).items()
                if name not in _IGNORED and trackable.is_dependency(value)]

    @classmethod
    def with_name_scope(cls, method):
        """Decorator: runs `method` inside the module's name scope."""
        @functools.wraps(method)
        def method_with_name_scope(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)
        return method_with_name_scope


def _is_variable(obj):
    return getattr(obj, "_is_variable", False)


def _is_module(obj):
    return isinstance(obj, Module)


def _leaves(value, path=()):
    """(path, leaf) pairs of a nest: lists/tuples in order, dicts by sorted key."""
    if isinstance(value, dict):
        for key in sorted(value):
            yield from _leaves(value[key], path + (key,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _leaves(item, path + (i,))
    else:
        yield path, value


def _flatten_module(module, recursive, predicate, traversal_key, with_path, module_path, seen,
                    recursion_stack):
    module_id = id(module)
    if module_id in recursion_stack:
        recursive = False
    submodules = []
    attributes = vars(module)
    for key in sorted(attributes, key=traversal_key):
        if key in _IGNORED:
            continue
        for leaf_path, leaf in _leaves(attributes[key]):
            leaf_path = (key,) + leaf_path
            if not with_path:
                if id(leaf) in seen:
                    continue
                seen.add(id(leaf))
            if predicate(leaf):
                yield (module_path + leaf_path, leaf) if with_path else leaf
            if recursive and _is_module(leaf):
                submodules.append((module_path + leaf_path, leaf))
    recursion_stack.append(module_id)
    for path, submodule in submodules:
        yield from _flatten_module(submodule, recursive, predicate, traversal_key, with_path,
                                   path, seen, recursion_stack)
    recursion_stack.pop()


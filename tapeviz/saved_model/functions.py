"""The functions of a loaded SavedModel.

tapeviz has no graphs, so a SavedModel cannot hold a function's computation: it holds a
*reference* to the Python code (`module` + `qualname`, and a token naming the very function
object in the process that saved it) and the specs of each trace TF would have saved. A loaded
function finds its code (in the saving process: the function object as it was saved; elsewhere:
by importing its module), matches each call against the saved traces as TF does, and runs the
code eagerly with `self` standing for the loaded object.
"""
import functools
import inspect
import itertools
import pprint
import sys
import threading
import uuid
from collections.abc import Mapping

from tapeviz.framework import nest
from tapeviz.framework.custom_gradient import _as_output, _cast, _signature_binder, _untraced_stdout
from tapeviz.framework.tensor_spec import TensorSpec
from tapeviz.saved_model import specs

_PROCESS = uuid.uuid4().hex
_REGISTRY = {}            # token -> the Python object saved by reference from this process
_COUNTER = itertools.count()


def reference(obj):
    """A reference to a Python function or class, for the SavedModel file (the object is kept
    alive in this process, so that a load here runs the code as it was saved)."""
    token = f"{_PROCESS}:{next(_COUNTER)}"
    _REGISTRY[token] = obj
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if qualname is None and (module or "").startswith("tapeviz."):
        module, qualname = _public_name(obj)      # a registered op, such as tf.nn.relu
    return {"module": module, "qualname": qualname, "token": token}


_NAMESPACES = ("tapeviz", "tapeviz.nn", "tapeviz.math", "tapeviz.linalg", "tapeviz.random",
               "tapeviz.signal", "tapeviz.bitwise", "tapeviz.strings")


def _public_name(obj):
    """(namespace, name) of a tapeviz object under one of TF's public namespaces."""
    for namespace in _NAMESPACES:
        module = sys.modules.get(namespace)
        for name, value in vars(module or {}).items() if module is not None else ():
            if value is obj and not name.startswith("_"):
                return namespace, name
    return None, None


class UnresolvedReference(Exception):
    pass


def resolve(ref, kind="function"):
    """The object `ref` names: the saved object itself in the saving process, else the one found
    by importing its module and following its qualified name. Only a Python function (or, for
    `kind="class"`, a class) is accepted, so a file cannot name a builtin such as `os.system`;
    still, loading runs the saved code: load SavedModels you trust, as any Python code."""
    found = _REGISTRY.get(ref.get("token"))
    if found is not None:
        return found
    obj = _import(ref)
    ours = callable(obj) and getattr(obj, "__module__", "").startswith("tapeviz.")
    if not (inspect.isclass(obj) if kind == "class" else inspect.isfunction(obj) or ours):
        raise UnresolvedReference(f"`{ref.get('module')}.{ref.get('qualname')}` is not a Python "
                                  f"{kind}, so tapeviz will not call it")
    return obj


def _import(ref):
    module, qualname = ref.get("module"), ref.get("qualname") or ""
    where = f"{module}.{qualname}"
    if not module or "<locals>" in qualname or "<lambda>" in qualname:
        raise UnresolvedReference(
            f"tapeviz saves a tf.function as a reference to its Python code, and `{where}` (a "
            "local function or lambda) can only be found in the process that saved it")
    obj = sys.modules.get(module)
    if obj is None:
        try:
            obj = __import__(module, fromlist=["_"])
        except ImportError as e:
            raise UnresolvedReference(f"tapeviz saves a tf.function as a reference to its Python "
                                      f"code, and `{where}` cannot be imported ({e})") from None
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            raise UnresolvedReference(
                f"tapeviz saves a tf.function as a reference to its Python code, and `{where}` is "
                "not defined in this process: define (or import) it before calling the loaded "
                "function")
    return getattr(obj, "python_function", obj)


class SelfView:
    """`self` inside a loaded method (and any loaded object reached from it): the loaded
    object's attributes first, then what TF folds into its graphs: the plain Python values and
    functions the object held, and the methods of the class it was saved from."""

    __slots__ = ("_obj", "_cls", "_python", "_wrap")

    def __init__(self, obj, cls, python, wrap):
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_cls", cls)
        object.__setattr__(self, "_python", python)    # name -> value or resolved function
        object.__setattr__(self, "_wrap", wrap)        # loaded value -> its view

    def __getattr__(self, name):
        try:
            return self._wrap(getattr(self._obj, name))
        except AttributeError:
            pass
        if name in self._python:
            return self._python[name]
        if self._cls is not None:
            try:
                attr = inspect.getattr_static(self._cls, name)
            except AttributeError:
                pass
            else:
                return attr.__get__(self, self._cls) if hasattr(attr, "__get__") else attr
        raise AttributeError(f"'{type(self._obj).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        setattr(self._obj, name, value)

    def __call__(self, *args, **kwargs):
        return self.__getattr__("__call__")(*args, **kwargs)


class RestoredFunction:
    """A loaded `tf.function`: callable on the input signature or the traces it was saved with."""

    def __init__(self, name, ref, owner, input_signature, traces, code=None):
        self.__name__ = name
        self._ref, self._owner = ref, owner     # owner: a SelfView for a method, else None
        self.input_signature = None if input_signature is None else tuple(input_signature)
        self._traces = traces                   # [{param: spec or Python value}] in TF's order
        self._code = code                       # the Python callable, once found

    def _callee(self):
        if self._code is None:
            try:
                code = resolve(self._ref)
            except UnresolvedReference as e:
                raise ValueError(f"Cannot call the loaded function '{self.__name__}': {e}.") from None
            self._code = functools.partial(code, self._owner) if self._owner is not None else code
        return self._code

    def __call__(self, *args, **kwargs):
        callee = self._callee()
        if _RUNNING.value:
            # called from a loaded function's body: TF inlined this call into the caller's graph
            # when it traced it, so it is not matched against this function's own traces
            if self.input_signature is not None:
                return _run(callee, _signature_binder(callee, self.input_signature)(args, kwargs), {})
            return _run(callee, args, kwargs)
        if self.input_signature is None and not self._traces:
            raise ValueError("Found zero restored functions for caller function.")
        if self.input_signature is not None:
            values = _signature_binder(callee, self.input_signature)(args, kwargs)
            return _run(callee, values, {})
        signature = inspect.signature(callee)
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            bound = None
        if bound is not None:
            bound.apply_defaults()
            for trace in self._traces:
                try:
                    values = {n: specs.match(bound.arguments[n], s) for n, s in trace.items()
                              if n in bound.arguments}
                except specs.NoMatch:
                    continue
                if set(values) == set(bound.arguments):
                    return _run(callee, *_split(signature, values))
        raise ValueError(self._no_match(signature, bound, args, kwargs))

    def _no_match(self, signature, bound, args, kwargs):
        if bound is not None:
            got = _split(signature, {n: _described(signature.parameters[n], v, n)
                                     for n, v in bound.arguments.items()})
        else:
            got = args, kwargs
        options = []
        for i, trace in enumerate(self._traces):
            a, k = _split(signature, {n: specs.named(s, n) for n, s in trace.items()})
            options.append(f"Option {i + 1}:\n  {_positional(a)}\n  Keyword arguments: {k}")
        return ("Could not find matching concrete function to call loaded from the SavedModel. "
                f"Got:\n  {_positional(got[0])}\n  Keyword arguments: {got[1]}\n\n Expected these "
                f"arguments to match one of the following {len(self._traces)} option(s):\n\n"
                + "\n\n".join(options))

    def get_concrete_function(self, *args, **kwargs):
        """This function (tapeviz keeps no separate concrete functions: calls are matched)."""
        return self


def _described(param, value, name):
    if param.kind is inspect.Parameter.VAR_POSITIONAL:
        return tuple(_Text(specs.describe_value(v, f"{name}_{i}")) for i, v in enumerate(value))
    if param.kind is inspect.Parameter.VAR_KEYWORD:
        return {k: _Text(specs.describe_value(v, k)) for k, v in value.items()}
    return _Text(specs.describe_value(value, name))


class _Text(str):
    """Already formatted text (printed without quotes)."""

    def __repr__(self):
        return str(self)


def _positional(values):
    shown = [pprint.pformat(v) for v in values]
    return f"Positional arguments ({len(shown)} total):\n    * " + "\n    * ".join(shown)


def _split(signature, values):
    """{param: value} as TF's (positional args, keyword-only kwargs)."""
    positional, keyword = [], {}
    for name, p in signature.parameters.items():
        if name not in values:
            continue
        if p.kind is inspect.Parameter.KEYWORD_ONLY:
            keyword[name] = values[name]
        elif p.kind is inspect.Parameter.VAR_POSITIONAL:
            positional.extend(values[name])
        elif p.kind is inspect.Parameter.VAR_KEYWORD:
            keyword.update(values[name])
        else:
            positional.append(values[name])
    return tuple(positional), keyword


class _Depth(threading.local):
    value = 0             # how many loaded-function bodies this thread is running


_RUNNING = _Depth()


def _run(callee, args, kwargs):
    # A loaded function never traces in TF: the Python body's prints are held back (tf.print
    # still prints), as for a tf.function call that TF would not trace.
    _RUNNING.value += 1
    try:
        with _untraced_stdout():
            out = callee(*args, **kwargs)
    finally:
        _RUNNING.value -= 1
    return nest.map_structure(_as_output, out)


# ---- signatures --------------------------------------------------------------------------------

def output_dict(out):
    """A signature's outputs as TF names them: a dict's keys, else output_0, output_1, ..."""
    if out is None:
        return {}
    if isinstance(out, dict):
        return dict(out)
    if isinstance(out, (list, tuple)):
        return {f"output_{i}": v for i, v in enumerate(nest.flatten(out))}
    return {"output_0": out}


class SignatureFunction:
    """A loaded signature (`loaded.signatures['serving_default']`): keyword (or positional)
    tensor inputs, a dict of outputs."""

    def __init__(self, inputs, call, outputs):
        self._inputs = inputs            # [(name, TensorSpec)]
        self._call = call                # (*tensors) -> outputs
        self.structured_input_signature = ((), {n: specs.named(s, n) for n, s in inputs})
        self.structured_outputs = outputs
        self.inputs = [s for _, s in self.structured_input_signature[1].items()]

    def __call__(self, *args, **kwargs):
        names = [n for n, _ in self._inputs]
        given = dict(zip(names, args))
        if len(args) > len(names) or set(given) & set(kwargs) or set(kwargs) - set(names):
            raise TypeError(f"{self!r} got unexpected arguments: args={args!r}, kwargs={kwargs!r}")
        given.update(kwargs)
        missing = [n for n in names if n not in given]
        if missing:
            raise TypeError(f"{self!r} missing required arguments: {', '.join(missing)}")
        values = [_cast(given[n], s) for n, s in self._inputs]
        return output_dict(_run(self._call, values, {}))

    def __repr__(self):
        inputs = ", ".join(f"{n}: {s!r}" for n, s in self.structured_input_signature[1].items())
        outputs = self.structured_outputs
        shown = ("Dict[" + ", ".join(f"['{k}', {v!r}]" for k, v in outputs.items()) + "]"
                 if isinstance(outputs, dict) else repr(outputs))
        return f"<ConcreteFunction (*, {inputs}) -> {shown} at 0x{id(self):X}>"


class SignatureMap(Mapping):
    """`loaded.signatures`: name -> SignatureFunction."""

    def __init__(self, signatures=None):
        self._signatures = dict(signatures or {})

    def __getitem__(self, key):
        return self._signatures[key]

    def __iter__(self):
        return iter(self._signatures)

    def __len__(self):
        return len(self._signatures)

    def __repr__(self):
        return f"_SignatureMap({self._signatures!r})"


def output_specs(out, unknown_rank):
    """TensorSpecs describing a signature's outputs (from a dry run at save time)."""
    result = {}
    for key, value in output_dict(out).items():
        shape = None if unknown_rank else value.shape
        result[key] = TensorSpec(shape, value.dtype, key)
    return result

"""`tf.custom_gradient`, and `tf.function` (which runs eagerly: tapeviz has no graphs)."""
import contextlib
import functools
import inspect
import io
import sys
import weakref

import numpy as np

from tapeviz.framework import nest
from tapeviz.framework.context import ctx
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.dtypes import as_dtype
from tapeviz.framework.errors import InvalidArgumentError
from tapeviz.framework.registry import defgrad_all, defop, execute
from tapeviz.framework.tape import GradientTape
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_spec import TensorSpec, TypeSpec


def _identity_outputs(*values, n_inputs, grad_fn, variables):
    return tuple(values[n_inputs + len(variables):])


_custom = defop("CustomGradient", _identity_outputs, dtypes=None, match=False, num_outputs=None)


def _custom_grad(g, y, *inputs, n_inputs, grad_fn, variables):
    upstream = list(g) if len(g) > 1 else g[0]
    n_variables = len(variables)
    if n_variables:
        grads, var_grads = grad_fn(upstream, variables=[ref() for ref in variables])
    else:
        grads, var_grads = grad_fn(upstream), []
    grads = list(grads) if isinstance(grads, (list, tuple)) else [grads]
    if len(grads) != n_inputs:
        raise ValueError(f"custom_gradient function returned {len(grads)} gradients but the "
                         f"function has {n_inputs} inputs")
    tail = [None] * (len(inputs) - n_inputs - n_variables)
    return [None if x is None else convert_to_tensor(x) for x in grads] + list(var_grads) + tail


defgrad_all(_custom, _custom_grad)


def custom_gradient(f=None):
    """Decorates `f(*x) -> (y, grad_fn)` so that the tape uses `grad_fn(dy)` as y's gradient.

    If `f` reads Variables, `grad_fn(dy, variables=[...])` must return (input grads, variable grads).
    """
    if f is None:
        return custom_gradient

    @functools.wraps(f)
    def decorated(*args, **kwargs):
        inputs = [a if isinstance(a, Tensor) else convert_to_tensor(a) for a in args]
        with ctx.no_recording(), GradientTape(watch_accessed_variables=True) as collector:
            result, grad_fn = f(*inputs, **kwargs)
        variables = list(collector.watched_variables())
        takes_variables = "variables" in inspect.signature(grad_fn).parameters
        if variables and not takes_variables:
            raise TypeError("If using @custom_gradient with a function that uses variables, then "
                            "grad_fn must accept a keyword argument 'variables'.")
        reads = [v.read_value() for v in variables] if takes_variables else []
        flat = [convert_to_tensor(r) for r in nest.flatten(result)]
        outputs = execute(_custom, inputs + reads + flat,
                          {"n_inputs": len(inputs), "grad_fn": grad_fn,
                           "variables": tuple(weakref.ref(v) for v in variables[:len(reads)])})
        return nest.pack_sequence_as(result, list(outputs))
    return decorated


def _type_text(spec):
    if isinstance(spec, (tuple, list)):
        return f"{'Tuple' if isinstance(spec, tuple) else 'List'}[{', '.join(map(_type_text, spec))}]"
    return repr(spec)


def _cast(value, spec):
    """`value` cast to `spec` (a TensorSpec, or a tuple/list of them), as TF binds inputs."""
    if isinstance(spec, (tuple, list)):
        if type(value) is not type(spec):
            raise TypeError(f"Can not cast {value!r} to {type(spec).__name__} type.")
        if len(value) != len(spec):
            raise TypeError(f"Can not cast {value!r} to {_type_text(spec)}.")
        return type(spec)(_cast(v, s) for v, s in zip(value, spec))
    if not isinstance(spec, TensorSpec):       # a RaggedTensorSpec: the value is bound as it is
        if not spec.is_compatible_with(value):
            raise TypeError(f"Can not cast {value!r} to {spec!r}")
        return value
    if getattr(value, "_is_variable", False):
        value = value.read_value()
    t = value if isinstance(value, Tensor) else convert_to_tensor(value, preferred_dtype=spec.dtype)
    got = TensorSpec(t.shape, t.dtype)
    if not spec.is_compatible_with(got):
        raise TypeError(f"Can not cast {got!r} to {spec!r}")
    return t


def _signature_binder(func, input_signature, method=False):
    """A function binding a call's arguments to `input_signature` with TF's errors (for a
    `method`, the signature describes the parameters after `self`)."""
    if not isinstance(input_signature, (tuple, list)):
        raise TypeError("input_signature must be either a tuple or a list, got "
                        f"{type(input_signature)}.")
    params = list(inspect.signature(func).parameters.values())[int(method):][:len(input_signature)]
    bare = inspect.Signature([p.replace(default=inspect.Parameter.empty, annotation=inspect.Parameter.empty)
                              for p in params])
    text = "(" + ", ".join(f"{p.name}: {_type_text(s)}" for p, s in zip(params, input_signature)) + ")"

    def bind(args, kwargs):
        try:
            bound = bare.bind(*args, **kwargs)
            return [_cast(bound.arguments[p.name], s) for p, s in zip(params, input_signature)]
        except TypeError as e:
            raise TypeError(f"Binding inputs to tf.function failed due to `{e}`. Received args: "
                            f"{args!r} and kwargs: {kwargs!r} for signature: {text}.") from None
    return bind


def _trace_key(args, kwargs):
    """What TF's tracing tells calls apart by: each tensor's shape and dtype, each Variable's,
    other values themselves (by identity when unhashable), and the nesting."""
    def leaf(x):
        if isinstance(x, (Tensor, np.ndarray)):     # NumPy arrays are traced as tensors too
            value = x._value if isinstance(x, Tensor) else x
            return ("tensor", np.shape(value), value.dtype.str)
        if getattr(x, "_is_variable", False):
            return ("variable", tuple(x.shape), x.dtype.name)
        try:
            hash(x)
            return (type(x), x)
        except TypeError:
            return (type(x), id(x))
    structure = (args, dict(sorted(kwargs.items())))
    return repr(nest.map_structure(lambda _: 0, structure)), tuple(leaf(x) for x in nest.flatten(structure))


def _as_output(x):
    """A graph function returns tensors: Python and NumPy numbers, and Variables (their value
    when the call ends), come back as Tensors."""
    if isinstance(x, (bool, int, float, complex, np.generic, np.ndarray)) or \
            getattr(x, "_is_variable", False):
        return convert_to_tensor(x)
    return x


def _general_key(key):
    """A trace key with every tensor's shape reduced to its rank (`reduce_retracing=True`: after
    a second shape TF traces once more with unknown dimensions, and that trace serves all)."""
    structure, leaves = key
    return structure, tuple(("tensor", len(leaf[1]), leaf[2]) if leaf[0] == "tensor" else leaf
                            for leaf in leaves)


@contextlib.contextmanager
def init_scope():
    """`tf.init_scope`: lifts ops out of a function being traced into the eager context. tapeviz
    always runs eagerly, so this only marks the block."""
    yield


class ConcreteFunction:
    """`tf.function(...).get_concrete_function(...)`: one trace of the function. Its Python
    (non-tensor) arguments are fixed when it is made; a call gives the tensor arguments only,
    each of the dtype it was made with (else InvalidArgumentError, as TF), and never re-runs the
    body's Python side effects as a trace would (its `print`s are held back). tapeviz runs the
    body eagerly on each call; there is no `.graph`."""

    def __init__(self, eager, func, args, kwargs):
        self._eager, self.python_function = eager, func
        sig = inspect.signature(func)
        bound = sig.bind(*args, **kwargs)
        bound.apply_defaults()
        self._fixed, self._tensors = {}, []
        for name, value in bound.arguments.items():
            if isinstance(value, (Tensor, TypeSpec, np.ndarray)) or hasattr(value, "_type_spec") \
                    or getattr(value, "_is_variable", False):      # tensors, composites, specs
                dense = isinstance(value, (Tensor, TensorSpec, np.ndarray)) or \
                    getattr(value, "_is_variable", False)
                self._tensors.append((name, value.dtype if dense else None))
            else:
                self._fixed[name] = value
        self._names = list(bound.arguments)
        self._bind = inspect.Signature([inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD)
                                        for n, _ in self._tensors])

    def __call__(self, *args, **kwargs):
        try:
            bound = self._bind.bind(*args, **kwargs)
        except TypeError as e:
            raise TypeError(f"Binding inputs to tf.function failed due to `{e}`. Received args: "
                            f"{args!r} and kwargs: {kwargs!r}.") from None
        values = dict(self._fixed)
        for i, (name, dtype) in enumerate(self._tensors):
            value = bound.arguments[name]
            if dtype is None:                   # a composite tensor (ragged, sparse)
                values[name] = value
                continue
            value = convert_to_tensor(value)
            if value.dtype != as_dtype(dtype):
                fname = getattr(self.python_function, "__name__", "function")
                raise InvalidArgumentError(
                    None, None, f"cannot compute __inference_{fname} as input #{i}(zero-based) was "
                    f"expected to be a {as_dtype(dtype).name} tensor but is a "
                    f"{value.dtype.name} tensor [Op:__inference_{fname}]")
            values[name] = value
        with _untraced_stdout():
            out = self.python_function(**{n: values[n] for n in self._names})
        return nest.map_structure(_as_output, out)


class _UntracedStdout(io.StringIO):
    """sys.stdout while a tf.function runs a call TF would not trace; `real` is the stream
    that `tf.print(..., output_stream=sys.stdout)` still writes to."""

    def __init__(self, real):
        super().__init__()
        self.real = real


@contextlib.contextmanager
def _untraced_stdout():
    real = sys.stdout
    sys.stdout = _UntracedStdout(getattr(real, "real", real))
    try:
        yield
    finally:
        sys.stdout = real


TRACE_OBSERVERS = []     # callables (traces, entry) told of each new trace (tf.saved_model's tracing)


def function(func=None, input_signature=None, autograph=True, jit_compile=None,
             reduce_retracing=False, experimental_compile=None, **kwargs):
    """`tf.function`: tapeviz has no graphs, so the function runs eagerly, its ops recorded on
    any tape watching them (TF would trace it once into a graph; only Python side effects differ).

    With `input_signature` (a list or tuple of `tf.TensorSpec`s, possibly in tuples/lists), each
    call is bound to it as TF does: arguments are converted to tensors, and a missing, extra or
    incompatible argument raises TF's TypeError ("Binding inputs to tf.function failed ...").
    """
    if func is None:
        return lambda f: function(f, input_signature=input_signature,
                                  reduce_retracing=reduce_retracing)
    bind = None if input_signature is None else _signature_binder(func, input_signature)
    binders = {False: bind}
    traced, seen_general = set(), set()
    traces = []         # the argument specs of each trace TF would make (what tf.saved_model saves)

    def is_traced(key):
        if key in traced:
            return True
        if reduce_retracing and key != "signature":
            general = _general_key(key)
            if general in traced:
                return True
            if general in seen_general:        # a second shape: TF traces a general function
                traced.add(general)
            seen_general.add(general)
        traced.add(key)
        return False

    def bound_call(args, kw, method):
        if method not in binders:               # a method: its signature follows `self`
            binders[method] = _signature_binder(func, input_signature, method=True)
        if method:
            return func(args[0], *binders[method](args[1:], kw))
        return func(*bind(args, kw))

    @functools.wraps(func)
    def eager(*args, _method=False, **kw):
        # TF runs the Python body only when it traces (a new input signature); later calls run
        # the graph, so the body's `print`s show once per signature. Here the body always runs,
        # with stdout held back on calls TF would not trace (tf.print still prints).
        key = "signature" if bind is not None else _trace_key(args, kw)
        quiet = is_traced(key)
        if not quiet and bind is None:
            entry = trace_entry(args, kw)
            traces.append(entry)
            for observe in TRACE_OBSERVERS:
                observe(traces, entry)
        with _untraced_stdout() if quiet else contextlib.nullcontext():
            out = bound_call(args, kw, _method) if bind is not None else func(*args, **kw)
        return nest.map_structure(_as_output, out)
    eager._traces = traces
    return _Function(eager, func, input_signature)


class _Function:
    """What `tf.function` returns: calls run `eager`; as a method it binds its instance (so
    `obj.method.get_concrete_function(...)` gets `self` too, as in TF)."""

    def __init__(self, eager, func, input_signature, instance=None):
        functools.update_wrapper(self, func)
        self._eager, self.python_function, self._instance = eager, func, instance
        self.input_signature = None if input_signature is None else tuple(input_signature)

    def _self(self):
        return () if self._instance is None else (self._instance,)

    def __call__(self, *args, **kwargs):
        if self._instance is None:
            return self._eager(*args, **kwargs)
        return self._eager(self._instance, *args, _method=True, **kwargs)

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return _Function(self._eager, self.python_function, self.input_signature, instance)

    def get_concrete_function(self, *args, **kwargs):
        if self.input_signature is not None and not args and not kwargs:
            return self
        concrete = ConcreteFunction(self._eager, self.python_function, self._self() + args, kwargs)
        entry = trace_entry(self._self() + args, kwargs)
        if entry not in self._eager._traces:
            self._eager._traces.append(entry)
        concrete._trace = entry
        concrete._function = self
        return concrete

    def _concrete_traces(self):
        """The (args, kwargs) specs of the traces made for this function's instance (for a
        method, `self` is left out), in the order TF made them."""
        out = []
        for args, kwargs in self._eager._traces:
            if self._instance is not None:
                if not args or not isinstance(args[0], _Instance) or args[0].ref() is not self._instance:
                    continue
                args = args[1:]
            out.append((args, kwargs))
        return out


class _Instance:
    """An object argument of a trace (a method's `self`), held weakly."""

    __slots__ = ("ref",)

    def __init__(self, obj):
        self.ref = weakref.ref(obj)

    def __eq__(self, other):
        return isinstance(other, _Instance) and other.ref() is self.ref()

    __hash__ = None


def _spec_of(x):
    """A trace's record of one argument: a spec for tensors, the value for Python values."""
    if isinstance(x, TypeSpec):
        return x
    if isinstance(x, (Tensor, np.ndarray)) or getattr(x, "_is_variable", False):
        return TensorSpec(np.shape(x._value) if isinstance(x, Tensor) else x.shape,
                          as_dtype(x.dtype))
    if hasattr(x, "_type_spec"):
        return x._type_spec
    if isinstance(x, (bool, int, float, complex, str, bytes, type(None))):
        return x
    try:
        return _Instance(x)
    except TypeError:
        return x


def trace_entry(args, kwargs):
    """(args, kwargs) with each tensor replaced by its spec, as a trace records them."""
    return (tuple(nest.map_structure(_spec_of, list(args))), {k: nest.map_structure(_spec_of, v)
                                                              for k, v in sorted(kwargs.items())})

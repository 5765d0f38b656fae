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
from tapeviz.framework.registry import defgrad_all, defop, execute
from tapeviz.framework.tape import GradientTape
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_spec import TensorSpec


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


def _signature_binder(func, input_signature):
    """A function binding a call's arguments to `input_signature` with TF's errors."""
    if not isinstance(input_signature, (tuple, list)):
        raise TypeError("input_signature must be either a tuple or a list, got "
                        f"{type(input_signature)}.")
    params = list(inspect.signature(func).parameters.values())[:len(input_signature)]
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
    """A graph function returns tensors: Python and NumPy numbers come back as Tensors."""
    if isinstance(x, (bool, int, float, complex, np.generic, np.ndarray)):
        return convert_to_tensor(x)
    return x


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


def function(func=None, input_signature=None, autograph=True, jit_compile=None,
             reduce_retracing=False, experimental_compile=None, **kwargs):
    """`tf.function`: tapeviz has no graphs, so the function runs eagerly, its ops recorded on
    any tape watching them (TF would trace it once into a graph; only Python side effects differ).

    With `input_signature` (a list or tuple of `tf.TensorSpec`s, possibly in tuples/lists), each
    call is bound to it as TF does: arguments are converted to tensors, and a missing, extra or
    incompatible argument raises TF's TypeError ("Binding inputs to tf.function failed ...").
    """
    if func is None:
        return lambda f: function(f, input_signature=input_signature)
    bind = None if input_signature is None else _signature_binder(func, input_signature)
    traced = set()

    @functools.wraps(func)
    def eager(*args, **kw):
        # TF runs the Python body only when it traces (a new input signature); later calls run
        # the graph, so the body's `print`s show once per signature. Here the body always runs,
        # with stdout held back on calls TF would not trace (tf.print still prints).
        key = "signature" if bind is not None else _trace_key(args, kw)
        quiet = key in traced
        traced.add(key)
        with _untraced_stdout() if quiet else contextlib.nullcontext():
            out = func(*bind(args, kw)) if bind is not None else func(*args, **kw)
        return nest.map_structure(_as_output, out)
    eager.python_function = func
    eager.input_signature = None if input_signature is None else tuple(input_signature)
    eager.get_concrete_function = lambda *a, **k: eager
    return eager

"""`tf.custom_gradient`, and `tf.function` (which runs eagerly: tapeviz has no graphs)."""
import functools
import inspect
import weakref

from tapeviz.framework import nest
from tapeviz.framework.context import ctx
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.registry import defgrad_all, defop, execute
from tapeviz.framework.tape import GradientTape
from tapeviz.framework.tensor import Tensor


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


def function(func=None, input_signature=None, autograph=True, jit_compile=None,
             reduce_retracing=False, experimental_compile=None, **kwargs):
    """`tf.function`: tapeviz has no graphs, so the function simply runs eagerly (and is watched)."""
    if func is None:
        return lambda f: function(f, input_signature=input_signature)

    @functools.wraps(func)
    def eager(*args, **kw):
        return func(*args, **kw)
    eager.python_function = func
    eager.get_concrete_function = lambda *a, **k: eager
    return eager

"""`tf.py_function` and `tf.numpy_function`: Python code called from TensorFlow.

Eager TF calls the function right away: `py_function` on tensors, so the ops it runs are recorded
and gradients flow through them; `numpy_function` on NumPy arrays, so nothing flows back.
"""
import numpy as np

from tapeviz.framework import errors, nest
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.tensor import Tensor

_ERROR_CLASSES = {ValueError: errors.InvalidArgumentError, TypeError: errors.InvalidArgumentError,
                  StopIteration: errors.OutOfRangeError, NotImplementedError: errors.UnimplementedError}


def _call(func, args, op_type, n_out):
    """`func(*args)`, a Python exception raised as TF's kernel error of the matching class."""
    try:
        return func(*args)
    except Exception as e:  # noqa: BLE001  (TF turns every exception into an op error)
        cls = next((c for py, c in _ERROR_CLASSES.items() if isinstance(e, py)), errors.UnknownError)
        raise errors.kernel_error(op_type, f"{type(e).__name__}: {e}", name="",
                                  node=f"{op_type}_Tin_{len(args)}_Tout_{n_out}", cls=cls) from e


def _dtype_of(spec):
    return getattr(spec, "dtype", spec)


def py_function(func=None, inp=None, Tout=None, name=None):  # noqa: N803 (TF's argument name)
    """Calls `func(*inp)` on tensors and returns its results as tensors of the dtypes in `Tout`
    (a dtype or TypeSpec for one result, a list of them for several).

    Raises:
      TypeError: `Tout` is missing.
      InvalidArgumentError: a result does not convert to its dtype, or `func` raised a
        ValueError/TypeError (other exceptions: UnknownError).
    """
    if Tout is None:
        raise TypeError("Missing required argument: 'Tout'\n  If using tf.py_function as a "
                        "decorator, set `Tout`\n  **by name** above the function:\n  "
                        "`@tf.py_function(Tout=tout)`")
    if func is None:
        return lambda f: (lambda *args: py_function(f, list(args), Tout, name))
    args = [x if isinstance(x, Tensor) else convert_to_tensor(x) for x in (inp or [])]
    specs = nest.flatten(Tout)
    result = _call(func, args, "EagerPyFunc", len(specs))
    values = nest.flatten(result) if nest.is_nested(Tout) else [result]

    def convert(value, spec):
        try:
            return convert_to_tensor(value, dtype=_dtype_of(spec))
        except (TypeError, ValueError) as e:
            raise errors.kernel_error("EagerPyFunc", f"{type(e).__name__}: {e}", name="",
                                      node=f"EagerPyFunc_Tin_{len(args)}_Tout_{len(specs)}") from e
    return nest.pack_sequence_as(Tout, [convert(v, s) for v, s in zip(values, specs)])


def numpy_function(func=None, inp=None, Tout=None, stateful=True, name=None):  # noqa: N803
    """Calls `func(*inp)` on NumPy arrays; each result becomes a tensor of its own dtype (eager
    TF converts without `Tout`'s dtypes). Not differentiable: gradients through it are None.

    Raises:
      InvalidArgumentError / UnknownError: `func` raised (as `py_function`).
    """
    if func is None:
        return lambda f: (lambda *args: numpy_function(f, list(args), Tout, stateful, name))
    args = [np.array(x.numpy() if hasattr(x, "numpy") else x) for x in (inp or [])]
    result = _call(func, args, "PyFunc", len(nest.flatten(Tout)))
    flat = [None if x is None else convert_to_tensor(x) for x in nest.flatten(result)]
    return flat[0] if len(flat) == 1 else flat


export(py_function, "py_function")
export(numpy_function, "numpy_function")

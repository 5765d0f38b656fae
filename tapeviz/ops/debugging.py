"""`tf.debugging`: eager assertions with TensorFlow 2.21's exception types and message layouts.

Value checks raise InvalidArgumentError; rank, shape and type checks raise ValueError/TypeError at
once (eager shapes are static). Every `assert_*` returns None on success; `check_numerics` and
`assert_all_finite` return their input and are an op (`CheckNumerics`), so they sit on a tape.
"""
import numpy as np

from tapeviz.framework import dtypes, errors
from tapeviz.framework.api import OPS, export
from tapeviz.framework.convert import convert_to_tensor, mismatch
from tapeviz.framework.errors import shape_list
from tapeviz.framework.registry import defgrad, defop, disallowed
from tapeviz.framework.tensor import Tensor

_DEVICE_PREFIX = "_device_/job:localhost/replica:0/task:0/device:CPU:0}} "


def _message_prefix(message):
    return f"{message}.  " if message else ""


def _shape_and_dtype_str(t):
    return f"shape={t.shape} dtype={t.dtype.name}"


# ---- check_numerics: an op with an identity-like gradient -------------------------------------

def _np_check_numerics(x, message=""):
    nan, inf = bool(np.isnan(x).any()), bool(np.isinf(x).any())
    if nan or inf:
        what = "Inf and NaN" if nan and inf else ("NaN" if nan else "Inf")
        raise errors.kernel_error("CheckNumerics", f"{message} : Tensor had {what} values", name="")
    return x


_check_numerics = defop("CheckNumerics", _np_check_numerics, dtypes=None)
# TF's gradient checks the incoming gradient too (array_grad._CheckNumericsGrad)
defgrad(_check_numerics, lambda g, y, x, message="": check_numerics(
    g, "Not a number (NaN) or infinity (Inf) values detected in gradient. " + message))


def check_numerics(tensor, message, name=None):
    """Returns `tensor` unchanged, or raises InvalidArgumentError if it holds NaN or Inf.

    Args:
      tensor: a float16/32/64 tensor (other dtypes raise InvalidArgumentError).
      message: the text put before ` : Tensor had NaN values`.
    Returns:
      A Tensor with the same value (recorded on a tape as `CheckNumerics`).
    Raises:
      InvalidArgumentError: NaN or Inf found, or a dtype that is not floating.
    """
    t = convert_to_tensor(tensor)
    if not t.dtype.is_floating:
        raise errors.build_error(
            "CheckNumerics",
            f"Value for attr 'T' of {t.dtype.c_name} is not in the list of allowed values: "
            "bfloat16, half, float, double\n\t; NodeDef: {{node CheckNumerics}}; "
            "Op<name=CheckNumerics; signature=tensor:T -> output:T; attr=T:type,allowed=[DT_BFLOAT16, "
            "DT_HALF, DT_FLOAT, DT_DOUBLE]; attr=message:string; is_stateful=true>")
    return _check_numerics(tensor if getattr(tensor, "_is_variable", False) else t,
                           message=str(message))


def assert_all_finite(x, message, name=None):
    """`check_numerics` under its assertion name: returns `x` if every value is finite."""
    return check_numerics(x, message, name=name)


# ---- Assert ------------------------------------------------------------------------------------

def _summarize_eager(t, summarize=None):
    arr = t._value
    if arr.ndim:
        flat = arr.reshape(-1)
        items = [str(v) for v in flat[:summarize]]
        if len(items) < flat.size:
            items.append("...")
    else:
        items = [str(t.numpy())] if summarize != 0 else []
    return ", ".join(items)


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 (TF's name)
    """Raises InvalidArgumentError listing `data` when `condition` is false; returns None."""
    if not condition:
        parts = [_summarize_eager(convert_to_tensor(d), summarize) for d in data]
        raise errors.InvalidArgumentError(
            None, None, f"Expected '{str(condition)}' to be true. Summarized data: " + "\n".join(parts))
    return None


# ---- binary comparisons ----------------------------------------------------------------------

def _compare(op_type, fn, x, y):
    """`fn(x, y)` with the Equal/Less/... op's dtype and broadcasting errors."""
    if x.dtype is not y.dtype:
        raise mismatch(op_type, 1, x.dtype, y.dtype)
    op = OPS[op_type]
    if op.dtypes is not None and x.dtype not in op.dtypes:   # a complex `x > 0`: Less has no kernel
        raise disallowed(op, x.dtype)
    a, b = x._value, y._value
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise errors.kernel_error(op_type, f"Incompatible shapes: {shape_list(a.shape)} vs. {shape_list(b.shape)}", name="") from None
    return np.asarray(fn(a, b))


def _pretty_print(item, summarize):
    if isinstance(item, Tensor):
        arr = item.numpy()
        if np.isscalar(arr):
            return str(arr)
        flat = arr.reshape(-1)
        items = [str(v) for v in flat[:int(min(summarize, flat.size))]]
        if len(items) < flat.size:
            items.append("...")
        return str(items)
    return str(item)


def _failure_data(sym, x, y, summarize, ok):
    data = [f"Condition x {sym} y did not hold."]
    if summarize > 0:
        xv, yv = x._value, y._value
        if xv.shape == yv.shape and xv.ndim > 0:
            mask = ~ok
            indices = np.argwhere(mask)
            n = int(min(summarize, indices.shape[0]))
            data += [f"Indices of first {n} different values:", indices[:n],
                     "Corresponding x values:", np.asarray(xv)[mask].reshape(-1)[:n],
                     "Corresponding y values:", np.asarray(yv)[mask].reshape(-1)[:n]]
        x_np, y_np = np.asarray(xv).reshape(-1), np.asarray(yv).reshape(-1)
        nx, ny = int(min(x_np.size, summarize)), int(min(y_np.size, summarize))
        data += [f"First {nx} elements of x:", x_np[:nx], f"First {ny} elements of y:", y_np[:ny]]
    return data


def _binary_assert(sym, op_type, fn, x, y, data, summarize, message):
    x = convert_to_tensor(x)
    y = convert_to_tensor(y)
    ok = _compare(op_type, fn, x, y)
    if ok.all():
        return None
    if summarize is None:
        summarize = 3
    elif summarize < 0:
        summarize = 1e9
    if data is None:
        data = _failure_data(sym, x, y, summarize, ok)
    if message is not None:
        data = [message] + list(data)
    raise errors.InvalidArgumentError(None, None, "\n".join(_pretty_print(d, summarize) for d in data))


def assert_equal(x, y, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless `x == y` holds elementwise (broadcasting)."""
    if x is y:
        return None
    return _binary_assert("==", "Equal", np.equal, x, y, None, summarize, message)


def assert_none_equal(x, y, summarize=None, message=None, name=None):
    """Raises InvalidArgumentError unless `x != y` holds elementwise."""
    return _binary_assert("!=", "NotEqual", np.not_equal, x, y, None, summarize, message)


def assert_less(x, y, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless `x < y` holds elementwise."""
    return _binary_assert("<", "Less", np.less, x, y, None, summarize, message)


def assert_less_equal(x, y, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless `x <= y` holds elementwise."""
    return _binary_assert("<=", "LessEqual", np.less_equal, x, y, None, summarize, message)


def assert_greater(x, y, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless `x > y` holds elementwise."""
    return _binary_assert(">", "Greater", np.greater, x, y, None, summarize, message)


def assert_greater_equal(x, y, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless `x >= y` holds elementwise."""
    return _binary_assert(">=", "GreaterEqual", np.greater_equal, x, y, None, summarize, message)


# ---- unary sign checks -------------------------------------------------------------------------

def _unary_assert(sym, op_type, fn, zero_first, x, message, summarize, joined=False):
    x = convert_to_tensor(x)
    data = [_message_prefix(message), f"Condition x {sym} did not hold element-wise:",
            f"x ({_shape_and_dtype_str(x)}) = ", x]
    if joined:   # TF's assert_non_positive misses a comma, so these two lines run together
        data[1:3] = [data[1] + data[2]]
    zero = convert_to_tensor(0, dtype=x.dtype)
    a, b = (zero, x) if zero_first else (x, zero)
    return _binary_assert(sym, op_type, fn, a, b, data, summarize, None)


def assert_positive(x, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless every element of `x` is > 0."""
    return _unary_assert("> 0", "Less", np.less, True, x, message, summarize)


def assert_non_negative(x, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless every element of `x` is >= 0."""
    return _unary_assert(">= 0", "LessEqual", np.less_equal, True, x, message, summarize)


def assert_negative(x, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless every element of `x` is < 0."""
    return _unary_assert("< 0", "Less", np.less, False, x, message, summarize)


def assert_non_positive(x, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless every element of `x` is <= 0."""
    return _unary_assert("<= 0", "LessEqual", np.less_equal, False, x, message, summarize, joined=True)


# ---- closeness -----------------------------------------------------------------------------------

def assert_near(x, y, rtol=None, atol=None, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless `|x - y| < atol + rtol * |y|` everywhere.

    The default tolerances are 10 * eps of the dtype (float32: 1.1920929e-06).
    """
    x = convert_to_tensor(x)
    y = convert_to_tensor(y, dtype=x.dtype)
    dtype = x.dtype.real_dtype if x.dtype.is_complex else x.dtype
    eps = np.finfo(dtype.as_numpy_dtype).eps
    rtol = convert_to_tensor(10 * eps if rtol is None else rtol, dtype=dtype)
    atol = convert_to_tensor(10 * eps if atol is None else atol, dtype=dtype)
    data = [_message_prefix(message),
            f"x and y not equal to tolerance rtol = {str(rtol)}, atol = {str(atol)}",
            f"x ({_shape_and_dtype_str(x)}) = ", x, f"y ({_shape_and_dtype_str(y)}) = ", y]
    xv, yv = x._value, y._value
    tol = atol._value + rtol._value * np.abs(yv)
    condition = Tensor(np.bool_(np.all(np.abs(xv - yv) < tol)))
    return Assert(condition, data, summarize=summarize)


# ---- ranks, shapes and types -------------------------------------------------------------------

def _static_rank(rank):
    r = convert_to_tensor(rank)
    assert_type(r, dtypes.int32)
    if r.ndim != 0:
        raise ValueError("Rank must be a scalar.")
    return int(r._value)


def assert_rank(x, rank, message=None, name=None):
    """Raises ValueError unless `x` has rank `rank`."""
    x = convert_to_tensor(x)
    want = _static_rank(rank)
    if x.ndim != want:
        raise ValueError(f"{_message_prefix(message)}Tensor  must have rank {want}.  "
                         f"Received rank {x.ndim}, shape {x.shape}")
    return None


def assert_rank_at_least(x, rank, message=None, name=None):
    """Raises ValueError unless `x` has rank `rank` or more."""
    x = convert_to_tensor(x)
    want = _static_rank(rank)
    if x.ndim < want:
        raise ValueError(f"{_message_prefix(message)}Tensor  must have rank at least {want}.  "
                         f"Received rank {x.ndim}, shape {x.shape}")
    return None


def assert_rank_in(x, ranks, message=None, name=None):
    """Raises ValueError unless the rank of `x` is one of `ranks`."""
    x = convert_to_tensor(x)
    wanted = tuple(_static_rank(r) for r in ranks)
    if x.ndim not in wanted:
        raise ValueError(f"{_message_prefix(message)}Tensor  must have rank in {wanted}.  "
                         f"Received rank {x.ndim}, shape {x.shape}")
    return None


def assert_type(tensor, tf_type, message=None, name=None):
    """Raises TypeError unless `tensor` has dtype `tf_type`."""
    tf_type = dtypes.as_dtype(tf_type)
    t = convert_to_tensor(tensor)
    if t.dtype != tf_type:
        raise TypeError(f"{_message_prefix(message)}tensor must be of type {tf_type!r}; "
                        f"got {t.dtype!r}")
    return None


def assert_integer(x, message=None, name=None):
    """Raises TypeError unless `x` has an integer dtype."""
    x = convert_to_tensor(x)
    if not x.dtype.is_integer:
        raise TypeError(f'{_message_prefix(message)}Expected "x" to be integer type.  Found: '
                        f"tensor of dtype {x.dtype}")
    return None


def assert_scalar(tensor, message=None, name=None):
    """Raises ValueError unless `tensor` is a scalar."""
    t = convert_to_tensor(tensor)
    if t.ndim != 0:
        raise ValueError(f"{_message_prefix(message)}Expected scalar shape, saw shape: {t.shape}.")
    return None


def assert_proper_iterable(values):
    """Raises TypeError for a Tensor, ndarray or string (iterable by accident) or a non-iterable."""
    if isinstance(values, (Tensor, np.ndarray, str, bytes)):
        raise TypeError('Expected argument "values" to be a "proper" iterable.  Found: '
                        f"{type(values)}")
    if not hasattr(values, "__iter__"):
        raise TypeError(f'Expected argument "values" to be iterable.  Found: {type(values)}')
    return None


def assert_same_float_dtype(tensors=None, dtype=None):
    """The common floating dtype of `tensors` (and `dtype`); ValueError if they disagree."""
    found = None if dtype is None else dtypes.as_dtype(dtype)
    if found is not None and not found.is_floating:
        raise ValueError(f"Expected floating point type, got {found}.")
    for t in tensors or ():
        d = t.dtype
        if found is None:
            found = d
            if not d.is_floating:
                raise ValueError(f"Expected floating point type, got {d}.")
        elif d != found:
            raise ValueError(f"Tensor conversion requested dtype {found.name} for Tensor with "
                             f"dtype {d.name}: {t!r}")
    return found or dtypes.float32


def _is_any_size(symbol):
    return symbol is None or (isinstance(symbol, str) and symbol == ".")


def _known_int(value):
    if value is None:
        return False
    try:
        int(value)
        return True
    except (TypeError, ValueError):
        return False


def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    """Checks many tensors' shapes against symbolic ones: `[(x, ('N', 'D')), (y, ('N',))]`.

    A symbol (a string) must take the same size everywhere; ints are explicit sizes; `None` or
    '.' match any size; a leading `...` (or '*') matches any number of outer dimensions.
    Raises ValueError with TF's messages on the first rank or size mismatch.
    """
    if isinstance(shapes, dict):
        shapes = shapes.items()
    prefix = _message_prefix(message)
    constraints = [(convert_to_tensor(x), s) for x, s in shapes if s is not None]
    specs = []
    for t, symbolic in constraints:
        if not (hasattr(symbolic, "__iter__") or hasattr(symbolic, "__getitem__")):
            raise ValueError(f"{prefix}Tensor {_shape_and_dtype_str(t)}.  Specified shape must be "
                             "an iterable.  An iterable has the attribute `__iter__` or "
                             f"`__getitem__`.  Received specified shape: {symbolic}")
        symbolic = tuple(symbolic)
        innermost = False
        for i, symbol in enumerate(symbolic):
            if not (symbol is Ellipsis or (isinstance(symbol, str) and symbol == "*")):
                continue
            if i != 0:
                raise ValueError(f"{prefix}Tensor {_shape_and_dtype_str(t)} specified shape index "
                                 f"{i}.  Symbol `...` or `*` for a variable number of unspecified "
                                 "dimensions is only allowed as the first entry")
            innermost = True
        sizes = (1,) if t.ndim == 0 else tuple(t._value.shape)
        symbols = (symbolic[1:] if innermost else symbolic) or (1,)
        specs.append((t, innermost, sizes, symbols))
    for t, innermost, sizes, symbols in specs:
        rank = len(symbols)
        if innermost:
            if rank not in (0, 1):
                assert_rank_at_least(t, rank, message=message)
        elif rank in (0, 1):
            assert_rank_in(t, [0, 1], message=message)
        else:
            assert_rank(t, rank, message=message)
    seen = {}
    for t, innermost, sizes, symbols in specs:
        for i, symbol in enumerate(symbols):
            if _is_any_size(symbol):
                continue
            dim = i - len(symbols) if innermost else i
            explicit = _known_int(symbol)
            if explicit or symbol in seen:
                if explicit:
                    want, by = int(symbol), "Specified explicitly"
                else:
                    want, other, at = seen[symbol]
                    by = f"Specified by tensor {_shape_and_dtype_str(other)} dimension {at}"
                actual = sizes[dim]
                if int(actual) != int(want):
                    raise ValueError(f"{prefix}{by}.  Tensor {_shape_and_dtype_str(t)} dimension "
                                     f"{dim} must have size {want}.  Received size {actual}, "
                                     f"shape {t.shape}")
            else:
                seen[symbol] = (sizes[dim], t, dim)
    return None


def is_numeric_tensor(tensor):
    """True for a Tensor (not a Variable) of an integer, floating or complex dtype."""
    return isinstance(tensor, Tensor) and tensor.dtype in dtypes.NUMERIC


# ---- the public namespace ------------------------------------------------------------------------
export(check_numerics, "debugging.check_numerics")
export(assert_all_finite, "debugging.assert_all_finite")
export(Assert, "debugging.Assert", "Assert")
export(assert_equal, "debugging.assert_equal", "assert_equal")
export(assert_none_equal, "debugging.assert_none_equal")
export(assert_less, "debugging.assert_less", "assert_less")
export(assert_less_equal, "debugging.assert_less_equal")
export(assert_greater, "debugging.assert_greater", "assert_greater")
export(assert_greater_equal, "debugging.assert_greater_equal")
export(assert_positive, "debugging.assert_positive")
export(assert_non_negative, "debugging.assert_non_negative")
export(assert_negative, "debugging.assert_negative")
export(assert_non_positive, "debugging.assert_non_positive")
export(assert_near, "debugging.assert_near")
export(assert_rank, "debugging.assert_rank", "assert_rank")
export(assert_rank_at_least, "debugging.assert_rank_at_least")
export(assert_rank_in, "debugging.assert_rank_in")
export(assert_type, "debugging.assert_type")
export(assert_integer, "debugging.assert_integer")
export(assert_scalar, "debugging.assert_scalar")
export(assert_shapes, "debugging.assert_shapes")
export(assert_proper_iterable, "debugging.assert_proper_iterable")
export(assert_same_float_dtype, "debugging.assert_same_float_dtype")
export(is_numeric_tensor, "debugging.is_numeric_tensor")

"""Diagonals of matrices: `tf.linalg.diag`, `diag_part` and `set_diag` (TF's `MatrixDiagV3`,
`MatrixDiagPartV3`, `MatrixSetDiagV3`), with a band of diagonals `k=(lower, upper)` and TF's
`align` of the shorter diagonals.

A band is stored as `[..., upper - lower + 1, max_diag_len]`, the upper diagonal first; a single
diagonal (`lower == upper`) as `[..., max_diag_len]`. `align` says where a diagonal shorter than
`max_diag_len` sits in its row: "RIGHT_LEFT" (TF's default) right-aligns the superdiagonals and
left-aligns the subdiagonals. Checks and their order follow `matrix_diag_op.cc`.
"""
import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor, matching_tensors
from tapeviz.framework.errors import kernel_error, shape_list
from tapeviz.framework.registry import defgrad, defop, execute
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A

_NO_KERNEL = frozenset({D.string})   # TF registers every POD type, strings on no CPU kernel
_ALIGNS = ("LEFT_RIGHT", "RIGHT_LEFT", "LEFT_LEFT", "RIGHT_RIGHT")


def _band(rows, cols, lower, upper, max_len, align):
    """Where each stored element of the band sits: (row, col, diagonal slot, position) of the
    elements inside the matrix, each an index array."""
    super_left, sub_left = (part == "LEFT" for part in align.split("_"))
    m, n = np.meshgrid(np.arange(upper - lower + 1), np.arange(max(max_len, 0)), indexing="ij")
    d = upper - m
    length = np.minimum(rows + np.minimum(0, d), cols - np.maximum(0, d))
    left = ((d >= 0) & super_left) | ((d <= 0) & sub_left)
    offset = np.where(left, 0, max_len - length)
    inside = (n >= offset) & (n - offset < length)
    m, n, d, offset = m[inside], n[inside], d[inside], offset[inside]
    return n + np.maximum(-d, 0) - offset, n + np.maximum(d, 0) - offset, m, n


def _check_bounds(op_type, rows, cols, lower, upper, dot):
    for which, k, sep in (("lower", lower, dot), ("upper", upper, "")):
        if not (-rows < k < cols or k == 0):
            raise kernel_error(op_type, f"{which}_diag_index is out of bound: {k}{sep} It must be between "
                                        f"{-rows} and {cols}", name="")
    if lower > upper:
        raise kernel_error(op_type, f"lower_diag_index must not be larger than upper_diag_index: "
                                    f"{lower} > {upper}", name="")


def _np_diag_part(x, k=(0, 0), padding_value=0, align="RIGHT_LEFT"):
    if x.ndim < 2:
        raise kernel_error("MatrixDiagPartV3", f"input must be at least 2-dim, received shape: "
                                               f"{shape_list(x.shape)}", name="")
    lower, upper = k
    rows, cols = x.shape[-2:]
    _check_bounds("MatrixDiagPartV3", rows, cols, lower, upper, ".")
    max_len = max(0, min(rows + min(upper, 0), cols - max(lower, 0)))
    out = np.full(x.shape[:-2] + (upper - lower + 1, max_len), padding_value, dtype=x.dtype)
    i, j, m, n = _band(rows, cols, lower, upper, max_len, align)
    out[..., m, n] = x[..., i, j]
    return out[..., 0, :] if lower == upper else out


def _np_diag(d, k=(0, 0), num_rows=-1, num_cols=-1, padding_value=0, align="RIGHT_LEFT"):
    op = "MatrixDiagV3"
    lower, upper = k
    if d.ndim < 1:
        raise kernel_error(op, f"diagonal must be at least 1-dim, received shape: {shape_list(d.shape)}", name="")
    if lower > upper:
        raise kernel_error(op, f"lower_diag_index must not be larger than upper_diag_index: {lower} > {upper}",
                           name="")
    if lower != upper and (d.ndim < 2 or d.shape[-2] != upper - lower + 1):
        raise kernel_error(op, "The number of diagonals provided in the input does not match the "
                               "lower_diag_index and upper_diag_index range.", name="")
    max_len = d.shape[-1]
    min_rows, min_cols = max_len - min(upper, 0), max_len + max(lower, 0)
    if num_rows != -1 and num_rows < min_rows:
        raise kernel_error(op, "The number of rows is too small.", name="")
    if num_cols != -1 and num_cols < min_cols:
        raise kernel_error(op, "The number of columns is too small.", name="")
    if num_rows == -1 and num_cols == -1:
        num_rows = num_cols = max(min_rows, min_cols)
    elif num_rows == -1:
        num_rows = min_rows
    elif num_cols == -1:
        num_cols = min_cols
    if num_rows != min_rows and num_cols != min_cols:
        raise kernel_error(op, "The number of rows or columns is not consistent with the specified d_lower, "
                               "d_upper, and diagonal.", name="")
    band = d[..., None, :] if lower == upper else d
    out = np.full(band.shape[:-2] + (num_rows, num_cols), padding_value, dtype=d.dtype)
    i, j, m, n = _band(num_rows, num_cols, lower, upper, max_len, align)
    out[..., i, j] = band[..., m, n]
    return out


def _np_set_diag(x, d, k=(0, 0), align="RIGHT_LEFT"):
    op = "MatrixSetDiagV3"
    if x.ndim < 2:
        raise kernel_error(op, f"input must be at least 2-dim, received shape: {shape_list(x.shape)}", name="")
    if d.ndim < 1:
        raise kernel_error(op, f"diagonal must be at least 1-dim, received shape: {shape_list(d.shape)}", name="")
    lower, upper = k
    rows, cols = x.shape[-2:]
    _check_bounds(op, rows, cols, lower, upper, "")
    num_diags = upper - lower + 1
    # TF reads the count of diagonals at the input's rank - 2, whatever the diagonal's rank
    if lower != upper and (d.ndim <= x.ndim - 2 or d.shape[x.ndim - 2] != num_diags):
        raise kernel_error(op, "The number of diagonals provided in `diag` is not consistent with "
                               "`lower_diag_index` and `upper_diag_index`", name="")
    max_len = max(0, min(rows + min(upper, 0), cols - max(lower, 0)))
    expected = x.shape[:-2] + ((num_diags,) if num_diags > 1 else ()) + (max_len,)
    if d.shape != expected:
        raise kernel_error(op, "Either first dimensions of diagonal don't match input.shape[:-2], or "
                               "diagonal.shape[:-1] is not equal to the longests diagonal in range "
                               f"[lower_diag_index:upper_diag_index].\nInput shape: {shape_list(x.shape)}\n"
                               f"Diagonal shape: {shape_list(d.shape)}\nExpected diagonal shape: "
                               f"{shape_list(expected)}", name="")
    out = np.array(x, copy=True)
    band = d[..., None, :] if lower == upper else d
    i, j, m, n = _band(rows, cols, lower, upper, max_len, align)
    out[..., i, j] = band[..., m, n]
    return out


# ---- the three ops and their gradients (TF's array_grad.py) ---------------------------------------
diag_part_op = defop("MatrixDiagPartV3", _np_diag_part, dtypes=None, no_kernel=_NO_KERNEL)
diag_op = defop("MatrixDiagV3", _np_diag, dtypes=None, no_kernel=_NO_KERNEL)
set_diag_op = defop("MatrixSetDiagV3", _np_set_diag, dtypes=None, inputs="input, diagonal",
                     no_kernel=_NO_KERNEL)
defgrad(diag_part_op, lambda g, y, x, k=(0, 0), padding_value=0, align="RIGHT_LEFT":
        diag_op(g, k=k, num_rows=x._value.shape[-2], num_cols=x._value.shape[-1], align=align))
defgrad(diag_op, lambda g, y, d, k=(0, 0), num_rows=-1, num_cols=-1, padding_value=0, align="RIGHT_LEFT":
        diag_part_op(g, k=k, align=align))
defgrad(set_diag_op, lambda g, y, x, d, k=(0, 0), align="RIGHT_LEFT": set_diag_op(g, A.zeros_like(d), k=k, align=align),
        lambda g, y, x, d, k=(0, 0), align="RIGHT_LEFT": diag_part_op(g, k=k, align=align))


# ---- the public functions: TF's Python-side conversions -------------------------------------------
def _fast(*args):
    """Whether TF's eager fast path takes these arguments (Python scalars and Tensors): only
    then does its error end in ` name: <name>`."""
    return all(isinstance(a, (bool, int, float, Tensor)) for a in args)


def _int32_scalar(op_type, what, value, index):
    t = value if isinstance(value, Tensor) else convert_to_tensor(value, dtype=D.int32)
    if t.dtype != D.int32:
        raise errors.InvalidArgumentError(None, op_type, f"cannot compute {op_type} as input #{index}(zero-based) "
                                                         f"was expected to be a int32 tensor but is a "
                                                         f"{t.dtype.c_name} tensor [Op:{op_type}]")
    return t


def _diag_index(op_type, k, index, empty):
    """(lower, upper) from `k`: an int, a pair, or an int32 Tensor of one or two elements."""
    t = _int32_scalar(op_type, "k", k, index)
    v = np.asarray(t._value)
    if v.ndim > 1:
        raise kernel_error(op_type, f"diag_index must be a scalar or vector, received shape: "
                                    f"{shape_list(v.shape)}", name="")
    if v.size == 0:
        raise kernel_error(op_type, empty, name="")
    if v.size > 2:
        raise kernel_error(op_type, f"diag_index must have only one or two elements, received {v.size} elements.",
                           name="")
    flat = v.reshape(-1)
    return int(flat[0]), int(flat[-1])


def _align(op_type, align):
    if align not in _ALIGNS:
        raise errors.InvalidArgumentError(None, op_type, f"Value for attr 'align' of \"{align}\" is not in the list "
                                                         "of allowed values: \"LEFT_RIGHT\", \"RIGHT_LEFT\", "
                                                         f"\"LEFT_LEFT\", \"RIGHT_RIGHT\" [Op:{op_type}]")
    return align


def _with_padding(op_type, x, padding_value, index):
    """`x` and `padding_value` as Tensors of one dtype (a bool input takes `bool(padding)`)."""
    if getattr(x, "dtype", None) == D.bool and not isinstance(padding_value, Tensor):
        padding_value = bool(padding_value)
    try:
        x, pad = matching_tensors(op_type, [x, padding_value])
    except errors.InvalidArgumentError as e:
        raise type(e)(None, op_type, e.message.replace("input #1(", f"input #{index}(")) from None
    if pad.shape.rank != 0:
        raise kernel_error(op_type, "padding_value must be a scalar" if op_type == "MatrixDiagV3"
                           else "Padding must be scalar.", name="")
    return x, pad._value[()]


def _run(op, inputs, attrs, name, fast):
    op._check_dtype(inputs[0].dtype)
    try:
        return execute(op, inputs, attrs)
    except errors.InvalidArgumentError as e:
        raise A._named(e, name if fast else None) from None


def diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):
    """The `k`-th diagonal of each matrix, or the band `k=(lower, upper)` of them.

    Args:
      input: a Tensor of rank >= 2.
      k: the diagonal (0 main, > 0 above, < 0 below), or a pair (lower, upper).
      padding_value: fills the places of a band's shorter diagonals.
      align: "RIGHT_LEFT", "LEFT_RIGHT", "LEFT_LEFT" or "RIGHT_RIGHT" (superdiagonals, subdiagonals).

    Returns:
      `[..., max_diag_len]` for one diagonal, `[..., upper - lower + 1, max_diag_len]` for a band.

    Raises:
      InvalidArgumentError: `k` is out of bounds or not one or two ints, or `input` has rank < 2.
    """
    op = "MatrixDiagPartV3"
    fast = _fast(k, padding_value)
    try:
        x, pad = _with_padding(op, input, padding_value, 2)
        attrs = {"k": _diag_index(op, k, 1, "Expected diag_index to have at least 1 element"),
                 "padding_value": pad, "align": _align(op, align)}
    except errors.InvalidArgumentError as e:
        raise A._named(e, name if fast else None) from None
    return _run(diag_part_op, [x], attrs, name, fast)


def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0, align="RIGHT_LEFT"):
    """Matrices with `diagonal` on their `k`-th diagonal (or a band `k=(lower, upper)` of them).

    Args:
      diagonal: `[..., max_diag_len]`, or `[..., upper - lower + 1, max_diag_len]` for a band.
      k: the diagonal, or a pair (lower, upper).
      num_rows, num_cols: the matrix size; -1 takes the smallest that fits (square if both are -1).
      padding_value: the value outside the band.
      align: "RIGHT_LEFT", "LEFT_RIGHT", "LEFT_LEFT" or "RIGHT_RIGHT" (superdiagonals, subdiagonals).

    Returns:
      A Tensor `[..., num_rows, num_cols]`.

    Raises:
      InvalidArgumentError: the sizes do not fit `diagonal` and `k`.
    """
    op = "MatrixDiagV3"
    fast = _fast(k, num_rows, num_cols, padding_value)
    try:
        d, pad = _with_padding(op, diagonal, padding_value, 4)
        band = _diag_index(op, k, 1, "Expected diag_index to have at least 1 element")
        sizes = []
        for what, value, index in (("num_rows", num_rows, 2), ("num_cols", num_cols, 3)):
            t = _int32_scalar(op, what, value, index)
            if t.shape.rank != 0:
                raise kernel_error(op, f"{what} must be a scalar", name="")
            sizes.append(int(t._value))
        attrs = {"k": band, "num_rows": sizes[0], "num_cols": sizes[1], "padding_value": pad,
                 "align": _align(op, align)}
    except errors.InvalidArgumentError as e:
        raise A._named(e, name if fast else None) from None
    return _run(diag_op, [d], attrs, name, fast)


def set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):
    """A copy of each matrix with its `k`-th diagonal (or band `k=(lower, upper)`) replaced.

    Args:
      input: a Tensor of rank >= 2.
      diagonal: `[..., max_diag_len]`, or `[..., upper - lower + 1, max_diag_len]` for a band.
      k: the diagonal, or a pair (lower, upper).
      align: "RIGHT_LEFT", "LEFT_RIGHT", "LEFT_LEFT" or "RIGHT_RIGHT" (superdiagonals, subdiagonals).

    Returns:
      A Tensor of `input`'s shape and dtype.

    Raises:
      InvalidArgumentError: `diagonal`'s shape does not fit the band, or `k` is out of bounds.
    """
    op = "MatrixSetDiagV3"
    fast = _fast(k)
    try:
        x, d = matching_tensors(op, [input, diagonal])
        attrs = {"k": _diag_index(op, k, 2, "diag_index must have at least one element"),
                 "align": _align(op, align)}
    except errors.InvalidArgumentError as e:
        raise A._named(e, name if fast else None) from None
    return _run(set_diag_op, [x, d], attrs, name, fast)


export(diag_part, "linalg.diag_part")
export(diag, "linalg.diag")
export(set_diag, "linalg.set_diag")

"""Control flow as eager TensorFlow runs it (`tf.cond`, `tf.while_loop`, `tf.map_fn`, `tf.scan`, ...).

Eager TF runs `cond` as a Python `if` on the predicate's value, `while_loop` as a Python loop and
`map_fn`/`scan`/`foldl` as a loop over the unstacked elements whose results are stacked again.
tapeviz does the same, so the ops that ran inside a branch or an iteration are recorded on the
tape where they ran, and gradients flow through exactly those ops (Unpack, the body's ops, Pack).
"""
import time

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors, nest
from tapeviz.framework.api import export
from tapeviz.framework.context import name_scope
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A
from tapeviz.ops import debugging
from tapeviz.ops.tensor_array import TensorArray


def _to_tensor(x):
    return x if isinstance(x, Tensor) else convert_to_tensor(x)


def _read_variables(structure):
    """Variables among `structure`'s leaves replaced by their current values (as TF does)."""
    return nest.map_structure(
        lambda x: x.read_value() if getattr(x, "_is_variable", False) else x, structure)


def _pred_value(pred):
    return bool(np.asarray(_to_tensor(pred)._value))


# ---- cond, case, switch_case ----------------------------------------------------------------------
def cond(pred, true_fn=None, false_fn=None, name=None):
    """Returns `true_fn()` if `pred` is true else `false_fn()`.

    Eager TF calls only the branch selected by `pred`'s value, and returns its result as is
    (no conversion, no unpacking): so does tapeviz, and the branch's ops land on the tape.

    Raises:
      TypeError: a branch is missing or not callable.
    """
    if true_fn is None:
        raise TypeError("cond(): 'true_fn' argument required")
    if false_fn is None:
        raise TypeError("cond(): 'false_fn' argument required")
    if not callable(true_fn):
        raise TypeError("'true_fn' must be callable.")
    if not callable(false_fn):
        raise TypeError("'false_fn' must be callable.")
    with name_scope(name or "cond"):
        return true_fn() if _pred_value(pred) else false_fn()


def _unpack_singleton(x):
    if isinstance(x, (list, tuple)) and len(x) == 1:
        return x[0]
    return x


def _case_pairs(pred_fn_pairs):
    if not isinstance(pred_fn_pairs, (list, tuple, dict)):
        raise TypeError("'pred_fn_pairs' must be a list, tuple, or dict. "
                        f"Received: {type(pred_fn_pairs)}")
    if isinstance(pred_fn_pairs, dict):
        pred_fn_pairs = list(pred_fn_pairs.items())
    for pair in pred_fn_pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError("Each entry in 'pred_fn_pairs' must be a 2-tuple. "
                            f"Received {pair}.")
        pred, fn = pair
        if not callable(fn):
            raise TypeError(f"pred_fn_pairs[i][1] (fn) must be callable. Received: {fn!r}")
    return [_to_tensor(p) for p, _ in pred_fn_pairs], [fn for _, fn in pred_fn_pairs]


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """Calls the fn of the first pair whose predicate is true, else `default`.

    Without `default` the last pair's fn is the default and its predicate must hold.
    With `exclusive=True`, at most one predicate may be true. Unless `strict`, a singleton
    list or tuple result is unpacked (as TF does).

    Raises:
      InvalidArgumentError: no predicate holds without a default, or `exclusive` and several do.
    """
    preds, fns = _case_pairs(pred_fn_pairs)
    values = [_pred_value(p) for p in preds]
    if exclusive and sum(values) > 1:
        debugging.Assert(False, [f"Input error: exclusive=True: more than 1 conditions "
                                 f"({', '.join('?' for _ in preds)}) evaluated as True:",
                                 A.stack(preds)])
    chosen = next((fn for value, fn in zip(values, fns) if value), default)
    if chosen is None:
        debugging.Assert(False, ("Input error: None of conditions evaluated as True:",
                                 A.stack(preds)))
    with name_scope(name or "case"):
        result = chosen()
    return result if strict else _unpack_singleton(result)


def _branch_actions(branch_fns, default, branch_index):
    if not isinstance(branch_index, Tensor):
        raise TypeError(f"'branch_index' must be a Tensor, got {type(branch_index)}")
    if not branch_index.dtype.is_integer:
        raise TypeError(f"'branch_index' must be an integer Tensor, got <dtype: '{branch_index.dtype.name}'>")
    if not branch_fns:
        raise ValueError("Must provide at least one item in 'branch_fns'")
    if not isinstance(branch_fns, (list, tuple, dict)):
        raise TypeError("'branch_fns' must be a list, tuple, or dict")
    if isinstance(branch_fns, dict):
        branch_fns = branch_fns.items()
    if all(callable(fn) for fn in branch_fns):
        branch_fns = list(enumerate(branch_fns))
    for pair in branch_fns:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"Each entry in 'branch_fns' must be a 2-tuple. Received {pair}.")
        key, fn = pair
        if not isinstance(key, int):
            raise TypeError(f"key must be a Python `int`, got {type(key)}")
        if not callable(fn):
            raise TypeError(f"fn for key {key} must be callable.")
    keys = [p[0] for p in branch_fns]
    if min(keys) < 0 or max(keys) >= len(keys) or len(set(keys)) != len(keys):
        raise ValueError(f"branch indices (keys) must form contiguous range of [0 to {len(keys)}) "
                         f"but found {{{','.join(map(str, sorted(keys)))}}}")
    actions = [p[1] for p in sorted(branch_fns, key=lambda p: p[0])]
    return actions + ([default] if default is not None else [])


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """Calls `branch_fns[branch_index]()`; an index out of range calls `default` (or the last fn).

    Raises:
      TypeError: `branch_index` is not an integer Tensor, or a fn is not callable.
      ValueError: the keys of `branch_fns` do not form a contiguous range from 0.
    """
    actions = _branch_actions(branch_fns, default, branch_index)
    index = int(np.asarray(branch_index._value))
    if index < 0 or index >= len(actions):
        index = len(actions) - 1
    with name_scope(name or "switch_case"):
        return actions[index]()


# ---- while_loop -----------------------------------------------------------------------------------
def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
               back_prop=True, swap_memory=False, maximum_iterations=None, name=None):
    """Repeats `loop_vars = body(*loop_vars)` while `cond(*loop_vars)` holds.

    Runs as a Python loop as eager TF does (`shape_invariants`, `parallel_iterations`,
    `swap_memory` are accepted and have no effect); every iteration's ops are recorded, so
    gradients flow through the loop. The result has `loop_vars`' structure, leaves as tensors.

    Raises:
      TypeError: `cond` or `body` is not callable.
      ValueError: empty `loop_vars`, a non-scalar `maximum_iterations`, or `body` returning
        another structure.
    """
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if parallel_iterations < 1:
        raise TypeError("'parallel_iterations' must be a positive integer.")
    loop_vars = _read_variables(loop_vars)
    if not loop_vars:
        raise ValueError("'loop_vars' must be provided.")
    limit = None
    if maximum_iterations is not None:
        maximum_iterations = _to_tensor(maximum_iterations)
        if maximum_iterations.ndim != 0:
            raise ValueError("'maximum_iterations' must be a scalar. "
                             f"Received shape: {maximum_iterations.shape}")
        limit = int(np.asarray(maximum_iterations._value))
    initial = loop_vars
    count = 0
    with name_scope(name or "while"):
        while (limit is None or count < limit) and cond(*loop_vars):
            loop_vars = body(*loop_vars)
            if limit is None:       # TF compares the lists of loop variables ...
                nest.assert_same_structure(list(initial), list(loop_vars))
            else:                   # ... or, with a counter, [counter, loop_vars] as given
                nest.assert_same_structure([count, initial], [count, loop_vars])
            count += 1
    return nest.map_structure(lambda x: x if isinstance(x, TensorArray) else _to_tensor(x), loop_vars)


# ---- map_fn, vectorized_map, scan, foldl, foldr ---------------------------------------------------
def _unstacked(elems, fn_name="elems"):
    """(flat list of per-element lists, length) of `elems` unstacked along axis 0."""
    flat = [_to_tensor(e) for e in nest.flatten(elems)]
    if not flat:
        raise ValueError(f"{fn_name} must be a Tensor or (possibly nested) sequence of Tensors. "
                         f"Got {elems}, which does not contain any Tensors.")
    for e in flat:
        if e.ndim == 0:
            raise ValueError("Elements in elems must be 1+ dimensional Tensors, not scalars")
    n = flat[0].shape[0]
    for e in flat[1:]:
        if e.shape[0] != n:
            raise ValueError(f"Dimensions {n} and {e.shape[0]} are not compatible")
    return [A.unstack(e) for e in flat], n


def _element(elems, columns, i):
    return nest.pack_sequence_as(elems, [c[i] for c in columns])


def _stack_results(results, structure, specs):
    """Per-element results (each with `structure`) written into one TensorArray per leaf, as TF
    does, and stacked; `specs` holds each leaf's (dtype, element shape or None)."""
    flats = [nest.flatten(r) for r in results]
    stacked = []
    for k, (dtype, shape) in enumerate(specs):
        ta = TensorArray(dtype, size=len(results), element_shape=shape)
        for i, flat in enumerate(flats):
            ta.write(i, flat[k])
        stacked.append(ta.stack())
    return nest.pack_sequence_as(structure, stacked)


def _signature_specs(signature):
    return [(D.as_dtype(getattr(s, "dtype", s)), getattr(s, "shape", None))
            for s in nest.flatten(signature)]


def _first(elems, columns, n, index):
    """The element a scan or fold starts from (TF reads it from a TensorArray)."""
    if n == 0:
        raise errors.OutOfRangeError(None, None, "Tried to read from index 0 but array size is: 0 ")
    return _element(elems, columns, index)


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None, fn_output_signature=None):
    """Applies `fn` to each element of `elems` (unstacked along axis 0) and stacks the results.

    Without `fn_output_signature`, `fn` must return `elems`' structure; with it (dtypes or
    `tf.TensorSpec`s, possibly nested), results have that structure and dtypes.
    """
    if not callable(fn):
        raise TypeError(f"The provided function {fn.__name__ if hasattr(fn, '__name__') else fn} "
                        "is not callable.fn must be callable.")
    signature = fn_output_signature if fn_output_signature is not None else dtype
    with name_scope(name or "map"):
        columns, n = _unstacked(elems)
        results = [fn(_element(elems, columns, i)) for i in range(n)]
    if signature is None:
        structure = elems
        specs = [(_to_tensor(e).dtype, None) for e in nest.flatten(elems)]
    else:
        structure = signature
        specs = _signature_specs(signature)
    for r in results:
        nest.assert_same_structure(structure, r)
    return _stack_results(results, structure, specs)


def vectorized_map(fn, elems, fallback_to_while_loop=True, warn=True):
    """`fn` applied to each element of `elems`, results stacked (TF's `pfor` result).

    TF vectorizes `fn` into one batched computation; tapeviz runs it once per element, so the
    values and gradients are the same but the tape shows each element's ops.
    """
    with name_scope("loop_body"):
        columns, n = _unstacked(elems)
        results = [fn(_element(elems, columns, i)) for i in range(n)]
    if not results:
        raise ValueError("vectorized_map over an empty `elems` needs TF's traced output shapes, "
                         "which tapeviz does not compute")
    first = [_to_tensor(x) for x in nest.flatten(results[0])]
    return _stack_results(results, results[0], [(t.dtype, None) for t in first])


def _initial(initializer):
    return nest.map_structure(_to_tensor, initializer)


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
         infer_shape=True, reverse=False, name=None):
    """The successive accumulators of `a = fn(a, x)` over `elems`, stacked.

    Without `initializer`, the first element is the initial accumulator (and the first result).
    With `reverse=True` the scan runs from the last element; results keep the elements' order.
    """
    if not callable(fn):
        raise TypeError("fn must be callable.")
    with name_scope(name or "scan"):
        return _scan(fn, elems, initializer, reverse)


def _scan(fn, elems, initializer, reverse):
    columns, n = _unstacked(elems)
    order = list(range(n))[::-1] if reverse else list(range(n))
    results = {}
    if initializer is None:
        acc = _first(elems, columns, n, order[0] if order else 0)
        results[order[0]] = acc
        order = order[1:]
    else:
        acc = _initial(initializer)
    initial = [_to_tensor(x) for x in nest.flatten(acc)]
    structure = acc
    for i in order:
        acc = fn(acc, _element(elems, columns, i))
        nest.assert_same_structure(structure, acc)
        results[i] = acc
    return _stack_results([results[i] for i in range(n)], structure,
                          [(t.dtype, t.shape) for t in initial])


def _fold(fn, elems, initializer, reverse, name):
    if not callable(fn):
        raise TypeError("fn must be callable.")
    with name_scope(name):
        return _fold_body(fn, elems, initializer, reverse)


def _fold_body(fn, elems, initializer, reverse):
    columns, n = _unstacked(elems)
    order = list(range(n))[::-1] if reverse else list(range(n))
    if initializer is None:
        acc = _first(elems, columns, n, order[0] if order else 0)
        order = order[1:]
    else:
        acc = _initial(initializer)
    for i in order:
        acc = fn(acc, _element(elems, columns, i))
    return nest.map_structure(_to_tensor, acc)


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
          name=None):
    """The final accumulator of `a = fn(a, x)` over `elems` from first to last."""
    return _fold(fn, elems, initializer, False, name or "foldl")


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
          name=None):
    """The final accumulator of `a = fn(a, x)` over `elems` from last to first."""
    return _fold(fn, elems, initializer, True, name or "foldr")


# ---- grouping and ordering ------------------------------------------------------------------------
def no_op(name=None):
    """Does nothing; eager TF returns None."""
    return None


def group(*inputs, **kwargs):
    """Groups ops to run together; eager TF has already run them and returns None (it ignores
    every argument, unknown keywords included)."""
    return None


def identity_n(input, name=None):
    """Each tensor of the list `input` returned through an Identity (gradients pass through)."""
    return [A.identity(x) for x in input]


class _NullContext:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def control_dependencies(control_inputs):
    """A context manager ordering ops after `control_inputs`: eager ops already run in order, so
    (as in eager TF) it only calls the callables among `control_inputs` and does nothing else."""
    if control_inputs:
        for control in control_inputs:
            if callable(control):
                control()
    return _NullContext()


def timestamp(name=None):
    """Seconds since the Unix epoch as a float64 scalar."""
    return convert_to_tensor(np.float64(time.time()))


export(cond, "cond")
export(case, "case")
export(switch_case, "switch_case")
export(while_loop, "while_loop")
export(map_fn, "map_fn")
export(vectorized_map, "vectorized_map")
export(scan, "scan")
export(foldl, "foldl")
export(foldr, "foldr")
export(no_op, "no_op")
export(group, "group")
export(identity_n, "identity_n")
export(control_dependencies, "control_dependencies")
export(timestamp, "timestamp")

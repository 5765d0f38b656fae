"""TF's API dispatch for RaggedTensors: `tf.math.*`, `tf.reduce_*`, `tf.concat`, ... accept them.

Two hooks, both off the dense fast path:
- a registered op called with a RaggedTensor input (`tf.sin(rt)`, `dense + rt`) reaches
  `op_dispatch` through the registry's `DISPATCH` table: elementwise ops run on the flat values,
  other ops refuse, as TF's ops do;
- public Python functions (`tf.reduce_sum`, `tf.concat`, `tf.math.truediv`, ...) are wrapped in
  `EXPORTS` so that a RaggedTensor argument goes to its ragged implementation; calls without one
  go straight through.
"""
import functools

import numpy as np

from tapeviz.framework.api import DEFERRED, DISPATCH, EXPORTS
from tapeviz.framework.registry import Op
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import array as A  # noqa: F401  (the APIs wrapped below are exported first)
from tapeviz.ops import math as M  # noqa: F401
from tapeviz.ops import nn as NN  # noqa: F401
from tapeviz.ops.ragged import array_ops
from tapeviz.ops.ragged.elementwise import elementwise, has_ragged
from tapeviz.ops.ragged.ragged_tensor import NO_LEN, RaggedTensor
from tapeviz.ops.ragged.spec import DynamicRaggedShape

# TF op types that act on each element alone (their unary ops; binary ones are `broadcasting`)
UNARY_OPS = frozenset("""
    Abs Acos Acosh Asin Asinh Atan Atanh Ceil Cos Cosh Exp Expm1 Floor Log Log1p Neg Sign Sin Sinh
    Sqrt Square Tan Tanh Sigmoid Round Rint Rsqrt Reciprocal Inv Erf Erfc Erfinv Lgamma Digamma
    LogicalNot IsNan IsInf IsFinite Softplus Softsign Conj Real Imag Angle Cast Identity Invert
    Relu Relu6 Elu Selu LeakyRelu ZerosLike OnesLike StopGradient ComplexAbs Ndtri
""".split())


# broadcasting ops that are not elementwise: they refuse a RaggedTensor like other ops
NOT_ELEMENTWISE = frozenset(("BatchMatMulV2", "BroadcastTo", "SoftmaxCrossEntropyWithLogits"))


def op_dispatch(op, args, attrs):
    """A registered op given a RaggedTensor: elementwise ops map over the flat values."""
    if (op.broadcasting and op.type not in NOT_ELEMENTWISE) or op.type in UNARY_OPS:
        return elementwise(lambda *xs: op(*xs, **attrs), args, {})
    raise ValueError(NO_LEN)       # TF's conversion error for a RaggedTensor


DISPATCH[RaggedTensor] = op_dispatch

# public Python functions applied elementwise (those exported as registered ops dispatch above)
ELEMENTWISE_APIS = """
    math.add math.subtract math.multiply math.divide math.truediv realdiv math.floordiv
    math.floormod math.pow math.divide_no_nan math.multiply_no_nan math.squared_difference
    math.maximum math.minimum math.xlogy math.xdivy math.atan2 math.equal math.not_equal
    math.less math.less_equal math.greater math.greater_equal math.logical_and math.logical_or
    math.logical_xor math.logical_not bitwise.bitwise_and bitwise.bitwise_or bitwise.bitwise_xor
    bitwise.invert math.abs math.sign math.square math.sqrt math.rsqrt math.reciprocal math.exp
    math.expm1 math.log math.log1p math.sin math.cos math.tan math.asin math.acos math.atan
    math.sinh math.cosh math.asinh math.acosh math.atanh math.tanh math.sigmoid math.softplus
    math.erf math.erfc math.floor math.ceil math.round math.rint math.real math.imag math.conj
    math.is_nan math.is_inf math.is_finite math.negative cast saturate_cast clip_by_value
    zeros_like ones_like identity stop_gradient math.scalar_mul math.add_n math.softsign
    nn.relu nn.relu6 nn.leaky_relu nn.elu nn.selu nn.gelu nn.silu math.log_sigmoid math.lgamma
    math.digamma math.erfinv math.reciprocal_no_nan math.xlog1py math.truncatediv math.truncatemod
    strings.length strings.substr strings.upper strings.lower strings.strip strings.regex_replace
    strings.regex_full_match strings.to_number strings.to_hash_bucket_fast strings.to_hash_bucket
    strings.to_hash_bucket_strong strings.as_string strings.join strings.format as_string
""".split()

_REDUCTIONS = {"math.reduce_sum": "sum", "math.reduce_prod": "prod", "math.reduce_max": "max",
               "math.reduce_min": "min", "math.reduce_mean": "mean", "math.reduce_any": "any",
               "math.reduce_all": "all"}


def _first(args, kwargs, name):
    return args[0] if args else kwargs.get(name)


def _elementwise_api(fn):
    @functools.wraps(fn)
    def api(*args, **kwargs):
        if has_ragged(args, kwargs):
            kwargs.pop("name", None)
            return elementwise(fn, args, kwargs)
        return fn(*args, **kwargs)
    return api


def _reduction_api(fn, kind):
    @functools.wraps(fn)
    def api(input_tensor, axis=None, keepdims=False, name=None):
        if isinstance(input_tensor, RaggedTensor):
            return array_ops.reduce(kind, input_tensor, axis, bool(keepdims))
        return fn(input_tensor, axis, keepdims, name)
    return api


def _variance_api(fn, std):
    @functools.wraps(fn)
    def api(input_tensor, axis=None, keepdims=False, name=None):
        if isinstance(input_tensor, RaggedTensor):
            return array_ops.reduce_variance(input_tensor, axis, bool(keepdims), std)
        return fn(input_tensor, axis, keepdims, name)
    return api


def _list_api(fn, ragged_fn, default_axis):
    @functools.wraps(fn)
    def api(values, axis=default_axis, name=None):
        if isinstance(values, (list, tuple)) and any(isinstance(v, RaggedTensor) for v in values):
            return ragged_fn(values, int(axis))
        return fn(values, axis, name=name)
    return api


def _boolean_mask_api(fn):
    @functools.wraps(fn)
    def api(tensor, mask, axis=None, name="boolean_mask"):
        if isinstance(tensor, RaggedTensor) or isinstance(mask, RaggedTensor):
                # TF 2.21's tf.boolean_mask takes len() of a RaggedTensor (tf.ragged.boolean_mask works)
            raise ValueError(NO_LEN)
        return fn(tensor, mask, axis, name)
    return api


def _first_arg_api(fn, ragged_fn):
    """`fn` whose first argument, when ragged, goes to `ragged_fn(rt, *rest, **kwargs)`."""
    @functools.wraps(fn)
    def api(*args, **kwargs):
        if args and isinstance(args[0], RaggedTensor):
            kwargs.pop("name", None)
            return ragged_fn(*args, **kwargs)
        return fn(*args, **kwargs)
    return api


def _shape(rt, out_type=None):
    return DynamicRaggedShape.of(rt, out_type)


def _size(rt, out_type=None):
    return A.size(rt.flat_values, out_type=out_type) if out_type is not None else A.size(rt.flat_values)


def _rank(rt):
    return Tensor(np.int32(rt.shape.rank))


def _expand_dims(rt, axis):
    return array_ops.expand_dims(rt, int(axis))


def _gather(params, indices, validate_indices=None, axis=None, batch_dims=0):
    return array_ops.gather(params, indices, axis)


def _matmul_api(fn):
    @functools.wraps(fn)
    def api(a, b, *args, **kwargs):
        if isinstance(a, RaggedTensor) or isinstance(b, RaggedTensor):
            kwargs.pop("name", None)
            return array_ops.matmul(fn, a, b, **kwargs)
        return fn(a, b, *args, **kwargs)
    return api


def _embedding_lookup_api(fn):
    @functools.wraps(fn)
    def api(params, ids, *args, **kwargs):
        if isinstance(ids, RaggedTensor):      # one embedding per id: rows keep their lengths
            return ids.with_flat_values(fn(params, ids.flat_values, *args, **kwargs))
        return fn(params, ids, *args, **kwargs)
    return api


def _where_api(fn):
    @functools.wraps(fn)
    def api(condition, x=None, y=None, name=None):
        if x is not None and has_ragged((condition, x, y), {}):
            return elementwise(fn, (condition, x, y), {})
        return fn(condition, x, y, name)
    return api


def _softmax(logits, axis=None):
    """Softmax along the last axis of a RaggedTensor (its rows when that axis is ragged)."""
    if axis not in (None, -1, logits.shape.rank - 1):
        raise NotImplementedError("tapeviz: softmax of a RaggedTensor along an axis other than the last")
    shifted = logits - array_ops.reduce("max", logits, -1, keepdims=True)
    e = shifted.with_flat_values(M.exp(shifted.flat_values))
    return e / array_ops.reduce("sum", e, -1, keepdims=True)


def _map_fn_api(fn):
    @functools.wraps(fn)
    def api(func, elems, *args, **kwargs):
        if isinstance(elems, RaggedTensor):
            signature = kwargs.get("fn_output_signature", kwargs.get("dtype"))
            return array_ops.map_fn(func, elems, signature)
        return fn(func, elems, *args, **kwargs)
    return api


def _shaped_api(fn):
    """`tf.reshape/zeros/ones/fill` given a DynamicRaggedShape build a RaggedTensor of it."""
    @functools.wraps(fn)
    def api(*args, **kwargs):
        if fn.__name__ == "reshape" and args and isinstance(args[0], RaggedTensor):
            return fn(args[0].flat_values, *args[1:], **kwargs)    # TF reshapes the values
        shapes = [a for a in args if isinstance(a, DynamicRaggedShape)]
        if not shapes:
            return fn(*args, **kwargs)
        shape = shapes[0]
        if fn.__name__ == "reshape":
            values = A.reshape(args[0], [-1] + shape.inner_shape)
        elif fn.__name__ == "fill":
            values = A.fill([shape.num_values] + shape.inner_shape, args[1])
        else:
            values = fn([shape.num_values] + shape.inner_shape, *args[1:], **kwargs)
        return shape.partition(values)
    return api


def _replace(name, wrap):
    """Wraps the object exported as `name` (under every name it is exported as)."""
    obj = EXPORTS.get(name)
    if obj is None or isinstance(obj, Op) or getattr(obj, "_ragged_api", False):
        return
    wrapped = wrap(obj)
    wrapped._ragged_api = True
    for key, value in list(EXPORTS.items()):
        if value is obj:
            EXPORTS[key] = wrapped


def install():
    for name in ELEMENTWISE_APIS:
        _replace(name, _elementwise_api)
    for name, kind in _REDUCTIONS.items():
        _replace(name, lambda fn, kind=kind: _reduction_api(fn, kind))
    _replace("math.reduce_variance", lambda fn: _variance_api(fn, False))
    _replace("math.reduce_std", lambda fn: _variance_api(fn, True))
    _replace("concat", lambda fn: _list_api(fn, array_ops.concat, None))
    _replace("stack", lambda fn: _list_api(fn, array_ops.stack, 0))
    _replace("boolean_mask", _boolean_mask_api)
    _replace("shape", lambda fn: _first_arg_api(fn, _shape))
    _replace("size", lambda fn: _first_arg_api(fn, _size))
    _replace("rank", lambda fn: _first_arg_api(fn, _rank))
    _replace("expand_dims", lambda fn: _first_arg_api(fn, _expand_dims))
    _replace("gather", lambda fn: _first_arg_api(fn, _gather))
    _replace("reverse", lambda fn: _first_arg_api(fn, lambda rt, axis: array_ops.reverse(rt, axis)))
    _replace("tile", lambda fn: _first_arg_api(fn, lambda rt, multiples: array_ops.tile(rt, multiples)))
    _replace("map_fn", _map_fn_api)
    _replace("where", _where_api)
    _replace("math.cumsum", lambda fn: _first_arg_api(fn, array_ops.cumsum))
    _replace("nn.softmax", lambda fn: _first_arg_api(fn, _softmax))
    _replace("nn.embedding_lookup", _embedding_lookup_api)
    _replace("linalg.matmul", _matmul_api)
    for name in ("reshape", "zeros", "ones", "fill"):
        _replace(name, _shaped_api)
    _install_operators()


def _install_operators():
    """`dense / rt` and `dense & rt`: the Tensor operators that reach Python functions (not a
    registered op) hand a RaggedTensor operand to its reflected operator, as TF's do."""
    for name, reflected in (("__truediv__", "__rtruediv__"), ("__and__", "__rand__"),
                            ("__or__", "__ror__"), ("__xor__", "__rxor__")):
        DEFERRED[name, RaggedTensor] = lambda dense, rt, reflected=reflected: getattr(rt, reflected)(dense)

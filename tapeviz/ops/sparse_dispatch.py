"""TF's dispatch of unary element-wise ops on SparseTensors (`tf.abs(sp)`, `tf.cast(sp, ...)`):
applied to the values, same indices. Binary ops refuse a SparseTensor, as TF's do, except the
Tensor `*` operator (`dense * sp`)."""
import functools

from tapeviz.framework.api import DEFERRED, DISPATCH, EXPORTS
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.registry import Op
from tapeviz.ops.sparse_tensor import SparseTensor

# registered ops reach `_op_dispatch` through the registry's DISPATCH table; exported Python
# functions are wrapped. The Python names are the last components of TF's
# `dispatch.unary_elementwise_apis()`.
_UNARY_OPS = frozenset("""
    Abs Acos Acosh Asin Asinh Atan Atanh Ceil Cos Cosh Exp Expm1 Floor Log Log1p Neg Sign Sin Sinh
    Sqrt Square Tan Tanh Sigmoid Round Rint Rsqrt Reciprocal Inv Erf Erfc Erfinv Lgamma Digamma
    LogicalNot IsNan IsInf IsFinite Softplus Softsign Conj Real Imag Angle Cast Invert Relu Relu6 Elu
    Selu LeakyRelu ZerosLike OnesLike ComplexAbs Ndtri BesselI0 BesselI0e BesselI1 BesselI1e
""".split())

_UNARY_APIS = frozenset("""
    abs acos acosh adjust_brightness adjust_gamma angle as_string asin asinh atan atanh bessel_i0
    bessel_i0e bessel_i1 bessel_i1e bessel_j0 bessel_j1 bessel_k0 bessel_k0e bessel_k1 bessel_k1e
    bessel_y0 bessel_y1 cast ceil check_numerics clip_by_value conj convert_image_dtype cos cosh
    dawsn digamma elu erf erfc erfcinv erfinv exp expint expm1 floor fresnel_cos fresnel_sin gelu
    imag invert is_finite is_inf is_nan leaky_relu lgamma log log1p log_sigmoid log_softmax
    logical_not ndtri negative next_after ones_like real reciprocal reciprocal_no_nan
    regex_full_match regex_replace relu relu6 rint round rsqrt saturate_cast selu sigmoid sign silu
    sin sinh softplus softsign spence sqrt square swish tan tanh unicode_script unicode_transcode
    zeros_like length lower upper strip to_number to_hash_bucket to_hash_bucket_fast
    to_hash_bucket_strong substr
""".split())


def _op_dispatch(op, args, attrs):
    """A registered op given a SparseTensor: a unary elementwise op maps its values; any other
    raises TF's conversion error."""
    if op.type in _UNARY_OPS and len(args) == 1:
        return args[0].with_values(op(args[0].values, **attrs))
    return convert_to_tensor(next(a for a in args if isinstance(a, SparseTensor)))   # TF's ValueError


def _on_values(fn):
    @functools.wraps(fn)
    def dispatching(*args, **kwargs):
        if args and isinstance(args[0], SparseTensor):
            kwargs.pop("name", None)
            return args[0].with_values(fn(args[0].values, *args[1:], **kwargs))
        return fn(*args, **kwargs)
    return dispatching


def install_dispatch():
    """Makes the unary elementwise ops take SparseTensors (called once every family is imported)."""
    DISPATCH[SparseTensor] = _op_dispatch
    # `dense * sp`: TF's Tensor `*` hands a SparseTensor operand to its sparse product (the
    # function tf.multiply does not)
    DEFERRED["__mul__", SparseTensor] = lambda dense, sp: sp * dense
    wrapped = {}
    for name, fn in list(EXPORTS.items()):
        if name.rsplit(".", 1)[-1] in _UNARY_APIS and callable(fn) and not isinstance(fn, (Op, type)):
            if id(fn) not in wrapped:
                wrapped[id(fn)] = _on_values(fn)
            EXPORTS[name] = wrapped[id(fn)]

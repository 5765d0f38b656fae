"""tf.experimental.numpy (TF NumPy) functions: NumPy's dtype inference and promotion, creation,
math, reductions, shapes, linear algebra, and gradients through them. NumPy behavior on Tensors
(`experimental_enable_numpy_behavior`) switches the whole process, so it is tested in
tests/experimental/ instead, not here."""
from tests.tf_diff.corpus import S

_T = "tnp = tf.experimental.numpy\n"


def T(name, code, **kw):
    return S(f"tnp.{name}", _T + code, **kw)


SNIPPETS = [
    # ---- creation and dtype inference ----
    T("ones", "result = [tnp.ones([2]), tnp.ones(3, dtype=tnp.int32), tnp.ones((2, 1), dtype=tf.float32)]"),
    T("zeros", "result = [tnp.zeros([2]), tnp.zeros([2], dtype=int), tnp.zeros(3, bool)]"),
    T("full", "result = [tnp.full([2], 3), tnp.full([2], 3.), tnp.full((2, 2), True)]"),
    T("like", "result = [tnp.ones_like(tf.constant([1, 2])), tnp.zeros_like(tnp.ones([2])), "
      "tnp.full_like(tf.constant([1., 2.]), 7), tnp.ones_like([1.5], dtype=tnp.int32)]"),
    T("arange", "result = [tnp.arange(3), tnp.arange(3.), tnp.arange(1, 2, 0.5), tnp.arange(5, 1, -2), "
      "tnp.arange(4, dtype=tnp.float32)]"),
    T("linspace", "result = [tnp.linspace(0, 1, 5), tnp.linspace(0., 2., 4, endpoint=False), "
      "tnp.linspace(0, 1, 3, dtype=tnp.float32), tnp.linspace(tf.constant(0., tf.float32), 1., 3), "
      "tnp.linspace(0, 10, 4, dtype=int), tnp.linspace(1., 2., 1), tnp.linspace(0., 1., 3, retstep=True)]"),
    T("asarray", "result = [tnp.asarray(1), tnp.asarray(1.), tnp.asarray(True), tnp.asarray([1, 2.5]), "
      "tnp.asarray([[1, 2], [3, 4]]), tnp.asarray(np.float32(1)), tnp.asarray(np.arange(3, dtype=np.int16))]"),
    T("asarray_tensor", "x = tf.constant([1, 2])\nresult = [tnp.asarray(x), tnp.asarray(x, dtype=tnp.float32)]"),
    T("array", "result = [tnp.array([1, 2]), tnp.array(3., ndmin=2), tnp.array([True, False])]"),
    T("eye", "result = [tnp.eye(2), tnp.eye(2, 3, k=1), tnp.identity(3, dtype=tnp.int32)]"),
    T("diag", "result = [tnp.diag(tnp.asarray([1, 2])), tnp.diag(tnp.arange(9).reshape(3, 3) if False else "
      "tnp.reshape(tnp.arange(9), (3, 3)), 1)]"),
    T("copy", "x = tnp.ones([2])\nresult = tnp.copy(x)"),
    T("dtypes", "result = [tnp.float32 is np.float32, tnp.int64 is np.int64, tnp.bool_ is np.bool_, "
      "tnp.ndarray is tf.Tensor, tnp.newaxis, tnp.pi, tnp.e, float(tnp.inf)]"),
    # ---- promotion ----
    T("add_mixed", "result = [tnp.add(tf.constant([1, 2]), tf.constant([1., 2.])), tnp.add(1, 2), tnp.add(1., 2.), "
      "tnp.add(tf.constant([1], tf.int8), 1000), tnp.add(tf.constant([1], tf.uint8), tf.constant([1], tf.int8))]"),
    T("multiply_scalar", "result = [tnp.multiply(tf.constant([1., 2.]), 2), tnp.multiply(tf.constant([1, 2]), 1.5), "
      "tnp.subtract(tf.constant([1.], tf.float16), 1)]"),
    T("divide", "result = [tnp.divide(7, 2), tnp.true_divide(tf.constant([1, 2]), 2), tnp.floor_divide(7, 2), "
      "tnp.floor_divide(7., 2), tnp.mod(-7, 3), tnp.remainder(tf.constant([5.5]), 2)]"),
    T("power", "result = [tnp.power(2, 3), tnp.power(2., tf.constant([1, 2])), tnp.power(tf.constant([2], tf.int32), 2)]"),
    T("compare", "result = [tnp.less(tf.constant([1, 2]), tf.constant([1.5, 1.5])), tnp.equal(1, 1.0), "
      "tnp.greater_equal(tnp.arange(3), 1), tnp.not_equal([1, 2], [1, 3])]"),
    T("maximum", "result = [tnp.maximum(tf.constant([1., -1.]), 0), tnp.minimum(tnp.arange(4), 2.5)]"),
    T("logical", "result = [tnp.logical_and(True, tnp.asarray([False, True])), tnp.logical_or([0, 1], [0, 0]), "
      "tnp.logical_not([0, 2]), tnp.logical_xor(True, [True, False])]"),
    # ---- elementwise functions ----
    # (TF's tnp casts integer inputs of these with `.astype`, which exists only under NumPy
    # behavior: integer inputs are checked in tests/experimental/test_tnp_behavior.py)
    T("float_funcs", "x = tf.constant([1., 2.], tf.float64)\nresult = [tnp.exp(x), tnp.log(x), tnp.sqrt(x), tnp.sin(x), "
      "tnp.tanh(0.5), tnp.log2(8.), tnp.log10(100.), tnp.exp2(3.), tnp.cbrt(-8.), tnp.expm1(x), tnp.log1p(x)]",
      rtol=1e-6),
    T("float_funcs_f32", "x = tf.constant([0.5, 2.], tf.float32)\nresult = [tnp.exp(x), tnp.arcsin(tnp.asarray([0.5])), "
      "tnp.arctan2(1., 2.), tnp.deg2rad(180.), tnp.floor(x), tnp.ceil(x), tnp.cosh(x), tnp.arctanh(x / 4)]", rtol=1e-6),
    T("arctan2_int", "result = tnp.arctan2(1, 2)"),
    T("keep_dtype", "x = tf.constant([-1, 2], tf.int32)\nresult = [tnp.square(x), tnp.abs(x), tnp.abs(-1), "
      "tnp.negative(x), tnp.sign(tnp.asarray([-2, 0])), tnp.absolute(tf.constant([-1.5]))]"),
    T("clip", "result = [tnp.clip(tnp.arange(5), 1, 3), tnp.clip(tf.constant([0.5, 5.]), 1, None)]"),
    T("where", "result = [tnp.where(tnp.arange(3) > 0, 1, 0.5), tnp.where([True, False], tf.constant([1, 2]), 0)]"),
    T("isinf", "x = tnp.asarray([1., float('nan'), float('inf')])\nresult = [tnp.isinf(x), tnp.isinf(tnp.arange(2))]"),
    T("isclose", "result = [tnp.isclose(tnp.ones([2]), tnp.asarray([1., 1.1])), tnp.allclose(tnp.ones([2]), "
      "tnp.ones([2]) + 1e-9), tnp.array_equal([1, 2], [1, 2]), tnp.array_equal([1, 2], [1])]"),
    # ---- reductions ----
    T("sum", "result = [tnp.sum(tf.constant([1, 2])), tnp.sum(tf.constant([True, True])), tnp.sum(tnp.ones([2, 3]), "
      "axis=0), tnp.sum(tf.constant([1, 2], tf.uint8)), tnp.sum(tnp.ones([2, 3]), axis=1, keepdims=True), "
      "tnp.sum(tf.constant([1., 2.], tf.float32))]"),
    T("prod_mean", "result = [tnp.prod(tnp.arange(1, 4)), tnp.mean(tnp.arange(4)), tnp.mean(tf.constant([1, 2], tf.int32)), "
      "tnp.mean(tnp.ones([2, 3]), axis=0, keepdims=True), tnp.mean(tf.constant([1., 2.], tf.float32))]"),
    T("max_min", "x = tnp.asarray([[1, 5], [3, 2]])\nresult = [tnp.amax(x), tnp.max(x, axis=0), tnp.amin(x, axis=1), "
      "tnp.min(x, keepdims=True)]"),
    T("std_var", "x = tnp.arange(4)\nresult = [tnp.std(x), tnp.var(x), tnp.var(tnp.ones([2, 3]), axis=1), "
      "tnp.std(tf.constant([1., 3.], tf.float32))]"),
    T("average", "result = tnp.average(tnp.asarray([1., 2.]), weights=[3., 1.])"),
    T("all_any", "result = [tnp.all([1, 1]), tnp.any(tnp.asarray([0, 1])), tnp.all(tnp.ones([2, 2]), axis=0)]"),
    T("argmax", "x = tnp.asarray([[1, 5], [7, 2]])\nresult = [tnp.argmax(x), tnp.argmax(x, axis=0), tnp.argmin(x, axis=1)]"),
    T("cumsum", "result = [tnp.cumsum(tnp.arange(4)), tnp.cumsum(tnp.ones([2, 2]), axis=1), "
      "tnp.cumprod(tf.constant([1, 2, 3], tf.int32)), tnp.cumsum(tnp.ones([2, 2]))]"),
    T("count_nonzero", "result = [tnp.count_nonzero(tnp.asarray([0, 1, 2])), tnp.nonzero(tnp.asarray([0, 1, 2]))]"),
    # ---- shapes ----
    T("reshape", "x = tnp.arange(6)\nresult = [tnp.reshape(x, (2, 3)), tnp.reshape(x, [3, -1]), tnp.ravel(tnp.ones([2, 2]))]"),
    T("transpose", "x = tnp.reshape(tnp.arange(6), (2, 3))\nresult = [tnp.transpose(x), tnp.swapaxes(x, 0, 1), "
      "tnp.moveaxis(tnp.ones([2, 3, 4]), 0, -1).shape]"),
    T("squeeze_expand", "result = [tnp.squeeze(tnp.ones([1, 2, 1])), tnp.squeeze(tnp.ones([1, 2]), 0), "
      "tnp.expand_dims(tnp.ones([2]), 0), tnp.expand_dims(tnp.ones([2]), -1)]"),
    T("concatenate", "result = [tnp.concatenate([tnp.ones([1]), tf.ones([1], tf.int32)]), "
      "tnp.concatenate([tnp.ones([1, 2]), tnp.zeros([1, 2])], axis=1), tnp.concatenate([tnp.ones([2, 1]), "
      "tnp.ones([1])], axis=0)]"),
    T("concatenate_none", "result = tnp.concatenate([tnp.ones([2, 1]), tnp.ones([1])], axis=None)"),
    T("stack", "result = [tnp.stack([tnp.ones([1]), tnp.zeros([1])]), tnp.vstack([tnp.ones([2]), tnp.ones([2])]), "
      "tnp.hstack([tnp.ones([2]), tnp.arange(2)]), tnp.dstack([tnp.ones([2]), tnp.ones([2])]).shape]"),
    T("split", "result = [tnp.split(tnp.arange(4), 2), tnp.split(tnp.arange(5), [1, 3])]"),
    T("tile_repeat", "result = [tnp.tile(tnp.ones([2]), 2), tnp.tile(tnp.asarray([1, 2]), (2, 1)), "
      "tnp.repeat(tnp.asarray([1, 2]), 2), tnp.repeat(tnp.asarray([[1, 2]]), [1, 2], axis=1)]"),
    T("flip_roll", "x = tnp.reshape(tnp.arange(6), (2, 3))\nresult = [tnp.flip(x), tnp.fliplr(x), tnp.flipud(x), "
      "tnp.roll(x, 1), tnp.roll(x, 1, axis=1)]"),
    T("broadcast", "result = [tnp.broadcast_to(tnp.asarray([1, 2]), (2, 2)), tnp.atleast_2d(3.), tnp.atleast_1d(tnp.ones([]))]"),
    T("sort", "x = tnp.asarray([3, 1, 2])\nresult = [tnp.sort(x), tnp.argsort(x), tnp.sort(tnp.asarray([[3., 1.], [0., 2.]]), "
      "axis=0)]"),
    T("take", "x = tnp.asarray([[1, 2], [3, 4]])\nresult = [tnp.take(x, [0, 3]), tnp.take(x, [1], axis=1), "
      "tnp.take_along_axis(x, tnp.asarray([[1], [0]]), axis=1)]"),
    T("pad", "result = [tnp.pad(tnp.ones([2]), [[1, 1]], 'constant'), tnp.pad(tnp.arange(3), [[1, 2]], 'reflect')]"),
    T("pad_scalar_width", "result = tnp.pad(tnp.ones([2]), 1, 'constant')"),
    T("append_diff", "result = [tnp.append(tnp.ones([2]), [3]), tnp.diff(tnp.asarray([1, 4, 9, 16])), "
      "tnp.diff(tnp.asarray([1, 4, 9, 16]), n=2)]"),
    T("shape_size", "x = tnp.ones([2, 3])\nresult = [tnp.shape(x), tnp.size(x), tnp.ndim(x)]"),
    T("size_axis", "result = tnp.size(tnp.ones([2, 3]), 1)"),
    T("meshgrid", "a, b = tnp.meshgrid(tnp.arange(2), tnp.arange(3))\nresult = [a, b]"),
    # ---- linear algebra ----
    T("dot", "result = [tnp.dot(tnp.ones([2, 3]), tnp.ones([3])), tnp.dot(2, tnp.ones([2])), "
      "tnp.dot(tnp.ones([3]), tnp.arange(3)), tnp.dot(tnp.ones([2, 3]), tnp.ones([3, 2]))]"),
    T("matmul", "result = [tnp.matmul(tf.ones([2, 2], tf.int32), tnp.ones([2, 2])), tnp.matmul(tnp.ones([3]), tnp.ones([3, 2])), "
      "tnp.matmul(tnp.ones([2, 3]), tnp.ones([3])), tnp.matmul(tnp.ones([4, 2, 3]), tnp.ones([3, 1])).shape]"),
    T("outer_inner", "result = [tnp.outer(tnp.ones([2]), tnp.arange(3)), tnp.inner(tnp.ones([3]), tnp.arange(3)), "
      "tnp.vdot(tnp.asarray([1, 2]), tnp.asarray([3, 4]))]"),
    T("einsum", "result = [tnp.einsum('ij,j->i', tnp.ones([2, 3]), tnp.ones([3])), tnp.einsum('ij->ji', tnp.ones([2, 3])).shape, "
      "tnp.tensordot(tnp.ones([2, 3]), tnp.ones([3, 4]), 1).shape]"),
    T("trace_diagonal", "x = tnp.reshape(tnp.arange(9), (3, 3))\nresult = [tnp.trace(x), tnp.diagonal(x), tnp.diagonal(x, 1), "
      "tnp.trace(x, 1)]"),
    # ---- the rest of the surface ----
    T("bitwise", "result = [tnp.bitwise_and(12, 10), tnp.bitwise_or([1, 2], 4), tnp.bitwise_xor(True, [True, False]), "
      "tnp.bitwise_not(tf.constant([0, 5], tf.int32)), tnp.bitwise_not([True])]"),
] + [
    T(f"more_math.{i}", f"x = tnp.asarray([-2.5, -0.0, 0.5, 3.])\nresult = {call}", rtol=1e-6)
    for i, call in enumerate([
        "tnp.fabs(x)", "tnp.fix(x)", "tnp.signbit(x)", "tnp.hypot(3., 4.)", "tnp.logaddexp(x, 1.)",
        "tnp.logaddexp2(x, 1.)", "tnp.float_power(2., 3.)", "tnp.divmod(7, -2)", "tnp.heaviside(x, 0.5)",
        "tnp.sinc(x)", "tnp.angle(tnp.asarray([1 + 1j, -1]))", "tnp.angle(-1.0, deg=True)"])
] + [
    T("inf_checks", "x = tnp.asarray([1., float('inf'), -float('inf')])\nresult = [tnp.isposinf(x), tnp.isneginf(x), "
      "tnp.iscomplex(tnp.asarray([1 + 1j, 2])), tnp.isreal(tnp.asarray([1 + 1j, 2])), "
      "tnp.iscomplexobj(tnp.asarray([1j])), tnp.isrealobj(tnp.ones([1]))]"),
    T("nan_reductions", "x = tnp.asarray([[1., float('nan')], [3., 4.]])\nresult = [tnp.nansum(x), tnp.nanprod(x, axis=0), "
      "tnp.nanmean(x), tnp.nanmean(x, axis=1), tnp.ptp(x[:, :1]), tnp.ptp(tnp.asarray([[1, 5], [2, 3]]), axis=0)]"),
    T("more_shapes", "x = tnp.reshape(tnp.arange(8), (2, 4))\nresult = [tnp.hsplit(x, 2), tnp.vsplit(x, 2), "
      "tnp.flatten(x), tnp.broadcast_arrays(tnp.ones([2, 1]), tnp.arange(3)), tnp.rot90(x), tnp.rot90(x, 2), "
      "tnp.rot90(x, 3), tnp.tril(x), tnp.triu(x, 1), tnp.tril(x, -1)]"),
    T("more_arrays", "result = [tnp.diagflat([1, 2]), tnp.diag_indices(3), tnp.kron(tnp.eye(2), tnp.asarray([[1, 2], [3, 4]])), "
      "tnp.kron([1, 2], [1, 10]), tnp.vander(tnp.asarray([1, 2, 3])), tnp.vander(tnp.asarray([1., 2.]), 3, True), "
      "tnp.compress([True, False, True], tnp.arange(3)), tnp.geomspace(1, 1000, 4)]", rtol=1e-6),
    T("select_polyval", "x = tnp.arange(6)\nresult = [tnp.select([x < 2, x > 4], [x, x ** 2], -1), "
      "tnp.polyval([1, 2, 3], 2), tnp.polyval(tnp.asarray([1., 0., -1.]), tnp.asarray([0.5, 2.])), "
      "tnp.gcd(12, 18), tnp.gcd(tnp.asarray([0, 7, -12]), 8), tnp.lcm(4, 6), tnp.lcm(tnp.asarray([0, 3]), 5)]"),
    T("promote_types", "result = [tnp.promote_types(tnp.int32, tnp.float32), tnp.promote_types('int8', 'uint8'), "
      "tnp.nextafter(tnp.asarray([1.]), 2.)]"),
    T("ix_", "a, b = tnp.ix_(tnp.asarray([0, 1]), tnp.asarray([2, 3, 4]))\nresult = [a, b]"),
    # ---- gradients through tnp ----
    T("grad_model", """
x = tnp.asarray([[1., 2.], [3., -4.]])
w = tnp.asarray([[0.5], [-1.]])
with tf.GradientTape() as t:
    t.watch([x, w])
    y = tnp.sum(tnp.square(tnp.maximum(tnp.matmul(x, w), 0) - 1.))
result = [y, t.gradient(y, [x, w])]
"""),
    T("grad_funcs", """
x = tnp.asarray([0.5, 1.5, 2.5])
with tf.GradientTape() as t:
    t.watch(x)
    y = tnp.mean(tnp.exp(x) * tnp.log1p(x)) + tnp.std(x) + tnp.sum(tnp.clip(x, 1, 2)) + tnp.dot(x, tnp.flip(x))
result = [y, t.gradient(y, x)]
"""),
    T("grad_int_promotion", """
x = tnp.asarray([1., 2., 3.])
with tf.GradientTape() as t:
    t.watch(x)
    y = tnp.sum(tnp.add(x, tnp.arange(3)) * tnp.true_divide(x, 2))
result = [y, t.gradient(y, x)]
"""),
    T("grad_shapes", """
x = tnp.reshape(tnp.arange(6.), (2, 3))
with tf.GradientTape() as t:
    t.watch(x)
    y = tnp.sum(tnp.concatenate([tnp.transpose(x), tnp.tile(x[:, :1], (1, 2)).T], axis=1) ** 2)
    z = tnp.sum(tnp.take(x, [0, 4]) * tnp.asarray([1., 3.]))
result = [y, t.gradient([y, z], x)]
"""),
]

"""tf.math / tf.linalg values, dtypes, errors and special-point gradients, against TF 2.21's
observed behaviour (TF_BEHAVIOUR.md sections 3, 8 and 9, and probes run on the oracle venv)."""
import numpy as np
import pytest

import tapeviz as tf

IAE = tf.errors.InvalidArgumentError
nan, inf = np.nan, np.inf


def check(t, expected, dtype):
    """`t` is a Tensor of `dtype` whose value equals `expected` (nan-aware, shape included)."""
    assert type(t) is tf.Tensor, type(t)
    assert t.dtype == dtype, (t.dtype, dtype)
    got = np.asarray(t.numpy())
    want = np.asarray(expected, dtype=got.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    np.testing.assert_allclose(got.astype(np.float64) if got.dtype.kind == "c" else got, want,
                               rtol=1e-6, atol=0, equal_nan=True)


def grad(fn, xs, dtype=tf.float32):
    x = tf.constant(xs, dtype=dtype)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    return tape.gradient(y, x)


# ---- dtype rules ---------------------------------------------------------------------------------
def test_add_python_values_take_the_tensor_dtype():
    check(tf.add(1, 2), 3, tf.int32)
    check(tf.add(1.0, 2), 3.0, tf.float32)
    check(tf.add([1, 2], [3, 4]), [4, 6], tf.int32)
    check(tf.add(np.array([1.0]), 1), [2.0], tf.float64)
    check(tf.add(tf.constant([1.0]), np.array([1.0])), [2.0], tf.float32)


def test_add_mismatch_is_invalid_argument_but_subtract_is_type_error():
    with pytest.raises(IAE, match=r"cannot compute AddV2 as input #1\(zero-based\) was expected to be a "
                                  r"int32 tensor but is a float tensor \[Op:AddV2\]"):
        tf.add(1, 2.0)
    with pytest.raises(IAE, match="was expected to be a double tensor but is a float tensor"):
        tf.add(np.array([1.0]), tf.constant([1.0]))
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
        tf.subtract(tf.constant([1, 2]), 1.5)
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
        tf.multiply(tf.constant([1, 2]), 1.5)
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
        tf.maximum(1.5, tf.constant([1, 2]))


def test_bool_is_not_arithmetic():
    b = tf.constant([True, False])
    with pytest.raises(IAE, match="Value for attr 'T' of bool is not in the list of allowed values"):
        tf.add(b, b)
    with pytest.raises(IAE, match="Value for attr 'T' of bool"):
        tf.multiply(b, b)
    with pytest.raises(IAE, match="Value for attr 'T' of bool"):
        tf.reduce_sum(b)
    with pytest.raises(IAE, match="Value for attr 'T' of bool"):
        tf.reduce_mean(b)


def test_float_only_ops_reject_ints():
    for fn in (tf.exp, tf.math.log, tf.sqrt, tf.sigmoid, tf.tanh, tf.math.rsqrt, tf.sin):
        with pytest.raises(IAE, match="Value for attr 'T' of int32 is not in the list of allowed values"):
            fn(tf.constant([1, 2]))
    check(tf.exp(1.0), np.float32(np.e), tf.float32)
    with pytest.raises(IAE, match="of int32"):
        tf.math.erf(tf.constant([1]))


def test_integer_preserving_ops():
    i = tf.constant([-3, 0, 2])
    check(tf.square(i), [9, 0, 4], tf.int32)
    check(tf.abs(i), [3, 0, 2], tf.int32)
    check(tf.sign(i), [-1, 0, 1], tf.int32)
    check(tf.round(i), [-3, 0, 2], tf.int32)
    check(tf.pow(2, 3), 8, tf.int32)
    check(tf.maximum(i, 1), [1, 1, 2], tf.int32)
    with pytest.raises(IAE, match="of uint8"):
        tf.negative(tf.constant([1], tf.uint8))


def test_python_ints_wrap_into_int_tensors():
    check(tf.constant([1, 2]) + 2 ** 40, [1, 2], tf.int32)
    check(tf.constant([1], tf.uint8) + 300, [45], tf.uint8)
    check(tf.constant([1, 2]) + 2 ** 31, [-2147483647, -2147483646], tf.int32)


# ---- division ------------------------------------------------------------------------------------
def test_truediv_promotes_ints():
    check(tf.divide(tf.constant([1, 2]), tf.constant([2, 2])), [0.5, 1.0], tf.float64)
    check(tf.math.truediv(7, 2), 3.5, tf.float64)
    check(tf.constant([1], tf.int8) / tf.constant([2], tf.int8), [0.5], tf.float32)
    check(tf.constant([1], tf.uint8) / 2, [0.5], tf.float32)
    check(tf.constant([1.0], tf.float16) / 2, [0.5], tf.float16)
    check(tf.constant([1, 2]) / 0, [inf, inf], tf.float64)
    check(tf.constant([1.0, -1.0, 0.0]) / 0.0, [inf, -inf, nan], tf.float32)


def test_truediv_dtype_errors():
    with pytest.raises(TypeError, match=r"^`x` and `y` must have the same dtype, got tf.int32 != tf.float32.$"):
        tf.divide(tf.constant([1]), 1.5)
    with pytest.raises(TypeError, match="got tf.float32 != tf.float64"):
        tf.divide(tf.constant([1.0]), tf.constant([1.0], tf.float64))
    with pytest.raises(TypeError, match=r"Invalid dtype tf.bool in __truediv__. Expected one of \{tf.uint8"):
        tf.math.truediv(tf.constant([True]), tf.constant([True]))


def test_floordiv_and_mod():
    check(tf.math.floordiv(tf.constant([7, -7]), 2), [3, -4], tf.int32)
    check(tf.math.floordiv(-7.5, 2.0), -4.0, tf.float32)
    check(tf.math.floormod(tf.constant([-7]), 3), [2], tf.int32)
    check(tf.math.floormod(-7.5, 2.0), 0.5, tf.float32)
    check(tf.math.floormod(7.5, -2.0), -0.5, tf.float32)
    check(tf.math.floormod(7.0, 0.0), nan, tf.float32)
    check(tf.constant(7.0) // 0.0, inf, tf.float32)
    with pytest.raises(IAE, match=r"Integer division by zero \[Op:FloorDiv\]"):
        tf.math.floordiv(tf.constant([1]), 0)
    with pytest.raises(IAE, match=r"Integer division by zero \[Op:FloorMod\]"):
        tf.math.floormod(7, 0)
    assert tf.math.mod is tf.math.floormod


def test_pow():
    with pytest.raises(IAE, match=r"Integers to negative integer powers are not allowed \[Op:Pow\]"):
        tf.pow(tf.constant([1, 2]), -1)
    with pytest.raises(TypeError, match="Cannot convert 0.5 to EagerTensor of dtype int32"):
        tf.pow(2, 0.5)
    check(tf.pow(-8.0, 1 / 3), nan, tf.float32)
    check(tf.pow(0.0, 0.0), 1.0, tf.float32)
    check(tf.pow(0, 2), 0, tf.int32)


def test_divide_and_multiply_no_nan():
    check(tf.math.divide_no_nan(1, 0), 0.0, tf.float64)
    check(tf.math.divide_no_nan(tf.constant([1.0, 2.0]), 0.0), [0.0, 0.0], tf.float32)
    check(tf.math.multiply_no_nan(tf.constant([inf, nan, 2.0]), tf.constant([0.0, 0.0, 3.0])), [0, 0, 6], tf.float32)
    check(tf.math.xlogy(0.0, 0.0), 0.0, tf.float32)
    check(tf.math.xdivy(0.0, 0.0), 0.0, tf.float32)


# ---- elementwise values --------------------------------------------------------------------------
def test_special_values():
    check(tf.exp(100.0), inf, tf.float32)
    check(tf.math.log([1.0, np.e, 0.0, -1.0]), [0.0, 1.0, -inf, nan], tf.float32)
    check(tf.sqrt([4.0, 0.0, -1.0]), [2.0, 0.0, nan], tf.float32)
    check(tf.sigmoid([-100.0, 0.0, 100.0]), [0.0, 0.5, 1.0], tf.float32)
    check(tf.sigmoid(-20.0), 2.0611537e-09, tf.float32)
    check(tf.math.softplus([0.0, 100.0, -100.0]), [np.log(2), 100.0, 0.0], tf.float32)
    check(tf.math.erf([0.5, -3.0]), [0.5204999, -0.999978], tf.float32)
    check(tf.math.erfc(tf.constant([0.0, 1.0], tf.float64)), [1.0, 0.157299207050285], tf.float64)
    check(tf.sign([nan, -0.0, -2.0]), [nan, 0.0, -1.0], tf.float32)
    check(tf.maximum([nan, 1.0], [1.0, nan]), [nan, nan], tf.float32)


def test_rounding():
    check(tf.round([0.5, 1.5, 2.5, -0.5]), [0.0, 2.0, 2.0, -0.0], tf.float32)
    assert np.signbit(tf.round(-0.5).numpy())
    check(tf.math.rint([0.5, 1.5]), [0.0, 2.0], tf.float32)
    check(tf.floor([1.5, -1.5]), [1.0, -2.0], tf.float32)
    check(tf.math.ceil([1.5, -1.5]), [2.0, -1.0], tf.float32)
    with pytest.raises(IAE, match="of int32"):
        tf.floor(tf.constant([1]))


def test_scalar_shapes():
    check(tf.sin(0.0), 0.0, tf.float32)
    check(tf.maximum(1.0, [0.0, 2.0]), [1.0, 2.0], tf.float32)
    check(tf.reduce_sum(3.0), 3.0, tf.float32)
    assert tf.reduce_sum(3.0).shape == ()


def test_broadcast_failure():
    with pytest.raises(IAE, match=r"Incompatible shapes: \[2\] vs. \[3\] \[Op:Minimum\]"):
        tf.minimum(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0, 3.0]))
    with pytest.raises(IAE, match=r"Incompatible shapes: \[2\] vs. \[3\] \[Op:AddV2\]"):
        tf.add(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0, 3.0]))


def test_clip_by_value():
    check(tf.clip_by_value([-1.0, 0.5, 2.0], 0.0, 1.0), [0.0, 0.5, 1.0], tf.float32)
    check(tf.clip_by_value(tf.constant([1, 5]), 0, 1), [1, 1], tf.int32)
    check(tf.clip_by_value([1.0, 2.0], 2.0, 1.0), [2.0, 2.0], tf.float32)
    with pytest.raises(TypeError, match="Cannot convert 3.0 to EagerTensor of dtype int32"):
        tf.clip_by_value(tf.constant([1, 5]), 0.0, 3.0)


def test_cast():
    check(tf.cast([1.7, -1.7, 2.5], tf.int32), [1, -1, 2], tf.int32)
    check(tf.cast([nan, inf, -inf, 3e9], tf.int32), [-2 ** 31] * 4, tf.int32)
    check(tf.cast([inf, -1.0, 300.0, 2.7], tf.uint8), [0, 255, 44, 2], tf.uint8)
    check(tf.cast(tf.constant([300]), tf.uint8), [44], tf.uint8)
    check(tf.cast([True, False], tf.float32), [1.0, 0.0], tf.float32)
    check(tf.cast([0.0, 0.5], tf.bool), [False, True], tf.bool)
    check(tf.cast(1.0, "float64"), 1.0, tf.float64)
    check(tf.cast(0.1, tf.float64), 0.10000000149011612, tf.float64)
    check(tf.cast(1.7, tf.int32), 1, tf.int32)
    check(tf.cast(tf.constant([1 + 2j], tf.complex64), tf.float32), [1.0], tf.float32)
    t = tf.constant([1.0])
    assert tf.cast(t, tf.float32) is t
    v = tf.Variable(1.0)
    assert tf.cast(v, tf.float32) is v
    assert type(tf.cast(v, tf.float64)) is tf.Tensor
    with pytest.raises(tf.errors.UnimplementedError, match="Cast string to float is not supported"):
        tf.cast(tf.constant(["1"]), tf.float32)
    check(tf.saturate_cast([300.0, -5.0], tf.uint8), [255, 0], tf.uint8)


def test_complex_parts():
    f = tf.constant([1.0, 2.0])
    assert tf.math.real(f) is f
    assert tf.math.conj(f) is f
    check(tf.math.imag(f), [0.0, 0.0], tf.float32)
    z = tf.complex(tf.constant([1.0]), tf.constant([2.0]))
    assert z.dtype == tf.complex64
    check(tf.math.imag(z), [2.0], tf.float32)
    assert tf.math.conj(z).numpy()[0] == 1 - 2j
    with pytest.raises(TypeError, match="Expected numeric or variant tensor, got dtype tf.string."):
        tf.math.conj(tf.constant("a"))


def test_comparisons_and_logic():
    f = tf.constant([1.0, 2.0])
    check(tf.equal(f, 1), [True, False], tf.bool)
    check(tf.math.is_nan([nan, 1.0]), [True, False], tf.bool)
    check(tf.math.is_finite([inf, 1.0]), [False, True], tf.bool)
    with pytest.raises(IAE, match=r"Incompatible shapes: \[2\] vs. \[3\] \[Op:Equal\]"):
        tf.equal(f, [1.0, 2.0, 3.0])
    with pytest.raises(IAE, match="cannot compute Equal as input #1"):
        tf.equal(f, tf.constant([1, 2]))
    with pytest.raises(IAE, match="of complex128"):
        tf.less(tf.constant([1j]), 1)
    b = tf.constant([True, False])
    check(tf.logical_and(b, True), [True, False], tf.bool)
    check(tf.math.logical_xor(b, tf.constant([True, True])), [False, True], tf.bool)
    with pytest.raises(IAE, match=r"cannot compute LogicalAnd as input #0\(zero-based\) was expected to be a "
                                  r"bool tensor but is a int32 tensor"):
        tf.logical_and(tf.constant([1]), tf.constant([1]))
    check(tf.bitwise.bitwise_and(tf.constant([3]), 1), [1], tf.int32)


def test_add_n_and_scalar_mul():
    f = tf.constant([1.0, 2.0])
    check(tf.add_n([f, f, [1.0, 1.0]]), [3.0, 5.0], tf.float32)
    check(tf.add_n([1, 2]), 3, tf.int32)
    with pytest.raises(IAE, match="cannot compute AddN as input #1"):
        tf.add_n([f, tf.constant([1, 2])])
    with pytest.raises(IAE, match=r"Inputs to operation AddN of type AddN must have the same size and shape.  "
                                  r"Input 0: \[2\] != input 1: \[3\]"):
        tf.add_n([f, tf.ones(3)])
    with pytest.raises(ValueError, match="at least one Tensor"):
        tf.add_n([])
    check(tf.math.scalar_mul(2, f), [2.0, 4.0], tf.float32)
    with pytest.raises(ValueError, match=r"The input scalar must be a 0-D value. Received shape \(2,\)."):
        tf.math.scalar_mul(f, f)


# ---- reductions ----------------------------------------------------------------------------------
A = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


def test_reductions_axis_and_keepdims():
    check(tf.reduce_sum(A, axis=0), [5.0, 7.0, 9.0], tf.float32)
    check(tf.reduce_sum(A, axis=-1), [6.0, 15.0], tf.float32)
    check(tf.reduce_sum(A, axis=1, keepdims=True), [[6.0], [15.0]], tf.float32)
    check(tf.reduce_sum(A, axis=[0, 1]), 21.0, tf.float32)
    check(tf.reduce_sum(A, axis=tf.constant(1)), [6.0, 15.0], tf.float32)
    check(tf.reduce_mean(A, axis=0), [2.5, 3.5, 4.5], tf.float32)
    check(tf.reduce_max(A, axis=1), [3.0, 6.0], tf.float32)
    check(tf.reduce_min(A), 1.0, tf.float32)
    check(tf.reduce_prod(A), 720.0, tf.float32)
    check(tf.math.reduce_std(A), 1.7078251838684082, tf.float32)
    check(tf.math.reduce_variance(A), 2.9166667461395264, tf.float32)
    check(tf.math.reduce_euclidean_norm([3.0, 4.0]), 5.0, tf.float32)
    check(tf.math.reduce_euclidean_norm(tf.constant([3, 4])), 5, tf.int32)


def test_reduction_int_and_empty_semantics():
    check(tf.reduce_mean([1, 2]), 1, tf.int32)
    check(tf.reduce_mean([-1, -2]), -1, tf.int32)
    check(tf.reduce_mean([[1, 2], [3, 5]], axis=1), [1, 4], tf.int32)
    check(tf.reduce_mean(tf.zeros([0], tf.int32)), 0, tf.int32)
    check(tf.reduce_sum(tf.zeros([0])), 0.0, tf.float32)
    check(tf.reduce_mean(tf.zeros([0])), nan, tf.float32)
    check(tf.reduce_max(tf.zeros([0])), -inf, tf.float32)
    check(tf.reduce_min(tf.zeros([0])), inf, tf.float32)
    check(tf.reduce_max(tf.zeros([0], tf.int32)), -2 ** 31, tf.int32)
    check(tf.reduce_prod(tf.zeros([0])), 1.0, tf.float32)
    check(tf.reduce_max([1.0, nan, 2.0]), nan, tf.float32)


def test_reduction_errors():
    with pytest.raises(IAE, match=r"Invalid reduction dimension \(2 for input with 2 dimension\(s\) \[Op:Sum\]"):
        tf.reduce_sum(A, axis=2)
    with pytest.raises(IAE, match=r"Invalid reduction dimension \(-3 for input with 2 dimension\(s\) \[Op:Mean\]"):
        tf.reduce_mean(A, axis=-3)
    with pytest.raises(IAE, match=r"\(0 for input with 0 dimension\(s\)"):
        tf.reduce_sum(1.0, axis=0)
    with pytest.raises(IAE, match="Axes contains duplicate dimension: 0"):
        tf.reduce_sum(A, axis=[0, 0])
    with pytest.raises(TypeError, match="Cannot convert 0.5 to EagerTensor of dtype int32"):
        tf.reduce_sum(A, axis=0.5)
    with pytest.raises(TypeError, match="Input must be either real or complex. Received integer type"):
        tf.math.reduce_variance([1, 2])


def test_bool_reductions():
    check(tf.reduce_all([True, False]), False, tf.bool)
    check(tf.reduce_any([[True, False]], axis=1), [True], tf.bool)
    with pytest.raises(TypeError, match=r"Cannot convert \[1.0\] to EagerTensor of dtype bool"):
        tf.reduce_all([1.0])
    with pytest.raises(IAE, match=r"Invalid reduction dimension \(2 for input with 1 dimension\(s\) \[Op:All\]"):
        tf.reduce_all([True], axis=2)


def test_logsumexp_is_stable():
    check(tf.reduce_logsumexp([1000.0, 1000.0]), 1000.6931762695312, tf.float32)
    check(tf.reduce_logsumexp([-inf, -inf]), -inf, tf.float32)
    check(tf.reduce_logsumexp([inf, 1.0]), inf, tf.float32)
    out = tf.reduce_logsumexp([[1.0, 2.0], [3.0, 4.0]], axis=1, keepdims=True)
    check(out, [[2.3132617], [4.3132615]], tf.float32)
    with pytest.raises(IAE, match="of int32"):
        tf.reduce_logsumexp([1, 2])


def test_count_nonzero():
    check(tf.math.count_nonzero([0.0, 1.0, 2.0]), 2, tf.int64)
    check(tf.math.count_nonzero([[0, 1], [2, 3]], axis=1), [1, 2], tf.int64)
    check(tf.math.count_nonzero([[0.0, 1.0]], axis=1, keepdims=True, dtype=tf.int32), [[1]], tf.int32)


def test_argmax_argmin():
    check(tf.argmax(A), [1, 1, 1], tf.int64)
    check(tf.argmax(A, axis=1), [2, 2], tf.int64)
    check(tf.argmax([1.0, 3.0, 3.0]), 1, tf.int64)
    check(tf.argmax(A, axis=1, output_type=tf.int32), [2, 2], tf.int32)
    check(tf.argmin(A, axis=1), [0, 0], tf.int64)
    check(tf.argmax([True, False]), 0, tf.int64)
    with pytest.raises(IAE, match=r"Expected dimension in the range \[-2, 2\), but got 5 \[Op:ArgMax\]"):
        tf.argmax([[1.0]], axis=5)
    with pytest.raises(IAE, match=r"Expected dimension in the range \[0, 0\), but got 0"):
        tf.argmax(1.0)
    with pytest.raises(IAE, match=r"Reduction axis 0 is empty in shape \[0\]"):
        tf.argmax(tf.zeros([0]))
    with pytest.raises(IAE, match="Value for attr 'output_type' of float"):
        tf.argmax([1.0], output_type=tf.float32)


def test_cumsum_cumprod():
    check(tf.cumsum([1, 2, 3]), [1, 3, 6], tf.int32)
    check(tf.cumsum([1, 2, 3], exclusive=True, reverse=True), [5, 3, 0], tf.int32)
    check(tf.cumsum([[1, 2], [3, 4]], axis=1), [[1, 3], [3, 7]], tf.int32)
    check(tf.math.cumprod([1.0, 2.0, 3.0], exclusive=True), [1.0, 1.0, 2.0], tf.float32)
    with pytest.raises(IAE, match=r"ScanOp: Expected scan axis in the range \[-1, 1\), but got 1"):
        tf.cumsum([1, 2], axis=1)
    with pytest.raises(IAE, match="of bool"):
        tf.cumsum([True])


# ---- linalg --------------------------------------------------------------------------------------
def test_matmul_values_and_shapes():
    a = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    check(tf.matmul(a, a, transpose_b=True), [[14.0, 32.0], [32.0, 77.0]], tf.float32)
    check(tf.matmul(a, a, transpose_a=True)[0], [17.0, 22.0, 27.0], tf.float32)
    check(tf.matmul([[1, 2]], [[3], [4]]), [[11]], tf.int32)
    check(tf.matmul([[1.0, 2.0]], [[3.0], [4.0]]), [[11.0]], tf.float32)
    assert tf.matmul(tf.zeros((2, 2, 3)), tf.zeros((3, 1))).shape == (2, 2, 1)
    assert tf.matmul(tf.zeros((2, 3)), tf.zeros((2, 3, 1))).shape == (2, 2, 1)
    assert tf.linalg.matmul is tf.matmul


def test_matmul_errors():
    z = tf.zeros
    with pytest.raises(IAE, match=r"In\[0\] and In\[1\] ndims must be == 2: 1 \[Op:MatMul\]"):
        tf.matmul(z(2), z(2))
    with pytest.raises(IAE, match=r"In\[0\] and In\[1\] has different ndims: \[2\] vs. \[2,1\]"):
        tf.matmul(z(2), z((2, 1)))
    with pytest.raises(IAE, match=r"Matrix size-incompatible: In\[0\]: \[2,3\], In\[1\]: \[2,3\] \[Op:MatMul\]"):
        tf.matmul(z((2, 3)), z((2, 3)))
    with pytest.raises(IAE, match=r"In\[0\] and In\[1\] must have compatible batch dimensions: "
                                  r"\[2,2,3\] vs. \[3,3,1\]"):
        tf.matmul(z((2, 2, 3)), z((3, 3, 1)))
    with pytest.raises(IAE, match=r"In\[1\] ndims must be >= 2: 1 \[Op:BatchMatMulV2\]"):
        tf.matmul(z((2, 2, 3)), z(3))
    with pytest.raises(IAE, match="cannot compute MatMul as input #1"):
        tf.matmul(tf.ones((1, 1)), tf.ones((1, 1), tf.float64))
    with pytest.raises(IAE, match="of bool"):
        tf.matmul(tf.constant([[True]]), tf.constant([[True]]))
    with pytest.raises(ValueError, match="Only one of `transpose_a` and `adjoint_a` can be True"):
        tf.matmul(z((2, 2)), z((2, 2)), transpose_a=True, adjoint_a=True)


def test_tensordot_einsum_matvec():
    check(tf.tensordot([1.0, 2.0], [3.0, 4.0], axes=1), 11.0, tf.float32)
    check(tf.tensordot([1.0, 2.0], [3.0, 4.0], axes=0), [[3.0, 4.0], [6.0, 8.0]], tf.float32)
    assert tf.tensordot(tf.zeros((2, 3, 4)), tf.zeros((4, 3, 5)), axes=[[1, 2], [1, 0]]).shape == (2, 5)
    check(tf.tensordot([[1, 2]], [[3], [4]], axes=1), [[11]], tf.int32)
    assert tf.einsum("ij,jk->ik", tf.ones((2, 3)), tf.ones((3, 4))).shape == (2, 4)
    assert tf.einsum("...ij,...jk", tf.ones((5, 2, 3)), tf.ones((5, 3, 4))).shape == (5, 2, 4)
    with pytest.raises(IAE, match="cannot compute Einsum as input #1"):
        tf.einsum("i,i->", tf.constant([1, 2]), tf.constant([3.0, 4.0]))
    with pytest.raises(IAE, match=r"Expected dimension 3 at axis 0 of the input shaped \[2,4\] but got dimension 2"):
        tf.einsum("ij,jk->ik", tf.ones((2, 3)), tf.ones((2, 4)))
    check(tf.linalg.matvec([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0]), [3.0, 7.0], tf.float32)


def test_norms():
    check(tf.norm([3.0, 4.0]), 5.0, tf.float32)
    check(tf.norm([[3.0, 4.0], [6.0, 8.0]], axis=1), [5.0, 10.0], tf.float32)
    check(tf.norm([3.0, -4.0], ord=1), 7.0, tf.float32)
    check(tf.norm([3.0, -4.0], ord=np.inf), 4.0, tf.float32)
    check(tf.norm([3.0, -4.0], ord=3), 4.497941493988037, tf.float32)
    check(tf.norm([[3.0, -4.0]], ord="fro", axis=[0, 1]), 5.0, tf.float32)
    check(tf.norm([[1.0, -2.0], [3.0, 4.0]], ord=1, axis=[0, 1]), 6.0, tf.float32)
    check(tf.norm([[1.0, -2.0], [3.0, 4.0]], ord=np.inf, axis=[0, 1]), 7.0, tf.float32)
    check(tf.norm([[3.0, -4.0]], keepdims=True), [[5.0]], tf.float32)
    assert tf.linalg.norm is tf.norm
    with pytest.raises(ValueError, match="'ord' must be a supported vector norm, got fro"):
        tf.norm([[3.0]], ord="fro")
    with pytest.raises(ValueError, match="'ord' must be a supported vector norm, got 0"):
        tf.norm([3.0], ord=0)
    with pytest.raises(ValueError, match="'axis' must be None, an integer, or a tuple of 2 unique integers"):
        tf.norm(tf.zeros((2, 2, 2)), axis=[0, 1, 2])
    with pytest.raises(IAE, match="of int32"):
        tf.norm([3, 4])


def test_normalize_and_clip_by_norm():
    check(tf.math.l2_normalize([3.0, 4.0]), [0.6, 0.8], tf.float32)
    check(tf.math.l2_normalize([0.0, 0.0]), [0.0, 0.0], tf.float32)
    check(tf.clip_by_norm([3.0, 4.0], 1.0), [0.6, 0.8], tf.float32)
    check(tf.clip_by_norm([0.0, 0.0], 1.0), [0.0, 0.0], tf.float32)
    check(tf.linalg.global_norm([tf.constant([1.0, 2.0]), [3.0]]), 3.7416574954986572, tf.float32)
    clipped, norm = tf.clip_by_global_norm([tf.constant([1.0, 2.0]), None, [3.0]], 1.0)
    assert clipped[1] is None
    check(clipped[0], [0.26726124, 0.5345225], tf.float32)
    check(clipped[2], [0.8017837], tf.float32)
    check(norm, 3.7416574954986572, tf.float32)


def test_inv_det_trace_diag():
    check(tf.linalg.det([[1.0, 2.0], [3.0, 4.0]]), -2.0, tf.float32)
    check(tf.linalg.inv([[2.0, 0.0], [0.0, 4.0]]), [[0.5, 0.0], [0.0, 0.25]], tf.float32)
    check(tf.linalg.trace([[1.0, 2.0], [3.0, 4.0]]), 5.0, tf.float32)
    check(tf.linalg.diag_part([[1.0, 2.0, 3.0], [3.0, 4.0, 5.0]]), [1.0, 4.0], tf.float32)
    check(tf.linalg.diag([1.0, 2.0]), [[1.0, 0.0], [0.0, 2.0]], tf.float32)
    assert tf.linalg.matrix_transpose(tf.zeros((2, 3, 4))).shape == (2, 4, 3)
    with pytest.raises(IAE, match=r"Input is not invertible. \[Op:MatrixInverse\]"):
        tf.linalg.inv([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(IAE, match=r"Input matrix must be square. \[Op:MatrixInverse\]"):
        tf.linalg.inv([[1.0, 2.0, 3.0]])
    with pytest.raises(IAE, match=r"Input matrix must be square. \[Op:MatrixDeterminant\]"):
        tf.linalg.det([[1.0, 2.0, 3.0]])
    with pytest.raises(IAE, match="of int32"):
        tf.linalg.inv(tf.constant([[1, 2], [3, 4]]))
    with pytest.raises(ValueError, match="should be a \\(batch\\) matrix with rank >= 2"):
        tf.linalg.matrix_transpose(tf.zeros((2,)))


def test_aliases():
    assert tf.math.sigmoid is tf.nn.sigmoid
    assert tf.math.multiply is tf.multiply
    assert tf.math.reduce_sum is tf.reduce_sum
    assert tf.math.exp is tf.exp
    assert tf.math.square is tf.square
    assert tf.math.softplus is tf.nn.softplus
    assert not hasattr(tf, "log")


# ---- gradients at special points (TF_BEHAVIOUR.md section 9) ------------------------------------
def test_sqrt_abs_pow_special_gradients():
    check(grad(tf.sqrt, [0.0, 4.0]), [inf, 0.25], tf.float32)
    check(grad(tf.sqrt, [-1.0]), [nan], tf.float32)
    check(grad(lambda x: x ** 0.5, [0.0]), [inf], tf.float32)
    check(grad(lambda x: tf.pow(x, 2.0), [0.0, -3.0]), [0.0, -6.0], tf.float32)
    check(grad(lambda x: tf.pow(x, 0.0), [0.0]), [nan], tf.float32)
    y = tf.constant([2.0, 2.0, 2.0])
    xs = tf.constant([0.0, -2.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(y)
        out = tf.pow(xs, y)
    check(tape.gradient(out, y), [0.0, 0.0, 2.7725887], tf.float32)
    check(grad(tf.abs, [-2.0, 0.0, 3.0]), [-1.0, 0.0, 1.0], tf.float32)
    check(grad(tf.sign, [-1.0, 0.0]), [0.0, 0.0], tf.float32)


def test_maximum_minimum_ties_go_to_first_argument():
    check(grad(lambda x: tf.maximum(x, 0.0), [-1.0, 0.0, 2.0]), [0.0, 1.0, 1.0], tf.float32)
    check(grad(lambda x: tf.minimum(x, 0.0), [-1.0, 0.0, 2.0]), [1.0, 1.0, 0.0], tf.float32)
    a, b = tf.constant(1.0), tf.constant(1.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([a, b])
        y1, y2 = tf.maximum(a, b), tf.minimum(a, b)
    assert [float(g) for g in tape.gradient(y1, [a, b])] == [1.0, 0.0]
    assert [float(g) for g in tape.gradient(y2, [a, b])] == [1.0, 0.0]


def test_reduce_max_ties_split_and_prod_zeros():
    check(grad(tf.reduce_max, [1.0, 3.0, 3.0]), [0.0, 0.5, 0.5], tf.float32)
    check(grad(tf.reduce_max, [2.0, 2.0, 2.0]), [1 / 3] * 3, tf.float32)
    check(grad(tf.reduce_min, [1.0, 1.0, 3.0]), [0.5, 0.5, 0.0], tf.float32)
    check(grad(lambda x: tf.reduce_max(x, axis=1), [[1.0, 1.0], [0.0, 2.0]]), [[0.5, 0.5], [0.0, 1.0]], tf.float32)
    check(grad(tf.reduce_prod, [0.0, 2.0, 3.0]), [6.0, 0.0, 0.0], tf.float32)
    check(grad(tf.reduce_prod, [0.0, 0.0, 3.0]), [0.0, 0.0, 0.0], tf.float32)
    check(grad(tf.math.cumprod, [0.0, 2.0, 3.0]), [0.0, 0.0, 0.0], tf.float32)
    check(grad(tf.reduce_mean, [1.0, 2.0, 3.0, 4.0]), [0.25] * 4, tf.float32)


def test_clip_by_value_bounds():
    g = grad(lambda x: tf.clip_by_value(x, 0.0, 1.0), [-1.0, 0.0, 0.5, 1.0, 2.0])
    check(g, [0.0, 1.0, 1.0, 1.0, 0.0], tf.float32)


def test_log_division_and_norm_at_zero():
    check(grad(tf.math.log, [0.0, 1.0]), [inf, 1.0], tf.float32)
    check(grad(lambda x: 1.0 / x, [0.0]), [-inf], tf.float32)
    check(grad(lambda x: x / x, [0.0]), [nan], tf.float32)
    check(grad(lambda x: tf.math.divide_no_nan(1.0, x), [0.0, 2.0]), [0.0, -0.25], tf.float32)
    check(grad(tf.norm, [0.0, 0.0]), [nan, nan], tf.float32)
    check(grad(tf.norm, [3.0, 4.0]), [0.6, 0.8], tf.float32)
    check(grad(tf.math.reduce_euclidean_norm, [0.0, 0.0]), [nan, nan], tf.float32)
    check(grad(tf.math.l2_normalize, [0.0, 0.0]), [1e6, 1e6], tf.float32)
    check(grad(lambda x: tf.clip_by_norm(x, 1.0), [0.0, 0.0]), [1.0, 1.0], tf.float32)
    check(grad(lambda x: tf.math.rsqrt(x), [0.0]), [-inf], tf.float32)
    check(grad(lambda x: tf.math.reciprocal(x), [0.0]), [-inf], tf.float32)


def test_saturating_functions():
    check(grad(tf.sigmoid, [0.0, 100.0, -100.0]), [0.25, 0.0, 0.0], tf.float32)
    check(grad(tf.tanh, [0.0, 20.0]), [1.0, 0.0], tf.float32)
    check(grad(tf.math.softplus, [100.0, -100.0, 0.0]), [1.0, 0.0, 0.5], tf.float32)
    check(grad(tf.exp, [0.0, 1.0]), [1.0, np.e], tf.float32)
    check(grad(tf.math.erf, [0.0, 1.0]), [1.1283792, 0.41510752], tf.float32)
    check(grad(tf.reduce_logsumexp, [1000.0, 1000.0]), [0.5, 0.5], tf.float32)


def _where_grad(fn, xs):
    return grad(lambda x: tf.where(x > 0, fn(x), 0.0), xs)


def test_where_with_bad_unselected_branch():
    # sqrt, rsqrt and reciprocal kernels give 0 where the upstream gradient is 0 ...
    check(_where_grad(tf.sqrt, [0.0, 4.0]), [0.0, 0.25], tf.float32)
    check(_where_grad(tf.sqrt, [0.0, -1.0]), [0.0, 0.0], tf.float32)
    check(_where_grad(tf.math.rsqrt, [0.0, -1.0, 1.0]), [0.0, 0.0, -0.5], tf.float32)
    check(_where_grad(tf.math.reciprocal, [0.0, 1.0]), [0.0, -1.0], tf.float32)
    # ... but log, division and pow give nan (0 * inf); sigmoid of nan stays nan
    check(grad(lambda x: tf.where(x != 0, 1.0 / x, 0.0), [0.0, 2.0]), [nan, -0.25], tf.float32)
    check(_where_grad(lambda x: x ** 0.5, [0.0, -1.0]), [nan, nan], tf.float32)
    g = _where_grad(tf.math.log, [-1.0, 1.0])
    check(g, [-0.0, 1.0], tf.float32)
    assert np.signbit(g.numpy()[0])
    check(_where_grad(tf.sigmoid, [nan, 1.0]), [nan, 0.19661193], tf.float32)


def test_non_differentiable_ops_give_none():
    for fn in (tf.round, tf.floor, tf.math.ceil, lambda x: x // 3.0,
               lambda x: tf.cast(tf.argmax(x), tf.float32),
               lambda x: tf.cast(tf.cast(x, tf.int32), tf.float32),
               lambda x: tf.cast(tf.equal(x, 1.0), tf.float32)):
        assert grad(fn, [1.5, 2.5]) is None
    check(grad(lambda x: x % 3.0, [4.0]), [1.0], tf.float32)


def test_cast_gradient_has_source_dtype():
    g = grad(lambda x: tf.cast(x, tf.float64) * 2.0, [1.0])
    check(g, [2.0], tf.float32)
    g = grad(lambda x: tf.cast(x, tf.float32) * 2.0, [1.0], dtype=tf.float64)
    check(g, [2.0], tf.float64)


def test_linalg_gradients():
    check(grad(lambda x: tf.matmul(x, x), [[1.0, 2.0], [3.0, 4.0]]), [[7.0, 11.0], [9.0, 13.0]], tf.float32)
    check(grad(tf.linalg.det, [[1.0, 2.0], [3.0, 4.0]]), [[4.0, -3.0], [-2.0, 1.0]], tf.float32)
    check(grad(tf.linalg.trace, [[1.0, 2.0], [3.0, 4.0]]), [[1.0, 0.0], [0.0, 1.0]], tf.float32)


def test_second_order_through_grad_kernels():
    x = tf.constant(4.0)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.sqrt(x)
        dy = inner.gradient(y, x)
    check(dy, 0.25, tf.float32)
    check(outer.gradient(dy, x), -1 / 32, tf.float32)


def test_python_int_into_float_only_op_raises():
    with pytest.raises(IAE, match="of int32"):
        tf.exp(1)
    with pytest.raises(IAE, match="of int32"):
        tf.linalg.inv([[1, 2], [3, 4]])

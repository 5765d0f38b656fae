"""tf.nn ops against TensorFlow 2.21's observed values, gradients at special points and errors."""
import numpy as np
import pytest

import tapeviz as tf
from tests.ops.gradcheck import grad

IAE = tf.errors.InvalidArgumentError


def close(t, expected, dtype=tf.float32, rtol=1e-6):
    assert isinstance(t, tf.Tensor)
    assert t.dtype == dtype, t.dtype
    np.testing.assert_allclose(t.numpy(), np.asarray(expected), rtol=rtol, atol=1e-7)


def test_aliases():
    assert tf.nn.sigmoid is tf.math.sigmoid and tf.nn.tanh is tf.math.tanh
    assert tf.math.softmax is tf.nn.softmax and tf.math.log_softmax is tf.nn.log_softmax
    assert tf.nn.swish is tf.nn.silu


def test_relu_family_values_and_dtypes():
    close(tf.nn.relu([-1, 2]), [0, 2], tf.int32)
    close(tf.nn.relu6([-1, 7]), [0, 6], tf.int32)
    close(tf.nn.leaky_relu([-1, 7]), [-0.2, 7], tf.float32)
    close(tf.nn.relu(tf.constant(-3.)), 0)
    close(tf.nn.elu([-1., 0., 2.]), [-0.63212055, 0., 2.])
    close(tf.nn.selu([-1., 7.]), [-1.1113307, 7.354907])
    close(tf.nn.softsign([-1., 2.]), [-0.5, 0.6666667])
    close(tf.nn.silu([-1., 2.]), [-0.26894143, 1.7615942])
    with pytest.raises(IAE, match="Value for attr 'T' of bool"):
        tf.nn.relu(tf.constant([True]))
    with pytest.raises(IAE, match="Value for attr 'T' of int32 is not in the list of allowed values"):
        tf.nn.elu([-1, 7])


def test_gelu_exact_and_approximate():
    close(tf.nn.gelu([-1., 0.5]), [-0.15865526, 0.34573123])
    close(tf.nn.gelu([-1., 0.5], approximate=True), [-0.158808, 0.345714], rtol=1e-5)
    with pytest.raises(ValueError, match="`features.dtype` must be a floating point tensor"):
        tf.nn.gelu([-1, 2])


@pytest.mark.parametrize("f, x, expected", [
    (tf.nn.relu, [-1., 0., 2.], [0., 0., 1.]),
    (tf.nn.relu6, [0., 6., 3.], [0., 0., 1.]),
    (tf.nn.leaky_relu, [-1., 0., 2.], [0.2, 0.2, 1.]),
    (tf.nn.elu, [-1., 0.], [0.36787945, 1.]),
    (tf.nn.selu, [-1., 0., 1.], [0.64676857, 1.050701, 1.050701]),
    (tf.math.sigmoid, [100., -100.], [0., 0.]),
])
def test_gradients_at_special_points(f, x, expected):
    close(grad(f, x), expected)


def test_softmax_values_stability_and_errors():
    close(tf.nn.softmax([1000., 1000.]), [0.5, 0.5])
    close(tf.nn.softmax([[1., 2.], [3., 5.]], axis=0), [[0.11920291, 0.04742587], [0.880797, 0.95257413]])
    close(tf.nn.log_softmax([1000., 0.]), [0., -1000.])
    with pytest.raises(IAE, match="Value for attr 'T' of int32 is not in the list of allowed values"):
        tf.nn.softmax([1, 2])
    with pytest.raises(IAE, match=r"`dim` must be in the range \[-2, 2\) where 2 is the number of dimensions"):
        tf.nn.softmax([[1., 2.]], axis=2)
    with pytest.raises(tf.errors.AbortedError, match="Input dims must be <= 5 and >=1"):
        tf.nn.softmax(1.)


def test_softmax_summed_gradient_is_tensorflows_rounding_residue():
    # oneDNN's float32 softmax does not sum to exactly 1, so TF's gradient of the sum is not 0;
    # these are TF 2.21's values, bit for bit
    g = grad(lambda x: tf.reduce_sum(tf.nn.softmax(x)), [1., 2., 3.])
    np.testing.assert_array_equal(g.numpy(), np.array([5.366239896886782e-09, 1.4586953867024022e-08,
                                                       3.965144657058772e-08], np.float32))
    g64 = grad(lambda x: tf.reduce_sum(tf.nn.softmax(x)), np.array([1., 2., 3.]))
    np.testing.assert_allclose(g64.numpy(), 0, atol=1e-16)


def test_log_softmax_gradient():
    close(grad(lambda x: tf.nn.log_softmax(x)[0], [1., 2., 3.]), [0.90996945, -0.24472849, -0.66524094])


def test_softmax_cross_entropy_values():
    logits = tf.constant([[1., 2.], [3., 1.]])
    labels = tf.constant([[0., 1.], [1., 0.]])
    close(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits), [0.31326166, 0.12692805])
    close(tf.nn.softmax_cross_entropy_with_logits(labels, logits), [0.31326166, 0.12692805])
    close(tf.nn.softmax_cross_entropy_with_logits([0., 1.], [1., 2.]), 0.31326166)
    close(tf.nn.softmax_cross_entropy_with_logits(tf.constant([[0, 1]]), tf.constant([[1., 2.]])), [0.31326166])
    close(tf.nn.softmax_cross_entropy_with_logits(tf.constant([[0., 1]], tf.float64), tf.constant([[1., 2.]])),
          [0.31326166])
    close(tf.nn.softmax_cross_entropy_with_logits([[0., 1.]], [[1000., -1000.]]), [2000.])
    close(tf.nn.softmax_cross_entropy_with_logits(tf.constant([[0., 1.], [1., 0.]]), tf.constant([[1., 2.], [3., 4.]]),
                                                  axis=0), [0.12692805, 2.126928])
    close(tf.nn.softmax_cross_entropy_with_logits(tf.constant([[0., 1.]]), logits * 0 + [[1., 2.]]),
          [0.31326166, 0.31326166])
    assert tf.nn.softmax_cross_entropy_with_logits(tf.ones((2, 2, 3)) / 3, tf.ones((2, 2, 3))).shape == (2, 2)


def test_softmax_cross_entropy_errors():
    with pytest.raises(IAE, match=r"logits and labels must be broadcastable: logits_size=\[1,2\] labels_size=\[1,3\]"):
        tf.nn.softmax_cross_entropy_with_logits(labels=tf.constant([[0., 1., 0.]]), logits=tf.constant([[1., 2.]]))
    with pytest.raises(IAE, match="Value for attr 'T' of int32"):
        tf.nn.softmax_cross_entropy_with_logits(tf.constant([[0, 1]]), tf.constant([[1, 2]]))


def test_softmax_cross_entropy_gradients_flow_to_logits_and_labels():
    logits = tf.constant([[1., 2.], [3., 1.]])
    labels = tf.constant([[0., 1.], [1., 0.]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([logits, labels])
        loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    close(tape.gradient(loss, logits), tf.nn.softmax(logits).numpy() - labels.numpy())
    close(tape.gradient(loss, labels), -tf.nn.log_softmax(logits).numpy())


def test_sparse_softmax_cross_entropy():
    logits = tf.constant([[1., 2.], [3., 1.]])
    close(tf.nn.sparse_softmax_cross_entropy_with_logits([1, 0], logits), [0.31326166, 0.12692805])
    close(tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([1], tf.int64), tf.constant([[1., 2.]])),
          [0.31326166])
    assert tf.nn.sparse_softmax_cross_entropy_with_logits(tf.zeros((2, 3), tf.int32), tf.zeros((2, 3, 4))).shape == (2, 3)
    close(grad(lambda lg: tf.nn.sparse_softmax_cross_entropy_with_logits([1, 0], lg), [[1., 2.], [3., 1.]]),
          [[0.26894143, -0.2689414], [-0.11920297, 0.11920292]])


def test_sparse_softmax_cross_entropy_errors():
    logits = tf.constant([[1., 2.], [3., 1.]])
    with pytest.raises(IAE, match="Value for attr 'Tlabels' of float is not in the list of allowed values: int32, int64"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([1., 0.]), logits)
    with pytest.raises(IAE, match=r"Received a label value of 5 which is outside the valid range of \[0, 2\).  "
                                  "Label values: 5 0"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([5, 0]), logits)
    with pytest.raises(ValueError, match="`labels.shape` must equal `logits.shape` except for the last dimension"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([1]), logits)


def test_sigmoid_and_weighted_cross_entropy():
    close(tf.nn.sigmoid_cross_entropy_with_logits(labels=[0., 1.], logits=[100., -100.]), [100., 100.])
    close(grad(lambda lg: tf.nn.sigmoid_cross_entropy_with_logits(labels=[0., 1.], logits=lg), [0., 0.]), [0.5, -0.5])
    with pytest.raises(ValueError, match=r"`logits` and `labels` must have the same shape, received \(\(3,\) vs \(2,\)\)."):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=[0., 1.], logits=[100., -100., 1.])
    close(tf.nn.weighted_cross_entropy_with_logits(labels=[0., 1.], logits=[1., -1.], pos_weight=2.),
          [1.3132617, 2.6265235], rtol=1e-6)


def test_l2_loss_and_bias_add():
    close(tf.nn.l2_loss([1., 2.]), 2.5)
    with pytest.raises(IAE, match="Value for attr 'T' of int32"):
        tf.nn.l2_loss(tf.constant([1, 2]))
    close(tf.nn.bias_add([[1., 2.]], [1., 1.]), [[2., 3.]])
    with pytest.raises(IAE, match=r"Must provide as many biases as the last dimension of the input tensor: \[2\] vs. \[1,4\]"):
        tf.nn.bias_add([[1., 2., 3., 4.]], [1., 1.])
    with pytest.raises(IAE, match=r"Biases must be 1D: \[1,2\]"):
        tf.nn.bias_add([[1., 2.]], [[1., 1.]])
    with pytest.raises(IAE, match=r"Input tensor must be at least 2D: \[2\]"):
        tf.nn.bias_add([1., 2.], [1., 1.])


def test_bias_add_gradient_sums_over_batch():
    b = tf.constant([1., 1.])
    with tf.GradientTape() as tape:
        tape.watch(b)
        y = tf.nn.bias_add(tf.ones((3, 2)), b)
    close(tape.gradient(y, b), [3., 3.])


def test_moments_and_batch_normalization():
    m, v = tf.nn.moments(tf.constant([[1., 2.], [3., 5.]]), [0])
    close(m, [2., 3.5])
    close(v, [1., 2.25])
    m, v = tf.nn.moments(tf.constant([[1., 2.], [3., 5.]]), [0, 1], keepdims=True)
    close(m, [[2.75]])
    close(v, [[2.1875]])
    m, v = tf.nn.moments(tf.constant([[1, 2], [3, 5]]), [0])
    close(m, [2, 3], tf.int32)
    close(tf.nn.batch_normalization(tf.constant([1., 2.]), 1., 4., 0.5, 2., 1e-3), [0.5, 1.4998751])
    close(tf.nn.batch_normalization(tf.constant([1., 2.]), 1., 4., None, None, 1e-3), [0., 0.49993753])
    m, v = tf.nn.normalize_moments(2., tf.constant([4.]), tf.constant([10.]), None)
    close(m, [2.])
    close(v, [1.])


def test_dropout():
    x = tf.ones((1000,))
    y = tf.nn.dropout(x, 0.5, seed=1)
    values = set(np.unique(y.numpy()).tolist())
    assert values == {0.0, 2.0}
    assert 350 < int(np.sum(y.numpy() == 0)) < 650
    assert tf.nn.dropout(x, 0.) is x
    tf.random.set_seed(3)
    a = tf.nn.dropout(x, 0.3)
    tf.random.set_seed(3)
    np.testing.assert_array_equal(a.numpy(), tf.nn.dropout(x, 0.3).numpy())
    y = tf.nn.dropout(tf.ones((4, 5)), 0.5, noise_shape=[4, 1])
    assert all(len(set(row)) == 1 for row in y.numpy().tolist())
    with pytest.raises(ValueError, match=r"`rate` must be a scalar tensor or a float in the range \[0, 1\). Received: rate=1.0"):
        tf.nn.dropout([1., 2.], 1.0)
    with pytest.raises(ValueError, match="`x.dtype` must be a floating point tensor as `x` will be scaled"):
        tf.nn.dropout([1, 2], 0.5)
    with pytest.raises(TypeError):
        tf.nn.dropout([1., 2.], keep_prob=0.5)


def test_dropout_gradient_is_the_mask():
    x = tf.ones((50,))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.dropout(x, 0.5, seed=2)
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), y.numpy())


def test_embedding_lookup():
    close(tf.nn.embedding_lookup([[1., 2.], [3., 4.]], [1, 0, 1]), [2., 1., 2.])
    close(tf.nn.embedding_lookup(tf.constant([[1., 2.], [3., 4.]]), [1, 0]), [[3., 4.], [1., 2.]])


def _np_conv_ref(x, w, stride, padding):
    """A direct loop reference for NHWC conv2d."""
    kh, kw, cin, cout = w.shape
    n, h, wd, _ = x.shape
    if padding == "SAME":
        oh, ow = -(-h // stride), -(-wd // stride)
        ph = max((oh - 1) * stride + kh - h, 0)
        pw = max((ow - 1) * stride + kw - wd, 0)
        x = np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))
    else:
        oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
    out = np.zeros((n, oh, ow, cout))
    for i in range(oh):
        for j in range(ow):
            patch = x[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :]
            out[:, i, j, :] = np.tensordot(patch, w, axes=([1, 2, 3], [0, 1, 2]))
    return out


@pytest.mark.parametrize("stride, padding", [(1, "SAME"), (2, "SAME"), (1, "VALID"), (2, "VALID")])
def test_conv2d_matches_reference(stride, padding):
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((2, 6, 5, 3)), rng.standard_normal((3, 2, 3, 4))
    y = tf.nn.conv2d(x, w, stride, padding)
    assert y.dtype == tf.float64
    np.testing.assert_allclose(y.numpy(), _np_conv_ref(x, w, stride, padding), rtol=1e-10)


def test_pooling_values():
    x = tf.reshape(tf.range(16.), [1, 4, 4, 1])
    close(tf.reshape(tf.nn.max_pool2d(x, 2, 2, "VALID"), [-1]), [5., 7., 13., 15.])
    close(tf.reshape(tf.nn.avg_pool2d(x, 2, 2, "VALID"), [-1]), [2.5, 4.5, 10.5, 12.5])
    # SAME windows at the border average only the real cells
    close(tf.reshape(tf.nn.avg_pool2d(x, 3, 2, "SAME"), [-1]), [5., 6.5, 11., 12.5])
    assert tf.nn.max_pool2d(x, 3, 2, "SAME").shape == (1, 2, 2, 1)


def test_max_pool_gradient_goes_to_the_first_maximum():
    x = tf.constant(np.array([[1., 1.], [0., 1.]]).reshape(1, 2, 2, 1))
    g = grad(lambda v: tf.nn.max_pool2d(v, 2, 2, "VALID"), x.numpy())
    np.testing.assert_array_equal(g.numpy().reshape(-1), [1., 0., 0., 0.])


def test_mlp_training_step_reduces_loss():
    rng = np.random.default_rng(0)
    x = tf.constant(rng.standard_normal((32, 8)).astype(np.float32))
    labels = tf.constant(rng.integers(0, 3, 32))
    w1 = tf.Variable(rng.standard_normal((8, 16)).astype(np.float32) * 0.3)
    w2 = tf.Variable(rng.standard_normal((16, 3)).astype(np.float32) * 0.3)
    losses = []
    for _ in range(20):
        with tf.GradientTape() as tape:
            h = tf.nn.relu(tf.matmul(x, w1))
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels, tf.matmul(h, w2)))
        g1, g2 = tape.gradient(loss, [w1, w2])
        w1.assign_sub(0.5 * g1)
        w2.assign_sub(0.5 * g2)
        losses.append(float(loss))
    assert losses[-1] < 0.7 * losses[0]


def test_fused_cross_entropy_gradients_use_eigens_softmax_not_onednns():
    # TF's SoftmaxCrossEntropyWithLogits kernels compute exp(x - max) / sum with Eigen; only the
    # Softmax op goes through oneDNN (whose float32 results differ in the last bit)
    rng = np.random.default_rng(3)
    logits = rng.normal(size=(64, 10)).astype(np.float32) * 3
    labels = rng.integers(0, 10, 64)
    e = np.exp(logits - logits.max(-1, keepdims=True))
    eigen = e / e.sum(-1, keepdims=True)
    x = tf.constant(logits)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        sparse = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels, x))
        dense = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(tf.one_hot(labels, 10), x))
    expected = eigen - np.eye(10, dtype=np.float32)[labels]
    np.testing.assert_array_equal(tape.gradient(sparse, x).numpy(), expected)
    np.testing.assert_array_equal(tape.gradient(dense, x).numpy(), expected)
    assert not np.array_equal(tf.nn.softmax(x).numpy(), eigen)      # the Softmax op: oneDNN's

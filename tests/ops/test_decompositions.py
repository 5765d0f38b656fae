"""tf.linalg cholesky, solve, slogdet, logdet, band_part and adjoint: values, TF's errors and
gradients at points checked against TF 2.21."""
import numpy as np
import pytest

import tapeviz as tf

SPD = [[4., 2.], [2., 3.]]


def test_band_part_keeps_the_requested_diagonals():
    got = tf.linalg.band_part(tf.reshape(tf.range(16), [4, 4]), 1, 0).numpy()
    np.testing.assert_array_equal(got, np.tril(np.triu(np.arange(16).reshape(4, 4), -1)))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"num_lower must be .* rows \(4\) got: 5"):
        tf.linalg.band_part(tf.ones([4, 4]), 5, 5)
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int64"):
        tf.linalg.band_part(tf.ones([2, 3]), 1, 1.5)


def test_adjoint_conjugates_and_needs_a_matrix():
    np.testing.assert_array_equal(tf.linalg.adjoint(tf.constant([[1 + 2j, 3j]])).numpy(), [[1 - 2j], [-3j]])
    with pytest.raises(ValueError, match="should be a \\(batch\\) matrix with rank >= 2"):
        tf.linalg.adjoint(tf.constant([1., 2.]))


def test_cholesky_reads_the_lower_triangle():
    got = tf.linalg.cholesky(tf.constant([[4., 2.], [1., 3.]])).numpy()
    np.testing.assert_allclose(got, [[2., 0.], [0.5, np.sqrt(2.75)]], rtol=1e-6)


def test_solve_and_its_errors():
    x = tf.linalg.solve(tf.constant([[1., 2.], [2., 5.]], tf.float64), tf.constant([[1.], [2.]], tf.float64))
    np.testing.assert_allclose(x.numpy(), [[1.], [0.]], atol=1e-12)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrix is not invertible."):
        tf.linalg.solve(tf.constant([[1., 2.], [2., 4.]]), tf.constant([[1.], [2.]]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="All input tensors must have the same rank."):
        tf.linalg.solve(tf.constant([[1., 2.], [2., 5.]]), tf.constant([1., 2.]))
    with pytest.raises(tf.errors.NotFoundError, match=r"MatrixSolve\[T=DT_HALF"):
        tf.linalg.solve(tf.ones([2, 2], tf.float16), tf.ones([2, 1], tf.float16))


def test_slogdet_and_logdet():
    sign, logabs = tf.linalg.slogdet(tf.constant([[1., 2.], [2., 1.]]))
    assert sign.numpy() == -1.0
    np.testing.assert_allclose(logabs.numpy(), np.log(3.), rtol=1e-6)
    np.testing.assert_allclose(tf.linalg.logdet(tf.constant(SPD)).numpy(), np.log(8.), rtol=1e-6)


def test_gradients_match_tf():
    a = tf.constant(SPD, tf.float64)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(a)
        logabs = tf.linalg.slogdet(a)[1]
        ld = tf.linalg.logdet(a)
        chol = tf.reduce_sum(tf.linalg.cholesky(a) * [[1., 2.], [3., 4.]])
    inv_t = np.linalg.inv(np.array(SPD)).T
    np.testing.assert_allclose(tape.gradient(logabs, a).numpy(), inv_t, rtol=1e-12)
    np.testing.assert_allclose(tape.gradient(ld, a).numpy(), inv_t, rtol=1e-12)
    # TF 2.21's value (symmetrised: only the lower triangle is read, the gradient is split evenly)
    np.testing.assert_allclose(tape.gradient(chol, a).numpy(),
                               [[0.22855339059327373, 0.04289321881345254], [0.04289321881345254, 1.414213562373095]], rtol=1e-6)

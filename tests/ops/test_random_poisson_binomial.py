"""tf.random.poisson, stateless_poisson and stateless_binomial beyond the recorded TF draws."""
import numpy as np

import tapeviz as tf


def test_poisson_means_match_rates_on_both_algorithms():
    rates = [0.5, 4.0, 25.0, 300.0]      # Knuth below 10, Hormann above
    draws = tf.random.stateless_poisson([4000, 4], (8, 9), rates, dtype=tf.float64).numpy()
    np.testing.assert_allclose(draws.mean(axis=0), rates, rtol=0.05)
    np.testing.assert_allclose(draws.var(axis=0), rates, rtol=0.15)


def test_stateful_poisson_advances_and_replays_with_the_seed():
    tf.random.set_seed(11)
    a, b = tf.random.poisson([5], 3.0, seed=2), tf.random.poisson([5], 3.0, seed=2)
    assert not np.array_equal(a.numpy(), b.numpy())
    tf.random.set_seed(11)
    np.testing.assert_array_equal(tf.random.poisson([5], 3.0, seed=2).numpy(), a.numpy())


def test_stateless_poisson_output_layout_puts_rates_last():
    y = tf.random.stateless_poisson([6, 2], (1, 1), [0.0, 1000.0])
    assert y.dtype == tf.int32
    assert (y.numpy()[:, 0] == 0).all() and (y.numpy()[:, 1] > 800).all()


def test_stateless_binomial_moments_on_both_algorithms_and_both_halves():
    counts, probs = [8.0, 8.0, 400.0, 400.0], [0.3, 0.8, 0.25, 0.9]   # inversion / BTRS, p <> 0.5
    draws = tf.random.stateless_binomial([3000, 4], (5, 6), counts, probs, output_dtype=tf.float64).numpy()
    mean = np.multiply(counts, probs)
    np.testing.assert_allclose(draws.mean(axis=0), mean, rtol=0.03)
    np.testing.assert_allclose(draws.var(axis=0), mean * (1 - np.array(probs)), rtol=0.15)
    assert draws.min() >= 0 and (draws <= counts).all()

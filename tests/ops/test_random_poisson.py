"""tf.random.poisson / stateless_poisson beyond the recorded TF draws: statistics, streams."""
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

"""tf.random.Generator beyond the recorded values: checkpointing, the global generator, errors."""
import numpy as np
import pytest

import tapeviz as tf


def test_checkpoint_saves_and_restores_the_state(tmp_path):
    g = tf.random.Generator.from_seed(3)
    g.normal([2])
    ckpt = tf.train.Checkpoint(gen=g)
    path = ckpt.save(str(tmp_path / "g"))
    assert "gen/_state_var/.ATTRIBUTES/VARIABLE_VALUE" in [n for n, _ in tf.train.list_variables(path)]
    expected = g.normal([4]).numpy()
    g.normal([7])
    ckpt.restore(path)
    np.testing.assert_array_equal(g.normal([4]).numpy(), expected)


def test_restore_into_a_new_generator(tmp_path):
    g = tf.random.Generator.from_seed(11)
    path = tf.train.Checkpoint(gen=g).save(str(tmp_path / "g"))
    expected = g.uniform([3]).numpy()
    h = tf.random.Generator.from_seed(0)
    tf.train.Checkpoint(gen=h).restore(path)
    np.testing.assert_array_equal(h.uniform([3]).numpy(), expected)


def test_global_generator_can_be_replaced():
    tf.random.set_global_generator(tf.random.Generator.from_seed(5))
    a = tf.random.get_global_generator().normal([3]).numpy()
    np.testing.assert_array_equal(a, tf.random.Generator.from_seed(5).normal([3]).numpy())
    tf.random.set_global_generator(tf.random.Generator.from_non_deterministic_state())
    assert tf.random.get_global_generator().state.dtype == tf.int64


def test_copy_and_errors():
    g = tf.random.Generator.from_seed(2)
    h = tf.random.Generator(copy_from=g)
    np.testing.assert_array_equal(g.normal([3]).numpy(), h.normal([3]).numpy())
    with pytest.raises(ValueError, match="minval and maxval must be both"):
        g.uniform([2], minval=None, maxval=3, dtype=tf.int32)
    with pytest.raises(NotImplementedError, match="Philox"):
        tf.random.Generator.from_seed(1, alg="threefry")

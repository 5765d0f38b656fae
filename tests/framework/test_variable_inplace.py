"""assign_add/assign_sub update a Variable's array in place only when nothing else can see it.

Every value a user or a view got from the Variable before the update must keep its old value.
"""
import numpy as np
import pytest

import tapeviz as tf


def _reads(v):
    """Each way a value leaves a Variable without a copy, as (description, getter)."""
    return [
        ("read_value", lambda: v.read_value()),
        ("value", lambda: v.value()),
        ("identity", lambda: tf.identity(v)),
        ("convert_to_tensor", lambda: tf.convert_to_tensor(v)),
        ("slice", lambda: v[0]),
        ("arithmetic", lambda: v * 1.0),
    ]


@pytest.mark.parametrize("update", ["assign_add", "assign_sub"])
@pytest.mark.parametrize("index", range(6))
def test_values_read_before_an_update_keep_their_values(update, index):
    v = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3))
    name, get = _reads(v)[index]
    before = get()
    expected = np.array(before)
    getattr(v, update)(tf.ones((2, 3)))
    np.testing.assert_array_equal(np.array(before), expected, err_msg=name)
    sign = 1 if update == "assign_add" else -1
    np.testing.assert_array_equal(v.numpy(), np.arange(6).reshape(2, 3) + sign)


def test_a_tape_record_keeps_the_value_it_read():
    v = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(v * v)
    v.assign_sub([1.0, 1.0])
    np.testing.assert_array_equal(tape.gradient(y, v).numpy(), [2.0, 4.0])
    read = tape.records[0].inputs[0]
    np.testing.assert_array_equal(read.numpy(), [1.0, 2.0])


def test_a_held_numpy_view_of_a_read_is_not_changed():
    v = tf.Variable(np.ones(4, dtype=np.float64))
    arr = np.asarray(v.read_value())      # no copy: shares the Variable's array
    v.assign_add(np.ones(4))
    np.testing.assert_array_equal(arr, np.ones(4))
    np.testing.assert_array_equal(v.numpy(), 2 * np.ones(4))


def test_an_unshared_array_is_updated_in_place_and_stays_read_only():
    v = tf.Variable(np.zeros(3, dtype=np.float32))
    address = v._value.__array_interface__["data"][0]
    for _ in range(3):
        v.assign_add([1.0, 2.0, 3.0])
    assert v._value.__array_interface__["data"][0] == address
    assert not v._value.flags.writeable
    np.testing.assert_array_equal(v.numpy(), [3.0, 6.0, 9.0])

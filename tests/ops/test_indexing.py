"""`t[...]` (TF_BEHAVIOUR 2.4): StridedSlice semantics, masks, errors and gradients."""
import numpy as np
import pytest

import tapeviz as tf

IAE = tf.errors.InvalidArgumentError
V = tf.constant([1., 2., 3.])
M = tf.constant([[1., 2., 3.], [4., 5., 6.]])
VALID = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
         "tf.int32/tf.int64 tensors are valid indices, got ")


def test_basic_indexing_matches_numpy():
    m = M.numpy()
    for key in [0, -1, (1, 2), (slice(None, None, -1), slice(None, None, -2)), (Ellipsis, 0),
                (None, slice(None), None), slice(1, 10), slice(-10, 10), slice(5, 7), ()]:
        out = M[key]
        assert isinstance(out, tf.Tensor)
        np.testing.assert_array_equal(out.numpy(), m[key])
        assert out.dtype == tf.float32


def test_scalar_results_and_newaxis():
    assert M[1, 2].shape == () and float(M[1, 2]) == 6.0
    assert M[tf.newaxis, :, None].shape == (1, 2, 1, 3)
    assert tf.constant(1.)[...].shape == ()
    assert tf.constant(1.)[None].shape == (1,)


def test_tensor_and_numpy_int_indices():
    assert float(V[tf.constant(1)]) == 2.0
    assert float(V[tf.constant(1, tf.int64)]) == 2.0
    assert float(V[np.int64(1)]) == 2.0
    np.testing.assert_array_equal(V[tf.constant(1):].numpy(), [2., 3.])


def test_boolean_masks_like_numpy():
    np.testing.assert_array_equal(V[V > 1.5].numpy(), [2., 3.])
    np.testing.assert_array_equal(M[np.array([True, False])].numpy(), [[1., 2., 3.]])


def test_flat_list_is_a_tuple_quirk():
    out = M[[0, 1]]
    assert out.shape == () and float(out) == 2.0


@pytest.mark.parametrize("key, shown", [
    (([0, 1], [1, 2]), "[0, 1]"),
    (np.array([0, 1]), "array([0, 1])"),
    (0.5, "0.5"),
    ("a", "'a'"),
    ([[0, 1]], "[0, 1]"),
])
def test_fancy_indexing_type_error(key, shown):
    with pytest.raises(TypeError) as e:
        M[key]
    assert str(e.value) == VALID + shown


def test_int_tensor_vector_index_is_refused():
    with pytest.raises(TypeError, match="valid indices, got <tf.Tensor: shape=.2,."):
        M[tf.constant([0, 1])]


@pytest.mark.parametrize("t, key, msg", [
    (V, 5, "slice index 5 of dimension 0 out of bounds."),
    (V, -4, "slice index -1 of dimension 0 out of bounds."),
    (M, (0, 5), "slice index 5 of dimension 1 out of bounds."),
    (M, (slice(None), 5), "slice index 5 of dimension 1 out of bounds."),
    (tf.constant(1.), 0, "Attempting to slice scalar input."),
    (tf.constant(1.), slice(None), "Attempting to slice scalar input."),
    (M, [0, 1, 2], "Index out of range using input dim 2; input has only 2 dims"),
    (V, (0, 0), "Index out of range using input dim 1; input has only 1 dims"),
    (M, (Ellipsis, 0, Ellipsis), "Multiple ellipses in slice spec not allowed"),
    (M, slice(None, None, 0), "strides[0] must be non-zero"),
])
def test_index_errors(t, key, msg):
    with pytest.raises(IAE) as e:
        t[key]
    text = str(e.value)
    assert msg in text
    assert text.endswith("[Op:StridedSlice] name: strided_slice/")
    assert text.startswith("{{function_node __wrapped__StridedSlice_device_")


def test_scalar_bool_is_not_a_mask():
    with pytest.raises(ValueError, match="mask cannot be scalar."):
        V[True]


def test_variable_getitem_returns_eager_tensor_and_assigns():
    v = tf.Variable([1., 2., 3.])
    t = v[0]
    assert isinstance(t, tf.Tensor) and type(t).__name__ == "EagerTensor"
    r = v[0:1].assign([9.])
    assert "UnreadVariable" in repr(r)
    np.testing.assert_array_equal(v.numpy(), [9., 2., 3.])


def test_gradient_scatters_back():
    x = tf.constant([1., 2., 3.])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x[::-2] * 2.0
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [2., 0., 2.])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x[x > 1.5]
    np.testing.assert_array_equal(tf.convert_to_tensor(tape.gradient(y, x)).numpy(), [0., 1., 1.])


def test_variable_slice_gradient():
    v = tf.Variable([1., 2., 3.])
    with tf.GradientTape() as tape:
        y = v[1] * v[1]
    np.testing.assert_array_equal(tape.gradient(y, v).numpy(), [0., 4., 0.])


def test_iteration_uses_indexing():
    assert [float(r[0]) for r in M] == [1.0, 4.0]

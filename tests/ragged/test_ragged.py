"""RaggedTensor behaviour the differential corpus (tests/tf_diff/corpus_ragged.py) does not
reach: what the tape records, gradients w.r.t. values and Variables, the dispatch leaving dense
calls alone, and the namespaces."""
import numpy as np
import pytest

import tapeviz as tf
from tapeviz.framework.api import EXPORTS


def _rt():
    return tf.ragged.constant([[1.0, 2.0], [3.0], [], [4.0, 5.0, 6.0]])


def test_repr_and_str_are_tfs():
    rt = tf.ragged.constant([[1, 2], [3]])
    assert repr(rt) == str(rt) == "<tf.RaggedTensor [[1, 2], [3]]>"
    assert repr(tf.ragged.constant([[b"a"], []])) == "<tf.RaggedTensor [[b'a'], []]>"


def test_is_not_a_tensor():
    rt = _rt()
    assert isinstance(rt, tf.RaggedTensor) and not isinstance(rt, tf.Tensor)


def test_ragged_ops_are_recorded_dense_ops_on_the_values():
    v = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(v)
        rt = tf.RaggedTensor.from_row_splits(v, [0, 1, 3])
        y = tf.reduce_sum(tf.reduce_max(rt * 2.0, axis=1))
    types = [r.op.type for r in tape._records]
    assert "Mul" in types and "GatherV2" in types and "Max" in types
    np.testing.assert_allclose(tape.gradient(y, v).numpy(), [2.0, 0.0, 2.0])


def test_gradient_reaches_a_variable_through_ragged_rows():
    var = tf.Variable([1.0, 2.0, 3.0, 4.0])
    with tf.GradientTape() as tape:
        rt = tf.RaggedTensor.from_row_lengths(var, [3, 1])
        y = tf.reduce_sum(tf.reduce_mean(rt, axis=1))
    np.testing.assert_allclose(tape.gradient(y, var).numpy(), [1 / 3, 1 / 3, 1 / 3, 1.0])


def test_dense_operand_broadcasts_per_row_and_gets_its_gradient():
    rt = tf.RaggedTensor.from_row_lengths(tf.constant([1.0, 2.0, 3.0]), [1, 2])
    w = tf.constant([[10.0], [100.0]])
    with tf.GradientTape() as tape:
        tape.watch(w)
        y = tf.reduce_sum((rt * w).flat_values)
    assert (w * rt).to_list() == [[10.0], [200.0, 300.0]]
    np.testing.assert_allclose(tape.gradient(y, w).numpy(), [[1.0], [5.0]])


@pytest.mark.parametrize("kind", ["sum", "max", "min", "prod", "mean"])
@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_reductions_match_a_python_reference(kind, axis):
    rows = [[[1.0, 2.0], [3.0]], [], [[4.0], [], [5.0, 6.0, -7.0]]]
    rt = tf.ragged.constant(rows)
    got = getattr(tf, f"reduce_{kind}")(rt, axis=axis)
    got = got.to_list() if isinstance(got, tf.RaggedTensor) else got.numpy().tolist()
    f = {"sum": sum, "max": max, "min": min, "prod": np.prod, "mean": np.mean}[kind]
    identity = {"sum": 0.0, "prod": 1.0, "max": float(np.finfo(np.float32).min),
                "min": float(np.finfo(np.float32).max), "mean": float("nan")}[kind]

    def reduce(values):
        return float(f(values)) if values else identity

    def zip_longest(lists):
        width = max((len(x) for x in lists), default=0)
        return [[x[i] for x in lists if i < len(x)] for i in range(width)]

    if axis == 0:
        want = [[reduce(col) for col in zip_longest(cols)] for cols in zip_longest(rows)]
    elif axis == 1:
        want = [[reduce(col) for col in zip_longest(row)] for row in rows]
    else:
        want = [[reduce(cell) for cell in row] for row in rows]
    np.testing.assert_allclose(np.array(sum(got, []), dtype=float), np.array(sum(want, []), dtype=float),
                               rtol=1e-6)
    assert [len(r) for r in got] == [len(r) for r in want]


def test_dense_calls_are_unchanged_by_the_dispatch():
    assert tf.add is tf.math.add and tf.reduce_sum is tf.math.reduce_sum
    assert tf.reduce_sum(tf.constant([[1, 2], [3, 4]]), axis=1).numpy().tolist() == [3, 7]
    assert tf.concat([[1], [2]], 0).numpy().tolist() == [1, 2]
    assert float(tf.constant(6.0) / tf.constant(2.0)) == 3.0
    assert getattr(EXPORTS["reduce_sum"], "_ragged_api", False)


def test_dense_left_operand_defers_to_the_ragged_one():
    rt = tf.ragged.constant([[2.0, 4.0], [8.0]])
    assert (tf.constant(8.0) / rt).to_list() == [[4.0, 2.0], [1.0]]
    assert (tf.constant([[1.0], [2.0]]) - rt).to_list() == [[-1.0, -3.0], [-6.0]]
    mask = tf.ragged.constant([[True, False], [True]])
    assert (tf.constant(True) & mask).to_list() == [[True, False], [True]]


def test_ops_that_are_not_elementwise_refuse_a_ragged_input():
    with pytest.raises(ValueError, match="has no len"):      # TF's conversion error
        tf.math.cumprod(_rt())
    with pytest.raises(ValueError, match="has no len"):
        tf.math.argmax(_rt())
    with pytest.raises(ValueError, match="has no len"):
        tf.convert_to_tensor(_rt())


def test_rows_iterate_and_index_like_tf():
    rt = tf.ragged.constant([[1, 2], [3]])
    assert [r.numpy().tolist() for r in rt] == [[1, 2], [3]]
    with pytest.raises(ValueError, match="inner ragged dimension"):
        rt[:, 0]


def test_shape_of_a_ragged_tensor_rebuilds_it():
    rt = tf.ragged.constant([[1], [2, 3, 4], [], [5, 6]])
    shape = tf.shape(rt)
    assert repr(shape) == "<DynamicRaggedShape lengths=[4, (1, 3, 0, 2)] num_row_partitions=1>"
    assert tf.zeros(shape).to_list() == [[0.0], [0.0, 0.0, 0.0], [], [0.0, 0.0]]
    assert tf.reshape(tf.range(6), shape).to_list() == [[0], [1, 2, 3], [], [4, 5]]


def test_function_binds_a_ragged_signature():
    @tf.function(input_signature=[tf.RaggedTensorSpec(shape=[None, None], dtype=tf.int32)])
    def row_max(rt):
        return tf.reduce_max(rt, axis=-1)
    assert row_max(tf.ragged.constant([[1, 5], [3]])).numpy().tolist() == [5, 3]
    with pytest.raises(TypeError):
        row_max(tf.ragged.constant([[1.0]]))


def test_public_names():
    for name in ("constant", "range", "stack", "boolean_mask", "map_flat_values",
                 "row_splits_to_segment_ids", "segment_ids_to_row_splits"):
        assert callable(getattr(tf.ragged, name))
    assert tf.RaggedTensorSpec([None, None], tf.int32).value_type is tf.RaggedTensor


def test_datasets_slice_batch_and_unbatch_ragged_components():
    rt = tf.ragged.constant([[1, 2], [3], [], [4, 5, 6]])
    ds = tf.data.Dataset.from_tensor_slices(rt)
    assert [e.numpy().tolist() for e in ds] == [[1, 2], [3], [], [4, 5, 6]]
    assert repr(ds.element_spec) == "RaggedTensorSpec(TensorShape([None]), tf.int32, 0, tf.int64)"
    batches = list(ds.batch(3))
    assert [b.to_list() for b in batches] == [[[1, 2], [3], []], [[4, 5, 6]]]
    assert [e.numpy().tolist() for e in ds.batch(3).unbatch()] == [[1, 2], [3], [], [4, 5, 6]]
    rows = tf.data.Dataset.range(1, 4).map(lambda n: tf.range(n)).ragged_batch(2)
    assert [b.to_list() for b in rows] == [[[0], [0, 1]], [[0, 1, 2]]]


class _FakeSparse:
    """Stands in for tf.SparseTensor (built elsewhere) with TF's constructor and fields."""

    def __init__(self, indices, values, dense_shape):
        self.indices, self.values, self.dense_shape = indices, values, dense_shape


def test_to_and_from_sparse(monkeypatch):
    monkeypatch.setitem(EXPORTS, "SparseTensor", _FakeSparse)
    rt = tf.ragged.constant([["Hi"], ["Welcome", "to", "the", "fair"], ["Have", "fun"]])
    st = rt.to_sparse()
    assert st.indices.numpy().tolist() == [[0, 0], [1, 0], [1, 1], [1, 2], [1, 3], [2, 0], [2, 1]]
    assert st.dense_shape.numpy().tolist() == [3, 4]
    back = tf.RaggedTensor.from_sparse(_FakeSparse(tf.constant([[0, 0], [2, 0], [2, 1]], tf.int64),
                                                   tf.constant(["a", "b", "c"]), tf.constant([3, 3], tf.int64)))
    assert repr(back) == "<tf.RaggedTensor [[b'a'], [], [b'b', b'c']]>"
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.RaggedTensor.from_sparse(_FakeSparse(tf.constant([[0, 1]], tf.int64), tf.constant([1]),
                                                tf.constant([1, 2], tf.int64)))

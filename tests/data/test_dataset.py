"""tf.data behaviour the TF differential corpus cannot pin down: shuffle's buffer semantics
and seeding, re-iteration, the tape under `map`, laziness, and the lazy import."""
import subprocess
import sys

import numpy as np
import pytest

import tapeviz as tf
from tapeviz.data import shuffle

Dataset = tf.data.Dataset


def _values(ds):
    return [int(v) for v in ds.as_numpy_iterator()]


def test_shuffle_only_draws_from_its_buffer():
    # with a buffer of 3, the i-th output comes from the first i + 3 inputs
    for seed in range(20):
        out = _values(Dataset.range(30).shuffle(3, seed=seed))
        assert sorted(out) == list(range(30))
        assert all(v < i + 3 for i, v in enumerate(out))


def test_shuffle_buffer_of_one_keeps_the_order():
    assert _values(Dataset.range(10).shuffle(1, seed=4)) == list(range(10))


def test_seeded_shuffle_repeats_its_sequence_of_epochs():
    a, b = Dataset.range(50).shuffle(50, seed=7), Dataset.range(50).shuffle(50, seed=7)
    first, second = _values(a), _values(a)
    assert first != second                                 # reshuffled each iteration
    assert [first, second] == [_values(b), _values(b)]     # but reproducibly


def test_shuffle_without_reshuffle_gives_the_same_order_every_pass():
    ds = Dataset.range(50).shuffle(50, reshuffle_each_iteration=False)
    assert _values(ds) == _values(ds) != list(range(50))


def test_shuffle_ring_with_draws_of_zero_keeps_the_order(monkeypatch):
    monkeypatch.setattr(shuffle.philox, "blocks", lambda key, counter, n: np.zeros((n, 4), np.uint32))
    # offset 0 always: the ring's start is emitted, so the order is unchanged
    assert list(shuffle.shuffled(range(5), 3, (1, 2))) == [0, 1, 2, 3, 4]


def test_shuffle_ring_moves_the_start_into_the_emptied_slot(monkeypatch):
    monkeypatch.setattr(shuffle.philox, "blocks", lambda key, counter, n: np.ones((n, 4), np.uint32))
    # offset 1 always: ring [0 1 2] emits 1, 0 moves into its slot, 3 comes in after it
    assert list(shuffle.shuffled(range(5), 3, (1, 2))) == [1, 2, 3, 4, 0]


def test_datasets_iterate_again_from_the_start():
    ds = Dataset.from_tensor_slices([1, 2, 3]).map(lambda x: x * 10).batch(2)
    assert [list(map(int, b)) for b in ds] == [[10, 20], [30]]
    assert [list(map(int, b)) for b in ds] == [[10, 20], [30]]


def test_transformations_are_lazy():
    calls = []
    ds = Dataset.range(1000).repeat().map(lambda x: calls.append(1) or x)
    assert [int(x) for x in ds.take(3)] == [0, 1, 2] and len(calls) == 3


def test_map_runs_eagerly_and_records_on_an_enclosing_tape():
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        total = Dataset.from_tensor_slices([1.0, 2.0, 3.0]).map(lambda x: x * w).reduce(
            tf.constant(0.0), lambda s, x: s + x)
    assert float(total) == 12.0
    assert float(tape.gradient(total, w)) == 6.0


def test_cache_replays_without_running_map_again():
    calls = []
    ds = Dataset.range(3).map(lambda x: calls.append(1) or x).cache()
    assert _values(ds) == _values(ds) == [0, 1, 2] and len(calls) == 3


def test_elements_are_tensors_and_numpy_iterator_gives_numpy():
    x, y = next(iter(Dataset.from_tensor_slices((np.eye(2, dtype=np.float32), [3, 4]))))
    assert isinstance(x, tf.Tensor) and x.dtype == tf.float32 and x.shape == (2,)
    (a, b), = list(Dataset.from_tensors((np.ones(2), "s")).as_numpy_iterator())
    assert isinstance(a, np.ndarray) and b == b"s"


def test_get_next_raises_out_of_range_at_the_end():
    it = iter(Dataset.range(1))
    assert int(it.get_next()) == 0
    with pytest.raises(tf.errors.OutOfRangeError, match="End of sequence"):
        it.get_next()


def test_tensorspec():
    spec = tf.TensorSpec([None, 3], tf.int64, name="x")
    assert spec == tf.TensorSpec((None, 3), "int64", "x") and hash(spec) == hash(tf.TensorSpec([None, 3], tf.int64, "x"))
    assert spec != tf.TensorSpec([None, 3], tf.int64)
    assert tf.TensorSpec.from_tensor(tf.constant([[1, 2, 3]], tf.int64)).shape == (1, 3)
    assert Dataset.range(2).batch(2).element_spec == tf.TensorSpec([None], tf.int64)


def test_autotuned_interleave_says_what_is_missing():
    with pytest.raises(NotImplementedError, match="cycle_length"):
        Dataset.range(2).interleave(Dataset.range)


def test_file_cache_second_pass_reads_the_file(tmp_path):
    calls = []
    ds = Dataset.range(4).map(lambda x: calls.append(1) or x * 3).cache(str(tmp_path / "c"))
    assert _values(ds) == [0, 3, 6, 9]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.data-00000-of-00001", "c.index"]
    done = len(calls)
    assert _values(ds) == [0, 3, 6, 9] and len(calls) == done       # not computed again
    # another pipeline cached to the same file reads it too, as in TF
    assert _values(Dataset.range(7, 9).cache(str(tmp_path / "c"))) == [0, 3, 6, 9]


def test_file_cache_partial_pass_leaves_no_cache(tmp_path):
    ds = Dataset.from_tensor_slices((["a", "bc", ""], [[1.0], [2.0], [3.0]])).cache(str(tmp_path / "c"))
    it = iter(ds)
    next(it)
    del it
    assert list(tmp_path.iterdir()) == []
    first = list(ds.as_numpy_iterator())
    assert first == list(ds.as_numpy_iterator()) and first[1][0] == b"bc" and first[2][0] == b""
    np.testing.assert_array_equal(first[2][1], np.float32([3.0]))


def test_save_and_load_keep_structure_dtypes_and_count(tmp_path):
    ds = Dataset.from_tensor_slices({"x": np.arange(6, dtype=np.int16).reshape(3, 2), "s": ["a", "b", "c"]})
    ds.save(str(tmp_path / "saved"))
    loaded = Dataset.load(str(tmp_path / "saved"))
    assert loaded.element_spec == ds.element_spec and int(loaded.cardinality()) == 3
    for a, b in zip(ds.as_numpy_iterator(), loaded.as_numpy_iterator(), strict=True):
        assert a["s"] == b["s"] and a["x"].dtype == b["x"].dtype and (a["x"] == b["x"]).all()
    with pytest.raises(tf.errors.NotFoundError):
        Dataset.load(str(tmp_path / "missing"))


def test_shuffle_element_spec_peek_does_not_use_up_a_pass():
    a = Dataset.range(10).shuffle(10, seed=3).map(lambda x: x + 1)
    b = Dataset.range(10).shuffle(10, seed=3).map(lambda x: x + 1)
    repr(a), a.element_spec
    assert _values(a) == _values(b)


def test_options_are_typed_merged_and_frozen():
    o = tf.data.Options()
    with pytest.raises(AttributeError, match="Cannot set the property foo on Options"):
        o.foo = 1
    with pytest.raises(TypeError, match='"deterministic" must be of type'):
        o.deterministic = 3
    o.deterministic = False
    o2 = tf.data.Options()
    o2.experimental_slack = True
    ds = Dataset.range(3).with_options(o).map(lambda x: x).with_options(o2)
    merged = Dataset.zip((ds, Dataset.range(2))).options()
    assert merged.deterministic is False and merged.experimental_slack is True
    with pytest.raises(ValueError, match="Mutating"):
        merged.deterministic = True


def test_import_tapeviz_does_not_load_tf_data():
    code = "import sys, tapeviz; assert 'tapeviz.data' not in sys.modules; tapeviz.data.Dataset"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_batching_gathered_rows_gives_what_stacking_elements_gives():
    x = np.arange(60, dtype=np.float32).reshape(20, 3)
    for tail in (lambda d: d.shuffle(7, seed=3), lambda d: d.shuffle(50, seed=2),
                 lambda d: d.shuffle(5, seed=1).take(13).prefetch(2)):
        fast = tail(Dataset.from_tensor_slices((x, np.arange(20))))
        slow = tail(Dataset.from_tensor_slices((x, np.arange(20))).map(lambda a, b: (a, b)))
        assert tail(Dataset.from_tensor_slices(x))._index_plan() is not None
        for (a, b), (c, d) in zip(fast.batch(4), slow.batch(4), strict=True):
            np.testing.assert_array_equal(a.numpy(), c.numpy())
            np.testing.assert_array_equal(b.numpy(), d.numpy())


@pytest.mark.parametrize("n,buffer_size", [(0, 3), (1, 1), (5, 3), (20, 7), (20, 50), (3000, 100),
                                           (4000, 4000), (999, 998), (70000, 70000)])
def test_shuffled_positions_is_the_element_shuffle_at_once(n, buffer_size):
    for seeds in ((0, 1), (87654321, 2**40 + 5)):
        assert shuffle.shuffled_positions(n, buffer_size, seeds).tolist() == \
            list(shuffle.shuffled(range(n), buffer_size, seeds))


def test_pass_orders_computes_the_next_pass_ahead_and_reuses_a_repeated_pass():
    orders, n = shuffle.PassOrders(), 500
    seeds = [shuffle.pass_seeds((7, 9), epoch, True) for epoch in range(4)]
    for epoch in range(3):
        order = orders.order(n, 64, seeds[epoch], seeds[epoch + 1])
        assert order.tolist() == shuffle.shuffled_positions(n, 64, seeds[epoch]).tolist()
        assert not order.flags.writeable
        assert (n, 64, seeds[epoch + 1]) in orders._known     # the next pass is under way
    peeked = orders.order(n, 64, seeds[3], seeds[3])             # a peek: same pass again
    assert orders.order(n, 64, seeds[3], seeds[3]) is peeked
    other = orders.order(n - 1, 64, seeds[0], seeds[1])        # a new size is computed afresh
    assert other.tolist() == shuffle.shuffled_positions(n - 1, 64, seeds[0]).tolist()


def test_batched_shuffle_passes_follow_the_element_shuffle_order():
    x = np.arange(300)
    ds = Dataset.from_tensor_slices(x).shuffle(50, seed=3)
    singles = [[int(v) for v in ds] for _ in range(3)]
    batched = Dataset.from_tensor_slices(x).shuffle(50, seed=3).batch(300)
    assert [next(iter(batched)).numpy().tolist() for _ in range(3)] == singles
    assert len({tuple(p) for p in singles}) == 3


def test_window_reads_only_as_far_as_it_needs():
    windows = Dataset.range(3).repeat().window(2, shift=3)
    assert [_values(w) for w in windows.take(3)] == [[0, 1], [0, 1], [0, 1]]


@pytest.mark.parametrize("expr, message", [
    ("tf.data.experimental.SqlDataset", "tapeviz does not implement tf.data.experimental.SqlDataset yet"),
    ("tf.data.FixedLengthRecordDataset", "tapeviz does not implement tf.data.FixedLengthRecordDataset yet"),
    ("tf.data.Dataset.range(2).snapshot", "tapeviz does not implement tf.data.Dataset.snapshot yet"),
    ("tf.data.Dataset.range(2).nothing", "'_RangeDataset' object has no attribute 'nothing'"),
    ("tf.data.experimental.nothing", "module 'tapeviz.data.experimental' has no attribute 'nothing'"),
])
def test_missing_tf_data_names_say_so(expr, message):
    with pytest.raises(AttributeError) as e:
        eval(expr)
    assert str(e.value) == message


def test_checkpointed_iterator_resumes_where_it_was_saved(tmp_path):
    ds = Dataset.range(20).shuffle(20, seed=1).batch(3)
    list(ds)                                           # the iterator below is on pass 2
    it = iter(ds)
    ckpt = tf.train.Checkpoint(step=tf.Variable(0), iterator=it)
    before = [next(it).numpy().tolist() for _ in range(2)]
    path = ckpt.save(str(tmp_path / "ckpt"))
    after = [next(it).numpy().tolist() for _ in range(2)]
    ckpt.restore(path)
    assert [next(it).numpy().tolist() for _ in range(2)] == after
    # a new pipeline and iterator (as in a new process) resume the same pass and position
    fresh_ds = Dataset.range(20).shuffle(20, seed=1).batch(3)
    fresh = iter(fresh_ds)
    tf.train.Checkpoint(step=tf.Variable(0), iterator=fresh).restore(path)
    assert [next(fresh).numpy().tolist() for _ in range(2)] == after
    assert before != after

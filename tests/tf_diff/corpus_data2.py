"""tf.data, second part: TF's exact seeded shuffle order, the sources and transformations
added after `corpus_data.py` (Counter, rebatch, group_by_window, bucket_by_sequence_length,
sample/choose_from_datasets, file cache, random, get_single_element), Options and the
`tf.data.experimental` names tutorials use."""
from tests.tf_diff.corpus import S


def _it(expr):
    return f"result = list({expr}.as_numpy_iterator())"


def R(name, code, **kw):
    """A snippet whose randomness depends on seeds: it starts with no global seed unless it
    sets one, whatever the snippets before it did."""
    return S(name, code if "set_seed" in code else "tf.random.set_seed(None)\n" + code, **kw)


def _epochs(setup, epochs=3):
    return f"{setup}\nresult = [list(ds.as_numpy_iterator()) for _ in range({epochs})]"


SNIPPETS = [
    # ---- shuffle: TF's order for op seeds, global seeds and passes ---------------------------
    R("data2.shuffle.seed1", _it("tf.data.Dataset.range(20).shuffle(5, seed=1)")),
    R("data2.shuffle.seed0", _it("tf.data.Dataset.range(12).shuffle(4, seed=0)")),
    R("data2.shuffle.big_seed", _it("tf.data.Dataset.range(30).shuffle(7, seed=2**40 + 3)")),
    R("data2.shuffle.buffer1", _it("tf.data.Dataset.range(6).shuffle(1, seed=5)")),
    R("data2.shuffle.buffer_eq", _it("tf.data.Dataset.range(16).shuffle(16, seed=3)")),
    R("data2.shuffle.buffer_big", _it("tf.data.Dataset.range(25).shuffle(1000, seed=3)")),
    R("data2.shuffle.long", _it("tf.data.Dataset.range(500).shuffle(37, seed=11)")),
    R("data2.shuffle.empty", _it("tf.data.Dataset.range(0).shuffle(3, seed=11)")),
    R("data2.shuffle.epochs", _epochs("ds = tf.data.Dataset.range(10).shuffle(4, seed=7)")),
    R("data2.shuffle.epochs_fixed", _epochs("ds = tf.data.Dataset.range(10).shuffle(4, seed=7, reshuffle_each_iteration=False)")),
    R("data2.shuffle.global", _epochs("tf.random.set_seed(42)\nds = tf.data.Dataset.range(10).shuffle(10)")),
    R("data2.shuffle.global_op", _epochs("tf.random.set_seed(42)\nds = tf.data.Dataset.range(10).shuffle(3, seed=9)")),
    R("data2.shuffle.global_two", "tf.random.set_seed(1)\na = tf.data.Dataset.range(8).shuffle(8)\nb = tf.data.Dataset.range(8).shuffle(8)\nresult = [list(a.as_numpy_iterator()), list(b.as_numpy_iterator())]"),
    R("data2.shuffle.global_zero", _epochs("tf.random.set_seed(0)\nds = tf.data.Dataset.range(9).shuffle(4, seed=0)", 2)),
    R("data2.shuffle.global_fixed", _epochs("tf.random.set_seed(5)\nds = tf.data.Dataset.range(9).shuffle(9, reshuffle_each_iteration=False)", 2)),
    R("data2.shuffle.after_random_op", "tf.random.set_seed(3)\ntf.random.uniform([2])\nresult = list(tf.data.Dataset.range(8).shuffle(8).as_numpy_iterator())"),
    R("data2.shuffle.repeat", _it("tf.data.Dataset.range(5).shuffle(5, seed=2).repeat(3)")),
    R("data2.shuffle.repeat_fixed", _it("tf.data.Dataset.range(5).shuffle(5, seed=2, reshuffle_each_iteration=False).repeat(3)")),
    R("data2.shuffle.batch", _it("tf.data.Dataset.range(23).shuffle(6, seed=4).batch(4)")),
    R("data2.shuffle.slices_batch", _it("tf.data.Dataset.from_tensor_slices((np.arange(40.0).reshape(20, 2), np.arange(20))).shuffle(8, seed=4).batch(6)")),
    R("data2.shuffle.slices_batch_epochs", _epochs("ds = tf.data.Dataset.from_tensor_slices(np.arange(30)).shuffle(30, seed=8).batch(7, drop_remainder=True)", 2)),
    R("data2.shuffle.map_first", _it("tf.data.Dataset.range(12).map(lambda x: x * 10).shuffle(5, seed=6)")),
    R("data2.shuffle.map_after", _epochs("ds = tf.data.Dataset.range(12).shuffle(5, seed=6).map(lambda x: x + 1)\nds.element_spec", 2)),
    R("data2.shuffle.filter_after", _it("tf.data.Dataset.range(30).shuffle(9, seed=1).filter(lambda x: x % 3 == 0)")),
    R("data2.shuffle.take", _it("tf.data.Dataset.range(100).shuffle(10, seed=1).take(7)")),
    R("data2.shuffle.strings", _it("tf.data.Dataset.from_tensor_slices(['a', 'b', 'c', 'd', 'e']).shuffle(3, seed=12)")),
    R("data2.shuffle.zero_buffer", "tf.data.Dataset.range(3).shuffle(0)"),
]
SNIPPETS += [
    R("data2.shuffle.autotune", "tf.data.Dataset.range(3).shuffle(tf.data.AUTOTUNE)"),
    R("data2.shuffle.unknown_buffer", _it("tf.data.Dataset.range(9).shuffle(tf.data.UNKNOWN_CARDINALITY, seed=1)")),
]

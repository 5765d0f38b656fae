"""tf.data, second part: TF's exact seeded shuffle order, the sources and transformations
added after `corpus_data.py` (Counter, rebatch, group_by_window, bucket_by_sequence_length,
sample/choose_from_datasets, file cache, random, get_single_element), Options and the
`tf.data.experimental` names tutorials use."""
import itertools

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

_VAR = "ds = tf.data.Dataset.range(1, 8).map(lambda x: tf.fill([x], x))\n"
_AC = "a = tf.data.Dataset.range(3)\nc = tf.data.Dataset.range(10, 13)\n"
_CACHE = "import os, tempfile\nd = tempfile.mkdtemp()\n"

SNIPPETS += [
    # ---- counter, random ----------------------------------------------------------------------
    S("data2.counter", "ds = tf.data.experimental.Counter()\nresult = [repr(ds), int(ds.cardinality()), list(ds.take(4).as_numpy_iterator())]"),
    S("data2.counter.args", "ds = tf.data.experimental.Counter(3, 2, tf.int32)\nresult = [repr(ds), list(ds.take(3).as_numpy_iterator())]"),
    S("data2.counter.dataset", "ds = tf.data.Dataset.counter(-2, 5)\nresult = [repr(ds), list(ds.take(3).as_numpy_iterator())]"),
    S("data2.counter.zip", _it("tf.data.Dataset.zip((tf.data.Dataset.counter(), tf.data.Dataset.from_tensor_slices(['a', 'b'])))")),
    R("data2.random.seed", "ds = tf.data.Dataset.random(seed=4)\nresult = [repr(ds), int(ds.cardinality()), list(ds.take(6).as_numpy_iterator()), list(ds.take(2).as_numpy_iterator())]"),
    R("data2.random.rerandomize", _epochs("ds = tf.data.Dataset.random(seed=4, rerandomize_each_iteration=True).take(3)")),
    R("data2.random.global", "tf.random.set_seed(7)\nds = tf.data.Dataset.random()\nresult = list(ds.take(3).as_numpy_iterator())"),
    R("data2.random.global_op", "tf.random.set_seed(7)\nresult = list(tf.data.Dataset.random(seed=1).take(3).as_numpy_iterator())"),
    R("data2.random.map", _it("tf.data.Dataset.random(seed=2).map(lambda x: x % 10).take(8)")),
    # ---- rebatch -----------------------------------------------------------------------------
    S("data2.rebatch", "ds = tf.data.Dataset.range(10).batch(4).rebatch(3)\nresult = [repr(ds), int(ds.cardinality()), list(ds.as_numpy_iterator())]"),
    S("data2.rebatch.drop", "ds = tf.data.Dataset.range(10).batch(4).rebatch(3, drop_remainder=True)\nresult = [repr(ds), list(ds.as_numpy_iterator())]"),
    S("data2.rebatch.list", "ds = tf.data.Dataset.range(10).batch(4).rebatch([1, 2, 3])\nresult = [repr(ds), list(ds.as_numpy_iterator())]"),
    S("data2.rebatch.even", "ds = tf.data.Dataset.range(12).batch(4, drop_remainder=True).rebatch(2)\nresult = [repr(ds), list(ds.as_numpy_iterator())]"),
    S("data2.rebatch.tuple", _it("tf.data.Dataset.from_tensor_slices((np.arange(10).reshape(5, 2), ['a', 'b', 'c', 'd', 'e'])).batch(2).rebatch(3)")),
    S("data2.rebatch.scalar", "tf.data.Dataset.range(10).rebatch(3)"),
    S("data2.rebatch.matrix", "tf.data.Dataset.range(10).batch(2).rebatch([[1, 2]])"),
    # ---- group_by_window, bucket_by_sequence_length -----------------------------------------
    S("data2.gbw", "ds = tf.data.Dataset.range(10).group_by_window(key_func=lambda x: x % 2, reduce_func=lambda k, w: w.batch(3), window_size=3)\n"
      "result = [repr(ds), int(ds.cardinality()), list(ds.as_numpy_iterator())]"),
    S("data2.gbw.size_func", _it("tf.data.Dataset.range(10).group_by_window(lambda x: x % 3, lambda k, w: w.batch(10), window_size_func=lambda k: k + 1)")),
    S("data2.gbw.flush_order", _it("tf.data.Dataset.from_tensor_slices(np.int64([5, 3, 9, 1, 3, 5])).group_by_window(lambda x: 10 - x, lambda k, w: w.batch(5), window_size=4)")),
    S("data2.gbw.key_in_reduce", _it("tf.data.Dataset.range(7).group_by_window(lambda x: x % 3, lambda k, w: w.map(lambda x: x * 100 + k), window_size=2)")),
    S("data2.gbw.tuple", _it("tf.data.Dataset.from_tensor_slices(([1, 2, 3, 4], ['a', 'b', 'c', 'd'])).group_by_window(lambda x, s: tf.cast(x % 2, tf.int64), lambda k, w: w.batch(2), window_size=2)")),
    S("data2.gbw.both", "tf.data.Dataset.range(10).group_by_window(lambda x: x % 3, lambda k, w: w.batch(10), window_size=2, window_size_func=lambda k: k + 1)"),
    S("data2.gbw.none", "tf.data.Dataset.range(10).group_by_window(lambda x: x % 3, lambda k, w: w.batch(10))"),
    S("data2.gbw.experimental", _it("tf.data.Dataset.range(6).apply(tf.data.experimental.group_by_window(lambda x: x % 2, lambda k, w: w.batch(2), 2))")),
    S("data2.bucket", _VAR + "b = ds.bucket_by_sequence_length(lambda x: tf.shape(x)[0], [3, 5], [2, 2, 2])\n"
      "result = [repr(b), int(b.cardinality()), list(b.as_numpy_iterator())]"),
    S("data2.bucket.boundary", _VAR + "b = ds.bucket_by_sequence_length(lambda x: tf.shape(x)[0], [3, 8], [2, 3, 2], pad_to_bucket_boundary=True)\n"
      "result = [repr(b), list(b.as_numpy_iterator())]"),
    S("data2.bucket.drop", _VAR + _it("ds.bucket_by_sequence_length(lambda x: tf.shape(x)[0], [4], [3, 2], drop_remainder=True)")),
    S("data2.bucket.no_padding", "ds = tf.data.Dataset.range(10)\n" + _it("ds.bucket_by_sequence_length(lambda x: tf.cast(x, tf.int32), [4, 7], [2, 2, 5], no_padding=True)")),
    S("data2.bucket.int64_length", "tf.data.Dataset.range(10).bucket_by_sequence_length(lambda x: x, [4, 7], [2, 2, 5])"),
    S("data2.bucket.padded", _VAR + _it("ds.bucket_by_sequence_length(lambda x: tf.shape(x)[0], [4], [2, 2], padded_shapes=[9], padding_values=np.int64(-1))")),
    S("data2.bucket.pairs", "ds = tf.data.Dataset.range(1, 6).map(lambda x: (tf.fill([x], x), x))\n"
      + _it("ds.bucket_by_sequence_length(lambda s, n: tf.shape(s)[0], [3], [2, 2])")),
    S("data2.bucket.bad", _VAR + "ds.bucket_by_sequence_length(lambda x: tf.shape(x)[0], [3, 5], [2, 2])"),
    S("data2.bucket.experimental", _VAR + _it("ds.apply(tf.data.experimental.bucket_by_sequence_length(lambda x: tf.shape(x)[0], [4], [3, 3]))")),
    # ---- sample_from_datasets, choose_from_datasets -----------------------------------------
    R("data2.sample.uniform", _AC + "s = tf.data.Dataset.sample_from_datasets([a, c], seed=1)\nresult = [repr(s), int(s.cardinality()), list(s.as_numpy_iterator())]"),
    R("data2.sample.weights_stop", _AC + _it("tf.data.Dataset.sample_from_datasets([a, c], weights=[0.2, 0.8], seed=1, stop_on_empty_dataset=True)")),
    R("data2.sample.three", _it("tf.data.Dataset.sample_from_datasets([tf.data.Dataset.range(i * 10, i * 10 + 6) for i in range(3)], weights=[0.5, 0.3, 0.2], seed=17)")),
    R("data2.sample.zero_weight", _AC + _it("tf.data.Dataset.sample_from_datasets([a, c], weights=[0.0, 1.0], seed=3)")),
    R("data2.sample.float64", _AC + _it("tf.data.Dataset.sample_from_datasets([a, c], weights=tf.constant([0.7, 0.3], tf.float64), seed=2)")),
    R("data2.sample.infinite", "s = tf.data.Dataset.sample_from_datasets([tf.data.Dataset.range(3).repeat(), tf.data.Dataset.range(100, 103).repeat()], seed=5)\n"
      "result = [int(s.cardinality()), list(s.take(12).as_numpy_iterator())]"),
    R("data2.sample.global", "tf.random.set_seed(11)\n" + _AC + _it("tf.data.Dataset.sample_from_datasets([a, c])")),
    R("data2.sample.epochs", _AC + _epochs("ds = tf.data.Dataset.sample_from_datasets([a, c], seed=8)", 2)),
    R("data2.sample.rerandomize", _AC + _epochs("ds = tf.data.Dataset.sample_from_datasets([a, c], seed=8, rerandomize_each_iteration=True)", 2)),
    R("data2.sample.weights_dataset", _AC + _it("tf.data.Dataset.sample_from_datasets([a, c], weights=tf.data.Dataset.from_tensors([0.9, 0.1]).repeat(), seed=4)")),
    R("data2.sample.experimental", _AC + _it("tf.data.experimental.sample_from_datasets([a, c], seed=9)")),
    R("data2.sample.one", _it("tf.data.Dataset.sample_from_datasets([tf.data.Dataset.range(3)], seed=1)")),
    S("data2.sample.empty", "tf.data.Dataset.sample_from_datasets([])"),
    S("data2.sample.bad_len", _AC + "tf.data.Dataset.sample_from_datasets([a, c], weights=[1.0])"),
    S("data2.sample.bad_dtype", _AC + "tf.data.Dataset.sample_from_datasets([a, c], weights=[1, 2])"),
    S("data2.sample.bad_spec", "tf.data.Dataset.sample_from_datasets([tf.data.Dataset.range(3), tf.data.Dataset.from_tensor_slices(['a'])], seed=1)"),
    S("data2.sample.spec_relax", "result = repr(tf.data.Dataset.sample_from_datasets([tf.data.Dataset.from_tensors([1, 2]), tf.data.Dataset.from_tensors([1, 2, 3])], seed=1).element_spec)"),
    S("data2.choose", _AC + "ch = tf.data.Dataset.choose_from_datasets([a, c], tf.data.Dataset.from_tensor_slices(tf.constant([0, 1, 1, 0, 0, 0], tf.int64)))\n"
      "result = [repr(ch), int(ch.cardinality()), list(ch.as_numpy_iterator())]"),
    S("data2.choose.nostop", _AC + _it("tf.data.Dataset.choose_from_datasets([a, c], tf.data.Dataset.from_tensor_slices(tf.constant([0, 1, 1, 0, 0, 0, 1, 1, 1, 0], tf.int64)), stop_on_empty_dataset=False)")),
    S("data2.choose.cycle", _it("tf.data.Dataset.choose_from_datasets([tf.data.Dataset.from_tensors('x').repeat(), tf.data.Dataset.from_tensors('y').repeat()], tf.data.Dataset.range(2).repeat(3))")),
    S("data2.choose.experimental", _AC + _it("tf.data.experimental.choose_from_datasets([a, c], tf.data.Dataset.range(2))")),
    S("data2.choose.out_of_range", _AC + "list(tf.data.Dataset.choose_from_datasets([a, c], tf.data.Dataset.from_tensor_slices(tf.constant([0, 5], tf.int64))))"),
    S("data2.choose.int32", _AC + "tf.data.Dataset.choose_from_datasets([a, c], tf.data.Dataset.from_tensor_slices(tf.constant([0, 1], tf.int32)))"),
    # ---- cache to a file, save/load -----------------------------------------------------------
    S("data2.cache.file", _CACHE + "ds = tf.data.Dataset.range(5).map(lambda x: x * 2).cache(os.path.join(d, 'c'))\n"
      "it = iter(ds)\nnext(it)\nnext(it)\ndel it\nfirst = sorted(os.listdir(d))\n"
      "result = [repr(ds), int(ds.cardinality()), first, list(ds.as_numpy_iterator()), sorted(os.listdir(d)), list(ds.as_numpy_iterator())]"),
    S("data2.cache.file_shared", _CACHE + "list(tf.data.Dataset.range(3).cache(os.path.join(d, 'c')))\n"
      "result = list(tf.data.Dataset.range(50, 60).cache(os.path.join(d, 'c')).as_numpy_iterator())"),
    S("data2.cache.file_structure", _CACHE + "ds = tf.data.Dataset.from_tensor_slices({'s': ['a', 'bb', ''], 'x': np.arange(6.0).reshape(3, 2)}).cache(os.path.join(d, 'c'))\n"
      "result = [list(ds.as_numpy_iterator()), list(ds.as_numpy_iterator())]"),
    S("data2.cache.file_shuffle", _CACHE + "ds = tf.data.Dataset.range(8).shuffle(8, seed=3).cache(os.path.join(d, 'c'))\n"
      "result = [list(ds.as_numpy_iterator()), list(ds.as_numpy_iterator())]"),
    S("data2.save_load", _CACHE + "ds = tf.data.Dataset.from_tensor_slices((['a', 'bb'], [[1.0, 2.0], [3.0, 4.0]]))\n"
      "ds.save(os.path.join(d, 's'))\nl = tf.data.Dataset.load(os.path.join(d, 's'))\n"
      "result = [repr(l), int(l.cardinality()), list(l.as_numpy_iterator())]"),
    S("data2.save_load.experimental", _CACHE + "tf.data.experimental.save(tf.data.Dataset.range(3), os.path.join(d, 's'))\n"
      "result = list(tf.data.experimental.load(os.path.join(d, 's')).as_numpy_iterator())"),
    S("data2.load.missing", _CACHE + "tf.data.Dataset.load(os.path.join(d, 'nope'))", msg=False),
    # ---- get_single_element, assert_cardinality ----------------------------------------------
    S("data2.single", "result = tf.data.Dataset.from_tensors([1, 2]).get_single_element()"),
    S("data2.single.tuple", "result = tf.data.Dataset.from_tensors((1, 'a')).get_single_element()"),
    S("data2.single.two", "tf.data.Dataset.range(2).get_single_element()"),
    S("data2.single.empty", "tf.data.Dataset.range(0).get_single_element()"),
    S("data2.single.experimental", "result = tf.data.experimental.get_single_element(tf.data.Dataset.range(1))"),
    S("data2.single.reduce", "result = tf.data.Dataset.range(5).batch(5).get_single_element()"),
    S("data2.assert_card", "ds = tf.data.Dataset.range(3).filter(lambda x: True).apply(tf.data.experimental.assert_cardinality(3))\n"
      "result = [repr(ds), int(ds.cardinality()), list(ds.as_numpy_iterator())]"),
    S("data2.assert_card.few", "list(tf.data.Dataset.range(3).apply(tf.data.experimental.assert_cardinality(5)))"),
    S("data2.assert_card.many", "list(tf.data.Dataset.range(3).filter(lambda x: True).apply(tf.data.experimental.assert_cardinality(2)))"),
    S("data2.assert_card.one", "list(tf.data.Dataset.range(3).apply(tf.data.experimental.assert_cardinality(1)))"),
    # ---- experimental names, options ----------------------------------------------------------
    S("data2.exp.cardinality", "result = [int(tf.data.experimental.cardinality(tf.data.Dataset.range(5).repeat())), tf.data.experimental.INFINITE_CARDINALITY, tf.data.experimental.UNKNOWN_CARDINALITY, tf.data.experimental.AUTOTUNE]"),
    S("data2.exp.apply", "ds = tf.data.Dataset.from_tensors([1, 2, 2]).apply(tf.data.experimental.unbatch()).apply(tf.data.experimental.unique())\n"
      "result = list(ds.apply(tf.data.experimental.enumerate_dataset(4)).as_numpy_iterator())"),
    S("data2.exp.scan_take_while", _it("tf.data.Dataset.range(9).apply(tf.data.experimental.scan(np.int64(0), lambda s, x: (s + x, s))).apply(tf.data.experimental.take_while(lambda x: x < 12))")),
    R("data2.exp.shuffle_and_repeat", _it("tf.data.Dataset.range(4).apply(tf.data.experimental.shuffle_and_repeat(4, count=2, seed=3))")),
    S("data2.options.defaults", "o = tf.data.Options()\nresult = [o.deterministic, o.experimental_slack, o.threading.private_threadpool_size, o.autotune.enabled, o.experimental_optimization.map_parallelization, repr(o.experimental_distribute.auto_shard_policy), o.experimental_deterministic]"),
    S("data2.options.bad_name", "o = tf.data.Options()\no.foo = 1"),
    S("data2.options.bad_type", "o = tf.data.Options()\no.deterministic = 3"),
    S("data2.options.with", "o = tf.data.Options()\no.deterministic = False\no.threading.private_threadpool_size = 4\n"
      "d = tf.data.Dataset.range(3).with_options(o)\n"
      "result = [repr(d), d.options().deterministic, d.options().threading.private_threadpool_size, d.map(lambda x: x).options().deterministic, d.options() == o, tf.data.Dataset.range(2).options() == tf.data.Options(), list(d.as_numpy_iterator())]"),
    S("data2.options.merge", "o = tf.data.Options()\no.deterministic = False\no2 = tf.data.Options()\no2.deterministic = True\no3 = tf.data.Options()\no3.experimental_slack = True\n"
      "d = tf.data.Dataset.range(3).with_options(o)\n"
      "result = [d.with_options(o2).options().deterministic, d.with_options(o3).options().deterministic, d.with_options(o3).options().experimental_slack, tf.data.Dataset.zip((d, tf.data.Dataset.range(1).with_options(o3))).options().experimental_slack]"),
    S("data2.options.frozen", "tf.data.Dataset.range(3).options().deterministic = True"),
    S("data2.options.deprecated", "o = tf.data.Options()\no.experimental_deterministic = False\nresult = [o.deterministic, o.experimental_deterministic]"),
    S("data2.options.policies", "result = [repr(tf.data.experimental.AutoShardPolicy.DATA), int(tf.data.experimental.AutoShardPolicy.OFF), repr(tf.data.experimental.ExternalStatePolicy.WARN), tf.data.ThreadingOptions is tf.data.experimental.ThreadingOptions]"),
    S("data2.options.distribute", "o = tf.data.Options()\no.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA\n"
      "result = [repr(tf.data.Dataset.range(2).with_options(o).options().experimental_distribute.auto_shard_policy)]"),
]

SNIPPETS += [
    # ---- a map's element_spec when the lengths vary (TF traces; tapeviz compares two elements)
    S("data2.mapspec.fill", "result = repr(tf.data.Dataset.range(1, 8).map(lambda x: tf.fill([x], x)).element_spec)"),
    S("data2.mapspec.pair", "result = repr(tf.data.Dataset.range(1, 4).map(lambda x: (tf.range(x), tf.zeros([2, x]), x)).element_spec)"),
    S("data2.mapspec.fixed", "result = repr(tf.data.Dataset.range(3).map(lambda x: {'a': [x, x], 'b': tf.cast(x, tf.float32)}).element_spec)"),
    S("data2.mapspec.padded_batch", "ds = tf.data.Dataset.range(1, 6).map(lambda x: tf.fill([x], x)).padded_batch(2)\nresult = [repr(ds.element_spec), list(ds.as_numpy_iterator())]"),
]

_INF = "inf = tf.data.Dataset.range(3).repeat()\n"
SNIPPETS += [
    # ---- cardinality of the new transformations over infinite inputs ------------------------
    S("data2.card.choose_inf", _INF + "result = [int(tf.data.Dataset.choose_from_datasets([inf, inf], tf.data.Dataset.range(2)).cardinality()), "
      "int(tf.data.Dataset.choose_from_datasets([inf, tf.data.Dataset.range(2)], tf.data.Dataset.range(2), stop_on_empty_dataset=False).cardinality())]"),
    S("data2.card.sample", _INF + "result = [int(tf.data.Dataset.sample_from_datasets([inf, tf.data.Dataset.range(2)], seed=1, stop_on_empty_dataset=True).cardinality()), "
      "int(tf.data.Dataset.sample_from_datasets([tf.data.Dataset.range(2), tf.data.Dataset.range(2)], seed=1).cardinality())]"),
    S("data2.card.rebatch_gbw", _INF + "result = [int(inf.batch(4).rebatch(2).cardinality()), int(inf.group_by_window(lambda x: x % 2, lambda k, w: w.batch(2), 2).cardinality())]"),
    S("data2.card.assert_infinite", "ds = tf.data.Dataset.range(3).apply(tf.data.experimental.assert_cardinality(tf.data.INFINITE_CARDINALITY))\n"
      "result = int(ds.cardinality())\nlist(ds)"),
]

# Generated: shuffle orders over dataset sizes x buffer sizes x seeds, through both of tapeviz's
# paths (gathered slices, and elements one by one after a map), two passes each.
for n, b, seed in itertools.product((1, 7, 64, 300), (1, 3, 64, 1000), (0, 123456789)):
    SNIPPETS.append(R(f"data2.gen.shuffle_{n}_{b}_{seed}",
                      f"a = tf.data.Dataset.from_tensor_slices(np.arange({n})).shuffle({b}, seed={seed}).batch(8)\n"
                      f"m = tf.data.Dataset.range({n}).map(lambda x: x * 2).shuffle({b}, seed={seed})\n"
                      f"result = [[list(d.as_numpy_iterator()) for _ in range(2)] for d in (a, m)]"))

SNIPPETS += [
    # ---- checkpointing an iterator (guide/data "Iterator checkpointing") ----------------------
    S("data2.ckpt.guide", _CACHE + "range_ds = tf.data.Dataset.range(20)\niterator = iter(range_ds)\n"
      "ckpt = tf.train.Checkpoint(step=tf.Variable(0), iterator=iterator)\n"
      "manager = tf.train.CheckpointManager(ckpt, d, max_to_keep=3)\n"
      "a = [next(iterator).numpy() for _ in range(5)]\nsave_path = manager.save()\n"
      "b = [next(iterator).numpy() for _ in range(5)]\nckpt.restore(manager.latest_checkpoint)\n"
      "result = [a, b, [next(iterator).numpy() for _ in range(5)]]"),
    R("data2.ckpt.shuffle", _CACHE + "ds = tf.data.Dataset.range(20).shuffle(20, seed=1).batch(3)\nlist(ds)\nit = iter(ds)\n"
      "ckpt = tf.train.Checkpoint(iterator=it)\nbefore = [next(it) for _ in range(2)]\npath = ckpt.save(os.path.join(d, 'c'))\n"
      "after = [next(it) for _ in range(2)]\nckpt.restore(path)\nagain = [next(it) for _ in range(2)]\n"
      "fresh = iter(tf.data.Dataset.range(20).shuffle(20, seed=1).batch(3))\ntf.train.Checkpoint(iterator=fresh).restore(path)\n"
      "result = [before, after, again, [next(fresh) for _ in range(2)]]"),
]

"""tf.data snippets: sources, transformations, inspection (element_spec, cardinality, repr),
errors, and the `guide/data` notebook cells that need no download."""
import itertools

from tests.tf_diff.corpus import S


def _it(expr):
    return f"result = list({expr}.as_numpy_iterator())"


SNIPPETS = [
    # ---- sources --------------------------------------------------------------------------
    S("data.slices.list", _it("tf.data.Dataset.from_tensor_slices([1, 2, 3])")),
    S("data.slices.float", _it("tf.data.Dataset.from_tensor_slices([[1.5, 2.0], [3.0, 4.0]])")),
    S("data.slices.np_f64", _it("tf.data.Dataset.from_tensor_slices(np.arange(6.0).reshape(3, 2))")),
    S("data.slices.tuple", _it("tf.data.Dataset.from_tensor_slices(([1, 2], ['a', 'b']))")),
    S("data.slices.dict", _it("tf.data.Dataset.from_tensor_slices({'b': [1, 2], 'a': [[1.0], [2.0]]})")),
    S("data.slices.nested", _it("tf.data.Dataset.from_tensor_slices(((np.arange(2), [3, 4]), {'x': [True, False]}))")),
    S("data.slices.scalar", "tf.data.Dataset.from_tensor_slices(3)"),
    S("data.slices.mismatch", "tf.data.Dataset.from_tensor_slices(([1, 2], [1, 2, 3]))", msg=False),
    S("data.slices.empty", _it("tf.data.Dataset.from_tensor_slices(np.zeros((0, 2), np.float32))")),
    S("data.tensors.one", _it("tf.data.Dataset.from_tensors([1, 2])")),
    S("data.tensors.tuple", _it("tf.data.Dataset.from_tensors((1, 'x', 2.5))")),
    S("data.range.stop", _it("tf.data.Dataset.range(5)")),
    S("data.range.step", _it("tf.data.Dataset.range(2, 12, 3)")),
    S("data.range.neg", _it("tf.data.Dataset.range(5, 0, -2)")),
    S("data.range.dtype", _it("tf.data.Dataset.range(3, output_type=tf.int32)")),
    S("data.range.float", _it("tf.data.Dataset.range(3, output_type=tf.float32)")),
    S("data.range.empty", _it("tf.data.Dataset.range(5, 2)")),
    S("data.zip.tuple", _it("tf.data.Dataset.zip((tf.data.Dataset.range(3), tf.data.Dataset.range(5, 10)))")),
    S("data.zip.args", _it("tf.data.Dataset.zip(tf.data.Dataset.range(3), tf.data.Dataset.range(2))")),
    S("data.zip.dict", _it("tf.data.Dataset.zip({'a': tf.data.Dataset.range(2), 'b': tf.data.Dataset.from_tensor_slices([1.0, 2.0])})")),
    # ---- iteration ------------------------------------------------------------------------
    S("data.iter.next", "it = iter(tf.data.Dataset.range(3))\nresult = [next(it), next(it)]"),
    S("data.iter.for", "result = [x for x in tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]])]"),
    S("data.iter.stop", "it = iter(tf.data.Dataset.range(1))\nnext(it)\nnext(it)"),
    S("data.iter.numpy_str", _it("tf.data.Dataset.from_tensor_slices(['a', 'bc'])")),
    # ---- transformations ------------------------------------------------------------------
    S("data.map.square", _it("tf.data.Dataset.range(4).map(lambda x: x * x)")),
    S("data.map.tuple_args", _it("tf.data.Dataset.from_tensor_slices(([1, 2], [10, 20])).map(lambda a, b: a + b)")),
    S("data.map.dict", _it("tf.data.Dataset.from_tensor_slices({'a': [1, 2]}).map(lambda d: d['a'] * 2)")),
    S("data.map.to_tuple", _it("tf.data.Dataset.range(3).map(lambda x: (x, tf.cast(x, tf.float32) / 2))")),
    S("data.map.parallel", _it("tf.data.Dataset.range(5).map(lambda x: x + 1, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)")),
    S("data.filter.even", _it("tf.data.Dataset.range(10).filter(lambda x: x % 2 == 0)")),
    S("data.filter.tuple", _it("tf.data.Dataset.from_tensor_slices(([1, 2, 3], [4, 5, 6])).filter(lambda a, b: a > 1)")),
    S("data.batch.basic", _it("tf.data.Dataset.range(7).batch(3)")),
    S("data.batch.drop", _it("tf.data.Dataset.range(7).batch(3, drop_remainder=True)")),
    S("data.batch.tuple", _it("tf.data.Dataset.from_tensor_slices((np.arange(10.0).reshape(5, 2), [1, 2, 3, 4, 5])).batch(2)")),
    S("data.batch.ragged_error", _it("tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([x], x)).batch(2)"), msg=False),  # TF names either shape first
    S("data.padded_batch.basic", _it("tf.data.Dataset.range(1, 5).map(lambda x: tf.fill([x], x)).padded_batch(2)")),
    S("data.padded_batch.shapes", _it("tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([x], x)).padded_batch(2, padded_shapes=5, padding_values=tf.constant(-1, tf.int64))")),
    S("data.unbatch", _it("tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]]).batch(2).unbatch()")),
    S("data.unbatch.tuple", _it("tf.data.Dataset.from_tensors(([1, 2, 3], ['a', 'b', 'c'])).unbatch()")),
    S("data.repeat.two", _it("tf.data.Dataset.range(3).repeat(2)")),
    S("data.repeat.take", _it("tf.data.Dataset.range(2).repeat().take(5)")),
    S("data.take.more", _it("tf.data.Dataset.range(3).take(10)")),
    S("data.take.all", _it("tf.data.Dataset.range(3).take(-1)")),
    S("data.skip.two", _it("tf.data.Dataset.range(5).skip(2)")),
    S("data.skip.all", _it("tf.data.Dataset.range(5).skip(-1)")),
    S("data.prefetch", _it("tf.data.Dataset.range(4).prefetch(tf.data.AUTOTUNE)")),
    S("data.cache.twice", "ds = tf.data.Dataset.range(3).map(lambda x: x + 1).cache()\nresult = [list(ds.as_numpy_iterator()), list(ds.as_numpy_iterator())]"),
    S("data.enumerate", _it("tf.data.Dataset.from_tensor_slices([7, 8]).enumerate(start=5)")),
    S("data.concatenate", _it("tf.data.Dataset.range(2).concatenate(tf.data.Dataset.range(5, 7))")),
    S("data.concatenate.bad", "tf.data.Dataset.range(2).concatenate(tf.data.Dataset.from_tensor_slices([1.0]))", msg=False),
    S("data.reduce.sum", "result = tf.data.Dataset.range(5).reduce(np.int64(0), lambda s, x: s + x)"),
    S("data.reduce.tuple", "result = tf.data.Dataset.range(1, 4).reduce((np.int64(0), np.int64(1)), lambda s, x: (s[0] + x, s[1] * x))"),
    S("data.scan.cumsum", _it("tf.data.Dataset.range(5).scan(np.int64(0), lambda s, x: (s + x, s + x))")),
    S("data.apply", _it("tf.data.Dataset.range(5).apply(lambda ds: ds.skip(3))")),
    S("data.take_while", _it("tf.data.Dataset.range(10).take_while(lambda x: x < 4)")),
    S("data.shard", _it("tf.data.Dataset.range(10).shard(3, 1)")),
    S("data.unique", _it("tf.data.Dataset.from_tensor_slices([1, 3, 1, 2, 3, 4]).unique()")),
    S("data.unique.str", _it("tf.data.Dataset.from_tensor_slices(['a', 'b', 'a']).unique()")),
    S("data.flat_map", _it("tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]]).flat_map(tf.data.Dataset.from_tensor_slices)")),
    S("data.interleave", _it("tf.data.Dataset.range(1, 4).interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(3), cycle_length=2, block_length=2)")),
    S("data.interleave.block1", _it("tf.data.Dataset.range(1, 5).interleave(lambda x: tf.data.Dataset.range(x), cycle_length=3)")),
    S("data.window.flat", "ds = tf.data.Dataset.range(7).window(3, shift=2)\nresult = [list(w.as_numpy_iterator()) for w in ds]"),
    S("data.window.drop", "ds = tf.data.Dataset.range(7).window(3, shift=1, stride=2, drop_remainder=True)\nresult = [list(w.as_numpy_iterator()) for w in ds]"),
    S("data.window.batch", _it("tf.data.Dataset.range(6).window(2).flat_map(lambda w: w.batch(2))")),
    S("data.shuffle.perm", "result = sorted(tf.data.Dataset.range(20).shuffle(5, seed=1).as_numpy_iterator())"),
    S("data.shuffle.card", "result = int(tf.data.Dataset.range(20).shuffle(5).cardinality())"),
    S("data.shuffle.fixed", "ds = tf.data.Dataset.range(10).shuffle(10, reshuffle_each_iteration=False)\nresult = list(ds.as_numpy_iterator()) == list(ds.as_numpy_iterator())"),
    # ---- inspection -----------------------------------------------------------------------
    S("data.card.repeat", "result = [int(tf.data.Dataset.range(4).repeat(c).cardinality()) for c in (None, 0, 3)]"),
    S("data.card.filter", "result = int(tf.data.Dataset.range(4).filter(lambda x: True).cardinality())"),
    S("data.card.batch", "result = [int(tf.data.Dataset.range(10).batch(3, drop_remainder=d).cardinality()) for d in (False, True)]"),
    S("data.card.inf_take", "result = int(tf.data.Dataset.range(4).repeat().take(7).cardinality())"),
    S("data.card.skip", "result = [int(tf.data.Dataset.range(4).skip(c).cardinality()) for c in (2, 9, -1)]"),
    S("data.card.zip", "result = int(tf.data.Dataset.zip((tf.data.Dataset.range(4), tf.data.Dataset.range(2).repeat())).cardinality())"),
    S("data.card.tensor", "result = tf.data.Dataset.range(4).cardinality()"),
    S("data.card.experimental", "result = tf.data.experimental.cardinality(tf.data.Dataset.range(4))"),
    S("data.card.constants", "result = [tf.data.INFINITE_CARDINALITY, tf.data.UNKNOWN_CARDINALITY, tf.data.AUTOTUNE, tf.data.experimental.AUTOTUNE]"),
    S("data.len", "result = len(tf.data.Dataset.range(4).batch(3))"),
    S("data.len.inf", "len(tf.data.Dataset.range(4).repeat())"),
    S("data.len.unknown", "len(tf.data.Dataset.range(4).filter(lambda x: True))"),
    S("data.spec.slices", "result = repr(tf.data.Dataset.from_tensor_slices((np.zeros((4, 3), np.float32), [1, 2, 3, 4])).element_spec)"),
    S("data.spec.dict", "result = repr(tf.data.Dataset.from_tensor_slices({'a': [1.0], 'b': [[1, 2]]}).element_spec)"),
    S("data.spec.batch_drop", "result = repr(tf.data.Dataset.range(8).batch(4, drop_remainder=True).element_spec)"),
    S("data.spec.map", "result = repr(tf.data.Dataset.range(3).map(lambda x: tf.cast(x, tf.float32) * [1.0, 2.0]).element_spec)"),
    S("data.spec.unbatch", "result = repr(tf.data.Dataset.from_tensors(np.zeros((3, 2))).unbatch().element_spec)"),
    S("data.spec.padded", "result = repr(tf.data.Dataset.range(3).map(lambda x: tf.fill([x], x)).padded_batch(2, padded_shapes=[4]).element_spec)"),
    S("data.tensorspec.repr", "result = [repr(tf.TensorSpec([2, None], tf.int32)), repr(tf.TensorSpec(None)), repr(tf.TensorSpec((), name='x'))]"),
    S("data.tensorspec.compat", "s = tf.TensorSpec([None, 2], tf.float32)\nresult = [s.is_compatible_with(tf.zeros([3, 2])), s.is_compatible_with(tf.zeros([3, 3])), s.is_compatible_with(tf.TensorSpec([1, 2], tf.int32)), s == tf.TensorSpec([None, 2]), s == tf.TensorSpec([1, 2])]"),
    S("data.repr.slices", "result = repr(tf.data.Dataset.from_tensor_slices([1, 2, 3]))"),
    S("data.repr.range", "result = repr(tf.data.Dataset.range(3))"),
    S("data.repr.chain", "result = [repr(d) for d in (tf.data.Dataset.range(3).map(lambda x: x).batch(2), tf.data.Dataset.range(3).shuffle(2).repeat(), tf.data.Dataset.range(3).prefetch(1), tf.data.Dataset.range(3).take(2).skip(1), tf.data.Dataset.range(3).filter(lambda x: x > 0))]"),
    S("data.repr.zip", "result = repr(tf.data.Dataset.zip((tf.data.Dataset.range(2), tf.data.Dataset.from_tensors('a'))))"),
    # ---- errors ---------------------------------------------------------------------------
    S("data.err.filter_nonbool", "list(tf.data.Dataset.range(3).filter(lambda x: x))"),
    S("data.err.zip_list", "tf.data.Dataset.zip([tf.data.Dataset.range(2)])", msg=False),
    S("data.err.unbatch_scalar", "tf.data.Dataset.range(3).unbatch()"),
]

# Generated: batch sizes x dataset sizes x drop_remainder (values and cardinality).
for n, b, drop in itertools.product((0, 1, 5, 8), (1, 3, 8), (False, True)):
    SNIPPETS.append(S(f"data.gen.batch_{n}_{b}_{int(drop)}",
                      f"ds = tf.data.Dataset.range({n}).batch({b}, drop_remainder={drop})\n"
                      f"result = [int(ds.cardinality()), list(ds.as_numpy_iterator())]"))
# Generated: take/skip counts against finite and infinite inputs.
for count, src in itertools.product((-1, 0, 2, 7), ("range(5)", "range(3).repeat()")):
    for op in ("take", "skip"):
        tail = ".take(4)" if "repeat" in src else ""
        SNIPPETS.append(S(f"data.gen.{op}_{count}_{'inf' if 'repeat' in src else 'fin'}",
                          f"ds = tf.data.Dataset.{src}.{op}({count})\n"
                          f"result = [int(ds.cardinality()), list(ds{tail}.as_numpy_iterator())]"))
# Generated: from_tensor_slices over dtypes.
for dtype in ("float16", "float32", "float64", "int8", "int32", "int64", "uint8", "bool"):
    SNIPPETS.append(S(f"data.gen.slices_{dtype}",
                      f"ds = tf.data.Dataset.from_tensor_slices(np.arange(6).reshape(3, 2).astype(np.{dtype}))\n"
                      f"result = [repr(ds.element_spec), list(ds.as_numpy_iterator())]"))

SNIPPETS += [
    S("data.gen.from_generator", "def gen():\n    for i in range(3):\n        yield i, [float(i)] * i\n"
      "ds = tf.data.Dataset.from_generator(gen, output_signature=(tf.TensorSpec((), tf.int32), tf.TensorSpec((None,), tf.float32)))\n"
      "result = [repr(ds), int(ds.cardinality()), list(ds.as_numpy_iterator())]"),
    S("data.gen.from_generator_args", "def gen(n, s):\n    for i in range(n):\n        yield s * (i + 1)\n"
      "ds = tf.data.Dataset.from_generator(gen, args=(3, 'ab'), output_signature=tf.TensorSpec((), tf.string))\n"
      "result = list(ds.as_numpy_iterator())"),
    S("data.gen.from_generator_types", "ds = tf.data.Dataset.from_generator(lambda: iter([[1, 2], [3]]), output_types=tf.int64)\n"
      "result = [repr(ds.element_spec), list(ds.as_numpy_iterator())]"),
    S("data.gen.from_generator_shapes", "ds = tf.data.Dataset.from_generator(lambda: iter([(1, 'a')]), output_types=(tf.int64, tf.string), output_shapes=((), ()))\n"
      "result = [repr(ds.element_spec), list(ds.as_numpy_iterator())]"),
    S("data.gen.from_generator_bad_shape", "ds = tf.data.Dataset.from_generator(lambda: iter([[1, 2, 3]]), output_signature=tf.TensorSpec((2,), tf.int32))\n"
      "result = list(ds)", msg=False),
    S("data.gen.from_generator_no_sig", "tf.data.Dataset.from_generator(lambda: iter([1]))"),
    S("data.gen.from_generator_both", "tf.data.Dataset.from_generator(lambda: iter([1]), output_types=tf.int32, output_signature=tf.TensorSpec(()))"),
    S("data.gen.from_generator_repeat", "ds = tf.data.Dataset.from_generator(lambda: iter(range(2)), output_signature=tf.TensorSpec((), tf.int64)).repeat(2)\n"
      "result = list(ds.as_numpy_iterator())"),
]

# TensorFlow's guide/data notebook (site/en/guide/data.ipynb), the cells that need no download
# or random numbers, with the printed values kept as `result`.
_RANGE_WINDOWS = ("range_ds = tf.data.Dataset.range(100000)\n"
                  "def make_window_dataset(ds, window_size=5, shift=1, stride=1):\n"
                  "    windows = ds.window(window_size, shift=shift, stride=stride)\n"
                  "    def sub_to_batch(sub):\n"
                  "        return sub.batch(window_size, drop_remainder=True)\n"
                  "    return windows.flat_map(sub_to_batch)\n")
SNIPPETS += [
    S("data.guide.basic_iter", "dataset = tf.data.Dataset.from_tensor_slices([8, 3, 0, 8, 2, 1])\n"
      "it = iter(dataset)\nresult = [repr(dataset), [elem.numpy() for elem in dataset], next(it).numpy()]"),
    S("data.guide.reduce", "dataset = tf.data.Dataset.from_tensor_slices([8, 3, 0, 8, 2, 1])\n"
      "result = dataset.reduce(0, lambda state, value: state + value).numpy()"),
    S("data.guide.element_spec", "dataset1 = tf.data.Dataset.from_tensor_slices(tf.zeros([4, 10]))\n"
      "dataset2 = tf.data.Dataset.from_tensor_slices((tf.zeros([4]), tf.zeros([4, 100], dtype=tf.int32)))\n"
      "dataset3 = tf.data.Dataset.zip((dataset1, dataset2))\n"
      "result = [repr(dataset1.element_spec), repr(dataset2.element_spec), repr(dataset3.element_spec), repr(dataset3)]"),
    S("data.guide.zip_iter", "dataset1 = tf.data.Dataset.from_tensor_slices(tf.ones([4, 10]))\n"
      "dataset2 = tf.data.Dataset.from_tensor_slices((tf.ones([4]), tf.ones([4, 100], dtype=tf.int32)))\n"
      "dataset3 = tf.data.Dataset.zip((dataset1, dataset2))\n"
      "result = [[a.shape, b.shape, c.shape] for a, (b, c) in dataset3]"),
    S("data.guide.count_generator", "def count(stop):\n  i = 0\n  while i<stop:\n    yield i\n    i += 1\n"
      "ds_counter = tf.data.Dataset.from_generator(count, args=[25], output_types=tf.int32, output_shapes = (), )\n"
      "result = [count_batch.numpy() for count_batch in ds_counter.repeat().batch(10).take(10)]"),
    S("data.guide.batch_zip", "inc_dataset = tf.data.Dataset.range(100)\ndec_dataset = tf.data.Dataset.range(0, -100, -1)\n"
      "dataset = tf.data.Dataset.zip((inc_dataset, dec_dataset))\nbatched_dataset = dataset.batch(4)\n"
      "result = [[arr.numpy() for arr in batch] for batch in batched_dataset.take(4)] + [repr(batched_dataset), repr(dataset.batch(7, drop_remainder=True))]"),
    S("data.guide.padded_batch", "dataset = tf.data.Dataset.range(100)\n"
      "dataset = dataset.map(lambda x: tf.fill([tf.cast(x, tf.int32)], x))\n"
      "dataset = dataset.padded_batch(4, padded_shapes=(None,))\n"
      "result = [batch.numpy() for batch in dataset.take(2)]"),
    S("data.guide.time_batches", "range_ds = tf.data.Dataset.range(100000)\nbatches = range_ds.batch(10, drop_remainder=True)\n"
      "def dense_1_step(batch):\n  return batch[:-1], batch[1:]\n"
      "predict_dense_1_step = batches.map(dense_1_step)\n"
      "result = [batch.numpy() for batch in batches.take(5)] + [(f.numpy(), l.numpy()) for f, l in predict_dense_1_step.take(3)]"),
    S("data.guide.time_next5", "range_ds = tf.data.Dataset.range(100000)\nbatches = range_ds.batch(15, drop_remainder=True)\n"
      "def label_next_5_steps(batch):\n  return (batch[:-5], batch[-5:])\n"
      "result = [(f.numpy(), l.numpy()) for f, l in batches.map(label_next_5_steps).take(3)]"),
    S("data.guide.time_overlap", "range_ds = tf.data.Dataset.range(100000)\nfeature_length = 10\nlabel_length = 3\n"
      "features = range_ds.batch(feature_length, drop_remainder=True)\n"
      "labels = range_ds.batch(feature_length).skip(1).map(lambda labels: labels[:label_length])\n"
      "predicted_steps = tf.data.Dataset.zip((features, labels))\n"
      "result = [(f.numpy(), l.numpy()) for f, l in predicted_steps.take(5)]"),
    S("data.guide.windows", "range_ds = tf.data.Dataset.range(100000)\nwindow_size = 5\n"
      "windows = range_ds.window(window_size, shift=1)\n"
      "result = [repr(sub_ds) for sub_ds in windows.take(5)] + [x.numpy() for x in windows.flat_map(lambda x: x).take(30)]"),
    S("data.guide.windows_batch", _RANGE_WINDOWS +
      "ds = make_window_dataset(range_ds, window_size=10, shift = 5, stride=3)\n"
      "result = [example.numpy() for example in ds.take(10)]"),
    S("data.guide.dense_labels", _RANGE_WINDOWS +
      "ds = make_window_dataset(range_ds, window_size=10, shift = 5, stride=3)\n"
      "def dense_1_step(batch):\n  return batch[:-1], batch[1:]\n"
      "dense_labels_ds = ds.map(dense_1_step)\n"
      "result = [(inputs.numpy(), label.numpy()) for inputs, label in dense_labels_ds.take(2)]"),
]

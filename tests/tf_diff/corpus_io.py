"""tf.io, TFRecord, tf.train.Example, file Dataset sources and tf.summary snippets.

Files go to a fresh `tempfile.mkdtemp()` directory `d` in each snippet; a message that names a
path has `d` replaced by "D" (the directory differs between runs). TF's `tf.summary` needs the
tensorboard package importable when recording (`PYTHONPATH` to a tensorboard install).
"""
from tests.tf_diff.corpus import S

_D = "import os, tempfile\nd = tempfile.mkdtemp()\n"


def _err(code, setup=""):
    """A snippet whose error message names a path: the result is (type, message with D)."""
    body = "\n".join("    " + line for line in code.strip().splitlines())
    return (_D + setup + "try:\n" + body + "\n    result = 'no error'\n"
            "except Exception as e:\n    result = (type(e).__name__, str(e).replace(d, 'D'))\n")


_EX = _D + """
def ex(**kw):
    F, T = tf.train.Feature, tf.train
    feats = {}
    for k, v in kw.items():
        if v and isinstance(v[0], bytes): feats[k] = F(bytes_list=T.BytesList(value=v))
        elif v and isinstance(v[0], float): feats[k] = F(float_list=T.FloatList(value=v))
        else: feats[k] = F(int64_list=T.Int64List(value=v))
    return T.Example(features=T.Features(feature=feats)).SerializeToString()
a, b = ex(x=[1, 2, 3], y=[0.5], s=[b'p']), ex(x=[4], s=[b'q', b'r'])
"""

_FILES = _D + """
for i in range(3):
    with open(os.path.join(d, f'f{i}.txt'), 'w') as f:
        f.write(f'line{i}a\\nline{i}b\\r\\n')
with open(os.path.join(d, 'c.csv'), 'w') as f:
    f.write('a,b,name\\n1,2.5,x\\n3,,y\\n5,6.5,"z,w"\\n')
"""

SNIPPETS = [
    # ---- read_file / write_file -----------------------------------------------------------
    S("io.write_read", _D + "r = tf.io.write_file(os.path.join(d, 'a/b.txt'), 'hi')\n"
      "result = [r, tf.io.read_file(os.path.join(d, 'a/b.txt'))]"),
    S("io.write_read.bytes", _D + "tf.io.write_file(os.path.join(d, 'x'), tf.constant(b'\\x00\\xff'))\n"
      "result = tf.io.read_file(tf.constant(os.path.join(d, 'x')))"),
    S("io.read_file.missing", _err("tf.io.read_file(os.path.join(d, 'nope'))")),
    # ---- gfile ----------------------------------------------------------------------------
    S("io.gfile.exists", _D + "result = [tf.io.gfile.exists(d), tf.io.gfile.exists(os.path.join(d, 'x'))]"),
    S("io.gfile.makedirs_listdir", _D + "tf.io.gfile.makedirs(os.path.join(d, 'x/y/z'))\n"
      "tf.io.gfile.mkdir(os.path.join(d, 'x/y'))\n"
      "result = [sorted(tf.io.gfile.listdir(d)), tf.io.gfile.listdir(os.path.join(d, 'x')), "
      "tf.io.gfile.isdir(os.path.join(d, 'x'))]"),
    S("io.gfile.mkdir_missing_parent", _err("tf.io.gfile.mkdir(os.path.join(d, 'q/r'))")),
    S("io.gfile.listdir_missing", _err("tf.io.gfile.listdir(os.path.join(d, 'nope'))")),
    S("io.gfile.gfile_modes", _D + "p = os.path.join(d, 'f.txt')\n"
      "with tf.io.gfile.GFile(p, 'w') as f: f.write('hello\\nworld\\n')\n"
      "with tf.io.gfile.GFile(p, 'a') as f: f.write('more')\n"
      "with tf.io.gfile.GFile(p) as f: r1 = [f.readline(), f.tell(), f.read(3), f.size()]\n"
      "with tf.io.gfile.GFile(p, 'rb') as f: r2 = f.read()\n"
      "with tf.io.gfile.GFile(p) as f: r3 = list(f)\n"
      "with tf.io.gfile.GFile(p, 'wb') as f: f.write(b'\\x01\\x02')\n"
      "with tf.io.gfile.GFile(p, 'rb') as f: r4 = f.read()\n"
      "result = [r1, r2, r3, r4]"),
    S("io.gfile.gfile_missing", _err("tf.io.gfile.GFile(os.path.join(d, 'nope')).read()")),
    S("io.gfile.gfile_bad_mode", _err("tf.io.gfile.GFile(os.path.join(d, 'nope'), 'x')")),
    S("io.gfile.copy_rename", _D + "p = os.path.join(d, 'f')\n"
      "tf.io.gfile.GFile(p, 'w').write('abc')\n"
      "tf.io.gfile.copy(p, p + '2')\n"
      "tf.io.gfile.copy(p, p + '2', overwrite=True)\n"
      "tf.io.gfile.rename(p + '2', p + '3')\n"
      "tf.io.gfile.rename(p + '3', p, overwrite=True)\n"
      "result = [sorted(tf.io.gfile.listdir(d)), tf.io.gfile.stat(p).length, tf.io.gfile.stat(p).is_directory, "
      "tf.io.gfile.stat(d).is_directory]"),
    S("io.gfile.copy_exists", _err("tf.io.gfile.copy(p, p)", "p = os.path.join(d, 'f')\nopen(p, 'w').close()\n")),
    S("io.gfile.rename_exists", _err("tf.io.gfile.rename(p, p)", "p = os.path.join(d, 'f')\nopen(p, 'w').close()\n")),
    S("io.gfile.glob", _D + "for n in ['a.txt', 'b.txt', 'c.csv']: open(os.path.join(d, n), 'w').close()\n"
      "result = sorted(os.path.basename(p) for p in tf.io.gfile.glob(os.path.join(d, '*.txt')))"),
    S("io.matching_files", _D + "for n in ['b.txt', 'a.txt', 'c.csv']: open(os.path.join(d, n), 'w').close()\n"
      "m = tf.io.matching_files([os.path.join(d, '*.txt'), os.path.join(d, 'c.*')])\n"
      "result = [m.dtype, m.shape, [os.path.basename(x) for x in m.numpy()]]"),
    S("io.matching_files.none", _D + "result = tf.io.matching_files(os.path.join(d, '*.none'))"),
    S("io.gfile.walk", _D + "tf.io.gfile.makedirs(os.path.join(d, 'x/y'))\nopen(os.path.join(d, 'x/f'), 'w').close()\n"
      "result = [(t.replace(d, 'D'), sorted(s), sorted(f)) for t, s, f in tf.io.gfile.walk(d)]"),
    S("io.gfile.remove_rmtree", _D + "tf.io.gfile.makedirs(os.path.join(d, 'x/y'))\n"
      "open(os.path.join(d, 'f'), 'w').close()\ntf.io.gfile.remove(os.path.join(d, 'f'))\n"
      "tf.io.gfile.rmtree(os.path.join(d, 'x'))\nresult = tf.io.gfile.listdir(d)"),
    S("io.gfile.remove_missing", _err("tf.io.gfile.remove(os.path.join(d, 'nope'))")),
    S("io.gfile.rmtree_missing", _err("tf.io.gfile.rmtree(os.path.join(d, 'nope'))")),
    S("io.gfile.stat_missing", _err("tf.io.gfile.stat(os.path.join(d, 'nope'))")),
    # ---- serialize_tensor / parse_tensor --------------------------------------------------
    *[S(f"io.serialize.{n}", f"s = tf.io.serialize_tensor({v})\nresult = [s, tf.io.parse_tensor(s, {t})]")
      for n, v, t in [("f32", "tf.constant([1., 2.])", "tf.float32"), ("i32", "tf.constant(3)", "tf.int32"),
                      ("i64_2d", "tf.constant([[1, 2], [3, 4]], tf.int64)", "tf.int64"),
                      ("str", "tf.constant(['a', 'bc'])", "tf.string"), ("bool", "tf.constant(True)", "tf.bool"),
                      ("empty", "tf.constant([], tf.float32)", "tf.float32"),
                      ("scalar_str", "tf.constant(b'x')", "tf.string"),
                      ("u8", "tf.constant([1, 2], tf.uint8)", "tf.uint8"),
                      ("f16", "tf.constant(1.5, tf.float16)", "tf.float16"),
                      ("c64", "tf.constant([1+2j], tf.complex64)", "tf.complex64"),
                      ("f64", "tf.constant(np.arange(6.0).reshape(2, 3))", "tf.float64"),
                      ("i8", "tf.constant([-1, 5], tf.int8)", "tf.int8")]],
    S("io.parse_tensor.mismatch", "tf.io.parse_tensor(tf.io.serialize_tensor(tf.constant([1., 2.])), tf.int32)"),
    S("io.parse_tensor.garbage", "tf.io.parse_tensor(b'garbage\\xff', tf.int32)"),
    # ---- decode_raw -----------------------------------------------------------------------
    S("io.decode_raw.int16", "result = tf.io.decode_raw(tf.constant([b'\\x01\\x02\\x03\\x04', b'\\x05\\x06\\x07\\x08']), tf.int16)"),
    S("io.decode_raw.big_endian", "result = tf.io.decode_raw(tf.constant(b'\\x01\\x02\\x03\\x04'), tf.int16, little_endian=False)"),
    S("io.decode_raw.fixed_u8", "result = tf.io.decode_raw(tf.constant([b'\\x01\\x02\\x03', b'\\x05']), tf.uint8, fixed_length=4)"),
    S("io.decode_raw.fixed_i16", "result = tf.io.decode_raw(tf.constant([b'\\x01\\x02\\x03', b'\\x05']), tf.int16, fixed_length=4)"),
    S("io.decode_raw.float32", "result = tf.io.decode_raw(tf.io.serialize_tensor(tf.constant([1.0, 2.0]))[None], tf.uint8)"),
    S("io.decode_raw.float64", "result = tf.io.decode_raw(np.array([1.5, -2.0]).tobytes(), tf.float64)"),
    S("io.decode_raw.sizes_differ", "tf.io.decode_raw(tf.constant([b'\\x01\\x02\\x03', b'\\x05\\x06']), tf.int16)"),
    S("io.decode_raw.not_multiple", "tf.io.decode_raw(tf.constant(b'\\x01\\x02\\x03'), tf.int16)"),
    S("io.decode_raw.fixed_not_multiple", "tf.io.decode_raw(tf.constant([b'\\x01\\x02\\x03']), tf.int16, fixed_length=3)"),
    # ---- decode_csv -----------------------------------------------------------------------
    S("io.decode_csv.types", "result = tf.io.decode_csv(['1,2.5,a', '3,,b'], record_defaults=[[0], [0.0], ['x']])"),
    S("io.decode_csv.scalar_delim", "result = tf.io.decode_csv('1;2', record_defaults=[[0], [0]], field_delim=';')"),
    S("io.decode_csv.select_cols", "result = tf.io.decode_csv(['1,2,3'], record_defaults=[[0], [0]], select_cols=[0, 2])"),
    S("io.decode_csv.na_value", "result = tf.io.decode_csv(['1,NA,3'], record_defaults=[[0], [7], [0]], na_value='NA')"),
    S("io.decode_csv.quoted", "result = tf.io.decode_csv(['\"a,b\",2', '\"say \"\"hi\"\"\",3'], record_defaults=[[''], [0]])"),
    S("io.decode_csv.f64_i64", "result = tf.io.decode_csv(['1.5,2'], record_defaults=[[np.float64(1.0)], [np.int64(2)]])"),
    S("io.decode_csv.2d", "result = tf.io.decode_csv([['1,2'], ['3,4']], record_defaults=[[1], [2]])"),
    S("io.decode_csv.strings", "result = tf.io.decode_csv(['true,2'], record_defaults=[[''], ['']])"),
    S("io.decode_csv.required", "tf.io.decode_csv(['1,,3'], record_defaults=[[0], tf.constant([], tf.int32), [0]])"),
    S("io.decode_csv.too_few", "tf.io.decode_csv(['1,2'], record_defaults=[[0], [0], [0]])"),
    S("io.decode_csv.bad_int", "tf.io.decode_csv(['1,x'], record_defaults=[[0], [0]])"),
    S("io.decode_csv.bad_float", "tf.io.decode_csv(['1,x'], record_defaults=[[0], [0.0]])"),
    S("io.decode_csv.dtype_default", "tf.io.decode_csv(['1,2'], record_defaults=[tf.int32, tf.int64])"),
    S("io.decode_csv.unsorted_cols", "tf.io.decode_csv(['1,2'], record_defaults=[[1], [2]], select_cols=[1, 0])"),
    # ---- TFRecord -------------------------------------------------------------------------
    S("io.tfrecord.bytes", _D + "p = os.path.join(d, 'r.tfrecord')\n"
      "with tf.io.TFRecordWriter(p) as w:\n    w.write(b'abc'); w.write(''); w.write(b'\\x00' * 300)\n"
      "result = open(p, 'rb').read()"),
    *[S(f"io.tfrecord.roundtrip.{c or 'none'}", _D + f"p = os.path.join(d, 'r.tfrecord')\n"
        f"with tf.io.TFRecordWriter(p, tf.io.TFRecordOptions(compression_type='{c}')) as w:\n"
        f"    w.write(b'abc'); w.write(b'x' * 100)\n"
        f"ds = tf.data.TFRecordDataset(p, compression_type='{c}')\n"
        "result = [list(ds.as_numpy_iterator()), repr(ds), ds.element_spec, ds.cardinality()]")
      for c in ["", "GZIP", "ZLIB"]],
    S("io.tfrecord.options_string", _D + "p = os.path.join(d, 'r.tfrecord')\n"
      "with tf.io.TFRecordWriter(p, 'GZIP') as w: w.write(b'abc')\n"
      "result = list(tf.data.TFRecordDataset([p, p], 'GZIP').as_numpy_iterator())"),
    S("io.tfrecord.options", "o = tf.io.TFRecordOptions(compression_type='GZIP', compression_level=5)\n"
      "result = [o.compression_type, o.compression_level, tf.io.TFRecordOptions.get_compression_type_string('ZLIB')]"),
    S("io.tfrecord.bad_option", "tf.io.TFRecordOptions(compression_type='BAD')"),
    S("io.tfrecord.missing", _err("next(iter(tf.data.TFRecordDataset(os.path.join(d, 'nope'))))")),
    S("io.tfrecord.corrupt", _err("list(tf.data.TFRecordDataset(p))",
                                  "p = os.path.join(d, 'r')\nwith tf.io.TFRecordWriter(p) as w: w.write(b'hello')\n"
                                  "data = bytearray(open(p, 'rb').read()); data[13] ^= 1\nopen(p, 'wb').write(bytes(data))\n"),
      msg=False),
    # ---- tf.train.Example -----------------------------------------------------------------
    S("io.example.text", "f = tf.train.Feature(int64_list=tf.train.Int64List(value=[1, 2]))\n"
      "result = [str(f), str(tf.train.Example(features=tf.train.Features(feature={'a': f})))]"),
    S("io.example.roundtrip", "e = tf.train.Example(features=tf.train.Features(feature={"
      "'a': tf.train.Feature(bytes_list=tf.train.BytesList(value=[b'x', b'y']))}))\n"
      "s = e.SerializeToString()\nresult = [s, tf.train.Example.FromString(s) == e, "
      "list(tf.train.Example.FromString(s).features.feature['a'].bytes_list.value)]"),
    S("io.example.float_bytes", "result = tf.train.Feature(float_list=tf.train.FloatList(value=[0.5, 1.0])).SerializeToString()"),
    S("io.example.sequence", "fl = tf.train.FeatureList(feature=[tf.train.Feature(int64_list=tf.train.Int64List(value=[i])) for i in range(3)])\n"
      "se = tf.train.SequenceExample(feature_lists=tf.train.FeatureLists(feature_list={'t': fl}))\n"
      "result = [se.SerializeToString(), len(se.feature_lists.feature_list['t'].feature)]"),
    S("io.feature.reprs", "result = [repr(tf.io.FixedLenFeature([2], tf.int64)), repr(tf.io.VarLenFeature(tf.string)), "
      "repr(tf.io.FixedLenSequenceFeature([], tf.float32, allow_missing=True))]"),
    # ---- parse_example --------------------------------------------------------------------
    S("io.parse.single", _EX + "result = tf.io.parse_single_example(a, {'x': tf.io.FixedLenFeature([3], tf.int64), "
      "'q': tf.io.FixedLenFeature([2], tf.float32, default_value=[1., 2.]), 'y': tf.io.FixedLenFeature([], tf.float32)})"),
    S("io.parse.single_reshape", _EX + "result = tf.io.parse_single_example(a, {'x': tf.io.FixedLenFeature([3, 1], tf.int64)})"),
    S("io.parse.batch", _EX + "result = tf.io.parse_example([a, a], {'x': tf.io.FixedLenFeature([3], tf.int64), "
      "'s': tf.io.FixedLenFeature([], tf.string), 'y': tf.io.FixedLenFeature([1], tf.float32)})"),
    S("io.parse.varlen", _EX + "r = tf.io.parse_example([a, b], {'s': tf.io.VarLenFeature(tf.string), 'x': tf.io.VarLenFeature(tf.int64)})\n"
      "result = {k: (v.indices, v.values, v.dense_shape) for k, v in r.items()}"),
    S("io.parse.varlen_single", _EX + "v = tf.io.parse_single_example(b, {'s': tf.io.VarLenFeature(tf.string)})['s']\n"
      "result = (v.indices, v.values, v.dense_shape)"),
    S("io.parse.varlen_empty_batch", "v = tf.io.parse_example(tf.constant([], tf.string), {'x': tf.io.VarLenFeature(tf.int64)})['x']\n"
      "result = (v.indices, v.values, v.dense_shape)"),
    S("io.parse.sequence", _EX + "result = tf.io.parse_example([a, b], {'x': tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True, default_value=-1), "
      "'s': tf.io.FixedLenSequenceFeature([], tf.string, allow_missing=True)})"),
    S("io.parse.default_missing", _EX + "result = tf.io.parse_example([a, b], {'y': tf.io.FixedLenFeature([], tf.float32, default_value=9.0)})"),
    S("io.parse.count_batch", _EX + "tf.io.parse_example([a, b], {'x': tf.io.FixedLenFeature([3], tf.int64)})"),
    S("io.parse.count_single", _EX + "tf.io.parse_single_example(a, {'x': tf.io.FixedLenFeature([2], tf.int64)})"),
    S("io.parse.type_single", _EX + "tf.io.parse_single_example(a, {'x': tf.io.FixedLenFeature([3], tf.float32)})"),
    S("io.parse.type_batch_varlen", _EX + "tf.io.parse_example([a, b], {'y': tf.io.VarLenFeature(tf.int64)})"),
    S("io.parse.missing", _EX + "tf.io.parse_single_example(b, {'y': tf.io.FixedLenFeature([], tf.float32)})"),
    S("io.parse.int32", _EX + "tf.io.parse_single_example(a, {'x': tf.io.FixedLenFeature([3], tf.int32)})"),
    S("io.parse.not_scalar", _EX + "tf.io.parse_single_example([a], {'x': tf.io.FixedLenFeature([3], tf.int64)})"),
    S("io.parse.no_features", _EX + "tf.io.parse_example([a], {})"),
    S("io.parse.bad_feature", _EX + "tf.io.parse_example([a], {'x': 3})"),
    S("io.parse.unknown_dim", _EX + "tf.io.parse_example([a], {'x': tf.io.FixedLenFeature([None], tf.int64)})"),
    S("io.parse.seq_not_allow_missing", _EX + "tf.io.parse_example([a], {'x': tf.io.FixedLenSequenceFeature([], tf.int64)})"),
    S("io.parse.tfrecord_pipeline", _EX + "p = os.path.join(d, 'e.tfrecord')\n"
      "with tf.io.TFRecordWriter(p) as w:\n    w.write(a); w.write(b)\n"
      "ds = tf.data.TFRecordDataset(p).map(lambda r: tf.io.parse_single_example(r, {'x': tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True)}))\n"
      "result = list(ds.as_numpy_iterator())"),
    # ---- file Dataset sources -------------------------------------------------------------
    S("data.textline", _FILES + "ds = tf.data.TextLineDataset([os.path.join(d, 'f0.txt'), os.path.join(d, 'f1.txt')])\n"
      "result = [list(ds.as_numpy_iterator()), repr(ds), ds.cardinality()]"),
    S("data.textline.gzip", _D + "import gzip\np = os.path.join(d, 'a.gz')\n"
      "open(p, 'wb').write(gzip.compress(b'x\\ny\\n'))\n"
      "result = list(tf.data.TextLineDataset(p, compression_type='GZIP').as_numpy_iterator())"),
    S("data.textline.missing", _err("list(tf.data.TextLineDataset(os.path.join(d, 'nope.txt')))")),
    S("data.list_files.sorted", _FILES + "ds = tf.data.Dataset.list_files(os.path.join(d, '*.txt'), shuffle=False)\n"
      "result = [[os.path.basename(x) for x in ds.as_numpy_iterator()], repr(ds), ds.cardinality()]"),
    S("data.list_files.shuffled", _FILES + "ds = tf.data.Dataset.list_files(os.path.join(d, '*.txt'), seed=3)\n"
      "result = [sorted(os.path.basename(x) for x in ds.as_numpy_iterator()), repr(ds), ds.cardinality()]"),
    S("data.list_files.list", _FILES + "ds = tf.data.Dataset.list_files([os.path.join(d, 'f1.txt'), os.path.join(d, '*.csv')], shuffle=False)\n"
      "result = [os.path.basename(x) for x in ds.as_numpy_iterator()]"),
    S("data.list_files.none", _err("tf.data.Dataset.list_files(os.path.join(d, '*.none'))")),
    S("data.csv_dataset", _FILES + "ds = tf.data.experimental.CsvDataset(os.path.join(d, 'c.csv'), [tf.int32, tf.constant([0.0]), tf.string], header=True)\n"
      "result = [list(ds.as_numpy_iterator()), repr(ds), ds.element_spec, ds.cardinality()]"),
    S("data.csv_dataset.select", _FILES + "ds = tf.data.experimental.CsvDataset(os.path.join(d, 'c.csv'), [[0], [0.0]], header=True, select_cols=[0, 1])\n"
      "result = list(ds.as_numpy_iterator())"),
    S("data.csv_dataset.required", _FILES + "list(tf.data.experimental.CsvDataset(os.path.join(d, 'c.csv'), [tf.int32, tf.float32, tf.string], header=True))"),
    *[S(f"data.csv_dataset.error.{n}", _D + f"p = os.path.join(d, 'c.csv')\nopen(p, 'w').write({text!r})\n"
        f"list(tf.data.experimental.CsvDataset(p, {defaults}{extra}))")
      for n, text, defaults, extra in [("few", "1,2\n3\n", "[[0], [0]]", ""), ("more", "1,2,3\n", "[[0], [0]]", ""),
                                       ("int", "1,x\n", "[[0], [0]]", ""), ("float", "1,x\n", "[[0], [0.0]]", ""),
                                       ("select_size", "1,2\n", "[[0], [0], [0]]", ", select_cols=[0, 2]")]],
    S("data.csv_dataset.exclude_quotes_crlf", _D + "p = os.path.join(d, 'c.csv')\n"
      "open(p, 'w').write('\"a,b\",2,0\\r\\n\"x\"\"y\",3,0')\n"
      "result = list(tf.data.experimental.CsvDataset(p, [[''], [0]], exclude_cols=[2]).as_numpy_iterator())"),
    S("data.make_csv.label", _FILES + "ds = tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), batch_size=2, label_name='a', num_epochs=1, shuffle=False)\n"
      "result = [repr(ds), [(dict(f), l) for f, l in ds.as_numpy_iterator()]]"),
    S("data.make_csv.select", _FILES + "ds = tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), batch_size=2, num_epochs=1, shuffle=False, "
      "select_columns=['a', 'name'], column_defaults=[0, 'q'])\nresult = [repr(ds), [dict(f) for f in ds.as_numpy_iterator()]]"),
    S("data.make_csv.epochs", _FILES + "ds = tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), batch_size=2, num_epochs=None, shuffle=False)\n"
      "result = [repr(ds), [dict(f)['a'] for f in ds.take(3).as_numpy_iterator()]]"),
    S("data.make_csv.shuffled", _FILES + "ds = tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), batch_size=5, num_epochs=1, shuffle_seed=1)\n"
      "result = [ds.cardinality(), [sorted(dict(f)['a'].tolist()) for f in ds.as_numpy_iterator()]]"),
    S("data.make_csv.bad_label", _err("tf.data.experimental.make_csv_dataset(os.path.join(d, 'c.csv'), batch_size=2, label_name='zz')",
                                      "open(os.path.join(d, 'c.csv'), 'w').write('a,b\\n1,2\\n')\n")),
    # ---- tf.summary -----------------------------------------------------------------------
    S("summary.no_writer", "result = tf.summary.scalar('a', 1.0, step=1)"),
    S("summary.write_values", _D + "w = tf.summary.create_file_writer(d)\n"
      "with w.as_default(step=5):\n"
      "    r = [tf.summary.experimental.get_step(), tf.summary.scalar('a', 1.0), tf.summary.histogram('h', [1., 2.]), "
      "tf.summary.text('t', 'hi'), tf.summary.image('i', tf.zeros([1, 2, 2, 1]))]\n"
      "    with tf.summary.record_if(False):\n        r.append(tf.summary.scalar('a', 1.0))\n"
      "w.close()\nresult = r + [len(os.listdir(d)), os.listdir(d)[0].endswith('.v2')]"),
    S("summary.no_step", _D + "tf.summary.experimental.set_step(None)\n"
      "with tf.summary.create_file_writer(d).as_default():\n    tf.summary.scalar('a', 1.0)"),
    S("summary.set_step", "tf.summary.experimental.set_step(3)\nr = tf.summary.experimental.get_step()\n"
      "tf.summary.experimental.set_step(None)\nresult = [r, tf.summary.experimental.get_step()]"),
    S("summary.not_scalar", _D + "with tf.summary.create_file_writer(d).as_default(step=1):\n    tf.summary.scalar('a', [1.0, 2.0])"),
    S("summary.image_rank", _D + "with tf.summary.create_file_writer(d).as_default(step=1):\n    tf.summary.image('a', tf.zeros([4, 4, 3]))"),
]

"""Second wave of TensorFlow's own guides under tapeviz (ragged_tensor, intro_to_modules,
function, the customization tutorials): what they do that tapeviz did otherwise.
"""
import textwrap

from tests.tf_diff.corpus import S

_EXAMPLES = """
def ex(**kw):
    def feat(v):
        if v and isinstance(v[0], bytes):
            return tf.train.Feature(bytes_list=tf.train.BytesList(value=v))
        return tf.train.Feature(int64_list=tf.train.Int64List(value=v))
    return tf.train.Example(features=tf.train.Features(
        feature={k: feat(v) for k, v in kw.items()})).SerializeToString()
batch = [ex(colors=[b"red", b"blue"], lengths=[7]), ex(colors=[b"orange"], lengths=[]),
         ex(colors=[b"black", b"yellow"], lengths=[1, 3]), ex(colors=[b"green"])]
"""

SNIPPETS = [
    # ---- tf.io.RaggedFeature (ragged_tensor guide: parse_example into ragged tensors) ------------
    S("ragged_feature.repr", """
        result = [repr(tf.io.RaggedFeature(tf.string)),
                  repr(tf.io.RaggedFeature(tf.int64, value_key="x", row_splits_dtype=tf.int64))]
    """),
    S("ragged_feature.parse_example", _EXAMPLES + textwrap.dedent("""
        spec = {"colors": tf.io.RaggedFeature(tf.string), "lengths": tf.io.RaggedFeature(tf.int64)}
        out = tf.io.parse_example(batch, spec)
        result = {k: [repr(v), v.to_list(), v.row_splits, v.dtype.name] for k, v in out.items()}
    """)),
    S("ragged_feature.int64_splits_and_value_key", _EXAMPLES + textwrap.dedent("""
        spec = {"n": tf.io.RaggedFeature(tf.int64, value_key="lengths", row_splits_dtype=tf.int64)}
        out = tf.io.parse_example(batch, spec)["n"]
        result = [out.to_list(), out.row_splits]
    """)),
    S("ragged_feature.single_example_is_dense", _EXAMPLES + textwrap.dedent("""
        out = tf.io.parse_single_example(batch[2], {"lengths": tf.io.RaggedFeature(tf.int64),
                                                    "colors": tf.io.RaggedFeature(tf.string)})
        result = out
    """)),
    S("ragged_feature.with_fixed_len", _EXAMPLES + textwrap.dedent("""
        out = tf.io.parse_example(batch[:3], {"colors": tf.io.RaggedFeature(tf.string),
                                              "lengths": tf.io.VarLenFeature(tf.int64)})
        result = [out["colors"].to_list(), tf.sparse.to_dense(out["lengths"])]
    """)),
    S("ragged_feature.wrong_dtype", _EXAMPLES + textwrap.dedent("""
        result = tf.io.parse_example(batch, {"lengths": tf.io.RaggedFeature(tf.float32)})
    """)),
    S("ragged_feature.dataset", _EXAMPLES + textwrap.dedent("""
        out = tf.io.parse_example(batch, {"colors": tf.io.RaggedFeature(tf.string),
                                          "lengths": tf.io.RaggedFeature(tf.int64)})
        ds = tf.data.Dataset.from_tensor_slices(out)
        result = [repr(ds.element_spec)] + [
            [repr(e["colors"]), repr(e["lengths"])] for e in ds.batch(2)]
    """)),
]

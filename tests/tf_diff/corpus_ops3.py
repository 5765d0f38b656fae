"""Hand-picked snippets for the third batch of issue-12 gaps: tf.linalg.diag, diag_part and
set_diag with a band `k=(lower, upper)` and each `align`, with gradients and TF's errors for bad
`k` and shapes; RaggedTensor-with-RaggedTensor broadcasting of different partitions; and RE2's
regex semantics in tf.strings (`\\C`, `\\B`, Unicode and script classes, `(?i)` case folding,
`(?s)`, `(?U)`, and RE2's rejections of what Python's `re` accepts)."""
from tests.tf_diff.corpus import S

_ALIGNS = ["RIGHT_LEFT", "LEFT_RIGHT", "LEFT_LEFT", "RIGHT_RIGHT"]


def _grad(setup, expr, watch="x"):
    return f"""
{setup}
with tf.GradientTape() as t:
    t.watch({watch})
    y = {expr}
result = [y, t.gradient(y, {watch})]
"""


_M34 = "x = tf.reshape(tf.range(1.0, 13.0), [3, 4])"
_B = "x = tf.reshape(tf.range(1, 25), [2, 3, 4])"

DIAG = [
    S(f"ops3.diag_part.{a}.{lo}_{hi}", f"{_M34}\nresult = tf.linalg.diag_part(x, k=({lo}, {hi}), align='{a}', "
      "padding_value=-1.0)")
    for a in _ALIGNS for lo, hi in [(-2, 3), (-1, 1), (1, 2), (-2, -1), (0, 0)]
] + [
    S(f"ops3.diag.{a}.{lo}_{hi}", f"d = tf.reshape(tf.range(1, {(hi - lo + 1) * 3 + 1}), [{hi - lo + 1}, 3])\n"
      f"result = tf.linalg.diag(d, k=({lo}, {hi}), align='{a}', padding_value=9)")
    for a in _ALIGNS for lo, hi in [(-1, 1), (0, 2), (-2, 0), (1, 1)]
] + [
    S(f"ops3.set_diag.{a}", f"{_M34}\nd = -tf.reshape(tf.range(1.0, 10.0), [3, 3])\n"
      f"result = tf.linalg.set_diag(x, d, k=(-1, 1), align='{a}')")
    for a in _ALIGNS
] + [
    S(f"ops3.set_diag.wide.{a}", "x = tf.zeros([2, 3, 5], tf.int32)\nd = tf.reshape(tf.range(1, 19), [2, 3, 3])\n"
      f"result = tf.linalg.set_diag(x, d, k=(0, 2), align='{a}')")
    for a in _ALIGNS
] + [
    S("ops3.diag_part.batch", f"{_B}\nresult = tf.linalg.diag_part(x, k=(-1, 2))"),
    S("ops3.diag_part.tall", "x = tf.reshape(tf.range(15), [5, 3])\nresult = [tf.linalg.diag_part(x, k=(-4, 0)), "
      "tf.linalg.diag_part(x, k=-3), tf.linalg.diag_part(x, k=2)]"),
    S("ops3.diag_part.k_tensor", f"{_M34}\nresult = tf.linalg.diag_part(x, k=tf.constant([-1, 1]))"),
    S("ops3.diag_part.k_list1", f"{_M34}\nresult = tf.linalg.diag_part(x, k=[1])"),
    S("ops3.diag_part.bool", "x = tf.ones([3, 4], tf.bool)\nresult = tf.linalg.diag_part(x, k=(-1, 1))"),
    S("ops3.diag_part.complex", "x = tf.complex(tf.ones([2, 3]), tf.ones([2, 3]))\n"
      "result = tf.linalg.diag_part(x, k=(0, 1), padding_value=5)"),
    S("ops3.diag_part.empty_rows", "x = tf.ones([2, 0, 4])\nresult = tf.linalg.diag_part(x, k=(0, 2))"),
    S("ops3.diag.k_scalar", "result = [tf.linalg.diag([1, 2, 3], k=1), tf.linalg.diag([1, 2, 3], k=-2)]"),
    S("ops3.diag.rows_given", "result = tf.linalg.diag(tf.ones([2, 3]), k=(-1, 0), num_rows=7)"),
    S("ops3.diag.cols_given", "result = tf.linalg.diag(tf.ones([2, 3]), k=(-1, 0), num_cols=7)"),
    S("ops3.diag.both_given", "result = tf.linalg.diag(tf.ones([3]), k=1, num_rows=7, num_cols=4)"),
    S("ops3.diag.one_band", "result = tf.linalg.diag(tf.ones([1, 3]), k=(0, 0))"),
    S("ops3.diag.empty", "result = tf.linalg.diag(tf.ones([2, 0]), k=(0, 1))"),
    S("ops3.diag.batch_band", "d = tf.reshape(tf.range(1.0, 13.0), [2, 2, 3])\n"
      "result = tf.linalg.diag(d, k=(-1, 0), align='LEFT_RIGHT', padding_value=0.5)"),
    S("ops3.diag.padding_int", "result = tf.linalg.diag([1, 2], padding_value=9)"),
    S("ops3.diag.padding_bool", "result = tf.linalg.diag(tf.ones([3], tf.bool), padding_value=1)"),
    S("ops3.set_diag.k_scalar", f"{_M34}\nresult = [tf.linalg.set_diag(x, [7.0, 8.0, 9.0], k=1), "
      "tf.linalg.set_diag(x, [7.0], k=-2)]"),
    S("ops3.set_diag.k_equal_pair", f"{_M34}\nresult = tf.linalg.set_diag(x, [7.0, 8.0, 9.0], k=(1, 1))"),
    # ---- gradients ----
    S("ops3.diag_part.grad", _grad(f"{_M34}\nx = tf.cast(x, tf.float64)",
                                   "tf.linalg.diag_part(x, k=(-1, 2), align='LEFT_RIGHT') * "
                                   "tf.reshape(tf.range(1.0, 17.0, dtype=tf.float64), [4, 4])")),
    S("ops3.diag.grad", _grad("x = tf.reshape(tf.range(1.0, 10.0, dtype=tf.float64), [3, 3])",
                              "tf.linalg.diag(x, k=(-2, 0), align='RIGHT_RIGHT', padding_value=3.0) ** 2")),
    S("ops3.set_diag.grad", _grad(f"{_M34}\nx = tf.cast(x, tf.float64)\nd = tf.ones([2, 3], tf.float64)",
                                  "tf.linalg.set_diag(x * x, d * 3.0, k=(0, 1), align='LEFT_LEFT') ** 2",
                                  watch="[x, d]")),
    S("ops3.set_diag.grad_batch", _grad("x = tf.ones([2, 3, 3], tf.float64)\nd = tf.ones([2, 3, 3], tf.float64)",
                                        "tf.linalg.set_diag(x, d * tf.reshape(tf.range(18.0, dtype=tf.float64), "
                                        "[2, 3, 3]), k=(-1, 1)) * tf.range(3.0, dtype=tf.float64)",
                                        watch="[x, d]")),
    # ---- errors ----
    S("ops3.err.diag.lower_gt_upper", "result = tf.linalg.diag(tf.ones([2, 3]), k=(1, 0))"),
    S("ops3.err.diag.count", "result = tf.linalg.diag(tf.ones([2, 3]), k=(-1, 1))"),
    S("ops3.err.diag.count_rank1", "result = tf.linalg.diag(tf.ones([3]), k=(0, 1))"),
    S("ops3.err.diag.three", "result = tf.linalg.diag(tf.ones([2, 3]), k=[0, 1, 2])"),
    S("ops3.err.diag.align", "result = tf.linalg.diag(tf.ones([2, 3]), k=(0, 1), align='FOO')"),
    S("ops3.err.diag.inconsistent", "result = tf.linalg.diag(tf.ones([2, 3]), k=(0, 1), num_rows=5, num_cols=5)"),
    S("ops3.err.diag.rows_small", "result = tf.linalg.diag(tf.ones([3]), k=1, num_rows=2, num_cols=2)"),
    S("ops3.err.diag.rows_small_list", "result = tf.linalg.diag(tf.ones([3]), k=[1], num_rows=2, num_cols=2)"),
    S("ops3.err.diag.cols_small", "result = tf.linalg.diag(tf.ones([3]), k=-1, num_cols=2)"),
    S("ops3.err.diag.inconsistent_k", "result = tf.linalg.diag(tf.ones([3]), k=1, num_rows=4, num_cols=7)"),
    S("ops3.err.diag.scalar", "result = tf.linalg.diag(tf.constant(1.0))"),
    S("ops3.err.diag.float_k", "result = tf.linalg.diag(tf.ones([3]), k=1.5)"),
    S("ops3.err.diag.padding_dtype", "result = tf.linalg.diag(tf.ones([3]), padding_value=tf.constant(1, tf.int32))"),
    S("ops3.err.diag.padding_float_for_int", "result = tf.linalg.diag(tf.ones([3], tf.int32), padding_value=1.5)"),
    S("ops3.err.diag.padding_vector", "result = tf.linalg.diag(tf.ones([3]), padding_value=[1.0, 2.0])"),
    S("ops3.err.diag.rows_vector", "result = tf.linalg.diag(tf.ones([3]), num_rows=tf.constant([3]))"),
    S("ops3.err.diag.rows_negative", "result = tf.linalg.diag(tf.ones([3]), num_rows=-5)"),
    S("ops3.err.diag_part.lower_gt_upper", "result = tf.linalg.diag_part(tf.ones([3, 4]), k=(2, 1))"),
    S("ops3.err.diag_part.lower_bound", "result = tf.linalg.diag_part(tf.ones([3, 4]), k=(-3, 1))"),
    S("ops3.err.diag_part.upper_bound", "result = tf.linalg.diag_part(tf.ones([3, 4]), k=(0, 4))"),
    S("ops3.err.diag_part.both_bad", "result = tf.linalg.diag_part(tf.ones([3, 4]), k=(5, 1))"),
    S("ops3.err.diag_part.k_scalar", "result = tf.linalg.diag_part(tf.ones([3, 4]), k=5)"),
    S("ops3.err.diag_part.rank1", "result = tf.linalg.diag_part(tf.ones([3]), k=(0, 1))"),
    S("ops3.err.diag_part.align", "result = tf.linalg.diag_part(tf.ones([3, 4]), k=(0, 1), align='left')"),
    S("ops3.err.diag_part.k_matrix", "result = tf.linalg.diag_part(tf.ones([3, 4]), k=tf.constant([[0, 1]]))"),
    S("ops3.err.diag_part.k_float", "result = tf.linalg.diag_part(tf.ones([3, 4]), k=tf.constant([0.0, 1.0]))"),
    S("ops3.err.diag_part.k_empty", "result = tf.linalg.diag_part(tf.ones([3, 4]), k=())"),
    S("ops3.err.diag_part.empty_bound", "result = tf.linalg.diag_part(tf.ones([2, 0, 4]), k=(-1, 1))"),
    S("ops3.err.diag_part.string", "result = tf.linalg.diag_part(tf.constant([['a', 'b'], ['c', 'd']]), k=(-1, 1), "
      "padding_value='z')", msg=False),
    S("ops3.err.set_diag.count", "result = tf.linalg.set_diag(tf.ones([3, 4]), tf.ones([3, 3]), k=(0, 1))"),
    S("ops3.err.set_diag.count_rank1", "result = tf.linalg.set_diag(tf.ones([3, 4]), tf.ones([3]), k=(0, 1))"),
    S("ops3.err.set_diag.lower_gt_upper", "result = tf.linalg.set_diag(tf.ones([3, 4]), tf.ones([2, 3]), k=(1, 0))"),
    S("ops3.err.set_diag.upper_bound", "result = tf.linalg.set_diag(tf.ones([3, 4]), tf.ones([2, 4]), k=(0, 4))"),
    S("ops3.err.set_diag.lower_bound", "result = tf.linalg.set_diag(tf.ones([3, 4]), tf.ones([4]), k=(-3, 0))"),
    S("ops3.err.set_diag.k_scalar_bound", "result = tf.linalg.set_diag(tf.ones([3, 4]), tf.ones([3]), k=5)"),
    S("ops3.err.set_diag.three", "result = tf.linalg.set_diag(tf.ones([3, 4]), tf.ones([2, 3]), k=[0, 1, 2])"),
    S("ops3.err.set_diag.k_empty", "result = tf.linalg.set_diag(tf.ones([3, 4]), tf.ones([2, 3]), k=())"),
    S("ops3.err.set_diag.dtype", "result = tf.linalg.set_diag(tf.ones([3, 4]), tf.ones([2, 3], tf.float64), "
      "k=(0, 1))"),
    S("ops3.err.set_diag.rank1", "result = tf.linalg.set_diag(tf.ones([4]), tf.ones([2, 3]), k=(0, 1))"),
    S("ops3.err.set_diag.scalar_diag", "result = tf.linalg.set_diag(tf.ones([3, 4]), tf.constant(1.0), k=0)"),
    S("ops3.err.set_diag.align", "result = tf.linalg.set_diag(tf.ones([3, 4]), tf.ones([2, 3]), k=(0, 1), align='X')"),
    S("ops3.err.set_diag.shape", "result = tf.linalg.set_diag(tf.ones([2, 3, 4]), tf.ones([3, 3]), k=(-1, 1))"),
    S("ops3.err.set_diag.shape_k0", "result = tf.linalg.set_diag(tf.ones([3, 4]), tf.ones([2]), k=0)"),
    S("ops3.err.set_diag.int_list", "result = tf.linalg.set_diag(tf.ones([3, 4], tf.int32), [1.5, 2, 3], k=0)"),
]

SNIPPETS = DIAG

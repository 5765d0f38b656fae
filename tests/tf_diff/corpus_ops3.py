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


# ---- RaggedTensor with RaggedTensor of different partitions (TF's DynamicRaggedShape) ----------
_R = """
R = tf.ragged.constant
U = tf.RaggedTensor.from_uniform_row_length
def show(x):
    if hasattr(x, 'to_list'):
        return [type(x).__name__, repr(x), x.dtype, x.shape, x.to_list(), [s.numpy() for s in x.nested_row_splits]]
    return x
"""


def _rb(name, expr, setup=""):
    return S(f"ops3.ragged_bcast.{name}", _R + f"{setup}\nresult = show({expr})")


RAGGED = [
    _rb("same_rows", "R([[1, 2], [3]]) + R([[10, 20], [30]])"),
    _rb("ragged_len1_rows", "R([[1, 2], [3]]) + R([[10], [20]])"),
    _rb("ragged_len1_float", "R([[1.0, 2.0], [3.0]]) * R([[10.0], [20.0]])"),
    _rb("row_lengths_differ", "R([[1, 2], [3]]) + R([[10, 20], [30, 40]])"),
    _rb("nrows_differ", "R([[1, 2], [3]]) + R([[10], [20], [30]])"),
    _rb("one_row_len1", "R([[1, 2], [3]]) + R([[10]])"),
    _rb("one_row_long", "R([[1, 2], [3, 4, 5]]) + R([[10]])"),
    _rb("one_row_same", "R([[1, 2]]) + R([[10, 20], [30, 40]], ragged_rank=1)"),
    _rb("rank3_vs_rank2", "R([[[1, 2], [3]], [[4]]]) + R([[10], [20]])"),
    _rb("rank2_vs_rank3", "R([[10], [20]]) - R([[[1, 2], [3]], [[4]]])"),
    _rb("rank3_len1", "R([[[1, 2], [3]], [[4]]]) + R([[[10]], [[20]]])"),
    _rb("rank3_inner_len1", "R([[[1, 2], [3]], [[4]]]) + R([[[10], [1]], [[20]]])"),
    _rb("rank3_inner_differ", "R([[[1, 2], [3]], [[4]]]) + R([[[10], [1, 2]], [[20]]])"),
    _rb("rank3_same", "R([[[1, 2], [3]], [[4]]]) * R([[[10, 20], [30]], [[40]]])"),
    _rb("rank3_one_outer", "R([[[1, 2], [3]]]) + R([[[10, 20], [30]], [[40, 50], [60]]])"),
    _rb("ragged_rank1_inner", "R([[1, 2], [3]], ragged_rank=1) + R([[[10, 11]], [[20, 21]]], ragged_rank=1)"),
    _rb("inner_uniform_vs_rows", "R([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1) + R([[10], [20]])"),
    _rb("ragged_rank_1_vs_2", "R([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1) + "
        "R([[[10, 1]], [[20, 2], [30, 3]]], ragged_rank=2)"),
    _rb("ragged_rank_2_vs_1", "R([[[10, 1]], [[20, 2], [30, 3]]], ragged_rank=2) - "
        "R([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1)"),
    _rb("inner_dim_1", "R([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1) * R([[[10]], [[20], [30]]], ragged_rank=1)"),
    _rb("inner_dim_mismatch", "R([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1) * "
        "R([[[1, 2, 3]], [[4, 5, 6], [7, 8, 9]]], ragged_rank=1)"),
    _rb("empty_rows", "R([[1, 2], []]) + R([[10], []])"),
    _rb("empty_vs_len1", "R([[1, 2], []]) + R([[10], [20]])"),
    _rb("longer_rows", "R([[1, 2], [3]]) + R([[10, 20, 30], [40]])"),
    _rb("dtype_mismatch_bad_rows", "R([[1, 2], [3]]) + R([[10]], dtype=tf.float32)"),
    _rb("dtype_mismatch", "R([[1, 2], [3]]) + R([[10.0, 20.0], [30.0]])"),
    _rb("maximum", "tf.maximum(R([[1, 2], [3]]), R([[10], [0]]))"),
    _rb("maximum_uniform", "tf.maximum(R([[1, 12], [3, 4, 5]]), U([10, 0], 1))"),
    _rb("equal", "tf.math.equal(R([[1, 2], [3]]), R([[1], [3]]))"),
    _rb("equal_uniform", "tf.math.equal(R([[1, 2], [3]]), U([1, 3], 1))"),
    _rb("less_uniform", "U([1, 5], 1) < R([[1, 2], [3, 9, 4]])"),
    _rb("ragged_plus_uniform", "R([[1, 2], [3]]) + U([10, 20, 30, 40], 2)"),
    _rb("uniform_plus_ragged", "U([10, 20, 30, 40], 2) + R([[1, 2], [3, 4]])"),
    _rb("uniform1_plus_ragged", "U([10, 20], 1) + R([[1, 2], [3, 4, 5]])"),
    _rb("ragged_plus_uniform1", "R([[1, 2], [3, 4, 5], []]) * U([10, 20, 30], 1)"),
    _rb("uniform_uniform1", "U([10, 20, 30, 40], 2) + U([1, 2], 1)"),
    _rb("uniform1_uniform", "U([1, 2], 1) - U([10, 20, 30, 40], 2)"),
    _rb("uniform_uniform_bad", "U([10, 20, 30, 40], 2) + U([1, 2, 3], 3)"),
    _rb("uniform_one_row", "U([10, 20], 2) + U([1, 2, 3, 4, 5, 6], 2)"),
    _rb("empty_ragged", "R([[1, 2], [3]]) + R([[], []])"),
    _rb("no_rows", "R([[1, 2], [3]]) + tf.ragged.constant([], ragged_rank=1, dtype=tf.int32)"),
    _rb("both_no_rows", "tf.ragged.constant([], ragged_rank=1, dtype=tf.int32) + "
        "tf.ragged.constant([], ragged_rank=1, dtype=tf.int32)"),
    _rb("int32_splits", "R([[1, 2], [3]], row_splits_dtype=tf.int32) + "
        "R([[10], [20]], row_splits_dtype=tf.int32)"),
    _rb("int32_splits_uniform", "R([[1, 2], [3]], row_splits_dtype=tf.int32) + "
        "tf.RaggedTensor.from_uniform_row_length(tf.constant([10, 20]), tf.constant(1, tf.int32))"),
    _rb("splits_dtypes", "R([[1, 2], [3]], row_splits_dtype=tf.int32) + R([[10], [20]])"),
    _rb("splits_dtypes_same_rows", "R([[1, 2], [3]], row_splits_dtype=tf.int32) * R([[10, 2], [20]])"),
    _rb("splits_dtypes_add_n", "tf.math.add_n([R([[1, 2], [3]], row_splits_dtype=tf.int32), R([[10, 2], [20]])])"),
    _rb("nested_uniform", "R([[[1, 2], [3]], [[4, 5]]]) + "
        "tf.RaggedTensor.from_uniform_row_length(U([10, 20], 1), 1)"),
    _rb("string_join", "tf.strings.join([R([['a', 'b'], ['c']]), U(['x', 'y'], 1)])"),
    _rb("string_join_rows", "tf.strings.join([R([['a', 'b'], ['c']]), R([['x'], ['y', 'z']])])"),
    _rb("string_join_same", "tf.strings.join([R([['a', 'b'], ['c']]), R([['x', 'q'], ['y']])], separator='-')"),
    _rb("add_n_rows", "tf.math.add_n([R([[1, 2], [3]]), R([[1], [2, 3]])])"),
    _rb("add_n_sizes", "tf.math.add_n([R([[1, 2], [3]]), R([[1], [2]])])"),
    _rb("add_n_same", "tf.math.add_n([R([[1, 2], [3]]), R([[1, 5], [2]]), R([[0, 0], [7]])])"),
    S("ops3.ragged_bcast.grad", _R + """
x = R([[1.0, 2.0], [3.0, 4.0, 5.0]])
u = tf.constant([10.0, 20.0])
with tf.GradientTape(persistent=True) as t:
    t.watch(x.flat_values)
    t.watch(u)
    y = x * U(u, 1) + U(u, 1)
    s = tf.reduce_sum(y * y)
result = [show(y), t.gradient(s, x.flat_values), t.gradient(s, u)]
"""),
    S("ops3.ragged_bcast.grad_rank3", _R + """
v = tf.constant([1.0, 2.0, 3.0])
w = tf.constant([10.0, 20.0])
with tf.GradientTape(persistent=True) as t:
    t.watch([v, w])
    a = tf.RaggedTensor.from_row_lengths(tf.RaggedTensor.from_row_lengths(v, [2, 1]), [1, 1])
    b = tf.RaggedTensor.from_row_lengths(U(w, 1), [1, 1])
    y = a * b
    s = tf.reduce_sum(y * tf.constant(2.0))
result = [show(y), t.gradient(s, v), t.gradient(s, w)]
"""),
]

SNIPPETS = DIAG + RAGGED


# ---- RE2 semantics in tf.strings.regex_full_match / regex_replace ------------------------------
_TEXTS = ["abc", "a", "é", "aé", "日本", "ΑΒγ", "Straße", "STRASSE", "ǅ", "K", "k", "ſ", "s", "x\ny", "x\n",
          "٣4", "Ⅻ", "½", "a_b", "ab cd", "", "ÀÉ", "àé", "Ωω", "ﬀ", "İi", "ı", "ǆǄ", "θϑΘ", "σςΣ", "ẞß"]
_MATCH_PATTERNS = [
    r"\C", r"\C\C", r"a\C", r".\C", r"\C+", r"(?s)\C*", r"\B", r"a\B", r"\Bb\B", r".*\B.*", r"\b\w+\b",
    r"\pN", r"\pN+", r"\p{N}", r"\PN", r"\p{Nd}+", r"\p{Nl}", r"\p{No}", r"\p{Greek}+", r"\p{Han}+",
    r"\P{Greek}+", r"\p{^Greek}+", r"\p{Lu}+", r"\p{Ll}+", r"\p{Lt}", r"\p{L}+", r"\pL", r"\PL+",
    r"[\p{Greek}a]+", r"[^\p{L}]", r"[\P{L}x]+", r"\p{Cyrillic}", r"\p{Zs}", r"\p{Any}+", r"\pZ",
    r"\p{Cc}", r"\pP", r"\p{Lo}+", r"\p{Arabic}\d",
    r"(?i)strasse", r"(?i)straße", r"(?i)k", r"(?i)K", r"(?i)s", r"(?i)ω+", r"(?i)àé", r"(?i)[a-z]+",
    r"(?i)[à-ÿ]+", r"(?i)ǅ", r"(?i)ǆ+", r"(?i)ﬀ", r"(?i)ff", r"(?i)i+", r"(?i)İ", r"(?i)ı", r"(?i)θ+",
    r"(?i)σ+", r"(?i)ß+", r"(?i)\p{Lu}+", r"(?i)[^k]", r"(?i:A)BC", r"(?i)a(?-i)BC", r"a(?i:b)C",
    r"(?i)[[:upper:]]+", r"[[:^alpha:]]", r"[[:word:]]+", r"[[:punct:]]",
    r"x.y", r"(?s)x.y", r"(?s:x.y)", r"x.", r"(?s)x.", r"(?m)x$", r"x$", r"x\n$", r"(?m)^y$", r"x\n^y",
    r"(?m)x\n^y", r"\Ax\n\z", r"(?U)a+", r"(?U)a+?", r"(?U)(a+)(a*)",
    r"\x{41}", r"\x41", r"\101", r"\0", r"\08", r"\Qa.b\E", r"\Q.*", r"a{,3}", r"a{1000}", r"a{2}?",
    r"(?P<n>a)(?P<n>b)", r"(?P<1>a)", r"[]a]", r"[^]a]+", r"[a-]+", r"\\", r"\.", r"[\d-z]+", r"\pN\pL",
]
_BAD_PATTERNS = [
    r"(a)\1", r"(?=a)a", r"(?!b)a", r"(?<=a)b", r"(?<!a)b", r"a++", r"(?<n>a)", r"(?P=n)", r"(?P<n", r"(?P<a-b>x)",
    r"\Z", r"a{2,1}", r"a{1001}", r"a{0,1001}", r"(?#c)a", r"\X", r"\R", r"\h", r"\e", r"\cA", r"\pX",
    r"\p{Foo}", r"\p{Greek", r"\p", r"(?x) a b", r"(?a)a", r"(?L)a", r"(?u)a", r"(?-)a", r"(?i-)a", r"(?i--s)a",
    r"*", r"a**", r"a*?+", r"x{2}{3}", r"(*)", r"a|*", r"[a-\d]", r"[z-a]", r"\8", r"(", r"[a", r"a)", "a\\",
    r"[[:foo:]]", r"\x{110000}", r"\x{}", r"\xg1", r"[\b]", r"\_", r"\z\Z", r"(?P>x)",
]
_REPLACE_TEXTS = ["aéb", "αβ a", "aaa", "Straße STRASSE", "x", "", "日本語 x\ny"]
_REPLACE = [(r"\C", "<\\0>"), (r"\B", "|"), (r"(?U)a+", "X"), (r"(?i)ß", "ss"), (r"\p{Greek}", "G"),
            (r"\b", "|"), (r"", "-"), (r"\C*", "-"), (r"x*", "-"), (r"(?i)s+", "[\\0]"), (r"\p{Han}+", "<\\0>"),
            (r".", "\\0."), (r"(?s).", "_"), (r"$", "!"), (r"(?m)$", "!"), (r"\pL\B", "\\0+"),
            (r"(\w)(\w)?", "\\2\\1")]

REGEX = [
    S(f"ops3.re2.match.{i}", f"result = tf.strings.regex_full_match({_TEXTS!r}, {p!r})")
    for i, p in enumerate(_MATCH_PATTERNS)
] + [
    S(f"ops3.re2.bad.{i}", f"result = tf.strings.regex_full_match(['a'], {p!r})")
    for i, p in enumerate(_BAD_PATTERNS)
] + [
    S(f"ops3.re2.bad_replace.{i}", f"result = tf.strings.regex_replace(['a'], {p!r}, 'x')")
    for i, p in enumerate(_BAD_PATTERNS[:12])
] + [
    S(f"ops3.re2.replace.{i}", f"result = tf.strings.regex_replace({_REPLACE_TEXTS!r}, {p!r}, {rw!r})")
    for i, (p, rw) in enumerate(_REPLACE)
] + [
    S(f"ops3.re2.replace_first.{i}", f"result = tf.strings.regex_replace({_REPLACE_TEXTS!r}, {p!r}, {rw!r}, "
      "replace_global=False)")
    for i, (p, rw) in enumerate(_REPLACE)
] + [
    S(f"ops3.re2.rewrite.{i}.{g}", f"result = tf.strings.regex_replace(['abaé', 'bb', ''], {p!r}, {rw!r}, "
      f"replace_global={g})")
    for i, (p, rw) in enumerate([("(a)", "\\3"), ("(a)", "x\\"), ("(a)", "\\a"), ("(a)", "\\\\"),
                                 ("a", "\\0\\0"), ("(a)|(b)", "[\\1\\2]"), ("(?P<x>a)", "<\\1>"),
                                 ("(?i)É", "E"), ("[é-ê]", "E"), ("a|", "-")])
    for g in (True, False)
] + [
    S("ops3.re2.letterlike", "result = [tf.strings.regex_full_match(['\\u2126', '\\u212a', '\\u212b', 'K'], p) "
      "for p in [r'\\p{Latin}', r'\\p{Greek}', r'(?i)\\p{Greek}', r'(?i)[\\p{Latin}&&k]']] + "
      "[tf.strings.unicode_script(tf.constant([0x2126, 0x212A, 0x212B]))]"),
    S("ops3.re2.invalid_utf8", "result = [tf.strings.regex_full_match([b'a\\xffb', b'a\\xc3'], 'a.b'), "
      "tf.strings.regex_full_match([b'a\\xffb', b'a\\xc3'], 'a\\\\C+'), "
      "tf.strings.regex_replace([b'\\xff\\xfea', b'\\xc3'], '', '-')]"),
    S("ops3.re2.ragged", "result = tf.strings.regex_full_match(tf.ragged.constant([['αβ', 'a'], ['日']]), "
      "'\\\\p{Greek}+').to_list()"),
]

SNIPPETS = DIAG + RAGGED + REGEX

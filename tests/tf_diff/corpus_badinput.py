"""Issue 12's bad-input families: where tapeviz raised, accepted or computed otherwise than TF 2.21.

Each family is written out for the dtypes or values that tell its rule apart: kernel lists
(`range`'s Tidx, comparisons in asserts), conversion errors TF raises in Python (`one_hot`,
`linspace`, `complex`), NaN/inf arithmetic (floor division and modulo, argmax, top_k with k=1),
TF's list conversion inside `stack`, and second derivatives TF gives as zeros or refuses.
"""
import random

from tests.tf_diff.corpus import S

_FLOATS = ["float('inf')", "-float('inf')", "5.0", "-5.0", "0.0", "-0.0", "float('nan')", "2.5", "-7.0"]


def _floor_family():
    out = []
    for dt in ("float16", "float32", "float64"):
        for op in ("floordiv", "floormod"):
            out.append(S(f"floor.{op}.{dt}", f"""
                v = [{', '.join(_FLOATS)}]
                a = tf.constant([x for x in v for y in v], tf.{dt})
                b = tf.constant([y for x in v for y in v], tf.{dt})
                result = tf.math.{op}(a, b)
            """))
    out.append(S("floor.operators", """
        a = tf.constant([float('inf'), -0.0, 7.0, -7.0]); b = tf.constant([2.0, 5.0, -2.0, float('inf')])
        result = [a // b, a % b]
    """))
    out.append(S("floor.ints", "result = [tf.math.floordiv([7, -7, 7, -7], [2, 2, -2, -2]), "
                               "tf.math.floormod([7, -7, 7, -7], [2, 2, -2, -2])]"))
    return out


_NAN_ROWS = ["[1., nan, 3.]", "[nan, 1., 3.]", "[1., 3., nan]", "[nan, nan]", "[nan, -inf]",
             "[-inf, nan, -inf]", "[2., nan, 2.]", "[nan, 5., nan, 7., 7.]", "[-inf, -inf]"]


def _nan_order_family():
    out = []
    for i, row in enumerate(_NAN_ROWS):
        out.append(S(f"nan_order.row{i}", f"""
            nan, inf = float('nan'), float('inf')
            x = tf.constant({row})
            result = [tf.argmax(x), tf.argmin(x), tf.math.top_k(x, k=1)]
        """))
    out.append(S("nan_order.2d", """
        nan = float('nan')
        x = tf.constant([[1., nan, 3.], [nan, 0., -1.], [nan, nan, nan]])
        result = [tf.argmax(x, axis=0), tf.argmax(x, axis=1), tf.argmin(x, axis=1),
                  tf.math.top_k(x, k=1), tf.argmax(x, axis=1, output_type=tf.int32)]
    """))
    return out


def _nan_sort_family():
    """Seeded random rows with NaN, ties and inf, 2 to 59 long: TF's sort / argsort / top_k with
    k = n come from libstdc++'s std::sort (insertion sort up to 16, introsort above). (top_k with
    1 < k < n goes through gtl::TopN's heap, which matches TF in about 9 random NaN rows of 10;
    k = 1 on rows of 8 and more depends on Eigen's packet reduction: neither is listed here.)"""
    rng = random.Random(20261129)
    out = []
    for i in range(30):
        n = rng.randint(2, 59)
        row = [rng.choice(["nan", "nan", "inf", "-1.0", "0.0", "1.0", "2.0", "-3.0", "0.5"]) for _ in range(n)]
        values = ", ".join(f"float('{v}')" if v in ("nan", "inf") else v for v in row)
        out.append(S(f"nan_sort.row{i}", f"""
            x = tf.constant([{values}])
            result = [tf.sort(x), tf.argsort(x), tf.argsort(x, direction='DESCENDING'),
                      tf.sort(x, direction='DESCENDING'), tf.math.top_k(x, k={n})]
        """))
    return out


def _range_family():
    out = []
    for dt in ("uint8", "int8", "int16", "uint16", "uint32", "uint64", "float16", "float64", "int64",
               "bool", "complex64", "string"):
        # NotFoundError's message goes on to list every registered kernel: the type only
        out.append(S(f"range.dtype.{dt}", f"result = tf.range(0, 5, dtype=tf.{dt})",
                     msg=dt not in ("int8", "int16", "uint16", "uint32", "uint64")))
    return out


def _stack_family():
    cases = ["[np.int8(1), np.int8(2)]", "[np.int64(5)]", "[np.uint64(1)]", "[np.int8(1), np.float16(2)]",
             "[np.uint8(255)]", "[np.int16(-3), 1.5]", "[np.complex64(1j)]", "(np.int8(1), np.int8(2))",
             "[np.array(1, np.int8)]", "[np.array([1, 2], np.int8)]", "[np.float16(1), np.float16(2)]",
             "[[1, 2], [3]]"]
    return [S(f"stack.list{i}", f"result = tf.stack({c})") for i, c in enumerate(cases)] + [
        S("stack.mixed_ragged", "result = tf.stack([tf.constant([1, 2]), [3]])"),
        S("stack.tensors_ragged", "result = tf.stack([tf.constant([1, 2]), tf.constant([3])])"),
        S("stack.tensors_dtypes", "result = tf.stack([tf.constant(1), tf.constant(1.0)])"),
        S("stack.axis1_numpy", "result = tf.stack([np.int8([1, 2]), np.int8([3, 4])], axis=1)"),
        S("stack.tensors_grad", """
            x = tf.constant([1.0, 2.0])
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = tf.reduce_sum(tf.stack([x, 2.0 * x]) ** 2)
            result = tape.gradient(y, x)
        """),
    ]


_SECOND_ORDER = {
    "relu": "tf.nn.relu", "relu6": "tf.nn.relu6", "leaky_relu": "tf.nn.leaky_relu",
    "elu": "tf.nn.elu", "selu": "tf.nn.selu", "softsign": "tf.nn.softsign",
    "max_pool": "lambda x: tf.nn.max_pool2d(tf.reshape(x, [1, 2, 2, 1]), 2, 2, 'VALID')",
}


def _second_order_family():
    out = []
    for name, fn in _SECOND_ORDER.items():
        out.append(S(f"grad2.{name}", f"""
            x = tf.constant([1.0, -2.0, 7.0, 0.5])
            with tf.GradientTape() as t2:
                t2.watch(x)
                with tf.GradientTape() as t1:
                    t1.watch(x)
                    y = ({fn})(x)
                g = t1.gradient(y, x)
            result = t2.gradient(g, x)
        """))
    for name in ("is_nan", "is_inf", "is_finite"):
        out.append(S(f"grad.{name}", f"""
            x = tf.constant([1.0, 2.0])
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = tf.reduce_sum(tf.cast(tf.math.{name}(x), tf.float32))
            result = tape.gradient(y, x)
        """))
    return out


SNIPPETS = [
    # ---- kernels and dtype lists -----------------------------------------------------------
    *_range_family(),
    S("assert.positive_complex", "result = tf.debugging.assert_positive(tf.constant([1+1j]))"),
    S("assert.non_positive_complex", "result = tf.debugging.assert_non_positive(tf.constant([1+1j]))"),
    S("assert.less_complex", "result = tf.debugging.assert_less(tf.constant([1j]), tf.constant([2j]))"),
    S("assert.non_negative_bool", "result = tf.debugging.assert_non_negative(tf.constant([True]))"),
    S("assert.negative_string", "result = tf.debugging.assert_negative(tf.constant(['a']))"),
    S("less.complex", "result = tf.math.less(tf.constant([1j]), tf.constant([1j]))"),
    S("greater_equal.complex", "result = tf.math.greater_equal(tf.constant([1j]), tf.constant([1j]))"),
    S("abs.complex64", "result = tf.abs(tf.constant([3+4j, 0j, -1j], tf.complex64))"),
    S("abs.complex128_grad", """
        x = tf.constant([3+4j, 0j, -1j])
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.abs(x))
        result = [y, tape.gradient(y, x)]
    """),
    S("abs.uint8", "result = tf.abs(tf.constant(2, tf.uint8))"),
    S("abs.bool", "result = tf.abs(tf.constant(True))"),
    # ---- TF's Python-level TypeErrors ------------------------------------------------------
    S("complex.int32", "result = tf.complex(tf.constant(1), tf.constant(2))"),
    S("complex.mixed", "result = tf.complex(tf.constant(1.0), tf.constant(2.0, tf.float64))"),
    S("complex.python_int_imag", "result = tf.complex(1.0, 2)"),
    S("complex.float16", "result = tf.complex(tf.constant(1, tf.float16), tf.constant(1, tf.float16))"),
    S("complex.ok", "result = tf.complex([1.0, 2.0], [3.0, -1.0])"),
    S("one_hot.on_bool", "result = tf.one_hot(1, 4, on_value=True)"),
    S("one_hot.dtype_bool", "result = tf.one_hot(1, 4, dtype=tf.bool)"),
    S("one_hot.off_bool", "result = tf.one_hot(1, 4, off_value=True)"),
    S("one_hot.bools", "result = tf.one_hot([1, 3], 4, on_value=True, off_value=False)"),
    S("one_hot.value_vs_dtype", "result = tf.one_hot(1, 4, on_value=1.0, dtype=tf.int32)"),
    S("one_hot.hint", "result = tf.one_hot(1, 3, on_value=2.0, dtype=tf.float64)"),
    S("one_hot.on_off_mismatch", "result = tf.one_hot(1, 4, on_value=1, off_value=0.0)"),
    S("linspace.int_float", "result = tf.linspace(1, 5.0, 5)"),
    S("linspace.inf_start", "result = tf.linspace(float('inf'), 5.0, 3)"),
    S("linspace.ints", "result = tf.linspace(-3, 7, 4)"),
    S("linspace.float64", "result = tf.linspace(tf.constant(0.0, tf.float64), 1.0, 11)"),
    S("linspace.one_and_zero", "result = [tf.linspace(0.0, 1.0, 1), tf.linspace(0.0, 1.0, 0)]"),
    S("linspace.vectors", "result = [tf.linspace([0.0, 1.0], [1.0, 3.0], 4), "
                          "tf.linspace([0.0, 1.0], [1.0, 3.0], 4, axis=-1)]"),
    S("linspace.float16", "result = tf.linspace(tf.constant(0.0, tf.float16), 3.0, 4)"),
    S("linspace.negative", "result = tf.linspace(0.0, 1.0, -1)"),
    # ---- softmax family at the edges -------------------------------------------------------
    S("log_softmax.scalar", "result = tf.nn.log_softmax(tf.constant(1.0))"),
    S("softmax.scalar", "result = tf.nn.softmax(tf.constant(1.0))"),
    S("log_softmax.empty", "result = [tf.nn.log_softmax(tf.zeros([2, 0])), tf.nn.log_softmax(tf.zeros([0, 3]))]"),
    S("softmax.empty_axis0", "result = tf.nn.softmax(tf.zeros([3, 0]), axis=0)"),
    # ---- values TF returns where tapeviz raised, or computed differently ---------------------
    S("global_norm.empty", "result = [tf.linalg.global_norm([]), tf.linalg.global_norm([None])]"),
    S("dropout.nan_rate", "result = tf.nn.dropout(tf.ones([3]), rate=float('nan'))"),
    S("squared_difference.complex", "result = tf.math.squared_difference(tf.constant([1+2j, 2j]), "
                                    "tf.constant([3-1j, 1+0j]))"),
    S("clip_by_norm.negative", "result = [tf.clip_by_norm(tf.constant([3., 4.]), -1.0), "
                               "tf.clip_by_norm(tf.constant([3., 4.]), 0.0)]"),
    S("clip_by_norm.zero_vector", "result = tf.clip_by_norm(tf.constant([0., 0.]), -1.0)"),
    S("clip_by_norm.tensor_norm", "result = tf.clip_by_norm(tf.constant([3., 4.]), tf.constant(-2.0))"),
    *_floor_family(),
    *_nan_order_family(),
    *_nan_sort_family(),
    *_stack_family(),
    *_second_order_family(),
]

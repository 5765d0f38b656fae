"""`tf.nn.softmax` bit for bit: TF runs float32 and float16 softmax through oneDNN's kernel
(its own exp polynomial, four 16-lane accumulators), float64 through Eigen. Results are compared
exactly (rtol=atol=0), on seeded random rows of many lengths, special values and other axes."""
from tests.tf_diff.corpus import S

_ROWS = "x = (np.random.default_rng({seed}).normal(size=({rows}, {n})) * {scale}).astype('{dtype}')\n"
SNIPPETS = [
    S(f"softmax.exact.{dtype}.n{n}.s{scale}",
      _ROWS.format(seed=n * 10 + scale, rows=40, n=n, scale=scale, dtype=dtype) + "result = tf.nn.softmax(x)",
      rtol=0, atol=0)
    for dtype in ("float32",) for n in (1, 2, 3, 7, 8, 9, 16, 17, 31, 33, 48, 50, 64, 65, 100, 129, 257, 1000)
    for scale in (1, 6)
] + [
    S(f"softmax.exact.float16.n{n}",
      _ROWS.format(seed=n, rows=30, n=n, scale=3, dtype="float16") + "result = tf.nn.softmax(x)", rtol=0, atol=0)
    for n in (3, 10, 40)
] + [
    S("softmax.exact.guide_tensor", "result = tf.nn.softmax(tf.constant([[4.0, 5.0], [10.0, 1.0]]))", rtol=0, atol=0),
    S("softmax.exact.axis0", _ROWS.format(seed=5, rows=37, n=6, scale=4, dtype="float32")
      + "result = tf.nn.softmax(x, axis=0)", rtol=0, atol=0),
    S("softmax.exact.rank5", "x = (np.random.default_rng(6).normal(size=(2, 3, 4, 5, 19)) * 3).astype('float32')\n"
      "result = tf.nn.softmax(x)", rtol=0, atol=0),
    S("softmax.exact.rank1", "result = tf.nn.softmax(tf.constant([0.5, -3.0, 2.25, 7.0, 1e-3]))", rtol=0, atol=0),
    S("softmax.exact.special_rows",
      "result = tf.nn.softmax(tf.constant([[1e30, -1e30, 0], [np.inf, 1, 2], [np.nan, 1, 2], [-np.inf, -np.inf, 0],"
      " [-100., 0., 1.], [-87.5, 0, 0], [-86.8, 0, 0], [-88, 0, 0]]))", rtol=0, atol=0),
    S("softmax.exact.keras_activation", _ROWS.format(seed=7, rows=8, n=10, scale=3, dtype="float32")
      + "result = [tf.keras.activations.softmax(tf.constant(x)), tf.keras.layers.Softmax()(x)]", rtol=0, atol=0),
    S("softmax.float64_close", _ROWS.format(seed=8, rows=5, n=9, scale=3, dtype="float64")
      + "result = tf.nn.softmax(x)", rtol=1e-15, atol=0),
    S("softmax.rank6_float32", "result = tf.nn.softmax(tf.ones((1, 1, 1, 1, 1, 2)))"),
    S("softmax.rank6_float16", "result = tf.nn.softmax(tf.ones((1, 1, 1, 1, 1, 2), tf.float16))"),
    S("softmax.rank6_float64", "result = tf.nn.softmax(tf.ones((1, 1, 1, 1, 1, 2), tf.float64))"),
    S("softmax.scalar_float64", "result = tf.nn.softmax(tf.constant(1.0, tf.float64))"),
    S("softmax.scalar_float16", "result = tf.nn.softmax(tf.constant(1.0, tf.float16))"),
    S("softmax.log_softmax_rank6", "result = tf.nn.log_softmax(tf.ones((1, 1, 1, 1, 1, 2)))"),
    S("softmax.empty_rows", "result = [tf.nn.softmax(tf.ones((2, 0))), tf.nn.softmax(tf.ones((0, 3)))]"),
]

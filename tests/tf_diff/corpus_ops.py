"""Hand-picked snippets for the ops of issue 12 built so far: tf.bitwise shifts, truncatediv,
truncatemod, xlog1py, log_sigmoid, reciprocal_no_nan, and tf.linalg band_part, adjoint,
cholesky, solve, slogdet, logdet. Generated bad-input cases for the same
ops are in corpus_fuzz.py."""
from tests.tf_diff.corpus import S

SNIPPETS = [
    S("ops.left_shift.clamped", "result = tf.bitwise.left_shift(tf.constant([1, 2, 3], tf.int8), "
      "tf.constant([1, 7, 9], tf.int8))"),
    S("ops.left_shift.int64_edge", "result = tf.bitwise.left_shift(tf.constant([1, 2], tf.int64), "
      "tf.constant([63, 64], tf.int64))"),
    S("ops.right_shift.negative", "result = tf.bitwise.right_shift(tf.constant([-8, 64, 3], tf.int8), "
      "tf.constant([1, -1, 9], tf.int8))"),
    S("ops.right_shift.uint16", "result = tf.bitwise.right_shift(tf.constant([65529, 5], tf.uint16), "
      "tf.constant([2, 3], tf.uint16))"),
    S("ops.left_shift.float", "result = tf.bitwise.left_shift(tf.constant([1.0]), tf.constant([1.0]))"),
    S("ops.left_shift.mixed", "result = tf.bitwise.left_shift(tf.constant([1, 2]), tf.constant([1, 2], tf.int64))"),
    S("ops.left_shift.shapes", "result = tf.bitwise.left_shift(tf.constant([1, 2]), tf.constant([1, 2, 3]))"),
    S("ops.truncatediv.int", "result = tf.truncatediv(tf.constant([-7, 7, 6]), tf.constant([2, -2, 3]))"),
    S("ops.truncatediv.uint8", "result = tf.truncatediv(tf.constant([249, 5], tf.uint8), tf.constant([2, 3], tf.uint8))"),
    S("ops.truncatediv.float", "result = tf.truncatediv(tf.constant([-7., 7., -0.5]), tf.constant([2., 0., 0.]))"),
    S("ops.truncatediv.zero", "result = tf.truncatediv(tf.constant([-7, 7]), tf.constant([0, -2]))"),
    S("ops.truncatediv.complex", "result = tf.truncatediv(tf.constant([1j]), tf.constant([1j]))", msg=False),
    S("ops.truncatediv.bool", "result = tf.truncatediv(tf.constant([True]), tf.constant([True]))"),
    S("ops.truncatediv.grad", """
        x, y = tf.constant([3., 4.]), tf.constant([2., 2.])
        with tf.GradientTape() as t:
            t.watch([x, y])
            z = tf.truncatediv(x, y)
        result = t.gradient(z, [x, y])
    """),
    S("ops.truncatemod.int", "result = tf.truncatemod(tf.constant([-7, 7, 6]), tf.constant([2, -2, 4]))"),
    S("ops.truncatemod.float", "result = tf.truncatemod(tf.constant([-7.5, 7., 1., float('inf')]), "
      "tf.constant([2., -2., 0., 1.]))"),
    S("ops.truncatemod.zero", "result = tf.truncatemod(tf.constant([-7, 7], tf.int64), tf.constant([0, -2], tf.int64))"),
    # TF appends the list of every registered kernel to NotFoundError: compare the type only
    S("ops.truncatemod.half", "result = tf.truncatemod(tf.constant([1.], tf.float16), tf.constant([3.], tf.float16))",
      msg=False),
    S("ops.truncatemod.int8", "result = tf.truncatemod(tf.constant([1], tf.int8), tf.constant([3], tf.int8))"),
    S("ops.truncatemod.grad", """
        x = tf.constant([3., 4.])
        with tf.GradientTape() as t:
            t.watch(x)
            z = tf.truncatemod(x, 2.)
        result = t.gradient(z, x)
    """),
    S("ops.reciprocal_no_nan.values", "result = tf.math.reciprocal_no_nan(tf.constant([0., 2., -0., float('inf')]))"),
    S("ops.reciprocal_no_nan.complex", "result = tf.math.reciprocal_no_nan(tf.constant([0j, 2j]))"),
    S("ops.reciprocal_no_nan.int", "result = tf.math.reciprocal_no_nan([1, 2])"),
    S("ops.reciprocal_no_nan.grad", """
        x = tf.constant([0., 2.])
        with tf.GradientTape() as t:
            t.watch(x)
            y = tf.math.reciprocal_no_nan(x)
        result = t.gradient(y, x)
    """),
    S("ops.xlog1py.values", "result = tf.math.xlog1py(tf.constant([0., 2., 0., 1.]), "
      "tf.constant([-1., 1., float('nan'), -2.]))"),
    S("ops.xlog1py.int", "result = tf.math.xlog1py(tf.constant([0, 2]), tf.constant([1, 1]))"),
    S("ops.xlog1py.grad", """
        x, y = tf.constant([0., 2.]), tf.constant([-1., 1.])
        with tf.GradientTape() as t:
            t.watch([x, y])
            z = tf.math.xlog1py(x, y)
        result = t.gradient(z, [x, y])
    """),
    S("ops.log_sigmoid.values", "result = tf.math.log_sigmoid(tf.constant([-100., 0., 100., -1e30]))"),
    S("ops.log_sigmoid.int", "result = tf.math.log_sigmoid(tf.constant([1]))"),
    S("ops.log_sigmoid.grad", """
        x = tf.constant([0., 2., -50.])
        with tf.GradientTape() as t:
            t.watch(x)
            y = tf.math.log_sigmoid(x)
        result = t.gradient(y, x)
    """),
    S("ops.band_part.values", "result = tf.linalg.band_part(tf.reshape(tf.range(16), [4, 4]), 1, 0)"),
    S("ops.band_part.upper", "result = tf.linalg.band_part(tf.reshape(tf.range(24.), [2, 3, 4]), -1, 2)"),
    S("ops.band_part.too_many", "result = tf.linalg.band_part(tf.reshape(tf.range(16.), [4, 4]), 5, 5)"),
    S("ops.band_part.upper_too_many", "result = tf.linalg.band_part(tf.reshape(tf.range(6.), [2, 3]), 1, 4)"),
    S("ops.band_part.vector", "result = tf.linalg.band_part(tf.range(4.), 1, 1)"),
    S("ops.band_part.float_band", "result = tf.linalg.band_part(tf.reshape(tf.range(6.), [2, 3]), 1, 1.5)"),
    S("ops.adjoint.complex", "result = tf.linalg.adjoint(tf.constant([[1+2j, 3j]]))"),
    S("ops.adjoint.vector", "result = tf.linalg.adjoint(tf.constant([1., 2.]))"),
    S("ops.cholesky.values", "result = tf.linalg.cholesky(tf.constant([[4., 2.], [1., 3.]]))"),
    S("ops.cholesky.batch", "result = tf.linalg.cholesky(tf.constant([[[4., 2.], [2., 3.]], [[1., 0.], [0., 9.]]], tf.float64))"),
    S("ops.cholesky.empty", "result = tf.linalg.cholesky(tf.zeros([0, 0]))"),
    S("ops.cholesky.not_square", "result = tf.linalg.cholesky(tf.constant([[1., 2., 3.], [2., 1., 3.]]))"),
    S("ops.cholesky.vector", "result = tf.linalg.cholesky(tf.constant([1., 2.]))"),
    S("ops.cholesky.int", "result = tf.linalg.cholesky(tf.constant([[4, 2], [2, 3]]))"),
    S("ops.solve.values", "result = tf.linalg.solve(tf.constant([[1., 2.], [2., 5.]]), tf.constant([[1., 0.], [2., 1.]]))"),
    S("ops.solve.adjoint", "result = tf.linalg.solve(tf.constant([[1., 2.], [0., 5.]], tf.float64), "
      "tf.constant([[1.], [2.]], tf.float64), adjoint=True)"),
    S("ops.solve.singular", "result = tf.linalg.solve(tf.constant([[1., 2.], [2., 4.]]), tf.constant([[1.], [2.]]))"),
    S("ops.solve.rank", "result = tf.linalg.solve(tf.constant([[1., 2.], [2., 5.]]), tf.constant([1., 2.]))"),
    S("ops.solve.rows", "result = tf.linalg.solve(tf.constant([[1., 2.], [2., 5.]]), tf.constant([[1.], [2.], [3.]]))"),
    S("ops.solve.not_square", "result = tf.linalg.solve(tf.constant([[1., 2., 3.], [2., 5., 3.]]), tf.constant([[1.], [2.]]))"),
    S("ops.solve.int", "result = tf.linalg.solve(tf.constant([[1, 2], [2, 5]]), tf.constant([[1], [2]]))"),
    S("ops.slogdet.values", "result = tf.linalg.slogdet(tf.constant([[1., 2.], [2., 1.]]))"),
    S("ops.slogdet.singular", "result = tf.linalg.slogdet(tf.constant([[1., 2.], [2., 4.]]))"),
    S("ops.slogdet.not_square", "result = tf.linalg.slogdet(tf.constant([[1., 2., 3.], [2., 1., 3.]]))"),
    S("ops.slogdet.int", "result = tf.linalg.slogdet(tf.constant([[1, 2], [2, 1]]))"),
    S("ops.logdet.values", "result = tf.linalg.logdet(tf.constant([[4., 2.], [2., 3.]]))"),
    S("ops.linalg.grads", """
        a = tf.constant([[4., 2.], [2., 3.]], tf.float64)
        b = tf.constant([[1.], [2.]], tf.float64)
        with tf.GradientTape(persistent=True) as t:
            t.watch([a, b])
            chol = tf.reduce_sum(tf.linalg.cholesky(a) * [[1., 2.], [3., 4.]])
            x = tf.reduce_sum(tf.linalg.solve(a, b) * [[1.], [-2.]])
            sign, logabs = tf.linalg.slogdet(a)
            ld = tf.linalg.logdet(a)
            band = tf.reduce_sum(tf.linalg.band_part(a, 0, -1) * [[1., 2.], [3., 4.]])
        result = [t.gradient(chol, a), t.gradient(x, [a, b]), t.gradient(logabs, a), t.gradient(ld, a),
                  t.gradient(band, a)]
    """),
]

"""Bad input to existing ops (issue 12's list): TF's InvalidArgumentError where NumPy or Python
errors used to escape, and what TF rejects that tapeviz accepted."""
from tests.tf_diff.corpus import S

SNIPPETS = [
    S("errors.top_k.negative_k", "result = tf.math.top_k(tf.constant([1., 2.]), k=-1)"),
    S("errors.one_hot.negative_depth", "result = tf.one_hot([1, 2], -1)"),
    S("errors.sequence_mask.negative_maxlen", "result = tf.sequence_mask([1, 2], -1)"),
    S("errors.sort.scalar", "result = tf.sort(tf.constant(-1.0))"),
    S("errors.argsort.scalar", "result = tf.argsort(tf.constant(-1.0))"),
    S("errors.gather.scalar_out_of_range", "result = tf.gather(tf.constant([1, 2, 3]), 3)"),
    S("errors.gather.scalar_negative", "result = tf.gather(tf.constant([1, 2, 3]), -1)"),
    S("errors.gather.scalar_ok", "result = tf.gather(tf.constant([1, 2, 3]), 2)"),
    S("errors.fill.vector_value", "result = tf.fill([3], tf.constant([-1.79, 6.48]))"),
    S("errors.add_n.mixed", "result = tf.add_n([tf.constant(1.0), tf.constant(1)])"),
    S("errors.reverse.axis_out_of_range", "result = tf.reverse(tf.constant([1, 2]), [3])"),
    S("errors.reverse.axis_out_of_range_2d", "result = tf.reverse(tf.ones([2, 3]), [0, -3])"),
    S("errors.reverse.negative_axis", "result = tf.reverse(tf.constant([[1, 2], [3, 4]]), [-1])"),
    S("errors.roll.scalar", "result = tf.roll(tf.constant(1.0), 1, 0)"),
    S("errors.pad.scalar", "result = tf.pad(tf.constant(1.0), [[1, 1]])"),
    S("errors.argsort.uint8", "result = tf.argsort(tf.constant([3, 1, 2, 1], tf.uint8))"),
    S("errors.sort.int_min", "result = tf.sort(tf.constant([-2147483648, 5, 0, 2147483647]))"),
    S("errors.sort.axis_out_of_range", "result = tf.sort(tf.constant([3., 1.]), axis=1)"),
    S("errors.roll.axis_out_of_range", "result = tf.roll(tf.constant([3., 1.]), 1, -2)"),
    S("errors.gather.scalar_params", "result = tf.gather(tf.constant(1.0), 0)"),
    S("errors.reverse.scalar", "result = tf.reverse(tf.constant(1.0), [0])"),
    # dtypes TF's op definitions allow but its CPU kernels don't: NotFoundError, whose message goes
    # on to list every registered kernel (compared by type only)
    S("errors.no_kernel.reciprocal_int32", "result = tf.math.reciprocal(tf.constant([1, 2]))", msg=False),
    S("errors.no_kernel.realdiv_int", "result = tf.realdiv(tf.constant([1, 2]), tf.constant([1, 2]))", msg=False),
    S("errors.no_kernel.rint_half", "result = tf.math.rint(tf.constant([1.5], tf.float16))", msg=False),
    S("errors.no_kernel.unique_complex", "result = tf.unique(tf.constant([1j, 1j]))", msg=False),
    S("errors.reciprocal.uint8", "result = tf.math.reciprocal(tf.constant([1, 2], tf.uint8))"),
    S("errors.invert_permutation.values", "result = tf.math.invert_permutation([2, 0, 1])"),
    S("errors.invert_permutation.int64", "result = tf.math.invert_permutation(tf.constant([1, 0], tf.int64))"),
    S("errors.invert_permutation.duplicate", "result = tf.math.invert_permutation([2, 0, 0])"),
    S("errors.invert_permutation.range", "result = tf.math.invert_permutation([3, 0, 1])"),
    S("errors.invert_permutation.matrix", "result = tf.math.invert_permutation([[0]])"),
    # TF ends a kernel error in ` name: ` when every input came in as a Tensor (its eager fast
    # path) and not when a list was converted first; tapeviz's kernels don't see the difference
    S("errors.invert_permutation.matrix_tensor", "result = tf.math.invert_permutation(tf.constant([[0]]))",
      msg=False),
    S("errors.invert_permutation.float", "result = tf.math.invert_permutation(tf.constant([0.]))"),
]

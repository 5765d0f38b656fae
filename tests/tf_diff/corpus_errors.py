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
]

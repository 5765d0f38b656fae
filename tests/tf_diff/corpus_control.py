"""Differential snippets for control flow, `tf.print`, `tf.nest` and the small utility ops.

`tf.print` snippets print to a `'file://'` path (TF rejects Python stream objects other than
sys.stdout/sys.stderr, and writes those from C++) and read the file back.
"""
import itertools

from tests.tf_diff.corpus import S

_PRINT = """
import os, tempfile
_path = os.path.join(tempfile.mkdtemp(), 'out.txt')
tf.print({args}, output_stream='file://' + _path{kw})
result = open(_path).read()
"""


def _p(name, args, kw=""):
    return S(f"print.{name}", _PRINT.format(args=args, kw=kw))


SNIPPETS = [
    # ---- cond / case / switch_case ----------------------------------------------------------------
    S("cond.true", "result = tf.cond(tf.constant(True), lambda: tf.constant(1), lambda: tf.constant(2))"),
    S("cond.false_py", "result = tf.cond(tf.constant(3) > 5, lambda: 1.5, lambda: [2, 3])"),
    S("cond.python_bool", "result = tf.cond(False, lambda: tf.constant('a'), lambda: tf.constant('b'))"),
    S("cond.singleton_kept", "result = tf.cond(True, lambda: [tf.constant(1.)], lambda: [tf.constant(2.)])"),
    S("cond.nested", "result = tf.cond(True, lambda: {'a': (1, tf.constant(2))}, lambda: None)"),
    S("cond.not_callable", "result = tf.cond(True, 1, lambda: 2)"),
    S("cond.false_not_callable", "result = tf.cond(True, lambda: 1, 2)"),
    S("cond.missing_false", "result = tf.cond(True, lambda: 1)"),
    S("cond.non_scalar_pred", "result = tf.cond(tf.constant([True]), lambda: 1, lambda: 2)"),
    S("cond.grad", """
x = tf.Variable(3.0)
with tf.GradientTape() as t:
    y = tf.cond(x > 2, lambda: x * x, lambda: tf.sin(x))
result = [y, t.gradient(y, x)]
"""),
    S("cond.grad_untaken_branch", """
x = tf.Variable(1.0); z = tf.Variable(2.0)
with tf.GradientTape() as t:
    y = tf.cond(x > 2, lambda: x * z, lambda: x * 3.0)
result = t.gradient(y, [x, z])
"""),
    S("cond.grad_nested_tapes", """
x = tf.constant(0.5)
with tf.GradientTape() as t2:
    t2.watch(x)
    with tf.GradientTape() as t1:
        t1.watch(x)
        y = tf.cond(x < 1, lambda: x ** 3, lambda: x)
    g = t1.gradient(y, x)
result = [g, t2.gradient(g, x)]
"""),
    S("case.first", """
x = tf.constant(1)
result = tf.case([(x > 0, lambda: tf.constant(10)), (x > -5, lambda: tf.constant(20))], default=lambda: tf.constant(0))
"""),
    S("case.default", "result = tf.case([(tf.constant(False), lambda: 1)], default=lambda: 2)"),
    S("case.singleton_unpacked", "result = tf.case([(tf.constant(True), lambda: [tf.constant(5)])], default=lambda: [tf.constant(6)])"),
    S("case.strict", "result = tf.case([(tf.constant(True), lambda: [tf.constant(5)])], default=lambda: [tf.constant(6)], strict=True)"),
    S("case.no_default_last", "result = tf.case([(tf.constant(False), lambda: 1), (tf.constant(True), lambda: 2)])"),
    S("case.no_default_none_true", "result = tf.case([(tf.constant(False), lambda: 1), (tf.constant(False), lambda: 2)])", msg=False),
    S("case.exclusive_two_true", "result = tf.case([(tf.constant(True), lambda: 1), (tf.constant(True), lambda: 2)], default=lambda: 3, exclusive=True)", msg=False),
    S("case.exclusive_one_true", "result = tf.case([(tf.constant(False), lambda: 1), (tf.constant(True), lambda: 2)], default=lambda: 3, exclusive=True)"),
    S("case.not_pairs", "result = tf.case([tf.constant(True)], default=lambda: 3)"),
    S("case.bad_type", "result = tf.case(3, default=lambda: 3)"),
    S("switch_case.index", "result = tf.switch_case(tf.constant(1), [lambda: 10, lambda: 20, lambda: 30])"),
    S("switch_case.out_of_range_default", "result = tf.switch_case(tf.constant(7), [lambda: 10, lambda: 20], default=lambda: -1)"),
    S("switch_case.out_of_range_last", "result = tf.switch_case(tf.constant(-1), [lambda: 10, lambda: 20])"),
    S("switch_case.dict", "result = tf.switch_case(tf.constant(0), {1: lambda: 'b', 0: lambda: 'a'})"),
    S("switch_case.bad_keys", "result = tf.switch_case(tf.constant(0), {1: lambda: 'b', 2: lambda: 'a'})"),
    S("switch_case.python_index", "result = tf.switch_case(1, [lambda: 10, lambda: 20])"),
    S("switch_case.float_index", "result = tf.switch_case(tf.constant(1.0), [lambda: 10, lambda: 20])"),
    S("switch_case.not_callable", "result = tf.switch_case(tf.constant(0), [(0, 5)])"),
    S("switch_case.grad", """
x = tf.Variable(2.0)
with tf.GradientTape() as t:
    y = tf.switch_case(tf.constant(1), [lambda: x, lambda: x ** 2, lambda: x ** 3])
result = t.gradient(y, x)
"""),
    # ---- while_loop -------------------------------------------------------------------------------
    S("while.count", "result = tf.while_loop(lambda i: i < 10, lambda i: (i + 1,), [tf.constant(0)])"),
    S("while.python_vars", "result = tf.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s + i), (0, 0))"),
    S("while.max_iter_list_vars", "result = tf.while_loop(lambda i: True, lambda i: (i + 2,), [tf.constant(1)], maximum_iterations=4)", msg=False),
    S("while.max_iter", "result = tf.while_loop(lambda i: True, lambda i: (i + 2,), (tf.constant(1),), maximum_iterations=4)"),
    S("while.max_iter_cond_first", "result = tf.while_loop(lambda i, j: i < 2, lambda i, j: (i + 1, j * 2), (0, 1), maximum_iterations=5)"),
    S("while.max_iter_zero", "result = tf.while_loop(lambda i: True, lambda i: (i + 2,), [1.5], maximum_iterations=0)"),
    S("while.max_iter_vector", "result = tf.while_loop(lambda i: i < 3, lambda i: (i + 1,), [0], maximum_iterations=[3])"),
    S("while.nested_structure", """
def body(i, d):
    return i + 1, {'a': d['a'] * 2, 'b': (d['b'][0] + 1,)}
result = tf.while_loop(lambda i, d: i < 3, body, [tf.constant(0), {'a': tf.constant(1.), 'b': (tf.constant(0),)}])
"""),
    S("while.structure_changed", "result = tf.while_loop(lambda i, j: i < 3, lambda i, j: (i + 1, (j, j)), [0, 1])", msg=False),
    S("while.empty_vars", "result = tf.while_loop(lambda: False, lambda: (), [])"),
    S("while.not_callable", "result = tf.while_loop(True, lambda i: (i,), [0])"),
    S("while.shape_invariants", """
result = tf.while_loop(lambda x: tf.shape(x)[0] < 8, lambda x: (tf.concat([x, x], 0),), [tf.constant([1])],
                       shape_invariants=[tf.TensorShape([None])])
"""),
    S("while.variable_var", "v = tf.Variable(2.0); result = tf.while_loop(lambda x: x < 20, lambda x: (x * 3,), [v])"),
    S("while.grad", """
x = tf.Variable(1.5)
with tf.GradientTape() as t:
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), [0, tf.constant(1.0)])
result = [y, t.gradient(y, x)]
"""),
    S("while.grad_second_order", """
x = tf.constant(2.0)
with tf.GradientTape() as t2:
    t2.watch(x)
    with tf.GradientTape() as t1:
        t1.watch(x)
        _, y = tf.while_loop(lambda i, y: i < 2, lambda i, y: (i + 1, tf.sin(y) * x), [0, x])
    g = t1.gradient(y, x)
result = [y, g, t2.gradient(g, x)]
"""),
    # ---- map_fn / vectorized_map ------------------------------------------------------------------
    S("map_fn.square", "result = tf.map_fn(lambda x: x * x, tf.constant([1, 2, 3]))"),
    S("map_fn.rows", "result = tf.map_fn(tf.reduce_sum, tf.reshape(tf.range(6.), (3, 2)))"),
    S("map_fn.tuple_elems", "result = tf.map_fn(lambda t: (t[0] + t[1], t[0] - t[1]), (tf.constant([1., 2.]), tf.constant([3., 4.])))"),
    S("map_fn.signature_dtype", "result = tf.map_fn(lambda x: tf.cast(x > 1, tf.int32), tf.constant([1., 2., 3.]), fn_output_signature=tf.int32)"),
    S("map_fn.signature_mismatch", "result = tf.map_fn(lambda x: x * 1.5, tf.constant([1., 2.]), fn_output_signature=tf.int32)"),
    S("map_fn.dtype_change_no_signature", "result = tf.map_fn(lambda x: tf.cast(x, tf.float32), tf.constant([1, 2]))"),
    S("map_fn.python_output", "result = tf.map_fn(lambda x: 1, tf.constant([1., 2.]))"),
    S("map_fn.signature_spec", "result = tf.map_fn(lambda x: x > 1, tf.constant([1, 2]), fn_output_signature=tf.TensorSpec([], tf.bool))"),
    S("map_fn.signature_structure", "result = tf.map_fn(lambda x: (x, x * 2.0), tf.constant([1., 2.]), fn_output_signature=(tf.float32, tf.float32))"),
    S("map_fn.dict", "result = tf.map_fn(lambda d: {'a': d['a'] + 1, 'b': d['b']}, {'b': tf.constant([1., 2.]), 'a': tf.constant([3, 4])})"),
    S("map_fn.python_list", "result = tf.map_fn(lambda x: x + 1, [1, 2, 3])"),
    S("map_fn.scalar", "result = tf.map_fn(lambda x: x, tf.constant(1.0))"),
    S("map_fn.mismatched_first_dim", "result = tf.map_fn(lambda t: t[0], (tf.constant([1, 2]), tf.constant([1, 2, 3])))"),
    S("map_fn.grad", """
x = tf.Variable([1., 2., 3.])
with tf.GradientTape() as t:
    y = tf.reduce_sum(tf.map_fn(lambda e: e ** 3, x))
result = t.gradient(y, x)
"""),
    S("map_fn.grad_matrix", """
x = tf.constant([[1., 2.], [3., 4.]])
w = tf.Variable([0.5, -1.])
with tf.GradientTape() as t:
    y = tf.map_fn(lambda r: tf.reduce_sum(r * w), x)
result = [y, t.gradient(y, w)]
"""),
    S("map_fn.empty", "result = [tf.map_fn(lambda x: x, tf.zeros((0, 3))), tf.map_fn(lambda x: x, tf.zeros((0, 3)), fn_output_signature=tf.TensorSpec([2], tf.int32)), tf.map_fn(lambda x: x, tf.zeros((0, 3)), fn_output_signature=tf.int32)]"),
    S("map_fn.signature_shape_mismatch", "result = tf.map_fn(lambda x: x, tf.constant([[1, 2], [3, 4]]), fn_output_signature=tf.TensorSpec([3], tf.int32))"),
    S("map_fn.ragged_results", "result = tf.map_fn(lambda x: tf.zeros(x), tf.constant([1, 2]), fn_output_signature=tf.float32)"),
    S("map_fn.float_from_int", "result = tf.map_fn(lambda x: tf.zeros(x), tf.constant([1, 2]))"),
    S("scan.empty_no_init", "result = tf.scan(lambda a, x: a + x, tf.zeros((0, 3)))"),
    S("scan.empty_init", "result = tf.scan(lambda a, x: a + x, tf.zeros((0, 3)), initializer=tf.zeros(3))"),
    S("foldl.empty_no_init", "result = tf.foldl(lambda a, x: a + x, tf.zeros((0, 3)))"),
    S("foldl.empty_init", "result = tf.foldl(lambda a, x: a + x, tf.zeros((0, 3)), initializer=tf.ones(3))"),
    S("scan.acc_shape_change", "result = tf.scan(lambda a, x: tf.concat([a, [x]], 0), tf.constant([1., 2.]), initializer=tf.constant([0.]))", msg=False),
    S("vectorized_map.basic", "result = tf.vectorized_map(lambda x: x * 2 + 1, tf.constant([[1, 2], [3, 4]]))"),
    S("vectorized_map.tuple", "result = tf.vectorized_map(lambda t: t[0] * t[1], (tf.constant([1., 2.]), tf.constant([3., 4.])))"),
    S("vectorized_map.grad", """
x = tf.Variable([[1., 2.], [3., 4.]])
with tf.GradientTape() as t:
    y = tf.reduce_sum(tf.vectorized_map(lambda r: tf.reduce_sum(r * r), x))
result = t.gradient(y, x)
"""),
    # ---- scan / foldl / foldr ---------------------------------------------------------------------
    S("scan.cumsum", "result = tf.scan(lambda a, x: a + x, tf.constant([1, 2, 3, 4]))"),
    S("scan.initializer", "result = tf.scan(lambda a, x: a * x, tf.constant([1., 2., 3.]), initializer=tf.constant(2.))"),
    S("scan.reverse", "result = tf.scan(lambda a, x: a + x, tf.constant([1, 2, 3, 4]), reverse=True)"),
    S("scan.reverse_init", "result = tf.scan(lambda a, x: a - x, tf.constant([1, 2, 3]), initializer=tf.constant(10), reverse=True)"),
    S("scan.tuple_acc", "result = tf.scan(lambda a, x: (a[0] + x, a[1] * x), tf.constant([1., 2., 3.]), initializer=(tf.constant(0.), tf.constant(1.)))"),
    S("scan.fib", """
result = tf.scan(lambda a, _: (a[1], a[0] + a[1]), tf.range(6), initializer=(tf.constant(0), tf.constant(1)))
"""),
    S("scan.grad", """
x = tf.Variable([1., 2., 3.])
with tf.GradientTape() as t:
    y = tf.reduce_sum(tf.scan(lambda a, e: a * e, x))
result = t.gradient(y, x)
"""),
    S("foldl.sum", "result = tf.foldl(lambda a, x: a + x, tf.constant([1, 2, 3]))"),
    S("foldl.init", "result = tf.foldl(lambda a, x: a * 10 + x, tf.constant([1, 2, 3]), initializer=tf.constant(0))"),
    S("foldl.python_init", "result = tf.foldl(lambda a, x: a + x, tf.constant([1., 2.]), initializer=0.5)"),
    S("foldr.digits", "result = tf.foldr(lambda a, x: a * 10 + x, tf.constant([1, 2, 3]), initializer=tf.constant(0))"),
    S("foldr.no_init", "result = tf.foldr(lambda a, x: a - x, tf.constant([1, 2, 10]))"),
    S("foldl.grad", """
x = tf.Variable([1., 2., 3.])
with tf.GradientTape() as t:
    y = tf.foldl(lambda a, e: a * e + 1.0, x, initializer=tf.constant(1.))
result = [y, t.gradient(y, x)]
"""),
    # ---- gradients through nested control flow, nested tapes -------------------------------------
    S("grad.map_fn_second_order", """
x = tf.constant([0.5, 1.5])
with tf.GradientTape() as t2:
    t2.watch(x)
    with tf.GradientTape() as t1:
        t1.watch(x)
        y = tf.reduce_sum(tf.map_fn(lambda e: tf.sin(e) * e, x))
    g = t1.gradient(y, x)
result = [g, t2.gradient(g, x)]
"""),
    S("grad.scan_second_order", """
x = tf.constant([1.0, 2.0, 0.5])
with tf.GradientTape() as t2:
    t2.watch(x)
    with tf.GradientTape() as t1:
        t1.watch(x)
        y = tf.reduce_sum(tf.scan(lambda a, e: a * e + e * e, x, initializer=tf.constant(1.0)))
    g = t1.gradient(y, x)
result = [g, t2.gradient(g, x)]
"""),
    S("grad.cond_in_while", """
x = tf.Variable(1.2)
with tf.GradientTape() as t:
    def body(i, y):
        return i + 1, tf.cond(y < 3.0, lambda: y * x, lambda: y + x)
    _, y = tf.while_loop(lambda i, y: i < 6, body, (0, tf.constant(1.0)))
result = [y, t.gradient(y, x)]
"""),
    S("grad.while_in_map_fn", """
x = tf.Variable([1.0, 2.0])
with tf.GradientTape() as t:
    y = tf.map_fn(lambda e: tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * e), (0, e))[1], x)
result = [y, t.gradient(y, x)]
"""),
    S("grad.foldr_variables", """
w = tf.Variable(0.5)
with tf.GradientTape() as t:
    y = tf.foldr(lambda a, e: a * w + e, tf.constant([1.0, 2.0, 3.0]))
result = [y, t.gradient(y, w)]
"""),
    S("grad.persistent_cond_both_sources", """
x = tf.Variable(1.0); z = tf.Variable(3.0)
with tf.GradientTape(persistent=True) as t:
    y = tf.case([(x > z, lambda: x * z)], default=lambda: x + z * z)
result = [t.gradient(y, x), t.gradient(y, z)]
"""),
    S("grad.jacobian_map_fn", """
x = tf.Variable([1.0, 2.0, 3.0])
with tf.GradientTape() as t:
    y = tf.map_fn(lambda e: e * e, x)
result = t.jacobian(y, x)
"""),
    # ---- utility ops ------------------------------------------------------------------------------
    S("group.none", "result = tf.group(tf.constant(1), tf.constant(2))"),
    S("group.bad_kw", "result = tf.group(tf.constant(1), foo=1)"),
    S("no_op.none", "result = tf.no_op()"),
    S("identity_n.values", "result = tf.identity_n([tf.constant(1), tf.constant([2., 3.])])"),
    S("identity_n.grad", """
x = tf.Variable(2.0)
with tf.GradientTape() as t:
    a, b = tf.identity_n([x * 2, x * x])
    y = a + b
result = t.gradient(y, x)
"""),
    S("control_dependencies.body", """
with tf.control_dependencies([tf.constant(1)]):
    y = tf.constant(2) + 1
result = y
"""),
    S("control_dependencies.callable", """
calls = []
with tf.control_dependencies([lambda: calls.append(1), tf.constant(1)]):
    pass
result = calls
"""),
    S("control_dependencies.scalar", "result = tf.control_dependencies(tf.constant(1))"),
    S("control_dependencies.none", "with tf.control_dependencies(None) as c: result = c"),
    S("timestamp.dtype", "t = tf.timestamp(); result = [t.dtype, t.shape, bool(t > 1.7e9)]"),
    # ---- tf.nest ----------------------------------------------------------------------------------
    S("nest.flatten_dict_sorted", "result = tf.nest.flatten({'b': 1, 'a': [2, (3, 4)], 'c': None})"),
    S("nest.pack", "result = tf.nest.pack_sequence_as({'b': [0, 0], 'a': 0}, [1, 2, 3])"),
    S("nest.map", "result = tf.nest.map_structure(lambda a, b: a + b, [1, (2, 3)], [10, (20, 30)])"),
    S("nest.is_nested", "result = [tf.nest.is_nested(x) for x in ([], (), {}, 1, 'a', tf.constant([1]))]"),
    S("nest.same_ok", "result = tf.nest.assert_same_structure([1, (2, {'a': 3})], [4, (5, {'a': 6})])"),
    S("nest.same_len", "result = tf.nest.assert_same_structure([1, 2], [1, 2, 3])", msg=False),
    S("nest.same_type", "result = tf.nest.assert_same_structure([1, 2], (1, 2))", msg=False),
    S("nest.same_type_unchecked", "result = tf.nest.assert_same_structure([1, 2], (1, 2), check_types=False)"),
    S("nest.pack_too_many", "result = tf.nest.pack_sequence_as([1, 2], [1, 2, 3])"),
    S("nest.pack_too_few", "result = tf.nest.pack_sequence_as([1, (2, 3)], [1])"),
    S("nest.pack_scalar", "result = [tf.nest.pack_sequence_as(1, [5]), tf.nest.pack_sequence_as(None, (6,))]"),
    S("nest.pack_not_sequence", "result = tf.nest.pack_sequence_as([1], 5)"),
    S("nest.map_mismatch_len", "result = tf.nest.map_structure(lambda a, b: a, [1], [1, 2])"),
    S("nest.map_mismatch_type", "result = tf.nest.map_structure(lambda a, b: a, [1], (1,))"),
    S("nest.map_unchecked", "result = tf.nest.map_structure(lambda a, b: a + b, [1], (1,), check_types=False)"),
    S("nest.map_bad_kwarg", "result = tf.nest.map_structure(lambda a: a, [1], foo=1)"),
    S("nest.map_not_callable", "result = tf.nest.map_structure(3, [1])"),
    S("nest.map_no_structure", "result = tf.nest.map_structure(lambda: 1)"),
    S("nest.namedtuple", """
import collections
P = collections.namedtuple('P', 'x y')
result = [tf.nest.flatten(P(1, [2, 3])), repr(tf.nest.map_structure(lambda a: a * 2, P(1, {'b': 2, 'a': 3})))]
"""),
    S("nest.ordered_dict", """
import collections
d = collections.OrderedDict([('b', 1), ('a', 2)])
result = [tf.nest.flatten(d), repr(tf.nest.pack_sequence_as(d, [10, 20]))]
"""),
    S("nest.leaves", "result = [tf.nest.flatten(None), tf.nest.flatten('ab'), tf.nest.flatten({}), tf.nest.flatten(tf.constant([1, 2]))]"),
    S("nest.same_keys", "result = tf.nest.assert_same_structure({'a': 1}, {'b': 1})"),
    S("nest.same_namedtuple_vs_tuple", """
import collections
P = collections.namedtuple('P', 'x y')
result = tf.nest.assert_same_structure(P(1, 2), (1, 2))
"""),
    S("nest.same_leaf_vs_list", "result = tf.nest.assert_same_structure(1, [1])"),
    S("nest.unsortable_keys", "result = tf.nest.flatten({1: 'a', 'b': 2})"),
    # ---- TensorSpec / TypeSpec --------------------------------------------------------------------
    S("spec.repr", "s = tf.TensorSpec([2, None], tf.float32, name='x'); result = [repr(s), str(s), s.shape, s.dtype, s.name]"),
    S("spec.repr_unknown_scalar", "result = [repr(tf.TensorSpec(None)), repr(tf.TensorSpec([])), repr(tf.TensorSpec((3,), 'int32'))]"),
    S("spec.from_tensor", "result = [repr(tf.TensorSpec.from_tensor(tf.constant([1, 2]))), repr(tf.TensorSpec.from_tensor(tf.constant([1.]), name='a'))]"),
    S("spec.from_tensor_variable", "result = tf.TensorSpec.from_tensor(tf.Variable([1.]))", msg=False),
    S("spec.from_spec", "s = tf.TensorSpec([2], tf.int64, name='x'); result = [repr(tf.TensorSpec.from_spec(s)), repr(tf.TensorSpec.from_spec(s, name='z'))]"),
    S("spec.compatible", """
s = tf.TensorSpec([2, None], tf.float32)
result = [s.is_compatible_with(tf.zeros((2, 5))), s.is_compatible_with(tf.zeros((3, 5))),
          s.is_compatible_with(tf.zeros((2, 5), tf.int32)), s.is_compatible_with(tf.TensorSpec([2, 3])),
          s.is_compatible_with(tf.TensorSpec(None)), s.is_compatible_with(3.0),
          tf.TensorSpec([1]).is_compatible_with([1.0]), s.is_compatible_with(tf.Variable(tf.zeros((2, 1))))]
"""),
    S("spec.eq_hash", """
a = tf.TensorSpec([2, None], tf.float32, name='x')
result = [a == tf.TensorSpec([2, None], tf.float32, name='x'), a == tf.TensorSpec([2, None], tf.float32),
          a != tf.TensorSpec([2, None]), hash(a) == hash(tf.TensorSpec([2, None], tf.float32, name='x')),
          len({a, tf.TensorSpec([2, None], name='x'), tf.TensorSpec([2])})]
"""),
    S("spec.most_specific", "result = [repr(tf.TensorSpec([2, None]).most_specific_compatible_type(tf.TensorSpec([2, 3]))), repr(tf.TensorSpec([2, 3]).most_specific_compatible_type(tf.TensorSpec([2, 4]))), repr(tf.TensorSpec([2]).most_specific_compatible_type(tf.TensorSpec([2, 4])))]"),
    S("spec.most_specific_dtype", "result = tf.TensorSpec([2]).most_specific_compatible_type(tf.TensorSpec([2], tf.int32))"),
    S("spec.most_specific_name", "result = tf.TensorSpec([2], name='a').most_specific_compatible_type(tf.TensorSpec([2]))"),
    S("spec.supertype", "result = [repr(tf.TensorSpec([None]).most_specific_common_supertype([tf.TensorSpec([3])])), tf.TensorSpec([2]).most_specific_common_supertype([tf.TensorSpec([2], tf.int8)])]"),
    S("spec.subtype", "result = [tf.TensorSpec([1]).is_subtype_of(tf.TensorSpec([None])), tf.TensorSpec([None]).is_subtype_of(tf.TensorSpec([1])), tf.TensorSpec([1]).is_subtype_of(tf.TensorSpec(None))]"),
    S("spec.isinstance", "result = [isinstance(tf.TensorSpec([1]), tf.TypeSpec), tf.TensorSpec([1]).value_type is tf.Tensor]"),
    S("spec.bad_dtype", "result = tf.TensorSpec([1], 'foo')"),
    S("spec.shape_from_tensorshape", "result = repr(tf.TensorSpec(tf.TensorShape([1, 2]), tf.float64))"),
    # ---- tf.function(input_signature=...) -------------------------------------------------------
    S("function.sig_ok", "f = tf.function(lambda x: x * 2, input_signature=[tf.TensorSpec([None], tf.float32)]); result = [f(tf.constant([1., 2.])), f([1., 2.]), f(x=tf.constant([3.]))]"),
    S("function.sig_dtype", "f = tf.function(lambda x: x * 2, input_signature=[tf.TensorSpec([None], tf.float32)]); result = f(tf.constant([1, 2]))"),
    S("function.sig_rank", "f = tf.function(lambda x: x * 2, input_signature=[tf.TensorSpec([None], tf.float32)]); result = f(tf.constant(1.))"),
    S("function.sig_python", "f = tf.function(lambda x: x * 2, input_signature=[tf.TensorSpec([None], tf.float32)]); result = f(1.0)"),
    S("function.sig_missing", "f = tf.function(lambda x: x * 2, input_signature=[tf.TensorSpec([None], tf.float32)]); result = f()"),
    S("function.sig_too_many", "f = tf.function(lambda x: x * 2, input_signature=[tf.TensorSpec([None], tf.float32)]); result = f(tf.constant([1.]), tf.constant([1.]))"),
    S("function.sig_nested", """
@tf.function(input_signature=[tf.TensorSpec([], tf.int32), (tf.TensorSpec([2]),)])
def g(a, b):
    return a, b
result = g(1, (tf.constant([1., 2.]),))
"""),
    S("function.sig_nested_list_for_tuple", """
@tf.function(input_signature=[tf.TensorSpec([], tf.int32), (tf.TensorSpec([2]),)])
def g(a, b):
    return a, b
result = g(1, [tf.constant([1., 2.])])
"""),
    S("function.sig_nested_tensor_for_tuple", """
@tf.function(input_signature=[tf.TensorSpec([], tf.int32), (tf.TensorSpec([2]),)])
def g(a, b):
    return a, b
result = g(1, tf.constant([1., 2.]))
"""),
    S("function.sig_default_param", "def h(a, b=3):\n    return a * b\nresult = tf.function(h, input_signature=[tf.TensorSpec([])])(2.0)"),
    S("function.sig_not_list", "result = tf.function(lambda a: a, input_signature=tf.TensorSpec([]))", msg=False),
    S("function.sig_variable", "f = tf.function(lambda x: x * 2, input_signature=[tf.TensorSpec([None], tf.float32)]); result = f(tf.Variable([1.]))"),
    S("function.sig_grad", """
f = tf.function(lambda x: x * x, input_signature=[tf.TensorSpec([None], tf.float32)])
x = tf.Variable([1., 3.])
with tf.GradientTape() as t:
    y = f(x)
result = t.gradient(y, x)
"""),
    # ---- TensorArray -------------------------------------------------------------------------------
    S("ta.write_stack", "ta = tf.TensorArray(tf.float32, size=3); ta = ta.write(0, 1.); ta = ta.write(2, 3.); result = [ta.stack(), ta.size(), ta.read(1)]"),
    S("ta.overwrite", "ta = tf.TensorArray(tf.float32, size=2); ta = ta.write(0, 1.).write(0, 2.); result = ta.stack()"),
    S("ta.write_out_of_range", "result = tf.TensorArray(tf.float32, size=3).write(3, 2.)"),
    S("ta.write_dtype", "result = tf.TensorArray(tf.float32, size=3).write(1, tf.constant(1))"),
    S("ta.write_python_int", "result = tf.TensorArray(tf.float32, size=2).write(0, 1).stack()"),
    S("ta.write_shape", "result = tf.TensorArray(tf.float32, size=3).write(0, 1.).write(1, [1., 2.])"),
    S("ta.read_out_of_range", "result = tf.TensorArray(tf.float32, size=3).read(7)"),
    S("ta.dynamic", "ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True).write(2, 5); result = [ta.stack(), ta.size(), ta.read(0)]"),
    S("ta.empty_stack", "result = [tf.TensorArray(tf.float32, size=0, dynamic_size=True).stack(), tf.TensorArray(tf.float32, size=0, element_shape=[2]).stack()]"),
    S("ta.read_unwritten_shape", "result = tf.TensorArray(tf.float32, size=0, dynamic_size=True).write(1, [1., 2.]).read(0)"),
    S("ta.element_shape_zeros", "result = tf.TensorArray(tf.float32, size=2, element_shape=[3]).write(0, [1., 2., 3.]).read(1)"),
    S("ta.element_shape_bad", "result = tf.TensorArray(tf.float32, size=2, element_shape=[3]).write(0, [1., 2.])"),
    S("ta.unstack_gather", "result = tf.TensorArray(tf.float32, 3).unstack([1., 2., 3.]).gather([2, 0])"),
    S("ta.unstack_too_many", "result = tf.TensorArray(tf.float32, 2).unstack([1., 2., 3.])"),
    S("ta.unstack_dynamic", "result = tf.TensorArray(tf.float32, 2, dynamic_size=True).unstack([1., 2., 3.]).size()"),
    S("ta.scatter_concat", "result = tf.TensorArray(tf.float32, 3).scatter([2, 0], [[5.], [6.]]).write(1, [0.]).concat()"),
    S("ta.concat_ragged", "result = tf.TensorArray(tf.float32, 2, infer_shape=False).write(0, [1.]).write(1, [2., 3.]).concat()"),
    S("ta.split", "result = tf.TensorArray(tf.float32, 2).split([1., 2., 3.], [1, 2]).concat()"),
    S("ta.split_too_many", "result = tf.TensorArray(tf.float32, 1).split([1., 2., 3.], [1, 2])"),
    S("ta.split_too_few", "result = tf.TensorArray(tf.float32, 3).split([1., 2., 3.], [1, 2])"),
    S("ta.properties", "result = [tf.TensorArray(tf.float32, 2).element_shape, tf.TensorArray(tf.float32, 2, element_shape=[None, 2]).element_shape, tf.TensorArray(tf.float32, 2).write(0, [1.]).element_shape, tf.TensorArray(tf.int64, 2).dtype, tf.TensorArray(tf.float32, 2).dynamic_size]"),
    S("ta.grad_stack", """
x = tf.Variable([1., 2.])
with tf.GradientTape() as t:
    ta = tf.TensorArray(tf.float32, size=2)
    ta = ta.write(0, x * 3.)
    ta = ta.write(1, x * x)
    y = tf.reduce_sum(ta.stack())
result = t.gradient(y, x)
"""),
    S("ta.grad_while", """
x = tf.Variable(2.0)
with tf.GradientTape() as t:
    def body(i, acc, ta):
        acc = acc * x
        return i + 1, acc, ta.write(i, acc)
    _, _, ta = tf.while_loop(lambda i, a, ta: i < 3, body, (0, tf.constant(1.), tf.TensorArray(tf.float32, size=3)))
    out = ta.stack()
    y = tf.reduce_sum(out)
result = [out, t.gradient(y, x)]
"""),
    S("ta.grad_unstack_read", """
x = tf.Variable([1., 2., 3.])
with tf.GradientTape() as t:
    ta = tf.TensorArray(tf.float32, size=3).unstack(x)
    y = ta.read(0) * ta.read(2)
result = t.gradient(y, x)
"""),
    # ---- py_function / numpy_function --------------------------------------------------------------
    S("py_function.single", "result = tf.py_function(lambda x: x * 2, [tf.constant(1.)], tf.float32)"),
    S("py_function.list", "result = tf.py_function(lambda x, y: [x + y, x - y], [1., 2.], [tf.float32, tf.float32])"),
    S("py_function.python_result", "result = tf.py_function(lambda x: 3, [1.], tf.float32)"),
    S("py_function.bad_result", "result = tf.py_function(lambda x: 3.5, [1.], tf.int32)", msg=False),
    S("py_function.dtype_mismatch", "result = tf.py_function(lambda x: x, [tf.constant(1)], tf.float32)", msg=False),
    S("py_function.tensor_args", "result = tf.py_function(lambda x: isinstance(x, tf.Tensor), [1.], tf.bool)"),
    S("py_function.empty", "result = tf.py_function(lambda: None, [], [])"),
    S("py_function.no_tout", "result = tf.py_function(lambda: None, [], None)"),
    S("py_function.one_list", "result = tf.py_function(lambda x: x, [1.], [tf.float32])"),
    S("py_function.spec", "result = tf.py_function(lambda x: x, inp=[1.], Tout=tf.TensorSpec([], tf.float32))"),
    S("py_function.raises", "result = tf.py_function(lambda x: 1 / 0, [1.], tf.float32)", msg=False),
    S("py_function.raises_value_error", "result = tf.py_function(lambda x: int('a'), [1.], tf.float32)", msg=False),
    S("py_function.grad", """
x = tf.Variable(2.)
with tf.GradientTape() as g:
    y = tf.py_function(lambda a: a * a * a, [x], tf.float32)
result = g.gradient(y, x)
"""),
    S("numpy_function.basic", "result = tf.numpy_function(lambda a: a * 2, [tf.constant([1, 2])], tf.int32)"),
    S("numpy_function.arrays", "result = tf.numpy_function(lambda a: isinstance(a, np.ndarray), [tf.constant([1, 2])], tf.bool)"),
    S("numpy_function.own_dtype", "result = tf.numpy_function(lambda a: a * 2.5, [tf.constant([1, 2])], tf.float32)"),
    S("numpy_function.two", "result = tf.numpy_function(lambda a: (a, a), [1], [tf.int32, tf.int32])"),
    S("numpy_function.python_float", "result = tf.numpy_function(lambda a: 2.5, [1], tf.float32)"),
    S("numpy_function.grad_none", """
x = tf.Variable(2.)
with tf.GradientTape() as g:
    y = tf.numpy_function(lambda a: a * a, [x], tf.float32)
result = g.gradient(y, x)
"""),
    # ---- tf.print ---------------------------------------------------------------------------------
    _p("floats", "tf.constant([1.0, 2.5, 1/3, 1e10, 1e-7, float('nan'), float('inf'), -0.0])"),
    _p("float_f64", "tf.constant([1/3, 0.1], tf.float64)"),
    _p("float_scalars", "tf.constant(1e20), tf.constant(123456789.0), tf.constant(1e-5), tf.constant(100000.0)"),
    _p("half", "tf.constant(1e-3, tf.float16), tf.constant([65504.], tf.float16)"),
    _p("bool_str", "tf.constant([True, False]), tf.constant(['a', 'b\\'c\"d\\n'])"),
    _p("long_int", "tf.range(10)"),
    _p("long_int_6", "tf.range(6)"),
    _p("long_int_7", "tf.range(7)"),
    _p("summarize_all", "tf.range(10)", ", summarize=-1"),
    _p("summarize_1", "tf.reshape(tf.range(24), (2, 3, 4))", ", summarize=1"),
    _p("rank3", "tf.reshape(tf.range(24), (2, 3, 4))"),
    _p("rank4", "tf.reshape(tf.range(16), (2, 2, 2, 2))"),
    _p("big_matrix", "tf.reshape(tf.range(100), (10, 10))"),
    _p("python_values", "'x', 1, 2.5, [1, tf.constant(2)], {'b': tf.constant([1, 2]), 'a': 3}", ", sep='|', end='!'"),
    _p("python_structs", "['a', 2.5, tf.constant('s')], ('t',), None, (1, 2)"),
    _p("scalars", "tf.constant(3), tf.constant([]), tf.constant(1+2j), tf.constant(2**40, tf.int64)"),
    _p("string_control_bytes", "tf.constant(['a\\x01b\\x7fc\\x1f', '\\\\'])"),
    _p("string_scalar_alone", "tf.constant('hello \"w\"')"),
    _p("string_scalar_with_other", "tf.constant('hello'), 1"),
    _p("empty_2d", "tf.zeros((2, 0))"),
    _p("variable", "tf.Variable([1., 2.])"),
    _p("summarize_2", "tf.constant([[1.5, 2], [3, 4]]), tf.constant([[1]])", ", summarize=2"),
    _p("sep_end", "tf.constant(1), tf.constant(2)", ", sep=', ', end='<END>\\n'"),
    _p("placeholder_in_text", "'{}', tf.constant(1), '{}5'"),
    S("print.bad_stream", "import io; tf.print(1, output_stream=io.StringIO())", msg=False),
    S("print.bad_kwarg", "tf.print(1, foo=2)"),
    S("print.appends", """
import os, tempfile
_path = os.path.join(tempfile.mkdtemp(), 'out.txt')
tf.print('a', output_stream='file://' + _path)
tf.print('b', output_stream='file://' + _path)
result = open(_path).read()
"""),
]

# Generated: tf.print of integer and float tensors of several shapes against each summarize.
for _shape, _summarize in itertools.product([(5,), (7,), (3, 7), (7, 3), (2, 2, 5)], [1, 2, 3, 4]):
    _n = 1
    for _d in _shape:
        _n *= _d
    SNIPPETS.append(_p(f"gen_{'x'.join(map(str, _shape))}_s{_summarize}",
                       f"tf.reshape(tf.range({_n}) * 3 - 7, {_shape}), "
                       f"tf.reshape(tf.range({_n}, dtype=tf.float32) / 7, {_shape})",
                       f", summarize={_summarize}"))

# Generated: tf.print of each dtype family with special values, at several summarize settings.
_VALUES = {
    "float32": "[0.1, -2.5, 1e-8, 3.4e38, float('nan'), float('-inf'), 123456.789, -0.0, 7.0]",
    "float64": "[0.1, -2.5, 1e-300, 1.7e308, float('nan'), float('inf'), 2/3, -0.0, 7.0]",
    "float16": "[0.1, -2.5, 6e-5, 65504.0, float('nan'), float('inf'), 0.333, -0.0, 7.0]",
    "int64": "[0, -1, 2**40, -2**62, 5, 6, 7, 8, 9]",
    "uint8": "[0, 1, 255, 128, 5, 6, 7, 8, 9]",
    "bool": "[True, False, True, True, False, False, True, False, True]",
    "string": "['a', '', 'tab\\there', 'quote\\\"', 'caf\\xe9', 'new\\nline', 'g', 'h', 'i']",
}
for (_dtype, _values), _summarize in itertools.product(_VALUES.items(), [2, 3, -1]):
    SNIPPETS.append(_p(f"gen_{_dtype}_s{_summarize}",
                       f"tf.constant({_values}, dtype=tf.{_dtype}), "
                       f"tf.reshape(tf.constant({_values}, dtype=tf.{_dtype}), (3, 3))",
                       f", summarize={_summarize}"))

# Generated: values and gradients of map_fn / scan / foldl / foldr / while_loop over several
# shapes and dtypes (values from a fixed formula, so the list is the same on every run).
_FNS = {"map_fn": "tf.map_fn(lambda e: tf.sin(e) * e, x)",
        "scan": "tf.scan(lambda a, e: a * 0.5 + tf.tanh(e), x)",
        "scan_rev": "tf.scan(lambda a, e: a * e, x, reverse=True)",
        "foldl": "tf.foldl(lambda a, e: a * 0.9 + e * e, x)",
        "foldr": "tf.foldr(lambda a, e: tf.sin(a) + e, x)",
        "while": "tf.while_loop(lambda i, a: i < x.shape[0], lambda i, a: (i + 1, a + x[i] * a), (0, tf.ones_like(x[0])))[1]"}
for (_fn, _expr), _shape, _dtype in itertools.product(_FNS.items(), [(3,), (2, 3), (4, 2, 2)],
                                                    ["float32", "float64"]):
    _n = 1
    for _d in _shape:
        _n *= _d
    SNIPPETS.append(S(f"gen_grad.{_fn}_{'x'.join(map(str, _shape))}_{_dtype}", f"""
x = tf.Variable(tf.reshape(tf.cos(tf.range({_n}, dtype=tf.{_dtype}) * 1.3) * 0.8, {_shape}))
with tf.GradientTape() as t:
    y = {_expr}
    loss = tf.reduce_sum(y * y)
result = [y, t.gradient(loss, x)]
""", rtol=1e-4))

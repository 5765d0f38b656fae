"""Names like the code: assignment targets and call-site argument texts of recorded ops."""
import gc
import weakref

import numpy as np

import tapeviz as tf
from tapeviz.viewmodel.naming import NONE, names_at


def record_names(tape):
    return [(r.op.type, names_at(r.site).target, names_at(r.site).args) for r in tape.records]


def test_targets_and_arguments_come_from_the_source():
    X = tf.constant([[1.0, 2.0]])
    W1 = tf.Variable([[1.0], [2.0]], name="W1")
    b = tf.Variable([0.5], name="b")
    with tf.GradientTape() as tape:
        tape.watch(X)
        z = tf.matmul(X, W1) + b
        h = tf.nn.relu(z)
        loss = tf.reduce_sum(h * h)
    assert record_names(tape) == [
        ("MatMul", None, ("X", "W1")),                 # feeds the Add, so it has no name of its own
        ("AddV2", "z", ("tf.matmul(X, W1)", "b")),
        ("Relu", "h", ("z",)),
        ("Mul", None, ("h", "h")),
        ("Sum", "loss", ("h * h",)),
    ]
    assert names_at(tape.watch_log[0].site).args == ("X",)
    assert loss is not None


def test_two_ops_on_one_line_get_their_own_expression():
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        a, c = tf.sin(x), tf.cos(x)
    assert [names_at(r.site).args for r in tape.records] == [("x",), ("x",)]
    assert a is not None and c is not None


def test_long_expressions_are_not_names():
    x = tf.constant(1.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.sin(x + x + x + x + x + x + x + x + x + x + x + x + x + x + x)
    assert names_at(tape.records[-1].site).args == (None,)
    assert names_at(tape.records[-1].site).target == "y"


def test_no_site_means_no_names():
    assert names_at(None) is NONE and NONE.arg(3) is None


def test_records_keep_no_frame_alive():
    """A record refers to the code position only: the caller's locals are freed with it."""
    class Big:
        pass

    def step(x):
        local = Big()
        holder.append(weakref.ref(local))
        return x * x

    holder = []
    x = tf.constant(np.ones(3, np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        step(x)
    gc.collect()
    assert holder[0]() is None
    assert names_at(tape.records[0].site).args == ("x", "x")


def test_names_in_an_ipython_cell():
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    shell.run_cell("import tapeviz as tf\nq = tf.constant(3.0)\n"
                   "with tf.GradientTape() as cell_tape:\n    cell_tape.watch(q)\n"
                   "    cube = q * q * q\n").raise_error()
    tape = shell.user_ns.pop("cell_tape")
    assert [names_at(r.site).target for r in tape.records] == [None, "cube"]
    assert names_at(tape.records[0].site).args == ("q", "q")

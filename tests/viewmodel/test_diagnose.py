"""NaN/infinity origins and vanishing/exploding gradients, explained in words."""
import numpy as np
import pytest

import tapeviz as tf
from tapeviz.viewmodel.diagnose import first_nonfinite, gradient_flow


def test_log_of_an_underflowed_softmax_is_found_at_the_log():
    logits = tf.Variable([[200.0, -200.0, 0.0]], name="logits")
    with tf.GradientTape() as tape:
        probs = tf.nn.softmax(logits)
        log_probs = tf.math.log(probs)
        loss = -tf.reduce_sum(log_probs)
    tape.gradient(loss, logits)
    origin = first_nonfinite(tape)
    assert origin.direction == "forward" and origin.op == "Log"
    assert origin.counts == {"nan": 0, "+inf": 0, "-inf": 2}     # -inf is not called NaN
    assert "log(0) is -infinity" in origin.text
    assert "probs = 0" in origin.inputs                            # the input, named as in the code
    assert "log_softmax" in origin.fix
    assert "log_probs = tf.math.log(probs)" in origin.text


@pytest.mark.parametrize("num, den, reason", [(0.0, 0.0, "0 / 0 is NaN"),
                                              (1.0, 0.0, "dividing by zero")])
def test_division(num, den, reason):
    x = tf.constant([num])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x / tf.constant([den])
    origin = first_nonfinite(tape)
    assert origin.op == "RealDiv" and reason in origin.reason and "divide_no_nan" in origin.fix
    assert y is not None


def test_exp_overflow():
    x = tf.constant([1.0, 100.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        tf.exp(x)
    origin = first_nonfinite(tape)
    assert origin.op == "Exp" and "overflows" in origin.reason and origin.counts["+inf"] == 1


def test_a_finite_forward_with_an_infinite_derivative_is_found_backward():
    x = tf.Variable([0.0, 4.0], name="x")
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.sqrt(x))
    g = tape.gradient(y, x)
    assert np.isinf(g.numpy()[0])
    origin = first_nonfinite(tape)
    assert origin.direction == "backward" and origin.op == "Sqrt"
    assert "1 / (2 sqrt(x))" in origin.reason


def test_all_finite_means_no_origin():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x
    tape.gradient(y, x)
    assert first_nonfinite(tape) is None


def stack(activation, std, depth=12, width=32):
    r = np.random.default_rng(1)
    inputs = tf.constant(np.random.default_rng(0).normal(size=(16, width)).astype(np.float32))
    weights = [tf.Variable(r.normal(0.0, std, (width, width)).astype(np.float32), name=f"W{i}")
               for i in range(depth)]
    with tf.GradientTape() as tape:
        h = inputs
        for W in weights:
            h = activation(h @ W)
        loss = tf.reduce_mean(h ** 2)
    tape.gradient(loss, weights)
    return tape


def test_a_deep_sigmoid_stack_is_vanishing_with_its_factor_per_layer():
    flow = gradient_flow(stack(tf.nn.sigmoid, 1 / np.sqrt(32)))
    assert [name for name, _ in flow.layers] == [f"W{i}" for i in range(12)]
    norms = [n for _, n in flow.layers]
    assert norms[0] < norms[-1] * 1e-3
    assert flow.verdict == "vanishing" and 0 < flow.factor < 0.6
    assert "ReLU" in flow.text and "W11 (next to the loss)" in flow.text


def test_large_weights_explode_and_relu_with_he_init_is_fine():
    assert gradient_flow(stack(tf.nn.relu, 3.0)).verdict == "exploding"
    healthy = gradient_flow(stack(tf.nn.relu, np.sqrt(2 / 32)))
    assert healthy.verdict is None and "no vanishing or exploding" in healthy.text


def test_keras_layers_are_grouped_by_layer():
    model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation="sigmoid", name="hidden1"),
                                 tf.keras.layers.Dense(4, activation="sigmoid", name="hidden2"),
                                 tf.keras.layers.Dense(1, name="out")], name="net")
    x = tf.constant(np.ones((2, 3), np.float32))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(model(x))
    tape.gradient(loss, model.trainable_variables)
    names = [name for name, _ in gradient_flow(tape).layers]
    assert names == ["net/hidden1", "net/hidden2", "net/out"]


def test_explain_with_the_tape_alone_reports_everything():
    logits = tf.Variable([[200.0, -200.0, 0.0]], name="logits")
    unused = tf.Variable(1.0, name="unused")
    with tf.GradientTape() as tape:
        loss = -tf.reduce_sum(tf.math.log(tf.nn.softmax(logits)))
    tape.gradient(loss, [logits, unused])
    report = tf.explain(tape)
    assert [e.name for e in report.none] == ["unused"] and report.nonfinite.op == "Log"
    text = str(report)
    assert "unused" in text and "log(0) is -infinity" in text
    with pytest.raises(ValueError, match="needs the source"):
        tf.explain(tape, loss)


def test_a_healthy_tape_reports_nothing_wrong():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x
    tape.gradient(y, x)
    assert str(tf.explain(tape)) == "Nothing went wrong: no None gradient, no NaN or infinity."

"""A loop's iterations appear on the tape view inside its scope, folded into one xN block."""
import tapeviz as tf
from tapeviz.viewmodel.graph import graph_model


def test_while_loop_folds_into_a_repeat_block_in_its_scope():
    x = tf.Variable(1.5)
    with tf.GradientTape() as t:
        _, y = tf.while_loop(lambda i, y: i < 6, lambda i, y: (i + 1, tf.sin(y * x)), (0, tf.constant(1.0)))
    groups = graph_model(t, [y], [x]).data["groups"]
    scope = next(g for g in groups if g["kind"] == "scope")
    repeat = next(g for g in groups if g["kind"] == "repeat")
    assert scope["label"] == "while" and repeat["parent"] == scope["id"]
    # 6 iterations: the first reads the initial constant, the 5 alike fold into one block
    assert repeat["count"] == 5 and set(repeat["label"].split("·")) == {"Mul", "Sin"}
    assert dict(scope["ops"]) == {"Mul": 6, "Sin": 6, "Variable": 1}


def test_map_fn_ops_sit_in_the_map_scope():
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as t:
        y = tf.map_fn(lambda e: tf.exp(e) * 2.0, x)
    groups = graph_model(t, [y], [x]).data["groups"]
    assert any(g["kind"] == "scope" and g["label"] == "map" for g in groups)
    assert any(g["kind"] == "repeat" and g["count"] == 3 for g in groups)

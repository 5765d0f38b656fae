"""Gradient-check cases for the nn family (float64, second order for the elementwise activations)."""

import tapeviz as tf
from tests.ops.gradcheck import AWAY_FROM_ZERO, case

LABELS = tf.constant([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]], dtype=tf.float64)
CLASSES = tf.constant([2, 0])


def _relu6(x):
    return tf.nn.relu6(x * 2.0 + 3.0)   # covers both sides of 0 and 6 away from the kinks


def _normalize(x, m, v):
    return tf.nn.batch_normalization(x, m, tf.abs(v) + 0.5, 0.1, 2.0, 1e-3)


def _conv(x, w):
    return tf.nn.conv2d(x, w, 2, "SAME")


def _conv_valid(x, w):
    return tf.nn.conv2d(x, w, 1, "VALID")


GRAD_CASES = [
    case(tf.nn.relu, [[(3, 4)], [()]], order=2, domain=AWAY_FROM_ZERO, ops=["Relu", "ReluGrad"]),
    case(_relu6, [[(3, 4)]], order=2, domain=AWAY_FROM_ZERO, name="relu6", ops=["Relu6", "Relu6Grad"]),
    case(tf.nn.leaky_relu, [[(3, 4)]], order=2, domain=AWAY_FROM_ZERO, ops=["LeakyRelu", "LeakyReluGrad"]),
    case(tf.nn.elu, [[(3, 4)]], order=2, domain=AWAY_FROM_ZERO, ops=["Elu", "EluGrad"]),
    case(tf.nn.selu, [[(3, 4)]], order=2, domain=AWAY_FROM_ZERO, ops=["Selu", "SeluGrad"]),
    case(tf.nn.softsign, [[(3, 4)]], ops=["Softsign", "SoftsignGrad"]),   # TF: no second derivative
    case(tf.nn.gelu, [[(3, 4)]], order=2),
    case(lambda x: tf.nn.gelu(x, approximate=True), [[(3, 4)]], order=2, name="gelu_tanh"),
    case(tf.nn.silu, [[(3, 4)]], order=2),
    case(tf.nn.softmax, [[(3, 4)], [(5,)]], order=2, ops=["Softmax"]),
    case(lambda x: tf.nn.softmax(x, axis=0), [[(3, 4)]], name="softmax_axis0", ops=["Softmax"]),
    case(tf.nn.log_softmax, [[(3, 4)]], order=2, ops=["LogSoftmax"]),
    # TF's gradient is softmax - labels, exact when the labels are a distribution: make them one
    case(lambda a, lg: tf.nn.softmax_cross_entropy_with_logits(tf.nn.softmax(a), lg), [[(2, 3), (2, 3)], [(1, 3), (2, 3)]],
         order=2, name="softmax_xent", ops=["SoftmaxCrossEntropyWithLogits", "SoftmaxCrossEntropyWithLogitsGrad"]),
    case(lambda lg: tf.nn.sparse_softmax_cross_entropy_with_logits(CLASSES, lg), [[(2, 3)]], order=2,
         name="sparse_softmax_xent", ops=["SparseSoftmaxCrossEntropyWithLogits", "SparseSoftmaxCrossEntropyWithLogitsGrad"]),
    case(lambda lb, lg: tf.nn.sigmoid_cross_entropy_with_logits(labels=lb, logits=lg), [[(3, 4), (3, 4)]],
         order=2, name="sigmoid_xent"),
    case(lambda lg: tf.nn.weighted_cross_entropy_with_logits(LABELS, lg, 3.0), [[(2, 3)]], name="weighted_xent"),
    case(tf.nn.l2_loss, [[(3, 4)], [()]], order=2, ops=["L2Loss"]),
    case(lambda v, b: tf.nn.bias_add(v, b), [[(2, 3, 4), (4,)]], order=2, name="bias_add", ops=["BiasAdd"]),
    case(lambda v, b: tf.nn.bias_add(v, b, data_format="NCHW"), [[(2, 4, 3), (4,)]], name="bias_add_nchw",
         ops=["BiasAdd"]),
    case(lambda x: tf.nn.moments(x, [0]), [[(4, 3)]], name="moments"),
    case(_normalize, [[(4, 3), (3,), (3,)]], name="batch_normalization"),
    case(_conv, [[(1, 5, 4, 2), (3, 2, 2, 3)]], name="conv2d_same",
         ops=["Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"], tol=1e-4),
    case(_conv_valid, [[(2, 4, 4, 1), (2, 3, 1, 2)]], name="conv2d_valid", ops=["Conv2D"], tol=1e-4),
    case(lambda x: tf.nn.max_pool2d(x, 2, 2, "SAME"), [[(1, 5, 4, 2)]], name="max_pool",
         ops=["MaxPool", "MaxPoolGrad", "MaxPoolGradGrad"]),
    case(lambda x: tf.nn.avg_pool2d(x, 3, 2, "SAME"), [[(1, 5, 4, 2)]], name="avg_pool",
         ops=["AvgPool", "AvgPoolGrad"]),
]

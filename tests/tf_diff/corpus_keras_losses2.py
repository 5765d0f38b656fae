"""Keras 3 losses and metrics of issue 16 (every loss class, compile metrics) against TF 2.21 +
Keras 3: values, reductions, sample weights, gradients of the losses."""
from tests.tf_diff.corpus import S

_DATA = """
yt = np.array([[0., 1., 0.], [1., 0., 0.], [0., 0., 1.], [0., 1., 0.]], 'float32')
yp = np.array([[0.2, 0.7, 0.1], [0.5, 0.3, 0.2], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1]], 'float32')
reg_t = np.array([[1.5, -2.0, 0.3], [0.0, 4.0, 2.0], [3.0, 0.5, -1.0], [0.2, 0.2, 0.2]], 'float32')
reg_p = np.array([[1.0, -1.0, 0.8], [0.5, 2.0, 2.5], [-3.0, 0.4, 0.0], [0.1, 0.3, 0.25]], 'float32')
sw = np.array([1.0, 0.5, 2.0, 0.0], 'float32')
"""

_LOSSES = [
    ("huber", "tf.keras.losses.Huber()", "reg"),
    ("huber.delta", "tf.keras.losses.Huber(delta=0.3, reduction='sum')", "reg"),
    ("log_cosh", "tf.keras.losses.LogCosh()", "reg"),
    ("poisson", "tf.keras.losses.Poisson()", "prob"),
    ("kl_divergence", "tf.keras.losses.KLDivergence()", "prob"),
    ("cosine_similarity", "tf.keras.losses.CosineSimilarity()", "reg"),
    ("cosine_similarity.axis0", "tf.keras.losses.CosineSimilarity(axis=0, reduction='none')", "reg"),
    ("hinge", "tf.keras.losses.Hinge()", "prob"),
    ("hinge.signed", "tf.keras.losses.Hinge()", "reg"),
    ("squared_hinge", "tf.keras.losses.SquaredHinge()", "prob"),
    ("categorical_hinge", "tf.keras.losses.CategoricalHinge()", "prob"),
    ("mape", "tf.keras.losses.MeanAbsolutePercentageError()", "reg"),
    ("msle", "tf.keras.losses.MeanSquaredLogarithmicError()", "reg"),
    ("dice", "tf.keras.losses.Dice()", "prob"),
    ("dice.axis", "tf.keras.losses.Dice(axis=1, reduction='none')", "prob"),
    ("tversky", "tf.keras.losses.Tversky(alpha=0.3, beta=0.7)", "prob"),
    ("binary_focal", "tf.keras.losses.BinaryFocalCrossentropy()", "prob"),
    ("binary_focal.balanced", "tf.keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True, "
     "alpha=0.4, gamma=1.5, label_smoothing=0.1)", "prob"),
    ("binary_focal.logits", "tf.keras.losses.BinaryFocalCrossentropy(from_logits=True)", "reg"),
    ("categorical_focal", "tf.keras.losses.CategoricalFocalCrossentropy()", "prob"),
    ("categorical_focal.logits", "tf.keras.losses.CategoricalFocalCrossentropy(from_logits=True, "
     "label_smoothing=0.2, gamma=1.0)", "reg_as_logits"),
    ("mse.sum", "tf.keras.losses.MeanSquaredError(reduction='sum')", "reg"),
    ("mae.none", "tf.keras.losses.MeanAbsoluteError(reduction=None)", "reg"),
    ("mse.mean_with_sample_weight", "tf.keras.losses.MeanSquaredError(reduction='mean_with_sample_weight')", "reg"),
]


def _loss_snippet(name, ctor, data):
    t, p = {"reg": ("reg_t", "reg_p"), "prob": ("yt", "yp"), "reg_as_logits": ("yt", "reg_p")}[data]
    code = (_DATA + f"loss = {ctor}\n"
            f"t, p = tf.constant({t}), tf.constant({p})\n"
            "with tf.GradientTape() as tape:\n    tape.watch(p)\n    value = loss(t, p)\n"
            "result = [value, tape.gradient(tf.reduce_sum(value), p), loss(t, p, sample_weight=sw),\n"
            "          loss.name, loss.reduction]\n")
    return S(f"keras.loss2.{name}", code, rtol=1e-5, atol=1e-6)


_METRICS = [
    ("auc", "tf.keras.metrics.AUC()", "bin"),
    ("auc.pr", "tf.keras.metrics.AUC(curve='PR')", "bin"),
    ("auc.pr_majoring", "tf.keras.metrics.AUC(curve='PR', summation_method='majoring', num_thresholds=7)", "bin"),
    ("auc.roc_minoring", "tf.keras.metrics.AUC(summation_method='minoring', num_thresholds=10)", "bin"),
    ("auc.logits", "tf.keras.metrics.AUC(from_logits=True, num_thresholds=50)", "bin_logits"),
    ("auc.thresholds", "tf.keras.metrics.AUC(thresholds=[0.3, 0.5, 0.9])", "bin"),
    ("auc.multi_label", "tf.keras.metrics.AUC(multi_label=True)", "multi"),
    ("auc.multi_label_pr_weights", "tf.keras.metrics.AUC(multi_label=True, curve='PR', label_weights=[1., 2., .5])", "multi"),
    ("auc.label_weights", "tf.keras.metrics.AUC(label_weights=[1., 0., 3.], num_thresholds=20)", "multi"),
    ("precision", "tf.keras.metrics.Precision()", "bin"),
    ("precision.thresholds", "tf.keras.metrics.Precision(thresholds=[0.2, 0.5, 0.8])", "bin"),
    ("precision.top_k", "tf.keras.metrics.Precision(top_k=2)", "multi"),
    ("precision.class_id", "tf.keras.metrics.Precision(class_id=1, thresholds=0.25)", "multi"),
    ("recall", "tf.keras.metrics.Recall()", "bin"),
    ("recall.top_k_class", "tf.keras.metrics.Recall(top_k=1, class_id=2)", "multi"),
    ("true_positives", "tf.keras.metrics.TruePositives()", "bin"),
    ("false_positives", "tf.keras.metrics.FalsePositives(thresholds=0.6)", "bin"),
    ("true_negatives", "tf.keras.metrics.TrueNegatives()", "bin"),
    ("false_negatives", "tf.keras.metrics.FalseNegatives()", "bin"),
    ("precision_at_recall", "tf.keras.metrics.PrecisionAtRecall(0.5)", "bin"),
    ("recall_at_precision", "tf.keras.metrics.RecallAtPrecision(0.6, num_thresholds=20)", "bin"),
    ("sensitivity_at_specificity", "tf.keras.metrics.SensitivityAtSpecificity(0.5)", "bin"),
    ("specificity_at_sensitivity", "tf.keras.metrics.SpecificityAtSensitivity(0.8)", "bin"),
    ("top_k", "tf.keras.metrics.TopKCategoricalAccuracy(k=2)", "multi"),
    ("sparse_top_k", "tf.keras.metrics.SparseTopKCategoricalAccuracy(k=1)", "sparse"),
    ("mean_iou", "tf.keras.metrics.MeanIoU(num_classes=3)", "iou"),
    ("iou", "tf.keras.metrics.IoU(num_classes=3, target_class_ids=[0, 2])", "iou"),
    ("iou.ignore", "tf.keras.metrics.IoU(num_classes=3, target_class_ids=[1], ignore_class=0)", "iou"),
    ("binary_iou", "tf.keras.metrics.BinaryIoU(threshold=0.4)", "bin"),
    ("one_hot_mean_iou", "tf.keras.metrics.OneHotMeanIoU(num_classes=3)", "multi"),
    ("f1", "tf.keras.metrics.F1Score()", "multi"),
    ("f1.macro", "tf.keras.metrics.F1Score(average='macro', threshold=0.3)", "multi"),
    ("f1.weighted", "tf.keras.metrics.F1Score(average='weighted')", "multi"),
    ("fbeta.micro", "tf.keras.metrics.FBetaScore(average='micro', beta=2.0, threshold=0.5)", "multi"),
    ("r2", "tf.keras.metrics.R2Score()", "reg"),
    ("r2.raw", "tf.keras.metrics.R2Score(class_aggregation=None)", "reg"),
    ("r2.weighted_adjusted", "tf.keras.metrics.R2Score(class_aggregation='variance_weighted_average', "
     "num_regressors=2)", "reg"),
    ("rmse", "tf.keras.metrics.RootMeanSquaredError()", "reg"),
    ("pearson", "tf.keras.metrics.PearsonCorrelation()", "multi"),
    ("concordance", "tf.keras.metrics.ConcordanceCorrelation()", "multi"),
    ("mape", "tf.keras.metrics.MeanAbsolutePercentageError()", "reg"),
    ("msle", "tf.keras.metrics.MeanSquaredLogarithmicError()", "reg"),
    ("logcosh", "tf.keras.metrics.LogCoshError()", "reg"),
    ("cosine_similarity", "tf.keras.metrics.CosineSimilarity()", "reg"),
    ("poisson", "tf.keras.metrics.Poisson()", "multi"),
    ("kld", "tf.keras.metrics.KLDivergence()", "multi"),
    ("hinge", "tf.keras.metrics.Hinge()", "multi"),
    ("squared_hinge", "tf.keras.metrics.SquaredHinge()", "multi"),
    ("categorical_hinge", "tf.keras.metrics.CategoricalHinge()", "multi"),
]

_METRIC_DATA = """
bin_t = np.array([0, 1, 1, 0, 1, 0, 1, 1, 0, 0], 'float32')
bin_p = np.array([0.1, 0.8, 0.45, 0.6, 0.9, 0.3, 0.2, 0.55, 0.05, 0.7], 'float32')
bin_w = np.array([1, 2, 1, 0.5, 1, 1, 3, 1, 1, 0], 'float32')
multi_t = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 1]], 'float32')
multi_p = np.array([[0.2, 0.7, 0.1], [0.5, 0.3, 0.2], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1], [0.3, 0.3, 0.4]], 'float32')
multi_w = np.array([1, 0.5, 2, 1, 1], 'float32')
data = {
    'bin': (bin_t, bin_p, bin_w), 'bin_logits': (bin_t, (bin_p - 0.5) * 6, bin_w),
    'multi': (multi_t, multi_p, multi_w),
    'sparse': (np.array([1, 0, 2, 0, 2]), multi_p, multi_w),
    'iou': (np.array([0, 1, 2, 2, 1, 0, 0]), np.array([0, 2, 2, 1, 1, 0, 1]), np.array([1, 1, 2, 1, 1, 3, 1])),
    'reg': (np.array([[1.5, -2.0], [0.0, 4.0], [3.0, 0.5], [0.2, 0.2]], 'float32'),
            np.array([[1.0, -1.0], [0.5, 2.0], [-3.0, 0.4], [0.1, 0.3]], 'float32'), np.array([1, 2, 1, 0.5], 'float32')),
}
"""


def _metric_snippet(name, ctor, data):
    half = "[: len(t) // 2]"
    rest = "[len(t) // 2:]"
    code = (_METRIC_DATA + f"t, p, w = data['{data}']\nm = {ctor}\n"
            f"m.update_state(t{half}, p{half})\nm.update_state(t{rest}, p{rest})\nfirst = m.result()\n"
            "m.reset_state()\nm.update_state(t, p, sample_weight=w)\n"
            "result = [first, m.result(), m.name]\n")
    return S(f"keras.metric2.{name}", code, rtol=1e-5, atol=1e-6)


SNIPPETS = [_loss_snippet(*spec) for spec in _LOSSES] + [_metric_snippet(*spec) for spec in _METRICS] + [
    S("keras.loss2.generalized_ce",
      "loss = tf.keras.losses.CategoricalGeneralizedCrossEntropy(q=0.7)\n"
      "result = [loss(np.array([1, 0, 2]), np.array([[.2, .7, .1], [.5, .3, .2], [.1, .1, .8]], 'float32')), loss.name]",
      rtol=1e-5, atol=1e-6),
    S("keras.loss2.circle",
      "emb = tf.math.l2_normalize(tf.constant(np.sin(np.arange(24.)).reshape(6, 4).astype('float32')), axis=1)\n"
      "labels = np.array([0, 1, 0, 2, 1, 0])\n"
      "with tf.GradientTape() as tape:\n    tape.watch(emb)\n    value = tf.keras.losses.Circle()(labels, emb)\n"
      "result = [value, tape.gradient(value, emb), tf.keras.losses.Circle(gamma=10.0, margin=0.2, "
      "remove_diagonal=False, reduction='sum')(labels, emb), tf.keras.losses.circle(labels, emb, margin=0.3)]",
      rtol=1e-4, atol=1e-5),
    S("keras.loss2.by_name",
      "result = [type(tf.keras.losses.get(n)).__name__ for n in ['huber', 'log_cosh', 'poisson', 'kld', "
      "'hinge', 'squared_hinge', 'categorical_hinge', 'binary_focal_crossentropy', 'dice', 'tversky', "
      "'mape', 'msle', 'cosine_similarity', 'categorical_focal_crossentropy']] + "
      "[tf.keras.losses.Reduction.SUM, tf.keras.losses.Reduction.NONE, tf.keras.losses.Reduction.SUM_OVER_BATCH_SIZE]"),
    S("keras.loss2.functions", _DATA +
      "L = tf.keras.losses\n"
      "result = [L.huber(reg_t, reg_p), L.logcosh(reg_t, reg_p), L.kld(yt, yp), L.poisson(yt, yp), "
      "L.hinge(yt, yp), L.squared_hinge(yt, yp), L.categorical_hinge(yt, yp), L.cosine_similarity(reg_t, reg_p), "
      "L.mape(reg_t, reg_p), L.msle(reg_t, reg_p), L.dice(yt, yp), L.tversky(yt, yp), "
      "L.binary_focal_crossentropy(yt, yp), L.categorical_focal_crossentropy(yt, yp)]", rtol=1e-5, atol=1e-6),
    S("keras.loss2.compile_function_name", """
tf.keras.utils.set_random_seed(2)
model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(3)])
model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss='huber', metrics=['msle', 'cosine_similarity', 'poisson'])
x = np.sin(np.arange(24.)).reshape(8, 3).astype('float32')
h = model.fit(x, x * 2, epochs=2, batch_size=4, shuffle=False, verbose=0)
result = h.history
""", rtol=1e-4, atol=1e-5),
    S("keras.metric2.compile_names", """
tf.keras.utils.set_random_seed(2)
model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(3, activation='softmax')])
model.compile(optimizer='sgd', loss='categorical_crossentropy',
              metrics=[tf.keras.metrics.AUC(name='auc'), tf.keras.metrics.Precision(name='p'),
                       tf.keras.metrics.Recall(name='r'), tf.keras.metrics.TopKCategoricalAccuracy(k=2, name='top2'),
                       tf.keras.metrics.F1Score(average='macro'), 'top_k_categorical_accuracy', 'mape'])
x = np.sin(np.arange(40.)).reshape(10, 4).astype('float32')
y = np.eye(3, dtype='float32')[np.arange(10) % 3]
h = model.fit(x, y, epochs=2, batch_size=5, shuffle=False, verbose=0)
result = {k: [float(v) for v in vals] for k, vals in h.history.items()}
""", rtol=1e-4, atol=1e-5),
    S("keras.metric2.bad_fbeta", "tf.keras.metrics.FBetaScore(beta=2)"),
    S("keras.metric2.get_logcosh", "tf.keras.metrics.get('logcosh')"),
    S("keras.metric2.get_names",
      "result = [type(tf.keras.metrics.get(n)).__name__ for n in ['mape', 'msle', 'poisson', 'kl_divergence', "
      "'hinge', 'cosine_similarity', 'top_k_categorical_accuracy', 'auc', 'AUC', 'precision', 'recall', 'F1Score']]"),
]

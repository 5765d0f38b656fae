"""Keras optimizers, clipping and learning-rate schedules: a few steps on a fixed quadratic-ish
loss, comparing the variables and every optimizer variable after each run (TF 2.21 + Keras 3)."""
from tests.tf_diff.corpus import S

_STEPS = """
v = tf.Variable(np.array([[0.5, -1.5, 2.0], [1.0, 0.25, -0.75]], 'float32'))
w = tf.Variable(np.array([0.3, -0.2], 'float32'))
trace = []
for i in range(4):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(v) * [[1.0, 2.0, 3.0], [0.5, 1.5, 4.0]]) + tf.reduce_sum(tf.sin(w) * 3.0)
    g = tape.gradient(loss, [v, w])
    opt.apply_gradients(zip(g, [v, w]))
    trace.append(float(opt.learning_rate.numpy()))
result = [v, w, trace, [x.numpy() for x in opt.variables], int(opt.iterations.numpy())]
"""

_OPTIMIZERS = [
    ("adagrad", "tf.keras.optimizers.Adagrad(0.1)"),
    ("adagrad.init", "tf.keras.optimizers.Adagrad(0.05, initial_accumulator_value=1.0, epsilon=1e-3)"),
    ("adadelta", "tf.keras.optimizers.Adadelta(1.0)"),
    ("adadelta.rho", "tf.keras.optimizers.Adadelta(0.5, rho=0.8, epsilon=1e-5)"),
    ("adamax", "tf.keras.optimizers.Adamax(0.1)"),
    ("nadam", "tf.keras.optimizers.Nadam(0.1)"),
    ("nadam.betas", "tf.keras.optimizers.Nadam(0.05, beta_1=0.8, beta_2=0.9)"),
    ("adamw", "tf.keras.optimizers.AdamW(0.1)"),
    ("adamw.decay", "tf.keras.optimizers.AdamW(0.1, weight_decay=0.1, amsgrad=True)"),
    ("ftrl", "tf.keras.optimizers.Ftrl(0.1)"),
    ("ftrl.reg", "tf.keras.optimizers.Ftrl(0.2, l1_regularization_strength=0.01, "
     "l2_regularization_strength=0.1, l2_shrinkage_regularization_strength=0.05, beta=0.5)"),
    ("lion", "tf.keras.optimizers.Lion(0.01)"),
    ("lion.betas", "tf.keras.optimizers.Lion(0.05, beta_1=0.5, beta_2=0.9)"),
    ("sgd.clipnorm", "tf.keras.optimizers.SGD(0.1, clipnorm=1.0)"),
    ("adam.clipvalue", "tf.keras.optimizers.Adam(0.1, clipvalue=0.5)"),
    ("rmsprop.global_clipnorm", "tf.keras.optimizers.RMSprop(0.05, global_clipnorm=2.0)"),
    ("adagrad.weight_decay", "tf.keras.optimizers.Adagrad(0.1, weight_decay=0.05)"),
    ("sgd.exponential", "tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5))"),
    ("sgd.exponential_stair", "tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.ExponentialDecay("
     "0.1, 2, 0.5, staircase=True))"),
    ("adam.piecewise", "tf.keras.optimizers.Adam(tf.keras.optimizers.schedules.PiecewiseConstantDecay("
     "[1, 2], [0.1, 0.05, 0.01]))"),
    ("sgd.cosine", "tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.CosineDecay(0.1, 3, alpha=0.1))"),
    ("sgd.cosine_warmup", "tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.CosineDecay("
     "0.01, 4, warmup_target=0.1, warmup_steps=2))"),
    ("sgd.inverse_time", "tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.InverseTimeDecay(0.1, 1, 0.5))"),
    ("sgd.polynomial", "tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.PolynomialDecay("
     "0.1, 3, end_learning_rate=0.01, power=2.0))"),
    ("sgd.polynomial_cycle", "tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.PolynomialDecay("
     "0.1, 2, cycle=True))"),
]

_SCHEDULE_VALUES = [
    ("exponential", "ExponentialDecay(0.1, 10, 0.96)"),
    ("inverse_time", "InverseTimeDecay(0.5, 3, 0.3, staircase=True)"),
    ("polynomial", "PolynomialDecay(1.0, 7, end_learning_rate=0.1, power=0.5)"),
    ("piecewise", "PiecewiseConstantDecay([3, 8], [1.0, 0.5, 0.25])"),
    ("cosine", "CosineDecay(0.2, 9, alpha=0.05)"),
    ("cosine_warmup", "CosineDecay(0.0, 9, warmup_target=0.3, warmup_steps=4)"),
]

SNIPPETS = ([S(f"keras.optimizer.{name}", f"opt = {ctor}\n" + _STEPS, rtol=1e-5, atol=1e-6)
             for name, ctor in _OPTIMIZERS]
            + [S(f"keras.schedule.{name}",
                 f"s = tf.keras.optimizers.schedules.{ctor}\nresult = [s(i) for i in range(0, 16, 3)]")
               for name, ctor in _SCHEDULE_VALUES]
            + [
    S("keras.optimizer.names", "import re\nresult = [re.sub('_[0-9]+$', '', o.name) for o in ["
      "tf.keras.optimizers.Adagrad(), tf.keras.optimizers.Nadam(), tf.keras.optimizers.AdamW(), "
      "tf.keras.optimizers.Ftrl(), tf.keras.optimizers.Lion(), tf.keras.optimizers.Adadelta(), "
      "tf.keras.optimizers.Adamax()]]"),
    S("keras.optimizer.legacy", "tf.keras.optimizers.legacy.Adam(0.1)"),
    S("keras.optimizer.adamw_no_decay", "tf.keras.optimizers.AdamW(weight_decay=None)"),
    S("keras.optimizer.two_clips", "tf.keras.optimizers.SGD(clipnorm=1.0, clipvalue=1.0)"),
    S("keras.optimizer.ftrl_bad_power", "tf.keras.optimizers.Ftrl(learning_rate_power=0.5)"),
    S("keras.optimizer.by_name",
      "result = [type(tf.keras.optimizers.get(n)).__name__ for n in "
      "['adagrad', 'adadelta', 'adamax', 'nadam', 'adamw', 'ftrl', 'lion']]"),
    S("keras.loss.reduction",
      "R = tf.keras.losses.Reduction\n"
      "t, p = tf.constant([[1.0, 2.0], [0.0, 1.0]]), tf.constant([[0.5, 1.0], [1.0, 1.0]])\n"
      "result = [R.all(), R.SUM_OVER_BATCH_SIZE, tf.keras.losses.MeanSquaredError(reduction=R.SUM)(t, p),\n"
      "          tf.keras.losses.MeanAbsoluteError(reduction=R.NONE)(t, p),\n"
      "          tf.keras.losses.MeanSquaredError(reduction=R.SUM_OVER_BATCH_SIZE)(t, p)]"),
    S("keras.loss.reduction_validate", "tf.keras.losses.Reduction.validate('mean_sum')"),
    S("keras.loss.reduction_auto", "tf.keras.losses.MeanSquaredError(reduction=tf.keras.losses.Reduction.AUTO)",
      msg=False),   # the message lists a Python set, whose order varies between runs
    S("keras.schedule.piecewise_bad", "tf.keras.optimizers.schedules.PiecewiseConstantDecay([1, 2], [0.1])"),
])

"""`keras.optimizers.schedules`: learning rates as functions of the step, computed with tapeviz
ops in the dtype of `initial_learning_rate` (float32 for a Python float), as Keras 3 does.

An optimizer given a schedule evaluates it at `optimizer.iterations` before each step.
"""
import math

import tapeviz as tf


class LearningRateSchedule:
    """Base class: subclasses define `__call__(step)` and `get_config()`."""

    def __call__(self, step):
        raise NotImplementedError(f"Learning rate schedule '{type(self).__name__}' must override "
                                  "`__call__(self, step)`.")

    def get_config(self):
        raise NotImplementedError(f"Learning rate schedule '{type(self).__name__}' must override "
                                  "`get_config()` in order to be serializable.")

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _start(initial_learning_rate, step, *others):
    lr = tf.convert_to_tensor(initial_learning_rate)
    return (lr, tf.cast(step, lr.dtype)) + tuple(tf.cast(v, lr.dtype) for v in others)


class ExponentialDecay(LearningRateSchedule):
    """`initial_learning_rate * decay_rate ** (step / decay_steps)` (floored with `staircase`)."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name="ExponentialDecay"):
        if decay_steps <= 0:
            raise ValueError("Argument `decay_steps` must be > 0, "
                             f"received: decay_steps={decay_steps}")
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.decay_rate, self.staircase, self.name = decay_rate, staircase, name

    def __call__(self, step):
        with tf.name_scope(self.name):
            lr, step, decay_steps, decay_rate = _start(self.initial_learning_rate, step,
                                                       self.decay_steps, self.decay_rate)
            p = step / decay_steps
            if self.staircase:
                p = tf.floor(p)
            return tf.multiply(lr, tf.pow(decay_rate, p))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase, "name": self.name}


class InverseTimeDecay(LearningRateSchedule):
    """`initial_learning_rate / (1 + decay_rate * step / decay_steps)`."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name="InverseTimeDecay"):
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.decay_rate, self.staircase, self.name = decay_rate, staircase, name

    def __call__(self, step):
        with tf.name_scope(self.name):
            lr, step, decay_steps, decay_rate = _start(self.initial_learning_rate, step,
                                                       self.decay_steps, self.decay_rate)
            p = step / decay_steps
            if self.staircase:
                p = tf.floor(p)
            return tf.divide(lr, tf.add(tf.cast(1, lr.dtype), tf.multiply(decay_rate, p)))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """From `initial_learning_rate` to `end_learning_rate` as `(1 - step / decay_steps) ** power`."""

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                 cycle=False, name="PolynomialDecay"):
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.end_learning_rate, self.power, self.cycle, self.name = end_learning_rate, power, cycle, name

    def __call__(self, step):
        with tf.name_scope(self.name):
            lr, step, end, power, decay_steps = _start(self.initial_learning_rate, step,
                                                       self.end_learning_rate, self.power,
                                                       self.decay_steps)
            if self.cycle:
                multiplier = tf.where(tf.equal(step, 0), tf.cast(1.0, lr.dtype),
                                      tf.math.ceil(step / self.decay_steps))
                decay_steps = tf.multiply(decay_steps, multiplier)
            else:
                step = tf.minimum(step, decay_steps)
            p = tf.divide(step, decay_steps)
            return tf.add(tf.multiply(lr - end, tf.pow(1 - p, power)), end)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "end_learning_rate": self.end_learning_rate, "power": self.power,
                "cycle": self.cycle, "name": self.name}


class PiecewiseConstantDecay(LearningRateSchedule):
    """`values[i]` for steps in `(boundaries[i-1], boundaries[i]]`."""

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError("The length of boundaries should be 1 less than the length of values. "
                             f"Received: boundaries={boundaries} of length {len(boundaries)}, and "
                             f"values={values} of length {len(values)}.")
        self.boundaries, self.values, self.name = boundaries, values, name

    def __call__(self, step):
        with tf.name_scope(self.name):
            step = tf.convert_to_tensor(step)
            boundaries = [tf.cast(b, step.dtype) for b in self.boundaries]
            values = [tf.convert_to_tensor(v) for v in self.values]
            dtype = values[0].dtype
            result = tf.zeros((), dtype)
            result += tf.cast(step <= boundaries[0], dtype) * values[0]
            result += tf.cast(step > boundaries[-1], dtype) * values[-1]
            for low, high, value in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
                result += tf.cast(tf.logical_and(step > low, step <= high), dtype) * value
            return result

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class CosineDecay(LearningRateSchedule):
    """Half a cosine from the (warmed-up) rate down to `alpha` times it over `decay_steps`."""

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0):
        self.initial_learning_rate, self.decay_steps, self.alpha = initial_learning_rate, decay_steps, alpha
        self.name, self.warmup_target, self.warmup_steps = name, warmup_target, warmup_steps

    def _decay(self, step, decay_steps, decay_from, dtype):
        completed = tf.divide(step, decay_steps)
        cosine = 0.5 * (1.0 + tf.cos(tf.multiply(tf.constant(math.pi, dtype), completed)))
        return tf.multiply(decay_from, (1 - self.alpha) * cosine + self.alpha)

    def __call__(self, step):
        with tf.name_scope(self.name):
            lr, step, decay_steps = _start(self.initial_learning_rate, step, self.decay_steps)
            if self.warmup_target is None:
                return self._decay(tf.minimum(step, decay_steps), decay_steps, lr, lr.dtype)
            target = tf.cast(self.warmup_target, lr.dtype)
            warmup_steps = tf.cast(self.warmup_steps, lr.dtype)
            step = tf.minimum(step, decay_steps + warmup_steps)
            if bool(step < warmup_steps):
                return (target - lr) * (step / warmup_steps) + lr
            return self._decay(step - warmup_steps, decay_steps, target, lr.dtype)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "alpha": self.alpha, "name": self.name, "warmup_target": self.warmup_target,
                "warmup_steps": self.warmup_steps}


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR): each period is `t_mul` times longer than the last
    and starts from `m_mul` times the previous peak."""

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0,
                 name="SGDRDecay"):
        if first_decay_steps <= 0:
            raise ValueError("Argument `first_decay_steps` must be > 0. Received: "
                             f"first_decay_steps={first_decay_steps}")
        self.initial_learning_rate, self.first_decay_steps = initial_learning_rate, first_decay_steps
        self._t_mul, self._m_mul, self.alpha, self.name = t_mul, m_mul, alpha, name

    def __call__(self, step):
        with tf.name_scope(self.name):
            lr, step, first, alpha, t_mul, m_mul = _start(self.initial_learning_rate, step,
                                                          self.first_decay_steps, self.alpha,
                                                          self._t_mul, self._m_mul)
            completed = step / first
            if float(t_mul) == 1.0:
                restart = tf.floor(completed)
                completed = completed - restart
            else:
                restart = tf.floor(tf.math.log(1.0 - completed * (1.0 - t_mul)) / tf.math.log(t_mul))
                done = (1.0 - tf.pow(t_mul, restart)) / (1.0 - t_mul)
                completed = (completed - done) / tf.pow(t_mul, restart)
            cosine = 0.5 * tf.pow(m_mul, restart) * (
                1.0 + tf.cos(tf.multiply(tf.constant(math.pi, lr.dtype), completed)))
            return tf.multiply(lr, (1 - alpha) * cosine + alpha)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "first_decay_steps": self.first_decay_steps, "t_mul": self._t_mul,
                "m_mul": self._m_mul, "alpha": self.alpha, "name": self.name}


__all__ = ["LearningRateSchedule", "ExponentialDecay", "InverseTimeDecay", "PolynomialDecay",
           "PiecewiseConstantDecay", "CosineDecay", "CosineDecayRestarts"]

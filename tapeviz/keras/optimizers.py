"""Keras 3 optimizers: SGD (momentum, nesterov), Adam (amsgrad), RMSprop (momentum, centered);
the others are in `optimizer_variants`, the learning-rate schedules in `schedules`.

`apply_gradients(zip(grads, vars))` builds the slot variables on first use, skips None gradients
(all None raises "No gradients provided for any variable."), updates the variables in place and
increments `iterations`. The update math is Keras's, done in the variable's dtype on NumPy
arrays: an optimizer step is state assignment, not something a tape records.
Keras 3 optimizers have no `minimize` with the TF backend (AttributeError), as in TensorFlow.
"""
import warnings

import numpy as np

import tapeviz as tf
from tapeviz.framework.indexed_slices import IndexedSlices
from tapeviz.framework.tensor import Tensor
from tapeviz.keras import backend
from tapeviz.keras.keras_variable import KerasVariable


def _array(g):
    if isinstance(g, IndexedSlices):
        from tapeviz.framework.indexed_slices import densify
        g = densify(g)
    if getattr(g, "_is_variable", False):
        g = g.read_value()
    return np.asarray(g._value if isinstance(g, Tensor) else g)


class _Gradient:
    """A gradient as Keras's TF optimizers see it: a dense array, or an IndexedSlices whose rows
    stay separate until an op densifies them. Keras's elementwise `square`/`abs` of IndexedSlices
    act on each row, so a repeated index (an embedding row used twice in a batch) adds the squares
    of its rows, not the square of their sum; `square()`/`abs()` give those dense results."""

    def __init__(self, dense, rows=None, indices=None):
        self.dense, self.rows, self.indices = dense, rows, indices

    @classmethod
    def of(cls, g):
        if isinstance(g, IndexedSlices):
            rows, indices = _array(g.values), _array(g.indices).astype(np.int64)
            return cls(_array(g), rows, indices)
        return cls(_array(g))

    @property
    def sparse(self):
        return self.rows is not None

    def _per_row(self, values):
        out = np.zeros(self.dense.shape, values.dtype)
        np.add.at(out, self.indices, values)
        return out

    def square(self):
        return self._per_row(np.square(self.rows)) if self.sparse else np.square(self.dense)

    def abs(self):
        return self._per_row(np.abs(self.rows)) if self.sparse else np.abs(self.dense)

    def squared_norm(self):
        """`sum(square(g))`: per-row squares for IndexedSlices, as Keras's clipping sums them."""
        return float(np.sum(np.square(self.rows if self.sparse else self.dense)))

    def scaled(self, factor):
        if self.sparse:
            return _Gradient(self.dense * factor, self.rows * factor, self.indices)
        return _Gradient(self.dense * factor)

    def clipped(self, low, high):
        """`clip_by_value`, which keeps IndexedSlices (each row clipped)."""
        if self.sparse:
            rows = np.clip(self.rows, low, high)
            return _Gradient(self._per_row(rows), rows, self.indices)
        return _Gradient(np.clip(self.dense, low, high))

    def astype(self, dtype):
        if self.sparse:
            return _Gradient(self.dense.astype(dtype, copy=False), self.rows.astype(dtype, copy=False),
                             self.indices)
        return _Gradient(self.dense.astype(dtype, copy=False))


class Optimizer:
    """Base class. Subclasses declare slot names in `build` and the math in `update_step`."""

    def __init__(self, learning_rate=0.001, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **kwargs):
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        if use_ema or gradient_accumulation_steps:
            raise NotImplementedError("tapeviz.keras optimizers: use_ema and gradient accumulation "
                                      "are not supported")
        if sum(a is not None for a in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
                             f"Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
                             f"global_clipnorm={global_clipnorm}")
        self.name = name or backend.unique_name(backend.to_snake_case(type(self).__name__))
        self.weight_decay, self.clipnorm, self.clipvalue = weight_decay, clipnorm, clipvalue
        self.global_clipnorm, self.loss_scale_factor = global_clipnorm, loss_scale_factor
        self.built = False
        self._variables = []
        self._trainable_variables = []
        with tf.name_scope(self.name):
            self._iterations = KerasVariable(np.int64(0), trainable=False, name="iteration")
            # a schedule (any callable) is evaluated at `iterations`; only a fixed rate is a variable
            self._schedule = learning_rate if callable(learning_rate) else None
            self._learning_rate = None if callable(learning_rate) else KerasVariable(
                np.float32(learning_rate), trainable=False, name="learning_rate")
        self._variables += [v for v in (self._iterations, self._learning_rate) if v is not None]

    # ---- state ---------------------------------------------------------------------------------
    @property
    def iterations(self):
        return self._iterations

    @property
    def learning_rate(self):
        """The rate variable, or for a schedule its value at the current `iterations`."""
        if self._schedule is not None:
            return self._schedule(self._iterations)
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        if callable(value):
            self._schedule = value
            return
        if self._schedule is not None:
            raise TypeError("This optimizer was created with a `LearningRateSchedule` object as its "
                            "`learning_rate` constructor argument, hence its learning rate is not "
                            "settable. If you need the learning rate to be settable, you should "
                            "instantiate the optimizer with a float `learning_rate` argument.")
        self._learning_rate.assign(np.float32(float(value)))

    @property
    def variables(self):
        return list(self._variables)

    def _checkpoint_dependencies(self):
        """TF's keys for a Keras 3 optimizer: `_iterations`, `_learning_rate`, `_variables/<i>`."""
        rate = [] if self._learning_rate is None else [("_learning_rate", self._learning_rate)]
        return [("_iterations", self._iterations)] + rate + [
            ("_trainable_variables", self._trainable_variables), ("_variables", self._variables)]

    def add_variable_from_reference(self, reference_variable, name):
        with tf.name_scope(self.name):
            slot = KerasVariable(np.zeros(tuple(reference_variable.shape),
                                          dtype=reference_variable.dtype.as_numpy_dtype),
                                 trainable=False,
                                 name=f"{getattr(reference_variable, 'path', reference_variable.name)}"
                                      .replace("/", "_").replace(":0", "") + f"_{name}")
        self._variables.append(slot)
        return slot

    def build(self, var_list):
        self._trainable_variables = list(var_list)
        self.built = True

    def _slots(self, var_list, *names):
        """One zero-initialised slot per (variable, name), interleaved per variable as Keras does."""
        slots = tuple([] for _ in names)
        for v in var_list:
            for i, name in enumerate(names):
                slots[i].append(self.add_variable_from_reference(v, name))
        return slots

    def _index(self, variable):
        for i, v in enumerate(self._trainable_variables):
            if v is variable:
                return i
        raise KeyError(variable)

    # ---- applying ------------------------------------------------------------------------------
    def apply_gradients(self, grads_and_vars):
        grads, variables = zip(*grads_and_vars) if grads_and_vars is not None else ((), ())
        self.apply(list(grads), list(variables))
        return self._iterations

    def apply(self, grads, trainable_variables=None):
        grads = list(grads)
        if not grads:
            return
        if trainable_variables is None:
            if not self.built:
                raise ValueError("When passing `grads` without `variables`, the optimizer must "
                                 "already be built on a list of variables. Call "
                                 "`optimizer.build(trainable_variables)` first. ")
            trainable_variables = self._trainable_variables
        trainable_variables = list(trainable_variables)
        if not self.built:
            self.build(trainable_variables)
        else:
            self._check_variables_are_known(trainable_variables)
        pairs = [(g, v) for g, v in zip(grads, trainable_variables) if g is not None]
        missing = [getattr(v, "path", v.name) for g, v in zip(grads, trainable_variables) if g is None]
        if not pairs:
            raise ValueError("No gradients provided for any variable.")
        if missing:
            warnings.warn(f"Gradients do not exist for variables {missing} when minimizing the loss. "
                          "If using `model.compile()`, did you forget to provide a `loss` argument?")
        grads = self._clip([_Gradient.of(g) for g, _ in pairs])
        if self.loss_scale_factor is not None:
            grads = [_Gradient(g.dense / self.loss_scale_factor) for g in grads]
        lr = np.float32(float(self.learning_rate.numpy()))
        self._prepare_step()
        for grad, (_, v) in zip(grads, pairs):
            dtype = v.dtype.as_numpy_dtype
            self._current = grad = grad.astype(dtype)
            lr_v = dtype(lr)
            if self.weight_decay:
                v._assign_new(v._value - v._value * dtype(self.weight_decay) * lr_v)
            self.update_step(grad.dense, v, lr_v)
            if v.constraint is not None:
                v.assign(v.constraint(v))
        self._current = None
        self._iterations._assign_new(self._iterations._value + 1)

    def _square(self, gradient):
        """Keras's `ops.square(gradient)` for the gradient being applied (see `_Gradient`)."""
        current = getattr(self, "_current", None)
        return current.square() if current is not None and current.sparse else np.square(gradient)

    def _abs(self, gradient):
        current = getattr(self, "_current", None)
        return current.abs() if current is not None and current.sparse else np.abs(gradient)

    def _check_variables_are_known(self, variables):
        known = {id(v) for v in self._trainable_variables}
        for v in variables:
            if id(v) not in known:
                raise ValueError(f"Unknown variable: {v}. This optimizer can only be called for the "
                                 "variables it was originally built with. When working with a new "
                                 "set of variables, you should recreate a new optimizer instance.")

    def _clip(self, grads):
        """Keras's clipping: by norm or by value, IndexedSlices keep their rows (each row scaled
        or clipped); by global norm they become dense (Keras multiplies them by a Tensor)."""
        if self.clipnorm:
            out = []
            for g in grads:
                out.append(g.scaled(self.clipnorm / max(np.sqrt(g.squared_norm()), self.clipnorm)))
            return out
        if self.global_clipnorm:
            norm = np.sqrt(sum(g.squared_norm() for g in grads))
            return [_Gradient(g.dense * self.global_clipnorm / max(norm, self.global_clipnorm))
                    for g in grads]
        if self.clipvalue:
            return [g.clipped(-self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def _prepare_step(self):
        """Optimizer-wide state updated once per step, before the per-variable updates."""

    def update_step(self, gradient, variable, learning_rate):
        raise NotImplementedError

    # ---- saving (Keras's save_own_variables / load_own_variables) ------------------------------
    def save_own_variables(self, store):
        for i, v in enumerate(self._variables):
            store[str(i)] = v.numpy()

    def load_own_variables(self, store):
        if len(store.keys()) != len(self._variables):
            msg = (f"Skipping variable loading for optimizer '{self.name}', because it has "
                   f"{len(self._variables)} variables whereas the saved optimizer has "
                   f"{len(store.keys())} variables. ")
            if len(self._variables) == 2:
                msg += "This is likely because the optimizer has not been called/built yet."
            warnings.warn(msg, stacklevel=2)
            return
        for i, v in enumerate(self._variables):
            v.assign(store[str(i)])

    def get_config(self):
        rate = self._schedule if self._schedule is not None else float(self._learning_rate.numpy())
        return {"name": self.name, "learning_rate": rate,
                "weight_decay": self.weight_decay, "clipnorm": self.clipnorm,
                "global_clipnorm": self.global_clipnorm, "clipvalue": self.clipvalue}

    def __repr__(self):
        return f"<keras.src.optimizers.{backend.to_snake_case(type(self).__name__)}.{type(self).__name__} object>"


class SGD(Optimizer):
    """v -= lr * g; with momentum m = momentum*m - lr*g and v += m (nesterov: v += momentum*m - lr*g)."""

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="SGD", **kwargs):
        super().__init__(learning_rate=learning_rate, name=None if name == "SGD" else name, **kwargs)
        if not isinstance(momentum, (int, float)) or momentum < 0 or momentum > 1:
            raise ValueError("`momentum` must be a float between [0, 1].")
        self.momentum, self.nesterov = float(momentum), bool(nesterov)

    def build(self, var_list):
        super().build(var_list)
        self.momentums = self._slots(var_list, "momentum")[0] if self.momentum != 0 else []

    def update_step(self, gradient, variable, learning_rate):
        if self.momentum == 0:
            variable._assign_new(variable._value - gradient * learning_rate)
            return
        dtype = variable.dtype.as_numpy_dtype
        momentum = dtype(self.momentum)
        m = self.momentums[self._index(variable)]
        m._assign_new(m._value * momentum - gradient * learning_rate)
        if self.nesterov:
            variable._assign_new(variable._value + (m._value * momentum - gradient * learning_rate))
        else:
            variable._assign_new(variable._value + m._value)


class Adam(Optimizer):
    """Adam with Keras's bias correction folded into the step size:
    alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t); v -= alpha * m / (sqrt(v) + epsilon)."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False,
                 name="adam", **kwargs):
        super().__init__(learning_rate=learning_rate, name=None if name == "adam" else name, **kwargs)
        self.beta_1, self.beta_2, self.epsilon, self.amsgrad = beta_1, beta_2, epsilon, amsgrad

    def build(self, var_list):
        super().build(var_list)
        self._momentums, self._velocities = self._slots(var_list, "momentum", "velocity")
        self._velocity_hats = self._slots(var_list, "velocity_hat")[0] if self.amsgrad else []

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype.as_numpy_dtype
        step = dtype(self._iterations.numpy() + 1)
        beta_1, beta_2 = dtype(self.beta_1), dtype(self.beta_2)
        alpha = learning_rate * np.sqrt(dtype(1) - beta_2 ** step) / (dtype(1) - beta_1 ** step)
        i = self._index(variable)
        m, v = self._momentums[i], self._velocities[i]
        # (1 - beta) is computed in Python, then rounded to the variable's dtype, as Keras does
        m._assign_new(m._value + (gradient - m._value) * dtype(1 - self.beta_1))
        v._assign_new(v._value + (self._square(gradient) - v._value) * dtype(1 - self.beta_2))
        v_used = v._value
        if self.amsgrad:
            v_hat = self._velocity_hats[i]
            v_hat._assign_new(np.maximum(v_hat._value, v._value))
            v_used = v_hat._value
        variable._assign_new(variable._value - (m._value * alpha) / (np.sqrt(v_used) + dtype(self.epsilon)))


class RMSprop(Optimizer):
    """velocity = rho*velocity + (1-rho)*g**2; v -= lr * g / sqrt(velocity + epsilon)."""

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False,
                 name="rmsprop", **kwargs):
        super().__init__(learning_rate=learning_rate, name=None if name == "rmsprop" else name, **kwargs)
        self.rho, self.momentum, self.epsilon, self.centered = rho, momentum, epsilon, centered

    def build(self, var_list):
        super().build(var_list)
        self._velocities = self._slots(var_list, "velocity")[0]
        self._momentums = self._slots(var_list, "momentum")[0] if self.momentum > 0 else []
        self._average_gradients = self._slots(var_list, "average_gradient")[0] if self.centered else []

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype.as_numpy_dtype
        rho = dtype(self.rho)
        i = self._index(variable)
        velocity = self._velocities[i]
        velocity._assign_new(rho * velocity._value + dtype(1 - self.rho) * self._square(gradient))
        if self.centered:
            average = self._average_gradients[i]
            average._assign_new(rho * average._value + dtype(1 - self.rho) * gradient)
            denominator = velocity._value - np.square(average._value) + dtype(self.epsilon)
        else:
            denominator = velocity._value + dtype(self.epsilon)
        increment = learning_rate * gradient / np.sqrt(denominator)
        if self.momentum > 0:
            momentum = self._momentums[i]
            momentum._assign_new(dtype(self.momentum) * momentum._value + increment)
            variable._assign_new(variable._value - momentum._value)
        else:
            variable._assign_new(variable._value - increment)


# The other optimizers and the schedules live in their own modules, which subclass `Optimizer`
# above; they are imported here so that `keras.optimizers` holds every name.
from tapeviz.keras import schedules  # noqa: E402
from tapeviz.keras.optimizer_variants import (  # noqa: E402
                                              Adadelta,
                                              Adafactor,
                                              Adagrad,
                                              Adamax,
                                              AdamW,
                                              Ftrl,
                                              Lion,
                                              Nadam,
                                              legacy,
)

_BY_NAME = {"sgd": SGD, "adam": Adam, "rmsprop": RMSprop, "adagrad": Adagrad, "adadelta": Adadelta,
            "adamax": Adamax, "nadam": Nadam, "adamw": AdamW, "ftrl": Ftrl, "lion": Lion,
            "adafactor": Adafactor}
__all__ = ["Adafactor", "Optimizer", "SGD", "Adam", "RMSprop", "Adadelta", "Adagrad", "Adamax", "AdamW", "Ftrl",
           "Lion", "Nadam", "legacy", "schedules", "get"]


def get(identifier):
    """An optimizer from a name ('adam', 'sgd', 'rmsprop') or an instance."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")

"""The other Keras 3 optimizers: Adagrad, Adadelta, Adamax, Nadam, AdamW, Ftrl, Lion, Adafactor, and the
`optimizers.legacy` names (which Keras 3 refuses with ImportError).

Each update is Keras's `update_step` done on NumPy arrays in the variable's dtype, with Python
float hyperparameters rounded to that dtype where Keras's ops cast them.
"""
import numpy as np

import tapeviz as tf
from tapeviz.keras.keras_variable import KerasVariable
from tapeviz.keras.optimizers import Adam, Optimizer


def _filled(optimizer, var_list, name, value):
    slots = optimizer._slots(var_list, name)[0]
    for slot in slots:
        slot.assign(np.full(tuple(slot.shape), value, slot.dtype.as_numpy_dtype))
    return slots


class Adagrad(Optimizer):
    """accumulator += g**2; v -= lr * g / sqrt(accumulator + epsilon)."""

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.initial_accumulator_value, self.epsilon = initial_accumulator_value, epsilon

    def build(self, var_list):
        super().build(var_list)
        self._accumulators = _filled(self, var_list, "accumulator", self.initial_accumulator_value)

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype.as_numpy_dtype
        accumulator = self._accumulators[self._index(variable)]
        accumulator._assign_new(accumulator._value + self._square(gradient))
        variable._assign_new(variable._value - learning_rate * gradient
                        / np.sqrt(accumulator._value + dtype(self.epsilon)))


class Adadelta(Optimizer):
    """Running averages of g**2 and of the squared updates set a per-weight step size."""

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho, self.epsilon = rho, epsilon

    def build(self, var_list):
        super().build(var_list)
        self._accumulated_grads, self._accumulated_delta_vars = self._slots(
            var_list, "accumulated_grad", "accumulated_delta_var")

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype.as_numpy_dtype
        rho, one_minus_rho, eps = dtype(self.rho), dtype(1 - self.rho), dtype(self.epsilon)
        i = self._index(variable)
        grad_avg, delta_avg = self._accumulated_grads[i], self._accumulated_delta_vars[i]
        grad_avg._assign_new(rho * grad_avg._value + one_minus_rho * self._square(gradient))
        delta = -(np.sqrt(delta_avg._value + eps) * gradient) / np.sqrt(grad_avg._value + eps)
        current = self._current
        if current is not None and current.sparse:      # Keras squares each IndexedSlices row
            rows = -(np.sqrt(delta_avg._value + eps)[current.indices] * current.rows) \
                / np.sqrt(grad_avg._value + eps)[current.indices]
            delta_square = current._per_row(np.square(rows))
        else:
            delta_square = np.square(delta)
        delta_avg._assign_new(rho * delta_avg._value + one_minus_rho * delta_square)
        variable._assign_new(variable._value + learning_rate * delta)


class Adamax(Optimizer):
    """Adam with the infinity norm: u = max(beta_2 * u, |g|); v -= lr * m / ((1 - beta_1**t) (u + eps))."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def build(self, var_list):
        super().build(var_list)
        self._m, self._u = self._slots(var_list, "momentum", "norm")

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype.as_numpy_dtype
        beta_1_power = dtype(self.beta_1) ** dtype(self._iterations.numpy() + 1)
        i = self._index(variable)
        m, u = self._m[i], self._u[i]
        m._assign_new(m._value + (gradient - m._value) * dtype(1 - self.beta_1))
        u._assign_new(np.maximum(dtype(self.beta_2) * u._value, self._abs(gradient)))
        variable._assign_new(variable._value - learning_rate * m._value
                        / ((dtype(1) - beta_1_power) * (u._value + dtype(self.epsilon))))


class Nadam(Optimizer):
    """Adam with Nesterov momentum and Keras's momentum schedule `u_t = beta_1 (1 - 0.5 * 0.96**t)`."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def build(self, var_list):
        super().build(var_list)
        self._momentums, self._velocities = self._slots(var_list, "momentum", "velocity")
        dtype = var_list[0].dtype.as_numpy_dtype if var_list else np.float32
        self._u_product = KerasVariable(dtype(1.0), trainable=False, name="u_product")
        self._variables.append(self._u_product)

    def _prepare_step(self):
        dtype = self._u_product.dtype.as_numpy_dtype
        step = dtype(self._iterations.numpy() + 1)
        self._u_product._assign_new(self._u_product._value * dtype(self.beta_1)
                               * (dtype(1.0) - dtype(0.5) * np.power(dtype(0.96), step)))

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype.as_numpy_dtype
        step, next_step = dtype(self._iterations.numpy() + 1), dtype(self._iterations.numpy() + 2)
        beta_1, beta_2, decay, one = dtype(self.beta_1), dtype(self.beta_2), dtype(0.96), dtype(1.0)
        u_t = beta_1 * (one - dtype(0.5) * np.power(decay, step))
        u_t_1 = beta_1 * (one - dtype(0.5) * np.power(decay, next_step))
        u_product_t = dtype(self._u_product.numpy())
        u_product_t_1 = u_product_t * u_t_1
        beta_2_power = np.power(beta_2, step)
        i = self._index(variable)
        m, v = self._momentums[i], self._velocities[i]
        m._assign_new(m._value + (gradient - m._value) * (one - beta_1))
        v._assign_new(v._value + (self._square(gradient) - v._value) * (one - beta_2))
        m_hat = u_t_1 * m._value / (one - u_product_t_1) + (one - u_t) * gradient / (one - u_product_t)
        v_hat = v._value / (one - beta_2_power)
        variable._assign_new(variable._value - m_hat * learning_rate / (np.sqrt(v_hat) + dtype(self.epsilon)))


class AdamW(Adam):
    """Adam with decoupled weight decay (`v -= v * weight_decay * lr` before each step)."""

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-7, amsgrad=False, **kwargs):
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon,
                         amsgrad=amsgrad, weight_decay=weight_decay, **kwargs)
        if self.weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None")


class Ftrl(Optimizer):
    """Follow The Regularized Leader (McMahan et al., 2013), Keras 3's update."""

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 l2_shrinkage_regularization_strength=0.0, beta=0.0, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        checks = {"initial_accumulator_value": initial_accumulator_value,
                  "lr_power": learning_rate_power,
                  "l1_regularization_strength": l1_regularization_strength,
                  "l2_regularization_strength": l2_regularization_strength,
                  "l2_shrinkage_regularization_strength": l2_shrinkage_regularization_strength}
        if initial_accumulator_value < 0.0:
            raise ValueError("`initial_accumulator_value` needs to be positive or zero. Received: "
                             f"initial_accumulator_value={initial_accumulator_value}.")
        if learning_rate_power > 0.0:
            raise ValueError("`learning_rate_power` needs to be negative or zero. Received: "
                             f"learning_rate_power={learning_rate_power}.")
        for key in list(checks)[2:]:
            if checks[key] < 0.0:
                raise ValueError(f"`{key}` needs to be positive or zero. Received: {key}={checks[key]}.")
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, var_list):
        super().build(var_list)
        self._accumulators, self._linears = self._slots(var_list, "accumulator", "linear")
        for slot in self._accumulators:
            slot.assign(np.full(tuple(slot.shape), self.initial_accumulator_value,
                                slot.dtype.as_numpy_dtype))

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype.as_numpy_dtype
        i = self._index(variable)
        accum, linear = self._accumulators[i], self._linears[i]
        power = dtype(-self.learning_rate_power)
        l2_reg = dtype(self.l2_regularization_strength) + dtype(self.beta) / (dtype(2.0) * learning_rate)
        grad_to_use = gradient + dtype(2 * self.l2_shrinkage_regularization_strength) * variable._value
        new_accum = accum._value + self._square(gradient)
        linear._assign_new(linear._value + (grad_to_use - (np.power(new_accum, power)
                                                      - np.power(accum._value, power))
                                       / learning_rate * variable._value))
        quadratic = np.power(new_accum, power) / learning_rate + dtype(2) * l2_reg
        l1 = dtype(self.l1_regularization_strength)
        variable._assign_new((np.clip(linear._value, -l1, l1) - linear._value) / quadratic)
        accum.assign(new_accum)


class Lion(Optimizer):
    """v -= lr * sign(beta_1 * m + (1 - beta_1) * g); m = beta_2 * m + (1 - beta_2) * g."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        if beta_1 <= 0 or beta_1 > 1:
            raise ValueError("Argument `beta_1` must be in the [0, 1] range. Otherwise, the "
                             f"optimizer degenerates to SignSGD. Received: beta_1={beta_1}.")
        self.beta_1, self.beta_2 = beta_1, beta_2

    def build(self, var_list):
        super().build(var_list)
        self._momentums = self._slots(var_list, "momentum")[0]

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype.as_numpy_dtype
        beta_1, beta_2, one = dtype(self.beta_1), dtype(self.beta_2), dtype(1.0)
        m = self._momentums[self._index(variable)]
        variable._assign_new(variable._value - learning_rate * np.sign(m._value * beta_1
                                                                  + gradient * (one - beta_1)))
        m._assign_new(m._value * beta_2 + gradient * (one - beta_2))


class Adafactor(Optimizer):
    """Adam-like steps from factored second moments: a rank->=2 weight keeps a row and a column
    average of g**2 (not a full matrix); steps are relative to the weight's RMS and clipped."""

    def __init__(self, learning_rate=0.001, beta_2_decay=-0.8, epsilon_1=1e-30, epsilon_2=1e-3,
                 clip_threshold=1.0, relative_step=True, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_2_decay, self.epsilon_1, self.epsilon_2 = beta_2_decay, epsilon_1, epsilon_2
        self.clip_threshold, self.relative_step = clip_threshold, relative_step

    def build(self, var_list):
        super().build(var_list)
        self._r, self._c, self._v = [], [], []
        for var in var_list:
            dtype = var.dtype.as_numpy_dtype
            shape = tuple(var.shape)
            with tf.name_scope(self.name):
                if len(shape) < 2:      # Keras: unused scalar placeholders
                    r = KerasVariable(np.int32(0), trainable=False, name=var.name)
                    c = KerasVariable(np.int32(0), trainable=False, name=var.name)
                else:
                    r = KerasVariable(np.zeros(shape[:-1], dtype), trainable=False, name=var.name)
                    c = KerasVariable(np.zeros(shape[:-2] + shape[-1:], dtype), trainable=False, name=var.name)
            self._variables += [r, c]
            self._r.append(r)
            self._c.append(c)
            self._v.append(self.add_variable_from_reference(var, "velocity"))

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype.as_numpy_dtype
        one, step = dtype(1.0), dtype(self._iterations.numpy() + 1)
        lr = learning_rate
        if self._schedule is None and self.relative_step:
            lr = np.minimum(lr, one / np.sqrt(step))
        i = self._index(variable)
        r, c, v = self._r[i], self._c[i], self._v[i]
        rho_t = np.minimum(lr, one / np.sqrt(step))
        alpha_t = np.maximum(dtype(self.epsilon_2), np.sqrt(np.mean(np.square(variable._value)))) * rho_t
        grad_square = np.square(gradient) + dtype(self.epsilon_1)
        beta_2_t = one - np.power(step, dtype(self.beta_2_decay))
        if len(variable.shape) >= 2:
            r._assign_new(beta_2_t * r._value + (one - beta_2_t) * np.mean(grad_square, axis=-1))
            c._assign_new(beta_2_t * c._value + (one - beta_2_t) * np.mean(grad_square, axis=-2))
            v._assign_new(np.expand_dims(r._value / np.mean(r._value, axis=-1, keepdims=True), -1)
                     * np.expand_dims(c._value, -2))
        else:
            v._assign_new(beta_2_t * v._value + (one - beta_2_t) * grad_square)
        u_t = gradient / np.sqrt(v._value)
        u_t_hat = u_t / np.maximum(one, np.sqrt(np.mean(np.square(u_t))) / dtype(self.clip_threshold))
        variable._assign_new(variable._value - alpha_t * u_t_hat)

    def get_config(self):
        return {**super().get_config(), "beta_2_decay": self.beta_2_decay, "epsilon_1": self.epsilon_1,
                "epsilon_2": self.epsilon_2, "clip_threshold": self.clip_threshold,
                "relative_step": self.relative_step}


class _Legacy:
    """`tf.keras.optimizers.legacy`: every name raises Keras 3's ImportError when used."""

    _MESSAGE = ("`keras.optimizers.legacy` is not supported in Keras 3. When using `tf.keras`, to "
                "continue using a `tf.keras.optimizers.legacy` optimizer, you can install the "
                "`tf_keras` package (Keras 2) and set the environment variable "
                "`TF_USE_LEGACY_KERAS=True` to configure TensorFlow to use `tf_keras` when "
                "accessing `tf.keras`.")
    _NAMES = ("Adagrad", "Adam", "Ftrl", "Optimizer", "RMSprop", "SGD")   # Keras 3 has only these

    def __getattr__(self, name):
        if name not in self._NAMES:
            raise AttributeError(f"module 'keras.optimizers.legacy' has no attribute '{name}'")

        def refuse(*args, **kwargs):
            raise ImportError(self._MESSAGE)
        return refuse


legacy = _Legacy()

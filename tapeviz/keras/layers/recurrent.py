"""Recurrent layers: the SimpleRNN, GRU and LSTM cells, `RNN` (a cell run over time) and the
`SimpleRNN`/`GRU`/`LSTM` layers built on it, `Bidirectional` and `TimeDistributed`.

The time loop is a Python loop of tapeviz ops (one cell step per time step, each under the
cell's name scope), as Keras's generic `rnn` runs on CPU, so the tape shows every step.
"""
import tapeviz as tf
from tapeviz.framework import nest
from tapeviz.keras import activations, initializers, random, regularizers
from tapeviz.keras.layers.base import Layer
from tapeviz.keras.layers.input_spec import InputSpec
from tapeviz.keras.layers.stacked_rnn_cells import StackedRNNCells


def _unsupported(layer, **options):
    for key, (value, default) in options.items():
        if value != default:
            raise NotImplementedError(f"tapeviz.keras.layers.{layer}: {key}={value!r} is not supported")


class _Cell(Layer):
    """What the three cells share: settings, and `kernel`/`recurrent_kernel`/`bias` weights."""

    gates = 1
    seed_first = False

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(units, int) or units <= 0:
            raise ValueError("Received an invalid value for argument `units`, expected a positive "
                             f"integer, got {units}.")
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.dropout = min(1.0, max(0.0, dropout))
        self.recurrent_dropout = min(1.0, max(0.0, recurrent_dropout))
        self.seed = seed
        # Keras's `implementation=1` (one mask and matmul per gate) whenever recurrent dropout is on
        self.implementation = 1 if self.recurrent_dropout != 0.0 else 2
        self._dropout_mask = self._recurrent_dropout_mask = None
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        # Keras draws the (dropout) SeedGenerator's seed before SimpleRNNCell's initializers' and
        # after the other cells', which fixes which weights a seeded model starts from
        if self.seed_first:
            self.seed_generator = random.SeedGenerator(seed)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        if not self.seed_first:
            self.seed_generator = random.SeedGenerator(seed)
        self.kernel_constraint, self.recurrent_constraint = kernel_constraint, recurrent_constraint
        self.bias_constraint = bias_constraint

    @property
    def state_size(self):
        return self.units

    @property
    def output_size(self):
        return self.units

    def build(self, input_shape):
        width = self.gates * self.units
        self._kernel = self.add_weight(shape=(input_shape[-1], width), name="kernel",
                                       initializer=self.kernel_initializer,
                                       regularizer=self.kernel_regularizer,
                                       constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(shape=(self.units, width), name="recurrent_kernel",
                                                initializer=self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.recurrent_constraint)
        self.bias = self.add_weight(shape=self._bias_shape(), name="bias",
                                    initializer=self._bias_init(),
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def _bias_shape(self):
        return (self.gates * self.units,)

    def _bias_init(self):
        return self.bias_initializer

    def get_initial_state(self, batch_size=None):
        return [tf.zeros((batch_size, self.units), self.compute_dtype)]

    # ---- dropout masks (Keras's DropoutRNNCell): drawn once per sequence, reused every step ----
    def _mask_count(self):
        return self.gates if self.implementation == 1 and self.gates > 1 else None

    def _create_dropout_mask(self, like, rate):
        ones = tf.ones_like(like)
        count = self._mask_count()
        if count is None:
            return random.dropout(ones, rate, seed=self.seed_generator)
        return [random.dropout(ones, rate, seed=self.seed_generator) for _ in range(count)]

    def get_dropout_mask(self, step_input):
        if self._dropout_mask is None and self.dropout > 0:
            self._dropout_mask = self._create_dropout_mask(step_input, self.dropout)
        return self._dropout_mask

    def get_recurrent_dropout_mask(self, state):
        if self._recurrent_dropout_mask is None and self.recurrent_dropout > 0:
            self._recurrent_dropout_mask = self._create_dropout_mask(state, self.recurrent_dropout)
        return self._recurrent_dropout_mask

    def reset_dropout_mask(self):
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self):
        self._recurrent_dropout_mask = None

    def _masked(self, x, mask, training, rate):
        """`x` times its dropout mask in training: one copy per gate (each with its own mask)
        under implementation 1, else one tensor."""
        per_gate = self.implementation == 1 and self.gates > 1
        if not (training and 0.0 < rate < 1.0 and mask is not None):
            return [x] * self.gates if per_gate else x
        return [x * m for m in mask] if per_gate else x * mask

    def _gate_matmuls(self, xs, kernel):
        """Implementation 1: each gate's input (or state) copy times its slice of `kernel`."""
        return [tf.matmul(x, k) for x, k in zip(xs, tf.split(kernel, self.gates, axis=1))]

    def get_config(self):
        from tapeviz.keras.layers._config import activation_name, weight_settings
        return {**super().get_config(), "units": self.units,
                "activation": activation_name(self.activation), "use_bias": self.use_bias,
                **weight_settings(self, "kernel", "recurrent", "bias"),
                "dropout": self.dropout, "recurrent_dropout": self.recurrent_dropout,
                "seed": self.seed}


class SimpleRNNCell(_Cell):
    """`h = activation(x @ kernel + bias + h_prev @ recurrent_kernel)`."""

    seed_first = True

    def call(self, inputs, states, training=False):
        prev = states[0] if isinstance(states, (list, tuple)) else states
        inputs = self._masked(inputs, self.get_dropout_mask(inputs), training, self.dropout)
        h = tf.matmul(inputs, self.kernel)
        if self.bias is not None:
            h = tf.add(h, self.bias)
        prev = self._masked(prev, self.get_recurrent_dropout_mask(prev), training, self.recurrent_dropout)
        output = self.activation(tf.add(h, tf.matmul(prev, self.recurrent_kernel)))
        return output, [output] if isinstance(states, (list, tuple)) else output


class GRUCell(_Cell):
    """Update gate z, reset gate r; `h = z * h_prev + (1 - z) * candidate` (Keras 3's GRU).

    With `reset_after=True` (the default) the reset gate multiplies the recurrent candidate term
    after its matmul, and the bias has two rows (input and recurrent).
    """

    gates = 3

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", reset_after=True,
                 **kwargs):
        super().__init__(units, activation=activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = reset_after

    def _bias_shape(self):
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def call(self, inputs, states, training=False):
        prev = states[0] if isinstance(states, (list, tuple)) else states
        if self.bias is None:
            input_bias = recurrent_bias = None
        elif self.reset_after:
            input_bias, recurrent_bias = tf.unstack(self.bias)
        else:
            input_bias, recurrent_bias = self.bias, None
        inputs = self._masked(inputs, self.get_dropout_mask(inputs), training, self.dropout)
        if self.implementation == 1:
            return self._call_per_gate(inputs, prev, states, input_bias, recurrent_bias, training)
        x = tf.matmul(inputs, self.kernel)
        if input_bias is not None:
            x = tf.add(x, input_bias)
        x_z, x_r, x_h = tf.split(x, 3, axis=-1)
        if self.reset_after:
            inner = tf.matmul(prev, self.recurrent_kernel)
            if recurrent_bias is not None:
                inner = tf.add(inner, recurrent_bias)
            rec_z, rec_r, rec_h = tf.split(inner, 3, axis=-1)
        else:
            rk_z, rk_r, rk_h = tf.split(self.recurrent_kernel, 3, axis=-1)
            rec_z, rec_r = tf.matmul(prev, rk_z), tf.matmul(prev, rk_r)
        z = self.recurrent_activation(x_z + rec_z)
        r = self.recurrent_activation(x_r + rec_r)
        if self.reset_after:
            rec_h = r * rec_h
        else:
            rec_h = tf.matmul(r * prev, rk_h)
        hh = self.activation(x_h + rec_h)
        h = z * prev + (1 - z) * hh
        return h, [h] if isinstance(states, (list, tuple)) else h

    def _call_per_gate(self, inputs, prev, states, input_bias, recurrent_bias, training):
        """Keras's implementation 1 (used with recurrent dropout): a matmul per gate."""
        x_z, x_r, x_h = self._gate_matmuls(inputs, self.kernel)
        if input_bias is not None:
            b_z, b_r, b_h = tf.split(input_bias, 3)
            x_z, x_r, x_h = x_z + b_z, x_r + b_r, x_h + b_h
        h_z, h_r, h_h = self._masked(prev, self.get_recurrent_dropout_mask(prev), training,
                                     self.recurrent_dropout)
        rk_z, rk_r, rk_h = tf.split(self.recurrent_kernel, 3, axis=1)
        rec_z, rec_r = tf.matmul(h_z, rk_z), tf.matmul(h_r, rk_r)
        if self.reset_after and recurrent_bias is not None:
            rb_z, rb_r, rb_h = tf.split(recurrent_bias, 3)
            rec_z, rec_r = rec_z + rb_z, rec_r + rb_r
        z = self.recurrent_activation(x_z + rec_z)
        r = self.recurrent_activation(x_r + rec_r)
        if self.reset_after:
            rec_h = tf.matmul(h_h, rk_h)
            if recurrent_bias is not None:
                rec_h = rec_h + rb_h
            rec_h = r * rec_h
        else:
            rec_h = tf.matmul(r * h_h, rk_h)
        hh = self.activation(x_h + rec_h)
        h = z * prev + (1 - z) * hh
        return h, [h] if isinstance(states, (list, tuple)) else h

    def get_config(self):
        from tapeviz.keras.layers._config import activation_name
        return {**super().get_config(), "recurrent_activation": activation_name(self.recurrent_activation),
                "reset_after": self.reset_after}


class LSTMCell(_Cell):
    """Gates i, f, c, o from `x @ kernel + h @ recurrent_kernel + bias`;
    `c = f * c_prev + i * activation(c_hat)`, `h = o * activation(c)`."""

    gates = 4

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 unit_forget_bias=True, **kwargs):
        super().__init__(units, activation=activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias

    @property
    def state_size(self):
        return [self.units, self.units]

    def _bias_init(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        units, base = self.units, self.bias_initializer

        def init(shape, dtype=None):
            return tf.concat([base((units,), dtype=dtype), tf.ones((units,), dtype),
                              base((2 * units,), dtype=dtype)], 0).numpy()
        return init

    def get_initial_state(self, batch_size=None):
        return [tf.zeros((batch_size, self.units), self.compute_dtype) for _ in range(2)]

    def call(self, inputs, states, training=False):
        h_prev, c_prev = states
        inputs = self._masked(inputs, self.get_dropout_mask(inputs), training, self.dropout)
        if self.implementation == 1:
            x_i, x_f, x_c, x_o = self._gate_matmuls(inputs, self.kernel)
            if self.bias is not None:
                b_i, b_f, b_c, b_o = tf.split(self.bias, 4)
                x_i, x_f, x_c, x_o = x_i + b_i, x_f + b_f, x_c + b_c, x_o + b_o
            h = self._masked(h_prev, self.get_recurrent_dropout_mask(h_prev), training,
                             self.recurrent_dropout)
            r_i, r_f, r_c, r_o = self._gate_matmuls(h, self.recurrent_kernel)
            z0, z1, z2, z3 = x_i + r_i, x_f + r_f, x_c + r_c, x_o + r_o
        else:
            z = tf.add(tf.matmul(inputs, self.kernel), tf.matmul(h_prev, self.recurrent_kernel))
            if self.bias is not None:
                z = tf.add(z, self.bias)
            z0, z1, z2, z3 = tf.split(z, 4, axis=1)
        i = self.recurrent_activation(z0)
        f = self.recurrent_activation(z1)
        c = f * c_prev + i * self.activation(z2)
        o = self.recurrent_activation(z3)
        h = o * self.activation(c)
        return h, [h, c]

    def get_config(self):
        from tapeviz.keras.layers._config import activation_name
        return {**super().get_config(), "recurrent_activation": activation_name(self.recurrent_activation),
                "unit_forget_bias": self.unit_forget_bias}


class RNN(Layer):
    """Runs `cell` over axis 1 of `(batch, time, features)` inputs.

    Args:
      cell: a cell layer (`call(inputs, states) -> (output, new_states)`, `state_size`).
      return_sequences: return every step's output (else only the last).
      return_state: also return the final states.
      go_backwards: process the sequence in reverse (outputs stay in processing order).
    """

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, zero_output_for_mask=False, **kwargs):
        super().__init__(**kwargs)
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not hasattr(cell, "call") or not hasattr(cell, "state_size"):
            raise ValueError("Argument `cell` should have a `call` method and a `state_size` "
                             f"attribute. Received: cell={cell}")
        self.cell = cell
        self.return_sequences, self.return_state = return_sequences, return_state
        self.go_backwards, self.unroll = go_backwards, unroll
        self.zero_output_for_mask = zero_output_for_mask
        self.stateful = stateful
        self.states = None

    def build(self, input_shape):
        if not self.cell.built:
            with tf.name_scope(self.cell.name):
                self.cell.build(tuple(input_shape[:1]) + tuple(input_shape[2:]))
            self.cell.built = True
        if self.stateful:
            if input_shape[0] is None:
                raise ValueError("When using `stateful=True` in a RNN, the batch size must be static. "
                                 f"Found dynamic batch size: sequence.shape={tuple(input_shape)}")
            self.reset_state(batch_size=input_shape[0])
        self.built = True

    def reset_state(self, states=None, batch_size=None):
        """A stateful RNN's carried states back to zeros (or to `states`)."""
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        if states is None:
            batch = batch_size if self.states is None else nest.flatten(self.states)[0].shape[0]
            self.states = nest.map_structure(lambda s: tf.constant(s.numpy()),
                                             self.cell.get_initial_state(batch_size=batch))
        else:
            states = states if isinstance(states, (list, tuple)) else [states]
            self.states = [tf.cast(tf.constant(getattr(s, "numpy", lambda s=s: s)()), self.cell.compute_dtype)
                           for s in states]

    reset_states = reset_state

    def _state_count(self):
        size = self.cell.state_size
        return len(size) if isinstance(size, (list, tuple)) else 1

    def compute_mask(self, inputs, previous_mask):
        return previous_mask if self.return_sequences else None

    def call(self, sequences, initial_state=None, mask=None, training=False):
        if initial_state is None and self.stateful:
            if sequences.shape[0] != nest.flatten(self.states)[0].shape[0]:
                raise ValueError("If an RNN is stateful, the batch size of the input sequences must be "
                                 "the same as the batch size of the initial state. \n- Expected batch "
                                 f"size: {nest.flatten(self.states)[0].shape[0]}\n- Received batch size: {sequences.shape[0]}")
            states = list(self.states)
        elif initial_state is None:
            states = self.cell.get_initial_state(batch_size=sequences.shape[0])
        else:
            states = list(initial_state) if isinstance(initial_state, (list, tuple)) else [initial_state]
        steps = tf.unstack(sequences, axis=1)
        if isinstance(self.cell, StackedRNNCells):    # each cell's masks, from the input it sees
            self.cell.get_dropout_mask(steps[0], states)
        elif hasattr(self.cell, "get_dropout_mask"):    # one mask per sequence, drawn before the loop
            self.cell.get_dropout_mask(steps[0])
            self.cell.get_recurrent_dropout_mask(states[0])
        try:
            result, states = self._loop(steps, states, mask, training)
        finally:
            if hasattr(self.cell, "reset_dropout_mask"):
                self.cell.reset_dropout_mask()
                self.cell.reset_recurrent_dropout_mask()
        if self.stateful:
            self.states = nest.map_structure(lambda s: tf.constant(s.numpy()), states)
        if self.return_state:
            return (result, *states)
        return result

    def _loop(self, steps, states, mask, training):
        """The cell over every step: (all outputs stacked, or the last) and the final states."""
        keep = [None] * len(steps) if mask is None else \
            [tf.expand_dims(m, -1) for m in tf.unstack(tf.cast(mask, "bool"), axis=1)]
        if self.go_backwards:
            steps, keep = steps[::-1], keep[::-1]
        outputs = []
        for x, keep_t in zip(steps, keep):
            with tf.name_scope(self.cell.name):
                output, new_states = self.cell.call(x, states, training=training)
            new_states = list(new_states) if isinstance(new_states, (list, tuple)) else [new_states]
            if keep_t is not None:     # a masked step keeps the previous output (or 0) and states
                zero = self.zero_output_for_mask or not outputs
                previous = tf.zeros_like(output) if zero else outputs[-1]
                output = tf.where(keep_t, output, previous)
                new_states = nest.map_structure(lambda n, s: tf.where(keep_t, n, s), new_states, states)
            states = new_states
            outputs.append(output)
        return (tf.stack(outputs, axis=1) if self.return_sequences else outputs[-1]), states

    def compute_output_shape(self, input_shape):
        batch, steps = input_shape[0], input_shape[1]
        units = self.cell.output_size
        out = (batch, steps, units) if self.return_sequences else (batch, units)
        if not self.return_state:
            return out
        size = self.cell.state_size
        sizes = size if isinstance(size, (list, tuple)) else [size]
        return [out] + [[(batch, d) for d in s] if isinstance(s, (list, tuple)) else (batch, s) for s in sizes]

    def get_config(self):
        from tapeviz.keras.serialization import serialize_keras_object
        return {**Layer.get_config(self), "return_sequences": self.return_sequences,
                "return_state": self.return_state, "go_backwards": self.go_backwards,
                "stateful": self.stateful, "unroll": self.unroll,
                "zero_output_for_mask": self.zero_output_for_mask,
                "cell": serialize_keras_object(self.cell)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from tapeviz.keras.serialization import config_for, deserialize_keras_object
        config = dict(config)
        if isinstance(config.get("cell"), (dict, list)):
            config["cell"] = deserialize_keras_object(config["cell"], custom_objects=custom_objects)
        return cls(**config_for(cls, config))


class _CellLayer(RNN):
    """An `RNN` over its own cell, with the cell's constructor arguments (SimpleRNN, GRU, LSTM)."""

    cell_class = None
    cell_name = None

    def __init__(self, units, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, name=None, dtype=None, trainable=True,
                 input_shape=None, batch_size=None, **cell_kwargs):
        layer_kwargs = {k: v for k, v in dict(name=name, dtype=dtype, trainable=trainable,
                                              input_shape=input_shape,
                                              batch_size=batch_size).items() if v is not None}
        cell_kwargs.pop("use_cudnn", None)
        zero_output_for_mask = cell_kwargs.pop("zero_output_for_mask", False)   # the RNN's, not the cell's
        cell = self.cell_class(units, name=self.cell_name, dtype=dtype, trainable=trainable,
                               **cell_kwargs)
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         zero_output_for_mask=zero_output_for_mask, **layer_kwargs)
        self.input_spec = InputSpec(ndim=3)
        self._constructor = dict(units=units, return_sequences=return_sequences,
                                 return_state=return_state, stateful=stateful, unroll=unroll,
                                 dtype=dtype, trainable=trainable, **cell_kwargs)

    @property
    def units(self):
        return self.cell.units

    def get_config(self):
        cell = {k: v for k, v in self.cell.get_config().items() if k not in ("name", "trainable", "dtype")}
        return {**Layer.get_config(self), "return_sequences": self.return_sequences,
                "return_state": self.return_state, "go_backwards": self.go_backwards,
                "stateful": self.stateful, "unroll": self.unroll, **cell}

    def fresh_copy(self, name, go_backwards):
        """A new, unbuilt layer with this one's settings (Bidirectional's two directions)."""
        return type(self)(go_backwards=go_backwards, name=name, **self._constructor)


class SimpleRNN(_CellLayer):
    """A fully connected RNN whose output is fed back as the next step's state."""

    cell_class, cell_name = SimpleRNNCell, "simple_rnn_cell"


class GRU(_CellLayer):
    """Gated Recurrent Unit (Cho et al., 2014), Keras 3's `reset_after=True` variant by default."""

    cell_class, cell_name = GRUCell, "gru_cell"


class LSTM(_CellLayer):
    """Long Short-Term Memory (Hochreiter & Schmidhuber, 1997); states `[h, c]`."""

    cell_class, cell_name = LSTMCell, "lstm_cell"


class Bidirectional(Layer):
    """Runs `layer` forwards and a copy of it backwards, then merges the two outputs.

    Args:
      layer: a SimpleRNN, GRU or LSTM layer.
      merge_mode: "concat" (default), "sum", "mul", "ave", or None for a list of both outputs.
    """

    _MERGE = ("sum", "mul", "ave", "concat", None)

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        super().__init__(**kwargs)
        if merge_mode not in self._MERGE:
            raise ValueError(f"Invalid merge mode. Received: {merge_mode}. Merge mode should be "
                             'one of {"sum", "mul", "ave", "concat", None}')
        if not isinstance(layer, _CellLayer):
            raise NotImplementedError("tapeviz.keras.layers.Bidirectional: only SimpleRNN, GRU and "
                                      "LSTM layers are supported")
        self.forward_layer = layer.fresh_copy("forward_" + layer.name, layer.go_backwards)
        self.backward_layer = backward_layer or layer.fresh_copy("backward_" + layer.name,
                                                                 not layer.go_backwards)
        for direction in (self.forward_layer, self.backward_layer):
            direction.zero_output_for_mask = direction.return_sequences
        self.merge_mode = merge_mode
        self.return_sequences, self.return_state = layer.return_sequences, layer.return_state
        self.input_spec = layer.input_spec
        self._initial_weights = weights

    def compute_mask(self, inputs, previous_mask):
        return previous_mask if self.return_sequences else None

    def build(self, input_shape):
        for layer in (self.forward_layer, self.backward_layer):
            with tf.name_scope(layer.name):
                layer.build(input_shape)
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def call(self, sequences, initial_state=None, mask=None, training=False):
        if initial_state is not None:
            half = len(initial_state) // 2
            forward_state, backward_state = initial_state[:half], initial_state[half:]
        else:
            forward_state = backward_state = None
        y = self.forward_layer(sequences, initial_state=forward_state, training=training)
        y_rev = self.backward_layer(sequences, initial_state=backward_state, training=training)
        states = []
        if self.return_state:
            states = list(y[1:]) + list(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = tf.reverse(y_rev, [1])
        if self.merge_mode == "concat":
            output = tf.concat([y, y_rev], axis=-1)
        elif self.merge_mode == "sum":
            output = y + y_rev
        elif self.merge_mode == "ave":
            output = (y + y_rev) / 2
        elif self.merge_mode == "mul":
            output = y * y_rev
        else:
            output = [y, y_rev]
        if self.return_state:
            return (output if isinstance(output, list) else [output]) + states
        return output

    def compute_output_shape(self, input_shape):
        shape = self.forward_layer.compute_output_shape(input_shape)
        out, states = (shape[0], shape[1:]) if self.return_state else (shape, [])
        if self.merge_mode == "concat":
            out = tuple(out[:-1]) + (out[-1] * 2,)
        outs = [out, out] if self.merge_mode is None else [out]
        if self.return_state:
            return outs + list(states) * 2
        return outs if self.merge_mode is None else out


class TimeDistributed(Layer):
    """Applies `layer` to every time step: `(batch, time, ...)` runs as `(batch * time, ...)`."""

    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(layer, Layer):
            raise ValueError("Please initialize `TimeDistributed` layer with a `keras.layers.Layer` "
                             f"instance. Received: {layer}")
        self.layer = layer
        self.supports_masking = True

    def build(self, input_shape):
        if len(input_shape) < 3:
            raise ValueError("`TimeDistributed` Layer should be passed an `input_shape` with at "
                             f"least 3 dimensions, received: {input_shape}")
        if not self.layer.built:
            with tf.name_scope(self.layer.name):
                self.layer.build((input_shape[0],) + tuple(input_shape[2:]))
            self.layer.built = True
        self.built = True

    def call(self, inputs, training=None, mask=None):
        batch, steps = inputs.shape[0], inputs.shape[1]
        flat = tf.reshape(inputs, (batch * steps,) + tuple(inputs.shape[2:]))
        out = self.layer(flat, training=training)
        return tf.reshape(out, (batch, steps) + tuple(out.shape[1:]))

    def compute_output_shape(self, input_shape):
        inner = self.layer.compute_output_shape((input_shape[0],) + tuple(input_shape[2:]))
        return (inner[0], input_shape[1]) + tuple(inner[1:])

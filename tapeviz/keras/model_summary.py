"""`model.summary()`: Keras 3's table of layers, output shapes and parameter counts."""
import textwrap

import numpy as np

_WIDTHS = (31, 22, 13)   # text width of the three columns (each has one space of padding a side)


def _size(variables):
    return int(sum(int(np.prod(v.shape.as_list() or [1])) for v in variables))


def _bytes(variables):
    return int(sum(int(np.prod(v.shape.as_list() or [1])) * v.dtype.size for v in variables))


def readable_memory_size(size):
    for unit in ["B", "KB", "MB", "GB", "TB", "PB"]:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def _row(cells, left="│", mid="│", right="│", aligns=("<", "<", ">")):
    wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(cells, _WIDTHS)]
    lines = []
    for i in range(max(len(w) for w in wrapped)):
        parts = [f" {(w[i] if i < len(w) else ''):{a}{width}} "
                 for w, width, a in zip(wrapped, _WIDTHS, aligns)]
        lines.append(left + mid.join(parts) + right)
    return lines


def _rule(left, mid, right, fill):
    return left + mid.join(fill * (w + 2) for w in _WIDTHS) + right


def _shape(layer):
    shape = layer._output_shape
    if shape is None:
        return "?"
    return str(tuple(shape)) if not isinstance(shape, list) else str([tuple(s) for s in shape])


def print_summary(model, print_fn=None):
    lines = [f'Model: "{model.name}"', _rule("┏", "┳", "┓", "━")]
    lines += _row(["Layer (type)", "Output Shape", "Param #"], "┃", "┃", "┃")
    lines.append(_rule("┡", "╇", "┩", "━"))
    layers = model.layers
    for i, layer in enumerate(layers):
        params = f"{layer.count_params()}" if layer.built else "0 (unbuilt)"
        lines += _row([f"{layer.name} ({type(layer).__name__})", _shape(layer), params])
        if i < len(layers) - 1:
            lines.append(_rule("├", "┼", "┤", "─"))
    lines.append(_rule("└", "┴", "┘", "─"))
    trainable, frozen = model.trainable_weights, model.non_trainable_weights
    optimizer = getattr(model, "optimizer", None)
    opt_vars = optimizer.variables if optimizer is not None and optimizer.built else []
    everything = trainable + frozen + opt_vars
    lines.append(f" Total params: {_size(everything)} ({readable_memory_size(_bytes(everything))})")
    lines.append(f" Trainable params: {_size(trainable)} ({readable_memory_size(_bytes(trainable))})")
    lines.append(f" Non-trainable params: {_size(frozen)} ({readable_memory_size(_bytes(frozen))})")
    if opt_vars:
        lines.append(f" Optimizer params: {_size(opt_vars)} ({readable_memory_size(_bytes(opt_vars))})")
    (print_fn or print)("\n".join(lines))

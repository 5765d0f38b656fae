"""Keras 3 weights: tapeviz Variables with Keras's short `name` ('kernel') and full `path`.

In TensorFlow these are `keras.Variable`s wrapping a `tf.Variable`; here they are Variables
themselves, so tapes, `tf.train.Checkpoint` and the inspector treat them like any other.
"""
import numpy as np

from tapeviz.framework.context import ctx
from tapeviz.framework.variables import Variable


class KerasVariable(Variable):
    """A layer or optimizer weight: `.name` is 'kernel', `.path` is 'sequential/dense/kernel'."""

    def __init__(self, initializer, shape=None, dtype=None, trainable=True, autocast=True,
                 aggregation="none", synchronization="auto", name=None):
        name = name or "variable"
        if isinstance(initializer, str) or callable(initializer) and not hasattr(initializer, "_value"):
            from tapeviz.keras import initializers
            if shape is None:
                raise ValueError("When creating a Variable from an initializer, the `shape` argument "
                                 f"should be specified. Received: initializer={initializer} and shape={shape}")
            initializer = initializers.get(initializer)(tuple(shape), dtype=dtype)
        if dtype is not None:
            from tapeviz.keras import backend
            dtype = backend.standardize_dtype(dtype)
        scope = ctx.scope
        self._path = f"{scope}/{name}" if scope else name
        self._short_name = name
        super().__init__(initializer, trainable=trainable, name=name, dtype=dtype)

    name = property(lambda self: self._short_name)
    path = property(lambda self: self._path)

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)

    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Sets the value in place and returns it as a Tensor (Keras 3's `assign`)."""
        self._set(self._converted(value))
        return self.read_value() if read_value else None

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        self._set(self._value + self._converted(delta))
        return self.read_value() if read_value else None

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        self._set(self._value - self._converted(delta))
        return self.read_value() if read_value else None

    def __repr__(self):
        return (f"<Variable path={self._path}, shape={self._shape}, dtype={self._dtype.name}, "
                f"value={np.asarray(self._value)}>")

    __str__ = __repr__

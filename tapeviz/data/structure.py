"""Dataset elements as TF structures them: tuples, dicts and namedtuples nest; everything else
(lists and NumPy arrays included) becomes one tensor, as `tf.data` converts it."""
import numpy as np

from tapeviz.framework import nest
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_spec import TensorSpec


def _is_structure(x):
    return isinstance(x, (tuple, dict))


def is_composite(x):
    """A composite tensor leaf (SparseTensor): kept whole, sliced and batched by its own methods
    (`_rows`, `_batch`), described by its `_type_spec`."""
    return getattr(x, "_is_composite_tensor", False)


def is_composite_spec(spec):
    """The spec of a composite leaf that batches itself (SparseTensorSpec)."""
    return hasattr(spec, "_unbatch")


def spec_of_leaf(t):
    return TensorSpec.from_tensor(t) if isinstance(t, Tensor) else t._type_spec


def normalize(element):
    """`element` with every leaf a tensor; lists are leaves, tuples and dicts are structure."""
    if isinstance(element, dict):
        return type(element)((k, normalize(v)) for k, v in element.items())
    if isinstance(element, tuple) and hasattr(element, "_fields"):
        return type(element)(*[normalize(v) for v in element])
    if isinstance(element, tuple):
        return tuple(normalize(v) for v in element)
    if isinstance(element, Tensor) or getattr(element, "_type_spec", None) is not None:
        return element      # a Tensor, or a RaggedTensor or SparseTensor (a leaf too)
    return convert_to_tensor(element)


def flatten(element):
    """The leaves of a normalized element, in `tf.nest` order."""
    if not _is_structure(element):
        return [element]
    return nest.flatten(element)


def pack(structure, leaves):
    """Rebuilds `structure` (an element or a spec nest) from `leaves`."""
    if not _is_structure(structure):
        (leaf,) = leaves
        return leaf
    return nest.pack_sequence_as(structure, leaves)


def packer(structure):
    """A function rebuilding `structure` from its leaves, fast for a flat tuple (x, y)."""
    if type(structure) is tuple and not any(_is_structure(s) for s in structure):
        return tuple
    return lambda leaves: pack(structure, leaves)


def flatten_up_to(structure, value):
    """The parts of `value` at the leaves of `structure` (a value's lists stay whole)."""
    if isinstance(structure, dict):
        if not isinstance(value, dict) or sorted(value) != sorted(structure):
            raise ValueError("The two structures don't have the same keys.")
        return [leaf for k in sorted(structure) for leaf in flatten_up_to(structure[k], value[k])]
    if isinstance(structure, tuple):
        if not isinstance(value, (tuple, list)) or len(value) != len(structure):
            raise ValueError("The two structures don't have the same length.")
        return [leaf for s, v in zip(structure, value) for leaf in flatten_up_to(s, v)]
    return [value]


def map_leaves(fn, element):
    return pack(element, [fn(leaf) for leaf in flatten(element)])


def spec_of(element):
    """The `element_spec` nest of one element."""
    return map_leaves(spec_of_leaf, element)


def numpy_of(element):
    """The element as `as_numpy_iterator` yields it: each tensor's `.numpy()`."""
    return map_leaves(lambda t: t if is_composite(t) else t.numpy(), element)


def tensor(array):
    """A tensor holding the NumPy array `array` (no copy, no conversion)."""
    return Tensor(np.asarray(array) if not isinstance(array, np.ndarray) else array)


def call(fn, element):
    """`fn` applied to an element: a tuple is spread over the arguments, as TF does."""
    if isinstance(element, tuple) and not hasattr(element, "_fields"):
        return fn(*element)
    return fn(element)

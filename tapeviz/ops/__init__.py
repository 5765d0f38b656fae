"""The op library, one module per family; importing it registers every op and operator."""
from tapeviz.ops import (  # noqa: F401  # noqa: F401,E402  (array/nn/random families)
    array,
    bitwise,
    debugging,  # noqa: F401,E402  (tf.debugging: asserts, CheckNumerics)
    decompositions,
    indexing,
    linalg,
    math,
    nn,
    overloads,
    random,
    special,
    truncation,
)

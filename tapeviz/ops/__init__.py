"""The op library, one module per family; importing it registers every op and operator."""
from tapeviz.ops import (  # noqa: F401  # noqa: F401
    array,
    debugging,
    indexing,
    init_ops,
    linalg,
    math,
    nn,
    overloads,
    random,
    random_generator,
    stateless_random,
)

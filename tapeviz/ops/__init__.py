"""The op library, one module per family; importing it registers every op and operator."""
from tapeviz.ops import (  # noqa: F401  (importing a family registers its ops)
    array,
    control_flow,
    debugging,
    indexing,
    linalg,
    math,
    nn,
    overloads,
    printing,
    random,
    random_generator,
    script_ops,
    stateless_random,
    tensor_array,
)

"""The op library, one module per family; importing it registers every op and operator."""
from tapeviz.ops import (  # noqa: F401  # noqa: F401
    array,
    debugging,
    image,
    image_codecs,
    image_color,
    image_random,
    indexing,
    linalg,
    math,
    nn,
    overloads,
    random,
    random_binomial,
    random_generator,
    random_poisson,
    stateless_random,
)

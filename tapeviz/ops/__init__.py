"""The op library, one module per family; importing it registers every op and operator."""
from tapeviz.ops import math, linalg, array, overloads  # noqa: F401
from tapeviz.ops import indexing, nn, random, random_generator, stateless_random  # noqa: F401,E402

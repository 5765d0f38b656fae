"""The op library, one module per family; importing it registers every op and operator."""
from tapeviz.ops import math, array, overloads  # noqa: F401

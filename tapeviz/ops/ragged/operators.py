"""Python operators on RaggedTensors (`rt + 1`, `1 - rt`, `rt < dense`, `-rt`, ...): the Tensor
operator applied to the flat values, with the other operand lined up as `elementwise` does."""
from tapeviz.ops.ragged.elementwise import elementwise
from tapeviz.ops.ragged.ragged_tensor import RaggedTensor

_BINARY = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "truediv": lambda a, b: a / b, "floordiv": lambda a, b: a // b, "mod": lambda a, b: a % b,
    "pow": lambda a, b: a ** b, "and": lambda a, b: a & b, "or": lambda a, b: a | b,
    "xor": lambda a, b: a ^ b,
}
_COMPARE = {"lt": lambda a, b: a < b, "le": lambda a, b: a <= b, "gt": lambda a, b: a > b,
            "ge": lambda a, b: a >= b, "eq": lambda a, b: a == b, "ne": lambda a, b: a != b}


def _forward(fn):
    return lambda self, other: elementwise(fn, (self, other), {})


def _reflected(fn):
    return lambda self, other: elementwise(lambda s, o: fn(o, s), (self, other), {})


def _compare(name, fn):
    def operator(self, other):
        if other is None:
            return name == "ne"
        return elementwise(fn, (self, other), {})
    return operator


for _name, _fn in _BINARY.items():
    setattr(RaggedTensor, f"__{_name}__", _forward(_fn))
    setattr(RaggedTensor, f"__r{_name}__", _reflected(_fn))
for _name, _fn in _COMPARE.items():
    setattr(RaggedTensor, f"__{_name}__", _compare(_name, _fn))
RaggedTensor.__neg__ = lambda self: self.with_flat_values(-self.flat_values)
RaggedTensor.__abs__ = lambda self: self.with_flat_values(abs(self.flat_values))
RaggedTensor.__invert__ = lambda self: self.with_flat_values(~self.flat_values)
RaggedTensor.__hash__ = None

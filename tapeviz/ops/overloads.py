"""Python operators on Tensors and Variables (`+`, `*`, `-x`, ...), as TF's math_ops installs them."""
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.variables import Variable
from tapeviz.ops import math as M


def _binary(op):
    def forward(self, other):
        return op(self, other)

    def reflected(self, other):
        return op(other, self) if not isinstance(other, Tensor) else op(other, self)
    return forward, reflected


def install(cls):
    for name, op in (("add", M._add), ("sub", M.subtract), ("mul", M.multiply)):
        forward, reflected = _binary(op)
        setattr(cls, f"__{name}__", forward)
        setattr(cls, f"__r{name}__", reflected)
    cls.__neg__ = lambda self: M.negative(self)


install(Tensor)
install(Variable)

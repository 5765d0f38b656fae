"""The op registry: each op declared once with its NumPy forward, dtype rule and gradient rule.

    sin = defop("Sin", np.sin, dtypes=INEXACT)
    defgrad(sin, lambda g, y, x: g * cos(x))

Calling an op converts its inputs (TF's matching-dtype rule), checks the dtype, runs the NumPy
forward and, only when a tape is recording and watches an input, appends an `OpRecord`.
"""
import inspect
import warnings
from operator import itemgetter

import numpy as np

from tapeviz.framework import dtypes, errors
from tapeviz.framework.api import DISPATCH, OPS
from tapeviz.framework.context import ctx, source_of, user_site
from tapeviz.framework.convert import matching_tensors, to_tensor
from tapeviz.framework.tensor import Tensor

REGISTRY = OPS   # TF op type -> Op

# TensorFlow's kernels give inf and nan silently; NumPy would warn from inside our op forwards.
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"tapeviz\.(framework|ops)\.")

_recording = ctx.recording   # the same list objects for the process's lifetime
_scopes = ctx.scopes


class OpRecord(tuple):
    """One executed op on a tape: references to what it used and made, never copies.

    `OpRecord((op, inputs, outputs, attrs, scope, site))`: a tuple, so that recording one is a
    single C-level allocation; its fields are read by name. `site` is (code, last instruction)
    of the user's call, or None. Compared and hashed by identity, as the objects it stands for."""

    __slots__ = ()
    op = property(itemgetter(0))
    inputs = property(itemgetter(1))
    outputs = property(itemgetter(2))
    attrs = property(itemgetter(3))
    scope = property(itemgetter(4))
    site = property(itemgetter(5))
    __eq__, __ne__, __hash__ = object.__eq__, object.__ne__, object.__hash__

    @property
    def source(self):
        """(filename, line) of the user's code that ran the op."""
        return source_of(self.site)

    def __repr__(self):
        return f"<OpRecord {self.op.type} at {self.source[0]}:{self.source[1]}>"


class Op:
    """A registered op. Call it with tensor inputs (positional) and attributes (keywords)."""

    __slots__ = ("type", "forward", "dtypes", "broadcasting", "match", "num_outputs",
                 "inputs", "grad_rules", "grad_kind", "doc", "dtype_names", "no_kernel", "_np_dtypes")

    def __init__(self, type, forward, dtypes, broadcasting, match, num_outputs, inputs,
                 dtype_names=None, no_kernel=frozenset()):
        self.type, self.forward, self.dtypes = type, forward, dtypes
        self.dtype_names, self.no_kernel = dtype_names, no_kernel
        self.broadcasting, self.match, self.num_outputs = broadcasting, match, num_outputs
        self.inputs = inputs
        self._np_dtypes = None if dtypes is None else frozenset(d._np for d in frozenset(dtypes) - no_kernel)
        self.grad_rules, self.grad_kind = None, None
        self.doc = f"The `{type}` op."

    def __call__(self, *args, name=None, **attrs):
        if attrs and len(args) < len(self.inputs):
            args = self._bind(args, attrs)
        if self.match:
            inputs = self._fast_inputs(args)
            if inputs is not None:
                return execute(self, inputs, attrs)
        for a in args:       # a RaggedTensor input: the op runs on its values (TF's dispatch)
            if type(a) in DISPATCH:
                return DISPATCH[type(a)](self, args, attrs)
        if self.match:
            # TF infers `T` from the first Tensor and checks it before the other inputs' dtypes
            first = next((a.dtype for a in args if isinstance(a, Tensor)
                          or getattr(a, "_is_variable", False)), None)
            if first is not None:
                self._check_dtype(first)
            inputs = matching_tensors(self.type, args, self.dtypes)
        else:
            inputs = [a if type(a) is Tensor else to_tensor(a) for a in args]
        if inputs:
            self._check_dtype(inputs[0].dtype)
        return execute(self, inputs, attrs)

    def _fast_inputs(self, args):
        """The common case without conversion machinery: Tensors (or Variables, read now) of
        one allowed dtype, and Python floats next to a float Tensor, as a tuple. None: take the
        general path."""
        if not args:
            return None
        first = args[0]
        if type(first) is not Tensor:
            if not getattr(first, "_is_variable", False):
                return None
            first = first.read_value()
        dt = first._value.dtype
        if self._np_dtypes is not None and dt not in self._np_dtypes:
            return None
        if len(args) == 1:
            return (first,)
        if len(args) == 2:
            b = args[1]
            if type(b) is Tensor:
                return (first, b) if b._value.dtype == dt else None
            if type(b) is float and dt.kind == "f":
                return (first, Tensor(dt.type(b)))
            b = _fast_input(b, dt)
            return None if b is None else (first, b)
        inputs = [first]
        for a in args[1:]:
            a = _fast_input(a, dt)
            if a is None:
                return None
            inputs.append(a)
        return tuple(inputs)

    def _check_dtype(self, dtype):
        if self.dtypes is not None and dtype not in self.dtypes:
            raise disallowed(self, dtype)
        if dtype in self.no_kernel:
            raise errors.NotFoundError(
                None, self.type, f"Could not find device for node: {{{{node {self.type}}}}} = "
                                 f"{self.type}[T=DT_{'HALF' if dtype.name == 'float16' else dtype.name.upper()}]")

    def _bind(self, args, attrs):
        """Moves inputs passed by keyword (`labels=`, `logits=`) into position."""
        args = list(args)
        for i, input_name in enumerate(self.inputs[len(args):], len(args)):
            if input_name not in attrs:
                raise TypeError(f"{self.type} missing required argument '{input_name}'")
            args.append(attrs.pop(input_name))
        return args

    def __repr__(self):
        return f"<op {self.type}>"


def _fast_input(a, dt):
    """`a` as a Tensor of NumPy dtype `dt` without conversion machinery, or None."""
    if type(a) is Tensor:
        return a if a._value.dtype == dt else None
    if type(a) is float and dt.kind == "f":
        return Tensor(dt.type(a))
    if getattr(a, "_is_variable", False) and a._value.dtype == dt:
        return a.read_value()
    return None


def execute(op, inputs, attrs):
    """Runs `op` on converted inputs; records it on every recording tape that watches an input."""
    try:
        if len(inputs) == 1:
            out = op.forward(inputs[0]._value, **attrs)
        elif len(inputs) == 2:
            out = op.forward(inputs[0]._value, inputs[1]._value, **attrs)
        else:
            out = op.forward(*[t._value for t in inputs], **attrs)
    except ValueError:
        if op.broadcasting and len(inputs) == 2:
            _check_broadcast(op, inputs)
        raise
    if op.num_outputs == 1:
        result = Tensor(out)
        if _recording:
            _record(op, inputs, (result,), attrs)
        return result
    outputs = tuple(Tensor(o) for o in out)
    if _recording:
        _record(op, inputs, outputs, attrs)
    return outputs


def _record(op, inputs, outputs, attrs):
    record = None
    for tape in _recording:
        watched = tape._watched
        for t in inputs:
            if id(t) in watched:
                break
        else:
            continue
        if record is None:
            record = OpRecord((op, inputs if type(inputs) is tuple else tuple(inputs), outputs,
                               attrs, _scopes[-1], user_site(4)))
        tape._records.append(record)
        for o in outputs:
            watched.add(id(o))


def _check_broadcast(op, inputs):
    a, b = inputs[0]._value.shape, inputs[1]._value.shape
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        raise errors.kernel_error(op.type, f"Incompatible shapes: [{','.join(map(str, a))}] vs. "
                              f"[{','.join(map(str, b))}]", name="") from None


# TF's op definitions name some dtype lists by a type-list macro, which fixes their order in
# error messages (quantized types included); other ops list their dtypes in the order below.
NUMBER_TYPES = ("float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, "
                "bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64")
REAL_NUMBER_TYPES = ("float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, "
                     "uint32, uint64, qint8, quint8, qint32, qint16, quint16")

_TF_ORDER = ("float16", "float32", "float64", "uint8", "uint16", "uint32", "uint64", "int8",
             "int16", "int32", "int64", "complex64", "complex128", "bool", "string")


def disallowed(op, dtype):
    """TF's error for an input dtype outside the op's list (TF's order; bfloat16 goes with half)."""
    listed = op.dtype_names
    if listed is None:
        names = []
        for name in _TF_ORDER:
            d = dtypes.as_dtype(name)
            if d in op.dtypes:
                names += ["bfloat16", "half"] if name == "float16" else [d.c_name]
        listed = ", ".join(names)
    return errors.build_error(
        op.type, f"Value for attr 'T' of {dtype.c_name} is not in the list of allowed values: {listed}")


# ---- declaring ops and their gradients ----------------------------------------------------------

def defop(type, forward, dtypes=dtypes.NUMERIC, broadcasting=False, match=True, num_outputs=1,
          inputs=None, dtype_names=None, no_kernel=frozenset()):
    """Registers an op under its TF type name and returns it (callable as the public op).

    Args:
      forward: NumPy function of the input arrays and keyword attributes.
      dtypes: the allowed dtypes of the (first) input, or None for any.
      broadcasting: the tape sums input gradients back to each input's shape.
      match: convert all inputs to one dtype (TF's type attribute `T`), else each on its own.
      num_outputs: how many tensors the forward returns (a tuple when more than one).
      inputs: input names, so callers may pass inputs by keyword (e.g. "labels, logits").
      dtype_names: the allowed list as TF's dtype error spells it, where TF's op definition
        fixes another order (e.g. NUMBER_TYPES).
      no_kernel: dtypes TF's op definition allows but no CPU kernel takes (NotFoundError; TF's
        message goes on to list every registered kernel, which is left out).
    """
    if type in REGISTRY:
        raise ValueError(f"Op {type!r} is already registered")
    names = tuple(n.strip() for n in inputs.split(",")) if inputs else ()
    op = Op(type, forward, dtypes, broadcasting, match, num_outputs, names, dtype_names, no_kernel)
    REGISTRY[type] = op
    return op


def defgrad(op, *rules):
    """One rule per input: `rule(g, y, *inputs, **attrs)` returns that input's gradient or None."""
    for rule in rules:
        _check_arity(op, rule)
    op.grad_rules, op.grad_kind = rules, "rules"


def defgrad_all(op, rule):
    """One rule for all inputs (variadic ops such as ConcatV2): returns a sequence of gradients."""
    op.grad_rules, op.grad_kind = (rule,), "all"


def defgrad_zero(op):
    """The gradient is zero everywhere it is defined (sign): zeros in each input's shape."""
    op.grad_rules, op.grad_kind = None, "zero"


def deflinear(op):
    """A linear op of one input whose gradient is the op itself applied to `g` (neg, conj)."""
    op.grad_rules, op.grad_kind = None, "linear"


def nondifferentiable(op):
    """No gradient flows through this op (argmax, equal, round): sources behind it get None."""
    op.grad_rules, op.grad_kind = None, "none"


def unregistered_gradient(op):
    """TF registers no gradient for this op (AdjustHue): differentiating through it raises TF's
    LookupError, unlike `nondifferentiable`, whose sources silently get None."""
    op.grad_rules, op.grad_kind = None, "unregistered"


def _check_arity(op, rule):
    try:
        params = inspect.signature(rule).parameters.values()
    except (TypeError, ValueError):
        return
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        return
    if len(positional) < 3:
        raise TypeError(f"Gradient rule for {op.type!r} must take (g, y, *inputs), "
                        f"got {len(positional)} positional parameters")


def gradients_of(record, grads, wanted=None):
    """The input gradients of one record, given its output gradients (None where absent).

    `wanted` (one bool per input) skips rules whose result nobody needs, e.g. the gradient
    with respect to the constant in `x * 2.0`.
    """
    op = record.op
    kind = op.grad_kind
    if kind == "none":
        return (None,) * len(record.inputs)
    if kind == "unregistered":
        raise LookupError(f"gradient registry has no entry for: {op.type}")
    if kind is None:
        raise NotImplementedError(f"Gradient of '{op.type}' is not defined")
    inputs, attrs = record.inputs, record.attrs
    if op.num_outputs == 1:
        g, y = grads[0], record.outputs[0]
    else:
        g = tuple(gi if gi is not None else _zeros_like(o) for gi, o in zip(grads, record.outputs))
        y = record.outputs
    if kind == "rules":
        rules = op.grad_rules
        if wanted is None:
            wanted = (True,) * len(inputs)
        out = []
        for i, w in enumerate(wanted):
            rule = rules[i] if i < len(rules) else None
            out.append(rule(g, y, *inputs, **attrs) if w and rule is not None else None)
        return out
    if kind == "all":
        result = tuple(op.grad_rules[0](g, y, *inputs, **attrs))
        if len(result) != len(inputs):
            raise ValueError(f"Gradient rule of '{op.type}' returned {len(result)} gradients "
                             f"for {len(inputs)} inputs")
        return result
    if kind == "linear":
        return (op(g, **attrs),)
    return tuple(_zeros_like(x) for x in inputs)


def _zeros_like(t):
    return Tensor(np.zeros_like(t._value))

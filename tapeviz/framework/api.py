"""The two tables everything registers in: public names (`EXPORTS`) and ops by TF type (`OPS`).

Ops modules call `export(obj, "math.sin", "sin")`; `tapeviz/__init__.py` builds the namespaces
from `EXPORTS`, so adding an op never means editing the package's `__init__`. `defop` fills
`OPS`, and the core (the tape, conversion) calls the few ops it needs through `op(type)`, so
`framework/` never imports the op library.
"""
EXPORTS = {}   # dotted public name -> object
OPS = {}       # TF op type ("AddV2") -> registered Op
DISPATCH = {}  # a composite value type (RaggedTensor) -> handler(op, args, attrs) for ops given one
DEFERRED = {}  # (Python operator name, composite type) -> handler(tensor, composite): TF's
              # Tensor operators hand `dense * sparse`, `dense / ragged` to the composite


def export(obj, *names):
    """Publishes `obj` under each dotted name ("sin", "math.sin", "nn.relu"); returns `obj`."""
    for name in names:
        if name in EXPORTS and EXPORTS[name] is not obj:
            raise ValueError(f"{name!r} is already exported as {EXPORTS[name]!r}")
        EXPORTS[name] = obj
    return obj


def op(type):
    """The registered op of TF type `type` (e.g. "AddV2"); KeyError naming it if none is."""
    try:
        return OPS[type]
    except KeyError:
        raise KeyError(f"No op {type!r} is registered (is tapeviz.ops imported?)") from None

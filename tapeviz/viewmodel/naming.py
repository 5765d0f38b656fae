"""Names like the code's: what the user's source calls each value on a tape.

For the expression that ran an op (found from the recorded code object and instruction by the
`executing` library, which maps a frame position to its AST node) this gives

- the assignment target it feeds: `h = tf.nn.relu(z)` names the Relu output `h`;
- the source text of each input at the call site: `tf.matmul(X, W1)` names the inputs `X`
  and `W1`, `x * w + b` names the Mul's inputs `x` and `w`.

Everything is computed when a view asks, never while recording, and cached per code position.
`executing` comes with IPython; without it (or without the source) there are simply no names.
"""
import ast
import functools

from tapeviz.framework.context import source_of

MAX_TEXT = 40     # longer argument expressions are not used as names


class SiteNames:
    """What the code calls the result (`target`) and the inputs (`args`, by position) of one call."""

    __slots__ = ("target", "args", "text")

    def __init__(self, target=None, args=(), text=None):
        self.target, self.args, self.text = target, tuple(args), text

    def arg(self, i):
        return self.args[i] if i < len(self.args) else None

    def __repr__(self):
        return f"SiteNames(target={self.target!r}, args={self.args!r})"


NONE = SiteNames()


def names_at(site):
    """The SiteNames of a recorded site `(code, last instruction)` (NONE when unknown)."""
    if site is None:
        return NONE
    code, lasti = site
    try:
        return _names_at(code, lasti)
    except TypeError:           # an unhashable code position (never expected): no names
        return NONE


@functools.lru_cache(maxsize=4096)
def _names_at(code, lasti):
    node = _executing_node(code, lasti)
    if node is None:
        return NONE
    return SiteNames(_target_of(node), _args_of(node), _text(node))


class _Position:
    """The parts of a frame that `executing` reads, without keeping the frame (or its locals)."""

    def __init__(self, code, lasti):
        self.f_code, self.f_lasti = code, lasti
        self.f_lineno = source_of((code, lasti))[1]
        self.f_globals = {}


def _executing_node(code, lasti):
    try:
        import executing
    except ImportError:
        return None
    try:
        node = executing.Source.executing(_Position(code, lasti)).node
    except Exception:  # noqa: BLE001  (a source executing cannot read: the value stays unnamed)
        return None
    return node


def _target_of(node):
    """The name the statement around `node` assigns its value to, if `node` is that value (or
    the last operation of it: `y = x @ W + b` names the Add, not the MatMul)."""
    parent = getattr(node, "parent", None)
    if isinstance(parent, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and parent.value is node:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        if len(targets) == 1:
            return _short(targets[0])
    if isinstance(parent, ast.NamedExpr) and parent.value is node:
        return _short(parent.target)
    if isinstance(parent, ast.Return) and parent.value is node:
        return None
    return None


def _args_of(node):
    if isinstance(node, ast.Call):
        return [_short(a) for a in node.args]
    if isinstance(node, ast.BinOp):
        return [_short(node.left), _short(node.right)]
    if isinstance(node, ast.UnaryOp):
        return [_short(node.operand)]
    if isinstance(node, ast.Compare) and len(node.comparators) == 1:
        return [_short(node.left), _short(node.comparators[0])]
    if isinstance(node, ast.Subscript):
        return [_short(node.value)]
    return []


def _short(node):
    """The source text of `node` when it is short enough to serve as a name."""
    text = _text(node)
    return text if text is not None and len(text) <= MAX_TEXT else None


def _text(node):
    try:
        return ast.unparse(node)
    except (AttributeError, ValueError, TypeError):
        return None

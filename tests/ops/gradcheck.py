"""The finite-difference gradient check that every differentiable op goes through.

Each test module lists `case(...)`s in a table named GRAD_CASES; `test_gradcheck.py` collects the
tables of every `tests/ops/test_grad_*.py` module and checks each case in float64, first order
always and second order where `order=2` (elementwise ops).
"""
import numpy as np

import tapeviz as tf

REAL = "real"            # domains for the random inputs
POSITIVE = "positive"    # strictly positive, away from 0
UNIT = "unit"            # inside (-1, 1), away from the ends
AWAY_FROM_ZERO = "away"  # |x| in (0.5, 2), random sign: kinks at 0 are avoided


class Case:
    def __init__(self, fn, shapes, order=1, domain=REAL, name=None, ops=(), eps=1e-6, tol=1e-5, args=None):
        self.fn, self.shapes, self.order, self.domain = fn, shapes, order, domain
        self.name = name or getattr(fn, "__name__", repr(fn))
        self.ops = tuple(ops)      # the registered op types this case exercises (coverage test)
        self.eps, self.tol, self.args = eps, tol, args

    def __repr__(self):
        return f"case({self.name})"


def case(fn, shapes=((3, 4),), **kwargs):
    """A gradient-check case: `fn(*tensors)` on inputs of `shapes` (a list of input shape tuples,
    or a list of such lists to try several configurations)."""
    return Case(fn, shapes, **kwargs)


def draw(shape, domain, rng):
    return np.array(_draw(shape, domain, rng), dtype=np.float64)   # 0-d stays an array


def _draw(shape, domain, rng):
    x = rng.standard_normal(shape)
    if domain == POSITIVE:
        return np.abs(x) + 0.5
    if domain == UNIT:
        return np.tanh(x) * 0.8
    if domain == AWAY_FROM_ZERO:
        return np.sign(x + 1e-9) * (np.abs(x) % 1.5 + 0.5)
    return x


def configurations(c):
    shapes = c.shapes
    if shapes and isinstance(shapes[0], tuple) and all(isinstance(d, int) for d in shapes[0]):
        return [list(shapes)]
    if shapes and isinstance(shapes[0], tuple) and shapes[0] == ():
        return [list(shapes)]
    return [list(s) for s in shapes]


def _scalarize(fn, weights):
    def f(*xs):
        y = fn(*xs)
        ys = y if isinstance(y, (list, tuple)) else [y]
        total = None
        for yi, w in zip(ys, weights):
            term = tf.reduce_sum(yi * tf.constant(w))
            total = term if total is None else total + term
        return total
    return f


def _numeric_grad(f, arrays, eps):
    grads = []
    for i, a in enumerate(arrays):
        g = np.zeros_like(a)
        flat = a.reshape(-1)
        for j in range(flat.size):
            old = flat[j]
            flat[j] = old + eps
            plus = float(f(*[tf.constant(x) for x in arrays]))
            flat[j] = old - eps
            minus = float(f(*[tf.constant(x) for x in arrays]))
            flat[j] = old
            g.reshape(-1)[j] = (plus - minus) / (2 * eps)
        grads.append(g)
    return grads


def grad(f, value):
    """The tape gradient of `f` at the constant `value` (a watched tf.constant)."""
    x = tf.constant(value)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape.gradient(y, x)


def _tape_grad(f, arrays):
    xs = [tf.constant(a) for a in arrays]
    with tf.GradientTape() as tape:
        tape.watch(xs)
        y = f(*xs)
    return [None if g is None else np.asarray(tf.convert_to_tensor(g)) for g in tape.gradient(y, xs)]


def check(c, rng):
    """Asserts the tape gradient of `c` matches central differences (and second order)."""
    for shapes in configurations(c):
        arrays = [draw(s, c.domain, rng) for s in shapes]
        out = c.fn(*[tf.constant(a) for a in arrays])
        outs = out if isinstance(out, (list, tuple)) else [out]
        weights = [rng.standard_normal(np.shape(o)) for o in outs]
        f = _scalarize(c.fn, weights)
        analytic = _tape_grad(f, arrays)
        numeric = _numeric_grad(f, arrays, c.eps)
        for k, (a, n) in enumerate(zip(analytic, numeric)):
            assert a is not None, f"{c.name}: gradient w.r.t. input {k} is None"
            assert a.shape == n.shape, f"{c.name}: gradient shape {a.shape} != {n.shape}"
            np.testing.assert_allclose(a, n, rtol=c.tol, atol=c.tol,
                                       err_msg=f"{c.name} input {k} shapes {shapes}")
        if c.order >= 2:
            _check_second_order(c, f, arrays, rng)


def _check_second_order(c, f, arrays, rng):
    directions = [rng.standard_normal(a.shape) for a in arrays]

    def directional(*xs):
        with tf.GradientTape() as inner:
            inner.watch(list(xs))
            y = f(*xs)
        gs = inner.gradient(y, list(xs), unconnected_gradients="zero")
        total = None
        for g, d in zip(gs, directions):
            term = tf.reduce_sum(tf.convert_to_tensor(g) * tf.constant(d))
            total = term if total is None else total + term
        return total

    xs = [tf.constant(a) for a in arrays]
    with tf.GradientTape() as outer:
        outer.watch(xs)
        h = directional(*xs)
    analytic = [np.asarray(tf.convert_to_tensor(g)) for g in outer.gradient(h, xs, unconnected_gradients="zero")]
    numeric = _numeric_grad(directional, arrays, c.eps * 10)
    for k, (a, n) in enumerate(zip(analytic, numeric)):
        np.testing.assert_allclose(a, n, rtol=1e-4, atol=1e-4,
                                   err_msg=f"{c.name} second order, input {k}")

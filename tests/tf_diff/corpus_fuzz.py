"""Generated calls of the issue-12 ops with random dtypes, shapes and special values.

A seeded generator (the same list every run, so recorded results stay valid) draws, for each op,
inputs of every dtype (including ones the op rejects), shapes `()`, empty, vectors, matrices and
non-broadcastable pairs, values with nan, +-inf, -0.0, huge and zero divisors, mixed dtypes, and
a gradient of the float cases. Messages are compared except where TF raises NotFoundError, whose
message lists every kernel TF registered (`msg=False` there).
"""
import random

from tests.tf_diff.corpus import S

_DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16",
           "uint32", "uint64", "complex64", "complex128", "bool"]
_INT_RANGE = {"int8": (-128, 127), "int16": (-300, 300), "int32": (-10**6, 10**6),
              "int64": (-10**12, 10**12), "uint8": (0, 255), "uint16": (0, 1000),
              "uint32": (0, 10**6), "uint64": (0, 10**9)}
_SPECIAL = ["float('nan')", "float('inf')", "-float('inf')", "-0.0", "0.0", "1e30", "-1e30"]
_SHAPES = [(), (0,), (3,), (2, 3), (1, 3)]
_BAD_PAIRS = [((2,), (3,)), ((2, 3), (3, 2)), ((4,), (2, 2))]

# op: (call template, arity, TF raises NotFoundError for these dtypes)
_OPS = {
    "left_shift": ("tf.bitwise.left_shift({0}, {1})", 2, ()),
    "right_shift": ("tf.bitwise.right_shift({0}, {1})", 2, ()),
    "truncatediv": ("tf.truncatediv({0}, {1})", 2, ("complex64", "complex128")),
    "truncatemod": ("tf.truncatemod({0}, {1})", 2, ("float16",)),
    "xlog1py": ("tf.math.xlog1py({0}, {1})", 2, ()),
    "log_sigmoid": ("tf.math.log_sigmoid({0})", 1, ()),
    "reciprocal_no_nan": ("tf.math.reciprocal_no_nan({0})", 1, ()),
}
_DIFFERENTIABLE = ("xlog1py", "log_sigmoid", "reciprocal_no_nan", "truncatediv", "truncatemod")


def _value(rng, dtype, divisor=False, finite=False):
    if dtype == "bool":
        return rng.choice(["True", "False"])
    if dtype in _INT_RANGE:
        lo, hi = _INT_RANGE[dtype]
        if divisor and rng.random() < 0.3:
            return "0"
        if rng.random() < 0.3:                 # small values: shifts inside [0, bits)
            return str(rng.randint(max(lo, -3), 9))
        return str(rng.randint(lo, hi))
    v = repr(round(rng.uniform(-5, 5), 3))
    if rng.random() < 0.3:
        v = rng.choice(_SPECIAL[3:] if finite else _SPECIAL)
        v = v if dtype != "float16" or "1e30" not in v else "6e4"
    # always complex(...): a list mixing floats and complex numbers is a ValueError in tf.constant
    return f"complex({v}, {round(rng.uniform(-2, 2), 3)!r})" if dtype.startswith("complex") else v


def _nested(flat, shape):
    if not shape:
        return flat[0]
    step = len(flat) // shape[0]
    return "[" + ", ".join(_nested(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])) + "]"


def _tensor(rng, dtype, shape, divisor=False, finite=False):
    size = 1
    for d in shape:
        size *= d
    if size == 0:
        return "tf.constant([], dtype=tf.%s)" % dtype if len(shape) == 1 \
            else f"tf.cast(tf.zeros({list(shape)}), tf.{dtype})"
    flat = [_value(rng, dtype, divisor, finite) for _ in range(size)]
    return f"tf.constant({_nested(flat, shape)}, dtype=tf.{dtype})"


def _snippet(rng, name, op, dtypes, shapes, grad):
    template, arity, no_kernel = _OPS[op]
    args = [_tensor(rng, dt, sh, divisor=i == 1) for i, (dt, sh) in enumerate(zip(dtypes, shapes))]
    lines = [f"x{i} = {a}" for i, a in enumerate(args)]
    call = template.format(*[f"x{i}" for i in range(arity)])
    if grad:
        watched = ", ".join(f"x{i}" for i in range(arity))
        lines += ["with tf.GradientTape() as t:", f"    t.watch([{watched}])", f"    y = {call}",
                  f"result = [y, t.gradient(y, [{watched}])]"]
    else:
        lines.append(f"result = {call}")
    # TF's float16 kernels round some intermediates differently: a last-place difference is allowed
    rtol = 2e-3 if dtypes[0] == "float16" else 1e-5
    return S(name, "\n".join(lines), msg=dtypes[0] not in no_kernel, rtol=rtol)


def generate(seed=12, per_op=60):
    """The generated snippets: `per_op` random calls of each op, then its bad-argument cases."""
    rng = random.Random(seed)
    snippets = []
    for op, (_, arity, _) in _OPS.items():
        for i in range(per_op):
            dtype = rng.choice(_DTYPES)
            if arity == 2 and rng.random() < 0.1:       # mixed dtypes
                dtypes = [dtype, rng.choice(_DTYPES)]
            else:
                dtypes = [dtype] * arity
            if arity == 2 and rng.random() < 0.1:
                shapes = list(rng.choice(_BAD_PAIRS))
            elif arity == 2 and rng.random() < 0.3:
                shapes = [rng.choice(_SHAPES), ()]
            else:
                shapes = [rng.choice(_SHAPES)] * arity
            grad = op in _DIFFERENTIABLE and dtype in ("float32", "float64") and rng.random() < 0.4
            snippets.append(_snippet(rng, f"fuzz.{op}.{i}", op, dtypes, shapes, grad))
    return snippets


_MATRIX_DTYPES = ["float32", "float64", "float16", "complex64", "int32", "bool"]
_MATRIX_SHAPES = [(2, 2), (3, 3), (2, 3, 3), (0, 0), (2, 3), (3,), ()]


def _matrix_snippets(rng, count):
    """Random calls of the tf.linalg ops: non-square, wrong rank, integer and bool inputs,
    singular matrices, band widths out of range, gradients. Entries stay finite (nan and inf
    excluded): LAPACK and TF's Eigen kernels spread them through a factorization differently."""
    snippets = []
    for i in range(count):
        dtype = rng.choice(_MATRIX_DTYPES)
        shape = rng.choice(_MATRIX_SHAPES)
        a = _tensor(rng, dtype, shape, finite=True)
        op = rng.choice(["band_part", "cholesky", "solve", "slogdet", "logdet"])
        if op == "band_part":
            lo, hi = rng.randint(-2, 4), rng.randint(-2, 4)
            call = f"tf.linalg.band_part(a, {lo}, {hi})"
        elif op == "solve":
            rhs_shape = rng.choice([shape[:-1] + (1,), shape[:-1] + (2,), (2, 1), (1,)]) if shape else (2, 1)
            call = f"tf.linalg.solve(a, {_tensor(rng, dtype, rhs_shape, finite=True)})"
        elif op in ("cholesky", "logdet") and dtype.startswith("float") and len(shape) >= 2 \
                and shape[-1] == shape[-2] and rng.random() < 0.7:
            # symmetric positive definite: a @ a^T + n I (a failed factorization's values are
            # whatever TF's kernel left behind, not comparable)
            call = f"tf.linalg.{op}(tf.matmul(a, a, adjoint_b=True) + {shape[-1]}.0 * tf.eye({shape[-1]}, dtype=a.dtype))"
        elif op in ("cholesky", "logdet"):
            call = f"tf.linalg.{op}(a[..., :0, :0] if a.shape.rank and a.shape.rank >= 2 else a)"
        else:
            call = f"tf.linalg.slogdet(a)"
        grad = dtype == "float64" and len(shape) >= 2 and rng.random() < 0.5
        lines = [f"a = {a}"]
        if grad:
            lines += ["with tf.GradientTape() as t:", "    t.watch(a)", f"    y = {call}",
                      "result = [y, t.gradient(y, a)]"]
        else:
            lines.append(f"result = {call}")
        # float16: NotFoundError, whose message lists TF's kernels
        snippets.append(S(f"fuzz.linalg.{op}.{i}", "\n".join(lines), msg=dtype != "float16",
                          rtol=1e-4, atol=1e-5))
    return snippets


_ARRAY_CALLS = [
    "tf.math.top_k(x, k={k})", "tf.one_hot(tf.constant([0, 2, -1]), {k})", "tf.gather(x, {k})",
    "tf.reverse(x, [{k}])", "tf.roll(x, 1, {k})", "tf.sort(x, axis={k})", "tf.fill([2], x)",
    "tf.sequence_mask([1, 3], {k})",
]


def _array_snippets(rng, count):
    """Existing array ops with random ranks, dtypes and out-of-range k, depth, index and axis."""
    snippets = []
    for i in range(count):
        dtype = rng.choice(["float32", "int32", "float64", "uint8"])
        shape = rng.choice([(), (0,), (3,), (2, 3)])
        call = rng.choice(_ARRAY_CALLS).format(k=rng.randint(-3, 3))
        snippets.append(S(f"fuzz.array.{call.split('(')[0].split('.')[-1]}.{i}",
                          f"x = {_tensor(rng, dtype, shape, finite=True)}\nresult = {call}"))
    return snippets


SNIPPETS = generate() + _matrix_snippets(random.Random(21), 120) + _array_snippets(random.Random(3), 120)

"""Generated calls of the second batch of issue-12 ops (corpus_ops2.py holds the hand-picked ones).

A seeded generator (the same list every run, so recorded results stay valid) draws, for each op
family, inputs of random dtypes (including ones the op rejects), shapes (scalars, empty, odd
sizes), special values (nan, +-inf, -0.0, huge), and wrong arguments (ids out of range or
unsorted, bad ranks, zero strides, masks that clash), with a gradient for some float cases.
Where TF raises NotFoundError, whose message lists every registered kernel, only the type is
compared.
"""
import random

from tests.tf_diff.corpus import S
from tests.tf_diff.corpus_fuzz import _tensor

_FLOATS = ["float16", "float32", "float64"]
_SOME = ["float32", "float64", "float16", "int32", "int64", "uint8", "complex64", "bool"]


def _with_grad(call, watch, grad):
    if not grad:
        return f"result = {call}"
    return (f"with tf.GradientTape() as t:\n    t.watch({watch})\n    y = {call}\n"
            f"result = [y, t.gradient(y, {watch})]")


def _special(rng, count):
    """lgamma, digamma, erfinv, polygamma, zeta on random dtypes and special values."""
    out = []
    for i in range(count):
        op = rng.choice(["lgamma", "digamma", "erfinv", "polygamma", "zeta"])
        dtype = rng.choice(_FLOATS * 3 + ["int32", "complex64"])
        shape = rng.choice([(), (0,), (4,), (2, 3)])
        x = _tensor(rng, dtype, shape)
        if op in ("polygamma", "zeta"):
            first = _tensor(rng, dtype, rng.choice([shape, ()]))
            if op == "polygamma" and dtype.startswith("float") and rng.random() < 0.7:
                first = f"tf.constant({rng.choice([0., 1., 2., 3.])}, tf.{dtype})"
            call, watch = f"tf.math.{op}(a, x)", "x"
            code = f"a = {first}\nx = {x}\n"
        elif op == "erfinv":
            call, watch = "tf.math.erfinv(x)", "x"
            code = f"x = tf.math.tanh({x})\n" if dtype.startswith("float") and rng.random() < 0.6 else f"x = {x}\n"
        else:
            call, watch = f"tf.math.{op}(x)", "x"
            code = f"x = {x}\n"
        grad = dtype == "float64" and rng.random() < 0.4
        # float16 results are computed in float32 by TF, float64 here: a last-place difference
        rtol = {"float16": 2e-3, "float32": 1e-4}.get(dtype, 1e-6)
        out.append(S(f"fuzz2.{op}.{i}", code + _with_grad(call, watch, grad),
                     msg=not (op == "erfinv" and dtype == "float16"), rtol=rtol, atol=1e-5))
    return out


_SEGMENT_OPS = ["segment_max", "segment_min", "segment_prod", "segment_mean", "unsorted_segment_max",
                "unsorted_segment_min", "unsorted_segment_prod", "unsorted_segment_mean", "unsorted_segment_sqrt_n"]


def _segments(rng, count):
    out = []
    for i in range(count):
        op = rng.choice(_SEGMENT_OPS)
        dtype = rng.choice(["float32", "float64", "int32", "int64", "uint8", "complex64", "float16"])
        n = rng.choice([0, 1, 4, 5])
        rows = (n,) + rng.choice([(), (2,)])
        data = _tensor(rng, dtype, rows)
        kind = rng.random()
        if kind < 0.6:
            ids = sorted(rng.randint(0, 3) for _ in range(n))
        elif kind < 0.8:
            ids = [rng.randint(-1, 4) for _ in range(n)]
        else:
            ids = [rng.randint(0, 3) for _ in range(max(n + rng.choice([-1, 1]), 0))]
        id_dtype = rng.choice(["int32", "int32", "int64", "float32"])
        ids_code = f"tf.constant({ids}, tf.{id_dtype})" if ids else f"tf.constant([], tf.{id_dtype})"
        if op.startswith("unsorted"):
            call = f"tf.math.{op}(x, {ids_code}, {rng.choice([0, 2, 4, 5, -1])})"
        else:
            call = f"tf.math.{op}(x, {ids_code})"
        grad = dtype == "float64" and n and rng.random() < 0.4
        rtol = 2e-3 if dtype == "float16" else 1e-5
        # with both dtypes wrong, TF reports T or Tindices first at random (its attrs come from a set)
        both_wrong = id_dtype == "float32" and (dtype == "complex64" and "max" in op or "min" in op and dtype == "complex64")
        out.append(S(f"fuzz2.{op}.{i}", f"x = {data}\n" + _with_grad(call, "x", grad), rtol=rtol, msg=not both_wrong))
    return out


def _counting(rng, count):
    """bincount, cumulative_logsumexp, in_top_k, confusion_matrix, histogram_fixed_width."""
    out = []
    for i in range(count):
        op = rng.choice(["bincount", "cumulative_logsumexp", "in_top_k", "confusion_matrix", "histogram"])
        if op == "bincount":
            arr = [rng.randint(-1 if rng.random() < 0.2 else 0, 6) for _ in range(rng.choice([0, 3, 6]))]
            args = rng.choice(["", ", minlength=8", ", maxlength=3", ", dtype=tf.float32", ", binary_output=True",
                               f", weights=tf.constant({[round(rng.uniform(-2, 2), 2) for _ in arr]})"])
            dt = rng.choice(["int32", "int64"])
            code = f"result = tf.math.bincount(tf.constant({arr}, tf.{dt}){args})"
            grad_ok = False
        elif op == "cumulative_logsumexp":
            dtype = rng.choice(["float32", "float64", "float64", "int32"])
            shape = rng.choice([(4,), (2, 3), (0,), ()])
            axis = rng.choice([0, -1, 1, 2])
            flags = rng.choice(["", ", exclusive=True", ", reverse=True", ", exclusive=True, reverse=True"])
            code = f"x = {_tensor(rng, dtype, shape)}\n"
            grad_ok = dtype == "float64" and rng.random() < 0.5
            code += _with_grad(f"tf.math.cumulative_logsumexp(x, axis={axis}{flags})", "x", grad_ok)
        elif op == "in_top_k":
            b, c = rng.choice([(2, 3), (3, 4), (1, 1), (0, 3)])
            dtype = rng.choice(["float32", "float32", "float64"])
            targets = [rng.randint(-1, c) for _ in range(b if rng.random() < 0.9 else b + 1)]
            code = (f"result = tf.math.in_top_k(tf.constant({targets}, tf.int32), "
                    f"{_tensor(rng, dtype, (b, c))}, {rng.randint(-1, 3)})")
        elif op == "confusion_matrix":
            n = rng.choice([2, 4])
            labels = [rng.randint(-1 if rng.random() < 0.2 else 0, 3) for _ in range(n)]
            preds = [rng.randint(0, 4) for _ in range(n)]
            num = rng.choice(["", ", num_classes=4", ", num_classes=3", ", dtype=tf.float64"])
            code = f"result = tf.math.confusion_matrix({labels}, {preds}{num})"
        else:
            dtype = rng.choice(["float32", "float64", "int32", "float16"])
            x = _tensor(rng, dtype, rng.choice([(5,), (2, 3), ()]))
            lo, hi = rng.choice([(0, 5), (-2, 2), (3, 1), (0, 1)])
            nbins = rng.choice([1, 3, 5, 0])
            code = (f"x = {x}\nresult = tf.histogram_fixed_width(x, tf.constant([{lo}, {hi}], x.dtype), "
                    f"nbins={nbins})")
        out.append(S(f"fuzz2.{op}.{i}", code, rtol=1e-4, atol=1e-5))
    return out


def _linalg(rng, count):
    """qr, svd, eigh, set_diag, cross, lstsq, pinv on random shapes and dtypes, compared through
    sign-free quantities (factor signs are a convention). Entries stay finite and moderate (no
    nan, inf or 1e30): how LAPACK and Eigen overflow inside a factorization is not compared."""
    out = []
    for i in range(count):
        op = rng.choice(["qr", "svd", "eigh", "set_diag", "cross", "lstsq", "pinv"])
        dtype = rng.choice(["float32", "float64", "float64", "int32", "float16"])
        shape = rng.choice([(3, 3), (4, 2), (2, 4), (2, 3, 3), (3,), (0, 0)])
        a = _tensor(rng, dtype, shape, finite=True).replace("1e30", "3.5")
        if op == "qr":
            full = rng.random() < 0.3
            call = f"[tf.abs(v) for v in tf.linalg.qr(a, full_matrices={full})]"
        elif op == "svd":
            call = rng.choice(["tf.linalg.svd(a, compute_uv=False)",
                               "[tf.abs(v) for v in tf.linalg.svd(a)]"])
        elif op == "eigh":
            call = rng.choice(["tf.linalg.eigvalsh(a + tf.linalg.matrix_transpose(a))",
                               "tf.linalg.eigh(a)[0]"])
        elif op == "set_diag":
            dshape = rng.choice([shape[:-2] + (min(shape[-2:]),) if len(shape) >= 2 else (2,), (5,)])
            call = f"tf.linalg.set_diag(a, {_tensor(rng, dtype, dshape, finite=True)}, k={rng.choice([0, 0, 1, -1])})"
        elif op == "cross":
            bshape = rng.choice([(3,), (2, 3), (4,), shape])
            a = _tensor(rng, dtype, rng.choice([(3,), (2, 3), shape]), finite=True)
            call = f"tf.linalg.cross(a, {_tensor(rng, dtype, bshape, finite=True)})"
        elif op == "lstsq":
            rows = shape[-2] if len(shape) >= 2 else 2
            call = f"tf.linalg.lstsq(a, {_tensor(rng, dtype, shape[:-2] + (rows, 1), finite=True)}, l2_regularizer=0.1)"
        else:
            call = "tf.linalg.pinv(a)"
        grad = dtype == "float64" and op in ("set_diag", "cross", "svd") and rng.random() < 0.4
        if grad:
            call = call.replace("[tf.abs(v) for v in tf.linalg.svd(a)]", "tf.linalg.svd(a, compute_uv=False)")
        out.append(S(f"fuzz2.linalg.{op}.{i}", f"a = {a}\n" + _with_grad(call, "a", grad),
                     msg=dtype != "float16", rtol=1e-3 if dtype in ("float32", "float16") else 1e-6, atol=1e-3))
    return out


def _nn(rng, count):
    """conv1d/2d/3d, conv2d_transpose, depthwise_conv2d, the pools, space_to_depth on random
    geometry: strides, dilations, SAME/VALID, windows larger than the input, wrong ranks."""
    out = []
    for i in range(count):
        op = rng.choice(["conv1d", "conv3d", "conv2d_transpose", "depthwise", "max_pool", "avg_pool",
                         "space_to_depth", "depth_to_space"])
        dtype = rng.choice(["float32", "float32", "float64", "int32", "float16"])
        pad = rng.choice(["'SAME'", "'VALID'"])
        s, k, d = rng.choice([1, 2, 3]), rng.choice([1, 2, 3]), rng.choice([1, 1, 2])
        if op == "conv1d":
            x = f"tf.cast(tf.reshape(tf.range(2 * 6 * 2), [2, 6, 2]), tf.{dtype})"
            call = f"tf.nn.conv1d(x, tf.ones([{k}, {rng.choice([2, 3])}, 2], tf.{dtype}), {s}, {pad}, dilations={d})"
        elif op == "conv3d":
            x = f"tf.cast(tf.reshape(tf.range(60), [1, 3, 4, 5, 1]), tf.{dtype})"
            call = (f"tf.nn.conv3d(x, tf.ones([{k}, 2, 1, 1, 2], tf.{dtype}), [1, {s}, 1, {s}, 1], {pad}, "
                    f"dilations=[1, {d}, 1, 1, 1])")
        elif op == "conv2d_transpose":
            x = f"tf.cast(tf.reshape(tf.range(2 * 3 * 3 * 2), [2, 3, 3, 2]), tf.{dtype})"
            size = rng.choice([3 * s, 3 * s - 1, 3 + k - 1, 3])
            call = (f"tf.nn.conv2d_transpose(x, tf.ones([{k}, {k}, 1, 2], tf.{dtype}), [2, {size}, {size}, 1], {s}, "
                    f"{pad})")
        elif op == "depthwise":
            x = f"tf.cast(tf.reshape(tf.range(2 * 5 * 4 * 2), [2, 5, 4, 2]), tf.{dtype})"
            call = (f"tf.nn.depthwise_conv2d(x, tf.ones([{k}, 2, {rng.choice([2, 2, 3])}, 2], tf.{dtype}), "
                    f"[1, {s}, {s}, 1], {pad}, dilations=[{d}, 1])")
        elif op in ("max_pool", "avg_pool"):
            rank = rng.choice([3, 4, 5, 2])
            shape = [2, 5, 4, 3, 2][:rank - 1] + [2]
            size = 1
            for n in shape:
                size *= n
            x = f"tf.cast(tf.reshape(tf.sin(tf.range({size}, dtype=tf.float64)) * 10, {shape}), tf.{dtype})"
            call = f"tf.nn.{op}(x, {rng.choice([k, [k] * max(rank - 2, 1), [1] + [k] * 3])}, {s}, {pad})"
            if rank == 5:
                # TF's MaxPool3D gradient fails (AttributeError) when tf.nn.max_pool passes data_format=None
                call = call[:-1] + ", data_format='NDHWC')"
        else:
            shape = rng.choice([[1, 4, 4, 4], [2, 2, 6, 8], [1, 3, 3, 1], [2, 4, 4]])
            size = 1
            for n in shape:
                size *= n
            x = f"tf.cast(tf.reshape(tf.range({size}), {shape}), tf.{dtype})"
            call = f"tf.nn.{op}(x, {rng.choice([2, 2, 1, 3])})"
        grad = dtype in ("float32", "float64") and rng.random() < 0.35
        out.append(S(f"fuzz2.nn.{op}.{i}", f"x = {x}\n" + _with_grad(call, "x", grad),
                     msg=not (dtype == "float16" and op == "avg_pool"), rtol=1e-3 if dtype == "float16" else 1e-5,
                     atol=1e-4))
    return out


def _array(rng, count):
    """strided_slice with random masks, unravel_index, reverse_sequence, unique_with_counts and
    the tensor_scatter_nd family with wrong indices, shapes and dtypes."""
    out = []
    for i in range(count):
        op = rng.choice(["strided_slice", "strided_slice", "unravel_index", "reverse_sequence", "unique_with_counts",
                         "scatter"])
        if op == "strided_slice":
            n = rng.randint(1, 4)
            begin = [rng.randint(-5, 5) for _ in range(n)]
            end = [rng.randint(-5, 6) for _ in range(n)]
            strides = [rng.choice([1, 1, 2, -1, -2, 0]) for _ in range(n)]
            masks = ", ".join(f"{m}={rng.choice([0, 0, rng.randint(0, 2 ** n - 1)])}"
                              for m in ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                                        "shrink_axis_mask"))
            code = (f"x = tf.reshape(tf.range(60.), [3, 4, 5])\n"
                    + _with_grad(f"tf.strided_slice(x, {begin}, {end}, {strides}, {masks})", "x", rng.random() < 0.3))
        elif op == "unravel_index":
            idx = rng.choice([[rng.randint(-2, 25) for _ in range(3)], rng.randint(0, 24)])
            dims = rng.choice([[4, 6], [2, 3, 4], [0, 3], [5]])
            code = f"result = tf.unravel_index({idx}, {dims})"
        elif op == "reverse_sequence":
            lengths = [rng.randint(-1, 5) for _ in range(rng.choice([3, 3, 2]))]
            seq, batch = rng.choice([(1, 0), (0, 1), (2, 0), (1, 1), (1, 2)])
            code = ("x = tf.reshape(tf.range(36.), [3, 4, 3])\n"
                    + _with_grad(f"tf.reverse_sequence(x, {lengths}, seq_axis={seq}, batch_axis={batch})", "x",
                                 rng.random() < 0.3))
        elif op == "unique_with_counts":
            dtype = rng.choice(["float32", "int32", "int64", "uint8", "float64"])
            code = f"result = tf.unique_with_counts({_tensor(rng, dtype, rng.choice([(6,), (0,), (2, 2)]))}, " \
                   f"out_idx=tf.{rng.choice(['int32', 'int64'])})"
        else:
            which = rng.choice(["sub", "min", "max"])
            dtype = rng.choice(["float32", "float64", "int32", "uint8", "bool"])
            idx = rng.choice([[[0], [2], [0]], [[1], [4]], [[0, 1], [2, 0]], [[-1]]])
            k = len(idx[0])
            ushape = (len(idx),) + (() if k == 2 else (2,))
            if rng.random() < 0.15:
                ushape = (len(idx) + 1,)
            code = (f"x = {_tensor(rng, dtype, (3, 2), finite=True)}\nu = {_tensor(rng, dtype, ushape, finite=True)}\n"
                    + _with_grad(f"tf.tensor_scatter_nd_{which}(x, {idx}, u)", "[x, u]",
                                 dtype == "float64" and rng.random() < 0.4))
            out.append(S(f"fuzz2.scatter.{which}.{i}", code, msg=dtype != "bool"))
            continue
        out.append(S(f"fuzz2.{op}.{i}", code))
    return out


def _ctc(rng, count):
    """ctc_loss on random dense labels (repeats included), label and logit lengths, blank index
    and layout, with its gradient. Logit lengths stay feasible (>= 2L + 1): for an impossible
    alignment TF's dense kernel returns a large finite number from its log-space arithmetic,
    which tapeviz gives as inf."""
    out = []
    for i in range(count):
        batch, classes, max_len = rng.randint(1, 3), rng.randint(3, 5), rng.randint(1, 3)
        lengths = [rng.randint(0, max_len) for _ in range(batch)]
        blank = rng.choice([None, 0, -1, 1])
        blank_value = 0 if blank is None else blank % classes
        pool = [c for c in range(classes) if c != blank_value]
        labels = [[rng.choice(pool) if j < n else 0 for j in range(max_len)] for n in lengths]
        steps = 2 * max_len + 1 + rng.randint(0, 2)
        logit_lengths = [rng.randint(2 * n + 1, steps) for n in lengths]
        major = rng.random() < 0.7
        shape = [steps, batch, classes] if major else [batch, steps, classes]
        size = steps * batch * classes
        code = (f"x = tf.reshape(tf.sin(tf.range({size}, dtype=tf.float32) * {rng.uniform(0.3, 2.0):.3f}) * 3, "
                f"{shape})\n")
        call = (f"tf.nn.ctc_loss(tf.constant({labels}), x, tf.constant({lengths}), tf.constant({logit_lengths}), "
                f"logits_time_major={major}, blank_index={blank})")
        out.append(S(f"fuzz2.ctc_loss.{i}", code + _with_grad(call, "x", rng.random() < 0.6), rtol=1e-4, atol=1e-5))
    return out


SNIPPETS = (_ctc(random.Random(37), 30) + _special(random.Random(31), 120) + _segments(random.Random(32), 120) + _counting(random.Random(33), 120)
            + _linalg(random.Random(34), 100) + _nn(random.Random(35), 100) + _array(random.Random(36), 140))

"""tf.random.stateless_binomial, bit for bit: inversion and BTRS, both halves of p, dtypes."""
from tests.tf_diff.corpus import S


def _exact(name, code):
    return S(name, code, rtol=0, atol=0)


def _snippets():
    out = []
    params = "counts = {c}\nprobs = {p}\n"
    cases = [
        ("small", "[5.0, 20.0, 100.0, 7.0]", "[0.3, 0.2, 0.05, 0.9]"),
        ("btrs", "[50.0, 200.0, 1000.0, 80.0]", "[0.4, 0.5, 0.75, 0.95]"),
        ("edges", "[0.0, 10.0, 10.0, -3.0]", "[0.5, 0.0, 1.0, 0.5]"),
        ("huge", "[1e6, 12345.0, 30.0, 40.0]", "[0.5, 0.001, 0.34, 0.25]"),
    ]
    for tag, c, p in cases:
        for dt in ("float32", "float64", "float16"):
            for odt in ("int32", "float32", "int64"):
                out.append(_exact(f"binomial.stateless.{tag}.{dt}.{odt}",
                                  params.format(c=f"tf.constant({c}, tf.{dt})", p=f"tf.constant({p}, tf.{dt})")
                                  + f"result = tf.random.stateless_binomial([6, 4], (3, 7), counts, probs, output_dtype=tf.{odt})"))
    for i, seed in enumerate(((1, 2), (0, 0), (-9, 12345))):
        out.append(_exact(f"binomial.stateless.seed{i}",
                          f"result = tf.random.stateless_binomial([30], {seed}, 40.0, 0.5)"))
        out.append(_exact(f"binomial.stateless.broadcast{i}",
                          f"result = tf.random.stateless_binomial([5, 2, 3], {seed}, [[10.0], [300.0]], [0.1, 0.5, 0.8])"))
    for i, (shape, c, p) in enumerate((("[10]", "20.0", "0.3"), ("[4, 3]", "[5.0, 50.0, 500.0]", "[0.2, 0.6, 0.97]"),
                                      ("[7, 2]", "tf.constant([3.0, 90.0], tf.float64)", "tf.constant([0.5, 0.5], tf.float64)"))):
        out.append(_exact(f"binomial.generator.{i}",
                          f"g = tf.random.Generator.from_seed({i + 3})\n"
                          f"result = [g.binomial({shape}, {c}, {p}), g.binomial({shape}, {c}, {p}, dtype=tf.float32), "
                          "g.state, g.normal([3])]"))
    out += [
        S("binomial.stateless.bad_shape", "result = tf.random.stateless_binomial([3], (1, 2), [1.0, 2.0], 0.5)"),
        S("binomial.stateless.bad_seed", "result = tf.random.stateless_binomial([3], (1, 2, 3), 1.0, 0.5)", msg=False),
        _exact("binomial.stateless.empty", "result = tf.random.stateless_binomial([0, 2], (1, 2), [1.0, 2.0], 0.5)"),
    ]
    return out


SNIPPETS = _snippets()

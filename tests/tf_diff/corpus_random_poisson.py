"""tf.random.poisson and tf.random.stateless_poisson, bit for bit: rates on both sides of the
Knuth/Hormann switch at 10, every rate and output dtype, stateful streams across calls."""
from tests.tf_diff.corpus import S

_RATES = "[0.05, 1.0, 4.5, 9.99, 10.0, 10.5, 37.25, 1000.0, 60000.0]"


def _exact(name, code):
    return S(name, code, rtol=0, atol=0)


def _snippets():
    out = []
    for rdt in ("float16", "float32", "float64"):
        for odt in ("float32", "int32", "int64", "float64", "float16"):
            out.append(_exact(f"poisson.stateful.{rdt}.{odt}",
                              f"tf.random.set_seed(7)\nlam = tf.constant({_RATES}, tf.{rdt})\n"
                              f"result = [tf.random.poisson([6], lam, dtype=tf.{odt}, seed=3), "
                              f"tf.random.poisson([2, 3], lam, dtype=tf.{odt}, seed=3)]"))
            out.append(_exact(f"poisson.stateless.{rdt}.{odt}",
                              f"lam = tf.constant({_RATES}, tf.{rdt})\n"
                              f"result = tf.random.stateless_poisson([7, 9], (4, 5), lam, dtype=tf.{odt})"))
    for i, seed in enumerate(((1, 2), (0, 0), (-5, 2**31 - 1), (123, 456))):
        out.append(_exact(f"poisson.stateless.seed{i}",
                          f"result = tf.random.stateless_poisson([50], {seed}, 3.0)"))
        out.append(_exact(f"poisson.stateless.big.seed{i}",
                          f"result = tf.random.stateless_poisson([40, 2], {seed}, [25.0, 4000.0], dtype=tf.float32)"))
    out += [
        _exact("poisson.stateful.python_rate", "tf.random.set_seed(2)\nresult = tf.random.poisson([20], 12.5, seed=1)"),
        _exact("poisson.stateful.matrix_rate", "tf.random.set_seed(3)\n"
               "result = tf.random.poisson([3], [[1.0, 20.0], [0.3, 55.0]], dtype=tf.int64)"),
        _exact("poisson.stateful.int_rate", "tf.random.set_seed(4)\nresult = tf.random.poisson([4], tf.constant([3, 30]), seed=9)"),
        _exact("poisson.stateless.int_rate", "result = tf.random.stateless_poisson([4, 2], (3, 3), tf.constant([3, 30]))"),
        _exact("poisson.stateless.scalar_shape", "result = tf.random.stateless_poisson([], (3, 3), 2.0)"),
        _exact("poisson.stateless.zero_rate", "result = tf.random.stateless_poisson([5], (3, 3), 0.0)"),
        _exact("poisson.stateful.empty", "tf.random.set_seed(4)\nresult = tf.random.poisson([0], [1.0, 2.0], seed=9)"),
        S("poisson.stateless.bad_shape", "result = tf.random.stateless_poisson([3], (3, 3), [1.0, 2.0])"),
        S("poisson.stateless.bad_dtype", "result = tf.random.stateless_poisson([3], (3, 3), 1.0, dtype=tf.uint8)", msg=False),
    ]
    return out


SNIPPETS = _snippets()

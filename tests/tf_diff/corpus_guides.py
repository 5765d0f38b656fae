"""What TensorFlow's own guides (basics, autodiff, advanced_autodiff, variable, tensor_slicing)
do that tapeviz did otherwise: a Variable as its own gradient target, `ResourceVariable` as the
type name, `tf.device` scopes, TensorShapes converted to tensors, and `tf.function` running its
Python body (its `print`s) only when TF would trace.
"""
from tests.tf_diff.corpus import S

_CAPTURE = """
import contextlib, io, sys
out = io.StringIO()
with contextlib.redirect_stdout(out):
{body}
result = out.getvalue()
"""


def _captured(body):
    return _CAPTURE.format(body="\n".join("    " + line for line in body.strip().splitlines()))


SNIPPETS = [
    # ---- a Variable as the target (autodiff guide: `result = v0` inside an if) -------------------
    S("target.variable_itself", """
        x = tf.constant(1.0)
        v0, v1 = tf.Variable(2.0), tf.Variable(2.0)
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(x)
            result = v0 if x > 0.0 else v1 ** 2
        result = tape.gradient(result, [v0, v1])
    """),
    S("target.variable_and_product", """
        v, w = tf.Variable(2.0), tf.Variable(3.0)
        with tf.GradientTape(persistent=True) as t:
            y = v * w
        result = [t.gradient(v, v), t.gradient(v, w), t.gradient([v, y], [v, w]), t.gradient({"a": v}, v)]
    """),
    S("target.variable_empty_tape", """
        v, w = tf.Variable(2.0), tf.Variable(3.0)
        with tf.GradientTape() as t:
            pass
        result = t.gradient(v, [v, w])
    """),
    S("type_names", """
        v = tf.Variable(2.0)
        result = [type(v).__name__, type(v.assign(3.0)).__name__, type(v + 1).__name__,
                  isinstance(v, tf.Variable)]
    """),
    # ---- tf.device ------------------------------------------------------------------------------
    *[S(f"device.{i}", f"""
        with tf.device({spec!r}):
            t = tf.constant([1.0]) * 2
        result = [t.device, t]
    """) for i, spec in enumerate(["CPU:0", "/CPU:0", "GPU:0", "/device:GPU:1", "cpu", None,
                                   "/job:localhost/replica:0/task:0/device:CPU:0"])],
    *[S(f"device.bad{i}", f"""
        with tf.device({spec!r}):
            result = tf.constant(1.0)
    """) for i, spec in enumerate(["XYZ", 3, "/CPU:0/GPU:0", "/job:a/foo:1"])],
    S("device.type_name", "result = type(tf.device('CPU:0')).__name__"),
    # ---- TensorShape as a tensor (advanced_autodiff: reduce_prod(kernel.shape)) ------------------
    S("shape.reduce_prod", "result = tf.reduce_prod(tf.TensorShape([5, 8]))"),
    S("shape.convert", "result = [tf.convert_to_tensor(tf.TensorShape([5, 8])), "
                       "tf.convert_to_tensor(tf.TensorShape([]))]"),
    S("shape.partial", "result = tf.convert_to_tensor(tf.TensorShape([None, 8]))"),
    S("shape.unknown", "result = tf.convert_to_tensor(tf.TensorShape(None))"),
    S("shape.int64", "result = tf.convert_to_tensor(tf.TensorShape([2, 3]), dtype=tf.int64)"),
    S("shape.in_ops", "result = [tf.zeros(tf.TensorShape([2])), tf.reshape(tf.range(6), tf.TensorShape([2, 3])), "
                      "tf.constant(tf.TensorShape([2, 3]))]"),
    # ---- tf.function: Python side effects once per trace -----------------------------------------
    S("function.prints_once_per_shape", _captured("""
@tf.function
def f(x):
    print("Tracing with", x.shape)
    return tf.reduce_sum(x)
print(f(tf.constant([1, 2])))
print(f(tf.constant([3, 4])))
print(f(tf.constant([1, 2, 3])))
print(f(tf.constant([1.0, 2.0])))
""")),
    S("function.python_values", _captured("""
@tf.function
def g(n):
    print("tracing g", n)
    return n * 2
print(g(2), g(2), g(3))
""")),
    S("function.method", _captured("""
class M(tf.Module):
    @tf.function
    def __call__(self, x):
        print("tracing method")
        return x + 1
m = M()
print(m(tf.constant(1.0)), m(tf.constant(2.0)))
""")),
    S("function.signature_traces_once", _captured("""
@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def h(x):
    print("tracing h")
    return x
h(tf.constant([1.0])); h(tf.constant([1.0, 2.0]))
""")),
    S("function.returns_tensors", """
        @tf.function
        def r(n):
            return n * 2, {"half": n / 2}, None
        result = r(3)
    """),
]

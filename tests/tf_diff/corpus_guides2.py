"""Second wave of TensorFlow's own guides under tapeviz (ragged_tensor, intro_to_modules,
function, the customization tutorials): what they do that tapeviz did otherwise.
"""
import textwrap

from tests.tf_diff.corpus import S

_EXAMPLES = """
def ex(**kw):
    def feat(v):
        if v and isinstance(v[0], bytes):
            return tf.train.Feature(bytes_list=tf.train.BytesList(value=v))
        return tf.train.Feature(int64_list=tf.train.Int64List(value=v))
    return tf.train.Example(features=tf.train.Features(
        feature={k: feat(v) for k, v in kw.items()})).SerializeToString()
batch = [ex(colors=[b"red", b"blue"], lengths=[7]), ex(colors=[b"orange"], lengths=[]),
         ex(colors=[b"black", b"yellow"], lengths=[1, 3]), ex(colors=[b"green"])]
"""

SNIPPETS = [
    # ---- tf.io.RaggedFeature (ragged_tensor guide: parse_example into ragged tensors) ------------
    S("ragged_feature.repr", """
        result = [repr(tf.io.RaggedFeature(tf.string)),
                  repr(tf.io.RaggedFeature(tf.int64, value_key="x", row_splits_dtype=tf.int64))]
    """),
    S("ragged_feature.parse_example", _EXAMPLES + textwrap.dedent("""
        spec = {"colors": tf.io.RaggedFeature(tf.string), "lengths": tf.io.RaggedFeature(tf.int64)}
        out = tf.io.parse_example(batch, spec)
        result = {k: [repr(v), v.to_list(), v.row_splits, v.dtype.name] for k, v in out.items()}
    """)),
    S("ragged_feature.int64_splits_and_value_key", _EXAMPLES + textwrap.dedent("""
        spec = {"n": tf.io.RaggedFeature(tf.int64, value_key="lengths", row_splits_dtype=tf.int64)}
        out = tf.io.parse_example(batch, spec)["n"]
        result = [out.to_list(), out.row_splits]
    """)),
    S("ragged_feature.single_example_is_dense", _EXAMPLES + textwrap.dedent("""
        out = tf.io.parse_single_example(batch[2], {"lengths": tf.io.RaggedFeature(tf.int64),
                                                    "colors": tf.io.RaggedFeature(tf.string)})
        result = out
    """)),
    S("ragged_feature.with_fixed_len", _EXAMPLES + textwrap.dedent("""
        out = tf.io.parse_example(batch[:3], {"colors": tf.io.RaggedFeature(tf.string),
                                              "lengths": tf.io.VarLenFeature(tf.int64)})
        result = [out["colors"].to_list(), tf.sparse.to_dense(out["lengths"])]
    """)),
    S("ragged_feature.wrong_dtype", _EXAMPLES + textwrap.dedent("""
        result = tf.io.parse_example(batch, {"lengths": tf.io.RaggedFeature(tf.float32)})
    """)),
    S("ragged_feature.dataset", _EXAMPLES + textwrap.dedent("""
        out = tf.io.parse_example(batch, {"colors": tf.io.RaggedFeature(tf.string),
                                          "lengths": tf.io.RaggedFeature(tf.int64)})
        ds = tf.data.Dataset.from_tensor_slices(out)
        result = [repr(ds.element_spec)] + [
            [repr(e["colors"]), repr(e["lengths"])] for e in ds.batch(2)]
    """)),
]

_CAPTURE = """
import contextlib, io
out = io.StringIO()
with contextlib.redirect_stdout(out):
{body}
printed = out.getvalue()
"""


def _captured(body):
    body = textwrap.dedent(body).strip()
    return _CAPTURE.format(body="\n".join("    " + line for line in body.splitlines()))


SNIPPETS += [
    # ---- tf.function (function guide) --------------------------------------------------------------
    S("function.returns_variable_as_tensor", """
        v = tf.Variable(1.0)
        f = tf.function(lambda: v)
        g = tf.function(lambda: v.assign_add(1.0))
        a, b = f(), g()
        result = [type(a).__name__ == type(tf.constant(1.0)).__name__, a, b,
                  hasattr(a, "assign"), hasattr(b, "assign")]
    """),
    S("function.count_module", """
        class Count(tf.Module):
            def __init__(self):
                self.count = None
            @tf.function
            def __call__(self):
                if self.count is None:
                    self.count = tf.Variable(0)
                return self.count.assign_add(1)
        c = Count()
        result = [repr(c()), repr(c())]
    """),
    S("function.init_scope", _captured("""
        class Model(tf.Module):
            def __init__(self):
                self.v = tf.Variable(0)
                self.counter = 0
            @tf.function
            def __call__(self):
                if self.counter == 0:
                    with tf.init_scope():
                        self.counter += 1
                        self.v.assign_add(1)
                return self.v
        m = Model()
        for n in range(3):
            print(m().numpy())
    """) + "result = printed"),
    S("function.reduce_retracing", _captured("""
        @tf.function(reduce_retracing=True)
        def g(x):
            print('Tracing', x.dtype)   # (the traced shape is symbolic in TF)
            return x
        for n in (3, 5, 7, 9, 5):
            g(tf.range(n))
        g(tf.zeros([2, 2]))
        g(tf.range(4.0))
    """) + "result = printed"),
    S("function.concrete_keyword_call_does_not_trace", _captured("""
        @tf.function
        def double(a):
            print("Tracing", a.dtype)
            return a + a
        double(tf.constant("a"))
        c = double.get_concrete_function(tf.constant("a"))
        print(c(tf.constant("a")))
        print(c(a=tf.constant("b")))
    """) + "result = printed"),
    S("function.concrete_fixes_python_args", """
        @tf.function
        def pow(a, b):
            return a ** b
        square = pow.get_concrete_function(a=tf.TensorSpec(None, tf.float32), b=2)
        result = [square(tf.constant(10.0)), square(a=tf.constant(3.0))]
    """),
    S("function.concrete_python_arg_given_again", """
        @tf.function
        def pow(a, b):
            return a ** b
        square = pow.get_concrete_function(a=tf.TensorSpec(None, tf.float32), b=2)
        try:
            square(tf.constant(10.0), b=3)
            result = "no error"
        except TypeError as e:
            result = type(e).__name__
    """),
    S("function.concrete_wrong_dtype", """
        @tf.function
        def double(a):
            return a + a
        c = double.get_concrete_function(tf.constant("a"))
        try:
            c(tf.constant(1))
        except tf.errors.InvalidArgumentError as e:
            result = [type(e).__name__, str(e).split(" [Op:")[0].split(" as ")[1]]
    """),
    S("function.concrete_captures_object", """
        class SimpleModel(tf.Module):
            def __init__(self):
                self.weight = tf.Variable(10.0)
                self.bias = tf.Variable(0.0)
        def evaluate(model, x):
            return model.weight * x + model.bias
        m = SimpleModel()
        x = tf.constant(2.0)
        f = tf.function(evaluate).get_concrete_function(m, x)
        result = [f(x), f(tf.constant(3.0))]
    """),
]

SNIPPETS += [
    # ---- Keras (customization/custom_layers tutorial: input_shape= on a Sequential's first layer) ---
    S("keras.sequential_first_layer_input_shape", _captured("""
        m = tf.keras.Sequential([tf.keras.layers.Conv2D(1, (1, 1), input_shape=(None, None, 3)),
                                 tf.keras.layers.BatchNormalization(),
                                 tf.keras.layers.Conv2D(2, 1, padding='same')])
        m.summary()
    """) + """
result = [printed.replace(m.name, "M").replace(m.layers[0].name, "C0").replace(m.layers[1].name, "B1")
          .replace(m.layers[2].name, "C2"), m.built, len(m.weights),
          m.get_config()["layers"][0]["class_name"], list(m.get_config()["layers"][0]["config"]["batch_shape"])]
"""),
]

SNIPPETS += [
    # ---- a tf.function method's concrete function (ragged_tensor guide, before saving) -----------
    S("function.method_concrete_function_ragged", """
        class CustomModule(tf.Module):
            def __init__(self, variable_value):
                super().__init__()
                self.v = tf.Variable(variable_value)
            @tf.function
            def grow(self, x):
                return x * self.v
        module = CustomModule(100.0)
        cf = module.grow.get_concrete_function(tf.RaggedTensorSpec(shape=[None, None], dtype=tf.float32))
        r = cf(tf.ragged.constant([[1.0, 4.0, 3.0], [2.0]]))
        result = [repr(r), repr(module.grow(tf.constant(2.0))), CustomModule.grow.__name__]
    """),
]

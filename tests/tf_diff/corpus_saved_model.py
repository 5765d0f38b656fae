"""`tf.saved_model` and Keras `model.export` as TensorFlow's guides use them (basics,
advanced_autodiff, intro_to_modules, ragged_tensor, saved_model): what a loaded object holds,
what its functions accept and return, and TF's errors. Addresses in reprs are blanked.
"""
import textwrap

from tests.tf_diff.corpus import S

_PRELUDE = """
import os, re, tempfile, contextlib, io
def fresh():
    return os.path.join(tempfile.mkdtemp(), "model")
def blank(text):
    return re.sub(r" at 0x[0-9A-Fa-f]+", " at 0x", text)
class M(tf.Module):
    def __init__(self):
        super().__init__()
        self.v = tf.Variable(2.0)
        self.sub = tf.Module()
        self.sub.w = tf.Variable([1, 2], name="w")
        self.lst = [tf.Variable(1.0), tf.Variable(3.0)]
        self.plain = 5
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(self, x):
        return x * self.v
    @tf.function
    def g(self, x, y=1.0):
        return {"a": x + self.v, "b": x * y}
"""


def _s(name, code, **kw):
    return S(name, _PRELUDE + textwrap.dedent(code), **kw)


SNIPPETS = [
    # ---- tf.Module with tf.functions (basics, intro_to_modules, saved_model guides) ------------
    _s("saved_model.basics_multiply", """
        class MyModule(tf.Module):
          def __init__(self, value):
            self.weight = tf.Variable(value)
          @tf.function
          def multiply(self, x):
            return x * self.weight
        mod = MyModule(3)
        mod.multiply(tf.constant([1, 2, 3]))
        path = fresh()
        saved = tf.saved_model.save(mod, path)
        reloaded = tf.saved_model.load(path)
        result = [saved, reloaded.multiply(tf.constant([1, 2, 3])), repr(reloaded.weight),
                  isinstance(reloaded, MyModule), type(reloaded).__name__]
    """),
    _s("saved_model.attributes", """
        m = M()
        m.g(tf.constant(1.0))
        path = fresh()
        tf.saved_model.save(m, path)
        m.v.assign(7.0)
        L = tf.saved_model.load(path)
        result = [repr(L.v), repr(L.sub.w), [repr(v) for v in L.lst], hasattr(L, "plain"),
                  hasattr(L, "trainable_variables"), L.v.trainable,
                  sorted(n for n in ("f", "g", "lst", "signatures", "sub", "v") if hasattr(L, n)),
                  len(L.signatures), m.v.numpy()]
    """),
    _s("saved_model.input_signature_call", """
        m = M()
        path = fresh()
        tf.saved_model.save(m, path)
        L = tf.saved_model.load(path)
        result = [L.f(tf.constant([1.0, 2.0])), L.f([3.0]), L.f(x=tf.constant([4.0])),
                  repr(L.f.input_signature)]
    """),
    _s("saved_model.input_signature_mismatch", """
        m = M()
        path = fresh()
        tf.saved_model.save(m, path)
        L = tf.saved_model.load(path)
        result = L.f(tf.constant([[1.0]]))
    """),
    _s("saved_model.traced_call_and_python_default", """
        m = M()
        m.g(tf.constant(1.0))
        path = fresh()
        tf.saved_model.save(m, path)
        L = tf.saved_model.load(path)
        result = [L.g(tf.constant(3.0)), L.g(3.0), L.g(tf.constant(3.0), 1.0)]
    """),
    _s("saved_model.no_matching_trace_shape", """
        m = M()
        m.g(tf.constant(1.0))
        path = fresh()
        tf.saved_model.save(m, path)
        result = tf.saved_model.load(path).g(tf.constant([3.0]))
    """),
    _s("saved_model.no_matching_trace_python_value", """
        m = M()
        m.g(tf.constant(1.0))
        path = fresh()
        tf.saved_model.save(m, path)
        result = tf.saved_model.load(path).g(tf.constant(3.0), y=2.0)
    """),
    _s("saved_model.two_traces", """
        m = M()
        m.g(tf.constant(1.0))
        m.g(tf.constant([1.0, 2.0]), y=3.0)
        path = fresh()
        tf.saved_model.save(m, path)
        L = tf.saved_model.load(path)
        result = [L.g(tf.constant(5.0)), L.g(tf.constant([1.0, 2.0]), y=3.0)]
        try:
            L.g(tf.constant([1.0, 2.0, 3.0]), y=3.0)
        except ValueError as e:
            result.append(str(e))
    """),
    _s("saved_model.never_traced_function", """
        m = M()
        path = fresh()
        tf.saved_model.save(m, path)
        result = tf.saved_model.load(path).g(tf.constant(1.0))
    """),
    # ---- signatures ----------------------------------------------------------------------------
    _s("saved_model.signature_from_input_signature", """
        m = M()
        path = fresh()
        tf.saved_model.save(m, path, signatures=m.f)
        L = tf.saved_model.load(path)
        s = L.signatures["serving_default"]
        result = [blank(repr(L.signatures)), list(L.signatures.keys()), repr(s.structured_outputs),
                  repr(s.structured_input_signature), s(tf.constant([1.0, 2.0])),
                  s(x=tf.constant([1.0, 2.0]))]
    """),
    _s("saved_model.guide_signatures", """
        class CustomModule(tf.Module):
          def __init__(self):
            super(CustomModule, self).__init__()
            self.v = tf.Variable(1.)
          @tf.function
          def __call__(self, x):
            print('Tracing with', x)
            return x * self.v
          @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
          def mutate(self, new_v):
            self.v.assign(new_v)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            module = CustomModule()
            module(tf.constant(0.))
            path = fresh()
            tf.saved_model.save(module, path)
            imported = tf.saved_model.load(path)
            first = imported(tf.constant(3.)).numpy()
            imported.mutate(tf.constant(2.))
            second = imported(tf.constant(3.)).numpy()
            call = module.__call__.get_concrete_function(tf.TensorSpec(None, tf.float32))
            p1 = fresh()
            tf.saved_model.save(module, p1, signatures=call)
            p2 = fresh()
            tf.saved_model.save(module, p2, signatures={
                "serving_default": call,
                "array_input": module.__call__.get_concrete_function(tf.TensorSpec([None], tf.float32))})
            keys1 = list(tf.saved_model.load(p1).signatures.keys())
            loaded2 = tf.saved_model.load(p2)
            keys2 = list(loaded2.signatures.keys())
            arr = loaded2.signatures["array_input"](x=tf.constant([1.0, 2.0]))
        # (TF's trace prints show symbolic tensors, and TF traces again while saving: left out)
        result = [first, second, len(imported.signatures), keys1, keys2, arr, module.v.numpy()]
    """),
    _s("saved_model.guide_training_a_loaded_module", """
        class CustomModule(tf.Module):
          def __init__(self):
            super().__init__()
            self.v = tf.Variable(1.)
          @tf.function
          def __call__(self, x):
            return x * self.v
        module = CustomModule()
        module(tf.constant(0.))
        path = fresh()
        tf.saved_model.save(module, path)
        imported = tf.saved_model.load(path)
        optimizer = tf.keras.optimizers.SGD(0.05)
        def train_step():
          with tf.GradientTape() as tape:
            loss = (10. - imported(tf.constant(2.))) ** 2
          variables = tape.watched_variables()
          grads = tape.gradient(loss, variables)
          optimizer.apply_gradients(zip(grads, variables))
          return loss
        result = ["loss={:.2f} v={:.2f}".format(train_step(), imported.v.numpy()) for _ in range(10)]
    """),
    _s("saved_model.signature_output_names", """
        class CustomModuleWithOutputName(tf.Module):
          def __init__(self):
            super(CustomModuleWithOutputName, self).__init__()
            self.v = tf.Variable(1.)
          @tf.function(input_signature=[tf.TensorSpec(None, tf.float32)])
          def __call__(self, x):
            return {'custom_output_name': x * self.v}
        module_output = CustomModuleWithOutputName()
        call_output = module_output.__call__.get_concrete_function(tf.TensorSpec(None, tf.float32))
        path = fresh()
        tf.saved_model.save(module_output, path, signatures={'serving_default': call_output})
        imported = tf.saved_model.load(path)
        s = imported.signatures['serving_default']
        result = [repr(s.structured_outputs), s(tf.constant([[2.0]])), imported(5.0)]
    """),
    _s("saved_model.signature_tuple_outputs", """
        class T(tf.Module):
          @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
          def f(self, x):
            return x, tf.reduce_sum(x, axis=1), tf.shape(x)
        t = T()
        path = fresh()
        tf.saved_model.save(t, path, signatures=t.f)
        s = tf.saved_model.load(path).signatures["serving_default"]
        # (TF lists these outputs as output_0, output_2, output_1: compared by key)
        result = [sorted((k, repr(v)) for k, v in s.structured_outputs.items()), s(tf.ones([2, 3]))]
    """),
    _s("saved_model.signature_needs_a_signature", """
        m = M()
        path = fresh()
        tf.saved_model.save(m, path, signatures=m.g)
    """, msg=False),
    # ---- gradients, custom gradients, ragged inputs ---------------------------------------------
    _s("saved_model.custom_gradient", """
        @tf.custom_gradient
        def clip_gradients(y):
          def backward(dy):
            return tf.clip_by_norm(dy, 0.5)
          return y, backward
        class MyModule(tf.Module):
          @tf.function(input_signature=[tf.TensorSpec(None)])
          def call_custom_grad(self, x):
            return clip_gradients(x)
        model = MyModule()
        path = fresh()
        tf.saved_model.save(model, path,
                            options=tf.saved_model.SaveOptions(experimental_custom_gradients=True))
        v = tf.Variable(2.0)
        loaded = tf.saved_model.load(path)
        with tf.GradientTape() as t:
          output = loaded.call_custom_grad(v * v)
        result = t.gradient(output, v)
    """),
    _s("saved_model.ragged_concrete_function", """
        class CustomModule(tf.Module):
          def __init__(self, variable_value):
            super(CustomModule, self).__init__()
            self.v = tf.Variable(variable_value)
          @tf.function
          def grow(self, x):
            return x * self.v
        module = CustomModule(100.0)
        module.grow.get_concrete_function(tf.RaggedTensorSpec(shape=[None, None], dtype=tf.float32))
        path = fresh()
        tf.saved_model.save(module, path)
        imported_model = tf.saved_model.load(path)
        out = imported_model.grow(tf.ragged.constant([[1.0, 4.0, 3.0], [2.0]]))
        result = [repr(out), out.to_list()]
        try:
            imported_model.grow(tf.constant([1.0]))
        except ValueError as e:
            result.append(str(e))
    """),
    _s("saved_model.gradient_through_loaded", """
        m = M()
        path = fresh()
        tf.saved_model.save(m, path)
        L = tf.saved_model.load(path)
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(L.f(tf.constant([1.0, 2.0, 3.0])))
        result = [tape.gradient(y, L.v), [v.name for v in tape.watched_variables()]]
    """),
    _s("saved_model.random_generator", """
        class MyModule(tf.Module):
          def __init__(self):
            super(MyModule, self).__init__()
            self.g = tf.random.Generator.from_seed(0)
          @tf.function
          def __call__(self):
            return self.g.normal([])
          @tf.function
          def state(self):
            return self.g.state
        m = MyModule()
        result = [m(), m.state()]
        path = fresh()
        tf.saved_model.save(m, path)
        result += [m(), m.state()]
        imported = tf.saved_model.load(path)
        # (TF's loaded `g` is a plain object, its graphs holding the state; tapeviz's is a
        # Generator, so that the saved Python code can draw from it)
        result += [imported.state(), imported(), imported.state()]
    """),
    # ---- files and errors ---------------------------------------------------------------------
    _s("saved_model.contains_saved_model", """
        m = M()
        path = fresh()
        before = tf.saved_model.contains_saved_model(path)
        tf.saved_model.save(m, path)
        result = [before, tf.saved_model.contains_saved_model(path),
                  tf.saved_model.contains_saved_model(os.path.dirname(path)),
                  sorted(os.listdir(os.path.join(path, "variables")))]
    """),
    _s("saved_model.load_missing_directory", """
        result = tf.saved_model.load("/nonexistent/tapeviz_saved_model_dir")
    """),
    _s("saved_model.load_not_a_saved_model", """
        path = tempfile.mkdtemp()
        open(os.path.join(path, "notes.txt"), "w").close()
        try:
            tf.saved_model.load(path)
        except OSError as e:
            result = [type(e).__name__, str(e) == f"SavedModel file does not exist at: {path}/{{saved_model.pbtxt|saved_model.pb}}"]
    """),
    _s("saved_model.save_not_trackable", """
        result = tf.saved_model.save([1, 2], fresh())
    """, msg=False),
    _s("saved_model.save_into_existing_directory", """
        path = tempfile.mkdtemp()
        open(os.path.join(path, "notes.txt"), "w").close()
        m = M()
        tf.saved_model.save(m, path)
        m.v.assign(5.0)
        tf.saved_model.save(m, path)
        result = [tf.saved_model.load(path).v, os.path.exists(os.path.join(path, "notes.txt"))]
    """),
    _s("saved_model.options_and_constants", """
        o = tf.saved_model.SaveOptions(experimental_custom_gradients=False)
        lo = tf.saved_model.LoadOptions(allow_partial_checkpoint=True)
        result = [o.experimental_custom_gradients, lo.allow_partial_checkpoint,
                  tf.saved_model.DEFAULT_SERVING_SIGNATURE_DEF_KEY, tf.saved_model.SERVING,
                  tf.saved_model.SAVED_MODEL_FILENAME_PB, tf.saved_model.VARIABLES_DIRECTORY]
    """),
    # ---- Keras ----------------------------------------------------------------------------------
    _s("saved_model.keras_sequential", """
        model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(
            2, kernel_initializer="ones", bias_initializer="ones")])
        x = np.arange(6, dtype=np.float32).reshape(2, 3)
        path = fresh()
        tf.saved_model.save(model, path)
        L = tf.saved_model.load(path)
        s = L.signatures["serving_default"]
        result = [blank(repr(L.signatures)), s(tf.constant(x)), callable(L),
                  hasattr(L, "variables"), model(x)]
    """),
    _s("saved_model.keras_functional_two_inputs", """
        i1, i2 = tf.keras.Input((2,), name="p"), tf.keras.Input((3,), name="q")
        model = tf.keras.Model([i1, i2], [tf.keras.layers.Dense(1, kernel_initializer="ones")(i1),
                                          tf.keras.layers.Dense(2, kernel_initializer="ones")(i2)])
        path = fresh()
        tf.saved_model.save(model, path)
        s = tf.saved_model.load(path).signatures["serving_default"]
        result = [sorted((k, repr(v)) for k, v in s.structured_input_signature[1].items()),
                  sorted((k, repr(v)) for k, v in s.structured_outputs.items()), s(inputs=tf.ones([1, 2]), inputs_1=tf.ones([1, 3]))]
    """),
    _s("saved_model.keras_export", """
        model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(
            2, kernel_initializer="ones", bias_initializer="zeros")])
        x = np.arange(6, dtype=np.float32).reshape(2, 3)
        path = fresh()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            returned = model.export(path)
        E = tf.saved_model.load(path)
        text = re.sub(r"\\n  \\d+: ", "\\n  ID: ", out.getvalue().replace(path, "PATH"))
        text = re.sub(r"name='keras_tensor(_\\d+)?'", "name='keras_tensor'", text)
        result = [text, returned, E.serve(x), sorted(E.signatures), len(E.variables),
                  len(E.trainable_variables), len(E.non_trainable_variables),
                  E.signatures["serving_default"](tf.constant(x))["output_0"]]
    """),
    _s("saved_model.keras_export_functional_names", """
        i1, i2 = tf.keras.Input((2,), name="p"), tf.keras.Input((3,), name="q")
        model = tf.keras.Model([i1, i2], [tf.keras.layers.Dense(1, kernel_initializer="ones")(i1),
                                          tf.keras.layers.Dense(2, kernel_initializer="ones")(i2)])
        path = fresh()
        with contextlib.redirect_stdout(io.StringIO()):
            model.export(path)
        E = tf.saved_model.load(path)
        s = E.signatures["serve"]
        result = [sorted((k, repr(v)) for k, v in s.structured_input_signature[1].items()),
                  sorted((k, repr(v)) for k, v in s.structured_outputs.items()), E.serve([tf.ones([1, 2]), tf.ones([1, 3])]),
                  s(p=tf.ones([1, 2]), q=tf.ones([1, 3]))]
    """),
    _s("saved_model.keras_export_unbuilt", """
        result = tf.keras.Sequential([tf.keras.layers.Dense(2)]).export(fresh())
    """),
    _s("saved_model.keras_export_subclassed", """
        class Sub(tf.keras.Model):
            def __init__(self):
                super().__init__()
                self.d = tf.keras.layers.Dense(2, kernel_initializer="ones")
            def call(self, x):
                return self.d(x)
        sm = Sub()
        sm(np.ones((1, 3), np.float32))
        path = fresh()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            sm.export(path)
        E = tf.saved_model.load(path)
        result = [re.sub(r"\\n  \\d+: ", "\\n  ID: ", out.getvalue().replace(path, "PATH")),
                  E.serve(np.ones((4, 3), np.float32))]
    """),
    _s("saved_model.keras_load_model_on_a_saved_model", """
        model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2)])
        path = fresh()
        tf.saved_model.save(model, path)
        try:
            tf.keras.models.load_model(path)
        except ValueError as e:
            result = str(e).replace(path, "PATH")
    """),
    _s("saved_model.keras_tfsm_layer", """
        model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(
            2, kernel_initializer="ones", bias_initializer="ones")])
        x = np.arange(6, dtype=np.float32).reshape(2, 3)
        path = fresh()
        with contextlib.redirect_stdout(io.StringIO()):
            model.export(path)
        layer = tf.keras.layers.TFSMLayer(path, call_endpoint="serve")
        by_signature = tf.keras.layers.TFSMLayer(path, call_endpoint="serving_default")
        result = [layer(x), by_signature(x), len(layer.weights), len(layer.trainable_weights)]
        try:
            tf.keras.layers.TFSMLayer(path, call_endpoint="predict")
        except ValueError as e:
            result.append(str(e))
    """),
    _s("saved_model.core_tutorial_export_module", """
        # (the export pattern of the core tutorials mlp_core, quickstart_core: plain Python
        # methods and functions held by the saved Modules, reached from a loaded tf.function)
        def xavier_init(shape):
          in_dim, out_dim = shape
          xavier_lim = tf.sqrt(6.)/tf.sqrt(tf.cast(in_dim + out_dim, tf.float32))
          return tf.random.stateless_uniform(shape=shape, minval=-xavier_lim, maxval=xavier_lim, seed=(1, 2))
        class DenseLayer(tf.Module):
          def __init__(self, out_dim, weight_init=xavier_init, activation=tf.identity):
            self.out_dim = out_dim
            self.weight_init = weight_init
            self.activation = activation
            self.built = False
          def __call__(self, x):
            if not self.built:
              self.in_dim = x.shape[1]
              self.w = tf.Variable(self.weight_init(shape=(self.in_dim, self.out_dim)))
              self.b = tf.Variable(tf.zeros(shape=(self.out_dim,)))
              self.built = True
            z = tf.add(tf.matmul(x, self.w), self.b)
            return self.activation(z)
        class MLP(tf.Module):
          def __init__(self, layers):
            self.layers = layers
          @tf.function
          def __call__(self, x, preds=False):
            for layer in self.layers:
              x = layer(x)
            return x
        class ExportModule(tf.Module):
          def __init__(self, model, preprocess, class_pred):
            self.model = model
            self.preprocess = preprocess
            self.class_pred = class_pred
          @tf.function(input_signature=[tf.TensorSpec(shape=[None, None, None, None], dtype=tf.uint8)])
          def __call__(self, x):
            x = self.preprocess(x)
            y = self.model(x)
            y = self.class_pred(y)
            return y
        def preprocess_test(x):
          x = tf.reshape(x, shape=[-1, 12])
          x = x/255
          return x
        def class_pred_test(y):
          return tf.argmax(tf.nn.softmax(y), axis=1)
        mlp = MLP([DenseLayer(5, activation=tf.nn.relu), DenseLayer(3)])
        x = tf.reshape(tf.range(48, dtype=tf.float32), (4, 12)) / 48.
        exp = ExportModule(mlp, preprocess_test, class_pred_test)
        imgs = tf.cast(tf.reshape(tf.range(96) * 7 % 256, (8, 3, 2, 2)), tf.uint8)
        p = fresh()
        tf.saved_model.save(exp, p)
        L = tf.saved_model.load(p)
        result = [mlp(x), exp(imgs), L(imgs), list(L.signatures), L.signatures['serving_default'](imgs), L.model(x)]
""", atol=1e-6),
]

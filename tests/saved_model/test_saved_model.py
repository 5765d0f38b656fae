"""tf.saved_model beyond what the TF differential corpus shows: the files (atomic writes, damage
and TF's own SavedModels refused clearly), loading in another process (functions found by
reference), what a loaded method can reach through `self`, and Keras models rebuilt on load.
(Printed outputs and values the guides show: tests/tf_diff/corpus_saved_model.py.)"""
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tapeviz as tf
from tapeviz.saved_model import writer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Scaler(tf.Module):
    def __init__(self):
        super().__init__()
        self.v = tf.Variable(2.0)
        self.factor = 3
        self.inner = tf.Module()
        self.inner.w = tf.Variable([1.0, 2.0])

    def _helper(self, x):            # a plain method: TF would have traced it into the graph
        return x * self.factor

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def scale(self, x):
        return self._helper(x) * self.v + self.inner.w[0]

    @tf.function
    def add(self, x):
        return x + self.v


def test_round_trip_values_are_copies(tmp_path):
    m = Scaler()
    m.add(tf.constant(1.0))
    tf.saved_model.save(m, str(tmp_path / "m"))
    loaded = tf.saved_model.load(str(tmp_path / "m"))
    assert loaded.v is not m.v and loaded.v.numpy() == 2.0
    loaded.v.assign(5.0)
    assert m.v.numpy() == 2.0
    # a plain method and a plain attribute of the class, reached through `self`
    np.testing.assert_allclose(loaded.scale(tf.constant([1.0, 2.0])).numpy(), [16.0, 31.0])
    assert not hasattr(loaded, "factor") and not hasattr(loaded, "_helper")
    assert loaded.add(tf.constant(1.0)).numpy() == 6.0


def test_directory_layout_and_format(tmp_path):
    tf.saved_model.save(Scaler(), str(tmp_path / "m"))
    assert sorted(os.listdir(tmp_path / "m")) == ["assets", "saved_model.tapeviz.json", "variables"]
    assert sorted(os.listdir(tmp_path / "m" / "variables")) == [
        "variables.data-00000-of-00001", "variables.index"]
    body = json.loads((tmp_path / "m" / "saved_model.tapeviz.json").read_text())
    assert body["format"] == "tapeviz-saved-model" and body["version"] == 1
    kinds = [n["kind"] for n in body["payload"]["nodes"]]
    assert kinds.count("variable") == 2 and kinds.count("function") == 2
    # the variables are an ordinary tapeviz checkpoint, with TF's object-graph keys
    keys = [k for k, _ in tf.train.list_variables(str(tmp_path / "m" / "variables" / "variables"))]
    assert "inner/w/.ATTRIBUTES/VARIABLE_VALUE" in keys and "v/.ATTRIBUTES/VARIABLE_VALUE" in keys
    assert os.listdir(tmp_path) == ["m"]          # no temporary directory left behind


def test_a_failed_save_leaves_the_old_model_whole(tmp_path, monkeypatch):
    path = str(tmp_path / "m")
    m = Scaler()
    tf.saved_model.save(m, path)
    m.v.assign(9.0)

    def broken(prefix, graph, tensors):
        raise OSError("disk full")
    monkeypatch.setattr(writer.io, "write_checkpoint", broken)
    with pytest.raises(OSError, match="disk full"):
        tf.saved_model.save(m, path)
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["m"]
    assert tf.saved_model.load(path).v.numpy() == 2.0


def test_saving_over_an_existing_model_keeps_other_files(tmp_path):
    path = tmp_path / "m"
    path.mkdir()
    (path / "README").write_text("mine")
    (path / "saved_model.pb").write_bytes(b"stale TF graph")
    tf.saved_model.save(Scaler(), str(path))
    assert sorted(os.listdir(path)) == ["README", "assets", "saved_model.tapeviz.json", "variables"]
    assert (path / "README").read_text() == "mine"


def test_saving_to_a_file_path_is_refused(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(FileExistsError):
        tf.saved_model.save(Scaler(), str(tmp_path / "f"))


def test_tensorflow_saved_model_is_refused_clearly(tmp_path):
    (tmp_path / "saved_model.pb").write_bytes(b"\x08\x01")
    assert tf.saved_model.contains_saved_model(str(tmp_path))
    with pytest.raises(NotImplementedError, match="tapeviz cannot read TensorFlow's protobuf SavedModel"):
        tf.saved_model.load(str(tmp_path))


def test_damaged_files_are_refused(tmp_path):
    path = tmp_path / "m"
    tf.saved_model.save(Scaler(), str(path))
    graph = path / "saved_model.tapeviz.json"
    graph.write_text(graph.read_text().replace('"trainable":true', '"trainable":false', 1))
    with pytest.raises(ValueError, match="is not a valid tapeviz SavedModel file"):
        tf.saved_model.load(str(path))
    tf.saved_model.save(Scaler(), str(path))
    data = path / "variables" / "variables.data-00000-of-00001"
    raw = bytearray(data.read_bytes())
    raw[0] ^= 0xFF
    data.write_bytes(bytes(raw))
    with pytest.raises(tf.errors.DataLossError):
        tf.saved_model.load(str(path))


def test_missing_directory_error(tmp_path):
    with pytest.raises(OSError, match=r"SavedModel file does not exist at: .*/nope/"
                                      r"\{saved_model.pbtxt\|saved_model.pb\}"):
        tf.saved_model.load(str(tmp_path / "nope"))


_MODULE = '''
import tapeviz as tf

class Counter(tf.Module):
    def __init__(self):
        super().__init__()
        self.count = tf.Variable(0)
        self.step = 2

    @tf.function(input_signature=[tf.TensorSpec([], tf.int32)])
    def bump(self, n):
        self.count.assign_add(n * self.step)
        return self.count.read_value()

    @tf.function
    def double(self, x):
        return x * 2
'''


def _run(code, cwd):
    env = dict(os.environ, PYTHONPATH=f"{cwd}{os.pathsep}{ROOT}")
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_load_in_another_process_finds_the_code_by_reference(tmp_path):
    (tmp_path / "counters.py").write_text(_MODULE)
    _run("""
        import tapeviz as tf, counters
        c = counters.Counter()
        c.bump(tf.constant(1))
        c.double(tf.constant([1.0, 2.0]))
        tf.saved_model.save(c, "saved")
    """, tmp_path)
    out = _run("""
        import tapeviz as tf
        loaded = tf.saved_model.load("saved")
        print(loaded.count.numpy(), loaded.bump(tf.constant(3)).numpy(), loaded.count.numpy())
        print(loaded.double(tf.constant([1.0, 5.0])).numpy())
        print(list(loaded.signatures))
    """, tmp_path)
    assert out.split("\n")[:3] == ["2 8 8", "[ 2. 10.]", "['serving_default']"]


def test_code_that_cannot_be_found_says_why(tmp_path):
    (tmp_path / "counters.py").write_text(_MODULE)
    _run("""
        import tapeviz as tf, counters
        tf.saved_model.save(counters.Counter(), "saved")
    """, tmp_path)
    (tmp_path / "counters.py").unlink()
    out = _run("""
        import tapeviz as tf
        loaded = tf.saved_model.load("saved")     # the Variables load without the code
        print(loaded.count.numpy())
        try:
            loaded.bump(tf.constant(1))
        except ValueError as e:
            print(e)
    """, tmp_path)
    assert out.startswith("0\nCannot call the loaded function 'bump': tapeviz saves a tf.function "
                          "as a reference to its Python code, and `counters.Counter.bump` cannot "
                          "be imported")


def test_local_functions_load_in_the_saving_process_only(tmp_path):
    m = tf.Module()
    m.v = tf.Variable(3.0)
    m.f = tf.function(lambda x: x * m.v, input_signature=[tf.TensorSpec([], tf.float32)])
    tf.saved_model.save(m, str(tmp_path / "m"))
    loaded = tf.saved_model.load(str(tmp_path / "m"))
    assert loaded.f(tf.constant(2.0)).numpy() == 6.0     # (the lambda reads the live m.v)
    node = next(n for n in json.loads((tmp_path / "m" / "saved_model.tapeviz.json").read_text())
                ["payload"]["nodes"] if n["kind"] == "function")
    assert "<lambda>" in node["ref"]["qualname"]


def test_lists_dicts_and_shared_variables(tmp_path):
    m = tf.Module()
    shared = tf.Variable(1.0)
    m.a, m.b = shared, [shared, {"k": tf.Variable([2, 3])}]
    tf.saved_model.save(m, str(tmp_path / "m"))
    loaded = tf.saved_model.load(str(tmp_path / "m"))
    assert loaded.a is loaded.b[0]
    assert isinstance(loaded.b, list) and loaded.b[1]["k"].numpy().tolist() == [2, 3]


def test_trace_specs_and_python_arguments_are_matched(tmp_path):
    class F(tf.Module):
        @tf.function
        def f(self, x, mode="sum", scale=1.0):
            return tf.reduce_sum(x) * scale if mode == "sum" else tf.reduce_max(x) * scale
    m = F()
    m.f(tf.constant([1.0, 2.0]))
    m.f(tf.constant([[1.0]]), mode="max", scale=2.0)
    tf.saved_model.save(m, str(tmp_path / "m"))
    loaded = tf.saved_model.load(str(tmp_path / "m"))
    assert loaded.f(tf.constant([3.0, 4.0])).numpy() == 7.0
    assert loaded.f(tf.constant([[5.0]]), "max", 2.0).numpy() == 10.0
    with pytest.raises(ValueError, match=r"Option 2:\n  Positional arguments \(3 total\):\n    \* "
                                         r"TensorSpec\(shape=\(1, 1\), dtype=tf.float32, name='x'\)\n"
                                         r"    \* 'max'\n    \* 2.0"):
        loaded.f(tf.constant([[5.0]]), "max", 3.0)
    with pytest.raises(ValueError, match="Could not find matching concrete function"):
        loaded.f(tf.constant([1, 2]))                  # int32: no float32 trace matches


def test_signature_dry_run_leaves_variables_alone(tmp_path):
    class Mut(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(1.0)

        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
        def step(self, x):
            self.v.assign_add(10.0)
            return x + self.v
    m = Mut()
    tf.saved_model.save(m, str(tmp_path / "m"), signatures=m.step)
    assert m.v.numpy() == 1.0
    loaded = tf.saved_model.load(str(tmp_path / "m"))
    assert loaded.v.numpy() == 1.0
    out = loaded.signatures["serving_default"](tf.constant([0.0, 1.0]))
    assert out["output_0"].numpy().tolist() == [11.0, 12.0] and loaded.v.numpy() == 11.0


def test_a_keras_export_loads_in_another_process(tmp_path):
    _run("""
        import numpy as np, tapeviz as tf, contextlib, io
        model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(4, activation="relu"),
                                     tf.keras.layers.Dense(2)])
        x = np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)
        np.save("expected.npy", model(x).numpy())
        with contextlib.redirect_stdout(io.StringIO()):
            model.export("exported")
    """, tmp_path)
    out = _run("""
        import numpy as np, tapeviz as tf
        E = tf.saved_model.load("exported")
        x = np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)
        print(np.array_equal(E.serve(x).numpy(), np.load("expected.npy")), len(E.variables))
    """, tmp_path)
    assert out.strip() == "True 4"


def test_export_of_a_subclassed_model_without_config(tmp_path, capsys):
    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d = tf.keras.layers.Dense(2)

        def call(self, x):
            return self.d(x)
    net = Net()
    x = np.ones((3, 4), np.float32)
    expected = net(x).numpy()
    net.export(str(tmp_path / "e"))
    assert "args_0 (POSITIONAL_ONLY): TensorSpec(shape=(None, 4), dtype=tf.float32, name=None)" \
        in capsys.readouterr().out
    loaded = tf.saved_model.load(str(tmp_path / "e"))
    np.testing.assert_array_equal(loaded.serve(x).numpy(), expected)


def test_keras_load_model_on_a_saved_model_directory(tmp_path):
    with pytest.raises(ValueError, match=r"the legacy SavedModel format is not supported by "
                                         r"`load_model\(\)` in Keras 3.*TFSMLayer"):
        tf.keras.models.load_model(str(tmp_path))


def test_unsupported_export_format():
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
    with pytest.raises(NotImplementedError, match="onnx"):
        model.export("x", format="onnx")
    with pytest.raises(ValueError, match="Unrecognized format=tflite"):
        model.export("x", format="tflite")


def test_a_file_naming_a_builtin_is_not_called(tmp_path):
    path = tmp_path / "m"
    m = Scaler()
    tf.saved_model.save(m, str(path))
    payload = json.loads((path / "saved_model.tapeviz.json").read_text())["payload"]
    for node in payload["nodes"]:
        if node["kind"] == "function":
            node["ref"] = {"module": "os", "qualname": "system", "token": "forged"}
    writer._write_graph(str(path), payload)
    loaded = tf.saved_model.load(str(path))
    with pytest.raises(ValueError, match=r"`os.system` is not a Python function, so tapeviz will "
                                         r"not call it"):
        loaded.scale(tf.constant([1.0]))


class _Rows(tf.Module):
    """A signature that reshapes to rows of 12 (zeros of size 1 or 2 cannot), calling a
    tf.function of a sub-module whose Variable is made on its first call."""

    def __init__(self):
        super().__init__()
        self.inner = _Lazy()

    @tf.function(input_signature=[tf.TensorSpec([None, None], tf.float32)])
    def __call__(self, x):
        return self.inner(tf.reshape(x, [-1, 12]))


class _Lazy(tf.Module):
    def __init__(self):
        super().__init__()
        self.built = False

    @tf.function
    def __call__(self, x):
        if not self.built:
            self.w = tf.Variable(tf.ones([12, 2]))
            self.built = True
        return tf.matmul(x, self.w)


def test_saving_traces_the_signature_as_tf_does(tmp_path):
    m = _Rows()
    tf.saved_model.save(m, str(tmp_path / "m"))
    # the dry run built the lazy Variable (saved), and traced the inner function with the
    # batch dimension None; the attempt with sizes 1 and 2 left no trace behind
    assert m.inner.built and m.inner.w.numpy().sum() == 24.0
    traces = m.inner.__call__._concrete_traces()
    assert [repr(args[0]) for args, _ in traces] == [
        "TensorSpec(shape=(None, 12), dtype=tf.float32, name=None)"]
    loaded = tf.saved_model.load(str(tmp_path / "m"))
    assert repr(loaded.signatures["serving_default"].structured_outputs) == (
        "{'output_0': TensorSpec(shape=(None, 2), dtype=tf.float32, name='output_0')}")
    x = np.ones((3, 24), np.float32)
    np.testing.assert_array_equal(loaded(x).numpy(), np.full((6, 2), 12.0, np.float32))
    np.testing.assert_array_equal(loaded.inner(np.ones((5, 12), np.float32)).numpy(),
                                  np.full((5, 2), 12.0, np.float32))
    with pytest.raises(ValueError, match="Could not find matching concrete function"):
        loaded.inner(np.ones((5, 11), np.float32))


def test_a_function_called_inside_a_loaded_function_is_not_matched(tmp_path):
    class Outer(tf.Module):
        def __init__(self):
            super().__init__()
            self.inner = Inner()

        @tf.function(input_signature=[tf.TensorSpec([None], tf.int32)])
        def f(self, x):
            return self.inner.g(x) + 1

    class Inner(tf.Module):
        @tf.function
        def g(self, x):
            return x * 2
    m = Outer()
    m.inner.g(tf.constant([1.0]))          # its one trace: float32 (1,)
    tf.saved_model.save(m, str(tmp_path / "m"), signatures={})
    loaded = tf.saved_model.load(str(tmp_path / "m"))
    # TF traced g into f's graph with an int32 (None,) input: inside f, g runs as written
    assert loaded.f(tf.constant([1, 2, 3])).numpy().tolist() == [3, 5, 7]
    with pytest.raises(ValueError, match="Could not find matching concrete function"):
        loaded.inner.g(tf.constant([1, 2, 3]))

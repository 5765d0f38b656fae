"""`%load_ext tapeviz` in a real IPython shell: unchanged TensorFlow imports, magics, unloading."""
import sys

import pytest

IPython = pytest.importorskip("IPython")
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.utils.capture import capture_output  # noqa: E402

import tapeviz  # noqa: E402
from tapeviz import import_hook  # noqa: E402


@pytest.fixture
def shell():
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "tapeviz")
    yield ip
    ip.run_line_magic("unload_ext", "tapeviz")
    for name in ("tf", "keras", "layers", "tnp", "t", "x", "y"):
        ip.user_ns.pop(name, None)


def run(ip, code):
    with capture_output() as captured:
        result = ip.run_cell(code)
    result.raise_error()
    return captured


def test_every_tensorflow_import_form_gives_tapeviz(shell):
    run(shell, "import tensorflow as tf\n"
               "from tensorflow import keras\n"
               "from tensorflow.keras import layers\n"
               "import keras as standalone_keras\n"
               "import tf_keras\n"
               "from tensorflow.math import reduce_sum\n")
    ns = shell.user_ns
    assert ns["tf"] is tapeviz
    assert ns["keras"] is tapeviz.keras and ns["standalone_keras"] is tapeviz.keras
    assert ns["tf_keras"] is tapeviz.keras
    assert ns["layers"] is tapeviz.keras.layers
    assert ns["reduce_sum"] is tapeviz.math.reduce_sum


def test_a_missing_module_names_what_tapeviz_lacks(shell):
    with pytest.raises(ModuleNotFoundError, match="tapeviz has no 'tapeviz.no_such_thing'"):
        run(shell, "import tensorflow.no_such_thing")


def test_unload_gives_tensorflow_back(shell):
    run(shell, "import tensorflow as tf")
    shell.run_line_magic("unload_ext", "tapeviz")
    assert not import_hook.installed()
    assert "tensorflow" not in sys.modules
    shell.run_line_magic("load_ext", "tapeviz")      # the fixture unloads again


def test_tape_cell_magic_shows_every_tape_of_the_cell(shell):
    out = run(shell, "%%tape\nimport tensorflow as tf\nx = tf.constant(2.0)\n"
                     "with tf.GradientTape() as t:\n    t.watch(x)\n    y = x * x\n"
                     "with tf.GradientTape() as t2:\n    t2.watch(x)\n    y = x + x\n")
    pictures = [o for o in out.outputs if "tapeviz-static" in o.data.get("text/html", "") and not o.update]
    assert len(pictures) == 2                # (each is updated after the cell, with its PNG)


def test_auto_shows_the_last_tape_that_computed_a_gradient(shell):
    shell.run_line_magic("tapeviz", "auto")
    out = run(shell, "import tensorflow as tf\nx = tf.constant(2.0)\n"
                     "with tf.GradientTape() as t:\n    t.watch(x)\n    y = x * x\n"
                     "g = t.gradient(y, x)\n")
    assert sum("tapeviz-static" in o.data.get("text/html", "") and not o.update for o in out.outputs) == 1
    out = run(shell, "z = 1 + 1\n")                                 # no gradient: nothing shown
    assert not out.outputs
    shell.run_line_magic("tapeviz", "off")
    out = run(shell, "with tf.GradientTape() as t:\n    t.watch(x)\n    y = x * x\ng = t.gradient(y, x)\n")
    assert not out.outputs


def test_tapeviz_magic_rejects_unknown_words(shell):
    with pytest.raises(ValueError, match="'auto', 'off' or 'live'"):
        shell.run_line_magic("tapeviz", "sometimes")


def test_real_tensorflow_already_imported_changes_nothing(monkeypatch):
    class FakeTF:
        __name__ = "tensorflow"
    monkeypatch.setitem(sys.modules, "tensorflow", FakeTF())
    ip = InteractiveShell.instance()
    with capture_output() as captured:
        tapeviz.load_ipython_extension(ip)
    assert "real TensorFlow is already imported" in captured.stdout
    assert not import_hook.installed()

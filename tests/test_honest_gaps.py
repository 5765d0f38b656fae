"""TF names tapeviz lacks say so; `dir(tapeviz)` lists what exists, lazily loaded parts too."""
import subprocess
import sys

import pytest

import tapeviz as tf
from tapeviz._tf_names import NAMES, NAMESPACES


@pytest.mark.parametrize("expr, message", [
    ("tf.lookup", "tapeviz does not implement tf.lookup yet"),
    ("tf.math.bessel_i0", "tapeviz does not implement tf.math.bessel_i0 yet"),
    ("tf.nn.fractional_max_pool", "tapeviz does not implement tf.nn.fractional_max_pool yet"),
    ("tf.no_such_name", "module 'tapeviz' has no attribute 'no_such_name'"),
    ("tf.math.no_such_name", "module 'tapeviz.math' has no attribute 'no_such_name'"),
])
def test_missing_names(expr, message):
    with pytest.raises(AttributeError) as e:
        eval(expr)
    assert str(e.value) == message
    assert not hasattr(tf, "no_such_name")


def test_names_tapeviz_has_resolve_and_are_tf_names():
    for name in ["cond", "while_loop", "TensorArray", "TensorSpec", "print", "map_fn"]:
        assert name in NAMES[""] and getattr(tf, name) is not None
    assert set(NAMESPACES) <= NAMES[""]


def test_dir_lists_lazy_parts_without_loading_them():
    code = ("import sys, tapeviz as tf; names = dir(tf); "
            "print(all(n in names for n in ['keras', 'train', 'Module', 'cond', 'TensorSpec']), "
            "'tapeviz.keras' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


def test_version_names_the_tensorflow_it_reproduces_and_the_package_keeps_its_own():
    import tapeviz.version
    assert tf.version.VERSION == tapeviz.version.VERSION == "2.21.0"
    assert tf.version.GIT_VERSION.endswith(tf.__version__)
    assert float(".".join(tf.version.VERSION.split(".")[:2])) >= 2.0   # the tutorials' version checks
    assert tf.__version__ != tf.version.VERSION                        # the distribution's version

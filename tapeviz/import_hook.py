"""`import tensorflow` as tapeviz: an import hook that lets an unchanged TensorFlow notebook run.

While the hook is installed (`%load_ext tapeviz`, or `install()`), these imports give tapeviz's
modules, so every op the notebook runs is recorded and can be drawn:

    import tensorflow as tf                        -> tapeviz
    from tensorflow import keras                   -> tapeviz.keras
    from tensorflow.keras import layers            -> tapeviz.keras.layers
    import tensorflow.experimental.numpy as tnp    -> tapeviz.experimental.numpy (when it exists)
    import keras / import tf_keras                 -> tapeviz.keras

A name the hook maps but tapeviz lacks fails like any missing module (ModuleNotFoundError naming
the tapeviz module). If the real TensorFlow is already imported, `install()` changes nothing and
says so: mixing two engines in one kernel would silently split the tape.
"""
import importlib
import importlib.abc
import importlib.util
import sys

ALIASES = {"tensorflow": "tapeviz", "keras": "tapeviz.keras", "tf_keras": "tapeviz.keras"}


class RealTensorFlowLoaded(RuntimeError):
    """The real TensorFlow is already imported in this process."""


def target_of(fullname):
    """The tapeviz module that `fullname` stands for, or None if the hook leaves it alone."""
    root, _, rest = fullname.partition(".")
    base = ALIASES.get(root)
    if base is None:
        return None
    return f"{base}.{rest}" if rest else base


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target):
        self.target = target

    def create_module(self, spec):
        return importlib.import_module(self.target)   # the tapeviz module itself, not a copy

    def exec_module(self, module):
        pass


class TapevizFinder(importlib.abc.MetaPathFinder):
    """Finds `tensorflow`, `tensorflow.*`, `keras`, `keras.*`, `tf_keras` as tapeviz modules."""

    def find_spec(self, fullname, path=None, target=None):
        name = target_of(fullname)
        if name is None:
            return None
        if name not in sys.modules and not _findable(name):
            raise ModuleNotFoundError(f"No module named {fullname!r}: tapeviz has no {name!r} yet",
                                      name=fullname)
        return importlib.util.spec_from_loader(fullname, _AliasLoader(name))


def _findable(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


_FINDER = TapevizFinder()


def real_tensorflow_loaded():
    """Whether a TensorFlow that is not tapeviz is imported in this process."""
    tf = sys.modules.get("tensorflow")
    return tf is not None and getattr(tf, "__name__", "") != "tapeviz"


def install():
    """Routes `import tensorflow` (and keras, tf_keras) to tapeviz from now on.

    Raises:
      RealTensorFlowLoaded: the real TensorFlow is already imported (nothing is changed).
    """
    if real_tensorflow_loaded():
        raise RealTensorFlowLoaded(
            "The real TensorFlow is already imported in this kernel, so tapeviz cannot stand in "
            "for it: restart the kernel and run `%load_ext tapeviz` before `import tensorflow`.")
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


def uninstall():
    """Stops routing imports to tapeviz and forgets the aliases already imported."""
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
    for name in [n for n in sys.modules if target_of(n) is not None]:
        if getattr(sys.modules[name], "__name__", "").startswith("tapeviz"):
            del sys.modules[name]


def installed():
    return _FINDER in sys.meta_path

"""tf.Module: names, name scopes, attribute traversal order (as observed in TF 2.21)."""
import gc
import weakref

import pytest

import tapeviz as tf


class MyModule(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        with self.name_scope:
            self.w = tf.Variable(1.0, name="w")
            self.b = tf.Variable(2.0)


class Outer(tf.Module):
    def __init__(self):
        super().__init__()
        with self.name_scope:
            self.inner = MyModule()
            self.z = tf.Variable(0.0, name="z")
        self.layers = [MyModule(name="a"),
                       {"k2": tf.Variable(5.0, name="k2"), "k1": tf.Variable(4.0, name="k1")}]
        self.c = tf.Variable(3.0, name="c", trainable=False)
        self.t = (tf.Variable(6.0, name="t0"),)
        self._priv = tf.Variable(7.0, name="priv")
        self.alias = self.c


def test_names_and_scopes():
    m = MyModule()
    assert m.name == "my_module"
    assert m.name_scope.name == "my_module/"
    assert m.w.name == "my_module/w:0" and m.b.name == "my_module/Variable:0"
    assert MyModule(name="mymod").w.name == "mymod/w:0"
    assert tf.Module().name == "module"

    class HTTPServer2D(tf.Module):
        pass
    assert HTTPServer2D().name == "http_server2_d"
    assert repr(m).startswith("<") and "MyModule object at" in repr(m)


@pytest.mark.parametrize("bad", ["my mod", "1x", "a-b", ""])
def test_invalid_names(bad):
    with pytest.raises(ValueError) as e:
        MyModule(name=bad)
    assert str(e.value) == (f"{bad!r} is not a valid module name. Module names must be valid "
                            "Python identifiers (e.g. a valid class name).")


def test_non_string_name():
    with pytest.raises(TypeError, match="expected string or bytes-like object"):
        MyModule(name=3)


def test_traversal_order_matches_tf():
    o = Outer()
    assert [v.name for v in o.variables] == [
        "priv:0", "c:0", "k1:0", "k2:0", "t0:0", "outer/z:0", "outer/my_module/Variable:0",
        "outer/my_module/w:0", "a/Variable:0", "a/w:0"]
    assert [v.name for v in o.trainable_variables] == [
        "priv:0", "k1:0", "k2:0", "t0:0", "outer/z:0", "outer/my_module/Variable:0",
        "outer/my_module/w:0", "a/Variable:0", "a/w:0"]
    assert [v.name for v in o.non_trainable_variables] == ["c:0"]
    assert [s.name for s in o.submodules] == ["my_module", "a"]
    assert o.inner.name_scope.name == "outer/my_module/"
    assert isinstance(o.variables, tuple)


def test_cycles_and_shared_objects_reported_once():
    a, b = tf.Module(name="a"), tf.Module(name="b")
    a.child, b.child = b, a
    a.v = tf.Variable(1.0)
    b.same = a.v
    assert len(a.variables) == 1 and a.submodules == (b,)


def test_with_name_scope():
    class WS(tf.Module):
        @tf.Module.with_name_scope
        def __call__(self, x):
            if not hasattr(self, "v"):
                self.v = tf.Variable(x, name="v")
            return self.inner(x)

        @tf.Module.with_name_scope
        def inner(self, x):
            return tf.Variable(x, name="u")

    ws = WS(name="wsm")
    u = ws(1.0)
    assert ws.v.name == "wsm/v:0" and u.name == "wsm/u:0"     # re-entering the scope is fine
    assert tf.Variable(1.0).name == "Variable:0"             # and it is left afterwards
    assert WS.__call__.__name__ == "__call__"


def test_flatten_with_path():
    o = Outer()
    paths = dict(o._flatten(predicate=lambda v: isinstance(v, tf.Variable), with_path=True))
    assert paths[("layers", 1, "k1")].name == "k1:0"
    assert paths[("inner", "w")].name == "outer/my_module/w:0"


def test_module_does_not_keep_variables_alive():
    m = MyModule()
    ref = weakref.ref(m.w)
    m.w = tf.Variable(5.0)
    gc.collect()
    assert ref() is None

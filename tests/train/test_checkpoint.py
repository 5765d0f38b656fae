"""tf.train.Checkpoint against TF_BEHAVIOUR.md section 7.1-7.2 and tf-probes/p08."""
import gc
import logging
import os

import numpy as np
import pytest

import tapeviz as tf


@pytest.fixture
def saved(tmp_path):
    v, w = tf.Variable(1.0), tf.Variable([1.0, 2.0])
    ck = tf.train.Checkpoint(v=v, w=w)
    p1 = ck.save(str(tmp_path / "ckpt"))
    v.assign(2.0)
    p2 = ck.save(str(tmp_path / "ckpt"))
    return ck, v, w, p1, p2


def test_save_numbering_files_and_state(tmp_path, saved):
    ck, v, w, p1, p2 = saved
    assert p1 == str(tmp_path / "ckpt-1") and p2 == str(tmp_path / "ckpt-2")
    assert repr(ck.save_counter) == "<tf.Variable 'save_counter:0' shape=() dtype=int64, numpy=2>"
    assert sorted(os.listdir(tmp_path)) == [
        "checkpoint", "ckpt-1.data-00000-of-00001", "ckpt-1.index",
        "ckpt-2.data-00000-of-00001", "ckpt-2.index"]
    assert (tmp_path / "checkpoint").read_text() == (
        'model_checkpoint_path: "ckpt-2"\nall_model_checkpoint_paths: "ckpt-2"\n')
    assert tf.train.latest_checkpoint(str(tmp_path)) == p2
    assert tf.train.latest_checkpoint(str(tmp_path / "nope")) is None


def test_save_counter_is_lazy(tmp_path):
    ck = tf.train.Checkpoint(v=tf.Variable(1.0))
    assert ck._save_counter is None
    path = ck.write(str(tmp_path / "w"))
    assert ck._save_counter is None and path == str(tmp_path / "w")
    assert [k for k, _ in tf.train.list_variables(path)] == ["_CHECKPOINTABLE_OBJECT_GRAPH", "v/.ATTRIBUTES/VARIABLE_VALUE"]
    assert repr(ck.save_counter) == "<tf.Variable 'save_counter:0' shape=() dtype=int64, numpy=0>"
    assert ck.save_counter.trainable is False


def test_save_creates_directories(tmp_path):
    path = tf.train.Checkpoint(v=tf.Variable(1.0)).save(str(tmp_path / "a" / "b" / "ckpt"))
    assert os.path.exists(path + ".index") and os.path.exists(tmp_path / "a" / "b" / "checkpoint")


def test_list_and_load_variables(tmp_path, saved):
    ck, v, w, p1, p2 = saved
    assert tf.train.list_variables(p2) == [
        ("_CHECKPOINTABLE_OBJECT_GRAPH", []), ("save_counter/.ATTRIBUTES/VARIABLE_VALUE", []),
        ("v/.ATTRIBUTES/VARIABLE_VALUE", []), ("w/.ATTRIBUTES/VARIABLE_VALUE", [2])]
    value = tf.train.load_variable(p2, "v/.ATTRIBUTES/VARIABLE_VALUE")
    assert type(value) is np.float32 and value == 2.0
    assert tf.train.load_variable(p2, "w/.ATTRIBUTES/VARIABLE_VALUE").tolist() == [1.0, 2.0]
    assert tf.train.load_variable(str(tmp_path), "v/.ATTRIBUTES/VARIABLE_VALUE") == 2.0
    assert tf.train.list_variables(str(tmp_path)) == tf.train.list_variables(p2)
    assert isinstance(tf.train.load_variable(p2, "_CHECKPOINTABLE_OBJECT_GRAPH"), bytes)
    with pytest.raises(tf.errors.NotFoundError, match="^Key nope not found in checkpoint$"):
        tf.train.load_variable(p2, "nope")
    missing = str(tmp_path / "zz")
    for call in (lambda: tf.train.list_variables(missing), lambda: tf.train.load_variable(missing, "a")):
        with pytest.raises(tf.errors.NotFoundError) as e:
            call()
        assert str(e.value) == f"Unsuccessful TensorSliceReader constructor: Failed to find any matching files for {missing}"


def test_write_and_read(tmp_path, saved):
    ck, v, w, p1, p2 = saved
    state_before = (tmp_path / "checkpoint").read_text()
    p3 = ck.write(str(tmp_path / "written"))
    assert p3 == str(tmp_path / "written")
    assert os.path.exists(p3 + ".index") and os.path.exists(p3 + ".data-00000-of-00001")
    assert (tmp_path / "checkpoint").read_text() == state_before and ck.save_counter.numpy() == 2
    v.assign(100.0)
    status = ck.read(p3)
    assert type(status).__name__ == "CheckpointLoadStatus"
    assert v.numpy() == 2.0 and status.assert_consumed() is status


def test_latest_checkpoint_none_after_write_only(tmp_path):
    tf.train.Checkpoint(v=tf.Variable(1.0)).write(str(tmp_path / "only"))
    assert tf.train.latest_checkpoint(str(tmp_path)) is None


def test_restore_assigns_immediately_and_restores_counter(tmp_path, saved):
    ck, v, w, p1, p2 = saved
    v.assign(100.0)
    status = ck.restore(p1)
    assert v.numpy() == 1.0 and ck.save_counter.numpy() == 1
    assert status.assert_consumed() is status
    assert status.assert_existing_objects_matched() is status
    assert status.expect_partial() is status
    assert ck.save(str(tmp_path / "ckpt")).endswith("ckpt-2")     # numbering continues


def test_restore_none(tmp_path):
    status = tf.train.Checkpoint(v=tf.Variable(5.0)).restore(None)
    assert type(status).__name__ == "InitializationOnlyStatus"
    with pytest.raises(AssertionError) as e:
        status.assert_consumed()
    assert str(e.value) == "No checkpoint specified (save_path=None); nothing is being restored."
    assert status.expect_partial() is status


def test_restore_errors(tmp_path, saved):
    ck, v, w, p1, p2 = saved
    missing = str(tmp_path / "missing-1")
    with pytest.raises(tf.errors.NotFoundError) as e:
        tf.train.Checkpoint(v=tf.Variable(1.0)).restore(missing)
    assert str(e.value) == (
        f"Error when restoring from checkpoint or SavedModel at {missing}: Unsuccessful "
        f"TensorSliceReader constructor: Failed to find any matching files for {missing}\n"
        "Please double-check that the path is correct. You may be missing the checkpoint suffix "
        "(e.g. the '-1' in 'path/to/ckpt-1').")
    with pytest.raises(tf.errors.DataLossError) as e:
        tf.train.Checkpoint(v=tf.Variable(1.0)).restore(str(tmp_path))
    assert str(e.value).startswith(f"Unable to open table file {tmp_path}: FAILED_PRECONDITION: "
                                   f"{tmp_path}; Is a directory")
    target = tf.Variable([0.0, 0.0, 0.0])
    with pytest.raises(ValueError) as e:
        tf.train.Checkpoint(w=target).restore(p2)
    assert str(e.value) == ("Received incompatible tensor with shape (2,) when attempting to "
                            "restore variable with shape (3,) and name Variable:0.")
    assert target.numpy().tolist() == [0.0, 0.0, 0.0]
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        tf.train.Checkpoint(v=tf.Variable(0)).restore(p2)
    assert ("tensor_name = v/.ATTRIBUTES/VARIABLE_VALUE; expected dtype int32 does not equal "
            "original dtype float [Op:RestoreV2]") in str(e.value)


def test_failed_restore_assigns_nothing(tmp_path, saved):
    """A mismatch anywhere means no Variable changes, even those that matched."""
    ck, v, w, p1, p2 = saved
    good, bad = tf.Variable(0.0), tf.Variable([0.0, 0.0, 0.0])
    with pytest.raises(ValueError):
        tf.train.Checkpoint(v=good, w=bad).restore(p2)
    assert good.numpy() == 0.0


def test_restore_into_unknown_shape(tmp_path):
    p = tf.train.Checkpoint(w=tf.Variable([1.0, 2.0, 3.0])).write(str(tmp_path / "n"))
    vn = tf.Variable([0.0], shape=[None])
    tf.train.Checkpoint(w=vn).read(p).assert_consumed()
    assert vn.numpy().tolist() == [1.0, 2.0, 3.0] and vn.shape.as_list() == [None]


def test_partial_restore_checkpoint_has_more(tmp_path, saved, caplog):
    ck, v, w, p1, p2 = saved
    v2 = tf.Variable(0.0)
    ck2 = tf.train.Checkpoint(v=v2)
    status = ck2.restore(p2)
    assert v2.numpy() == 2.0
    with pytest.raises(AssertionError) as e:
        status.assert_consumed()
    assert str(e.value) == (
        'Unresolved object in checkpoint (root).w: attributes {\n  name: "VARIABLE_VALUE"\n  '
        'full_name: "Variable"\n  checkpoint_key: "w/.ATTRIBUTES/VARIABLE_VALUE"\n}\n'
        'has_checkpoint_values {\n  value: true\n}\n')
    assert status.assert_existing_objects_matched() is status
    with caplog.at_level(logging.WARNING, logger="tapeviz"):
        del ck2, status, e        # (the ExceptionInfo's traceback holds the status too)
        gc.collect()
    assert "being deleted with unrestored values" in caplog.text
    assert "Value in checkpoint could not be found in the restored object: (root).w" in caplog.text
    caplog.clear()
    ck3 = tf.train.Checkpoint(v=tf.Variable(0.0))
    ck3.restore(p2).expect_partial()
    with caplog.at_level(logging.WARNING, logger="tapeviz"):
        del ck3
        gc.collect()
    assert "unrestored" not in caplog.text


def test_program_has_more(tmp_path, saved):
    ck, v, w, p1, p2 = saved
    ck3 = tf.train.Checkpoint(v=tf.Variable(0.0), extra=tf.Variable(7.0))
    status = ck3.restore(p2)
    expected = ("Found 1 Python objects that were not bound to checkpointed values, likely due to "
                "changes in the Python program. Showing 1 of 1 unmatched objects: "
                "[<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=7.0>]")
    for check in (status.assert_consumed, status.assert_existing_objects_matched):
        with pytest.raises(AssertionError) as e:
            check()
        assert str(e.value) == expected
    assert ck3.extra.numpy() == 7.0
    status.expect_partial()


def test_restore_of_write_only_checkpoint_leaves_counter_unmatched(tmp_path):
    p = tf.train.Checkpoint(v=tf.Variable(1.0)).write(str(tmp_path / "w"))
    with pytest.raises(AssertionError, match="save_counter:0"):
        tf.train.Checkpoint(v=tf.Variable(0.0)).restore(p).assert_consumed()
    tf.train.Checkpoint(v=tf.Variable(0.0)).read(p).assert_consumed()


class Holder(tf.Module):
    pass


def test_deferred_restoration(tmp_path):
    h = Holder()
    h.a = tf.Variable(3.0)
    h.sub = Holder()
    h.sub.b = tf.Variable([1.0, 2.0])
    ph = tf.train.Checkpoint(model=h).save(str(tmp_path / "h"))
    h2 = Holder()
    ck2 = tf.train.Checkpoint(model=h2)
    status = ck2.restore(ph)
    with pytest.raises(AssertionError) as e:
        status.assert_consumed()
    assert str(e.value).startswith("Unresolved object in checkpoint (root).model.a: attributes {")
    assert 'checkpoint_key: "model/a/.ATTRIBUTES/VARIABLE_VALUE"' in str(e.value)
    h2.a = tf.Variable(0.0)
    assert h2.a.numpy() == 3.0
    h2.sub = Holder()                     # a sub-module first, its Variable later
    h2.sub.b = tf.Variable([0.0, 0.0])
    assert h2.sub.b.numpy().tolist() == [1.0, 2.0]
    assert status.assert_consumed() is status
    h2.a = tf.Variable(9.0)               # only the first attachment is restored
    assert h2.a.numpy() == 9.0


def test_deferred_restoration_checks_shape(tmp_path):
    h = Holder()
    h.a = tf.Variable([1.0, 2.0])
    ph = tf.train.Checkpoint(model=h).write(str(tmp_path / "h"))
    h2 = Holder()
    status = tf.train.Checkpoint(model=h2).read(ph)
    with pytest.raises(ValueError, match="Received incompatible tensor with shape"):
        h2.a = tf.Variable([0.0, 0.0, 0.0])
    status.expect_partial()


def test_deferred_restoration_does_not_keep_objects_alive(tmp_path):
    h = Holder()
    h.a = tf.Variable(3.0)
    ph = tf.train.Checkpoint(model=h).write(str(tmp_path / "h"))
    h2 = Holder()
    tf.train.Checkpoint(model=h2).read(ph).expect_partial()
    ref = weakref_to(h2)
    del h2
    gc.collect()
    assert ref() is None
    from tapeviz.train import trackable
    assert not any(r() is None for r, _ in trackable._DEFERRED.values())


def weakref_to(obj):
    import weakref
    return weakref.ref(obj)


def test_object_graph_keys(tmp_path):
    ckd = tf.train.Checkpoint(d={"x": tf.Variable(1.0)}, l=[tf.Variable(2.0)])
    assert tf.train.list_variables(ckd.save(str(tmp_path / "nested"))) == [
        ("_CHECKPOINTABLE_OBJECT_GRAPH", []), ("d/x/.ATTRIBUTES/VARIABLE_VALUE", []),
        ("l/0/.ATTRIBUTES/VARIABLE_VALUE", []), ("save_counter/.ATTRIBUTES/VARIABLE_VALUE", [])]
    ckl = tf.train.Checkpoint(l=[[tf.Variable(1.0)], {"q": [tf.Variable(2.0)]}])
    pl = ckl.write(str(tmp_path / "l"))
    assert [k for k, _ in tf.train.list_variables(pl)] == [
        "_CHECKPOINTABLE_OBJECT_GRAPH", "l/0/0/.ATTRIBUTES/VARIABLE_VALUE",
        "l/1/q/0/.ATTRIBUTES/VARIABLE_VALUE"]
    with pytest.raises(AssertionError, match=r"^Unresolved object in checkpoint \(root\)\.l\.1\.q\.0: "):
        tf.train.Checkpoint(l=[[tf.Variable(1.0)]]).read(pl).expect_partial().assert_consumed()


def test_module_keys_follow_attributes(tmp_path):
    m = tf.Module()
    m.inner = tf.Module()
    m.inner.w = tf.Variable(1.0)
    m.layers = [Holder(), {"k": tf.Variable(2.0)}]
    m.layers[0].b = tf.Variable(3.0)
    m.t = (tf.Variable(4.0),)
    m._priv = tf.Variable(5.0)
    m.alias = m.inner.w                      # shared: saved once, under the shortest path (as TF)
    keys = [k for k, _ in tf.train.list_variables(tf.train.Checkpoint(model=m).write(str(tmp_path / "m")))]
    assert keys == ["_CHECKPOINTABLE_OBJECT_GRAPH", "model/_priv/.ATTRIBUTES/VARIABLE_VALUE",
                    "model/alias/.ATTRIBUTES/VARIABLE_VALUE",
                    "model/layers/0/b/.ATTRIBUTES/VARIABLE_VALUE",
                    "model/layers/1/k/.ATTRIBUTES/VARIABLE_VALUE",
                    "model/t/0/.ATTRIBUTES/VARIABLE_VALUE"]


def test_shared_variable_restores_through_either_path(tmp_path):
    sv = tf.Variable(1.0)
    p = tf.train.Checkpoint(a=sv, b=[sv]).write(str(tmp_path / "s"))
    assert [k for k, _ in tf.train.list_variables(p)] == ["_CHECKPOINTABLE_OBJECT_GRAPH", "a/.ATTRIBUTES/VARIABLE_VALUE"]
    fresh = tf.Variable(0.0)
    tf.train.Checkpoint(a=fresh, b=[fresh]).read(p).assert_consumed()
    assert fresh.numpy() == 1.0


@pytest.mark.parametrize("bad, shown", [(1.0, "1.0"), (tf.constant(1.0), "1.0"), (None, "None"),
                                        (np.zeros(2), "[0. 0.]"), ("s", "s")])
def test_kwargs_must_be_trackable(bad, shown):
    with pytest.raises(ValueError) as e:
        tf.train.Checkpoint(x=bad)
    assert str(e.value) == (
        f"`Checkpoint` was expecting x to be a trackable object (an object derived from "
        f"`Trackable`), got {shown}. If you believe this object should be trackable (i.e. it is "
        "part of the TensorFlow Python API and manages state), please open an issue.")


def test_positional_root_and_late_attributes(tmp_path):
    h = Holder()
    h.a = tf.Variable(1.0)
    assert [k for k, _ in tf.train.list_variables(tf.train.Checkpoint(h).write(str(tmp_path / "r")))] == [
        "_CHECKPOINTABLE_OBJECT_GRAPH", "a/.ATTRIBUTES/VARIABLE_VALUE"]
    ck = tf.train.Checkpoint(v=tf.Variable(1.0))
    ck.v2 = tf.Variable(2.0)
    assert ck.v.numpy() == 1.0 and ck.v2.numpy() == 2.0
    assert [k for k, _ in tf.train.list_variables(ck.write(str(tmp_path / "c7")))] == [
        "_CHECKPOINTABLE_OBJECT_GRAPH", "v/.ATTRIBUTES/VARIABLE_VALUE", "v2/.ATTRIBUTES/VARIABLE_VALUE"]
    with pytest.raises(AttributeError):
        ck.nope


def test_dtypes_round_trip(tmp_path):
    values = {"f16": np.array([1.5], np.float16), "f64": np.arange(6.0).reshape(2, 3),
              "i8": np.array([-3], np.int8), "u64": np.array([2**63], np.uint64),
              "b": np.array([True, False]), "c": np.array([1 + 2j], np.complex64),
              "s": "héllo", "ss": [b"a", b"", b"\x00\xff"], "empty": np.zeros((0, 3), np.float32),
              "scalar": np.int64(7)}
    originals = {k: tf.Variable(v) for k, v in values.items()}
    p = tf.train.Checkpoint(**originals).write(str(tmp_path / "d"))
    fresh = {k: tf.Variable(tf.zeros_like(v) if v.dtype != tf.string else tf.constant(["?"] * int(np.prod(v.shape))) if v.shape.rank else "?", dtype=v.dtype)
             for k, v in originals.items()}
    fresh["empty"] = tf.Variable(np.zeros((0, 3), np.float32))
    tf.train.Checkpoint(**fresh).read(p).assert_consumed()
    for k, v in originals.items():
        assert fresh[k].dtype == v.dtype
        np.testing.assert_array_equal(fresh[k].numpy(), v.numpy())
    assert fresh["s"].numpy() == "héllo".encode()


def test_restored_values_are_not_shared_or_writable(tmp_path):
    v = tf.Variable([1.0, 2.0])
    p = tf.train.Checkpoint(v=v).write(str(tmp_path / "x"))
    a, b = tf.Variable([0.0, 0.0]), tf.Variable([0.0, 0.0])
    tf.train.Checkpoint(v=a).read(p)
    tf.train.Checkpoint(v=b).read(p)
    a.assign_add([1.0, 1.0])
    assert b.numpy().tolist() == [1.0, 2.0]
    with pytest.raises(ValueError):
        a.read_value()._value[0] = 5.0

"""Random ops replay TensorFlow 2.21's recorded values bit for bit (tests/fixtures/random/)."""
import json
import os
import sys

import numpy as np
import pytest

import tapeviz as tf

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "random")
sys.path.insert(0, FIXTURES)
from record_random_fixtures import run_case  # noqa: E402


def load(name):
    with open(os.path.join(FIXTURES, name)) as f:
        return json.load(f)["cases"]


def assert_same(got, want):
    """Equal dtype, shape and values (float values compared exactly, digest for large outputs)."""
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert (g["dtype"], g["shape"]) == (w["dtype"], w["shape"])
        assert g.get("sha256") == w.get("sha256")
        np.testing.assert_array_equal(np.array(g["values"], dtype=g["dtype"]),
                                      np.array(w["values"], dtype=w["dtype"]))


OPS = load("tf_random_ops.json")


@pytest.mark.parametrize("name", sorted(OPS))
def test_random_ops_match_tensorflow(name):
    case = OPS[name]
    assert_same(run_case(tf, case["code"]), case["outputs"])


KERAS = load("tf_keras_random.json")
FIT = load("tf_keras_fit.json")


@pytest.mark.parametrize("name", sorted(KERAS))
def test_keras_seeding_matches_tensorflow(name):
    case = KERAS[name]
    assert_same(run_case(tf, case["code"]), case["outputs"])


@pytest.mark.parametrize("name", sorted(FIT))
def test_seeded_fit_follows_tensorflows_loss_curve(name):
    """Same initial weights, batch order and dropout masks; the float arithmetic of the training
    step itself may round differently, so losses agree to 1e-5."""
    case = FIT[name]
    (got,), (want,) = run_case(tf, case["code"]), case["outputs"]
    np.testing.assert_allclose(got["values"], want["values"], rtol=0, atol=1e-5)

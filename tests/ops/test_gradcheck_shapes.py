"""The finite-difference check again, on hypothesis-drawn shapes, for every elementwise case.

A case counts as elementwise when it checks second order (order=2), every configuration gives all
inputs one shape, the output keeps that shape, and one configuration is the scalar (): such an op
must then work for any shape.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tapeviz as tf
from tests.ops.gradcheck import Case, check, configurations
from tests.ops.test_gradcheck import CASES


def _elementwise(c):
    configs = configurations(c)
    if c.order < 2 or not all(len(set(shapes)) == 1 for shapes in configs):
        return False
    if not any(shapes[0] == () for shapes in configs):
        return False
    for shapes in configs:
        out = c.fn(*[tf.constant(np.full(s, 0.7)) for s in shapes])
        if isinstance(out, (list, tuple)) or tuple(out.shape) != shapes[0]:
            return False
    return True


ELEMENTWISE = [c for c in CASES if _elementwise(c)]
shapes = st.lists(st.integers(1, 3), min_size=0, max_size=3).map(tuple)


def test_there_are_elementwise_cases():
    assert len(ELEMENTWISE) >= 20


@pytest.mark.parametrize("c", ELEMENTWISE, ids=[c.name for c in ELEMENTWISE])
@settings(max_examples=3, deadline=None, derandomize=True)
@given(shape=shapes, seed=st.integers(0, 2 ** 16))
def test_elementwise_gradients_on_drawn_shapes(c, shape, seed):
    arity = len(configurations(c)[0])
    drawn = Case(c.fn, [tuple([shape] * arity)], order=1, domain=c.domain, name=c.name,
                 eps=c.eps, tol=c.tol)
    check(drawn, np.random.default_rng(seed))

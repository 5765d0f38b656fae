import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import tapeviz as tf  # noqa: E402

try:
    from hypothesis import settings
    settings.register_profile("tapeviz", max_examples=15, deadline=None, derandomize=True)
    settings.load_profile("tapeviz")
except ImportError:  # pragma: no cover
    pass


@pytest.fixture(autouse=True)
def _clean_state():
    """Every test starts with no recording tape, at the top-level name scope."""
    from tapeviz.framework.context import ctx
    ctx.reset()
    yield
    ctx.reset()


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.fixture
def tfmod():
    return tf

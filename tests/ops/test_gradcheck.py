"""Runs every GRAD_CASES table (tests/ops/test_grad_*.py) through the finite-difference check."""
import importlib
import pathlib

import numpy as np
import pytest

from tests.ops.gradcheck import check

HERE = pathlib.Path(__file__).parent


def all_cases():
    cases = []
    for path in sorted(HERE.glob("grad_cases_*.py")):
        module = importlib.import_module(f"tests.ops.{path.stem}")
        cases.extend(module.GRAD_CASES)
    return cases


CASES = all_cases()


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_gradient_matches_finite_differences(c):
    check(c, np.random.default_rng(1234))

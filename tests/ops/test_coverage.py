"""Every registered op declares a dtype rule and a gradient, and each gradient is checked."""
import types

import pytest

import tapeviz  # noqa: F401  (registers every op)
from tapeviz.framework.registry import REGISTRY
from tests.ops.test_gradcheck import CASES

# Ops whose gradient cannot be checked by finite differences, and why.
EXEMPT = {
    "CustomGradient": "its gradient is whatever the user's grad_fn says (tests/test_tape.py)",
    "PreventGradient": "its gradient raises TF's LookupError by design (tests/ops/test_ctc.py)",
}


def _names(code):
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


def test_every_op_declares_a_gradient():
    missing = sorted(t for t, op in REGISTRY.items() if op.grad_kind is None)
    assert not missing, f"ops without a gradient declaration (defgrad or nondifferentiable): {missing}"


def test_every_differentiable_op_has_a_gradient_check():
    covered = {t for c in CASES for t in c.ops}
    differentiable = {t for t, op in REGISTRY.items() if op.grad_kind not in (None, "none", "unregistered")}
    unchecked = sorted(differentiable - covered - set(EXEMPT))
    assert not unchecked, f"differentiable ops with no GRAD_CASES entry: {unchecked}"


def test_cases_name_registered_ops():
    unknown = sorted({t for c in CASES for t in c.ops} - set(REGISTRY))
    assert not unknown, f"GRAD_CASES name ops that are not registered: {unknown}"


def test_every_op_declares_its_dtypes():
    for t, op in REGISTRY.items():
        assert op.dtypes is None or len(op.dtypes) > 0, t


@pytest.mark.parametrize("op_type", sorted(REGISTRY))
def test_gradient_rules_use_tapeviz_ops_only(op_type):
    """Rules written with np.* would break higher-order gradients (nested tapes see nothing)."""
    for rule in REGISTRY[op_type].grad_rules or ():
        if rule is None or not hasattr(rule, "__code__"):
            continue
        assert "np" not in _names(rule.__code__) and "numpy" not in _names(rule.__code__), \
            f"gradient rule of {op_type} uses NumPy directly"

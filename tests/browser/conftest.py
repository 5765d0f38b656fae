"""Pytest fixtures for browser tests: one JupyterLab per session, a notebook per test.

    @pytest.mark.browser
    def test_x(open_notebook):
        nb = open_notebook(["import tapeviz as tf", "tf.constant(1.0)"])
        nb.run_cell(0)
"""
import os

import pytest

from tests.browser.lab import CHROMIUM, REPO, LabServer


def _skip_reason():
    if not os.path.exists(CHROMIUM):
        return f"no chromium at {CHROMIUM}"
    if not (REPO / "tapeviz" / "static" / "graph.js").exists():
        return "widget bundle not built (npm run build)"
    try:
        import jupyterlab  # noqa: F401
        import playwright  # noqa: F401
    except ImportError as e:
        return f"missing {e.name}"
    return None


@pytest.fixture(scope="session")
def lab_server():
    reason = _skip_reason()
    if reason and os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    if reason:
        pytest.skip(reason)
    with LabServer() as lab:
        yield lab


@pytest.fixture
def open_notebook(lab_server):
    """A factory: open_notebook(cells, name=None) -> an open Notebook (closed after the test)."""
    opened = []

    def factory(cells, name=None):
        nb = lab_server.notebook(cells, name).__enter__()
        opened.append(nb)
        return nb

    yield factory
    for nb in opened:
        nb.__exit__(None, None, None)

"""`tapeviz.live(dock=True)`: the live view in a sidecar panel beside the notebook."""
import sys

import pytest

import tapeviz as tf

pytest.importorskip("anywidget")


def test_dock_without_sidecar_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sidecar", None)
    with pytest.raises(ImportError, match=r'tapeviz\[lab\]'):
        tf.live(dock=True)


def test_dock_shows_the_view_in_one_reused_side_panel():
    pytest.importorskip("sidecar")
    from IPython.core.interactiveshell import InteractiveShell
    InteractiveShell.instance()
    first = tf.live(dock=True)
    try:
        assert first.dock is not None and first.dock.title == "tapeviz live"
        assert first.dock.anchor == "split-right"
        second = tf.live(dock=True)
        assert second.dock is first.dock                   # a re-run reuses the panel
        second.stop()
    finally:
        first.stop()

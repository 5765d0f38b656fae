"""Looking at a tape: graph model, value/gradient summaries, and why a gradient is None.

Pure Python on NumPy (no widget imports), so scripts and tests can use it without Jupyter.
"""
from tapeviz.viewmodel.explain import Explanation, explain, explain_sources
from tapeviz.viewmodel.graph import GraphModel, graph_model
from tapeviz.viewmodel.svg import to_svg

__all__ = ["Explanation", "GraphModel", "explain", "explain_sources", "graph_model", "to_svg"]

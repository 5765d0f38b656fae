"""Plain data for views: a tape's graph model, value and gradient summaries, why a gradient is
None, folding, the Variable inspector's rows and the checkpoint panel's listings.

Pure Python on NumPy (no widget imports), so scripts and tests can use it without Jupyter. It
reads tapes only through their public recording API.
"""
from tapeviz.viewmodel.explain import Explanation, explain, explain_sources
from tapeviz.viewmodel.graph import GraphModel, graph_model
from tapeviz.viewmodel.svg import to_svg

__all__ = ["Explanation", "GraphModel", "explain", "explain_sources", "graph_model", "to_svg"]

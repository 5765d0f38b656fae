"""`tapeviz.plot`: matplotlib figures for slides and reports.

    tapeviz.plot.tape(tape)                 # the tape graph, as the static picture draws it
    tapeviz.plot.gradient_flow(view)        # gradient magnitude per layer over training steps
    tapeviz.plot.histograms(view)           # Variable value histograms over steps (TensorBoard-like)
    record = tapeviz.plot.TrainingRecord(follow=True)   # the same data without a live view

Each returns a `matplotlib.figure.Figure` (it shows itself in a notebook, `fig.savefig(...)`
writes it). Figures are made without pyplot, so the user's backend and pyplot's figure list are
never touched. Needs matplotlib (`pip install "tapeviz[plot]"`).
"""
from tapeviz.plot.graph import tape
from tapeviz.plot.training import gradient_flow, histograms
from tapeviz.viewmodel.training_record import TrainingRecord

__all__ = ["tape", "gradient_flow", "histograms", "TrainingRecord"]

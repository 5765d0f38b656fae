"""`tf.summary.experimental`: the default step."""
from tapeviz.summary.writer import get_step, set_step, summary_scope

__all__ = ["get_step", "set_step", "summary_scope"]

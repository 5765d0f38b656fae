"""Training events for inspectors: "step" when a GradientTape is created (a training loop makes
one per step, after the previous update), "gradient" after `tape.gradient()`, and "changed" when
a checkpoint restore replaced values.

Listeners live in `ctx.training_events` (held weakly); the tape hook is installed only while
someone listens, so no view means no cost.
"""
from tapeviz.framework.context import ctx
from tapeviz.viewmodel import gradient_norms


def subscribe(callback):
    """Tells `callback(event)` ("step", "gradient", "changed"); held weakly (bound methods too)."""
    ctx.training_events.add(callback)
    ctx.tape_events.add(_on_tape)


def unsubscribe(callback):
    ctx.training_events.remove(callback)
    _idle_check()


def notify_changed():
    """Variables were replaced outside a training step (a restore): views refresh now."""
    _emit("changed")


def _idle_check():
    if not ctx.training_events:
        ctx.tape_events.remove(_on_tape)
        gradient_norms.clear()


def _emit(event):
    ctx.training_events.notify(event)
    _idle_check()


def _on_tape(tape, event):
    if event == "create":
        _emit("step")
    elif event == "gradient":
        gradient_norms.note(tape)
        _emit("gradient")

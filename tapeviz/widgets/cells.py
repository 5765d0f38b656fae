"""Run widget code when a notebook cell finishes: IPython's `post_execute` notifies
`ctx.cell_finished`, which holds each widget's method weakly (a dropped widget drops out)."""
from tapeviz.framework.context import ctx

_hooked = []   # the IPython shell whose post_execute is hooked (once per process)


def after_each_cell(method):
    """Calls the bound `method` after every cell, in registration order, until its widget is gone.

    `method` must be wrapped by `boundary.after_cell`, so that one failing widget is logged and
    the others still run.
    """
    if not getattr(method, "isolated", False):
        raise TypeError(f"{method.__qualname__} must be decorated with boundary.after_cell")
    ctx.cell_finished.add(method)
    if _hooked:
        return
    from IPython import get_ipython
    ip = get_ipython()
    if ip is not None:
        ip.events.register("post_execute", ctx.cell_finished.notify)
        _hooked.append(ip)


def forget(method):
    """Stops calling `method` (a closed widget)."""
    ctx.cell_finished.remove(method)

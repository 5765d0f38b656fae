"""Run widget code when a notebook cell finishes (IPython's `post_execute`), holding widgets weakly."""
import weakref

_callbacks = []   # WeakMethods, in registration order (a widget's own push before its picture)
_hooked = []


def after_each_cell(method):
    """Calls the bound `method` after every cell; once its widget is gone it drops out."""
    if any(ref() == method for ref in _callbacks):
        return
    _callbacks.append(weakref.WeakMethod(method))
    if _hooked:
        return
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ip = get_ipython()
    if ip is not None:
        ip.events.register("post_execute", _run)
        _hooked.append(ip)


def forget(method):
    """Stops calling `method` (a closed widget)."""
    _callbacks[:] = [ref for ref in _callbacks if ref() is not None and ref() != method]


def _run():
    for ref in list(_callbacks):
        method = ref()
        if method is None:
            _callbacks.remove(ref)
            continue
        try:
            method()
        except Exception:   # a widget must never break the user's next cell
            pass

"""The two places where a widget catches errors: requests from the browser (anywidget commands)
and the hook run after each notebook cell. Everywhere else errors propagate.

What is caught is never silent: it goes to the `tapeviz` logger as a warning with its traceback,
and to the browser, in the request's reply or in the widget's `problem` trait (its front end shows
that line and writes it to the console).
"""
import functools
import logging

import traitlets
from anywidget.experimental import command

from tapeviz.framework.errors import describe

log = logging.getLogger("tapeviz")


class Reporting(traitlets.HasTraits):
    """Mixin for widgets: `problem` is the last error caught at the boundary ("" for none)."""

    problem = traitlets.Unicode("").tag(sync=True)

    def _report(self, where, error):
        """Logs `error` (caught `where`) and shows it in the browser; returns its one-line text."""
        text = describe(error)
        log.warning("tapeviz %s: %s failed", type(self).__name__, where, exc_info=error)
        self.problem = f"{where}: {text}"
        return text


def request(method):
    """An anywidget command `method(self, msg) -> (reply dict, buffers)`, called by the browser's
    `invoke`. A failure becomes the reply `{"error": text}` (and a log line and `problem`): an
    exception here would only reach the kernel's comm loop, which nobody reads."""
    @functools.wraps(method)
    def handle(self, msg, buffers):
        try:
            return method(self, msg if isinstance(msg, dict) else {})
        except Exception as e:  # noqa: BLE001  (the message boundary: logged and shown)
            return {"error": self._report(f"request {method.__name__}", e)}, []
    return command(handle)


def after_cell(method):
    """A widget method run after each cell (`cells.after_each_cell`): a failure is logged and shown
    in the widget, and neither breaks the user's next cell nor stops the other widgets' hooks."""
    @functools.wraps(method)
    def run(self):
        try:
            method(self)
        except Exception as e:  # noqa: BLE001  (the after-cell boundary: logged and shown)
            self._report("update after the cell", e)
    run.isolated = True
    return run

"""The static picture every widget comes with, for readers without a widget front end.

Displaying a widget makes two outputs: first its static picture (`.tapeviz-static`: an SVG or an
HTML table), then the widget itself. Offline nbconvert HTML and GitHub show the picture; where the
widget renders (JupyterLab, online HTML), its front end hides the picture (`js/fallback.js`).
After each cell the picture is brought up to date (a live view's last step, gradients computed
later), so a saved notebook shows what the widget showed.
"""
import html

from tapeviz.widgets.boundary import Reporting, after_cell
from tapeviz.widgets.cells import after_each_cell


class StaticPicture(Reporting):
    """Mixin for anywidget classes: `_static_picture()` returns (mimetype, data) or None."""

    _fallback = None          # the picture output's DisplayHandle, once displayed
    _picture_stale = False

    def _static_picture(self):
        return None

    def _before_picture(self):
        """Called before the picture is refreshed after a cell (a live view lands its last step)."""

    def _repr_mimebundle_(self, **kwargs):
        bundle = _bundle(super()._repr_mimebundle_(**kwargs))
        picture = self._static_picture()
        if picture is not None:
            bundle[picture[0]] = picture[1]
        return bundle

    def _ipython_display_(self, **kwargs):
        from IPython.display import display
        self._fallback = display(_picture_bundle(self._static_picture()), raw=True, display_id=True)
        bundle = _bundle(super()._repr_mimebundle_())
        bundle["text/plain"] = (f"tapeviz {type(self).__name__}: the interactive view needs a running "
                                "kernel (its static picture is above)")
        display(bundle, raw=True)
        self.observe(self._mark_picture_stale)
        after_each_cell(self._refresh_picture)

    def _mark_picture_stale(self, change):
        self._picture_stale = True

    @after_cell
    def _refresh_picture(self):
        self._before_picture()
        if self._fallback is not None and self._picture_stale:
            self._update_picture()

    def _update_picture(self):
        """Replaces the displayed picture with the current one (it is saved with the notebook)."""
        self._picture_stale = False
        self._fallback.update(_picture_bundle(self._static_picture()), raw=True)


def _bundle(bundle):
    if isinstance(bundle, tuple):
        bundle = bundle[0]
    return dict(bundle or {})


def _picture_bundle(picture):
    if picture is None:
        body = '<p class="tapeviz-static-empty">(tapeviz: nothing to show yet)</p>'
        text = "tapeviz: nothing to show yet"
    else:
        mimetype, data = picture
        body = data if mimetype in ("text/html", "image/svg+xml") else f"<pre>{html.escape(str(data))}</pre>"
        text = "tapeviz: static picture of the widget below"
    return {"text/html": f'<div class="tapeviz-static">{body}</div>', "text/plain": text}

"""The static picture every widget comes with, for readers without a widget front end.

Displaying a widget makes two outputs: first its static picture (`.tapeviz-static`: an SVG or an
HTML table), then the widget itself. Offline nbconvert HTML and GitHub show the picture; where the
widget renders (JupyterLab, online HTML), its front end hides the picture (`js/fallback.js`).
After each cell the picture is brought up to date (a live view's last step, gradients computed
later), so a saved notebook shows what the widget showed.

The picture also carries a PNG drawn with matplotlib (`tapeviz.plot`), for documents that show no
HTML: `jupyter nbconvert --to pdf` (LaTeX) prints it. It is drawn after the cell (so displaying
a widget never waits for matplotlib), only while `tapeviz.options.png` is on and matplotlib is
installed, and again only when the picture changed. Where a front end is known to draw the
widget (`_png_waits`), the PNG waits for that drawing instead (the front end sends it back, or
the next cell ends): matplotlib then never competes with the browser's first drawing.
"""
import html
import importlib.util
import uuid

import traitlets

from tapeviz.view_options import options
from tapeviz.widgets.boundary import Reporting, after_cell
from tapeviz.widgets.cells import after_each_cell


class StaticPicture(Reporting):
    """Mixin for anywidget classes: `_static_picture()` returns (mimetype, data) or None."""

    _fallback = None          # the picture output's DisplayHandle, once displayed
    _picture_stale = False
    _png_due = False          # displayed without its PNG yet (it is drawn after the cell)
    _png_waited = False       # the PNG already waited once for a front end's drawing
    _png_cache = (None, None)  # (picture key, PNG bytes)
    # the picture's element carries this id, so the front end can hide it by a style rule
    picture_id = traitlets.Unicode("").tag(sync=True)

    @traitlets.default("picture_id")
    def _new_picture_id(self):
        return "p" + uuid.uuid4().hex[:12]

    def _static_picture(self):
        return None

    def _static_figure(self):
        """The picture as a matplotlib Figure (for the PNG), or None."""
        return None

    def _picture_key(self):
        """A value equal for two calls exactly when the picture is the same (None: never cached)."""
        return None

    def static_png(self):
        """The static picture as PNG bytes, drawn with matplotlib (None without matplotlib, with
        `tapeviz.options.png` off, or for a widget with nothing to draw)."""
        if not options.png or importlib.util.find_spec("matplotlib") is None:
            return None
        key = self._picture_key()
        if key is not None and self._png_cache[0] == key:
            return self._png_cache[1]
        fig = self._static_figure()
        if fig is None:
            return None
        from tapeviz.plot.canvas import png_bytes
        png = png_bytes(fig)
        self._png_cache = (key, png)
        return png

    def _before_picture(self):
        """Called before the picture is refreshed after a cell (a live view lands its last step)."""

    def _repr_mimebundle_(self, **kwargs):
        bundle = _bundle(super()._repr_mimebundle_(**kwargs))
        picture = self._static_picture()
        if picture is not None:
            bundle[picture[0]] = picture[1]
            png = self.static_png()
            if png is not None:
                bundle["image/png"] = png
        return bundle

    def _ipython_display_(self, **kwargs):
        from IPython.display import display
        self._fallback = display(_picture_bundle(self._static_picture(), self.picture_id), raw=True,
                                 display_id=True)
        self._png_due = True
        bundle = _bundle(super()._repr_mimebundle_())
        bundle["text/plain"] = (f"tapeviz {type(self).__name__}: the interactive view needs a running "
                                "kernel (its static picture is above)")
        display(bundle, raw=True)
        self.observe(self._mark_picture_stale)
        after_each_cell(self._refresh_picture)

    def _mark_picture_stale(self, change):
        self._picture_stale = True

    def _png_waits(self):
        """Whether the PNG should wait for a front end's drawing (once: the next cell's end draws
        it regardless). Widgets whose front end reports its drawing say so; others never wait."""
        return False

    @after_cell
    def _refresh_picture(self):
        self._before_picture()
        if self._fallback is None or not (self._picture_stale or self._png_due):
            return
        if self._png_due and not self._png_waited and self._png_waits():
            self._png_waited = True
            if self._picture_stale:
                self._update_picture(png=False)
            return
        if self._png_later():
            self._update_picture(png=False)
            return
        self._update_picture()

    def _png_later(self):
        """Whether the PNG is drawn later, when the kernel is idle (it then calls
        `_update_picture`); the picture itself is updated now. Default: never."""
        return False

    def _update_picture(self, png=True):
        """Replaces the displayed picture with the current one (it is saved with the notebook);
        `png=False`: without its PNG for now (still due)."""
        self._picture_stale = False
        self._png_due = not png
        picture = self._static_picture()
        drawn = self.static_png() if png and picture is not None else None
        self._fallback.update(_picture_bundle(picture, self.picture_id, drawn), raw=True)


def _bundle(bundle):
    if isinstance(bundle, tuple):
        bundle = bundle[0]
    return dict(bundle or {})


def _picture_bundle(picture, picture_id="", png=None):
    if picture is None:
        body = '<p class="tapeviz-static-empty">(tapeviz: nothing to show yet)</p>'
        text = "tapeviz: nothing to show yet"
    else:
        mimetype, data = picture
        body = data if mimetype in ("text/html", "image/svg+xml") else f"<pre>{html.escape(str(data))}</pre>"
        text = "tapeviz: static picture of the widget below"
    bundle = {"text/html": f'<div class="tapeviz-static" data-tapeviz-picture="{picture_id}">{body}</div>',
              "text/plain": text}
    if png is not None:
        bundle["image/png"] = png
    return bundle

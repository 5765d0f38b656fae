"""The static picture every widget adds to its mimebundle, for readers without a widget front end
(nbconvert HTML, GitHub, a terminal)."""


class StaticPicture:
    """Mixin for anywidget classes: `_static_picture()` returns (mimetype, data) or None."""

    def _static_picture(self):
        return None

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        bundle = dict(bundle or {})
        picture = self._static_picture()
        if picture is not None:
            bundle[picture[0]] = picture[1]
        return bundle

"""Display options for tapeviz's views, set once for a notebook:

    tapeviz.options.presentation = True     # every new tape view opens in classroom mode
"""


class Options:
    """`presentation`: new tape views use larger type and higher contrast (a projector)."""

    __slots__ = ("presentation",)

    def __init__(self):
        self.presentation = False

    def __repr__(self):
        return f"tapeviz.options(presentation={self.presentation})"


options = Options()

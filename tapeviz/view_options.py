"""Display options for tapeviz's views, set once for a notebook:

    tapeviz.options.presentation = True     # every new tape view opens in classroom mode
    tapeviz.options.png = False             # static pictures without their matplotlib PNG
"""


class Options:
    """`presentation`: new tape views use larger type and higher contrast (a projector).
    `png`: each widget's static picture also carries a PNG drawn with matplotlib, which PDF
    exports (`jupyter nbconvert --to pdf`) print; needs matplotlib (`tapeviz[plot]`)."""

    __slots__ = ("presentation", "png")

    def __init__(self):
        self.presentation = False
        self.png = True

    def __repr__(self):
        return f"tapeviz.options(presentation={self.presentation}, png={self.png})"


options = Options()

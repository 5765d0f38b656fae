"""`%load_ext tapeviz`: run an unchanged TensorFlow notebook on tapeviz, and look at its tapes.

Loading the extension
- routes `import tensorflow` (and `keras`, `tf_keras`) to tapeviz (`tapeviz.import_hook`);
- makes tapes and Modules display as widgets when they end a cell;
- adds the magics `%%tape` and `%tapeviz` (see `%tapeviz?`).

`%unload_ext tapeviz` removes the import hook and the automatic display of `%tapeviz auto`.
If the real TensorFlow is already imported, loading says so and changes nothing.
"""
from IPython.core.magic import Magics, cell_magic, line_magic, magics_class
from IPython.display import display

from tapeviz import import_hook
from tapeviz.framework.context import ctx
from tapeviz.widgets import display as widget_display


class _TapesOfACell:
    """Collects the tapes created while a cell runs (strong references, for that cell only)."""

    def __init__(self):
        self.tapes, self.with_gradient = [], []

    def __call__(self, tape, event):
        if event == "create":
            self.tapes.append(tape)
        elif event == "gradient" and tape not in self.with_gradient:
            self.with_gradient.append(tape)

    def __enter__(self):
        ctx.tape_events.add(self)
        return self

    def __exit__(self, *exc):
        ctx.tape_events.remove(self)
        return False


@magics_class
class TapevizMagics(Magics):
    """The `%%tape` and `%tapeviz` magics."""

    def __init__(self, shell):
        super().__init__(shell)
        self._auto = None     # the cell's collector while `%tapeviz auto` is on

    @cell_magic
    def tape(self, line, cell):
        """Runs the cell and shows every GradientTape it recorded, in order.

            %%tape
            with tf.GradientTape() as t:
                y = model(x)
            t.gradient(y, model.trainable_variables)
        """
        with _TapesOfACell() as seen:
            result = self.shell.run_cell(cell)
        for tape in seen.tapes:
            display(tape)
        return None if result.error_in_exec is None else result.error_in_exec

    @line_magic
    def tapeviz(self, line):
        """Controls tapeviz in this notebook.

            %tapeviz auto    after each cell, show the last tape that computed a gradient
            %tapeviz off     stop showing tapes after each cell
            %tapeviz live    show a live view that follows every new tape (a training loop)
        """
        command = line.strip()
        if command == "auto":
            self._auto_on()
        elif command == "off":
            self._auto_off()
        elif command == "live":
            from tapeviz.widgets import live
            return live()
        else:
            raise ValueError(f"%tapeviz takes 'auto', 'off' or 'live', got {command!r} "
                             "(see %tapeviz?)")

    def _auto_on(self):
        if self._auto is None:
            self._auto = _TapesOfACell()
            ctx.tape_events.add(self._auto)
            self.shell.events.register("post_run_cell", self._show_last_tape)

    def _auto_off(self):
        if self._auto is not None:
            ctx.tape_events.remove(self._auto)
            self.shell.events.unregister("post_run_cell", self._show_last_tape)
            self._auto = None

    def _show_last_tape(self, result=None):
        seen, self._auto.tapes, self._auto.with_gradient = self._auto.with_gradient, [], []
        if seen:
            from tapeviz.widgets.graph import display_tape
            display_tape(seen[-1], cell_finished=True)


_MAGICS = {}   # shell -> its TapevizMagics


def load(ip):
    """`%load_ext tapeviz`."""
    try:
        import_hook.install()
    except import_hook.RealTensorFlowLoaded as e:
        print(f"tapeviz: {e}")
        return
    widget_display.install(ip)
    if ip not in _MAGICS:
        _MAGICS[ip] = TapevizMagics(ip)
        ip.register_magics(_MAGICS[ip])


def unload(ip):
    """`%unload_ext tapeviz`."""
    import_hook.uninstall()
    magics = _MAGICS.get(ip)
    if magics is not None:
        magics._auto_off()

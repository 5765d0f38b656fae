"""`keras.utils.plot_model` without graphviz: the model's layer graph laid out by tapeviz's own
static-SVG layout (tapeviz/viewmodel/svg.py), written as SVG, or as PNG through matplotlib.

One box per layer ("name (Class)", with shapes, dtypes, activations or trainability on request),
one arrow per tensor passed between layers: a functional model's graph as built (a shared layer
is one box with several inputs), a Sequential's chain, a subclassed model's sublayers in the
order they were assigned (their real wiring is only known to its `call`).
"""
import os
from xml.sax.saxutils import escape

from tapeviz.viewmodel import svg as static_svg

LINE = 18


def _shape(shape):
    if shape is None:
        return "?"
    if isinstance(shape, list) or (isinstance(shape, tuple) and shape and isinstance(shape[0], tuple)):
        return ", ".join(_shape(s) for s in shape)
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


def layer_graph(model):
    """(layers, edges, {id(layer): (input shape, output shape)}) for a Keras model."""
    from tapeviz.keras.models import Functional, Sequential
    shapes = {}
    if isinstance(model, Functional):
        layers = model.layers
        node_ids = {id(n) for n in model._nodes}
        edges = []
        for layer in layers:
            for node in layer._inbound_nodes:
                if id(node) not in node_ids:
                    continue
                for x in node.inputs:
                    edges.append((id(x._node.layer), id(layer)))
                ins = [x.shape for x in node.inputs]
                outs = [x.shape for x in node.outputs]
                shapes.setdefault(id(layer), (ins[0] if len(ins) == 1 else ins,
                                              outs[0] if len(outs) == 1 else outs))
        for x in model.inputs:
            shapes[id(x._node.layer)] = (x.shape, x.shape)
        return layers, list(dict.fromkeys(edges)), shapes
    if isinstance(model, Sequential):
        layers = ([model._input_layer] if model._input_layer is not None else []) + model.layers
        previous = None if model._input_layer is None else model._input_layer.batch_shape
        for layer in layers:
            out = layer._output_shape
            shapes[id(layer)] = (previous if layer is not model._input_layer else out, out)
            previous = out
    else:
        layers = list(model._layers)
        for layer in layers:
            shapes[id(layer)] = (None, layer._output_shape)
    edges = [(id(a), id(b)) for a, b in zip(layers, layers[1:])]
    return layers, edges, shapes


def _lines(layer, shapes, show_shapes, show_dtype, show_layer_names, show_layer_activations,
           show_trainable):
    kind = type(layer).__name__
    title = f"{layer.name} ({kind})" if show_layer_names else kind
    lines = []
    if show_shapes:
        ins, outs = shapes.get(id(layer), (None, None))
        lines.append(f"Input shape: {_shape(ins)}")
        lines.append(f"Output shape: {_shape(outs)}")
    if show_dtype:
        lines.append(f"dtype: {layer.dtype}")
    activation = getattr(layer, "activation", None)
    if show_layer_activations and activation is not None:
        lines.append(f"Activation: {getattr(activation, '__name__', activation)}")
    if show_trainable:
        lines.append(f"Trainable: {'Y' if layer.trainable else 'N'}")
    return title, lines


def model_to_svg(model, show_shapes=False, show_dtype=False, show_layer_names=True,
                 show_layer_activations=False, show_trainable=False):
    """(SVG text, boxes) of the model's layer graph; boxes are (x, y, w, h, title, lines)."""
    layers, edges, shapes = layer_graph(model)
    if not layers:
        raise ValueError(f"The model '{model.name}' has no layers to plot: build it (call it on "
                         "data, or give it an Input) first.")
    items, widths, texts = [], {}, {}
    for layer in layers:
        key = str(id(layer))
        title, lines = _lines(layer, shapes, show_shapes, show_dtype, show_layer_names,
                              show_layer_activations, show_trainable)
        texts[key] = (title, lines)
        widths[key] = max(static_svg.MIN_W, int(max(len(t) for t in [title] + lines) * static_svg.CHAR) + 24)
        items.append({"id": key})
    links = [{"source": str(a), "target": str(b)} for a, b in edges]
    pos = static_svg.layout(items, links, widths)
    height_of = {k: 28 + LINE * len(texts[k][1]) for k in texts}
    boxes = {k: (x, y, widths[k], height_of[k], *texts[k]) for k, (x, y) in pos.items()}
    width = max(x + w for x, _, w, _, _, _ in boxes.values()) + static_svg.PAD
    height = max(y + h for _, y, _, h, _, _ in boxes.values()) + static_svg.PAD
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" '
             f'font-size="{static_svg.FONT}" class="tapeviz-plot-model">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
             'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
             f'<rect width="{width}" height="{height}" fill="white"/>']
    for link in links:
        xa, ya, wa, ha, _, _ = boxes[link["source"]]
        xb, yb, wb, _, _, _ = boxes[link["target"]]
        parts.append(f'<line x1="{xa + wa / 2}" y1="{ya + ha}" x2="{xb + wb / 2}" y2="{yb}" '
                     'stroke="#555" stroke-width="1.4" marker-end="url(#arrow)"/>')
    for key, (x, y, w, h, title, lines) in boxes.items():
        parts.append(f'<g data-layer="{escape(title)}"><rect x="{x}" y="{y}" width="{w}" '
                     f'height="{h}" rx="6" fill="#eef3fb" stroke="#3b528b"/>')
        parts.append(f'<text x="{x + w / 2}" y="{y + 19}" text-anchor="middle" '
                     f'font-weight="bold">{escape(title)}</text>')
        for i, line in enumerate(lines):
            parts.append(f'<text x="{x + w / 2}" y="{y + 19 + LINE * (i + 1)}" text-anchor="middle" '
                         f'font-size="{static_svg.SMALL}">{escape(line)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts), boxes, links


def _write_png(path, boxes, links, dpi):
    try:
        import matplotlib
        matplotlib.use("Agg", force=False)
        from matplotlib import pyplot as plt
        from matplotlib.patches import FancyBboxPatch
    except ImportError as e:
        raise ImportError("plot_model writes PNG files with matplotlib (`pip install matplotlib`); "
                          "without it, pass to_file='model.svg' (no extra package needed).") from e
    width = max(x + w for x, _, w, _, _, _ in boxes.values()) + static_svg.PAD
    height = max(y + h for _, y, _, h, _, _ in boxes.values()) + static_svg.PAD
    fig = plt.figure(figsize=(width / 96, height / 96), dpi=dpi)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    for link in links:
        xa, ya, wa, ha, _, _ = boxes[link["source"]]
        xb, yb, wb, _, _, _ = boxes[link["target"]]
        ax.annotate("", xy=(xb + wb / 2, yb), xytext=(xa + wa / 2, ya + ha),
                    arrowprops={"arrowstyle": "-|>", "color": "#555"})
    for x, y, w, h, title, lines in boxes.values():
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=6",
                                    facecolor="#eef3fb", edgecolor="#3b528b"))
        ax.text(x + w / 2, y + 15, title, ha="center", va="center", fontsize=9, weight="bold")
        for i, line in enumerate(lines):
            ax.text(x + w / 2, y + 15 + LINE * (i + 1), line, ha="center", va="center", fontsize=8)
    fig.savefig(path, dpi=dpi)
    plt.close(fig)


def plot_model(model, to_file="model.png", show_shapes=False, show_dtype=False,
               show_layer_names=False, rankdir="TB", expand_nested=False, dpi=200,
               show_layer_activations=False, show_trainable=False, **kwargs):
    """Draws the model's layer graph to `to_file` (`.svg`, or `.png` with matplotlib) and returns
    it as an IPython image (SVG or PNG) for a notebook to show.

    Args:
      model: a built Keras model.
      to_file: where to write the picture; the extension picks the format.
      show_shapes, show_dtype, show_layer_names, show_layer_activations, show_trainable: what
        each box lists besides the layer's class.
      rankdir: only 'TB' (top to bottom) is drawn.

    Raises:
      ValueError: an unknown extension or `rankdir`, or a model with no layers yet.
      ImportError: a `.png` file without matplotlib.
    """
    if kwargs:
        raise TypeError(f"plot_model() got unexpected arguments: {list(kwargs)}")
    if rankdir != "TB":
        raise ValueError(f"tapeviz.keras.utils.plot_model draws top to bottom only (rankdir='TB'); "
                         f"received rankdir={rankdir!r}")
    extension = os.path.splitext(str(to_file))[1].lower()
    if extension not in (".svg", ".png"):
        raise ValueError(f"tapeviz.keras.utils.plot_model writes `.svg` or `.png` files; "
                         f"received to_file={to_file!r}")
    text, boxes, links = model_to_svg(model, show_shapes, show_dtype,
                                      show_layer_names, show_layer_activations,
                                      show_trainable)
    from IPython.display import SVG, Image
    if extension == ".svg":
        with open(to_file, "w", encoding="utf-8") as f:
            f.write(text)
        return SVG(text)
    _write_png(to_file, boxes, links, dpi)
    return Image(filename=str(to_file))

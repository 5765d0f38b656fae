"""`tf.summary`: scalars, histograms, images and text written to event files TensorBoard reads.

The event files are written by the `tensorboard` package's own writer and summary protos (an
optional dependency: `pip install 'tapeviz[summary]'`), in the layout TF 2 writes: each value a
tensor with its plugin's metadata (`scalars`, `histograms`, `images`, `text`), so TensorBoard
shows them as it shows TensorFlow's.
"""
from tapeviz.summary import experimental
from tapeviz.summary.writer import (
    SummaryWriter,
    create_file_writer,
    create_noop_writer,
    flush,
    histogram,
    image,
    record_if,
    scalar,
    should_record_summaries,
    text,
    write,
)

__all__ = ["SummaryWriter", "create_file_writer", "create_noop_writer", "experimental", "flush",
           "histogram", "image", "record_if", "scalar", "should_record_summaries", "text", "write"]


def __getattr__(name):
    """TF's tf.summary names tapeviz lacks (audio, graph, trace_*) say so."""
    import tapeviz
    raise tapeviz._missing("summary", name)

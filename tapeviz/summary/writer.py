"""Summary writers, the default writer and step, and the summary functions.

State is TF's: a stack of default writers (`writer.as_default()`), a default step
(`experimental.set_step`, or `as_default(step=...)` for the context) and a stack of recording
conditions (`record_if`). A summary function returns True when it wrote, False when there is no
default writer or recording is off (as a bool tensor), and raises ValueError when no step is known.
"""
import contextlib
import os
import threading
import time

import numpy as np

from tapeviz.framework import dtypes
from tapeviz.framework.context import ctx
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.tensor import Tensor

_state = threading.local()


def _stack(name):
    if not hasattr(_state, name):
        setattr(_state, name, [])
    return getattr(_state, name)


def _tensorboard():
    """The tensorboard modules the writer uses (ImportError naming the extra if missing)."""
    try:
        from tensorboard.compat.proto import event_pb2, summary_pb2
        from tensorboard.plugins.histogram import summary_v2 as histogram_v2
        from tensorboard.plugins.image import metadata as image_metadata
        from tensorboard.plugins.scalar import summary_v2 as scalar_v2
        from tensorboard.plugins.text import summary_v2 as text_v2
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
        from tensorboard.util import tensor_util
    except ImportError:
        raise ImportError("tf.summary writes TensorBoard event files with the tensorboard package: "
                          "pip install 'tapeviz[summary]' (or pip install tensorboard)") from None
    return dict(event_pb2=event_pb2, summary_pb2=summary_pb2, histogram_v2=histogram_v2,
                image_metadata=image_metadata, scalar_v2=scalar_v2, text_v2=text_v2,
                EventFileWriter=EventFileWriter, tensor_util=tensor_util)


class SummaryWriter:
    """`tf.summary.SummaryWriter`: where summaries go. Use `as_default()` to make it the
    default writer (optionally with a default `step`)."""

    _closed = False

    @contextlib.contextmanager
    def as_default(self, step=None):
        """A context in which this writer is the default (and `step` the default step, if given);
        the writer is flushed on exit."""
        if self._closed:
            raise RuntimeError(f"SummaryWriter {self!r} is already closed")
        writers, steps = _stack("writers"), _stack("steps")
        writers.append(self)
        if step is not None:
            steps.append(_step_value(step))
        try:
            yield self
        finally:
            if step is not None:
                steps.pop()
            writers.pop()
            self.flush()

    def set_as_default(self, step=None):
        """Makes this the default writer (and `step` the default step) from now on."""
        if self._closed:
            raise RuntimeError(f"SummaryWriter {self!r} is already closed")
        _stack("writers").append(self)
        if step is not None:
            set_step(step)

    def init(self):
        """Nothing to do: the event file is opened on construction."""

    def flush(self):
        """Writes what is buffered to the event file."""

    def close(self):
        """Flushes and closes the writer; it cannot be used as default after that."""
        self._closed = True

    def _write_summary(self, summary, step):
        """Appends `summary` (a summary_pb2.Summary) at `step`; returns True if written."""
        return False


class _ResourceSummaryWriter(SummaryWriter):
    """A writer of one event file `events.out.tfevents.<time>.<host>.<pid>.<n>.v2` in logdir."""

    def __init__(self, logdir, max_queue, flush_millis, filename_suffix):
        tb = _tensorboard()
        self._tb = tb
        self._logdir = logdir
        os.makedirs(logdir, exist_ok=True)
        self._writer = tb["EventFileWriter"](
            logdir, max_queue_size=max_queue or 10,
            flush_secs=(flush_millis or 120000) / 1000, filename_suffix=filename_suffix)

    def flush(self):
        if not self._closed:
            self._writer.flush()

    def close(self):
        if not self._closed:
            self._writer.close()
        self._closed = True

    def _write_summary(self, summary, step):
        if self._closed:
            return False
        event = self._tb["event_pb2"].Event(wall_time=time.time(), step=step, summary=summary)
        self._writer.add_event(event)
        return True


class _NoopSummaryWriter(SummaryWriter):
    """A writer that writes nothing (`create_noop_writer`)."""


def create_file_writer(logdir, max_queue=None, flush_millis=None, filename_suffix=None, name=None,
                       experimental_trackable=False, experimental_mesh=None):
    """A `SummaryWriter` writing an event file in directory `logdir` (made if missing).

    Raises:
      ImportError: the tensorboard package is not installed.
    """
    logdir = logdir.numpy().decode() if isinstance(logdir, Tensor) else os.fspath(logdir)
    return _ResourceSummaryWriter(logdir, max_queue, flush_millis,
                                  ".v2" if filename_suffix is None else filename_suffix)


def create_noop_writer():
    """A `SummaryWriter` that writes nothing."""
    return _NoopSummaryWriter()


def _default_writer():
    writers = _stack("writers")
    return writers[-1] if writers else None


def flush(writer=None, name=None):
    """Flushes `writer` (the default writer if None)."""
    writer = writer or _default_writer()
    if writer is not None:
        writer.flush()


def _step_value(step):
    value = step.numpy() if hasattr(step, "numpy") else step
    return int(value)


def get_step():
    """The default step (an int), or None if none is set."""
    steps = _stack("steps")
    if steps:
        return steps[-1]
    return getattr(_state, "global_step", None)


def set_step(step):
    """Sets the default step (None clears it)."""
    _state.global_step = None if step is None else _step_value(step)


@contextlib.contextmanager
def record_if(condition):
    """A context in which summaries are written only when `condition` (a bool, a bool tensor or
    a callable returning one) is true."""
    conditions = _stack("conditions")
    conditions.append(condition)
    try:
        yield
    finally:
        conditions.pop()


def should_record_summaries():
    """Whether a summary written now would be recorded (a default writer, every condition true)."""
    if _default_writer() is None:
        return False
    for condition in _stack("conditions"):
        value = condition() if callable(condition) else condition
        value = value.numpy() if hasattr(value, "numpy") else value
        if not bool(value):
            return False
    return True


@contextlib.contextmanager
def summary_scope(name, default_name=None, values=None):
    """Yields `(tag, scope)`: the name prefixed with the current name scope."""
    scope = ctx.scope
    tag = f"{scope}/{name}" if scope else name
    yield tag, tag + "/"


def _write(name, make_summary, step):
    """Writes the summary `make_summary(tag)` to the default writer at `step`; a bool tensor
    saying whether it was written (TF's summary ops return one)."""
    if not should_record_summaries():
        return convert_to_tensor(False)
    if step is None:
        step = get_step()
        if step is None:
            raise ValueError("No step set. Please specify one either through the `step` argument "
                             "or through tf.summary.experimental.set_step()")
    with summary_scope(name) as (tag, _):
        return convert_to_tensor(_default_writer()._write_summary(make_summary(tag), _step_value(step)))


def _numpy(data):
    t = convert_to_tensor(data)
    return t.numpy() if t.dtype != dtypes.string else np.asarray(t.numpy(), dtype=object)


def write(tag, tensor, step=None, metadata=None, name=None):
    """Writes `tensor` under `tag` with plugin `metadata` (a SummaryMetadata or its bytes)."""
    def make(tag):
        tb = _tensorboard()
        summary = tb["summary_pb2"].Summary()
        value = summary.value.add(tag=tag, tensor=tb["tensor_util"].make_tensor_proto(_numpy(tensor)))
        if metadata is not None:
            if isinstance(metadata, bytes):
                value.metadata.ParseFromString(metadata)
            else:
                value.metadata.CopyFrom(metadata)
        return summary
    return _write(tag, make, step)


def scalar(name, data, step=None, description=None):
    """Writes a scalar (cast to float32) for TensorBoard's Scalars dashboard.

    Returns:
      A bool tensor: True if written, False if there is no default writer or recording is off.
    Raises:
      ValueError: no step is set, or `data` is not a scalar.
    """
    array = _numpy(data)
    if array.shape != ():
        raise ValueError(f"Expected scalar shape, saw shape: {convert_to_tensor(data).shape}.")
    if array.dtype == object:
        raise ValueError("Cast string to float is not supported")
    return _write(name, lambda tag: _tensorboard()["scalar_v2"].scalar_pb(tag, array, description),
                  step)


def histogram(name, data, step=None, buckets=None, description=None):
    """Writes a histogram of `data`'s values (`buckets` equal-width buckets, 30 by default) as
    `[buckets, 3]` (left edge, right edge, count) for the Histograms dashboard."""
    array = _numpy(data).astype(np.float64)
    return _write(name, lambda tag: _tensorboard()["histogram_v2"].histogram_pb(
        tag, array, buckets=buckets, description=description), step)


def text(name, data, step=None, description=None):
    """Writes a string tensor (Markdown) for the Text dashboard."""
    array = _numpy(data)
    if array.dtype != object:
        raise TypeError(f"Expected a string tensor, got {convert_to_tensor(data).dtype.name}")

    def make(tag):
        tb = _tensorboard()
        summary = tb["summary_pb2"].Summary()
        meta = tb["text_v2"].metadata.create_summary_metadata(display_name=None, description=description)
        summary.value.add(tag=tag, metadata=meta, tensor=tb["tensor_util"].make_tensor_proto(array))
        return summary
    return _write(name, make, step)


def image(name, data, step=None, max_outputs=3, description=None):
    """Writes up to `max_outputs` images of `data` ([k, h, w, c], c in 1, 3, 4; floats in [0, 1]
    or uint8) as PNGs for the Images dashboard: the tensor `[width, height, png, ...]`."""
    from tapeviz.ops.image import convert_image_dtype
    from tapeviz.ops.image_codecs import encode_png

    images = convert_to_tensor(data)
    if images.shape.rank != 4:
        raise ValueError(f"Tensor  must have rank 4.  Received rank {images.shape.rank}, shape "
                         f"{tuple(images.shape.as_list())}")
    if images.shape[-1] not in (1, 3, 4):
        raise ValueError(f"Images must have 1, 3 or 4 channels, got {images.shape[-1]}")

    def make(tag):
        tb = _tensorboard()
        pixels = convert_image_dtype(images, dtypes.uint8, saturate=True).numpy()
        height, width = pixels.shape[1:3]
        pngs = [encode_png(Tensor(img)).numpy() for img in pixels[:max_outputs]]
        values = np.array([str(width).encode(), str(height).encode(), *pngs], dtype=object)
        summary = tb["summary_pb2"].Summary()
        meta = tb["image_metadata"].create_summary_metadata(display_name=None, description=description)
        summary.value.add(tag=tag, metadata=meta, tensor=tb["tensor_util"].make_tensor_proto(values))
        return summary
    return _write(name, make, step)


"""Random and chosen sources: `Dataset.random`, `Dataset.counter`, `sample_from_datasets` and
`choose_from_datasets`, with TF's random numbers.

`Dataset.random` yields the uint32 words of `PhiloxRandom(seed, seed2)` as int64 scalars; with
`rerandomize_each_iteration`, pass `p` takes its seeds from the seed generator's stream as a
reshuffling `shuffle` does. `sample_from_datasets` is TF's Python: each choice is a stateless
multinomial draw from the logits `log(weights)`, seeded by two consecutive values of a
`Dataset.random(seed)`, and the choices drive a directed interleave.
"""
import itertools

import numpy as np

from tapeviz.data import shuffle, structure
from tapeviz.data.dataset import INFINITE, UNKNOWN, DatasetV2, _nondeterministic64, _Peek, _TensorDataset
from tapeviz.framework import dtypes
from tapeviz.framework.convert import convert_to_tensor
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_spec import TensorSpec
from tapeviz.ops import philox, random_samplers, random_seed

_BLOCKS = 256


class RandomDataset(DatasetV2):
    """`Dataset.random`: an infinite stream of int64 scalars in [0, 2**32)."""

    _cardinality = INFINITE
    _tf_class = "_RandomDataset"

    def __init__(self, seed=None, rerandomize_each_iteration=None):
        seeds = random_seed.get_seed(seed)
        self._seeds = seeds if seeds[0] is not None else (
            _nondeterministic64(), _nondeterministic64())
        self._rerandomize = bool(rerandomize_each_iteration)
        self._epoch = 0

    def _element_spec(self):
        return TensorSpec([], dtypes.int64)

    def words(self):
        """The uint32 draws of the next pass, endlessly, as Python ints."""
        epoch = self._epoch
        if not _Peek.depth:
            self._epoch += 1
        key, counter = philox.from_seeds(*shuffle.pass_seeds(self._seeds, epoch,
                                                             self._rerandomize))
        while True:
            yield from philox.blocks(key, counter, _BLOCKS).reshape(-1).tolist()
            counter = philox.skip(counter, _BLOCKS)

    def _iterate(self):
        return (Tensor(np.array(w, np.int64)) for w in self.words())


def counter(start=0, step=1, dtype=dtypes.int64):
    """`Dataset.counter`: `start, start + step, ...` forever (TF scans a repeated zero)."""
    dtype = dtypes.as_dtype(dtype)
    start = convert_to_tensor(start, dtype=dtype)
    step = convert_to_tensor(step, dtype=dtype)
    return _TensorDataset(0).repeat().scan(start, lambda state, _: (state + step, state))


class DirectedInterleaveDataset(DatasetV2):
    """Element k comes from `datasets[selector k]`; an exhausted input ends the dataset when
    `stop_on_empty_dataset`, else its choices are skipped until every input is exhausted."""

    _cardinality = UNKNOWN
    _tf_class = "_DirectedInterleaveDataset"

    def __init__(self, selectors, datasets, stop_on_empty_dataset):
        self._selectors, self._datasets = selectors, list(datasets)
        self._stop = bool(stop_on_empty_dataset)
        spec = self._datasets[0].element_spec
        for i, d in enumerate(self._datasets[1:], 1):
            try:
                flat, other = structure.flatten(spec), structure.flatten(d.element_spec)
                if len(flat) != len(other) or type(spec) is not type(d.element_spec):
                    raise ValueError
                joined = [a.most_specific_common_supertype([b]) for a, b in zip(flat, other)]
                if any(j is None for j in joined):
                    raise ValueError
                spec = structure.pack(spec, joined)
            except (TypeError, ValueError):
                raise TypeError(f"Invalid `datasets`. `datasets` must have compatible element "
                                f"specs.\n Dataset 0 element_spec="
                                f"{self._datasets[0].element_spec}.\nDataset {i} "
                                f"element_spec={d.element_spec}.") from None
        self._spec = spec
        if any(d._cardinality == INFINITE for d in self._datasets):
            self._cardinality = INFINITE

    def _element_spec(self):
        return self._spec

    def _inputs(self):
        return [self._selectors] + self._datasets

    def _iterate(self):
        inputs = [d._iterate() for d in self._datasets]
        live = len(inputs)
        for choice in self._selectors._iterate():
            index = int(choice.numpy())
            if not 0 <= index < len(inputs):
                raise kernel_error("IteratorGetNext", f"Selector index out of range: {index} "
                                   f">= {len(inputs)}", name="",
                                   node="IteratorGetNext_output_types_1")
            if inputs[index] is None:
                continue
            element = next(inputs[index], _END)
            if element is not _END:
                yield element
                continue
            if self._stop:
                return
            inputs[index] = None
            live -= 1
            if not live:
                return


_END = object()


class _Choices(DatasetV2):
    """The selector of `sample_from_datasets`: one stateless multinomial draw per element, from
    the logits (fixed, or one row per element of a dataset) and two random words as its seed."""

    _cardinality = INFINITE

    def __init__(self, logits, seed, rerandomize_each_iteration):
        self._logits = logits
        self._random = RandomDataset(seed, rerandomize_each_iteration)

    def _element_spec(self):
        return TensorSpec([], dtypes.int64)

    def _inputs(self):
        return [self._random]

    def _iterate(self):
        words = self._random.words()
        rows = itertools.repeat(self._logits) if isinstance(self._logits, np.ndarray) else (
            np.log(np.asarray(structure.flatten(w) if isinstance(w, tuple) else w.numpy()))
            .reshape(1, -1) for w in self._logits._iterate())
        for logits in rows:
            key, ctr = philox.stateless_key_counter(next(words), next(words))
            yield Tensor(np.array(random_samplers.multinomial(key, ctr, logits, 1)[0, 0]))


def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False,
                         rerandomize_each_iteration=None):
    """`Dataset.sample_from_datasets`: elements from `datasets` picked at random by `weights`.

    Args:
      datasets: a non-empty list of datasets with compatible element specs.
      weights: None (uniform), a list or float tensor of len(datasets) weights, or a dataset
        of such weight vectors (one per output element).
      seed: the op seed of the choices (see `tf.random.set_seed`).
      stop_on_empty_dataset: end when a chosen input is exhausted (else skip it).
      rerandomize_each_iteration: new choices on each pass.
    Raises:
      ValueError: `datasets` is empty or `weights` has the wrong length.
      TypeError: `weights` is not float32/float64, or the specs are incompatible.
    """
    datasets = list(datasets)
    if not datasets:
        raise ValueError("Invalid `datasets`. `datasets` should not be empty.")
    if isinstance(weights, DatasetV2):
        logits = weights
    else:
        if weights is None:
            logits = np.ones((1, len(datasets)), np.float32)
        else:
            if isinstance(weights, Tensor):
                if weights.shape.rank != 1 or weights.shape[0] not in (None, len(datasets)):
                    raise ValueError(f"Invalid `weights`. The shape of `weights` should be "
                                     f"compatible with `[len(datasets)]` but is "
                                     f"{weights.shape}.")
            else:
                if len(datasets) != len(weights):
                    raise ValueError(f"Invalid `weights`. `weights` should have the same "
                                     f"length as `datasets` but got `len(weights)="
                                     f"{len(weights)}` vs. `len(datasets)={len(datasets)}`.")
                kept = [(d, w) for d, w in zip(datasets, weights) if w > 0]
                datasets, weights = ([d for d, _ in kept], [w for _, w in kept]) if kept else (
                    [datasets[0].take(0)], [1.0])
            weights = convert_to_tensor(weights)
            if weights.dtype not in (dtypes.float32, dtypes.float64):
                raise TypeError(f"Invalid `weights`. `weights` type must be either "
                                f"`tf.float32` or `tf.float64` but is {weights.dtype}.")
            with np.errstate(divide="ignore"):
                logits = np.log(weights.numpy()).reshape(1, -1)
        if len(datasets) == 1:
            return datasets[0]
    return DirectedInterleaveDataset(_Choices(logits, seed, rerandomize_each_iteration),
                                     datasets, stop_on_empty_dataset)


def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=True):
    """`Dataset.choose_from_datasets`: element k from `datasets[choice k]`.

    Raises:
      ValueError: `datasets` is empty.
      TypeError: `choice_dataset` does not yield int64 scalars.
      InvalidArgumentError (while iterating): a choice is out of range.
    """
    datasets = list(datasets)
    if not datasets:
        raise ValueError("Invalid `datasets`. `datasets` should not be empty.")
    if not isinstance(choice_dataset, DatasetV2):
        raise TypeError(f"Invalid `choice_dataset`. `choice_dataset` should be a "
                        f"`tf.data.Dataset` but is {type(choice_dataset)}.")
    spec = choice_dataset.element_spec
    if not (isinstance(spec, TensorSpec) and spec.dtype == dtypes.int64 and
            spec.shape.rank == 0):
        raise TypeError(f"Invalid `choice_dataset`. Elements of `choice_dataset` must be "
                        f"scalar `tf.int64` tensors but are {spec}.")
    return DirectedInterleaveDataset(choice_dataset, datasets, stop_on_empty_dataset)


def random(seed=None, rerandomize_each_iteration=None):
    """`Dataset.random`."""
    return RandomDataset(seed, rerandomize_each_iteration)


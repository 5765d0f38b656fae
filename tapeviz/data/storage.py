"""Elements on disk: the file `cache(filename)` and `Dataset.save`/`load`.

TF writes its own formats (a tensor bundle `filename.index` + `filename.data-00000-of-00001`
for a cache, snapshot shards for `save`); tapeviz keeps TF's semantics and file names but
stores one `.npz` of every element's leaves (strings as bytes + lengths, no pickles) and the
element_spec as JSON. A file is written whole and renamed into place, so an interrupted
write never leaves a half-written cache.
"""
import json
import os

import numpy as np

from tapeviz.data import structure
from tapeviz.data.dataset import DatasetV2, _UnaryDataset
from tapeviz.framework import dtypes
from tapeviz.framework.tensor import Tensor
from tapeviz.framework.tensor_shape import TensorShape
from tapeviz.framework.tensor_spec import TensorSpec


def _column(arrays):
    """{name: array} for one leaf over all elements."""
    first = arrays[0] if arrays else np.zeros(0)
    if first.dtype == object:
        flat = [b for a in arrays for b in a.reshape(-1)]
        lengths = np.array([len(b) for b in flat], np.int64)
        data = np.frombuffer(b"".join(flat), np.uint8)
        shapes = np.array([a.shape for a in arrays], np.int64).reshape(len(arrays), -1)
        return {"bytes": data, "lengths": lengths, "shapes": shapes}
    shapes = np.array([a.shape for a in arrays], np.int64).reshape(len(arrays), -1)
    data = np.concatenate([a.reshape(-1) for a in arrays]) if arrays else np.zeros(0)
    return {"values": data, "shapes": shapes}


def _uncolumn(parts, dtype):
    shapes = parts["shapes"]
    sizes = np.prod(shapes, axis=1, dtype=np.int64) if shapes.size else \
        np.ones(len(shapes), np.int64)
    ends = np.cumsum(sizes)
    if "bytes" in parts:
        data, cuts = parts["bytes"].tobytes(), np.concatenate([[0], np.cumsum(parts["lengths"])])
        flat = np.empty(len(parts["lengths"]), object)
        flat[:] = [data[a:b] for a, b in zip(cuts[:-1], cuts[1:])]
    else:
        flat = parts["values"].astype(dtype.as_numpy_dtype, copy=False)
    return [flat[e - s:e].reshape(shape) for s, e, shape in zip(sizes, ends, shapes)]


def write_elements(path, elements):
    """Writes a list of (normalized) elements to the `.npz` file `path`, atomically."""
    columns = list(zip(*[[t.numpy() for t in structure.flatten(e)] for e in elements]))
    arrays = {f"{j}_{k}": v for j, column in enumerate(columns)
              for k, v in _column([np.asarray(a) for a in column]).items()}
    arrays["count"] = np.array(len(elements))
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        np.savez(f, **arrays)
    os.replace(tmp, path)


def read_elements(path, spec):
    """The elements stored at `path`, structured as `spec`."""
    with np.load(path, allow_pickle=False) as f:
        count = int(f["count"])
        specs = structure.flatten(spec)
        columns = []
        for j, s in enumerate(specs):
            parts = {k: f[f"{j}_{k}"] for k in ("values", "bytes", "lengths", "shapes")
                     if f"{j}_{k}" in f.files}
            columns.append(_uncolumn(parts, s.dtype) if count else [])
    return [structure.pack(spec, [Tensor(np.asarray(c[i])) for c in columns])
            for i in range(count)]


# ---- element_spec as JSON ------------------------------------------------------------------
def spec_to_json(spec):
    if isinstance(spec, dict):
        return {"dict": {k: spec_to_json(v) for k, v in spec.items()}}
    if isinstance(spec, tuple):
        return {"tuple": [spec_to_json(v) for v in spec]}
    return {"shape": spec.shape.as_list() if spec.shape.rank is not None else None,
            "dtype": spec.dtype.name}


def spec_from_json(data):
    if "dict" in data:
        return {k: spec_from_json(v) for k, v in data["dict"].items()}
    if "tuple" in data:
        return tuple(spec_from_json(v) for v in data["tuple"])
    return TensorSpec(TensorShape(data["shape"]), dtypes.as_dtype(data["dtype"]))


def save(dataset, path):
    """`Dataset.save`: the directory `path` holding the elements, their spec and count."""
    path = os.fspath(path)
    elements = list(dataset._iterate())
    os.makedirs(path, exist_ok=True)
    write_elements(os.path.join(path, "elements.npz"), elements)
    with open(os.path.join(path, "dataset_spec.json"), "w") as f:
        json.dump(dict(spec_to_json(dataset.element_spec), elements=len(elements)), f)


def load_spec(path):
    with open(os.path.join(path, "dataset_spec.json")) as f:
        return spec_from_json(json.load(f))


# ---- datasets ------------------------------------------------------------------------------
class CacheDataset(_UnaryDataset):
    """`cache(filename)`: the first complete pass writes `filename.index` and
    `filename.data-00000-of-00001`; every later pass (of any dataset cached to the same file)
    reads them. A pass stopped early writes nothing."""

    def __init__(self, input_dataset, filename):
        super().__init__(input_dataset)
        self._filename = os.fspath(filename)

    def _iterate(self):
        index = self._filename + ".index"
        data = self._filename + ".data-00000-of-00001"
        if os.path.exists(index):
            yield from read_elements(data, self.element_spec)
            return
        seen = []
        for element in self._input._iterate():
            seen.append(element)
            yield element
        write_elements(data, seen)
        with open(index, "w") as f:       # written last: the cache is complete
            json.dump({"elements": len(seen), "spec": spec_to_json(self.element_spec)}, f)


class LoadDataset(DatasetV2):
    """`Dataset.load(path)`: the elements a `Dataset.save(path)` wrote."""

    _tf_class = "_LoadDataset"

    def __init__(self, path, element_spec=None):
        self._path = os.fspath(path)
        if not os.path.exists(os.path.join(self._path, "dataset_spec.json")):
            from tapeviz.framework.errors import NotFoundError
            raise NotFoundError(None, None, f"Could not find metadata file "
                                f"[[{os.path.join(self._path, 'dataset_spec.json')}]]")
        self._spec = element_spec if element_spec is not None else load_spec(self._path)
        with open(os.path.join(self._path, "dataset_spec.json")) as f:
            self._cardinality = json.load(f).get("elements", -2)

    def _element_spec(self):
        return self._spec

    def _iterate(self):
        return iter(read_elements(os.path.join(self._path, "elements.npz"), self._spec))

"""The checkpoint file format, and the `checkpoint` state file.

A checkpoint `prefix` is two files:

* `prefix.data-00000-of-00001`: every tensor's raw bytes (little-endian, C order), back to back.
  String tensors store each element as an 8-byte little-endian length and its bytes.
* `prefix.index`: one line of canonical JSON (sorted keys, no spaces, ASCII only)::

    {"checksum": sha256 of the canonical JSON of "payload",
     "format": "tapeviz-checkpoint", "version": 1,
     "payload": {"data_length": total bytes of the data file,
                 "object_graph": {"nodes": [{"children": [[local_name, node_id], ...],
                                             "attributes": [{"name": "VARIABLE_VALUE",
                                                             "full_name": ..., "checkpoint_key": ...}]}]},
                 "tensors": {key: {"dtype": "float32", "shape": [2], "offset": 0,
                                   "length": 8, "sha256": hex digest of the bytes}}}}

No pickle and no eval: the reader accepts only this structure, byte for byte (a file that is
not exactly the canonical form of what it parses to is rejected), and every tensor's bytes are
checked against their sha256. Keys and names are data, never paths.

Writes are atomic: each file is written to a temporary file in the same directory, fsynced,
renamed over the target with `os.replace`, and the directory is fsynced; the data file goes
first, the index second, and the `checkpoint` state file (written by the callers) last. A crash
at any moment leaves the previous state file pointing at a complete, valid checkpoint.
"""
import hashlib
import json
import logging
import math
import os
import re
import tempfile

import numpy as np

from tapeviz.framework import dtypes, errors

FORMAT, VERSION = "tapeviz-checkpoint", 1
DATA_SUFFIX = ".data-00000-of-00001"
INDEX_SUFFIX = ".index"
GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"
STATE_FILE = "checkpoint"
CHUNK = 1 << 22          # bytes streamed per read/write: big tensors are never copied whole
MAX_INDEX_BYTES = 1 << 30

logger = logging.getLogger("tapeviz")

_NOT_FOUND = "Unsuccessful TensorSliceReader constructor: Failed to find any matching files for {}"
_IS_DIR = ("Unable to open table file {0}: FAILED_PRECONDITION: {0}; Is a directory: perhaps your "
           "file is in a different file format and you need to use a different restore operator?")


def canonical_json(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                      allow_nan=False).encode("ascii")


# ---- atomic files ---------------------------------------------------------------------------------

def atomic_write(path, write_body):
    """Writes `path` through `write_body(file)` so that readers see the old or the new file only."""
    directory = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.{os.getpid()}.",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write_body(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(directory)


def fsync_dir(directory):
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_TEMP = re.compile(r"^\..+\.(\d+)\.[A-Za-z0-9_]+\.tmp$")


def remove_stale_temporaries(directory):
    """Deletes temporary files left by writers that died (their process no longer exists)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        m = _TEMP.match(name)
        if m and not _alive(int(m.group(1))):
            try:
                os.unlink(os.path.join(directory, name))
            except OSError:
                pass


def _alive(pid):
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


# ---- tensors as bytes ---------------------------------------------------------------------------

def _byte_view(array):
    """A little-endian, C-contiguous flat uint8 view of `array` (a copy only if it must be)."""
    array = np.asarray(array)
    if array.dtype.byteorder == ">" or (array.dtype.byteorder == "=" and not _LITTLE):
        array = array.astype(array.dtype.newbyteorder("<"))
    array = np.ascontiguousarray(array)
    return memoryview(array.reshape(-1).view(np.uint8)) if array.size else memoryview(b"")


_LITTLE = np.little_endian


def _string_chunks(array):
    for item in np.asarray(array, dtype=object).reshape(-1):
        data = item if isinstance(item, bytes) else str(item).encode("utf-8")
        yield len(data).to_bytes(8, "little") + data


def write_checkpoint(prefix, object_graph, tensors):
    """Writes `prefix.data-...` then `prefix.index`. `tensors` is [(key, array)], arrays not copied."""
    directory = os.path.dirname(prefix)
    if directory:
        os.makedirs(directory, exist_ok=True)
    entries = {}

    def write_data(f):
        offset = 0
        for key, array in tensors:
            array = np.asarray(array)
            dtype = dtypes.of_array(array)
            digest = hashlib.sha256()
            length = 0
            if dtype is dtypes.string:
                pieces = _string_chunks(array)
            else:
                view = _byte_view(array)
                pieces = (view[i:i + CHUNK] for i in range(0, len(view), CHUNK))
            for piece in pieces:
                f.write(piece)
                digest.update(piece)
                length += len(piece)
            entries[key] = {"dtype": dtype.name, "shape": [int(d) for d in array.shape],
                            "offset": offset, "length": length, "sha256": digest.hexdigest()}
            offset += length
        entries_total[0] = offset

    entries_total = [0]
    atomic_write(prefix + DATA_SUFFIX, write_data)
    payload = {"data_length": entries_total[0], "object_graph": object_graph, "tensors": entries}
    body = {"checksum": hashlib.sha256(canonical_json(payload)).hexdigest(), "format": FORMAT,
            "payload": payload, "version": VERSION}
    atomic_write(prefix + INDEX_SUFFIX, lambda f: f.write(canonical_json(body)))


# ---- reading ----------------------------------------------------------------------------------------

class Entry:
    """One tensor's record in the index."""

    __slots__ = ("key", "dtype", "shape", "offset", "length", "sha256")

    def __init__(self, key, dtype, shape, offset, length, sha256):
        self.key, self.dtype, self.shape = key, dtype, shape
        self.offset, self.length, self.sha256 = offset, length, sha256


class Reader:
    """A validated view of one checkpoint: the index is checked on open, tensors on read.

    Raises:
      NotFoundError: no `prefix.index` (or its data file) exists.
      DataLossError: `prefix` is a directory, or a file is not a valid tapeviz checkpoint.
    """

    def __init__(self, prefix):
        prefix = os.fspath(prefix)
        self.prefix = prefix
        self.index_path = prefix + INDEX_SUFFIX
        self.data_path = prefix + DATA_SUFFIX
        if os.path.isdir(prefix):
            raise errors.DataLossError(None, None, _IS_DIR.format(prefix))
        if not os.path.isfile(self.index_path):
            raise errors.NotFoundError(None, None, _NOT_FOUND.format(prefix))
        payload = self._load_index()
        self.object_graph = payload["object_graph"]
        self.entries = payload["tensors"]
        if not os.path.isfile(self.data_path):
            raise errors.NotFoundError(None, None, f"{self.data_path}; No such file or directory")
        size = os.path.getsize(self.data_path)
        if size != payload["data_length"]:
            self._corrupt(self.data_path, f"the data file has {size} bytes, the index expects "
                                          f"{payload['data_length']}")

    @staticmethod
    def _corrupt(path, why):
        raise errors.DataLossError(None, None, f"Checkpoint file {path} is corrupted or truncated: "
                                               f"{why}.")

    def _load_index(self):
        path = self.index_path
        raw = read_small_file(path, MAX_INDEX_BYTES)
        if raw is None:
            self._corrupt(path, "the index is too large")
        try:
            body = json.loads(raw.decode("ascii"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            self._corrupt(path, "the index is not valid JSON")
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            self._corrupt(path, "not a tapeviz checkpoint index")
        if body.get("version") != VERSION:
            self._corrupt(path, f"unsupported format version {body.get('version')!r}")
        try:
            canonical = canonical_json(body)
            payload_json = canonical_json(body.get("payload"))
        except (TypeError, ValueError):
            self._corrupt(path, "the index is not in canonical form")
        if canonical != raw:
            self._corrupt(path, "the index is not in canonical form")
        if hashlib.sha256(payload_json).hexdigest() != body.get("checksum"):
            self._corrupt(path, "the index checksum does not match")
        payload = body["payload"]
        try:
            payload["tensors"] = self._entries(payload)
            _check_graph(payload["object_graph"], payload["tensors"])
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            self._corrupt(path, f"malformed index ({e})")
        return payload

    @staticmethod
    def _entries(payload):
        data_length = payload["data_length"]
        if not _is_int(data_length) or data_length < 0:
            raise ValueError("bad data_length")
        out = {}
        for key, e in payload["tensors"].items():
            dtype = dtypes.as_dtype(e["dtype"])
            shape = e["shape"]
            if (not isinstance(e["dtype"], str) or not isinstance(shape, list)
                    or not all(_is_int(d) and d >= 0 for d in shape)):
                raise ValueError(f"bad dtype or shape for {key!r}")
            offset, length, digest = e["offset"], e["length"], e["sha256"]
            if not (_is_int(offset) and _is_int(length) and 0 <= offset
                    and 0 <= length and offset + length <= data_length):
                raise ValueError(f"bad extent for {key!r}")
            if dtype is not dtypes.string and length != math.prod(shape) * dtype.size:
                raise ValueError(f"length of {key!r} does not match its shape")
            if not (isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest)):
                raise ValueError(f"bad checksum for {key!r}")
            out[key] = Entry(key, dtype, tuple(shape), offset, length, digest)
        return out

    # ---- access -----------------------------------------------------------------------------
    def keys(self):
        return list(self.entries)

    def graph_bytes(self):
        return canonical_json(self.object_graph)

    def read(self, key):
        """A fresh, checksum-verified NumPy array for `key` (read in place, chunk by chunk)."""
        e = self.entries[key]
        with open(self.data_path, "rb") as f:
            f.seek(e.offset)
            if e.dtype is dtypes.string:
                raw = _read_exact(f, e.length, self.data_path)
                self._check_digest(e, hashlib.sha256(raw).hexdigest())
                return self._strings(e, raw)
            array = np.empty(e.shape, dtype=np.dtype(e.dtype.as_numpy_dtype).newbyteorder("<"))
            view = memoryview(array.reshape(-1).view(np.uint8)) if array.size else memoryview(b"")
            digest = hashlib.sha256()
            for i in range(0, len(view), CHUNK):
                piece = view[i:i + CHUNK]
                if f.readinto(piece) != len(piece):
                    self._corrupt(self.data_path, f"tensor {key!r} is truncated")
                digest.update(piece)
        self._check_digest(e, digest.hexdigest())
        if not _LITTLE:
            array = array.astype(array.dtype.newbyteorder("="))
        return array

    def verify(self, key, buffer=None):
        """Checks `key`'s bytes against its checksum without keeping them."""
        e = self.entries[key]
        buffer = buffer if buffer is not None else bytearray(CHUNK)
        digest = hashlib.sha256()
        with open(self.data_path, "rb") as f:
            f.seek(e.offset)
            left = e.length
            view = memoryview(buffer)
            while left:
                n = f.readinto(view[:min(left, len(buffer))])
                if not n:
                    self._corrupt(self.data_path, f"tensor {key!r} is truncated")
                digest.update(view[:n])
                left -= n
        self._check_digest(e, digest.hexdigest())

    def _check_digest(self, e, digest):
        if digest != e.sha256:
            self._corrupt(self.data_path, f"checksum of tensor {e.key!r} does not match "
                                          f"(stored {e.sha256[:16]}..., computed {digest[:16]}...)")

    def _strings(self, e, raw):
        items, pos = [], 0
        for _ in range(math.prod(e.shape)):
            if pos + 8 > len(raw):
                self._corrupt(self.data_path, f"string tensor {e.key!r} is malformed")
            n = int.from_bytes(raw[pos:pos + 8], "little")
            items.append(bytes(raw[pos + 8:pos + 8 + n]))
            pos += 8 + n
        if pos != len(raw):
            self._corrupt(self.data_path, f"string tensor {e.key!r} is malformed")
        out = np.empty(len(items), dtype=object)
        out[:] = items
        return out.reshape(e.shape)


def read_small_file(path, limit):
    """The bytes of `path`, or None if it is larger than `limit` (no buffer beyond its size)."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > limit:
            return None
        return f.read(size + 1)


def _read_exact(f, n, path):
    data = f.read(n)
    if len(data) != n:
        Reader._corrupt(path, "a tensor is truncated")
    return data


def _is_int(x):
    return type(x) is int


def _check_graph(graph, tensors):
    nodes = graph["nodes"]
    if not isinstance(nodes, list) or not nodes:
        raise ValueError("the object graph has no root")
    for node in nodes:
        for name, node_id in node["children"]:
            if not isinstance(name, str) or not _is_int(node_id) or not 0 <= node_id < len(nodes):
                raise ValueError("bad child reference in the object graph")
        for attr in node["attributes"]:
            if not all(isinstance(attr[k], str) for k in ("name", "full_name", "checkpoint_key")):
                raise ValueError("bad attribute in the object graph")
            if attr["checkpoint_key"] not in tensors:
                raise ValueError(f"the object graph names a missing tensor {attr['checkpoint_key']!r}")


# ---- the `checkpoint` state file --------------------------------------------------------------------

class CheckpointState:
    """The parsed `checkpoint` file (TF's `CheckpointState` proto)."""

    def __init__(self, model_checkpoint_path="", all_model_checkpoint_paths=(),
                 all_model_checkpoint_timestamps=(), last_preserved_timestamp=0.0):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths)
        self.all_model_checkpoint_timestamps = list(all_model_checkpoint_timestamps)
        self.last_preserved_timestamp = last_preserved_timestamp

    def to_text(self):
        lines = []
        if self.model_checkpoint_path:
            lines.append(f"model_checkpoint_path: {text_quote(self.model_checkpoint_path)}")
        lines += [f"all_model_checkpoint_paths: {text_quote(p)}" for p in self.all_model_checkpoint_paths]
        lines += [f"all_model_checkpoint_timestamps: {_number(t)}"
                  for t in self.all_model_checkpoint_timestamps]
        if self.last_preserved_timestamp:
            lines.append(f"last_preserved_timestamp: {_number(self.last_preserved_timestamp)}")
        return "".join(line + "\n" for line in lines)

    def __eq__(self, other):
        return isinstance(other, CheckpointState) and self.to_text() == other.to_text()

    __hash__ = None

    def __repr__(self):
        return self.to_text()

    __str__ = __repr__


class ParseError(ValueError):
    """The state file is not a CheckpointState in text format."""


_ESCAPES = {"n": b"\n", "r": b"\r", "t": b"\t", '"': b'"', "'": b"'", "\\": b"\\", "a": b"\a",
            "b": b"\b", "f": b"\f", "v": b"\v", "?": b"?"}


def text_quote(s):
    """A string as a text-format protobuf literal (C escapes; non-ASCII bytes as octal)."""
    out = []
    for byte in s.encode("utf-8", "surrogateescape"):
        ch = chr(byte)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif 0x20 <= byte < 0x7F:
            out.append(ch)
        else:
            out.append(f"\\{byte:03o}")
    return '"' + "".join(out) + '"'


def _unquote(literal):
    if len(literal) < 2 or literal[0] != literal[-1] or literal[0] not in "\"'":
        raise ParseError(f"expected a string, got {literal[:40]!r}")
    body, out, i = literal[1:-1], bytearray(), 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            if i + 1 >= len(body):
                raise ParseError("dangling escape")
            nxt = body[i + 1]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt]
                i += 2
            elif nxt in "01234567":
                m = re.match(r"[0-7]{1,3}", body[i + 1:])
                out.append(int(m.group(0), 8) & 0xFF)
                i += 1 + len(m.group(0))
            elif nxt in "xX":
                m = re.match(r"[0-9a-fA-F]{1,2}", body[i + 2:])
                if not m:
                    raise ParseError("bad \\x escape")
                out.append(int(m.group(0), 16))
                i += 2 + len(m.group(0))
            else:
                raise ParseError(f"unknown escape \\{nxt}")
        elif ch == literal[0]:
            raise ParseError("unescaped quote")
        else:
            out += ch.encode("utf-8")
            i += 1
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ParseError(str(e)) from None


def _number(x):
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


_LINE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*?)\s*$")
_STRING_FIELDS = {"model_checkpoint_path", "all_model_checkpoint_paths"}
_NUMBER_FIELDS = {"all_model_checkpoint_timestamps", "last_preserved_timestamp"}


def parse_state(text):
    """Parses the text of a `checkpoint` file. Raises ParseError."""
    state = CheckpointState()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            raise ParseError(f"{n}:1 : cannot parse {line[:60]!r}")
        field, value = m.groups()
        if field in _STRING_FIELDS:
            value = _unquote(value)
        elif field in _NUMBER_FIELDS:
            try:
                value = float(value)
            except ValueError:
                raise ParseError(f"{n}:1 : expected a number for {field}") from None
            if not math.isfinite(value):
                raise ParseError(f"{n}:1 : {field} is not finite")
        else:
            raise ParseError(f'{n}:1 : Message type "tensorflow.CheckpointState" has no field '
                             f'named "{field}".')
        if field.startswith("all_"):
            getattr(state, field).append(value)
        else:
            setattr(state, field, value)
    return state


def state_path(directory, latest_filename=None):
    return os.path.join(directory, latest_filename or STATE_FILE)


def read_state(directory, latest_filename=None):
    """The CheckpointState of `directory` with absolute paths, or None (a bad file is ignored)."""
    path = state_path(directory, latest_filename)
    try:
        raw = read_small_file(path, 1 << 24)
    except (FileNotFoundError, IsADirectoryError):
        return None
    if raw is None:
        logger.warning("%s: Checkpoint ignored (too large)", path)
        return None
    try:
        state = parse_state(raw.decode("utf-8"))
    except (UnicodeDecodeError, ParseError) as e:
        logger.warning("ParseError: %s", e)
        logger.warning("%s: Checkpoint ignored", path)
        return None
    if not state.model_checkpoint_path:    # TF raises ValueError; an empty file is ignored here
        logger.warning("%s: Checkpoint ignored (no model_checkpoint_path)", path)
        return None
    state.model_checkpoint_path = _absolute(directory, state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [_absolute(directory, p)
                                        for p in state.all_model_checkpoint_paths]
    return state


def _absolute(directory, path):
    return path if os.path.isabs(path) else os.path.join(directory, path)


def write_state(directory, model_checkpoint_path, all_model_checkpoint_paths,
                all_model_checkpoint_timestamps=None, last_preserved_timestamp=None,
                latest_filename=None):
    """Atomically (re)writes the `checkpoint` file, with paths relative to `directory`."""
    def relative(p):
        return os.path.relpath(p, directory) if os.path.isabs(p) or directory else p
    state = CheckpointState(relative(model_checkpoint_path),
                            [relative(p) for p in all_model_checkpoint_paths],
                            all_model_checkpoint_timestamps or (),
                            last_preserved_timestamp or 0.0)
    text = state.to_text().encode("utf-8")
    atomic_write(state_path(directory or ".", latest_filename), lambda f: f.write(text))

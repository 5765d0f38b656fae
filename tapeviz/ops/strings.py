"""`tf.strings` on TF's bytes semantics: a string Tensor holds `bytes` (NumPy object arrays), and
lengths and positions count bytes unless `unit="UTF8_CHAR"` says characters.

This module has the element-wise and joining ops, the regexes and the hash buckets; numbers to
and from strings live in `strings_format.py`, and the ops that give ragged results (split,
unicode, ngrams) in `strings_ragged.py`. No string op is differentiable.

Regexes: TF uses RE2; tapeviz runs Python's `re` on the UTF-8 bytes, the pattern compiled to a
bytes pattern by `re2.py` (which says where the two still differ), and replaces as RE2's
GlobalReplace does (no empty match right after a match; `\\0`..`\\9` in the rewrite).
"""
import functools
import re

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework import errors
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor, mismatch
from tapeviz.framework.errors import kernel_error, shape_list
from tapeviz.framework.registry import defop, nondifferentiable
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import re2, string_hash
from tapeviz.ops.string_rows import is_ragged, object_array, on_flat_values, with_splits


# ---- helpers shared by the string modules ------------------------------------------------------
def string_input(x, op_type, index=0, on_tensor="kernel", on_list="string", prefix=""):
    """`x` as a string Tensor, refusing another dtype the way the op's TF wrapper does.

    Args:
      on_tensor: for a Tensor of another dtype, "kernel" (the op's InvalidArgumentError naming
        `op_type`) or "conversion" (the wrapper's ValueError, after `prefix`).
      on_list: for a Python value, "string" (converted as strings: TypeError if it cannot be),
        or "kernel"/"conversion": converted by its own dtype, then refused as a Tensor would be.
    """
    if getattr(x, "_is_variable", False):
        x = x.read_value()
    if isinstance(x, Tensor):
        t, rule = x, on_tensor
    elif on_list == "string":
        return convert_to_tensor(x, dtype=D.string)
    else:
        t, rule = convert_to_tensor(x), on_list
    if t.dtype is D.string:
        return t
    if rule == "kernel":
        raise mismatch(op_type, index, D.string, t.dtype)
    raise ValueError(f"{prefix}Tensor conversion requested dtype string for Tensor with dtype {t.dtype.name}: {t!r}")


def elementwise(fn, out_dtype=object):
    """A forward applying `fn` to each bytes element of an object array (any shape)."""
    def forward(x, **attrs):
        flat = [fn(v, **attrs) for v in np.asarray(x).reshape(-1)]
        out = np.empty(len(flat), dtype=out_dtype) if out_dtype is object else np.array(flat, dtype=out_dtype)
        if out_dtype is object:
            out[:] = flat
        return out.reshape(np.shape(x))
    return forward


def char_starts(s):
    """Byte offsets where UTF-8 characters start (every byte that is not a continuation byte)."""
    return [i for i, b in enumerate(s) if b & 0xC0 != 0x80]


def fast_path_name(first_input):
    """What TF's kernel errors end with: ` name: ` when the first input came in as a Tensor
    (TF's eager fast path), nothing when a Python value was converted first."""
    return "" if isinstance(first_input, Tensor) or getattr(first_input, "_is_variable", False) else None


def attr_error(op_type, message):
    """TF's error for an attribute outside its op definition (raised before any kernel runs)."""
    return errors.InvalidArgumentError(None, op_type, f"{message} [Op:{op_type}]")


# ---- length and substr -----------------------------------------------------------------------
def _check_unit(op_type, unit):
    if unit not in ("BYTE", "UTF8_CHAR"):
        raise attr_error(op_type, f"Value for attr 'unit' of \"{unit}\" is not in the list of allowed "
                                  "values: \"BYTE\", \"UTF8_CHAR\"")


def _length(s, unit="BYTE"):
    return len(s) if unit == "BYTE" else len(char_starts(s))


_string_length = defop("StringLength", elementwise(_length, np.int32), dtypes=None)
nondifferentiable(_string_length)


def length(input, unit="BYTE", name=None):
    """The length of each string in bytes, or in UTF-8 characters with unit="UTF8_CHAR" (an
    invalid byte counts as one character)."""
    _check_unit("StringLength", unit)
    return _string_length(string_input(input, "StringLength"), unit=unit)


def _np_substr(x, pos, size, unit="BYTE", error_name=None):
    x, pos, size = np.broadcast_arrays(np.asarray(x, dtype=object), np.asarray(pos), np.asarray(size))
    out = []
    for i, (s, p, n) in enumerate(zip(x.reshape(-1), pos.reshape(-1), size.reshape(-1))):
        starts = list(range(len(s))) if unit == "BYTE" else char_starts(s)
        count = len(starts)
        p, n = int(p), int(n)
        first = p + count if p < 0 else p
        if not 0 <= first <= count:
            shown = f"{s!r} " if unit == "BYTE" else ""   # TF's UTF8_CHAR message leaves it out
            raise kernel_error("Substr", f"pos {p} out of range for string {shown}at index {i}", name=error_name)
        last = count if n < 0 else min(first + n, count)
        bounds = starts + [len(s)]
        out.append(s[bounds[first]:bounds[last]])
    return object_array(out, x.shape)


_substr = defop("Substr", _np_substr, dtypes=None, match=False)
nondifferentiable(_substr)


def substr(input, pos, len, unit="BYTE", name=None):  # noqa: A002 (TF's argument name)
    """`len` bytes (or characters) of each string from `pos` (negative counts from the end; a
    negative `len` takes the rest). `pos` and `len` broadcast against `input`.

    Raises:
      InvalidArgumentError: a position outside the string.
    """
    _check_unit("Substr", unit)
    return _substr(string_input(input, "Substr"), convert_to_tensor(pos), convert_to_tensor(len), unit=unit,
                   error_name=fast_path_name(input))


# ---- joining -----------------------------------------------------------------------------------
def _np_join(*xs, separator="", error_name=None):
    shapes = [np.shape(x) for x in xs if np.ndim(x)]
    for s in shapes[1:]:
        if s != shapes[0]:
            raise kernel_error("StringJoin", f"Input shapes do not match: {shape_list(shapes[0])} vs. "
                               f"{shape_list(s)}", node=f"StringJoin_N_{len(xs)}", name=error_name)
    shape = shapes[0] if shapes else ()
    parts = [np.broadcast_to(np.asarray(x, dtype=object), shape).reshape(-1) for x in xs]
    sep = separator.encode() if isinstance(separator, str) else separator
    joined = [sep.join(row) for row in zip(*parts)] if parts else [b""]
    return object_array(joined, shape)


_string_join = defop("StringJoin", _np_join, dtypes=None)
nondifferentiable(_string_join)


def join(inputs, separator="", name=None):
    """The strings of `inputs` (same shapes, or scalars) joined element by element."""
    inputs = list(inputs)
    ragged = [x for x in inputs if is_ragged(x)]
    if ragged:   # ragged inputs of one row partition: joined value by value
        flats = [x.flat_values if is_ragged(x) else x for x in inputs]
        return with_splits(join(flats, separator), ragged[0].nested_row_splits)
    return _string_join(*[string_input(x, "StringJoin", i) for i, x in enumerate(inputs)], separator=separator,
                        error_name=fast_path_name(inputs[0]) if inputs else None)


def _np_reduce_join(x, axes, keep_dims=False, separator=""):
    x = np.asarray(x, dtype=object)
    rank = x.ndim
    order = []
    for a in axes:
        if not -rank <= a < max(rank, 1):
            raise kernel_error("ReduceJoin", f"Invalid reduction dimension {a} for input with {rank} "
                               "dimension(s)", name="", cls=errors.OutOfRangeError)
        order.append(a % rank if rank else 0)
    kept = [d for d in range(rank) if d not in order]
    # the first listed axis varies fastest in the joined order
    moved = np.transpose(x, kept + order[::-1]) if rank else x.reshape(1)
    sep = separator.encode() if isinstance(separator, str) else separator
    rows = moved.reshape([x.shape[d] for d in kept] + [-1])
    out = np.empty(rows.shape[:-1], dtype=object)
    for i in np.ndindex(out.shape):
        out[i] = sep.join(rows[i])
    if keep_dims:
        out = out.reshape([1 if d in order else n for d, n in enumerate(x.shape)])
    return out


_reduce_join = defop("ReduceJoin", _np_reduce_join, dtypes=None)
nondifferentiable(_reduce_join)


def reduce_join(inputs, axis=None, keepdims=False, separator="", name=None):
    """The strings joined along `axis` (every axis by default, in row-major order).

    Raises:
      OutOfRangeError: an axis outside the rank.
    """
    if is_ragged(inputs):
        return _ragged_reduce_join(inputs, axis, keepdims, separator)
    x = string_input(inputs, "ReduceJoin", on_list="kernel")
    if axis is None:
        axes = list(range(x.ndim))[::-1]
    else:
        axis = axis._value.tolist() if isinstance(axis, Tensor) else axis
        axes = [int(a) for a in (axis if isinstance(axis, (list, tuple)) else [axis])]
    return _reduce_join(x, axes=axes, keep_dims=bool(keepdims), separator=separator)


def _np_segment_join(x, ids, num_segments, separator=""):
    x, ids = np.asarray(x, dtype=object), np.asarray(ids)
    if ids.shape != x.shape[:ids.ndim]:
        raise kernel_error("UnsortedSegmentJoin", f"data.shape = {shape_list(x.shape)} does not start with "
                           f"segment_ids.shape = {shape_list(ids.shape)}")
    sep = separator.encode() if isinstance(separator, str) else separator
    rest = x.shape[ids.ndim:]
    rows = x.reshape((-1,) + rest)
    parts = [[[] for _ in range(int(np.prod(rest, dtype=np.int64)))] for _ in range(num_segments)]
    for row, seg in zip(rows, ids.reshape(-1)):
        if not 0 <= seg < num_segments:
            raise kernel_error("UnsortedSegmentJoin", "segment_ids are not allowed to exceed num_segments or "
                               "to have negative values.")
        for k, v in enumerate(np.asarray(row, dtype=object).reshape(-1)):
            parts[seg][k].append(v)
    return object_array([sep.join(p) for seg in parts for p in seg], (num_segments,) + rest)


_segment_join = defop("UnsortedSegmentJoin", _np_segment_join, dtypes=None, match=False)
nondifferentiable(_segment_join)


def unsorted_segment_join(inputs, segment_ids, num_segments, separator="", name=None):
    """The strings of `inputs` joined by `segment_ids` into `num_segments` rows (in order)."""
    ids = segment_ids if isinstance(segment_ids, Tensor) else convert_to_tensor(segment_ids)
    return _segment_join(string_input(inputs, "UnsortedSegmentJoin"), ids, num_segments=int(num_segments),
                         separator=separator)


def _ragged_reduce_join(rt, axis, keepdims, separator):
    """reduce_join of a RaggedTensor over all of it, or over its innermost (ragged) rows."""
    splits = list(rt.nested_row_splits)
    rank = len(splits) + rt.flat_values.ndim
    if axis is None:
        return reduce_join(rt.flat_values, None, keepdims, separator)
    if int(axis) not in (-1, rank - 1) or rt.flat_values.ndim != 1:
        raise NotImplementedError("tapeviz: reduce_join of a RaggedTensor over an axis other than its "
                                  "innermost ragged one")
    sep = separator.encode() if isinstance(separator, str) else separator
    flat, inner = rt.flat_values._value, splits[-1]._value
    joined = object_array([sep.join(flat[a:b]) for a, b in zip(inner[:-1], inner[1:])], (len(inner) - 1,))
    if keepdims:
        joined = joined.reshape(-1, 1)
    return with_splits(Tensor(joined), splits[:-1])


# ---- case and whitespace -----------------------------------------------------------------------
def _change_case(method):
    def change(s, encoding=""):
        if encoding.lower().replace("-", "") == "utf8":   # an invalid byte becomes U+FFFD, as ICU's
            return getattr(s.decode("utf-8", "replace"), method)().encode("utf-8")
        return getattr(s, method)()   # bytes methods change ASCII letters only, as TF without encoding
    return change


_upper = defop("StringUpper", elementwise(_change_case("upper")), dtypes=None)
nondifferentiable(_upper)
_lower = defop("StringLower", elementwise(_change_case("lower")), dtypes=None)
nondifferentiable(_lower)
_strip = defop("StringStrip", elementwise(bytes.strip), dtypes=None)
nondifferentiable(_strip)


def upper(input, encoding="", name=None):
    """Upper-cases ASCII letters, or every letter with encoding="utf-8"."""
    return _upper(string_input(input, "StringUpper"), encoding=encoding)


def lower(input, encoding="", name=None):
    """Lower-cases ASCII letters, or every letter with encoding="utf-8"."""
    return _lower(string_input(input, "StringLower"), encoding=encoding)


def strip(input, name=None):
    """Strips leading and trailing ASCII whitespace."""
    return _strip(string_input(input, "StringStrip"))


# ---- regular expressions -----------------------------------------------------------------------
@functools.lru_cache(maxsize=256)
def _compiled(pattern):
    return re.compile(re2.translate(pattern))


def _compile(op_type, pattern, error_name=None):
    text = pattern.decode("utf-8", "replace") if isinstance(pattern, bytes) else str(pattern)
    try:
        return _compiled(pattern)
    except (ValueError, re.error) as e:   # RE2's message (re.error: a pattern too big for Python)
        raise kernel_error(op_type, f"Invalid pattern: {text}, error: {e}", name=error_name) from None


def _rewrite(match, template):
    """RE2::Rewrite: `\\0`..`\\9` are groups, `\\\\` a backslash; any other backslash makes
    the rewrite invalid. Returns (the text written up to there, whether it was valid)."""
    out, i = [], 0
    while i < len(template):
        c = template[i:i + 1]
        if c != b"\\":
            out.append(c)
            i += 1
            continue
        nxt = template[i + 1:i + 2]
        if nxt.isdigit():
            out.append(match.group(int(nxt)) or b"")
        elif nxt == b"\\":
            out.append(b"\\")
        else:
            return b"".join(out), False
        i += 2
    return b"".join(out), True


def _max_submatch(template):
    """The highest group `template` names (RE2::MaxSubmatch)."""
    return max([int(template[i + 1:i + 2]) for i in range(len(template) - 1)
                if template[i:i + 1] == b"\\" and template[i + 1:i + 2].isdigit()] + [0])


def _bytes(value):
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def _np_regex_replace(x, pattern, rewrite, replace_global=True, error_name=None):
    compiled = _compile("StaticRegexReplace", pattern, error_name)
    template = _bytes(rewrite)

    def replace(s):
        # RE2::GlobalReplace: after an empty match where the last match ended, copy one UTF-8
        # character (one byte if it is not valid UTF-8) and search again
        text = _bytes(s)
        if _max_submatch(template) > compiled.groups:
            return text             # RE2 replaces nothing when the rewrite names a missing group
        out, p, last_end, count = [], 0, None, 0
        while p <= len(text):
            m = compiled.search(text, p)
            if m is None:
                break
            out.append(text[p:m.start()])
            if m.start() == m.end() and m.start() == last_end:
                p = m.start()
                n = _utf8_length(text, p)
                out.append(text[p:p + n])
                p += max(n, 1)
                continue
            written, valid = _rewrite(m, template)
            if not replace_global and not valid:
                return text         # RE2::Replace gives up; GlobalReplace keeps what was written
            out.append(written)
            p = last_end = m.end()
            count += 1
            if not replace_global:
                break
        if count == 0:
            return text
        return b"".join(out) + text[p:]
    return elementwise(replace)(x)


def _utf8_length(text, p):
    """The bytes of the UTF-8 character at `p` (1 for an invalid byte, 0 at the end)."""
    for n in (1, 2, 3, 4):
        try:
            text[p:p + n].decode("utf-8")
            return min(n, len(text) - p)
        except UnicodeDecodeError:
            continue
    return 1


_regex_replace = defop("StaticRegexReplace", _np_regex_replace, dtypes=None)
nondifferentiable(_regex_replace)


def regex_replace(input, pattern, rewrite, replace_global=True, name=None):
    """Replaces matches of the regex `pattern` by `rewrite` (`\\1` a group, `\\0` the match);
    only the first match when replace_global is False.

    Raises:
      InvalidArgumentError: the pattern does not compile.
    """
    pattern = pattern.numpy() if isinstance(pattern, Tensor) else pattern
    rewrite = rewrite.numpy() if isinstance(rewrite, Tensor) else rewrite
    return _regex_replace(string_input(input, "StaticRegexReplace"), pattern=pattern, rewrite=rewrite,
                          replace_global=bool(replace_global), error_name=fast_path_name(input))


def _np_full_match(x, pattern, error_name=None):
    compiled = _compile("StaticRegexFullMatch", pattern, error_name)
    return elementwise(lambda s: compiled.fullmatch(_bytes(s)) is not None, bool)(x)


_regex_full_match = defop("StaticRegexFullMatch", _np_full_match, dtypes=None)
nondifferentiable(_regex_full_match)


def regex_full_match(input, pattern, name=None):
    """Whether each whole string matches the regex `pattern`."""
    pattern = pattern.numpy() if isinstance(pattern, Tensor) else pattern
    return _regex_full_match(string_input(input, "StaticRegexFullMatch"), pattern=pattern,
                             error_name=fast_path_name(input))


# ---- hash buckets ------------------------------------------------------------------------------
def _check_buckets(op_type, num_buckets):
    if int(num_buckets) < 1:
        raise attr_error(op_type, f"Value for attr 'num_buckets' of {int(num_buckets)} must be at least minimum 1")
    return int(num_buckets)


def _bucket_forward(hash_fn):
    def forward(x, num_buckets, key=None):
        return elementwise(lambda s: hash_fn(s, key) % num_buckets, np.int64)(x)
    return forward


_hash_fast = defop("StringToHashBucketFast", _bucket_forward(lambda s, key: string_hash.fingerprint64(s)),
                   dtypes=None)
nondifferentiable(_hash_fast)
_hash_strong = defop("StringToHashBucketStrong",
                     _bucket_forward(lambda s, key: string_hash.siphash24(key, s)), dtypes=None)
nondifferentiable(_hash_strong)
_hash_legacy = defop("StringToHashBucket", _bucket_forward(lambda s, key: string_hash.legacy_hash64(s)),
                     dtypes=None)
nondifferentiable(_hash_legacy)


def to_hash_bucket_fast(input, num_buckets, name=None):
    """FarmHash Fingerprint64 of each string modulo `num_buckets` (int64), TF's bit for bit."""
    return _hash_fast(string_input(input, "StringToHashBucketFast"),
                      num_buckets=_check_buckets("StringToHashBucketFast", num_buckets))


def to_hash_bucket_strong(input, num_buckets, key, name=None):
    """SipHash-2-4 of each string under the two-number `key`, modulo `num_buckets` (int64).

    Raises:
      InvalidArgumentError: `key` has not exactly two elements.
    """
    key = [int(k) for k in np.asarray(key._value if isinstance(key, Tensor) else key).reshape(-1)]
    if len(key) != 2:
        raise kernel_error("StringToHashBucketStrong", "Key must have 2 elements", name=fast_path_name(input))
    return _hash_strong(string_input(input, "StringToHashBucketStrong"),
                        num_buckets=_check_buckets("StringToHashBucketStrong", num_buckets), key=tuple(key))


def to_hash_bucket(string_tensor, num_buckets, name=None):
    """TF's legacy Hash64 of each string modulo `num_buckets` (prefer to_hash_bucket_fast)."""
    return _hash_legacy(string_input(string_tensor, "StringToHashBucket"),
                        num_buckets=_check_buckets("StringToHashBucket", num_buckets))


export(on_flat_values(length), "strings.length")
export(on_flat_values(substr), "strings.substr")
export(join, "strings.join")
export(reduce_join, "strings.reduce_join")
export(unsorted_segment_join, "strings.unsorted_segment_join")
export(on_flat_values(upper), "strings.upper")
export(on_flat_values(lower), "strings.lower")
export(on_flat_values(strip), "strings.strip")
export(on_flat_values(regex_replace), "strings.regex_replace")
export(on_flat_values(regex_full_match), "strings.regex_full_match")
export(on_flat_values(to_hash_bucket_fast), "strings.to_hash_bucket_fast")
export(on_flat_values(to_hash_bucket_strong), "strings.to_hash_bucket_strong")
export(on_flat_values(to_hash_bucket), "strings.to_hash_bucket")

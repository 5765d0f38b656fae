"""The string ops whose results are ragged: `split`, `bytes_split`, `unicode_split`,
`unicode_decode(_with_offsets)`, `ngrams` (and `unicode_encode`, which takes ragged code points),
with `unicode_transcode` and `unicode_script` beside them.

Each op computes flat values and row splits; the RaggedTensor is made at the very end by
`string_rows.from_row_splits`, the one place that knows the ragged type. An input of rank r > 1 gives a result of
ragged rank r: its outer dimensions become uniform row splits, as in TF.
"""
import codecs

import numpy as np

from tapeviz.framework import dtypes as D
from tapeviz.framework.api import export
from tapeviz.framework.convert import convert_to_tensor, mismatch
from tapeviz.framework.errors import kernel_error
from tapeviz.framework.registry import defop, nondifferentiable
from tapeviz.framework.tensor import Tensor
from tapeviz.ops import unicode_scripts
from tapeviz.ops.string_rows import from_row_splits as _ragged_from_row_splits
from tapeviz.ops.string_rows import is_ragged as _is_ragged
from tapeviz.ops.string_rows import object_array, on_flat_values, with_splits
from tapeviz.ops.strings import string_input


def _ragged(flat_values, inner_splits, outer_shape):
    """The ragged result of an op on a tensor of shape `outer_shape`: rows cut by
    `inner_splits` (one row per input element), outer dimensions as uniform splits."""
    result = _ragged_from_row_splits(flat_values, Tensor(np.asarray(inner_splits, dtype=np.int64)))
    rows = int(np.prod(outer_shape))
    for dim in reversed(outer_shape[1:]):
        rows //= dim
        result = _ragged_from_row_splits(result, Tensor(np.arange(rows + 1, dtype=np.int64) * dim))
    return result


def _pairwise(fn):
    """`on_flat_values` for an op returning a pair of results (values and offsets)."""
    def op(input, *args, **kwargs):
        if not _is_ragged(input):
            return fn(input, *args, **kwargs)
        return tuple(with_splits(r, input.nested_row_splits) for r in fn(input.flat_values, *args, **kwargs))
    op.__name__, op.__doc__ = fn.__name__, fn.__doc__
    return op


def _rows_result(rows, shape, dtype=object):
    """Per-element lists -> a Tensor (scalar input) or a ragged result."""
    if not shape:
        values = rows[0]
        return Tensor(object_array(values, (len(values),)) if dtype is object else np.array(values, dtype))
    flat = [v for row in rows for v in row]
    splits = np.concatenate([[0], np.cumsum([len(r) for r in rows])])
    values = object_array(flat, (len(flat),)) if dtype is object else np.array(flat, dtype=dtype)
    return _ragged(Tensor(values), splits, shape)


# ---- split -------------------------------------------------------------------------------------
def _np_split_rows(x, sep=None, maxsplit=-1):
    sep = sep.encode() if isinstance(sep, str) else sep
    return [s.split(sep or None, maxsplit) for s in np.asarray(x).reshape(-1)]


def split(input, sep=None, maxsplit=-1, name=None):
    """Splits each string at `sep` (runs of whitespace by default, dropping empty pieces), at
    most `maxsplit` times: a vector for a scalar input, else a RaggedTensor one rank higher."""
    x = string_input(input, "StringSplitV2", on_tensor="conversion", prefix="input: ")
    return _rows_result(_np_split_rows(x._value, sep, int(maxsplit)), x._value.shape)


def bytes_split(input, name=None):
    """Each string cut into single bytes."""
    x = string_input(input, "UnicodeDecodeWithOffsets", on_tensor="conversion", on_list="conversion")
    return _rows_result([[bytes([b]) for b in s] for s in x._value.reshape(-1)], x._value.shape)


# ---- unicode -----------------------------------------------------------------------------------
_ENCODINGS = {"UTF-8": "utf-8", "UTF-16-BE": "utf-16-be", "UTF-32-BE": "utf-32-be"}
_REPLACEMENT = 0xFFFD


def _codec(encoding):
    name = str(encoding).upper()
    name = _ENCODINGS.get(name, name)
    for candidate in (name, name.replace("-", ""), name.replace("-", "_")):
        try:
            return codecs.lookup(candidate).name
        except LookupError:
            continue
    raise kernel_error("UnicodeDecodeWithOffsets", f"Could not create converter for input encoding: {encoding}",
                       name="")


def _decode(s, codec, errors, replacement_char, replace_control, op_type):
    """(code points, byte offsets) of one string; each invalid byte is one error (TF's ICU)."""
    text = s.decode(codec, "surrogateescape")
    points, offsets, at = [], [], 0
    for ch in text:
        size = len(ch.encode(codec, "surrogateescape"))
        cp = ord(ch)
        bad = 0xDC80 <= cp <= 0xDCFF
        if bad and errors == "strict":
            raise kernel_error(op_type, "Invalid formatting on input string", name="")
        if replace_control and (cp < 0x20 or 0x7F <= cp < 0xA0) and not bad:
            cp, bad = replacement_char, False
        if bad:
            if errors == "ignore":
                at += size
                continue
            cp = replacement_char
        points.append(cp)
        offsets.append(at)
        at += size
    return points, offsets


def _decode_all(input, input_encoding, errors, replacement_char, replace_control_characters, op_type):
    x = string_input(input, op_type, on_list="kernel")
    codec = _codec(input_encoding)
    pairs = [_decode(s, codec, errors, int(replacement_char), replace_control_characters, op_type)
             for s in x._value.reshape(-1)]
    return x._value.shape, pairs


def unicode_decode(input, input_encoding, errors="replace", replacement_char=_REPLACEMENT,
                   replace_control_characters=False, name=None):
    """The int32 code points of each string (ragged, one rank higher; a vector for a scalar).

    Args:
      errors: "replace" (an invalid byte becomes `replacement_char`), "ignore" or "strict".

    Raises:
      InvalidArgumentError: an invalid byte with errors="strict".
    """
    shape, pairs = _decode_all(input, input_encoding, errors, replacement_char, replace_control_characters,
                               "UnicodeDecode")
    return _rows_result([p for p, _ in pairs], shape, np.int32)


def unicode_decode_with_offsets(input, input_encoding, errors="replace", replacement_char=_REPLACEMENT,
                                replace_control_characters=False, name=None):
    """The code points of each string and the int64 byte offset where each starts."""
    shape, pairs = _decode_all(input, input_encoding, errors, replacement_char, replace_control_characters,
                               "UnicodeDecodeWithOffsets")
    return (_rows_result([p for p, _ in pairs], shape, np.int32),
            _rows_result([o for _, o in pairs], shape, np.int64))


def unicode_split(input, input_encoding, errors="replace", replacement_char=_REPLACEMENT, name=None):
    """Each string cut into its characters (the original bytes of each; an invalid byte becomes
    the encoded replacement character)."""
    x = string_input(input, "UnicodeDecodeWithOffsets", on_list="kernel")
    codec = _codec(input_encoding)
    rows = []
    for s in x._value.reshape(-1):
        points, offsets = _decode(s, codec, errors, int(replacement_char), False, "UnicodeDecodeWithOffsets")
        ends = offsets[1:] + [len(s)]
        rows.append([s[a:b] if s[a:b].decode(codec, "ignore") == chr(p) else chr(p).encode(codec)
                     for p, a, b in zip(points, offsets, ends)])
    return _rows_result(rows, x._value.shape)


def unicode_split_with_offsets(input, input_encoding, errors="replace", replacement_char=_REPLACEMENT, name=None):
    """`unicode_split` and the int64 byte offset where each character starts."""
    x = string_input(input, "UnicodeDecodeWithOffsets", on_list="kernel")
    codec = _codec(input_encoding)
    offsets = [_decode(s, codec, errors, int(replacement_char), False, "UnicodeDecodeWithOffsets")[1]
               for s in x._value.reshape(-1)]
    return (unicode_split(x, input_encoding, errors, replacement_char),
            _rows_result(offsets, x._value.shape, np.int64))


def _valid(cp):
    return 0 <= cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF


def _encode_row(points, codec, errors, replacement_char):
    out = []
    for cp in points:
        cp = int(cp)
        if not _valid(cp):
            if errors == "strict":
                raise kernel_error("UnicodeEncode", "Code point is out of range for Unicode, or is a surrogate.",
                                   name="")
            if errors == "ignore":
                continue
            cp = replacement_char
        out.append(chr(cp))
    return "".join(out).encode(codec)


def unicode_encode(input, output_encoding, errors="replace", replacement_char=_REPLACEMENT, name=None):
    """Encodes rows of code points (the innermost dimension of a Tensor, or the rows of a
    RaggedTensor) as strings in UTF-8, UTF-16-BE or UTF-32-BE.

    Raises:
      InvalidArgumentError: an invalid code point with errors="strict".
    """
    codec = _codec(output_encoding)
    if _is_ragged(input):
        flat = np.asarray(input.flat_values._value)
        splits = [np.asarray(s._value) for s in input.nested_row_splits]
        inner = splits[-1]
        encoded = [_encode_row(flat[inner[i]:inner[i + 1]], codec, errors, int(replacement_char))
                   for i in range(len(inner) - 1)]
        return with_splits(Tensor(object_array(encoded, (len(encoded),))), input.nested_row_splits[:-1])
    x = input if isinstance(input, Tensor) else convert_to_tensor(input)
    if x.dtype is not D.int32:
        raise mismatch("UnicodeEncode", 0, D.int32, x.dtype)
    arr = np.asarray(x._value)
    rows = arr.reshape(-1, arr.shape[-1]) if arr.ndim else arr.reshape(1, 1)
    encoded = [_encode_row(r, codec, errors, int(replacement_char)) for r in rows]
    return Tensor(object_array(encoded, arr.shape[:-1]))


def _np_transcode(x, input_encoding, output_encoding, errors, replacement_char, replace_control_characters):
    src, dst = _codec(input_encoding), _codec(output_encoding)
    def one(s):
        points, _ = _decode(s, src, errors, replacement_char, replace_control_characters, "UnicodeTranscode")
        return _encode_row(points, dst, "replace", replacement_char)
    return object_array([one(s) for s in np.asarray(x).reshape(-1)], np.shape(x))


_unicode_transcode = defop("UnicodeTranscode", _np_transcode, dtypes=None)
nondifferentiable(_unicode_transcode)


def unicode_transcode(input, input_encoding, output_encoding, errors="replace", replacement_char=_REPLACEMENT,
                      replace_control_characters=False, name=None):
    """Each string decoded from `input_encoding` and encoded in `output_encoding`."""
    return _unicode_transcode(string_input(input, "UnicodeTranscode"), input_encoding=input_encoding,
                              output_encoding=output_encoding, errors=errors,
                              replacement_char=int(replacement_char),
                              replace_control_characters=bool(replace_control_characters))


_unicode_script = defop("UnicodeScript", lambda x: np.vectorize(unicode_scripts.script, otypes=[np.int32])(x)
                        if np.size(x) else np.zeros(np.shape(x), np.int32), dtypes=(D.int32,))
nondifferentiable(_unicode_script)


def unicode_script(input, name=None):
    """ICU's script code of each int32 code point (-1 for an invalid one), derived from the
    character's Unicode name (see `unicode_scripts.py`)."""
    x = input if isinstance(input, Tensor) else convert_to_tensor(input, dtype=D.int32)
    return _unicode_script(x)


# ---- ngrams ------------------------------------------------------------------------------------
def _row_ngrams(row, widths, separator, pads, padding_width, preserve_short):
    out = []
    for width in widths:
        pad = width - 1 if padding_width is None else min(int(padding_width), width - 1)
        padded = [pads[0]] * pad + list(row) + [pads[1]] * pad if pads is not None else list(row)
        out += [separator.join(padded[i:i + width]) for i in range(len(padded) - width + 1)]
    if not out and preserve_short and row:
        out = [separator.join(row)]
    return out


def ngrams(data, ngram_width, separator=" ", pad_values=None, padding_width=None,
           preserve_short_sequences=False, name="ngrams"):
    """The n-grams of the innermost rows of `data` (a Tensor or RaggedTensor of strings), each
    width of `ngram_width` in turn, joined with `separator`; padded with `pad_values` (one string
    or a (left, right) pair) `padding_width` times (width - 1 by default).

    Raises:
      ValueError: a width below 1.
    """
    widths = [int(w) for w in (ngram_width if isinstance(ngram_width, (list, tuple)) else [ngram_width])]
    bad = [w for w in widths if w < 1]
    if bad:
        raise ValueError(f"All ngram_widths must be greater than 0. Got {ngram_width}")
    sep = separator.encode() if isinstance(separator, str) else separator
    pads = None
    if pad_values is not None:
        pair = pad_values if isinstance(pad_values, (list, tuple)) else (pad_values, pad_values)
        pads = tuple(p.encode() if isinstance(p, str) else p for p in pair)
    def grams(row):
        return _row_ngrams(row, widths, sep, pads, padding_width, preserve_short_sequences)
    if _is_ragged(data):
        flat = list(np.asarray(data.flat_values._value))
        splits = [np.asarray(s._value) for s in data.nested_row_splits]
        inner = splits[-1]
        rows = [grams(flat[inner[i]:inner[i + 1]]) for i in range(len(inner) - 1)]
        values = [g for r in rows for g in r]
        result = _ragged_from_row_splits(Tensor(object_array(values, (len(values),))),
                                         Tensor(np.concatenate([[0], np.cumsum([len(r) for r in rows])])
                                                .astype(np.int64)))
        return with_splits(result, data.nested_row_splits[:-1])
    x = string_input(data, "StringNGrams", on_tensor="conversion", prefix="data: ")
    arr = x._value
    rows = [grams(list(r)) for r in arr.reshape(int(np.prod(arr.shape[:-1])), arr.shape[-1])]
    width = len(rows[0]) if rows else 0
    return Tensor(object_array([g for r in rows for g in r], arr.shape[:-1] + (width,)))


export(on_flat_values(split), "strings.split")
export(on_flat_values(bytes_split), "strings.bytes_split")
export(on_flat_values(unicode_decode), "strings.unicode_decode")
export(_pairwise(unicode_decode_with_offsets), "strings.unicode_decode_with_offsets")
export(on_flat_values(unicode_split), "strings.unicode_split")
export(_pairwise(unicode_split_with_offsets), "strings.unicode_split_with_offsets")
export(unicode_encode, "strings.unicode_encode")
export(on_flat_values(unicode_transcode), "strings.unicode_transcode")
export(on_flat_values(unicode_script), "strings.unicode_script")
export(ngrams, "strings.ngrams")

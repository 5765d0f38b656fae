"""The RE2-to-Python-bytes translation (tapeviz/ops/re2.py): its UTF-8 class compiler against
every code point's encoding, and RE2 semantics Python's `re` lacks (TF's own outcomes are in
tests/tf_diff/corpus_ops3.py)."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tapeviz.ops import re2

_POINTS = st.integers(0, 0x10FFFF).filter(lambda c: not 0xD800 <= c <= 0xDFFF)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(lo=st.integers(0, 0x10FFFF), width=st.integers(0, 0x3000), probes=st.lists(_POINTS, max_size=20))
def test_class_pattern_matches_exactly_the_utf8_of_its_range(lo, width, probes):
    hi = min(lo + width, 0x10FFFF)
    compiled = re.compile(re2._class_pattern([(lo, hi)]).encode())
    edges = [lo - 1, lo, lo + 1, hi - 1, hi, hi + 1, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000]
    for cp in probes + [c for c in edges if 0 <= c <= 0x10FFFF and not 0xD800 <= c <= 0xDFFF]:
        assert (compiled.fullmatch(chr(cp).encode()) is not None) == (lo <= cp <= hi), hex(cp)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(data=st.binary(max_size=6))
def test_dot_is_one_whole_utf8_character_and_C_one_byte(data):
    dot = re.compile(re2.translate("(?s)."))
    try:
        text = data.decode("utf-8")
        whole = len(text) == 1
    except UnicodeDecodeError:
        whole = False
    assert (dot.fullmatch(data) is not None) == whole
    assert (re.compile(re2.translate(r"\C")).fullmatch(data) is not None) == (len(data) == 1)


def _full(pattern, text):
    return re.compile(re2.translate(pattern)).fullmatch(text.encode()) is not None


def test_flags_and_classes():
    assert _full(r"(?i)k", "\u212a") and _full(r"(?i)[a-z]", "\u017f") and not _full(r"(?i)i", "\u0130")
    assert _full(r"(?i)σ", "ς") and _full(r"(?i:A)b", "ab") and not _full(r"(?i:A)b", "aB")
    assert _full(r"\p{Greek}+", "αβΓ") and not _full(r"\p{Greek}", "a") and _full(r"\P{Greek}", "a")
    assert _full(r"\pN\p{Lu}", "٣A") and _full(r"[^\p{L}]", "1") and not _full(r"[^\p{L}]", "é")
    assert not _full(r"x.y", "x\ny") and _full(r"(?s)x.y", "x\ny") and not _full(r"x$", "x\n")
    assert _full(r"(?m)x$\n", "x\n") and _full(r"\x{41}\101\x41", "AAA") and _full(r"a{,2}", "a{,2}")
    assert re.compile(re2.translate(r"(?U)a+")).match(b"aaa").group() == b"a"
    assert re.compile(re2.translate(r"(?U)a+?")).match(b"aaa").group() == b"aaa"


@pytest.mark.parametrize("pattern, message", [
    (r"(a)\1", r"invalid escape sequence: \1"), (r"(?=a)", "invalid perl operator: (?="),
    (r"(?<n>a)", "invalid perl operator: (?<"), (r"a++", "bad repetition operator: ++"),
    (r"a*?+", "bad repetition operator: *?+"), (r"x{2}{3}", "bad repetition operator: {2}{3}"),
    (r"a{1001}", "invalid repetition size: {1001}"), (r"a{2,1}", "invalid repetition size: {2,1}"),
    (r"*", "no argument for repetition operator: *"), (r"\Z", r"invalid escape sequence: \Z"),
    (r"\p{Foo}", r"invalid character class range: \p{Foo}"), (r"[z-a]", "invalid character class range: z-a"),
    (r"(", "missing ): ("), (r"a)", "unexpected ): a)"), (r"[a", "missing ]: [a"), ("a\\", "trailing \\"),
    (r"(?i-)", "invalid perl operator: (?i-)"), (r"[[:foo:]]", "invalid character class range: [:foo:]"),
])
def test_re2_errors(pattern, message):
    with pytest.raises(ValueError) as e:
        re2.translate(pattern)
    assert str(e.value) == message

"""RE2 patterns (TF's regex engine) compiled to Python `re` patterns over UTF-8 bytes.

RE2 matches UTF-8 text byte by byte with an automaton whose "characters" are UTF-8 sequences.
`translate` parses the RE2 syntax as RE2's parser does (`re2/parse.cc`: its flags, escapes,
classes, repetition rules and error messages) and writes a *bytes* pattern for Python's `re`
in which every character class is spelled as the UTF-8 byte sequences of its code points. So:

- `\\C` is one byte, `.` one whole UTF-8 character (never a lone byte of one);
- `\\b` / `\\B` look at ASCII word bytes, so `\\B` also holds between the bytes of a character;
- `\\d \\s \\w`, POSIX classes `[[:alpha:]]` are ASCII; `\\pN`, `\\p{Lu}`, `\\p{Greek}`,
  `\\p{^Han}`, `\\PL`, `\\p{Any}` are Unicode general categories and scripts;
- `(?i)` folds case over Unicode's simple case-folding orbits (k K K, s S ſ, not İ or ı),
  `(?s)` lets `.` match a newline, `(?m)` makes `^`/`$` line anchors, `(?U)` swaps greedy and
  lazy repetition; `^`/`$` are otherwise text anchors (`$` not before a final newline);
- RE2 rejects what Python accepts: backreferences, lookaround, `(?#`, `(?x)`, `\\Z`,
  possessive or stacked repetition (`a++`, `a**`), counts above 1000, `(?<name>`.

Still different: general categories and scripts come from Python's Unicode data (and scripts
from character names, see `unicode_scripts.py`), which may be a version apart from RE2's.
"""
import bisect
import functools
import re
import unicodedata

from tapeviz.ops import unicode_scripts

_MAX = 0x10FFFF
_MAX_REPEAT = 1000
_WORD_RANGES = [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)]
_PERL = {"d": [(0x30, 0x39)], "s": [(0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20)], "w": _WORD_RANGES}
_POSIX = {
    "alnum": [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)], "alpha": [(0x41, 0x5A), (0x61, 0x7A)],
    "ascii": [(0, 0x7F)], "blank": [(0x09, 0x09), (0x20, 0x20)], "cntrl": [(0, 0x1F), (0x7F, 0x7F)],
    "digit": [(0x30, 0x39)], "graph": [(0x21, 0x7E)], "lower": [(0x61, 0x7A)], "print": [(0x20, 0x7E)],
    "punct": [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
    "space": [(0x09, 0x0D), (0x20, 0x20)], "upper": [(0x41, 0x5A)], "word": _WORD_RANGES,
    "xdigit": [(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
}
_CATEGORIES = {"C": ("Cc", "Cf", "Co", "Cs"), "L": ("Lu", "Ll", "Lt", "Lm", "Lo"), "M": ("Mn", "Mc", "Me"),
               "N": ("Nd", "Nl", "No"), "P": ("Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"),
               "S": ("Sm", "Sc", "Sk", "So"), "Z": ("Zs", "Zl", "Zp")}
_SUBCATEGORIES = frozenset(c for cs in _CATEGORIES.values() for c in cs)
# RE2's script names where ICU's list (unicode_scripts) spells them otherwise
_SCRIPT_ALIASES = {"BRAILLE": "BRAILLE_PATTERN", "CANADIAN_ABORIGINAL": "CANADIAN_SYLLABICS",
                   "EGYPTIAN_HIEROGLYPHS": "EGYPTIAN_HIEROGLYPH", "PHAGS_PA": "PHAGS-PA",
                   "ANATOLIAN_HIEROGLYPHS": "ANATOLIAN_HIEROGLYPH", "MEROITIC_HIEROGLYPHS": "MEROITIC_HIEROGLYPH"}


# Python's \\B never matches in an empty text; RE2's does
_NOT_BOUNDARY = "(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))"


class _Error(ValueError):
    """RE2's parse error: `<code text>: <argument>`, as RE2's status prints it."""

    def __init__(self, code, arg=""):
        super().__init__(f"{code}: {arg}" if arg else code)


# ---- code point sets (sorted, merged inclusive ranges) ---------------------------------------
def _merge(ranges):
    out = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _negate(ranges):
    out, at = [], 0
    for lo, hi in _merge(ranges):
        if lo > at:
            out.append((at, lo - 1))
        at = hi + 1
    if at <= _MAX:
        out.append((at, _MAX))
    return out


def _scan(predicate):
    """The ranges of assigned code points (planes 0-3 and 14) for which `predicate(cp)` holds."""
    out = []
    for cp in list(range(0x40000)) + list(range(0xE0000, 0xE0200)):
        if predicate(cp):
            if out and out[-1][1] == cp - 1:
                out[-1][1] = cp
            else:
                out.append([cp, cp])
    return [tuple(r) for r in out]


@functools.lru_cache(maxsize=None)
def _category(name):
    cats = frozenset(_CATEGORIES.get(name, (name,)))
    return _scan(lambda cp: unicodedata.category(chr(cp)) in cats)


@functools.lru_cache(maxsize=None)
def _script(code):
    return _scan(lambda cp: unicodedata.category(chr(cp)) != "Cn" and unicode_scripts.script(cp) == code)


def _unicode_group(name):
    """The ranges of the Unicode class `name` (`L`, `Lu`, `Greek`, `Any`), or None."""
    if name == "Any":
        return [(0, _MAX)]
    if name in _CATEGORIES or name in _SUBCATEGORIES:
        return _category(name)
    key = name.upper()
    key = _SCRIPT_ALIASES.get(key, key)
    if key in ("COMMON", "INHERITED") or (key in unicode_scripts._ICU and key != "-"):
        return _script(unicode_scripts._ICU.index(key))
    return None


@functools.lru_cache(maxsize=None)
def _fold_orbits():
    """{code point: its simple case-folding orbit} for every code point with another case."""
    parent = {}

    def find(c):
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    for cp in range(0x20000):
        if cp in (0x130, 0x131):   # dotted/dotless i fold only under Turkic rules, which RE2 leaves out
            continue
        ch = chr(cp)
        for other in (ch.lower(), ch.upper()):
            if len(other) == 1 and other != ch and ord(other) not in (0x130, 0x131):
                a, b = find(cp), find(ord(other))
                if a != b:
                    parent[a] = b
    orbits = {}
    for c in list(parent):
        orbits.setdefault(find(c), set()).add(c)
    for root, members in list(orbits.items()):
        members.add(root)
    out = {c: tuple(sorted(members)) for members in orbits.values() for c in members}
    return out, sorted(out)


def _fold(ranges):
    orbits, keys = _fold_orbits()
    extra = []
    for lo, hi in ranges:
        for cp in keys[bisect.bisect_left(keys, lo):bisect.bisect_right(keys, hi)]:
            extra += [(c, c) for c in orbits[cp]]
    return _merge(list(ranges) + extra)


# ---- code point sets as UTF-8 byte patterns --------------------------------------------------
def _utf8_sequences(lo, hi, out):
    """Splits [lo, hi] into runs whose UTF-8 encodings are products of byte ranges."""
    if lo > hi:
        return
    if lo <= 0xDFFF and hi >= 0xD800:      # surrogates have no UTF-8 encoding
        _utf8_sequences(lo, 0xD7FF, out)
        _utf8_sequences(0xE000, hi, out)
        return
    for bound in (0x7F, 0x7FF, 0xFFFF):
        if lo <= bound < hi:
            _utf8_sequences(lo, bound, out)
            _utf8_sequences(bound + 1, hi, out)
            return
    n = len(chr(lo).encode())
    for i in range(1, n):
        m = (1 << (6 * i)) - 1
        if lo & ~m != hi & ~m:
            if lo & m:
                _utf8_sequences(lo, lo | m, out)
                _utf8_sequences((lo | m) + 1, hi, out)
                return
            if hi & m != m:
                _utf8_sequences(lo, (hi & ~m) - 1, out)
                _utf8_sequences(hi & ~m, hi, out)
                return
    out.append(list(zip(chr(lo).encode(), chr(hi).encode())))


def _byte_range(lo, hi):
    return f"\\x{lo:02x}" if lo == hi else f"[\\x{lo:02x}-\\x{hi:02x}]"


def _class_pattern(ranges):
    """A byte pattern matching one UTF-8 character of the code point set `ranges`."""
    ascii_part = [(lo, min(hi, 0x7F)) for lo, hi in ranges if lo <= 0x7F]
    alternatives = []
    if ascii_part:
        alternatives.append("[" + "".join(f"\\x{lo:02x}" if lo == hi else f"\\x{lo:02x}-\\x{hi:02x}"
                                          for lo, hi in ascii_part) + "]")
    sequences = []
    for lo, hi in ranges:
        if hi > 0x7F:
            _utf8_sequences(max(lo, 0x80), hi, sequences)
    alternatives += ["".join(_byte_range(a, b) for a, b in seq) for seq in sequences]
    if not alternatives:
        return "(?!)"
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def _literal(cp):
    return "".join(f"\\x{b:02x}" for b in chr(cp).encode("utf-8", "surrogatepass"))


# ---- the parser -----------------------------------------------------------------------------
class _Parser:
    def __init__(self, pattern):
        self.p, self.i = pattern, 0
        self.flags = {"i": False, "m": False, "s": False, "U": False}

    def error_if_end(self, code, arg):
        if self.i >= len(self.p):
            raise _Error(code, arg)

    # -- escapes -------------------------------------------------------------------------------
    def escape(self):
        """A single-character escape at `i` (a backslash): its code point (RE2's ParseEscape)."""
        p, begin = self.p, self.i
        if begin + 1 >= len(p):
            raise _Error("trailing \\")
        c = p[begin + 1]
        self.i = begin + 2

        def bad():
            return _Error("invalid escape sequence", p[begin:self.i])
        if c in "1234567" and not (self.i < len(p) and p[self.i] in "01234567"):
            raise bad()
        if c in "01234567":
            code = int(c)
            for _ in range(2):
                if self.i < len(p) and p[self.i] in "01234567":
                    code = code * 8 + int(p[self.i])
                    self.i += 1
            return code
        if c == "x":
            if self.i >= len(p):
                raise bad()
            c = p[self.i]
            self.i += 1
            if c == "{":
                digits = ""
                while True:
                    if self.i >= len(p):
                        raise bad()
                    c = p[self.i]
                    self.i += 1
                    if c not in "0123456789abcdefABCDEF":
                        break
                    digits += c
                    if int(digits, 16) > _MAX:
                        raise bad()
                if c != "}" or not digits:
                    raise bad()
                return int(digits, 16)
            if self.i >= len(p):
                raise bad()
            c1 = p[self.i]
            self.i += 1
            hexdigits = "0123456789abcdefABCDEF"
            if c not in hexdigits or c1 not in hexdigits:
                raise bad()
            return int(c + c1, 16)
        simple = {"n": 10, "r": 13, "t": 9, "a": 7, "f": 12, "v": 11}
        if c in simple:
            return simple[c]
        if ord(c) < 0x80 and not c.isalnum():
            return ord(c)
        raise bad()

    def unicode_group(self):
        """`\\p..`/`\\P..` at `i`: its code point set (folded under (?i)), or None if not one."""
        p, begin = self.p, self.i
        if begin + 1 >= len(p) or p[begin + 1] not in "pP":
            return None
        negated = p[begin + 1] == "P"
        if begin + 2 >= len(p):
            raise _Error("invalid character class range", p[begin:])
        if p[begin + 2] == "{":
            end = p.find("}", begin + 3)
            if end < 0:
                raise _Error("invalid character class range", p[begin:])
            name, self.i = p[begin + 3:end], end + 1
        else:
            name, self.i = p[begin + 2], begin + 3
        if name.startswith("^"):
            negated, name = not negated, name[1:]
        ranges = _unicode_group(name)
        if ranges is None:
            raise _Error("invalid character class range", p[begin:self.i])
        if self.flags["i"]:
            ranges = _fold(ranges)
        return _negate(ranges) if negated else ranges

    def perl_class(self):
        p = self.p
        if self.i + 1 < len(p) and p[self.i] == "\\" and p[self.i + 1] in "dDsSwW":
            c = p[self.i + 1]
            self.i += 2
            ranges = _PERL[c.lower()]
            if self.flags["i"]:
                ranges = _fold(ranges)
            return _negate(ranges) if c.isupper() else ranges
        return None

    # -- character classes ---------------------------------------------------------------------
    def char_class(self):
        """`[...]` at `i`: its code point set (RE2's ParseCharClass)."""
        p, begin = self.p, self.i
        self.i += 1
        negated = self.i < len(p) and p[self.i] == "^"
        if negated:
            self.i += 1
        ranges, first = [], True
        while self.i < len(p) and (p[self.i] != "]" or first):
            first = False
            if p.startswith("[:", self.i):
                end = p.find(":]", self.i + 2)
                if end >= 0:
                    name = p[self.i + 2:end]
                    neg = name.startswith("^")
                    group = _POSIX.get(name[1:] if neg else name)
                    if group is None:
                        raise _Error("invalid character class range", p[self.i:end + 2])
                    group = _fold(group) if self.flags["i"] else group
                    ranges += _negate(group) if neg else group
                    self.i = end + 2
                    continue
            if p[self.i] == "\\":
                group = self.unicode_group()
                if group is None:
                    group = self.perl_class()
                if group is not None:
                    ranges += group
                    continue
            start = self.i
            lo = self.class_char(begin)
            hi = lo
            if self.i + 1 < len(p) and p[self.i] == "-" and p[self.i + 1] != "]":
                self.i += 1
                hi = self.class_char(begin)
                if hi < lo:
                    raise _Error("invalid character class range", p[start:self.i])
            ranges += _fold([(lo, hi)]) if self.flags["i"] else [(lo, hi)]
        if self.i >= len(p):
            raise _Error("missing ]", p[begin:])
        self.i += 1
        ranges = _merge(ranges)
        return _negate(ranges) if negated else ranges

    def class_char(self, begin):
        p = self.p
        if self.i >= len(p):
            raise _Error("missing ]", p[begin:])
        if p[self.i] == "\\":
            return self.escape()
        self.i += 1
        return ord(p[self.i - 1])

    # -- the whole pattern -----------------------------------------------------------------------
    def literal(self, cp):
        if self.flags["i"]:
            ranges = _fold([(cp, cp)])
            if len(ranges) > 1 or ranges[0][0] != ranges[0][1]:
                return _class_pattern(ranges)
        return _literal(cp)

    def parse(self):
        """The Python pattern: a list of alternatives per open group, each a list of atoms."""
        p = self.p
        # stack of (alternatives, current atoms, saved flags, opener) per open group
        stack = []
        alternatives, atoms = [], []
        last_repeat = None       # the text of the repetition operator just parsed
        while self.i < len(p):
            c = p[self.i]
            repeat_start = self.i
            is_repeat = None
            if c == "(":
                if p.startswith("(?", self.i):
                    opener = self.perl_flags()
                    if opener is None:             # flags only: they apply to the rest of the group
                        last_repeat = None
                        continue
                else:
                    opener = "("
                    self.i += 1
                saved = opener.saved if isinstance(opener, _Opener) else dict(self.flags)
                stack.append((alternatives, atoms, saved, str(opener)))
                alternatives, atoms = [], []
            elif c == "|":
                alternatives.append(atoms)
                atoms = []
                self.i += 1
            elif c == ")":
                if not stack:
                    raise _Error("unexpected )", p)
                body = "|".join("".join(a for a, _ in alt) for alt in alternatives + [atoms])
                alternatives, atoms, self.flags, opener = stack.pop()
                atoms.append((opener + body + ")", True))
                self.i += 1
            elif c in "*+?" or (c == "{" and self.counted() is not None):
                if c == "{":
                    lo, hi, end = self.counted()
                    op = p[self.i:end]
                    self.i = end
                else:
                    lo = hi = None
                    op = c
                    self.i += 1
                lazy = self.i < len(p) and p[self.i] == "?"
                if lazy:
                    self.i += 1
                if last_repeat is not None:
                    raise _Error("bad repetition operator", p[last_repeat:self.i])
                text = p[repeat_start:self.i]
                if c == "{" and ((hi is not None and hi < lo) or lo > _MAX_REPEAT
                                 or (hi is not None and hi > _MAX_REPEAT)):
                    raise _Error("invalid repetition size", text)
                if not atoms or not atoms[-1][1]:
                    raise _Error("no argument for repetition operator", text)
                if lazy == self.flags["U"]:
                    suffix = op if c != "{" else self.count_text(lo, hi)
                else:
                    suffix = (op if c != "{" else self.count_text(lo, hi)) + "?"
                atom = atoms.pop()[0]
                atoms.append((f"(?:{atom}){suffix}", True))
                is_repeat = repeat_start
            elif c == "[":
                atoms.append((_class_pattern(self.char_class()), True))
            elif c == ".":
                self.i += 1
                atoms.append((_dot(self.flags["s"]), True))
            elif c == "^":
                self.i += 1
                atoms.append(("(?:\\A|(?<=\\n))" if self.flags["m"] else "\\A", True))
            elif c == "$":
                self.i += 1
                atoms.append(("(?=\\n|\\Z)" if self.flags["m"] else "\\Z", True))
            elif c == "\\":
                self.backslash(atoms)
            else:
                self.i += 1
                atoms.append((self.literal(ord(c)), True))
            last_repeat = is_repeat
        if stack:
            raise _Error("missing )", p)
        return "|".join("".join(a for a, _ in alt) for alt in alternatives + [atoms])

    @staticmethod
    def count_text(lo, hi):
        if hi is None:
            return f"{{{lo},}}"
        return f"{{{lo}}}" if hi == lo else f"{{{lo},{hi}}}"

    def counted(self):
        """`{n}`, `{n,}` or `{n,m}` at `i`: (lo, hi or None, end), or None (a literal `{`)."""
        m = re.compile(r"\{(\d+)(,(\d*))?\}").match(self.p, self.i)
        if not m:
            return None
        lo = int(m.group(1))
        hi = lo if m.group(2) is None else (int(m.group(3)) if m.group(3) else None)
        return lo, hi, m.end()

    def backslash(self, atoms):
        p = self.p
        nxt = p[self.i + 1] if self.i + 1 < len(p) else ""
        simple = {"b": "\\b", "B": _NOT_BOUNDARY, "A": "\\A", "z": "\\Z", "C": "[\\x00-\\xff]"}
        if nxt in simple:
            self.i += 2
            atoms.append((simple[nxt], True))
            return
        if nxt == "Q":
            self.i += 2
            end = p.find("\\E", self.i)
            end = len(p) if end < 0 else end
            for ch in p[self.i:end]:
                atoms.append((self.literal(ord(ch)), True))
            self.i = min(end + 2, len(p))
            return
        group = self.unicode_group()
        if group is None:
            group = self.perl_class()
        if group is not None:
            atoms.append((_class_pattern(group), True))
            return
        atoms.append((self.literal(self.escape()), True))

    def perl_flags(self):
        """`(?...` at `i`: the group opener for `(?P<name>` and `(?flags:`, or None after a bare
        `(?flags)` (which sets the flags); RE2's ParsePerlFlags."""
        p, begin = self.p, self.i
        t = begin + 2
        if p.startswith("P<", t) and len(p) - t > 2:
            end = p.find(">", t + 2)
            if end < 0:
                raise _Error("invalid named capture group", p[begin:])
            name = p[t + 2:end]
            if not name or not all(ch.isascii() and (ch.isalnum() or ch == "_") for ch in name):
                raise _Error("invalid named capture group", p[begin:end + 1])
            self.i = end + 1
            return "("
        flags, negated, saw = dict(self.flags), False, False
        while True:
            if t >= len(p):
                raise _Error("invalid perl operator", p[begin:t])
            ch = p[t]
            t += 1
            if ch in "imsU":
                flags[ch] = not negated
                saw = True
            elif ch == "-":
                if negated:
                    raise _Error("invalid perl operator", p[begin:t])
                negated, saw = True, False
            elif ch in ":)":
                if negated and not saw:
                    raise _Error("invalid perl operator", p[begin:t])
                self.i = t
                if ch == ")":
                    self.flags = flags
                    return None
                # the flags hold inside the group only: the group's stack entry keeps the old ones
                saved = self.flags
                self.flags = flags
                return _Opener(saved)
            else:
                raise _Error("invalid perl operator", p[begin:t])


class _Opener(str):
    """`(?:`, carrying the flags to restore when its group closes."""

    def __new__(cls, saved):
        obj = super().__new__(cls, "(?:")
        obj.saved = saved
        return obj


@functools.lru_cache(maxsize=4)
def _dot(dotall):
    return _class_pattern([(0, _MAX)] if dotall else [(0, 9), (11, _MAX)])


def translate(pattern):
    """The Python bytes pattern (for `re.compile`) of the RE2 `pattern` (str or UTF-8 bytes).

    Raises:
      ValueError: RE2 rejects the pattern (the message is RE2's).
    """
    if isinstance(pattern, bytes):
        try:
            pattern = pattern.decode("utf-8")
        except UnicodeDecodeError:
            raise _Error("invalid UTF-8") from None
    parser = _Parser(pattern)
    return parser.parse().encode("ascii")

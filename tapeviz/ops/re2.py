"""RE2 patterns (TF's regex engine) run on Python's `re`: `translate` rewrites the RE2 syntax
Python lacks and rejects what RE2 rejects, with RE2's error text.

Rejected as RE2 does: lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`), backreferences (`\\1`), `\\Z`,
possessive repetition (`a++`). Translated: `\\z` (end of text), `\\Q...\\E` (literal text),
`\\pL`/`\\p{L}`/`\\PL` (letters), `\\pN`/`\\p{N}` (digits), POSIX classes inside brackets
(`[[:alpha:]]`), and the Perl classes `\\d \\w \\s \\b` and their negations (ASCII in RE2, Unicode
in Python). Still different: `\\C` is one character here and one byte in RE2, and RE2's `\\B` also
matches between the bytes of a UTF-8 character (both agree on ASCII text); other Unicode classes
(`\\p{Greek}`) and the ungreedy flag `(?U)` are refused here; `\\D \\W \\S` inside brackets keep
Python's Unicode meaning.
"""
import re

_POSIX = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v", "blank": " \\t", "xdigit": "0-9A-Fa-f", "word": "\\w",
    "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"), "cntrl": "\\x00-\\x1f\\x7f",
    "print": "\\x20-\\x7e", "graph": "\\x21-\\x7e", "ascii": "\\x00-\\x7f",
}
_UNICODE = {"L": ("[^\\W\\d_]", "[\\W\\d_]"), "N": ("\\d", "\\D")}
# RE2's Perl classes are ASCII; Python's are Unicode (inside brackets: the positive ones)
_WORD = "A-Za-z0-9_"
_PERL = {"d": "[0-9]", "D": "[^0-9]", "w": f"[{_WORD}]", "W": f"[^{_WORD}]", "s": "[\\t\\n\\f\\r ]",
         "S": "[^\\t\\n\\f\\r ]", "b": f"(?:(?<=[{_WORD}])(?![{_WORD}])|(?<![{_WORD}])(?=[{_WORD}]))",
         "B": f"(?:(?<=[{_WORD}])(?=[{_WORD}])|(?<![{_WORD}])(?![{_WORD}]))"}
_PERL_IN_CLASS = {"d": "0-9", "w": _WORD, "s": "\\t\\n\\f\\r "}


def translate(pattern):
    """The Python pattern for the RE2 `pattern`.

    Raises:
      ValueError: RE2 rejects the pattern (the message is RE2's).
    """
    out, i, n = [], 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt.isdigit() and nxt != "0" and not in_class:
                raise ValueError(f"invalid escape sequence: \\{nxt}")
            if nxt == "Z":
                raise ValueError("invalid escape sequence: \\Z")
            if nxt == "z":
                out.append("\\Z")
            elif nxt == "C":
                out.append(".")
            elif in_class and nxt in _PERL_IN_CLASS:
                out.append(_PERL_IN_CLASS[nxt])
            elif not in_class and nxt in _PERL:
                out.append(_PERL[nxt])
            elif nxt == "Q":
                end = pattern.find("\\E", i + 2)
                end = n if end < 0 else end
                out.append(re.escape(pattern[i + 2:end]))
                i = end + 2
                continue
            elif nxt in "pP":
                name, width = _unicode_class(pattern, i + 2)
                if name in _UNICODE:
                    out.append(_UNICODE[name][nxt == "P"])
                    i += 2 + width
                    continue
                out.append(pattern[i:i + 2 + width])   # left to Python, which will refuse it
                i += 2 + width
                continue
            else:
                out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if pattern.startswith("[:", i):
                end = pattern.find(":]", i + 2)
                name = pattern[i + 2:end] if end > 0 else ""
                if name in _POSIX:
                    out.append(_POSIX[name])
                    i = end + 2
                    continue
            if c == "]":
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            if pattern.startswith("^", i + 1):
                out.append("^")
                i += 1
            if pattern.startswith("]", i + 1):   # a leading ] is literal
                out.append("\\]")
                i += 1
            i += 1
            continue
        if c == "(" and pattern.startswith("(?", i):
            for opener in ("(?=", "(?!", "(?<=", "(?<!"):
                if pattern.startswith(opener, i):
                    raise ValueError(f"invalid perl operator: {opener[:3]}")
        if c in "*+?}" and i + 1 < n and pattern[i + 1] == "+":
            raise ValueError(f"bad repetition operator: {c}+")
        out.append(c)
        i += 1
    return "".join(out)


def _unicode_class(pattern, start):
    """The class name after `\\p` at `start` (`L` or `{Greek}`) and how many characters it takes."""
    if pattern.startswith("{", start):
        end = pattern.find("}", start)
        end = len(pattern) if end < 0 else end
        return pattern[start + 1:end], end - start + 1
    return pattern[start:start + 1], 1

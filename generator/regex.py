"""The model's ECMA-262 and Java patterns as Python `re` patterns, and patterns to generate from.

AWS models write patterns in ECMA-262 or Java syntax. Python's `re` reads almost all of it the
same way (the models' `\\uXXXX` escapes included); `python_pattern` translates what it does not
(Unicode property escapes, Java's POSIX classes, UTF-16 surrogate pairs, Java's `\\z`, class
intersections and inline flags, quantified anchors, a `{n,m}` right after a quantifier, a `-`
beside a class escape) and leaves every
other part of a pattern unchanged, character for character. Unicode categories come from
Python's own `unicodedata` (Unicode 14.0 on Python 3.11). Anything it cannot translate raises
`PatternError`.

`generation_pattern` is for Hypothesis: a pattern whose values also meet the length bounds, when
filtering `from_regex` by length would reject nearly every draw.
"""

from __future__ import annotations

import re

# The parser `re` itself uses (sre_parse before Python 3.11); typeshed has no stubs for it.
import re._constants as _constants  # type: ignore[import-not-found]
import re._parser as _parser  # type: ignore[import-not-found]
import sys
import unicodedata
from functools import cache
from typing import Any

from generator.boundaries import resolved
from generator.literals import literal

_LONG_NAMES = {
    "Letter": "L",
    "Cased_Letter": "LC",
    "Uppercase_Letter": "Lu",
    "Lowercase_Letter": "Ll",
    "Titlecase_Letter": "Lt",
    "Modifier_Letter": "Lm",
    "Other_Letter": "Lo",
    "Mark": "M",
    "Nonspacing_Mark": "Mn",
    "Spacing_Mark": "Mc",
    "Enclosing_Mark": "Me",
    "Number": "N",
    "Decimal_Number": "Nd",
    "Letter_Number": "Nl",
    "Other_Number": "No",
    "Punctuation": "P",
    "Symbol": "S",
    "Separator": "Z",
    "Space_Separator": "Zs",
    "Other": "C",
    "Control": "Cc",
    "Format": "Cf",
    "Private_Use": "Co",
    "Unassigned": "Cn",
}
_CATEGORIES = frozenset(
    {
        *("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps"),
        *("Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs"),
        *("Co", "Cn", "L", "LC", "M", "N", "P", "S", "Z", "C"),
    }
)
# Java's POSIX classes (US-ASCII unless a pattern sets UNICODE_CHARACTER_CLASS, which none does)
# and its other named classes, as code point ranges.
_ASCII_PUNCTUATION = ((0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E))
_NAMED_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "ASCII": ((0x00, 0x7F),),
    "Alnum": ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)),
    "Alpha": ((0x41, 0x5A), (0x61, 0x7A)),
    "Blank": ((0x09, 0x09), (0x20, 0x20)),
    "Cntrl": ((0x00, 0x1F), (0x7F, 0x7F)),
    "Digit": ((0x30, 0x39),),
    "Graph": ((0x21, 0x7E),),
    "Lower": ((0x61, 0x7A),),
    "Print": ((0x20, 0x7E),),
    "Punct": _ASCII_PUNCTUATION,
    "Space": ((0x09, 0x0D), (0x20, 0x20)),
    "Upper": ((0x41, 0x5A),),
    "XDigit": ((0x30, 0x39), (0x41, 0x46), (0x61, 0x66)),
    "L1": ((0x00, 0xFF),),
    "all": ((0x00, 0x10FFFF),),
}
# Unicode binary properties `unicodedata` does not give (Alphabetic needs Other_Alphabetic).
_UNAVAILABLE = {
    "Alphabetic": "the Unicode property Alphabetic, which Python's unicodedata does not provide",
    "Lowercase": "the Unicode property Lowercase, which Python's unicodedata does not provide",
    "Uppercase": "the Unicode property Uppercase, which Python's unicodedata does not provide",
}
_FLAG_GROUP = re.compile(r"\(\?[a-zA-Z]+(?:-[a-zA-Z]+)?\)")
# A Java quantifier, with its lazy or possessive mark.
_JAVA_QUANTIFIER = re.compile(r"(?:[*+?]|\{(\d+)(?:,\d*)?\})[?+]?")
_CONTROL_ESCAPES = {"t": 0x09, "n": 0x0A, "v": 0x0B, "f": 0x0C, "r": 0x0D}
_HEX4 = re.compile(r"u([0-9a-fA-F]{4})")
_HIGH = range(0xD800, 0xDC00)
_LOW = range(0xDC00, 0xE000)
Ranges = tuple[tuple[int, int], ...]


class PatternError(ValueError):
    """A pattern that cannot be expressed for Python's `re`."""


# The translations below are pure and the models repeat their patterns (a whole service uses
# each one ten times over, in check and in build): each is worked out once per process.
@cache
def python_pattern(pattern: str) -> str:
    """`pattern` for Python's `re`, every part it reads as the models mean it kept verbatim.

    Translated: `\\d`, `\\D`, `\\w` and `\\W` as the ASCII classes they are to Java and
    ECMA-262 (Python's `re` would take any Unicode digit or letter), in classes and out; `\\p{X}` and `\\P{X}` (general categories, Java's POSIX and named classes, the
    Unicode property White_Space), in classes and out; a surrogate pair of `\\u` escapes, or a
    class of high surrogates followed by one of low surrogates, as the astral code points they
    encode; `\\x{...}`; Java's `\\z`, class intersection `&&` and nested classes; a `-` next to
    a class escape, and doubled `|`, `&`, `~` in a class, as literals; an inline flag group after
    the start (`^(?i)...`) as a group scoped to the end of its enclosing group, as Java scopes it;
    a quantified anchor (`${1,128}`) as the anchor, or nothing when it may repeat zero times;
    a `{n,m}` right after a quantifier (`[0-9a-z]{11}{0,1011}`) as nothing: Java repeats an
    empty atom there.
    """
    return _Translator(pattern).translate()


class _Translator:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.index = 0
        self.out: list[str] = []
        # Per open group (the whole pattern first): how many scoped flag groups to close with it.
        self.scoped = [0]
        self.quantified = False  # whether the last thing read was a quantifier

    def translate(self) -> str:
        pattern = self.pattern
        while self.index < len(pattern):
            char = pattern[self.index]
            quantifier = _JAVA_QUANTIFIER.match(pattern, self.index) if char in "*+?{" else None
            if quantifier is not None:
                self.quantifier(quantifier)
                continue
            self.quantified = False
            if char == "\\":
                self.escape()
            elif char == "[":
                self.character_class()
            elif char == "(":
                self.open_group()
            elif char == ")" and len(self.scoped) > 1:
                self.out.append(")" * self.scoped.pop() + ")")
                self.index += 1
            elif char in "^$":
                self.anchor(char)
            else:
                self.out.append(char)
                self.index += 1
        self.out.append(")" * self.scoped[0])
        return "".join(self.out)

    def escape(self) -> None:
        pattern, index = self.pattern, self.index
        match = _PROPERTY.match(pattern, index)
        if match is not None:
            self.index = match.end()
            negated = "^" if match.group(1) == "P" else ""
            self.out.append(f"[{negated}{_ranges_text(_property_ranges(match.group(2)))}]")
            return
        code = _code_point(pattern, index)
        if code is not None:
            self.index = code[1]
            self.out.append(_escape(code[0]) if code[2] else pattern[index : code[1]])
            return
        if pattern.startswith("\\z", index):
            self.out.append("\\Z")  # Java's end of input; Python's `\Z` is Java's `\z`
        elif pattern[index + 1 : index + 2] in _ASCII_CLASSES:
            letter = pattern[index + 1]
            negated = "^" if letter.isupper() else ""
            self.out.append(f"[{negated}{_ASCII_CLASS_TEXT[letter.lower()]}]")
        else:
            self.out.append(pattern[index : index + 2])
        self.index = index + 2

    def character_class(self) -> None:
        start = self.index
        parsed = _Class.parse(self.pattern, start)
        if parsed is None:  # unterminated: `re` says so
            self.out.append(self.pattern[start:])
            self.index = len(self.pattern)
            return
        self.index = parsed.end
        # `[\uD800-\uDBFF][\uDC00-\uDFFF]`: a UTF-16 pair, one astral code point.
        high = parsed.plain_ranges()
        after = (
            _Class.parse(self.pattern, parsed.end)
            if self.pattern.startswith("[", parsed.end)
            else None
        )
        low = after.plain_ranges() if after is not None else None
        if high and low and _within(high, _HIGH) and _within(low, _LOW) and after is not None:
            self.index = after.end
            self.out.append(f"[{_ranges_text(_astral(high, low))}]")
            return
        self.out.append(parsed.text())

    def open_group(self) -> None:
        flags = _FLAG_GROUP.match(self.pattern, self.index)
        if flags is not None and self.index > 0:
            self.out.append(flags.group(0)[:-1] + ":")
            self.scoped[-1] += 1
            self.index = flags.end()
            return
        self.scoped.append(0)
        self.out.append("(")
        self.index += 1

    def quantifier(self, quantifier: re.Match[str]) -> None:
        self.index = quantifier.end()
        # Java reads `{` after a quantifier as repeating the empty atom before it (`atom()` takes
        # no character there): it matches nothing. `*`, `+`, `?` there Java refuses, as `re` does.
        if not (self.quantified and quantifier.group(0)[0] == "{"):
            self.out.append(quantifier.group(0))
        self.quantified = True

    def anchor(self, char: str) -> None:
        self.index += 1
        quantifier = _JAVA_QUANTIFIER.match(self.pattern, self.index)
        if quantifier is None:
            self.out.append(char)
            return
        self.index = quantifier.end()
        low = 1 if quantifier.group(0)[0] == "+" else int(quantifier.group(1) or 0)
        # Java repeats the zero-width anchor: once or more is the anchor, zero or more nothing.
        if low:
            self.out.append(char)


def _single(code: int) -> Ranges:
    return ((code, code),)


def _within(ranges: Ranges, block: range) -> bool:
    return all(low in block and high in block for low, high in ranges)


def _astral(high: Ranges, low: Ranges) -> Ranges:
    """The code points the pairs of a high surrogate from `high` and a low one from `low` encode."""
    pairs = [
        (_pair(lead, first), _pair(lead, last))
        for start, end in high
        for lead in range(start, end + 1)
        for first, last in low
    ]
    return _merge(pairs)


def _pair(high: int, low: int) -> int:
    return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)


def _merge(ranges: list[tuple[int, int]]) -> Ranges:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def _complement(ranges: Ranges) -> Ranges:
    gaps: list[tuple[int, int]] = []
    start = 0
    for low, high in _merge(list(ranges)):
        if low > start:
            gaps.append((start, low - 1))
        start = high + 1
    if start <= sys.maxunicode:
        gaps.append((start, sys.maxunicode))
    return tuple(gaps)


def _intersection(left: Ranges, right: Ranges) -> Ranges:
    return _complement(_merge([*_complement(left), *_complement(right)]))


def _ranges_text(ranges: Ranges) -> str:
    """The body of a character class of `ranges`, as `\\u` and `\\U` escapes."""
    return "".join(
        _escape(low) if low == high else f"{_escape(low)}-{_escape(high)}" for low, high in ranges
    )


# `\d` and `\w` are ASCII to Java and ECMA-262 (Smithy's patterns) alike, where Python's `re`
# reads any Unicode digit and word character: written as ASCII ranges, with their complements.
_DIGITS_RANGES: Ranges = ((0x30, 0x39),)
_WORD_RANGES: Ranges = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
_ASCII_CLASSES: dict[str, Ranges] = {
    "d": _DIGITS_RANGES,
    "D": _complement(_DIGITS_RANGES),
    "w": _WORD_RANGES,
    "W": _complement(_WORD_RANGES),
}
_ASCII_CLASS_TEXT = {"d": "0-9", "w": "0-9A-Z_a-z"}


_PROPERTY = re.compile(r"\\([pP])\{([^}]*)\}")


def _property(pattern: str, index: int) -> tuple[Ranges, int] | None:
    """The code points of the `\\p{...}` or `\\P{...}` at `index`, and where it ends."""
    match = _PROPERTY.match(pattern, index)
    if match is None:
        return None
    ranges = _property_ranges(match.group(2))
    return (_complement(ranges) if match.group(1) == "P" else ranges), match.end()


@cache
def _property_ranges(name: str) -> Ranges:
    if name in _NAMED_RANGES:
        return _NAMED_RANGES[name]
    if name == "LD":  # Java's Character.isLetterOrDigit
        return _merge([*_category_ranges("L"), *_category_ranges("Nd")])
    plain = name.removeprefix("Is")
    if plain in ("White_Space", "WhiteSpace", "Whitespace"):
        return _white_space()
    if plain in _UNAVAILABLE:
        raise PatternError(f"\\p{{{name}}} needs {_UNAVAILABLE[plain]}")
    return _category_ranges(_category(plain))


def _white_space() -> Ranges:
    """Unicode's White_Space: what str.isspace takes, but the separators U+001C to U+001F, which
    Python counts as space for their bidirectional class alone."""
    codes = [code for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    return _merge([(code, code) for code in codes if not 0x1C <= code <= 0x1F])


def _code_point(pattern: str, index: int) -> tuple[int, int, bool] | None:
    """The code point an escape of one at `index` names, where it ends, and whether it must be
    written anew (`\\x{...}`, a surrogate pair); None for other escapes."""
    if pattern.startswith("\\x{", index):
        close = pattern.find("}", index)
        digits = pattern[index + 3 : close] if close > 0 else ""
        if not re.fullmatch(r"[0-9a-fA-F]{1,6}", digits) or int(digits, 16) > sys.maxunicode:
            raise PatternError(f"{pattern[index:close + 1] or pattern[index:]} is no code point")
        return int(digits, 16), close + 1, True
    first = _HEX4.match(pattern, index + 1)
    if first is None:
        return None
    code = int(first.group(1), 16)
    second = (
        _HEX4.match(pattern, first.end() + 1) if pattern.startswith("\\", first.end()) else None
    )
    if second is not None and code in _HIGH and int(second.group(1), 16) in _LOW:
        return _pair(code, int(second.group(1), 16)), second.end(), True
    return code, first.end(), False


class _Class:
    """One character class, read item by item, to be written back for Python's `re`."""

    def __init__(self, pattern: str, start: int) -> None:
        self.pattern = pattern
        self.start = start
        self.end = start
        self.negated = False
        # Items, each (text for Python, code point ranges or None for `\\d` etc., is one char).
        self.items: list[tuple[str, Ranges | None, bool]] = []
        self.operands: list[list[tuple[str, Ranges | None, bool]]] = []  # before each `&&`
        self.changed = False

    @classmethod
    def parse(cls, pattern: str, start: int) -> _Class | None:
        parsed = cls(pattern, start)
        return parsed if parsed.read() else None

    def read(self) -> bool:
        pattern = self.pattern
        index = self.start + 1
        if pattern.startswith("^", index):
            self.negated = True
            index += 1
        if pattern.startswith("]", index):  # a `]` first is a literal in Python
            self.items.append(("]", _single(0x5D), True))
            index += 1
        while index < len(pattern):
            char = pattern[index]
            if char == "]":
                self.end = index + 1
                self.operands.append(self.items)
                if self.negated and len(self.operands) > 1:
                    raise PatternError(
                        f"{pattern[self.start:self.end]}: a negated class intersection, which"
                        " Java before 9 and after read differently"
                    )
                return True
            if pattern.startswith("&&", index):  # Java: the intersection of both sides
                self.operands.append(self.items)
                self.items = []
                self.changed = True
                index += 2
                continue
            if char == "[":  # Java: a nested class, added to this one
                nested = _Class.parse(pattern, index)
                if nested is None:
                    return False
                self.items.append(("", nested.ranges(), False))
                self.changed = True
                index = nested.end
                continue
            index = self.item(index)
        return False

    def item(self, index: int) -> int:
        """Reads the item at `index` (a range counts as one) and returns where it ends."""
        text, ranges, single, end = self.atom(index)
        pattern = self.pattern
        # A `-` before the `]` is a literal to every engine, and one before `[` opens no range.
        dash = pattern.startswith("-", end) and pattern[end + 1 : end + 2] not in ("", "]", "[")
        if dash:
            high_text, high_ranges, high_single, high_end = self.atom(end + 1)
            if single and high_single and ranges is not None and high_ranges is not None:
                low, high = ranges[0][0], high_ranges[0][0]
                # `[!--]`: a `-` as a bound reads as a set difference to a future `re`.
                bounds = ["\\-" if bound == "-" else bound for bound in (text, high_text)]
                self.changed = self.changed or bounds != [text, high_text]
                self.items.append(("-".join(bounds), ((low, high),), False))
                return high_end
            # `\w-_`, `a-\d`: ECMA-262 and Java read the `-` as a literal; Python refuses it.
            self.items += [(text, ranges, single), ("\\-", _single(0x2D), True)]
            self.changed = True
            return end + 1
        if single and text in ("|", "&", "~") and pattern.startswith(text, end):
            text = "\\" + text  # `||` is a set operation to a future `re`, which warns of it
            self.changed = True
        self.items.append((text, ranges, single))
        return end

    def atom(self, index: int) -> tuple[str, Ranges | None, bool, int]:
        """(text, ranges, is one code point, end) of the escape or character at `index`; ranges
        None for what is no set of code points here (`\\s`: ASCII or not by engine).
        """
        pattern = self.pattern
        if pattern[index] != "\\":
            return pattern[index], _single(ord(pattern[index])), True, index + 1
        found = _property(pattern, index)
        if found is not None:
            self.changed = True
            return _ranges_text(found[0]), found[0], False, found[1]
        escaped = _code_point(pattern, index)
        if escaped is not None:
            code, end, rewritten = escaped
            self.changed = self.changed or rewritten
            return (_escape(code) if rewritten else pattern[index:end]), _single(code), True, end
        letter = pattern[index + 1 : index + 2]
        if letter in _ASCII_CLASSES:
            self.changed = True
            ascii_ranges = _ASCII_CLASSES[letter]
            text = _ASCII_CLASS_TEXT.get(letter) or _ranges_text(ascii_ranges)
            return text, ascii_ranges, False, index + 2
        named = _CONTROL_ESCAPES.get(letter)
        if named is None and letter.isascii() and letter and not letter.isalnum():
            named = ord(letter)  # `\\-`, `\\]`, `\\.`: the character itself
        ranges = None if named is None else _single(named)
        return pattern[index : index + 2], ranges, ranges is not None, index + 2

    def ranges(self) -> Ranges:
        """The code points this class matches, for an intersection or a nested class."""
        result: Ranges | None = None
        for operand in self.operands:
            if any(ranges is None for _text, ranges, _single in operand):
                raise PatternError(
                    f"{self.pattern[self.start:self.end]}: a class escape (\\d, \\w, \\s) inside"
                    " a class intersection or a nested class is not supported"
                )
            found = _merge([pair for _text, ranges, _single in operand for pair in ranges or ()])
            result = found if result is None else _intersection(result, found)
        assert result is not None
        return _complement(result) if self.negated else result

    def plain_ranges(self) -> Ranges | None:
        """The code points of a class of characters and ranges only (no negation, no escapes)."""
        if self.negated or len(self.operands) != 1:
            return None
        operand = self.operands[0]
        if any(ranges is None for _text, ranges, _single in operand):
            return None
        return _merge([pair for _text, ranges, _single in operand for pair in ranges or ()])

    def text(self) -> str:
        if not self.changed:
            return self.pattern[self.start : self.end]
        if len(self.operands) > 1 or any(text == "" for text, _r, _s in self.items):
            return f"[{_ranges_text(self.ranges())}]" if self.ranges() else "[^\\s\\S]"
        body = "".join(text for text, _ranges, _single in self.operands[0])
        return f"[{'^' if self.negated else ''}{body}]"


def _category(name: str) -> str:
    for prefix in ("General_Category=", "gc="):
        name = name.removeprefix(prefix)
    category = _LONG_NAMES.get(name, name)
    if category in _CATEGORIES:
        return category
    raise PatternError(
        f"\\p{{{name}}} is not a Unicode general category the generator can translate"
    )


@cache
def _category_ranges(category: str) -> Ranges:
    """The code point ranges of `category`."""
    members = {"LC": ("Lu", "Ll", "Lt")}.get(category)
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    # A sentinel run past the end closes the last range.
    for first, actual in (*_category_runs(), (sys.maxunicode + 1, "")):
        inside = actual in members if members else actual.startswith(category)
        if inside and start is None:
            start = first
        elif not inside and start is not None:
            ranges.append((start, first - 1))
            start = None
    return tuple(ranges)


@cache
def _category_runs() -> tuple[tuple[int, str], ...]:
    """Where each maximal run of code points of one general category starts: (first, category).

    One pass over Unicode for all categories, instead of one per category asked for.
    """
    runs = [(0, unicodedata.category(chr(0)))]
    for code in range(1, sys.maxunicode + 1):
        actual = unicodedata.category(chr(code))
        if actual != runs[-1][1]:
            runs.append((code, actual))
    return tuple(runs)


def _escape(code: int) -> str:
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


# One atom (a character class, an escape or a plain character) repeated.
_REPEATED_ATOM = re.compile(
    r"\^?(?P<atom>\[\^?\]?(?:\\.|[^\]\\])*\]|\\[^pP]|[^\\()|?*+{}\[\]^$])"
    r"(?:(?P<plus>\+)|(?P<star>\*)|\{(?P<low>\d+)(?:,(?P<high>\d*))?\})\$?",
    re.DOTALL,
)


@cache
def generation_pattern(pattern: str, min_length: int | None, max_length: int | None) -> str | None:
    """A pattern whose whole matches are whole matches of `pattern` within the length bounds
    (or most of them: callers still filter by length); None when `pattern` itself draws well.

    Two forms draw badly. A pattern that is AWS's "anywhere" wrapper around an anchored body,
    `.*(^...$).*` (Clean Rooms' bucket names, Bedrock Agent's ARNs): its wildcards can only
    match empty, which `from_regex` rarely draws; the body alone has the same whole matches.
    And a fixed-width prefix (often none) before one repeated atom and any rest (`[0-9a-f]+`,
    `mem-[a-z]*`, `(hai-|dom-)[a-z0-9]+`, `[a-zA-Z0-9]+=(?:_[0-9]+)?`) whose minimum repetition
    is more than one below what `min_length` needs: `from_regex` rarely draws such long values,
    so a length filter rejects nearly all of them and Hypothesis fails its health check. The
    repetition is then bounded by the lengths the prefix and the rest's shortest match leave
    (a longer rest is left to the filter); wildcards around the rest
    (`.*[0-9]{12,}.*`) are dropped, the rest having the lengths' matches. And a `\\b`, which
    `from_regex` draws as if it were not there and then filters on: it is resolved away where
    the characters beside it tell whether it holds (`boundaries.resolved`).
    """
    bounded = length_lookahead(pattern)
    if bounded is not None:
        # `(?=.{1,255}$)(arn:.*|engi-[0-9a-z]{13})` (Partner Central's): the rest, whose length
        # the bounds then limit (from_regex draws lookarounds by filtering).
        rest = bounded[0]
        return generation_pattern(rest, *length_bounds(pattern, min_length, max_length)) or rest
    body = _anchored_body(pattern)
    items = _top_level_items(body or pattern) if min_length is not None else None
    middle = "".join(items[1:-1]) if items is not None and len(items) > 2 else "^"
    if (
        items is not None
        and items[0] == items[-1] == ".*"
        and not {"^", "$"} & set(middle)
        and _reaches(middle, min_length)
    ):
        # `.*[0-9]{12,}.*` at 12 characters (MGN's account IDs): the middle alone matches.
        return generation_pattern(middle, min_length, max_length) or middle
    alternatives = resolved(body or pattern)
    if alternatives is None:
        optional = _OPTIONAL_PREFIX.fullmatch(body or pattern)
        if optional is None or min_length is None:
            return _length_folded(unanchored(body or pattern), min_length, max_length) or body
        # `(0x)?[a-f0-9]+` (IoT's certificate IDs): with the prefix and without, each folded.
        alternatives = [optional["prefix"] + optional["rest"], optional["rest"]]
    folded = (
        _length_folded(unanchored(each), min_length, max_length) or each for each in alternatives
    )
    return "|".join(f"(?:{each})" for each in folded)


# The opening of a group that only groups (and captures): `(`, `(?:`, `(?P<name>`.
_PLAIN_GROUP = re.compile(r"\((?!\?)|\(\?:|\(\?P<\w+>")
_BACK_REFERENCE = re.compile(r"\\[1-9]|\(\?P=")


def unanchored(pattern: str) -> str:
    """`pattern` without the `^` that starts it, the `$` that ends it and a group around the
    whole of it: the same whole matches (an anchor at the edge of a whole match always holds),
    in the form the translation and the length folding read (`^(fsvol-[0-9a-f]{17,})$`)."""
    while True:
        stripped = pattern.removeprefix("^")
        before_end = stripped[:-1]
        if stripped.endswith("$") and (len(before_end) - len(before_end.rstrip("\\"))) % 2 == 0:
            stripped = before_end
        group = _PLAIN_GROUP.match(stripped)
        if (
            group is not None
            and _atom_end(stripped, 0) == len(stripped)
            and not _BACK_REFERENCE.search(stripped)
        ):
            stripped = stripped[group.end() : -1]
        if stripped == pattern:
            return pattern
        pattern = stripped


def shortest_match(pattern: str) -> int:
    """The fewest characters a match of `pattern` (a Python pattern) can have, lookarounds
    counted as none: no shorter value matches it, anchored or not."""
    return int(_parser.parse(pattern).getwidth()[0])


# A lookahead of the length alone at the start of a pattern: `(?=^.{3,63}$)`.
_LENGTH_LOOKAHEAD = re.compile(r"\(\?=\^?\.\{(\d+),(\d*)\}\$\)(?P<rest>.+)", re.DOTALL)


def length_lookahead(pattern: str) -> tuple[str, int, int | None] | None:
    """(the rest, the least and the most characters) of a pattern that starts with a lookahead
    of its length alone; None for any other pattern."""
    match = _LENGTH_LOOKAHEAD.fullmatch(pattern)
    if match is None:
        return None
    return match["rest"], int(match[1]), int(match[2]) if match[2] else None


def length_bounds(
    pattern: str, min_length: int | None, max_length: int | None
) -> tuple[int | None, int | None]:
    """The lengths a whole match may have: the spec's, narrowed by a length lookahead."""
    bounded = length_lookahead(pattern)
    if bounded is None:
        return min_length, max_length
    _rest, low, high = bounded
    highs = [bound for bound in (high, max_length) if bound is not None]
    return max(low, min_length or 0), min(highs) if highs else None


# An optional group of literal characters at the start of a pattern.
_OPTIONAL_PREFIX = re.compile(r"\((?:\?:)?(?P<prefix>[A-Za-z0-9_:/-]+)\)\?(?P<rest>.+)", re.DOTALL)


def _anchored_body(pattern: str) -> str | None:
    """The body of `.*BODY.*` when every match of BODY starts at `^` and ends at `$`."""
    if not (pattern.startswith(".*") and pattern.endswith(".*")) or pattern.endswith("\\.*"):
        return None
    body = pattern[2:-2]
    try:
        nodes = [node for node in _parser.parse(body) if node[0] not in _LOOKAROUNDS]
    except re.error:
        return None
    if not nodes or not _anchored(nodes[0], 0, _BEGINNINGS) or not _anchored(nodes[-1], -1, _ENDS):
        return None
    return body


_LOOKAROUNDS = (_constants.ASSERT, _constants.ASSERT_NOT)
_BEGINNINGS = (_constants.AT_BEGINNING, _constants.AT_BEGINNING_STRING)
_ENDS = (_constants.AT_END, _constants.AT_END_STRING)


def _anchored(node: tuple[Any, Any], end: int, anchors: tuple[Any, ...]) -> bool:
    """Whether every match of `node` has one of `anchors` at its start (`end` 0) or end (-1)."""
    opcode, argument = node
    if opcode is _constants.AT:
        return argument in anchors
    if opcode is _constants.SUBPATTERN:
        body = list(argument[3])
        return bool(body) and _anchored(body[end], end, anchors)
    if opcode is _constants.BRANCH:
        return all(branch and _anchored(list(branch)[end], end, anchors) for branch in argument[1])
    return False


def _length_folded(pattern: str, min_length: int | None, max_length: int | None) -> str | None:
    if min_length is None:
        return None
    for start in range(len(pattern)):
        match = _REPEATED_ATOM.match(pattern, start)
        if match is None or (start and pattern[start] == "^"):
            continue
        prefix, suffix = pattern[:start], pattern[match.end() :]
        width, suffix_widths = _widths(prefix), _widths(suffix, anchors=False)
        if width is None or suffix_widths is None or width[0] != width[1]:
            continue
        return _bounded_repeat(
            prefix, width[0], match, suffix, suffix_widths[0], min_length, max_length
        )
    return None


def _reaches(pattern: str, length: int | None) -> bool:
    """Whether a match of `pattern` can be `length` characters long (`\\S` cannot be 20)."""
    try:
        return length is None or _parser.parse(pattern).getwidth()[1] >= length
    except re.error:
        return False


def _widths(part: str, *, anchors: bool = True) -> tuple[int, int] | None:
    """The least and most characters of a match of `part`, when it is a plain concatenation
    (no top-level `|`: `a|b` next to the repeat would not be `a|b` then the repeat) and, but
    with `anchors`, looks at nothing around it (`.*(^abc)`: the repeat could only be empty)."""
    if _top_level_items(part) is None:
        return None
    try:
        tree = _parser.parse(part)
    except re.error:
        return None
    if not anchors and _uses_context(tree):
        return None
    low, high = tree.getwidth()
    return int(low), int(high)


# Lengths a repeat may take past its minimum before a length filter drops too few to fold.
_NARROW = 8


def _bounded_repeat(
    prefix: str,
    width: int,
    match: re.Match[str],
    suffix: str,
    suffix_width: int,
    min_length: int,
    max_length: int | None,
) -> str | None:
    """`prefix`, the repeat bounded by the lengths left beside the prefix's `width` and the
    suffix's least, then `suffix` (a longer suffix is left to the length filter)."""
    if match.group("plus"):
        low, high = 1, None
    elif match.group("star"):
        low, high = 0, None
    else:
        low = int(match.group("low"))
        text = match.group("high")
        high = low if text is None else (int(text) if text else None)
    needed = max(min_length - width - suffix_width, low)
    room = None if max_length is None else max_length - width - suffix_width
    # A filter that only drops the shortest draws costs little; one that keeps only a narrow
    # band of the shortest (`[0-9]{12,}` at exactly 12 characters) does not.
    narrow = room is not None and (high is None or high > room) and room - needed < _NARROW
    if needed <= low + 1 and not narrow:
        return None
    bounds = [bound for bound in (high, room) if bound is not None]
    upper = min(bounds) if bounds else None
    if upper is not None and upper < needed:
        return None
    repeat = f"(?:{match.group('atom')}){{{needed},{'' if upper is None else upper}}}"
    return f"{prefix}{repeat}{suffix}"


_CATEGORY_ESCAPES = {
    _constants.CATEGORY_DIGIT: "\\d",
    _constants.CATEGORY_NOT_DIGIT: "\\D",
    _constants.CATEGORY_SPACE: "\\s",
    _constants.CATEGORY_NOT_SPACE: "\\S",
    _constants.CATEGORY_WORD: "\\w",
    _constants.CATEGORY_NOT_WORD: "\\W",
}


@cache
def utf8_pattern(pattern: str) -> str:
    """`pattern` with the surrogates taken out of its character classes, for `from_regex` with a
    UTF-8 alphabet: its whole matches that UTF-8 can encode are exactly `pattern`'s.

    Hypothesis before 6.165.10 raises `IncompatibleWithAlphabet` for a class with one member
    outside the alphabet (Clean Rooms ML's `[\\u0020-\\uD7FF...\\uD800\\uDBFF-\\uDC00...]`); later
    versions draw from the members inside it. A class of surrogates only is left as it is: no
    encodable character matches it either way.
    """
    out: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern[index] == "\\":
            end = _escape_end(pattern, index)
        elif pattern[index] == "[":
            end = _class_end(pattern, index) or len(pattern)
            out.append(_utf8_class(pattern[index:end]))
            index = end
            continue
        else:
            end = index + 1
        out.append(pattern[index:end])
        index = end
    return "".join(out)


def _utf8_class(text: str) -> str:
    """The class `text` without its surrogates; `text` itself if it has none."""
    try:
        nodes = list(_parser.parse(text))
    except re.error:  # not a class: a `[` in a comment, `(?#[)`
        return text
    if len(nodes) != 1 or nodes[0][0] is not _constants.IN:
        return text  # `[a]` parses as a literal, `[^a]` as NOT_LITERAL: every Hypothesis takes both
    items = list(nodes[0][1])
    negated = items[0][0] is _constants.NEGATE
    ranges = [
        (argument, argument) if opcode is _constants.LITERAL else argument
        for opcode, argument in items[negated:]
        if opcode in (_constants.LITERAL, _constants.RANGE)
    ]
    categories = [argument for opcode, argument in items[negated:] if opcode is _constants.CATEGORY]
    if len(ranges) + len(categories) < len(items) - negated or not set(categories) <= set(
        _CATEGORY_ESCAPES
    ):
        return text
    if all(_without_surrogates(low, high) == [(low, high)] for low, high in ranges):
        return text
    parts = [
        _escape(low) if low == high else f"{_escape(low)}-{_escape(high)}"
        for first, last in ranges
        for low, high in _without_surrogates(first, last)
    ] + [_CATEGORY_ESCAPES[category] for category in categories]
    if not parts:
        # `[^\\uD800]` matches every encodable character; a class of surrogates matches none.
        return "[\\s\\S]" if negated else text
    return f"[{'^' if negated else ''}{''.join(parts)}]"


# Parse-tree operations whose match depends on the text around the match position.
_CONTEXT_OPCODES = frozenset(
    {
        _constants.AT,
        _constants.ASSERT,
        _constants.ASSERT_NOT,
        _constants.GROUPREF,
        _constants.GROUPREF_EXISTS,
    }
)
_QUANTIFIER = re.compile(r"(?:[*+?]|\{\d*(?:,\d*)?\})[?+]?")
_ESCAPE = re.compile(
    r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|N\{[^}]*\}|[0-7]{1,3}|[0-9]{1,2}|.)",
    re.DOTALL,
)


@cache
def search_pattern(pattern: str) -> str:
    """A pattern that `search` finds in exactly the strings where it finds `pattern`; "" for every string.

    A trailing item that can match the empty string anywhere (`(-*[a-z.])*`, `\\S*`) never
    decides whether `search` finds a match, only how long the match is: once the rest matches,
    it matches nothing after it. Validators only ask whether there is a match, so they search
    the pattern without those items: `[a-zA-Z0-9](-*[a-zA-Z0-9\\+\\-\\.])*` becomes `[a-zA-Z0-9]`,
    and `\\S*` matches every string, with no search at all.
    """
    items = _top_level_items(pattern)
    if items is None or _parser.parse(pattern).state.flags & re.VERBOSE:
        return pattern
    while items and _matches_empty_anywhere(items[-1]):
        items.pop()
    return "".join(items)


def _matches_empty_anywhere(item: str) -> bool:
    try:
        tree = _parser.parse(item)
    except re.error:  # e.g. a reference to a group outside the item
        return False
    return tree.getwidth()[0] == 0 and not _uses_context(tree)


def _uses_context(tree: Any) -> bool:
    """Whether a `re._parser.SubPattern` contains an operation that looks around the match."""
    for opcode, argument in tree.data:
        if opcode in _CONTEXT_OPCODES:
            return True
        arguments = argument if isinstance(argument, tuple | list) else (argument,)
        for nested in arguments:
            children = nested if isinstance(nested, list) else [nested]
            if any(
                isinstance(child, _parser.SubPattern) and _uses_context(child) for child in children
            ):
                return True
    return False


def _top_level_items(pattern: str) -> list[str] | None:
    """The pattern cut into its top-level atoms, each with its quantifier; None on a top-level `|`."""
    items: list[str] = []
    index = 0
    while index < len(pattern):
        end = _atom_end(pattern, index)
        if end is None:
            return None
        quantifier = _QUANTIFIER.match(pattern, end)
        if quantifier is not None:
            end = quantifier.end()
        items.append(pattern[index:end])
        index = end
    return items


def _atom_end(pattern: str, index: int) -> int | None:
    char = pattern[index]
    if char == "|":
        return None
    if char == "\\":
        return _escape_end(pattern, index)
    if char == "[":
        return _class_end(pattern, index)
    if char != "(":
        return index + 1
    depth = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index = _escape_end(pattern, index)
            continue
        if char == "[":
            end = _class_end(pattern, index)
            if end is None:
                return None
            index = end
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        index += 1
        if depth == 0:
            return index
    return None


def _class_end(pattern: str, index: int) -> int | None:
    index += 1
    # A `]` right after `[` or `[^` is a literal in Python.
    if pattern.startswith("^", index):
        index += 1
    if pattern.startswith("]", index):
        index += 1
    while index < len(pattern):
        if pattern[index] == "\\":
            index += 2
            continue
        if pattern[index] == "]":
            return index + 1
        index += 1
    return None


def _escape_end(pattern: str, index: int) -> int:
    """Where the escape at `index` ends: `\\u0020` is one atom, so a quantifier after it is its own."""
    match = _ESCAPE.match(pattern, index)
    return index + 2 if match is None else match.end()


# Characters the categories match under both ECMA-262 and Python's `re`, so that a value drawn
# for `\d` (say) is valid whichever engine a server runs: ASCII for the positive ones.
_DIGITS = "0123456789"
_WORD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + _DIGITS + "_"
_SPACES = " \t\n\r\x0b\x0c"
# What `.` must avoid: line terminators to ECMA-262 (Python's `.` only avoids `\n`).
_LINE_ENDS = "\n\r\u2028\u2029"
_POSITIVE_CATEGORIES = {
    _constants.CATEGORY_DIGIT: _DIGITS,
    _constants.CATEGORY_WORD: _WORD,
    _constants.CATEGORY_SPACE: _SPACES,
}
_COMPLEMENTS = (
    {_constants.CATEGORY_DIGIT, _constants.CATEGORY_NOT_DIGIT},
    {_constants.CATEGORY_WORD, _constants.CATEGORY_NOT_WORD},
    {_constants.CATEGORY_SPACE, _constants.CATEGORY_NOT_SPACE},
)
# A class with more characters than this draws from code point ranges instead of a string.
_MAX_ALPHABET = 256
_SURROGATES = range(0xD800, 0xE000)


def _characters(excluded: str, *, bounds: tuple[int, int] | None = None, avoid: str = "") -> str:
    """Source of `st.characters` of UTF-8 encodable characters (from `bounds`, a code point
    range) but those in `avoid` and `excluded`."""
    arguments = ['codec="utf-8"']
    if bounds is not None:
        arguments += [f"min_codepoint={bounds[0]!r}", f"max_codepoint={bounds[1]!r}"]
    if avoid or excluded:
        arguments.append(f"exclude_characters={literal(''.join(dict.fromkeys(avoid + excluded)))}")
    return f"st.characters({', '.join(arguments)})"


@cache
def matches_strategy(pattern: str, excluded: str = "") -> str | None:
    """Source of a Hypothesis strategy of strings that match the Python `pattern` as a whole.

    Built from the pattern's parse tree at generation time, in the runtime's `drawing` terms: a
    run of one character class is one `run` (an `st.text` draw), literals are constants (a
    pattern of literals alone `st.just`), groups and sequences are `concat`, alternatives
    `st.one_of` (`st.sampled_from` of alternative texts), repeated groups `repeat`.
    `st.from_regex` draws character by character and is several times slower on the models'
    ARN patterns. None for syntax left to `from_regex`: anchors but at the edges, lookarounds,
    back-references, flags, negated categories other than `\\S`. Values are UTF-8 encodable
    and hold none of the `excluded` characters (what XML 1.0 cannot hold, in an XML service):
    a pattern that needs one is left to from_regex.
    """
    tree = _parser.parse(unanchored(pattern))
    if tree.state.flags & ~re.UNICODE:
        return None
    return _sequence(list(tree), excluded)


def _sequence(nodes: list[tuple[Any, Any]], excluded: str) -> str | None:
    parts: list[str] = []  # strategies, and literals of the text between them (for `concat`)
    run = ""
    for opcode, argument in nodes:
        fixed = _fixed_text(opcode, argument, excluded)
        if fixed is not None:
            run += fixed  # a run of literals (`:`, `[.]{1}`) is one constant
            continue
        if run:
            parts.append(literal(run))
            run = ""
        part = _node(opcode, argument, excluded)
        if part is None:
            return None
        parts.append(part)
    if not parts:  # literals alone, or nothing
        return f"st.just({literal(run)})"
    if run:
        parts.append(literal(run))
    if len(parts) == 1:
        return parts[0]
    return f"concat({', '.join(parts)})"


def _fixed_sequence(nodes: list[tuple[Any, Any]], excluded: str) -> str | None:
    """The one string a sequence of nodes matches, if it matches only one."""
    texts = [_fixed_text(opcode, argument, excluded) for opcode, argument in nodes]
    return None if None in texts else "".join(str(text) for text in texts)


def _fixed_text(opcode: Any, argument: Any, excluded: str) -> str | None:
    """The one string a node matches, if it matches only one (`a`, `[.]`, `[.]{2}`)."""
    if opcode is _constants.LITERAL:
        return None if argument in _SURROGATES or chr(argument) in excluded else chr(argument)
    if opcode is _constants.IN and len(argument) == 1 and argument[0][0] is _constants.LITERAL:
        return _fixed_text(_constants.LITERAL, argument[0][1], excluded)
    if opcode in (_constants.MAX_REPEAT, _constants.MIN_REPEAT):
        low, high, body = argument
        parts = list(body)
        text = None
        if low == high and len(parts) == 1:
            text = _fixed_text(parts[0][0], parts[0][1], excluded)
        return None if text is None else text * low
    return None


def _node(opcode: Any, argument: Any, excluded: str) -> str | None:
    if opcode in (_constants.MAX_REPEAT, _constants.MIN_REPEAT):
        low, high, body = argument
        sizes = f"{low!r}, {None if high == _constants.MAXREPEAT else high!r}"
        closure = _closure_class(list(body)) if high == _constants.MAXREPEAT and low <= 1 else None
        alphabet = _alphabet([closure] if closure else list(body), excluded)
        if alphabet is not None:
            return f"run({alphabet}, {sizes})"
        item = _sequence(list(body), excluded)
        return None if item is None else f"repeat({item}, {sizes})"
    if opcode is _constants.SUBPATTERN:
        _group, add_flags, del_flags, body = argument
        return None if add_flags or del_flags else _sequence(list(body), excluded)
    if opcode is _constants.BRANCH:
        texts = [_fixed_sequence(list(branch), excluded) for branch in argument[1]]
        if all(text is not None for text in texts):  # alternative texts (`aws|aws-cn`)
            return f"st.sampled_from(({', '.join(literal(text) for text in texts)}))"
        branches = [_sequence(list(branch), excluded) for branch in argument[1]]
        if any(branch is None for branch in branches):
            return None
        return f"st.one_of({', '.join(str(branch) for branch in branches)})"
    alphabet = _alphabet([(opcode, argument)], excluded)
    return None if alphabet is None else f"run({alphabet}, 1, 1)"


def _closure_class(nodes: list[tuple[Any, Any]]) -> tuple[Any, Any] | None:
    """The one-character node M, when `nodes` are M and optional runs of characters of M.

    Repeated with `*` or `+`, such a body matches exactly M's strings: `(-*[a-z-])*` is
    `[a-z-]*` (each character alone is one repetition; every repetition ends in one of M). One
    `st.text` draw then replaces a list of tuples of draws (Bedrock's JobName).
    """
    if len(nodes) == 1 and nodes[0][0] is _constants.SUBPATTERN:
        _group, add_flags, del_flags, body = nodes[0][1]
        if add_flags or del_flags:
            return None
        nodes = list(body)
    repeats = (_constants.MAX_REPEAT, _constants.MIN_REPEAT)
    optional = [node for node in nodes if node[0] in repeats and node[1][0] == 0]
    mandatory = [node for node in nodes if node not in optional]
    if len(mandatory) != 1:
        return None
    chars = _char_set(mandatory[0])
    if chars is None:
        return None
    for _opcode, (_low, _high, body) in optional:
        runs = list(body)
        run_chars = _char_set(runs[0]) if len(runs) == 1 else None
        if run_chars is None or not run_chars <= chars:
            return None
    return mandatory[0]


def _char_set(node: tuple[Any, Any]) -> frozenset[int] | None:
    """The code points a one-character node matches, if it is a literal or a positive class of
    at most `_MAX_ALPHABET` characters (see `_class_ranges`); else None."""
    opcode, argument = node
    if opcode is _constants.LITERAL:
        return frozenset((argument,))
    ranges = _class_ranges(list(argument)) if opcode is _constants.IN else None
    if ranges is None or sum(high - low + 1 for low, high in ranges) > _MAX_ALPHABET:
        return None
    return frozenset(code for low, high in ranges for code in range(low, high + 1))


def _class_ranges(items: list[tuple[Any, Any]]) -> list[tuple[int, int]] | None:
    """The (first, last) code point ranges of a class's literals, ranges and positive
    categories (as generated: ASCII); None for a class with anything else (negation, `\\S`)."""
    ranges: list[tuple[int, int]] = []
    for opcode, argument in items:
        if opcode is _constants.LITERAL:
            ranges.append((argument, argument))
        elif opcode is _constants.RANGE:
            ranges.append(argument)
        elif opcode is _constants.CATEGORY and argument in _POSITIVE_CATEGORIES:
            ranges += [(ord(char), ord(char)) for char in _POSITIVE_CATEGORIES[argument]]
        else:
            return None
    return ranges


def _alphabet(nodes: list[tuple[Any, Any]], excluded: str) -> str | None:
    """Source of what `st.text` takes for the characters `nodes` match but the `excluded`, if
    they are one: a string of them, or a strategy of characters; None otherwise."""
    if len(nodes) != 1:
        return None
    opcode, argument = nodes[0]
    if opcode is _constants.ANY:  # no DOTALL (flags are left to from_regex)
        return _characters(excluded, avoid=_LINE_ENDS)
    if opcode is _constants.NOT_LITERAL:
        return _characters(excluded, avoid=chr(argument))
    if opcode is _constants.LITERAL:
        return _fixed_text(opcode, argument, excluded) and literal(chr(argument))
    if opcode is not _constants.IN:
        return None
    items = list(argument)
    if items[0][0] is _constants.NEGATE:
        return _negated_class(items[1:], excluded)
    if items == [(_constants.CATEGORY, _constants.CATEGORY_NOT_SPACE)]:
        return _characters(excluded, avoid=_any_space())
    return _positive_class(items, excluded)


@cache
def _any_space() -> str:
    """What `\\S` must avoid: whitespace to Python (str.isspace) or ECMA-262 (which adds U+FEFF)."""
    return (
        "".join(chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()) + "\ufeff"
    )


def _positive_class(items: list[tuple[Any, Any]], excluded: str) -> str | None:
    categories = {argument for opcode, argument in items if opcode is _constants.CATEGORY}
    if any(pair <= categories for pair in _COMPLEMENTS):  # `[\s\S]`: any character
        return _characters(excluded)
    found = _class_ranges(items)
    if found is None:
        return None
    # Surrogates cannot be UTF-8 encoded: ranges are cut around them.
    ranges = [cut for low, high in found for cut in _without_surrogates(low, high)]
    if not ranges:
        return None
    if sum(high - low + 1 for low, high in ranges) <= _MAX_ALPHABET:
        chars = dict.fromkeys(
            chr(code)
            for low, high in ranges
            for code in range(low, high + 1)
            if chr(code) not in excluded
        )
        return literal("".join(chars)) if chars else None
    # A class of many ranges (`\\p{L}` has hundreds) makes a long one_of, but Hypothesis builds
    # from_regex of such a class hundreds of times slower (a minute for whole Bedrock).
    wide = [(low, high) for low, high in ranges if low != high]
    singles = "".join(
        dict.fromkeys(chr(low) for low, high in ranges if low == high and chr(low) not in excluded)
    )
    options = [_characters(excluded, bounds=bounds) for bounds in wide]
    if singles:
        options.append(f"st.sampled_from({literal(singles)})")
    return options[0] if len(options) == 1 else f"st.one_of({', '.join(options)})"


def _without_surrogates(low: int, high: int) -> list[tuple[int, int]]:
    below = (low, min(high, _SURROGATES.start - 1))
    above = (max(low, _SURROGATES.stop), high)
    return [(start, end) for start, end in (below, above) if start <= end]


def _negated_class(items: list[tuple[Any, Any]], excluded: str) -> str | None:
    # `[^\d]` must avoid every digit Python knows, not the ASCII ones generated for `\d`.
    if any(opcode is _constants.CATEGORY for opcode, _argument in items):
        return None
    avoided = _char_set((_constants.IN, items))
    if avoided is None:
        return None
    return _characters(excluded, avoid="".join(map(chr, sorted(avoided))))

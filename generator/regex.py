"""The model's ECMA-262 patterns as Python `re` patterns, and patterns to generate from.

AWS models write patterns in ECMA-262 syntax. Python's `re` reads almost all of it the same way
(the models' `\\uXXXX` escapes included); what it lacks is Unicode property escapes. `python_pattern`
replaces `\\p{X}` and `\\P{X}` for a general category `X` (`L`, `Lu`, `M`, `Nd`, ..., or the long
names `Letter`, `Mark`, ...) with the character class of that category, computed from Python's own
`unicodedata` (Unicode 14.0 on Python 3.11), and leaves every other pattern unchanged, character
for character. Anything it cannot translate raises `PatternError`.

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
_PROPERTY = re.compile(r"\\([pP])\{([^}]*)\}")


class PatternError(ValueError):
    """A pattern that cannot be expressed for Python's `re`."""


def python_pattern(pattern: str) -> str:
    """`pattern` for Python's `re`: Unicode property escapes replaced, the rest verbatim."""
    if "\\p" not in pattern and "\\P" not in pattern:
        return pattern
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            match = _PROPERTY.match(pattern, index)
            if match is None:
                out.append(pattern[index : index + 2])
                index += 2
                continue
            negated = match.group(1) == "P"
            ranges = _category_ranges(_category(match.group(2)))
            if in_class and negated:
                raise PatternError(
                    f"{match.group(0)} inside a character class has no Python equivalent"
                )
            out.append(ranges if in_class else f"[{'^' if negated else ''}{ranges}]")
            index = match.end()
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            index += 1
            # A `]` right after `[` or `[^` is a literal in Python.
            if pattern.startswith("^", index):
                out.append("^")
                index += 1
            if pattern.startswith("]", index):
                out.append("]")
                index += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


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
def _category_ranges(category: str) -> str:
    """The body of a character class of every code point in `category`, as `\\u` escapes."""
    members = {"LC": ("Lu", "Ll", "Lt")}.get(category)

    def wanted(code: int) -> bool:
        actual = unicodedata.category(chr(code))
        return actual in members if members else actual.startswith(category)

    parts: list[str] = []
    start: int | None = None
    for code in range(sys.maxunicode + 2):
        inside = code <= sys.maxunicode and wanted(code)
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            end = code - 1
            parts.append(_escape(start) if end == start else f"{_escape(start)}-{_escape(end)}")
            start = None
    return "".join(parts)


def _escape(code: int) -> str:
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


# One atom (a character class, an escape or a plain character) repeated, the whole pattern.
_REPEATED_ATOM = re.compile(
    r"\^?(?P<atom>\[\^?\]?(?:\\.|[^\]\\])*\]|\\[^pP]|[^\\()|?*+{}\[\]^$])"
    r"(?:(?P<plus>\+)|(?P<star>\*)|\{(?P<low>\d+)(?:,(?P<high>\d*))?\})\$?",
    re.DOTALL,
)


def generation_pattern(pattern: str, min_length: int | None, max_length: int | None) -> str | None:
    """A pattern whose whole matches are whole matches of `pattern` within the length bounds.

    Only for a pattern that is one repeated atom (`[0-9a-f]+`, `\\S*`, `.{2,}`) whose own minimum
    repetition is more than one below `min_length`: `from_regex` rarely draws such long values, so
    a length filter rejects nearly all of them and Hypothesis fails its health check. None
    otherwise: `from_regex` with a length filter works.
    """
    match = _REPEATED_ATOM.fullmatch(pattern)
    if match is None or min_length is None:
        return None
    if match.group("plus"):
        low, high = 1, None
    elif match.group("star"):
        low, high = 0, None
    else:
        low = int(match.group("low"))
        text = match.group("high")
        high = low if text is None else (int(text) if text else None)
    if min_length <= low + 1:  # a filter that only drops the shortest draws costs little
        return None
    bounds = [min_length, *(bound for bound in (high, max_length) if bound is not None)]
    upper = min(bounds[1:]) if len(bounds) > 1 else None
    if upper is not None and upper < min_length:
        return None
    return f"(?:{match.group('atom')}){{{min_length},{'' if upper is None else upper}}}"


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

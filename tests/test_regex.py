"""generator/regex.py: the shortened patterns validators search with find exactly what the spec's
do, and the strategies translated from patterns draw only whole matches."""

from __future__ import annotations

import functools
import re

# The parser `re` itself uses, as generator/regex.py reads patterns with it.
import re._constants as _constants  # type: ignore[import-not-found]
import re._parser as _parser  # type: ignore[import-not-found]
import string
import sys
import unicodedata
import warnings

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.boundaries import resolved
from generator.regex import (
    PatternError,
    generation_pattern,
    length_bounds,
    matches_strategy,
    python_pattern,
    search_pattern,
    unanchored,
    utf8_pattern,
)
from generator.runtime import drawing
from generator.runtime.xmlwire import NOT_IN_XML
from tests.conftest import PROJECT


def _found(pattern: str, text: str) -> bool:
    return pattern == "" or re.search(pattern, text) is not None


def _spec_patterns() -> list[str]:
    found = []
    for path in sorted((PROJECT / "specs").glob("*.yaml")):
        shapes = yaml.safe_load(path.read_text(encoding="utf-8"))["shapes"]
        found += [
            python_pattern(shape["pattern"]) for shape in shapes.values() if "pattern" in shape
        ]
    return found


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"[a-zA-Z0-9](-*[a-zA-Z0-9\+\-\.])*", "[a-zA-Z0-9]"),  # Bedrock JobName
        (r"\S*", ""),
        (r"[\s\S]*", ""),
        (r"(?!\s*$)[\u0020-\uD7FF\t]*", r"(?!\s*$)"),  # the lookahead decides, so it stays
        (r"arn:[a-z]+([:][a-z0-9-]{1,63}){0,2}", "arn:[a-z]+"),
        (r"x\u002a*", "x"),  # the quantifier applies to the whole escape
        (r"x\\*", "x"),
        (r"[]a]*x[^]]*", "[]a]*x"),  # `]` first in a class is a literal
        (r"a|b*", r"a|b*"),  # a top-level alternation is left alone
        (r"a(?:x|\b)*", r"a(?:x|\b)*"),  # boundaries, anchors, lookarounds, references: context
        (r"a(?:x|$)?", r"a(?:x|$)?"),
        (r"a(?=b)?", r"a(?=b)?"),
        (r"(a)(?:b\1)*", r"(a)(?:b\1)*"),
        (r"(?x) a b*", r"(?x) a b*"),  # verbose mode reads spaces differently
        (r"([0-9a-zA-Z][_-]?){1,63}", r"([0-9a-zA-Z][_-]?){1,63}"),
    ],
)
def test_search_pattern_drops_only_trailing_items_that_never_decide(
    pattern: str, expected: str
) -> None:
    assert search_pattern(pattern) == expected


_ATOMS = ("a", "b", "[ab]", r"\d", ".", "(?:ab)", "(a|b)", r"\b", "$", "^", "(?=a)", "(?!b)", r"\s")
# What a translated pattern's source names: Hypothesis' strategies and the runtime's helpers.
_DRAWING = {"st": st, "concat": drawing.concat, "repeat": drawing.repeat, "run": drawing.run}
_QUANTIFIERS = ("", "*", "+", "?", "{0,2}", "{1,2}", "*?", "{2}")


@st.composite
def _patterns(draw: st.DrawFn, atoms: tuple[str, ...] = _ATOMS) -> str:
    items = draw(st.lists(st.tuples(st.sampled_from(atoms), st.sampled_from(_QUANTIFIERS))))
    pattern = "".join(atom + quantifier for atom, quantifier in items)
    try:
        re.compile(pattern)
    except re.error:  # e.g. a quantified anchor
        pattern = "".join(atom for atom, _ in items)
    return pattern


# Cheap, and the patterns that tell are rare: more examples than the profile gives.
@settings(max_examples=1000)
@given(_patterns(), st.text(alphabet="ab1 \n-", max_size=8))
def test_search_pattern_finds_a_match_exactly_where_the_pattern_does(
    pattern: str, text: str
) -> None:
    assert _found(search_pattern(pattern), text) == _found(pattern, text)


@pytest.mark.parametrize("pattern", _spec_patterns())
@given(data=st.data())
def test_spec_patterns_shortened_find_the_same(pattern: str, data: st.DataObject) -> None:
    text = data.draw(_texts_near(pattern))
    assert _found(search_pattern(pattern), text) == _found(pattern, text)


@functools.cache  # once per pattern: see _translated
def _texts_near(pattern: str) -> st.SearchStrategy[str]:
    """Any short text, or a whole match of `pattern` less its last character."""
    return st.one_of(
        st.text(max_size=20),
        st.from_regex(utf8_pattern(pattern), fullmatch=True).map(lambda s: s[:-1]),
    )


# Built once per pattern, as a generated strategies module builds its own (once, deferred): a
# strategy rebuilt per draw leans on Hypothesis's strategy cache, which the tests before these
# fill, and building from_regex's character set for a class of 10,000 characters again on
# every draw takes a case from seconds to many minutes.
@functools.cache
def _translated(pattern: str) -> st.SearchStrategy[str]:
    source = matches_strategy(pattern)
    assert source is not None, pattern
    # The generator's output, evaluated as generated strategies.py evaluates it.
    strategy: st.SearchStrategy[str] = eval(source, _DRAWING)
    return strategy


def _assert_whole_match(pattern: str, text: str) -> None:
    assert re.fullmatch(pattern, text) is not None, (pattern, text)
    text.encode("utf-8")  # no lone surrogates


@pytest.mark.parametrize(
    ("pattern", "translated"),
    [
        (r"[0-9]{12}", True),
        (r"([0-9a-zA-Z][_-]?){1,63}", True),
        (r"arn:aws(-[^:]+)?:bedrock", True),
        (r"[\s\S]*", True),
        (r"\S*", True),
        (r".*", True),
        (r"[\d\w.]+", True),
        (r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDBFF-\uDC00\uDFFF\t\r\n]*", True),
        (r"x*?y+?", True),
        (r"^a$", True),  # anchors at the edges of a whole match always hold
        (r"^(fsvol-[0-9a-f]{17,})$", True),
        (r"a\\$", True),  # an escaped backslash, then the end
        (r"(?!\s*$)[a-z]*", False),  # lookarounds, anchors, references, flags: from_regex
        (r"a^b", False),
        (r"a\$b", True),  # an escaped `$` is a literal
        (r"a|^b", False),
        (r"(a)\1", False),
        (r"(?i)a", False),
        (r"\D+", False),
        (r"[^\d]", False),
        (r"\ud800", False),  # a lone surrogate is no UTF-8 text
        (python_pattern(r"\p{L}+"), True),  # hundreds of ranges: from_regex is far slower
    ],
)
def test_matches_strategy_translates_what_it_can(pattern: str, translated: bool) -> None:
    assert (matches_strategy(pattern) is not None) == translated


@pytest.mark.parametrize("pattern", _spec_patterns())
@given(data=st.data())
def test_spec_patterns_translated_draw_whole_matches(pattern: str, data: st.DataObject) -> None:
    if matches_strategy(pattern) is None:
        # Only CleanRoomsML's NameString, whose lookahead is left to from_regex.
        assert pattern.startswith("(?!")
        return
    _assert_whole_match(pattern, data.draw(_translated(pattern)))


_CLASSES = (
    "a",
    "-",
    r"\.",
    "[a-c]",
    "[^:]",
    r"\d",
    r"\w",
    r"\s",
    r"\S",
    "[\\s\\S]",
    ".",
    "[\u00e9x]",
)


@st.composite
def _translatable_patterns(draw: st.DrawFn, depth: int = 2) -> str:
    atoms = st.sampled_from(_CLASSES)
    if depth:
        groups = st.lists(_translatable_patterns(depth - 1), min_size=1, max_size=3)
        atoms = atoms | groups.map(lambda branches: "(" + "|".join(branches) + ")")
    items = draw(st.lists(st.tuples(atoms, st.sampled_from(_QUANTIFIERS)), max_size=4))
    return "".join(atom + quantifier for atom, quantifier in items)


@given(pattern=_translatable_patterns(), data=st.data())
def test_translated_patterns_draw_whole_matches(pattern: str, data: st.DataObject) -> None:
    _assert_whole_match(pattern, data.draw(_translated(pattern)))


@pytest.mark.parametrize(
    "pattern",
    [r"\s*", r".+", r"[^a]+", r"\S+", r"[\s\S]*", r"[\x00-\x7f]+", r"[\u0000-\uffff]+", r"(\s|x)+"],
)
@given(data=st.data())
def test_an_xml_services_text_holds_nothing_xml_cannot(pattern: str, data: st.DataObject) -> None:
    source = matches_strategy(pattern, NOT_IN_XML)
    assert source is not None, pattern
    text = data.draw(eval(source, _DRAWING))
    _assert_whole_match(pattern, text)
    assert not set(text) & set(NOT_IN_XML), (pattern, text)


@pytest.mark.parametrize("pattern", [r"a\x0cb", r"[\x0b\x0c]", r"\x01{2}"])
def test_text_only_xml_cannot_hold_is_left_to_from_regex(pattern: str) -> None:
    assert matches_strategy(pattern) is not None
    assert matches_strategy(pattern, NOT_IN_XML) is None


@pytest.mark.parametrize(
    ("pattern", "one_draw"),
    [
        (r"(-*[a-z-])*", True),
        (r"(-*[a-z-])+", True),
        (r"([a-c]?[a-z])*", True),
        (r"[a-zA-Z0-9](-*[a-zA-Z0-9\+\-\.])*", True),  # Bedrock JobName
        (r"(-*[a-z])*", False),  # a dash must be followed by a letter
        (r"(-*[a-z-]){2,}", False),  # at least two repetitions: not any string of the class
        (r"(x*y)*", False),
        (r"(ab)*", False),
    ],
)
def test_a_repeated_class_with_optional_runs_of_its_characters_is_one_text_draw(
    pattern: str, one_draw: bool
) -> None:
    source = matches_strategy(pattern)
    assert source is not None
    assert ("repeat(" not in source) == one_draw


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # Clean Rooms ML's NameString: surrogates as literals and as a range of their own.
        (
            r"(?!\s*$)[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDBFF-\uDC00\uDFFF\t]*",
            r"(?!\s*$)[\u0020-\uD7FF\uE000-\uFFFD\u0009]*",
        ),
        (r"[\u0020-\uFFFD]+", r"[\u0020-\uD7FF\uE000-\uFFFD]+"),  # a range across them is cut
        (r"[^\uD800a\d]", r"[^\u0061\d]"),  # negated: the surrogates were never drawable
        (r"[^\uD800-\uDFFF]", r"[\s\S]"),
        (r"[\uD800\uDFFF]", r"[\uD800\uDFFF]"),  # nothing encodable matches either way
        (r"[\uD800]|[^\uD800]", r"[\uD800]|[^\uD800]"),  # a literal: every Hypothesis takes it
        (r"[a-z\-\]]\[\uD800-\uDFFF]", r"[a-z\-\]]\[\uD800-\uDFFF]"),  # no class: left verbatim
        (r"(?#[)\uD800", r"(?#[)\uD800"),
    ],
)
def test_utf8_pattern_takes_surrogates_out_of_classes_only(pattern: str, expected: str) -> None:
    assert utf8_pattern(pattern) == expected


_CLASS_ITEMS = st.one_of(
    st.sampled_from((r"\d", r"\D", r"\s", r"\S", r"\w", r"\W", "a", r"\-", r"\]", "^")),
    st.integers(0xD700, 0xE100).map(lambda code: f"\\u{code:04X}"),
    st.tuples(st.integers(0x20, 0xE100), st.integers(0, 0x900)).map(
        lambda pair: f"\\u{pair[0]:04X}-\\u{min(pair[0] + pair[1], 0xFFFF):04X}"
    ),
)
# Characters around and between the surrogates, where a cut range would show.
_ENCODABLE = st.characters(codec="utf-8") | st.integers(0xD7F0, 0xE010).filter(
    lambda code: not 0xD800 <= code <= 0xDFFF
).map(chr)


@given(
    items=st.lists(_CLASS_ITEMS, min_size=1, max_size=5),
    negated=st.booleans(),
    chars=st.lists(_ENCODABLE, min_size=1, max_size=20),
)
def test_utf8_pattern_matches_every_encodable_character_its_pattern_does(
    items: list[str], negated: bool, chars: list[str]
) -> None:
    pattern = f"[{'^' if negated else ''}{''.join(items)}]"
    assume(pattern != "[^]")  # `^` drawn first: no pattern at all
    drawable = utf8_pattern(pattern)
    assert not _surrogates_beside_others(drawable), drawable
    for char in chars:
        assert (re.fullmatch(drawable, char) is None) == (re.fullmatch(pattern, char) is None)


def _surrogates_beside_others(pattern: str) -> bool:
    """Whether the class of a one-class pattern has surrogates among other members, which
    Hypothesis before 6.165.10 refuses with a UTF-8 alphabet."""
    ((opcode, argument),) = _parser.parse(pattern)
    if opcode is not _constants.IN:  # `[a]` is a literal, `[^a]` a NOT_LITERAL
        return False
    items = list(argument)
    ranges = [
        (value, value) if kind is _constants.LITERAL else value
        for kind, value in items
        if kind in (_constants.LITERAL, _constants.RANGE)
    ]
    inside = any(low <= 0xDFFF and high >= 0xD800 for low, high in ranges)
    others = len(ranges) < len(items) or any(low < 0xD800 or high > 0xDFFF for low, high in ranges)
    return inside and others


_EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))


@pytest.mark.parametrize(
    ("name", "categories"),
    [
        ("L", ("Lu", "Ll", "Lt", "Lm", "Lo")),
        ("LC", ("Lu", "Ll", "Lt")),
        ("gc=Zs", ("Zs",)),
        ("Cn", ("Cn",)),
    ],
)
def test_a_property_escape_matches_exactly_its_category(
    name: str, categories: tuple[str, ...]
) -> None:
    found = re.findall(python_pattern(f"\\p{{{name}}}"), _EVERY_CHARACTER)
    assert found == [char for char in _EVERY_CHARACTER if unicodedata.category(char) in categories]


def test_a_pattern_without_what_python_reads_differently_is_left_verbatim() -> None:
    for path in sorted((PROJECT / "specs").glob("*.yaml")):
        for shape in yaml.safe_load(path.read_text(encoding="utf-8"))["shapes"].values():
            if "pattern" in shape and "\\p" not in shape["pattern"]:
                assert python_pattern(shape["pattern"]) == shape["pattern"]


# `\d` is ASCII to ECMA-262, any Unicode digit to Python: translated.
@settings(max_examples=300)
@given(_patterns(tuple(atom for atom in _ATOMS if atom != r"\d")))
def test_ecma_patterns_python_reads_alike_are_left_verbatim(pattern: str) -> None:
    assert python_pattern(pattern) == pattern


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # UTF-16 surrogate pairs: the astral code points they encode (Glue's XML characters).
        (
            r"[\u0020-\uD7FF\uD800\uDC00-\uDBFF\uDFFF\t]*",
            r"[\u0020-\uD7FF\U00010000-\U0010FFFF\t]*",
        ),
        (r"[\uD800-\uDBFF][\uDC00-\uDFFF]", r"[\U00010000-\U0010FFFF]"),
        (r"\uD83D\uDE00", r"\U0001F600"),
        (r"[\uD800\uDBFF-\uDC00\uDFFF]", r"[\uD800\uDBFF-\uDC00\uDFFF]"),  # no pair: lone ones
        # A quantified anchor (SageMaker's `${1,128}`): Java repeats the zero-width match.
        (r"(a*)${1,128}", r"(a*)$"),
        (r"={3,}${1,4096}", r"={3,}$"),
        (r"a^*b$?", r"ab"),
        # A `{n,m}` right after a quantifier (Recycle Bin's): Java repeats an empty atom.
        (r"[0-9a-zA-Z]{11}{0,1011}$", r"[0-9a-zA-Z]{11}$"),
        (r"a{2}?{3}{1,}+b*{2}", r"a{2}?b*"),
        (r"(a{2}){3}", r"(a{2}){3}"),
        # Java's inline flags after the start: to the end of the enclosing group.
        (r"^(?i)(true|false)$", r"^(?i:(true|false)$)"),
        (r"(?!(?i)AWS_)[a-z]", r"(?!(?i:AWS_))[a-z]"),
        (r"(?i)a", r"(?i)a"),
        # A `-` beside a class escape, and doubled `|` in a class, are literals.
        (r"[\w-_]*", r"[0-9A-Z_a-z\-_]*"),
        (r"[a-\d]", r"[a\-0-9]"),
        (r"[\s-]", r"[\s-]"),  # before the `]`: a literal to Python too, left as it is
        (r"[!--]", r"[!-\-]"),
        (r"[a-zA-Z\d-_/]", r"[a-zA-Z0-9\-_/]"),
        # `\d` and `\w` are ASCII to Java and ECMA-262.
        (r"^\d{12}$", r"^[0-9]{12}$"),
        (r"\w+\W\D", r"[0-9A-Z_a-z]+[^0-9A-Z_a-z][^0-9]"),
        (r"[^\d.]", r"[^0-9.]"),
        (r"[a-z&&[^\d]]", r"[\u0061-\u007A]"),
        (r"[\s-_()\[\]]+", r"[\s\-_()\[\]]+"),
        (r"[\p{Zs}-_]", r"[\u0020\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\-_]"),
        (r"[\x{60}a|b||c]", r"[\u0060a|b\||c]"),
        (r"\A[a-z]+\z", r"\A[a-z]+\Z"),
        (r"[\p{Print}&&[^|:/]]", r"[\u0020-\u002E\u0030-\u0039\u003B-\u007B\u007D-\u007E]"),
        (r"[x[a-c]]", r"[\u0061-\u0063\u0078]"),
        (r"\p{XDigit}{4}", r"[\u0030-\u0039\u0041-\u0046\u0061-\u0066]{4}"),
    ],
)
def test_python_pattern_translates_java_and_utf16_forms(pattern: str, expected: str) -> None:
    assert python_pattern(pattern) == expected


_WHITE_SPACE = (  # Unicode's PropList.txt, White_Space
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Java's POSIX classes are US-ASCII; its other names, by what Java documents for them.
_NAMED = {
    "ASCII": str.isascii,
    "Alnum": lambda char: char.isascii() and char.isalnum(),
    "Alpha": lambda char: char.isascii() and char.isalpha(),
    "Blank": lambda char: char in " \t",
    "Cntrl": lambda char: char.isascii() and not char.isprintable(),
    "Digit": lambda char: char in string.digits,
    "Graph": lambda char: char.isascii() and char.isprintable() and char != " ",
    "Lower": lambda char: char in string.ascii_lowercase,
    "Print": lambda char: char.isascii() and char.isprintable(),
    "Punct": lambda char: char in string.punctuation,
    "Space": lambda char: char in " \t\n\x0b\x0c\r",
    "Upper": lambda char: char in string.ascii_uppercase,
    "XDigit": lambda char: char in string.hexdigits,
    "L1": lambda char: ord(char) <= 0xFF,
    "all": lambda char: True,
    "LD": lambda char: unicodedata.category(char)[0] == "L" or unicodedata.category(char) == "Nd",
    "IsWhite_Space": lambda char: char in _WHITE_SPACE,
    "IsLu": lambda char: unicodedata.category(char) == "Lu",
    "Z": lambda char: unicodedata.category(char)[0] == "Z",
}


@pytest.mark.parametrize("name", sorted(_NAMED))
def test_a_named_class_matches_exactly_what_it_names_inside_a_class_and_out(name: str) -> None:
    member = _NAMED[name]
    inside = [char for char in _EVERY_CHARACTER if member(char)]
    outside = [char for char in _EVERY_CHARACTER if not member(char)]
    assert re.findall(python_pattern(f"\\p{{{name}}}"), _EVERY_CHARACTER) == inside
    assert re.findall(python_pattern(f"\\P{{{name}}}"), _EVERY_CHARACTER) == outside
    # Negated inside a class, `re` has no form for it: the complement's ranges.
    assert re.findall(python_pattern(f"[\\P{{{name}}}]"), _EVERY_CHARACTER) == outside


def test_a_negated_and_a_plain_category_in_one_class_match_everything() -> None:
    assert re.fullmatch(python_pattern(r"[\P{M}\p{M}]+"), _EVERY_CHARACTER) is not None


def test_surrogate_pair_ranges_match_exactly_the_astral_code_points_they_encode() -> None:
    astral = [char for char in _EVERY_CHARACTER if ord(char) > 0xFFFF]
    assert re.findall(python_pattern(r"[\uD800\uDC00-\uDBFF\uDFFF]"), _EVERY_CHARACTER) == astral
    assert re.findall(python_pattern(r"[\uD800-\uDBFF][\uDC00-\uDFFF]"), _EVERY_CHARACTER) == astral


@given(
    high=st.tuples(st.integers(0xD800, 0xDBFF), st.integers(0, 3)),
    low=st.tuples(st.integers(0xDC00, 0xDFFF), st.integers(0, 0x3FF)),
    char=st.characters(min_codepoint=0x10000),
)
def test_a_class_of_high_then_of_low_surrogates_matches_the_characters_of_those_pairs(
    high: tuple[int, int], low: tuple[int, int], char: str
) -> None:
    highs = (high[0], min(high[0] + high[1], 0xDBFF))
    lows = (low[0], min(low[0] + low[1], 0xDFFF))
    pattern = "[\\u{:04X}-\\u{:04X}][\\u{:04X}-\\u{:04X}]".format(*highs, *lows)
    units = char.encode("utf-16-be")
    lead, trail = int.from_bytes(units[:2]), int.from_bytes(units[2:])
    expected = highs[0] <= lead <= highs[1] and lows[0] <= trail <= lows[1]
    assert (re.fullmatch(python_pattern(pattern), char) is not None) == expected
    # The same character, encoded by hand in the middle of the pattern, as an escape pair.
    escaped = "".join(f"\\u{unit:04X}" for unit in (lead, trail))
    assert re.fullmatch(python_pattern(f"a{escaped}b"), f"a{char}b") is not None


@pytest.mark.parametrize(
    ("pattern", "matching", "not_matching"),
    [
        (r"^(?i)(true|false)$", ["TRUE", "false", "FaLsE"], ["yes", "TRUE\nx"]),
        (r"a(?i)b", ["ab", "aB"], ["AB", "Ab"]),
        (r"(?:x(?i)y)z", ["xyz", "xYz"], ["xYZ", "XYz"]),
        (r"(?!(?i)aws_)[a-zA-Z_]+", ["awsx", "Aws"], ["aws_x", "AWS_x"]),
        (r"[A-Z]{2}${1,3}", ["AB"], ["ABC"]),
        (r"rule/[0-9a-zA-Z]{11}{0,1011}", ["rule/abcdefghijk"], ["rule/abcdefghijkl", "rule/"]),
        (r"[\w-_]+", ["a-b", "-", "_"], ["a b", "\u00e9"]),
        (r"\d{2}", ["12"], ["\u0661\u0662", "1\u0662"]),
        (r"[\W]", [" ", "\u00e9"], ["a", "_"]),
        (r"[\p{Zs}-_]+", ["-", "_", " \u3000"], ["A", "\u3001"]),
        (r"[\p{N}||\p{P}]+", ["|", "1", "!", "\u0661"], ["a"]),
        (r"[\p{Print}&&[^|:/]]+", ["abc ~"], ["a|b", "a:b", "/", "\x7f", "\xe9"]),
        (r"\A[a-z]+\z", ["abc"], ["abc\n"]),
        (r"\x{60}[\x{0022}]", ['`"'], ["``"]),
        (r"arn:[\p{Alnum}\-]+:lambda", ["arn:aws-cn:lambda"], ["arn:aws\u00e9:lambda"]),
    ],
)
def test_translated_patterns_match_as_java_reads_them(
    pattern: str, matching: list[str], not_matching: list[str]
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no FutureWarning of a set operation
        compiled = re.compile(python_pattern(pattern))
    assert [text for text in matching if compiled.fullmatch(text) is None] == []
    assert [text for text in not_matching if compiled.fullmatch(text) is not None] == []


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"[\p{IsAlphabetic}]", "needs the Unicode property Alphabetic"),
        (r"[^a&&b]", "a negated class intersection"),
        (r"[\s&&a]", "a class escape"),
        (r"\p{InGreek}", "is not a Unicode general category"),
        (r"\x{110000}", "is no code point"),
    ],
)
def test_what_cannot_be_translated_is_refused_with_its_reason(pattern: str, reason: str) -> None:
    with pytest.raises(PatternError, match=re.escape(reason)):
        python_pattern(pattern)


# Patterns of botocore's models that Python's `re` could not read before they were translated.
_MODEL_PATTERNS = [
    r"arn:[\p{Alnum}\-]+:lambda:[\p{Alnum}\-]+:[0-9]{12}:function:.*",  # SageMaker
    r"([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)${1,128}",  # SageMaker
    r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*",  # SageMaker, Glue, Athena
    r"[\uD800-\uDBFF][\uDC00-\uDFFF]{1,3}",
    r"[\P{M}\p{M}]{1,200}",  # Lookout for Equipment
    r"^\p{ASCII}+$",  # Comprehend
    r"\A\S[\p{Print}]*\z",  # SageMaker Runtime
    r"[\p{Print}&&[^|:/]]+",  # Auto Scaling Plans
    r"[^\p{C}\p{IsWhitespace}]+",  # CodeArtifact
    r"^(\p{LD}|\p{Punct}| )+$",  # Directory Service
    r"\p{XDigit}{8}-\p{XDigit}{4}-\p{XDigit}{4}-\p{XDigit}{4}-\p{XDigit}{12}",  # OpenSearch
    r"^(?i)(true|false)$",  # FSx
    r"[\w-_]*",  # CloudWatch Logs
    r"[\p{L}||\p{M}||\p{Z}||\p{S}||\p{N}||\p{P}]+",  # Omics
    r"([\w!$&()*+,./:;=?@\x{60}-]|%([\dA-Fa-f]{2}|[\dA-Fa-f]?\*))+",  # Location
    r"^(?! )[\p{L}\p{N}\p{Z}-_]*(?<! )$",  # Cost Explorer
    r"^arn:\S+:rbin:[a-z\-0-9]{0,63}:[0-9]{12}:rule/[0-9a-zA-Z]{11}{0,1011}$",  # Recycle Bin
]


@pytest.mark.parametrize("pattern", _MODEL_PATTERNS)
@given(data=st.data())
def test_model_patterns_translated_draw_whole_matches_of_the_translation(
    pattern: str, data: st.DataObject
) -> None:
    python = python_pattern(pattern)
    _assert_whole_match(python, data.draw(_model_pattern_strategy(python)))


@functools.cache
def _model_pattern_strategy(python: str) -> st.SearchStrategy[str]:
    if matches_strategy(python) is not None:
        return _translated(python)
    return st.from_regex(
        utf8_pattern(python), fullmatch=True, alphabet=st.characters(codec="utf-8")
    )


# (pattern, min, max, folded): a "match anywhere" wrapper around an anchored body draws the body,
# and a fixed prefix before a repeated atom draws repeats long enough for `min`.
_FOLDED = [
    (r"mem-[a-zA-Z0-9-_]*", 40, 50, r"mem-(?:[a-zA-Z0-9-_]){36,46}"),  # AgentCore MemoryRecordId
    (r"[0-9a-f]+", 32, 32, r"(?:[0-9a-f]){32,32}"),
    (r"^ab[x]*$", 20, None, r"ab(?:[x]){18,}"),  # anchors at its edges hold anyway
    (r".*(^[a-z]+\.[a-z]+$).*", 3, 63, r"(^[a-z]+\.[a-z]+$)"),
    (r".*(?!^\d+$)(^[a-z0-9]+$|^x[0-9]*$).*", 1, None, r"(?!^\d+$)(^[a-z0-9]+$|^x[0-9]*$)"),
    (r".*(^a[x]*$).*", 30, None, r"a(?:[x]){29,}"),  # the body, unanchored, then folded
    # Wildcards around the rest, when the length leaves them nothing (MGN's AccountID).
    (r".*[0-9]{12,}.*", 12, 12, r"(?:[0-9]){12,12}"),
    (r"[a-z]{3,}", 3, 5, r"(?:[a-z]){3,5}"),  # a narrow band above the minimum
    # An optional prefix: each alternative folded (IoT's CertificateId).
    (
        r"(0x)?[a-fA-F0-9]+",
        64,
        64,
        r"(?:0x(?:[a-fA-F0-9]){62,62})|(?:(?:[a-fA-F0-9]){64,64})",
    ),
    # A lookahead of the length alone: the rest, folded within the narrower bounds.
    (r"(?=^.{3,63}$)[a-z0-9]+", 1, None, r"(?:[a-z0-9]){3,63}"),
    (r"(?=^.{3,63}$)[a-z0-9]+", 5, 40, r"(?:[a-z0-9]){5,40}"),
    # Partner Central's identifiers: the rest, drawn as it is and limited by the bounds.
    (r"(?=.{1,255}$)(arn:.*|engi-[0-9a-z]{13})", 1, None, r"(arn:.*|engi-[0-9a-z]{13})"),
    # A group of alternatives of one width is a fixed prefix (Connect Health's DomainId).
    (r"(hai-|dom-)[a-z0-9]+", 20, 25, r"(hai-|dom-)(?:[a-z0-9]){16,21}"),
    # A rest after the repeat: its shortest match is left room, a longer one is filtered
    # (Managed Integrations' ActionTraceId, IoT SiteWise's SearchId).
    (r"[a-zA-Z0-9]+=(?:_[0-9]+)?", 16, 20, r"(?:[a-zA-Z0-9]){15,19}=(?:_[0-9]+)?"),
    (r"[a-z0-9]+(-[a-z0-9]+)*", 23, 36, r"(?:[a-z0-9]){23,36}(-[a-z0-9]+)*"),
    (r"a+[x]*", 20, 30, r"(?:a){20,30}[x]*"),  # the first repeat, then the rest
    # A middle too short for the length keeps its wildcards (WAF's ResourceArn).
    (r".*\S.*", 20, 2048, r"(?:.){19,2047}\S.*"),
    # Anchors and a group around the whole pattern do not hide its repeat (FSx's VolumeId).
    (r"^(fsvol-[0-9a-f]{17,})$", 23, 23, r"fsvol-(?:[0-9a-f]){17,17}"),
]
# Patterns that draw well as they are, or whose rewriting would change their matches.
_LEFT = [
    (r"[0-9a-f]+", 2, 32),  # the filter drops only the shortest draws
    (r"a|b[x]*", 20, 30),  # `a|b` then the repeat is not the pattern
    (r"(a|bc)[x]*", 20, 30),  # the prefix has no fixed width
    (r"a|b[x]+c", 20, 30),  # nor a rest with a top-level `|`
    (r".*(^abc)x.*", 1, 9),  # the body does not end at `$`
    (r".*abc$.*", 1, 9),  # nor start at `^`
    (r".*(^a$|b$).*", 1, 9),  # one alternative is not anchored
    (r"\.*(^a$)\.*", 1, 9),  # escaped dots, not wildcards
    (r"mem-[a-z]{1,3}", 40, 50),  # no repeat is long enough: nothing matches, as the spec says
    (r"(0x)?[a-f]+", None, None),  # no length to fold
    (r".*[0-9]{12,}.*", None, None),
    (r".*a|b.*", 3, 4),  # the wildcards are in alternatives
]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"^(a|b)$", "a|b"),
        (r"^(?:(?P<id>[a-z]+))$", "[a-z]+"),
        (r"(a)|(b)", "(a)|(b)"),  # the groups do not span the pattern
        (r"(a)+", "(a)+"),  # a repeated group is not a group around it
        (r"a\$", r"a\$"),  # an escaped `$`
        (r"a\\$", r"a\\"),
        (r"((a)\2)", r"((a)\2)"),  # taking the group away would renumber the reference
        (r"(?=a)a", r"(?=a)a"),
        (r"^(?i:ab)$", r"(?i:ab)"),  # a group with flags is more than a group
    ],
)
def test_unanchored_keeps_the_whole_matches(pattern: str, expected: str) -> None:
    assert unanchored(pattern) == expected


@given(pattern=_translatable_patterns(), data=st.data())
def test_anchors_and_a_group_around_a_pattern_change_none_of_its_whole_matches(
    pattern: str, data: st.DataObject
) -> None:
    anchored = f"^({pattern})$"
    text = data.draw(_translated(anchored))
    _assert_whole_match(anchored, text)
    _assert_whole_match(pattern, text)


@pytest.mark.parametrize(("pattern", "low", "high", "folded"), _FOLDED)
def test_generation_pattern_folds(pattern: str, low: int, high: int | None, folded: str) -> None:
    assert generation_pattern(pattern, low, high) == folded


@pytest.mark.parametrize(("pattern", "low", "high"), _LEFT)
def test_generation_pattern_leaves(pattern: str, low: int | None, high: int | None) -> None:
    assert generation_pattern(pattern, low, high) is None


@pytest.mark.parametrize(
    ("pattern", "low", "high", "bounds"),
    [
        (r"(?=^.{3,63}$)[a-z]+", None, None, (3, 63)),
        (r"(?=^.{3,63}$)[a-z]+", 10, 100, (10, 63)),
        (r"(?=.{2,}$)[a-z]+", None, 9, (2, 9)),
        (r"[a-z]+(?=.{3,63}$)", 1, None, (1, None)),  # not at the start: not the length alone
        (r"(?=^.{3,63}x$)[a-z]+", 1, 5, (1, 5)),
    ],
)
def test_length_bounds_narrow_the_specs_by_a_leading_lookahead_of_the_length(
    pattern: str, low: int | None, high: int | None, bounds: tuple[int | None, int | None]
) -> None:
    assert length_bounds(pattern, low, high) == bounds


@pytest.mark.parametrize(("pattern", "low", "high", "folded"), _FOLDED)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_folded_patterns_draw_only_matches_within_the_lengths(
    pattern: str, low: int, high: int | None, folded: str, data: st.DataObject
) -> None:
    """Every whole match of the folded pattern is a whole match of the spec's pattern, and the
    folded pattern draws values of the right length without filtering most of them away."""
    within = st.from_regex(folded, fullmatch=True).filter(
        lambda text: low <= len(text) and (high is None or len(text) <= high)
    )
    text = data.draw(within)
    assert re.fullmatch(pattern, text)


# Patterns of botocore's models with `\b` (SageMaker's node host names, UUIDs, cron fields,
# aliases, IP addresses), and forms around a boundary's edge cases.
_BOUNDARY_PATTERNS = {
    r"ip-((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)-?\b){4}\..*": True,
    r"^[0-9a-fA-F]{8}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{12}$": True,
    r"\b[0-9a-f]{8}\b-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-\b[0-9a-f]{12}\b": True,
    r"^(\bTSTALIASID\b|[0-9a-zA-Z]+)$": True,
    r"cron\((\b[0-5]?[0-9]\b) ([*]|\b2[0-3]\b|\b[0-1]?[0-9]\b) ([-?*,/\dLW]){1,3}": True,
    r"(\b25[0-5]|\b2[0-4][0-9]|\b[01]?[0-9][0-9]?)(\.(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)){3}": True,
    r"^d-[0-9a-f]{10}$|^[0-9a-f]{8}\b-[0-9a-f]{4}$": True,
    r"x[a-z]*\b-?y?": True,
    r"a\bb": False,  # matches nothing: left to from_regex
    r"[a-]\b-": False,  # a class of both kinds beside it
    r"(a?)*\b": False,  # a repeat of what may be empty: splits without end, so a budget
    r"((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)\.?\b){4}": True,  # the text's end after the last octet
    r"^(\bAmazonLexTestAlias\b|[0-9a-zA-Z][_-]?)+$": False,  # a boundary in an unbounded repeat
}


@pytest.mark.parametrize(("pattern", "resolvable"), list(_BOUNDARY_PATTERNS.items()))
def test_a_boundary_is_resolved_where_the_characters_beside_it_are_known(
    pattern: str, resolvable: bool
) -> None:
    alternatives = resolved(pattern)
    assert (alternatives is not None) is resolvable
    assert not any(r"\b" in each for each in alternatives or ())


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([p for p, ok in _BOUNDARY_PATTERNS.items() if ok]), st.data())
def test_a_resolved_pattern_has_the_same_whole_matches(pattern: str, data: st.DataObject) -> None:
    rewritten = "|".join(f"(?:{each})" for each in resolved(pattern) or ())
    original_match = data.draw(st.from_regex(pattern, fullmatch=True), label="original's")
    assert re.fullmatch(rewritten, original_match)
    rewritten_match = data.draw(st.from_regex(rewritten, fullmatch=True), label="rewritten's")
    assert re.fullmatch(pattern, rewritten_match)
    near = data.draw(st.text("0123456789.-abcdefxyTSIAL*", max_size=20), label="any text")
    assert bool(re.fullmatch(pattern, near)) is bool(re.fullmatch(rewritten, near))

"""generator/regex.py: the shortened patterns validators search with find exactly what the spec's
do, and the strategies translated from patterns draw only whole matches."""

from __future__ import annotations

import re

# The parser `re` itself uses, as generator/regex.py reads patterns with it.
import re._constants as _constants  # type: ignore[import-not-found]
import re._parser as _parser  # type: ignore[import-not-found]
import sys
import unicodedata

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.regex import matches_strategy, python_pattern, search_pattern, utf8_pattern
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
_QUANTIFIERS = ("", "*", "+", "?", "{0,2}", "{1,2}", "*?", "{2}")


@st.composite
def _patterns(draw: st.DrawFn) -> str:
    items = draw(st.lists(st.tuples(st.sampled_from(_ATOMS), st.sampled_from(_QUANTIFIERS))))
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
    text = data.draw(
        st.one_of(
            st.text(max_size=20),
            st.from_regex(utf8_pattern(pattern), fullmatch=True).map(lambda s: s[:-1]),
        )
    )
    assert _found(search_pattern(pattern), text) == _found(pattern, text)


def _translated(pattern: str) -> st.SearchStrategy[str]:
    source = matches_strategy(pattern)
    assert source is not None, pattern
    # The generator's output, evaluated as generated strategies.py evaluates it.
    strategy: st.SearchStrategy[str] = eval(source, {"st": st})
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
        (r"(?!\s*$)[a-z]*", False),  # lookarounds, anchors, references, flags: from_regex
        (r"^a$", False),
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
    assert ("st.lists" not in source) == one_draw


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

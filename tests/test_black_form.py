"""Settled templates print black's form; black is the judge of every rule that claims so."""

from __future__ import annotations

from pathlib import Path

import black
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.black_form import needs_black, settle
from generator.literals import docstring_literal, literal
from generator.pipeline import load_package
from generator.render import SETTLED_TEMPLATES, render_templates, settled_paths

_MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311}, line_length=100)
_ROOT = Path(__file__).resolve().parent.parent
# Short enough that no literal is too long for its line: layout is the filters' business.
_WORDS = st.text(max_size=3)


def _black(source: str) -> str:
    return black.format_str(source, mode=_MODE)


@given(st.text(max_size=8) | st.tuples(_WORDS) | st.tuples(_WORDS, _WORDS, _WORDS))
@example("'")
@example('"')
@example("it's \"quoted\" twice ''")
@example('"""')
def test_literals_take_the_quotes_black_settles_on(value: str | tuple[str, ...]) -> None:
    source = f"x = {literal(value)}\n"
    assert _black(source) == source


# Where a docstring stands decides what black does to it: only the first statement of a module
# or block is a docstring to black; a string after a field is left as it is.
_PLACES = {
    "module": "{doc}\n\nx = 1\n",
    "class": "class C:\n    {doc}\n\n    x = 1\n",
    "method": "class C:\n    def f(self) -> None:\n        {doc}\n",
    "field": "class C:\n    x: int\n    {doc}\n",
}
_DOC_LINE = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=110)


@given(st.lists(_DOC_LINE, min_size=1, max_size=4), st.sampled_from(sorted(_PLACES)))
@example(["short", "x" * 97], "class")
@example(["short", "x" * 90], "method")
@example(["short", "x" * 96], "field")
@example(["a \\", "b" * 99], "class")
@example(['"starts with a quote', "two"], "class")
def test_settle_lays_docstrings_out_as_black_does(lines: list[str], place: str) -> None:
    text = "\n".join(lines)
    if not text.strip():
        return
    source = _PLACES[place].format(doc=docstring_literal(text))
    assert settle(source) == _black(source)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("x = f(" + "a, " * 40 + ")", True),
        ("    " + literal("p" * 120) + ",", False),
        ("# " + "c" * 120, False),
        ('"""' + "d" * 120 + '"""', False),
        ("x = " + literal("s" * 120), True),
        ("x = 1", False),
    ],
)
def test_only_too_long_code_needs_black(line: str, expected: bool) -> None:
    assert needs_black(f"{line}\n") is expected


def test_long_lines_inside_a_docstring_are_not_code() -> None:
    source = 'def f() -> None:\n    """first\n' + "w" * 120 + '\n    last"""\n'
    assert not needs_black(source)
    assert needs_black(source + "y = g(" + "b, " * 40 + ")\n")


@pytest.mark.parametrize(
    ("specs", "package"),
    [(_ROOT / "specs", "generated"), (_ROOT / "tests" / "golden", "golden_pkg")],
)
def test_settled_templates_print_what_black_keeps(specs: Path, package: str) -> None:
    model = load_package(specs, package)
    rendered = render_templates(model)
    settled = settled_paths(model)
    assert {path.split("/")[-1] + ".jinja" for path in settled} == {
        template.split("/")[-1] for template in SETTLED_TEMPLATES
    }
    for path in sorted(settled):
        text = settle(rendered[path])
        assert not needs_black(text), path
        assert _black(text) == text, path

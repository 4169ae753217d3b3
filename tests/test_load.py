"""The strict YAML loader: only core scalars are typed, positions are kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.botocore_import import dump_spec
from generator.diagnostics import SourcePosition, SpecError
from generator.load import _load_with_python, load_text


@pytest.mark.parametrize(
    "text",
    [
        "NO",
        "ON",
        "yes",
        "Off",
        "y",
        "010",
        "0o10",
        "0x1F",
        "1:20",
        "2024-01-01",
        "1e3",
        ".5",
        ".inf",
        "=",
    ],
)
def test_yaml_1_1_lookalikes_stay_text(text: str) -> None:
    spec, problems = load_text(f"values: [{text}]\nvalue: {text}\n", "t.yaml")
    assert problems == []
    assert spec.data == {"values": [text], "value": text}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("-3", -3),
        ("1000", 1000),
        ("true", True),
        ("false", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("'12'", "12"),
        ('"true"', "true"),
        ("!!str 5", "5"),
    ],
)
def test_core_scalars(text: str, value: object) -> None:
    spec, problems = load_text(f"value: {text}\n", "t.yaml")
    assert problems == []
    assert spec.data == {"value": value}


def test_explicit_core_tag_with_a_non_core_value_is_a_problem() -> None:
    _, problems = load_text("value: !!int 0x10\n", "t.yaml")
    assert [str(p) for p in problems] == ["t.yaml:1:8: '0x10' is not a valid tag:yaml.org,2002:int"]


def test_positions_of_values_and_keys_are_one_based() -> None:
    spec, _ = load_text("outer:\n  inner: [a, b]\n", "t.yaml")
    assert spec.position(("outer", "inner", 1)) == SourcePosition(line=2, column=14)
    assert spec.key_position(("outer", "inner")) == SourcePosition(line=2, column=3)
    assert spec.position(("outer", "missing")) == SourcePosition(line=2, column=3)


def _loaded_or_refused(load: Callable[[str, str], Any], text: str) -> object:
    try:
        return load(text, "t.yaml")
    except SpecError as error:
        return error.diagnostics


def _both_ways(text: str) -> tuple[object, object]:
    return _loaded_or_refused(load_text, text), _loaded_or_refused(_load_with_python, text)


def _same_reading(text: str) -> None:
    """Both loaders give the same data, positions and problems, or refuse with the same words."""
    fast, python = _both_ways(text)
    assert fast == python
    if not isinstance(fast, list):
        assert isinstance(fast, tuple)
        assert isinstance(python, tuple)
        assert fast[0].positions == python[0].positions


@pytest.mark.parametrize(
    "path",
    sorted([*Path("specs").glob("*.yaml"), *Path("tests/golden").glob("*.yaml")]),
    ids=str,
)
def test_libyaml_loads_every_spec_as_the_python_loader_does(path: Path) -> None:
    _same_reading(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: &x 1\n*x : 2\n",
        "a: &x [1]\nb: *x\n",
        'a: [1, {"é€😀": "ü", c: 2}]\n',
        "a: {b: 1, b: 2}\n",
        "a: !!binary aGk=\n",
        "<<: {a: 1}\n",
        "a: b: c\n",
        "a:\n\t- 1\n",
        "a: n\tull\n",
        "a: '\x07'\n",
        "a\ufeffb: 1\nc: x\n",
        'a: "\\x85\u2028"\nb: 1\n',
        "a:\n  - |-\n    one\n\n    two\n  - >\n    three\n",
        "\ufeffa: 1\n",
        "--- a\n--- b\n",
        "",
    ],
)
def test_libyaml_and_the_python_loader_agree_on_hard_cases(text: str) -> None:
    _same_reading(text)


_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
_DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


@given(data=_DATA, flow=st.sampled_from([None, True, False]), width=st.integers(10, 200))
def test_libyaml_reads_any_spec_text_as_the_python_loader_does(
    data: object, flow: bool | None, width: int
) -> None:
    """Everything a YAML writer can write, the importer's own form among it: the same data,
    positions and problems either way."""
    _same_reading(yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, width=width))
    if isinstance(data, dict):
        _same_reading(dump_spec(data))


_YAML_NOISE = st.sampled_from(
    [
        " ",
        "\n",
        "\t",
        ":",
        "-",
        "? ",
        "&a ",
        "*a",
        "!",
        "!!str ",
        "#",
        "'",
        '"',
        "{",
        "}",
        "[",
        "]",
        ",",
        "|",
        ">",
        "é",
        "\u2028",
        "\x85",
        "\ufeff",
        "<<",
        "%YAML 1.1\n",
        "---\n",
    ]
)


@given(data=_DATA, edits=st.lists(st.tuples(st.integers(min_value=0), _YAML_NOISE), max_size=3))
def test_libyaml_reads_broken_text_as_the_python_loader_does(
    data: object, edits: list[tuple[int, str]]
) -> None:
    """Any text the Python loader takes, load_text takes with the same data and problems.

    On malformed text the two scanners differ in corners (libyaml takes `|#`, and places some
    empty scalars a column apart), and there load_text keeps libyaml's reading."""
    text = yaml.safe_dump(data, allow_unicode=True)
    for at, noise in edits:
        at %= len(text) + 1
        text = text[:at] + noise + text[at:]
    fast, python = _both_ways(text)
    if isinstance(python, tuple):
        assert isinstance(fast, tuple)
        assert (fast[0].data, fast[1]) == (python[0].data, python[1])

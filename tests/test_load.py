"""The strict YAML loader: only core scalars are typed, positions are kept."""

from __future__ import annotations

import pytest

from generator.diagnostics import SourcePosition
from generator.load import load_text


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

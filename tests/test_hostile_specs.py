"""The generator survives hostile and unusual specs: every case either generates a package that
imports cleanly and gives every literal back unchanged, or fails with `file:line:col: message`."""

from __future__ import annotations

import dataclasses
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import MINIMAL_SPEC, edit, field_docstrings, run_generator
from tests.hostile import generate_package, import_all_under_warnings_as_errors, load

MARKER = "/tmp/aws-ml-contracts-pwned"
HOSTILE_DOCS = [
    '"""; import os; os.system("touch ' + MARKER + '"); """',
    "'''; import os; '''",
    'ends with a quote"',
    "ends with a backslash\\",
    "\\N{BULLET} is not an escape here",
    "carriage\rreturn import os",
    "vertical\x0btab and form\x0cfeed",
    "next\x85line and line\u2028separator and paragraph\u2029separator",
    "NUL \x00 inside",
    "{{ 7 * 7 }} and {% if true %}jinja{% endif %}",
    "  indented first line\n\n    deeper\n\ttabbed\n",
    "# a comment\nimport os  # not code",
]


def _double_quoted(text: str) -> str:
    """A YAML double-quoted scalar for any text."""
    return json.dumps(text)  # JSON strings are valid YAML double-quoted scalars


@pytest.mark.parametrize("text", HOSTILE_DOCS, ids=range(len(HOSTILE_DOCS)))
def test_hostile_documentation_comes_back_unchanged_and_runs_nothing(
    tmp_path: Path, text: str
) -> None:
    spec = edit(
        MINIMAL_SPEC, "documentation: Lists widgets.", f"documentation: {_double_quoted(text)}"
    )
    spec = edit(
        spec,
        "  Widget:\n    type: structure\n",
        f"  Widget:\n    type: structure\n    documentation: {_double_quoted(text)}\n",
    )
    spec = edit(
        spec,
        "      color:\n        shape: Color\n      createdAt:",
        f"      color:\n        shape: Color\n        documentation: {_double_quoted(text)}\n      createdAt:",
    )
    spec = edit(
        spec,
        "  full_name: Widget Service\n",
        f"  full_name: Widget Service\n  documentation: {_double_quoted(text)}\n",
    )
    package = generate_package(tmp_path, spec)
    import_all_under_warnings_as_errors(tmp_path, package)
    assert not Path(MARKER).exists()
    expected = inspect.cleandoc(text)
    models = load(tmp_path, package, "widgets.models")
    registry = load(tmp_path, package, "widgets")
    assert inspect.getdoc(models.Widget) == expected
    assert registry.OPERATIONS["ListWidgets"].documentation == expected
    assert inspect.getdoc(registry) == expected
    fields = field_docstrings(Path(inspect.getfile(models.Widget)), "Widget")
    assert fields["color"] == expected


HOSTILE_ENUM_VALUES = ["it's", 'say "hi"', "back\\slash", "new\nline", "sep\u2028arated", "{{ x }}"]


def test_hostile_enum_values_and_patterns_come_back_unchanged(tmp_path: Path) -> None:
    values = ", ".join(_double_quoted(value) for value in HOSTILE_ENUM_VALUES)
    spec = edit(MINIMAL_SPEC, "enum: [RED, GREEN, NO, ON]", f"enum: [{values}]")
    pattern = "[a-z'\"\\\\]+(?:\u2028|\\n)?"
    spec = edit(spec, "pattern: '[a-z][a-z0-9-]*'", f"pattern: {_double_quoted(pattern)}")
    package = generate_package(tmp_path, spec)
    import_all_under_warnings_as_errors(tmp_path, package)
    enums = load(tmp_path, package, "widgets.enums")
    patterns = load(tmp_path, package, "widgets.patterns")
    assert [member.value for member in enums.Color] == HOSTILE_ENUM_VALUES
    assert patterns.NAME_PATTERN.pattern == pattern
    validators = load(tmp_path, package, "widgets.validators")
    params = {"ownerId": "123456789012", "color": "new\nline"}
    validators.validate_list_widgets_request(params)


def test_yaml_1_1_lookalikes_are_enum_text(tmp_path: Path) -> None:
    spec = edit(
        MINIMAL_SPEC,
        "enum: [RED, GREEN, NO, ON]",
        "enum: [NO, ON, 010, '1:20', 1:21, 2024-01-01, yes, null_, ~x]",
    )
    package = generate_package(tmp_path, spec)
    enums = load(tmp_path, package, "widgets.enums")
    assert [member.value for member in enums.Color] == [
        "NO",
        "ON",
        "010",
        "1:20",
        "1:21",
        "2024-01-01",
        "yes",
        "null_",
        "~x",
    ]


NAMES = [
    "from",
    "class",
    "None",
    "match",
    "type",
    "str",
    "datetime",
    "mro",
    "_missing_",
    "__init__",
    "1st",
    "\uff46\uff4f\uff4f",  # fullwidth "foo", which NFKC makes "foo"
    "to_dict",
    "self",
]


def test_keywords_builtins_internals_and_odd_names_become_safe_identifiers(tmp_path: Path) -> None:
    members = "".join(f"      {_double_quoted(name)}:\n        shape: Name\n" for name in NAMES)
    spec = edit(
        MINIMAL_SPEC,
        "      active:\n        shape: Boolean\n",
        "      active:\n        shape: Boolean\n" + members,
    )
    spec = edit(
        spec,
        "enum: [RED, GREEN, NO, ON]",
        "enum: [mro, _missing_, _value_, name, None, 'True', __init__]",
    )
    for shape in ("Name", "Color", "Boolean", "Timestamp"):
        spec = spec.replace(f"shape: {shape}\n", f"shape: {shape.lower()}_\n")
        spec = spec.replace(f"  {shape}:\n    type:", f"  {shape.lower()}_:\n    type:")
    package = generate_package(tmp_path, spec)
    import_all_under_warnings_as_errors(tmp_path, package)
    models = load(tmp_path, package, "widgets.models")
    fields = [field.name for field in dataclasses.fields(models.Widget)]
    assert fields[4:] == [
        "from_",
        "class_",
        "none",
        "match_",
        "type_",
        "str_",
        "datetime_",
        "mro",
        "missing",
        "init",
        "field_1st",
        "foo",
        "to_dict_",
        "self_",
    ]
    data = {"name": "w", **dict.fromkeys(NAMES, "v")}
    widget = models.Widget.from_dict(data)
    assert widget.to_dict() == data
    enums = load(tmp_path, package, "widgets.enums")
    assert [member.value for member in enums.Color] == [
        "mro",
        "_missing_",
        "_value_",
        "name",
        "None",
        "True",
        "__init__",
    ]


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        (
            (("      active:\n", "      '':\n        shape: Name\n      active:\n"),),
            "should be non-empty",
        ),
        ((("  Boolean:\n", "  '':\n    type: boolean\n  Boolean:\n"),), "should be non-empty"),
        (
            (("  Boolean:\n    type: boolean\n", "  Boolean: &a [*a]\n"),),
            "aliases are not allowed in specs",
        ),
        (
            (("  Boolean:\n    type: boolean\n", "  Boolean: !!python/object:os.system {}\n"),),
            "is not allowed",
        ),
    ],
)
def test_unsafe_specs_fail_with_a_located_message(
    tmp_path: Path, edits: tuple[tuple[str, str], ...], message: str
) -> None:
    spec = MINIMAL_SPEC
    for old, new in edits:
        spec = edit(spec, old, new)
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "widgets.yaml").write_text(spec, encoding="utf-8")
    result = run_generator("generate", "--specs", str(specs), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert any(
        line.startswith(f"{specs / 'widgets.yaml'}:") and message in line
        for line in result.stderr.splitlines()
    ), result.stderr
    assert not (tmp_path / "out").exists()


def test_recursive_structures_generate_validate_and_round_trip(tmp_path: Path) -> None:
    spec = edit(
        MINIMAL_SPEC,
        "      active:\n        shape: Boolean\n",
        "      active:\n        shape: Boolean\n      children:\n        shape: WidgetList\n",
    )
    package = generate_package(tmp_path, spec)
    import_all_under_warnings_as_errors(tmp_path, package)
    models = load(tmp_path, package, "widgets.models")
    validators = load(tmp_path, package, "widgets.validators")
    data = {"widgets": [{"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}]}
    page = models.ListWidgetsResponse.from_dict(data)
    assert page.to_dict() == data
    assert validators.check_list_widgets_response(data) == []
    bad = {"widgets": [{"name": "a", "children": [{"name": "b", "children": [{"name": 1}]}]}]}
    (issue,) = validators.check_list_widgets_response(bad)
    assert issue.path == "widgets[0].children[0].children[0].name"
    # As deep as Python cannot follow: an issue and a parse error, never a RecursionError.
    deep: dict[str, object] = {"name": "leaf"}
    for _ in range(5_000):
        deep = {"name": "n", "children": [deep]}
    (issue,) = validators.check_list_widgets_response({"widgets": [deep]})
    assert (issue.path, issue.rule, issue.message) == (
        "",
        "type",
        "response: nested too deeply to check",
    )
    errors = load(tmp_path, package, "errors")
    with pytest.raises(errors.ResponseParseError, match="nested too deeply to parse"):
        models.ListWidgetsResponse.from_dict({"widgets": [deep]})


def test_scalar_result_items_generate_type_checked_code(tmp_path: Path) -> None:
    spec = edit(MINIMAL_SPEC, "    member: Widget\n", "    member: Name\n")
    package = generate_package(tmp_path, spec)
    import_all_under_warnings_as_errors(tmp_path, package)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout
    models = load(tmp_path, package, "widgets.models")
    page = models.ListWidgetsResponse.from_dict({"widgets": ["a", "b"], "nextToken": "t"})
    assert page.widgets == ("a", "b")
    assert page.to_dict() == {"widgets": ["a", "b"], "nextToken": "t"}


_NEW_KINDS = (
    "  Doc:\n    type: document\n"
    "  Blob:\n    type: blob\n    min: 1\n    max: 4\n"
    "  Ratio:\n    type: double\n    min: 0.0\n    max: 1.0\n"
    "  Tags:\n    type: map\n    key: Name\n    value: Ratio\n    max: 2\n"
    "  Boolean:\n"
)


def _new_kinds_spec() -> str:
    spec = edit(MINIMAL_SPEC, "  Boolean:\n", _NEW_KINDS)
    members = "".join(
        f"      {name}:\n        shape: {shape}\n"
        for name, shape in (("doc", "Doc"), ("blob", "Blob"), ("ratio", "Ratio"), ("tags", "Tags"))
    )
    spec = edit(
        spec,
        "      color:\n        shape: Color\n        location: querystring\n        location_name: color\n",
        "      color:\n        shape: Color\n        location: querystring\n        location_name: color\n"
        + members,
    )
    return edit(spec, "      active:\n", "      doc:\n        shape: Doc\n      active:\n")


def test_hostile_values_of_the_new_kinds_are_issues_never_crashes(tmp_path: Path) -> None:
    package = generate_package(tmp_path, _new_kinds_spec())
    import_all_under_warnings_as_errors(tmp_path, package)
    registry = load(tmp_path, package, "widgets")
    models = load(tmp_path, package, "widgets.models")
    errors = load(tmp_path, package, "errors")
    operation = registry.OPERATIONS["ListWidgets"]

    def issues(**params: object) -> list[tuple[str, str]]:
        try:
            operation.validate_request({"ownerId": "123456789012", **params})
        except errors.RequestValidationError as error:
            return [(issue.path, issue.rule) for issue in error.issues]
        return []

    cyclic: list[object] = []
    cyclic.append(cyclic)
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    assert issues(doc={"a": [1, 2.5, None, True, "x", {"b": {}}]}, blob=b"ab", ratio=1) == []
    assert issues(doc=deep) == []  # any depth: the check does not recurse
    for bad in (cyclic, float("nan"), (1, 2), {1: "x"}, {"a": {1, 2}}, b"bytes"):
        assert issues(doc=bad) == [("doc", "type")], bad
    assert issues(blob="\ud800") == [("blob", "encoding")]  # boto3 could not encode it
    assert issues(blob=bytearray(5)) == [("blob", "length")]
    assert issues(blob="ab") == []
    assert issues(blob="\u00e9\u00e9\u00e9") == [("blob", "length")]  # 6 bytes in UTF-8
    assert issues(ratio=float("nan")) == [("ratio", "min")]
    assert issues(ratio=float("inf")) == [("ratio", "max")]
    assert issues(ratio=True) == [("ratio", "type")]
    assert issues(tags={"ab": 0.5, "c": 0.25}) == []
    assert issues(tags={1: 0.5}) == [("tags (key 1)", "type")]
    assert issues(tags={"AB": 2}) == [("tags (key 'AB')", "pattern"), ("tags['AB']", "max")]
    assert issues(tags={"a": 0, "b": 0, "c": 0}) == [("tags", "length")]

    widget = {"name": "w", "doc": {"k": [1, "two"]}}
    parsed = models.Widget.from_dict(widget)
    assert parsed.doc == {"k": [1, "two"]}
    assert models.Widget.from_json(parsed.to_json()) == parsed
    with pytest.raises(errors.ResponseParseError, match="doc: a document cannot contain itself"):
        models.Widget.from_dict({"name": "w", "doc": cyclic})
    request = models.ListWidgetsRequest.from_dict({"ownerId": "1", "blob": "AAE=", "tags": {}})
    assert request.blob == b"\x00\x01"  # wire text is base64
    assert json.loads(request.to_json())["blob"] == "AAE="
    with pytest.raises(errors.ResponseParseError, match="blob: expected bytes or base64 text"):
        models.ListWidgetsRequest.from_dict({"ownerId": "1", "blob": "not base64!"})
    with pytest.raises(errors.ResponseParseError, match=r"tags\['a'\]: expected a number"):
        models.ListWidgetsRequest.from_dict({"ownerId": "1", "tags": {"a": "x"}})
    special = models.ListWidgetsRequest.from_dict({"ownerId": "1", "ratio": "Infinity"})
    assert special.ratio == float("inf")
    assert json.loads(special.to_json())["ratio"] == "Infinity"


def test_text_utf8_cannot_encode_is_an_encoding_issue_wherever_a_request_holds_text(
    tmp_path: Path,
) -> None:
    spec = edit(
        _new_kinds_spec(),
        "  Boolean:\n",
        "  Names:\n    type: list\n    member: Name\n  Boolean:\n",
    )
    spec = edit(
        spec,
        "      blob:\n        shape: Blob\n",
        "      blob:\n        shape: Blob\n      names:\n        shape: Names\n",
    )
    package = generate_package(tmp_path, spec)
    registry = load(tmp_path, package, "widgets")
    errors = load(tmp_path, package, "errors")
    operation = registry.OPERATIONS["ListWidgets"]

    def issues(strict_enums: bool = True, **params: object) -> list[tuple[str, str]]:
        try:
            operation.validate_request(
                {"ownerId": "123456789012", **params}, strict_enums=strict_enums
            )
        except errors.RequestValidationError as error:
            return [(issue.path, issue.rule) for issue in error.issues]
        return []

    lone = "\udcff"
    assert issues(nextToken="token" + lone) == [("nextToken", "encoding")]
    assert issues(ownerId="12345678901" + lone) == [("ownerId", "pattern"), ("ownerId", "encoding")]
    assert issues(color=lone, strict_enums=False) == [("color", "encoding")]
    assert issues(tags={"ab" + lone: 0.5}) == [(f"tags (key {'ab' + lone!r})", "encoding")]
    assert issues(names=["ok", "a" + lone]) == [("names[1]", "encoding")]
    assert issues(blob="a" + lone) == [("blob", "encoding")]
    for document in (lone, ["x", lone], {"k": lone}, {lone: 1}, {"a": [{"b": lone}]}):
        assert issues(doc=document) == [("doc", "encoding")], document
    assert issues(doc={"a": "\u00e9"}, names=["a\u00e9"], nextToken="\U0001f600") == []
    # The package's own invalid requests break the rule alone, for every kind that holds text.
    strategy_source = (tmp_path / package / "widgets" / "strategies.py").read_text("utf-8")
    for member in ("nextToken", "blob", "doc"):
        assert f'Violation("{member}", "encoding"' in strategy_source, member
    # Twelve digits leave no room for a lone surrogate: no value breaks that rule alone.
    assert 'Violation("ownerId", "encoding"' not in strategy_source


def test_unprintable_values_are_issues_never_crashes() -> None:
    from generated import bedrock
    from generated.errors import RequestValidationError

    class Unprintable:
        def __repr__(self) -> str:
            raise ValueError("no")

    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    for value in (deep, Unprintable()):
        with pytest.raises(RequestValidationError) as raised:
            bedrock.OPERATIONS["ListCustomModels"].validate_request({"maxResults": value})
        (issue,) = raised.value.issues
        assert (issue.path, issue.rule) == ("maxResults", "type")
        assert "(unprintable)" in issue.message


def test_patterns_every_string_matches_leave_validators_nothing_to_import(tmp_path: Path) -> None:
    # `search` finds `\S*` in every string, so validators check no pattern (found by the random
    # specs of tests/test_random_specs.py under Hypothesis 6.150.0: `from .patterns import `).
    spec = edit(MINIMAL_SPEC, "pattern: '[0-9]{12}'", "pattern: '\\S*'")
    spec = edit(spec, "pattern: '[a-z][a-z0-9-]*'", "pattern: '\\S*'")
    package = generate_package(tmp_path, spec)
    import_all_under_warnings_as_errors(tmp_path, package)

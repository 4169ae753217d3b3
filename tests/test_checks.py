"""The validators' runtime (generator/runtime/checks.py) and the model's decision of which shapes
get a check function of their own: each message word for word, each helper, each shared check."""

from __future__ import annotations

import ast
import pickle
import re
from datetime import datetime
from pathlib import Path

import pytest

from generated.bedrock import validators
from generated.errors import RequestValidationError
from generator import namespace
from generator.model import Inlined, Service, StringShape, module_level_names
from generator.pipeline import load_services
from generator.render import RUNTIME
from generator.runtime import checks, errors
from generator.runtime.errors import ValidationIssue
from tests.helpers import MINIMAL_SPEC, PROJECT, edit
from tests.hostile import generate_package, load

SURROGATE = "a\udc80"


def _issue(found: ValidationIssue) -> tuple[str, str, str]:
    return found.path, found.rule, found.message


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (checks.wrong_type("a.b", "a string", 7), ("a.b", "type", "a.b: expected a string, got int 7")),
        (checks.encoding("x", SURROGATE), ("x", "encoding", "x: 'a\\udc80' holds a lone surrogate, which UTF-8 cannot encode")),
        (checks.too_short("x", 1, 2), ("x", "length", "x: length 1 is less than the minimum length 2")),
        (checks.too_long("x", 3, 2), ("x", "length", "x: length 3 is greater than the maximum length 2")),
        (checks.no_match("x", "!", "^a$"), ("x", "pattern", "x: '!' does not match the pattern '^a$'")),
        (checks.not_in_enum("x", "B", "'A', 'C'"), ("x", "enum", "x: 'B' is not one of 'A', 'C'")),
        (checks.below_minimum("x", 0, 1), ("x", "min", "x: 0 is less than the minimum 1")),
        (checks.below_minimum("x", 0.5, 1.5), ("x", "min", "x: 0.5 is less than the minimum 1.5")),
        (checks.above_maximum("x", 9, 8), ("x", "max", "x: 9 is greater than the maximum 8")),
        (checks.too_small("x", 1, 2), ("x", "length", "x: 1 bytes is less than the minimum length 2")),
        (checks.too_large("x", 3, 2), ("x", "length", "x: 3 bytes is greater than the maximum length 2")),
        (checks.too_few("x", 0, "items", 1), ("x", "length", "x: 0 items is less than the minimum 1")),
        (checks.too_many("x", 3, "entries", 2), ("x", "length", "x: 3 entries is greater than the maximum 2")),
        (checks.not_json("x", ("type", "a document cannot contain itself")), ("x", "type", "x: a document cannot contain itself")),
        (checks.not_a_timestamp("x", "yesterday"), ("x", "timestamp", "x: 'yesterday' is not a timestamp: expected an aware datetime, ISO-8601 text with a zone, or epoch seconds")),
        (checks.no_time_zone("x", datetime(2024, 1, 1)), ("x", "timestamp", "x: datetime datetime.datetime(2024, 1, 1, 0, 0) has no time zone")),
        (checks.missing("a.b"), ("a.b", "required", "a.b: required member is missing")),
        (checks.unknown("zz", "a, b"), ("zz", "unknown", "zz: unknown parameter; valid parameters are: a, b")),
        (checks.no_output("zz"), ("zz", "unknown", "zz: unknown member; this operation has no output")),
        (checks.not_one_member("u", 2), ("u", "union", "u: exactly one member must be set, not 2")),
        (checks.not_a_request([]), ("", "type", "request: expected a dict of parameters, got list []")),
        (checks.not_a_response(None), ("", "type", "response: expected a dict, got NoneType None")),
        (checks.too_deep("request"), ("", "type", "request: nested too deeply to check")),
    ],
)  # fmt: skip
def test_each_message_is_built_word_for_word(
    found: ValidationIssue, expected: tuple[str, str, str]
) -> None:
    assert type(found) is ValidationIssue
    assert _issue(found) == expected


def test_show_is_short_printable_and_never_raises() -> None:
    class Broken:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    assert checks.show("é") == "'\\xe9'"
    assert checks.show(5) == "int 5"
    assert checks.show(Broken()) == "Broken (unprintable)"
    long = checks.show("x" * 200)
    assert len(long) == 80
    assert long.endswith("...")
    assert checks.show("x" * 78) == "'" + "x" * 78 + "'"  # 80 characters: kept whole


def test_unencodable_finds_lone_surrogates_only() -> None:
    assert checks.unencodable(SURROGATE)
    assert not checks.unencodable("caf\u00e9 \U0001f600")


@pytest.mark.parametrize(
    ("value", "response", "size"),
    [
        (b"abc", False, 3),
        (bytearray(b"ab"), True, 2),
        ("\u00e9", False, 2),  # UTF-8 in a request
        ("YWJj", True, 3),  # base64 in a response
        ("not base64!", True, None),
        (SURROGATE, False, checks.UNENCODABLE),
        (7, False, None),
    ],
)
def test_blob_size(value: object, response: bool, size: int | None) -> None:
    assert checks.blob_size(value, response) == size


def test_json_problem_names_the_rule_and_the_reason() -> None:
    cyclic: list[object] = []
    cyclic.append(cyclic)
    assert checks.json_problem({"a": [1, 2.5, None, True, "x"]}) is None
    assert checks.json_problem([[], []]) is None  # the same shape twice is not a cycle
    assert checks.json_problem(float("nan")) == ("type", "nan is not a JSON number")
    assert checks.json_problem(cyclic) == ("type", "a document cannot contain itself")
    assert checks.json_problem({1: 2}) == ("type", "document keys must be strings, not int")
    assert checks.json_problem({SURROGATE: 1}) == (
        "encoding",
        "'a\\udc80' holds a lone surrogate, which UTF-8 cannot encode",
    )
    assert checks.json_problem(b"x") == ("type", "bytes b'x' is not a JSON value")


def _run(check: object, value: object, response: bool = False) -> list[tuple[str, str, str]]:
    issues = checks.ResponseIssues() if response else checks.Issues()
    assert callable(check)
    check(value, "outer.", "inner", issues)
    return [_issue(found) for found in issues]


def test_the_shared_checks_report_at_prefix_plus_name_and_pass_valid_values() -> None:
    assert _run(checks.check_string, "ok") == []
    assert _run(checks.check_string, 1) == [
        ("outer.inner", "type", "outer.inner: expected a string, got int 1")
    ]
    assert _run(checks.check_string, SURROGATE)[0][1] == "encoding"
    assert _run(checks.check_float, 1) == _run(checks.check_float, 1.5) == []
    assert _run(checks.check_float, True)[0][2] == "outer.inner: expected a number, got bool True"
    assert _run(checks.check_blob, b"", False) == []
    assert _run(checks.check_blob, SURROGATE, False)[0][1] == "encoding"
    assert _run(checks.check_blob, "YWI=", True) == []  # a response's text is base64
    assert _run(checks.check_blob, "YWI=!", True)[0][1] == "type"
    assert _run(checks.check_blob, 3, True)[0][2].endswith(
        "expected bytes, bytearray or text, got int 3"
    )
    assert _run(checks.check_document, {"a": [1]}) == []
    assert _run(checks.check_document, {"a": {2: 1}}) == [
        ("outer.inner", "type", "outer.inner: document keys must be strings, not int")
    ]


def _services() -> list[Service]:
    return [
        *load_services(PROJECT / "specs"),
        *load_services(PROJECT / "tests" / "golden"),
    ]


# Independent of build: the kinds that always have parts or a range, and what constrains the
# others.
_ALWAYS = {"enum", "integer", "list", "map", "structure"}
_NEVER = {"document"}
_INLINED = {"boolean", "timestamp"}  # checked where they are used


@pytest.mark.parametrize("service", _services(), ids=lambda service: service.package)
def test_a_shape_gets_its_own_check_exactly_when_it_has_constraints_or_parts(
    service: Service,
) -> None:
    kinds = set()
    for shape in service.shapes:
        kinds.add(shape.kind)
        if isinstance(shape, Inlined):
            assert shape.kind in _INLINED
            continue
        assert shape.kind not in _INLINED
        if shape.kind in _ALWAYS:
            constrained = True
        elif shape.kind in _NEVER:
            constrained = False
        elif shape.kind == "string":
            constrained = (
                shape.min_length is not None
                or shape.max_length is not None
                or shape.validator_regex is not None
            )
        elif shape.kind == "float":
            constrained = shape.minimum is not None or shape.maximum is not None
        else:
            assert shape.kind == "blob"
            constrained = shape.min_length is not None or shape.max_length is not None
        assert shape.check_defined is constrained, shape.name
        if not constrained:
            # The kind's shared check, which the runtime defines.
            assert shape.check_function == f"check_{shape.kind}"
            assert callable(getattr(checks, shape.check_function))
    if service.package == "everything":
        assert kinds == _ALWAYS | _NEVER | _INLINED | {"string", "float", "blob"}


@pytest.mark.parametrize("service", _services(), ids=lambda service: service.package)
def test_check_function_names_are_unique_and_clear_of_every_other_name(service: Service) -> None:
    defined = [shape.check_function for shape in service.checked_shapes]
    assert len(set(defined)) == len(defined)
    runtime = module_level_names((RUNTIME / "checks.py").read_text(encoding="utf-8"))
    others = namespace.module_names("service/validators.py.jinja") | runtime
    assert not set(defined) & others
    assert not set(defined) & {op.validate_function for op in service.operations}
    # What validators.py imports from the runtime exists there.
    assert set(service.check_imports) <= runtime


def test_validators_import_exactly_the_runtime_names_they_use() -> None:
    for path in [
        *(PROJECT / "generated").glob("*/validators.py"),
        *(PROJECT / "tests" / "golden" / "out" / "golden_pkg").glob("*/validators.py"),
    ]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        (node,) = (n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "checks")
        imported = {alias.name for alias in node.names}
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        assert imported <= used, path


def test_no_service_module_holds_its_own_copy_of_the_helpers() -> None:
    copies = {"_issue", "_show", "_unencodable", "_encoding_issue", "_blob_size", "_json_problem"}
    for path in [
        *(PROJECT / "generated").glob("*/validators.py"),
        *(PROJECT / "tests" / "golden" / "out" / "golden_pkg").glob("*/validators.py"),
    ]:
        assert not module_level_names(path.read_text(encoding="utf-8")) & copies, path


def test_booleans_and_timestamps_are_checked_where_they_are_used() -> None:
    """Their checks are printed at each use: a request's and a nested response's."""
    issues = validators.check_list_custom_models_response(
        {"modelSummaries": [{"creationTime": datetime(2024, 1, 1)}, {"creationTime": "then"}]}
    )
    found = {(issue.path, issue.message) for issue in issues if issue.rule == "timestamp"}
    assert found == {
        (
            "modelSummaries[0].creationTime",
            "modelSummaries[0].creationTime: datetime datetime.datetime(2024, 1, 1, 0, 0) has no "
            "time zone",
        ),
        (
            "modelSummaries[1].creationTime",
            "modelSummaries[1].creationTime: 'then' is not a timestamp: expected an aware "
            "datetime, ISO-8601 text with a zone, or epoch seconds",
        ),
    }
    with pytest.raises(RequestValidationError) as raised:
        validators.validate_list_custom_models_request(
            {"isOwned": 1, "creationTimeBefore": datetime(2024, 1, 1)}  # naive: UTC, accepted
        )
    assert [_issue(issue) for issue in raised.value.issues] == [
        ("isOwned", "type", "isOwned: expected a boolean, got int 1")
    ]


@pytest.mark.parametrize("extra", ["plain", "a, b", "x, "])
def test_a_structures_members_are_its_names_whatever_they_hold(tmp_path: Path, extra: str) -> None:
    """The members constant comes from the text that lists the names where they split back out
    of it, else from the names themselves; either way, unknown members are reported against
    every name, in model order."""
    spec = edit(
        MINIMAL_SPEC,
        "      active:\n        shape: Boolean\n",
        f"      active:\n        shape: Boolean\n      {extra!r}:\n        shape: Name\n",
    )
    package = generate_package(tmp_path, spec)
    generated = load(tmp_path, package, "widgets.validators")
    names = ("name", "color", "createdAt", "active", extra)
    assert frozenset(names) == generated._WIDGET_MEMBERS
    source = (tmp_path / package / "widgets" / "validators.py").read_text(encoding="utf-8")
    assert ("members(_WIDGET_NAMES)" in source) == (extra == "plain")
    (issue,) = generated.check_list_widgets_response({"widgets": [{"name": "n", "zzz": 1}]})
    valid = ", ".join(names)
    assert (issue.path, issue.message) == (
        "widgets[0].zzz",
        f"widgets[0].zzz: unknown parameter; valid parameters are: {valid}",
    )


def test_a_minimum_of_zero_is_no_bound_to_check(tmp_path: Path) -> None:
    spec = edit(
        MINIMAL_SPEC, "  OwnerId:\n", "  Anything:\n    type: string\n    min: 0\n  OwnerId:\n"
    )
    member = "      active:\n        shape: Boolean\n"
    spec = edit(spec, member, member + "      anything:\n        shape: Anything\n")
    (tmp_path / "widgets.yaml").write_text(spec, encoding="utf-8")
    (service,) = load_services(tmp_path)
    (anything,) = [shape for shape in service.shapes if shape.name == "Anything"]
    assert isinstance(anything, StringShape)
    assert anything.min_length is None
    assert anything.check_function == "check_string"  # so the runtime's, not one of its own


def _raising(*_: object) -> None:
    raise RecursionError


def test_response_issues_checks_the_body_boto3_returns_strictly() -> None:
    seen: list[tuple[object, ...]] = []

    def check(value: object, prefix: str, name: str, issues: checks.Issues) -> None:
        seen.append((value, prefix, name, issues.strict_enums, issues.response))

    metadata = {"ResponseMetadata": {"HTTPStatusCode": 200}}
    assert checks.response_issues(check, {"a": 1, **metadata}) == []
    assert seen == [({"a": 1}, "", "", True, True)]  # without what boto3 adds; enums strictly
    assert checks.response_issues(None, metadata) == []
    assert checks.response_issues(None, {"a": 1, **metadata}) == [checks.no_output("a")]
    assert checks.response_issues(check, []) == [checks.not_a_response([])]
    assert checks.response_issues(_raising, {}) == [checks.too_deep("response")]


def test_a_request_validator_raises_every_issue_and_checks_by_strict_enums() -> None:
    seen: list[tuple[object, bool]] = []

    def check(value: object, prefix: str, name: str, issues: checks.Issues) -> None:
        seen.append((value, issues.strict_enums))
        issues.append(checks.missing("x"))

    validate = checks.request_validator("DoThing", check)
    with pytest.raises(errors.RequestValidationError) as raised:
        validate({"a": 1}, strict_enums=False)
    assert raised.value.operation == "DoThing"
    assert raised.value.issues == (checks.missing("x"),)
    assert seen == [({"a": 1}, False)]
    with pytest.raises(errors.RequestValidationError) as raised:
        checks.request_validator("DoThing", None)({"a": 1})
    assert raised.value.issues == (checks.no_input("a"),)
    checks.request_validator("DoThing", None)({})  # nothing to reject
    with pytest.raises(errors.RequestValidationError) as raised:
        checks.request_validator("DoThing", _raising)([])  # type: ignore[arg-type]
    assert raised.value.issues == (checks.not_a_request([]),)
    with pytest.raises(errors.RequestValidationError) as raised:
        checks.request_validator("DoThing", _raising)({})
    assert raised.value.issues == (checks.too_deep("request"),)
    assert checks.response_checker(None)({"a": 1}) == [checks.no_output("a")]


def test_an_enum_check_takes_its_values_and_lets_newer_ones_through_when_lenient() -> None:
    check = checks.enum_check("A", "B'")
    strict, lenient = checks.Issues(), checks.LenientIssues()
    for issues in (strict, lenient):
        for value in ("A", "B'", "C", 1, "\udcff"):
            check(value, "outer.", "inner", issues)
    expected = "'A', \"B'\""
    assert [_issue(found) for found in strict] == [
        _issue(checks.not_in_enum("outer.inner", "C", expected)),
        _issue(checks.wrong_type("outer.inner", "a string", 1)),
        _issue(checks.not_in_enum("outer.inner", "\udcff", expected)),
        _issue(checks.encoding("outer.inner", "\udcff")),
    ]
    assert [found.rule for found in lenient] == ["type", "encoding"]


def test_a_string_check_reads_its_regex_on_first_use_and_shows_the_pattern_asked_for() -> None:
    reads: list[int] = []

    def regex() -> re.Pattern[str]:
        reads.append(1)
        return re.compile("[a-z]+")

    check = checks.string_check(2, 4, regex)
    assert reads == []  # nothing compiled until a value is checked
    issues = checks.Issues()
    for value in ("ab", "abcde", "a", "A1", 7):
        check(value, "", "s", issues)
    assert reads == [1]
    assert [_issue(found) for found in issues] == [
        _issue(checks.too_long("s", 5, 4)),
        _issue(checks.too_short("s", 1, 2)),
        _issue(checks.no_match("s", "A1", "[a-z]+")),
        _issue(checks.wrong_type("s", "a string", 7)),
    ]
    whole = checks.string_check(0, None, regex, shown=lambda: r"\p{Ll}+", fullmatch=True)
    issues = checks.Issues()
    whole("ab1", "", "s", issues)  # `search` would find "ab"
    assert [_issue(found) for found in issues] == [_issue(checks.no_match("s", "ab1", r"\p{Ll}+"))]


def test_the_built_functions_are_named_as_defs_and_pickle_by_reference() -> None:
    built = [
        validators.validate_list_custom_models_request,
        validators.check_list_custom_models_response,
        validators._check_customization_type,
        validators._check_custom_model_name,
    ]
    for function in built:
        assert function.__module__ == validators.__name__
        assert getattr(validators, function.__qualname__) is function
        assert pickle.loads(pickle.dumps(function)) is function

"""Bad specs fail with `file:line:col: message` for every problem, and no traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.diagnostics import SpecError
from generator.pipeline import load_checked_specs
from generator.runtime.pagination import RESUME_TOKEN_SKIP_KEY
from tests.helpers import MINIMAL_SPEC, edit, run_generator


@dataclass(frozen=True)
class Case:
    id: str
    edits: tuple[tuple[str, str], ...]
    message: str
    at: str  # the text the message must point at (its first occurrence in the edited spec)
    offset: int = 0  # columns into `at`


def _position(text: str, at: str, offset: int) -> tuple[int, int]:
    index = text.index(at) + offset
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


CASES = [
    Case(
        "duplicate-key",
        (("    min: 1\n    max: 100\n", "    min: 1\n    max: 100\n    min: 2\n"),),
        "duplicate key 'min' (first defined at line",
        "min: 2",
    ),
    Case(
        "missing-shape",
        (("shape: Name\n", "shape: Nope\n"),),
        "shape 'Nope' does not exist",
        "Nope",
    ),
    Case(
        "pattern-does-not-compile",
        (("pattern: '[a-z][a-z0-9-]*'", "pattern: '[a-z'"),),
        "pattern does not compile: unterminated character set",
        "'[a-z'",
    ),
    Case(
        "input-token-missing",
        (("input_token: nextToken", "input_token: nextTokn"),),
        "input_token 'nextTokn' is not a member of ListWidgetsRequest",
        "nextTokn",
    ),
    Case(
        "input-token-reserved",
        (("input_token: nextToken", f"input_token: {RESUME_TOKEN_SKIP_KEY}"),),
        f"input_token {RESUME_TOKEN_SKIP_KEY!r} is reserved",
        f"{RESUME_TOKEN_SKIP_KEY}\n",
    ),
    Case(
        "output-token-missing",
        (("output_token: nextToken", "output_token: next"),),
        "output_token 'next' is not a member of ListWidgetsResponse",
        "next\n",
    ),
    Case(
        "result-key-not-a-list",
        (("result_key: widgets", "result_key: nextToken"),),
        "result_key ListWidgetsResponse.nextToken is a string, expected a list",
        "nextToken\nshapes",
    ),
    Case(
        "limit-key-not-an-integer",
        (("limit_key: maxResults", "limit_key: color"),),
        "limit_key ListWidgetsRequest.color is a string, expected a integer",
        "color\n      result_key",
    ),
    Case(
        "required-not-a-member",
        (("required: [name]", "required: [name, size]"),),
        "required member 'size' is not a member",
        "size]",
    ),
    Case(
        "min-greater-than-max",
        (("    min: 1\n    max: 63\n", "    min: 64\n    max: 63\n"),),
        "min 64 is greater than max 63",
        "64",
    ),
    Case(
        "enum-value-repeated",
        (("enum: [RED, GREEN, NO, ON]", "enum: [RED, GREEN, RED]"),),
        "enum value 'RED' is repeated (first at index 0)",
        "RED]",
    ),
    Case(
        "enum-value-empty",
        (("enum: [RED, GREEN, NO, ON]", "enum: [RED, '']"),),
        "enum values must not be empty",
        "''",
    ),
    Case(
        "error-codes-collide",
        (
            ("      http_status: 400\n", "      code: Same\n      http_status: 400\n"),
            (
                "  Message:\n",
                "  Other:\n    type: structure\n    members: {}\n    error: {code: Same, http_status: 500, fault: server}\n  Message:\n",
            ),
        ),
        "error code 'Same' of 'Other' is also the code of 'ValidationException'",
        "{code: Same",
    ),
    Case(
        "alias",
        (("  Boolean:\n    type: boolean\n", "  Boolean: &b\n    type: boolean\n  Bool2: *b\n"),),
        "aliases are not allowed in specs",
        "*b",
    ),
    Case(
        "merge-key",
        (
            (
                "  Boolean:\n    type: boolean\n",
                "  Boolean:\n    <<: {type: boolean}\n    type: boolean\n",
            ),
        ),
        "merge keys (<<) are not allowed",
        "<<",
    ),
    Case(
        "python-tag",
        (("    type: boolean\n", "    type: !!python/object:os.system boolean\n"),),
        "tag tag:yaml.org,2002:python/object:os.system is not allowed",
        "!!python",
    ),
    Case(
        "unknown-key",
        (("    type: boolean\n", "    type: boolean\n    sensitive: true\n"),),
        "unknown key 'sensitive'; expected one of documentation, type",
        "sensitive",
    ),
    Case(
        "wrong-value-type",
        (("    min: 1\n    max: 100\n", "    min: '1'\n    max: 100\n"),),
        "shapes.MaxResults.min: '1' is not of type 'integer'",
        "'1'",
    ),
    Case(
        "uri-label-unbound",
        (("uri: /owners/{ownerId}/widgets", "uri: /owners/{owner}/widgets"),),
        "URI label {owner} has no uri member",
        "/owners/{owner}",
    ),
    Case(
        "input-not-a-structure",
        (("input: ListWidgetsRequest", "input: Name"),),
        "shape 'Name' is a string, expected a structure",
        "Name\n    output",
    ),
    Case(
        "error-not-an-error-shape",
        (("errors: [ValidationException]", "errors: [Widget]"),),
        "shape 'Widget' is not an error shape",
        "Widget]",
    ),
    Case(
        "map-key-not-a-string",
        (
            (
                "  Boolean:\n",
                "  Tags:\n    type: map\n    key: MaxResults\n    value: Name\n  Boolean:\n",
            ),
        ),
        "map key shape 'MaxResults' is a integer, expected a string",
        "MaxResults\n    value",
    ),
    Case(
        "union-with-required",
        (
            (
                "  Boolean:\n",
                "  Choice:\n    type: structure\n    union: true\n    required: [a]\n"
                "    members:\n      a: {shape: Name}\n  Boolean:\n",
            ),
        ),
        "a union has no required members: exactly one is set",
        "[a]",
    ),
    Case(
        "union-without-members",
        (
            (
                "  Boolean:\n",
                "  Choice:\n    type: structure\n    union: true\n    members: {}\n  Boolean:\n",
            ),
        ),
        "a union needs at least one member",
        "{}\n  Boolean",
    ),
    Case(
        "output-is-a-union",
        (
            (
                "  ListWidgetsResponse:\n    type: structure\n",
                "  ListWidgetsResponse:\n    type: structure\n    union: true\n",
            ),
        ),
        "output shape 'ListWidgetsResponse' is a union",
        "ListWidgetsResponse\n    errors",
    ),
    Case(
        "payload-not-a-member",
        (
            (
                "  ListWidgetsResponse:\n    type: structure\n",
                "  ListWidgetsResponse:\n    type: structure\n    payload: body\n",
            ),
        ),
        "payload 'body' is not a member",
        "body",
    ),
    Case(
        "payload-bound-to-the-uri",
        (("    required: [ownerId]\n", "    required: [ownerId]\n    payload: ownerId\n"),),
        "payload member 'ownerId' is bound to the uri, not the body",
        "ownerId\n    members",
    ),
    Case(
        "payload-raw-body",
        (
            (
                "  ListWidgetsResponse:\n    type: structure\n",
                "  ListWidgetsResponse:\n    type: structure\n    payload: widgets\n",
            ),
        ),
        "payload member 'widgets' is a list; only structure, document, blob and string payloads",
        "widgets\n    members",
    ),
    Case(
        "idempotency-token-not-a-string",
        (
            (
                "        location_name: maxResults\n",
                "        location_name: maxResults\n        idempotency_token: true\n",
            ),
        ),
        "an idempotency token must be a string, not a integer",
        "true\n      nextToken",
    ),
    Case(
        "timestamp-format-on-a-string-member",
        (
            (
                "      name:\n        shape: Name\n",
                "      name:\n        shape: Name\n        timestamp_format: iso8601\n",
            ),
        ),
        "timestamp_format on a member of a string shape",
        "iso8601",
    ),
    Case(
        "fraction-bound-of-an-integer",
        (("    min: 1\n    max: 100\n", "    min: 1.0\n    max: 100\n"),),
        "min of a integer must be a whole number",
        "1.0",
    ),
    Case(
        "float-overflow",
        (("  Boolean:\n", "  Ratio:\n    type: double\n    max: 1.0e+999\n  Boolean:\n"),),
        "1.0e+999 overflows a float",
        "1.0e+999",
    ),
    Case(
        "paginator-without-output",
        (("    output: ListWidgetsResponse\n", ""),),
        "an operation without output cannot have a paginator",
        "paginator:",
    ),
    Case(
        "paginator-without-input",
        (("    input: ListWidgetsRequest\n", ""),),
        "an operation without input cannot have a paginator",
        "paginator:",
    ),
    Case(
        "uri-label-without-input",
        (
            ("    input: ListWidgetsRequest\n", ""),
            (
                "    paginator:\n      input_token: nextToken\n      output_token: nextToken\n"
                "      limit_key: maxResults\n      result_key: widgets\n",
                "",
            ),
        ),
        "URI label {ownerId} has no uri member",
        "/owners/{ownerId}/widgets",
    ),
    Case(
        "json-service-without-target-prefix",
        (("protocol: rest-json\n", "protocol: json\n  json_version: '1.1'\n"),),
        "a json service needs 'target_prefix'",
        "service:",
    ),
    Case(
        "json-version-on-rest-json",
        (("protocol: rest-json\n", "protocol: rest-json\n  json_version: '1.1'\n"),),
        "json_version is for json services, not rest-json",
        "'1.1'",
    ),
    Case(
        "json-version-unknown",
        (("protocol: rest-json\n", "protocol: json\n  json_version: '2.0'\n  target_prefix: W\n"),),
        "service.json_version: '2.0' is not one of ['1.0', '1.1']",
        "'2.0'",
    ),
    Case(
        "request-compression-repeated",
        (
            (
                "    input: ListWidgetsRequest\n",
                "    input: ListWidgetsRequest\n    request_compression: [gzip, gzip]\n",
            ),
        ),
        "operations.ListWidgets.request_compression: ['gzip', 'gzip'] has non-unique elements",
        "[gzip, gzip]",
    ),
    Case(
        "json-operation-not-post-slash",
        (("protocol: rest-json\n", "protocol: json\n  json_version: '1.0'\n  target_prefix: W\n"),),
        "a json operation is POST /, not GET /owners/{ownerId}/widgets",
        "method: GET",
    ),
    Case(
        "json-member-with-a-binding",
        (("protocol: rest-json\n", "protocol: json\n  json_version: '1.0'\n  target_prefix: W\n"),),
        "a json service has no HTTP bindings: every member travels in the JSON body, not the uri",
        "location: uri",
        len("location: "),
    ),
    Case(
        "json-payload-that-is-no-event-stream",
        (
            (
                "protocol: rest-json\n",
                "protocol: json\n  json_version: '1.0'\n  target_prefix: W\n",
            ),
            (
                "  ListWidgetsResponse:\n    type: structure\n",
                "  ListWidgetsResponse:\n    type: structure\n    payload: widgets\n",
            ),
        ),
        "a json service has no payload members, but an event stream that is the only member",
        "payload: widgets",
        len("payload: "),
    ),
    Case(
        "cbor-service-without-target-prefix",
        (("protocol: rest-json\n", "protocol: smithy-rpc-v2-cbor\n"),),
        "a smithy-rpc-v2-cbor service needs 'target_prefix'",
        "service:",
    ),
    Case(
        "json-version-on-cbor",
        (
            (
                "protocol: rest-json\n",
                "protocol: smithy-rpc-v2-cbor\n  json_version: '1.0'\n  target_prefix: W\n",
            ),
        ),
        "json_version is for json services, not smithy-rpc-v2-cbor",
        "'1.0'",
    ),
    Case(
        "target-prefix-on-rest-json",
        (("protocol: rest-json\n", "protocol: rest-json\n  target_prefix: W\n"),),
        "target_prefix is for json and smithy-rpc-v2-cbor services, not rest-json",
        "target_prefix: W",
        len("target_prefix: "),
    ),
    Case(
        "cbor-operation-not-post-slash",
        (("protocol: rest-json\n", "protocol: smithy-rpc-v2-cbor\n  target_prefix: W\n"),),
        "a smithy-rpc-v2-cbor operation is POST /, not GET /owners/{ownerId}/widgets",
        "method: GET",
    ),
    Case(
        "cbor-member-with-a-binding",
        (("protocol: rest-json\n", "protocol: smithy-rpc-v2-cbor\n  target_prefix: W\n"),),
        "a smithy-rpc-v2-cbor service has no HTTP bindings: every member travels in the CBOR"
        " body, not the uri",
        "location: uri",
        len("location: "),
    ),
    Case(
        "structure-without-a-finite-value",
        (
            ("    required: [name]\n", "    required: [name, parent]\n"),
            ("      active:\n", "      parent:\n        shape: Widget\n      active:\n"),
        ),
        "shape 'Widget' has no finite value: each one must contain another",
        "Widget:\n",
    ),
    Case(
        # Name's max is 63: no value of the shape could be valid.
        "pattern-longer-than-max",
        (("pattern: '[a-z][a-z0-9-]*'", "pattern: '[a-z]{64}'"),),
        "pattern matches no value of at most 63 characters (max): its shortest match has 64",
        "'[a-z]{64}'",
    ),
    Case(
        "untranslatable-pattern",
        (("pattern: '[a-z][a-z0-9-]*'", "pattern: '\\p{Foo}'"),),
        "pattern cannot be translated: \\p{Foo} is not a Unicode general category",
        "'\\p{Foo}'",
    ),
    Case(
        "untranslatable-property",
        (("pattern: '[a-z][a-z0-9-]*'", "pattern: '[\\p{IsAlphabetic}]+'"),),
        "pattern cannot be translated: \\p{IsAlphabetic} needs the Unicode property Alphabetic,"
        " which Python's unicodedata does not provide",
        "'[\\p{IsAlphabetic}]+'",
    ),
    Case(
        # `re` compiles it with a FutureWarning, which `-W error` turns into an import failure.
        "pattern-warns",
        (("pattern: '[a-z][a-z0-9-]*'", "pattern: '[[a]'"),),
        "pattern does not compile: Possible nested set at position 1",
        "'[[a]'",
    ),
    Case(
        "host-prefix-label-without-host-label-member",
        (
            (
                "    input: ListWidgetsRequest\n",
                "    host_prefix: '{ownerId}.'\n    input: ListWidgetsRequest\n",
            ),
        ),
        "host prefix label {ownerId} is no host_label member of ListWidgetsRequest",
        "'{ownerId}.'",
    ),
    Case(
        "left-out-pattern-in-the-shape",
        (("shapes:\n", "left_out:\n  patterns:\n    Name: no reason\nshapes:\n"),),
        "the pattern of 'Name' is left out and in the shape",
        "Name: no reason",
    ),
    Case(
        "left-out-pattern-of-no-string-shape",
        (("shapes:\n", "left_out:\n  patterns:\n    Nope: no reason\nshapes:\n"),),
        "the pattern of 'Nope' is left out, but it names no string shape",
        "Nope: no reason",
    ),
    Case(
        "left-out-operation-in-operations",
        (("shapes:\n", "left_out:\n  operations:\n    ListWidgets: no reason\nshapes:\n"),),
        "operation 'ListWidgets' is left out and in operations",
        "ListWidgets: no reason",
    ),
    Case(
        "left-out-paginator-in-operation",
        (("shapes:\n", "left_out:\n  paginators:\n    ListWidgets: no reason\nshapes:\n"),),
        "the paginator of 'ListWidgets' is left out and in the operation",
        "ListWidgets: no reason",
    ),
    Case(
        "unknown-shape-type",
        (("    type: boolean\n", "    type: bigInteger\n"),),
        "shapes.Boolean.type: 'bigInteger' is not one of",
        "bigInteger",
    ),
    Case(
        "octal-looking-integer-is-text",
        (("    min: 1\n    max: 100\n", "    min: 010\n    max: 100\n"),),
        "shapes.MaxResults.min: '010' is not of type 'integer'",
        "010",
    ),
]


def _problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "widgets.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        load_checked_specs(tmp_path)
    return [str(d) for d in raised.value.diagnostics]


def assert_reported(tmp_path: Path, case: Case) -> None:
    """The minimal spec edited as `case` says fails with its message at its place."""
    text = MINIMAL_SPEC
    for old, new in case.edits:
        text = edit(text, old, new)
    line, column = _position(text, case.at, case.offset)
    problems = _problems(tmp_path, text)
    expected = f"{tmp_path / 'widgets.yaml'}:{line}:{column}: {case.message}"
    assert any(problem.startswith(expected) for problem in problems), problems


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_spec_is_reported_at_its_line_and_column(tmp_path: Path, case: Case) -> None:
    assert_reported(tmp_path, case)


def test_minimal_spec_is_valid(tmp_path: Path) -> None:
    (tmp_path / "widgets.yaml").write_text(MINIMAL_SPEC, encoding="utf-8")
    assert [spec.file for spec in load_checked_specs(tmp_path)] == [str(tmp_path / "widgets.yaml")]


def test_four_problems_in_one_run_without_traceback(tmp_path: Path) -> None:
    text = MINIMAL_SPEC
    for case_id in (
        "duplicate-key",
        "missing-shape",
        "pattern-does-not-compile",
        "input-token-missing",
    ):
        (case,) = (case for case in CASES if case.id == case_id)
        for old, new in case.edits:
            text = edit(text, old, new)
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "widgets.yaml").write_text(text, encoding="utf-8")
    result = run_generator("generate", "--specs", str(specs), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    located = [line for line in lines if line.startswith(f"{specs / 'widgets.yaml'}:")]
    assert len(located) == 4, result.stderr
    assert lines[-1] == "4 problem(s) found; nothing was written"
    assert not (tmp_path / "out").exists()


def test_unparsable_yaml_is_one_located_message(tmp_path: Path) -> None:
    problems = _problems(tmp_path, MINIMAL_SPEC + "  bad: [unclosed\n")
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path / 'widgets.yaml'}:")


def test_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    problems = _problems(tmp_path, bomb)
    assert sum("aliases are not allowed" in p for p in problems) == 8 * 9


def test_lone_surrogate_in_documentation_is_refused(tmp_path: Path) -> None:
    text = edit(
        MINIMAL_SPEC, "documentation: Lists widgets.", 'documentation: "Lists \\ud800 widgets."'
    )
    line, column = _position(text, '"Lists', 0)
    assert (
        f"{tmp_path / 'widgets.yaml'}:{line}:{column}: documentation holds a lone surrogate (U+D800)"
        in (" ".join(_problems(tmp_path, text)))
    )

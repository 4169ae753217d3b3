"""Spec names that agree after conversion are renamed by one documented rule (generator/naming.py:
`resolve`, `spec_names`), never refused, and the package they generate imports, lints and
type-checks, with every dict and wire key the spec's."""

from __future__ import annotations

import dataclasses
import inspect
import json
import subprocess
import sys
from pathlib import Path

from generator import naming
from generator.check import check
from generator.load import load_text
from tests.hostile import generate_package, import_all_under_warnings_as_errors, load


def test_the_name_that_is_its_conversion_keeps_it() -> None:
    assert naming.resolve(["boolean", "Boolean"], naming.class_name) == {
        "Boolean": "Boolean",
        "boolean": "Boolean_2",
    }
    assert naming.resolve(["invalid_request", "INVALID_REQUEST"], naming.enum_member_name) == {
        "INVALID_REQUEST": "INVALID_REQUEST",
        "invalid_request": "INVALID_REQUEST_2",
    }
    assert naming.resolve(["Name", "name"], naming.field_name) == {"name": "name", "Name": "name_2"}


def test_else_the_first_in_code_point_order_keeps_it_and_the_others_are_numbered() -> None:
    assert naming.resolve(["nextToken", "NextToken", "next-token"], naming.field_name) == {
        "NextToken": "next_token",  # "N" < "n" < ...: upper case sorts first
        "next-token": "next_token_2",
        "nextToken": "next_token_3",
    }
    # The order given does not matter: only the names do.
    assert naming.resolve(["NextToken", "next-token", "nextToken"], naming.field_name) == (
        naming.resolve(["nextToken", "NextToken", "next-token"], naming.field_name)
    )


def test_a_number_never_lands_on_another_names_conversion_or_a_reserved_name() -> None:
    assert naming.resolve(["a", "A", "a_2", "A_2"], naming.field_name) == {
        "a": "a",
        "a_2": "a_2",
        "A": "a_3",  # a_2 is the member a_2's
        "A_2": "a_2_2",
    }
    assert naming.resolve(["a", "A", "a_2"], naming.field_name, frozenset({"a_3"})) == {
        "a": "a",
        "a_2": "a_2",
        "A": "a_4",
    }
    # A conversion moved off a reserved name is numbered from its spec form.
    assert naming.resolve(["type", "Type"], naming.field_name) == {
        "Type": "type_",
        "type": "type_2",
    }
    hostile = ["a", "A", "a_2", "A_2", "a-2", "a_3", "A-3", "a__2", "A__2"]
    resolved = naming.resolve(hostile, naming.field_name)
    assert sorted(resolved) == sorted(hostile)
    assert len(set(resolved.values())) == len(hostile)
    converted = {naming.field_name(name) for name in hostile}
    for name, python in resolved.items():  # each keeps its conversion or takes no one's
        assert python == naming.field_name(name) or python not in converted


def test_a_name_that_agrees_with_no_other_keeps_its_conversion_whatever_is_added() -> None:
    before = naming.resolve(["Boolean", "String", "RoleArn"], naming.class_name)
    after = naming.resolve(
        ["Boolean", "String", "RoleArn", "boolean", "__string"], naming.class_name
    )
    assert {name: after[name] for name in before} == before
    assert after["boolean"] == "Boolean_2"
    assert after["__string"] == "String_2"


def test_shape_stems_are_resolved_after_class_names() -> None:
    names = naming.spec_names(
        {
            "operations": {"ListThings": {}, "List_Things": {}},
            "shapes": {
                "RoleArn": {"type": "string"},
                "RoleARN": {"type": "string"},
                "boolean": {"type": "boolean"},
                "Boolean": {"type": "boolean"},
            },
        }
    )
    # Both class names are their spec names: only the functions and constants are numbered.
    assert names.classes == {
        "RoleARN": "RoleARN",
        "RoleArn": "RoleArn",
        "Boolean": "Boolean",
        "boolean": "Boolean_2",
    }
    assert names.stems == {
        "RoleARN": "role_arn",
        "RoleArn": "role_arn_2",
        "Boolean": "boolean",
        "boolean": "boolean_2",
    }
    assert names.methods == {"ListThings": "list_things", "List_Things": "list_things_2"}


SPEC = """\
format: 1
service:
  package: clashes
  service_id: Clashes
  full_name: Clash Service
  api_version: "2024-01-01"
  protocol: rest-json
  pattern_match: search
  provenance:
    source: hand-written test fixture
    botocore_version: "0.0"
operations:
  ListThings:
    http: {method: POST, uri: /things}
    input: ListThingsRequest
    output: ListThingsResponse
    paginator:
      input_token: nextToken
      output_token: NextToken
      result_key: things
  List_Things:
    documentation: The other one.
    http: {method: POST, uri: /other-things}
    input: listThingsRequest
    output: ListThingsResponse
    paginator:
      input_token: Token
      output_token: NextToken
      result_key: things
shapes:
  ListThingsRequest:
    type: structure
    members:
      nextToken: {shape: String}
      NextToken: {shape: __string}
      a: {shape: boolean}
      A: {shape: Boolean}
      a_2: {shape: RoleArn}
      A_2: {shape: RoleARN}
      type: {shape: Status}
  listThingsRequest:
    type: structure
    documentation: The request of the other one.
    members:
      Status: {shape: status}
      Token: {shape: __string}
  ListThingsResponse:
    type: structure
    members:
      NextToken: {shape: String}
      things: {shape: ThingList}
  ThingList:
    type: list
    member: Thing
  Thing:
    type: structure
    members:
      status: {shape: Status}
      Status: {shape: status}
      inner: {shape: thing}
  thing:
    type: structure
    members:
      Name: {shape: String}
  String: {type: string}
  __string:
    type: string
    documentation: Any text.
    max: 10
  boolean: {type: boolean}
  Boolean: {type: boolean}
  RoleArn: {type: string, pattern: '^arn:'}
  RoleARN: {type: string, pattern: '^arn:aws:'}
  Status:
    type: string
    enum: [invalid_request, INVALID_REQUEST, Invalid-Request]
  status:
    type: string
    enum: [a, A]
"""


def test_colliding_names_generate_a_package_that_imports_lints_and_type_checks(
    tmp_path: Path,
) -> None:
    loaded, problems = load_text(SPEC, "clashes.yaml")
    assert problems == []
    assert check(loaded) == []
    package = generate_package(tmp_path, SPEC, "clashes.yaml")
    import_all_under_warnings_as_errors(tmp_path, package)
    for command in (
        ["ruff", "check", "--no-cache", "--select", "F,E9", package],
        ["mypy", "--strict", "--no-incremental", "-p", package],
    ):
        result = subprocess.run(
            [sys.executable, "-m", *command],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    models = load(tmp_path, package, "clashes.models")
    enums = load(tmp_path, package, "clashes.enums")
    request = models.ListThingsRequest
    assert [field.name for field in dataclasses.fields(request)] == [
        "next_token_2",
        "next_token",
        "a",
        "a_3",
        "a_2",
        "a_2_2",
        "type_",
    ]
    assert [field.name for field in dataclasses.fields(models.ListThingsRequest_2)] == [
        "status",
        "token",
    ]
    assert models.Thing_2.__name__ == "Thing_2"
    assert [(member.name, member.value) for member in enums.Status] == [
        ("INVALID_REQUEST_3", "invalid_request"),  # "Invalid-Request" sorts first
        ("INVALID_REQUEST", "INVALID_REQUEST"),
        ("INVALID_REQUEST_2", "Invalid-Request"),
    ]
    assert [(member.name, member.value) for member in enums.Status_2] == [("A_2", "a"), ("A", "A")]
    # Renaming changes identifiers only: boto3's dict and the wire keep the spec's names.
    data = {
        "nextToken": "x",
        "NextToken": "y",
        "a": True,
        "A": False,
        "a_2": "arn:aws:z",
        "A_2": "arn:aws:w",
        "type": "invalid_request",
    }
    parsed = request.from_dict(data)
    assert (parsed.next_token_2, parsed.next_token, parsed.a_3) == ("x", "y", False)
    assert parsed.type_ is enums.Status.INVALID_REQUEST_3
    assert parsed.to_dict() == data
    assert json.loads(parsed.to_json()) == data
    validators = load(tmp_path, package, "clashes.validators")
    validators.validate_list_things_request(data)
    validators.validate_list_things_2_request({"Status": "a"})
    operations = load(tmp_path, package, "clashes").OPERATIONS
    assert operations["List_Things"].python_name == "list_things_2"
    assert operations["List_Things"].request_type is models.ListThingsRequest_2
    paginators = load(tmp_path, package, "clashes.paginators")
    assert paginators.list_things_paginator is not paginators.list_things_2_paginator
    # Each rename says which spec name it stands for.
    assert inspect.getdoc(models.ListThingsRequest_2) == (
        "The request of the other one.\n\nListThingsRequest_2 stands for the spec's shape"
        " 'listThingsRequest': ListThingsRequest is the shape 'ListThingsRequest'."
    )
    assert "Thing_2 stands for the spec's shape 'thing'" in models.Thing_2.__doc__
    widget_source = (
        tmp_path / package / "clashes" / "_models" / "list_things_request.py"
    ).read_text(encoding="utf-8")
    assert (
        "next_token_2 stands for the spec's member 'nextToken': next_token is the member"
        " 'NextToken'." in widget_source
    )
    assert "a_3 stands for the spec's member 'A': a is the member 'a'." in widget_source
    stubs = (tmp_path / package / "clashes" / "stubs.py").read_text(encoding="utf-8")
    assert (
        '    def list_things_2(self, **params: Any) -> dict[str, Any]:\n        """Serves `listings["List_Things"]`'
        in stubs
    )

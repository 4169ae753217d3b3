"""Model features of issue 16, point 2: the response member the HTTP status fills
(`statusCode`), body members whose JSON key `locationName` renames, maps of query parameters,
`jsonvalue` body members, sparse lists and maps, and endpoint discovery (recorded, as host prefixes are). Each is imported from botocore, checked, generated, and
compared with botocore's validator, serializer and parser; the golden record
(tests/golden/everything.yaml, jsonrpc.yaml) has each too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from botocore.parsers import create_parser
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import botocore_import
from generator.botocore_import import UnsupportedFeatureError, build_spec, import_service
from generator.drift import drift_for_spec
from tests.botocore_model import service_model
from tests.helpers import MINIMAL_SPEC, PROJECT, edit
from tests.test_golden_record import ALL_SPECS
from tests.test_spec_failures import _position, _problems
from tests.whole_services import (
    _issues,
    check_operation,
    generate_package,
    import_under_warnings_as_errors,
    load_services,
)

GOLDEN = PROJECT / "tests" / "golden" / "out"
# Small operations of botocore that use each feature.
SERVICES: dict[str, list[str]] = {
    "quicksight": ["DeleteAccountSubscription"],  # statusCode
    "apigatewayv2": ["GetApis"],  # every body member renamed (`Items` is `items`)
    "bedrock-agentcore-control": ["GetGateway"],  # a nested one (`defaultDomain` is `default`)
    "bedrock-agent": ["GetResourcePolicy", "PutResourcePolicy"],  # jsonvalue body members
    "networkflowmonitor": ["GetQueryResultsPerformanceMonitor"],  # a sparse map
    # Endpoint discovery and an endpoint operation: no effect on the contract.
    "dynamodb": ["ListTables", "DescribeEndpoints"],
}
PACKAGE = "generated_members"
EXAMPLES = 5


def _golden() -> Any:
    return load_services(GOLDEN, "golden_pkg", ["everything"])["everything"]


# --- statusCode ---


def test_a_status_code_member_is_imported_without_a_location_name() -> None:
    spec = build_spec("quicksight", ["DeleteAccountSubscription"])
    status = spec["shapes"]["DeleteAccountSubscriptionResponse"]["members"]["Status"]
    assert {key: status[key] for key in ("shape", "location")} == {
        "shape": "StatusCode",
        "location": "statusCode",
    }
    assert "location_name" not in status


def test_boto3_puts_the_status_in_the_response_and_so_do_we() -> None:
    """botocore's parser fills the member from the status line (a body that has the member's
    key overrides it: our wire JSON writes it there); our strategies draw it in every response,
    as a successful status."""
    service = _golden()
    operation = service.OPERATIONS["Search"]
    model = service_model(ALL_SPECS["everything"]).operation_model("Search")
    body = json.dumps({"results": []}).encode()
    parsed = create_parser("rest-json").parse(
        {"status_code": 207, "headers": {}, "body": body}, model.output_shape
    )
    assert parsed["status"] == 207
    page = operation.response_type.from_dict(parsed)
    assert page.status == 207
    assert operation.check_response({"results": [], "status": 207}) == []


@settings(max_examples=20)
@given(data=st.data())
def test_every_drawn_response_has_a_successful_status(data: st.DataObject) -> None:
    response = data.draw(_golden().OPERATIONS["Search"].strategies.responses())
    assert 200 <= response["status"] <= 299


# --- body members renamed by locationName ---


def test_renamed_body_members_are_imported_with_their_body_key() -> None:
    spec = build_spec("apigatewayv2", ["GetApis"], notes=[])
    items = spec["shapes"]["GetApisResponse"]["members"]["Items"]
    assert (items["location_name"], "location" in items) == ("items", False)


def test_the_wire_form_uses_the_body_key_and_boto3_the_member_name() -> None:
    models = _golden().models
    thing = models.Thing(name="a", display_as="Shown")
    assert thing.to_dict() == {"name": "a", "displayAs": "Shown"}
    assert json.loads(thing.to_json()) == {"name": "a", "DisplayAs": "Shown"}
    assert models.Thing.from_json('{"name": "a", "DisplayAs": "Shown"}') == thing
    assert models.Thing.from_dict({"name": "a", "displayAs": "Shown"}) == thing


def test_botocore_sends_and_reads_the_body_key() -> None:
    service = _golden()
    model = service_model(ALL_SPECS["everything"]).operation_model("Search")
    params = {"query": "7", "clientToken": "t", "pageLimit": 7}
    assert service.OPERATIONS["Search"].validate_request(params) is None
    sent = create_serializer("rest-json").serialize_to_request(params, model)
    ours = service.models.SearchRequest.from_dict(params).to_json()
    assert json.loads(sent["body"])["PageLimit"] == json.loads(ours)["PageLimit"] == 7
    assert "pageLimit" not in json.loads(ours)


# --- endpoint discovery and operation context parameters (recorded) ---


def test_endpoint_discovery_is_recorded_on_the_operation() -> None:
    operations = build_spec(
        "dynamodb", ["DescribeEndpoints", "ListTables", "BatchGetItem"], notes=[]
    )["operations"]
    assert operations["DescribeEndpoints"]["endpoint_operation"] is True
    assert operations["ListTables"]["endpoint_discovery"] == "optional"
    assert operations["BatchGetItem"]["operation_context_params"] == {
        "ResourceArnList": "keys(RequestItems)"
    }
    required = build_spec("timestream-write", ["ListDatabases"])["operations"]["ListDatabases"]
    assert required["endpoint_discovery"] == "required"


def test_drift_tells_a_change_of_endpoint_discovery() -> None:
    spec = build_spec("dynamodb", ["ListTables", "DescribeEndpoints"], notes=[])
    assert drift_for_spec(spec) == []
    spec["operations"]["ListTables"]["endpoint_discovery"] = "required"
    del spec["operations"]["DescribeEndpoints"]["endpoint_operation"]
    assert drift_for_spec(spec) == [
        "DescribeEndpoints: endpoint_operation none -> True",
        "ListTables: endpoint_discovery 'required' -> 'optional'",
    ]


def test_request_compression_is_recorded_and_drift_tells_its_change() -> None:
    spec = build_spec("cloudwatch", ["PutMetricData", "ListMetrics"], notes=[])
    assert spec["operations"]["PutMetricData"]["request_compression"] == ["gzip"]
    assert "request_compression" not in spec["operations"]["ListMetrics"]
    assert drift_for_spec(spec) == []
    spec["operations"]["PutMetricData"]["request_compression"] = ["gzip", "br"]
    assert drift_for_spec(spec) == [
        "PutMetricData: request_compression ['gzip', 'br'] -> ['gzip']",
    ]


# --- maps of query parameters ---


def test_a_query_string_map_without_a_name_is_imported_and_sent_entry_by_entry() -> None:
    spec = build_spec("amp", ["ListScrapers"], notes=[])
    filters = spec["shapes"]["ListScrapersRequest"]["members"]["filters"]
    assert (filters["location"], "location_name" in filters) == ("querystring", False)
    service = _golden()
    params = {"extra": {"color": "blue", "size": "9"}}
    service.OPERATIONS["ListThings"].validate_request(params)
    model = service_model(ALL_SPECS["everything"]).operation_model("ListThings")
    sent = create_serializer("rest-json").serialize_to_request(params, model)
    assert sent["query_string"] == {"color": "blue", "size": "9"}
    wrong = [(i.path, i.rule) for i in _issues(service.OPERATIONS["ListThings"], {"extra": "a=b"})]
    assert wrong == [("extra", "type")]


# --- sparse lists and maps ---


def test_a_sparse_collection_holds_nulls_in_responses_only() -> None:
    """botocore's ParamValidator refuses None in a request's sparse map (as everywhere); its
    parser keeps a response's nulls, and so do the dataclasses and `check_response`."""
    assert build_spec("networkflowmonitor", ["GetQueryResultsPerformanceMonitor"], notes=[])[
        "shapes"
    ]["QueryRow"]["sparse"]
    service = _golden()
    operation = service.OPERATIONS["Search"]
    model = service_model(ALL_SPECS["everything"]).operation_model("Search")
    request = {"query": "7", "clientToken": "t", "pageLimit": 7, "metrics": {"ACTIVE": None}}
    assert ParamValidator().validate(request, model.input_shape).has_errors()
    assert [(i.path, i.rule) for i in _issues(operation, request)] == [
        ("metrics['ACTIVE']", "type")
    ]
    body = json.dumps({"results": [], "metrics": {"ACTIVE": None, "NO": {"value": 1}}}).encode()
    parsed = create_parser("rest-json").parse(
        {"status_code": 200, "headers": {}, "body": body}, model.output_shape
    )
    response = {key: value for key, value in parsed.items() if key != "ResponseMetadata"}
    assert response["metrics"] == {"ACTIVE": None, "NO": {"value": 1}}
    assert operation.check_response(response) == []
    page = operation.response_type.from_json(body)
    assert page.metrics == {"ACTIVE": None, "NO": service.models.Metric(value=1)}
    # from_json reads the body, which has no status; botocore read it from the status line.
    assert page.to_dict() == {key: value for key, value in response.items() if key != "status"}
    assert json.loads(page.to_json())["metrics"] == {"ACTIVE": None, "NO": {"value": 1}}


# --- jsonvalue ---


def test_a_jsonvalue_body_member_is_json_text_to_boto3() -> None:
    """botocore reads `jsonvalue` as a JSON value in headers only (`is_json_value_header`);
    elsewhere the member is the string it is, validated, sent and parsed as text."""
    spec = build_spec("bedrock-agent", ["PutResourcePolicy", "GetResourcePolicy"], notes=[])
    member = spec["shapes"]["PutResourcePolicyRequest"]["members"]["policy"]
    assert (member["json_value"], "location" in member) == (True, False)
    service = _golden()
    shape = service_model(ALL_SPECS["everything"]).operation_model("Search").input_shape
    base = {"query": "7", "clientToken": "t", "pageLimit": 7}
    for value, accepted in (('{"a": 1}', True), ({"a": 1}, False), (["a"], False)):
        params = {**base, "policyText": value}
        report = ParamValidator().validate(params, shape)
        assert report.has_errors() is not accepted
        issues = [] if accepted else [("policyText", "type")]
        assert [(i.path, i.rule) for i in _issues(service.OPERATIONS["Search"], params)] == issues
    sent = create_serializer("rest-json").serialize_to_request(
        {**base, "policyText": '{"a": 1}'},
        service_model(ALL_SPECS["everything"]).operation_model("Search"),
    )
    assert json.loads(sent["body"])["policyText"] == '{"a": 1}'


def test_a_jsonvalue_header_is_refused_with_what_boto3_does_with_it() -> None:
    # Lex Runtime's and IoT Data's operations that have one have raw blob payloads too.
    header = {"shape": "S", "location": "header", "locationName": "x-amz-lex-slots"}
    with pytest.raises(UnsupportedFeatureError) as caught:
        botocore_import._member("shape R member slots", "slots", {**header, "jsonvalue": True})
    assert str(caught.value) == (
        "shape R member slots is a 'jsonvalue' header (boto3 takes and returns any JSON value"
        " for it, sent as base64 JSON text), which is not supported"
    )


def test_the_golden_record_has_each_feature() -> None:
    members = [
        member
        for spec in ALL_SPECS.values()
        for shape in spec["shapes"].values()
        for member in shape.get("members", {}).values()
    ]
    operations = [op for spec in ALL_SPECS.values() for op in spec["operations"].values()]
    assert any(member.get("location") == "statusCode" for member in members)
    assert any("location_name" in member and "location" not in member for member in members)
    assert any(member.get("json_value") for member in members)
    assert {op.get("endpoint_discovery") for op in operations} >= {"optional", "required"}
    assert any(op.get("endpoint_operation") for op in operations)
    assert any("operation_context_params" in op for op in operations)
    assert any(m.get("location") == "querystring" and "location_name" not in m for m in members)
    shapes = [shape for spec in ALL_SPECS.values() for shape in spec["shapes"].values()]
    assert {shape["type"] for shape in shapes if shape.get("sparse")} == {"list", "map"}


# --- spec errors ---

_STATUS = (
    "  ListWidgetsResponse:\n    type: structure\n    members:\n",
    "  ListWidgetsResponse:\n    type: structure\n    members:\n"
    "      status:\n        shape: MaxResults\n        location: statusCode\n",
)
# (id, edits, message, the text it points at)
SPEC_ERRORS: list[tuple[str, tuple[tuple[str, str], ...], str, str]] = [
    (
        "status-code-with-a-location-name",
        ((_STATUS[0], _STATUS[1][:-1] + "\n        location_name: Status\n"),),
        "a statusCode member has no location_name",
        "Status\n",
    ),
    (
        "status-code-of-a-string",
        ((_STATUS[0], _STATUS[1].replace("MaxResults", "Token")),),
        "a statusCode member is an integer, not a string",
        "statusCode",
    ),
    (
        "status-code-in-an-input",
        (
            (
                "        location: querystring\n        location_name: color\n",
                "        location: querystring\n        location_name: color\n"
                "      status:\n        shape: MaxResults\n        location: statusCode\n",
            ),
        ),
        "statusCode member 'status' of an operation's input ListWidgetsRequest",
        "statusCode",
    ),
    (
        "status-code-nested",
        (
            (
                "      active:\n        shape: Boolean\n",
                "      active:\n        shape: Boolean\n"
                "      status:\n        shape: MaxResults\n        location: statusCode\n",
            ),
        ),
        "statusCode member 'status' of no operation's output Widget",
        "statusCode",
    ),
    (
        "two-status-code-members",
        (
            (
                _STATUS[0],
                _STATUS[1]
                + "      again:\n        shape: MaxResults\n        location: statusCode\n",
            ),
        ),
        "a second statusCode member of ListWidgetsResponse (the first is 'status')",
        "statusCode\n      nextToken",
    ),
    (
        "status-code-range-without-a-status",
        (
            (_STATUS[0], _STATUS[1]),
            ("    min: 1\n    max: 100\n", "    min: 1\n    max: 99\n"),
        ),
        "the range of statusCode member's shape 'MaxResults' holds no successful HTTP status (200 to 299)",
        "statusCode",
    ),
    (
        "header-without-a-location-name",
        (
            (
                "        location: querystring\n        location_name: color\n",
                "        location: header\n",
            ),
        ),
        "a member bound to the header needs a location_name",
        "shape: Color\n        location: header",
    ),
    (
        "json-value-on-an-integer",
        (
            (
                "        location_name: maxResults\n",
                "        location_name: maxResults\n        json_value: true\n",
            ),
        ),
        "json_value on a member of a integer shape",
        "true\n      nextToken",
    ),
    (
        "json-value-in-a-header",
        (
            (
                "        location: querystring\n        location_name: nextToken\n",
                "        location: header\n        location_name: nextToken\n        json_value: true\n",
            ),
        ),
        "json_value on a header member (any JSON value in boto3) is not supported",
        "true\n      color",
    ),
    (
        "query-string-without-a-name-not-a-map",
        (
            (
                "        location: querystring\n        location_name: color\n",
                "        location: querystring\n",
            ),
        ),
        "a querystring member without a location_name is a map (its entries are the query"
        " parameters), not a string",
        "querystring\n  ListWidgetsResponse",
    ),
    (
        "body-key-names-another-member",
        (
            (
                "      widgets:\n        shape: WidgetList\n",
                "      widgets:\n        shape: WidgetList\n        location_name: nextToken\n",
            ),
        ),
        "body key 'nextToken' of member 'widgets' also names member 'nextToken'",
        "nextToken\n  WidgetList",
    ),
]


@pytest.mark.parametrize(
    ("edits", "message", "at"),
    [case[1:] for case in SPEC_ERRORS],
    ids=[case[0] for case in SPEC_ERRORS],
)
def test_a_misplaced_binding_is_reported_at_its_line(
    tmp_path: Path, edits: tuple[tuple[str, str], ...], message: str, at: str
) -> None:
    text = MINIMAL_SPEC
    for old, new in edits:
        text = edit(text, old, new)
    line, column = _position(text, at, 0)
    problems = _problems(tmp_path, text)
    where = f"{tmp_path / 'widgets.yaml'}:{line}:{column}: "
    assert any(problem.startswith(where) and message in problem for problem in problems), problems


# --- botocore's operations that use them, generated and compared with botocore ---


@pytest.fixture(scope="module")
def member_services(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("members")
    (root / "specs").mkdir()
    for service, operations in SERVICES.items():
        package = service.replace("-", "_")
        text = import_service(service, operations, notes=[])
        (root / "specs" / f"{package}.yaml").write_text(text, encoding="utf-8")
    generate_package(root / "specs", root, PACKAGE)
    return root


def test_the_operations_import_under_warnings_as_errors(member_services: Path) -> None:
    assert import_under_warnings_as_errors(member_services, PACKAGE) == ""


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_the_operations_agree_with_themselves_and_botocore(
    member_services: Path, service: str
) -> None:
    package = service.replace("-", "_")
    module = load_services(member_services, PACKAGE, [package])[package]
    for name in SERVICES[service]:
        check_operation(service, module.OPERATIONS[name], examples=EXAMPLES)

"""The rest-xml protocol (Route 53, CloudFront, S3 Control, S3): specs of its services (HTTP
bindings as in rest-json, XML bodies both ways), what the importer records of botocore's models
for the wire (element names, namespaces, attributes, flattened members, checksums, header maps),
and a sample of Route 53's and S3's operations generated, imported under `-W error` and
property-tested against themselves and botocore's validator."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import botocore.session
import pytest
from botocore.validate import ParamValidator
from hypothesis import given

from generator.botocore_import import build_spec, import_service
from generator.check import check
from generator.load import load_text
from generator.runtime.streams import decode_messages
from tests.helpers import MINIMAL_SPEC, edit
from tests.test_spec_failures import Case, assert_reported
from tests.whole_services import (
    _bounded,
    _issues,
    check_against_botocore,
    check_own_properties,
    generate_package,
    import_under_warnings_as_errors,
    load_services,
    operations,
)

REST_XML = "protocol: rest-xml\n"
_NAME_MEMBER = "      name:\n        shape: Name\n"
_NAMESPACE = "        xml_namespace:\n          uri: urn:x\n"

CASES = [
    Case(
        "xml-attribute-outside-rest-xml",
        ((_NAME_MEMBER, _NAME_MEMBER + "        xml_name: n\n        xml_attribute: true\n"),),
        "xml_attribute is for rest-xml services, not rest-json",
        "xml_attribute: true",
        len("xml_attribute: "),
    ),
    Case(
        "xml-namespace-outside-rest-xml",
        ((_NAME_MEMBER, _NAME_MEMBER + _NAMESPACE),),
        "xml_namespace is for rest-xml services, not rest-json",
        "uri: urn:x",  # a mapping's place is its first key's
    ),
    Case(
        "xml-attribute-of-a-boolean",
        (
            ("protocol: rest-json\n", REST_XML),
            (
                "      active:\n        shape: Boolean\n",
                "      active:\n        shape: Boolean\n        xml_name: a\n"
                "        xml_attribute: true\n",
            ),
        ),
        "an XML attribute is a string with an xml_name",
        "xml_attribute: true",
        len("xml_attribute: "),
    ),
    Case(
        "xml-attribute-without-a-name",
        (
            ("protocol: rest-json\n", REST_XML),
            (_NAME_MEMBER, _NAME_MEMBER + "        xml_attribute: true\n"),
        ),
        "an XML attribute is a string with an xml_name",
        "xml_attribute: true",
        len("xml_attribute: "),
    ),
    Case(
        "flattened-member-not-a-list",
        (
            ("protocol: rest-json\n", REST_XML),
            (_NAME_MEMBER, _NAME_MEMBER + "        flattened: true\n"),
        ),
        "a flattened member is a list",
        "flattened: true",
        len("flattened: "),
    ),
    Case(
        "headers-member-not-a-map",
        (
            (
                "        location: querystring\n        location_name: color\n",
                "        location: headers\n        location_name: x-color-\n",
            ),
        ),
        "a headers member is a map of strings (each header whose name starts with its"
        " location_name, or every header without one), not a string",
        "location: headers",
        len("location: "),
    ),
    Case(
        # Two elements `name` could not be told apart (a member and a flattened list of its
        # shape can: botocore reads one element into both).
        "members-written-as-one-element",
        (
            ("protocol: rest-json\n", REST_XML),
            (
                "      active:\n        shape: Boolean\n",
                "      active:\n        shape: Boolean\n        xml_name: name\n",
            ),
        ),
        "members 'name', 'active' are all written as the XML element 'name', which cannot be"
        " read back apart",
        "active:\n        shape: Boolean",
    ),
    Case(
        # A list shares its item's element only when flattened: wrapped, its element holds
        # items of its own name.
        "member-and-wrapped-list-written-as-one-element",
        (
            ("protocol: rest-json\n", REST_XML),
            (
                "      widgets:\n        shape: WidgetList\n  WidgetList:",
                "      widget:\n        shape: Widget\n      widgets:\n        shape: WidgetList\n"
                "        xml_name: widget\n  WidgetList:",
            ),
        ),
        "members 'widget', 'widgets' are all written as the XML element 'widget', which cannot be"
        " read back apart",
        "widgets:\n        shape: WidgetList\n        xml_name: widget",
    ),
    Case(
        "checksum-member-missing",
        (
            (
                "    input: ListWidgetsRequest\n",
                "    input: ListWidgetsRequest\n    http_checksum:\n"
                "      request_algorithm_member: ChecksumAlgorithm\n",
            ),
        ),
        "the input has no member 'ChecksumAlgorithm'",
        "request_algorithm_member: ChecksumAlgorithm",
        len("request_algorithm_member: "),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_rest_xml_spec_is_reported_at_its_line_and_column(tmp_path: Path, case: Case) -> None:
    assert_reported(tmp_path, case)


def test_the_minimal_spec_as_rest_xml_checks() -> None:
    # HTTP bindings, XML names, namespaces, attributes and flattened members together.
    text = edit(MINIMAL_SPEC, "protocol: rest-json\n", REST_XML)
    text = edit(
        text,
        "  Widget:\n    type: structure\n",
        "  Widget:\n    type: structure\n    xml_name: W\n"
        "    xml_namespace:\n      uri: urn:w\n      prefix: w\n",
    )
    text = edit(
        text, _NAME_MEMBER, _NAME_MEMBER + "        xml_name: n\n        xml_attribute: true\n"
    )
    text = edit(
        text,
        "      widgets:\n        shape: WidgetList\n",
        "      widgets:\n        shape: WidgetList\n        flattened: true\n" + _NAMESPACE,
    )
    loaded, problems = load_text(text, "widgets.yaml")
    assert problems == []
    assert [str(problem) for problem in check(loaded)] == []


def _model(service: str) -> Any:
    return botocore.session.get_session().get_service_model(service)


def test_route53_records_each_input_root_element_as_botocore_resolves_it() -> None:
    spec = build_spec("route53", ["CreateHostedZone", "ListHostedZones"], notes=[])
    assert spec["service"]["protocol"] == "rest-xml"
    model = _model("route53")
    for operation in ("CreateHostedZone", "ListHostedZones"):
        name = spec["operations"][operation]["input"]
        serialization = model.operation_model(operation).input_shape.serialization
        shape = spec["shapes"][name]
        # botocore's root element name is its locationName, the shape's own name here.
        assert shape.get("xml_name", name) == serialization.get("name", name)
        assert shape.get("xml_namespace") == serialization.get("xmlNamespace")
    assert "xml_namespace" in spec["shapes"]["CreateHostedZoneRequest"]
    # Bound members keep their place; body members their element.
    members = spec["shapes"]["ListHostedZonesRequest"]["members"]
    assert members["Marker"] == {
        "shape": "PageMarker",
        "location": "querystring",
        "location_name": "marker",
        "documentation": members["Marker"]["documentation"],
    }


def _member(shape: Any, name: str) -> Any:
    return shape.members[name].serialization


def test_s3_records_payload_roots_namespaces_attributes_and_flattened_members() -> None:
    spec = build_spec("s3", ["PutBucketAcl", "PutBucketLifecycleConfiguration"])
    shapes = spec["shapes"]
    model = _model("s3")
    acl = model.operation_model("PutBucketAcl").input_shape
    payload = shapes["PutBucketAclRequest"]["members"]["AccessControlPolicy"]
    assert shapes["PutBucketAclRequest"]["payload"] == "AccessControlPolicy"
    assert (
        payload.get("xml_name", "AccessControlPolicy")
        == _member(acl, "AccessControlPolicy")["name"]
    )
    assert payload["xml_namespace"] == _member(acl, "AccessControlPolicy")["xmlNamespace"]
    grantee = model.shape_for("Grantee")
    assert shapes["Grantee"]["xml_namespace"] == grantee.serialization["xmlNamespace"]
    assert shapes["Grantee"]["xml_namespace"]["prefix"] == "xsi"
    kind = shapes["Grantee"]["members"]["Type"]
    assert (kind["xml_name"], kind["xml_attribute"]) == (_member(grantee, "Type")["name"], True)
    operator = model.shape_for("LifecycleRuleAndOperator")
    assert _member(operator, "Tags")["flattened"] is True
    assert shapes["LifecycleRuleAndOperator"]["members"]["Tags"]["flattened"] is True
    assert "flattened" not in shapes[operator.members["Tags"].name]  # the list's own: not set


def test_s3_records_checksums_header_maps_and_streams_payload_blobs() -> None:
    spec = build_spec("s3", ["PutObject", "GetObject"])
    put = spec["operations"]["PutObject"]
    assert put["http_checksum"] == {
        "request_algorithm_member": "ChecksumAlgorithm",
        "request_checksum_required": False,
    }
    get = spec["operations"]["GetObject"]
    assert get["http_checksum"]["request_validation_mode_member"] == "ChecksumMode"
    model = _model("s3").operation_model("GetObject")
    assert get["http_checksum"]["response_algorithms"] == model.http_checksum["responseAlgorithms"]
    metadata = spec["shapes"]["PutObjectRequest"]["members"]["Metadata"]
    assert (metadata["location"], metadata["location_name"]) == ("headers", "x-amz-meta-")
    # botocore streams the body (`streaming` on the member); format 1 streams every blob payload.
    assert _model("s3").operation_model("GetObject").has_streaming_output
    body = spec["shapes"]["GetObjectOutput"]["members"]["Body"]
    assert "streaming" not in body
    assert spec["shapes"]["GetObjectOutput"]["payload"] == "Body"


def test_s3_control_records_required_checksums_and_host_prefixes() -> None:
    spec = build_spec("s3control", ["PutBucketTagging", "ListJobs"])
    tagging = spec["operations"]["PutBucketTagging"]
    assert tagging["checksum_required"] is True
    assert tagging["host_prefix"] == "{AccountId}."
    assert "checksum_required" not in spec["operations"]["ListJobs"]


def test_s3_imports_whole_with_its_string_payloads() -> None:
    spec = build_spec("s3", None, notes=[])
    # Every operation; only ListParts' paginator is left out (an integer token).
    assert list(spec["left_out"]) == ["paginators"]
    assert len(spec["operations"]) == len(_model("s3").operation_names)
    policy = spec["shapes"]["GetBucketPolicyOutput"]
    assert spec["shapes"][policy["members"][policy["payload"]]["shape"]]["type"] == "string"


# A sample: the classic rest-xml operations of Route 53 and S3's bodies, payloads (the bucket
# policy's text), streams, header maps and checksums (the four services whole are measured by hand; see the README).
SAMPLE = {
    "route53": ["ChangeResourceRecordSets", "CreateHostedZone", "ListHostedZones", "GetChange"],
    "s3": [
        "PutBucketAcl",
        "GetBucketAcl",  # an attribute in a namespace: the grantee's xsi:type
        "PutObject",
        "GetObject",
        "ListObjectsV2",
        "DeleteObjects",
        "GetBucketPolicy",
        "PutBucketPolicy",
        "GetBucketAnalyticsConfiguration",  # a payload structure: unset, an empty body
        "GetBucketEncryption",  # a required flattened list: never empty on the wire
        "SelectObjectContent",  # an event stream: its events' structure payloads are XML
    ],
}
PACKAGE = "generated_rest_xml"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rest_xml")
    specs = root / "specs"
    specs.mkdir()
    for service, names in SAMPLE.items():
        text = import_service(service, names, notes=[])  # Route 53's string limits: no paginator
        (specs / f"{service}.yaml").write_text(text, encoding="utf-8")
    generate_package(specs, root, PACKAGE)
    return root


def test_the_sample_imports_under_warnings_as_errors(sample: Path) -> None:
    assert import_under_warnings_as_errors(sample, PACKAGE) == ""


@pytest.mark.parametrize(
    ("service", "name"), [(service, name) for service, names in SAMPLE.items() for name in names]
)
def test_the_boto3_level_contract_holds(sample: Path, service: str, name: str) -> None:
    operation = load_services(sample, PACKAGE, tuple(SAMPLE))[service].OPERATIONS[name]
    check_own_properties(operation, examples=5)
    shape = _model(service).operation_model(name).input_shape

    @_bounded(5)
    @given(params=operation.strategies.requests())
    def botocore_accepts(params: dict[str, Any]) -> None:
        report = ParamValidator().validate(params, shape)
        assert not report.has_errors(), report.generate_report()
        assert _issues(operation, params) == []

    botocore_accepts()


@pytest.mark.parametrize(
    ("service", "name"), [(service, name) for service, names in SAMPLE.items() for name in names]
)
def test_the_wire_agrees_with_botocore(sample: Path, service: str, name: str) -> None:
    # Response bodies (XML, a payload's element, the bucket policy's text, a stream) read by
    # botocore's RestXMLParser as by `from_xml` (`from_json` for a stream or text); requests
    # pass botocore's validator, and a text payload is the body its serializer sends.
    operation = load_services(sample, PACKAGE, (service,))[service].OPERATIONS[name]
    check_against_botocore(operation, _model(service).operation_model(name), examples=10)


def test_the_sample_is_every_operation_asked_for(sample: Path) -> None:
    services = load_services(sample, PACKAGE, tuple(SAMPLE))
    assert sorted(name for _, op in operations(services) for name in [op.name]) == sorted(
        name for names in SAMPLE.values() for name in names
    )


def test_an_unset_payload_structure_is_an_empty_body_both_ways(sample: Path) -> None:
    s3 = load_services(sample, PACKAGE, ("s3",))["s3"]
    response = s3.OPERATIONS["GetBucketAnalyticsConfiguration"].response_type
    unset = response.from_xml(b"")
    assert unset.to_dict() == {}
    assert unset.to_xml() == ""
    assert response.from_xml(unset.to_xml()) == unset


def test_event_payloads_travel_as_xml_and_read_back(sample: Path) -> None:
    s3 = load_services(sample, PACKAGE, ("s3",))["s3"]
    response = s3.OPERATIONS["SelectObjectContent"].response_type
    stats = {"BytesScanned": 3, "BytesProcessed": 2, "BytesReturned": 1}
    events = [{"Stats": {"Details": stats}}, {"Records": {"Payload": b"a,b"}}, {"End": {}}]
    body = response.from_dict({"Payload": events}).to_json()
    messages = list(decode_messages(body))
    assert [headers[":content-type"] for headers, _ in messages] == [
        "text/xml",
        "application/octet-stream",
        "text/xml",
    ]
    details = ElementTree.fromstring(messages[0][1])
    assert {child.tag: child.text for child in details} == {
        key: str(value) for key, value in stats.items()
    }
    assert [event.to_dict() for event in response.from_json(body).payload] == [
        value for event in events for value in event.values()
    ]


def test_a_required_flattened_list_is_never_drawn_empty(sample: Path) -> None:
    # botocore writes no element for an empty flattened list, and reads none back as missing.
    s3 = load_services(sample, PACKAGE, ("s3",))["s3"]
    operation = s3.OPERATIONS["GetBucketEncryption"]

    @_bounded(20)
    @given(response=operation.strategies.responses())
    def rules_hold_an_item(response: dict[str, Any]) -> None:
        configuration = response.get("ServerSideEncryptionConfiguration")
        assert configuration is None or len(configuration["Rules"]) >= 1

    rules_hold_an_item()

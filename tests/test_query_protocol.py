"""The query and ec2 protocols: specs of their services (form-encoded requests, XML
responses), their XML and form-field wire forms against botocore's serializers and parsers, one
whole query service (STS) and a sample of EC2's operations imported from botocore, generated,
imported under `-W error`, type-checked and property-tested on every operation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement

import pytest
from botocore.model import ServiceModel, ShapeResolver
from botocore.parsers import EC2QueryParser, QueryParser, RestXMLParser
from botocore.serialize import QuerySerializer
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.botocore_import import (
    _with_shape_names_on_references,
    build_spec,
    import_service,
    model_loader,
)
from generator.runtime import xmlwire
from generator.runtime.errors import ResponseParseError
from generator.xml_wire import build_xml_wire
from tests.test_spec_failures import Case, assert_reported
from tests.whole_services import (
    check_operation,
    generate_package,
    import_under_warnings_as_errors,
    load_services,
    operations,
)

QUERY = "protocol: query\n"
# The minimal spec as a query service: its one operation POST /, without HTTP bindings.
_AS_QUERY = (
    ("protocol: rest-json\n", QUERY),
    ("method: GET\n      uri: /owners/{ownerId}/widgets", "method: POST\n      uri: /"),
)

CASES = [
    Case(
        "query-member-with-a-binding",
        (("protocol: rest-json\n", QUERY),),
        "a query service has no HTTP bindings: every member is a form field, not in the uri",
        "location: uri",
        len("location: "),
    ),
    Case(
        "query-operation-not-post-slash",
        (("protocol: rest-json\n", QUERY),),
        "a query operation is POST /, not GET /owners/{ownerId}/widgets",
        "method: GET",
    ),
    Case(
        "xml-name-outside-query",
        (
            (
                "      name:\n        shape: Name\n",
                "      name:\n        shape: Name\n        xml_name: N\n",
            ),
        ),
        "xml_name is for query, ec2 and rest-xml services, not rest-json",
        "xml_name: N",
        len("xml_name: "),
    ),
    Case(
        "result-wrapper-without-output",
        (
            *_AS_QUERY,
            ("    output: ListWidgetsResponse\n", ""),
            (
                "    input: ListWidgetsRequest\n",
                "    input: ListWidgetsRequest\n    result_wrapper: R\n",
            ),
        ),
        "an operation without output has no result_wrapper",
        "result_wrapper: R",
        len("result_wrapper: "),
    ),
    Case(
        "json-key-in-query",
        (("protocol: rest-json\n", "protocol: query\n  target_prefix: W\n"),),
        "target_prefix is for json and smithy-rpc-v2-cbor services, not query",
        "target_prefix: W",
        len("target_prefix: "),
    ),
]


CASES.append(
    Case(
        "query-name-outside-ec2",
        (
            *_AS_QUERY,
            (
                "      name:\n        shape: Name\n",
                "      name:\n        shape: Name\n        query_name: N\n",
            ),
        ),
        "query_name is for ec2 services, not query",
        "query_name: N",
        len("query_name: "),
    )
)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_query_spec_is_reported_at_its_line_and_column(tmp_path: Path, case: Case) -> None:
    assert_reported(tmp_path, case)


def test_a_doctype_is_refused_so_no_entity_expands() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><r>&lol2;</r>'
    )
    external = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    for body in (laughs, external, "<!DOCTYPE r><r/>"):
        with pytest.raises(ResponseParseError, match="document type declaration is refused"):
            xmlwire.root(body)
    with pytest.raises(ResponseParseError, match="not XML"):
        xmlwire.root("<r>")
    # Namespaces are dropped from names, as botocore's parsers drop them.
    assert xmlwire.root('<a xmlns="urn:x"><b>1</b></a>')[0].tag == "b"


def test_text_xml_cannot_hold_is_refused_and_carriage_returns_survive() -> None:
    root = Element("r")
    with pytest.raises(ValueError, match=r"XML 1\.0 cannot hold"):
        xmlwire.write_text(root, "a", "bell\x07")
    xmlwire.write_text(root, "a", "line\r\nbreak\r")
    assert xmlwire.text(xmlwire.root(xmlwire.document(root, None, None))[0]) == "line\r\nbreak\r"


_XML_TEXT = st.text(st.characters(codec="utf-8", exclude_characters=xmlwire.NOT_IN_XML), min_size=1)


@settings(max_examples=30)
@given(
    code=_XML_TEXT,
    message=_XML_TEXT,
    request_id=_XML_TEXT,
    sender=st.booleans(),
)
def test_error_bodies_read_as_botocore_reads_them(
    code: str, message: str, request_id: str, sender: bool
) -> None:
    response = Element("ErrorResponse", {"xmlns": "https://sts.amazonaws.com/doc/2011-06-15/"})
    error = SubElement(response, "Error")
    SubElement(error, "Type").text = "Sender" if sender else "Receiver"
    SubElement(error, "Code").text = code
    SubElement(error, "Message").text = message
    SubElement(response, "RequestId").text = request_id
    body = xmlwire.document(response, None, None).encode("utf-8")
    theirs = QueryParser().parse({"status_code": 400, "headers": {}, "body": body}, None)
    ours = xmlwire.error_response(body)
    assert ours["Error"] == theirs["Error"]
    assert ours["ResponseMetadata"]["RequestId"] == theirs["ResponseMetadata"]["RequestId"]


def test_import_records_what_the_query_wire_needs() -> None:
    spec = build_spec("sts", ["AssumeRole", "GetCallerIdentity"])
    assert spec["service"]["protocol"] == "query"
    assert spec["service"]["xml_namespace"] == "https://sts.amazonaws.com/doc/2011-06-15/"
    assert spec["operations"]["AssumeRole"]["result_wrapper"] == "AssumeRoleResult"
    # A list member's locationName, a flattened list and a renamed member (SimpleDB, ELB).
    sdb = build_spec("sdb", ["Select"])
    assert sdb["shapes"]["ItemList"] == {
        "type": "list",
        "member": "Item",
        "flattened": True,
        "member_name": "Item",
    }
    assert sdb["shapes"]["Item"]["members"]["Name"]["shape"] == "String"
    # A list without a locationName wraps its items in <member> (the default).
    elb = build_spec("elb", ["DescribeLoadBalancers"])
    assert elb["shapes"]["LoadBalancerDescriptions"] == {
        "type": "list",
        "member": "LoadBalancerDescription",
    }
    autoscaling = build_spec("autoscaling", ["DescribeAutoScalingGroups"])
    references = autoscaling["shapes"]["CpuPerformanceFactorRequest"]["members"]["References"]
    assert references["xml_name"] == "Reference"


@pytest.fixture(scope="module")
def sts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Whole STS (`import-botocore sts --all`), generated into a temporary package."""
    root = tmp_path_factory.mktemp("sts")
    specs = root / "specs"
    specs.mkdir()
    notes: list[str] = []
    (specs / "sts.yaml").write_text(import_service("sts", None, notes=notes), encoding="utf-8")
    assert notes == []  # GetWebIdentityToken's shapes agree after conversion: renamed
    generate_package(specs, root, "query_pkg")
    return root


def test_whole_sts_imports_under_warnings_as_errors_and_type_checks(sts: Path) -> None:
    assert import_under_warnings_as_errors(sts, "query_pkg") == ""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "query_pkg/sts"],
        cwd=sts,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_sts_operation_against_botocore(sts: Path) -> None:
    """Requests: our validator, botocore's validator and query serializer, whose form fields
    equal our `to_query`; responses: our XML parsed by botocore's query parser equals our
    `from_xml`'s `to_dict`, and our own round trips."""
    for service, operation in operations(load_services(sts, "query_pkg", ("sts",))):
        check_operation(service, operation, examples=5)


# EC2 whole is 830 operations: these reach lists of <item>s, filters, tags, booleans,
# timestamps and paginators.
EC2_SAMPLE = (
    "CreateTags",
    "DescribeAvailabilityZones",
    "DescribeKeyPairs",
    "DescribePrefixLists",
    "DescribeRegions",
    "DescribeVpcs",
)


def test_ec2_operations_against_botocore(tmp_path: Path) -> None:
    """ec2's form fields (`queryName`, capitalized `locationName`s, lists as `Key.N`) equal
    botocore's EC2 serializer's; its parser reads our XML as our `from_xml` does."""
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "ec2.yaml").write_text(import_service("ec2", EC2_SAMPLE), encoding="utf-8")
    generate_package(specs, tmp_path, "ec2_pkg")
    assert import_under_warnings_as_errors(tmp_path, "ec2_pkg") == ""
    for service, operation in operations(load_services(tmp_path, "ec2_pkg", ("ec2",))):
        check_operation(service, operation, examples=5)


def test_import_records_ec2_query_names() -> None:
    spec = build_spec("ec2", ["RunInstances"])
    assert spec["service"]["protocol"] == "ec2"
    members = spec["shapes"]["InstanceNetworkInterfaceSpecification"]["members"]
    assert members["Ipv6Addresses"]["xml_name"] == "ipv6AddressesSet"
    assert members["Ipv6Addresses"]["query_name"] == "Ipv6Addresses"


def test_a_shapes_own_location_name_names_the_references_without_one() -> None:
    """botocore merges a reference's traits over its shape's: a list shape's `locationName`
    is the element name of a member that has none, and a member's own name wins."""
    elasticache = build_spec("elasticache", ["DescribeCacheClusters"])
    pending = elasticache["shapes"]["PendingModifiedValues"]["members"]
    assert pending["LogDeliveryConfigurations"]["xml_name"] == "PendingLogDeliveryConfiguration"
    assert "xml_name" not in elasticache["shapes"]["PendingLogDeliveryConfigurationList"]
    ec2 = build_spec("ec2", ["DescribeInstanceTypes"])
    accelerators = ec2["shapes"]["InferenceAcceleratorInfo"]["members"]["Accelerators"]
    assert accelerators["xml_name"] == "accelerators"  # not the list shape's 'item'


def test_shape_location_names_reach_every_reference_as_botocore_resolves_them() -> None:
    model = {
        "operations": {"Op": {"input": {"shape": "In"}, "errors": [{"shape": "In"}]}},
        "shapes": {
            "In": {"type": "structure", "locationName": "Root", "members": {}},
            "L": {"type": "list", "member": {"shape": "S"}, "locationName": "Ls"},
            "S": {"type": "string", "locationName": "Item"},
            "M": {
                "type": "map",
                "key": {"shape": "S"},
                "value": {"shape": "S", "locationName": "V"},
            },
            "Holder": {
                "type": "structure",
                "members": {"a": {"shape": "L"}, "b": {"shape": "L", "locationName": "B"}},
            },
        },
    }
    moved = _with_shape_names_on_references(model)
    resolver = ShapeResolver(model["shapes"])
    for name in ("L", "M", "Holder"):
        for role in ("member", "key", "value"):
            if role in model["shapes"][name]:
                ours = moved["shapes"][name][role]
                theirs = resolver.resolve_shape_ref(model["shapes"][name][role])
                assert ours.get("locationName") == theirs.serialization.get("name")
    for member, reference in model["shapes"]["Holder"]["members"].items():
        theirs = resolver.resolve_shape_ref(reference).serialization["name"]
        assert moved["shapes"]["Holder"]["members"][member]["locationName"] == theirs
    assert moved["operations"]["Op"]["input"]["locationName"] == "Root"
    assert moved["operations"]["Op"]["errors"] == [{"locationName": "Root", "shape": "In"}]
    assert not any("locationName" in shape for shape in moved["shapes"].values())


def test_shape_location_names_against_botocore(tmp_path: Path) -> None:
    """The operations that reach a list shape with a `locationName` of its own (ElastiCache's
    pending log deliveries, in responses; EC2's requested instance types, in requests):
    botocore's serializers and parsers agree with our form fields and XML."""
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "elasticache.yaml").write_text(
        import_service("elasticache", ["DescribeCacheClusters", "ModifyReplicationGroup"]),
        encoding="utf-8",
    )
    (specs / "ec2.yaml").write_text(
        import_service("ec2", ["DescribeInstanceTypes"]), encoding="utf-8"
    )
    generate_package(specs, tmp_path, "named_pkg")
    assert import_under_warnings_as_errors(tmp_path, "named_pkg") == ""
    services = load_services(tmp_path, "named_pkg", ("elasticache", "ec2"))
    for service, operation in operations(services):
        check_operation(service, operation, examples=5)


def test_import_export_whole_against_botocore(tmp_path: Path) -> None:
    """Import/Export's model has (empty) `examples`, which are ignored, and request URIs such as
    /?Operation=CancelJob, which botocore's query serializer never sends: every request goes to
    /. Whole, its operations agree with botocore's query serializer and parser."""
    botocore_model = model_loader().load_service_model("importexport", "service-2")
    assert "examples" in botocore_model
    assert botocore_model["operations"]["CancelJob"]["http"]["requestUri"] != "/"
    spec = build_spec("importexport", None, notes=[])
    assert {op["http"]["uri"] for op in spec["operations"].values()} == {"/"}
    assert "left_out" not in spec
    theirs = QuerySerializer().serialize_to_request(
        {"JobId": "j"}, ServiceModel(botocore_model).operation_model("CancelJob")
    )
    assert theirs["url_path"] == "/"
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "importexport.yaml").write_text(
        import_service("importexport", None, notes=[]), encoding="utf-8"
    )
    generate_package(specs, tmp_path, "ie_pkg")
    assert import_under_warnings_as_errors(tmp_path, "ie_pkg") == ""
    for service, operation in operations(load_services(tmp_path, "ie_pkg", ("importexport",))):
        check_operation(service, operation, examples=5)


@settings(max_examples=30)
@given(code=_XML_TEXT, message=_XML_TEXT, request_id=_XML_TEXT)
def test_ec2_error_bodies_read_as_botocore_reads_them(
    code: str, message: str, request_id: str
) -> None:
    response = Element("Response")
    error = SubElement(SubElement(response, "Errors"), "Error")
    SubElement(error, "Code").text = code
    SubElement(error, "Message").text = message
    SubElement(response, "RequestID").text = request_id
    body = xmlwire.document(response, None, None).encode("utf-8")
    theirs = EC2QueryParser().parse({"status_code": 400, "headers": {}, "body": body}, None)
    ours = xmlwire.error_response(body)
    assert ours["Error"] == theirs["Error"]
    assert ours["ResponseMetadata"]["RequestId"] == theirs["ResponseMetadata"]["RequestId"]


@settings(max_examples=30)
@given(
    code=_XML_TEXT,
    message=_XML_TEXT,
    ids=st.sampled_from(
        [
            {},
            {"x-amz-request-id": "R1"},
            {"x-amz-request-id": "R1", "x-amz-id-2": "H2"},
            {"x-amzn-requestid": "R3", "x-amz-id-2": "H2"},
        ]
    ),
)
def test_s3_error_bodies_read_as_botocore_reads_them(
    code: str, message: str, ids: dict[str, str]
) -> None:
    # S3's root is the Error element; its request ids come from the headers.
    error = Element("Error")
    SubElement(error, "Code").text = code
    SubElement(error, "Message").text = message
    SubElement(error, "RequestId").text = "in the body"
    SubElement(error, "HostId").text = "in the body"
    body = xmlwire.document(error, None, None).encode("utf-8")
    theirs = RestXMLParser().parse({"status_code": 404, "headers": ids, "body": body}, None)
    ours = xmlwire.error_response(body, ids)
    assert ours["Error"] == theirs["Error"]
    # botocore adds the status and the headers, which the body does not hold.
    metadata = theirs["ResponseMetadata"]
    assert ours["ResponseMetadata"] == {
        key: value
        for key, value in metadata.items()
        if key not in ("HTTPStatusCode", "HTTPHeaders")
    }


def test_a_structure_without_members_reads_no_children() -> None:
    """ruff finds no unused name in the reader of an empty structure (SNS's
    CreateSMSSandboxPhoneNumberResult), nor a missing one in a structure's with members."""
    shapes = {
        "Empty": {"type": "structure", "members": {}},
        "Full": {"type": "structure", "members": {"A": {"shape": "Text"}}},
        "Text": {"type": "string"},
    }
    wire = build_xml_wire({"protocol": "query"}, {}, shapes, {"Empty": "empty", "Full": "full"})
    assert wire is not None
    source = (
        "from typing import Any, Mapping\nfrom xml.etree import ElementTree\n"
        "from . import timestamps, xmlwire\n\n\n" + "\n\n\n".join(wire.definitions) + "\n"
    )
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "F", "-"],
        input=source,
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout
    assert "read_empty(element: ElementTree.Element) -> dict[str, Any]:\n    result" in source

"""smithy-rpc-v2-cbor and awsQueryCompatible: the four cbor-only services of botocore import
whole and the two query-compatible json ones too; a generated cbor service works through a
botocore client, whose requests are CBOR that decodes to our `to_cbor` and whose responses,
drawn by our `wire_responses()`, parse to our `from_cbor`; error codes are read as botocore's
RpcV2CBOR and json parsers read them, the query-protocol code included. (`make
test-protocol-services` runs every operation of the six services; tests/golden/rpcv2.yaml is
the golden record's cbor service.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.parsers import create_parser
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.botocore_import import build_spec, import_service
from generator.drift import drift_for_spec
from generator.runtime import cbor
from generator.runtime.errors import ServiceError, to_service_error
from tests.protocol_services import CBOR_SERVICES, QUERY_COMPATIBLE_SERVICES, package_of
from tests.whole_services import (
    check_operation,
    generate_package,
    import_under_warnings_as_errors,
    load_services,
    sample,
)

PACKAGE = "generated_rpcv2"
# Generated here: one cbor service whole, and SQS's queue operations (json, query-compatible).
GENERATED: dict[str, list[str] | None] = {
    "partnercentral-revenue-measurement": None,
    "sqs": ["GetQueueUrl", "ListQueues", "DeleteQueue"],
}
EXAMPLES = 5


def _metadata(service: str) -> dict[str, Any]:
    return dict(botocore.session.get_session().get_service_model(service).metadata)


@pytest.mark.parametrize("service", CBOR_SERVICES)
def test_cbor_only_services_import_whole(service: str) -> None:
    notes: list[str] = []
    spec: dict[str, Any] = build_spec(service, None, notes=notes)
    assert notes == []
    model = botocore.session.get_session().get_service_model(service)
    assert sorted(spec["operations"]) == sorted(model.operation_names)
    assert spec["service"]["protocol"] == "smithy-rpc-v2-cbor"
    # botocore sends each request to /service/<targetPrefix>/operation/<name>.
    assert spec["service"]["target_prefix"] == _metadata(service)["targetPrefix"]
    assert "json_version" not in spec["service"]
    assert drift_for_spec(spec) == []


@pytest.mark.parametrize("service", QUERY_COMPATIBLE_SERVICES)
def test_query_compatible_services_record_it(service: str) -> None:
    notes: list[str] = []
    spec: dict[str, Any] = build_spec(service, None, notes=notes)
    assert spec["service"]["protocol"] == "json"  # botocore's choice among their protocols
    assert spec["service"]["query_compatible"] is True
    # The query protocol's keys (resultWrapper, flattened, xmlOrder) are not read by json.
    assert not [note for note in notes if "resultWrapper" in note or "flattened" in note]
    assert drift_for_spec(spec) == []
    spec["service"].pop("query_compatible")
    assert drift_for_spec(spec) == ["service: query_compatible none -> True"]


def test_sqs_imports_whole_and_cloudwatch_but_two_operations() -> None:
    notes: list[str] = []
    assert "left_out" not in build_spec("sqs", None, notes=notes)
    assert notes == []
    left_out = build_spec("cloudwatch", None, notes=notes)["left_out"]["operations"]
    # Two error shapes share the code ResourceNotFound (PutMetricData's compression is recorded).
    assert sorted(left_out) == ["DeleteAlarms", "SetAlarmState"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("rpcv2")
    (root / "specs").mkdir()
    for service, names in GENERATED.items():
        text = import_service(service, names, notes=[])
        (root / "specs" / f"{package_of(service)}.yaml").write_text(text, encoding="utf-8")
    generate_package(root / "specs", root, PACKAGE)
    assert import_under_warnings_as_errors(root, PACKAGE) == ""
    return load_services(root, PACKAGE, [package_of(service) for service in GENERATED])


def test_cbor_operations_agree_with_themselves_and_botocore(generated: dict[str, Any]) -> None:
    service = "partnercentral-revenue-measurement"
    operations = generated[package_of(service)].OPERATIONS
    for name in sample(sorted(operations), 5):
        check_operation(service, operations[name], examples=EXAMPLES)


def test_query_compatible_operations_agree_with_themselves_and_botocore(
    generated: dict[str, Any],
) -> None:
    # SQS's json model keeps query keys (flattened lists, resultWrapper) that json never reads.
    operations = generated["sqs"].OPERATIONS
    for name in GENERATED["sqs"] or ():
        check_operation("sqs", operations[name], examples=EXAMPLES)


class _Raw:
    """What botocore reads a response body from."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Any:
        yield self._body


def _client(service: str, answer: Callable[[Any], tuple[int, dict[str, str], bytes]]) -> Any:
    """A botocore client whose every request `answer` answers (status, headers, body)."""
    client = botocore.session.get_session().create_client(
        service,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"total_max_attempts": 1}),
    )

    def send(request: Any, **_: Any) -> AWSResponse:
        status, headers, body = answer(request)
        return AWSResponse(request.url, status, headers, _Raw(body))

    client.meta.events.register("before-send", send)
    return client


def test_a_botocore_client_speaks_our_cbor(generated: dict[str, Any]) -> None:
    """Through botocore's client: the request is CBOR that decodes to our `to_cbor` of it, and
    a response drawn by `wire_responses()` gives the dict our `from_cbor` gives."""
    service = generated["partnercentral_revenue_measurement"]
    operation = service.OPERATIONS["ListRevenueAttributions"]
    sent: list[Any] = []

    @settings(max_examples=EXAMPLES, database=None)
    @given(params=operation.strategies.requests(), body=operation.strategies.wire_responses())
    def call(params: dict[str, Any], body: bytes) -> None:
        def answer(request: Any) -> tuple[int, dict[str, str], bytes]:
            sent.append(request)
            return 200, {}, body

        client = _client("partnercentral-revenue-measurement", answer)
        response = getattr(client, operation.python_name)(**params)
        request = sent[-1]
        assert request.url.endswith(
            "/service/PartnerCentralRevenueMeasurement/operation/ListRevenueAttributions"
        )
        assert request.headers["smithy-protocol"] == b"rpc-v2-cbor"
        assert cbor.decode(request.body) == cbor.decode(
            operation.request_type.from_dict(params).to_cbor()
        )
        response.pop("ResponseMetadata")
        assert operation.response_type.from_dict(response) == operation.response_type.from_cbor(
            body
        )

    call()
    assert len(sent) == EXAMPLES


def test_cbor_errors_through_a_botocore_client(generated: dict[str, Any]) -> None:
    errors = generated["partnercentral_revenue_measurement"].errors
    body = cbor.encode(
        {"__type": "com.amazonaws.partnercentral#ValidationException", "message": "no"}
    )
    client = _client("partnercentral-revenue-measurement", lambda _: (400, {}, body))
    with pytest.raises(ClientError) as raised:
        client.list_revenue_attributions(Catalog="AWS")
    typed = errors.from_client_error(raised.value)
    assert type(typed) is errors.ValidationException
    assert (typed.code, typed.message, typed.http_status) == ("ValidationException", "no", 400)


def test_query_compatible_errors_through_a_botocore_client(generated: dict[str, Any]) -> None:
    """SQS answers with its query code in x-amzn-query-error: botocore's error code is that
    code and its exception the protocol code's (SQS's shapes record no query code); ours too."""
    errors = generated["sqs"].errors
    body = b'{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "gone"}'
    headers = {"x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender"}
    client = _client("sqs", lambda _: (400, headers, body))
    with pytest.raises(client.exceptions.QueueDoesNotExist) as raised:
        client.get_queue_url(QueueName="q")
    typed = errors.from_client_error(raised.value)
    assert type(typed) is errors.QueueDoesNotExist
    assert typed.code == raised.value.response["Error"]["Code"]
    assert typed.code == "AWS.SimpleQueueService.NonExistentQueue"
    # Without the header the code is the protocol's.
    client = _client("sqs", lambda _: (400, {}, body))
    with pytest.raises(client.exceptions.QueueDoesNotExist) as raised:
        client.get_queue_url(QueueName="q")
    assert errors.from_client_error(raised.value).code == "QueueDoesNotExist"


_NAMESPACES = st.sampled_from(["", "smithy.protocoltests.rpcv2Cbor#", "com.amazonaws.x#"])
_SUFFIXES = st.sampled_from(["", ":http://internal.amazon.com/coral/com.amazon.coral.service/"])
_CODES = st.from_regex(r"[A-Z][A-Za-z]{0,12}(Exception|Error|Fault)", fullmatch=True)


@given(
    protocol=st.sampled_from(["smithy-rpc-v2-cbor", "json"]),
    namespace=_NAMESPACES,
    code=_CODES,
    suffix=_SUFFIXES,
    query_code=st.none() | st.from_regex(r"AWS\.[A-Za-z]{1,8}\.[A-Za-z]{1,12}", fullmatch=True),
    declared=st.sampled_from(["protocol", "query", "both", "neither"]),
)
def test_error_classes_as_botocore_reads_the_codes(
    protocol: str,
    namespace: str,
    code: str,
    suffix: str,
    query_code: str | None,
    declared: str,
) -> None:
    """botocore's parser reads `__type` (namespace and suffix stripped) and, given the header,
    the query code; a query-compatible service's class is the query code's, else the protocol
    code's, and its `code` is botocore's; a service that is not query-compatible keeps to the
    query code alone."""
    error = {"__type": f"{namespace}{code}{suffix}", "message": "no"}
    body = json.dumps(error).encode() if protocol == "json" else cbor.encode(error)
    headers = {"x-amzn-requestid": "r-1"}
    if query_code is not None:
        headers["x-amzn-query-error"] = f"{query_code};Sender"
    parsed = create_parser(protocol).parse(
        {"status_code": 400, "headers": headers, "body": body}, None
    )
    assert parsed["Error"]["Code"] == (query_code or code)
    by_protocol = type(code, (ServiceError,), {"CODE": code})
    by_query = type("Query", (ServiceError,), {"CODE": query_code or ""})
    classes: dict[str, type[ServiceError]] = {}
    if declared in ("protocol", "both"):
        classes[code] = by_protocol
    if declared in ("query", "both") and query_code is not None:
        classes[query_code] = by_query
    compatible = to_service_error(ClientError(parsed, "Op"), classes, query_compatible=True)
    plain = to_service_error(ClientError(parsed, "Op"), classes)
    assert compatible is not None
    assert plain is not None
    assert compatible.code == plain.code == parsed["Error"]["Code"]
    assert (compatible.message, compatible.request_id) == ("no", "r-1")
    expected = classes.get(parsed["Error"]["Code"]) or classes.get(code) or ServiceError
    assert type(compatible) is expected
    assert type(plain) is classes.get(parsed["Error"]["Code"], ServiceError)


def test_rpcv2_golden_service_reads_its_query_code() -> None:
    """The golden record's cbor service is query-compatible, and its ValidationException has
    the query code InvalidParameterValue, as CloudWatch's errors have."""
    root = Path(__file__).parent / "golden" / "out"
    errors = load_services(root, "golden_pkg", ["rpcv2"])["rpcv2"].errors
    body = cbor.encode({"__type": "ValidationException", "message": "bad"})
    headers = {"x-amzn-query-error": "InvalidParameterValue;Sender"}
    parsed = create_parser("smithy-rpc-v2-cbor").parse(
        {"status_code": 400, "headers": headers, "body": body}, None
    )
    typed = errors.from_client_error(ClientError(parsed, "ListRecords"))
    assert type(typed) is errors.ValidationException
    assert typed.code == "InvalidParameterValue"
    assert errors.ValidationException.CODE == "InvalidParameterValue"

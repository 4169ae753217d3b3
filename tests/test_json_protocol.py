"""The json protocol (awsJson 1.0 and 1.1): timestamps written and read as botocore writes and
reads them, error codes from `__type`, and json services of botocore imported, generated and
checked against botocore's json serializer and parser (Bedrock Data Automation Runtime whole,
Direct Connect's operations without input, MemoryDB's multi-Region clusters, CloudWatch's
compressed PutMetricData, the event streams of CloudWatch Logs, Kinesis and HealthLake, and a
sample of Transcribe, a smithy-rpc-v2-cbor service botocore speaks json to), and through a boto3
client against moto."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.loaders import Loader
from botocore.parsers import create_parser
from botocore.serialize import create_serializer
from hypothesis import given
from hypothesis import strategies as st
from moto import mock_aws

from generator import build
from generator.botocore_import import UnsupportedFeatureError, build_spec, import_service
from generator.drift import drift_for_spec
from generator.runtime import parsing
from generator.runtime.errors import ServiceError, to_service_error
from generator.runtime.timestamps import (
    WIRE,
    from_rfc7231,
    to_epoch,
    to_iso8601,
    to_rfc7231,
    to_utc,
)
from tests.helpers import PROJECT
from tests.whole_services import (
    check_operation,
    generate_package,
    import_under_warnings_as_errors,
    load_services,
    sample,
)

# Instants whose epoch float keeps the microseconds (up to 2106), and any instant a datetime holds.
INSTANTS = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
ANY_INSTANT = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
)
# botocore's serializer writes timestamps in one place for every protocol.
BOTOCORE = create_serializer("json", include_validation=False)


@given(ANY_INSTANT)
def test_each_format_is_written_as_botocore_writes_it(instant: datetime) -> None:
    assert WIRE.unix_timestamp(instant) == BOTOCORE._timestamp_unixtimestamp(instant)
    assert WIRE.rfc822(instant) == BOTOCORE._timestamp_rfc822(instant)
    # Before the year 1000 botocore's strftime does not pad the year; ISO-8601 has four digits.
    theirs = BOTOCORE._timestamp_iso8601(instant)
    assert WIRE.iso8601(instant) == f"{instant.year:04d}-{theirs.split('-', 1)[1]}"


@given(INSTANTS)
def test_epoch_seconds_and_rfc7231_dates_read_back(instant: datetime) -> None:
    assert parsing.timestamp(to_epoch(instant), "at") == instant
    assert isinstance(to_epoch(instant.replace(microsecond=0)), int)
    whole = instant.replace(microsecond=0)
    assert from_rfc7231(to_rfc7231(instant)) == whole
    assert parsing.timestamp(to_rfc7231(instant), "at") == whole


def test_rfc7231_dates_are_read_by_responses_only() -> None:
    text = "Tue, 01 Dec 2026 14:26:35 GMT"
    assert parsing.timestamp(text, "at") == datetime(2026, 12, 1, 14, 26, 35, tzinfo=UTC)
    assert to_utc(text) is None  # requests: ISO-8601 text or epoch seconds, as documented
    for wrong in ("Tue, 31 Feb 2026 14:26:35 GMT", "Tue, 01 Dec 2026 14:26:35 UTC", "01 Dec 2026"):
        assert from_rfc7231(wrong) is None
        with pytest.raises(parsing.ResponseParseError):
            parsing.timestamp(wrong, "at")
    assert to_iso8601(datetime(2026, 12, 1, tzinfo=UTC)) == "2026-12-01T00:00:00Z"


_NAMESPACES = st.sampled_from(["", "aws.protocols#", "com.amazonaws.bedrock#"])
_SUFFIXES = st.sampled_from(["", ":http://internal.amazon.com/coral/com.amazon.coral.service/"])
_CODES = st.from_regex(r"[A-Z][A-Za-z]{0,20}Exception", fullmatch=True)


@given(_NAMESPACES, _CODES, _SUFFIXES, st.sampled_from([400, 500]))
def test_error_codes_from_type_as_botocore_reads_them(
    namespace: str, code: str, suffix: str, status: int
) -> None:
    """A json error names itself in `__type`; botocore strips the namespace and the suffix, and
    so do we, whether given its ClientError or the raw code."""
    body = json.dumps({"__type": f"{namespace}{code}{suffix}", "message": "no"}).encode()
    response = {"status_code": status, "headers": {"x-amzn-requestid": "r-1"}, "body": body}
    parsed = create_parser("json").parse(response, None)
    assert parsed["Error"]["Code"] == code
    declared = type(code, (ServiceError,), {"CODE": code})
    typed = to_service_error(ClientError(parsed, "ListJobs"), {code: declared})
    assert isinstance(typed, declared)
    assert (typed.code, typed.message, typed.request_id) == (code, "no", "r-1")
    raw = {"Error": {"Code": f"{namespace}{code}{suffix}"}}
    assert type(to_service_error(ClientError(raw, "ListJobs"), {code: declared})) is declared


# --- json services of botocore, imported and generated ---

GOLDEN = PROJECT / "tests" / "golden" / "out"
# Whole, or the operations named: Direct Connect's take no input; MemoryDB's reach a structure
# marked `wrapper` (RegionalCluster), which botocore's serializers and parsers never read;
# CloudWatch's PutMetricData has `requestcompression` (boto3 compresses the serialized body).
SERVICES: dict[str, list[str] | None] = {
    "bedrock-data-automation-runtime": None,
    "transcribe": None,
    "directconnect": ["DescribeLocations", "DescribeVirtualGateways", "DescribeConnections"],
    "memorydb": ["CreateMultiRegionCluster", "DescribeMultiRegionClusters"],
    "cloudwatch": ["PutMetricData"],
    # Event streams as the body, after an `initial-response` event.
    "logs": ["StartLiveTail", "GetLogObject"],
    "kinesis": ["SubscribeToShard"],
    "healthlake": ["UpdateProfileWithAgent"],
    # A list of JSON texts (`jsonvalue` items): strings to botocore.
    "pricing": ["GetProducts"],
}
PACKAGE = "generated_json"
EXAMPLES = 5


def _package(service: str) -> str:
    return service.replace("-", "_")  # as the importer names the package


@pytest.fixture(scope="module")
def json_services(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("json")
    (root / "specs").mkdir()
    for service in SERVICES:
        notes: list[str] = []
        spec = root / "specs" / f"{_package(service)}.yaml"
        spec.write_text(import_service(service, SERVICES[service], notes=notes), encoding="utf-8")
        assert notes == []
    generate_package(root / "specs", root, PACKAGE)
    return root


def test_json_and_cbor_services_import_with_the_keys_of_json() -> None:
    for service, target in (
        ("bedrock-data-automation-runtime", "AmazonBedrockKeystoneRuntimeService"),
        ("transcribe", "Transcribe"),  # smithy-rpc-v2-cbor first, json among its protocols
    ):
        spec: dict[str, Any] = build_spec(service, None, notes=[])
        assert spec["service"]["protocol"] == "json"
        assert (spec["service"]["json_version"], spec["service"]["target_prefix"]) == (
            "1.1",
            target,
        )
        assert all(
            op["http"] == {"method": "POST", "uri": "/"} for op in spec["operations"].values()
        )
    # A json model may name the XML namespace of its other protocols: it carries nothing here.
    assert build_spec("shield", ["ListProtections"])["service"]["protocol"] == "json"
    described = build_spec("directconnect", ["DescribeLocations"])["operations"]
    assert "input" not in described["DescribeLocations"]
    errors = build_spec("bedrock-data-automation-runtime", None, notes=[])["shapes"]
    # Its errors have no HTTP status (botocore's json parser takes the code from `__type`).
    assert errors["ThrottlingException"]["error"] == {"fault": "client"}


def test_generated_json_services_import_under_warnings_as_errors(json_services: Path) -> None:
    assert import_under_warnings_as_errors(json_services, PACKAGE) == ""


def _operations(root: Path) -> list[tuple[str, Any]]:
    modules = load_services(root, PACKAGE, [_package(service) for service in SERVICES])
    return [
        (service, modules[_package(service)].OPERATIONS[name])
        for service in SERVICES
        for name in sorted(modules[_package(service)].OPERATIONS)
    ]


def test_json_operations_agree_with_themselves_and_botocore(json_services: Path) -> None:
    chosen = _operations(json_services)
    every = [item for item in chosen if item[0] != "transcribe"]
    for service, operation in every + sample([i for i in chosen if i not in every], 6):
        check_operation(service, operation, examples=EXAMPLES)


def test_generated_json_services_pass_mypy_strict(json_services: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--cache-dir",
        str(json_services / ".mypy"),
    ]
    result = subprocess.run(
        [*command, PACKAGE],
        cwd=json_services,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_operation_without_input_takes_no_parameters() -> None:
    operation = load_services(GOLDEN, "golden_pkg", ["jsonrpc"])["jsonrpc"].OPERATIONS[
        "DescribeAccount"
    ]
    assert operation.request_type is None
    operation.validate_request({})
    with pytest.raises(ValueError, match="this operation has no input") as raised:  # the package's
        operation.validate_request({"AccountId": "1"})  # RequestValidationError
    issues = raised.value.issues  # type: ignore[attr-defined]
    assert [(issue.path, issue.rule) for issue in issues] == [("AccountId", "unknown")]


def test_timestamps_reach_the_wire_in_their_formats() -> None:
    models = load_services(GOLDEN, "golden_pkg", ["jsonrpc"])["jsonrpc"].models
    instant = datetime(2026, 12, 1, 14, 26, 35, 250000, tzinfo=UTC)
    job = models.Job(job_id="1", submitted_at=instant, finished_at=instant, checkpoints=(instant,))
    assert json.loads(job.to_json()) == {
        "JobId": "1",
        "SubmittedAt": 1796135195.25,  # epoch seconds: the shape names no format
        "FinishedAt": "Tue, 01 Dec 2026 14:26:35 GMT",
        "Checkpoints": ["2026-12-01T14:26:35.250000Z"],
    }
    assert models.Job.from_json(job.to_json()) == models.Job(
        job_id="1",
        submitted_at=instant,
        finished_at=instant.replace(microsecond=0),
        checkpoints=(instant,),
    )
    account = models.DescribeAccountResponse(account_id="1", created_at=instant, renewed_at=instant)
    # The member's format overrides its shape's.
    assert json.loads(account.to_json())["RenewedAt"] == "2026-12-01T14:26:35.250000Z"


def test_default_formats_are_botocores() -> None:
    """Where a spec names no format, a timestamp is written as botocore's serializers write it:
    epoch seconds in JSON bodies of both protocols, RFC 7231 in headers, ISO-8601 in query
    strings and URIs."""
    rest_json = create_serializer("rest-json", include_validation=False)
    json_rpc = create_serializer("json", include_validation=False)
    assert rest_json.TIMESTAMP_FORMAT == json_rpc.TIMESTAMP_FORMAT == "unixtimestamp"
    assert build.BODY_TIMESTAMP_FORMAT.lower() == "unixtimestamp"
    assert build.LOCATION_TIMESTAMP_FORMATS == {
        "header": rest_json.HEADER_TIMESTAMP_FORMAT,
        "querystring": rest_json.QUERY_STRING_TIMESTAMP_FORMAT,
        "uri": rest_json.QUERY_STRING_TIMESTAMP_FORMAT,  # botocore's labels take the same
    }
    bare, iso = {"type": "timestamp"}, {"type": "timestamp", "timestamp_format": "iso8601"}
    member_format = build._member_timestamp_format
    assert member_format({"shape": "T"}, bare) is None  # the shape's: epoch seconds
    assert member_format({"shape": "T", "location": "header"}, bare) == "rfc822"
    assert member_format({"shape": "T", "location": "header"}, iso) is None  # the shape says
    assert member_format({"shape": "T", "timestamp_format": "rfc822"}, iso) == "rfc822"
    assert member_format({"shape": "T", "timestamp_format": "iso8601"}, iso) is None
    assert member_format({"shape": "S"}, {"type": "string"}) is None


def test_drift_compares_the_keys_of_json() -> None:
    spec = build_spec("bedrock-data-automation-runtime", None, notes=[])
    assert drift_for_spec(spec) == []
    spec["service"].update(json_version="1.0", target_prefix="Other")
    assert drift_for_spec(spec) == [
        "service: json_version '1.0' -> '1.1'",
        "service: target_prefix 'Other' -> 'AmazonBedrockKeystoneRuntimeService'",
    ]


@pytest.fixture(scope="module")
def secrets_manager(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("secretsmanager")
    (root / "specs").mkdir()
    spec = import_service("secretsmanager", ["ListSecrets", "CreateSecret"])
    (root / "specs" / "secretsmanager.yaml").write_text(spec, encoding="utf-8")
    generate_package(root / "specs", root, "generated_secrets")
    load_services(root, "generated_secrets", ["secretsmanager"])
    return importlib.import_module("generated_secrets.conformance")


def test_conformance_through_a_boto3_client_of_a_json_service(secrets_manager: Any) -> None:
    """The checker drives a boto3 json client (moto's Secrets Manager) as it drives a rest-json
    one; moto's ListSecrets keeps the contract."""
    with mock_aws():
        client = boto3.client("secretsmanager", region_name="us-east-1")
        for index in range(3):
            client.create_secret(Name=f"secret-{index}", SecretString="x")
        report = secrets_manager.check_client(
            client, "secretsmanager", phases=["positive"], examples=5, operations=["ListSecrets"]
        )
    assert report.requests == 5
    assert report.pages >= 3
    assert report.violations == [], report


def test_a_json_model_without_its_target_prefix_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    original = Loader.load_service_model

    def edited(self: Loader, service: str, kind: str, *args: Any) -> Any:
        data = original(self, service, kind, *args)
        if kind == "service-2":
            data = {**data, "metadata": {**data["metadata"]}}
            del data["metadata"]["targetPrefix"]
        return data

    monkeypatch.setattr(Loader, "load_service_model", edited)
    with pytest.raises(UnsupportedFeatureError) as caught:
        build_spec("bedrock-data-automation-runtime", ["ListTagsForResource"])
    assert str(caught.value) == (
        "service bedrock-data-automation-runtime: metadata has no 'targetPrefix', which the json"
        " protocol needs"
    )

"""Every service of the pinned botocore: imported with every operation it can express (the rest
left out with a reason), or refused in the words of its model.

`make test` walks a sample of the services; `make census` walks them all (about 95 s on two
processes on the quiet 2-core machine; `python -m tests.botocore_census` prints the census with
its time).
"""

from __future__ import annotations

import re
import time

import pytest
from botocore.loaders import Loader

from tests.botocore_census import pattern_census, pattern_report, reason, report, walk
from tests.ml_estate import SERVICES as ML_ESTATE

# A refusal about an operation or a shape, which with --all leaves out operations instead.
_OPERATION_LEVEL = re.compile(r"service [^:\s]+: (shape|operation) ")
# What a refusal is about, right after the service it names.
_SUBJECT = re.compile(
    r"service (?P<service>[^:\s]+): (protocol|metadata|model|shape|operation|every operation) "
)


# Services whose spec names agree after conversion (shapes `boolean`/`Boolean`, `endpoint`/
# `Endpoint`, enum values `invalid_request`/`INVALID_REQUEST`): renamed by generator/naming.py,
# they import whole (they were refused, or lost operations, while check refused such names).
_RENAMED = {"backup", "signin", "sns", "storagegateway", "sts"}
# Besides the ML estate's services and SageMaker Runtime: one of each protocol the importer
# takes (rest-json, json, query, ec2, smithy-rpc-v2-cbor alone, json with awsQueryCompatible,
# rest-xml: Route 53 classic, S3 with its quirks), and the services of model features taken
# since (shapes with a `locationName` of their own: ElastiCache; a structure marked `wrapper` in
# a json model: MemoryDB; a model with `examples` and request URIs other than /: Import/Export;
# a string payload beside a map of every header: Data Exchange).
_NAMED = {
    *ML_ESTATE,
    "sagemaker-runtime",
    "sts",
    "ec2",
    "s3",
    "route53",
    "s3control",
    "sqs",
    "cloudwatch",
    "cloudwatchomni",
    "eventbridgev2",
    "partnercentral-marketing",
    "importexport",
    "dataexchange",
    "elasticache",
    "memorydb",
    *_RENAMED,
    # Whole since a quantifier after a quantifier, json event stream bodies and jsonvalue items.
    "rbin",
    "kinesis",
    "pricing",
    "apprunner",
}
# Besides those, every 15th service in model order: the sample `make test` walks.
_STRIDE = 15


def _sample(services: list[str]) -> list[str]:
    return [name for index, name in enumerate(services) if name in _NAMED or index % _STRIDE == 0]


def test_a_sample_of_services_imports_whole_or_is_refused_clearly() -> None:
    services = _sample(Loader().list_available_services("service-2"))
    assert set(services) >= _NAMED
    _assert_census(services)


@pytest.mark.every_service
def test_every_service_imports_whole_or_is_refused_clearly() -> None:
    _assert_census(Loader().list_available_services("service-2"))


def _assert_census(services: list[str]) -> None:
    start = time.perf_counter()
    outcomes = walk(services)
    print(report(outcomes, time.perf_counter() - start))
    assert [outcome.service for outcome in outcomes] == services
    assert [(outcome.service, outcome.crash) for outcome in outcomes if outcome.crash] == []
    for outcome in outcomes:
        # A whole spec (which `build_spec` has run through `check`) or a refusal, never both.
        assert outcome.imported == (outcome.refusal is None), outcome
        if outcome.refusal is not None:
            subject = _SUBJECT.match(outcome.refusal)
            assert subject is not None, outcome.refusal
            assert subject["service"] == outcome.service
        # Every operation of a service imported is in its spec or left out with a reason.
        if outcome.imported:
            assert len(outcome.taken) + len(outcome.left_out) == outcome.operations, outcome
            assert all(outcome.left_out.values()), outcome
        else:
            # Refused for the service itself, or for every one of its operations.
            assert outcome.refusal is not None
            assert _OPERATION_LEVEL.match(outcome.refusal) is None, outcome.refusal
    imported = {outcome.service for outcome in outcomes if outcome.imported}
    assert {"bedrock", "cleanroomsml", "bedrock-runtime", "bedrock-agent"} <= imported
    # json, and smithy-rpc-v2-cbor that botocore speaks json to.
    assert {"bedrock-data-automation-runtime", "transcribe"} <= imported
    whole = {outcome.service for outcome in outcomes if outcome.imported and not outcome.left_out}
    assert {"bedrock", "cleanroomsml", *ML_ESTATE} <= whole
    # Blob payloads and event streams.
    assert {"bedrock-runtime", "bedrock-agent-runtime", "sagemaker-runtime"} <= whole
    # smithy-rpc-v2-cbor alone, and json with awsQueryCompatible.
    assert {"cloudwatchomni", "eventbridgev2", "partnercentral-marketing", "sqs"} <= whole
    assert "cloudwatch" in imported
    # Shapes with a `locationName` of their own (query, ec2), a `wrapper` structure (json),
    # `examples` and query request URIs other than /.
    assert {"elasticache", "memorydb", "importexport"} <= whole
    taken = {outcome.service: set(outcome.taken) for outcome in outcomes if outcome.imported}
    assert "DescribeInstanceTypes" in taken["ec2"]
    assert "PutMetricData" in taken["cloudwatch"]  # recorded: `request_compression`
    # rest-xml: Route 53 whole; S3 too, with its string payloads (the bucket policy).
    assert {"route53", "s3"} <= whole
    assert "s3control" in whole  # a response root named otherwise than its shape
    # A string payload both ways beside a map of every header.
    assert "dataexchange" in whole
    assert whole >= _RENAMED
    assert {"rbin", "kinesis", "pricing"} <= whole
    # Whole, with the pattern its IDs' lengths contradict left out.
    assert "apprunner" in whole
    patterns = {outcome.service: outcome.patterns_left_out for outcome in outcomes}
    assert list(patterns["apprunner"]) == ["ServiceId"]


def test_census_groups_refusals_by_what_is_unsupported() -> None:
    assert reason(
        "service amp: shape ListScrapersRequest member filters is bound to location 'querystring'"
    ) == ("service …: shape … member … is bound to location 'querystring'")
    assert reason("service x: shape A member b travels in the JSON body as 'c'") == (
        "service …: shape … member … travels in the JSON body as '…'"
    )
    assert reason("service x: protocol 'json' (every operation is a POST)") == (
        "service …: protocol 'json' (every operation is a POST)"
    )


def test_every_pattern_of_every_model_is_translated_or_refused_with_its_reason() -> None:
    census = pattern_census()
    print(pattern_report(census))
    assert (census.shapes, len(census.patterns)) == (10_093, 4_994)
    assert census.refused == {
        r"""$|^[0-9\p{IsAlphabetic}+:,.@'" -]*""": (
            "cannot be translated: \\p{IsAlphabetic} needs the Unicode property Alphabetic,"
            " which Python's unicodedata does not provide"
        ),
        r"""$|^[0-9\p{IsAlphabetic}+:,.@'" -][0-9\p{IsAlphabetic}+=:,.@'" -]*""": (
            "cannot be translated: \\p{IsAlphabetic} needs the Unicode property Alphabetic,"
            " which Python's unicodedata does not provide"
        ),
    }

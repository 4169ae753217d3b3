"""Section 2: response parsing, ours against pydantic and botocore's own parser."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import UTC, datetime
from typing import Any

import botocore.session
from botocore.parsers import create_parser
from pydantic import BaseModel

from benchmarks import fixtures, floor, report
from benchmarks.pydantic_models import response_model
from benchmarks.specs import BenchmarkError, ServiceSpec, generated_operations, spec_of
from benchmarks.timing import Candidate, Measurement, Settings, measure
from benchmarks.validation import botocore_service_name
from generator.naming import field_name

PAGE_SIZES = (1, 100, 1000)

DICT_CANDIDATES = (
    "ours from_dict",
    "pydantic model_validate",
    "pydantic model_validate, same objects",
    "hand-written unchecked",
)
WIRE_CANDIDATES = (
    "ours from_json",
    "pydantic model_validate_json",
    "pydantic model_validate_json, same objects",
    "botocore parser",
    "botocore parser + ours from_dict",
)


@dataclass(frozen=True, slots=True)
class Page:
    operation: str
    items: int
    body: bytes
    http_response: dict[str, Any]
    """What botocore's parser takes: status code, headers and the body."""
    boto3_dict: dict[str, Any]
    """What a boto3 client returns: botocore's parse, with a real call's ResponseMetadata."""


def _normalized(value: object) -> object:
    """Tuples as lists, None members dropped: to compare ours with pydantic's dump."""
    if isinstance(value, Mapping):
        return {key: _normalized(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_normalized(item) for item in value]
    if isinstance(value, datetime):
        return value.timestamp()
    return value


def run(
    specs: Mapping[str, ServiceSpec], settings: Settings
) -> dict[tuple[str, int], dict[str, Measurement]]:
    results: dict[tuple[str, int], dict[str, Measurement]] = {}
    for operation, (result_key, _build) in fixtures.PAGE_ITEMS.items():
        spec = spec_of(specs, operation)
        service_model = botocore.session.get_session().get_service_model(
            botocore_service_name(spec), api_version=spec.data["service"]["api_version"]
        )
        output_shape = service_model.operation_model(operation).output_shape
        parser = create_parser(service_model.protocol)
        registry = generated_operations(spec)[operation]
        if registry.response_type is None:
            raise BenchmarkError(f"{operation} has no response type to parse with")
        response_type: Any = registry.response_type
        check_response = registry.check_response
        model = response_model(spec, spec.output_shape(operation))
        same = response_model(spec, spec.output_shape(operation), same_objects=True)
        unchecked = floor.UNCHECKED_PAGES[operation]

        def botocore_parse(
            response: dict[str, Any], parser: Any = parser, shape: Any = output_shape
        ) -> object:
            return parser.parse(response, shape)

        def boto3_path(
            response: dict[str, Any],
            parser: Any = parser,
            shape: Any = output_shape,
            from_dict: Callable[[Any], object] = response_type.from_dict,
        ) -> object:
            return from_dict(parser.parse(response, shape))

        for items in PAGE_SIZES:
            body = fixtures.wire_page(operation, items)
            http_response = {"status_code": 200, "headers": {}, "body": body}
            boto3_dict = dict(botocore_parse(dict(http_response)))  # type: ignore[call-overload]
            boto3_dict["ResponseMetadata"] = fixtures.response_metadata(operation, body)
            page = Page(operation, items, body, http_response, boto3_dict)
            _sanity(page, result_key, response_type, check_response, model, boto3_path)
            _same_objects(page, result_key, response_type, same)
            if unchecked(boto3_dict) != response_type.from_dict(boto3_dict):
                raise BenchmarkError(f"{operation}: the hand-written from_dict differs from ours")
            print(f"  response parsing: {operation}, {items} item(s)", file=sys.stderr)
            dict_candidates = {
                "ours from_dict": Candidate(response_type.from_dict, boto3_dict),
                "pydantic model_validate": Candidate(model.model_validate, boto3_dict),
                "pydantic model_validate, same objects": Candidate(same.model_validate, boto3_dict),
                "hand-written unchecked": Candidate(unchecked, boto3_dict),
            }
            wire_candidates = {
                "ours from_json": Candidate(response_type.from_json, body),
                "pydantic model_validate_json": Candidate(model.model_validate_json, body),
                "pydantic model_validate_json, same objects": Candidate(
                    same.model_validate_json, body
                ),
                "botocore parser": Candidate(botocore_parse, http_response),
                "botocore parser + ours from_dict": Candidate(boto3_path, http_response),
            }
            results[(operation, items)] = {
                **measure(dict_candidates, settings),
                **measure(wire_candidates, settings),
            }
    return results


def _sanity(
    page: Page,
    result_key: str,
    response_type: Any,
    check_response: Callable[[object], list[Any]],
    model: type[BaseModel],
    boto3_path: Callable[[dict[str, Any]], object],
) -> None:
    """The page is valid by the spec, and every parser turns it into the same content."""
    where = f"{page.operation} page of {page.items}"
    for form, data in (("boto3 dict", page.boto3_dict), ("wire JSON", json.loads(page.body))):
        issues = check_response(data)
        if issues:
            raise BenchmarkError(f"{where}: the {form} breaks the spec: {issues[0]}")
    ours = response_type.from_dict(page.boto3_dict)
    if response_type.from_json(page.body) != ours:
        raise BenchmarkError(f"{where}: from_json and from_dict disagree")
    if boto3_path(dict(page.http_response)) != ours:
        raise BenchmarkError(f"{where}: from_dict of botocore's parse differs")
    theirs = model.model_validate(page.boto3_dict)
    if model.model_validate_json(page.body) != theirs:
        raise BenchmarkError(f"{where}: pydantic's model_validate and model_validate_json disagree")
    dumped_ours = _normalized(ours.to_dict())
    dumped_theirs = _normalized(theirs.model_dump(by_alias=True))
    if dumped_ours != dumped_theirs:
        raise BenchmarkError(f"{where}: ours and pydantic parse different content")
    counts = {
        "botocore": len(page.boto3_dict[result_key]),
        "ours": len(getattr(ours, field_name(result_key))),
        "pydantic": len(getattr(theirs, field_name(result_key))),
    }
    for name, count in counts.items():
        if count != page.items:
            raise BenchmarkError(f"{where}: {name} parsed {count} items")


def _same_objects(page: Page, result_key: str, response_type: Any, same: type[BaseModel]) -> None:
    """The same-objects models give every item member the value and the type ours does."""
    ours = getattr(response_type.from_dict(page.boto3_dict), field_name(result_key))
    for data in (same.model_validate(page.boto3_dict), same.model_validate_json(page.body)):
        theirs = getattr(data, field_name(result_key))
        for our_item, their_item in zip(ours, theirs, strict=True):
            for name in (field.name for field in fields(our_item)):
                mine, other = getattr(our_item, name), getattr(their_item, name)
                if is_dataclass(mine) or isinstance(mine, tuple):
                    continue  # nested structures: compared as content by _sanity
                if type(mine) is not type(other) or mine != other:
                    raise BenchmarkError(
                        f"{page.operation}: same-objects pydantic gives {other!r} for {name}, "
                        f"ours {mine!r}"
                    )
                if isinstance(mine, datetime) and (mine.tzinfo, other.tzinfo) != (UTC, UTC):
                    raise BenchmarkError(f"{page.operation}: {name} is not in UTC")


def _cells(measured: Mapping[str, Measurement], candidates: Sequence[str]) -> list[str]:
    """Ours (the first candidate), then each competitor compared with it."""
    ours = measured[candidates[0]].ops_per_second
    return [report.rate(ours)] + [
        report.compared(ours, measured[name].ops_per_second) for name in candidates[1:]
    ]


def render(results: Mapping[tuple[str, int], Mapping[str, Measurement]]) -> str:
    dict_rows = []
    wire_rows = []
    for (operation, items), measured in results.items():
        dict_rows.append([operation, str(items), *_cells(measured, DICT_CANDIDATES)])
        wire_rows.append([operation, str(items), *_cells(measured, WIRE_CANDIDATES)])
    return "\n\n".join(
        [
            "Pages built deterministically (seeded), every optional member set, valid by our "
            "strict `check_response`. ListTrainedModelInferenceJobs allows 100 items per page "
            "(maxResults); the 1000-item page is beyond what AWS sends, for scale. pydantic "
            "models are lax (pydantic's default mode): `datetime` fields, enums as `str` (as "
            "ours, output keeps enum values newer than the spec), tuples, frozen, snake_case "
            "fields aliased to the wire names, unknown members ignored. Before timing, ours "
            "(`from_dict`, `from_json`, botocore + `from_dict`) and pydantic (`model_validate`, "
            "`model_validate_json`) are checked to give the same content. The 'same objects' "
            "columns use models that return what ours returns (members of the generated enum "
            "classes, timestamps converted to UTC), checked member by member, type included. "
            "'hand-written unchecked' is the floor (`benchmarks/floor.py`): the same dataclasses "
            "built through their constructors, nothing checked, checked equal to ours (issue "
            "13: ours within 0.75x of pydantic's time, that is 1.33x its rate or more).",
            "Pages per second (higher is better); in parentheses, how many times as fast ours "
            "is. From the dict a boto3 client returns (datetimes already parsed by botocore, "
            "ResponseMetadata included) to typed objects:",
            report.table(
                ["operation", "items", *DICT_CANDIDATES],
                dict_rows,
                right=range(1, 2 + len(DICT_CANDIDATES)),
            ),
            "From the wire JSON body (bytes). botocore's parser yields plain dicts, unchecked; "
            "the last column is what a boto3 user of the generated package pays in all "
            "(botocore's parse, then `from_dict`):",
            report.table(["operation", "items", *WIRE_CANDIDATES], wire_rows, right=range(1, 7)),
            report.largest_spread(
                {f"{operation} {items} items": cell for (operation, items), cell in results.items()}
            ),
        ]
    )

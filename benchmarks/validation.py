"""Section 1: request validation, ours against botocore, jsonschema, fastjsonschema and pydantic."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import botocore.session
import fastjsonschema
import jsonschema
import pydantic
from botocore.exceptions import ParamValidationError
from botocore.validate import ParamValidator

from benchmarks import fixtures, floor, report, schemas
from benchmarks.pydantic_models import pattern_semantics, request_model
from benchmarks.specs import BenchmarkError, ServiceSpec, generated_operations, spec_of
from benchmarks.timing import Candidate, Measurement, Settings, measure
from generated.errors import RequestValidationError

LIBRARIES = ("ours", "hand-written", "botocore", "jsonschema", "fastjsonschema", "pydantic")
COMPETITORS = LIBRARIES[1:]


class JsonSchemaErrors(Exception):
    """Every error `jsonschema` found (it yields them; the generated validator reports all)."""

    def __init__(self, errors: list[jsonschema.ValidationError]) -> None:
        super().__init__(f"{len(errors)} error(s): {errors[0].message}")
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Check:
    """One library's validation of one operation's requests."""

    call: Callable[[Any], object]
    rejects_with: type[BaseException]
    issue_count: Callable[[Any], int]
    """How many issues the rejection reports."""

    def candidate(self, params: Mapping[str, Any]) -> Candidate:
        return Candidate(call=self.call, arg=params, expected=self.rejects_with)

    def outcome(self, params: Mapping[str, Any]) -> int:
        """0 if the request is accepted, else the number of issues reported."""
        try:
            self.call(params)
        except self.rejects_with as error:
            return max(self.issue_count(error), 1)
        return 0


def botocore_service_name(spec: ServiceSpec) -> str:
    source: str = spec.data["service"]["provenance"]["source"]
    return source.removeprefix("botocore ").split("/")[0] if "/" in source else spec.package


def build_checks(spec: ServiceSpec, operation: str) -> dict[str, Check]:
    """Every library's validator of `operation`, each built (compiled, loaded) once."""
    service_model = botocore.session.get_session().get_service_model(
        botocore_service_name(spec), api_version=spec.data["service"]["api_version"]
    )
    input_shape = service_model.operation_model(operation).input_shape
    param_validator = ParamValidator()

    def botocore_validate(params: Mapping[str, Any]) -> None:
        # What botocore.validate.validate_parameters does, with the validator built once.
        found = param_validator.validate(params, input_shape)
        if found.has_errors():
            raise ParamValidationError(report=found.generate_report())

    schema = schemas.json_schema(spec, spec.input_shape(operation))
    schema_validator = jsonschema.Draft202012Validator(schema)
    schema_validator.check_schema(schema)

    def jsonschema_validate(params: Mapping[str, Any]) -> None:
        errors = list(schema_validator.iter_errors(params))
        if errors:
            raise JsonSchemaErrors(errors)

    fast_validate = fastjsonschema.compile(schemas.with_draft(schema, schemas.DRAFT_07))
    model = request_model(spec, spec.input_shape(operation))
    return {
        "ours": Check(
            generated_operations(spec)[operation].validate_request,
            RequestValidationError,
            lambda error: len(error.issues),
        ),
        "hand-written": Check(
            floor.VALIDATORS[operation], floor.FloorInvalid, lambda error: len(error.issues)
        ),
        "botocore": Check(
            botocore_validate,
            ParamValidationError,
            lambda error: str(error.kwargs["report"]).count("\n") + 1,
        ),
        "jsonschema": Check(jsonschema_validate, JsonSchemaErrors, lambda error: len(error.errors)),
        "fastjsonschema": Check(
            fast_validate, fastjsonschema.JsonSchemaValueException, lambda _error: 1
        ),
        "pydantic": Check(
            model.model_validate, pydantic.ValidationError, lambda error: error.error_count()
        ),
    }


def _sanity(spec: ServiceSpec, operation: str, checks: Mapping[str, Check]) -> dict[str, int]:
    """Every library accepts the valid request and rejects the invalid one; issue counts."""
    valid = fixtures.VALID_REQUESTS[operation]
    input_members = set(spec.shape(spec.input_shape(operation)).get("members", {}))
    if set(valid) != input_members:
        raise BenchmarkError(
            f"{operation}: the valid request must set every member of the input; "
            f"missing {sorted(input_members - set(valid))}, extra {sorted(set(valid) - input_members)}"
        )
    invalid = fixtures.invalid_request(operation)
    counts: dict[str, int] = {}
    for library, check in checks.items():
        try:
            accepted = check.outcome(valid)
        except Exception as error:
            raise BenchmarkError(
                f"{library} crashed on the valid {operation} request: {error!r}"
            ) from error
        if accepted:
            raise BenchmarkError(f"{library} rejects the valid {operation} request")
        counts[library] = check.outcome(invalid)
        if not counts[library]:
            raise BenchmarkError(
                f"{library} accepts the invalid {operation} request "
                f"({fixtures.describe_changes(operation)}); it would be timed doing nothing"
            )
    return counts


def mutations(spec: ServiceSpec, operation: str) -> list[tuple[str, dict[str, Any]]]:
    """The valid request with one thing changed, for every member and rule of the input."""
    valid = fixtures.VALID_REQUESTS[operation]
    shape = spec.shape(spec.input_shape(operation))
    result: list[tuple[str, dict[str, Any]]] = [
        ("unknown member", {**valid, "unknownMember": 1}),
    ]
    for member in shape.get("required", ()):
        result.append(
            (f"{member}: missing (required)", {k: v for k, v in valid.items() if k != member})
        )
    for member, definition in shape.get("members", {}).items():
        target = spec.shape(definition["shape"])
        value = valid[member]
        changes: list[tuple[str, object]] = [("None", None)]
        kind = target["type"]
        if kind == "string":
            changes.append(("an int", 7))
            if "enum" in target:
                changes.append(("not an enum value", "NotAValue"))
            if "max" in target:
                longer = (value * (target["max"] // len(value) + 2))[: target["max"] + 1]
                changes.append(("one character over the maximum length", longer))
            if target.get("min", 0) > 0:
                changes.append(
                    ("one character under the minimum length", value[: target["min"] - 1])
                )
            if "pattern" in target:
                changes.append(("every character replaced by '!'", "!" * len(value)))
        elif kind == "integer":
            changes += [("a digit string", str(value)), ("True", True), ("a float", float(value))]
            if "min" in target:
                changes.append(("the minimum - 1", target["min"] - 1))
            if "max" in target:
                changes.append(("the maximum + 1", target["max"] + 1))
        elif kind == "boolean":
            changes += [("'true'", "true"), ("1", 1)]
        elif kind == "timestamp":
            changes += [
                ("'yesterday'", "yesterday"),
                ("ISO-8601 without a zone", "2024-01-01T00:00:00"),
                ("epoch seconds", 1704067200),
                ("True", True),
            ]
        for description, changed in changes:
            result.append((f"{member}: {description}", {**valid, member: changed}))
    return result


DATETIMES_CASE = "valid, datetime objects"


def _datetimes(spec: ServiceSpec, operation: str) -> dict[str, Any] | None:
    """The valid request with its timestamps as aware datetimes (as boto3 users pass them)."""
    members = spec.shape(spec.input_shape(operation)).get("members", {})
    valid = fixtures.VALID_REQUESTS[operation]
    stamps = [m for m, d in members.items() if spec.shape(d["shape"])["type"] == "timestamp"]
    if not stamps:
        return None
    return {**valid, **{member: datetime.fromisoformat(valid[member]) for member in stamps}}


@dataclass(frozen=True, slots=True)
class ValidationResults:
    timings: dict[tuple[str, str], dict[str, Measurement]]  # (operation, case) -> library
    issue_counts: dict[str, dict[str, int]]  # operation -> library -> issues on the invalid one
    agreement: dict[str, tuple[int, int]]  # library -> (agrees with ours, mutations)
    rejected: dict[str, int]  # library -> mutations rejected
    disagreements: dict[tuple[str, str, str], list[str]]
    """(library, accepts/rejects, change) -> the operation.member it happened for."""


def run(specs: Mapping[str, ServiceSpec], settings: Settings) -> ValidationResults:
    timings: dict[tuple[str, str], dict[str, Measurement]] = {}
    issue_counts: dict[str, dict[str, int]] = {}
    agreement = dict.fromkeys(LIBRARIES, (0, 0))
    rejected = dict.fromkeys(LIBRARIES, 0)
    disagreements: dict[tuple[str, str, str], list[str]] = {}
    for operation in fixtures.VALID_REQUESTS:
        spec = spec_of(specs, operation)
        checks = build_checks(spec, operation)
        issue_counts[operation] = _sanity(spec, operation, checks)
        for description, params in mutations(spec, operation):
            outcomes = {library: bool(check.outcome(params)) for library, check in checks.items()}
            for library, outcome in outcomes.items():
                agrees, total = agreement[library]
                agreement[library] = (agrees + (outcome == outcomes["ours"]), total + 1)
                rejected[library] += outcome
                if outcome != outcomes["ours"]:
                    verdict = "rejects" if outcome else "accepts"
                    member, _, change = description.rpartition(": ")
                    where = f"{operation}.{member}" if member else operation
                    disagreements.setdefault((library, verdict, change), []).append(where)
        for case, params in (
            ("valid", fixtures.VALID_REQUESTS[operation]),
            ("invalid", fixtures.invalid_request(operation)),
        ):
            print(f"  request validation: {operation} ({case})", file=sys.stderr)
            timings[(operation, case)] = measure(
                {library: check.candidate(params) for library, check in checks.items()}, settings
            )
        with_datetimes = _datetimes(spec, operation)
        if with_datetimes is not None:
            # JSON Schema has no datetime: only the libraries that take Python objects.
            native = {
                name: checks[name] for name in ("ours", "hand-written", "botocore", "pydantic")
            }
            for library, check in native.items():
                if check.outcome(with_datetimes):
                    raise BenchmarkError(f"{library} rejects {operation} with datetime objects")
            print(f"  request validation: {operation} (valid, datetimes)", file=sys.stderr)
            timings[(operation, DATETIMES_CASE)] = measure(
                {library: check.candidate(with_datetimes) for library, check in native.items()},
                settings,
            )
    return ValidationResults(timings, issue_counts, agreement, rejected, disagreements)


def render(results: ValidationResults) -> str:
    rows = []
    for (operation, case), measured in results.timings.items():
        ours = measured["ours"].ops_per_second
        row = [operation, case, report.rate(ours)]
        for library in COMPETITORS:
            if library not in measured:
                row.append("-")
                continue
            row.append(report.compared(ours, measured[library].ops_per_second))
        rows.append(row)
    timing_table = report.table(
        ["operation", "request", *LIBRARIES], rows, right=range(2, 2 + len(LIBRARIES))
    )
    count_rows = [
        [operation, fixtures.describe_changes(operation)]
        + [str(counts[library]) for library in LIBRARIES]
        for operation, counts in results.issue_counts.items()
    ]
    counts_table = report.table(
        ["operation", "invalid request", *LIBRARIES], count_rows, right=range(2, 2 + len(LIBRARIES))
    )
    agreement_rows = [
        [library, f"{results.rejected[library]} / {total}", f"{agrees} / {total}"]
        for library, (agrees, total) in results.agreement.items()
    ]
    agreement_table = report.table(
        ["library", "mutations rejected", "same verdict as ours"], agreement_rows, right=(1, 2)
    )
    listed = "\n".join(
        f"- {library} {verdict} {change}: "
        + ", ".join(
            f"{member} ({count} operation{'s' if count > 1 else ''})"
            for member, count in Counter(place.partition(".")[2] or "-" for place in places).items()
        )
        for (library, verdict, change), places in sorted(results.disagreements.items())
    )
    setup = "\n".join(
        [
            "Each library validates the same dict (the boto3 keyword arguments; timestamps as "
            "ISO-8601 text, the one form all accept), and everything is built once:",
            "",
            "- ours: `OPERATIONS[name].validate_request(params)`, raising "
            "`RequestValidationError` with every issue;",
            "- hand-written: the floor, `benchmarks/floor.py`: each operation's rules checked "
            "member by member in straight-line Python, every problem collected and raised "
            "as `FloorInvalid` (issue 13: ours within 1.2x of it, a ratio of 0.83x or more);",
            "- botocore: `ParamValidator().validate(params, operation_model.input_shape)`, "
            "raising `ParamValidationError` when the report has errors (what "
            "`botocore.validate.validate_parameters` does); it checks types, required, unknown "
            "and minimums only;",
            "- jsonschema: `Draft202012Validator` of a schema derived from the spec data, "
            "`iter_errors` drained (every error, as ours) and raised when any;",
            "- fastjsonschema: `fastjsonschema.compile` of the same schema declared as draft-07 "
            "(it implements drafts 4, 6 and 7; the keywords used mean the same there); stops at "
            "the first error;",
            "- pydantic: `Model.model_validate(params)` of a strict model built with "
            "`create_model` (`strict=True`, `extra='forbid'`, `StringConstraints`, `Literal`, "
            "`conint(strict=True)`), timestamps lax (strict datetimes take no text), "
            "`regex_engine='python-re'` (the Rust engine cannot compile NameString's lookahead). "
            f"pydantic's pattern semantics, tried live: {pattern_semantics()}.",
        ]
    )
    return "\n\n".join(
        [
            setup,
            "Operations per second (higher is better); in parentheses, how many times as fast "
            "ours is as that library (below 1x means ours is slower). The rows "
            f"'{DATETIMES_CASE}' pass the timestamps as aware `datetime`s instead of text, as "
            "boto3 users usually do (JSON Schema libraries cannot take them).",
            timing_table,
            report.largest_spread(
                {f"{operation} {case}": cell for (operation, case), cell in results.timings.items()}
            ),
            "Issues reported on the invalid request (every library must report at least one "
            "before it is timed; fastjsonschema stops at the first by design; jsonschema's "
            "`iter_errors` is drained to report them all, as the others do):",
            counts_table,
            "Equivalence check, untimed: the valid requests with one member changed (wrong "
            "type, None, out of range, too long or short, not an enum value, not a pattern "
            "match, not a timestamp, plus an unknown and each missing required member):",
            agreement_table,
            "Verdicts that differ from ours, by change (how many times, where):",
            listed or "- none",
        ]
    )

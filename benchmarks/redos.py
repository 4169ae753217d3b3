"""Section 4: a ReDoS check of the generated validators (a report, not a test).

For every string shape with a `pattern` and a `max` length, the generated validator of the first
request or response member of that shape is run on adversarial strings no longer than the
maximum: runs of every character the pattern mentions (literals, range ends, class
representatives) ended by a character that breaks the match; pairs of them (the `a-a-a-...!`
shape of nested quantifiers, and `"a" + "-" * 24 + "!"` itself); and valid prefixes of a real
value (`sample`, from `benchmarks.fixtures.SHAPE_SAMPLES`) followed by such runs, or repeated.
Each input is timed once; the slowest few are timed again (best of 5), and the worst is
reported. Over 50 ms is flagged. A validator that raises anything else than its rejection stops
the run: that is a bug of the generated code, not a timing.
"""

from __future__ import annotations

import importlib
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from benchmarks import fixtures, report
from benchmarks.specs import (
    BenchmarkError,
    MemberSite,
    ServiceSpec,
    first_site,
    generated_operations,
)
from generated.errors import RequestValidationError
from generated.operations import Operation

FLAG_SECONDS = 0.050
BUDGET_SECONDS = 5.0  # per shape; inputs beyond it are skipped and the row says so
RETIME = 5  # the slowest inputs are timed again this many times, best kept
JOB_NAME_CASE = "a" + "-" * 24 + "!"

# `re._parser` (sre_parse) has no public typing; it is only read here.
_sre: Any = importlib.import_module("re._parser")

_EXTRA_BREAKERS = ("!", " ", "\n", "\t", "\x00", "~", ":", "/", ".", "-", "_", "é", "\uffff")
_SHORT_BREAKERS = ("!", " ", "\x00")
_CATEGORY_SAMPLES: dict[Any, tuple[str, ...]] = {
    _sre.CATEGORY_DIGIT: ("0", "9"),
    _sre.CATEGORY_NOT_DIGIT: ("a", " "),
    _sre.CATEGORY_SPACE: (" ", "\t", "\n"),
    _sre.CATEGORY_NOT_SPACE: ("a", "!"),
    _sre.CATEGORY_WORD: ("a", "Z", "0", "_"),
    _sre.CATEGORY_NOT_WORD: ("!", " ", "-"),
}


def pattern_chars(pattern: str) -> list[str]:
    """A representative of every character class and literal the pattern mentions."""
    found: dict[str, None] = {}

    def walk(items: Any) -> None:
        for op, value in items:
            if op in (_sre.LITERAL, _sre.NOT_LITERAL):
                found[chr(value)] = None
            elif op is _sre.ANY:
                found["a"] = None
                found["\n"] = None
            elif op is _sre.IN:
                for inner_op, inner in value:
                    if inner_op is _sre.LITERAL:
                        found[chr(inner)] = None
                    elif inner_op is _sre.RANGE:
                        found[chr(inner[0])] = None
                        found[chr(inner[1])] = None
                    elif inner_op is _sre.CATEGORY:
                        found.update(dict.fromkeys(_CATEGORY_SAMPLES.get(inner, ())))
            elif op is _sre.SUBPATTERN:
                walk(value[-1])
            elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
                walk(value[2])
            elif op is _sre.BRANCH:
                for branch in value[1]:
                    walk(branch)
            elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
                walk(value[1])
            elif op is _sre.ATOMIC_GROUP:
                walk(value)

    walk(_sre.parse(pattern))
    return list(found)


def adversarial_inputs(
    pattern: str, max_length: int, sample: str | None
) -> Iterator[tuple[str, str]]:
    """Strings of at most `max_length` characters, each with a Python expression describing it
    (`sample` is a valid value of the shape); most suspicious families first."""
    chars = pattern_chars(pattern)
    breakers = list(dict.fromkeys([*chars, *_EXTRA_BREAKERS]))
    length = max_length
    if len(JOB_NAME_CASE) <= length:
        yield JOB_NAME_CASE, "'a' + '-' * 24 + '!'"
    for first in chars:
        for second in chars:
            if first != second:
                for breaker in _SHORT_BREAKERS:
                    yield (
                        first + second * (length - 2) + breaker,
                        f"{first!r} + {second!r} * {length - 2} + {breaker!r}",
                    )
                    yield (
                        ((first + second) * length)[: length - 1] + breaker,
                        f"({first + second!r} * {length})[:{length - 1}] + {breaker!r}",
                    )
    for char in chars:
        yield char * length, f"{char!r} * {length}"
        for breaker in breakers:
            yield char * (length - 1) + breaker, f"{char!r} * {length - 1} + {breaker!r}"
    if sample:
        cuts = sorted({len(sample)} | {i + 1 for i, c in enumerate(sample) if not c.isalnum()})
        for cut in cuts:
            cut = min(cut, length - 1)
            prefix = sample[:cut]
            for breaker in _SHORT_BREAKERS:
                yield (
                    (prefix * length)[: length - 1] + breaker,
                    f"(sample[:{cut}] * {length})[:{length - 1}] + {breaker!r}",
                )
                for char in chars:
                    run = length - len(prefix) - 1
                    yield (
                        prefix + char * run + breaker,
                        f"sample[:{cut}] + {char!r} * {run} + {breaker!r}",
                    )


@dataclass(frozen=True, slots=True)
class ShapeResult:
    package: str
    shape: str
    max_length: int
    site: str
    inputs: int
    budget_hit: bool
    median: float
    worst: float
    worst_input: str
    worst_description: str


@dataclass(frozen=True, slots=True)
class RedosResults:
    shapes: list[ShapeResult]
    skipped: list[tuple[str, str, str]]  # package, shape, reason
    fullmatch_demo: tuple[str, list[tuple[int, float]]] | None  # JobName: pattern, timings
    over_length: tuple[str, int, float] | None  # shape, length, seconds


def _validator(operation: Operation, site: MemberSite) -> Callable[[dict[str, Any]], object]:
    if site.direction == "request":
        validate = operation.validate_request

        def call(document: dict[str, Any]) -> object:
            try:
                validate(document)
            except RequestValidationError as error:
                return error.issues
            return ()

        return call
    return operation.check_response


def _path_text(site: MemberSite) -> str:
    return site.describe().split(" ", 2)[2]


def _check_reached(call: Callable[[dict[str, Any]], object], site: MemberSite) -> None:
    """The validator does look at the member: a wrong type there is reported at its path."""
    issues = call(site.document(12345))
    if not isinstance(issues, list | tuple) or not any(
        getattr(issue, "rule", None) == "type" and getattr(issue, "path", None) == _path_text(site)
        for issue in issues
    ):
        raise BenchmarkError(f"{site.describe()}: the validator does not report a wrong type there")


def _time_once(call: Callable[[dict[str, Any]], object], document: dict[str, Any]) -> float:
    start = time.perf_counter()
    try:
        call(document)
    except Exception as error:
        raise BenchmarkError(
            f"the validator crashed on {str(document)[:200]}: {error!r}"
        ) from error
    return time.perf_counter() - start


def check_shape(
    spec: ServiceSpec, name: str, operations: Mapping[str, Operation]
) -> ShapeResult | str:
    """The row of one shape, or why it is not checked."""
    shape = spec.shape(name)
    site = first_site(spec, name)
    if site is None:
        return "not used by any operation"
    call = _validator(operations[site.operation], site)
    _check_reached(call, site)
    inputs: dict[str, str] = {}
    for text, description in adversarial_inputs(shape["pattern"], shape["max"], _sample(name)):
        inputs.setdefault(text, description)
    timed: list[tuple[float, str]] = []
    started = time.perf_counter()
    budget_hit = False
    for text in inputs:
        if time.perf_counter() - started > BUDGET_SECONDS:
            budget_hit = True
            break
        timed.append((_time_once(call, site.document(text)), text))
    timed.sort(reverse=True)
    worst, worst_input = 0.0, ""
    for _, text in timed[:5]:
        document = site.document(text)
        best = min(_time_once(call, document) for _ in range(RETIME))
        if best > worst:
            worst, worst_input = best, text
    return ShapeResult(
        package=spec.package,
        shape=name,
        max_length=shape["max"],
        site=site.describe(),
        inputs=len(timed),
        budget_hit=budget_hit,
        median=statistics.median(seconds for seconds, _ in timed),
        worst=worst,
        worst_input=worst_input,
        worst_description=inputs[worst_input],
    )


def _sample(name: str) -> str | None:
    return fixtures.SHAPE_SAMPLES.get(name)


def _fullmatch_demo(specs: Mapping[str, ServiceSpec]) -> tuple[str, list[tuple[int, float]]] | None:
    """What the spec's `search` rule avoids: JobName's pattern as a fullmatch, growing input."""
    for spec in specs.values():
        shape = spec.shapes.get("JobName")
        if shape and "pattern" in shape:
            compiled = re.compile(shape["pattern"])
            result: list[tuple[int, float]] = []
            for dashes in (12, 14, 16, 18, 20):
                start = time.perf_counter()
                compiled.fullmatch("a" + "-" * dashes + "!")
                result.append((dashes, time.perf_counter() - start))
            return shape["pattern"], result
    return None


def _over_length(
    worst: ShapeResult, specs: Mapping[str, ServiceSpec], operations: Mapping[str, Operation]
) -> tuple[str, int, float]:
    """The worst input repeated to 10 times the maximum length, through the same validator."""
    stretched = worst.worst_input * 10
    site = first_site(specs[worst.package], worst.shape)
    if site is None:
        raise BenchmarkError(f"{worst.shape}: no site")
    call = _validator(operations[site.operation], site)
    document = site.document(stretched)
    return worst.shape, len(stretched), min(_time_once(call, document) for _ in range(RETIME))


def run(specs: Mapping[str, ServiceSpec]) -> RedosResults:
    operations = {spec.package: generated_operations(spec) for spec in specs.values()}
    shapes: list[ShapeResult] = []
    skipped: list[tuple[str, str, str]] = []
    for spec in specs.values():
        for name, shape in sorted(spec.shapes.items()):
            if shape["type"] != "string" or "pattern" not in shape:
                continue
            if "max" not in shape:
                skipped.append((spec.package, name, "no max length"))
                continue
            print(f"  ReDoS check: {spec.package} {name}", file=sys.stderr)
            outcome = check_shape(spec, name, operations[spec.package])
            if isinstance(outcome, str):
                skipped.append((spec.package, name, outcome))
            else:
                shapes.append(outcome)
    over_length = None
    if shapes:
        worst = max(shapes, key=lambda result: result.worst)
        over_length = _over_length(worst, specs, operations[worst.package])
    return RedosResults(shapes, skipped, _fullmatch_demo(specs), over_length)


def render(results: RedosResults) -> str:
    rows = [
        [
            result.package,
            result.shape,
            str(result.max_length),
            f"{result.inputs:,}" + (" (budget hit)" if result.budget_hit else ""),
            report.duration(result.median),
            report.duration(result.worst),
            "**SLOW**" if result.worst > FLAG_SECONDS else "ok",
            f"`{result.worst_description}`",
            result.site,
        ]
        for result in results.shapes
    ]
    flagged = [result for result in results.shapes if result.worst > FLAG_SECONDS]
    parts = [
        "Per shape: adversarial inputs tried, the median of their single timings, and the "
        f"worst (the 5 slowest re-timed, best of {RETIME}); flagged over "
        f"{FLAG_SECONDS * 1000:.0f} ms. In the inputs, `sample` is a valid value of the shape "
        "(`benchmarks/fixtures.py`).",
        report.table(
            [
                "service",
                "shape",
                "max",
                "inputs",
                "median",
                "worst",
                "flag",
                "worst input",
                "validator called (first use of the shape)",
            ],
            rows,
            right=range(2, 6),
        ),
        (
            f"**{len(flagged)} shape(s) over {FLAG_SECONDS * 1000:.0f} ms**: "
            + ", ".join(result.shape for result in flagged)
            if flagged
            else f"No shape over {FLAG_SECONDS * 1000:.0f} ms."
        ),
    ]
    if results.skipped:
        parts.append(
            "Not checked: "
            + "; ".join(
                f"{package} {shape} ({reason})" for package, shape, reason in results.skipped
            )
            + "."
        )
    if results.over_length:
        shape, length, seconds = results.over_length
        parts.append(
            "The validators search the pattern even when the length check has already failed: "
            f"the worst {shape} input repeated to {length:,} characters (10x its maximum) takes "
            f"{report.duration(seconds)}. Linear here, but the length does not bound the cost."
        )
    if results.fullmatch_demo:
        pattern, timings = results.fullmatch_demo
        steps = ", ".join(
            f"{dashes} dashes {report.duration(seconds)}" for dashes, seconds in timings
        )
        parts.append(
            f"What `pattern_match: search` avoids: JobName's pattern `{pattern}` applied as a "
            "fullmatch (bare `re`, not our validator) to "
            f"`'a' + '-' * n + '!'` backtracks exponentially: {steps}. Under `search` the same "
            "inputs match at once (the `(...)*` may stop anywhere)."
        )
    return "\n\n".join(parts)

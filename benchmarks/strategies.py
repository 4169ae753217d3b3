"""Section 5: generating valid requests, the generated Hypothesis strategies against
hypothesis-jsonschema's `from_schema` of the same request's JSON Schema.

Every candidate strategy runs through the same Hypothesis machinery: a `@given(strategy)` test
whose body only records its argument, under `settings(max_examples=N, database=None,
derandomize=True, deadline=None, suppress_health_check=list(HealthCheck),
phases=[Phase.generate])`. A run's wall time is timed and examples per second are the examples
the body received over it. Derandomized, every run of a candidate draws the same examples, so
the untimed checks (our validator's verdict, example size) look at exactly the examples timed.
"""

from __future__ import annotations

import importlib
import re
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from benchmarks import fixtures, report, schemas
from benchmarks.specs import (
    BenchmarkError,
    ServiceSpec,
    first_site,
    generated_operations,
    spec_of,
)
from benchmarks.timing import Measurement, measure_runs
from generated.errors import RequestValidationError
from generated.operations import Operation
from generator.naming import module_name

NAME_STRING_EXAMPLES = 20
CANDIDATES = ("ours", "hypothesis-jsonschema", "hypothesis-jsonschema per member")
COMPETITORS = CANDIDATES[1:]


@dataclass(frozen=True, slots=True)
class Runs:
    examples: int
    """`max_examples` of every run."""
    repeats: int
    """Timed runs per strategy; the median is reported."""


# hypothesis-jsonschema draws some requests at 15 to 35 a second: 50 examples keep the section
# within a minute (a run's fixed cost is about 1 ms, so the rate does not depend on it).
FULL = Runs(examples=50, repeats=5)
QUICK = Runs(examples=20, repeats=3)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One candidate on one operation: timed, or the reason it could not be."""

    measurement: Measurement | None = None
    failure: str | None = None
    """The exception type, the first line of its message and the function that raised it."""


@dataclass(frozen=True, slots=True)
class Sample:
    """The untimed checks of the examples one candidate drew for one operation."""

    accepted: int
    examples: int
    members: float
    """Members present, mean per example."""
    text_length: float | None
    """Characters per string member (timestamps excluded), mean; None without any."""
    rejections: Counter[str]
    """`member: rule` of the issues our validator reported, counted."""


@dataclass(frozen=True, slots=True)
class StrategyResults:
    runs: Runs
    outcomes: dict[str, dict[str, Outcome]]  # operation -> candidate
    samples: dict[str, dict[str, Sample]]  # operation -> candidate (those that ran)
    name_string: tuple[str, dict[str, str]] | None
    """Where NameString is first used, and what each strategy of its pattern did."""
    patterns: dict[str, dict[str, Measurement]]  # `service: CONSTANT` -> candidate


def _runner(strategy: st.SearchStrategy[Any], examples: int) -> tuple[Callable[[], int], list[Any]]:
    """A run of `strategy` through @given, returning how many examples the body received; and
    the list that holds the examples of the latest run."""
    drawn: list[Any] = []

    @settings(
        max_examples=examples,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],
    )
    @given(strategy)
    def test(params: Any) -> None:
        drawn.append(params)

    def run() -> int:
        drawn.clear()
        test()
        return len(drawn)

    return run, drawn


def _failure(error: Exception) -> str:
    message = str(error).splitlines()[0] if str(error) else ""
    if len(message) > 80:
        message = message[:77] + "..."
    where = traceback.extract_tb(error.__traceback__)[-1].name
    return f"{type(error).__name__}: {message} (in `{where}`)"


def _per_member(schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    """hypothesis-jsonschema's strategy of each member, put together as ours are."""
    required = set(schema.get("required", ()))
    members = {name: from_schema(member) for name, member in schema["properties"].items()}
    return st.fixed_dictionaries(
        {name: strategy for name, strategy in members.items() if name in required},
        optional={name: strategy for name, strategy in members.items() if name not in required},
    )


def _candidates(spec: ServiceSpec, operation: str) -> dict[str, Callable[[], Any]]:
    """Each candidate's strategy, built when called (hypothesis-jsonschema may fail there)."""
    schema = schemas.json_schema(spec, spec.input_shape(operation))
    return {
        "ours": generated_operations(spec)[operation].strategies.requests,
        "hypothesis-jsonschema": lambda: from_schema(schema),
        "hypothesis-jsonschema per member": lambda: _per_member(schema),
    }


def _check(spec: ServiceSpec, operation: Operation, examples: list[Any]) -> Sample:
    members = spec.shape(spec.input_shape(operation.name)).get("members", {})
    strings = {m for m, d in members.items() if spec.shape(d["shape"])["type"] == "string"}
    rejections: Counter[str] = Counter()
    accepted = 0
    lengths: list[int] = []
    for params in examples:
        try:
            operation.validate_request(params)
            accepted += 1
        except RequestValidationError as error:
            rejections.update(f"{issue.path}: {issue.rule}" for issue in error.issues)
        lengths += [len(value) for key, value in params.items() if key in strings]
    return Sample(
        accepted=accepted,
        examples=len(examples),
        members=sum(len(params) for params in examples) / len(examples),
        text_length=sum(lengths) / len(lengths) if lengths else None,
        rejections=rejections,
    )


def _name_string(specs: Mapping[str, ServiceSpec]) -> tuple[str, dict[str, str]] | None:
    """The claim that NameString's pattern defeats `from_regex` with its default alphabet, and
    so hypothesis-jsonschema, tried on the installed versions."""
    spec = next((spec for spec in specs.values() if "NameString" in spec.shapes), None)
    if spec is None:
        return None
    pattern = spec.shape("NameString")["pattern"]
    schema = schemas.json_schema(spec, "NameString")
    tries: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
        "from_regex(pattern, fullmatch=True)": lambda: st.from_regex(pattern, fullmatch=True),
        "from_schema(schema)": lambda: from_schema(schema),
    }
    outcomes: dict[str, str] = {}
    for name, build in tries.items():
        try:
            run, drawn = _runner(build(), NAME_STRING_EXAMPLES)
            run()
            outcomes[name] = f"ok, e.g. {drawn[-1]!r}"
        except Exception as error:
            outcomes[name] = f"fails: {_failure(error)}"
    site = first_site(spec, "NameString")
    return (site.describe() if site else "no operation"), outcomes


PATTERN_CANDIDATES = ("ours", "from_regex")
# Strings are cheap to draw: more examples per run than whole requests, for steadier timings.
PATTERN_EXAMPLES_FACTOR = 4


def _pattern_strategies(
    spec: ServiceSpec,
) -> dict[str, tuple[re.Pattern[str], dict[str, st.SearchStrategy[str]]]]:
    """Per pattern constant of the generated package: the pattern, its `_MATCHES` strategy, and
    `from_regex` of the pattern with the UTF-8 alphabet (what a user would write instead)."""
    package = f"generated.{module_name(spec.package)}"
    generated = importlib.import_module(f"{package}.strategies")
    patterns = importlib.import_module(f"{package}.patterns")
    found = {}
    for name in sorted(vars(generated)):
        if name.endswith("_MATCHES"):
            pattern: re.Pattern[str] = getattr(patterns, name.removesuffix("_MATCHES") + "_PATTERN")
            regex = st.from_regex(pattern, fullmatch=True, alphabet=st.characters(codec="utf-8"))
            found[f"{spec.package}: {name}"] = (
                pattern,
                {"ours": getattr(generated, name), "from_regex": regex},
            )
    return found


def _run_patterns(
    specs: Mapping[str, ServiceSpec], runs: Runs
) -> dict[str, dict[str, Measurement]]:
    measured: dict[str, dict[str, Measurement]] = {}
    for spec in specs.values():
        for label, (pattern, candidates) in _pattern_strategies(spec).items():
            timed: dict[str, Callable[[], int]] = {}
            for name, strategy in candidates.items():
                timed[name], drawn = _runner(strategy, runs.examples * PATTERN_EXAMPLES_FACTOR)
                timed[name]()  # warm-up, whose examples are checked
                if not all(pattern.fullmatch(text) for text in drawn):
                    raise BenchmarkError(f"{label}: {name} drew a string that is no whole match")
            measured[label] = measure_runs(timed, runs.repeats)
        print(f"  strategies: patterns of {spec.package}", file=sys.stderr)
    return measured


def run(specs: Mapping[str, ServiceSpec], runs: Runs) -> StrategyResults:
    outcomes: dict[str, dict[str, Outcome]] = {}
    samples: dict[str, dict[str, Sample]] = {}
    for operation in fixtures.VALID_REQUESTS:
        spec = spec_of(specs, operation)
        timed: dict[str, Callable[[], int]] = {}
        drawn: dict[str, list[Any]] = {}
        failures: dict[str, Outcome] = {}
        for name, build in _candidates(spec, operation).items():
            try:
                candidate_run, candidate_drawn = _runner(build(), runs.examples)
                candidate_run()  # warm-up: strategies build lazily; its examples are checked
            except Exception as error:
                if name == "ours":
                    raise
                failures[name] = Outcome(failure=_failure(error))
                continue
            timed[name], drawn[name] = candidate_run, candidate_drawn
        registry = generated_operations(spec)[operation]
        samples[operation] = {name: _check(spec, registry, drawn[name]) for name in timed}
        print(f"  strategies: {operation}", file=sys.stderr)
        measured = measure_runs(timed, runs.repeats)
        outcomes[operation] = {
            name: failures.get(name) or Outcome(measurement=measured[name]) for name in CANDIDATES
        }
    return StrategyResults(runs, outcomes, samples, _name_string(specs), _run_patterns(specs, runs))


def _cell(ours: float, outcome: Outcome) -> str:
    if outcome.measurement is None:
        return f"fails: {outcome.failure}"
    return report.compared(ours, outcome.measurement.ops_per_second)


def render(results: StrategyResults) -> str:
    rows = []
    timed: dict[str, dict[str, Measurement]] = {}
    for operation, outcomes in results.outcomes.items():
        timed[operation] = {
            name: outcome.measurement
            for name, outcome in outcomes.items()
            if outcome.measurement is not None
        }
        ours = timed[operation]["ours"].ops_per_second
        rows.append(
            [operation, report.rate(ours)] + [_cell(ours, outcomes[name]) for name in COMPETITORS]
        )
    sample_rows = [
        [
            operation,
            name,
            f"{sample.accepted} / {sample.examples}",
            f"{sample.members:.1f}",
            "-" if sample.text_length is None else f"{sample.text_length:.1f}",
        ]
        for operation, by_candidate in results.samples.items()
        for name, sample in by_candidate.items()
    ]
    rejections = "\n".join(
        f"- {operation}, {name}: "
        + ", ".join(f"{what} ({count})" for what, count in sample.rejections.most_common())
        for operation, by_candidate in results.samples.items()
        for name, sample in by_candidate.items()
        if sample.rejections
    )
    parts = [
        "Examples per second of valid request keyword arguments, each strategy run by the same "
        f"`@given` test: {results.runs.examples} examples per run (`max_examples`), no database, "
        "derandomized (every run draws the same examples), no deadline, health checks "
        "suppressed, generate phase only; the body only records the example. The wall time of "
        "whole runs (Hypothesis's engine included; garbage collector off, as timeit, after a collection) is timed after one "
        f"untimed run; {results.runs.repeats} runs per strategy, interleaved across the strategies "
        "of an operation; median run reported.",
        "\n".join(
            [
                "- ours: `OPERATIONS[name].strategies.requests()` (timestamps as aware "
                "`datetime`s);",
                "- hypothesis-jsonschema: `from_schema(schema)` of the request's JSON Schema, the "
                "one section 1 validates with (timestamps as ISO-8601 text by a pattern, or "
                "numbers; patterns unanchored, as the spec's `pattern_match: search`);",
                "- hypothesis-jsonschema per member: `from_schema` of each member's schema, put "
                "together by `st.fixed_dictionaries(required, optional=...)` as ours are. Not "
                "what a user of hypothesis-jsonschema gets: it leaves out its object strategy "
                "(which draws member names and checks the object's keywords as it goes), so it "
                "is likely faster; it measures the member values alone, and stands in where "
                "`from_schema` fails.",
            ]
        ),
        "Examples per second (higher is better); in parentheses, how many times as fast ours "
        "is (below 1x means ours is slower). A strategy that raised shows the exception, the "
        "first line of its message and the function that raised it.",
        report.table(["operation", *CANDIDATES], rows, right=range(1, 4)),
        report.largest_spread(timed),
        "Like for like, untimed, on the examples timed: how many our validator "
        "(`validate_request`) accepts, and per example the members present and the characters "
        "per string member (timestamps excluded), means.",
        report.table(
            ["operation", "strategy", "accepted by ours", "members", "string length"],
            sample_rows,
            right=(2, 3, 4),
        ),
        "What our validator reported on the examples it rejected (member: rule, count):",
        rejections or "- none",
    ]
    pattern_rows = []
    for label, measured in results.patterns.items():
        ours = measured["ours"].ops_per_second
        pattern_rows.append(
            [label, report.rate(ours), report.compared(ours, measured["from_regex"].ops_per_second)]
        )
    parts += [
        "Strings of each pattern, the same way: the generated `X_MATCHES` strategy (translated "
        "from the pattern at generation time; `from_regex` where it could not be) against "
        "`st.from_regex(X_PATTERN, fullmatch=True, alphabet=st.characters(codec='utf-8'))`, "
        f"{results.runs.examples * PATTERN_EXAMPLES_FACTOR} examples per run; every example "
        "of the untimed run is checked to be a whole match.",
        report.table(["pattern", *PATTERN_CANDIDATES], pattern_rows, right=(1, 2)),
        report.largest_spread(results.patterns),
    ]
    if results.name_string:
        site, tried = results.name_string
        parts.append(
            "Clean Rooms ML's NameString pattern, said to defeat `from_regex` with its default "
            f"alphabet and so hypothesis-jsonschema (first used by {site}), tried live with "
            f"{NAME_STRING_EXAMPLES} examples: "
            + "; ".join(f"`{name}` {outcome}" for name, outcome in tried.items())
            + "."
        )
    return "\n\n".join(parts)

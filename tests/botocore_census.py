"""Every service of the installed botocore imported whole, as `import-botocore SERVICE --all`
does, and what became of each: a spec that passes `check`, or a refusal saying why.

    python -m tests.botocore_census

prints how many services import whole, the refusals grouped by reason (names of services,
shapes, operations and members left out), and how long the walk took; then the census of
patterns: every pattern of every model, translated for Python's `re` or refused with its reason.
tests/test_botocore_census.py runs the same walks and asserts their outcome.
"""

from __future__ import annotations

import multiprocessing
import re
import sys
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field

from botocore.loaders import Loader

from generator.botocore_import import (
    BotocoreImportError,
    build_spec,
    model_loader,
    operation_names,
)
from generator.regex import PatternError, python_pattern


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    service: str
    imported: bool = False  # a spec, checked, of every operation it can express
    refusal: str | None = None  # the message of the BotocoreImportError
    crash: str | None = None  # any other exception: a bug
    notes: list[str] = field(default_factory=list)
    operations: int = 0  # the model's
    taken: list[str] = field(default_factory=list)  # the operations in the spec
    left_out: dict[str, str] = field(default_factory=dict)  # operation: reason
    paginators_left_out: dict[str, str] = field(default_factory=dict)
    patterns_left_out: dict[str, str] = field(default_factory=dict)  # shape: reason


def walk(services: list[str] | None = None, processes: int = 2) -> list[Outcome]:
    """Imports `services` (by default every service botocore lists, in model order), each with
    all of its operations.

    The services are shared among `processes` worker processes (the walk is CPU-bound).
    """
    if services is None:
        services = model_loader().list_available_services("service-2")
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        return pool.map(_outcome, services, chunksize=4)


_loader: Loader | None = None


def _outcome(service: str) -> Outcome:
    global _loader
    # One loader per process, so that botocore lists its data directories once.
    _loader = _loader or model_loader()
    notes: list[str] = []
    operations = len(operation_names(service, _loader))
    try:
        spec = build_spec(service, None, notes=notes, loader=_loader)
    except BotocoreImportError as error:
        return Outcome(service=service, refusal=str(error), notes=notes, operations=operations)
    except Exception as error:  # recorded, so that one crash does not hide the others
        return Outcome(service=service, crash=f"{type(error).__name__}: {error}")
    left_out = spec.get("left_out", {})
    return Outcome(
        service=service,
        imported=True,
        notes=notes,
        operations=operations,
        taken=list(spec["operations"]),
        left_out=left_out.get("operations", {}),
        paginators_left_out=left_out.get("paginators", {}),
        patterns_left_out=left_out.get("patterns", {}),
    )


_NAMES = re.compile(r"\b(service|shape|(?<!every )operation|member|result_key) [^\s:;,]+")
_QUOTED_VALUE = re.compile(r"\b(as) '[^']*'")


def reason(message: str) -> str:
    """A refusal without the names it is about, so that refusals group by what is unsupported."""
    return _QUOTED_VALUE.sub(r"\1 '…'", _NAMES.sub(r"\1 …", message))


def report(outcomes: list[Outcome], seconds: float, *, per_service: bool = False) -> str:
    imported = [outcome for outcome in outcomes if outcome.imported]
    whole = sum(not outcome.left_out for outcome in imported)
    taken = sum(len(outcome.taken) for outcome in imported)
    left = sum(len(outcome.left_out) for outcome in imported)
    refused = [outcome for outcome in outcomes if outcome.refusal is not None]
    lines = [
        f"{len(outcomes)} botocore services walked in {seconds:.1f} s: {len(imported)} imported"
        f" ({whole} whole, {len(imported) - whole} with operations left out),"
        f" {len(refused)} refused,"
        f" {sum(outcome.crash is not None for outcome in outcomes)} crashed",
        f"operations: {sum(outcome.operations for outcome in outcomes)} in the models, {taken}"
        f" imported, {left} left out in the services imported,"
        f" {sum(outcome.operations for outcome in refused)} in the services refused",
        "paginators left out:" f" {sum(len(outcome.paginators_left_out) for outcome in outcomes)}",
        "services refused, by reason:",
    ]
    reasons = Counter(reason(o.refusal) for o in refused if o.refusal is not None)
    lines.extend(f"{count:5d}  {text}" for text, count in reasons.most_common())
    lines.append("operations left out, by reason:")
    left_reasons = Counter(
        reason(f"operation …: {why}") for o in imported for why in o.left_out.values()
    )
    lines.extend(f"{count:5d}  {text}" for text, count in left_reasons.most_common())
    patterns = [(o.service, item) for o in imported for item in o.patterns_left_out.items()]
    lines.append(
        f"patterns left out (no value of the shape's lengths matches them): {len(patterns)}"
    )
    lines.extend(f"  {service} shape {name}: {why}" for service, (name, why) in patterns)
    if per_service:
        lines.append("per service imported: operations imported, left out")
        lines.extend(
            f"  {o.service}: {len(o.taken)}, {len(o.left_out)}" for o in imported if o.left_out
        )
    lines.extend(f"crash: {o.service}: {o.crash}" for o in outcomes if o.crash is not None)
    return "\n".join(lines)


@dataclass(frozen=True, slots=True, kw_only=True)
class PatternCensus:
    shapes: int  # string shapes with a pattern, across every model
    patterns: dict[str, set[str]]  # each distinct pattern: the services that use it
    refused: dict[str, str]  # pattern: why it cannot be translated or compiled


def pattern_census(loader: Loader | None = None) -> PatternCensus:
    """Every pattern of every service's latest model, through `python_pattern` and `re.compile`
    with warnings as errors (a FutureWarning would fail a generated module under `-W error`)."""
    loader = loader or model_loader()
    shapes = 0
    patterns: dict[str, set[str]] = {}
    for service in loader.list_available_services("service-2"):
        version = loader.determine_latest_version(service, "service-2")
        model = loader.load_service_model(service, "service-2", version)
        for shape in model["shapes"].values():
            if "pattern" in shape:
                shapes += 1
                patterns.setdefault(shape["pattern"], set()).add(service)
    refused: dict[str, str] = {}
    for pattern in patterns:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                re.compile(python_pattern(pattern))
        except PatternError as error:
            refused[pattern] = f"cannot be translated: {error}"
        except (re.error, FutureWarning) as error:
            refused[pattern] = f"does not compile: {error}"
    return PatternCensus(shapes=shapes, patterns=patterns, refused=refused)


def pattern_report(census: PatternCensus) -> str:
    lines = [
        f"patterns: {census.shapes} shapes, {len(census.patterns)} distinct:"
        f" {len(census.patterns) - len(census.refused)} translated, {len(census.refused)} refused",
    ]
    lines.extend(
        f"  refused ({', '.join(sorted(census.patterns[pattern]))}): {pattern!r} {why}"
        for pattern, why in sorted(census.refused.items())
    )
    return "\n".join(lines)


def main() -> int:
    start = time.perf_counter()
    outcomes = walk()
    print(report(outcomes, time.perf_counter() - start, per_service=True))
    print(pattern_report(pattern_census()))
    return 1 if any(outcome.crash for outcome in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())

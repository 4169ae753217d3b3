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

from generator.botocore_import import BotocoreImportError, build_spec, model_loader
from generator.regex import PatternError, python_pattern


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    service: str
    imported: bool = False  # a whole spec, checked
    refusal: str | None = None  # the message of the BotocoreImportError
    crash: str | None = None  # any other exception: a bug
    notes: list[str] = field(default_factory=list)


def walk(processes: int = 2) -> list[Outcome]:
    """Imports every service botocore lists, each with all of its operations, in model order.

    The services are shared among `processes` worker processes (the walk is CPU-bound).
    """
    services = model_loader().list_available_services("service-2")
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        return pool.map(_outcome, services, chunksize=4)


_loader: Loader | None = None


def _outcome(service: str) -> Outcome:
    global _loader
    # One loader per process, so that botocore lists its data directories once.
    _loader = _loader or model_loader()
    notes: list[str] = []
    try:
        build_spec(service, None, notes=notes, loader=_loader)
    except BotocoreImportError as error:
        return Outcome(service=service, refusal=str(error), notes=notes)
    except Exception as error:  # recorded, so that one crash does not hide the others
        return Outcome(service=service, crash=f"{type(error).__name__}: {error}")
    return Outcome(service=service, imported=True, notes=notes)


_NAMES = re.compile(r"\b(service|shape|(?<!every )operation|member|result_key) [^\s:;,]+")
_QUOTED_VALUE = re.compile(r"\b(as) '[^']*'")


def reason(message: str) -> str:
    """A refusal without the names it is about, so that refusals group by what is unsupported."""
    return _QUOTED_VALUE.sub(r"\1 '…'", _NAMES.sub(r"\1 …", message))


def report(outcomes: list[Outcome], seconds: float) -> str:
    imported = sum(outcome.imported for outcome in outcomes)
    lines = [
        f"{len(outcomes)} botocore services walked in {seconds:.1f} s: {imported} import whole,"
        f" {sum(outcome.refusal is not None for outcome in outcomes)} refused,"
        f" {sum(outcome.crash is not None for outcome in outcomes)} crashed",
        f"paginators left out with a note: {sum(len(outcome.notes) for outcome in outcomes)}",
        "refusals by reason:",
    ]
    reasons = Counter(reason(o.refusal) for o in outcomes if o.refusal is not None)
    lines.extend(f"{count:5d}  {text}" for text, count in reasons.most_common())
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
    print(report(outcomes, time.perf_counter() - start))
    print(pattern_report(pattern_census()))
    return 1 if any(outcome.crash for outcome in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())

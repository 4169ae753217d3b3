"""Section 3: how long generating the package from the committed specs takes."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import black

from benchmarks import report
from benchmarks.specs import SPECS_DIR, BenchmarkError
from benchmarks.timing import Measurement, wall_times
from generator.model import Package
from generator.pipeline import generate, load_checked_specs, load_package, load_services
from generator.render import render_templates, runtime_files

REPEATS = 3
PACKAGE = "generated"
# The mode generator.render formats with; checked below by comparing with generate()'s output.
BLACK_MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311}, line_length=100)


def render_without_black(package: Package) -> dict[str, str]:
    """What generator.render.render does before black: a fresh environment, every template."""
    return render_templates(package)


def format_with_black(files: dict[str, str]) -> dict[str, str]:
    return {
        path: black.format_str(text, mode=BLACK_MODE) if path.endswith(".py") else text
        for path, text in files.items()
    }


@dataclass(frozen=True, slots=True)
class GenerationResults:
    stages: dict[str, Measurement]
    files: int
    lines: int
    operations: int
    reproduces: bool
    """Whether render_without_black + format_with_black gives generate()'s output exactly."""


def run(specs_dir: Path = SPECS_DIR, repeats: int = REPEATS) -> GenerationResults:
    print("  generation", file=sys.stderr)
    generated = generate(specs_dir, package=PACKAGE)  # also warms caches outside the timings
    package = load_package(specs_dir, PACKAGE)
    rendered = render_without_black(package)
    reproduces = format_with_black(rendered) | runtime_files() == generated
    operations = sum(len(service.operations) for service in package.services)
    if not generated:
        raise BenchmarkError("generate() produced no files")
    stages = {
        "load + check (`load_checked_specs`)": wall_times(
            lambda: load_checked_specs(specs_dir), repeats
        ),
        "load + check + build (`load_services`)": wall_times(
            lambda: load_services(specs_dir), repeats
        ),
        "render, Jinja only (fresh environment, no black)": wall_times(
            lambda: render_without_black(package), repeats
        ),
        "black on the rendered files": wall_times(lambda: format_with_black(rendered), repeats),
        "full `generate()`": wall_times(lambda: generate(specs_dir, package=PACKAGE), repeats),
    }
    return GenerationResults(
        stages=stages,
        files=len(generated),
        lines=sum(text.count("\n") for text in generated.values()),
        operations=operations,
        reproduces=reproduces,
    )


def render(results: GenerationResults) -> str:
    full = results.stages["full `generate()`"].per_call
    rows = [
        [
            stage,
            report.duration(measured.per_call),
            report.duration(measured.best_per_call),
            f"{measured.per_call / full:.0%}",
        ]
        for stage, measured in results.stages.items()
    ]
    note = (
        "The Jinja and black rows add up to the pipeline: they reproduce `generate()`'s output "
        "byte for byte."
        if results.reproduces
        else "Note: Jinja + black here did NOT reproduce `generate()`'s output exactly (the "
        "generator changed since this benchmark was written); the split is approximate."
    )
    return "\n\n".join(
        [
            f"`generator.pipeline.generate(Path('specs'), package={PACKAGE!r})`: "
            f"{results.operations} operations, "
            f"{results.files} files, {results.lines:,} lines. Wall time of single calls, "
            f"{len(next(iter(results.stages.values())).times)} repeats each, after one warm-up "
            "call (imports excluded).",
            report.table(["stage", "median", "best", "of full"], rows, right=(1, 2, 3)),
            note,
        ]
    )

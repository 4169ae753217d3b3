"""`python -m benchmarks`: run every section and print the report (Markdown) to stdout.

Progress goes to stderr. The exit status is non-zero, with a message, when a competitor is not
doing the work it would be timed for, or a section cannot run; the other sections still run and
the report is still printed, saying which section failed.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable, Sequence

from benchmarks import generation, imports, parsing, redos, report, strategies, validation
from benchmarks.specs import SPECS_DIR, BenchmarkError, load_specs
from benchmarks.timing import Settings

FULL = Settings(repeats=7, min_time=0.05)
QUICK = Settings(repeats=3, min_time=0.01)
SECTIONS = ("validation", "parsing", "generation", "redos", "strategies", "imports")


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Benchmarks against the libraries a user would pick instead (a report).",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="short repeats, for checking that the benchmarks run (figures are noisy)",
    )
    parser.add_argument(
        "--only", nargs="+", choices=SECTIONS, default=list(SECTIONS), help="sections to run"
    )
    return parser.parse_args(argv)


def _header(settings: Settings, quick: bool) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Produced by `make bench` (`python -m benchmarks`); the figures below are from one run "
        "on the machine described. Ratios are ours ÷ theirs in operations per second: above "
        "1x ours is faster.",
        "",
        f"Method: {settings.describe()}.",
    ]
    if quick:
        lines += ["", "**`--quick` run: too few and too short repeats to quote these figures.**"]
    return "\n".join([*lines, "", report.machine_section()])


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _arguments(argv)
    settings = QUICK if arguments.quick else FULL
    runs = strategies.QUICK if arguments.quick else strategies.FULL
    started = time.perf_counter()
    sections: list[str] = [_header(settings, arguments.quick)]
    failures: list[str] = []
    try:
        specs = load_specs(SPECS_DIR)
        steps: list[tuple[str, str, Callable[[], str]]] = [
            (
                "validation",
                "1. Request validation",
                lambda: validation.render(validation.run(specs, settings)),
            ),
            (
                "parsing",
                "2. Response parsing",
                lambda: parsing.render(parsing.run(specs, settings)),
            ),
            (
                "generation",
                "3. Generation time",
                lambda: generation.render(generation.run(SPECS_DIR)),
            ),
            (
                "redos",
                "4. ReDoS check (a report, not a test)",
                lambda: redos.render(redos.run(specs)),
            ),
            (
                "strategies",
                "5. Request generation (Hypothesis strategies)",
                lambda: strategies.render(strategies.run(specs, runs)),
            ),
            (
                "imports",
                "6. Import time",
                lambda: imports.render(imports.run(arguments.quick)),
            ),
        ]
        for key, title, run in steps:
            if key not in arguments.only:
                continue
            print(f"{title} ...", file=sys.stderr)
            try:
                sections.append(f"## {title}\n\n{run()}")
            except BenchmarkError as error:
                failures.append(f"{title}: {error}")
                sections.append(f"## {title}\n\n**Not run**: {error}")
            except Exception as error:  # e.g. the generator mid-edit; report it, run the rest
                traceback.print_exc()
                failures.append(f"{title}: {error!r}")
                sections.append(f"## {title}\n\n**Failed**: `{error!r}`")
    except BenchmarkError as error:
        print(f"benchmarks: {error}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    sections.append(
        f"Total run time: {elapsed:.0f} s. Load average at the end (1, 5, 15 min): "
        f"{report.load_average()}."
    )
    print("\n\n".join(sections))
    for failure in failures:
        print(f"benchmarks: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

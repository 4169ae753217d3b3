"""Section 3: generation as a build waits for it, cold, warm and after one change.

Each figure is the wall time of the command line (`python -m generator generate ...`, imports
included) in a fresh process, the median of several runs, for the committed specs and, where
botocore is installed, for whole Bedrock and Clean Rooms ML imported from it. Beside them, in
this process: Jinja alone (the floor: what generation costs if nothing is formatted) and black
alone on the same rendered text (what formatting everything costs).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from benchmarks import report
from benchmarks.specs import SPECS_DIR, BenchmarkError
from generator.botocore_import import dump_spec
from generator.pipeline import load_package
from generator.render import format_source, render_templates

REPEATS = 5
WHOLE_REPEATS = 2
WHOLE_SERVICES = ("bedrock", "cleanroomsml")
PACKAGE = "generated"
_TIMINGS = re.compile(r"^timings: (?P<stages>.*); total .* for \d+ files, (?P<lines>\d+) lines")


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    stages: dict[str, float]
    lines: int


@dataclass(frozen=True, slots=True)
class Corpus:
    name: str
    runs: dict[str, list[Run]]
    render: list[float]
    black: list[float]

    @property
    def lines(self) -> int:
        return next(iter(self.runs.values()))[0].lines


def _environment(pycache: Path) -> dict[str, str]:
    """The environment `make generate` runs the generator in: its bytecode kept (in `pycache`)."""
    kept = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return kept | {"PYTHONPYCACHEPREFIX": str(pycache)}


def _generate(specs: Path, out: Path, cache: Path | None, *extra: str, pycache: Path) -> Run:
    """One run of the command line; `cache` None is `--no-cache`; bytecode kept in `pycache`."""
    command = [sys.executable, "-m", "generator", "generate", "--specs", str(specs)]
    command += ["--out", str(out), "--timings", *extra]
    command += ["--no-cache"] if cache is None else ["--cache-dir", str(cache)]
    environment = _environment(pycache)
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 1):  # 1: `--check` found stale files, which it may not here
        raise BenchmarkError(f"{' '.join(command)} failed: {result.stderr.strip()[-300:]}")
    match = next(filter(None, map(_TIMINGS.match, result.stderr.splitlines())), None)
    if match is None:
        raise BenchmarkError(f"no timings from {' '.join(command)}")
    stages = {}
    for part in match["stages"].split(", "):
        name, value = part.rsplit(" ", 1)
        stages[name] = float(value.removesuffix("s"))
    return Run(seconds, stages, int(match["lines"]))


def _edited(specs: Path, under: Path, number: int) -> Path:
    """A copy of `specs` whose first documented operation has one more sentence.

    The copy has the name of `specs`: generated headers name the specs' folder."""
    into = under / specs.name
    into.mkdir(parents=True)
    for path in sorted(specs.glob("*.yaml")):
        shutil.copy(path, into / path.name)
    first = sorted(into.glob("*.yaml"))[0]
    data: dict[str, Any] = yaml.safe_load(first.read_text(encoding="utf-8"))
    operation = next(op for op in data["operations"].values() if op.get("documentation"))
    operation["documentation"] += f" Edited for run {number}."
    first.write_text(dump_spec(data), encoding="utf-8")
    return into


def measure(name: str, specs: Path, repeats: int, work: Path) -> Corpus:
    """Every scenario of one corpus; `work` is an empty scratch directory."""
    print(f"  generation: {name}", file=sys.stderr)
    runs: dict[str, list[Run]] = {key: [] for key in SCENARIOS}
    cache = work / "cache"
    # Output folders are named as the package is (the name is part of the output).
    warm = work / "warm" / PACKAGE
    pycache = work / "pycache"
    # Fills the cache, the generator's bytecode and an up-to-date output folder.
    _generate(specs, warm, cache, pycache=pycache)
    for number in range(repeats):
        fresh = work / f"fresh-{number}" / PACKAGE
        runs["cold"].append(_generate(specs, fresh, None, pycache=pycache))
        shutil.rmtree(fresh)
        runs["fresh folder"].append(_generate(specs, fresh, cache, pycache=pycache))
        runs["nothing changed"].append(_generate(specs, warm, cache, "--check", pycache=pycache))
        edited = _edited(specs, work / f"edited-{number}", number)
        runs["one change"].append(_generate(edited, warm, cache, "--check", pycache=pycache))
    package = load_package(specs, PACKAGE)
    rendered = render_templates(package)
    python = [text for path, text in rendered.items() if path.endswith(".py")]
    render_times = _times(lambda: render_templates(package), repeats)
    # black alone on whole services takes minutes: once is enough to show it.
    black_repeats = 1 if sum(text.count("\n") for text in python) > 50_000 else min(repeats, 3)
    black_times = _times(lambda: [format_source(text) for text in python], black_repeats)
    return Corpus(name, runs, render_times, black_times)


SCENARIOS = {
    "cold": "`--no-cache` into a fresh folder",
    "fresh folder": "into a fresh folder, cache warm",
    "nothing changed": "`--check` with nothing changed, cache warm",
    "one change": "`--check` after one operation's documentation changed, cache warm",
}


def _times(call: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return times


@contextmanager
def _scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="bench-generation-") as directory:
        yield Path(directory)


def _whole_specs(into: Path) -> Path | None:
    """Whole Bedrock and Clean Rooms ML imported from botocore, or None without botocore."""
    try:
        import botocore  # noqa: F401
    except ImportError:
        return None
    into.mkdir(parents=True)
    for service in WHOLE_SERVICES:
        command = [sys.executable, "-m", "generator", "import-botocore", service, "--all"]
        command += ["--out", str(into / f"{service}.yaml")]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BenchmarkError(f"{' '.join(command)} failed: {result.stderr.strip()[-300:]}")
    return into


def run(specs_dir: Path = SPECS_DIR, repeats: int = REPEATS) -> list[Corpus]:
    corpora = []
    with _scratch() as work:
        (work / "committed").mkdir()
        corpora.append(measure("the committed specs", specs_dir, repeats, work / "committed"))
        whole = _whole_specs(work / "whole" / "specs")
        if whole is not None:
            (work / "whole" / "runs").mkdir()
            corpora.append(
                measure(
                    "whole Bedrock and Clean Rooms ML",
                    whole,
                    min(repeats, WHOLE_REPEATS),
                    work / "whole" / "runs",
                )
            )
    return corpora


def render(corpora: list[Corpus]) -> str:
    rows = []
    for corpus in corpora:
        for key, description in SCENARIOS.items():
            seconds = [run.seconds for run in corpus.runs[key]]
            median = statistics.median(seconds)
            rows.append(
                [
                    corpus.name,
                    description,
                    report.duration(median),
                    report.duration(min(seconds)),
                    f"{corpus.lines / median:,.0f}",
                ]
            )
        for label, times in (
            ("Jinja alone, in process (the floor)", corpus.render),
            ("black alone on the rendered text, in process", corpus.black),
        ):
            median = statistics.median(times)
            rows.append(
                [
                    corpus.name,
                    label,
                    report.duration(median),
                    report.duration(min(times)),
                    f"{corpus.lines / median:,.0f}",
                ]
            )
    shares = []
    for corpus in corpora:
        cold = corpus.runs["cold"]
        stages = {
            name: statistics.median(run.stages[name] for run in cold) for name in cold[0].stages
        }
        total = statistics.median(run.seconds for run in cold)
        start_up = statistics.median(run.seconds - sum(run.stages.values()) for run in cold)
        shares.append(
            [corpus.name, report.duration(total)]
            + [f"{stages[name] / total:.0%}" for name in stages]
            + [f"{start_up / total:.0%}"]
        )
    stage_names = list(corpora[0].runs["cold"][0].stages)
    runs = ", ".join(f"{len(c.runs['cold'])} runs for {c.name}" for c in corpora)
    return "\n\n".join(
        [
            "Wall time of `python -m generator generate` in a fresh process (imports included, "
            "the generator's bytecode kept as `make generate` keeps it), "
            f"median and best of {runs}; lines per second count the Python output "
            f"({', '.join(f'{c.lines:,} lines for {c.name}' for c in corpora)}).",
            report.table(
                ["specs", "generation", "median", "best", "lines/s"], rows, right=(2, 3, 4)
            ),
            "Where a cold run's time goes (`--timings`, medians; the rest is starting Python "
            "and imports):",
            report.table(
                ["specs", "cold", *stage_names, "start-up"],
                shares,
                right=tuple(range(1, len(stage_names) + 3)),
            ),
        ]
    )

"""Section 6: what importing the output costs, and the first use of one operation.

Each figure is the median of fresh interpreters (`python -c`), bytecode cached (the tree is
compiled with `compileall` first): the import of the package, of a service beside it, of the
service's strategies beyond `import hypothesis`, and the first `validate_request`, the first
`from_dict` of a page and the first `from_json` of it after the service import, which load what
they need. The committed
package is measured, and the whole services of `make generate-all` when build/all holds them.
Runs of the scenarios are interleaved, so that a noisy neighbour slows them alike.
"""

from __future__ import annotations

import compileall
import json
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import fixtures, report
from benchmarks.specs import BenchmarkError

PROJECT = Path(__file__).resolve().parent.parent
SERVICE = "bedrock"
OPERATION = "ListCustomModels"
FULL_RUNS = 7
QUICK_RUNS = 3


@dataclass(frozen=True, slots=True)
class Tree:
    """A generated package to import: the directory that holds it, its name, what it is."""

    root: Path
    package: str
    title: str


COMMITTED = Tree(PROJECT, "generated", "committed `generated` (5 operations)")
WHOLE = Tree(PROJECT / "build" / "all", "generated_all", "whole services `generated_all`")

# Runs each (label, code) step in one namespace and prints the seconds each took, as JSON.
# `-X importtime` logs the imports of `import` statements only, not of `importlib.import_module`
# (which the package's lazy loading uses), so under it the harness routes the latter through
# `__import__`, which is what the statements call.
_HARNESS = """
import importlib, json, sys, time
if "importtime" in sys._xoptions:
    def _logged(name, package=None):
        __import__(name)
        return sys.modules[name]
    importlib.import_module = _logged
namespace = {}
timings = {}
for label, code in json.loads(sys.argv[1]):
    compiled = compile(code, label, "exec")
    start = time.perf_counter()
    exec(compiled, namespace)
    timings[label] = time.perf_counter() - start
print(json.dumps(timings))
"""


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    """What the row times, with `P` for the package."""
    scenario: str
    target: str


ROWS = (
    Row("`import P`", "validate", ""),
    Row(f"`import P.{SERVICE}` (after the above)", "validate", "<= 50 ms with the above"),
    Row(
        f"first `OPERATIONS[{OPERATION!r}].validate_request(params)`",
        "validate",
        "<= 20 ms",
    ),
    Row(f"first `OPERATIONS[{OPERATION!r}].response_type.from_dict(page)`", "parse", "<= 20 ms"),
    Row(f"first `OPERATIONS[{OPERATION!r}].response_type.from_json(wire)`", "wire", "<= 20 ms"),
    Row("`import hypothesis` (the baseline of the next row)", "strategies", ""),
    Row(f"`import P.{SERVICE}.strategies` (after hypothesis)", "strategies", "<= 100 ms"),
)


def _scenarios(package: str) -> dict[str, list[tuple[str, str]]]:
    """Each scenario's steps: (row label, code); steps labelled `-` are untimed set-up."""
    service = f"{package}.{SERVICE}"
    params = json.dumps(fixtures.VALID_REQUESTS[OPERATION])
    wire = fixtures.wire_page(OPERATION, 1).decode("utf-8")
    loaded = [(ROWS[0].label, f"import {package}"), (ROWS[1].label, f"import {service}")]
    operation = f"{service}.OPERATIONS[{OPERATION!r}]"
    return {
        "validate": [
            ("-", f"params = json.loads({params!r})"),
            *loaded,
            (ROWS[2].label, f"{operation}.validate_request(params)"),
        ],
        "parse": [
            ("-", f"page = json.loads({wire!r})"),
            *loaded,
            (ROWS[3].label, f"{operation}.response_type.from_dict(page)"),
        ],
        "wire": [
            ("-", f"wire = {wire!r}"),
            *loaded,
            (ROWS[4].label, f"{operation}.response_type.from_json(wire)"),
        ],
        "strategies": [
            (ROWS[5].label, "import hypothesis"),
            (ROWS[6].label, f"import {service}.strategies"),
        ],
    }


def _run(
    tree: Tree, steps: Sequence[tuple[str, str]], flags: Sequence[str] = ()
) -> tuple[dict[str, float], str]:
    program = [("-", "import json"), *steps]
    result = subprocess.run(
        [sys.executable, *flags, "-c", _HARNESS, json.dumps(program)],
        cwd=tree.root,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise BenchmarkError(f"importing {tree.package} failed: {last}")
    timings: dict[str, float] = json.loads(result.stdout.splitlines()[-1])
    return timings, result.stderr


@dataclass(frozen=True, slots=True)
class TreeResults:
    tree: Tree
    runs: int
    times: dict[str, list[float]]
    """Seconds per row label, one per run of each scenario that has the row."""
    modules: dict[str, list[tuple[str, float]]]
    """Per scenario: the package's modules imported, with their own import time (seconds) in
    one `-X importtime` run, slowest first."""


def _importtime(stderr: str, package: str) -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or line.startswith("import time: self"):
            continue
        own, _cumulative, name = line.removeprefix("import time:").split("|")
        module = name.strip()
        if module == package or module.startswith(f"{package}."):
            found.append((module, int(own) / 1e6))
    return sorted(found, key=lambda item: -item[1])


def measure_tree(tree: Tree, runs: int) -> TreeResults:
    if not (tree.root / tree.package / "__init__.py").is_file():
        raise BenchmarkError(f"{tree.root / tree.package} holds no package")
    # Bytecode cached: what a user's second run, or an installed package, loads.
    if not compileall.compile_dir(tree.root / tree.package, quiet=1):
        raise BenchmarkError(f"compileall failed on {tree.root / tree.package}")
    scenarios = _scenarios(tree.package)
    times: dict[str, list[float]] = {row.label: [] for row in ROWS}
    for run in range(runs):
        print(f"  imports: {tree.package}, run {run + 1} of {runs}", file=sys.stderr)
        for steps in scenarios.values():
            timings, _ = _run(tree, steps)
            for label, seconds in timings.items():
                if label in times:
                    times[label].append(seconds)
    modules = {
        name: _importtime(_run(tree, steps, ["-X", "importtime"])[1], tree.package)
        for name, steps in scenarios.items()
    }
    return TreeResults(tree=tree, runs=runs, times=times, modules=modules)


def run(quick: bool = False) -> list[TreeResults]:
    runs = QUICK_RUNS if quick else FULL_RUNS
    trees = [COMMITTED] + ([WHOLE] if (WHOLE.root / WHOLE.package).is_dir() else [])
    return [measure_tree(tree, runs) for tree in trees]


def _median(values: Sequence[float]) -> str:
    return report.duration(statistics.median(values))


def _breakdown(results: TreeResults) -> str:
    rows = []
    for scenario, modules in results.modules.items():
        shown = modules[:6]
        rest = sum(seconds for _, seconds in modules[6:])
        cells = [f"`{name}` {report.duration(seconds)}" for name, seconds in shown]
        if modules[6:]:
            cells.append(f"{len(modules) - 6} more {report.duration(rest)}")
        rows.append([scenario, report.duration(sum(s for _, s in modules)), ", ".join(cells)])
    return report.table(["scenario", "the package's modules", "own time, slowest first"], rows)


def render(results: Sequence[TreeResults]) -> str:
    headers = ["step (P: the package)", *(r.tree.title for r in results), "target (issue 13)"]
    table = report.table(
        headers,
        [[row.label, *(_median(r.times[row.label]) for r in results), row.target] for row in ROWS],
        right=tuple(range(1, len(results) + 1)),
    )
    parts = [
        f"Median of {results[0].runs} runs of fresh interpreters (`python -c`; the first two "
        "rows are timed in three interpreters a run), bytecode cached, with "
        f"`{SERVICE}`'s `{OPERATION}`: `params` is the validation section's valid request, "
        "`wire` a one-item wire page and `page` its decoded JSON. The targets are issue 13's "
        "for the whole services.",
        table,
    ]
    if all(r.tree is not WHOLE for r in results):
        parts.append("The whole services were not measured: `make generate-all` builds them.")
    last = results[-1]
    parts += [
        f"Where the time goes in `{last.tree.package}` (one `python -X importtime` run per "
        "scenario: the package's modules imported, by their own import time):",
        _breakdown(last),
    ]
    return "\n\n".join(parts)

"""The ML estate's proof: every AWS service an ML team calls, imported whole from botocore (what
cannot be imported listed with its reason), generated, imported under `-W error`, type-checked
with `mypy --strict`, and given a bounded property run on every operation.

    python -m tests.ml_estate [--out build/ml-estate] [--examples N] [--sample N] [--services ...]

`make test-ml-estate` runs it. Each service goes through `import-botocore SERVICE --all` (an
operation or paginator the spec format cannot express is left out with its reason, which is
printed); the specs are generated into OUT/generated_ml, every module is imported under
`-W error`, `mypy --strict` checks the package, and tests/whole_services.py's `check_operation`
runs on every operation: strategies against our validators and botocore's validator and
serializer, responses through from_dict/to_dict and check_response, wire responses through
botocore's parser. Exit status 1 on any failure, every failure listed; 2 when nothing imports.
tests/test_ml_estate.py runs the same on a SageMaker sample inside `make test`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.botocore_import import BotocoreImportError, build_spec, dump_spec
from tests.botocore_census import reason
from tests.whole_services import (
    check_operations,
    generate_package,
    import_under_warnings_as_errors,
    load_services,
    module_names,
    operations,
    sample,
)

PACKAGE = "generated_ml"
SERVICES = (
    "sagemaker",
    "bedrock",
    "bedrock-runtime",
    "bedrock-agent",
    "bedrock-agent-runtime",
    "bedrock-agentcore-control",
    "bedrock-agentcore",
    "cleanrooms",
    "cleanroomsml",
    "bedrock-data-automation",
    "bedrock-data-automation-runtime",
    "comprehend",
    "textract",
    "transcribe",
    "translate",
)
"""botocore's names of the services, in the order they are reported."""


@dataclass(slots=True)
class Imported:
    """What `import-botocore SERVICE --all` made of one service."""

    service: str
    package: str = ""
    """The service's package in the generated package; empty when refused."""
    operations: int = 0
    paginators: int = 0
    waiters: int = 0
    left_out: dict[str, str] = field(default_factory=dict)
    """Operations left out, with the reason."""
    paginators_left_out: dict[str, str] = field(default_factory=dict)
    patterns_left_out: dict[str, str] = field(default_factory=dict)
    """Shapes whose pattern no value of their lengths matches, with the reason."""
    refusal: str | None = None


def import_estate(
    specs: Path, services: Sequence[str] = SERVICES, operations: Sequence[str] | None = None
) -> list[Imported]:
    """Writes a spec per service that imports (all its operations, or `operations`)."""
    specs.mkdir(parents=True, exist_ok=True)
    found: list[Imported] = []
    for service in services:
        try:
            spec = build_spec(service, operations, notes=[])
        except BotocoreImportError as error:
            found.append(Imported(service, refusal=str(error)))
            continue
        package = spec["service"]["package"]
        # Named for the service's package: spec file names are Python names.
        (specs / f"{package}.yaml").write_text(dump_spec(spec), encoding="utf-8")
        left_out = spec.get("left_out", {})
        found.append(
            Imported(
                service,
                package=package,
                operations=len(spec["operations"]),
                paginators=sum("paginator" in op for op in spec["operations"].values()),
                waiters=len(spec.get("waiters", {})),
                left_out=dict(left_out.get("operations", {})),
                paginators_left_out=dict(left_out.get("paginators", {})),
                patterns_left_out=dict(left_out.get("patterns", {})),
            )
        )
    return found


def census(imported: Sequence[Imported]) -> str:
    """The import, service by service, each left-out operation, paginator or pattern with its
    reason."""
    lines = []
    for outcome in imported:
        if outcome.refusal is not None:
            lines.append(f"{outcome.service}: refused: {outcome.refusal}")
            continue
        whole = " (whole)" if not outcome.left_out else f", {len(outcome.left_out)} left out"
        lines.append(
            f"{outcome.service}: {outcome.operations} operations imported{whole}, "
            f"{outcome.paginators} paginators, {outcome.waiters} waiters"
        )
        for name, why in outcome.left_out.items():
            lines.append(f"  operation {name}: {why}")
        for name, why in outcome.paginators_left_out.items():
            lines.append(f"  paginator {name}: {why}")
        for name, why in outcome.patterns_left_out.items():
            lines.append(f"  the pattern of shape {name}: {why}")
    reasons = Counter(
        reason(f"service {outcome.service}: {why}")
        for outcome in imported
        for why in outcome.left_out.values()
    )
    if reasons:
        lines.append("operations left out, by reason:")
        lines.extend(f"  {count:4}  {text}" for text, count in reasons.most_common())
    return "\n".join(lines)


def tool_output(cwd: Path, *command: str) -> str:
    """The output of `python -m COMMAND` run in `cwd`; empty when it passes."""
    result = subprocess.run(
        [sys.executable, "-m", *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,
    )
    if result.returncode == 0:
        return ""
    # A tool killed (by a signal, or for memory) may say nothing.
    return result.stdout + result.stderr or f"exited with status {result.returncode}"


def mypy_strict(root: Path, package: str = PACKAGE) -> str:
    """mypy --strict's output on the package; empty when it passes."""
    return tool_output(root, "mypy", "--strict", "--cache-dir", str(root / ".mypy"), package)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.ml_estate", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("build/ml-estate"))
    parser.add_argument("--examples", type=int, default=5)
    parser.add_argument("--sample", type=int, help="check N operations instead of all")
    parser.add_argument("--services", nargs="+", default=list(SERVICES))
    args = parser.parse_args(argv)
    root = args.out.resolve()
    shutil.rmtree(root, ignore_errors=True)
    start = time.perf_counter()
    imported = import_estate(root / "specs", args.services)
    print(census(imported))
    print(f"import: {time.perf_counter() - start:.1f} s")
    taken = {outcome.package: outcome.service for outcome in imported if outcome.package}
    if not taken:
        print("ml_estate: no service imported", file=sys.stderr)
        return 2
    start = time.perf_counter()
    generate_package(root / "specs", root, PACKAGE)
    print(
        f"generate: {len(module_names(root, PACKAGE))} modules in {time.perf_counter() - start:.1f} s"
    )
    failures: list[str] = []
    if failure := import_under_warnings_as_errors(root, PACKAGE):
        failures.append(f"import under -W error: {failure}")
    start = time.perf_counter()
    if failure := mypy_strict(root):
        failures.append(f"mypy --strict: {failure[-5000:]}")
    print(
        f"mypy --strict: {'failed' if failure else 'clean'} in {time.perf_counter() - start:.1f} s"
    )
    chosen = operations(load_services(root, PACKAGE, sorted(taken)))
    if args.sample is not None:
        chosen = sample(chosen, args.sample)
    start = time.perf_counter()
    failed = check_operations(chosen, examples=args.examples, services=taken)
    print(
        f"properties: {len(chosen) - len(failed)}/{len(chosen)} operations passed, "
        f"{args.examples} examples each, in {time.perf_counter() - start:.0f} s"
    )
    failures.extend(failed)
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

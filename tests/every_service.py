"""Every service of the installed botocore, as far as spec format 1 takes it, imported and then
generated from scratch into one package, both timed: what a team generating its whole AWS estate
waits for.

    python -m tests.every_service [--specs build/every-specs] [--out build/every/generated_every]

writes one spec per service that imports (with `--all`: operations format 1 cannot express are
left out with a note), prints how many services and operations were taken and each refusal by
reason, then runs `generate --no-cache --timings` on the specs in a fresh interpreter and prints
its stage timings and the lines of Python written. `make generate-botocore` runs it; it is not
part of `make test` (tests/test_botocore_census.py walks the imports there).
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.botocore_import import BotocoreImportError, build_spec, dump_spec, model_loader
from tests.botocore_census import reason


@dataclass(frozen=True, slots=True)
class _Imported:
    service: str
    operations: int  # in the spec; 0 when refused
    refusal: str | None


def _export(job: tuple[str, Path]) -> _Imported:
    service, specs = job
    try:
        spec = build_spec(service, None, notes=[])
    except BotocoreImportError as error:
        return _Imported(service, 0, str(error))
    # Named for the service's package: spec file names are Python names.
    (specs / f"{spec['service']['package']}.yaml").write_text(dump_spec(spec), encoding="utf-8")
    return _Imported(service, len(spec["operations"]), None)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.every_service")
    parser.add_argument("--specs", type=Path, default=Path("build/every-specs"))
    parser.add_argument("--out", type=Path, default=Path("build/every/generated_every"))
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args(argv)
    shutil.rmtree(args.specs, ignore_errors=True)
    shutil.rmtree(args.out, ignore_errors=True)
    args.specs.mkdir(parents=True)
    services = model_loader().list_available_services("service-2")
    start = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(args.processes) as pool:
        imported = pool.map(_export, [(service, args.specs) for service in services], chunksize=4)
    imports = time.perf_counter() - start
    taken = [outcome for outcome in imported if outcome.refusal is None]
    print(
        f"import: {len(taken)} of {len(services)} services, "
        f"{sum(outcome.operations for outcome in taken)} operations, in {imports:.1f} s"
    )
    refusals = Counter(reason(outcome.refusal) for outcome in imported if outcome.refusal)
    for refusal, count in refusals.most_common():
        print(f"  {count:4}  {refusal}")
    outcome = generate_from_scratch(args.specs, args.out)
    print(outcome)
    return 0 if outcome.startswith("generate --no-cache:") else 1


def generate_from_scratch(specs: Path, out: Path) -> str:
    """Runs `generate --no-cache --timings` on `specs` into `out` in a fresh interpreter; the
    line that reports it: its wall time and stage timings, or why it failed."""
    start = time.perf_counter()
    command = ["generate", "--no-cache", "--timings", "--specs", str(specs), "--out", str(out)]
    generation = subprocess.run(
        [sys.executable, "-m", "generator", *command], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    timings = [line for line in generation.stderr.splitlines() if line.startswith("timings:")]
    if generation.returncode != 0 or not timings:
        return f"generate failed ({generation.returncode}): {generation.stderr[-2000:]}"
    return f"generate --no-cache: {seconds:.1f} s wall; {timings[0]}"


if __name__ == "__main__":
    sys.exit(main())

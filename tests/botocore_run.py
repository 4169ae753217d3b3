"""Every service of the pinned botocore, end to end: imported whole (the census: services and
operations taken, each refusal and each operation left out with its reason), generated from
scratch, every module imported under `-W error`, `mypy --strict` on a sample of the services,
and a bounded property run on every operation.

    python -m tests.botocore_run [--out build/botocore] [--examples N] [--services ...]
        [--operations N] [--mypy SERVICE ...] [--processes N] [--timeout SECONDS]

`make test-botocore` runs it on every service; tests/test_botocore_run.py runs it inside
`make test` on a sample of services that covers every protocol. The property run is
tests/whole_services.py's `check_operation` (strategies against our validators and botocore's
validator and serializer, responses through the dataclasses, wire responses through botocore's
parser), `--examples` examples of each property (2 by default: the run is bounded so that all
20,000 operations fit in an hour on two cores; `make test-ml-estate` runs the ML estate's with
5). An operation that runs longer than `--timeout` fails. `--mypy` names the services
type-checked (by default the one with the fewest operations of each protocol). The stages share
`--processes` worker processes, a service at a time. Exit status 1 on any failure, every failure
listed; 2 when nothing imports.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import yaml

from generator.botocore_import import model_loader, operation_names
from generator.naming import module_name
from tests.every_service import generate_from_scratch
from tests.ml_estate import Imported, census, import_estate, mypy_strict
from tests.whole_services import (
    check_operation,
    generate_package,
    import_under_warnings_as_errors,
    load_services,
    module_names,
    sample,
)

PACKAGE = "generated_botocore"


@dataclass(frozen=True, slots=True)
class _Job:
    root: Path
    service: str  # botocore's name
    package: str  # the service's package in the generated package


def _import(job: tuple[Path, str, int | None]) -> Imported:
    specs, service, per_service = job
    chosen = None
    if per_service is not None:
        chosen = sample(operation_names(service), per_service)
    (imported,) = import_estate(specs, (service,), chosen)
    return imported


def _warnings_as_errors(job: _Job) -> str:
    """The service's modules imported under `-W error`: empty, or the failure."""
    prefix = f"{PACKAGE}.{job.package}"
    modules = [
        name
        for name in module_names(job.root, PACKAGE)
        if name == prefix or name.startswith(f"{prefix}.")
    ]
    failure = import_under_warnings_as_errors(job.root, PACKAGE, modules)
    return f"{job.service}: import under -W error: {failure[-3000:]}" if failure else ""


class OperationTimeout(BaseException):
    """An operation's property run took longer than its bound (a BaseException, so that
    Hypothesis does not take it for a failing example and shrink it)."""


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise OperationTimeout(f"longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _properties(job: tuple[_Job, int, int]) -> tuple[int, list[str]]:
    """`check_operation` on every operation of one service: (operations, failures)."""
    service_job, examples, timeout = job
    module = load_services(service_job.root, PACKAGE, (service_job.package,))[service_job.package]
    failures = []
    for name in sorted(module.OPERATIONS):
        try:
            with _deadline(timeout):
                check_operation(service_job.service, module.OPERATIONS[name], examples=examples)
        except (Exception, OperationTimeout) as error:  # every operation, not the first failure
            failures.append(f"{service_job.package}.{name}: {type(error).__name__}: {error}")
            print(f"FAIL {service_job.package}.{name}", file=sys.stderr, flush=True)
    return len(module.OPERATIONS), failures


def mypy_sample(spec_files: dict[str, Path]) -> list[str]:
    """Of the packages and their spec files, the package of the service with the fewest
    operations of each protocol (ties by name)."""
    smallest: dict[str, tuple[int, str]] = {}
    for package, path in spec_files.items():
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        candidate = (len(spec["operations"]), package)
        protocol = spec["service"]["protocol"]
        smallest[protocol] = min(smallest.get(protocol, candidate), candidate)
    return sorted(package for _, package in smallest.values())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.botocore_run", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("build/botocore"))
    parser.add_argument("--examples", type=int, default=2)
    parser.add_argument("--services", nargs="+", help="botocore's names (default: every one)")
    parser.add_argument("--operations", type=int, help="a sample of N operations per service")
    parser.add_argument("--mypy", nargs="+", help="the services mypy checks (botocore's names)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per operation")
    args = parser.parse_args(argv)
    root = args.out.resolve()
    shutil.rmtree(root, ignore_errors=True)
    specs = root / "specs"
    specs.mkdir(parents=True)
    services = args.services or model_loader().list_available_services("service-2")
    failures: list[str] = []
    context = multiprocessing.get_context("spawn")
    # A worker leaves after a few services: each one's modules stay imported in it.
    with context.Pool(args.processes, maxtasksperchild=10) as pool:
        start = time.perf_counter()
        jobs = [(specs, service, args.operations) for service in services]
        imported = pool.map(_import, jobs, chunksize=1)
        print(census(imported))
        # By the module of each service's package (a spec package named like a keyword, such
        # as `lambda`, is the module `lambda_`).
        taken = {
            module_name(outcome.package): outcome.service for outcome in imported if outcome.package
        }
        spec_files = {
            module_name(outcome.package): specs / f"{outcome.package}.yaml"
            for outcome in imported
            if outcome.package
        }
        whole = sum(1 for outcome in imported if outcome.package and not outcome.left_out)
        left_out = sum(len(outcome.left_out) for outcome in imported)
        print(
            f"import: {len(taken)} of {len(services)} services ({whole} whole), "
            f"{sum(outcome.operations for outcome in imported)} operations imported and "
            f"{left_out} left out, in {time.perf_counter() - start:.1f} s"
        )
        if not taken:
            print("botocore_run: no service imported", file=sys.stderr)
            return 2
        generated = generate_from_scratch(specs, root / PACKAGE)
        print(generated)
        if not generated.startswith("generate --no-cache:"):
            print(generated, file=sys.stderr)
            return 1
        # The largest services first, so that the last ones to finish are short.
        by_size = sorted(taken, key=lambda package: -spec_files[package].stat().st_size)
        service_jobs = [_Job(root, taken[package], package) for package in by_size]
        start = time.perf_counter()
        # The package's own modules (the runtime, the index of services), then each service's.
        runtime = [name for name in module_names(root, PACKAGE) if name.count(".") < 2]
        runtime = [name for name in runtime if name.partition(".")[2] not in taken]
        if failure := import_under_warnings_as_errors(root, PACKAGE, runtime):
            failures.append(f"{PACKAGE}: import under -W error: {failure[-3000:]}")
        failures += filter(None, pool.map(_warnings_as_errors, service_jobs, chunksize=1))
        print(
            f"import under -W error: {len(module_names(root, PACKAGE))} modules, "
            f"{len(failures)} failed, in {time.perf_counter() - start:.1f} s"
        )
        start = time.perf_counter()
        checked = args.mypy or [taken[package] for package in mypy_sample(spec_files)]
        # The sample generated into a package of its own: the whole package's index names every
        # service, which mypy would follow into all of them.
        packages = {service: package for package, service in taken.items()}
        sample_root = root / "mypy-sample"
        (sample_root / "specs").mkdir(parents=True)
        for service in checked:
            spec = spec_files[packages[service]]
            shutil.copyfile(spec, sample_root / "specs" / spec.name)
        generate_package(sample_root / "specs", sample_root, PACKAGE)
        mypy = mypy_strict(sample_root, PACKAGE)
        if mypy:
            failures.append(f"mypy --strict: {mypy[-5000:]}")
        print(
            f"mypy --strict on {', '.join(checked)}: {'failed' if mypy else 'clean'} "
            f"in {time.perf_counter() - start:.1f} s"
        )
        start = time.perf_counter()
        checks = [(job, args.examples, args.timeout) for job in service_jobs]
        operations = failed = 0
        for done, (count, found) in enumerate(
            pool.imap_unordered(_properties, checks, chunksize=1), 1
        ):
            operations += count
            failed += len(found)
            failures += found
            if done % 25 == 0 or done == len(checks):
                print(
                    f"  properties: {done}/{len(checks)} services, {operations} operations "
                    f"({failed} failed), {time.perf_counter() - start:.0f} s",
                    flush=True,
                )
    print(
        f"properties: {operations - failed}/{operations} operations passed, "
        f"{args.examples} examples each, in {time.perf_counter() - start:.0f} s"
    )
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""The services issue 17 point 1 brought in, whole: the four smithy-rpc-v2-cbor-only services
and the two json services with `awsQueryCompatible`, imported from botocore, generated into one
package, imported under `-W error`, checked by ruff and `mypy --strict`, and given the bounded
property check of tests/whole_services.py on every operation (`make test-protocol-services`).

    python -m tests.protocol_services [--out build/protocols] [--examples N]

Exit status 1 on any failure, with every failure listed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from generator.botocore_import import import_service
from tests.helpers import PROJECT
from tests.ml_estate import mypy_strict, tool_output
from tests.whole_services import (
    check_operations,
    generate_package,
    import_under_warnings_as_errors,
    load_services,
    module_names,
    operations,
)

CBOR_SERVICES = (
    "cloudwatchomni",
    "eventbridgev2",
    "partnercentral-marketing",
    "partnercentral-revenue-measurement",
)
QUERY_COMPATIBLE_SERVICES = ("cloudwatch", "sqs")
SERVICES = CBOR_SERVICES + QUERY_COMPATIBLE_SERVICES
PACKAGE = "generated_protocols"


def package_of(service: str) -> str:
    return service.replace("-", "_")  # as the importer names the package


def import_specs(specs_dir: Path, services: Sequence[str] = SERVICES) -> list[str]:
    """Writes each service's whole spec, as `import-botocore SERVICE --all`; returns the notes."""
    specs_dir.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    for service in services:
        text = import_service(service, None, notes=notes)
        (specs_dir / f"{package_of(service)}.yaml").write_text(text, encoding="utf-8")
    return notes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.protocol_services", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("build/protocols"))
    parser.add_argument("--examples", type=int, default=10)
    args = parser.parse_args(argv)
    root = args.out.resolve()
    failures: list[str] = []
    start = time.perf_counter()
    notes = import_specs(root / "specs")
    print(f"imported {len(SERVICES)} services in {time.perf_counter() - start:.0f}s")
    for note in notes:  # what CloudWatch leaves out (README: the census)
        print(f"note: {note}")
    start = time.perf_counter()
    generate_package(root / "specs", root, PACKAGE)
    print(
        f"generated {len(module_names(root, PACKAGE))} modules in"
        f" {time.perf_counter() - start:.0f}s"
    )
    for what, failure in (
        ("import under -W error", import_under_warnings_as_errors(root, PACKAGE)),
        # From the project, whose configuration says what generated code may do.
        ("ruff", tool_output(PROJECT, "ruff", "check", str(root / PACKAGE))),
        ("mypy --strict", mypy_strict(root, PACKAGE)),
    ):
        print(f"{what}: {'failed' if failure else 'ok'}")
        if failure:
            failures.append(f"{what}:\n{failure}")
    start = time.perf_counter()
    chosen = operations(load_services(root, PACKAGE, [package_of(s) for s in SERVICES]))
    names = {package_of(service): service for service in SERVICES}
    failures += check_operations(chosen, examples=args.examples, services=names)
    print(
        f"checked {len(chosen)} operations, {args.examples} examples each, in"
        f" {time.perf_counter() - start:.0f}s; {len(failures)} failures"
    )
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

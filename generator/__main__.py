"""Command line: `python -m generator {generate,import-botocore,drift}`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.diagnostics import SpecError

PROJECT = Path(__file__).resolve().parent.parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser("generate", help="generate the package from the specs")
    generate.add_argument("--specs", type=Path, default=PROJECT / "specs")
    generate.add_argument("--out", type=Path, default=PROJECT / "generated")
    generate.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 and list stale files"
    )

    importer = commands.add_parser(
        "import-botocore", help="write a spec from the installed botocore model"
    )
    importer.add_argument("service", help="botocore service name, e.g. bedrock")
    importer.add_argument("operations", nargs="*", help="operation names (default: all)")
    importer.add_argument("--out", type=Path, help="spec file to write (default: stdout)")

    drift = commands.add_parser(
        "drift", help="compare the specs with the installed botocore model; exit 1 on drift"
    )
    drift.add_argument("--specs", type=Path, default=PROJECT / "specs")

    args = parser.parse_args(argv)
    try:
        if args.command == "generate":
            return _generate(args.specs, args.out, check_only=args.check)
        if args.command == "import-botocore":
            return _import(args.service, args.operations, args.out)
        return _drift(args.specs)
    except SpecError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic, file=sys.stderr)
        print(f"{len(error.diagnostics)} problem(s) found; nothing was written", file=sys.stderr)
        return 2


def _generate(specs: Path, out: Path, *, check_only: bool) -> int:
    from generator.pipeline import generate, stale_files, write

    files = generate(specs)
    if check_only:
        stale = stale_files(files, out)
        for path in stale:
            print(f"stale: {out / path}", file=sys.stderr)
        if stale:
            print("run `make generate` to update", file=sys.stderr)
        return 1 if stale else 0
    for path in write(files, out):
        print(f"wrote {out / path}")
    return 0


def _import(service: str, operations: list[str], out: Path | None) -> int:
    from generator.botocore_import import BotocoreImportError, import_service

    try:
        text = import_service(service, operations or None)
    except BotocoreImportError as error:
        print(f"import-botocore: {error}", file=sys.stderr)
        return 2
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
    return 0


def _drift(specs: Path) -> int:
    from generator.drift import drift_for_spec
    from generator.pipeline import load_checked_specs

    drifted = False
    for spec in load_checked_specs(specs):
        lines = drift_for_spec(spec.data)
        for line in lines:
            print(f"{spec.file}: {line}")
        drifted = drifted or bool(lines)
    if not drifted:
        print("no drift")
    return 1 if drifted else 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line: `aws-ml-contracts {generate,import-botocore,drift}` (or `python -m generator`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.diagnostics import SpecError, ToolError
from generator.format_cache import default_cache_dir
from generator.output import Timings, package_name, stage, stale_files, write

# Relative to the current directory, as a team's project lays them out.
SPECS = Path("specs")
OUT = Path("generated")
BOTOCORE_ADVICE = "needs botocore: pip install 'aws-ml-contracts[botocore]'"


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """The command line; `prog` is how it was invoked (None: the console script's name)."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser("generate", help="generate the package from the specs")
    generate.add_argument(
        "--specs", type=Path, default=SPECS, help="directory of *.yaml specs (default: specs)"
    )
    generate.add_argument(
        "--out",
        type=Path,
        default=OUT,
        help="package directory to write; its last component is the package's name"
        " (default: generated)",
    )
    generate.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 and list stale files"
    )
    generate.add_argument(
        "--timings", action="store_true", help="print the seconds each stage took to stderr"
    )
    generate.add_argument(
        "--jobs",
        type=int,
        help="black processes (default: 1 for small outputs, one per CPU for large ones)",
    )
    caching = generate.add_mutually_exclusive_group()
    caching.add_argument(
        "--cache-dir",
        type=Path,
        help="directory of the cache of black's output (default: $AWS_ML_CONTRACTS_CACHE_DIR,"
        " else $XDG_CACHE_HOME/aws-ml-contracts, else ~/.cache/aws-ml-contracts)",
    )
    caching.add_argument(
        "--no-cache",
        action="store_true",
        help="format every file, without reading or writing the cache",
    )

    importer = commands.add_parser(
        "import-botocore", help="write a spec from the installed botocore model"
    )
    importer.add_argument("service", help="botocore service name, e.g. bedrock")
    importer.add_argument("operations", nargs="*", help="operation names")
    importer.add_argument(
        "--all",
        action="store_true",
        help="every operation of the service; paginators format 1 cannot express are left out"
        " with a note on stderr",
    )
    importer.add_argument("--out", type=Path, help="spec file to write (default: stdout)")
    importer.add_argument(
        "--merge",
        type=Path,
        metavar="FILE",
        help="add the operations to the spec FILE, in place, leaving its lines as they are",
    )
    _add_data_path(importer)

    drift = commands.add_parser(
        "drift", help="compare the specs with the installed botocore model; exit 1 on drift"
    )
    drift.add_argument(
        "--specs", type=Path, default=SPECS, help="directory of *.yaml specs (default: specs)"
    )
    _add_data_path(drift)

    args = parser.parse_args(argv)
    try:
        if args.command == "generate":
            return _generate(
                args.specs,
                args.out,
                check_only=args.check,
                timings=args.timings,
                jobs=args.jobs,
                cache_dir=None if args.no_cache else args.cache_dir or default_cache_dir(),
            )
        if args.command == "import-botocore":
            if bool(args.operations) == args.all:
                parser.error("import-botocore takes operation names or --all, not both or neither")
            if args.merge is not None and args.out is not None:
                parser.error("--merge writes FILE itself; it takes no --out")
            return _import(
                args.service,
                args.operations,
                args.out,
                whole=args.all,
                data_paths=args.data_path,
                merge=args.merge,
            )
        return _drift(args.specs, args.data_path)
    except SpecError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic, file=sys.stderr)
        print(f"{len(error.diagnostics)} problem(s) found; nothing was written", file=sys.stderr)
        return 2
    except ToolError as error:
        print(f"{parser.prog} {args.command}: {error}", file=sys.stderr)
        return 2


def _generate(
    specs: Path,
    out: Path,
    *,
    check_only: bool,
    timings: bool = False,
    jobs: int | None = None,
    cache_dir: Path | None = None,
) -> int:
    seconds: Timings = {}
    files = _output(specs, out, seconds, jobs=jobs, cache_dir=cache_dir)
    if check_only:
        stale = stale_files(files, out)
        for path in stale:
            print(f"stale: {out / path}", file=sys.stderr)
        if stale:
            print("run the same command without --check to update", file=sys.stderr)
        status = 1 if stale else 0
    else:
        with stage(seconds, "write"):
            changed = write(files, out)
        for path in changed:
            print(f"{'wrote' if path in files else 'removed'} {out / path}")
        status = 0
    if timings:
        _print_timings(seconds, files)
    return status


def _output(
    specs: Path, out: Path, seconds: Timings, *, jobs: int | None, cache_dir: Path | None
) -> dict[str, str]:
    """The files to write to `out`: from the run cache when none of the run's inputs changed,
    else generated (and kept in the run cache)."""
    from generator.run_cache import CheckedSpecs, RunCache

    package = package_name(out)
    runs = None if cache_dir is None else RunCache(cache_dir)
    inputs = None if runs is None else runs.inputs(specs, package)
    if runs is not None and inputs is not None:
        with stage(seconds, "cache"):
            files = runs.get(inputs)
        if files is not None:
            return files
    from generator.pipeline import generate
    from generator.render import format_cache

    cache = None if cache_dir is None else format_cache(cache_dir)
    checked = None if cache_dir is None else CheckedSpecs(cache_dir)
    files = generate(
        specs, package=package, timings=seconds, jobs=jobs, cache=cache, checked=checked
    )
    if runs is not None and inputs is not None:
        runs.put(inputs, files)
    caches = (cache, runs, checked)
    unwritable = next((c.unwritable for c in caches if c and c.unwritable), None)
    if unwritable is not None:
        print(f"note: formatted without the cache ({unwritable})", file=sys.stderr)
    return files


def _print_timings(seconds: dict[str, float], files: dict[str, str]) -> None:
    lines = sum(text.count("\n") for path, text in files.items() if path.endswith(".py"))
    stages = ", ".join(f"{name} {value:.2f}s" for name, value in seconds.items())
    print(
        f"timings: {stages}; total {sum(seconds.values()):.2f}s for {len(files)} files, "
        f"{lines} lines of Python",
        file=sys.stderr,
    )


def _add_data_path(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--data-path",
        action="append",
        default=[],
        metavar="DIR",
        help="a directory of botocore models, searched before AWS_DATA_PATH and botocore's own"
        " data (repeatable; several may be given separated by os.pathsep)",
    )


def _import(
    service: str,
    operations: list[str],
    out: Path | None,
    *,
    whole: bool,
    data_paths: list[str],
    merge: Path | None = None,
) -> int:
    try:
        from generator.botocore_import import BotocoreImportError, import_service, model_loader
        from generator.merge import merge_operations
    except ModuleNotFoundError as error:
        return _missing(error, "import-botocore")

    notes: list[str] = []
    wanted = None if whole else operations
    try:
        loader = model_loader(data_paths)
        if merge is not None:
            text, kept = merge_operations(
                merge.read_text(encoding="utf-8"),
                str(merge),
                service,
                wanted,
                loader=loader,
                notes=notes if whole else None,
            )
            notes += [f"operation {name} is already in {merge}, as in the model" for name in kept]
        else:
            text = import_service(service, wanted, notes=notes if whole else None, loader=loader)
    except (BotocoreImportError, OSError) as error:
        print(f"import-botocore: {error}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"import-botocore: note: {note}", file=sys.stderr)
    if merge is not None:
        merge.write_text(text, encoding="utf-8")
    elif out is None:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return 0


def _drift(specs: Path, data_paths: list[str]) -> int:
    try:
        from generator.botocore_import import BotocoreImportError, model_loader
        from generator.drift import drift_for_spec
    except ModuleNotFoundError as error:
        return _missing(error, "drift")
    from generator.pipeline import load_checked_specs

    try:
        loader = model_loader(data_paths)
    except BotocoreImportError as error:
        print(f"drift: {error}", file=sys.stderr)
        return 2
    drifted = False
    for spec in load_checked_specs(specs):
        lines = drift_for_spec(spec.data, loader)
        for line in lines:
            print(f"{spec.file}: {line}")
        drifted = drifted or bool(lines)
    if not drifted:
        print("no drift")
    return 1 if drifted else 0


def _missing(error: ModuleNotFoundError, command: str) -> int:
    """One line of advice when botocore, an optional dependency, is not installed."""
    if error.name != "botocore":
        raise error
    print(f"{command} {BOTOCORE_ADVICE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(prog="python -m generator"))

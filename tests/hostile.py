"""Generate a package from spec text into a temporary directory and import it, for tests that
point the generator at unusual or hostile specs."""

from __future__ import annotations

import importlib
import itertools
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from generator.pipeline import generate, write

_PACKAGES = itertools.count()


def generate_package(tmp_path: Path, spec_text: str, spec_name: str = "widgets.yaml") -> str:
    """Writes the spec, generates a package under a fresh name, and returns that name."""
    specs = tmp_path / "specs"
    specs.mkdir(exist_ok=True)
    (specs / spec_name).write_text(spec_text, encoding="utf-8")
    package = f"hostile_{next(_PACKAGES)}_{tmp_path.name.replace('-', '_')}"
    write(generate(specs, package=package), tmp_path / package)
    return package


def import_all_under_warnings_as_errors(tmp_path: Path, package: str) -> None:
    """Imports every generated module in a fresh interpreter with `-W error`."""
    modules = sorted(
        ".".join(
            (package, *path.relative_to(tmp_path / package).with_suffix("").parts)
        ).removesuffix(".__init__")
        for path in (tmp_path / package).rglob("*.py")
    )
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code, *modules],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def load(tmp_path: Path, package: str, module: str) -> ModuleType:
    if str(tmp_path) not in sys.path:
        sys.path.insert(0, str(tmp_path))
    return importlib.import_module(f"{package}.{module}")

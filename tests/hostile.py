"""Generate a package from spec text into a temporary directory and import it, for tests that
point the generator at unusual or hostile specs."""

from __future__ import annotations

import importlib
import itertools
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import black

from generator.pipeline import generate, write
from generator.render import SETTLED_TEMPLATES

_PACKAGES = itertools.count()


def generate_package(tmp_path: Path, spec_text: str, spec_name: str = "widgets.yaml") -> str:
    """Writes the spec, generates a package under a fresh name, and returns that name."""
    specs = tmp_path / "specs"
    specs.mkdir(exist_ok=True)
    (specs / spec_name).write_text(spec_text, encoding="utf-8")
    package = f"hostile_{next(_PACKAGES)}_{tmp_path.name.replace('-', '_')}"
    files = generate(specs, package=package)
    assert_settled_files_are_blacks_form(files)
    write(files, tmp_path / package)
    return package


_SETTLED_NAMES = frozenset(
    template.split("/")[-1].removesuffix(".jinja") for template in SETTLED_TEMPLATES
)
_MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311}, line_length=100)


def assert_settled_files_are_blacks_form(files: dict[str, str]) -> None:
    """black leaves each file of a settled template as the generator wrote it (most of them it
    never saw: see generator/black_form.py)."""
    for path, text in files.items():
        if path.split("/")[-1] in _SETTLED_NAMES:
            assert black.format_str(text, mode=_MODE) == text, path


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

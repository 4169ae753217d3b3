"""The generator as another project installs it: README's commands in a fresh virtualenv.

The commands are read from the README's "Use it in your own project" block, so that README and
test cannot drift apart, and run as they are in an empty folder next to a copy of this checkout.
The one thing the test adds is a pip constraint file pinning every distribution to the version
this virtualenv holds, so that pip takes them from its cache and the test does not depend on
what PyPI published last.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import PROJECT

SECTION = "## Use it in your own project\n"
# What a checkout holds that is not part of it: virtualenvs, build output, caches.
NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "*.egg-info",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
)
# Run by the fresh virtualenv's Python in the project folder: what the install put where.
INSPECT = """
import importlib.metadata, importlib.util, json
import generator
dist = importlib.metadata.distribution("aws-ml-contracts")
print(json.dumps({
    "files": sorted(str(path) for path in dist.files or ()),
    "requires": dist.requires or [],
    "generator": generator.__file__,
    "generated": importlib.util.find_spec("generated") is not None,
}))
"""


def readme_commands() -> str:
    """The shell block of the README's section on using the generator in another project."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(SECTION) :]
    match = re.search(r"^```sh\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    assert match, "the section has no ```sh block"
    return match.group(1)


# Not pinned: the project itself, and what pip's isolated build installs (setuptools>=68).
UNPINNED = frozenset({"aws-ml-contracts", "pip", "setuptools", "wheel"})


def _constraints(path: Path) -> Path:
    pins = sorted(
        f"{dist.metadata['Name']}=={dist.version}"
        for dist in importlib.metadata.distributions()
        if dist.metadata["Name"].lower() not in UNPINNED
    )
    path.write_text("\n".join(pins) + "\n", encoding="utf-8")
    return path


def test_readme_commands_make_a_tested_package_in_an_empty_folder(tmp_path: Path) -> None:
    shutil.copytree(PROJECT, tmp_path / "aws-ml-contracts", ignore=NOT_SOURCE)
    project = tmp_path / "project"
    project.mkdir()
    # `python3` is this interpreter; nothing else of this virtualenv is on the PATH.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"VIRTUAL_ENV", "PYTHONPATH", "HYPOTHESIS_PROFILE"}
    }
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PIP_CONSTRAINT"] = str(_constraints(tmp_path / "constraints.txt"))
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"

    result = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", readme_commands()],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^1 passed in ", result.stdout, re.MULTILINE), result.stdout

    venv_python = project / ".venv" / "bin" / "python"
    inspected = subprocess.run(
        [str(venv_python), "-c", INSPECT],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    )
    installed = json.loads(inspected.stdout)
    # A wheel in site-packages, not an editable install pointing back at the checkout.
    assert Path(installed["generator"]).is_relative_to(project / ".venv")
    assert not any("__editable__" in path for path in installed["files"])
    # Templates, the runtime and the spec schema ship as package data ...
    assert {
        "generator/spec_schema.json",
        "generator/templates/__init__.py.jinja",
        "generator/runtime/pagination.py",
        "generator/templates/service/_models/structures.py.jinja",
    } <= set(installed["files"])
    # ... and this repository's own `generated/` does not: a team's package is its own.
    assert not any(path.startswith("generated/") for path in installed["files"])
    assert installed["generated"] is False
    # Generating needs neither botocore (an extra) nor hypothesis (the generated package's).
    unconditional = [req for req in installed["requires"] if "extra ==" not in req]
    assert not [req for req in unconditional if re.match(r"(botocore|hypothesis)\b", req)]
    assert any(re.match(r'botocore\b.*extra == "botocore"', req) for req in installed["requires"])


def test_make_generate_installs_the_botocore_extra() -> None:
    # `make generate`'s virtualenv runs the README's `import-botocore` too.
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("$(VENV)/.base:") :].split("\n\n", 1)[0]
    assert "install --quiet --disable-pip-version-check -e '.[botocore]'" in recipe

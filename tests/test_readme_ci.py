"""The README's CI lines, run as they are written: the GitHub Actions steps of the conformance
command and the pytest plugin's five lines, against moto_server on a free loopback port, with
this repository's package (`generated`) for the README's `acme_contracts`. Each run is cut to the
pagination phase: the phases change nothing these lines depend on (the server, credentials and
region, the JUnit file), and a default run is timed in the README instead."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import yaml

from tests.helpers import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent


def _block(after: str, language: str) -> str:
    """The first fenced block of `language` after the text `after`."""
    found = re.search(rf"```{language}\n(.*?)```", README[README.index(after) :], re.DOTALL)
    assert found is not None
    return found.group(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _run(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`script` in bash, the README's names and port swapped in; what it starts ends with it."""
    port = str(_free_port())
    script = script.replace("acme_contracts", "generated").replace("5000", port)
    return subprocess.run(
        ["bash", "-e", "-c", f"trap 'kill $(jobs -p) 2> /dev/null' EXIT\n{script}"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={
            "PATH": f"{BIN}:/usr/bin:/bin",
            "PYTHONPATH": str(PROJECT),
            "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_EC2_METADATA_DISABLED": "true",
            **env,
        },
    )


def test_the_github_actions_steps_run_and_write_the_junit_report(tmp_path: Path) -> None:
    steps: list[dict[str, Any]] = yaml.safe_load(_block("In CI, the steps", "yaml"))
    *runs, report = steps
    assert report["uses"].startswith("mikepenz/action-junit-report@")
    assert report["if"] == "always()"  # the report is read when violations fail the step
    (command,) = [step for step in runs if "--junit-xml" in step["run"]]
    junit = command["run"].split("--junit-xml ")[1].split()[0]
    assert report["with"]["report_paths"] == junit
    script = ""
    for step in runs:
        if step["run"].startswith("pip install"):
            continue  # installed here already
        run = step["run"] + (" --phases pagination" if step is command else "")
        exports = "".join(f"export {name}={value}\n" for name, value in step.get("env", {}).items())
        # A step's env is its own; the server's step runs in the shell that ends what it started.
        script += f"({exports}{run})\n" if exports else f"{run}\n"
    result = _run(script, tmp_path, {"GITHUB_RUN_NUMBER": "7"})
    assert result.returncode == 0, result.stdout + result.stderr
    suite = ElementTree.parse(tmp_path / junit).getroot().find("testsuite")
    assert suite is not None
    assert suite.get("name") == "conformance.bedrock"
    assert (tmp_path / "conformance.json").exists()


def test_the_plugins_five_lines_run(tmp_path: Path) -> None:
    lines = _block("In five lines", "sh").splitlines()
    assert len(lines) == 5
    cut = [
        line + " --contract-phases pagination" if line.startswith("pytest ") else line
        for line in lines
    ]
    result = _run("\n".join(cut), tmp_path, {})
    assert result.returncode == 0, result.stdout + result.stderr
    # Both runs: the stub clients', then moto_server's, each one test per operation.
    assert result.stdout.count("2 passed") == 2, result.stdout
    suite = ElementTree.parse(tmp_path / "contract.xml").getroot().find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "2"

"""A service whose botocore name is not its package's (`bedrock-agent`, package `bedrock_agent`):
the conformance command, the pytest plugin and the reproducers use botocore's name, which the
generated package records (`BOTOCORE_NAME`), against moto_server on a loopback port
(the `moto_server` fixture of conftest.py)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import MINIMAL_SPEC, edit, run_generator
from tests.hostile import generate_package, load

pytest_plugins = ["pytester"]

PACKAGE = "agent_contracts"
_TESTING = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "PATH": ""}


@pytest.fixture(scope="module")
def agent_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding a package generated from botocore's bedrock-agent ListAgents."""
    root = tmp_path_factory.mktemp("agent")
    spec = root / "specs" / "bedrock_agent.yaml"
    imported = run_generator("import-botocore", "bedrock-agent", "ListAgents", "--out", str(spec))
    assert imported.returncode == 0, imported.stderr
    generated = run_generator("generate", "--specs", str(spec.parent), "--out", str(root / PACKAGE))
    assert generated.returncode == 0, generated.stderr
    return root


def test_the_package_records_botocore_s_name(agent_package: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(agent_package))
    try:
        service = importlib.import_module(f"{PACKAGE}.bedrock_agent")
    finally:
        sys.path.remove(str(agent_package))
    assert service.BOTOCORE_NAME == "bedrock-agent"  # from the model the spec was imported from
    # A spec written by hand: its package, with botocore's `-` for `_`.
    package = generate_package(tmp_path, edit(MINIMAL_SPEC, "package: widgets", "package: a_b"))
    assert load(tmp_path, package, "a_b").BOTOCORE_NAME == "a-b"


def test_the_command_checks_the_service_by_botocore_s_name(
    agent_package: Path, moto_server: str, tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", f"{PACKAGE}.conformance", "bedrock_agent", "--examples", "2"]
    result = subprocess.run(
        [*command, "--endpoint-url", moto_server, "--json", str(report)],
        cwd=agent_package,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=_TESTING,
    )
    # Not 2: the client was made, and its requests reached moto's bedrock-agent.
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(report.read_text("utf-8"))
    assert data["requests"] > 0
    assert data["coverage"]["ListAgents"]["exercised"]
    clis = [violation["cli"] for violation in data["violations"]]
    assert clis, result.stdout  # moto takes a maxResults past the model's maximum
    assert all(cli.startswith("aws bedrock-agent list-agents") for cli in clis if cli)


def test_the_plugin_checks_the_service_by_botocore_s_name(
    pytester: pytest.Pytester,
    agent_package: Path,
    moto_server: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {**_TESTING, "AWS_DEFAULT_REGION": "us-east-1"}.items():
        if name != "PATH":
            monkeypatch.setenv(name, value)
    pytester.syspathinsert(agent_package)
    pytester.makeconftest(f'pytest_plugins = ["{PACKAGE}.pytest_plugin"]\n')
    result = pytester.runpytest(
        "-v",
        f"--contract-endpoint={moto_server}",
        "--contract-phases=boundary",
        "--contract-examples=2",
    )
    # It ran: moto's bedrock-agent answered, and takes what the model refuses.
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*_ contract::bedrock_agent::ListAgents _*", "* violation(s) of bedrock_agent ListAgents:"]
    )
    assert "no client" not in result.stdout.str()

"""The command line: import-botocore and drift as a user runs them."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import PROJECT, edit, run_generator


def test_import_botocore_reproduces_the_committed_spec(tmp_path: Path) -> None:
    out = tmp_path / "cleanroomsml.yaml"
    result = run_generator(
        "import-botocore",
        "cleanroomsml",
        "ListTrainedModels",
        "ListTrainedModelVersions",
        "ListTrainedModelInferenceJobs",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == (PROJECT / "specs" / "cleanroomsml.yaml").read_bytes()


def test_import_botocore_names_an_unknown_operation() -> None:
    result = run_generator("import-botocore", "bedrock", "ListNothing")
    assert result.returncode == 2
    assert "ListNothing" in result.stderr
    assert "Traceback" not in result.stderr


def test_drift_is_clean_for_the_committed_specs() -> None:
    result = run_generator("drift")
    assert (result.returncode, result.stdout) == (0, "no drift\n"), result.stderr


def test_drift_reports_a_changed_limit_and_exits_1(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(PROJECT / "specs", specs)
    spec = specs / "bedrock.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(edit(text, "    max: 1000\n", "    max: 500\n"), encoding="utf-8")
    result = run_generator("drift", "--specs", str(specs))
    assert result.returncode == 1
    assert "specs/bedrock.yaml: shape MaxResults: max 500 -> 1000" in result.stdout

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


def test_import_botocore_takes_operations_or_all_but_not_both() -> None:
    for args in (("bedrock",), ("bedrock", "ListCustomModels", "--all")):
        result = run_generator("import-botocore", *args)
        assert result.returncode == 2
        assert "operation names or --all" in result.stderr


def test_import_botocore_all_notes_left_out_paginators(tmp_path: Path) -> None:
    out = tmp_path / "nested" / "devops_guru.yaml"
    result = run_generator("import-botocore", "devops-guru", "--all", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (
        "import-botocore: note: operation ListInsights paginator: result_key is "
        "['ProactiveInsights', 'ReactiveInsights']" in result.stderr
    )
    assert "ListInsights:" in out.read_text(encoding="utf-8")


def test_generate_timings_name_every_stage(tmp_path: Path) -> None:
    result = run_generator("generate", "--out", str(tmp_path / "out"), "--timings", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("timings: load ")
    for stage in ("check", "build", "render", "format", "write"):
        assert f" {stage} " in line
    committed = [
        path
        for path in (PROJECT / "generated").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]
    assert f" {len(committed)} files" in line
    # Formatting in two processes gives the committed package, byte for byte.
    for path in (PROJECT / "generated").rglob("*.py"):
        relative = path.relative_to(PROJECT / "generated")
        assert (tmp_path / "out" / relative).read_bytes() == path.read_bytes(), relative

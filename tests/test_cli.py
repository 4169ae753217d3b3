"""The command line: generate, import-botocore and drift as a user runs them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import MINIMAL_SPEC, PROJECT, edit, run_generator

# A module path into a package named `generated` (`generated.pagination`), not prose ("generated.")
_GENERATED_MODULE_PATH = re.compile(r"\bgenerated\.\w")


def _run_after(
    setup: str, value: str, *args: str, cwd: Path = PROJECT
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` after the statement `setup` ran with `value` as `sys.argv[1]`."""
    code = (
        f"import sys; {setup}; from generator.__main__ import main; "
        "sys.exit(main(sys.argv[2:], prog='python -m generator'))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, value, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _run_without(module: str, *args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` in an interpreter where `module` cannot be imported."""
    return _run_after("sys.modules[sys.argv[1]] = None", module, *args, cwd=cwd)


def _minimal_specs(root: Path) -> Path:
    specs = root / "specs"
    specs.mkdir(parents=True)
    (specs / "widgets.yaml").write_text(MINIMAL_SPEC, encoding="utf-8")
    return specs


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
    assert f"{spec}: shape MaxResults: max 500 -> 1000" in result.stdout


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
        "import-botocore: note: operation ListAnomalousLogGroups paginator: result_key InsightId"
        " is a string" in result.stderr
    )
    assert "ListAnomalousLogGroups:" in out.read_text(encoding="utf-8")


def test_generate_defaults_to_the_current_directory_and_times_every_stage(tmp_path: Path) -> None:
    shutil.copytree(PROJECT / "specs", tmp_path / "specs")
    out = tmp_path / "generated"
    # --no-cache: black itself runs in two processes, not the cache the other tests filled.
    result = run_generator("generate", "--timings", "--jobs", "2", "--no-cache", cwd=tmp_path)
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
        assert (out / relative).read_bytes() == path.read_bytes(), relative


@pytest.mark.parametrize(
    ("layout", "args", "message"),
    [
        ("empty", (), "no specs: specs is not a directory (give --specs DIR)"),
        ("no-yaml", (), "no specs: specs holds no *.yaml files (give --specs DIR)"),
        (
            "minimal",
            ("--out", "src/acme-contracts"),
            "the package name 'acme-contracts' (the last component of --out) is not a Python"
            " identifier of ASCII letters, digits and _, or is a keyword",
        ),
        (
            "minimal",
            ("--out", "src/class"),
            "the package name 'class' (the last component of --out) is not a Python"
            " identifier of ASCII letters, digits and _, or is a keyword",
        ),
    ],
)
def test_generate_that_cannot_do_its_job_says_so_in_one_line(
    tmp_path: Path, layout: str, args: tuple[str, ...], message: str
) -> None:
    if layout == "no-yaml":
        (tmp_path / "specs").mkdir()
        (tmp_path / "specs" / "widgets.yml").write_text(MINIMAL_SPEC, encoding="utf-8")
    elif layout == "minimal":
        _minimal_specs(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    result = run_generator("generate", *args, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, f"python -m generator generate: {message}\n")
    assert sorted(tmp_path.rglob("*")) == before


@pytest.mark.parametrize(
    ("templates", "message"),
    [
        ("missing_templates", "no templates: missing_templates is not installed ("),
        # A wheel built without the package data: the package, but no template in it.
        ("empty_templates", "no templates: empty_templates holds no *.jinja files"),
    ],
)
def test_generate_without_templates_says_so_in_one_line(
    tmp_path: Path, templates: str, message: str
) -> None:
    _minimal_specs(tmp_path)
    (tmp_path / "empty_templates").mkdir()
    (tmp_path / "empty_templates" / "__init__.py").write_text("")
    setup = "import generator.render; generator.render.TEMPLATES_PACKAGE = sys.argv[1]"
    result = _run_after(setup, templates, "generate", cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"python -m generator generate: {message}"), line
    assert not (tmp_path / "generated").exists()


def test_spec_problems_name_the_spec_as_the_user_gave_it(tmp_path: Path) -> None:
    specs = _minimal_specs(tmp_path / "x")
    (specs / "widgets.yaml").write_text(MINIMAL_SPEC + "  bad: [unclosed\n", encoding="utf-8")
    (tmp_path / "work").mkdir()
    result = run_generator("generate", "--specs", "../x/specs", cwd=tmp_path / "work")
    assert result.returncode == 2
    first, last = result.stderr.splitlines()
    assert first.startswith("../x/specs/widgets.yaml:"), result.stderr
    assert last == "1 problem(s) found; nothing was written"


def test_the_output_package_is_named_after_out(tmp_path: Path) -> None:
    # The committed package speaks of itself as `generated`: the patterns below find something.
    assert any(
        _GENERATED_MODULE_PATH.search(path.read_text(encoding="utf-8"))
        for path in (PROJECT / "generated").rglob("*.py")
    )
    specs = _minimal_specs(tmp_path)
    out = tmp_path / "src" / "acme_contracts"
    assert run_generator("generate", "--specs", str(specs), "--out", str(out)).returncode == 0
    for path in out.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not _GENERATED_MODULE_PATH.search(text), path
    assert "package of `acme_contracts` exposes" in (out / "__init__.py").read_text(
        encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-m", "acme_contracts.conformance", "--help"],
        cwd=tmp_path / "src",
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: python -m acme_contracts.conformance [-h]")


def test_console_script_and_module_name_themselves_in_usage() -> None:
    script = Path(sys.executable).parent / "aws-ml-contracts"
    for command, prog in (
        ([str(script)], "aws-ml-contracts"),
        ([sys.executable, "-m", "generator"], "python -m generator"),
    ):
        for args, usage in (([], "{generate,import-botocore,drift}"), (["generate"], "[-h]")):
            result = subprocess.run(
                [*command, *args, "--help"], capture_output=True, text=True, check=True
            )
            assert result.stdout.startswith(f"usage: {prog} {' '.join(args)}".rstrip() + " ")
            assert usage in result.stdout


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (("import-botocore", "bedrock", "ListCustomModels"), "import-botocore"),
        (("drift",), "drift"),
    ],
)
def test_missing_botocore_is_one_line_of_advice(args: tuple[str, ...], command: str) -> None:
    result = _run_without("botocore", *args)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"{command} needs botocore: pip install 'aws-ml-contracts[botocore]'\n"


def test_generating_does_not_need_hypothesis(tmp_path: Path) -> None:
    specs = _minimal_specs(tmp_path)
    result = _run_without(
        "hypothesis", "generate", "--specs", str(specs), "--out", "widgets_pkg", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    strategies = tmp_path / "widgets_pkg" / "widgets" / "strategies.py"
    assert "from hypothesis import" in strategies.read_text(encoding="utf-8")

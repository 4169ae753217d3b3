"""The run cache: a run whose inputs did not change is answered whole, and any change misses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator import __main__ as cli
from generator import pipeline, run_cache
from generator.diagnostics import Diagnostic
from generator.load import LoadedSpec
from generator.run_cache import RunCache, generator_identity
from tests.helpers import MINIMAL_SPEC, PROJECT, edit


def _specs(root: Path, text: str = MINIMAL_SPEC) -> Path:
    specs = root / "specs"
    specs.mkdir(parents=True, exist_ok=True)
    (specs / "widgets.yaml").write_text(text, encoding="utf-8")
    return specs


def _generate(specs: Path, out: Path, cache: Path, *extra: str) -> int:
    return cli.main(
        ["generate", "--specs", str(specs), "--out", str(out), "--cache-dir", str(cache), *extra]
    )


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _runs(cache: Path) -> list[Path]:
    return sorted(path for path in (cache / "runs-v1").rglob("*") if path.is_file())


def test_a_run_with_the_same_inputs_is_answered_without_the_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs, cache = _specs(tmp_path), tmp_path / "cache"
    assert _generate(specs, tmp_path / "first" / "widgets", cache) == 0
    assert len(_runs(cache)) == 1

    def refuse(*args: object, **kwargs: object) -> dict[str, str]:
        raise AssertionError("the pipeline ran for inputs the run cache holds")

    monkeypatch.setattr(pipeline, "generate", refuse)
    assert _generate(specs, tmp_path / "second" / "widgets", cache) == 0
    assert _generate(specs, tmp_path / "second" / "widgets", cache, "--check") == 0
    monkeypatch.undo()
    uncached = ["generate", "--specs", str(specs), "--out", str(tmp_path / "uncached" / "widgets")]
    assert cli.main([*uncached, "--no-cache"]) == 0
    first = _tree(tmp_path / "first")
    assert first
    assert first == _tree(tmp_path / "second") == _tree(tmp_path / "uncached")


def test_a_hit_imports_none_of_the_pipeline(tmp_path: Path) -> None:
    specs, cache = _specs(tmp_path), tmp_path / "cache"
    command = ["--specs", str(specs), "--out", str(tmp_path / "widgets"), "--cache-dir", str(cache)]
    probe = (
        "import sys; from generator.__main__ import main; status = main(sys.argv[1:]);"
        " print(status, sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('jinja2', 'black', 'yaml', 'jsonschema') or m == 'generator.pipeline'))"
    )
    seen = []
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-c", probe, "generate", *command],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        seen.append(result.stdout.splitlines()[-1])
    assert seen[0].startswith("0 [")
    assert "generator.pipeline" in seen[0]
    assert seen[1] == "0 []"


def test_every_input_is_in_the_key(tmp_path: Path) -> None:
    specs = _specs(tmp_path / "a")
    key = RunCache.inputs(specs, "widgets")
    assert key == RunCache.inputs(specs, "widgets")
    others = {RunCache.inputs(specs, "gadgets")}
    renamed = _specs(tmp_path / "b" / "other")
    others.add(RunCache.inputs(renamed.parent, "widgets"))
    (specs / "widgets.yaml").write_text(
        edit(MINIMAL_SPEC, "full_name: Widget Service", "full_name: Gizmo Service"),
        encoding="utf-8",
    )
    others.add(RunCache.inputs(specs, "widgets"))
    (specs / "more.yaml").write_text(MINIMAL_SPEC, encoding="utf-8")
    others.add(RunCache.inputs(specs, "widgets"))
    (specs / "widgets.yaml").rename(specs / "gizmos.yaml")
    others.add(RunCache.inputs(specs, "widgets"))
    assert key not in others
    assert len(others) == 5


def test_a_change_to_the_generator_changes_its_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module, template = tmp_path / "generator" / "x.py", tmp_path / "templates" / "t.jinja"
    for path in (module, template):
        path.parent.mkdir()
        path.write_text("1", encoding="utf-8")
    monkeypatch.setattr(run_cache, "_source_roots", lambda: (module.parent, template.parent))
    identities = []
    for path, text in ((module, "1"), (module, "2"), (template, "2"), (template, "2")):
        path.write_text(text, encoding="utf-8")
        generator_identity.cache_clear()
        identities.append(generator_identity())
    generator_identity.cache_clear()
    assert len(set(identities)) == 3
    assert identities[2] == identities[3]


# Entries cut short or grown: either no longer matches its checksum.
_DAMAGES = [lambda data: data[:-2], lambda data: data + b"x"]


@pytest.mark.parametrize("damage", _DAMAGES)
def test_a_damaged_run_entry_is_generated_and_written_again(
    tmp_path: Path, damage: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs, cache = _specs(tmp_path), tmp_path / "cache"
    assert _generate(specs, tmp_path / "first" / "widgets", cache) == 0
    (entry,) = _runs(cache)
    sound = entry.read_bytes()
    assert callable(damage)
    entry.write_bytes(damage(sound))
    ran = []
    original = pipeline.generate

    def counting(*args: object, **kwargs: object) -> dict[str, str]:
        ran.append(True)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "generate", counting)
    assert _generate(specs, tmp_path / "second" / "widgets", cache) == 0
    assert ran
    assert entry.read_bytes() == sound
    assert _tree(tmp_path / "first") == _tree(tmp_path / "second")


def test_a_spec_with_problems_is_reported_every_time_and_never_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs, cache = (
        _specs(
            tmp_path,
            edit(MINIMAL_SPEC, "service_id: Widgets\n", "service_id: Widgets\n  bogus: 1\n"),
        ),
        tmp_path,
    )
    reports = []
    for _ in range(2):
        assert _generate(specs, tmp_path / "widgets", cache / "cache") == 2
        reports.append(capsys.readouterr().err)
    assert reports[0] == reports[1]
    assert "problem(s) found" in reports[0]
    assert not (cache / "cache" / "runs-v1").exists()


def _checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files `check` is called on from now on."""
    checked: list[str] = []
    original = pipeline.check

    def counting(spec: LoadedSpec) -> list[Diagnostic]:
        checked.append(Path(spec.file).name)
        return original(spec)

    monkeypatch.setattr(pipeline, "check", counting)
    return checked


def test_a_spec_that_passed_check_is_not_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs, cache = _specs(tmp_path), tmp_path / "cache"
    (specs / "gadgets.yaml").write_text(
        edit(MINIMAL_SPEC, "package: widgets", "package: gadgets"), encoding="utf-8"
    )
    checked = _checks(monkeypatch)
    assert _generate(specs, tmp_path / "first" / "widgets", cache) == 0
    assert checked == ["gadgets.yaml", "widgets.yaml"]
    # One spec changes: the run cache misses, and only that spec is checked again.
    widgets = specs / "widgets.yaml"
    widgets.write_text(
        edit(widgets.read_text(encoding="utf-8"), "Lists widgets.", "Lists the widgets."),
        encoding="utf-8",
    )
    checked.clear()
    assert _generate(specs, tmp_path / "second" / "widgets", cache) == 0
    assert checked == ["widgets.yaml"]
    # Without the cache every spec is checked, and the output is the same.
    checked.clear()
    uncached = ["generate", "--specs", str(specs), "--out", str(tmp_path / "uncached" / "widgets")]
    assert cli.main([*uncached, "--no-cache"]) == 0
    assert checked == ["gadgets.yaml", "widgets.yaml"]
    assert _tree(tmp_path / "second") == _tree(tmp_path / "uncached")


def test_a_spec_with_problems_is_checked_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = edit(MINIMAL_SPEC, "service_id: Widgets\n", "service_id: Widgets\n  bogus: 1\n")
    specs, cache = _specs(tmp_path, bad), tmp_path / "cache"
    checked = _checks(monkeypatch)
    for _ in range(2):
        assert _generate(specs, tmp_path / "widgets", cache) == 2
    assert checked == ["widgets.yaml", "widgets.yaml"]
    assert not (cache / "checked-v1").exists()


@pytest.mark.parametrize("damage", _DAMAGES)
def test_a_damaged_check_entry_is_checked_and_written_again(
    tmp_path: Path, damage: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs, cache = _specs(tmp_path), tmp_path / "cache"
    checked = _checks(monkeypatch)
    assert _generate(specs, tmp_path / "first" / "widgets", cache) == 0
    (entry,) = sorted(path for path in (cache / "checked-v1").rglob("*") if path.is_file())
    sound = entry.read_bytes()
    assert callable(damage)
    entry.write_bytes(damage(sound))
    for run in _runs(cache):  # so that the run is generated rather than answered whole
        run.unlink()
    checked.clear()
    assert _generate(specs, tmp_path / "second" / "widgets", cache) == 0
    assert checked == ["widgets.yaml"]
    assert entry.read_bytes() == sound

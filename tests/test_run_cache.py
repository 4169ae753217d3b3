"""The run cache: a run whose inputs did not change is answered whole, and any change misses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator import __main__ as cli
from generator import pipeline, run_cache
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


@pytest.mark.parametrize("damage", [lambda data: data[:-2], lambda data: data + b"x"])
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

"""The cache of black's output: same bytes with and without it, robust to damage and to races."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest

from generator import render
from generator.black_form import settle
from generator.format_cache import ENV_VAR, FormatCache, default_cache_dir
from generator.pipeline import generate, load_package
from generator.render import format_cache, format_files, format_source, render_templates
from tests.helpers import MINIMAL_SPEC, PROJECT, run_generator

UNFORMATTED = {
    "a.py": "x = [1,\n  2]\n",
    "b.py": "def f( y ):\n  return y\n",
    "notes.txt": "x = [1,\n  2]\n",
}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def _entries(cache_dir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(cache_dir).as_posix(): path.read_bytes()
        for path in cache_dir.rglob("*")
        if path.is_file()
    }


def _minimal_specs(root: Path) -> Path:
    specs = root / "specs"
    specs.mkdir(parents=True)
    (specs / "widgets.yaml").write_text(MINIMAL_SPEC, encoding="utf-8")
    return specs


def _generator(*args: str, cache_env: Path | None = None) -> subprocess.Popen[str]:
    """`generate ARGS`, started; `cache_env` is $AWS_ML_CONTRACTS_CACHE_DIR (None: as it is)."""
    env = dict(os.environ) if cache_env is None else {**os.environ, ENV_VAR: str(cache_env)}
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", *args],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finished(process: subprocess.Popen[str]) -> None:
    _, stderr = process.communicate(timeout=300)
    assert (process.returncode, stderr) == (0, "")


def test_cold_concurrent_warm_and_uncached_runs_all_give_the_committed_package(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    # Two cold generations at once, into the same cache: both write every entry.
    racers = [
        _generator("--out", str(tmp_path / f"cold{i}" / "generated"), "--cache-dir", str(cache))
        for i in (0, 1)
    ]
    for racer in racers:
        _finished(racer)
    entries = _entries(cache)
    assert entries
    assert not [name for name in entries if name.endswith(".tmp")]
    _finished(_generator("--out", str(tmp_path / "warm" / "generated"), "--cache-dir", str(cache)))
    assert _entries(cache) == entries
    # --no-cache neither reads nor writes the cache the environment names.
    uncached = tmp_path / "uncached"
    _finished(
        _generator("--out", str(tmp_path / "none" / "generated"), "--no-cache", cache_env=uncached)
    )
    assert not uncached.exists()
    committed = _tree(PROJECT / "generated")
    for run in ("cold0", "cold1", "warm", "none"):
        assert _tree(tmp_path / run / "generated") == committed, run


def test_a_second_generation_formats_and_settles_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = _minimal_specs(tmp_path)
    calls: list[str] = []

    def counting(text: str) -> str:
        calls.append(text)
        return settle(text)

    monkeypatch.setattr(render, "settle", counting)
    first = generate(specs, package="widgets", jobs=1, cache=format_cache(tmp_path / "cache"))
    assert calls

    def refuse(text: str) -> str:
        raise AssertionError("black was called on a cached file")

    monkeypatch.setattr(render, "format_source", refuse)
    monkeypatch.setattr(render, "_format_in_worker", refuse)
    # Settled files are kept by their rendered text: a warm run does not settle them either.
    monkeypatch.setattr(render, "settle", refuse)
    second = generate(specs, package="widgets", jobs=1, cache=format_cache(tmp_path / "cache"))
    assert second == first
    monkeypatch.undo()
    assert generate(specs, package="widgets", jobs=1) == first


def test_parallel_formatting_sends_only_misses_to_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = format_cache(tmp_path)
    expected = {
        path: format_source(text) if path.endswith(".py") else text
        for path, text in UNFORMATTED.items()
    }
    assert format_files(UNFORMATTED, jobs=2, cache=cache) == expected
    sent: list[list[str]] = []
    original = render._format_all

    def spy(pieces: dict[tuple[str, int], str], jobs: int | None) -> dict[tuple[str, int], str]:
        sent.append([path for path, _line in pieces])
        return original(pieces, jobs)

    monkeypatch.setattr(render, "_format_all", spy)
    more = UNFORMATTED | {"c.py": "z=( 3 )\n", "d.py": "w  =  4\n"}
    result = format_files(more, jobs=2, cache=cache)
    assert sent == [["c.py", "d.py"]]
    assert result == expected | {"c.py": "z = 3\n", "d.py": "w = 4\n"}


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:-3], id="truncated"),
        pytest.param(lambda data: data.split(b"\n", 1)[0], id="header-only"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"0" * 64 + data[64:], id="wrong-key"),
        pytest.param(lambda data: data.replace(b"return y", b"return z"), id="changed-text"),
        pytest.param(lambda data: data[:-1] + b"\xff", id="not-utf-8"),
    ],
)
def test_a_damaged_entry_is_ignored_and_rewritten(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    files = {"b.py": UNFORMATTED["b.py"]}
    expected = format_files(files)
    assert format_files(files, cache=format_cache(tmp_path)) == expected
    (entry,) = (path for path in tmp_path.rglob("*") if path.is_file())
    sound = entry.read_bytes()
    entry.write_bytes(damage(sound))
    assert format_files(files, cache=format_cache(tmp_path)) == expected
    assert entry.read_bytes() == sound


def test_compiled_templates_are_kept_and_damaged_ones_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = load_package(_minimal_specs(tmp_path), "widgets")
    cache = format_cache(tmp_path / "cache")
    first = render_templates(package, cache)
    assert first == render_templates(package)
    compiled = sorted((tmp_path / "cache" / "templates").iterdir())
    assert compiled

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a kept template was compiled again")

    with monkeypatch.context() as patch:
        patch.setattr(jinja2.Environment, "compile", refuse)
        assert render_templates(package, cache) == first
    # Cut inside the pickled checksum after Jinja2's magic, where unpickling raises.
    cut = len(jinja2.bccache.bc_magic) + 5
    for path in compiled:
        path.write_bytes(path.read_bytes()[:cut])
    assert render_templates(package, cache) == first
    assert all(len(path.read_bytes()) > cut for path in compiled)
    with monkeypatch.context() as patch:
        patch.setattr(jinja2.Environment, "compile", refuse)
        assert render_templates(package, cache) == first


def test_an_entry_of_another_text_or_formatter_is_not_used(tmp_path: Path) -> None:
    cache = FormatCache(tmp_path, "black 1 line_length=100")
    cache.put("x=1\n", "x = 1\n")
    assert cache.get("x=1\n") == "x = 1\n"
    assert cache.get("x=2\n") is None
    assert FormatCache(tmp_path, "black 1 line_length=88").get("x=1\n") is None


def test_an_unwritable_cache_still_generates_with_one_note(tmp_path: Path) -> None:
    specs = _minimal_specs(tmp_path)
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    # A file where a directory must be: no process can create the cache, not even root.
    cached = run_generator(
        "generate",
        "--specs",
        str(specs),
        "--out",
        str(tmp_path / "a" / "widgets"),
        "--cache-dir",
        str(blocker / "cache"),
    )
    assert cached.returncode == 0, cached.stderr
    (note,) = cached.stderr.splitlines()
    assert note.startswith("note: formatted without the cache (")
    assert str(blocker) in note
    uncached = run_generator(
        "generate", "--specs", str(specs), "--out", str(tmp_path / "b" / "widgets"), "--no-cache"
    )
    assert (uncached.returncode, uncached.stderr) == (0, "")
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_generate_caches_under_the_environment_variable_by_default(tmp_path: Path) -> None:
    specs = _minimal_specs(tmp_path)
    out = str(tmp_path / "widgets")
    _finished(_generator("--specs", str(specs), "--out", out, cache_env=tmp_path / "from-env"))
    assert _entries(tmp_path / "from-env")


def test_the_cache_directory_is_the_variable_then_xdg_then_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "override"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "override"
    monkeypatch.delenv(ENV_VAR)
    assert default_cache_dir() == tmp_path / "xdg" / "aws-ml-contracts"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "aws-ml-contracts"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "aws-ml-contracts"

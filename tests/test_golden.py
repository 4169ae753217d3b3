"""The committed generated/ is exactly what the specs produce, on any machine settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator.pipeline import generate, stale_files
from tests.helpers import PROJECT, run_generator


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_committed_package_equals_a_fresh_generation() -> None:
    assert (
        stale_files(generate(PROJECT / "specs", package="generated"), PROJECT / "generated") == []
    )


def test_check_flag_names_stale_files_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_generator("generate", "--out", str(out)).returncode == 0
    enums = out / "bedrock" / "enums.py"
    enums.write_text(enums.read_text() + "# edited by hand\n")
    (out / "bedrock" / "stray.py").write_text("")
    before = _tree(out)
    result = run_generator("generate", "--out", str(out), "--check")
    assert result.returncode == 1
    assert f"stale: {enums}" in result.stderr
    assert f"stale: {out / 'bedrock' / 'stray.py'}" in result.stderr
    assert _tree(out) == before


def test_output_is_byte_identical_across_hash_seeds_time_zones_and_locales(
    tmp_path: Path,
) -> None:
    trees = []
    for index, (seed, zone, locale) in enumerate(
        [
            ("0", "UTC", "C"),
            ("12345", "Asia/Kolkata", "C.UTF-8"),
            ("random", "America/St_Johns", "POSIX"),
        ]
    ):
        out = tmp_path / f"out{index}" / "generated"
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone, "LC_ALL": locale, "LANG": locale}
        subprocess.run(
            [sys.executable, "-m", "generator", "generate", "--out", str(out)],
            cwd=PROJECT,
            env=env,
            check=True,
            capture_output=True,
        )
        trees.append(_tree(out))
    assert trees[0] == trees[1] == trees[2]
    assert trees[0] == _tree(PROJECT / "generated")

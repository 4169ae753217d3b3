"""`make test-botocore`'s sample inside `make test`: tests/botocore_run.py's every stage on a
service of each protocol botocore speaks (a sample of eight operations each)."""

from __future__ import annotations

import contextlib
import io
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import botocore_run
from tests.botocore_run import _Job, _properties, main

# The service of each protocol: rest-json, json, json with awsQueryCompatible, cbor with json
# among its protocols (botocore speaks json), cbor alone, query, ec2 and rest-xml.
SAMPLE = (
    "cloudtrail-data",
    "dynamodbstreams",
    "sqs",
    "kendra-ranking",
    "partnercentral-revenue-measurement",
    "sdb",
    "ec2",
    "route53",
)
PROTOCOLS = {"rest-json", "json", "smithy-rpc-v2-cbor", "query", "ec2", "rest-xml"}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str, str]:
    root = tmp_path_factory.mktemp("botocore")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--out", str(root), "--services", *SAMPLE, "--operations", "8"])
    return root, status, out.getvalue(), err.getvalue()


def test_the_sample_passes_every_stage(run: tuple[Path, int, str, str]) -> None:
    root, status, out, err = run
    assert status == 0, out + err
    assert f"import: {len(SAMPLE)} of {len(SAMPLE)} services ({len(SAMPLE)} whole)" in out
    protocols = {
        yaml.safe_load(path.read_text(encoding="utf-8"))["service"]["protocol"]
        for path in (root / "specs").glob("*.yaml")
    }
    assert protocols == PROTOCOLS
    assert re.search(r"^generate --no-cache: .* for \d+ files", out, re.MULTILINE), out
    assert re.search(r"^import under -W error: \d+ modules, 0 failed", out, re.MULTILINE), out
    # mypy checks the smallest service of each protocol.
    mypy = re.search(r"^mypy --strict on (.*): clean", out, re.MULTILINE)
    assert mypy is not None, out
    assert len(mypy.group(1).split(", ")) == len(PROTOCOLS)
    # Every operation imported is checked (eight of each service but the smaller two).
    imported = re.search(
        r"^import: .*, (\d+) operations imported and 0 left out", out, re.MULTILINE
    )
    passed = re.search(r"^properties: (\d+)/(\d+) operations passed", out, re.MULTILINE)
    assert imported is not None, out
    assert passed is not None, out
    assert passed.group(1) == passed.group(2) == imported.group(1) == str(1 + 4 + 6 * 8)


def test_an_operation_that_fails_or_runs_too_long_is_listed(
    run: tuple[Path, int, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = run[0]

    def check(service: str, operation: Any, *, examples: int) -> None:
        if operation.name == "GetAttributes":
            raise AssertionError("disagrees")
        if operation.name == "PutAttributes":
            time.sleep(5)

    monkeypatch.setattr(botocore_run, "check_operation", check)
    count, failures = _properties((_Job(root, "sdb", "sdb"), 1, 1))
    assert count == 8
    assert failures == [
        "sdb.GetAttributes: AssertionError: disagrees",
        "sdb.PutAttributes: OperationTimeout: longer than 1 s",
    ]

"""Shared test set-up: Hypothesis profiles and paths."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from generator.format_cache import ENV_VAR

PROJECT = Path(__file__).resolve().parent.parent

settings.register_profile("dev", max_examples=200, deadline=None)
# Bounded and derandomized so that `make test` is repeatable and stays within minutes.
settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True, scope="session")
def _format_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every generation the tests run, in-process or not, caches black's output in a tmp dir,
    never in the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_VAR, str(tmp_path_factory.mktemp("format-cache")))
        yield


@pytest.fixture
def moto_server() -> Iterator[str]:
    """moto_server on a loopback port: its endpoint."""
    from moto.server import ThreadedMotoServer  # imported by the tests that use it only

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()

"""Shared test set-up: Hypothesis profiles and paths."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

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

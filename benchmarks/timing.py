"""timeit-style measurement: calibrated loop counts, interleaved repeats, the median.

Each candidate is a one-argument callable timed as the statement `call(arg)` (inside
`try/except <the candidate's rejection exception>`, so that rejecting costs what it costs and
anything unexpected still propagates) by `timeit.Timer`, which disables the garbage collector
while it loops. The loop count is calibrated per candidate as `timeit.Timer.autorange` does
(1, 2, 5, 10, 20, 50, ...) until one repeat takes at least `min_time`. The repeats of the
candidates of one case are interleaved (A B C, A B C, ...), so that a noisy neighbour on the
machine slows them alike; the reported figure is the median repeat.
"""

from __future__ import annotations

import gc
import statistics
import time
import timeit
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_STATEMENT = "try:\n    call(arg)\nexcept expected:\n    pass"


class _NeverRaised(Exception):
    """The `expected` of candidates that are never meant to raise."""


@dataclass(frozen=True, slots=True)
class Settings:
    repeats: int
    """Timed repeats per candidate; the median is reported."""
    min_time: float
    """Seconds one repeat lasts at least (the loop count is calibrated to it)."""

    def describe(self) -> str:
        return (
            f"timeit-style: loop count calibrated as timeit.autorange does until one repeat "
            f"lasts >= {self.min_time * 1000:.0f} ms; {self.repeats} repeats per candidate, "
            f"interleaved across the candidates of a case; median repeat reported; "
            f"garbage collector off while looping (as timeit)"
        )


@dataclass(frozen=True, slots=True)
class Candidate:
    call: Callable[[Any], object]
    arg: object
    expected: type[BaseException] = _NeverRaised


@dataclass(frozen=True, slots=True)
class Measurement:
    number: int
    """Calls per repeat."""
    times: tuple[float, ...]
    """Seconds per repeat."""

    @property
    def per_call(self) -> float:
        return statistics.median(self.times) / self.number

    @property
    def best_per_call(self) -> float:
        return min(self.times) / self.number

    @property
    def ops_per_second(self) -> float:
        return 1.0 / self.per_call

    @property
    def spread(self) -> float:
        """(slowest - fastest) / median repeat: how noisy the repeats were."""
        median = statistics.median(self.times)
        return (max(self.times) - min(self.times)) / median if median else 0.0


def _timer(candidate: Candidate) -> timeit.Timer:
    return timeit.Timer(
        _STATEMENT,
        globals={"call": candidate.call, "arg": candidate.arg, "expected": candidate.expected},
    )


def _calibrate(timer: timeit.Timer, min_time: float) -> int:
    number = 1
    while True:
        for factor in (1, 2, 5):
            count = number * factor
            if timer.timeit(count) >= min_time:
                return count
        number *= 10


def measure(candidates: Mapping[str, Candidate], settings: Settings) -> dict[str, Measurement]:
    """Times every candidate of one case, repeats interleaved."""
    timers = {name: _timer(candidate) for name, candidate in candidates.items()}
    numbers = {name: _calibrate(timer, settings.min_time) for name, timer in timers.items()}
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(settings.repeats):
        for name, timer in timers.items():
            times[name].append(timer.timeit(numbers[name]))
    return {
        name: Measurement(number=numbers[name], times=tuple(times[name])) for name in candidates
    }


def measure_runs(runs: Mapping[str, Callable[[], int]], repeats: int) -> dict[str, Measurement]:
    """Wall time of whole runs (each returns how many operations it did), repeats interleaved
    across the candidates as `measure` does. As in timeit, the garbage collector is off while a
    run lasts; it collects before each, so that no run pays for another's garbage."""
    counts: dict[str, int] = {}
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                count = run()
                times[name].append(time.perf_counter() - start)
            finally:
                gc.enable()
            # A Measurement has one operation count; a run that varies would skew the median.
            if counts.setdefault(name, count) != count:
                raise ValueError(f"{name}: {count} operations in a repeat, {counts[name]} before")
    return {name: Measurement(number=counts[name], times=tuple(times[name])) for name in runs}


def wall_times(call: Callable[[], object], repeats: int) -> Measurement:
    """Wall time of `repeats` single calls (for slow work such as generating the package)."""
    times: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return Measurement(number=1, times=tuple(times))

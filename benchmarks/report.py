"""Markdown tables, number formats and the machine and library versions of a run."""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata

from benchmarks.timing import Measurement

LIBRARIES = (
    "botocore",
    "boto3",
    "jsonschema",
    "fastjsonschema",
    "pydantic",
    "pydantic-core",
    "hypothesis-jsonschema",
    "black",
    "jinja2",
    "pyyaml",
    "python-dateutil",
)


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Collection[int] = ()
) -> str:
    """A Markdown table, padded to line up as text; columns `right` (indexes) right-aligned."""
    widths = [len(header) for header in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell))

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(widths[index]) if index in right else cell.ljust(widths[index])
            for index, cell in enumerate(cells)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [
        "-" * (width - 1) + ":" if index in right else "-" * width
        for index, width in enumerate(widths)
    ]
    return "\n".join([line(headers), line(rule), *(line(row) for row in rows)])


def rate(ops_per_second: float) -> str:
    """Operations per second, three significant digits: `1.23M`, `45.6k`, `789`, `1.50`."""
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if ops_per_second >= limit:
            return _three(ops_per_second / limit) + suffix
    return _three(ops_per_second)


def _three(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def ratio(ours: float, theirs: float) -> str:
    """How many times faster ours is (ops/s over ops/s); below 1 means slower."""
    return f"{ours / theirs:.2f}x"


def compared(ours: float, theirs: float) -> str:
    """A competitor's cell: its rate, and in parentheses how many times as fast ours is."""
    return f"{rate(theirs)} ({ratio(ours, theirs)})"


def duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.1f} µs"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine during the run."""
    try:
        return ", ".join(f"{load:.2f}" for load in os.getloadavg())
    except OSError:
        return "unknown"


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_section() -> str:
    uname = platform.uname()
    rows = [
        ["date (UTC)", datetime.now(UTC).strftime("%Y-%m-%d %H:%M")],
        ["python", f"{platform.python_implementation()} {sys.version.split()[0]}"],
        ["platform", platform.platform()],
        ["machine", f"{uname.machine}, os.cpu_count() = {os.cpu_count()}"],
        ["processor", _processor() or uname.processor or "unknown"],
        ["load average at start (1, 5, 15 min)", load_average()],
    ]
    rows += [[name, _version(name)] for name in LIBRARIES]
    return table(["", "version"], rows)


def _processor() -> str:
    """The CPU model from /proc/cpuinfo (Linux), or ''."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as stream:
            for line in stream:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def largest_spread(cells: Mapping[str, Mapping[str, Measurement]]) -> str:
    """A sentence naming the noisiest cell: (slowest - fastest repeat) / median."""
    spread, where = max(
        (measurement.spread, f"{case}, {name}")
        for case, measured in cells.items()
        for name, measurement in measured.items()
    )
    return (
        f"Noise: the largest spread between the slowest and fastest repeat of a cell is "
        f"{spread:.0%} ({where}); medians are robust to a few slow repeats."
    )

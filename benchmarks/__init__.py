"""Benchmarks of the generated package against the libraries a user would pick instead.

Run as `python -m benchmarks` (or `make bench`). It is a report, not a test: it prints tables of
operations per second and ratios, and exits non-zero only when a competitor is not doing the
work it is timed for (accepting the invalid request, rejecting the valid one, parsing a page to
something else) or a section cannot run.

Modules:

- `timing`: timeit-style measurement (calibrated loop counts, interleaved repeats, median).
- `specs`: the committed specs as plain data.
- `schemas`, `pydantic_models`: the competitors' equivalents, derived from the spec data.
- `fixtures`: the requests and response pages, built deterministically.
- `validation`, `parsing`, `generation`, `redos`, `strategies`, `imports`: the sections of the
  report.
- `report`: table formatting and machine information.
"""

"""Timestamps as the generated code accepts, parses and writes them.

Requests take what botocore can serialize without surprises: aware datetimes (naive ones are
UTC, as botocore treats them), ISO-8601 text with a zone designator, or epoch seconds. Responses
become aware UTC datetimes, whether boto3 parsed them already or they come as wire JSON.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

_ISO_8601 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})",
    re.ASCII,
)


def _from_epoch(value: int | float) -> datetime | None:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (ValueError, OverflowError, OSError):
        return None


def to_utc(value: object) -> datetime | None:
    """The instant as an aware UTC datetime, or None if `value` is not an accepted timestamp."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        try:
            return value.astimezone(UTC)
        except (ValueError, OverflowError):
            return None  # e.g. year 9999 at UTC-5, which botocore itself cannot convert
    if isinstance(value, str):
        # Inline rather than a helper: validators call this for every timestamp text.
        if _ISO_8601.fullmatch(value) is None:
            return None
        # Since Python 3.11, fromisoformat takes 1 to 9 fractional digits and cuts past 6 (no
        # rounding), but not a lowercase `z`.
        try:
            return datetime.fromisoformat(value.replace("z", "Z")).astimezone(UTC)
        except (ValueError, OverflowError):
            return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_epoch(value)
    return None


def to_iso8601(value: datetime) -> str:
    """ISO-8601 in UTC with `Z`, as AWS writes it; microseconds only when there are any."""
    naive = value.astimezone(UTC).replace(tzinfo=None)
    # isoformat, not strftime: strftime does not zero-pad years before 1000 on every platform.
    return naive.isoformat(timespec="microseconds" if naive.microsecond else "seconds") + "Z"

"""Timestamps as the generated code accepts, parses and writes them.

Requests take what botocore can serialize without surprises: aware datetimes (naive ones are
UTC, as botocore treats them), ISO-8601 text with a zone designator, or epoch seconds. Responses
become aware UTC datetimes, whether boto3 parsed them already or they come as wire JSON (which
may also carry RFC 7231 dates, as headers do).

On the wire each timestamp has a format (`timestampFormat`): `WireForms` writes each of them,
as botocore's serializers do; the strategies draw other forms AWS may send through a subclass.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Final

_ISO_8601 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})",
    re.ASCII,
)

# RFC 7231's IMF-fixdate, the form botocore writes: `Tue, 01 Dec 2026 14:26:35 GMT`.
_RFC_7231 = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT",
    re.ASCII,
)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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


def from_rfc7231(value: str) -> datetime | None:
    """The instant of an RFC 7231 date (`Tue, 01 Dec 2026 14:26:35 GMT`), or None."""
    if _RFC_7231.fullmatch(value) is None:
        return None
    # Imported here: email.utils imports socket, random and more, a third of the first parse of
    # a page, and few members carry this form.
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value).astimezone(UTC)
    except (ValueError, OverflowError):
        return None  # e.g. 31 Feb


def to_epoch(value: datetime) -> int | float:
    """Epoch seconds, a float only when there are microseconds, rounded once (as botocore)."""
    elapsed = value.astimezone(UTC).replace(microsecond=0) - _EPOCH  # calendar.timegm's seconds
    seconds = elapsed.days * 86_400 + elapsed.seconds
    return (seconds * 10**6 + value.microsecond) / 10**6 if value.microsecond else seconds


def to_rfc7231(value: datetime) -> str:
    """An RFC 7231 date in GMT; whole seconds, as the format has no fraction."""
    from email.utils import format_datetime  # see from_rfc7231

    return format_datetime(value.astimezone(UTC).replace(microsecond=0), usegmt=True)


class WireForms:
    """How wire JSON writes each timestamp format: as botocore's serializers write it."""

    __slots__ = ()

    def iso8601(self, value: datetime) -> str:
        return to_iso8601(value)

    def unix_timestamp(self, value: datetime) -> int | float:
        return to_epoch(value)

    def rfc822(self, value: datetime) -> str:
        return to_rfc7231(value)


WIRE: Final = WireForms()
"""The forms `to_json` writes."""

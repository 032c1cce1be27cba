"""Reading "at 2026-12-03 18:00" in front of an announcement, in the community's time zone.

The words that introduce a time ("at", "am", "um") are content: `announce.words.at`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from core.kernel.typed import normalise

_DATE_TIME = re.compile(
    r"^(?:(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})|(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>\d{4}))"
    r"(?:[ T]+)(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?:\s*(?:Uhr|h))?(?:\s+|$)",
    re.ASCII,
)

YEARS = range(2000, 2101)
"""Years a schedule may name; anything else is a typo, and far years overflow time zones."""


_DATE_LIKE = re.compile(r"^\d{1,4}[-.]\d", re.ASCII)
"""What follows "at" when it is meant as a date (so "um 8 Uhr ..." stays text)."""


class ScheduleError(ValueError):
    """The time after "at" could not be read; `skipped` when it is a valid time that the
    clocks skip in that time zone (the hour summer time begins)."""

    def __init__(self, given: str, *, skipped: bool = False) -> None:
        super().__init__(given)
        self.given = given
        self.skipped = skipped


@dataclass(frozen=True, slots=True)
class Scheduled:
    """The announcement's text and, when given, the time it is due (UTC)."""

    text: str
    send_at: datetime | None


def split_schedule(args: str, timezone: str, words: frozenset[str]) -> Scheduled:
    """Take a leading "at DATE TIME" off `args`; the time is read in `timezone`.

    `words` are the (normalised) words that introduce a time. Raises ScheduleError when such
    a word is followed by something date-like that is no valid time. "am Freitag ..." (German
    text that only starts like a schedule) stays text.
    """
    stripped = args.strip()
    word, _, rest = stripped.partition(" ")
    rest = rest.lstrip()
    if normalise(word) not in words or not _DATE_LIKE.match(rest):
        return Scheduled(stripped, None)
    send_at, end = _read_time(rest, timezone)
    return Scheduled(rest[end:].strip(), send_at)


def _read_time(text: str, timezone: str) -> tuple[datetime, int]:
    """The time `text` starts with, as UTC, and where it ends; raises ScheduleError."""
    match = _DATE_TIME.match(text)
    if match is None:
        raise ScheduleError(text.split(" ", 2)[0])
    year = int(match.group("y") or match.group("y2"))
    month = int(match.group("m") or match.group("m2"))
    day = int(match.group("d") or match.group("d2"))
    if year not in YEARS:
        raise ScheduleError(match.group(0).strip())
    try:
        local = datetime(
            year,
            month,
            day,
            int(match.group("hh")),
            int(match.group("mm")),
            tzinfo=ZoneInfo(timezone),
        )
    except (ValueError, OverflowError) as exc:
        raise ScheduleError(match.group(0).strip()) from exc
    utc = local.astimezone(UTC)
    if utc.astimezone(local.tzinfo).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ScheduleError(match.group(0).strip(), skipped=True)
    return utc, match.end()


def parse_time(text: str, timezone: str) -> datetime:
    """A time given alone ("2026-12-03 18:00", "03.12.2026 18:00") in `timezone`, as UTC."""
    stripped = text.strip()
    if not _DATE_LIKE.match(stripped):
        raise ScheduleError(stripped)
    send_at, end = _read_time(stripped, timezone)
    if stripped[end:].strip():
        raise ScheduleError(stripped)
    return send_at

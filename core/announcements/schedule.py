"""Reading "at 2026-12-03 18:00" in front of an announcement, in the community's time zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

SCHEDULE_WORDS = frozenset({"at", "am", "um"})
"""Words that introduce a time: `/announce at ...`, `/ankuendigen am ...`."""

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
    """The time after "at" could not be read."""


@dataclass(frozen=True, slots=True)
class Scheduled:
    """The announcement's text and, when given, the time it is due (UTC)."""

    text: str
    send_at: datetime | None


def split_schedule(args: str, timezone: str) -> Scheduled:
    """Take a leading "at DATE TIME" off `args`; the time is read in `timezone`.

    Raises ScheduleError when "at" is followed by something date-like that is no valid
    time. "am Freitag ..." (German text that only starts like a schedule) stays text.
    """
    stripped = args.strip()
    word, _, rest = stripped.partition(" ")
    rest = rest.lstrip()
    if word.lower() not in SCHEDULE_WORDS or not _DATE_LIKE.match(rest):
        return Scheduled(stripped, None)
    match = _DATE_TIME.match(rest)
    if match is None:
        raise ScheduleError(rest.split(" ", 2)[0])
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
    return Scheduled(rest[match.end() :].strip(), local.astimezone(UTC))


def parse_time(text: str, timezone: str) -> datetime:
    """A time given alone ("2026-12-03 18:00", "03.12.2026 18:00") in `timezone`, as UTC."""
    found = split_schedule(f"at {text.strip()}", timezone)
    if found.send_at is None or found.text:
        raise ScheduleError(text.strip())
    return found.send_at

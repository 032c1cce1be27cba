"""Typed amounts of time ("so 2 stunden", "eine halbe Stunde", "about 2 hours", "1-3 h",
"90 Minuten") read as a span of hours a week, so a choice of time ranges can be answered in
words. The number and unit words come from content (`flow.words.*`); nothing here knows a
language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from core.answers import fold

JUST_BELOW = 1e-6
""""Less than an hour" ends just below the hour, "more than three" starts just above three."""

DAYS_A_WEEK = 7
"""A typed amount "a day" is this many times as much a week."""

_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-z]+|[-–/]")


class Word(StrEnum):
    """What a word of a typed duration does (each kind's words are a text `flow.words.<kind>`)."""

    HOURS = "hours"
    MINUTES = "minutes"
    RANGE = "range"
    MORE = "more"
    LESS = "less"
    DAILY = "daily"


NUMBERS_KEY = "flow.words.numbers"
"""The text of number words: comma-separated items, each a value and its words ("2 zwei")."""


class NumberWordsError(ValueError):
    """An item of the number words that does not start with a number."""


@dataclass(frozen=True, slots=True)
class Span:
    """An amount of hours from `low` to `high` (the same for one amount)."""

    low: float
    high: float


@dataclass(frozen=True)
class DurationWords:
    """The words a typed duration is read with, folded: phrases of each kind and numbers."""

    phrases: Mapping[Word, frozenset[tuple[str, ...]]]
    numbers: Mapping[str, float]

    @classmethod
    def build(cls, phrases: Mapping[Word, Iterable[str]], numbers: Iterable[str]) -> DurationWords:
        """From comma-separated items: phrases per kind, number items such as "2 zwei zwo"."""
        values: dict[str, float] = {}
        for item in numbers:
            value, *names = tokens(item)
            number = _digits(value)
            if number is None or not names:
                raise NumberWordsError(item)
            values.update(dict.fromkeys(names, number))
        kinds = {kind: frozenset(tuple(tokens(p)) for p in phrases.get(kind, ())) for kind in Word}
        return cls({k: frozenset(p for p in v if p) for k, v in kinds.items()}, values)


def tokens(text: str) -> list[str]:
    """The folded words, numbers and range marks of a text."""
    return _TOKEN.findall(fold(text))


def number_item_problem(item: str) -> str | None:
    """Why an item of the number words cannot be read, or None."""
    parts = tokens(item)
    if len(parts) < 2 or _digits(parts[0]) is None:
        return f"{item.strip()!r} needs a number and then its words, such as '2 zwei'"
    return None


def _digits(token: str) -> float | None:
    if not token[:1].isascii() or not token[:1].isdigit():
        return None
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None


@dataclass
class _Reading:
    values: list[float]
    pending: list[float]
    ranged: bool = False
    more: bool = False
    less: bool = False
    daily: bool = False
    adjacent: bool = False


def read_hours(text: str, words: DurationWords) -> Span | None:
    """The hours (a week) a typed text names, or None when it names no amount of time.

    A number counts only with a unit ("2 Stunden", "30 min", "eine Viertelstunde"); two joined
    by a range word make a span ("1 bis 2 Stunden"); "more/less than" open it upwards or
    downwards; "a day" counts seven times.
    """
    found = _Reading([], [])
    parts = tokens(text)
    index = 0
    while index < len(parts):
        kind, length = _phrase_at(parts, index, words)
        index += max(length, 1)
        if kind is None:
            found.adjacent = _number(parts[index - 1], found, words)
            continue
        found.adjacent = False
        if kind in (Word.HOURS, Word.MINUTES):
            per = 1.0 if kind is Word.HOURS else 1 / 60
            # "2 oder 3 Stunden", "zwischen 2 und 5 Stunden": one unit for several numbers
            found.ranged = found.ranged or len(found.pending) > 1
            found.values.extend(value * per for value in found.pending)
            found.pending.clear()
        elif kind is Word.RANGE:
            found.ranged = found.ranged or bool(found.values or found.pending)
        elif kind is Word.MORE:
            found.more = True
        elif kind is Word.LESS:
            found.less = True
        else:
            found.daily = True
    return _span(found)


def _phrase_at(parts: list[str], index: int, words: DurationWords) -> tuple[Word | None, int]:
    """The kind of the longest phrase starting at `index`, with its length in tokens; a word
    ending in a unit after a number ("viertelstunde") is the number and the unit."""
    best: tuple[Word | None, int] = (None, 0)
    for kind, phrases in words.phrases.items():
        for phrase in phrases:
            if len(phrase) > best[1] and tuple(parts[index : index + len(phrase)]) == phrase:
                best = (kind, len(phrase))
    return best


def _number(token: str, found: _Reading, words: DurationWords) -> bool:
    """Take a number word or digits (or a compound of a number and a unit); True if it was one."""
    value = _digits(token)
    if value is None:
        value = words.numbers.get(token)
    if value is None:
        return _compound(token, found, words)
    if found.adjacent and found.pending:
        value = _joined(found.pending.pop(), value)
    found.pending.append(value)
    return True


def _joined(previous: float, value: float) -> float:
    """Two number words in a row: a fraction counts that many times ("eine halbe" and "half
    an" are a half, "drei viertel" three quarters); otherwise the second is the number ("a
    couple" is two)."""
    if min(previous, value) < 1:
        return previous * value
    return value


def _compound(token: str, found: _Reading, words: DurationWords) -> bool:
    """ "viertelstunde", "halbestunde": a number word glued to a unit."""
    for kind, per in ((Word.HOURS, 1.0), (Word.MINUTES, 1 / 60)):
        for unit, *rest in words.phrases.get(kind, frozenset()):
            if rest or not token.endswith(unit) or token == unit:
                continue
            value = words.numbers.get(token[: -len(unit)])
            if value is not None:
                found.values.append(value * per)
                return False
    return False


def _span(found: _Reading) -> Span | None:
    if not found.values:
        return None
    factor = DAYS_A_WEEK if found.daily else 1
    low, high = min(found.values) * factor, max(found.values) * factor
    if len(found.values) > 1 and not found.ranged:
        low = high = sum(found.values) * factor  # "eine Stunde und 30 Minuten"
    if found.more and not found.less:
        return Span(high + JUST_BELOW, math.inf)
    if found.less and not found.more:
        return Span(0.0, max(low - JUST_BELOW, 0.0))
    return Span(low, high)

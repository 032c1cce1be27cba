"""What of an unanswered question may be kept: e-mail addresses, phone numbers, IBANs, street
addresses and a name someone introduces themselves with masked; greetings, thanks, flow words
and single numbers not kept at all (pure).

The words come from content (`unanswered.mask.*`, `unanswered.not_kept.*`, `flow.words.*`), in
every language at once, since anyone may write in either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d ()/.\-]{4,}\d(?!\w)")
PHONE_MIN_DIGITS = 7
POSTCODE_TOWN = re.compile(r"(?<!\w)\d{4,5}\s+[A-ZÄÖÜ][\wäöüß-]+")
IBAN = re.compile(r"(?<!\w)[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?(?!\w)")
NAME_WORD = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
HOUSE_NUMBER = r"\d{1,3}\s?[a-zA-Z]?(?:\s?[-/]\s?\d{1,3})?(?!\w)"
"""`1`, `12a`, `3 b`, `5-7` after a street name (four digits would rather be a year)."""
_PUNCTUATION = re.compile(r"[^\w\s]+")


@dataclass(frozen=True)
class Masks:
    """The stand-ins for what is masked, and the words that make a street name."""

    email: str
    phone: str
    address: str
    street_words: tuple[str, ...]
    iban: str
    name: str
    introductions: tuple[str, ...] = ()
    """What comes before one's own name ("ich heiße", "my name is"), lower case."""


def _phone(match: re.Match[str], label: str) -> str:
    """A phone number has 7 digits or more; a date or a plain figure like 1.000.000 is none."""
    found = match.group(0)
    digits = sum(c.isdigit() for c in found)
    dated = re.fullmatch(r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}", found)
    dialled = found.startswith(("+", "0")) or any(c in found for c in " /-()")
    if digits < PHONE_MIN_DIGITS or dated or not (dialled or digits >= 9):
        return found
    return label


def _streets(words: Iterable[str]) -> re.Pattern[str]:
    """`Musterweg 1`, `Hauptstraße 12a`, `Am Markt 3`, `221B Baker Street`."""
    suffixes = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w)
    named = rf"[A-ZÄÖÜ][\wäöüß.-]*(?:{suffixes})"
    separate = rf"(?:[A-ZÄÖÜ][\wäöüß.-]*\s+){{1,3}}(?:{suffixes})"
    return re.compile(
        rf"(?<!\w)(?:(?:{named}|{separate})\s+{HOUSE_NUMBER}"
        rf"|\d{{1,5}}[a-zA-Z]?\s+{separate}(?!\w))",
        re.IGNORECASE,
    )


def _names(introductions: Iterable[str]) -> re.Pattern[str]:
    """A first and a last name (capitalised) after an introduction: "ich bin Maria Schmidt"."""
    before = "|".join(re.escape(w) for w in sorted(introductions, key=len, reverse=True) if w)
    return re.compile(rf"(?<!\w)((?i:{before})\s+){NAME_WORD}(?:\s+{NAME_WORD}){{1,2}}(?!\w)")


def mask(text: str, masks: Masks) -> str:
    """The text with e-mail addresses, phone numbers, IBANs, street addresses and an
    introduced full name replaced."""
    text = EMAIL.sub(masks.email, text)
    text = IBAN.sub(masks.iban, text)
    if masks.introductions:
        text = _names(masks.introductions).sub(lambda m: m.group(1) + masks.name, text)
    if masks.street_words:
        text = _streets(masks.street_words).sub(masks.address, text)
    text = POSTCODE_TOWN.sub(masks.address, text)
    return PHONE.sub(lambda m: _phone(m, masks.phone), text)


def listed(phrases: Iterable[str]) -> tuple[str, ...]:
    """Comma-separated phrases in lower case, as written (dots and ß kept: "str.", "straße")."""
    return tuple(
        sorted({" ".join(p.lower().split()) for ph in phrases for p in ph.split(",") if p.strip()})
    )


def words_of(phrases: Iterable[str]) -> frozenset[str]:
    """Comma-separated phrases as a set of normalised phrases."""
    return frozenset(
        _normalise(part) for phrase in phrases for part in phrase.split(",") if part.strip()
    )


def _normalise(text: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", text).casefold().split())


def worth_keeping(text: str, not_kept: frozenset[str]) -> bool:
    """False for a message that is only greetings, thanks, flow words or a single number."""
    rest = _normalise(text)
    if not_kept:
        phrases = "|".join(re.escape(p) for p in sorted(not_kept, key=len, reverse=True) if p)
        rest = re.sub(rf"(?<!\S)(?:{phrases})(?!\S)", " ", rest)
    remaining = rest.split()
    return bool(remaining) and not (len(remaining) == 1 and remaining[0].isdigit())

"""What matching decides: the kinds of answer, the outcomes, the candidate matches, and where
the lines are drawn. Shared by the matcher (core/answers/matcher.py) and every feature that
acts on its decisions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What a match points at."""

    FAQ = "faq"
    RESOURCE = "resource"
    FLOW = "flow"
    CATEGORY = "category"
    """A catalogue category without an FAQ entry of its own: answered with its listing."""


class Outcome(StrEnum):
    """What the bot does with a message."""

    ANSWER = "answer"
    UNSURE = "unsure"
    UNKNOWN = "unknown"
    EMPTY = "empty"
    SILENT = "silent"


@dataclass(frozen=True, slots=True)
class Match:
    """One candidate answer with its score (0..1) and the terms it matched on."""

    id: str
    kind: Kind
    score: float
    terms: tuple[str, ...] = ()
    coverage: float = 0.0
    central: bool = True
    """Whether the question names what the target is about (see CENTRAL_SHARE)."""
    phrasing: float = 0.0
    """The score of the closest single phrasing (without the target's whole vocabulary)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome and the ranked matches behind it."""

    outcome: Outcome
    matches: tuple[Match, ...]
    about: Match | None = None
    """For a question declined because it asks what the catalogue does not hold about an
    entry it names ("Wer ist der Admin von …?"): that entry, shown under the "I don't know"."""

    @property
    def answered(self) -> bool:
        """True when the bot answers (or offers "did you mean" choices)."""
        return self.outcome in (Outcome.ANSWER, Outcome.UNSURE)

    @property
    def best(self) -> Match | None:
        """The top match, if any."""
        return self.matches[0] if self.matches else None


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where the matcher draws its lines (tuned on the development question set)."""

    answer: float = 0.58
    answer_coverage: float = 0.55
    unsure: float = 0.40
    unsure_coverage: float = 0.45
    margin: float = 0.04
    side_words: float = 0.55
    """A question sharing only side words with a target ("wie viel", "Unterschied"), none of
    what it is about, is answered only when a single phrasing of it comes at least this close."""

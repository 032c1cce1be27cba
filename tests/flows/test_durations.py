"""Typed amounts of time read as hours a week, with the bundled content's number and unit words."""

from __future__ import annotations

import math
from functools import cache

import pytest

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.texts import Texts
from core.flows.durations import (
    DurationWords,
    NumberWordsError,
    Span,
    Word,
    number_item_problem,
    read_hours,
)
from core.flows.onboarding import duration_words


@cache
def bundled() -> DurationWords:
    found = duration_words(Texts(load_checked_content(BUNDLED_CONTENT).texts))
    assert found is not None
    return found


ONE = Span(1.0, 1.0)
TWO = Span(2.0, 2.0)
HALF = Span(0.5, 0.5)

CASES: list[tuple[str, Span]] = [
    ("so 2 stunden", TWO),
    ("zwei Stunden", TWO),
    ("about 2 hours", TWO),
    ("2h", TWO),
    ("zwo Std.", TWO),
    ("eine Stunde", ONE),
    ("an hour", ONE),
    ("halbe Stunde", HALF),
    ("eine halbe Stunde", HALF),
    ("half an hour", HALF),
    ("30 Minuten", HALF),
    ("30 min", HALF),
    ("eine Viertelstunde", Span(0.25, 0.25)),
    ("drei viertel Stunden", Span(0.75, 0.75)),
    ("90 Minuten", Span(1.5, 1.5)),
    ("1,5 Stunden", Span(1.5, 1.5)),
    ("anderthalb Stunden", Span(1.5, 1.5)),
    ("ein bis zwei Stunden", Span(1.0, 2.0)),
    ("1-2 Stunden", Span(1.0, 2.0)),
    ("2 oder 3 Stunden", Span(2.0, 3.0)),
    ("between 2 and 5 hours", Span(2.0, 5.0)),
    ("eine Stunde und 30 Minuten", Span(1.5, 1.5)),
    ("a couple of hours", TWO),
    ("eine Stunde am Tag", Span(7.0, 7.0)),
    ("an hour a day", Span(7.0, 7.0)),
]


@pytest.mark.parametrize(("text", "span"), CASES, ids=[c[0] for c in CASES])
def test_an_amount_of_time_in_words_or_digits(text: str, span: Span) -> None:
    found = read_hours(text, bundled())
    assert found is not None
    assert found.low == pytest.approx(span.low)
    assert found.high == pytest.approx(span.high)


def test_more_and_less_than_open_the_span_just_beyond_the_amount() -> None:
    more = read_hours("mehr als 3 Stunden", bundled())
    assert more is not None and 3 < more.low < 3.001 and more.high == math.inf
    less = read_hours("less than an hour", bundled())
    assert less is not None and less.low == 0 and 0.999 < less.high < 1


@pytest.mark.parametrize(
    "text", ["2", "so 2", "1-3", "ich arbeite im Jugendzentrum", "Stunden", "", "eins zwei drei"]
)
def test_no_amount_without_a_number_and_a_unit(text: str) -> None:
    assert read_hours(text, bundled()) is None


def test_number_words_need_a_number_first() -> None:
    assert number_item_problem("2 zwei") is None
    assert number_item_problem("zwei") is not None
    assert number_item_problem("2") is not None
    with pytest.raises(NumberWordsError):
        DurationWords.build({Word.HOURS: ["stunde"]}, ["zwei 2"])

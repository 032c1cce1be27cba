"""A question about cost, dates or signing up gets what the bot knows and where to look, not the
definition; "what is it" still gets the definition."""

from __future__ import annotations

import pytest

from tests.harness import Harness, joined

DETAILS = [
    ("Was kostet ein Barcamp?", "legt jedes Barcamp selbst fest"),
    ("Ist ein Barcamp kostenlos?", "legt jedes Barcamp selbst fest"),
    ("Muss man sich für ein Barcamp anmelden?", "legt jedes Barcamp selbst fest"),
    ("What does a barcamp cost?", "is up to each barcamp"),
    ("Do I have to register for a barcamp?", "is up to each barcamp"),
]


@pytest.mark.parametrize(("question", "details"), DETAILS)
async def test_a_question_about_details_gets_where_to_look(
    harness: Harness, question: str, details: str
) -> None:
    reply = joined(await harness.say(question))
    assert details in reply
    assert "offene Tagung ohne festes Programm" not in reply
    assert "Barcamp-Liste" in reply or "Barcamp list" in reply


@pytest.mark.parametrize("question", ["Was ist ein Barcamp?", "What is a barcamp?"])
async def test_what_it_is_still_gets_the_definition(harness: Harness, question: str) -> None:
    reply = joined(await harness.say(question))
    assert "ohne festes Programm" in reply or "without a fixed programme" in reply
    assert "selbst fest" not in reply and "is up to each barcamp" not in reply

"""Replies in the person's language: taken from how they write, remembered, /language wins."""

from __future__ import annotations

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.kernel.language import detect, markers
from tests.harness import Harness, joined


def test_the_detector_needs_clear_markers() -> None:
    words = markers(load_checked_content(BUNDLED_CONTENT).texts)
    assert detect("Hi, I'm a social work student in Berlin. Where do I start?", words) == "en"
    assert detect("Newbie question: where should I begin?", words) == "en"
    assert detect("Wo fange ich an?", words) == "de"
    assert detect("Hi, ich bin neu", words) == "de"
    for unclear in ("ok", "Barcamp?", "thanks", "Sozifon", ""):
        assert detect(unclear, words) is None, unclear


async def test_english_writing_gets_english_and_is_remembered(harness: Harness) -> None:
    first = joined(await harness.say("Hi, I'm a social work student in Berlin. Where do I start?"))
    assert "Wo" not in first and "ich" not in first.split()
    person = await harness.app.store.get_person("console", "anna")
    assert person is not None and person.language == "en" and not person.language_chosen
    # "/start" says nothing about the language: the remembered one holds
    assert "Hi!" in joined(await harness.say("/start"))


async def test_a_chosen_language_stays_whatever_is_written(harness: Harness) -> None:
    await harness.say("/language de")
    await harness.say("What is a barcamp and where do I find one?")
    person = await harness.app.store.get_person("console", "anna")
    assert person is not None and person.language == "de" and person.language_chosen
    assert "Hallo" in joined(await harness.say("/start"))


async def test_an_addressed_question_in_a_room_is_answered_in_its_language(
    harness: Harness,
) -> None:
    german = joined(await harness.say("Was ist ein Barcamp?", room="Treff", addressed=True))
    english = joined(await harness.say("What is a barcamp?", room="Treff", addressed=True))
    assert german != english
    assert "Barcamp" in german
    room = await harness.app.store.get_room("console", "room-treff")
    assert room is None or room.language is None, "the room's own language is not changed"

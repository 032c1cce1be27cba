"""Kind in hard moments: the crisis reply before anything else, and small talk answered kindly."""

from __future__ import annotations

import pytest

from tests.harness import Harness, joined

CRISIS_DE = [
    "Meine Klientin hat gesagt, sie will sich umbringen. Was soll ich tun?",
    "ich will nicht mehr leben",
    "Ein Jugendlicher aus meiner Gruppe ist suizidal",
    "Mein Partner schlägt mich",
    "Ein Klient bedroht mich mit einem Messer",
    "Ich kann nicht mehr, ich will mir das Leben nehmen",
    "Ich bin lebensmüde",
    # a danger phrase is never outweighed by a topic word
    "Meine Klientin will sich umbringen und ich habe keine Kontakte zu Fachstellen",
    "Seit dem Barcamp will ich nur noch sterben",
    # plain words for a way to die, and a typo in a long word
    "Ich will mich erhängen",
    "Ich springe heute von der Brücke",
    "Ich habe Tabletten genommen um zu sterben",
    "Ich will tot sein",
    "Ich will mich umbrigen",
]
CRISIS_EN = [
    "My client told me she wants to kill herself",
    "I think I want to end my life",
    "A resident threatens me and I don't feel safe, there is violence every day",
    "I don't want to live anymore",
    "Sometimes I think everyone would be better off dead without me, even my network",
    "I want to end it all",
    "i took all my pills",
]
NOT_CRISIS = [
    "Gewaltprävention als Thema für ein Barcamp?",
    "Ich arbeite in der Suizidprävention und suche Kontakte",
    "Gibt es eine Fachgruppe zu häuslicher Gewalt?",
    "Any podcast about suicide prevention?",
    "Wo finde ich andere Sozialarbeitende online?",
    "Ist mein Job in Gefahr, wenn ich auf Twitter poste?",
    "Bring Michael um 5 zum Bahnhof",
    "Ich will nach mehr streben",
    "Wir treffen uns an der Brücke",
]


@pytest.mark.parametrize("text", CRISIS_DE)
async def test_a_crisis_in_german_gets_the_emergency_numbers(harness: Harness, text: str) -> None:
    reply = joined(await harness.say(text))
    assert "112" in reply and "0800 111 0 111" in reply and "0800 111 0 222" in reply
    assert "kein Beratungsangebot" in reply and "keine Daten über Klient:innen" in reply
    assert await harness.app.store.list_unanswered(10) == [], "a crisis is never kept"


@pytest.mark.parametrize("text", CRISIS_EN)
async def test_a_crisis_in_english_gets_the_reply_in_english(harness: Harness, text: str) -> None:
    reply = joined(await harness.say(text))
    assert "112" in reply and "0800 111 0 111" in reply
    assert "not a counselling service" in reply and "no details about clients" in reply


@pytest.mark.parametrize("text", NOT_CRISIS)
async def test_a_topic_or_ordinary_question_gets_no_crisis_reply(
    harness: Harness, text: str
) -> None:
    reply = joined(await harness.say(text))
    assert "0800 111 0 111" not in reply


async def test_the_crisis_reply_comes_first_in_the_middle_of_the_onboarding(
    harness: Harness,
) -> None:
    await harness.say("/onboarding")
    reply = joined(await harness.say("Meine Klientin will sich umbringen"))
    assert "0800 111 0 111" in reply
    assert "Was beschreibt dich am besten?" not in reply


async def test_the_crisis_reply_in_a_room_only_when_addressed(harness: Harness) -> None:
    text = "Ein Kollege hat gerade gesagt, er will nicht mehr leben"
    assert "0800 111 0 111" in joined(await harness.say(text, room="Netz", addressed=True))
    assert "0800 111 0 111" not in joined(await harness.say(text, user="Ben", room="Netz"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Danke!", "Gern geschehen"),
        ("vielen Dank", "Gern geschehen"),
        ("tschüss", "Mach's gut"),
        ("ok", "Gut!"),
        ("Alles klar.", "Gut!"),
    ],
)
async def test_thanks_goodbye_and_ok_get_a_short_kind_reply(
    harness: Harness, text: str, expected: str
) -> None:
    reply = joined(await harness.say(text))
    assert expected in reply
    assert "Womit fangen wir an?" not in reply, "not the greeting"


async def test_english_thanks_get_an_english_reply(harness: Harness) -> None:
    await harness.say("/language en")
    assert "You're welcome" in joined(await harness.say("thank you very much"))
    assert "Take care" in joined(await harness.say("bye"))


async def test_the_crisis_reply_is_in_the_language_of_the_message(harness: Harness) -> None:
    """An earlier English question set the conversation's language; the crisis words are German."""
    await harness.say("What is a barcamp, and where do I find one near me?")
    reply = joined(await harness.say("Ich will mich umbringen"))
    assert "kein Beratungsangebot" in reply and "not a counselling service" not in reply

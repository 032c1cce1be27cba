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
        ("danke, das hat mir geholfen 🙏", "Gern geschehen"),
        ("thanks, that helped", "You're welcome"),
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


WORN_OUT = [
    ("Ich glaub ich hab nen Burnout. Was soll ich jetzt machen?", "an deiner Grenze"),
    ("Ich bin total ausgebrannt und kann nicht mehr. Was soll ich tun?", "an deiner Grenze"),
    ("Mir geht's grad nicht gut, ich bin total erschöpft von der Arbeit.", "an deiner Grenze"),
    ("I think I'm burned out. What should I do?", "at your limit"),
    ("Can you recommend a good therapist for burnout in Hamburg?", "at your limit"),
]
STILL_A_QUESTION = [
    # networking, little time or a professional topic make it a question again
    "Wie soll ich mich vernetzen, wenn ich eh kurz vorm Burnout bin?",
    "I'm exhausted and have no time",
    "Gibt es eine Fortbildung zu Burnout-Prävention?",
    "Mein Klient hat eine Depression, wohin kann ich ihn vermitteln?",
]


@pytest.mark.parametrize(("text", "expected"), WORN_OUT)
async def test_someone_worn_out_gets_a_kind_reply_with_where_to_find_help(
    harness: Harness, text: str, expected: str
) -> None:
    reply = joined(await harness.say(text))
    assert expected in reply and "0800 111 0 111" in reply and "112" in reply
    assert "Womit fangen wir an?" not in reply and "Wo fange ich an?" not in reply
    assert await harness.app.store.list_unanswered(10) == [], "never kept as a question"


@pytest.mark.parametrize("text", STILL_A_QUESTION)
async def test_worn_out_words_in_a_question_leave_it_a_question(
    harness: Harness, text: str
) -> None:
    reply = joined(await harness.say(text))
    assert "an deiner Grenze" not in reply and "at your limit" not in reply


@pytest.mark.parametrize("text", ["Guten Morgen, Bot ☀️", "Moin Bot", "hey bot, wie gehts?"])
async def test_a_greeting_to_the_bot_gets_the_main_menu(harness: Harness, text: str) -> None:
    reply = joined(await harness.say(text))
    assert "Womit fangen wir an?" in reply
    assert "ein Programm, kein Mensch" not in reply, "not the answer about the bot"

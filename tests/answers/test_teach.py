"""Moderators teach the bot from /offenefragen: an existing answer for a question, a new answer
in one or both languages, or "ignore"; the next person gets the taught answer at once, a
reload and a restart keep it, and only community moderators in private chat may teach."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.overlay import ANSWER_LIMIT
from core.kernel.messages import Action, Reply
from tests.harness import Harness, joined

ASKED = "Was kostet die Teilnahme an so einem Treffen?"
BEAMER = "Wer leiht mir einen Beamer?"
ANSWER_DE = "Frag im Raum „Technik“ nach, dort verleihen Leute ihre Beamer."
ANSWER_EN = "Ask in the room “Technik”, people lend their projectors there."


@pytest.fixture
async def teaching(tmp_path: Path) -> AsyncIterator[Harness]:
    """A harness over a copy of the content (it may be reloaded), with Cora a community
    moderator and Rami a moderator of every room but of no community."""
    shutil.copytree(BUNDLED_CONTENT, tmp_path / "content")
    h = await Harness.create(tmp_path / "db", content_dir=tmp_path / "content", community={"cora"})
    h.moderators.user_ids.add("rami")
    try:
        yield h
    finally:
        await h.close()


def question_reply(actions: list[Action], text: str) -> Reply:
    """The message of /offenefragen that stands for the question `text`."""
    found = [a for a in actions if isinstance(a, Reply) and a.choices and text in a.text]
    assert found, joined(actions)
    return found[-1]


def value(reply: Reply, label: str) -> str:
    """The value of the button labelled `label`."""
    found = [c.value for c in reply.choices if c.label == label]
    assert found, [c.label for c in reply.choices]
    return found[0]


def only(actions: list[Action]) -> Reply:
    replies = [a for a in actions if isinstance(a, Reply)]
    assert replies, actions
    return replies[-1]


async def buttons_of(h: Harness, question: str, user: str = "Cora") -> Reply:
    return question_reply(await h.say("/offenefragen", user=user), question)


async def kept(h: Harness) -> list[str]:
    return [q.text for q in await h.app.store.list_unanswered(50)]


async def test_a_guess_makes_the_question_a_phrasing_and_the_next_person_gets_it(
    teaching: Harness,
) -> None:
    h = teaching
    assert "Das weiß ich leider nicht" in joined(await h.say(ASKED, user="Bob"))
    question = await buttons_of(h, ASKED)
    assert [c.label for c in question.choices] == ["Antworten mit …", "Neue Antwort", "Ignorieren"]
    guesses = only(await h.choose(value(question, "Antworten mit …"), user="Cora"))
    assert "Meine besten Vermutungen" in guesses.text
    entry = h.app.content.content.faq_entry("offline-networking")
    assert entry is not None
    saved = joined(await h.choose(value(guesses, entry.question.de), user="Cora"))
    assert f"„{ASKED}“ ist jetzt eine weitere Formulierung von „{entry.question.de}“" in saved
    assert ASKED not in await kept(h), "off the list"
    answered = joined(await h.say(ASKED, user="Dana"))
    assert entry.answer.de in answered, "the next person gets the chosen entry's answer"
    assert "Das weiß ich leider nicht" not in answered


async def test_search_finds_entries_by_typed_words(teaching: Harness) -> None:
    h = teaching
    await h.say(BEAMER, user="Bob")
    guesses = only(
        await h.choose(value(await buttons_of(h, BEAMER), "Antworten mit …"), user="Cora")
    )
    asked = joined(await h.choose(value(guesses, "Suchen"), user="Cora"))
    assert "Schreib ein paar Wörter" in asked
    found = only(await h.say("Barcamp", user="Cora"))
    assert "Einträge zu „Barcamp“" in found.text
    barcamp = h.app.content.content.faq_entry("what-is-barcamp")
    assert barcamp is not None
    assert found.choices[0].label == barcamp.question.de
    nothing = joined(await h.say("Xylophonwerkstatt", user="Cora"))
    assert "keinen Eintrag gefunden" in nothing
    again = only(await h.say("Barcamp", user="Cora"))
    await h.choose(value(again, barcamp.question.de), user="Cora")
    assert barcamp.answer.de in joined(await h.say(BEAMER, user="Dana"))


async def test_a_new_answer_in_both_languages_becomes_an_entry(teaching: Harness) -> None:
    h = teaching
    await h.say(BEAMER, user="Bob")
    asked = joined(await h.choose(value(await buttons_of(h, BEAMER), "Neue Antwort"), user="Cora"))
    assert "auf Deutsch" in asked and str(ANSWER_LIMIT) in asked
    assert "auf Englisch" in joined(await h.say(ANSWER_DE, user="Cora"))
    saved = joined(await h.say(ANSWER_EN, user="Cora"))
    # Cora wrote English last, so the bot speaks English with her now
    assert "New entry “wer-leiht-mir-einen-beamer” saved" in saved
    assert "missing" not in saved
    assert ANSWER_DE in joined(await h.say(BEAMER, user="Dana"))
    await h.choose("lang:en", user="Erik")
    assert ANSWER_EN in joined(await h.say(BEAMER, user="Erik"))
    assert BEAMER not in await kept(h)


async def test_one_language_left_for_later_is_named_and_the_other_stands_in(
    teaching: Harness,
) -> None:
    h = teaching
    await h.say(BEAMER, user="Bob")
    await h.choose(value(await buttons_of(h, BEAMER), "Neue Antwort"), user="Cora")
    english = only(await h.say(ANSWER_DE, user="Cora"))
    saved = joined(await h.choose(value(english, "Später schreiben"), user="Cora"))
    assert "Auf Englisch fehlt die Antwort noch" in saved
    assert "bekommen alle die Antwort auf Deutsch" in saved
    await h.choose("lang:en", user="Erik")
    assert ANSWER_DE in joined(await h.say(BEAMER, user="Erik")), "the written one stands in"


async def test_both_languages_left_for_later_save_nothing(teaching: Harness) -> None:
    h = teaching
    await h.say(BEAMER, user="Bob")
    german = only(await h.choose(value(await buttons_of(h, BEAMER), "Neue Antwort"), user="Cora"))
    english = only(await h.choose(value(german, "Später schreiben"), user="Cora"))
    again = await h.choose(value(english, "Später schreiben"), user="Cora")
    assert "Mindestens eine Sprache braucht eine Antwort" in joined(again)
    assert not await h.app.store.overlay()
    assert BEAMER in await kept(h)


async def test_ignore_takes_the_question_off_the_list(teaching: Harness) -> None:
    h = teaching
    await h.say(BEAMER, user="Bob")
    await h.say(ASKED, user="Bob")
    ignored = joined(await h.choose(value(await buttons_of(h, BEAMER), "Ignorieren"), user="Cora"))
    assert f"„{BEAMER}“ steht nicht mehr auf der Liste" in ignored
    assert await kept(h) == [ASKED]
    assert not await h.app.store.overlay()


async def test_cancel_keeps_the_question(teaching: Harness) -> None:
    h = teaching
    await h.say(BEAMER, user="Bob")
    asked = only(await h.choose(value(await buttons_of(h, BEAMER), "Neue Antwort"), user="Cora"))
    assert "Abgebrochen" in joined(await h.choose(value(asked, "Abbrechen"), user="Cora"))
    assert "Das weiß ich leider nicht" in joined(await h.say(ANSWER_DE, user="Cora"))
    assert sorted(await kept(h)) == sorted([BEAMER, ANSWER_DE])


async def test_a_command_instead_of_the_answer_saves_nothing(teaching: Harness) -> None:
    """The moderator's next question after a menu is no answer to the question before."""
    h = teaching
    await h.say(BEAMER, user="Bob")
    await h.choose(value(await buttons_of(h, BEAMER), "Neue Antwort"), user="Cora")
    assert "Abgebrochen" in joined(await h.say("/hilfe", user="Cora"))
    await h.say("Wo finde ich Barcamps?", user="Cora")
    assert not await h.app.store.overlay()
    assert BEAMER in await kept(h)


async def test_only_community_moderators_in_private_chat_may_teach(teaching: Harness) -> None:
    h = teaching
    await h.say(BEAMER, user="Bob")
    question = await buttons_of(h, BEAMER)
    for label in ("Antworten mit …", "Neue Antwort", "Ignorieren"):
        for who in ("Rami", "Bob"):  # a room moderator; anyone pressing a forwarded button
            refused = joined(await h.choose(value(question, label), user=who))
            assert "Das dürfen nur die Moderator:innen der Gemeinschaft" in refused
            assert BEAMER not in refused
        in_room = joined(await h.choose(value(question, label), user="Cora", room="Treff"))
        assert "nicht mehr aktuell" in in_room
    assert await kept(h) == [BEAMER]
    assert not await h.app.store.overlay()


async def test_a_moderator_no_longer_named_cannot_finish(teaching: Harness) -> None:
    h = teaching
    store = h.app.store
    await store.name_moderator("console", "nele", h.clock.now())
    await h.say(BEAMER, user="Bob")
    await h.choose(value(await buttons_of(h, BEAMER, "Nele"), "Neue Antwort"), user="Nele")
    await store.unname_moderator("console", "nele")
    await h.say(ANSWER_DE, user="Nele")
    assert not await store.overlay()
    assert "Das weiß ich leider nicht" in joined(await h.say(BEAMER, user="Dana"))


async def test_hostile_answers_fail_safely_and_html_stays_text(teaching: Harness) -> None:
    h = teaching
    await h.say(BEAMER, user="Bob")
    await h.choose(value(await buttons_of(h, BEAMER), "Neue Antwort"), user="Cora")
    too_long = joined(await h.say("x" * (ANSWER_LIMIT + 1), user="Cora"))
    assert "zu lang" in too_long
    assert "leer" in joined(await h.say("\u202e\u200b\u2066", user="Cora"))
    hostile = '<b>Technik</b> <a href="https://evil.example">hier</a> \u202eegnaro'
    await h.say(hostile, user="Cora")
    await h.say("²", user="Cora")  # a number that is no ASCII number: an answer like any
    answered = joined(await h.say(BEAMER, user="Dana"))
    assert '<b>Technik</b> <a href="https://evil.example">hier</a> egnaro' in answered
    [entry] = (await h.app.store.overlay()).entries
    assert entry.answer_en == "²" and "\u202e" not in (entry.answer_de or "")


async def test_stale_and_made_up_buttons_change_nothing(teaching: Harness) -> None:
    h = teaching
    await h.say(BEAMER, user="Bob")
    question = await buttons_of(h, BEAMER)
    ignore = value(question, "Ignorieren")
    ref = ignore.rsplit(":", 1)[1]
    await h.choose(ignore, user="Cora")
    assert "nicht mehr auf der Liste" in joined(await h.choose(ignore, user="Cora"))
    await h.say(ASKED, user="Bob")
    ref = value(await buttons_of(h, ASKED), "Ignorieren").rsplit(":", 1)[1]
    for made_up in (
        f"teach:use:{ref}:no-such-entry",
        f"teach:use:{ref}:start-onboarding",
        f"teach:later:{ref}:fr",
        f"teach:nonsense:{ref}",
        "teach:with:²²²²²²²²²²",
        "teach:with",
        "teach:",
    ):
        await h.choose(made_up, user="Cora")
    assert not await h.app.store.overlay()
    assert await kept(h) == [ASKED]


async def test_masked_questions_stay_masked_when_taught(teaching: Harness) -> None:
    h = teaching
    await h.say(f"Ich bin bob@example.org. {BEAMER}", user="Bob")
    [masked] = await kept(h)
    assert "bob@example.org" not in masked and "[E-Mail]" in masked
    guesses = only(
        await h.choose(value(await buttons_of(h, masked), "Antworten mit …"), user="Cora")
    )
    await h.choose(value(guesses, "Suchen"), user="Cora")
    found = only(await h.say("Projekte", user="Cora"))
    await h.choose(found.choices[0].value, user="Cora")
    [phrasing] = (await h.app.store.overlay()).phrasings
    assert phrasing.text == masked


async def test_reload_and_restart_keep_what_was_taught(teaching: Harness) -> None:
    h = teaching
    await h.say(BEAMER, user="Bob")
    await h.choose(value(await buttons_of(h, BEAMER), "Neue Antwort"), user="Cora")
    await h.say(ANSWER_DE, user="Cora")
    await h.say(ANSWER_EN, user="Cora")
    assert h.app.reload_content()
    assert ANSWER_DE in joined(await h.say(BEAMER, user="Dana")), "a SIGHUP reload keeps it"
    await h.restart()
    assert ANSWER_DE in joined(await h.say(BEAMER, user="Finn")), "a restart keeps it"

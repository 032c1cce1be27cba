"""Teaching through the Bot API server: a community moderator answers an unanswered question
with the buttons of /offenefragen, and the next person asking gets the taught answer; a
group's administrator pressing a forwarded copy of the buttons is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.support.botapi import BotApiServer, Sent
from tests.telegram.rig import Rig, with_buttons

pytestmark = pytest.mark.integration

BOT = "lagerfeuer_test_bot"
BEAMER = "Wer leiht mir einen Beamer?"
ANSWER = "Frag im Raum „Technik“ nach: <b>Beamer</b> & Kabel gibt es dort."


@pytest_asyncio.fixture(loop_scope="function")
async def teaching(botapi: BotApiServer, tmp_path: Path) -> AsyncIterator[Rig]:
    """The bot with Cora (id 1) among the operator's community moderators."""
    running = await Rig.start(botapi, tmp_path / "lagerfeuer.db", moderators="telegram:1")
    try:
        yield running
    finally:
        await running.stop()


def question_message(sent: list[Sent]) -> Sent:
    return [s for s in sent if s.keyboard and BEAMER in s.text][-1]


async def test_a_moderator_teaches_with_buttons_and_the_next_person_gets_it(
    teaching: Rig, botapi: BotApiServer
) -> None:
    rig = teaching
    cora, bob, dana = botapi.user(1, "Cora"), botapi.user(2, "Bob"), botapi.user(4, "Dana")
    rami = botapi.user(3, "Rami")
    group = botapi.group(-1003001, "Netzwerk Kiel", owner=rami)
    await rig.do(botapi.message(group, rami, f"/privacy@{BOT}"))  # Rami administers a group
    [unknown] = await rig.do(botapi.message(botapi.chats[2], bob, BEAMER))
    assert "Das weiß ich leider nicht" in unknown.text

    listing = await rig.do(botapi.message(botapi.chats[1], cora, "/offenefragen"))
    question = question_message(listing)
    labels = [b["text"] for b in question.buttons()]
    assert labels == ["Antworten mit …", "Neue Antwort", "Ignorieren"]

    forwarded = botapi.bot_message(botapi.chats[3], question.text, question.keyboard)
    for person in (rami, bob):
        [refused] = await rig.press(forwarded, person, "Neue Antwort")
        assert "nur die Moderator:innen der Gemeinschaft" in refused.text

    asked = with_buttons(await rig.press(question, cora, "Neue Antwort"))
    assert "auf Deutsch" in asked.text
    english = with_buttons(await rig.do(botapi.message(botapi.chats[1], cora, ANSWER)))
    assert "auf Englisch" in english.text
    [saved] = await rig.press(english, cora, "Später schreiben")
    assert "Neuer Eintrag „wer-leiht-mir-einen-beamer“ gespeichert" in saved.text
    assert "Auf Englisch fehlt die Antwort noch" in saved.text

    [answer] = await rig.do(botapi.message(botapi.chats[4], dana, BEAMER))
    assert answer.text == ANSWER, "markup arrives as text, not as formatting"
    assert "&lt;b&gt;Beamer&lt;/b&gt; &amp; Kabel" in answer.html
    again = await rig.do(botapi.message(botapi.chats[1], cora, "/offenefragen"))
    assert all(BEAMER not in s.text for s in again), "answered: off the list"

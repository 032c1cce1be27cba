"""`/kontakt` through the real Telegram adapter and the project's Bot API server: the message
reaches the moderators' group (the writer as a mention) or the community moderators' private
chats, and a community moderator's reply (`reply_to_message`) to that post comes back to the
person once; a member's reply, a reply to another message, the command in a group, a hostile
name and `/vergessen` in between pass nothing on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from tests.support.botapi import BotApiServer, JSONDict, Sent
from tests.telegram.rig import Rig

pytestmark = pytest.mark.integration

MESSAGE = "Ich möchte mit einem Moderator sprechen."
ANSWER = "Hallo Anna, wir melden uns gleich."
FROM_TEAM = "Antwort vom Team der Gemeinschaft:"
NOT_PASSED_ON = "Diese Antwort gebe ich nicht weiter"


@dataclass
class Team:
    rig: Rig
    api: BotApiServer
    cora: JSONDict
    anna: JSONDict
    ben: JSONDict
    group: JSONDict


@pytest_asyncio.fixture(loop_scope="function")
async def team(botapi: BotApiServer, tmp_path: Path) -> AsyncIterator[Team]:
    """Cora (a community moderator) added the bot to the group Team; Ben is a member there."""
    api = botapi
    cora, anna, ben = api.user(800, "Cora"), api.user(810, "Anna"), api.user(811, "Ben")
    group = api.group(-1004001, "Team", owner=cora)
    rig = await Rig.start(api, tmp_path / "lagerfeuer.db", moderators="telegram:800")
    try:
        await rig.do(api.bot_status(group, cora, "left", "administrator"))
        yield Team(rig, api, cora, anna, ben, group)
    finally:
        await rig.stop()


async def contact(t: Team, person: JSONDict, text: str, at: int) -> Sent:
    """`person` writes `/kontakt <text>` privately; returns the post in chat `at`."""
    sent = await t.rig.do(t.api.message(t.api.chats[person["id"]], person, f"/kontakt {text}"))
    [post] = [s for s in sent if s.chat_id == at]
    [told] = [s for s in sent if s.chat_id == person["id"]]
    assert "weitergegeben" in told.text
    return post


def to(sent: list[Sent], chat: JSONDict) -> list[str]:
    return [s.text for s in sent if s.chat_id == chat["id"]]


async def test_the_moderators_group_hears_and_one_answer_comes_back(team: Team) -> None:
    t, api = team, team.api
    await t.rig.do(api.message(t.group, t.cora, "/gemeinschaft modraum"))
    post = await contact(t, t.anna, MESSAGE, at=t.group["id"])
    assert post.text.startswith("Nachricht über /kontakt von Anna (telegram:810):")
    assert MESSAGE in post.text
    assert '<a href="tg://user?id=810">Anna</a>' in post.html, "the writer as a mention"

    by_ben = await t.rig.do(api.message(t.group, t.ben, "Ich kümmere mich", reply_to=post))
    assert to(by_ben, t.anna) == [] and to(by_ben, t.group) == [], "a member's reply: nothing"

    answered = await t.rig.do(api.message(t.group, t.cora, ANSWER, reply_to=post))
    [back] = to(answered, t.anna)
    assert back.startswith(f"{FROM_TEAM}\n\n{ANSWER}\n\n")
    assert to(answered, t.group) == ["Deine Antwort ist an die Person weitergegangen."]

    again = await t.rig.do(api.message(t.group, t.cora, "Noch etwas.", reply_to=post))
    assert to(again, t.anna) == [], "the second reply to the same post is not passed on"
    assert NOT_PASSED_ON in "\n".join(to(again, t.group))


async def test_without_a_moderators_group_the_moderators_answer_privately(team: Team) -> None:
    t, api = team, team.api
    dora = api.user(801, "Dora")
    api.blocked.add(dora["id"])  # one moderator who cannot be reached does not stop the rest
    await t.rig.do(api.message(api.chats[t.cora["id"]], t.cora, "/moderatoren hinzufuegen 801"))
    mallory = api.user(812, "<b>Mal\u202elory</b>")
    post = await contact(t, mallory, MESSAGE, at=t.cora["id"])
    assert "<b>Mallory</b> (telegram:812)" in post.text, "the name arrives literally"
    assert '<a href="tg://user?id=812">&lt;b&gt;Mallory&lt;/b&gt;</a>' in post.html

    private = api.chats[t.cora["id"]]
    unrelated = (await t.rig.do(api.message(private, t.cora, "/regeln")))[0]
    other = await t.rig.do(api.message(private, t.cora, "Hallo?", reply_to=unrelated))
    assert to(other, mallory) == [], "a reply to another message of the bot: no answer"

    answered = await t.rig.do(api.message(private, t.cora, ANSWER, reply_to=post))
    [back] = to(answered, mallory)
    assert back.startswith(f"{FROM_TEAM}\n\n{ANSWER}")


async def test_in_a_group_and_after_forget_nothing_goes(team: Team) -> None:
    t, api = team, team.api
    await t.rig.do(api.message(t.group, t.cora, "/gemeinschaft modraum"))
    in_group = await t.rig.do(api.message(t.group, t.ben, f"/kontakt {MESSAGE}"))
    assert to(in_group, t.group) == ["/kontakt funktioniert nur im privaten Chat mit mir."]

    post = await contact(t, t.anna, MESSAGE, at=t.group["id"])
    private = api.chats[t.anna["id"]]
    asked = await t.rig.do(api.message(private, t.anna, "/vergessen"))
    await t.rig.press(asked[-1], t.anna, "Ja, alles löschen")
    answered = await t.rig.do(api.message(t.group, t.cora, ANSWER, reply_to=post))
    assert to(answered, t.anna) == []
    assert NOT_PASSED_ON in "\n".join(to(answered, t.group))


async def test_the_way_back_survives_a_restart(team: Team) -> None:
    t, api = team, team.api
    await t.rig.do(api.message(t.group, t.cora, "/gemeinschaft modraum"))
    post = await contact(t, t.anna, MESSAGE, at=t.group["id"])
    await t.rig.restart(core=True)
    answered = await t.rig.do(api.message(t.group, t.cora, ANSWER, reply_to=post))
    assert [text.startswith(FROM_TEAM) for text in to(answered, t.anna)] == [True]


async def test_when_no_moderator_can_be_reached_the_person_hears_it(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    """The only community moderator never opened a private chat with the bot: Telegram
    refuses the post (403), and Anna is told after the confirmation, with nothing kept."""
    api = botapi
    api.user(820, "Cora", started=False)
    anna = api.user(810, "Anna")
    rig = await Rig.start(api, tmp_path / "lagerfeuer.db", moderators="telegram:820")
    try:
        sent = await rig.do(api.message(api.chats[anna["id"]], anna, f"/kontakt {MESSAGE}"))
        told = [s.text for s in sent if s.chat_id == anna["id"]]
        assert len(told) == 2 and "weitergegeben" in told[0], told
        assert "niemandem aus der Moderation zustellen" in told[1]
        assert [s for s in sent if s.chat_id == 820] == []
        rows = await rig.app.store.db.fetchall("SELECT * FROM contact_requests")
        assert rows == []
    finally:
        await rig.stop()

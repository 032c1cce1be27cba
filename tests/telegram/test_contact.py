"""`/kontakt` through the real Telegram adapter and the Bot API test server: the message reaches
the moderators' group (the writer linked as a mention) or a community moderator's private chat,
and a community moderator's reply (`reply_to_message`) comes back to the person; a member's
reply in the group does not."""

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
    """`person` writes `/kontakt <text>` privately; the post in chat `at`."""
    sent = await t.rig.do(t.api.message(t.api.chats[person["id"]], person, f"/kontakt {text}"))
    [post] = [s for s in sent if s.chat_id == at]
    [told] = [s for s in sent if s.chat_id == person["id"]]
    assert "weitergegeben" in told.text
    return post


async def test_the_modroom_hears_and_a_moderators_reply_comes_back(team: Team) -> None:
    t, api = team, team.api
    await t.rig.do(api.message(t.group, t.cora, "/gemeinschaft modraum"))
    post = await contact(t, t.anna, MESSAGE, at=t.group["id"])
    assert MESSAGE in post.text and "Anna (telegram:810)" in post.text
    assert '<a href="tg://user?id=810">Anna</a>' in post.html, "the writer as a mention"

    by_ben = await t.rig.do(api.message(t.group, t.ben, "Ich kümmere mich", reply_to=post))
    assert [s for s in by_ben if s.chat_id == t.anna["id"]] == [], "a member's reply stays"

    answered = await t.rig.do(api.message(t.group, t.cora, ANSWER, reply_to=post))
    [back] = [s for s in answered if s.chat_id == t.anna["id"]]
    assert back.text == f"Antwort vom Team der Gemeinschaft:\n\n{ANSWER}"
    assert [s.text for s in answered if s.chat_id == t.group["id"]] == [
        "Deine Antwort ist an die Person weitergegangen."
    ]
    again = await t.rig.do(api.message(t.group, t.cora, "Noch etwas.", reply_to=post))
    assert [s.text for s in again if s.chat_id == t.anna["id"]] == [
        "Antwort vom Team der Gemeinschaft:\n\nNoch etwas."
    ]


async def test_without_a_modroom_the_moderator_answers_from_private_chat(team: Team) -> None:
    t, api = team, team.api
    mallory = api.user(812, "<b>Mallory</b>")
    post = await contact(t, mallory, MESSAGE, at=t.cora["id"])
    assert "<b>Mallory</b> (telegram:812)" in post.text, "the name arrives literally"
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in post.html
    private = api.chats[t.cora["id"]]
    answered = await t.rig.do(api.message(private, t.cora, ANSWER, reply_to=post))
    [back] = [s for s in answered if s.chat_id == mallory["id"]]
    assert back.text.endswith(ANSWER)
    unrelated = (await t.rig.do(api.message(private, t.cora, "/regeln")))[0]
    other = await t.rig.do(api.message(private, t.cora, "Hallo?", reply_to=unrelated))
    assert [s for s in other if s.chat_id == mallory["id"]] == [], "another post: no answer"

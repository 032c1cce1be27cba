"""`/kontakt` on a real Synapse: a person's message from their DM reaches the moderators' room
(the writer as a pill) or a community moderator's DM, and a community moderator's reply to the
bot's post (`m.in_reply_to`) comes back to the person; a member's reply does not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.matrix.people import Bot, Person, Scene, Seen
from tests.matrix.test_boundary import dm, text
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration

MESSAGE = "Ich möchte mit einem Moderator sprechen."
ANSWER = "Hallo, wir melden uns gleich bei dir."
FROM_TEAM = "Antwort vom Team der Gemeinschaft:"


def reply_to(event_id: str) -> dict[str, Any]:
    return {"m.relates_to": {"m.in_reply_to": {"event_id": event_id}}}


async def from_bot(person: Person, room: str, bot: Bot, needle: str, mark: int) -> Seen:
    return await person.wait_for(
        room, lambda m: m.sender == bot.user_id and needle in m.body, after=mark
    )


async def test_the_moderators_room_hears_and_a_moderators_reply_comes_back(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        cora, anna, ben = [await scene.person(name) for name in ("cora", "anna", "ben")]
        bot = await scene.bot(moderators=f"matrix:{cora.user_id}")
        team = await cora.create_room(name="Team", invite=(bot.user_id, ben.user_id))
        await cora.wait_for(team, lambda m: m.sender == bot.user_id)
        await ben.join(team)
        mark = len(cora.seen)
        await cora.say(team, "!gemeinschaft modraum")
        await from_bot(cora, team, bot, "Raum der Moderation", mark)

        anna_dm = await dm(anna, bot)
        mark, told = len(cora.seen), len(anna.seen)
        await anna.say(anna_dm, f"!kontakt {MESSAGE}")
        post = await from_bot(cora, team, bot, MESSAGE, mark)
        await from_bot(anna, anna_dm, bot, "weitergegeben", told)
        assert f"({'matrix:' + anna.user_id})" in post.body
        html = post.source["content"]["formatted_body"]
        assert f'href="https://matrix.to/#/{anna.user_id}"' in html, "the writer as a pill"
        assert text("contact.to_team_how") in post.body

        mark = len(anna.seen)
        await ben.say(team, "Ich kümmere mich", reply_to(post.event_id))
        assert await anna.quiet(anna_dm, 3, mark) == [], "a member's reply is not passed on"

        seen_in_team = len(cora.seen)
        await cora.say(team, f"> <{bot.user_id}> {MESSAGE}\n\n{ANSWER}", reply_to(post.event_id))
        back = await from_bot(anna, anna_dm, bot, FROM_TEAM, mark)
        assert back.body == f"{FROM_TEAM}\n\n{ANSWER}", "the quoted fallback is not passed on"
        await from_bot(cora, team, bot, "weitergegangen", seen_in_team)


async def test_without_a_moderators_room_the_moderator_answers_in_the_dm(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        cora, anna = await scene.person("cora"), await scene.person("anna")
        bot = await scene.bot(moderators=f"matrix:{cora.user_id}")
        cora_dm = await dm(cora, bot)
        anna_dm = await dm(anna, bot)
        mark, told = len(cora.seen), len(anna.seen)
        await anna.say(anna_dm, f"!kontakt {MESSAGE}")
        post = await from_bot(cora, cora_dm, bot, MESSAGE, mark)
        await from_bot(anna, anna_dm, bot, "weitergegeben", told)
        await cora.say(cora_dm, ANSWER, reply_to(post.event_id))
        back = await from_bot(anna, anna_dm, bot, FROM_TEAM, told)
        assert back.body.endswith(ANSWER)

"""`/kontakt` on a real Synapse: a person's message from their DM reaches the moderators' room
(the writer as a pill) or a community moderator's DM, and a community moderator's reply to the
bot's post (`m.in_reply_to`) comes back to the person once; a member's reply, a reply to
another message of the bot, the command in a room, a hostile display name and `!vergessen` in
between pass nothing on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.matrix.people import Bot, Person, Scene, Seen
from tests.matrix.test_boundary import ask, dm, text
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration

MESSAGE = "Ich möchte mit einem Moderator sprechen."
ANSWER = "Hallo, wir melden uns gleich bei dir."
FROM_TEAM = "Antwort vom Team der Gemeinschaft:"
NOT_PASSED_ON = "Diese Antwort gebe ich nicht weiter"


def reply_to(event_id: str) -> dict[str, Any]:
    return {"m.relates_to": {"m.in_reply_to": {"event_id": event_id}}}


async def from_bot(person: Person, room: str, bot: Bot, needle: str, mark: int) -> Seen:
    return await person.wait_for(
        room, lambda m: m.sender == bot.user_id and needle in m.body, after=mark
    )


async def team_of(scene: Scene, moderator: str, *others: str) -> tuple[Person, Bot, list[Person]]:
    """A community moderator (the operator's list), the bot, and other people."""
    cora = await scene.person(moderator)
    people = [await scene.person(name) for name in others]
    return cora, await scene.bot(moderators=f"matrix:{cora.user_id}"), people


def bot_said(person: Person, room: str, bot: Bot, mark: int) -> list[str]:
    return [s.body for s in person.seen[mark:] if s.room_id == room and s.sender == bot.user_id]


async def test_the_moderators_room_hears_and_one_answer_comes_back(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        cora, bot, (anna, ben) = await team_of(scene, "cora", "anna", "ben")
        team = await cora.create_room(name="Team", invite=(bot.user_id, ben.user_id))
        await cora.wait_for(team, lambda m: m.sender == bot.user_id)
        await ben.join(team)
        confirmed = await ask(cora, team, bot, "!gemeinschaft modraum", "Moderation")
        await ask(
            ben, team, bot, f"!kontakt {MESSAGE}", text("common.private_only", command="kontakt")
        )

        anna_dm = await dm(anna, bot)
        mark, told = len(cora.seen), len(anna.seen)
        await anna.say(anna_dm, f"!kontakt {MESSAGE}")
        post = await from_bot(cora, team, bot, MESSAGE, mark)
        await from_bot(anna, anna_dm, bot, "weitergegeben", told)
        assert f"({'matrix:' + anna.user_id}):" in post.body
        html = post.source["content"]["formatted_body"]
        assert f'href="https://matrix.to/#/{anna.user_id}"' in html, "the writer as a pill"

        mark = len(anna.seen)
        await ben.say(team, "Ich kümmere mich", reply_to(post.event_id))
        await cora.say(team, "Und das hier?", reply_to(confirmed.event_id))
        seen_in_team = len(cora.seen)
        await cora.say(team, f"> <{bot.user_id}> {MESSAGE}\n\n{ANSWER}", reply_to(post.event_id))
        back = await from_bot(anna, anna_dm, bot, FROM_TEAM, mark)
        assert back.body.startswith(f"{FROM_TEAM}\n\n{ANSWER}\n\n"), "without the quote"
        assert bot_said(anna, anna_dm, bot, mark) == [back.body], (
            "neither the member's reply nor one to another message of the bot came through"
        )
        await from_bot(cora, team, bot, "weitergegangen", seen_in_team)

        mark, seen_in_team = len(anna.seen), len(cora.seen)
        await cora.say(team, "Noch etwas.", reply_to(post.event_id))
        await from_bot(cora, team, bot, NOT_PASSED_ON, seen_in_team)
        await anna.say(anna_dm, "!datenschutz")
        await from_bot(anna, anna_dm, bot, "!kontakt", mark)
        assert not any(FROM_TEAM in body for body in bot_said(anna, anna_dm, bot, mark))


async def test_without_a_moderators_room_the_moderator_answers_in_the_dm(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        cora, bot, (anna, mallory) = await team_of(scene, "cora", "anna", "mallory")
        await mallory.client.set_displayname("<b>Mal\u202elory</b>")
        cora_dm = await dm(cora, bot)
        anna_dm = await dm(anna, bot)
        mark, told = len(cora.seen), len(anna.seen)
        await anna.say(anna_dm, f"!kontakt {MESSAGE}")
        post = await from_bot(cora, cora_dm, bot, MESSAGE, mark)
        await from_bot(anna, anna_dm, bot, "weitergegeben", told)
        await cora.say(cora_dm, ANSWER, reply_to(post.event_id))
        back = await from_bot(anna, anna_dm, bot, FROM_TEAM, told)
        assert back.body.startswith(f"{FROM_TEAM}\n\n{ANSWER}")

        mallory_dm = await dm(mallory, bot)
        mark, told = len(cora.seen), len(mallory.seen)
        await mallory.say(mallory_dm, "!kontakt Hallo <i>Team</i>")
        hostile = await from_bot(cora, cora_dm, bot, "Hallo <i>Team</i>", mark)
        assert f"<b>Mallory</b> (matrix:{mallory.user_id})" in hostile.body
        html = hostile.source["content"]["formatted_body"]
        assert "&lt;b&gt;Mallory&lt;/b&gt;</a>" in html and "<b>" not in html
        await from_bot(mallory, mallory_dm, bot, "weitergegeben", told)
        await mallory.say(mallory_dm, "!vergessen")
        await from_bot(mallory, mallory_dm, bot, "wirklich alles löschen", told)
        await mallory.say(mallory_dm, "Ja, alles löschen")
        await from_bot(mallory, mallory_dm, bot, "Erledigt", told)

        mark, told = len(cora.seen), len(mallory.seen)
        await cora.say(cora_dm, ANSWER, reply_to(hostile.event_id))
        await from_bot(cora, cora_dm, bot, NOT_PASSED_ON, mark)
        await mallory.say(mallory_dm, "!datenschutz")
        await from_bot(mallory, mallory_dm, bot, "!kontakt", told)
        assert not any(FROM_TEAM in body for body in bot_said(mallory, mallory_dm, bot, told))


async def test_a_moderator_without_a_dm_cannot_be_reached_and_the_person_hears_it(
    synapse: Synapse, tmp_path: Path
) -> None:
    async with Scene(synapse, tmp_path) as scene:
        _, bot, (anna,) = await team_of(scene, "cora", "anna")  # Cora never opened a DM
        anna_dm = await dm(anna, bot)
        told = len(anna.seen)
        await anna.say(anna_dm, f"!kontakt {MESSAGE}")
        await from_bot(anna, anna_dm, bot, "niemandem aus der Moderation zustellen", told)
        said = bot_said(anna, anna_dm, bot, told)
        assert len(said) == 2 and "weitergegeben" in said[0], said

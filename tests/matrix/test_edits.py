"""Edits, threads and replies on a real Synapse: where an answer goes, and when an edit counts."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.matrix.people import WAIT, Bot, Person, Scene, Seen
from tests.matrix.test_dms import core_says
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration

HELLO = "Guten Morgen zusammen"
"""Room chatter the bot does not answer (no address, no newcomer's question)."""
WHERE, WHY = "wo fange ich an?", "warum soll ich mich vernetzen?"


def edit_of(event_id: str, text: str) -> dict[str, Any]:
    """The content of an edit as Element sends it (with a "* " fallback body)."""
    return {
        "m.new_content": {"msgtype": "m.text", "body": text},
        "m.relates_to": {"rel_type": "m.replace", "event_id": event_id},
    }


def in_thread(root: str, latest: str) -> dict[str, Any]:
    """A thread message's relation, with the reply fallback Element adds."""
    return {
        "m.relates_to": {
            "rel_type": "m.thread",
            "event_id": root,
            "is_falling_back": True,
            "m.in_reply_to": {"event_id": latest},
        }
    }


@dataclass
class Stage:
    """A room of Anna's with the bot in it; the bot's introduction there."""

    scene: Scene
    bot: Bot
    anna: Person
    room: str
    intro: Seen

    def asking(self, question: str) -> str:
        """`question` addressed to the bot in the room."""
        return f"{self.bot.user_id}: {question}"

    async def edit(self, event_id: str, text: str, person: Person | None = None) -> str:
        person = person or self.anna
        return await person.say(self.room, f"* {text}", edit_of(event_id, text))

    async def handled(self, event_id: str) -> None:
        """Until the bot has handled the event and all it sent for it has reached Anna."""
        assert self.bot.app is not None
        deadline = time.monotonic() + WAIT
        while not await self.bot.app.store.event_claimed(f"mx:{event_id}"):
            assert time.monotonic() < deadline, "the bot did not handle the event in time"
            await asyncio.sleep(0.05)
        await self.anna.caught_up()

    def answers(self, mark: int) -> list[Seen]:
        """The bot's messages in the room that Anna has got since `mark`."""
        seen = self.anna.seen[mark:]
        return [m for m in seen if m.room_id == self.room and m.sender == self.bot.user_id]


@contextlib.asynccontextmanager
async def stage(synapse: Synapse, folder: Path, encrypted: bool = False) -> AsyncIterator[Stage]:
    async with Scene(synapse, folder) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        room = await anna.create_room(invite=(bot.user_id,), encrypted=encrypted)
        intro = await anna.wait_for(room, lambda m: m.sender == bot.user_id)
        yield Stage(scene, bot, anna, room, intro)


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
async def test_an_edit_of_an_unanswered_question_is_answered_once_with_its_new_text(
    synapse: Synapse, tmp_path: Path, encrypted: bool
) -> None:
    (where,) = await core_says(WHERE)
    async with stage(synapse, tmp_path, encrypted) as on:
        ben = await on.scene.person("ben")
        await ben.join(on.room)
        await on.anna.wait_for(on.room, lambda m: m.sender == on.bot.user_id and "ben" in m.body)
        mark = len(on.anna.seen)
        hello = await on.anna.say(on.room, HELLO)
        await on.handled(hello)
        assert on.answers(mark) == [], "chatter is not answered"

        foreign = await on.edit(hello, on.asking(WHERE), person=ben)
        await on.handled(foreign)
        assert on.answers(mark) == [], "only the sender's own edits count"

        first = await on.edit(hello, on.asking(WHERE))
        await on.handled(first)
        [answer] = on.answers(mark)
        assert answer.body.startswith(where.text)
        assert answer.encrypted is encrypted

        again = await on.edit(hello, on.asking(WHY))
        await on.handled(again)
        assert len(on.answers(mark)) == 1, "one answer for a message"


async def test_edits_of_answered_questions_stay_unanswered_and_the_latest_edit_counts(
    synapse: Synapse, tmp_path: Path
) -> None:
    where, why = await core_says(WHERE, WHY)
    assert not why.text.startswith(where.text)
    async with stage(synapse, tmp_path) as on:
        mark = len(on.anna.seen)
        asked = await on.anna.say(on.room, on.asking(WHERE))
        await on.anna.wait_for(on.room, lambda m: m.sender == on.bot.user_id, after=mark)
        early = await on.anna.say(on.room, HELLO)
        await on.handled(early)

        await on.bot.stop()  # what follows waits for the bot, and comes as one batch
        mark = len(on.anna.seen)
        edited_answered = await on.edit(asked, on.asking(WHY))
        await on.edit(early, on.asking(WHY))
        hello = await on.anna.say(on.room, HELLO)
        await on.edit(hello, on.asking(WHY))
        latest = await on.edit(hello, on.asking(WHERE))
        await on.bot.start()

        await on.handled(edited_answered)
        await on.handled(latest)
        [for_early, for_hello] = on.answers(mark)
        assert for_early.body.startswith(why.text), "unanswered before the restart"
        assert for_hello.body.startswith(where.text), "the text as it stands now is answered"


async def test_an_edit_that_is_no_edit_of_a_question_is_never_read_as_a_message(
    synapse: Synapse, tmp_path: Path
) -> None:
    (why,) = await core_says(WHY)
    async with stage(synapse, tmp_path) as on:
        mark = len(on.anna.seen)
        hello = await on.anna.say(on.room, HELLO)
        await on.handled(hello)
        first_edit = await on.edit(hello, HELLO + "!")
        await on.handled(first_edit)
        where = on.asking(WHERE)
        relation = edit_of(hello, where)["m.relates_to"]
        hostile: list[dict[str, Any]] = [
            edit_of(on.intro.event_id, where),  # the bot's own message
            edit_of(first_edit, where),  # an edit of an edit
            {"m.new_content": where, "m.relates_to": relation},
            {"m.new_content": {"msgtype": "m.text", "body": where}},  # no relation
            {"m.relates_to": {"rel_type": "m.replace", "event_id": hello}},  # no new content
            {"m.new_content": {"msgtype": "m.notice", "body": where}, "m.relates_to": relation},
            {"m.new_content": {"msgtype": "m.text", "body": ["x"]}, "m.relates_to": relation},
            {**edit_of(hello, where), "m.relates_to": {"rel_type": "m.replace", "event_id": 7}},
        ]
        for content in hostile:
            await on.anna.say(on.room, where, content)  # the fallback body asks the bot
        # handled in order: once this is answered, every edit before it has been handled
        await on.anna.say(on.room, on.asking(WHY))
        await on.anna.wait_for(on.room, lambda m: m.sender == on.bot.user_id, after=mark)
        await on.anna.caught_up()
        [answer] = on.answers(mark)
        assert answer.body.startswith(why.text)


async def test_a_question_in_a_thread_is_answered_in_that_thread_also_when_edited(
    synapse: Synapse, tmp_path: Path
) -> None:
    where, why = await core_says(WHERE, WHY)
    async with stage(synapse, tmp_path) as on:
        root = await on.anna.say(on.room, "Thema: erste Schritte")
        mark = len(on.anna.seen)
        hello = await on.anna.say(on.room, HELLO, in_thread(root, root))
        asked = await on.anna.say(on.room, on.asking(WHY), in_thread(root, hello))
        answer = await on.anna.wait_for(on.room, lambda m: m.sender == on.bot.user_id, after=mark)
        assert answer.body.startswith(why.text)
        assert answer.source["content"]["m.relates_to"] == {
            "rel_type": "m.thread",
            "event_id": root,
            "is_falling_back": True,
            "m.in_reply_to": {"event_id": asked},
        }
        mark = len(on.anna.seen)
        changed = await on.edit(hello, on.asking(WHERE))
        await on.handled(changed)
        [edited_answer] = on.answers(mark)
        assert edited_answer.body.startswith(where.text)
        relation = edited_answer.source["content"]["m.relates_to"]
        assert (relation["rel_type"], relation["event_id"]) == ("m.thread", root)
        assert relation["is_falling_back"] is True


async def test_a_reply_to_the_bot_is_answered_also_after_a_restart(
    synapse: Synapse, tmp_path: Path
) -> None:
    (why,) = await core_says(WHY)
    async with stage(synapse, tmp_path) as on:
        reply = {"m.relates_to": {"m.in_reply_to": {"event_id": on.intro.event_id}}}
        for restart in (False, True):
            if restart:
                await on.bot.restart()
            mark = len(on.anna.seen)
            asked = await on.anna.say(on.room, WHY, reply)  # no mention, no fallback
            await on.handled(asked)
            [answer] = on.answers(mark)
            assert answer.body.startswith(why.text), f"restarted: {restart}"
            assert "m.relates_to" not in answer.source["content"], "outside threads, no relation"

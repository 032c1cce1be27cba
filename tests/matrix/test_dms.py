"""Private chats on a real Synapse: plain and encrypted DMs, numbered answers, reactions."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.harness import Harness, texts_of
from tests.matrix.people import Person, Scene, Seen
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration


async def core_says(*lines: str) -> list[str]:
    """What the core itself answers to these private messages (the last reply of each)."""
    with tempfile.TemporaryDirectory() as folder:
        harness = await Harness.create(Path(folder) / "core.db")
        try:
            answers = []
            for line in lines:
                replies = texts_of(await harness.say(line))
                answers.append(replies[-1] if replies else "")
            return answers
        finally:
            await harness.close()


async def next_from(person: Person, room: str, bot: str, mark: int) -> Seen:
    return await person.wait_for(room, lambda m: m.sender == bot, after=mark)


async def talk(person: Person, room: str, bot: str, text: str, expected: str) -> Seen:
    """Say `text` and wait for the bot's answer that starts with `expected`."""
    mark = len(person.seen)
    await person.say(room, text)
    return await person.wait_for(
        room, lambda m: m.sender == bot and m.body.startswith(expected), after=mark
    )


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
async def test_dm_greets_and_onboarding_proceeds_by_numbers(
    synapse: Synapse, tmp_path: Path, encrypted: bool
) -> None:
    menu, first_question, second_question = await core_says("/start", "1", "1")
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        room = await anna.create_room(
            name=None, invite=(bot.user_id,), direct=True, encrypted=encrypted
        )
        greeting = await next_from(anna, room, bot.user_id, 0)
        assert greeting.body.startswith(menu)
        assert (
            "\n1. " in greeting.body and "<ol><li>" in greeting.source["content"]["formatted_body"]
        )
        assert greeting.encrypted is encrypted

        await talk(anna, room, bot.user_id, "1", first_question)
        answer = await talk(anna, room, bot.user_id, "1", second_question)
        assert answer.encrypted is encrypted
        assert anna.undecryptable == 0


async def test_a_reaction_on_a_choice_message_chooses(synapse: Synapse, tmp_path: Path) -> None:
    _, first_question = await core_says("/start", "1")
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        room = await anna.create_room(name=None, invite=(bot.user_id,), direct=True)
        menu = await next_from(anna, room, bot.user_id, 0)
        mark = len(anna.seen)
        await anna.react(room, menu.event_id, "1️⃣")
        await anna.wait_for(
            room, lambda m: m.sender == bot.user_id and m.body.startswith(first_question), mark
        )


async def test_onboarding_asked_in_a_room_continues_in_a_new_dm(
    synapse: Synapse, tmp_path: Path
) -> None:
    _, first_question = await core_says("/start", "1")
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        ben = await scene.person("ben")
        room = await anna.create_room(invite=(bot.user_id,))
        await anna.wait_for(room, lambda m: m.sender == bot.user_id)
        await ben.join(room)
        await anna.wait_for(room, lambda m: m.sender == bot.user_id and "ben" in m.body.lower())

        await ben.say(room, "!einstieg")
        await ben.wait_until(lambda: bool(ben.client.invited_rooms))
        dm = next(iter(ben.client.invited_rooms))
        await ben.join(dm)
        question = await ben.wait_for(
            dm, lambda m: m.sender == bot.user_id and m.body.startswith(first_question)
        )
        assert question.encrypted, "the DM the bot opens is encrypted"
        assert bot.adapter is not None and bot.adapter.outbound is not None
        assert dm in bot.adapter.outbound.direct_rooms.get(ben.user_id, [])
        dm_room = ben.client.rooms[dm]
        assert dm_room.users[ben.user_id] is not None

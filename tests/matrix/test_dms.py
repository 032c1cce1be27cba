"""Private chats on a real Synapse: plain and encrypted DMs, numbered answers, reactions."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest
from nio import Api

from core.kernel.logs import pseudonym
from core.kernel.messages import ChatRef, Platform, Reply
from tests.harness import Harness
from tests.matrix.people import Bot, Person, Scene, Seen
from tests.support.synapse import Synapse

pytestmark = pytest.mark.integration


async def core_says(*lines: str) -> list[Reply]:
    """What the core itself answers to these private messages (the last reply of each)."""
    with tempfile.TemporaryDirectory() as folder:
        harness = await Harness.create(Path(folder) / "core.db")
        try:
            answers = []
            for line in lines:
                replies = [a for a in await harness.say(line) if isinstance(a, Reply)]
                answers.append(replies[-1])
            return answers
        finally:
            await harness.close()


def number_of(reply: Reply, value: str) -> str:
    """The number a person types to pick the choice with this value."""
    values = [choice.value for choice in reply.choices]
    return str(values.index(value) + 1)


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
async def test_dm_answers_where_to_start_and_onboarding_proceeds_by_numbers(
    synapse: Synapse, tmp_path: Path, encrypted: bool
) -> None:
    menu, answer = await core_says("/start", "wo fange ich an?")
    onboarding = number_of(answer, "menu:onboarding")
    _, first_question, second_question = await core_says("wo fange ich an?", onboarding, "1")
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        room = await anna.create_room(
            name=None, invite=(bot.user_id,), direct=True, encrypted=encrypted
        )
        greeting = await next_from(anna, room, bot.user_id, 0)
        assert greeting.body.startswith(menu.text)
        assert (
            "\n1. " in greeting.body and "<ol><li>" in greeting.source["content"]["formatted_body"]
        )
        assert greeting.encrypted is encrypted

        reply = await talk(anna, room, bot.user_id, "wo fange ich an?", answer.text)
        assert f"\n{onboarding}. {answer.choices[int(onboarding) - 1].label}" in reply.body
        await talk(anna, room, bot.user_id, onboarding, first_question.text)
        last = await talk(anna, room, bot.user_id, "1", second_question.text)
        assert last.encrypted is encrypted

        # hostile text of any size still goes out, literally
        assert bot.adapter is not None
        hostile = "<b>😀\u202e</b>" * 10_000 + "\udc80"
        chat = ChatRef(Platform.MATRIX, room, is_private=True)
        mark = len(anna.seen)
        await bot.adapter.perform([Reply(chat, hostile)])
        big = await next_from(anna, room, bot.user_id, mark)
        assert big.body.startswith("<b>😀\u202e</b><b>")
        assert anna.undecryptable == 0


async def test_a_reaction_on_a_choice_message_chooses(synapse: Synapse, tmp_path: Path) -> None:
    start, first_question = await core_says("/start", "1")
    assert number_of(start, "menu:onboarding") == "1"
    async with Scene(synapse, tmp_path) as scene:
        bot = await scene.bot()
        anna = await scene.person("anna")
        room = await anna.create_room(name=None, invite=(bot.user_id,), direct=True)
        menu = await next_from(anna, room, bot.user_id, 0)
        mark = len(anna.seen)
        await anna.react(room, menu.event_id, "1️⃣")
        await anna.wait_for(
            room, lambda m: m.sender == bot.user_id and m.body.startswith(first_question.text), mark
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
            dm, lambda m: m.sender == bot.user_id and m.body.startswith(first_question.text)
        )
        assert question.encrypted, "the DM the bot opens is encrypted"
        assert bot.adapter is not None and bot.adapter.outbound is not None
        assert dm in bot.adapter.outbound.direct_rooms.get(ben.user_id, [])
        dm_room = ben.client.rooms[dm]
        assert dm_room.users[ben.user_id] is not None


HeldKeys = list[tuple[set[tuple[str, str]], dict[str, Any]]]


async def hold_back_room_key(anna: Person, room: str, bot_id: str) -> HeldKeys:
    """Anna's client prepares the room key for the bot but holds it back, as a slow network
    might: her next message arrives before its key."""
    client = anna.client
    if client.should_query_keys:
        await client.keys_query()
    missing = client.get_missing_sessions(room)
    if missing:
        await client.keys_claim(missing)
    users = list(client.rooms[room].users)
    held = list(client.olm.share_group_session_parallel(room, users, True))
    assert any(bot_id in {user for user, _ in shared} for shared, _ in held)
    session = client.olm.outbound_group_sessions[room]
    session.shared = True
    for shared, _ in held:
        session.users_shared_with.update(shared)
    return held


async def release_room_key(anna: Person, held: HeldKeys) -> None:
    client = anna.client
    for _, to_device in held:
        method, path, data = Api.to_device(
            client.access_token, "m.room.encrypted", to_device, uuid.uuid4()
        )
        # the path carries the access token already
        response = await client.send(method, path, data, {"Content-Type": "application/json"})
        assert response.status == 200
        response.release()


async def wake_bot_syncs(anna: Person, room: str, bot: Bot, times: int = 4) -> None:
    """Typing notices, each waking the bot's sync once."""
    adapter = bot.adapter
    assert adapter is not None
    for n in range(times):
        before = adapter.syncs
        await anna.client.room_typing(room, n % 2 == 0)
        await anna.wait_until(lambda before=before: adapter.syncs > before)  # type: ignore[misc]


async def encrypted_dm_with_held_key(scene: Scene) -> tuple[Bot, Person, str, HeldKeys]:
    """A bot, Anna, their encrypted DM greeted, and the key of Anna's next message held back."""
    bot = await scene.bot()
    anna = await scene.person("anna")
    room = await anna.create_room(name=None, invite=(bot.user_id,), direct=True, encrypted=True)
    await next_from(anna, room, bot.user_id, 0)
    return bot, anna, room, await hold_back_room_key(anna, room, bot.user_id)


async def test_a_message_whose_key_comes_late_is_answered_then(
    synapse: Synapse, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (answer,) = await core_says("wo fange ich an?")
    async with Scene(synapse, tmp_path) as scene:
        bot, anna, room, held = await encrypted_dm_with_held_key(scene)
        mark = len(anna.seen)
        caplog.clear()
        asked = await anna.say(room, "wo fange ich an?")
        assert await anna.quiet(room, 1.0, mark) == [], "no key, no answer yet"
        await wake_bot_syncs(anna, room, bot)
        waiting = [
            r for r in caplog.records if r.levelname == "WARNING" and "room key" in r.getMessage()
        ]
        nio_lines = [r for r in caplog.records if "Error decrypting megolm" in r.getMessage()]
        assert len(waiting) == 1 and len(nio_lines) <= 1, (waiting, nio_lines)
        line = waiting[0].getMessage()
        assert pseudonym(asked) in line and asked not in line, "the event id is hashed"
        await release_room_key(anna, held)
        await anna.wait_for(
            room, lambda m: m.sender == bot.user_id and m.body.startswith(answer.text), mark
        )


async def test_a_message_waiting_for_its_key_is_answered_after_a_restart(
    synapse: Synapse, tmp_path: Path
) -> None:
    (answer,) = await core_says("wo fange ich an?")
    async with Scene(synapse, tmp_path) as scene:
        bot, anna, room, held = await encrypted_dm_with_held_key(scene)
        mark = len(anna.seen)
        await anna.say(room, "wo fange ich an?")
        assert bot.adapter is not None
        await anna.wait_until(lambda: len(bot.adapter.key_wait) == 1)  # type: ignore[union-attr]
        await bot.restart()  # the sync position is past the message now
        await release_room_key(anna, held)
        await anna.wait_for(
            room, lambda m: m.sender == bot.user_id and m.body.startswith(answer.text), mark
        )
        assert await anna.quiet(room, 1.0, len(anna.seen)) == [], "answered once"

"""The commands every assistant has, through the whole core over real SQLite."""

from __future__ import annotations

from core.messages import Reply
from tests.harness import Harness, joined


async def test_start_shows_menu_in_german(harness: Harness) -> None:
    actions = await harness.say("/start")
    reply = actions[0]
    assert isinstance(reply, Reply)
    assert "Hallo" in reply.text
    assert reply.choices, "the main menu offers choices"


async def test_language_switch_to_english_and_back(harness: Harness) -> None:
    assert "English" in joined(await harness.say("/language en"))
    assert "Hi!" in joined(await harness.say("/start"))
    assert "Deutsch" in joined(await harness.say("/sprache de"))


async def test_forget_asks_then_deletes_everything(harness: Harness) -> None:
    await harness.say("/language en")
    store = harness.app.store
    assert await store.get_person("console", "anna") is not None
    confirm = await harness.say("/forget")
    assert isinstance(confirm[0], Reply) and len(confirm[0].choices) == 2
    await harness.say("1")
    assert await store.get_person("console", "anna") is None
    assert await store.get_conversation("console", "dm-anna", "anna") is None


async def test_unknown_command_lists_commands(harness: Harness) -> None:
    text = joined(await harness.say("/frobnicate"))
    assert "/start" in text and "/privacy" in text


async def test_redelivered_event_is_handled_once(harness: Harness) -> None:
    from core.messages import CommandReceived

    event = CommandReceived("same-id", harness.chat(), harness.user(), "start")
    assert await harness.send(event)
    assert await harness.send(event) == []

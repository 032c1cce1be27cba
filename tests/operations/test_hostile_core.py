"""Hostile and broken input through the whole core: never a crash, never another's state."""

from __future__ import annotations

import uuid
from dataclasses import astuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.kernel.messages import (
    Action,
    ChatRef,
    ChoiceMade,
    CommandReceived,
    DeleteMessage,
    MemberJoined,
    OpenDirectChat,
    Pin,
    Platform,
    Reply,
    TextReceived,
    UserRef,
)
from tests.harness import Harness
from tests.operations.hostile import forged_choice, hostile_name, hostile_text
from tests.support.htmlcheck import BalancedHtml
from tests.support.words import COMMAND_WORDS

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
"""One harness serves every example of a test: state piling up is part of the point."""

MALLORY = UserRef(Platform.CONSOLE, "mallory", "Mallory")
VICTIM = "victim"


def check_actions(actions: list[Action], allowed_chats: set[str]) -> None:
    """Every action is well-formed and goes only where the sender is."""
    for action in actions:
        if isinstance(action, Reply):
            assert action.chat.key in allowed_chats, f"reply sent to {action.chat.key}"
            assert isinstance(action.text, str)
            if action.html is not None:
                parser = BalancedHtml()
                parser.feed(action.html)
                parser.close()
                assert not parser.broken and not parser.open, "rendered HTML is not balanced"
        elif isinstance(action, DeleteMessage | Pin):
            assert action.chat.key in allowed_chats
        else:
            assert isinstance(action, OpenDirectChat)
            assert action.user.id != VICTIM


async def victim_state(harness: Harness) -> tuple[object, ...]:
    store = harness.app.store
    person = await store.get_person("console", VICTIM)
    conversation = await store.get_conversation("console", f"dm-{VICTIM}", VICTIM)
    return (
        astuple(person) if person else None,
        astuple(conversation) if conversation else None,
    )


async def prepare_victim(harness: Harness) -> tuple[object, ...]:
    await harness.say("/language en", user="Victim")
    await harness.say("/forget", user="Victim")  # leaves a confirmation open
    return await victim_state(harness)


def mallory_chats(room: str = "raum") -> set[str]:
    return {f"console:dm-{MALLORY.id}", f"console:{room}"}


@SETTINGS
@given(text=hostile_text, private=st.booleans(), addressed=st.booleans())
async def test_any_text_is_handled(
    harness: Harness, text: str, private: bool, addressed: bool
) -> None:
    if not hasattr(harness, "victim_before"):
        harness.victim_before = await prepare_victim(harness)  # type: ignore[attr-defined]
    harness.clock.advance(1)
    chat = (
        ChatRef(Platform.CONSOLE, f"dm-{MALLORY.id}", True)
        if private
        else ChatRef(Platform.CONSOLE, "raum", False, title="Raum")
    )
    actions = await harness.send(
        TextReceived(uuid.uuid4().hex, chat, MALLORY, text, addressed=addressed)
    )
    check_actions(actions, mallory_chats())
    assert await victim_state(harness) == harness.victim_before  # type: ignore[attr-defined]


@SETTINGS
@given(
    name=st.sampled_from(sorted(COMMAND_WORDS.words())) | st.text(max_size=20),
    args=hostile_text,
    private=st.booleans(),
)
async def test_any_command_arguments_are_handled(
    harness: Harness, name: str, args: str, private: bool
) -> None:
    if not hasattr(harness, "victim_before"):
        harness.victim_before = await prepare_victim(harness)  # type: ignore[attr-defined]
    harness.clock.advance(1)
    chat = (
        ChatRef(Platform.CONSOLE, f"dm-{MALLORY.id}", True)
        if private
        else ChatRef(Platform.CONSOLE, "raum", False, title="Raum")
    )
    actions = await harness.send(CommandReceived(uuid.uuid4().hex, chat, MALLORY, name, args))
    check_actions(actions, mallory_chats())
    assert await victim_state(harness) == harness.victim_before  # type: ignore[attr-defined]


@SETTINGS
@given(value=forged_choice, private=st.booleans())
async def test_forged_button_payloads_are_handled(
    harness: Harness, value: str, private: bool
) -> None:
    if not hasattr(harness, "victim_before"):
        harness.victim_before = await prepare_victim(harness)  # type: ignore[attr-defined]
    harness.clock.advance(1)
    chat = (
        ChatRef(Platform.CONSOLE, f"dm-{MALLORY.id}", True)
        if private
        else ChatRef(Platform.CONSOLE, "raum", False, title="Raum")
    )
    actions = await harness.send(ChoiceMade(uuid.uuid4().hex, chat, MALLORY, value))
    check_actions(actions, mallory_chats())
    assert await victim_state(harness) == harness.victim_before  # type: ignore[attr-defined]


@SETTINGS
@given(name=hostile_name, title=hostile_name)
async def test_any_display_name_and_room_title_are_handled(
    harness: Harness, name: str, title: str
) -> None:
    user = UserRef(Platform.CONSOLE, f"u{uuid.uuid4().hex[:8]}", name)
    room = ChatRef(Platform.CONSOLE, "gross", False, title=title)
    actions = await harness.send(MemberJoined(uuid.uuid4().hex, room, user))
    harness.clock.advance(3600)
    actions += await harness.app.assistant.tick()
    for action in actions:
        if isinstance(action, Reply) and action.html is not None and name in action.text:
            parser = BalancedHtml()
            parser.feed(action.html)
            assert name in "".join(parser.text), "the name is shown literally"
    check_actions(actions, {"console:gross"})

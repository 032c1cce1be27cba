"""The commands every assistant has, through the whole core over real SQLite."""

from __future__ import annotations

from core.kernel.choices import split_owner
from core.kernel.messages import Reply
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


async def test_unknown_command_lists_what_this_person_can_use_here(harness: Harness) -> None:
    text = joined(await harness.say("/frobnicate"))
    assert "/hilfe" in text and "/datenschutz" in text and "/vergessen" in text
    assert "/einstellungen" not in text, "a room command is not offered in private chat"
    assert "/ankuendigen" not in text, "moderator commands are not offered to others"
    await harness.say("/language en")
    english = joined(await harness.say("/frobnicate"))
    assert "/start" in english and "/privacy" in english


async def test_unknown_command_in_a_room_offers_room_commands_to_moderators(
    harness: Harness,
) -> None:
    harness.moderators.user_ids.add("mo")
    text = joined(await harness.say("/frobnicate", user="Mo", room="Netz"))
    assert "/einstellungen" in text and "/vergessen" not in text


async def test_private_only_refusal_names_the_command_as_typed(harness: Harness) -> None:
    text = joined(await harness.say("/vergessen", room="Netz"))
    assert "/vergessen" in text and "/forget" not in text


async def test_redelivered_event_is_handled_once(harness: Harness) -> None:
    from core.kernel.messages import CommandReceived

    event = CommandReceived("same-id", harness.chat(), harness.user(), "start")
    assert await harness.send(event)
    assert await harness.send(event) == []


async def test_the_room_menu_leads_into_private_onboarding(harness: Harness) -> None:
    from core.kernel.messages import OpenDirectChat

    menu = await harness.say("/start", room="Netz")
    assert isinstance(menu[0], Reply)
    values = [split_owner(choice.value)[0] for choice in menu[0].choices]
    assert "menu:onboarding" in values, "in a room the values are marked as Anna's own"
    actions = await harness.choose("menu:onboarding", room="Netz")
    assert any(isinstance(action, OpenDirectChat) for action in actions)


async def test_a_bare_number_in_a_room_from_someone_not_offered_choices_is_ignored(
    harness: Harness,
) -> None:
    await harness.say("/start", user="Anna", room="Netz")
    assert await harness.say("2", user="Ben", room="Netz", addressed=True) == []
    answered = await harness.say("2", user="Anna", room="Netz", addressed=True)
    assert answered, "the person who was offered the menu still chooses by number"

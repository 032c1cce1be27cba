"""Join requests answered with the rules: approval on confirmation, a decline after the room's
wait (durable across restarts), left to the moderators where the room does not ask for it or
is not the community's. Through the whole core over real SQLite."""

from __future__ import annotations

import uuid

from core.kernel.choices import owned
from core.kernel.deeplinks import rules_payload
from core.kernel.messages import (
    Action,
    AnswerJoinRequest,
    ChatRef,
    JoinRequested,
    OpenDirectChat,
    Reply,
)
from tests.harness import Harness, joined

ROOM = "Netzwerk"
BUTTON = "Gelesen und einverstanden"
TOKEN = rules_payload("console", "netzwerk").removeprefix("rules_")
DAY = 24 * 3600 + 1


async def request(
    harness: Harness, name: str, room: str = ROOM, *, knock: bool = False
) -> list[Action]:
    """`name` asks to join `room`; the bot may write to them in their private chat, or (a
    knock) opens one itself."""
    private = None if knock else ChatRef(harness.platform, f"dm-{name.lower()}", is_private=True)
    event = JoinRequested(uuid.uuid4().hex, harness.chat(room), harness.user(name), private)
    return await harness.send(event)


def answers(actions: list[Action]) -> list[tuple[str, str, bool]]:
    return [(a.chat.id, a.user.id, a.approve) for a in actions if isinstance(a, AnswerJoinRequest)]


def button(actions: list[Action]) -> str:
    return next(
        c.value for a in actions if isinstance(a, Reply) for c in a.choices if c.label == BUTTON
    )


async def answering(harness: Harness, room: str = ROOM) -> None:
    """A community moderator takes the room into the community; its moderator switches on."""
    harness.app.assistant.deps.operators = frozenset({"console:cora"})
    harness.moderators.rooms[room.lower()] = {"mo"}
    await harness.say("/gemeinschaft beitreten", user="Cora", room=room)
    saved = joined(await harness.say("/einstellungen anfragen an", user="Mo", room=room))
    assert "Beitrittsanfragen beantworte ich (Regeln, dann Aufnahme): an" in saved


async def test_requests_are_left_to_the_moderators_by_default(harness: Harness) -> None:
    harness.app.assistant.deps.operators = frozenset({"console:cora"})
    await harness.say("/gemeinschaft beitreten", user="Cora", room=ROOM)
    assert await request(harness, "Anna") == []
    assert answers(await harness.tick(48 * 3600)) == [], "never declined by the bot"


async def test_a_confirmed_request_is_approved_and_the_welcome_follows(harness: Harness) -> None:
    await answering(harness)
    [asked] = await request(harness, "Anna")
    assert isinstance(asked, Reply) and asked.chat.id == "dm-anna" and asked.chat.is_private
    assert "Die Regeln von „Netzwerk“:" in asked.text and "respektvoll" in asked.text
    assert "nach 24 Stunden ab" in asked.text
    approved = await harness.choose(button([asked]), user="Anna")
    assert answers(approved) == [("netzwerk", "anna", True)]
    assert "Deine Anfrage für „Netzwerk“ ist angenommen" in joined(approved)
    welcome = await harness.join(ROOM, "Anna")
    assert "Herzlich willkommen in Netzwerk, Anna!" in joined(welcome)
    assert answers(await harness.tick(48 * 3600)) == [], "answered: never declined"
    again = await harness.choose(button([asked]), user="Anna")
    assert answers(again) == [] and "schon bestätigt" in joined(again)


async def test_without_confirmation_it_is_declined_in_time_even_after_a_restart(
    harness: Harness,
) -> None:
    await answering(harness)
    await request(harness, "Ben")
    assert answers(await harness.tick(23 * 3600)) == []
    await harness.restart()
    declined = await harness.tick(3601)
    assert answers(declined) == [("netzwerk", "ben", False)]
    [told] = [a for a in declined if isinstance(a, Reply)]
    assert told.chat.id == "dm-ben" and "nicht innerhalb von 24 Stunden bestätigt" in told.text
    assert answers(await harness.tick(48 * 3600)) == [], "declined once"
    late = await harness.choose(owned(f"rules:ok:{TOKEN}", harness.user("Ben")), user="Ben")
    assert answers(late) == [] and "nichts zu bestätigen" in joined(late)


async def test_the_wait_is_the_rooms_own(harness: Harness) -> None:
    await answering(harness)
    for bad in ("²", "0", "169", "zwei", "２４", "-3", "<b>5</b>", "9" * 400):
        refused = joined(await harness.say(f"/einstellungen wartezeit {bad}", user="Mo", room=ROOM))
        assert "ganze Zahl von Stunden, von 1 bis 168" in refused, bad
    await harness.say("/einstellungen wartezeit 2", user="Mo", room=ROOM)
    [asked] = await request(harness, "Cem")
    assert isinstance(asked, Reply) and "nach 2 Stunden ab" in asked.text
    assert answers(await harness.tick(7201)) == [("netzwerk", "cem", False)]
    asked_again = joined(await harness.choose("set:wait", user="Mo", room=ROOM))
    assert "Wie viele Stunden" in asked_again
    reset = joined(await harness.choose("set:wait=", user="Mo", room=ROOM))
    assert "lehne ich eine Anfrage ab nach: 24 Stunden" in reset


async def test_someone_else_pressing_the_forwarded_button_approves_nothing(
    harness: Harness,
) -> None:
    await answering(harness)
    annas = button(await request(harness, "Anna"))
    pressed = await harness.choose(annas, user="Eve")
    assert answers(pressed) == [] and "für jemand anderen" in joined(pressed)
    own = await harness.choose(owned(f"rules:ok:{TOKEN}", harness.user("Eve")), user="Eve")
    assert answers(own) == [] and "nichts zu bestätigen" in joined(own), "Eve never applied"
    assert answers(await harness.choose(annas, user="Anna")) == [("netzwerk", "anna", True)]


async def test_confirming_for_another_room_approves_nothing(harness: Harness) -> None:
    await answering(harness)
    await answering(harness, "Nachbarn")
    await request(harness, "Anna", "Nachbarn")
    crafted = owned(f"rules:ok:{TOKEN}", harness.user("Anna"))  # Netzwerk: never applied
    pressed = await harness.choose(crafted, user="Anna")
    assert answers(pressed) == [] and "nichts zu bestätigen" in joined(pressed)


async def test_a_group_outside_the_community_is_left_to_its_moderators(harness: Harness) -> None:
    harness.moderators.rooms["fremde"] = {"fiona"}
    await harness.say("/einstellungen anfragen an", user="Fiona", room="Fremde")
    assert await request(harness, "Anna", "Fremde") == []
    assert answers(await harness.tick(48 * 3600)) == []


async def test_only_a_room_moderator_switches_it(harness: Harness) -> None:
    harness.app.assistant.deps.operators = frozenset({"console:cora"})
    await harness.say("/gemeinschaft beitreten", user="Cora", room=ROOM)
    harness.moderators.rooms["nachbarn"] = {"nora"}
    for who in ("Ben", "Nora"):
        await harness.say("/einstellungen anfragen an", user=who, room=ROOM)
        await harness.choose("set:requests=on", user=who, room=ROOM)
        await harness.say("/settings wait 1", user=who, room=ROOM)
    room = await harness.app.store.get_room("console", "netzwerk")
    assert room is not None and not room.join_requests and room.join_request_hours == 24
    assert await request(harness, "Anna") == []


async def test_switched_off_while_waiting_the_moderators_decide(harness: Harness) -> None:
    await answering(harness)
    annas = button(await request(harness, "Anna"))
    await request(harness, "Ben")
    await harness.say("/einstellungen anfragen aus", user="Mo", room=ROOM)
    pressed = await harness.choose(annas, user="Anna")
    assert answers(pressed) == [] and "entscheidet jetzt die Moderation" in joined(pressed)
    assert answers(await harness.tick(48 * 3600)) == [], "Ben's request is left to them too"


async def test_a_moderator_letting_them_in_ends_the_wait(harness: Harness) -> None:
    await answering(harness)
    await request(harness, "Dora")
    await harness.join(ROOM, "Dora")
    assert answers(await harness.tick(48 * 3600)) == []


async def test_forget_drops_a_waiting_request(harness: Harness) -> None:
    await answering(harness)
    await request(harness, "Anna")
    store = harness.app.store
    assert await store.get_join_request("console", "netzwerk", "anna") is not None
    await harness.say("/vergessen")
    await harness.choose("forget:yes")
    assert await store.get_join_request("console", "netzwerk", "anna") is None
    assert answers(await harness.tick(48 * 3600)) == []


async def test_a_knock_opens_a_private_chat_that_carries_the_rules_and_the_answer(
    harness: Harness,
) -> None:
    await answering(harness)
    [opened] = await request(harness, "Anna", knock=True)
    assert isinstance(opened, OpenDirectChat) and opened.user.id == "anna"
    assert opened.payload == rules_payload("console", "netzwerk")
    shown = await harness.say(f"/start {opened.payload}", user="Anna")  # in the chat it opened
    assert "respektvoll" in joined(shown) and BUTTON in joined(shown)
    assert answers(await harness.choose(button(shown), user="Anna")) == [("netzwerk", "anna", True)]
    [again] = await request(harness, "Ben", knock=True)
    assert isinstance(again, OpenDirectChat)
    await harness.say(f"/start {again.payload}", user="Ben")
    declined = await harness.tick(DAY)
    assert answers(declined) == [("netzwerk", "ben", False)]
    [decline] = [a for a in declined if isinstance(a, AnswerJoinRequest)]
    assert "nicht innerhalb von 24 Stunden" in decline.reason, "shown with the kick"
    [told] = [a for a in declined if isinstance(a, Reply)]
    assert told.chat.id == "dm-ben", "the private chat the rules went to"


async def test_a_knock_whose_private_chat_never_opened_is_declined_with_its_reason(
    harness: Harness,
) -> None:
    await answering(harness)
    await request(harness, "Cem", knock=True)
    declined = await harness.tick(DAY)
    assert answers(declined) == [("netzwerk", "cem", False)]
    assert [a for a in declined if isinstance(a, Reply)] == [], "no chat to write to"

"""Newcomers confirm a room's rules in private chat: the welcome's way there, the one
reminder, the button that counts only for its own person and room, /forget. Through the
whole core over real SQLite."""

from __future__ import annotations

import uuid

from core.kernel.choices import owned
from core.kernel.deeplinks import rules_payload
from core.kernel.messages import Action, MemberLeft, Reply
from tests.harness import Harness, joined

ROOM = "Netzwerk"
BUTTON = "Gelesen und einverstanden"
PAYLOAD = rules_payload("console", "netzwerk")


def confirm_value(actions: list[Action]) -> str:
    """The value of the confirmation button among the replies."""
    return next(
        c.value for a in actions if isinstance(a, Reply) for c in a.choices if c.label == BUTTON
    )


def room_replies(actions: list[Action]) -> list[Reply]:
    return [a for a in actions if isinstance(a, Reply) and a.chat.id == "netzwerk"]


async def asking(harness: Harness) -> None:
    harness.moderators.rooms["netzwerk"] = {"mo"}
    saved = joined(await harness.say("/einstellungen bestaetigen an", user="Mo", room=ROOM))
    assert "Neue bestätigen die Regeln: an" in saved


async def test_it_is_off_by_default_and_the_welcome_points_to_the_rules(harness: Harness) -> None:
    [welcome] = room_replies(await harness.join(ROOM, "Anna"))
    assert "/regeln" in welcome.text and "bestätigen" not in welcome.text
    assert welcome.invite is not None and welcome.invite.payload.startswith("r_")
    shown = await harness.say(f"/start {PAYLOAD}", user="Anna")
    assert "respektvoll" in joined(shown) and BUTTON not in joined(shown), "nothing asked"
    assert room_replies(await harness.tick(7200)) == [], "no reminder where none is asked"


async def test_a_newcomer_confirms_through_the_welcomes_button(harness: Harness) -> None:
    await asking(harness)
    [welcome] = room_replies(await harness.join(ROOM, "Anna"))
    assert "privat bei mir zu bestätigen" in welcome.text
    assert welcome.invite is not None and welcome.invite.payload == PAYLOAD
    assert welcome.invite.label == "Regeln lesen"
    shown = await harness.say(f"/start {welcome.invite.payload}", user="Anna")
    assert "Die Regeln von „Netzwerk“:" in joined(shown) and BUTTON in joined(shown)
    done = await harness.choose(confirm_value(shown), user="Anna")
    assert "Du hast die Regeln von „Netzwerk“ bestätigt" in joined(done)
    assert "Wo fange ich an?" in joined(done), "the onboarding is offered next"
    assert room_replies(await harness.tick(7200)) == [], "confirmed: no reminder"
    again = await harness.say(f"/start {PAYLOAD}", user="Anna")
    assert "schon bestätigt" in joined(again) and BUTTON not in joined(again)


async def test_the_reminder_comes_once_and_never_again(harness: Harness) -> None:
    await asking(harness)
    await harness.join(ROOM, "Ben")
    assert room_replies(await harness.tick(59 * 60)) == [], "not before its hour"
    [reminder] = room_replies(await harness.tick(120))
    assert reminder.text.startswith("Ben, eine kurze Erinnerung")
    assert [m.id for m in reminder.mentions] == ["ben"]
    assert reminder.spans[0].start == 0 and reminder.spans[0].end == 3
    assert reminder.invite is not None and reminder.invite.payload == PAYLOAD
    assert room_replies(await harness.tick(3 * 3600)) == []
    await harness.join(ROOM, "Ben")  # back again: still never a second reminder
    assert [r for r in room_replies(await harness.tick(7200)) if "Erinnerung" in r.text] == []


async def test_the_reminder_survives_a_restart_without_the_name(harness: Harness) -> None:
    await asking(harness)
    await harness.join(ROOM, "Cem")
    await harness.restart()
    [reminder] = room_replies(await harness.tick(3601))
    assert reminder.text.startswith("neues Mitglied, eine kurze Erinnerung"), "names not stored"
    assert [m.id for m in reminder.mentions] == ["cem"]


async def test_someone_elses_button_confirms_nothing(harness: Harness) -> None:
    await asking(harness)
    await harness.join(ROOM, "Anna")
    await harness.join(ROOM, "Eve")
    annas = confirm_value(await harness.say(f"/start {PAYLOAD}", user="Anna"))
    refused = await harness.choose(annas, user="Eve")  # Anna forwarded it; Eve presses
    assert "für jemand anderen" in joined(refused)
    assert "bestätigt" not in joined(refused)
    reminders = [r for r in room_replies(await harness.tick(3601)) if "Erinnerung" in r.text]
    assert sorted(m.id for r in reminders for m in r.mentions) == ["anna", "eve"]


async def test_a_room_never_joined_cannot_be_confirmed(harness: Harness) -> None:
    await asking(harness)
    token = PAYLOAD.removeprefix("rules_")
    crafted = owned(f"rules:ok:{token}", harness.user("Eve"))
    assert "nichts zu bestätigen" in joined(await harness.choose(crafted, user="Eve"))
    forged = owned("rules:ok:<b>0123456789abcdef\u202e²", harness.user("Eve"))
    assert "nichts zu bestätigen" in joined(await harness.choose(forged, user="Eve"))
    assert "nichts zu bestätigen" in joined(await harness.say("/start rules_x" + "9" * 500))
    await harness.join(ROOM, "Eve")
    in_room = await harness.choose(f"rules:ok:{token}", user="Eve", room=ROOM)
    assert "nichts zu bestätigen" in joined(in_room), "a press in the room confirms nothing"
    assert not await harness.app.store.rules_confirmed("console", "netzwerk", "eve")


async def test_only_a_room_moderator_switches_it(harness: Harness) -> None:
    harness.moderators.rooms["nachbarn"] = {"nora"}
    for typed in ("/einstellungen bestaetigen an", "/settings confirm on"):
        refused = joined(await harness.say(typed, user="Ben", room=ROOM))
        assert "nur die Moderator" in refused
        await harness.say(typed, user="Nora", room=ROOM)  # moderates another room only
    pressed = joined(await harness.choose("set:confirm=on", user="Ben", room=ROOM))
    assert "nur die Moderator" in pressed
    room = await harness.app.store.get_room("console", "netzwerk")
    assert room is not None and not room.rules_confirm


async def test_forget_removes_the_confirmation_and_privacy_says_so(harness: Harness) -> None:
    await asking(harness)
    await harness.join(ROOM, "Anna")
    await harness.choose(confirm_value(await harness.say(f"/start {PAYLOAD}", user="Anna")))
    store = harness.app.store
    assert await store.rules_confirmed("console", "netzwerk", "anna")
    assert "ihre Regeln bestätigt" in joined(await harness.say("/datenschutz"))
    await harness.say("/vergessen")
    await harness.choose("forget:yes")
    assert not await store.rules_confirmed("console", "netzwerk", "anna")
    assert not await store.expects_confirmation("console", "netzwerk", "anna")


async def test_rules_in_private_chat_offer_the_rooms_waiting_for_a_confirmation(
    harness: Harness,
) -> None:
    await asking(harness)
    await harness.join(ROOM, "Anna")
    shown = await harness.say("/regeln", user="Anna")  # no deep link needed (as on Matrix)
    assert "Die Regeln von „Netzwerk“:" in joined(shown) and BUTTON in joined(shown)
    done = await harness.say("1", user="Anna")  # the button's number, typed
    assert "Du hast die Regeln von „Netzwerk“ bestätigt" in joined(done)
    after = joined(await harness.say("/regeln", user="Anna"))
    assert "Die Regeln unserer Gemeinschaft:" in after and BUTTON not in after


async def test_who_left_before_the_reminder_is_not_reminded(harness: Harness) -> None:
    await asking(harness)
    await harness.join(ROOM, "Ben")
    await harness.send(MemberLeft(uuid.uuid4().hex, harness.chat(ROOM), harness.user("Ben")))
    assert [r for r in room_replies(await harness.tick(7200)) if "Erinnerung" in r.text] == []

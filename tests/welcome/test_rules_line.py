"""The welcome offers the rules: a line with the room's default text, and in rooms that ask
newcomers to confirm them a line and a button to the rules, whatever the room's own text."""

from __future__ import annotations

from core.kernel.deeplinks import room_payload, rules_payload
from tests.harness import Harness
from tests.welcome.helpers import ROOM, only_welcome


async def test_the_default_welcome_points_to_the_rules(harness: Harness) -> None:
    reply = only_welcome(await harness.join(ROOM, "Anna"))
    assert reply.text.endswith("Unsere Regeln zeigt dir /regeln.")
    assert reply.invite is not None and reply.invite.payload == room_payload("console", "netzwerk")
    harness.moderators.rooms["english"] = {"mo"}
    await harness.say("/settings language en", user="Mo", room="English")
    english = only_welcome(await harness.join("English", "Ben"))
    assert english.text.endswith("Our rules: /rules.")


async def test_a_rooms_own_text_stays_as_its_moderators_wrote_it(harness: Harness) -> None:
    harness.moderators.rooms["netzwerk"] = {"mo"}
    await harness.say("/einstellungen text Moin {name}!", user="Mo", room=ROOM)
    assert only_welcome(await harness.join(ROOM, "Anna")).text == "Moin Anna!"


async def test_a_room_asking_for_confirmation_leads_through_the_rules(harness: Harness) -> None:
    harness.moderators.rooms["netzwerk"] = {"mo"}
    await harness.say("/einstellungen text Moin {name}!", user="Mo", room=ROOM)
    await harness.say("/einstellungen bestaetigen an", user="Mo", room=ROOM)
    reply = only_welcome(await harness.join(ROOM, "Anna"))
    assert reply.text.startswith("Moin Anna! Hier bitten wir alle Neuen, die Regeln zu lesen")
    assert reply.invite is not None and reply.invite.label == "Regeln lesen"
    assert reply.invite.payload == rules_payload("console", "netzwerk")
    assert [m.id for m in reply.mentions] == ["anna"] and reply.spans[0].end == 9

"""`/rules` (`/regeln`): the community's rules from content, a room's own text set by its
moderators, and the people who may not change them. Through the whole core over real SQLite."""

from __future__ import annotations

from tests.harness import Harness, joined

ROOM = "Netzwerk"
OTHER = "Nachbarn"
OWN = "1. Keine Werbung.\n2. <b>Fett</b> bleibt Text."


async def test_rules_in_private_chat_are_the_communitys(harness: Harness) -> None:
    shown = joined(await harness.say("/regeln"))
    assert "Die Regeln unserer Gemeinschaft:" in shown
    assert "respektvoll" in shown
    await harness.say("/language en", user="Eve")
    assert "Our community's rules:" in joined(await harness.say("/rules", user="Eve"))


async def test_a_room_without_its_own_rules_shows_the_communitys(harness: Harness) -> None:
    shown = joined(await harness.say("/regeln", user="Ben", room=ROOM))
    assert "Die Regeln von „Netzwerk“:" in shown and "respektvoll" in shown


async def test_a_room_moderator_replaces_the_rules_by_typing_them(harness: Harness) -> None:
    harness.moderators.rooms["netzwerk"] = {"mo"}
    saved = joined(await harness.say(f"/einstellungen regeln {OWN}", user="Mo", room=ROOM))
    assert "Regeln: eigener Text" in saved
    shown = joined(await harness.say("/regeln", user="Ben", room=ROOM))
    assert OWN in shown and "respektvoll" not in shown, "the text arrives literally, whole"
    other = joined(await harness.say("/regeln", user="Ben", room=OTHER))
    assert "respektvoll" in other and OWN not in other, "another room keeps the community's"


async def test_the_button_asks_for_the_rules_and_the_reply_sets_them(harness: Harness) -> None:
    harness.moderators.rooms["netzwerk"] = {"mo"}
    asked = joined(await harness.choose("set:rules", user="Mo", room=ROOM))
    assert "Wie lauten die Regeln dieses Raums?" in asked
    await harness.say("Seid nett zueinander.", user="Mo", room=ROOM, addressed=True)
    assert "Seid nett zueinander." in joined(await harness.say("/rules", user="Ben", room=ROOM))
    reset = await harness.choose("set:rules=", user="Mo", room=ROOM)
    assert "Regeln: die Regeln der Gemeinschaft" in joined(reset)
    assert "respektvoll" in joined(await harness.say("/rules", user="Ben", room=ROOM))


async def test_a_plain_member_may_not_change_the_rules(harness: Harness) -> None:
    typed = "/einstellungen regeln Alles erlaubt"
    refused = joined(await harness.say(typed, user="Ben", room=ROOM))
    assert "Alles erlaubt" not in refused
    pressed = joined(await harness.choose("set:rules=", user="Ben", room=ROOM))
    assert "nur die Moderator" in pressed
    assert "Alles erlaubt" not in joined(await harness.say("/regeln", user="Ben", room=ROOM))


async def test_a_moderator_of_another_room_may_not_change_these_rules(harness: Harness) -> None:
    harness.moderators.rooms["nachbarn"] = {"nora"}
    await harness.say("/einstellungen regeln Nur Nachbarn", user="Nora", room=OTHER)
    await harness.say("/einstellungen regeln Fremde Regeln", user="Nora", room=ROOM)
    shown = joined(await harness.say("/regeln", user="Ben", room=ROOM))
    assert "Fremde Regeln" not in shown and "respektvoll" in shown
    assert "Nur Nachbarn" in joined(await harness.say("/regeln", user="Ben", room=OTHER))


async def test_a_community_moderator_may_change_any_rooms_rules(harness: Harness) -> None:
    harness.app.assistant.deps.operators = frozenset({"console:cora"})
    await harness.say("/settings rules Gemeinsam vereinbart", user="Cora", room=ROOM)
    assert "Gemeinsam vereinbart" in joined(await harness.say("/regeln", user="Ben", room=ROOM))


async def test_too_long_rules_change_nothing(harness: Harness) -> None:
    harness.moderators.rooms["netzwerk"] = {"mo"}
    refused = joined(await harness.say("/settings rules " + "x" * 3001, user="Mo", room=ROOM))
    assert "höchstens 3000 Zeichen" in refused
    assert "respektvoll" in joined(await harness.say("/regeln", user="Ben", room=ROOM))


async def test_the_rules_survive_a_restart(harness: Harness) -> None:
    harness.moderators.rooms["netzwerk"] = {"mo"}
    await harness.say("/settings rules Bleibt bestehen", user="Mo", room=ROOM)
    await harness.restart()
    assert "Bleibt bestehen" in joined(await harness.say("/regeln", user="Ben", room=ROOM))


async def test_asking_for_the_rules_in_words_shows_them(harness: Harness) -> None:
    """As /regeln does; rules of something else are no question about the community's."""
    for question in ("Gibt es hier Hausregeln?", "Welche Regeln gelten hier?"):
        shown = joined(await harness.say(question))
        assert "Die Regeln unserer Gemeinschaft:" in shown and "respektvoll" in shown, question
    shown = joined(await harness.say("What are the rules here?", room=ROOM, addressed=True))
    assert "The rules of “Netzwerk”:" in shown, "the room's, in the question's language"
    for question in (
        "Welche Regeln gelten für Barcamps?",
        'Welche Regeln gelten in der Gruppe "Gutes sichtbar machen"?',
    ):
        assert "respektvoll" not in joined(await harness.say(question)), question

"""`/settings` in a room: moderators change values, everyone else is refused, bad values
change nothing. Through the whole core over real SQLite."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from adapters.runtime.bootstrap import build_app
from adapters.runtime.settings import BUNDLED_CONTENT, Settings
from core.kernel.choices import split_owner
from core.kernel.messages import ChatRef, CommandReceived, Platform, Reply, TextReceived, UserRef
from core.kernel.ports import RoomSettings
from tests.harness import FakeClock, Harness, joined
from tests.welcome.helpers import ROOM, only_welcome

MOD = "Mo"


@pytest.fixture
async def moderated(harness: Harness) -> Harness:
    harness.moderators.user_ids.add("mo")
    return harness


async def room_settings(harness: Harness) -> RoomSettings:
    room = await harness.app.store.get_room("console", "netzwerk")
    assert room is not None
    return room


async def test_moderator_sees_every_setting_with_its_value(moderated: Harness) -> None:
    actions = await moderated.say("/einstellungen", user=MOD, room=ROOM)
    reply = actions[0]
    assert isinstance(reply, Reply)
    for line in (
        "Begrüßung neuer Mitglieder: an",
        "Begrüßungstext: Standardtext",
        "Sprache: Deutsch",
    ):
        assert line in reply.text
    assert "Raum-Tags (für gezielte Ankündigungen und passende Räume im Startplan): keine" in (
        reply.text
    )
    assert "Im Startplan neuen Leuten vorschlagen: an" in reply.text
    assert len(reply.choices) == 13
    assert all(len(c.value.encode()) <= 64 for c in reply.choices)


async def test_others_are_refused_politely_and_nothing_changes(moderated: Harness) -> None:
    text = joined(await moderated.say("/settings welcome off", user="Anna", room=ROOM))
    assert "Moderator" in text
    assert (await room_settings(moderated)).welcome_enabled
    text = joined(await moderated.choose("set:welcome", user="Anna", room=ROOM))
    assert "Moderator" in text
    assert (await room_settings(moderated)).welcome_enabled


async def test_settings_only_in_rooms(moderated: Harness) -> None:
    text = joined(await moderated.say("/settings", user=MOD))
    assert "/settings" in text and "Begrüßung" not in text


async def test_toggle_by_button_and_by_words(moderated: Harness) -> None:
    await moderated.say("/settings", user=MOD, room=ROOM)
    text = joined(await moderated.choose("set:welcome", user=MOD, room=ROOM))
    assert "Gespeichert" in text and "Begrüßung neuer Mitglieder: aus" in text
    assert not (await room_settings(moderated)).welcome_enabled
    assert await moderated.join(ROOM, "Anna") == []
    await moderated.say("/einstellungen begrüßung an", user=MOD, room=ROOM)
    await moderated.say("/settings delete off", user=MOD, room=ROOM)
    await moderated.say("/settings answers aus", user=MOD, room=ROOM)
    await moderated.say("/settings all off", user=MOD, room=ROOM)
    room = await room_settings(moderated)
    assert room.welcome_enabled and not room.delete_previous_welcome
    assert not room.unprompted_answers and not room.receives_all
    text = joined(await moderated.say("/settings delete vielleicht", user=MOD, room=ROOM))
    assert "an" in text and "nichts geändert" in text
    assert not (await room_settings(moderated)).delete_previous_welcome


async def test_welcome_text_with_placeholders_is_used(moderated: Harness) -> None:
    await moderated.say(
        "/settings text Moin {name}, schön dass du in {room} bist!", user=MOD, room=ROOM
    )
    assert (await room_settings(moderated)).welcome_text == (
        "Moin {name}, schön dass du in {room} bist!"
    )
    reply = only_welcome(await moderated.join(ROOM, "<i>Anna</i>"))
    assert reply.text == "Moin <i>Anna</i>, schön dass du in Netzwerk bist!"


@pytest.mark.parametrize(
    ("template", "complaint"),
    [
        ("Hallo {vorname}!", "{vorname}"),
        ("Hallo {name", "Geschweifte Klammern"),
        ("Hallo {}!", "Geschweifte Klammern"),
        ("Hallo {name!r}", "Geschweifte Klammern"),
        ("Hallo {name:>500}", "Geschweifte Klammern"),
        ("Hallo {name.__class__}", "{name.__class__}"),
        ("x" * 1001, "zu lang"),
    ],
)
async def test_bad_welcome_text_is_refused_and_changes_nothing(
    moderated: Harness, template: str, complaint: str
) -> None:
    await moderated.say("/settings text Hallo {name}!", user=MOD, room=ROOM)
    text = joined(await moderated.say(f"/settings text {template}", user=MOD, room=ROOM))
    assert complaint in text and "nichts geändert" in text
    assert (await room_settings(moderated)).welcome_text == "Hallo {name}!"


@pytest.mark.parametrize("item", ["text", "rules", "topic"])
async def test_a_value_of_only_invisible_characters_is_refused(
    moderated: Harness, item: str
) -> None:
    await moderated.say("/settings", user=MOD, room=ROOM)  # the room is known from here on
    before = await room_settings(moderated)
    text = joined(await moderated.say(f"/settings {item} \u200b\u2067", user=MOD, room=ROOM))
    assert "nichts Sichtbares" in text and "nichts geändert" in text
    assert await room_settings(moderated) == before


async def test_multi_line_welcome_text(moderated: Harness) -> None:
    await moderated.say(
        "/settings text\nHallo {name}!\nSchön, dass du da bist.", user=MOD, room=ROOM
    )
    assert (await room_settings(moderated)).welcome_text == "Hallo {name}!\nSchön, dass du da bist."


async def test_welcome_text_asked_then_given_as_a_reply(moderated: Harness) -> None:
    actions = await moderated.choose("set:text", user=MOD, room=ROOM)
    assert "{name}" in joined(actions)
    reply = TextReceived(
        uuid.uuid4().hex,
        moderated.chat(ROOM),
        moderated.user(MOD),
        "Willkommen {names} in {room}!",
        addressed=True,
    )
    assert "Gespeichert" in joined(await moderated.send(reply))
    assert (await room_settings(moderated)).welcome_text == "Willkommen {names} in {room}!"
    text = joined(await moderated.choose("set:text=", user=MOD, room=ROOM))
    assert "Begrüßungstext: Standardtext" in text
    assert (await room_settings(moderated)).welcome_text is None


async def test_unaddressed_room_chatter_does_not_answer_the_question(moderated: Harness) -> None:
    await moderated.choose("set:text", user=MOD, room=ROOM)
    await moderated.say("Hallo zusammen", user=MOD, room=ROOM)
    assert (await room_settings(moderated)).welcome_text is None


async def test_language_by_button_switches_the_room(moderated: Harness) -> None:
    asked = await moderated.choose("set:language", user=MOD, room=ROOM)
    assert [split_owner(c.value)[0] for a in asked if isinstance(a, Reply) for c in a.choices][
        :2
    ] == [
        "set:language=de",
        "set:language=en",
    ]
    text = joined(await moderated.choose("set:language=en", user=MOD, room=ROOM))
    assert "Saved" in text and "Language: English" in text
    assert "welcome" in only_welcome(await moderated.join(ROOM, "Anna")).text
    text = joined(await moderated.say("/settings language fr", user=MOD, room=ROOM))
    assert "de, en" in text and (await room_settings(moderated)).language == "en"


async def test_cancel_keeps_everything(moderated: Harness) -> None:
    await moderated.choose("set:tags", user=MOD, room=ROOM)
    assert "bleibt" in joined(await moderated.choose("set:cancel", user=MOD, room=ROOM))
    conversation = await moderated.app.store.get_conversation("console", "netzwerk", "mo")
    assert conversation is None or conversation.kind is None


async def test_tags_are_checked(moderated: Harness) -> None:
    await moderated.say("/settings tags Bonn, jugendhilfe  studium", user=MOD, room=ROOM)
    assert (await room_settings(moderated)).tags == ["bonn", "jugendhilfe", "studium"]
    text = joined(await moderated.say("/settings tags gut, <b>böse</b>", user=MOD, room=ROOM))
    assert "<b>boese</b>" in text and "nichts geändert" in text
    assert (await room_settings(moderated)).tags == ["bonn", "jugendhilfe", "studium"]
    many = ", ".join(f"t{n}" for n in range(11))
    assert "höchstens 10" in joined(
        await moderated.say(f"/settings tags {many}", user=MOD, room=ROOM)
    )
    await moderated.choose("set:tags=", user=MOD, room=ROOM)
    assert (await room_settings(moderated)).tags == []


async def test_forum_topic_from_inside_the_topic_or_by_number(moderated: Harness) -> None:
    in_topic = ChatRef(moderated.platform, "netzwerk", is_private=False, title=ROOM, thread_id="77")
    event = CommandReceived(uuid.uuid4().hex, in_topic, moderated.user(MOD), "settings", "topic")
    assert "Forum-Thema für Begrüßungen: 77" in joined(await moderated.send(event))
    assert only_welcome(await moderated.join(ROOM, "Anna")).chat.thread_id == "77"
    await moderated.say("/settings thema 12", user=MOD, room=ROOM)
    assert (await room_settings(moderated)).welcome_topic == "12"
    text = joined(await moderated.say("/settings topic general; DROP", user=MOD, room=ROOM))
    assert "Nummer" in text and (await room_settings(moderated)).welcome_topic == "12"
    await moderated.choose("set:topic=", user=MOD, room=ROOM)
    assert (await room_settings(moderated)).welcome_topic is None


async def test_unknown_setting_lists_the_known_ones(moderated: Harness) -> None:
    text = joined(await moderated.say("/settings farbe rot", user=MOD, room=ROOM))
    assert "begruessung" in text and "thema" in text


async def test_toggle_buttons_carry_their_value_so_a_double_tap_is_harmless(
    moderated: Harness,
) -> None:
    overview = await moderated.say("/settings", user=MOD, room=ROOM)
    values = [split_owner(c.value)[0] for a in overview if isinstance(a, Reply) for c in a.choices]
    assert "set:welcome=off" in values and "set:all=off" in values
    await moderated.choose("set:welcome=off", user=MOD, room=ROOM)
    await moderated.choose("set:welcome=off", user=MOD, room=ROOM)
    assert not (await room_settings(moderated)).welcome_enabled
    text = joined(await moderated.choose("set:welcome=maybe", user=MOD, room=ROOM))
    assert "Begrüßung" not in text
    assert not (await room_settings(moderated)).welcome_enabled


async def test_a_forgotten_question_does_not_swallow_later_messages(moderated: Harness) -> None:
    await moderated.choose("set:text", user=MOD, room=ROOM)
    moderated.clock.advance(11 * 60)
    later = TextReceived(
        uuid.uuid4().hex, moderated.chat(ROOM), moderated.user(MOD), "Wo fange ich an?", True
    )
    await moderated.send(later)
    assert (await room_settings(moderated)).welcome_text is None


async def test_operator_list_makes_a_moderator_everywhere(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database=tmp_path / "ops.db",
        content_dir=BUNDLED_CONTENT,
        moderators="console:ops",
    )
    app = await build_app(settings, clock=FakeClock())
    try:
        room = ChatRef(Platform.CONSOLE, "netzwerk", is_private=False, title=ROOM)

        async def settings_by(user_id: str) -> str:
            user = UserRef(Platform.CONSOLE, user_id, user_id)
            event = CommandReceived(uuid.uuid4().hex, room, user, "settings", "tags ops")
            return joined(await app.assistant.handle(event))

        assert "Moderator" in await settings_by("anna")
        assert "Gespeichert" in await settings_by("ops")
    finally:
        await app.close()

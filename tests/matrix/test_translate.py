"""Translation of nio events into core events (pure; events parsed by nio from Matrix JSON)."""

from __future__ import annotations

from typing import Any

from nio import Event

from adapters.channels.matrix.translate import Memory, RoomView, Translator
from core.kernel.messages import (
    BotAddedToRoom,
    ChoiceMade,
    CommandReceived,
    MemberJoined,
    MemberLeft,
    TextReceived,
)

BOT = "@lagerfeuer:example.org"
ROOM = RoomView("!room:example.org", "Netzwerk", is_private=False)
DM = RoomView("!dm:example.org", "", is_private=True)


def parse(
    kind: str, content: dict[str, Any], sender: str = "@anna:example.org", **extra: Any
) -> Event:
    source = {
        "type": kind,
        "event_id": f"$e{abs(hash((kind, str(content), sender, str(extra))))}",
        "sender": sender,
        "origin_server_ts": 1,
        "content": content,
        **extra,
    }
    event = Event.parse_event(source)
    assert isinstance(event, Event)
    return event


def message(body: str, **content: Any) -> Event:
    return parse("m.room.message", {"msgtype": "m.text", "body": body, **content})


def member(
    user: str,
    membership: str,
    prev: str | None = None,
    name: str = "Anna",
    sender: str | None = None,
) -> Event:
    unsigned = {"prev_content": {"membership": prev, "displayname": name}} if prev else {}
    return parse(
        "m.room.member",
        {"membership": membership, "displayname": name},
        sender=sender or user,
        state_key=user,
        unsigned=unsigned,
    )


def translator(name: str = "Lagerfeuer") -> Translator:
    return Translator(BOT, Memory(), bot_name=name)


def test_a_room_message_is_unaddressed_text_with_a_prefixed_event_id() -> None:
    event = message("Hallo zusammen")
    [out] = translator().translate(event, ROOM)
    assert isinstance(out, TextReceived)
    assert (out.text, out.addressed, out.chat.is_private) == ("Hallo zusammen", False, False)
    assert out.event_id == f"mx:{event.event_id}"
    assert out.chat.id == ROOM.room_id and out.user.id == "@anna:example.org"


def test_dm_messages_are_private_and_addressed() -> None:
    [out] = translator().translate(message("wo fange ich an?"), DM)
    assert isinstance(out, TextReceived) and out.addressed and out.chat.is_private


def test_commands_with_bang_or_slash() -> None:
    for body in ("!settings", "/settings", "!Einstellungen"):
        [out] = translator().translate(message(body), ROOM)
        assert isinstance(out, CommandReceived)
        assert out.name in ("settings", "einstellungen")
    [out] = translator().translate(message("!start r_0123456789abcdef"), ROOM)
    assert isinstance(out, CommandReceived) and out.args == "r_0123456789abcdef"


def test_mentions_and_replies_address_the_bot() -> None:
    tr = translator()
    by_mentions = message("Wo fange ich an?", **{"m.mentions": {"user_ids": [BOT]}})
    by_id = message(f"{BOT} wo fange ich an?")
    by_name = message("Lagerfeuer: wo fange ich an?")
    by_at = message("hey @lagerfeuer, wo fange ich an?")
    tr.memory.remember_sent("$mine")
    by_reply = message(
        "> <@lagerfeuer:example.org> Hallo\n\nund wo fange ich an?",
        **{"m.relates_to": {"m.in_reply_to": {"event_id": "$mine"}}},
    )
    for event in (by_mentions, by_id, by_name, by_at, by_reply):
        [out] = tr.translate(event, ROOM)
        assert isinstance(out, TextReceived) and out.addressed, event.source["content"]["body"]
    [named] = tr.translate(by_name, ROOM)
    assert isinstance(named, TextReceived) and named.text == "wo fange ich an?"
    [replied] = tr.translate(by_reply, ROOM)
    assert isinstance(replied, TextReceived) and replied.text == "und wo fange ich an?"


def test_the_name_as_an_ordinary_word_does_not_address() -> None:
    [out] = translator().translate(message("Das Lagerfeuer gestern war schön"), ROOM)
    assert isinstance(out, TextReceived) and not out.addressed


def test_mentions_of_someone_else_do_not_address() -> None:
    event = message("Anna?", **{"m.mentions": {"user_ids": ["@anna:example.org"]}})
    [out] = translator().translate(event, ROOM)
    assert isinstance(out, TextReceived) and not out.addressed


def test_own_messages_notices_and_edits_are_ignored() -> None:
    tr = translator()
    assert (
        tr.translate(parse("m.room.message", {"msgtype": "m.text", "body": "x"}, sender=BOT), ROOM)
        == []
    )
    assert tr.translate(parse("m.room.message", {"msgtype": "m.notice", "body": "x"}), ROOM) == []
    edit = message("* neu", **{"m.new_content": {"msgtype": "m.text", "body": "neu"}})
    assert tr.translate(edit, ROOM) == []


def test_joins_are_welcomed_but_profile_changes_are_not() -> None:
    tr = translator()
    [joined] = tr.translate(member("@ben:example.org", "join", name="Ben"), ROOM)
    assert isinstance(joined, MemberJoined) and joined.user.display_name == "Ben"
    rename = member("@ben:example.org", "join", prev="join", name="Benjamin")
    assert tr.translate(rename, ROOM) == []
    [after_invite] = tr.translate(member("@cem:example.org", "join", prev="invite"), ROOM)
    assert isinstance(after_invite, MemberJoined)
    assert (
        tr.translate(member("@dan:example.org", "invite", sender="@anna:example.org"), ROOM) == []
    )
    [left] = tr.translate(member("@ben:example.org", "leave", prev="join"), ROOM)
    assert isinstance(left, MemberLeft)
    assert tr.translate(member("@ben:example.org", "join"), DM) == [], "no welcome in a DM"


def test_the_bots_own_join_is_bot_added_or_a_dm_greeting() -> None:
    tr = translator()
    tr.memory.inviters[ROOM.room_id] = "@anna:example.org"
    [added] = tr.translate(member(BOT, "join", prev="invite", name="Lagerfeuer"), ROOM)
    assert isinstance(added, BotAddedToRoom) and added.user.id == "@anna:example.org"
    assert tr.translate(member(BOT, "join", prev="join", name="Neu"), ROOM) == []
    tr.memory.inviters[DM.room_id] = "@anna:example.org"
    [greeting] = tr.translate(member(BOT, "join", prev="invite"), DM)
    assert isinstance(greeting, CommandReceived) and greeting.name == "start"
    assert greeting.user.id == "@anna:example.org" and greeting.chat.is_private


def test_reactions_on_choice_messages_choose() -> None:
    tr = translator()
    tr.memory.remember_sent("$menu", ("menu:onboarding", "menu:why"))
    react = {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$menu", "key": "2️⃣"}}
    [chosen] = tr.translate(parse("m.reaction", react), DM)
    assert isinstance(chosen, ChoiceMade) and chosen.value == "menu:why"
    other = {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$menu", "key": "👍"}}
    assert tr.translate(parse("m.reaction", other), DM) == []
    unknown = {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$old", "key": "1️⃣"}}
    assert tr.translate(parse("m.reaction", unknown), DM) == []
    too_far = {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$menu", "key": "3️⃣"}}
    assert tr.translate(parse("m.reaction", too_far), DM) == []
    for key in ("³", "①", "²"):
        odd = {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$menu", "key": key}}
        assert tr.translate(parse("m.reaction", odd), DM) == [], "not a number, no traceback"


def test_memory_of_sent_messages_is_bounded() -> None:
    memory = Memory()
    for n in range(2100):
        memory.remember_sent(f"${n}")
    assert len(memory.sent) == 2000 and "$0" not in memory.sent and "$2099" in memory.sent


def test_a_number_or_label_right_after_choices_in_a_room_answers_the_bot() -> None:
    tr = translator()
    tr.memory.remember_sent(
        "$settings", ("set:welcome", "set:lang"), ROOM.room_id, ("Begrüßung", "Sprache")
    )
    for typed in ("2", "2.", "sprache"):
        [out] = tr.translate(message(typed), ROOM)
        assert isinstance(out, TextReceived) and out.addressed, typed
    for chatter in ("3", "Sprache ist wichtig", "0"):
        [out] = tr.translate(message(chatter), ROOM)
        assert isinstance(out, TextReceived) and not out.addressed, chatter
    tr.memory.remember_sent("$plain", (), ROOM.room_id)
    [out] = tr.translate(message("2"), ROOM)
    assert isinstance(out, TextReceived) and not out.addressed, "the offer was replaced"


def test_a_reply_names_the_event_it_replies_to_and_a_thread_its_root() -> None:
    tr = translator()
    replying = {"m.relates_to": {"m.in_reply_to": {"event_id": "$post"}}}
    [reply] = tr.translate(message("> <@x:y> quoted\n\nAntwort", **replying), ROOM)
    assert isinstance(reply, TextReceived) and reply.reply_to == "$post"
    assert reply.text == "Antwort", "the quoted fallback is not part of the text"
    fallback = {
        "m.relates_to": {
            "rel_type": "m.thread",
            "event_id": "$root",
            "is_falling_back": True,
            "m.in_reply_to": {"event_id": "$latest"},
        }
    }
    [threaded] = tr.translate(message("Im Thread", **fallback), ROOM)
    assert isinstance(threaded, TextReceived) and threaded.reply_to == "$root"
    explicit = {"m.relates_to": {**fallback["m.relates_to"], "is_falling_back": False}}
    [answer] = tr.translate(message("Gezielt", **explicit), ROOM)
    assert isinstance(answer, TextReceived) and answer.reply_to == "$latest"
    [plain] = tr.translate(message("Hallo"), DM)
    assert isinstance(plain, TextReceived) and plain.reply_to is None

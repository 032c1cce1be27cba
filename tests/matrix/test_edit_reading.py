"""Reading edits (pure): which events are edits, which of a batch count, what they mean."""

from __future__ import annotations

from typing import Any

from adapters.channels.matrix.edits import edit_in, latest_edits
from adapters.channels.matrix.translate import edited
from core.kernel.messages import CommandReceived, TextReceived
from tests.matrix.test_translate import BOT, DM, ROOM, message, parse, translator


def edit(original: str, text: str, sender: str = "@anna:example.org", **extra: Any) -> Any:
    content = {
        "msgtype": "m.text",
        "body": f"* {text}",
        "m.new_content": {"msgtype": "m.text", "body": text},
        "m.relates_to": {"rel_type": "m.replace", "event_id": original},
        **extra,
    }
    return parse("m.room.message", content, sender=sender)


def test_a_well_formed_edit_names_its_original_sender_and_new_content() -> None:
    event = edit("$q", "wo fange ich an?")
    found = edit_in(event)
    assert found is not None
    assert (found.original, found.sender, found.event_id) == ("$q", event.sender, event.event_id)
    assert found.content == {"msgtype": "m.text", "body": "wo fange ich an?"}


def test_malformed_edits_and_plain_messages_are_no_edits() -> None:
    relation = {"rel_type": "m.replace", "event_id": "$q"}
    odd: list[dict[str, Any]] = [
        {"m.new_content": "text", "m.relates_to": relation},
        {"m.new_content": {"msgtype": "m.text", "body": "x"}},
        {"m.relates_to": relation},
        {"m.new_content": {"msgtype": "m.notice", "body": "x"}, "m.relates_to": relation},
        {"m.new_content": {"msgtype": "m.text", "body": 3}, "m.relates_to": relation},
        {"m.new_content": {"msgtype": "m.text", "body": "x"}, "m.relates_to": {"event_id": "$q"}},
        {
            "m.new_content": {"msgtype": "m.text", "body": "x"},
            "m.relates_to": {"rel_type": "m.replace", "event_id": ["$q"]},
        },
    ]
    for extra in odd:
        event = message("* Lagerfeuer: wo fange ich an?", **extra)
        assert edit_in(event) is None, extra
        assert translator().translate(event, ROOM) == [], "never read as a message"
    assert edit_in(message("wo fange ich an?")) is None


def test_of_several_edits_in_a_batch_only_each_senders_latest_counts() -> None:
    question = message("Hallo")
    first, second = edit("$q", "eins"), edit("$q", "zwei")
    other = edit("$q", "drei", sender="@ben:example.org")
    elsewhere = edit("$r", "vier")
    batch = [question, first, other, second, elsewhere]
    assert latest_edits(batch) == [question, other, second, elsewhere]


def test_an_edit_is_read_where_its_original_stands() -> None:
    tr = translator()
    thread = {"m.relates_to": {"rel_type": "m.thread", "event_id": "$root"}}
    new = {"msgtype": "m.text", "body": f"{BOT}: wo fange ich an?"}
    [out] = edited(tr, "$edit", "@anna:example.org", new, thread, ROOM)
    assert isinstance(out, TextReceived) and out.addressed
    assert (out.text, out.event_id, out.chat.thread_id) == ("wo fange ich an?", "mx:$edit", "$root")
    [command] = edited(tr, "$edit2", "@anna:example.org", {"body": "!hilfe"}, {}, ROOM)
    assert isinstance(command, CommandReceived)


def test_an_edit_cannot_claim_a_relation_of_its_own() -> None:
    tr = translator()
    tr.memory.remember_sent("$bots")
    smuggled = {
        "msgtype": "m.text",
        "body": "wo fange ich an?",
        "m.relates_to": {"m.in_reply_to": {"event_id": "$bots"}},
    }
    [out] = edited(tr, "$edit", "@anna:example.org", smuggled, {}, ROOM)
    assert isinstance(out, TextReceived) and not out.addressed, "the original was no reply"
    assert out.chat.thread_id is None
    assert edited(tr, "$edit", BOT, {"body": "wo?"}, {}, ROOM) == [], "the bot's own edits"


def test_hostile_edited_text_is_read_as_text() -> None:
    hostile = "<b>\u202ewo</b> ²" * 5000
    [out] = edited(translator(), "$edit", "@anna:example.org", {"body": hostile}, {}, DM)
    assert isinstance(out, TextReceived) and out.text == hostile.strip()

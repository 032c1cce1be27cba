"""What Telegram says no with, and what the adapter does then; redelivery; bad input."""

from __future__ import annotations

import warnings
from datetime import timedelta
from pathlib import Path

import pytest
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

from adapters.channels.telegram.sender import retry_seconds
from core.announcements.markup import format_text
from core.announcements.sender import DeliveryStatus
from core.kernel.messages import ChatRef, Platform, Reply
from core.kernel.ports import Person
from tests.support.botapi import BotApiServer
from tests.telegram.rig import Rig

pytestmark = pytest.mark.integration

BOT = "lagerfeuer_test_bot"


async def test_a_429_is_waited_out_and_the_message_still_arrives(
    rig: Rig, botapi: BotApiServer
) -> None:
    anna = botapi.user(901, "Anna")
    botapi.fail("sendMessage", 429, "Too Many Requests: retry after 1", {"retry_after": 1})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        [menu] = await rig.do(botapi.message(botapi.chats[901], anna, "/start"))
    [(method, code, refused_at)] = botapi.errors
    assert (method, code) == ("sendmessage", 429)
    assert menu.at - refused_at >= 1.0, "the retry waited for retry_after"
    deprecated = [w for w in caught if issubclass(w.category, PTBDeprecationWarning)]
    assert not deprecated, "retry_after is read in the form PTB 22 recommends"


def test_retry_after_in_seconds_keeps_fractions() -> None:
    assert retry_seconds(RetryAfter(timedelta(seconds=2.5))) == 2.5
    assert retry_seconds(RetryAfter(7)) == 7.0


async def test_network_errors_are_retried(rig: Rig, botapi: BotApiServer) -> None:
    anna = botapi.user(902, "Anna")
    botapi.fail("sendMessage", 502, "Bad Gateway")
    [menu] = await rig.do(botapi.message(botapi.chats[902], anna, "/start"))
    assert "Lagerfeuer" in menu.text
    assert [code for _, code, _ in botapi.errors] == [502]


async def test_a_redelivered_update_is_handled_once(rig: Rig, botapi: BotApiServer) -> None:
    anna = botapi.user(903, "Anna")
    update = await botapi.message(botapi.chats[903], anna, "/start")
    await rig.until(lambda: rig.adapter.updates_handled == 1)
    await botapi.wait_confirmed(update)
    await rig.restart()  # as after a crash, Telegram sends the update again
    await botapi.push(update_body(update), update_id=update["update_id"])
    await rig.do(botapi.message(botapi.chats[903], anna, "/privacy"))  # handled after it
    answers = [s.text for s in botapi.messages_to(903)]
    assert len(answers) == 2 and "speichere" in answers[1], "/start once, then /privacy"


def update_body(update: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in update.items() if key != "update_id"}


async def test_updates_from_before_the_first_start_are_history(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    anna = botapi.user(904, "Anna")
    await botapi.message(botapi.chats[904], anna, "/start")
    rig = await Rig.start(botapi, tmp_path / "first.db")
    try:
        await rig.do(botapi.message(botapi.chats[904], anna, "/privacy"))
        texts = [s.text for s in botapi.messages_to(904)]
        assert len(texts) == 1 and "speichere" in texts[0], "only the message after start"
    finally:
        await rig.stop()


async def test_group_upgraded_to_supergroup_moves_the_room_and_retries(
    rig: Rig, botapi: BotApiServer
) -> None:
    olga = botapi.user(905, "Olga")
    old = botapi.group(-905, "Netzwerk", owner=olga)
    old["type"] = "group"
    await rig.do(botapi.message(old, olga, f"/privacy@{BOT}"))
    room = await rig.app.store.get_room("telegram", "-905")
    assert room is not None
    room.language = "en"
    await rig.app.store.save_room(room)
    new = botapi.group(-1000000000905, "Netzwerk", owner=olga)
    botapi.migrated[-905] = new["id"]
    await rig.do(botapi.message(old, olga, f"/privacy@{BOT}"))
    [moved] = botapi.messages_to(new["id"])
    assert "What I store" in moved.text
    assert await rig.app.store.get_room("telegram", "-905") is None
    moved_room = await rig.app.store.get_room("telegram", str(new["id"]))
    assert moved_room is not None and moved_room.language == "en", "settings moved along"


async def test_blocked_private_chat_unsubscribes_and_kicked_group_goes_inactive(
    rig: Rig, botapi: BotApiServer
) -> None:
    store = rig.app.store
    await store.save_person(Person("telegram", "906", subscribed=True))
    botapi.user(906, "Anna")
    botapi.blocked.add(906)
    await rig.adapter.perform([Reply(ChatRef(Platform.TELEGRAM, "906", True), "Hallo")])
    person = await store.get_person("telegram", "906")
    assert person is not None and not person.subscribed
    group = botapi.group(-1000000000907, "Netzwerk", owner=botapi.user(907, "Olga"))
    await rig.do(botapi.message(group, botapi.users[907], f"/privacy@{BOT}"))
    botapi.kicked.add(group["id"])
    chat = ChatRef(Platform.TELEGRAM, str(group["id"]), False)
    await rig.adapter.perform([Reply(chat, "Hallo")])
    room = await store.get_room("telegram", str(group["id"]))
    assert room is not None and not room.active


async def test_long_text_is_split_at_paragraphs_and_every_part_arrives(
    rig: Rig, botapi: BotApiServer
) -> None:
    botapi.user(908, "Anna")
    paragraphs = [f"Absatz {n}: " + ("<&> " * 300).rstrip() for n in range(10)]
    text = "\n\n".join(paragraphs)
    assert len(text) > 10_000
    await rig.adapter.perform([Reply(ChatRef(Platform.TELEGRAM, "908", True), text)])
    parts = botapi.messages_to(908)
    assert len(parts) >= 3
    assert all(len(p.text) <= 4096 for p in parts)
    assert all(p.text.startswith("Absatz") for p in parts), "cut between paragraphs"
    assert "\n\n".join(p.text for p in parts) == text.strip()


async def test_hostile_names_never_break_a_send(rig: Rig, botapi: BotApiServer) -> None:
    group = botapi.group(-1000000000909, "Netzwerk", owner=botapi.user(909, "Olga"))
    names = ["A\ud800B", "\u202eevil\u202c", "**x** _y_ [z](http://e)", "N" * 300]
    for number, name in enumerate(names):
        person = botapi.user(9100 + number, name)
        await rig.do(botapi.join(group, person))
        await rig.tick(120)
    welcomes = botapi.messages_to(group["id"])
    assert len(welcomes) == len(names)
    assert not [e for e in botapi.errors if e[0] == "sendmessage"]
    assert "evil" in welcomes[1].text
    assert "**x** _y_ [z](http://e)" in welcomes[2].text


async def test_announcement_sender_paces_pins_and_reports(rig: Rig, botapi: BotApiServer) -> None:
    sender = rig.adapter.sender
    olga = botapi.user(920, "Olga")
    group = botapi.group(-1000000000920, "Netzwerk", owner=olga)
    botapi.user(921, "Blocked")
    botapi.blocked.add(921)
    chat = ChatRef(Platform.TELEGRAM, str(group["id"]), False)
    sent = await sender.deliver(
        chat, "Treffen am **Freitag**", "Treffen am <b>Freitag</b>", "k1", True
    )
    assert sent.status is DeliveryStatus.SENT and sent.message_id
    [message] = botapi.messages_to(group["id"])
    assert message.text == "Treffen am Freitag" and message.pinned
    blocked = await sender.deliver(ChatRef(Platform.TELEGRAM, "921", True), "x", None, "k2", False)
    assert blocked.status is DeliveryStatus.FAILED and "blocked" in blocked.reason
    botapi.fail("sendMessage", 429, "Too Many Requests: retry after 500", {"retry_after": 500})
    later = await sender.deliver(chat, "y", None, "k3", False)
    assert later.status is DeliveryStatus.RETRY and later.retry_after == 500


async def test_a_deleted_forum_topic_falls_back_to_the_general_topic(
    rig: Rig, botapi: BotApiServer
) -> None:
    forum = botapi.group(-1000000000930, "Forum", owner=botapi.user(930, "Olga"), forum=True)
    chat = ChatRef(Platform.TELEGRAM, str(forum["id"]), False, thread_id="99")
    await rig.adapter.perform([Reply(chat, "Willkommen")])
    [message] = botapi.messages_to(forum["id"])
    assert message.thread_id is None and message.text == "Willkommen"


async def test_a_long_formatted_announcement_arrives_in_valid_parts_keeping_its_format(
    rig: Rig, botapi: BotApiServer
) -> None:
    group = botapi.group(-1000000000940, "Netzwerk", owner=botapi.user(940, "Olga"))
    chat = ChatRef(Platform.TELEGRAM, str(group["id"]), False)
    words = " ".join(f"Wort{n} <&>" for n in range(700))
    done = format_text(f"Einladung: **{words}** und [mehr](https://example.org/?a=1&b=2)")
    assert done.html is not None and len(done.plain) > 4096
    delivery = await rig.adapter.sender.deliver(chat, done.plain, done.html, "k", False)
    assert delivery.status is DeliveryStatus.SENT
    parts = botapi.messages_to(group["id"])  # the server parsed each part's HTML strictly
    assert len(parts) >= 2 and not botapi.errors
    bold = [e for part in parts for e in part.raw["entities"] if e["type"] == "bold"]
    assert len(bold) == len(parts), "the bold text continues in every part"
    [link] = [e for e in parts[-1].raw["entities"] if e["type"] == "text_link"]
    assert link["url"] == "https://example.org/?a=1&b=2"
    assert " ".join(p.text for p in parts) == f"Einladung: {words} und mehr"

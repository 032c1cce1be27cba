"""Hostile input through an adapter's translation, the core, and the adapter's rendering.

A platform update carrying any text, display name or button payload becomes core events
without crashing; the core's replies render to markup that the platform accepts (Telegram's
strict HTML parser from the test server; well-formed Matrix HTML) and that shows the text
literally.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from nio import Event
from telegram import Update

from adapters.channels.matrix.render import content_size, render_announcement
from adapters.channels.matrix.render import render_reply as render_matrix
from adapters.channels.matrix.translate import Memory, RoomView, Translator
from adapters.channels.telegram.render import MAX_CALLBACK_BYTES, clean
from adapters.channels.telegram.render import formatted as formatted_for_telegram
from adapters.channels.telegram.render import render_reply as render_telegram
from adapters.channels.telegram.translate import BotIdentity, translate
from core.announcements.markup import format_text
from core.kernel.messages import Action, Reply
from tests.harness import Harness
from tests.operations.hostile import forged_choice, hostile_name, hostile_text
from tests.operations.test_hostile_core import SETTINGS
from tests.support.botapi import BotApiServer, JSONDict
from tests.support.htmlcheck import BalancedHtml
from tests.support.tghtml import parse_html
from tests.support.words import COMMAND_WORDS

TG_BOT = BotIdentity(123456, "lagerfeuer_test_bot")
MX_BOT = "@lagerfeuer:example.org"
MX_ROOM = RoomView("!raum:example.org", "Raum", is_private=False)
MX_DM = RoomView("!dm:example.org", "", is_private=True)


# --------------------------------------------------------------------------- Telegram


def check_telegram(actions: list[Action]) -> None:
    """Every reply renders to HTML Telegram accepts, showing the reply's text literally."""
    for action in actions:
        if not isinstance(action, Reply):
            continue
        messages = render_telegram(action, TG_BOT.username)
        for message in messages:
            json.dumps(message.params, ensure_ascii=False).encode("utf-8")  # sendable
            visible, _ = parse_html(message.params["text"])
            if action.html is None and len(messages) == 1:
                assert visible == clean(action.text)
            for row in message.params.get("reply_markup", {}).get("inline_keyboard", []):
                for button in row:
                    data = button.get("callback_data")
                    assert data is None or len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES


async def telegram_events(harness: Harness, update: JSONDict) -> list[Action]:
    actions: list[Action] = []
    for event in translate(Update.de_json(update, None), TG_BOT, COMMAND_WORDS).events:
        harness.clock.advance(1)
        actions += await harness.send(event)
    return actions


@SETTINGS
@given(text=hostile_text, first=hostile_name, last=hostile_name, private=st.booleans())
async def test_telegram_message_from_anyone_renders_back_cleanly(
    harness: Harness, text: str, first: str, last: str, private: bool
) -> None:
    api = BotApiServer()
    person = api.user(7001, first or "-", last or None)
    chat = api.chats[7001] if private else api.group(-1007001, "Raum")
    actions = await telegram_events(harness, await api.message(chat, person, text))
    check_telegram(actions)


@SETTINGS
@given(first=hostile_name, title=hostile_name)
async def test_telegram_join_with_any_name_renders_a_clean_welcome(
    harness: Harness, first: str, title: str
) -> None:
    api = BotApiServer()
    group = api.group(-1007002, title or "-")
    person = api.user(7002 + harness.clock.now().second, first or "-")
    actions = await telegram_events(harness, await api.join(group, person))
    harness.clock.advance(3600)
    actions += await harness.app.assistant.tick()
    check_telegram(actions)


@SETTINGS
@given(data=forged_choice, private=st.booleans())
async def test_telegram_forged_callback_data_is_harmless(
    harness: Harness, data: str, private: bool
) -> None:
    api = BotApiServer()
    person = api.user(7003, "Mallory")
    chat = api.chats[7003] if private else api.group(-1007003, "Raum")
    update: JSONDict = {
        "update_id": 9000 + harness.clock.now().second,
        "callback_query": {
            "id": "cb1",
            "from": person,
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": 1,
                "date": 1,
                "chat": chat,
                "from": {"id": TG_BOT.id, "is_bot": True, "first_name": "Lagerfeuer"},
                "text": "Menü",
            },
        },
    }
    check_telegram(await telegram_events(harness, update))


# --------------------------------------------------------------------------- Matrix


def check_matrix(actions: list[Action]) -> None:
    """Every reply renders to a sendable notice with well-formed HTML showing the text."""
    for action in actions:
        if not isinstance(action, Reply):
            continue
        content = render_matrix(action, COMMAND_WORDS)
        json.dumps(content, ensure_ascii=False).encode("utf-8")  # sendable
        assert content_size(content) < 64 * 1024
        if "formatted_body" in content:
            parser = BalancedHtml()
            parser.feed(content["formatted_body"])
            parser.close()
            assert not parser.broken and not parser.open, "unbalanced HTML"
            if action.html is None and content["body"].startswith(action.text):
                shown = "".join(parser.text)
                first_line = action.text.split("\n", 1)[0]
                assert first_line in shown or "\ufffd" in content["body"]


def matrix_event(kind: str, content: Any, sender: str, **extra: Any) -> Event | None:
    source = {
        "type": kind,
        "event_id": f"$h{abs(hash((kind, repr(content), sender)))}",
        "sender": sender,
        "origin_server_ts": 1,
        "content": content,
        **extra,
    }
    event = Event.parse_event(source)
    return event if isinstance(event, Event) else None


async def matrix_through_core(harness: Harness, event: Event | None, room: RoomView) -> None:
    if event is None:
        return
    translator = Translator(MX_BOT, Memory(), bot_name="Lagerfeuer")
    actions: list[Action] = []
    for incoming in translator.translate(event, room):
        harness.clock.advance(1)
        actions += await harness.send(incoming)
    check_matrix(actions)


junk = st.one_of(st.none(), st.integers(), st.booleans(), st.lists(st.text(max_size=5), max_size=3))


@SETTINGS
@given(
    body=hostile_text,
    formatted=st.one_of(st.none(), hostile_text),
    mentions=st.one_of(junk, st.just({"user_ids": [MX_BOT]}), st.just({"user_ids": "x"})),
    private=st.booleans(),
)
async def test_matrix_message_with_any_content_renders_back_cleanly(
    harness: Harness, body: str, formatted: str | None, mentions: Any, private: bool
) -> None:
    content: dict[str, Any] = {"msgtype": "m.text", "body": body, "m.mentions": mentions}
    if formatted is not None:
        content.update(format="org.matrix.custom.html", formatted_body=formatted)
    event = matrix_event("m.room.message", content, "@mallory:example.org")
    await matrix_through_core(harness, event, MX_DM if private else MX_ROOM)


@SETTINGS
@given(name=st.one_of(hostile_name, junk), membership=st.sampled_from(["join", "leave", "x"]))
async def test_matrix_member_event_with_any_name_is_harmless(
    harness: Harness, name: Any, membership: str
) -> None:
    user = f"@u{harness.clock.now().timestamp():.0f}:example.org"
    event = matrix_event(
        "m.room.member",
        {"membership": membership, "displayname": name},
        user,
        state_key=user,
    )
    await matrix_through_core(harness, event, MX_ROOM)
    harness.clock.advance(3600)
    check_matrix(await harness.app.assistant.tick())


@SETTINGS
@given(key=st.one_of(hostile_text, st.sampled_from(["1️⃣", "🔟"])), target=hostile_text)
async def test_matrix_forged_reaction_is_harmless(harness: Harness, key: str, target: str) -> None:
    content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": target, "key": key}}
    event = matrix_event("m.reaction", content, "@mallory:example.org")
    await matrix_through_core(harness, event, MX_ROOM)


# --------------------------------------------------------------------------- announcements


@SETTINGS
@given(text=hostile_text)
def test_any_announcement_text_renders_for_both_platforms(text: str) -> None:
    done = format_text(text)
    [body, *more] = formatted_for_telegram(done.plain, done.html)
    if done.html is not None and not more:
        visible, _ = parse_html(body)
        expected = done.plain  # plain shows a link as "label (url)"; HTML as the label linked
        for href in re.findall(r'href="([^"]*)"', done.html):
            expected = expected.replace(f" ({html.unescape(href)})", "", 1)
        assert visible == clean(expected), "Telegram shows the text, only the markers gone"
    for part in (body, *more):
        parse_html(part)  # Telegram would accept every part
    content = render_announcement(done.plain, done.html)
    json.dumps(content, ensure_ascii=False).encode("utf-8")
    assert content["m.mentions"] == {}, "an announcement pings nobody"
    if "formatted_body" in content:
        parser = BalancedHtml()
        parser.feed(content["formatted_body"])
        parser.close()
        assert not parser.broken and not parser.open

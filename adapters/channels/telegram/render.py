"""Core replies as Bot API `sendMessage` parameters: escaped HTML, keyboards, split long texts.

Pure functions: no network, no PTB objects, so every rule here is unit-tested directly.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from typing import Any

from adapters.channels.telegram.splitting import split_html, split_text
from core.kernel.messages import ChatRef, Reply, UserRef

MAX_CALLBACK_BYTES = 64
"""Telegram's limit on `callback_data`."""

LONG_VALUE_PREFIX = "tgv:"
"""Marks a stand-in for a choice value too long for `callback_data`."""


def clean(text: str) -> str:
    """The text with lone surrogates (from broken UTF-16 in JSON) replaced, so it encodes."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def escape(text: str) -> str:
    """Literal text for HTML parse mode: `<`, `>`, `&` (and quotes) escaped."""
    return html.escape(clean(text), quote=True)


def formatted(text: str, html_text: str | None) -> list[str]:
    """Message bodies for a text with an optional HTML form made by the core: the HTML, split
    where it is too long for one message, else the literal text, escaped and split."""
    if html_text is not None:
        return split_html(clean(html_text))
    return [escape(part) for part in split_text(text)]


def deep_link(bot_username: str, payload: str) -> str:
    """`https://t.me/<bot>?start=<payload>`: opens the private chat and sends `/start payload`."""
    return f"https://t.me/{bot_username}?start={payload}"


def callback_value(value: str) -> str:
    """The choice value itself, or a short stand-in when it exceeds 64 bytes."""
    if len(value.encode("utf-8")) <= MAX_CALLBACK_BYTES:
        return value
    return LONG_VALUE_PREFIX + hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Outgoing:
    """One `sendMessage` call: its parameters, and the long choice values it stands in for."""

    params: dict[str, Any]
    long_values: dict[str, str] = field(default_factory=dict)


def render_reply(reply: Reply, bot_username: str) -> list[Outgoing]:
    """The messages that carry `reply`; buttons go with the last part."""
    rows, long_values = _keyboard(reply, bot_username)
    if reply.html is not None:
        # the core's own escaped HTML (b, i, a only), split at safe places when too long
        bodies = split_html(clean(reply.html))
    else:
        bodies = [_with_mentions(part, reply.mentions) for part in split_text(reply.text)]
    messages: list[Outgoing] = []
    for index, body in enumerate(bodies):
        last = index == len(bodies) - 1
        params = message_params(reply.chat, body)
        if last and rows:
            params["reply_markup"] = {"inline_keyboard": rows}
        messages.append(Outgoing(params, long_values if last else {}))
    return messages


def message_params(chat: ChatRef, html_text: str) -> dict[str, Any]:
    """The common `sendMessage` parameters for an already escaped text."""
    params: dict[str, Any] = {
        "chat_id": int(chat.id),
        "text": html_text,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
    }
    if chat.thread_id is not None:
        params["message_thread_id"] = int(chat.thread_id)
    return params


def _keyboard(reply: Reply, bot_username: str) -> tuple[list[list[dict[str, str]]], dict[str, str]]:
    rows: list[list[dict[str, str]]] = []
    long_values: dict[str, str] = {}
    for choice in reply.choices:
        data = callback_value(choice.value)
        if data != choice.value:
            long_values[data] = choice.value
        rows.append([{"text": clean(choice.label), "callback_data": data}])
    for link in reply.links:
        rows.append([{"text": clean(link.label), "url": link.url}])
    if reply.invite is not None:
        url = deep_link(bot_username, reply.invite.payload)
        rows.append([{"text": clean(reply.invite.label), "url": url}])
    return rows, long_values


def _with_mentions(text: str, mentions: tuple[UserRef, ...]) -> str:
    """Escaped text in which the first appearance of each mentioned name links to the person."""
    spans: list[tuple[int, int, UserRef]] = []
    for user in mentions:
        name = user.display_name
        if not name or not (user.id.isascii() and user.id.isdigit()):
            continue
        start = 0
        while (at := text.find(name, start)) >= 0:
            end = at + len(name)
            if all(end <= s or at >= e for s, e, _ in spans):
                spans.append((at, end, user))
                break
            start = at + 1
    out: list[str] = []
    position = 0
    for start, end, user in sorted(spans, key=lambda span: span[0]):
        out.append(escape(text[position:start]))
        out.append(f'<a href="tg://user?id={user.id}">{escape(text[start:end])}</a>')
        position = end
    out.append(escape(text[position:]))
    return "".join(out)

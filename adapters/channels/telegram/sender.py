"""Sending to Telegram within its limits, and what to do when it says no.

429: wait `retry_after`, then send again. 400 with `migrate_to_chat_id`: the group became a
supergroup; move the room and send there. 403: the bot was blocked or removed; the chat is
marked inactive (a private chat's person is unsubscribed). Network errors: retried with
back-off. Also the Telegram `AnnouncementSender` for the announcement outbox.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, Protocol

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
)
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from adapters.channels.telegram.doubt import OneInDoubt
from adapters.channels.telegram.facts import FACTS
from adapters.channels.telegram.pacing import Pacer, Turn
from adapters.channels.telegram.render import formatted, message_params
from core.announcements.sender import Delivery, DeliveryStatus
from core.kernel.logs import pseudonym, where
from core.kernel.messages import ChatRef, Platform
from core.kernel.ports import Person, RoomSettings

log = logging.getLogger("lagerfeuer.telegram.send")

TG = Platform.TELEGRAM


class ChatStore(Protocol):
    """What sending needs from storage."""

    async def get_room(self, platform: str, chat_id: str) -> RoomSettings | None: ...
    async def save_room(self, room: RoomSettings) -> None: ...
    async def move_room(self, platform: str, old_id: str, new_id: str) -> None: ...
    async def get_person(self, platform: str, user_id: str) -> Person | None: ...
    async def save_person(self, person: Person) -> None: ...


class Undeliverable(Exception):
    """Telegram refused a send for good; `reason` is Telegram's description."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class Retryable(Undeliverable):
    """A passing problem that outlived the retries (network, a long flood wait)."""


def retry_seconds(exc: RetryAfter) -> float:
    """`retry_after` in seconds: a `timedelta` with PTB_TIMEDELTA set (see the package), a
    number of seconds if the operator turned that off."""
    value: int | timedelta = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def markup(params: dict[str, Any]) -> dict[str, Any]:
    """Rendered parameters with PTB objects where `send_message` wants them."""
    out = dict(params)
    keyboard = out.pop("reply_markup", None)
    if keyboard is not None:
        rows = [
            [InlineKeyboardButton(**button) for button in row]
            for row in keyboard["inline_keyboard"]
        ]
        out["reply_markup"] = InlineKeyboardMarkup(rows)
    preview = out.pop("link_preview_options", None)
    if preview is not None:
        out["link_preview_options"] = LinkPreviewOptions(**preview)
    return out


class TelegramSender:
    """Paced, retrying sends through one PTB Bot; also an AnnouncementSender."""

    platform = TG
    facts = FACTS

    def __init__(
        self,
        bot: Bot,
        store: ChatStore,
        pacer: Pacer | None = None,
        attempts: int = 5,
        max_inline_wait: float = 120.0,
        backoff: Callable[[int], float] = lambda attempt: min(30.0, 0.5 * 2**attempt),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.bot = bot
        self.store = store
        self.pacer = pacer or Pacer()
        self.attempts = attempts
        self.max_inline_wait = max_inline_wait
        self.backoff = backoff
        self.sleep = sleep
        self.doubt = OneInDoubt()

    async def send(self, chat: ChatRef, params: dict[str, Any]) -> Message:
        """Send one rendered message; raises Undeliverable (or Retryable) when it cannot."""
        chat_id = str(params["chat_id"])
        async with self.pacer.chat(chat_id, chat.is_private) as turn:
            return await self._attempts(turn, chat, params)

    async def _attempts(self, turn: Turn, chat: ChatRef, params: dict[str, Any]) -> Message:
        waited = 0.0
        failures = 0
        while True:
            await turn.ready()
            await self.doubt.before_send()
            try:
                message: Message = await self.bot.send_message(**markup(params))
                return message
            except RetryAfter as exc:
                seconds = retry_seconds(exc)
                if waited + seconds > self.max_inline_wait:
                    raise Retryable("flood wait", retry_after=seconds) from None
                waited += seconds
                log.warning("flood limit in %s: waiting %.0f s", where(chat), seconds)
                turn.hold(seconds)
            except ChatMigrated as exc:
                new_id = str(exc.new_chat_id)
                log.info("%s became a supergroup: room moved", where(chat))
                await self.store.move_room(TG.value, str(params["chat_id"]), new_id)
                params = {**params, "chat_id": int(new_id)}
                # the new chat gets its own pacing; the held turn still orders the old one
                async with self.pacer.chat(new_id, False) as moved:
                    return await self._attempts(moved, chat, params)
            except Forbidden as exc:
                await self.mark_inactive(chat, str(params["chat_id"]))
                raise Undeliverable(str(exc)) from None
            except BadRequest as exc:
                if "thread not found" in str(exc).lower() and "message_thread_id" in params:
                    # the forum topic was deleted: post to the general topic instead
                    params = {k: v for k, v in params.items() if k != "message_thread_id"}
                    continue
                raise Undeliverable(str(exc)) from None
            except NetworkError as exc:
                failures += 1
                if failures >= self.attempts:
                    raise Retryable(f"network: {type(exc).__name__}") from None
                await self.sleep(self.backoff(failures))

    async def mark_inactive(self, chat: ChatRef, chat_id: str) -> None:
        """The bot may not write here any more: room inactive, or person unsubscribed."""
        if chat.is_private:
            person = await self.store.get_person(TG.value, chat_id)
            if person is not None and person.subscribed:
                person.subscribed = False
                await self.store.save_person(person)
            return
        room = await self.store.get_room(TG.value, chat_id)
        if room is not None and room.active:
            room.active = False
            await self.store.save_room(room)
            log.info("%s marked inactive", where(chat))

    async def deliver(
        self, chat: ChatRef, text: str, html: str | None, key: str, pin: bool
    ) -> Delivery:
        """Post an announcement (the core's HTML when given, else literal text split if long),
        optionally pinned. `key` needs no use here: Telegram has no idempotent send."""
        first: Message | None = None
        try:
            for body in formatted(text, html):
                sent = await self.send(chat, message_params(chat, body))
                first = first or sent
        except Retryable as exc:
            if first is None:
                return Delivery(
                    DeliveryStatus.RETRY, retry_after=exc.retry_after, reason=exc.reason
                )
            return Delivery(DeliveryStatus.SENT, str(first.message_id), reason="partly sent")
        except Undeliverable as exc:
            if first is None:
                return Delivery(DeliveryStatus.FAILED, reason=exc.reason)
            return Delivery(DeliveryStatus.SENT, str(first.message_id), reason="partly sent")
        assert first is not None
        if pin:
            await self.pin(str(first.chat_id), str(first.message_id))
        return Delivery(DeliveryStatus.SENT, str(first.message_id))

    async def pin(self, chat_id: str, message_id: str) -> bool:
        """Pin quietly; missing rights are logged, not raised."""
        try:
            return bool(
                await self.bot.pin_chat_message(
                    int(chat_id), int(message_id), disable_notification=True
                )
            )
        except (BadRequest, Forbidden) as exc:
            log.warning("pin in chat %s failed: %s", pseudonym(chat_id), exc)
            return False
        except NetworkError:
            log.warning("pin in chat %s failed: network", pseudonym(chat_id))
            return False

    async def delete(self, chat_id: str, message_id: str) -> bool:
        """Delete one of the bot's messages; a message already gone is fine."""
        try:
            return bool(await self.bot.delete_message(int(chat_id), int(message_id)))
        except (BadRequest, Forbidden) as exc:
            log.info("delete in chat %s failed: %s", pseudonym(chat_id), exc)
            return False
        except NetworkError:
            log.warning("delete in chat %s failed: network", pseudonym(chat_id))
            return False

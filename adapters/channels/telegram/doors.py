"""The way into a Telegram group for someone outside it: its public @username link; else an
invite link the bot creates where it is an administrator allowed to invite (created once and
kept in the database, so plans share it; one that asks to join where the group lets people in
only once approved, and the other kind revoked); else none (the person asks a moderator)."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from telegram import Bot, ChatMember, ChatMemberAdministrator
from telegram.error import TelegramError

from core.kernel.logs import pseudonym
from core.kernel.messages import ChatRef, Platform
from core.kernel.ports import ASK_A_MODERATOR, Clock, Door, WayIn

log = logging.getLogger("lagerfeuer.telegram.doors")

USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
"""A public chat's username as Telegram allows them."""
INVITE = re.compile(r"^https://t\.me/\+?[A-Za-z0-9_-]{1,64}$")
"""An invite link as Telegram creates them."""
NAME_LIMIT = 32
"""Telegram's longest invite link name."""


class InviteStore(Protocol):
    """Where the group's invite link is kept (the Telegram store)."""

    async def invite_link(self, chat_id: str) -> tuple[str, bool] | None: ...

    async def keep_invite_link(
        self, chat_id: str, link: str, now: datetime, requests: bool = False
    ) -> None: ...

    async def drop_invite_link(self, chat_id: str) -> None: ...


class TelegramDoors:
    """Implements the core's RoomDoors port for Telegram groups."""

    def __init__(
        self, bot: Bot, store: InviteStore, clock: Clock, link_name: Callable[[], str]
    ) -> None:
        self.bot = bot
        self.store = store
        self.clock = clock
        self.link_name = link_name
        self._creating = asyncio.Lock()

    async def way_in(self, chat: ChatRef, *, approval: bool = False) -> WayIn:
        if chat.platform is not Platform.TELEGRAM or chat.is_private:
            return ASK_A_MODERATOR
        try:
            found = await self.bot.get_chat(int(chat.id))
        except (TelegramError, ValueError) as exc:
            log.warning("chat %s unavailable: %s", pseudonym(chat.id), type(exc).__name__)
            return ASK_A_MODERATOR
        if found.username and USERNAME.match(found.username):
            return WayIn(Door.LINK, f"https://t.me/{found.username}")
        if not await self._may_invite(chat.id):
            await self.store.drop_invite_link(chat.id)
            return ASK_A_MODERATOR
        async with self._creating:  # two plans at once still create one link
            kept = await self.store.invite_link(chat.id)
            if kept is not None and kept[1] != approval:
                await self._revoke(chat.id, kept[0])  # the group now asks, or no longer does
                kept = None
            link = kept[0] if kept else await self._create(chat.id, approval)
        return WayIn(Door.LINK, link) if link else ASK_A_MODERATOR

    async def _may_invite(self, chat_id: str) -> bool:
        """Whether the bot administers the group with the right to invite."""
        try:
            member = await self.bot.get_chat_member(int(chat_id), self.bot.id)
        except TelegramError as exc:
            log.warning("bot rights in %s unknown: %s", pseudonym(chat_id), type(exc).__name__)
            return False
        if member.status == ChatMember.OWNER:
            return True
        return isinstance(member, ChatMemberAdministrator) and member.can_invite_users

    async def _create(self, chat_id: str, requests: bool) -> str | None:
        """A new invite link for the group (`requests`: one that asks to join, so the group's
        approval still applies), kept; None when Telegram refuses."""
        try:
            created = await self.bot.create_chat_invite_link(
                int(chat_id), name=self.link_name()[:NAME_LIMIT], creates_join_request=requests
            )
        except TelegramError as exc:
            log.warning("no invite link for %s: %s", pseudonym(chat_id), type(exc).__name__)
            return None
        link = created.invite_link
        if not INVITE.match(link):
            log.warning("invite link for %s has an unknown form", pseudonym(chat_id))
            return None
        await self.store.keep_invite_link(chat_id, link, self.clock.now(), requests)
        log.info("invite link created for %s", pseudonym(chat_id))
        return link

    async def _revoke(self, chat_id: str, link: str) -> None:
        """End a link of the wrong kind: a plan that holds it must not let someone past the
        group's approval (a link Telegram no longer knows is forgotten all the same)."""
        try:
            await self.bot.revoke_chat_invite_link(int(chat_id), link)
        except TelegramError as exc:
            log.warning(
                "invite link for %s not revoked: %s", pseudonym(chat_id), type(exc).__name__
            )
        await self.store.drop_invite_link(chat_id)

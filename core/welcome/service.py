"""Welcoming people who join a room, without ever spamming it (docs/capabilities.md, C1).

The timing rules are in `core.welcome.policy`, the wording in `core.welcome.text`; this module
connects them to events, storage and the timer. Joins that must wait are kept in the store, so
a restart does not lose them; their names are kept in memory only (names are never stored), so
after a restart the people still waiting are counted rather than named.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta

from core.kernel.assistant import Actions, Deps, Registry, Turn
from core.kernel.messages import Action, ChatRef, DeleteMessage, Platform, Reply
from core.kernel.names import clean_name
from core.kernel.ports import RoomSettings
from core.welcome.policy import (
    MINUTE,
    WelcomeTiming,
    cap_allows,
    may_post_now,
    record_post,
    settle_wave,
)
from core.welcome.store import PendingJoin, WelcomeRoom, WelcomeStore
from core.welcome.text import NAMED_AT_MOST, introduction, welcome_reply

TAG = "welcome"
"""Tag prefix of welcome replies; `sent[TAG]` remembers their message ids."""

PRUNE_EVERY = timedelta(hours=1)

PAGE = 200
"""Waiting joins read at a time while looking for the first ones with known names."""


def install(
    registry: Registry, deps: Deps, store: WelcomeStore, timing: WelcomeTiming | None = None
) -> None:
    """Register the join, leave and bot-arrival handlers, the timer and the sent hook."""
    service = WelcomeService(deps, store, timing or WelcomeTiming(), registry)
    registry.joins.append(service.joined)
    registry.leaves.append(service.left)
    registry.bot_added.append(service.bot_added)
    registry.tickers.append(service.tick)
    registry.sent[TAG] = service.sent


class WelcomeService:
    """Greets newcomers at once when the room is quiet, combined when it is busy."""

    def __init__(
        self, deps: Deps, store: WelcomeStore, timing: WelcomeTiming, registry: Registry
    ) -> None:
        self.deps = deps
        self.store = store
        self.timing = timing
        self.registry = registry
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._pruned_at: datetime | None = None
        self._names: dict[tuple[str, str], dict[str, str]] = {}
        """Names of people waiting for a welcome, by (platform, chat id), then user id."""

    def _lock(self, platform: str, chat_id: str) -> asyncio.Lock:
        return self._locks.setdefault((platform, chat_id), asyncio.Lock())

    def _language(self, room: RoomSettings) -> str:
        return room.language or self.deps.default_language

    # ------------------------------------------------------------------ events

    async def joined(self, turn: Turn) -> Actions:
        """Someone joined: greet now, queue for the combined welcome, or stay quiet."""
        user, room, store = turn.user, turn.room, self.store
        if user.is_bot or room is None or not room.welcome_enabled:
            return []
        platform, chat_id = room.platform, room.chat_id
        now = self.deps.clock.now()
        async with self._lock(platform, chat_id):
            since = now - self.timing.rejoin_memory
            if await store.welcomed_since(platform, chat_id, user.id, since):
                return []
            await store.remember_join(platform, chat_id, user.id, now)
            join = PendingJoin(user.id, now, clean_name(user.display_name))
            if not await store.has_pending(platform, chat_id):
                state = await store.get_welcome_room(platform, chat_id)
                joins = await store.joins_since(platform, chat_id, now - MINUTE)
                if may_post_now(state.pace, self.timing, now, joins):
                    return await self._post(room, turn.chat, [join], state, wave=False, now=now)
            await store.add_pending(platform, chat_id, join)
            self._names.setdefault((platform, chat_id), {})[user.id] = join.display_name or ""
            return []

    async def left(self, turn: Turn) -> Actions:
        """Someone left before their welcome went out: leave them out of it.

        Their join is forgotten too, so if they come back they are greeted then.
        """
        platform, chat_id, user_id = turn.chat.platform.value, turn.chat.id, turn.user.id
        store = self.store
        if not await store.has_pending(platform, chat_id):
            return []
        async with self._lock(platform, chat_id):
            if await store.clear_pending(platform, chat_id, [user_id]):
                await store.forget_join(platform, chat_id, user_id)
                self._names.get((platform, chat_id), {}).pop(user_id, None)
        return []

    async def bot_added(self, turn: Turn) -> Actions:
        """The bot arrived in a room: introduce itself and say how moderators configure it
        (with what other features add, `Registry.introductions`), within the room's pace."""
        room = turn.room
        if room is None:
            return []
        store, now = self.store, self.deps.clock.now()
        async with self._lock(room.platform, room.chat_id):
            state = await store.get_welcome_room(room.platform, room.chat_id)
            if not cap_allows(state.pace, self.timing, now):
                return []
            record_post(state.pace, now, welcome=False)
            await store.save_welcome_room(room.platform, room.chat_id, state)
        texts = self.deps.content.texts
        reply = introduction(texts, turn.chat, self._language(room))
        for note in self.registry.introductions:  # what other features add, in one message
            added = await note(turn)
            if added is not None:
                text = f"{reply.text}\n\n{added.text}"
                reply = replace(reply, text=text, choices=reply.choices + added.choices)
        return [reply]

    async def sent(self, reply: Reply, message_id: str) -> None:
        """A welcome was posted: remember its id, to delete it when the next one comes."""
        chat, store = reply.chat, self.store
        async with self._lock(chat.platform.value, chat.id):
            state = await store.get_welcome_room(chat.platform.value, chat.id)
            state.last_message_id = message_id
            await store.save_welcome_room(chat.platform.value, chat.id, state)

    # ------------------------------------------------------------------ timer

    async def tick(self) -> Actions:
        """Post the combined welcomes whose time has come; prune old rejoin memory hourly."""
        store, now = self.store, self.deps.clock.now()
        actions: Actions = []
        for platform, chat_id in await store.rooms_with_pending():
            async with self._lock(platform, chat_id):
                actions.extend(await self._flush(platform, chat_id, now))
        if self._pruned_at is None or now - self._pruned_at >= PRUNE_EVERY:
            self._pruned_at = now
            await store.forget_joins_before(now - self.timing.rejoin_memory)
        return actions

    async def _flush(self, platform: str, chat_id: str, now: datetime) -> Actions:
        store = self.store
        room = await self.deps.store.get_room(platform, chat_id)
        if room is None or not room.welcome_enabled or not room.active:
            await self._forget_waiting(platform, chat_id)
            return []
        state = await store.get_welcome_room(platform, chat_id)
        joins = await store.joins_since(platform, chat_id, now - MINUTE)
        if not may_post_now(state.pace, self.timing, now, joins):
            return []
        count = await store.pending_count(platform, chat_id)
        if not count:
            return []
        wave = settle_wave(state.pace, self.timing, joins)
        chat = ChatRef(Platform(platform), chat_id, is_private=False, title=room.title)
        named = await self._first_named(platform, chat_id)
        actions = await self._post(room, chat, named, state, wave=wave, now=now, count=count)
        await self._forget_waiting(platform, chat_id)
        return actions

    async def _first_named(self, platform: str, chat_id: str) -> list[PendingJoin]:
        """The first NAMED_AT_MOST waiting people whose names are known, in the order they
        joined: a page of the queue at a time, so a wave's thousands are never all loaded."""
        names = self._names.get((platform, chat_id), {})
        named: list[PendingJoin] = []
        skip = 0
        while names and len(named) < NAMED_AT_MOST:
            page = await self.store.pending_joins(platform, chat_id, skip=skip, limit=PAGE)
            for join in page:
                name = names.get(join.user_id)
                if name is not None and len(named) < NAMED_AT_MOST:
                    named.append(replace(join, display_name=name))
            if len(page) < PAGE:
                break
            skip += PAGE
        return named

    async def _forget_waiting(self, platform: str, chat_id: str) -> None:
        """Everyone waiting in the room was welcomed (or the room no longer welcomes)."""
        await self.store.clear_room_pending(platform, chat_id)
        self._names.pop((platform, chat_id), None)

    # ------------------------------------------------------------------ posting

    async def _post(
        self,
        room: RoomSettings,
        chat: ChatRef,
        people: list[PendingJoin],
        state: WelcomeRoom,
        *,
        wave: bool,
        now: datetime,
        count: int | None = None,
    ) -> Actions:
        """The welcome for `count` people (`people` alone by default) named by `people`, and
        the deletion of the previous one."""
        store, texts = self.store, self.deps.content.texts
        target = replace(chat, thread_id=room.welcome_topic)
        lang = self._language(room)
        reply = welcome_reply(texts, room, target, people, lang, wave=wave, count=count)
        actions: list[Action] = [replace(reply, tag=f"{TAG}:{chat.key}")]
        if room.delete_previous_welcome and state.last_message_id:
            actions.append(DeleteMessage(replace(chat, thread_id=None), state.last_message_id))
            state.last_message_id = None
        record_post(state.pace, now, welcome=True)
        await store.save_welcome_room(room.platform, room.chat_id, state)
        return actions

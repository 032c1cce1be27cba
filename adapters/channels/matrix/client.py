"""The Matrix adapter's lifecycle: login that keeps its device, a supervised sync loop, invites.

Each sync batch is translated event by event, handed to the core, and only then is the
sync token saved. The very first sync (no token) only learns the present. Spaces (`m.space`
rooms) are no rooms people talk in: their events are not handed on, and the core is told they
are never targets.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from nio import (
    AsyncClient,
    AsyncClientConfig,
    Event,
    LoginResponse,
    MatrixRoom,
    MegolmEvent,
    SyncError,
    SyncResponse,
    WhoamiResponse,
)

from adapters.channels.contract import ChannelContext, Health
from adapters.channels.matrix.announce import MatrixAnnouncer
from adapters.channels.matrix.arrival import own_join, to_handle
from adapters.channels.matrix.calls import CONNECTION_ERRORS, Calls, rate_limit_wait
from adapters.channels.matrix.doors import MatrixDoors
from adapters.channels.matrix.edits import (
    TEXT_EVENTS,
    Edit,
    Edits,
    answered,
    edit_in,
    is_answer,
    latest_edits,
)
from adapters.channels.matrix.identity import Identity
from adapters.channels.matrix.lookup import EventLookup, note_reply_to_bot
from adapters.channels.matrix.moderators import MatrixModerators
from adapters.channels.matrix.outbound import Outbound, answering
from adapters.channels.matrix.session import Session, SessionFile
from adapters.channels.matrix.store import KeyWaitStore
from adapters.channels.matrix.store_lock import StoreLock
from adapters.channels.matrix.translate import (
    EVENT_PREFIX,
    Memory,
    RoomView,
    Translator,
    edited,
)
from adapters.channels.matrix.waiting import KeyWait
from core.errors import ConfigError, StorageError
from core.kernel.logs import pseudonym
from core.kernel.messages import Action, ChatRef, CommandReceived, InboundEvent, Platform, UserRef
from core.kernel.ports import ASK_A_MODERATOR, WayIn

log = logging.getLogger("lagerfeuer.matrix")

FIRST_SYNC_FILTER: dict[str, Any] = {
    "room": {"timeline": {"limit": 1}},
    "presence": {"not_types": ["*"]},
}
"""The first sync only learns rooms and members: one timeline event a room is enough."""

SYNC_FILTER: dict[str, Any] = {
    "room": {"timeline": {"limit": 200}},
    "presence": {"not_types": ["*"]},
}


SPACE = "m.space"
"""The room type of a Space (`m.room.create` content `type`)."""


class MatrixLoginError(ConfigError):
    """The homeserver refused the configured login; the message names the variable."""


@dataclass(frozen=True)
class MatrixConfig:
    """How to reach and log in to the homeserver, and how patient to be."""

    homeserver: str
    user_id: str
    store_path: Path
    password: str | None = None
    access_token: str | None = None
    autojoin: tuple[str, ...] = ()
    device_name: str = "Lagerfeuer"
    sync_timeout_ms: int = 30_000
    backoff_start: float = 1.0
    backoff_max: float = 60.0
    watchdog_seconds: float = 120.0
    """A sync loop that shows no sign of life for this long is restarted."""


def may_invite(inviter: str, autojoin: Sequence[str]) -> bool:
    """Whether an invite from `inviter` is accepted: anyone when `autojoin` is empty,
    else listed user ids and `:server` suffixes."""
    if not autojoin:
        return True
    for allowed in autojoin:
        if allowed.startswith(":") and inviter.endswith(allowed):
            return True
        if inviter == allowed:
            return True
    return False


class MatrixAdapter:
    """Connects the core to one Matrix account."""

    platform = Platform.MATRIX

    def __init__(self, ctx: ChannelContext[KeyWaitStore], config: MatrixConfig) -> None:
        self.ctx = ctx
        self.assistant = ctx.assistant
        self.config = config
        self.sessions = SessionFile(config.store_path)
        self.store_lock = StoreLock(config.store_path)
        """Held while running, so `lagerfeuer matrix reset-identity` knows to refuse."""
        self.memory = Memory()
        self.translator = Translator(config.user_id, self.memory)
        self.session: Session | None = None
        self.client: AsyncClient | None = None
        self.calls: Calls | None = None
        self.outbound: Outbound | None = None
        self.edits: Edits | None = None
        self.lookup: EventLookup | None = None
        self.moderators: MatrixModerators | None = None
        self.doors: MatrixDoors | None = None
        self.announcer = MatrixAnnouncer()
        self.connected = asyncio.Event()
        self.ready = asyncio.Event()
        self.syncs = 0
        self.verified = False
        """Whether this device is cross-signed by the bot's identity (see `identity.py`)."""
        self.stalls = 0
        self.failures = 0
        """Sync attempts that failed in a row (reset by a successful sync)."""
        self._last_sign_of_life = time.monotonic()
        self._supervisor: asyncio.Task[None] | None = None
        self._watchdog: asyncio.Task[None] | None = None
        self._loop: asyncio.Task[None] | None = None
        self._stopping = False
        self._state_known = False
        self.key_wait = KeyWait(ctx.store, ctx.clock)
        self._waiting: list[Action] = []
        self.last_update: datetime | None = None
        """When a sync last brought an event to handle (for `lagerfeuer status`)."""
        self._rooms_known = False
        """Set once a sync's rooms are learnt: from then on replies go out at once, also
        those to the first sync's own timeline (so they carry its events' transaction ids)."""
        self._spaces: set[str] = set()
        self._invited: set[str] = set()
        """Rooms invited to while running, not joined yet: their messages since count."""
        """Spaces the core has been told about since start."""
        ctx.register_moderators(Platform.MATRIX, self)
        ctx.register_doors(Platform.MATRIX, self)

    @property
    def announcement_sender(self) -> MatrixAnnouncer:
        """Announcements go out as notices with the outbox key as transaction id."""
        return self.announcer

    # ------------------------------------------------------------------ lifecycle

    async def start(self, ready_within: float = 30.0) -> None:
        """Log in (or restore the device), start syncing; returns after the first sync."""
        self._stopping = False
        self._state_known = False
        self.sessions.prepare()
        if not self.store_lock.share():
            raise ConfigError(
                "LAGERFEUER_MATRIX_STORE: `lagerfeuer matrix reset-identity` is changing the "
                "bot's keys there; start the bot once it has finished"
            )
        client = AsyncClient(
            self.config.homeserver,
            self.config.user_id,
            store_path=str(self.config.store_path),
            config=AsyncClientConfig(
                encryption_enabled=True,
                store_sync_tokens=True,
                max_limit_exceeded=0,
                max_timeouts=0,
                request_timeout=self.config.sync_timeout_ms / 1000 + 30,
            ),
        )
        self.client = client
        self.calls = Calls(
            client,
            backoff_start=self.config.backoff_start,
            backoff_max=self.config.backoff_max,
            on_wait=self.sign_of_life,
        )
        self._supervisor = asyncio.create_task(self._run(), name="matrix")
        ready = asyncio.create_task(self.ready.wait())
        await asyncio.wait(
            {self._supervisor, ready}, timeout=ready_within, return_when="FIRST_COMPLETED"
        )
        ready.cancel()
        if self._supervisor.done():
            self._supervisor.result()  # a refused login: raise it here, with its clear message
        if not self.ready.is_set():
            log.warning("matrix: homeserver not reached yet; connecting in the background")

    async def _run(self) -> None:
        """Connect (as patient as the homeserver needs), then keep the sync loop running."""
        try:
            await self._connect()
        except MatrixLoginError as exc:
            log.error("matrix: %s", exc)
            raise
        self._watchdog = asyncio.create_task(self._watch(), name="matrix-watchdog")
        await self._supervise()

    async def _connect(self) -> None:
        client, calls = self.client, self.calls
        assert client is not None and calls is not None
        self.session = await self._login(client)
        self.verified = await self._cross_sign(client)
        outbound = Outbound(self.assistant, client, calls, self.memory)
        outbound.on_dm_requested = self._dm_pending
        await outbound.load_direct_rooms()
        self.translator.bot_name = await self._display_name(client)
        self.moderators = MatrixModerators(calls)
        self.lookup = EventLookup(client, calls)
        self.edits = Edits(self.lookup, self.assistant.deps.store)
        await self.key_wait.restore(client)
        self.doors = MatrixDoors(calls, self.config.user_id)
        self.outbound = outbound
        self.announcer.connect(client, outbound, self.ready)
        self.connected.set()

    async def stop(self) -> None:
        """Stop syncing, let sends in flight end, close the connection."""
        self._stopping = True
        tasks = [t for t in (self._watchdog, self._supervisor, self._loop) if t is not None]
        try:
            for task in tasks:
                task.cancel()
            for task in tasks:
                try:
                    await task
                except asyncio.CancelledError:
                    pass
                except Exception as exc:  # it had ended with an error: stopping goes on
                    log.warning("matrix: a task had failed (%s)", type(exc).__name__)
        finally:
            self._watchdog = self._supervisor = self._loop = None
            if self.client is not None:
                await self.client.close()
            self.ready.clear()
            self._rooms_known = False
            self.connected.clear()
            self.store_lock.release()

    def health(self) -> Health:
        """Connected: logged in, and the last sync worked."""
        return Health(self.ready.is_set() and self.failures == 0, self.last_update)

    async def perform(self, actions: Sequence[Action]) -> None:
        """Carry out the core's actions on Matrix; before the first sync told which rooms
        exist, they wait (without holding up the caller) and go out right after it."""
        if not self._rooms_known or self.outbound is None:
            self._waiting.extend(actions)
            return
        await self.outbound.perform(actions)

    async def is_moderator(self, chat: ChatRef, user: UserRef) -> bool:
        """The Moderators port for Matrix rooms (power level or v12 creator)."""
        if self.moderators is None:
            return False
        return await self.moderators.is_moderator(chat, user)

    async def way_in(self, chat: ChatRef, *, approval: bool = False) -> WayIn:
        """The RoomDoors port for Matrix rooms (join rule and canonical alias)."""
        if self.doors is None:
            return ASK_A_MODERATOR
        return await self.doors.way_in(chat, approval=approval)

    def sign_of_life(self) -> None:
        """The loop is alive (a sync returned, an event was handled, a wait is deliberate)."""
        self._last_sign_of_life = time.monotonic()

    # ------------------------------------------------------------------ login

    async def _login(self, client: AsyncClient) -> Session:
        cfg = self.config
        saved = self.sessions.load(cfg.user_id)
        if saved is not None:
            client.restore_login(saved.user_id, saved.device_id, saved.access_token)
            check = await self._patient_whoami(client)
            if isinstance(check, WhoamiResponse):
                log.info("matrix: restored device %s", saved.device_id)
                return saved
            if not cfg.password:
                raise MatrixLoginError(
                    "LAGERFEUER_MATRIX_ACCESS_TOKEN: the saved login was refused; give a new token"
                )
            client.access_token = ""
            return await self._password_login(client, saved.device_id, saved.sync_token)
        if cfg.access_token:
            client.access_token = cfg.access_token
            client.user_id = cfg.user_id
            who = await self._patient_whoami(client)
            if not isinstance(who, WhoamiResponse) or not who.device_id:
                raise MatrixLoginError(
                    "LAGERFEUER_MATRIX_ACCESS_TOKEN: the homeserver refused the token"
                )
            session = Session(cfg.user_id, who.device_id, cfg.access_token)
            client.restore_login(cfg.user_id, who.device_id, cfg.access_token)
            self.sessions.save(session)
            return session
        return await self._password_login(client, None, None)

    async def _password_login(
        self, client: AsyncClient, device_id: str | None, sync_token: str | None
    ) -> Session:
        if device_id:
            client.device_id = device_id
        assert self.calls is not None
        password = self.config.password or ""
        answer = await self.calls.patient(
            lambda: client.login(password, device_name=self.config.device_name), "login"
        )
        if not isinstance(answer, LoginResponse):
            raise MatrixLoginError("LAGERFEUER_MATRIX_PASSWORD: the homeserver refused the login")
        session = Session(self.config.user_id, answer.device_id, answer.access_token, sync_token)
        self.sessions.save(session)
        log.info("matrix: logged in as device %s", answer.device_id)
        return session

    async def _cross_sign(self, client: AsyncClient) -> bool:
        """Publish this device's keys, then have it signed by the bot's cross-signing identity."""
        assert self.calls is not None and client.olm is not None
        if client.should_upload_keys:
            await self.calls.patient(client.keys_upload, "upload keys")
        identity = Identity(self.calls, self.config.store_path, self.config.password)
        return await identity.ensure(client.user_id, client.device_id, client.olm.account.sign)

    async def _patient_whoami(self, client: AsyncClient) -> Any:
        assert self.calls is not None
        return await self.calls.patient(client.whoami, "whoami")

    async def _display_name(self, client: AsyncClient) -> str:
        assert self.calls is not None
        answer = await self.calls.patient(
            lambda: client.get_displayname(self.config.user_id), "profile"
        )
        return str(getattr(answer, "displayname", "") or "")

    # ------------------------------------------------------------------ supervision

    def backoff(self) -> float:
        """The pause before the next attempt: 1 s after the first failure, doubling to 60 s."""
        exponent = max(0, self.failures - 1)
        return float(min(self.config.backoff_start * 2**exponent, self.config.backoff_max))

    async def _supervise(self) -> None:
        """Run the sync loop; after an error pause (see `backoff`) and start it again."""
        while not self._stopping:
            self._loop = asyncio.create_task(self._sync_loop())
            try:
                await self._loop
            except asyncio.CancelledError:
                current = asyncio.current_task()
                if self._stopping or (current is not None and current.cancelling()):
                    self._loop.cancel()
                    raise
                log.warning("matrix: sync loop stalled; restarting it")
            except Exception as exc:
                self.failures += 1
                delay = self.backoff()
                log.warning(
                    "matrix: sync failed (%s); retrying in %.0f s", type(exc).__name__, delay
                )
                self.sign_of_life()
                await asyncio.sleep(delay)

    async def _watch(self) -> None:
        """Notice a sync loop that stopped making progress, and have it restarted."""
        period = max(0.5, self.config.watchdog_seconds / 4)
        while True:
            await asyncio.sleep(period)
            silent = time.monotonic() - self._last_sign_of_life
            if silent > self.config.watchdog_seconds and self._loop is not None:
                log.warning("matrix: no progress for %.0f s", silent)
                self.stalls += 1
                self.sign_of_life()
                self._loop.cancel()

    async def _sync_loop(self) -> None:
        while True:
            await self.sync_once()

    async def sync_once(self) -> None:
        """One sync: fetch, keep the crypto up to date, handle the batch, then save the token."""
        client, session = self.client, self.session
        assert client is not None and session is not None
        first = session.sync_token is None
        # after every start nio knows no room state yet: ask for all of it once
        full_state = first or not self._state_known
        response = await client.sync(
            timeout=0 if full_state else self.config.sync_timeout_ms,
            sync_filter=FIRST_SYNC_FILTER if first else SYNC_FILTER,
            since=session.sync_token,
            full_state=True if full_state else None,
        )
        self.sign_of_life()
        if isinstance(response, SyncError):
            wait = rate_limit_wait(response)
            if wait is None:
                raise ConnectionError(f"sync refused: {response.status_code}")
            await asyncio.sleep(wait)
            return
        assert isinstance(response, SyncResponse)
        await self._crypto_upkeep(client)
        self._learn(response)
        if full_state:
            await self._spaces_known()
        await self._invites(response, live=not first)
        self._rooms_known = True
        if not first:
            await self._timeline(response)
        session.sync_token = response.next_batch
        self.sessions.save(session)
        self._state_known = True
        self.syncs += 1
        if self.failures:
            log.info("matrix: syncing again after %d failed attempts", self.failures)
            self.failures = 0
        if not self.ready.is_set():
            log.info("matrix: ready (logged in, first sync done)")
        self.ready.set()
        waiting, self._waiting = self._waiting, []
        if waiting:
            assert self.outbound is not None
            await self.outbound.perform(waiting)

    async def _crypto_upkeep(self, client: AsyncClient) -> None:
        """What `sync_forever` would do between syncs: to-device messages and key traffic."""
        try:
            await client.send_to_device_messages()
            if client.should_upload_keys:
                await client.keys_upload()
            if client.should_query_keys:
                await client.keys_query()
            if client.should_claim_keys:
                await client.keys_claim(client.get_users_for_key_claiming())
        except CONNECTION_ERRORS:
            raise
        except Exception as exc:  # nio raises LocalProtocolError for nothing-to-do races
            log.info("matrix: key upkeep skipped (%s)", type(exc).__name__)

    def _learn(self, response: SyncResponse) -> None:
        assert self.outbound is not None
        for event in response.account_data_events:
            if getattr(event, "type", None) == "m.direct":
                content = getattr(event, "content", None)
                if isinstance(content, dict):
                    self.outbound.direct_rooms = content

    async def _invites(self, response: SyncResponse, live: bool) -> None:
        """Answer invites; those that come while the bot runs (`live`) have their messages
        from the invite on handled once the bot has joined."""
        client, outbound = self.client, self.outbound
        assert client is not None and outbound is not None
        for room_id, info in response.rooms.invite.items():
            inviter, direct = None, False
            for event in info.invite_state:
                source = getattr(event, "source", {})
                if (
                    source.get("type") == "m.room.member"
                    and source.get("state_key") == client.user_id
                ):
                    inviter = source.get("sender")
                    direct = bool(source.get("content", {}).get("is_direct"))
            if inviter is None:
                continue
            if live:
                self._invited.add(room_id)
            await outbound.answer_invite(
                room_id, inviter, direct, may_invite(inviter, self.config.autojoin)
            )

    async def _timeline(self, response: SyncResponse) -> None:
        client = self.client
        assert client is not None
        for room_id, info in response.rooms.join.items():
            room = client.rooms.get(room_id)
            if room is None or await self._set_aside(room):
                continue
            events = to_handle(
                latest_edits(info.timeline.events),
                client.user_id,
                self.ctx.content.commands,
                invited_live=room_id in self._invited,
                private=self.room_view(room).is_private,
            )
            if any(own_join(event, client.user_id) for event in events):
                self._invited.discard(room_id)
            if events:
                self.last_update = self.ctx.clock.now()
            for event in events:
                if isinstance(event, MegolmEvent):
                    await self.key_wait.keep(client, event, room_id)
                    continue
                await self._safely(event, room)
        for room_id, decrypted in await self.key_wait.readable(client):
            room = client.rooms.get(room_id)
            if room is not None:
                await self._safely(decrypted, room)

    async def _set_aside(self, room: MatrixRoom) -> bool:
        """True for a Space: the core hears once that it is no room (never a target)."""
        if room.room_type != SPACE:
            return False
        if room.room_id not in self._spaces:
            self._spaces.add(room.room_id)
            await self.assistant.not_a_room(ChatRef(Platform.MATRIX, room.room_id, False))
        return True

    async def _spaces_known(self) -> None:
        """After a sync with the full state: every Space the bot is in, set aside."""
        assert self.client is not None
        for room in list(self.client.rooms.values()):
            await self._set_aside(room)

    async def _safely(self, event: Event, room: MatrixRoom) -> None:
        """Handle one event; a failure is logged and the batch goes on."""
        self.sign_of_life()
        try:
            await self._one_event(event, room)
        except (*CONNECTION_ERRORS, asyncio.CancelledError):
            raise
        except StorageError as exc:  # names the database file, never a message
            log.error("matrix: handling event %s failed: %s", pseudonym(event.event_id), exc)
        except Exception:
            log.exception("matrix: handling event %s failed", pseudonym(event.event_id))

    def room_view(self, room: MatrixRoom) -> RoomView:
        """What translation needs of a nio room."""
        assert self.outbound is not None
        return RoomView(
            room.room_id, room.display_name, self.outbound.is_private(room), room.user_name
        )

    async def _one_event(self, event: Event, room: MatrixRoom) -> None:
        outbound = self.outbound
        assert outbound is not None
        view = self.room_view(room)
        if own_join(event, self.config.user_id) and room.room_id in outbound.pending_dms:
            # the DM the bot opened on request is ready: start the conversation there
            user, payload = outbound.pending_dms.pop(room.room_id)
            chat = self.translator.chat(view)
            start = CommandReceived(EVENT_PREFIX + event.event_id, chat, user, "start", payload)
            await self._answer(start)
            return
        edit = edit_in(event)
        if edit is not None:
            await self._edit(edit, view)
            return
        question = event.event_id if isinstance(event, TEXT_EVENTS) else None
        if question is not None and self.lookup is not None:
            await note_reply_to_bot(self.lookup, self.memory, self.config.user_id, event, view)
        for incoming in self.translator.translate(event, view):
            await self._answer(incoming, question)

    async def _edit(self, edit: Edit, view: RoomView) -> None:
        """An edit: answered (as its original would be) when `Edits` says so, else noted."""
        assert self.edits is not None
        original = await self.edits.original(edit, view.room_id)
        if original is None:
            await self.assistant.deps.store.claim_event(EVENT_PREFIX + edit.event_id)
            return
        args = (edit.event_id, edit.sender, edit.content, original, view)
        for incoming in edited(self.translator, *args):
            await self._answer(incoming, question=edit.original)

    async def _answer(self, incoming: InboundEvent, question: str | None = None) -> None:
        """Handle one event, send what answers it, and only then mark it handled: after a
        crash in between it is handled again, and its replies' transaction ids (derived
        from its id) let the homeserver drop the repeats. When it answers a message
        (`question`, a Matrix event id), the event log notes that, for that message's edits."""
        store = self.assistant.deps.store
        with answering(incoming.event_id):
            actions = await self.assistant.handle(incoming, settle=False)
            await self.ctx.router(actions)
        if question is not None and is_answer(actions):
            await store.claim_event(answered(question))
        await store.claim_event(incoming.event_id)

    def _dm_pending(self) -> None:
        """A DM was created; nothing to do until its join arrives in a sync."""
        self.sign_of_life()

"""Real nio clients acting as people, and the bot running as in `lagerfeuer run`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from nio import (
    AsyncClient,
    AsyncClientConfig,
    JoinResponse,
    MatrixRoom,
    MegolmEvent,
    RoomCreateResponse,
    RoomMessageNotice,
    RoomMessageText,
    RoomPreset,
    RoomSendResponse,
    SyncResponse,
)

from adapters.channels.matrix.client import MatrixAdapter
from adapters.runtime.bootstrap import App, build_app
from adapters.runtime.channels import matrix_adapter, matrix_config
from adapters.runtime.settings import Settings
from core.kernel.ports import Clock
from tests.support.synapse import Account, Synapse

WAIT = 30.0
"""Seconds a test waits for something to arrive before it fails."""

ENCRYPTION_STATE = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Seen:
    """A message a person received."""

    room_id: str
    sender: str
    body: str
    event_id: str
    source: dict[str, Any]
    encrypted: bool


class Person:
    """A Matrix user with a real nio client that syncs in the background."""

    def __init__(self, server: Synapse, account: Account, folder: Path) -> None:
        self.server = server
        self.account = account
        folder.mkdir(parents=True, exist_ok=True)
        self.client = AsyncClient(
            server.url,
            account.user_id,
            store_path=str(folder),
            config=AsyncClientConfig(
                encryption_enabled=True,
                store_sync_tokens=True,
                max_timeout_retry_wait_time=1,
                request_timeout=20,
            ),
        )
        self.seen: list[Seen] = []
        self.undecryptable = 0
        self.syncs = 0
        """Syncs completed; when one is counted, its messages are in `seen`."""
        self._task: asyncio.Task[None] | None = None

    @property
    def user_id(self) -> str:
        return self.account.user_id

    async def start(self) -> Person:
        answer = await self.client.login(self.account.password, device_name="test")
        assert answer.__class__.__name__ == "LoginResponse", answer
        self.client.add_event_callback(self._message, (RoomMessageText, RoomMessageNotice))
        self.client.add_event_callback(self._undecryptable, MegolmEvent)
        self.client.add_response_callback(self._synced, SyncResponse)
        await self.client.sync(timeout=0, full_state=True)
        if self.client.should_upload_keys:
            await self.client.keys_upload()
        self._task = asyncio.create_task(self.client.sync_forever(timeout=1000))
        return self

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        await self.client.close()

    async def _message(self, room: MatrixRoom, event: RoomMessageText | RoomMessageNotice) -> None:
        if event.sender == self.user_id:
            return
        self.seen.append(
            Seen(
                room.room_id,
                event.sender,
                event.body,
                event.event_id,
                event.source,
                event.decrypted,
            )
        )

    async def _undecryptable(self, room: MatrixRoom, event: MegolmEvent) -> None:
        self.undecryptable += 1

    async def _synced(self, response: SyncResponse) -> None:
        self.syncs += 1

    async def caught_up(self) -> None:
        """Until this client has every event the homeserver had when this was called: the
        sync that completes next may have started before, the one after it has not."""
        target = self.syncs + 2
        await self.wait_until(lambda: self.syncs >= target)

    # ------------------------------------------------------------------ waiting

    async def wait_for(
        self, room_id: str, check: Callable[[Seen], bool], after: int = 0, within: float = WAIT
    ) -> Seen:
        """The first message in `room_id` (from index `after` on) that passes `check`."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            for seen in self.seen[after:]:
                if seen.room_id == room_id and check(seen):
                    return seen
            await asyncio.sleep(0.05)
        bodies = [s.body[:80] for s in self.seen[after:] if s.room_id == room_id]
        raise AssertionError(f"{self.user_id} did not get the expected message; got {bodies}")

    async def quiet(self, room_id: str, seconds: float, after: int) -> list[Seen]:
        """Messages in `room_id` that arrive within `seconds` (expected: none)."""
        await asyncio.sleep(seconds)
        return [s for s in self.seen[after:] if s.room_id == room_id]

    async def wait_until(self, condition: Callable[[], bool], within: float = WAIT) -> None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if condition():
                return
            await asyncio.sleep(0.05)
        raise AssertionError("condition not reached in time")

    async def wait_joined(self, room_id: str, user_id: str) -> None:
        """Until this client sees `user_id` as a joined member of the room."""

        def joined() -> bool:
            room = self.client.rooms.get(room_id)
            return room is not None and user_id in room.users and user_id not in room.invited_users

        await self.wait_until(joined)

    # ------------------------------------------------------------------ acting

    async def create_room(
        self,
        *,
        name: str | None = "Netzwerk",
        invite: tuple[str, ...] = (),
        direct: bool = False,
        encrypted: bool = False,
        power: dict[str, Any] | None = None,
        alias: str | None = None,
        private: bool = False,
    ) -> str:
        """A room (public unless `direct` or `private`); `alias`: its alias's local part."""
        preset = RoomPreset.public_chat
        if direct:
            preset = RoomPreset.trusted_private_chat
        elif private:
            preset = RoomPreset.private_chat
        answer = await self.client.room_create(
            name=name,
            alias=alias,
            invite=list(invite),
            is_direct=direct,
            preset=preset,
            initial_state=[ENCRYPTION_STATE] if encrypted else [],
            power_level_override=power,
        )
        assert isinstance(answer, RoomCreateResponse), answer
        await self.wait_until(lambda: answer.room_id in self.client.rooms)
        return str(answer.room_id)

    async def join(self, room_id: str) -> None:
        answer = await self.client.join(room_id)
        assert isinstance(answer, JoinResponse), answer

    async def say(self, room_id: str, text: str, extra: dict[str, Any] | None = None) -> str:
        if self.client.should_query_keys:
            await self.client.keys_query()
        content = {"msgtype": "m.text", "body": text, **(extra or {})}
        answer = await self.client.room_send(
            room_id, "m.room.message", content, ignore_unverified_devices=True
        )
        assert isinstance(answer, RoomSendResponse), answer
        return str(answer.event_id)

    async def react(self, room_id: str, event_id: str, key: str) -> None:
        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        answer = await self.client.room_send(room_id, "m.reaction", content)
        assert isinstance(answer, RoomSendResponse), answer


class Bot:
    """The app with its Matrix adapter, started and stopped like `lagerfeuer run` does."""

    def __init__(
        self,
        server: Synapse,
        account: Account,
        folder: Path,
        autojoin: str = "",
        moderators: str = "",
        *,
        clock: Clock | None = None,
        ticking: bool = True,
        language: str = "de",
        **tuning: Any,
    ) -> None:
        """`clock`: the core's clock (the system's by default); `ticking`: whether the core's
        timers run every 0.2 s, as in `lagerfeuer run`, or only when a test calls them."""
        self.ready_within = float(tuning.pop("ready_within", 30.0))
        self.tuning: dict[str, Any] = {"backoff_max": 2.0, "sync_timeout_ms": 5_000, **tuning}
        self.server = server
        self.account = account
        self.folder = folder
        self.autojoin = autojoin
        self.moderators = moderators
        """The operator's community moderators, as in LAGERFEUER_MODERATORS."""
        self.clock = clock
        self.ticking = ticking
        self.language = language
        self.app: App | None = None
        self.adapter: MatrixAdapter | None = None
        self._ticker: asyncio.Task[None] | None = None

    @property
    def user_id(self) -> str:
        return self.account.user_id

    def settings(self) -> Settings:
        return Settings(
            _env_file=None,  # type: ignore[call-arg]
            database=self.folder / "lagerfeuer.db",
            matrix_homeserver=self.server.url,
            matrix_user_id=self.account.user_id,
            matrix_password=self.account.password,  # type: ignore[arg-type]
            matrix_store=self.folder / "matrix-store",
            matrix_autojoin=self.autojoin,
            moderators=self.moderators,
            language=self.language,
        )

    async def start(self) -> Bot:
        self.folder.mkdir(parents=True, exist_ok=True)  # as an operator makes the data folder
        self.app = await build_app(self.settings(), clock=self.clock)
        config = replace(matrix_config(self.app.settings), **self.tuning)

        self.adapter = matrix_adapter(self.app, config=config)
        await self.adapter.start(self.ready_within)
        if self.ticking:
            self._ticker = asyncio.create_task(self._tick())
        return self

    async def _tick(self) -> None:
        """As `lagerfeuer run` does: a failed timer run is logged, and the next one runs."""
        assert self.app is not None and self.adapter is not None
        while True:
            await asyncio.sleep(0.2)
            try:
                await self.adapter.perform(await self.app.assistant.tick())
            except Exception:
                log.exception("timer run failed")

    async def stop(self) -> None:
        """Stop the timers, the adapter and the database, each even when one before failed."""
        ticker, self._ticker = self._ticker, None
        try:
            if ticker is not None:
                ticker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ticker
        finally:
            try:
                if self.adapter is not None:
                    await self.adapter.stop()
            finally:  # a bot whose start failed still lets go of its database
                if self.app is not None:
                    await self.app.close()

    async def restart(self) -> None:
        await self.stop()
        await self.start()


class Scene:
    """The people and bots of one test; everything is closed when the test ends."""

    counter = 0

    def __init__(self, server: Synapse, folder: Path) -> None:
        self.server = server
        self.folder = folder
        self.people: list[Person] = []
        self.bots: list[Bot] = []

    def account(self, name: str) -> Account:
        Scene.counter += 1
        return self.server.register_user(f"{name}{Scene.counter}")

    async def person(self, name: str) -> Person:
        account = self.account(name)
        person = Person(self.server, account, self.folder / account.user_id[1:].split(":")[0])
        self.people.append(person)
        return await person.start()

    async def bot(
        self,
        autojoin: str = "",
        account: Account | None = None,
        moderators: str = "",
        *,
        clock: Clock | None = None,
        ticking: bool = True,
        language: str = "de",
        **tuning: Any,
    ) -> Bot:
        account = account or self.account("lagerfeuer")
        folder = self.folder / f"bot-{Scene.counter}"
        bot = Bot(
            self.server,
            account,
            folder,
            autojoin,
            moderators,
            clock=clock,
            ticking=ticking,
            language=language,
            **tuning,
        )
        self.bots.append(bot)
        return await bot.start()

    async def close(self) -> None:
        """Close every bot and person, then raise what failed while closing: a failure there
        is a defect of its own, never a reason to leave the rest open."""
        failures: list[Exception] = []
        for closing in [*(b.stop for b in self.bots), *(p.close for p in self.people)]:
            try:
                await closing()
            except Exception as exc:
                failures.append(exc)
        if failures:
            raise ExceptionGroup("closing the scene failed", failures)

    async def __aenter__(self) -> Scene:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

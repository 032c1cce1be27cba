"""The driver over the core alone: the harness (real core, real SQLite, a fake clock), with
announcements delivered by the terminal chat's own sender."""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence

from adapters.channels.console.announcer import ConsoleAnnouncer
from adapters.storage.store import SqliteStore
from core.announcements.delivery import OutboxWorker
from core.kernel.deeplinks import room_payload
from core.kernel.messages import Action, ChoiceMade, OpenDirectChat, Platform, Reply
from tests.harness import Harness
from tests.support.drivers.driver import ANNA, Identity, Message, Setup, Shown, find_choice


class CoreDriver:
    """Anna talks to the assembled core directly; its actions are what it showed."""

    name = "core"

    def __init__(self, harness: Harness) -> None:
        self.harness = harness
        self.printed = io.StringIO()
        """What the terminal chat's announcement sender printed."""
        self.worker = self._worker()
        self.last: list[Reply] = []

    @classmethod
    async def start(cls, setup: Setup) -> CoreDriver:
        harness = await Harness.create(
            setup.folder / "lagerfeuer.db",
            language=setup.language,
            community={name.lower() for name in setup.moderators},
        )
        return cls(harness)

    def _worker(self) -> OutboxWorker:
        app = self.harness.app
        return OutboxWorker(app.store, [ConsoleAnnouncer(self.printed)], app.clock)

    @property
    def store(self) -> SqliteStore:
        return self.harness.app.store

    @property
    def anna(self) -> Identity:
        return Identity(Platform.CONSOLE.value, ANNA.lower(), self.harness.chat().id)

    def _shown(self, actions: Sequence[Action], printed: str = "") -> Shown:
        self.last = [a for a in actions if isinstance(a, Reply)]
        messages = [_message(reply) for reply in self.last]
        if printed:
            messages.append(Message(printed.rstrip("\n")))
        opened = any(isinstance(a, OpenDirectChat) for a in actions)
        return Shown(tuple(messages), opened_dm=opened)

    async def say(self, text: str, room: str | None = None) -> Shown:
        return self._shown(await self.harness.say(text, room=room))

    async def press(self, label: str) -> Shown:
        message, choice = find_choice(tuple(_message(r) for r in self.last), label)
        reply = self.last[message]
        h = self.harness
        event = ChoiceMade(uuid.uuid4().hex, reply.chat, h.user(), reply.choices[choice].value)
        return self._shown(await h.send(event))

    async def press_value(self, value: str, room: str | None = None) -> Shown:
        return self._shown(await self.harness.choose(value, room=room))

    async def join(self, room: str, name: str) -> Shown:
        return self._shown(await self.harness.join(room, name))

    async def deeplink(self, room: str) -> Shown:
        payload = room_payload(Platform.CONSOLE.value, self.harness.chat(room).id)
        return await self.say(f"/start {payload}")

    async def restart(self) -> None:
        await self.harness.restart()
        self.worker = self._worker()

    async def tick(self, seconds: float) -> Shown:
        self.harness.clock.advance(seconds)
        start = self.printed.tell()
        await self.worker.run_once()
        printed = self.printed.getvalue()[start:]
        return self._shown(await self.harness.tick(), printed)

    async def close(self) -> None:
        await self.harness.close()


def _message(reply: Reply) -> Message:
    links = [f"{link.label} {link.url}" for link in reply.links]
    if reply.invite is not None:
        links.append(reply.invite.label)
    return Message(reply.text, tuple(c.label for c in reply.choices), tuple(links))

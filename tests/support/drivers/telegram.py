"""The driver over the Telegram adapter: the Telegram rig (real core, real adapter and
python-telegram-bot against the project's Bot API server, a fake clock).

A step's answer is every message the bot sent once the adapter has handled the update and
its chat queues are idle; a press is a callback query on the message that carries the button.
"""

from __future__ import annotations

from collections.abc import Awaitable

from adapters.runtime.channels import delivery_worker
from adapters.storage.store import SqliteStore
from core.announcements.delivery import OutboxWorker
from core.content.model import LANGUAGES
from core.kernel.deeplinks import room_payload
from core.kernel.messages import Platform
from tests.support.botapi import BotApiServer, JSONDict, Sent
from tests.support.drivers.driver import (
    ANNA,
    DriverError,
    Identity,
    Message,
    Setup,
    Shown,
    find_choice,
)
from tests.telegram.rig import Rig

FIRST_USER = 900
FIRST_GROUP = -100_900


class TelegramDriver:
    """Anna and the people who join, as Telegram users of the Bot API server."""

    name = "telegram"

    def __init__(self, server: BotApiServer, rig: Rig, people: dict[str, JSONDict]) -> None:
        self.server = server
        self.rig = rig
        self.people = people
        self.groups: dict[str, JSONDict] = {}
        self.worker = self._worker()
        self.last: list[Sent] = []

    @classmethod
    async def start(cls, setup: Setup, server: BotApiServer) -> TelegramDriver:
        people: dict[str, JSONDict] = {}
        for name in (ANNA, *setup.moderators):
            if name not in people:
                user_id = FIRST_USER + len(people)
                people[name] = server.user(user_id, name, language_code=setup.language)
        moderators = ",".join(f"telegram:{people[name]['id']}" for name in setup.moderators)
        rig = await Rig.start(
            server, setup.folder / "lagerfeuer.db", language=setup.language, moderators=moderators
        )
        return cls(server, rig, people)

    def _worker(self) -> OutboxWorker:
        return delivery_worker(self.rig.app, [self.rig.adapter])

    @property
    def store(self) -> SqliteStore:
        return self.rig.app.store

    @property
    def anna(self) -> Identity:
        user_id = str(self.people[ANNA]["id"])
        return Identity(Platform.TELEGRAM.value, user_id, user_id)

    def _person(self, name: str) -> JSONDict:
        if name not in self.people:
            user_id = FIRST_USER + len(self.people)
            language = self.people[ANNA].get("language_code")
            self.people[name] = self.server.user(user_id, name, language_code=language)
        return self.people[name]

    def _chat(self, room: str | None) -> JSONDict:
        """Anna's private chat, or the group of that name."""
        if room is None:
            return self.server.chats[self.people[ANNA]["id"]]
        if room not in self.groups:
            self.groups[room] = self.server.group(FIRST_GROUP - len(self.groups), room)
        return self.groups[room]

    async def _do(self, pushing: Awaitable[JSONDict]) -> Shown:
        """Push an update; once it is handled and nothing is queued, what the bot sent."""
        before = len(self.server.sent)
        await self.rig.do(pushing)
        await self.rig.until(lambda: self.rig.adapter.queues.busy == 0)
        return self._shown(self.server.sent[before:])

    def _shown(self, sent: list[Sent]) -> Shown:
        self.last = sent
        offer = {
            self.rig.app.content.texts.get("telegram.open_private_chat_button", lang)
            for lang in LANGUAGES
        }
        opened = any(b["text"] in offer for s in sent if s.chat_id < 0 for b in s.buttons())
        return Shown(tuple(_message(s) for s in sent), opened_dm=opened)

    async def say(self, text: str, room: str | None = None) -> Shown:
        return await self._do(self.server.message(self._chat(room), self.people[ANNA], text))

    async def press(self, label: str) -> Shown:
        index, _ = find_choice(tuple(_message(s) for s in self.last), label)
        sent = self.last[index]
        button = [b for b in sent.buttons() if "callback_data" in b][
            _message(sent).choices.index(label)
        ]
        return await self._do(self.server.press(sent, self.people[ANNA], button["callback_data"]))

    async def press_value(self, value: str, room: str | None = None) -> Shown:
        chat_id = self._chat(room)["id"]
        with_buttons = [s for s in self.server.messages_to(chat_id) if s.keyboard]
        if not with_buttons:
            raise DriverError(f"no message with buttons in {room or 'the private chat'}")
        return await self._do(self.server.press(with_buttons[-1], self.people[ANNA], value))

    async def join(self, room: str, name: str) -> Shown:
        return await self._do(self.server.join(self._chat(room), self._person(name)))

    async def deeplink(self, room: str) -> Shown:
        payload = room_payload(Platform.TELEGRAM.value, str(self._chat(room)["id"]))
        return await self.say(f"/start {payload}")

    async def restart(self) -> None:
        await self.rig.restart(core=True)
        self.worker = self._worker()

    async def tick(self, seconds: float) -> Shown:
        before = len(self.server.sent)
        self.rig.clock.advance(seconds)
        await self.worker.run_once()
        await self.rig.tick()
        return self._shown(self.server.sent[before:])

    async def close(self) -> None:
        await self.rig.stop()


def _message(sent: Sent) -> Message:
    """Buttons that answer are choices; those that open a link are links."""
    choices = tuple(b["text"] for b in sent.buttons() if "callback_data" in b)
    links = tuple(f"{b['text']} {b['url']}" for b in sent.buttons() if "url" in b)
    return Message(sent.text, choices, links)

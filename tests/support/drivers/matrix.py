"""The driver over the Matrix adapter: the bot as `lagerfeuer run` starts it, on a real
Synapse, with a fake clock whose timers run when a step says so, and real nio clients as the
people (tests/matrix/people.py).

Matrix shows choices as a numbered list under the text; the driver reads the list back into
labels, and Anna picks a choice with the number's reaction on that message, as people do.
Commands are `!name` on Matrix: typed `/name` becomes `!name`, shown `!name` reads as `/name`.
A step's answer is collected once the bot has handled the event (two of its syncs completed
after the event was sent: the second began after it) and then every person watching has
caught up the same way; nothing waits for a while or for "the next message".
"""

from __future__ import annotations

import re
import uuid

from adapters.channels.matrix.translate import KEYCAPS
from adapters.runtime.channels import delivery_worker
from adapters.storage.store import SqliteStore
from core.announcements.delivery import OutboxWorker
from core.kernel.commands import parse_command
from core.kernel.deeplinks import room_payload
from core.kernel.messages import Platform
from tests.harness import FakeClock
from tests.matrix.people import Bot, Person, Scene, Seen
from tests.support.drivers.driver import (
    ANNA,
    DriverError,
    Identity,
    Message,
    Setup,
    Shown,
    find_choice,
)
from tests.support.synapse import Synapse
from tests.support.words import COMMAND_WORDS

SYNC_MS = 1_000
"""The bot's long poll: a step the bot does not answer ends after two of them at most."""

_SHOWN_COMMAND = re.compile(r"(?<![\w/:.!])!([a-z0-9_]+)\b")


class MatrixDriver:
    """Anna in a DM with the bot; rooms are made by a host who invites the bot."""

    name = "matrix"

    def __init__(self, scene: Scene, bot: Bot, people: dict[str, Person], dm: str) -> None:
        self.scene = scene
        self.bot = bot
        self.people = people
        self.dm = dm
        self.host: Person | None = None
        self.rooms: dict[str, str] = {}
        self.worker = self._worker()
        self.last: list[Seen] = []

    @classmethod
    async def start(cls, setup: Setup, synapse: Synapse) -> MatrixDriver:
        scene = Scene(synapse, setup.folder)
        try:
            people: dict[str, Person] = {}
            for name in (ANNA, *setup.moderators):
                if name not in people:
                    people[name] = await _person(scene, name)
            moderators = ",".join(f"matrix:{people[name].user_id}" for name in setup.moderators)
            bot = await scene.bot(
                moderators=moderators,
                clock=FakeClock(),
                ticking=False,
                language=setup.language,
                sync_timeout_ms=SYNC_MS,
            )
            anna = people[ANNA]
            dm = await anna.create_room(name=None, invite=(bot.user_id,), direct=True)
            await anna.wait_for(dm, lambda m: m.sender == bot.user_id)  # its greeting
            driver = cls(scene, bot, people, dm)
            await driver._settle()
        except BaseException:
            await scene.close()
            raise
        return driver

    def _worker(self) -> OutboxWorker:
        assert self.bot.app is not None and self.bot.adapter is not None
        return delivery_worker(self.bot.app, [self.bot.adapter])

    @property
    def store(self) -> SqliteStore:
        assert self.bot.app is not None
        return self.bot.app.store

    @property
    def anna(self) -> Identity:
        return Identity(Platform.MATRIX.value, self.people[ANNA].user_id, self.dm)

    # ------------------------------------------------------------------ waiting

    def _watchers(self) -> list[Person]:
        return [self.people[ANNA], *([self.host] if self.host is not None else [])]

    async def _settle(self, handled: bool = True) -> None:
        """Until the bot has handled what was sent (`handled`) and everyone has caught up."""
        adapter = self.bot.adapter
        assert adapter is not None
        if handled:
            target = adapter.syncs + 2
            await self.people[ANNA].wait_until(lambda: adapter.syncs >= target)
        for person in self._watchers():
            await person.caught_up()

    def _marks(self) -> dict[Person, int]:
        return {person: len(person.seen) for person in self._watchers()}

    def _shown(self, marks: dict[Person, int], invited: set[str]) -> Shown:
        found: dict[str, Seen] = {}
        for person, mark in marks.items():
            for seen in person.seen[mark:]:
                if seen.sender == self.bot.user_id:
                    found.setdefault(seen.event_id, seen)
        self.last = list(found.values())
        opened = bool(set(self.people[ANNA].client.invited_rooms) - invited)
        return Shown(tuple(_message(seen) for seen in self.last), opened_dm=opened)

    # ------------------------------------------------------------------ places and people

    async def _person(self, name: str) -> Person:
        if name not in self.people:
            self.people[name] = await _person(self.scene, name)
        return self.people[name]

    async def _room(self, name: str) -> str:
        """The room of that name, made by the host with the bot in it; what the bot said on
        arriving (its introduction) is part of making the room, not of the step."""
        if name not in self.rooms:
            if self.host is None:
                self.host = await _person(self.scene, "Host")
            room = await self.host.create_room(name=name, invite=(self.bot.user_id,))
            await self.host.wait_joined(room, self.bot.user_id)
            await self._settle()
            self.rooms[name] = room
        return self.rooms[name]

    async def _where(self, room: str | None) -> str:
        """Anna's DM, or the room of that name with Anna in it."""
        if room is None:
            return self.dm
        room_id = await self._room(room)
        anna = self.people[ANNA]
        joined = anna.client.rooms.get(room_id)
        if joined is None or anna.user_id not in joined.users:
            await anna.join(room_id)
            await self._settle()
        return room_id

    # ------------------------------------------------------------------ steps

    async def say(self, text: str, room: str | None = None) -> Shown:
        where, anna = await self._where(room), self.people[ANNA]
        if parse_command(text) is not None and text.lstrip().startswith("/"):
            text = "!" + text.lstrip()[1:]
        marks, invited = self._marks(), set(anna.client.invited_rooms)
        await anna.say(where, text)
        await self._settle()
        return self._shown(marks, invited)

    async def press(self, label: str) -> Shown:
        index, choice = find_choice(tuple(_message(s) for s in self.last), label)
        seen, anna = self.last[index], self.people[ANNA]
        key = KEYCAPS[choice] if choice < len(KEYCAPS) else str(choice + 1)
        marks, invited = self._marks(), set(anna.client.invited_rooms)
        await anna.react(seen.room_id, seen.event_id, key)
        await self._settle()
        return self._shown(marks, invited)

    async def press_value(self, value: str, room: str | None = None) -> Shown:
        raise DriverError("Matrix has no buttons that carry a value: pick a choice with press")

    async def join(self, room: str, name: str) -> Shown:
        room_id, person = await self._room(room), await self._person(name)
        marks, invited = self._marks(), set(self.people[ANNA].client.invited_rooms)
        await person.join(room_id)
        await self._settle()
        return self._shown(marks, invited)

    async def deeplink(self, room: str) -> Shown:
        payload = room_payload(Platform.MATRIX.value, await self._room(room))
        return await self.say(f"/start {payload}")

    async def restart(self) -> None:
        await self.bot.restart()
        self.worker = self._worker()
        await self._settle()

    async def tick(self, seconds: float) -> Shown:
        bot, anna = self.bot, self.people[ANNA]
        assert bot.app is not None and bot.adapter is not None
        assert isinstance(bot.app.clock, FakeClock)
        marks, invited = self._marks(), set(anna.client.invited_rooms)
        bot.app.clock.advance(seconds)
        await self.worker.run_once()
        await bot.adapter.perform(await bot.app.assistant.tick())
        await self._settle(handled=False)
        return self._shown(marks, invited)

    async def close(self) -> None:
        await self.scene.close()


async def _person(scene: Scene, name: str) -> Person:
    """A new Matrix user whose display name is `name`."""
    person = await scene.person(re.sub(r"\W", "", name.lower()) or uuid.uuid4().hex[:8])
    await person.client.set_displayname(name)
    return person


def _as_typed(text: str) -> str:
    """Shown `!name` commands read as the `/name` the texts write."""
    return _SHOWN_COMMAND.sub(
        lambda m: "/" + m.group(1) if COMMAND_WORDS.resolve(m.group(1)) else m.group(0), text
    )


def _message(seen: Seen) -> Message:
    """The text, choice labels and links of one of the bot's messages, read from the parts
    the adapter renders after the text: a numbered list, a list of links, an invite line."""
    content = seen.source.get("content", {})
    rest = str(content.get("formatted_body", ""))
    invite = 0
    if rest.endswith("</p>"):
        invite, rest = 1, rest[: rest.rfind("<p>")]
    links = 0
    if rest.endswith("</ul>"):
        start = rest.rfind("<ul>")
        links, rest = rest[start:].count("<li>"), rest[:start]
    choices = 0
    if rest.endswith("</ol>"):
        start = rest.rfind("<ol>")
        choices = rest[start:].count("<li>")
    lines = seen.body.split("\n")
    cut = len(lines) - choices - links - invite
    text, tail = lines[:cut], lines[cut:]
    labels = [line.split(". ", 1)[1] for line in tail[:choices]]
    shown_links = [line.replace(": ", " ", 1) for line in tail[choices : choices + links]]
    shown_links += tail[choices + links :]
    return Message(
        _as_typed("\n".join(text)),
        tuple(_as_typed(label) for label in labels),
        tuple(_as_typed(link) for link in shown_links),
    )

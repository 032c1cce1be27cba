"""The terminal chat: talk to the bot as a private chat or as a member of a room."""

from __future__ import annotations

import asyncio
import hashlib
import re
import sys
import unicodedata
import uuid
from collections.abc import Iterable
from typing import Protocol, TextIO, assert_never

from adapters.clock import ShiftableClock
from adapters.moderation import FixedModerators
from core.kernel.assistant import Assistant
from core.kernel.commands import parse_command
from core.kernel.messages import (
    Action,
    AnswerJoinRequest,
    ChatRef,
    CommandReceived,
    DeleteMessage,
    InboundEvent,
    MemberJoined,
    OpenDirectChat,
    Pin,
    Platform,
    Reply,
    TextReceived,
    UserRef,
)
from core.kernel.typed import normalise, typed_number

MENTION = re.compile(r"^@lagerfeuer\b[:,]?\s*", re.IGNORECASE)
"""`@lagerfeuer` at the start of a room message addresses the bot, as a mention does elsewhere."""

FLUSH_AFTER_INPUT_SECONDS = 3600
"""At the end of scripted input the clock jumps this far, so collected welcomes go out."""

PREVIEW_LENGTH = 40
"""How much of a message a note about it (deleted, pinned) quotes."""


class Writer(Protocol):
    """Where the chat prints: standard output, or the screen of the terminal (terminal.py)."""

    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...


def slug(name: str) -> str:
    """A console id from a name: lower case letters of any script, digits and hyphens
    ("Иван" is иван, not the same id as "李明"); a name of no letters gets one from its hash."""
    made = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", name).casefold()).strip("-")
    return made or "x-" + hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:12]


UNNAMED = "du"
"""The id of the person who chose no name: the same in every language, so their data stays
theirs when the operator's language changes."""


def person_id(name: str | None) -> str:
    """The terminal person's id: from the name chosen with `--as`, or `UNNAMED`."""
    return slug(name) if name else UNNAMED


class ConsoleChat:
    """Reads lines, turns them into events, prints what the bot answers."""

    def __init__(
        self,
        assistant: Assistant,
        *,
        name: str | None = None,
        room: str | None = None,
        moderator: bool = False,
        out: Writer = sys.stdout,
        clock: ShiftableClock | None = None,
    ) -> None:
        self.assistant = assistant
        self.named = name is not None
        """Whether the person chose a name (`--as`); otherwise content names them."""
        shown = name or assistant.deps.content.texts.get(
            "console.default_name", assistant.deps.default_language
        )
        self.user = UserRef(Platform.CONSOLE, person_id(name), shown)
        self.chat = (
            ChatRef(Platform.CONSOLE, slug(room), is_private=False, title=room)
            if room
            else ChatRef(Platform.CONSOLE, f"dm-{self.user.id}", is_private=True)
        )
        self.out = out
        self.clock = clock
        self._message_ids = 0
        self._run = uuid.uuid4().hex[:8]
        """Message ids of this run start with it, so an id kept from an earlier run never
        names a message of this one."""
        self._previews: dict[str, str] = {}
        """The start of each message printed in this run, by message id."""
        self._offered: list[str] = []
        """Labels of the choices last shown here; typing one (or its number) answers the bot."""
        if moderator:
            self.moderators = FixedModerators({self.user.id})
        else:
            self.moderators = FixedModerators(set())

    def event_for(self, line: str) -> InboundEvent | None:
        """The event a typed line means; None for an empty line."""
        text = line.strip()
        if not text:
            return None
        event_id = f"console:{uuid.uuid4().hex}"
        parsed = parse_command(text)
        if parsed is not None:
            name, args = parsed
            if name == "join" and not self.chat.is_private and args:
                person = UserRef(Platform.CONSOLE, slug(args), args)
                return MemberJoined(event_id, self.chat, person)
            return CommandReceived(event_id, self.chat, self.user, name, args)
        addressed = not self.chat.is_private and self._answers_choice(text)
        mention = None if self.chat.is_private else MENTION.match(text)
        if mention is not None:
            text, addressed = text[mention.end() :].strip() or text, True
        return TextReceived(event_id, self.chat, self.user, text, addressed=addressed)

    def _answers_choice(self, text: str) -> bool:
        """In a room, a typed number or label of the last choices is a reply to the bot."""
        typed = normalise(text)
        number = typed_number(typed)
        if number is not None:
            return 1 <= number <= len(self._offered)
        return typed in (normalise(label) for label in self._offered)

    async def send_line(self, line: str) -> None:
        """Handle one typed line and print the replies."""
        event = self.event_for(line)
        if event is not None:
            await self.perform(await self.assistant.handle(event))

    async def perform(self, actions: Iterable[Action]) -> None:
        """Print replies; other actions are shown as short notes."""
        for action in actions:
            match action:
                case Reply():
                    self._message_ids += 1
                    if action.choices and action.chat == self.chat:
                        self._offered = [choice.label for choice in action.choices]
                    message_id = f"{self._run}-{self._message_ids}"
                    self._previews[message_id] = preview(action.text)
                    self.out.write(render(action) + "\n")
                    await self.assistant.message_sent(action, message_id)
                case DeleteMessage() | Pin():
                    self.out.write(f"  {await self.note(action)}\n")
                case OpenDirectChat():
                    dm = ChatRef(Platform.CONSOLE, f"dm-{action.user.id}", is_private=True)
                    start = CommandReceived(
                        f"console:{uuid.uuid4().hex}", dm, action.user, "start", action.payload
                    )
                    await self.perform(await self.assistant.handle(start))
                case AnswerJoinRequest():
                    continue  # the terminal has no requests to join: nobody sends one here
                case _:
                    assert_never(action)
        self.out.flush()

    async def note(self, action: DeleteMessage | Pin) -> str:
        """What happened to an earlier message, in words."""
        key = "console.deleted" if isinstance(action, DeleteMessage) else "console.pinned"
        shown = self._previews.get(action.message_id)
        return await self.text(action.chat, key if shown else f"{key}_earlier", preview=shown)

    async def greeting(self) -> str:
        """The first line a person in a terminal sees: what to type, and how to leave."""
        if self.chat.is_private:
            return await self.text(self.chat, "console.greeting")
        key = "console.greeting_room_as" if self.named else "console.greeting_room"
        return await self.text(self.chat, key, name=self.user.display_name, room=self.chat.title)

    async def text(self, chat: ChatRef, key: str, **params: object) -> str:
        """A text of content/ in the language the bot speaks here."""
        lang = await self.assistant.language_for(chat, self.user)
        return self.assistant.deps.content.texts.get(key, lang, **params)

    async def run_script(self, lines: TextIO) -> None:
        """Scripted mode: one message a line; at the end, deliver what is pending."""
        for line in lines:
            await self.send_line(line)
            await self.perform(await self.assistant.tick())
        if self.clock is not None:
            self.clock.advance(FLUSH_AFTER_INPUT_SECONDS)
        await self.perform(await self.assistant.tick())

    async def tick_forever(self) -> None:
        """Run the timers every second and print what they bring (the interactive chat)."""
        while True:
            await asyncio.sleep(1)
            await self.perform(await self.assistant.tick())


def preview(text: str) -> str:
    """The start of a message's first line, to name it in a note."""
    first = text.strip().split("\n", 1)[0]
    if len(first) <= PREVIEW_LENGTH:
        return first
    return first[: PREVIEW_LENGTH - 1].rstrip() + "…"


def render(reply: Reply) -> str:
    """A reply as terminal text: the text, numbered choices, links, the way to onboarding."""
    where = f"[{reply.chat.title}] " if not reply.chat.is_private and reply.chat.title else ""
    lines = [f"{where}{reply.text}"]
    lines += [f"  {number}) {choice.label}" for number, choice in enumerate(reply.choices, 1)]
    lines += [f"  → {link.label}: {link.url}" for link in reply.links]
    if reply.invite is not None:
        lines.append(f"  [{reply.invite.label}] /start {reply.invite.payload}")
    return "\n".join(lines)

"""The terminal chat: talk to the bot as a private chat or as a member of a room."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
import threading
import uuid
from collections.abc import Iterable
from typing import TextIO, assert_never

from adapters.clock import ShiftableClock
from adapters.moderation import FixedModerators
from core.kernel.assistant import Assistant
from core.kernel.commands import parse_command
from core.kernel.messages import (
    Action,
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
from core.kernel.typed import typed_number

MENTION = re.compile(r"^@lagerfeuer\b[:,]?\s*", re.IGNORECASE)
"""`@lagerfeuer` at the start of a room message addresses the bot, as a mention does elsewhere."""

FLUSH_AFTER_INPUT_SECONDS = 3600
"""At the end of scripted input the clock jumps this far, so collected welcomes go out."""


def slug(name: str) -> str:
    """A console id from a name: lower case, letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "x"


class ConsoleChat:
    """Reads lines, turns them into events, prints what the bot answers."""

    def __init__(
        self,
        assistant: Assistant,
        *,
        name: str = "Du",
        room: str | None = None,
        moderator: bool = False,
        out: TextIO = sys.stdout,
        clock: ShiftableClock | None = None,
    ) -> None:
        self.assistant = assistant
        self.user = UserRef(Platform.CONSOLE, slug(name), name)
        self.chat = (
            ChatRef(Platform.CONSOLE, slug(room), is_private=False, title=room)
            if room
            else ChatRef(Platform.CONSOLE, f"dm-{self.user.id}", is_private=True)
        )
        self.out = out
        self.clock = clock
        self._message_ids = 0
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
        typed = text.rstrip(".)").casefold()
        number = typed_number(typed)
        if number is not None:
            return 1 <= number <= len(self._offered)
        return typed in (label.casefold() for label in self._offered)

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
                    message_id = str(self._message_ids)
                    self.out.write(render(action) + "\n")
                    await self.assistant.message_sent(action, message_id)
                case DeleteMessage():
                    self.out.write(f"  (#{action.message_id} ✕)\n")
                case Pin():
                    self.out.write(f"  (#{action.message_id} 📌)\n")
                case OpenDirectChat():
                    dm = ChatRef(Platform.CONSOLE, f"dm-{action.user.id}", is_private=True)
                    start = CommandReceived(
                        f"console:{uuid.uuid4().hex}", dm, action.user, "start", action.payload
                    )
                    await self.perform(await self.assistant.handle(start))
                case _:
                    assert_never(action)
        self.out.flush()

    async def run_script(self, lines: TextIO) -> None:
        """Scripted mode: one message a line; at the end, deliver what is pending."""
        for line in lines:
            await self.send_line(line)
            await self.perform(await self.assistant.tick())
        if self.clock is not None:
            self.clock.advance(FLUSH_AFTER_INPUT_SECONDS)
        await self.perform(await self.assistant.tick())

    async def run_interactive(self, prompt: str = "> ") -> None:
        """Interactive mode: a prompt, and timers ticking in the background."""
        ticker = asyncio.create_task(self._tick_forever())
        try:
            while True:
                self.out.write(prompt)
                self.out.flush()
                line = await read_line(sys.stdin)
                if not line:
                    break
                await self.send_line(line)
        finally:
            ticker.cancel()

    async def _tick_forever(self) -> None:
        while True:
            await asyncio.sleep(1)
            await self.perform(await self.assistant.tick())


async def read_line(stream: TextIO) -> str:
    """The next line of `stream` ("" at its end), read in a daemon thread.

    A waiting read must not keep the program alive: on Ctrl-C the chat ends at once instead of
    waiting for one more line, as it would with a thread of the loop's executor.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def settle(line: str) -> None:
        if not future.done():
            future.set_result(line)

    def read() -> None:
        line = stream.readline()
        with contextlib.suppress(RuntimeError):  # the loop has closed meanwhile
            loop.call_soon_threadsafe(settle, line)

    threading.Thread(target=read, name="console-input", daemon=True).start()
    return await future


def render(reply: Reply) -> str:
    """A reply as terminal text: the text, numbered choices, links, the way to onboarding."""
    where = f"[{reply.chat.title}] " if not reply.chat.is_private and reply.chat.title else ""
    lines = [f"{where}{reply.text}"]
    lines += [f"  {number}) {choice.label}" for number, choice in enumerate(reply.choices, 1)]
    lines += [f"  → {link.label}: {link.url}" for link in reply.links]
    if reply.invite is not None:
        lines.append(f"  [{reply.invite.label}] /start {reply.invite.payload}")
    return "\n".join(lines)

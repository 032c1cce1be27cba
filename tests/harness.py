"""A full-stack test harness: the real core over a real SQLite file, with a fake clock and
fake room moderators (our own port), driven like a chat: say something, look at the replies.
Community moderators are named as the operator names them (`LAGERFEUER_MODERATORS`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.runtime.bootstrap import App, build_app
from adapters.runtime.settings import BUNDLED_CONTENT, Settings
from core.kernel.commands import parse_command
from core.kernel.messages import (
    Action,
    ChatRef,
    ChoiceMade,
    CommandReceived,
    InboundEvent,
    MemberJoined,
    Platform,
    Reply,
    TextReceived,
    UserRef,
)


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 26, 10, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


@dataclass
class FakeModerators:
    """Room moderators by user id: of every room (`user_ids`), or of some rooms (`rooms`:
    chat id -> user ids), as a platform would answer."""

    user_ids: set[str] = field(default_factory=set)
    rooms: dict[str, set[str]] = field(default_factory=dict)

    async def is_moderator(self, chat: ChatRef, user: UserRef) -> bool:
        return user.id in self.user_ids or user.id in self.rooms.get(chat.id, set())


def texts_of(actions: list[Action]) -> list[str]:
    """The texts of the replies among `actions`."""
    return [a.text for a in actions if isinstance(a, Reply)]


def joined(actions: Sequence[Action]) -> str:
    """All reply texts and choice labels as one string, for `in` checks."""
    parts: list[str] = []
    for action in actions:
        if isinstance(action, Reply):
            parts.append(action.text)
            parts.extend(choice.label for choice in action.choices)
            parts.extend(f"{link.label} {link.url}" for link in action.links)
    return "\n".join(parts)


class Harness:
    """Drives the assembled core like a chat client would."""

    def __init__(self, app: App, clock: FakeClock, moderators: FakeModerators, db: Path) -> None:
        self.app = app
        self.clock = clock
        self.moderators = moderators
        self.db = db
        self.platform = Platform.CONSOLE

    @classmethod
    async def create(
        cls,
        db: Path,
        content_dir: Path = BUNDLED_CONTENT,
        clock: FakeClock | None = None,
        moderators: FakeModerators | None = None,
        language: str = "de",
        community: set[str] | None = None,
    ) -> Harness:
        """`community`: console user ids of the operator's community moderators."""
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database=db,
            content_dir=content_dir,
            language=language,
            moderators=",".join(f"console:{ident}" for ident in sorted(community or ())),
        )
        the_clock = clock or FakeClock()
        mods = moderators or FakeModerators()
        app = await build_app(settings, clock=the_clock)
        app.moderators.register(Platform.CONSOLE, mods)
        return cls(app, the_clock, mods, db)

    async def restart(self) -> None:
        """A new core over the same database file, as after a process restart."""
        settings = self.app.settings
        await self.app.close()
        self.app = await build_app(settings, clock=self.clock)
        self.app.moderators.register(Platform.CONSOLE, self.moderators)

    async def close(self) -> None:
        await self.app.close()

    def user(self, name: str = "Anna", is_bot: bool = False) -> UserRef:
        return UserRef(self.platform, name.lower(), name, is_bot=is_bot)

    def chat(self, room: str | None = None, user: str = "Anna") -> ChatRef:
        if room is None:
            return ChatRef(self.platform, f"dm-{user.lower()}", is_private=True)
        return ChatRef(self.platform, room.lower(), is_private=False, title=room)

    async def send(self, event: InboundEvent) -> list[Action]:
        return await self.app.assistant.handle(event)

    async def say(
        self, text: str, *, user: str = "Anna", room: str | None = None, addressed: bool = False
    ) -> list[Action]:
        """A message from `user`, privately or in `room`; `/x` and `!x` are commands."""
        chat, person = self.chat(room, user), self.user(user)
        event_id = uuid.uuid4().hex
        parsed = parse_command(text)
        event: InboundEvent
        if parsed is not None:
            event = CommandReceived(event_id, chat, person, parsed[0], parsed[1])
        else:
            event = TextReceived(event_id, chat, person, text, addressed=addressed)
        return await self.send(event)

    async def choose(
        self, value: str, *, user: str = "Anna", room: str | None = None
    ) -> list[Action]:
        """A button press with the choice's value."""
        event = ChoiceMade(uuid.uuid4().hex, self.chat(room, user), self.user(user), value)
        return await self.send(event)

    async def join(self, room: str, name: str, is_bot: bool = False) -> list[Action]:
        """`name` joins `room`."""
        event = MemberJoined(uuid.uuid4().hex, self.chat(room), self.user(name, is_bot))
        return await self.send(event)

    async def tick(self, seconds: float = 0) -> list[Action]:
        """Move the clock, then run the core's timers."""
        self.clock.advance(seconds)
        return await self.app.assistant.tick()

    async def reply(
        self,
        text: str,
        to: str,
        *,
        user: str = "Anna",
        room: str | None = None,
        chat_id: str | None = None,
    ) -> list[Action]:
        """A message from `user` replying to the message `to` (its platform id), as a
        platform's reply function sends it (in a room, a reply to the bot addresses it);
        `chat_id` names another private chat than the harness's own (`dm-<user>`)."""
        chat, person = self.chat(room, user), self.user(user)
        if chat_id is not None:
            chat = replace(chat, id=chat_id)
        event = TextReceived(uuid.uuid4().hex, chat, person, text, addressed=True, reply_to=to)
        return await self.send(event)

    async def posted(self, actions: list[Action]) -> list[tuple[Reply, str]]:
        """Post the replies among `actions` as an adapter would: each gets a message id, and
        the core hears it (`message_sent`). Returns (reply, its id)."""
        done: list[tuple[Reply, str]] = []
        for action in actions:
            if isinstance(action, Reply):
                message_id = f"m{uuid.uuid4().hex[:12]}"
                await self.app.assistant.message_sent(action, message_id)
                done.append((action, message_id))
        return done

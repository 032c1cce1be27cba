"""One vocabulary for talking to the bot on any platform, so one conversation transcript runs
through the core alone, the Telegram adapter and the Matrix adapter alike.

A driver acts as Anna (and, for joins, as whoever joins) and returns what the bot showed in
answer, as plain text and choice labels: how a platform shows choices (buttons, a numbered
list) is the driver's business, never the transcript's. Every answer is collected once the
bot has finished with the step, by a condition, never by waiting a while.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from adapters.storage.store import SqliteStore

ANNA = "Anna"
"""The person every transcript speaks as."""


class DriverError(AssertionError):
    """A step the driver cannot carry out (no such button, nothing this platform can do)."""


@dataclass(frozen=True)
class Setup:
    """What a transcript asks of the bot it runs against."""

    folder: Path
    """Where the bot keeps its database (and, on Matrix, its store)."""
    language: str = "de"
    """The bot's default language (LAGERFEUER_LANGUAGE)."""
    moderators: tuple[str, ...] = ()
    """Names of the people the operator names community moderators (LAGERFEUER_MODERATORS)."""


@dataclass(frozen=True)
class Message:
    """One message of the bot as a person sees it, without the platform's dressing."""

    text: str
    choices: tuple[str, ...] = ()
    """The labels of the choices offered, in order."""
    links: tuple[str, ...] = ()
    """Links and ways into a private chat, each as `label url` (or the line that says it)."""


@dataclass(frozen=True)
class Shown:
    """What the bot showed in answer to one step."""

    messages: tuple[Message, ...] = ()
    opened_dm: bool = False
    """Whether the bot opened (or offered) a private chat with Anna."""

    def text(self) -> str:
        """All texts, choice labels and links as one string, for `in` checks."""
        parts: list[str] = []
        for message in self.messages:
            parts.append(message.text)
            parts.extend(message.choices)
            parts.extend(message.links)
        return "\n".join(parts)


@dataclass(frozen=True)
class Identity:
    """How the store knows a person: the platform, their user id, their private chat."""

    platform: str
    user_id: str
    private_chat: str


class PlatformDriver(Protocol):
    """The bot on one platform, driven as Anna would use it."""

    name: str

    @property
    def store(self) -> SqliteStore:
        """The bot's store, for checks of what it kept."""
        ...

    @property
    def anna(self) -> Identity:
        """Anna as the store knows her on this platform."""
        ...

    async def say(self, text: str, room: str | None = None) -> Shown:
        """Anna writes `text` privately, or in the room named `room`; `/x` is a command."""
        ...

    async def press(self, label: str) -> Shown:
        """Anna picks the choice labelled `label` among what the bot showed last."""
        ...

    async def press_value(self, value: str, room: str | None = None) -> Shown:
        """Anna presses a button carrying `value` (an old one, say), privately or in `room`."""
        ...

    async def join(self, room: str, name: str) -> Shown:
        """The person `name` joins the room named `room`."""
        ...

    async def deeplink(self, room: str) -> Shown:
        """Anna follows the bot's link from the room named `room` into a private chat."""
        ...

    async def restart(self) -> None:
        """The whole bot restarts over the same database."""
        ...

    async def tick(self, seconds: float) -> Shown:
        """Time passes: the bot's clock moves on, due announcements go out, timers run."""
        ...

    async def close(self) -> None:
        """Stop everything the driver started."""
        ...


def find_choice(messages: tuple[Message, ...], label: str) -> tuple[int, int]:
    """(message index, choice index) of the first choice labelled `label`."""
    for index, message in enumerate(messages):
        if label in message.choices:
            return index, message.choices.index(label)
    offered = [choice for message in messages for choice in message.choices]
    raise DriverError(f"no choice {label!r} among {offered}")

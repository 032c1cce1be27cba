"""The command table (the README's command list: names, German aliases, where and by whom)
and the table of choice prefixes beside it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Where(StrEnum):
    """Where a command may be used."""

    ANYWHERE = "anywhere"
    PRIVATE = "private"
    ROOM = "room"


class Who(StrEnum):
    """Who may use a command (the model is in the README: "Who may do what")."""

    ANYONE = "anyone"
    MODERATOR = "moderator"
    """In a room: its room moderators and the community moderators. In private chat: the
    community moderators only."""
    COMMUNITY = "community"
    """The community moderators only (the operator's list and those named in the chat)."""


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One command: its name, German alias and who may use it where.

    The menu description is the text `command.<name>` in content.
    """

    name: str
    alias: str | None
    where: Where = Where.ANYWHERE
    who: Who = Who.ANYONE
    in_menu: bool = True

    @property
    def moderator(self) -> bool:
        """Whether only moderators (of either kind) may use it."""
        return self.who is not Who.ANYONE


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("start", "hilfe"),
    CommandSpec("help", None, in_menu=False),
    CommandSpec("onboarding", "einstieg"),
    CommandSpec("resources", "ressourcen"),
    CommandSpec("search", "suche"),
    CommandSpec("language", "sprache"),
    CommandSpec("subscribe", "abonnieren", Where.PRIVATE),
    CommandSpec("unsubscribe", "abbestellen", Where.PRIVATE),
    CommandSpec("privacy", "datenschutz"),
    CommandSpec("forget", "vergessen", Where.PRIVATE),
    CommandSpec("announce", "ankuendigen", who=Who.MODERATOR),
    CommandSpec("announcements", "ankuendigungen", who=Who.MODERATOR),
    CommandSpec("settings", "einstellungen", Where.ROOM, who=Who.MODERATOR),
    CommandSpec("unanswered", "offenefragen", Where.PRIVATE, who=Who.COMMUNITY),
    CommandSpec("community", "gemeinschaft", Where.ROOM, who=Who.COMMUNITY),
    CommandSpec("moderators", "moderatoren", who=Who.COMMUNITY),
)


class Prefix(StrEnum):
    """The choice prefixes: the part of a choice value before the first `:`, one per handler."""

    MENU = "menu"
    LANGUAGE = "lang"
    FORGET = "forget"
    CATALOGUE = "cat"
    RESOURCE = "res"
    FAQ = "faq"
    UNANSWERED = "unans"
    ANNOUNCE = "ann"
    FLOW = "flow"
    SETTINGS = "set"
    COMMUNITY = "com"


_BY_NAME: dict[str, CommandSpec] = {}
for _spec in COMMANDS:
    _BY_NAME[_spec.name] = _spec
    if _spec.alias:
        _BY_NAME[_spec.alias] = _spec


def resolve(name: str) -> CommandSpec | None:
    """The command for a name or German alias (case-insensitive), or None."""
    return _BY_NAME.get(name.lower())


def parse_command(text: str, bot_username: str | None = None) -> tuple[str, str] | None:
    """Split `/name@bot args` or `!name args` into (name, args); None if not a command.

    A command addressed to another bot (`/start@otherbot`) is not ours: None.
    """
    stripped = text.strip()
    if len(stripped) < 2 or stripped[0] not in "/!":
        return None
    head, _, args = stripped[1:].partition(" ")
    name, _, target = head.partition("@")
    if target and bot_username and target.lower() != bot_username.lower():
        return None
    if not name or not all(c.isascii() and (c.isalnum() or c == "_") for c in name):
        return None
    return name.lower(), args.strip()

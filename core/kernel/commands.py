"""The command table (the README's command list: names, where and by whom), the words people
type for each command (from content), and the table of choice prefixes beside it.

A command's name (`start`) is its identifier and lives here; the words people type for it
(`hilfe`) are content: `command.<name>.alias` in `content/texts/commands.yaml`, checked by
`check_aliases` when content is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from core.content.model import LANGUAGES, Localized
from core.content.texts import Texts
from core.kernel.typed import normalise, word_list


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
    """One command: its name and who may use it where.

    The menu description is the text `command.<name>` in content, the words typed for it
    `command.<name>.alias`.
    """

    name: str
    where: Where = Where.ANYWHERE
    who: Who = Who.ANYONE
    in_menu: bool = True

    @property
    def moderator(self) -> bool:
        """Whether only moderators (of either kind) may use it."""
        return self.who is not Who.ANYONE


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("start"),
    CommandSpec("help", in_menu=False),
    CommandSpec("onboarding"),
    CommandSpec("resources"),
    CommandSpec("search"),
    CommandSpec("language"),
    CommandSpec("subscribe", Where.PRIVATE),
    CommandSpec("unsubscribe", Where.PRIVATE),
    CommandSpec("privacy"),
    CommandSpec("plan", Where.PRIVATE),
    CommandSpec("rules"),
    CommandSpec("forget", Where.PRIVATE),
    CommandSpec("contact", Where.PRIVATE),
    CommandSpec("announce", who=Who.MODERATOR),
    CommandSpec("announcements", who=Who.MODERATOR),
    CommandSpec("settings", Where.ROOM, who=Who.MODERATOR),
    CommandSpec("unanswered", Where.PRIVATE, who=Who.COMMUNITY),
    CommandSpec("community", Where.ROOM, who=Who.COMMUNITY),
    CommandSpec("moderators", who=Who.COMMUNITY),
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
    TEACH = "teach"
    ANNOUNCE = "ann"
    FLOW = "flow"
    SETTINGS = "set"
    COMMUNITY = "com"
    CONTACT = "contact"
    RULES = "rules"


COMMAND_WORD = re.compile(r"^[a-z0-9_]{1,32}$")
"""What Telegram accepts as a command, and so what every typed word of a command must be."""

_BY_NAME: dict[str, CommandSpec] = {spec.name: spec for spec in COMMANDS}


def named(name: str) -> CommandSpec | None:
    """The command with exactly this name (an alias is no name), or None."""
    return _BY_NAME.get(name)


def alias_key(spec: CommandSpec) -> str:
    """The text key of the words typed for `spec`."""
    return f"command.{spec.name}.alias"


class CommandWords:
    """The words each command answers to: its name and its aliases in every language."""

    def __init__(self, texts: Texts) -> None:
        self._by_word: dict[str, CommandSpec] = dict(_BY_NAME)
        self._shown: dict[tuple[str, str], str] = {}
        for spec in COMMANDS:
            if alias_key(spec) not in texts:
                continue
            for lang in LANGUAGES:
                words = word_list(texts.get(alias_key(spec), lang))
                for word in words:
                    self._by_word.setdefault(word, spec)
                if words:
                    self._shown[spec.name, lang] = words[0]

    def resolve(self, typed: str) -> CommandSpec | None:
        """The command a typed name or alias means (in any language), or None."""
        return self._by_word.get(normalise(typed))

    def shown(self, spec: CommandSpec, lang: str) -> str:
        """The word people of `lang` see for `spec` (its first alias there, else its name)."""
        return self._shown.get((spec.name, lang), spec.name)

    def words(self) -> frozenset[str]:
        """Every word some command answers to."""
        return frozenset(self._by_word)


def check_aliases(texts: Mapping[str, Localized], report: Callable[[str, str], None]) -> None:
    """Report every alias that is no valid command word or that two commands claim.

    `report(key, problem)` names the text key; the content loader adds its file and line.
    """
    for key in texts:
        if key.startswith("command.") and key.endswith(".alias") and named(key[8:-6]) is None:
            report(key, f"/{key[8:-6]} is no command (core/kernel/commands.py)")
    owner: dict[str, str] = {spec.name: spec.name for spec in COMMANDS}
    for spec in COMMANDS:
        key = alias_key(spec)
        if key not in texts:
            continue
        for lang in LANGUAGES:
            raw = [part.strip() for part in texts[key].get(lang).split(",")]
            if not any(raw):
                report(key, f"{lang}: no word for /{spec.name}")
            for word in filter(None, raw):
                if not COMMAND_WORD.match(word):
                    report(
                        key,
                        f"{lang}: {word!r} is no command word (lower case a-z, 0-9 and _, "
                        "at most 32 characters)",
                    )
                    continue
                claimed = owner.setdefault(word, spec.name)
                if claimed != spec.name:
                    report(key, f"{lang}: {word!r} is already a word of /{claimed}")


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

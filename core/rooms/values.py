"""Room settings as values: which ones exist, how typed values are read and checked (pure).

A bad value yields a problem (a text key and its parameters) and nothing is changed.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from core.content.model import ID_PATTERN, LANGUAGES
from core.content.texts import Texts, placeholders
from core.kernel.ports import RoomSettings
from core.kernel.typed import normalise
from core.welcome import TEMPLATE_PLACEHOLDERS

TEMPLATE_LIMIT = 1000
"""Longest welcome text a room may set, in characters."""

TAG_LIMIT = 10
TAG_LENGTH = 32
TOPIC_PATTERN = re.compile(r"^[0-9]{1,19}$")
"""Forum topic ids are numbers (Telegram's message_thread_id)."""

TOGGLES: dict[str, str] = {
    "welcome": "welcome_enabled",
    "delete": "delete_previous_welcome",
    "answers": "unprompted_answers",
    "all": "receives_all",
    "confirm": "rules_confirm",
    "requests": "join_requests",
    "suggest": "suggested",
}
"""On/off settings: item -> RoomSettings field."""

ITEMS: tuple[str, ...] = (
    "welcome",
    "text",
    "delete",
    "language",
    "answers",
    "topic",
    "tags",
    "all",
    "rules",
    "confirm",
    "requests",
    "wait",
    "suggest",
)
"""Every setting, in the order shown."""

WAIT_DEFAULT = 24
WAIT_MOST = 168
"""Hours a join request waits for the rules to be confirmed: by default, and at most (a week)."""
WAIT_PATTERN = re.compile(r"^[0-9]{1,3}$")

RULES_LIMIT = 3000
"""Longest rules text a room may set, in characters (one Telegram message with its heading)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a value was refused: a text key and its parameters."""

    key: str
    params: dict[str, object]


def keyword_item(texts: Texts, word: str) -> str | None:
    """The setting a typed keyword names in any language (`settings.arg.<item>`)."""
    typed = normalise(word)
    for item in ITEMS:
        if any(normalise(texts.get(f"settings.arg.{item}", lang)) == typed for lang in LANGUAGES):
            return item
    return None


def read_switch(texts: Texts, word: str) -> bool | None:
    """True for on, False for off (in any language), None for anything else."""
    typed = normalise(word)
    for value, key in ((True, "settings.arg.on"), (False, "settings.arg.off")):
        if any(normalise(texts.get(key, lang)) == typed for lang in LANGUAGES):
            return value
    return None


def template_problem(template: str) -> Problem | None:
    """Why a welcome text cannot be used, or None when it is fine."""
    text = template.strip()
    if not text:
        return Problem("settings.error.empty", {})
    if len(text) > TEMPLATE_LIMIT:
        return Problem("settings.error.too_long", {"limit": TEMPLATE_LIMIT})
    used = placeholders(text)
    allowed = ", ".join("{" + name + "}" for name in sorted(TEMPLATE_PLACEHOLDERS))
    if "{" in used or _has_bare_or_formatted_field(text):
        return Problem("settings.error.braces", {"allowed": allowed})
    unknown = sorted(used - TEMPLATE_PLACEHOLDERS)
    if unknown:
        return Problem(
            "settings.error.placeholder",
            {"placeholder": "{" + unknown[0] + "}", "allowed": allowed},
        )
    return None


def _has_bare_or_formatted_field(text: str) -> bool:
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return True
    return any(name is not None and (not name or spec or conv) for _, name, spec, conv in fields)


def read_tags(typed: str) -> tuple[list[str], Problem | None]:
    """Room tags from a comma- or space-separated list; kebab-case ids only."""
    words = [normalise(part) for part in re.split(r"[,\s]+", typed) if part.strip()]
    tags = list(dict.fromkeys(words))
    bad = [tag for tag in tags if len(tag) > TAG_LENGTH or not ID_PATTERN.match(tag)]
    if bad:
        return [], Problem("settings.error.tags", {"bad": ", ".join(bad[:3])})
    if len(tags) > TAG_LIMIT:
        return [], Problem("settings.error.too_many_tags", {"limit": TAG_LIMIT})
    return tags, None


def rules_problem(typed: str) -> Problem | None:
    """Why a room's rules text cannot be used, or None (empty means: the community's)."""
    if len(typed.strip()) > RULES_LIMIT:
        return Problem("settings.error.rules_too_long", {"limit": RULES_LIMIT})
    return None


def read_wait(typed: str) -> tuple[int, Problem | None]:
    """Hours from 1 to WAIT_MOST, in ASCII digits ("²" or "２４" are no number here); empty
    means the default."""
    text = typed.strip()
    if not text:
        return WAIT_DEFAULT, None
    if WAIT_PATTERN.match(text) and 1 <= int(text) <= WAIT_MOST:
        return int(text), None
    return WAIT_DEFAULT, Problem("settings.error.wait", {"most": WAIT_MOST})


def topic_problem(typed: str) -> Problem | None:
    """Why a typed forum topic id cannot be used, or None."""
    if TOPIC_PATTERN.match(typed.strip()):
        return None
    return Problem("settings.error.topic", {})


def language_problem(typed: str) -> Problem | None:
    """Why a typed language code cannot be used, or None."""
    if normalise(typed) in LANGUAGES:
        return None
    return Problem("settings.error.language", {"languages": ", ".join(LANGUAGES)})


def overview_lines(texts: Texts, room: RoomSettings, lang: str) -> list[str]:
    """One line per setting with its current value, in the room's language."""

    def switch(value: bool) -> str:
        return texts.get("settings.value.on" if value else "settings.value.off", lang)

    values = {
        "welcome": switch(room.welcome_enabled),
        "text": room.welcome_text or texts.get("settings.value.default_text", lang),
        "delete": switch(room.delete_previous_welcome),
        "language": texts.get(f"language.name.{room.language or lang}", lang),
        "answers": switch(room.unprompted_answers),
        "topic": room.welcome_topic or texts.get("settings.value.general_topic", lang),
        "tags": ", ".join(room.tags) or texts.get("settings.value.no_tags", lang),
        "all": switch(room.receives_all),
        "suggest": switch(room.suggested),
        "rules": texts.get(
            "settings.value.own_rules" if room.rules_text else "settings.value.default_rules",
            lang,
        ),
        "confirm": switch(room.rules_confirm),
        "requests": switch(room.join_requests),
        "wait": str(room.join_request_hours),
    }
    return [texts.get(f"settings.line.{item}", lang, value=values[item]) for item in ITEMS]

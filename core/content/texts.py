"""Texts by key and language, with fallback; every user-facing word comes from content/."""

from __future__ import annotations

import string
from collections.abc import Mapping

from core.content.model import LANGUAGES, Localized


class _Literal(dict[str, object]):
    """Leaves unknown `{placeholders}` as they are instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_FORMATTER = string.Formatter()


def fill(template: str, params: Mapping[str, object]) -> str:
    """Fill `{name}` placeholders; values are inserted literally, never re-parsed."""
    try:
        return template.format_map(_Literal(params))
    except (ValueError, IndexError, KeyError, AttributeError):
        return template


def placeholders(template: str) -> set[str]:
    """The `{names}` a template uses (for validating moderator-written templates)."""
    try:
        return {name for _, name, _, _ in _FORMATTER.parse(template) if name}
    except ValueError:
        return {"{"}


class Texts:
    """Looks texts up by key; a missing language falls back to the other one."""

    def __init__(self, texts: Mapping[str, Localized]) -> None:
        self._texts = dict(texts)
        self.word_lists: dict[str, frozenset[str]] = {}
        """Word lists read from texts, by key (core/kernel/typed.py fills it once per key)."""

    def __contains__(self, key: str) -> bool:
        return key in self._texts

    def get(self, key: str, lang: str, **params: object) -> str:
        """The text for `key` in `lang`, placeholders filled. Unknown keys raise KeyError."""
        entry = self._texts[key]
        lang = lang if lang in LANGUAGES else LANGUAGES[0]
        return fill(entry.get(lang), params)

    def keys(self) -> set[str]:
        """Every known key."""
        return set(self._texts)

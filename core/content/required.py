"""The texts the code uses: a content folder of a community's own must have every text of the
bundled one, with no placeholder the code does not fill, or the bot would fail mid-chat."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from core.content.model import LANGUAGES, Localized, TextCheck
from core.content.texts import placeholders


def like(reference: Mapping[str, Localized], files: Mapping[str, Path]) -> TextCheck:
    """A text check against `reference` (the bundled texts, `files` naming each key's file):
    every key there must be here, and each text uses only the placeholders its reference
    text uses."""

    def check(texts: Mapping[str, Localized], report: Callable[[str, str], None]) -> None:
        for key, model in reference.items():
            text = texts.get(key)
            if text is None:
                home = files[key]
                report(
                    key,
                    f"missing: the bot uses it (the bundled content has it in "
                    f"{home.parent.name}/{home.name})",
                )
                continue
            allowed = set().union(*(placeholders(model.get(lang)) for lang in LANGUAGES))
            for lang in LANGUAGES:
                for name in sorted(placeholders(text.get(lang)) - allowed):
                    known = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"
                    report(
                        key, f"{lang}: {{{name}}} is no placeholder of this text (it has: {known})"
                    )

    return check

"""The operator commands' words: texts of content/texts/ in LAGERFEUER_LANGUAGE, so `rooms`
and `announce` speak the language the operator chose, as `status` does."""

from __future__ import annotations

import sys

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import Settings
from core.content.texts import Texts


class Speech:
    """Texts by key, in the operator's language."""

    def __init__(self, settings: Settings) -> None:
        self.texts = Texts(load_checked_content(settings.content_dir).texts)
        self.lang = settings.language

    def t(self, key: str, **params: object) -> str:
        """The text under `key`, placeholders filled."""
        return self.texts.get(key, self.lang, **params)

    def fail(self, key: str, **params: object) -> int:
        """Print the problem under `key` as an error line; the exit status 1."""
        print(self.t("cli.error", problem=self.t(key, **params)), file=sys.stderr)
        return 1

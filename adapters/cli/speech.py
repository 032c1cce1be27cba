"""The operator commands' words: texts of content/texts/ in LAGERFEUER_LANGUAGE, so the command
line's help and error lines, `rooms` and `announce` speak the language the operator chose, as
`status` does."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from pydantic import ValidationError

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT, Settings, load_settings
from core.content.model import Localized, read_texts
from core.content.texts import Texts
from core.content.yamlsource import YamlProblem, read_yaml
from core.errors import ConfigError, ContentError

COMMAND_TEXTS = Path("texts") / "cli.yaml"
"""The file of the bundled content holding every text of the command line itself."""


class Speech:
    """Texts by key, in the operator's language."""

    def __init__(self, settings: Settings, texts: Texts | None = None) -> None:
        """`texts`, or else those of the configured content, loaded with every check."""
        if texts is None:
            texts = Texts(load_checked_content(settings.content_dir).texts)
        self.texts = texts
        self.lang = settings.language

    def t(self, key: str, **params: object) -> str:
        """The text under `key`, placeholders filled."""
        return self.texts.get(key, self.lang, **params)

    def fail(self, key: str, **params: object) -> int:
        """Print the problem under `key` as an error line; the exit status 1."""
        print(self.t("cli.error", problem=self.t(key, **params)), file=sys.stderr)
        return 1


def command_speech() -> Speech:
    """The words of the command line itself, its --help and its error lines.

    The parser is built for every command, `run` too, so only the texts are read, not the
    whole content with its examples: the bundled content's texts/cli.yaml, and over it the
    texts of the configured content when that is another folder. Settings that do not
    load give the default language and the bundled texts: --help works whatever they say,
    and the command run says what is wrong with them.
    """
    try:
        settings = load_settings()
    except ConfigError:
        settings = Settings.model_construct()  # the defaults, nothing read
    texts = _file_texts(BUNDLED_CONTENT / COMMAND_TEXTS)
    with contextlib.suppress(ContentError, OSError):  # `content check` tells what is wrong
        if settings.content_dir.resolve() != BUNDLED_CONTENT.resolve():
            texts.update(read_texts(settings.content_dir / "texts")[0])
    return _CommandSpeech(settings, Texts(texts))


def _file_texts(path: Path) -> dict[str, Localized]:
    """The texts of one file that can be read; nothing from a file that cannot."""
    try:
        data = read_yaml(path)
    except (YamlProblem, OSError):
        return {}
    if not isinstance(data, dict):
        return {}
    texts: dict[str, Localized] = {}
    for key, value in data.items():
        with contextlib.suppress(ValidationError):
            texts[key] = Localized.model_validate(value)
    return texts


class _CommandSpeech(Speech):
    """Speech that never fails: with content too broken to give a text (the bundled one being
    edited, say), its key stands in, so `content check` can still list the problems."""

    def t(self, key: str, **params: object) -> str:
        if key in self.texts:
            return super().t(key, **params)
        return " ".join([key, *(f"{name}={value}" for name, value in params.items())])

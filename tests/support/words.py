"""The words of the bundled content's commands, for tests of pure functions that need them."""

from __future__ import annotations

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.texts import Texts
from core.kernel.commands import CommandWords

BUNDLED_TEXTS = Texts(load_checked_content(BUNDLED_CONTENT).texts)
COMMAND_WORDS = CommandWords(BUNDLED_TEXTS)
"""What `/name` the bot answers to with the content it ships with (`hilfe`, `start`, ...)."""

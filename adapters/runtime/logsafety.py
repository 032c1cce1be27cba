"""Keeps secrets and people's words out of every log line, whatever library wrote it.

HTTP clients log request URLs, and every Bot API URL contains the Telegram token; a filter
on the root handlers replaces each configured secret before anything is written. The chat
libraries log whole updates (python-telegram-bot an update it cannot parse, with names and
texts): their records keep only their fixed wording and the type of an exception.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from adapters.runtime.settings import Settings

MASK = "***"


class SecretScrubber(logging.Filter):
    """Replaces the given secrets in a record's message and arguments with `***`."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        cleaned = self._clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        return True

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text


LIBRARIES = ("telegram", "nio")
"""Loggers whose arguments may carry an update, a message text or a name."""


class LibraryDetails(logging.Filter):
    """Records of the chat libraries: the message template without its arguments, and of an
    exception its type only (its text may quote the update)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(LIBRARIES):
            return True
        withheld = bool(record.args) or record.exc_info is not None or bool(record.exc_text)
        if not withheld:
            return True
        error = record.exc_info[1] if record.exc_info else None
        kind = f" ({type(error).__name__})" if error is not None else ""
        record.msg = f"{record.msg}{kind} [details withheld]"
        record.args, record.exc_info, record.exc_text = None, None, None
        return True


def secrets_of(settings: Settings) -> list[str]:
    """Every secret value configured."""
    values = (settings.telegram_token, settings.matrix_password, settings.matrix_access_token)
    return [v.get_secret_value() for v in values if v is not None and v.get_secret_value()]


def scrub_secrets(settings: Settings) -> SecretScrubber:
    """Attach a scrubber for the configured secrets to every root handler."""
    scrubber = SecretScrubber(secrets_of(settings))
    details = LibraryDetails()
    for handler in logging.getLogger().handlers:
        handler.addFilter(details)
        handler.addFilter(scrubber)
    return scrubber

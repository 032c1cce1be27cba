"""One exception tree, so callers can catch Lagerfeuer's own failures precisely."""

from __future__ import annotations


class LagerfeuerError(Exception):
    """Base of every error Lagerfeuer raises on purpose."""


class ConfigError(LagerfeuerError):
    """A setting is missing or malformed; the message names the variable."""


class ContentError(LagerfeuerError):
    """Content failed validation; `problems` holds every `file:line: id: problem` line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class RegistrationError(LagerfeuerError):
    """Two services claim the same command or choice prefix, or a command the table lacks."""


class StorageError(LagerfeuerError):
    """The database cannot be used (for example, it is newer than this code)."""

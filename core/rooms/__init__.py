"""Room settings (docs/capabilities.md, C6): which exist, how typed values are read,
`/settings` in a room."""

from core.rooms.settings import install

__all__ = ["install"]

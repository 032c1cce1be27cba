"""Announcements (docs/capabilities.md, C5): the service, its outbox rules, the delivery loop
and reports."""

from core.announcements.service import install
from core.announcements.store import OutboxStore

__all__ = ["OutboxStore", "install"]

"""Welcoming people who join a room (docs/capabilities.md, C1): timing rules, wording, the
service and its port."""

from core.welcome.service import install
from core.welcome.store import PendingJoin, WelcomeRoom, WelcomeStore
from core.welcome.text import TEMPLATE_PLACEHOLDERS

__all__ = ["TEMPLATE_PLACEHOLDERS", "PendingJoin", "WelcomeRoom", "WelcomeStore", "install"]

"""What the terminal chat's announcement sender declares (see `PlatformFacts`)."""

from __future__ import annotations

from core.announcements.sender import PlatformFacts

FACTS = PlatformFacts(
    idempotent=False,
    fanout_rate=None,
    private_chat_is_user=False,
    max_length=1_000_000,
)
"""Printing has no key to repeat with and no pace; a console DM is `dm-<user>`; a terminal
takes any length."""

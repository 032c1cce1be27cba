"""What Matrix's announcement sender declares about the platform (see `PlatformFacts`).

Kept apart from `announce.py`, so that the wiring can read it without loading matrix-nio
(the terminal chat and the CLI queue announcements for Matrix too).
"""

from __future__ import annotations

from core.announcements.sender import PlatformFacts

FACTS = PlatformFacts(
    idempotent=True,
    fanout_rate=None,
    private_chat_is_user=False,
    max_length=6000,
)
"""The outbox key is the transaction id: the homeserver drops a repeat (for about a day). The
homeserver's answers pace a fan-out (429 with retry_after). A DM is a room of its own, found
or remembered. An event holds 64 KiB of JSON, with the text and its HTML form side by side."""

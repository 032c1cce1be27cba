"""What Telegram's announcement sender declares about the platform (see `PlatformFacts`).

Kept apart from `sender.py`, so that the wiring can read it without loading
python-telegram-bot (the terminal chat and the CLI queue announcements for Telegram too).
"""

from __future__ import annotations

from core.announcements.sender import PlatformFacts

FACTS = PlatformFacts(
    idempotent=False,
    fanout_rate=28.5,
    private_chat_is_user=True,
    max_length=4000,
)
"""Telegram has no idempotent send: a repeat may double the message. It allows 30 messages a
second for the whole bot: a fan-out keeps about 5 % of that free for welcomes and answers
meanwhile, and its sends are spaced evenly, so the network's timing jitter cannot push 31 into
one second (1,000 chats take 35 s, 1.05 times the ideal). A private chat's id is the person's
id. A message holds 4096 characters; 4000 leaves room for the formatting."""

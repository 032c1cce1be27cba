"""The Telegram channel: translate updates, render replies, run python-telegram-bot.

The runtime builds it (`adapters/runtime/channels.py`); nothing else is imported here, so that
reading the channel's declarations does not load python-telegram-bot.
"""

from __future__ import annotations

import os

# PTB 22 reports time periods (a 429's retry_after) as ints, with a deprecation warning, unless
# this is set; it recommends opting in to the coming `timedelta` form, which the sender reads.
os.environ.setdefault("PTB_TIMEDELTA", "true")

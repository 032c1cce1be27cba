"""Telegram's start-up calls, each failure turned into one line naming the call and its cause.

getMe is retried while Telegram cannot be reached; a refused token names its variable; a
request Telegram refuses (400), an answer that does not follow the Bot API, and a webhook
port another program holds end start-up with their own line.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from core.errors import ConfigError, LagerfeuerError

log = logging.getLogger("lagerfeuer.telegram")

STARTUP_ATTEMPTS = 6
REFUSED_TOKEN = "LAGERFEUER_TELEGRAM_TOKEN: Telegram refused the token (revoked or mistyped?)"


@asynccontextmanager
async def calling(method: str) -> AsyncIterator[None]:
    """Run one start-up call; its failure becomes a LagerfeuerError naming `method`."""
    try:
        yield
    except InvalidToken:
        raise ConfigError(REFUSED_TOKEN) from None
    except TelegramError as exc:
        raise LagerfeuerError(f"Telegram refused {method}: {exc.message}") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise LagerfeuerError(
            f"Telegram answered {method} with something unexpected ({type(exc).__name__})"
        ) from None


async def initialize(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """getMe (through PTB's initialize), retried with back-off while Telegram cannot be
    reached."""
    for attempt in range(STARTUP_ATTEMPTS):
        try:
            async with calling("getMe"):
                await _reachable(application)
            return
        except _Unreachable as exc:
            if attempt == STARTUP_ATTEMPTS - 1:
                raise LagerfeuerError(f"Telegram cannot be reached ({exc.kind})") from None
            log.warning("Telegram not reachable (%s); trying again", exc.kind)
            await asyncio.sleep(min(30.0, 2.0**attempt))


class _Unreachable(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


async def _reachable(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """`application.initialize()`; a network failure (not a refusal) as `_Unreachable`."""
    try:
        await application.initialize()
    except BadRequest:
        raise  # Telegram answered, and refused
    except NetworkError as exc:
        raise _Unreachable(type(exc).__name__) from None


def listen_failure(host: str, port: int, exc: OSError) -> LagerfeuerError:
    """The webhook's address cannot be listened on (in use, not allowed)."""
    reason = exc.strerror or type(exc).__name__
    return LagerfeuerError(
        f"LAGERFEUER_TELEGRAM_WEBHOOK_LISTEN: cannot listen on {host}:{port}: {reason}"
    )

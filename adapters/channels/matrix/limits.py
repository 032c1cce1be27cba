"""Reading a homeserver's "slow down" answer: `Retry-After` first, then `retry_after_ms` (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

DEFAULT_WAIT = 5.0
"""Seconds to wait when a 429 names no time at all."""


def is_rate_limited(errcode: str | None, http_status: int | None) -> bool:
    """True for `M_LIMIT_EXCEEDED` or an HTTP 429."""
    return errcode == "M_LIMIT_EXCEEDED" or http_status == 429


def retry_after_seconds(
    headers: Mapping[str, str] | None, retry_after_ms: int | None, now: datetime | None = None
) -> float:
    """How long to wait before retrying: the `Retry-After` header (seconds or an HTTP date),
    else the body's `retry_after_ms`, else a default."""
    value = (headers or {}).get("Retry-After")
    if value:
        value = value.strip()
        if value.isascii() and value.isdigit():
            return float(value)
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
    if retry_after_ms is not None and retry_after_ms >= 0:
        return retry_after_ms / 1000
    return DEFAULT_WAIT

"""The Telegram adapter: translate updates, render replies, run python-telegram-bot."""

from __future__ import annotations

import os

from adapters.channels.telegram.app import TelegramAdapter, TelegramConfig
from adapters.runtime.bootstrap import App

# PTB 22 reports time periods (a 429's retry_after) as ints, with a deprecation warning, unless
# this is set; it recommends opting in to the coming `timedelta` form, which the sender reads.
os.environ.setdefault("PTB_TIMEDELTA", "true")


def config_from_settings(app: App) -> TelegramConfig:
    """The adapter's configuration from the operator's settings."""
    settings = app.settings
    if settings.telegram_token is None:
        raise ValueError("LAGERFEUER_TELEGRAM_TOKEN is required")
    host, _, port = settings.telegram_webhook_listen.rpartition(":")
    return TelegramConfig(
        token=settings.telegram_token.get_secret_value(),
        base_url=settings.telegram_base_url or None,
        webhook_url=settings.telegram_webhook_url or None,
        webhook_listen=host.strip("[]") or "0.0.0.0",
        webhook_port=int(port),
    )


def telegram_adapter(app: App, config: TelegramConfig | None = None) -> TelegramAdapter:
    """The adapter for this app; it answers the moderator question for Telegram chats."""
    return TelegramAdapter(app, config or config_from_settings(app))


__all__ = ["TelegramAdapter", "TelegramConfig", "config_from_settings", "telegram_adapter"]

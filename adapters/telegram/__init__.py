"""The Telegram adapter: translate updates, render replies, run python-telegram-bot."""

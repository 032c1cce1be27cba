"""Tests of the Telegram adapter against the project's own Bot API server."""

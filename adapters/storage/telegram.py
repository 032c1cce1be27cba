"""SQL for the Telegram adapter's own small state (migration 0006)."""

from __future__ import annotations

from adapters.storage.db import Database


class TelegramQueries:
    """Key/value facts the Telegram adapter keeps between runs."""

    db: Database

    async def telegram_state(self, key: str) -> str | None:
        """The stored value, or None."""
        row = await self.db.fetchone("SELECT value FROM telegram_state WHERE key = ?", (key,))
        return str(row["value"]) if row else None

    async def set_telegram_state(self, key: str, value: str) -> None:
        """Store a value (durably: it decides whether pending updates are history)."""
        async with self.db.write(durable=True) as tx:
            await tx.execute(
                "INSERT INTO telegram_state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

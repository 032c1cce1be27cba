"""Deleting or changing many rows a bounded chunk at a time, so no transaction holds up other
writes and the event loop gets its turn between chunks."""

from __future__ import annotations

import asyncio

from adapters.storage.db import Database

CHUNK = 2000
"""Rows deleted or changed in one transaction."""


async def _repeat(db: Database, sql: str, params: tuple[object, ...]) -> int:
    """Run `sql` (touching at most about CHUNK rows) in its own transaction until it touches
    fewer; returns the rows touched in all."""
    total = 0
    while True:
        async with db.write() as tx:
            done = await tx.execute(sql, params)
        total += done
        if done < CHUNK:
            return total
        await asyncio.sleep(0)


async def delete_before(db: Database, table: str, column: str, before: str) -> int:
    """Delete the rows of `table` whose time `column` is before `before`, the oldest CHUNK
    (with any sharing their time) per transaction; returns how many went. Works on tables
    without a rowid too."""
    sql = (
        f"DELETE FROM {table} WHERE {column} IN (SELECT {column} FROM {table}"
        f" WHERE {column} < ? ORDER BY {column} LIMIT {CHUNK})"
    )
    return await _repeat(db, sql, (before,))


async def update_in_chunks(
    db: Database, table: str, assignment: str, where: str, params: tuple[object, ...]
) -> int:
    """`UPDATE table SET assignment` for the rows matching `where`, CHUNK rows per
    transaction (`where` must stop matching a row once it is changed)."""
    sql = (
        f"UPDATE {table} SET {assignment} WHERE rowid IN"
        f" (SELECT rowid FROM {table} WHERE {where} LIMIT {CHUNK})"
    )
    return await _repeat(db, sql, params)


async def delete_in_chunks(db: Database, table: str, where: str, params: tuple[object, ...]) -> int:
    """`DELETE FROM table` the rows matching `where`, CHUNK rows per transaction; returns how
    many went."""
    sql = (
        f"DELETE FROM {table} WHERE rowid IN"
        f" (SELECT rowid FROM {table} WHERE {where} LIMIT {CHUNK})"
    )
    return await _repeat(db, sql, params)

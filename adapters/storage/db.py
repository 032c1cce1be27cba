"""The SQLite connection: pragmas, numbered migrations, serialised write transactions, and the
one form every stored time takes (`to_db`, `from_db`)."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import aiosqlite

from core.errors import ConfigError, StorageError
from core.kernel.deeplinks import room_payload

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

TIME_FORM = "%Y-%m-%dT%H:%M:%S.%fZ"
"""How every time is stored: UTC with a fixed width, so string order is time order and SQL may
compare stored times as text (migration 0011 brought older rows to this form)."""


def to_db(moment: datetime) -> str:
    """A time as stored, e.g. `2026-11-26T10:00:00.000000Z`."""
    return moment.astimezone(UTC).strftime(TIME_FORM)


RESTORE = "restore it from a backup, or move it away to start with an empty one"


def _check_location(path: Path) -> None:
    """The database's folder must exist: a mistyped path is not silently created."""
    folder = path.parent
    if not folder.is_dir():
        raise ConfigError(
            f"LAGERFEUER_DATABASE: the folder {folder} does not exist; create it or choose "
            "another path"
        )
    if path.is_dir():
        raise ConfigError(f"LAGERFEUER_DATABASE: {path} is a folder; name a file in it")
    if not path.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(
            f"database {path} cannot be created: the folder {folder} is not writable by the "
            "bot's user"
        )


def unusable(path: str, exc: sqlite3.Error) -> str:
    """Why the database cannot be used, in one line naming the file and what to do."""
    reason = " ".join(str(exc).split())
    file = Path(path)
    if "not a database" in reason or "malformed" in reason:
        return f"database {path} is damaged ({reason}); {RESTORE}"
    if "full" in reason:
        return f"database {path}: the disk is full ({reason}); free some space and start again"
    if file.exists() and not os.access(file, os.R_OK | os.W_OK):
        return f"database {path} cannot be written ({reason}); give the bot's user write access"
    if "readonly" in reason or not os.access(file.parent, os.W_OK | os.X_OK):
        return (
            f"database {path} cannot be written ({reason}); the file and its folder "
            f"{file.parent} must be writable by the bot's user"
        )
    return f"database {path} cannot be used ({reason})"


def from_db(value: str) -> datetime:
    """A stored time as an aware UTC datetime; also reads ISO text with an offset."""
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def from_db_or_none(value: str | None) -> datetime | None:
    """`from_db` for a column that may be empty."""
    return from_db(value) if value else None


@dataclass(frozen=True)
class Migration:
    """One numbered schema change; its first comment line describes it."""

    version: int
    description: str
    sql: str


def bundled_migrations() -> list[Migration]:
    """The migrations shipped with this code, in order."""
    folder = resources.files("adapters.storage") / "migrations"
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if not match:
            continue
        sql = entry.read_text(encoding="utf-8")
        first = sql.splitlines()[0] if sql else ""
        description = first.removeprefix("--").strip() or match.group(2).replace("_", " ")
        found.append(Migration(int(match.group(1)), description, sql))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise StorageError(f"two migrations share a number: {versions}")
    return found


class Database:
    """One aiosqlite connection; writes go one at a time through `write()`."""

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path, migrations: list[Migration] | None = None) -> Database:
        """Open (creating the file if needed, never its folder), check it, set pragmas and
        migrate to the code's version; any problem is a StorageError naming the file."""
        # aiosqlite's debug lines show query parameters (ids, texts): never let them through.
        logging.getLogger("aiosqlite").setLevel(logging.INFO)
        target = str(path)
        if target != ":memory:":
            _check_location(Path(target))
        conn = aiosqlite.connect(target, isolation_level=None)
        # A connection someone forgot to close must not keep the process from exiting (its
        # thread would wait for work forever); `close()` is still what ends it properly.
        thread = getattr(conn, "_thread", None)
        if isinstance(thread, threading.Thread):
            thread.daemon = True
        try:
            await conn
        except sqlite3.Error as exc:
            # the connection's thread is stopping: let it finish while the loop still runs
            await asyncio.to_thread(conn._thread.join)
            raise StorageError(unusable(target, exc)) from None
        conn.row_factory = aiosqlite.Row
        db = cls(conn, target)
        try:
            await db._configure()
            await db._check()
            await db.migrate(migrations if migrations is not None else bundled_migrations())
        except sqlite3.Error as exc:
            await conn.close()
            raise StorageError(unusable(target, exc)) from None
        except BaseException:
            await conn.close()
            raise
        return db

    async def _check(self) -> None:
        """`PRAGMA quick_check`: a damaged file is refused at start, before anything is written."""
        rows = await self.conn.execute_fetchall("PRAGMA quick_check(1)")
        first = " ".join(str(next(iter(rows))[0]).split()) if rows else "ok"
        if first != "ok":
            raise StorageError(f"database {self.path} is damaged ({first}); {RESTORE}")

    async def _configure(self) -> None:
        await self.conn.execute("PRAGMA journal_mode=WAL")
        await self.conn.execute("PRAGMA busy_timeout=5000")
        await self.conn.execute("PRAGMA synchronous=NORMAL")
        await self.conn.execute("PRAGMA foreign_keys=ON")
        # deleted rows are overwritten with zeros, whatever this SQLite was built with
        await self.conn.execute("PRAGMA secure_delete=ON")
        # the payload of a room's deep link, for the migration that indexes it
        await self.conn.create_function("room_link", 2, room_payload, deterministic=True)

    async def close(self) -> None:
        """Close the connection."""
        await self.conn.close()

    async def version(self) -> int:
        """The schema version recorded in the database (0 when new)."""
        await self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        async with self.conn.execute("SELECT MAX(version) FROM schema_migrations") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    async def migrate(self, migrations: list[Migration]) -> int:
        """Apply every migration not yet recorded, in order, each in its own transaction.

        A database recording a migration this code does not know is newer: refused.
        """
        await self.version()
        applied = {
            int(row[0]) for row in await self.fetchall("SELECT version FROM schema_migrations")
        }
        known = {m.version for m in migrations}
        unknown = sorted(applied - known)
        newest = max(known, default=0)
        if unknown:
            raise StorageError(
                f"database {self.path} has schema version {unknown[-1]}, newer than this "
                f"Lagerfeuer's {newest}; upgrade Lagerfeuer or restore a matching backup"
            )
        for migration in migrations:
            if migration.version in applied:
                continue
            async with self.write() as conn:
                await conn.executescript_in_tx(migration.sql)
                await conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, datetime('now'))",
                    (migration.version, migration.description),
                )
        return newest

    async def write_one(self, sql: str, params: tuple[object, ...] = ()) -> int:
        """One statement as its own transaction, in a single trip to the database thread.

        For the hottest single-statement writes (every event's id is claimed this way): the
        same serialisation as `write()`, without the separate BEGIN and COMMIT round trips.
        """
        async with self._write_lock:
            try:
                cur = await self.conn.execute(sql, params)
            except sqlite3.Error as exc:
                raise StorageError(unusable(self.path, exc)) from None
            return cur.rowcount

    @asynccontextmanager
    async def write(self, durable: bool = False) -> AsyncIterator[_Tx]:
        """A write transaction (`BEGIN IMMEDIATE`); `durable` syncs it fully to disk.

        A failure of SQLite itself (a full disk) is rolled back and raised as a StorageError
        naming the file: nothing of the transaction is kept.
        """
        async with self._write_lock:
            try:
                if durable:
                    await self.conn.execute("PRAGMA synchronous=FULL")
                await self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield _Tx(self.conn)
                    await self.conn.execute("COMMIT")
                except BaseException:
                    if self.conn.in_transaction:
                        await self.conn.execute("ROLLBACK")
                    raise
                finally:
                    if durable:
                        await self.conn.execute("PRAGMA synchronous=NORMAL")
            except sqlite3.Error as exc:
                raise StorageError(unusable(self.path, exc)) from None

    async def checkpoint(self) -> None:
        """Copy the write-ahead log into the database and empty it (after /forget: the log
        still holds the pages as they were before the deletion)."""
        async with self._write_lock:
            await self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def fetchone(self, sql: str, params: tuple[object, ...] = ()) -> aiosqlite.Row | None:
        """One row of a read query (one trip to the database thread)."""
        rows = await self.conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: tuple[object, ...] = ()) -> list[aiosqlite.Row]:
        """All rows of a read query (one trip to the database thread)."""
        return list(await self.conn.execute_fetchall(sql, params))


class _Tx:
    """The statements allowed inside a write transaction."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: tuple[object, ...] = ()) -> int:
        """Run one statement; returns the number of rows changed.

        The finished statement's cursor is left to the garbage collector: closing it would
        cost another trip to the database thread on every write (see benchmarks/).
        """
        cur = await self._conn.execute(sql, params)
        return cur.rowcount

    async def executemany(self, sql: str, rows: list[tuple[object, ...]]) -> None:
        """Run one statement for many rows."""
        await self._conn.executemany(sql, rows)

    async def fetchone(self, sql: str, params: tuple[object, ...] = ()) -> aiosqlite.Row | None:
        """Read inside the transaction."""
        rows = await self._conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: tuple[object, ...] = ()) -> list[aiosqlite.Row]:
        """Read many rows inside the transaction."""
        return list(await self._conn.execute_fetchall(sql, params))

    async def executescript_in_tx(self, script: str) -> None:
        """Run a migration script statement by statement (executescript would commit)."""
        for statement in _split_sql(script):
            await self._conn.execute(statement)


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements on `;` at line ends (no triggers with bodies)."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [part.strip() for part in "\n".join(lines).split(";\n") if part.strip().rstrip(";")]

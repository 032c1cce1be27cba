"""`lagerfeuer announce`: queue, list or cancel announcements from the command line (cron).

It writes into the database the running bot delivers from; the bot's worker sends it and
honours the same limits, retries and crash safety as announcements made in a chat.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from datetime import timedelta

from adapters.clock import SystemClock
from adapters.runtime.bootstrap import PLATFORMS, load_checked_content
from adapters.runtime.settings import Settings, load_settings
from adapters.storage.store import SqliteStore
from core.announcements.outbox import AnnouncementState, Audience, NewTarget, fixed_audience
from core.announcements.schedule import ScheduleError, parse_time
from core.announcements.service import (
    count_audience,
    max_length,
    queue,
    resolve_audience,
    rooms_for,
    settle_audiences,
)
from core.content.texts import Texts
from core.kernel.messages import ChatRef, Platform
from core.kernel.names import clean_text
from core.kernel.typed import typed_number
from core.kernel.unicode import valid_text


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `announce` among the subcommands."""
    parser = sub.add_parser("announce", help="queue an announcement; the running bot delivers it")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--all", action="store_true", help="every room (the default)")
    who.add_argument(
        "--room", action="append", metavar="ID", help="a room: platform:id or its id (repeatable)"
    )
    who.add_argument("--subscribers", action="store_true", help="people who subscribed")
    parser.add_argument("--at", metavar="TIME", help='when, e.g. "2026-12-03 18:00" (local time)')
    parser.add_argument("--pin", action="store_true", help="pin it where possible")
    parser.add_argument("--list", action="store_true", help="list recent announcements")
    parser.add_argument("--cancel", metavar="ID", type=_ident, help="stop an announcement")
    parser.add_argument("text", nargs="?", help='the text; "-" reads it from standard input')
    parser.set_defaults(func=cmd_announce)


def _ident(text: str) -> int:
    """An announcement number as typed after --cancel: a short whole number, nothing else."""
    number = typed_number(text.strip().lstrip("#"))
    if number is None:
        raise argparse.ArgumentTypeError(f"not an announcement number: {text!r}")
    return number


def cmd_announce(args: argparse.Namespace) -> int:
    """Run `lagerfeuer announce`."""
    return asyncio.run(_announce(args))


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


async def _announce(args: argparse.Namespace) -> int:
    settings = load_settings()
    store = await SqliteStore.open(settings.database)
    try:
        if args.list:
            return await _list(store, settings)
        if args.cancel is not None:
            return await _cancel(store, args.cancel)
        return await _queue(store, args, settings.timezone, settings.language)
    finally:
        await store.close()


async def _room_targets(store: SqliteStore, wanted: list[str]) -> list[NewTarget] | str:
    rooms = await store.list_rooms(active_only=False)
    targets: list[NewTarget] = []
    for ident in wanted:
        platform, _, chat_id = ident.partition(":") if ":" in ident else ("", "", ident)
        if platform not in {p.value for p in Platform}:
            platform, chat_id = "", ident
        found = [
            r for r in rooms if r.chat_id == chat_id and (not platform or r.platform == platform)
        ]
        if len(found) != 1:
            problem = "is not a room the bot knows" if not found else "is ambiguous: add platform:"
            return f"{ident} {problem}"
        room = found[0]
        chat = ChatRef(Platform(room.platform), room.chat_id, False, title=room.title)
        targets.append(NewTarget(chat))
    return targets


def _clean(text: str) -> str:
    """Text from the command line or standard input as valid Unicode, as the dispatcher
    cleans inbound text: bytes that are not UTF-8 (surrogate escapes) become U+FFFD."""
    with contextlib.suppress(UnicodeEncodeError):  # unless a surrogate stands for no byte
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return valid_text(text)


def _read_stdin() -> str:
    """Standard input as text; bytes that are not UTF-8 become U+FFFD instead of failing."""
    raw = getattr(sys.stdin, "buffer", None)
    if raw is None:  # a text stream without bytes underneath
        return sys.stdin.read()
    return bytes(raw.read()).decode("utf-8", "replace")


async def _queue(store: SqliteStore, args: argparse.Namespace, tz: str, lang: str) -> int:
    text = _read_stdin() if args.text == "-" else args.text
    text = clean_text(_clean(text or ""))
    if not text:
        return _fail("no text given (or only invisible characters)")
    limit = max_length(PLATFORMS)
    if len(text) > limit:
        return _fail(f"the text has {len(text)} characters; at most {limit} fit")
    now = SystemClock().now()
    send_at = None
    if args.at is not None and not args.at.strip():
        return _fail('--at is empty: give a time like "2027-05-01 09:00", or leave --at out')
    if args.at:
        try:
            send_at = parse_time(args.at, tz)
        except ScheduleError as exc:
            if exc.skipped:
                return _fail(
                    f'"{args.at}" does not exist in {tz}: the clocks go forward an hour then'
                    " (summer time); give a time before or after it"
                )
            return _fail(
                f'cannot read the time "{args.at}"; '
                'write e.g. "2026-12-03 18:00", a year from 2000 to 2100'
            )
        if send_at <= now:
            return _fail(f"{args.at} ({tz}) has already passed")
    if args.room:
        audience = Audience.ROOM.value
        found = await _room_targets(store, args.room)
        if isinstance(found, str):
            return _fail(found)
        targets = found
        count = len(found)
    else:
        audience = (Audience.SUBSCRIBERS if args.subscribers else Audience.ALL).value
        rooms = await rooms_for(store, audience)
        targets = await resolve_audience(store, rooms, audience, None, PLATFORMS)
        count = sum((await count_audience(store, rooms, audience, None, PLATFORMS)).values())
    if not count:
        return _fail(NOBODY[audience])
    ident = await queue(
        store,
        text=text,
        audience=audience,
        targets=targets,
        now=now,
        send_at=send_at,
        pin=args.pin,
        lang=lang,
    )
    await settle_audiences(store, PLATFORMS, now)  # the first chunk; the running bot the rest
    when = f"at {args.at} ({tz})" if send_at else "now"
    if send_at and not fixed_audience(audience):
        print(
            f"queued announcement #{ident} to {count} chats at the moment, {when};"
            " who receives it is settled at that time"
        )
    else:
        print(f"queued announcement #{ident} to {count} chats, {when}")
    return 0


NOBODY = {
    Audience.ALL.value: "no chat to send to: the bot is in no Telegram or Matrix room that takes "
    "announcements to all rooms (rooms of the terminal chat are reached from `lagerfeuer chat`)",
    Audience.SUBSCRIBERS.value: "no chat to send to: there is no subscriber the bot can reach "
    "in a private chat",
    Audience.ROOM.value: "no chat to send to",
}
"""Why an announcement has no target, per audience."""

NO_CHATS = "no chats left"
"""Shown in the listing for an announcement none of whose chats remain (people forgotten)."""
SETTLED_LATER = "chats settled when it starts"
"""Shown in the listing for a scheduled one to all rooms, a tag or subscribers."""


async def _list(store: SqliteStore, settings: Settings) -> int:
    now = SystemClock().now()
    recent = await store.list_announcements(now - timedelta(days=7), 20)
    if not recent:
        texts = Texts(load_checked_content(settings.content_dir).texts)
        print(texts.get("announce.list_empty", settings.language))
        return 0
    for a in recent:
        summary = await store.announcement_summary(a.id)
        counts = ", ".join(f"{state.value} {n}" for state, n in sorted(summary.counts.items()))
        if not counts:
            open_audience = a.state is AnnouncementState.SCHEDULED and not fixed_audience(
                a.audience
            )
            counts = SETTLED_LATER if open_audience else NO_CHATS
        late = " late" if a.late else ""
        print(f"#{a.id} {a.state.value}{late} {a.send_at:%Y-%m-%d %H:%M}Z {a.audience}: {counts}")
    return 0


async def _cancel(store: SqliteStore, ident: int) -> int:
    if await store.get_announcement(ident) is None:
        return _fail(f"there is no announcement #{ident}")
    if not await store.cancel_announcement(ident, SystemClock().now()):
        return _fail(f"announcement #{ident} is already finished")
    print(f"announcement #{ident} stopped")
    return 0

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

from adapters.cli.rooms import find_room
from adapters.cli.speech import Speech
from adapters.clock import SystemClock
from adapters.runtime.bootstrap import PLATFORMS
from adapters.runtime.settings import load_settings
from adapters.storage.store import SqliteStore
from core.announcements.outbox import AnnouncementState, Audience, NewTarget, fixed_audience
from core.announcements.report import audience_words
from core.announcements.schedule import ScheduleError, parse_time
from core.announcements.service import (
    count_audience,
    max_length,
    queue,
    resolve_audience,
    rooms_for,
    settle_audiences,
)
from core.kernel.messages import ChatRef, Platform
from core.kernel.names import clean_text
from core.kernel.typed import typed_number
from core.kernel.unicode import valid_text


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], speech: Speech) -> None:
    """Register `announce` among the subcommands, its help in `speech`."""
    parser = sub.add_parser("announce", help=speech.t("cli.help.announce"))
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--all", action="store_true", help=speech.t("cli.help.announce.all"))
    who.add_argument(
        "--room",
        action="append",
        metavar=speech.t("cli.metavar.id"),
        help=speech.t("cli.help.announce.room"),
    )
    who.add_argument(
        "--subscribers", action="store_true", help=speech.t("cli.help.announce.subscribers")
    )
    parser.add_argument(
        "--at", metavar=speech.t("cli.metavar.time"), help=speech.t("cli.help.announce.at")
    )
    parser.add_argument("--pin", action="store_true", help=speech.t("cli.help.announce.pin"))
    parser.add_argument("--list", action="store_true", help=speech.t("cli.help.announce.list"))
    parser.add_argument(
        "--cancel", metavar=speech.t("cli.metavar.id"), help=speech.t("cli.help.announce.cancel")
    )
    parser.add_argument("text", nargs="?", help=speech.t("cli.help.announce.text"))
    parser.set_defaults(func=cmd_announce)


def cmd_announce(args: argparse.Namespace) -> int:
    """Run `lagerfeuer announce`."""
    return asyncio.run(_announce(args))


async def _announce(args: argparse.Namespace) -> int:
    settings = load_settings()
    speech = Speech(settings)
    cancel = None
    if args.cancel is not None:  # a short whole number, nothing else
        cancel = typed_number(args.cancel.strip().lstrip("#"))
        if cancel is None:
            return speech.fail("cli.announce.not_a_number", given=repr(args.cancel))
    store = await SqliteStore.open(settings.database)
    try:
        if args.list:
            return await _list(store, speech)
        if cancel is not None:
            return await _cancel(store, speech, cancel)
        return await _queue(store, args, speech, settings.timezone)
    finally:
        await store.close()


async def _room_targets(store: SqliteStore, wanted: list[str]) -> list[NewTarget] | tuple[str, str]:
    """The targets of the rooms named with --room, or the key of the problem (see
    `find_room`) and the room it is about."""
    targets: list[NewTarget] = []
    for ident in wanted:
        room = await find_room(store, ident)
        if isinstance(room, str):
            return room, ident
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


async def _queue(store: SqliteStore, args: argparse.Namespace, speech: Speech, tz: str) -> int:
    text = _read_stdin() if args.text == "-" else args.text
    text = clean_text(_clean(text or ""))
    if not text:
        return speech.fail("cli.announce.no_text")
    limit = max_length(PLATFORMS)
    if len(text) > limit:
        return speech.fail("cli.announce.too_long", length=len(text), limit=limit)
    now = SystemClock().now()
    send_at = None
    if args.at is not None and not args.at.strip():
        return speech.fail("cli.announce.empty_at")
    if args.at:
        try:
            send_at = parse_time(args.at, tz)
        except ScheduleError as exc:
            key = "cli.announce.skipped_time" if exc.skipped else "cli.announce.bad_time"
            return speech.fail(key, given=args.at, zone=tz)
        if send_at <= now:
            return speech.fail("cli.announce.past", given=args.at, zone=tz)
    if args.room:
        audience = Audience.ROOM.value
        found = await _room_targets(store, args.room)
        if isinstance(found, tuple):
            problem, room = found
            return speech.fail(problem, ident=room)
        targets = found
        count = len(found)
    else:
        audience = (Audience.SUBSCRIBERS if args.subscribers else Audience.ALL).value
        rooms = await rooms_for(store, audience)
        targets = await resolve_audience(store, rooms, audience, None, PLATFORMS)
        count = sum((await count_audience(store, rooms, audience, None, PLATFORMS)).values())
    if not count:
        return speech.fail(f"cli.announce.nobody_{audience}")
    ident = await queue(
        store,
        text=text,
        audience=audience,
        targets=targets,
        now=now,
        send_at=send_at,
        pin=args.pin,
        lang=speech.lang,
    )
    await settle_audiences(store, PLATFORMS, now)  # the first chunk; the running bot the rest
    if not send_at:
        print(speech.t("cli.announce.queued_now", id=ident, count=count))
    else:
        key = "cli.announce.queued_at" if fixed_audience(audience) else "cli.announce.queued_later"
        print(speech.t(key, id=ident, count=count, given=args.at, zone=tz))
    return 0


async def _list(store: SqliteStore, speech: Speech) -> int:
    now = SystemClock().now()
    recent = await store.list_announcements(now - timedelta(days=7), 20)
    if not recent:
        print(speech.t("announce.list_empty"))
        return 0
    for a in recent:
        summary = await store.announcement_summary(a.id)
        counts = ", ".join(
            speech.t(f"cli.announce.target.{state.value}", count=n)
            for state, n in sorted(summary.counts.items())
        )
        if not counts:
            settled_later = a.state is AnnouncementState.SCHEDULED and not fixed_audience(
                a.audience
            )
            counts = speech.t(
                "cli.announce.settled_later" if settled_later else "cli.announce.no_chats_left"
            )
        state = speech.t(f"announce.state.{a.state.value}")
        if a.late:
            state = speech.t("announce.state_late", state=state)
        when = f"{a.send_at:%Y-%m-%d %H:%M}"
        audience = _audience(speech, a.audience)
        print(
            speech.t(
                "cli.announce.line",
                id=a.id,
                state=state,
                when=when,
                audience=audience,
                counts=counts,
            )
        )
    return 0


def _audience(speech: Speech, audience: str) -> str:
    """An audience in words, as the chat's listing names it; rooms chosen with --room (the
    chat's "this room") as chosen rooms."""
    if audience == Audience.ROOM.value:
        return speech.t("cli.announce.audience.room")
    return audience_words(speech.texts, audience, speech.lang)


async def _cancel(store: SqliteStore, speech: Speech, ident: int) -> int:
    if await store.get_announcement(ident) is None:
        return speech.fail("announce.unknown", id=ident)
    if not await store.cancel_announcement(ident, SystemClock().now()):
        return speech.fail("announce.already_over", id=ident)
    print(speech.t("cli.announce.stopped", id=ident))
    return 0

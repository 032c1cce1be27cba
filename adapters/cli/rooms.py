"""`lagerfeuer rooms`: the rooms the bot is in, which belong to the community, and approving
or removing one from the command line (the operator needs no chat for it).

It writes into the database the running bot reads, so a change counts from the next
announcement on; nothing else about the room changes.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from adapters.runtime.settings import load_settings
from adapters.storage.store import SqliteStore
from core.kernel.messages import Platform
from core.kernel.ports import RoomSettings

BELONGS = "community"
WAITING = "not approved"
MODROOM = ", moderators' room"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `rooms` among the subcommands."""
    parser = sub.add_parser(
        "rooms", help="the rooms the bot is in and which belong to the community"
    )
    change = parser.add_mutually_exclusive_group()
    change.add_argument("--approve", metavar="ID", help="make a room part of the community")
    change.add_argument("--remove", metavar="ID", help="take a room out of the community")
    parser.set_defaults(func=cmd_rooms)


def cmd_rooms(args: argparse.Namespace) -> int:
    """Run `lagerfeuer rooms`."""
    return asyncio.run(_rooms(args))


async def _rooms(args: argparse.Namespace) -> int:
    store = await SqliteStore.open(load_settings().database)
    try:
        if args.approve or args.remove:
            return await _change(store, args.approve or args.remove, belongs=bool(args.approve))
        return await _list(store)
    finally:
        await store.close()


def line(room: RoomSettings) -> str:
    """One room as the listing shows it."""
    state = BELONGS if room.community else WAITING
    if room.modroom:
        state += MODROOM
    title = " ".join(room.title.split()) or "-"
    return f"{room.platform}:{room.chat_id}  [{state}]  {title}"


async def _list(store: SqliteStore) -> int:
    rooms = [r for r in await store.list_rooms(active_only=True) if r.platform != "console"]
    for room in rooms:
        print(line(room))
    waiting = sum(1 for room in rooms if not room.community)
    print(
        f"{len(rooms)} rooms, {len(rooms) - waiting} in the community, {waiting} not approved"
        " (approve one: lagerfeuer rooms --approve platform:id)"
    )
    return 0


async def _find(store: SqliteStore, ident: str) -> RoomSettings | str:
    platform, _, chat_id = ident.partition(":")
    if platform not in {p.value for p in Platform}:
        platform, chat_id = "", ident
    found = [
        room
        for room in await store.list_rooms(active_only=False)
        if room.chat_id == chat_id and (not platform or room.platform == platform)
    ]
    if len(found) == 1:
        return found[0]
    problem = "is not a room the bot knows" if not found else "is ambiguous: add platform:"
    return f"{ident} {problem}"


async def _change(store: SqliteStore, ident: str, *, belongs: bool) -> int:
    room = await _find(store, ident.strip())
    if isinstance(room, str):
        print(f"error: {room}", file=sys.stderr)
        return 1
    if not room.active and belongs:
        print(f"error: the bot is no longer in {room.platform}:{room.chat_id}", file=sys.stderr)
        return 1
    room.community = belongs
    room.modroom = room.modroom and belongs
    await store.save_room(room)
    print(line(room))
    return 0

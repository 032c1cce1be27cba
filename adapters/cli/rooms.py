"""`lagerfeuer rooms`: the rooms the bot is in, which belong to the community, and approving
or removing one from the command line (the operator needs no chat for it).

It writes into the database the running bot reads, so a change counts from the next
announcement on; nothing else about the room changes.
"""

from __future__ import annotations

import argparse
import asyncio

from adapters.cli.speech import Speech
from adapters.runtime.settings import load_settings
from adapters.storage.store import SqliteStore
from core.kernel.messages import Platform
from core.kernel.ports import RoomSettings


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], speech: Speech) -> None:
    """Register `rooms` among the subcommands, its help in `speech`."""
    parser = sub.add_parser("rooms", help=speech.t("cli.help.rooms"))
    change = parser.add_mutually_exclusive_group()
    change.add_argument(
        "--approve", metavar=speech.t("cli.metavar.id"), help=speech.t("cli.help.rooms.approve")
    )
    change.add_argument(
        "--remove", metavar=speech.t("cli.metavar.id"), help=speech.t("cli.help.rooms.remove")
    )
    parser.set_defaults(func=cmd_rooms)


def cmd_rooms(args: argparse.Namespace) -> int:
    """Run `lagerfeuer rooms`."""
    return asyncio.run(_rooms(args))


async def _rooms(args: argparse.Namespace) -> int:
    settings = load_settings()
    speech = Speech(settings)
    store = await SqliteStore.open(settings.database)
    try:
        if args.approve or args.remove:
            ident = args.approve or args.remove
            return await _change(store, speech, ident, belongs=bool(args.approve))
        return await _list(store, speech)
    finally:
        await store.close()


def line(room: RoomSettings, speech: Speech) -> str:
    """One room as the listing shows it."""
    state = speech.t("cli.rooms.community" if room.community else "cli.rooms.waiting")
    if room.modroom:
        state += speech.t("cli.rooms.modroom")
    title = " ".join(room.title.split()) or "-"
    return speech.t(
        "cli.rooms.line", room=f"{room.platform}:{room.chat_id}", state=state, title=title
    )


async def _list(store: SqliteStore, speech: Speech) -> int:
    rooms = [r for r in await store.list_rooms(active_only=True) if r.platform != "console"]
    for room in rooms:
        print(line(room, speech))
    waiting = sum(1 for room in rooms if not room.community)
    print(
        speech.t(
            "cli.rooms.summary", rooms=len(rooms), community=len(rooms) - waiting, waiting=waiting
        )
    )
    return 0


async def find_room(store: SqliteStore, ident: str) -> RoomSettings | str:
    """The room `ident` names (platform:id, or an id on one platform only), or the key of the
    text that says why there is none."""
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
    return "cli.rooms.unknown" if not found else "cli.rooms.ambiguous"


async def _change(store: SqliteStore, speech: Speech, ident: str, *, belongs: bool) -> int:
    room = await find_room(store, ident.strip())
    if isinstance(room, str):
        return speech.fail(room, ident=ident.strip())
    if not room.active and belongs:
        return speech.fail("cli.rooms.left", room=f"{room.platform}:{room.chat_id}")
    room.community = belongs
    room.modroom = room.modroom and belongs
    await store.save_room(room)
    print(line(room, speech))
    return 0

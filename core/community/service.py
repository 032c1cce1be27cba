"""`/community` and `/moderators` (the README's command list), and what the bot says about the
community when it is added to a room.

A room belongs to the community only when a community moderator added the bot there or
approved the room (`/community join`, the button under the bot's introduction, or
`lagerfeuer rooms --approve`). Community moderators are the operator's `LAGERFEUER_MODERATORS`
and whoever a community moderator names with `/moderators add`. The assistant lets only
community moderators reach these commands; the button is checked here, since anyone can press it.
"""

from __future__ import annotations

from collections.abc import Callable

from core.content.model import LANGUAGES
from core.content.texts import Texts
from core.kernel.assistant import Actions, Deps, Registry, Turn
from core.kernel.commands import Prefix, Who
from core.kernel.messages import ChatRef, Choice, Platform, Reply, UserRef
from core.kernel.names import clean_name
from core.kernel.ports import RoomSettings, RoomStore
from core.kernel.typed import normalise

PREFIX = Prefix.COMMUNITY.value
JOIN_CHOICE = f"{PREFIX}:join"
ROOM_WORDS = ("join", "leave", "modroom")
MODERATOR_WORDS = ("add", "remove", "list")
ID_RULES: dict[str, Callable[[str], bool]] = {
    Platform.TELEGRAM.value: lambda ident: ident.isascii() and ident.isdigit(),
    Platform.MATRIX.value: lambda ident: ident.startswith("@") and ":" in ident[2:],
    Platform.CONSOLE.value: lambda ident: bool(ident) and ident.isascii(),
}
"""What a person's id looks like on each platform (as `LAGERFEUER_MODERATORS` takes them)."""


def install(registry: Registry, deps: Deps) -> None:
    """Register `/community`, `/moderators`, the approve button and what happens on arrival
    (install it before the welcome, so a room is approved before the introduction is said)."""
    registry.command("community", community_command)
    registry.command("moderators", moderators_command)
    registry.choice(Prefix.COMMUNITY, community_choice)
    registry.bot_added.append(arrived)
    registry.introductions.append(introduction_note)


def _word(texts: Texts, group: str, words: tuple[str, ...], typed: str) -> str | None:
    """Which of `words` (texts `<group>.arg.<word>`) was typed, in any language."""
    folded = normalise(typed)
    for word in words:
        if any(normalise(texts.get(f"{group}.arg.{word}", lang)) == folded for lang in LANGUAGES):
            return word
    return None


def _title(turn: Turn, room: RoomSettings) -> str:
    return clean_name(room.title) or turn.t("welcome.this_room")


# ---------------------------------------------------------------------- /community


async def community_command(turn: Turn, args: str) -> Actions:
    """`/community [join|leave|modroom]` in a room (the assistant lets only community
    moderators in)."""
    room = turn.room
    if room is None:
        return [turn.reply("common.room_only", command="community")]
    word = _word(turn.deps.content.texts, "community", ROOM_WORDS, args) if args else None
    if word == "join":
        return await _join(turn, room)
    if word == "leave":
        room.community = room.modroom = False
        await turn.deps.store.save_room(room)
        return [turn.reply("community.left", room=_title(turn, room))]
    if word == "modroom":
        return await _modroom(turn, room)
    status = "community.status_in" if room.community else "community.status_out"
    lines = [turn.t(status, room=_title(turn, room))]
    if room.modroom:
        lines.append(turn.t("community.status_modroom"))
    lines.append(turn.t("community.usage"))
    return [Reply(turn.chat, "\n".join(lines))]


async def _join(turn: Turn, room: RoomSettings) -> Actions:
    if room.community:
        return [turn.reply("community.already_in", room=_title(turn, room))]
    room.community = True
    await turn.deps.store.save_room(room)
    return [turn.reply("community.joined", room=_title(turn, room))]


async def _modroom(turn: Turn, room: RoomSettings) -> Actions:
    """This room becomes the moderators' room (and belongs to the community); only one is."""
    store = turn.deps.store
    for other in await store.list_rooms(active_only=False):
        if other.modroom and (other.platform, other.chat_id) != (room.platform, room.chat_id):
            other.modroom = False
            await store.save_room(other)
    room.community = room.modroom = True
    await store.save_room(room)
    return [turn.reply("community.modroom_set", room=_title(turn, room))]


async def community_choice(turn: Turn, value: str) -> Actions:
    """The approve button under the introduction: only a community moderator's press counts."""
    room = turn.room
    if room is None or value != JOIN_CHOICE:
        return [turn.reply("common.choice_expired")]
    if not await turn.is_community_moderator():
        return [turn.refusal(Who.COMMUNITY)]
    return await _join(turn, room)


# ---------------------------------------------------------------------- arriving


async def arrived(turn: Turn) -> Actions:
    """The bot was added to a room: by a community moderator, the room belongs; else the
    moderators' room hears that it waits."""
    room = turn.room
    if room is None or room.community:
        return []
    if await turn.is_community_moderator():
        room.community = True
        await turn.deps.store.save_room(room)
        return []
    return await _tell_moderators(turn, room)


async def introduction_note(turn: Turn) -> Reply | None:
    """What the introduction says about the community: the room belongs, or how it comes
    to (and, before anyone is named, how the first community moderator is)."""
    room = turn.room
    if room is None:
        return None
    if room.community:
        if not await turn.is_community_moderator():
            return None  # it belonged already (the bot was added again)
        return turn.reply("community.added_by_moderator", room=_title(turn, room))
    lines = [turn.t("community.waiting")]
    if not turn.deps.operators and not await turn.deps.store.named_moderators():
        person = turn.user
        if person.is_bot:  # who invited the bot is not known
            lines.append(turn.t("community.first_moderator_unknown"))
        else:
            ident = f"{person.platform.value}:{person.id}"
            lines.append(turn.t("community.first_moderator", id=ident))
    button = Choice(turn.t("community.approve_button"), JOIN_CHOICE)
    return Reply(turn.chat, "\n".join(lines), choices=(button,))


async def moderators_room(store: RoomStore) -> RoomSettings | None:
    """The community moderators' room (`/community modroom`) while the bot is in it."""
    for room in await store.list_rooms(active_only=True):
        if room.modroom and room.community:
            return room
    return None


def room_chat(room: RoomSettings) -> ChatRef:
    """The chat of a stored room."""
    return ChatRef(Platform(room.platform), room.chat_id, False, title=room.title)


async def community_moderators(deps: Deps) -> list[UserRef]:
    """Every community moderator: the operator's (`LAGERFEUER_MODERATORS`), then those named
    with `/moderators add`, each once."""
    found = [ident.partition(":")[::2] for ident in sorted(deps.operators)]
    found += [(named.platform, named.user_id) for named in await deps.store.named_moderators()]
    unique: dict[tuple[str, str], None] = {}
    for platform, user_id in found:
        if platform in ID_RULES and ID_RULES[platform](user_id):
            unique.setdefault((platform, user_id), None)
    return [UserRef(Platform(platform), user_id) for platform, user_id in unique]


async def _tell_moderators(turn: Turn, room: RoomSettings) -> Actions:
    """A note in the moderators' room that a room waits for approval."""
    modroom = await moderators_room(turn.deps.store)
    if modroom is None:
        return []
    text = turn.deps.content.texts.get(
        "community.waiting_notice",
        modroom.language or turn.deps.default_language,
        room=_title(turn, room),
        id=f"{room.platform}:{room.chat_id}",
    )
    return [Reply(room_chat(modroom), text)]


# ---------------------------------------------------------------------- /moderators


async def moderators_command(turn: Turn, args: str) -> Actions:
    """`/moderators [add|remove|list] [id]` (the assistant lets only community moderators in)."""
    first, _, rest = args.strip().partition(" ")
    texts = turn.deps.content.texts
    word = _word(texts, "moderators", MODERATOR_WORDS, first) if first else "list"
    if word is None:
        return [turn.reply("moderators.usage")]
    if word == "list":
        return [await _listing(turn)]
    if not rest.strip():
        return [turn.reply("moderators.usage")]
    ident = _person_id(turn, rest.strip())
    if ident is None:
        return [turn.reply("moderators.bad_id")]
    platform, user_id = ident
    shown = f"{platform}:{user_id}"
    store = turn.deps.store
    if word == "add":
        if shown in turn.deps.operators:
            return [turn.reply("moderators.already", id=shown)]
        added = await store.name_moderator(platform, user_id, turn.deps.clock.now())
        return [turn.reply("moderators.added" if added else "moderators.already", id=shown)]
    if shown in turn.deps.operators:
        return [turn.reply("moderators.operator_listed", id=shown)]
    removed = await store.unname_moderator(platform, user_id)
    return [turn.reply("moderators.removed" if removed else "moderators.not_named", id=shown)]


def _person_id(turn: Turn, typed: str) -> tuple[str, str] | None:
    """(platform, user id) of `telegram:123`, `matrix:@anna:example.org`, or an id of this
    platform (`123` on Telegram, `@anna:example.org` on Matrix)."""
    if not typed or " " in typed:
        return None
    platform, _, ident = typed.partition(":")
    if platform not in ID_RULES:
        platform, ident = turn.user.platform.value, typed
    rule = ID_RULES[platform]
    return (platform, ident) if rule(ident) else None


async def _listing(turn: Turn) -> Reply:
    lines = [turn.t("moderators.title")]
    lines += [turn.t("moderators.line_operator", id=ident) for ident in sorted(turn.deps.operators)]
    for named in await turn.deps.store.named_moderators():
        lines.append(turn.t("moderators.line_named", id=f"{named.platform}:{named.user_id}"))
    if len(lines) == 1:
        lines.append(turn.t("moderators.none"))
    lines.append(turn.t("moderators.usage"))
    return Reply(turn.chat, "\n".join(lines))

"""`/settings` in a room: moderators see and change the room's settings
(docs/capabilities.md, C6).

Changes come as button choices (`set:<item>` toggles or asks, `set:<item>=<value>` sets),
as short command arguments (`/settings welcome off`, `/einstellungen text Hallo {name}!`),
or as an addressed reply while the bot waits for a value (a Conversation of kind `settings`).
Every path checks the moderator again (buttons in a group can be pressed by anyone).
"""

from __future__ import annotations

from datetime import timedelta

from core.content.model import LANGUAGES
from core.kernel.assistant import Actions, Deps, Registry, Turn
from core.kernel.commands import Prefix
from core.kernel.messages import Choice, Reply
from core.kernel.names import clean_name, clean_text
from core.kernel.ports import Conversation, RoomSettings
from core.rooms.values import (
    ITEMS,
    TOGGLES,
    Problem,
    keyword_item,
    language_problem,
    overview_lines,
    read_switch,
    read_tags,
    read_wait,
    rules_problem,
    template_problem,
    topic_problem,
)

KIND = "settings"
PREFIX = Prefix.SETTINGS
ASKED = ("text", "topic", "tags", "language", "rules", "wait")
"""Settings that take a value; the bot asks for it."""
PATIENCE = timedelta(minutes=10)
"""How long the bot takes a moderator's reply as the value it asked for."""


def install(registry: Registry, deps: Deps) -> None:
    """Register `/settings`, its choices and its dialogue."""
    registry.command("settings", settings_command)
    registry.choice(PREFIX, settings_choice)
    registry.dialogues[KIND] = settings_dialogue


async def settings_command(turn: Turn, args: str) -> Actions:
    """`/settings [item [value]]` (the assistant lets only moderators in rooms get here)."""
    room = turn.room
    if room is None:
        return [turn.reply("common.room_only", command="settings")]
    if not args:
        return [overview(turn, room)]
    word, *rest = args.split(maxsplit=1)
    value = rest[0] if rest else ""
    item = keyword_item(turn.deps.content.texts, word)
    if item is None:
        names = ", ".join(turn.t(f"settings.arg.{name}") for name in ITEMS)
        return [turn.reply("settings.error.unknown", names=names)]
    return await _apply(turn, room, item, value.strip())


async def settings_choice(turn: Turn, value: str) -> Actions:
    """A settings button: toggle, ask for a value, or set the value it carries."""
    room = turn.room
    if room is None:
        return [turn.reply("common.choice_expired")]
    if not await turn.is_moderator():
        return [turn.reply("common.moderators_only")]
    item, has_value, chosen = value.partition(":")[2].partition("=")
    if item == "cancel":
        return await _cancel(turn)
    if item not in ITEMS:
        return [turn.reply("common.choice_expired")]
    if has_value:
        if item in TOGGLES and chosen not in ("on", "off"):
            return [turn.reply("common.choice_expired")]
        return await _set(turn, room, item, chosen)
    return await _apply(turn, room, item, "")


async def settings_dialogue(turn: Turn, conversation: Conversation, text: str) -> Actions | None:
    """The value a moderator sends while the bot waits for one."""
    room = turn.room
    if room is None or conversation.step not in ASKED:
        return None
    asked_at = conversation.updated_at
    if asked_at is None or turn.deps.clock.now() - asked_at > PATIENCE:
        await _close(turn)
        return None
    if not await turn.is_moderator():
        return [turn.reply("common.moderators_only")]
    return await _apply(turn, room, conversation.step, text.strip())


def overview(turn: Turn, room: RoomSettings, first: str | None = None) -> Reply:
    """The settings with their current values and a button for each."""
    title = clean_name(room.title) or turn.t("welcome.this_room")
    lines = [turn.t("settings.title", room=title)]
    lines += [f"• {line}" for line in overview_lines(turn.deps.content.texts, room, turn.lang)]
    lines += ["", turn.t("settings.how")]
    if first:
        lines = [first, "", *lines]
    choices = tuple(
        Choice(turn.t(f"settings.choice.{item}"), _choice_value(room, item)) for item in ITEMS
    )
    return Reply(turn.chat, "\n".join(lines), choices=choices)


def _choice_value(room: RoomSettings, item: str) -> str:
    """A toggle's button carries the value it sets, so a double tap does not undo it."""
    if item in TOGGLES:
        return f"{PREFIX}:{item}={'off' if getattr(room, TOGGLES[item]) else 'on'}"
    return f"{PREFIX}:{item}"


async def _apply(turn: Turn, room: RoomSettings, item: str, value: str) -> Actions:
    """A typed or empty value for `item`: toggles flip, empty values ask."""
    if item in TOGGLES:
        if not value:
            return await _set(turn, room, item, "off" if getattr(room, TOGGLES[item]) else "on")
        switch = read_switch(turn.deps.content.texts, value)
        if switch is None:
            return [_refuse(turn, Problem("settings.error.on_off", {}))]
        return await _set(turn, room, item, "on" if switch else "off")
    if item == "topic" and not value and turn.chat.thread_id:
        value = turn.chat.thread_id
    if not value:
        return await _ask(turn, item)
    return await _set(turn, room, item, value)


async def _set(turn: Turn, room: RoomSettings, item: str, value: str) -> Actions:
    """Check the value; store it, or refuse it and change nothing."""
    typed, value = value.strip(), clean_text(value)
    problem: Problem | None = None
    if typed and not value:  # only invisible characters
        return [_refuse(turn, Problem("settings.error.invisible", {}))]
    tags: list[str] = []
    hours = room.join_request_hours
    if item == "text" and value:
        problem = template_problem(value)
    elif item == "language":
        problem = language_problem(value)
    elif item == "topic" and value:
        problem = topic_problem(value)
    elif item == "tags":
        tags, problem = read_tags(value)
    elif item == "rules":
        problem = rules_problem(value)
    elif item == "wait":
        hours, problem = read_wait(value)
    if problem is not None:
        return [_refuse(turn, problem)]
    if item in TOGGLES:
        setattr(room, TOGGLES[item], value == "on")
    elif item == "text":
        room.welcome_text = value or None
    elif item == "language":
        room.language = value.lower()
        turn.lang = room.language
    elif item == "topic":
        room.welcome_topic = value or None
    elif item == "tags":
        room.tags = tags
    elif item == "rules":
        room.rules_text = value or None
    elif item == "wait":
        room.join_request_hours = hours
    await turn.deps.store.save_room(room)
    await _close(turn)
    return [overview(turn, room, first=turn.t("settings.saved"))]


def _refuse(turn: Turn, problem: Problem) -> Reply:
    text = turn.t(problem.key, **problem.params) + "\n" + turn.t("settings.nothing_changed")
    return Reply(turn.chat, text)


async def _ask(turn: Turn, item: str) -> Actions:
    """Ask for a value; the moderator's addressed reply or a button answers."""
    store, chat = turn.deps.store, turn.chat
    conversation = await store.get_conversation(
        chat.platform.value, chat.id, turn.user.id
    ) or Conversation(chat.platform.value, chat.id, turn.user.id)
    conversation.kind, conversation.step = KIND, item
    conversation.updated_at = turn.deps.clock.now()
    await store.save_conversation(conversation)
    if item == "language":
        options = [(turn.t(f"language.name.{code}"), code) for code in LANGUAGES]
    else:
        options = [(turn.t(f"settings.reset.{item}"), "")]
    choices = tuple(Choice(label, f"{PREFIX}:{item}={code}") for label, code in options)
    choices += (Choice(turn.t("settings.choice.cancel"), f"{PREFIX}:cancel"),)
    return [Reply(chat, turn.t(f"settings.ask.{item}"), choices=choices)]


async def _cancel(turn: Turn) -> Actions:
    await _close(turn)
    return [turn.reply("settings.cancelled")]


async def _close(turn: Turn) -> None:
    """End a waiting question (the offered choices stay for the overview)."""
    store, chat = turn.deps.store, turn.chat
    conversation = await store.get_conversation(chat.platform.value, chat.id, turn.user.id)
    if conversation is not None and conversation.kind == KIND:
        conversation.kind, conversation.step = None, None
        await store.save_conversation(conversation)

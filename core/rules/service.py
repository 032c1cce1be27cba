"""`/rules` (German `/regeln`): the rules of this room, or the community's in private chat.

A room's moderators replace its rules with `/settings rules …` (core/rooms/settings.py);
without a text of its own a room shows the community's rules from content (`rules.default`).
"""

from __future__ import annotations

from core.content.texts import Texts
from core.kernel.assistant import Actions, Deps, Registry, Turn
from core.kernel.messages import Reply
from core.kernel.names import clean_name
from core.kernel.ports import RoomSettings


def install(registry: Registry, deps: Deps) -> None:
    """Register `/rules`."""
    registry.command("rules", rules_command)


def rules_for(texts: Texts, room: RoomSettings | None, lang: str) -> str:
    """The rules with their heading: the room's own text, else the community's."""
    if room is None:
        return texts.get("rules.title_community", lang) + "\n\n" + texts.get("rules.default", lang)
    name = clean_name(room.title) or texts.get("welcome.this_room", lang)
    body = room.rules_text or texts.get("rules.default", lang)
    return texts.get("rules.title", lang, room=name) + "\n\n" + body


async def rules_command(turn: Turn, args: str) -> Actions:
    """Show the rules where they were asked for."""
    return [Reply(turn.chat, rules_for(turn.deps.content.texts, turn.room, turn.lang))]

"""The rules as shown: the room's own text, else the community's from content, with a heading."""

from __future__ import annotations

from core.content.texts import Texts
from core.kernel.names import clean_name
from core.kernel.ports import RoomSettings


def rules_for(texts: Texts, room: RoomSettings | None, lang: str) -> str:
    """The rules with their heading: the room's own text, else the community's."""
    if room is None:
        return texts.get("rules.title_community", lang) + "\n\n" + texts.get("rules.default", lang)
    name = clean_name(room.title) or texts.get("welcome.this_room", lang)
    body = room.rules_text or texts.get("rules.default", lang)
    return texts.get("rules.title", lang, room=name) + "\n\n" + body

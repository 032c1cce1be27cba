"""The words of a welcome: names listed naturally, the room's template, the way to onboarding."""

from __future__ import annotations

from collections.abc import Sequence

from core.content.texts import Texts, fill
from core.kernel.deeplinks import room_payload
from core.kernel.messages import ChatRef, OnboardingInvite, Platform, Reply, UserRef
from core.kernel.names import clean_name
from core.kernel.ports import RoomSettings
from core.welcome.store import PendingJoin

NAMED_AT_MOST = 3
"""Up to this many people are named; beyond it two are named and the rest counted."""

NAMED_IN_CROWD = 2

TEMPLATE_PLACEHOLDERS = frozenset({"name", "names", "room", "count"})
"""What a room's own welcome text may use."""


def names_phrase(texts: Texts, lang: str, names: Sequence[str], unnamed: int = 0) -> str:
    """'Anna', 'Anna und Ben', 'Anna, Ben und Cem', 'Anna, Ben und 5 weitere', '3 Neue'.

    `unnamed` people (whose names were lost in a restart) are counted, never named.
    """
    total = len(names) + unnamed
    if not unnamed and len(names) <= NAMED_AT_MOST:
        if len(names) <= 1:
            return names[0] if names else ""
        return texts.get("welcome.list.and", lang, names=", ".join(names[:-1]), last=names[-1])
    shown = names[:NAMED_IN_CROWD]
    if not shown:
        if total == 1:
            return texts.get("welcome.someone", lang)
        return texts.get("welcome.list.unnamed", lang, count=total)
    return texts.get("welcome.list.more", lang, names=", ".join(shown), count=total - len(shown))


def welcome_reply(
    texts: Texts,
    room: RoomSettings,
    chat: ChatRef,
    people: Sequence[PendingJoin],
    lang: str,
    *,
    wave: bool,
) -> Reply:
    """The welcome for `people` in `room`, posted to `chat` (the room's welcome topic)."""
    someone = texts.get("welcome.someone", lang)
    known = [p for p in people if p.display_name is not None]
    names = [clean_name(p.display_name or "") or someone for p in known]
    phrase = names_phrase(texts, lang, names, unnamed=len(people) - len(known))
    room_name = clean_name(room.title) or texts.get("welcome.this_room", lang)
    if room.welcome_text:
        template = room.welcome_text
    elif wave and len(people) > 1:
        template = texts.get("welcome.wave", lang)
    else:
        template = texts.get("welcome.one" if len(people) == 1 else "welcome.many", lang)
    text = fill(
        template, {"name": phrase, "names": phrase, "room": room_name, "count": len(people)}
    )
    named = known if len(people) <= NAMED_AT_MOST else known[:NAMED_IN_CROWD]
    platform = Platform(room.platform)
    mentions = tuple(
        UserRef(platform, p.user_id, clean_name(p.display_name or "") or someone) for p in named
    )
    invite = OnboardingInvite(
        label=texts.get("welcome.invite.label", lang),
        payload=room_payload(room.platform, room.chat_id),
    )
    return Reply(chat, text, invite=invite, mentions=mentions)


def introduction(texts: Texts, chat: ChatRef, lang: str) -> Reply:
    """What the bot says when it arrives in a room: who it is, how moderators set it up."""
    return Reply(chat, texts.get("welcome.introduction", lang))

"""The words of a welcome: names listed naturally, the room's template, the way to onboarding."""

from __future__ import annotations

from collections.abc import Sequence

from core.content.texts import Texts, fill
from core.kernel.deeplinks import room_payload, rules_payload
from core.kernel.messages import ChatRef, Mention, OnboardingInvite, Platform, Reply, UserRef
from core.kernel.names import clean_name
from core.kernel.ports import RoomSettings
from core.welcome.store import PendingJoin

NAMED_AT_MOST = 3
"""Up to this many people are named; beyond it two are named and the rest counted."""

NAMED_IN_CROWD = 2

TEMPLATE_PLACEHOLDERS = frozenset({"name", "names", "room", "count"})
"""What a room's own welcome text may use."""

_OPEN = 0xE000
_CLOSE = "\uf8ff"
"""Private-use characters that mark where the i-th name is put (`clean_name` drops every
private-use character from names and room titles, so none of them can fake a mark)."""


def _marked(index: int, name: str) -> str:
    return f"{chr(_OPEN + index)}{name}{_CLOSE}"


def _unmark(text: str) -> tuple[str, list[tuple[int, int, int]]]:
    """The text without marks, and (start, end, index) of every marked name in it."""
    out: list[str] = []
    spans: list[tuple[int, int, int]] = []
    length, opened = 0, None
    for char in text:
        code = ord(char)
        if _OPEN <= code < _OPEN + 0x100:
            opened = (length, code - _OPEN)
        elif char == _CLOSE:
            if opened is not None:
                spans.append((opened[0], length, opened[1]))
            opened = None
        else:
            out.append(char)
            length += 1
    return "".join(out), spans


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
    count: int | None = None,
) -> Reply:
    """The welcome for `people` in `room`, posted to `chat` (the room's welcome topic).

    With `count`, `people` need not be everyone welcomed: only the first NAMED_AT_MOST of
    them whose names are known (all of those if fewer), and `count` says how many there are.
    """
    someone = texts.get("welcome.someone", lang)
    total = len(people) if count is None else count
    known = [p for p in people if p.display_name is not None]
    names = [clean_name(p.display_name or "") or someone for p in known]
    room_name = clean_name(room.title) or texts.get("welcome.this_room", lang)
    if room.welcome_text:
        template = room.welcome_text
    elif wave and total > 1:
        template = texts.get("welcome.wave", lang)
    else:
        template = texts.get("welcome.one" if total == 1 else "welcome.many", lang)
    template = _unmark(template)[0]  # a moderator's template cannot hold marks of its own
    marked = [_marked(i, name) for i, name in enumerate(names)]
    marked_phrase = names_phrase(texts, lang, marked, unnamed=total - len(known))
    values = {"name": marked_phrase, "names": marked_phrase, "room": room_name}
    text, found = _unmark(fill(template, {**values, "count": total}))
    named = known if total <= NAMED_AT_MOST else known[:NAMED_IN_CROWD]
    platform = Platform(room.platform)
    mentions = tuple(
        UserRef(platform, p.user_id, clean_name(p.display_name or "") or someone) for p in named
    )
    spans: list[Mention] = []
    linked: set[int] = set()
    for start, end, index in found:
        if index < len(mentions) and index not in linked and start < end:
            linked.add(index)
            spans.append(Mention(start, end, mentions[index]))
    invite = OnboardingInvite(
        label=texts.get("welcome.invite.label", lang),
        payload=room_payload(room.platform, room.chat_id),
    )
    if room.rules_confirm:  # the way in leads through the rules, and every welcome says so
        text += " " + texts.get("welcome.rules_confirm_line", lang)
        invite = OnboardingInvite(
            label=texts.get("rules.invite.label", lang),
            payload=rules_payload(room.platform, room.chat_id),
        )
    elif not room.welcome_text:  # a room's own text says what its moderators chose to say
        text += " " + texts.get("welcome.rules_line", lang)
    return Reply(chat, text, invite=invite, mentions=mentions, spans=tuple(spans))


def introduction(texts: Texts, chat: ChatRef, lang: str) -> Reply:
    """What the bot says when it arrives in a room: who it is, how moderators set it up."""
    return Reply(chat, texts.get("welcome.introduction", lang))

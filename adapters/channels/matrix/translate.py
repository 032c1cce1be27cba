"""nio room events -> core events: a table from event type to builder, nothing else.

Pure: a builder sees one event, a small view of its room and what the adapter remembers
of its own messages; it never talks to the homeserver.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nio import (
    Event,
    ReactionEvent,
    RoomMemberEvent,
    RoomMessageEmote,
    RoomMessageText,
    UnknownEvent,
)

from core.kernel.commands import parse_command
from core.kernel.messages import (
    BotAddedToRoom,
    ChatRef,
    ChoiceMade,
    CommandReceived,
    InboundEvent,
    JoinRequested,
    MemberJoined,
    MemberLeft,
    Platform,
    TextReceived,
    UserRef,
)
from core.kernel.typed import is_number, normalise, typed_number

Incoming = InboundEvent
"""What an event becomes."""

EVENT_PREFIX = "mx:"
"""Core event ids of Matrix events, so they never collide with other platforms'."""

MENTIONS, RELATES_TO, IN_REPLY_TO, NEW_CONTENT = (
    "m.mentions",
    "m.relates_to",
    "m.in_reply_to",
    "m.new_content",
)
"""Matrix content fields read here (named once, so they are not mistaken for text keys)."""

THREAD, REPLACE = "m.thread", "m.replace"

KEYCAPS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟")
"""Reactions that pick the first to tenth choice of a choice message."""

_SENT_MEMORY = 2000


@dataclass(frozen=True, slots=True)
class RoomView:
    """What translation needs to know of a room."""

    room_id: str
    title: str = ""
    is_private: bool = False
    name_of: Callable[[str], str | None] = lambda user_id: None
    """A member's display name in this room, as clients show it (None: none set)."""


@dataclass
class Memory:
    """What the adapter remembers: its own recent messages (with their choices), inviters."""

    sent: OrderedDict[str, tuple[str, ...]] = field(default_factory=OrderedDict)
    inviters: dict[str, str] = field(default_factory=dict)
    offers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Room id -> the choice labels of the bot's latest message there (when it had choices)."""
    threads: OrderedDict[str, str] = field(default_factory=OrderedDict)
    """Thread root -> the latest message in that thread (what a reply's fallback points to)."""

    def in_thread(self, root: str, event_id: str) -> None:
        """Note the latest message of a thread."""
        self.threads[root] = event_id
        self.threads.move_to_end(root)
        while len(self.threads) > _SENT_MEMORY:
            self.threads.popitem(last=False)

    def remember_sent(
        self,
        event_id: str,
        choice_values: tuple[str, ...] = (),
        room_id: str | None = None,
        labels: tuple[str, ...] = (),
    ) -> None:
        """Record one of the bot's messages, the choices it offered and where."""
        self.sent[event_id] = choice_values
        self.sent.move_to_end(event_id)
        while len(self.sent) > _SENT_MEMORY:
            self.sent.popitem(last=False)
        if room_id is not None:
            if labels:
                self.offers[room_id] = labels
            else:
                self.offers.pop(room_id, None)

    def answers_offer(self, room_id: str, text: str) -> bool:
        """Whether `text` is a number or label of the choices the bot just offered in the room."""
        labels = self.offers.get(room_id)
        if not labels:
            return False
        typed = normalise(text)
        number = typed_number(typed)
        if number is not None:
            return 1 <= number <= len(labels)
        return typed in {normalise(label) for label in labels}


Builder = Callable[["Translator", Any, RoomView], list[Incoming]]


class Translator:
    """Turns the events of one sync into core events, for the bot `bot_id`."""

    def __init__(self, bot_id: str, memory: Memory | None = None, bot_name: str = "") -> None:
        self.bot_id = bot_id
        self.memory = memory or Memory()
        self.bot_name = bot_name

    def translate(self, event: Event, room: RoomView) -> list[Incoming]:
        """The core events `event` means (often none)."""
        if event.sender == self.bot_id and not isinstance(event, RoomMemberEvent):
            return []
        for kind in type(event).__mro__:
            builder = BUILDERS.get(kind)
            if builder is not None:
                return builder(self, event, room)
        return []

    # ------------------------------------------------------------------ helpers

    def chat(self, room: RoomView, thread: str | None = None) -> ChatRef:
        """The core's chat; `thread` (a thread's root event) when the event is in a thread."""
        return ChatRef(
            Platform.MATRIX,
            room.room_id,
            is_private=room.is_private,
            title=room.title,
            thread_id=thread,
        )

    def is_addressed(self, content: dict[str, Any], body: str) -> bool:
        """A mention of the bot (m.mentions, its id or name in the text) or a reply to it."""
        mentions = content.get(MENTIONS)
        if isinstance(mentions, dict) and self.bot_id in (mentions.get("user_ids") or []):
            return True
        reply_to = reply_target(content)
        if reply_to is not None and reply_to in self.memory.sent:
            return True
        if body.startswith(f"> <{self.bot_id}>"):
            return True
        lowered = _without_reply_fallback(body).strip().casefold()
        if self.bot_id.casefold() in lowered:
            return True
        names = {self.bot_name.casefold(), self.bot_id[1:].split(":")[0].casefold()} - {""}
        # the name is an ordinary word ("Lagerfeuer"): only "@name" or "name:" at the start count
        return any(
            re.search(rf"(?<!\w)@{re.escape(name)}(?!\w)", lowered)
            or re.match(rf"^{re.escape(name)}\s*[:,]", lowered)
            for name in names
        )

    def strip_address(self, body: str) -> str:
        """The text without a reply fallback and without a leading "Lagerfeuer:" address."""
        text = _without_reply_fallback(body).strip()
        for name in (self.bot_id, self.bot_name, self.bot_id[1:].split(":")[0]):
            if not name:
                continue
            match = re.match(rf"^@?{re.escape(name)}\s*[:,]?\s*", text, flags=re.IGNORECASE)
            if match and match.end() > 0:
                return text[match.end() :].strip() or text
        return text


def user_ref(user_id: str, display_name: str = "") -> UserRef:
    """A Matrix user as the core sees them."""
    return UserRef(Platform.MATRIX, user_id, display_name or user_id)


def thread_root(content: dict[str, Any]) -> str | None:
    """The root event of the thread a message is in (`rel_type: m.thread`), or None."""
    relates = content.get(RELATES_TO)
    if not isinstance(relates, dict) or relates.get("rel_type") != THREAD:
        return None
    root = relates.get("event_id")
    return root if isinstance(root, str) else None


def reply_target(content: dict[str, Any], *, fallbacks: bool = True) -> str | None:
    """The event a message replies to; with `fallbacks=False` not a thread's reply fallback
    (`is_falling_back`: the thread's latest message, not one the person chose)."""
    relates = content.get(RELATES_TO)
    if not isinstance(relates, dict):
        return None
    if not fallbacks and relates.get("is_falling_back") is True:
        return None
    in_reply = relates.get(IN_REPLY_TO)
    if isinstance(in_reply, dict) and isinstance(in_reply.get("event_id"), str):
        return str(in_reply["event_id"])
    return None


def replied_to(content: dict[str, Any]) -> str | None:
    """The event a message replies to (`m.in_reply_to`). In a thread, `is_falling_back` marks
    that pointer as a mere fallback for clients without threads: such a message answers the
    thread's root (a thread opened on a message is a reply to it)."""
    relates = content.get(RELATES_TO)
    root = thread_root(content)
    if root is not None and isinstance(relates, dict) and relates.get("is_falling_back", False):
        return root
    return reply_target(content)


def _without_reply_fallback(body: str) -> str:
    """Drop the "> quoted" lines clients put before a reply's own text."""
    lines = body.split("\n")
    if not lines or not lines[0].startswith("> "):
        return body
    index = 0
    while index < len(lines) and lines[index].startswith(">"):
        index += 1
    return "\n".join(lines[index:]).lstrip("\n")


# --------------------------------------------------------------------------- builders


def is_edit(content: dict[str, Any]) -> bool:
    """An edit (`m.replace`): never an ordinary message, its body is only a "* text" fallback."""
    relates = content.get(RELATES_TO)
    replaces = isinstance(relates, dict) and relates.get("rel_type") == REPLACE
    return replaces or NEW_CONTENT in content


def _message(
    tr: Translator, event: RoomMessageText | RoomMessageEmote, room: RoomView
) -> list[Incoming]:
    content = event.source.get("content", {})
    if is_edit(content):
        return []  # edits are the adapter's (edits.py): they may need their original
    root = thread_root(content)
    if root is not None:
        tr.memory.in_thread(root, event.event_id)
    return said(tr, event.event_id, event.sender, content, event.body, room)


def edited(
    tr: Translator,
    event_id: str,
    sender: str,
    new_content: dict[str, Any],
    original: dict[str, Any],
    room: RoomView,
) -> list[Incoming]:
    """What an edit's new text means; where it stands (thread, reply) is the original's."""
    if sender == tr.bot_id:
        return []
    content = {key: value for key, value in new_content.items() if key != RELATES_TO}
    if isinstance(original.get(RELATES_TO), dict):
        content[RELATES_TO] = original[RELATES_TO]
    return said(tr, event_id, sender, content, str(new_content.get("body", "")), room)


def said(
    tr: Translator, event_id: str, sender: str, content: dict[str, Any], body: str, room: RoomView
) -> list[Incoming]:
    """What a person's text means: a command, text (addressed or not), or nothing."""
    user = user_ref(sender, room.name_of(sender) or "")
    chat = tr.chat(room, thread_root(content))
    event_id = EVENT_PREFIX + event_id
    addressed = tr.is_addressed(content, body)
    text = tr.strip_address(body)
    parsed = parse_command(text)
    if parsed is not None:
        name, args = parsed
        return [CommandReceived(event_id, chat, user, name, args)]
    if not text:
        return []
    # in a room, "2" or a label right after the bot offered choices answers the bot
    addressed = addressed or room.is_private or tr.memory.answers_offer(room.room_id, text)
    reply_to = replied_to(content)
    return [TextReceived(event_id, chat, user, text, addressed=addressed, reply_to=reply_to)]


def _member(tr: Translator, event: RoomMemberEvent, room: RoomView) -> list[Incoming]:
    joined_now = event.membership == "join" and event.prev_membership != "join"
    left_now = event.membership in ("leave", "ban") and event.prev_membership == "join"
    event_id = EVENT_PREFIX + event.event_id
    chat = tr.chat(room)
    if event.state_key == tr.bot_id:
        if not joined_now:
            return []
        inviter = tr.memory.inviters.pop(room.room_id, None)
        if room.is_private:
            # someone opened a DM with the bot: greet them as `/start` would
            return [CommandReceived(event_id, chat, user_ref(inviter), "start")] if inviter else []
        who = user_ref(inviter) if inviter else UserRef(Platform.MATRIX, tr.bot_id, is_bot=True)
        return [BotAddedToRoom(event_id, chat, who)]
    if room.is_private:
        return []  # the other person entering a DM is no community join
    name = str(event.content.get("displayname") or "")
    if event.membership == "knock" and event.prev_membership != "knock":
        # a knock asks to join a room whose join rule is `knock`: a request to answer
        return [JoinRequested(event_id, chat, user_ref(event.state_key, name))]
    if joined_now:
        return [MemberJoined(event_id, chat, user_ref(event.state_key, name))]
    if left_now:
        previous = event.prev_content or {}
        return [
            MemberLeft(
                event_id, chat, user_ref(event.state_key, str(previous.get("displayname") or ""))
            )
        ]
    return []


def _reaction_choice(
    tr: Translator, reacts_to: str, key: str, event: Event, room: RoomView
) -> list[Incoming]:
    values = tr.memory.sent.get(reacts_to)
    if not values:
        return []
    normalised = key.replace("\ufe0f", "").strip()
    keys = [k.replace("\ufe0f", "") for k in KEYCAPS]
    if normalised in keys:
        index = keys.index(normalised)
    elif is_number(normalised):
        index = int(normalised) - 1
    else:
        return []
    if not 0 <= index < len(values):
        return []
    chat, user = tr.chat(room), user_ref(event.sender)
    return [ChoiceMade(EVENT_PREFIX + event.event_id, chat, user, values[index])]


def _reaction(tr: Translator, event: ReactionEvent, room: RoomView) -> list[Incoming]:
    return _reaction_choice(tr, event.reacts_to, event.key, event, room)


def _unknown(tr: Translator, event: UnknownEvent, room: RoomView) -> list[Incoming]:
    """Reactions that nio did not parse as such (for example after decryption)."""
    if event.type != "m.reaction":
        return []
    relates = event.source.get("content", {}).get(RELATES_TO, {})
    if not isinstance(relates, dict):
        return []
    target, key = relates.get("event_id"), relates.get("key")
    if not isinstance(target, str) or not isinstance(key, str):
        return []
    return _reaction_choice(tr, target, key, event, room)


BUILDERS: dict[type, Builder] = {
    RoomMessageText: _message,
    RoomMessageEmote: _message,
    RoomMemberEvent: _member,
    ReactionEvent: _reaction,
    UnknownEvent: _unknown,
}
"""Event type -> builder; a type not listed (and no base class listed) means nothing."""

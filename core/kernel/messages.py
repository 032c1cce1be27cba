"""Platform-neutral messages: who, where, what came in and what goes out.

Adapters translate platform updates into these inbound events and render the outbound
actions; nothing platform-specific ever appears here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import assert_never


class Platform(StrEnum):
    """The chat networks Lagerfeuer speaks on."""

    TELEGRAM = "telegram"
    MATRIX = "matrix"
    CONSOLE = "console"


@dataclass(frozen=True, slots=True)
class UserRef:
    """A person (or bot) on one platform; `display_name` is data, never markup."""

    platform: Platform
    id: str
    display_name: str = ""
    is_bot: bool = False
    language_hint: str | None = None


@dataclass(frozen=True, slots=True)
class ChatRef:
    """A private chat or a room; `thread_id` is a forum topic where the platform has them.

    A private chat whose `id` is a person's user id is the bot's private chat with them:
    each channel finds it (Telegram: the same id; Matrix: the DM in `m.direct`).
    """

    platform: Platform
    id: str
    is_private: bool
    title: str = ""
    thread_id: str | None = None

    @property
    def key(self) -> str:
        """A stable key for storage: platform and chat id."""
        return f"{self.platform.value}:{self.id}"


# --------------------------------------------------------------------------- inbound


@dataclass(frozen=True, slots=True)
class Inbound:
    """Base of every inbound event; `event_id` makes redelivery harmless."""

    event_id: str
    chat: ChatRef
    user: UserRef


@dataclass(frozen=True, slots=True)
class TextReceived(Inbound):
    """A plain message. `addressed`: a mention of the bot or a reply to it. `reply_to`: the
    platform's id of the message this one replies to (Telegram's `reply_to_message`, Matrix's
    `m.in_reply_to`), whoever wrote that one; None when it replies to nothing."""

    text: str
    addressed: bool = False
    reply_to: str | None = None


@dataclass(frozen=True, slots=True)
class CommandReceived(Inbound):
    """A command such as `/start payload`; `name` is lower case without the prefix."""

    name: str
    args: str = ""


@dataclass(frozen=True, slots=True)
class ChoiceMade(Inbound):
    """A button press or a numbered answer; `value` is the choice's opaque value."""

    value: str


@dataclass(frozen=True, slots=True)
class MemberJoined(Inbound):
    """Someone joined a room (the `user` field); never the bot itself."""


@dataclass(frozen=True, slots=True)
class MemberLeft(Inbound):
    """Someone left a room."""


@dataclass(frozen=True, slots=True)
class BotAddedToRoom(Inbound):
    """The bot itself joined a room; `user` is whoever added or invited it."""


@dataclass(frozen=True, slots=True)
class JoinRequested(Inbound):
    """Someone (`user`) asks to join the room `chat`, which requires approval; `private` is
    where the bot may write to them about it (Telegram: `user_chat_id`, for five minutes), or
    None where the bot opens a private chat itself (a Matrix knock)."""

    private: ChatRef | None = None


InboundEvent = (
    TextReceived
    | CommandReceived
    | ChoiceMade
    | MemberJoined
    | MemberLeft
    | BotAddedToRoom
    | JoinRequested
)


# --------------------------------------------------------------------------- outbound


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer option: shown as a button or a numbered line."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Link:
    """A link the reader can open; the url comes from content, never made up."""

    label: str
    url: str


@dataclass(frozen=True, slots=True)
class OnboardingInvite:
    """The way from a room into private onboarding; `payload` names the room (A-Za-z0-9_-)."""

    label: str
    payload: str
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a person's name sits in a reply's text: `text[start:end]`, to be linked to them."""

    start: int
    end: int
    user: UserRef


@dataclass(frozen=True, slots=True)
class Reply:
    """A message to post. `text` is literal text: adapters escape everything in it.

    `tag` names messages the core wants to remember (a welcome, to delete it later);
    adapters report the platform message id back through `Assistant.message_sent`.
    `mentions` are the people this message may ping; `spans` say where in `text` their
    names are (adapters link exactly there, never where the name happens to appear).
    """

    chat: ChatRef
    text: str
    choices: tuple[Choice, ...] = ()
    links: tuple[Link, ...] = ()
    invite: OnboardingInvite | None = None
    mentions: tuple[UserRef, ...] = ()
    tag: str | None = None
    spans: tuple[Mention, ...] = ()
    html: str | None = None


@dataclass(frozen=True, slots=True)
class DeleteMessage:
    """Remove one of the bot's own messages (for example the previous welcome)."""

    chat: ChatRef
    message_id: str


@dataclass(frozen=True, slots=True)
class Pin:
    """Pin a message the bot sent."""

    chat: ChatRef
    message_id: str


@dataclass(frozen=True, slots=True)
class OpenDirectChat:
    """Open a private chat with a person (Matrix; Telegram bots cannot write first).

    Once it is open the adapter hands the core `CommandReceived("start", payload)` from there,
    so the conversation itself stays in the core. `lang` is the language of the room it was
    asked in: an adapter that must say something itself (Telegram asks in that room) says it
    in that language.
    """

    user: UserRef
    payload: str
    lang: str


@dataclass(frozen=True, slots=True)
class AnswerJoinRequest:
    """Answer a person's request to join the room `chat`: let them in (`approve`) or not;
    `reason` is shown with a decline where the platform shows one (Matrix)."""

    chat: ChatRef
    user: UserRef
    approve: bool
    reason: str = ""


Action = Reply | DeleteMessage | Pin | OpenDirectChat | AnswerJoinRequest


def platform_of(action: Action) -> Platform:
    """Which platform an action goes to."""
    match action:
        case Reply() | DeleteMessage() | Pin() | AnswerJoinRequest():
            return action.chat.platform
        case OpenDirectChat():
            return action.user.platform
        case _:
            assert_never(action)

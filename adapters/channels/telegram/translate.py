"""Telegram updates as core events: the only place that reads PTB's Update objects.

Pure: `translate(update, bot, commands)` looks at nothing but the update, the bot's identity
and the words of its commands (a bare unknown command in a group is another bot's), and
returns the core events plus the few facts the adapter itself acts on (admin list changed,
group migrated, bot removed, a button press to answer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from telegram import (
    Chat,
    ChatJoinRequest,
    ChatMember,
    ChatMemberUpdated,
    Message,
    MessageEntity,
    Update,
    User,
)

from core.kernel.commands import CommandWords, parse_command
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

TG = Platform.TELEGRAM
ADMIN_STATUSES = frozenset({ChatMember.ADMINISTRATOR, ChatMember.OWNER})


@dataclass(frozen=True)
class BotIdentity:
    """Who the bot is, from getMe."""

    id: int
    username: str


@dataclass
class Translation:
    """What one update means.

    `anonymous_command`: a command sent by an anonymous group administrator (as the group
    itself); the adapter asks its sender to confirm from their own account.
    """

    events: list[InboundEvent] = field(default_factory=list)
    when: datetime = field(default_factory=lambda: datetime.now(UTC))
    admins_changed: str | None = None
    migrated: tuple[str, str] | None = None
    bot_removed: ChatRef | None = None
    callback_query_id: str | None = None
    anonymous_command: CommandReceived | None = None


def event_id(update: Update) -> str:
    """The core's id for an update: handled once, however often Telegram delivers it."""
    return f"tg:{update.update_id}"


def chat_ref(chat: Chat, message: Message | None = None) -> ChatRef:
    """A ChatRef; forum topic messages carry their topic as `thread_id`."""
    thread = None
    if (
        message is not None
        and chat.is_forum
        and message.is_topic_message
        and message.message_thread_id is not None
    ):
        thread = str(message.message_thread_id)
    return ChatRef(
        TG,
        str(chat.id),
        is_private=chat.type == Chat.PRIVATE,
        title=chat.title or "",
        thread_id=thread,
    )


def user_ref(user: User) -> UserRef:
    """A UserRef; the display name is data and is never interpreted."""
    hint = (user.language_code or "")[:2].lower() or None
    return UserRef(TG, str(user.id), user.full_name, is_bot=user.is_bot, language_hint=hint)


def translate(update: Update, bot: BotIdentity, commands: CommandWords) -> Translation:
    """The core events and adapter facts of one update."""
    if update.callback_query is not None:
        return _callback(update, bot)
    if update.message is not None:
        return _message(update, update.message, bot, commands)
    if update.chat_member is not None:
        return _member(update, update.chat_member)
    if update.my_chat_member is not None:
        return _my_member(update, update.my_chat_member, bot)
    if update.chat_join_request is not None:
        return _join_request(update, update.chat_join_request)
    return Translation()


def _join_request(update: Update, request: ChatJoinRequest) -> Translation:
    """Someone asks to join a group that requires approval; `user_chat_id` is the private
    chat the bot may write to for five minutes (the bio and the invite link are not read)."""
    result = Translation(when=request.date)
    if request.chat.type == Chat.PRIVATE or request.from_user.is_bot:
        return result
    private = ChatRef(TG, str(request.user_chat_id), is_private=True)
    person = user_ref(request.from_user)
    result.events.append(JoinRequested(event_id(update), chat_ref(request.chat), person, private))
    return result


def _callback(update: Update, bot: BotIdentity) -> Translation:
    query = update.callback_query
    assert query is not None
    result = Translation(callback_query_id=query.id)
    message = query.message
    if message is None or query.data is None:
        return result
    chat = chat_ref(message.chat, message if isinstance(message, Message) else None)
    result.when = message.date if isinstance(message, Message) else result.when
    user = user_ref(query.from_user)
    result.events.append(ChoiceMade(event_id(update), chat, user, query.data))
    return result


def _message(
    update: Update, message: Message, bot: BotIdentity, commands: CommandWords
) -> Translation:
    result = Translation(when=message.date)
    chat = chat_ref(message.chat, message)
    eid = event_id(update)
    if message.migrate_to_chat_id is not None:
        result.migrated = (str(message.chat.id), str(message.migrate_to_chat_id))
        return result
    if message.new_chat_members:
        people = [m for m in message.new_chat_members if m.id != bot.id]
        for person in people:
            ident = eid if len(people) == 1 else f"{eid}:{person.id}"
            result.events.append(MemberJoined(ident, chat, user_ref(person)))
        return result
    if message.left_chat_member is not None:
        if message.left_chat_member.id != bot.id:
            result.events.append(MemberLeft(eid, chat, user_ref(message.left_chat_member)))
        return result
    if message.text is None or message.is_automatic_forward:
        return result
    sender = _sender(message)
    if sender is None:
        return result
    anonymous_admin = message.sender_chat is not None and message.sender_chat.id == message.chat.id
    text = message.text
    if text.startswith("/"):
        head = text[1:].split(maxsplit=1)[0] if len(text) > 1 else ""
        parsed = parse_command(text, bot.username)
        if parsed is not None:
            if not chat.is_private and "@" not in head and commands.resolve(parsed[0]) is None:
                return result  # an unknown bare command in a group is another bot's
            command = CommandReceived(eid, chat, sender, parsed[0], parsed[1])
            if anonymous_admin:
                result.anonymous_command = command
            else:
                result.events.append(command)
            return result
        if "@" in head:
            return result  # a command for another bot
    target = _replied_to(message)
    reply_to = str(target.message_id) if target is not None else None
    if chat.is_private:
        result.events.append(
            TextReceived(eid, chat, sender, text, addressed=True, reply_to=reply_to)
        )
        return result
    stripped, mentioned = _strip_mention(message, bot)
    replied = target is not None and target.from_user is not None and target.from_user.id == bot.id
    result.events.append(
        TextReceived(
            eid, chat, sender, stripped or text, addressed=mentioned or replied, reply_to=reply_to
        )
    )
    return result


def _replied_to(message: Message) -> Message | None:
    """The message this one replies to. In a forum topic Telegram points every message at the
    topic's first message; that is no reply of the person's own."""
    target = message.reply_to_message
    if target is None:
        return None
    if message.is_topic_message and target.message_id == message.message_thread_id:
        return None
    return target


def _sender(message: Message) -> UserRef | None:
    if message.sender_chat is not None:
        title = message.sender_chat.title or message.sender_chat.full_name or ""
        return UserRef(TG, str(message.sender_chat.id), title)
    return user_ref(message.from_user) if message.from_user is not None else None


def _strip_mention(message: Message, bot: BotIdentity) -> tuple[str, bool]:
    """The text without mentions of the bot, and whether there was one."""
    text = message.text or ""
    kept: list[str] = []
    position = 0
    found = False
    mentions = [
        entity
        for entity in message.entities
        if entity.type in (MessageEntity.MENTION, MessageEntity.TEXT_MENTION)
    ]
    # Sliced here rather than by `parse_entities`, which cannot encode a lone surrogate.
    for entity in sorted(mentions, key=lambda entity: entity.offset):
        start = _index_of_units(text, entity.offset)
        end = _index_of_units(text, entity.offset + entity.length)
        value = text[start:end]
        ours = (
            entity.type == MessageEntity.MENTION
            and value.lstrip("@").lower() == bot.username.lower()
        ) or (
            entity.type == MessageEntity.TEXT_MENTION
            and entity.user is not None
            and entity.user.id == bot.id
        )
        if not ours:
            continue
        found = True
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return " ".join("".join(kept).split()), found


def _index_of_units(text: str, units: int) -> int:
    """The code point index at a UTF-16 offset (Telegram's entity offsets)."""
    count = 0
    for index, char in enumerate(text):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def _is_member(member: ChatMember) -> bool:
    if member.status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER):
        return True
    return member.status == ChatMember.RESTRICTED and bool(getattr(member, "is_member", False))


def _member(update: Update, change: ChatMemberUpdated) -> Translation:
    result = Translation(when=change.date)
    chat = chat_ref(change.chat)
    old, new = change.old_chat_member, change.new_chat_member
    if old.status in ADMIN_STATUSES or new.status in ADMIN_STATUSES:
        result.admins_changed = str(change.chat.id)
    was, now = _is_member(old), _is_member(new)
    person = user_ref(new.user)
    if not was and now:
        result.events.append(MemberJoined(event_id(update), chat, person))
    elif was and not now:
        result.events.append(MemberLeft(event_id(update), chat, person))
    return result


def _my_member(update: Update, change: ChatMemberUpdated, bot: BotIdentity) -> Translation:
    result = Translation(when=change.date)
    chat = chat_ref(change.chat)
    result.admins_changed = None if chat.is_private else str(change.chat.id)
    was, now = _is_member(change.old_chat_member), _is_member(change.new_chat_member)
    if now and not was and not chat.is_private:
        by = user_ref(change.from_user)
        result.events.append(BotAddedToRoom(event_id(update), chat, by))
    elif was and not now:
        result.bot_removed = chat
    return result

"""`/kontakt` (English `/contact`): a person's message, from private chat, to the moderators.

The message goes to the moderators' room (`/community modroom`), or without one to the
private chat of every community moderator; the person hears that a human will answer. It is
never stored: only the way back (core/contact/relay.py) and the times, for the limits. One
person passes on at most PER_DAY messages a day, everyone together at most ALL_PER_HOUR an
hour, so nobody can flood the moderators.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from core.community import community_moderators, moderators_room, room_chat
from core.contact.relay import OPEN_FOR, TAG, Relay, post_for
from core.contact.store import ContactStore, Request
from core.kernel.assistant import Actions, Deps, Registry, Turn
from core.kernel.commands import CommandSpec, Prefix, named
from core.kernel.messages import ChatRef, Choice, Platform, Reply
from core.kernel.names import clean_text
from core.kernel.ports import Conversation

_SPEC = named("contact")
assert _SPEC is not None
CONTACT: CommandSpec = _SPEC

KIND = "contact"
"""The Conversation kind while the bot waits for the message after `/kontakt` alone."""
ASKED = "message"
BEFORE = "contact.before"
"""Where the dialogue the question interrupted (an onboarding step) is kept meanwhile."""
CANCEL = f"{Prefix.CONTACT.value}:cancel"
PATIENCE = timedelta(minutes=30)
"""How long after `/kontakt` alone the next message is taken as the one to pass on."""
PER_DAY = 3
"""Messages one person may pass on within 24 hours."""
ALL_PER_HOUR = 30
"""Messages everyone together may pass on within an hour (many accounts cannot flood either)."""
LONGEST = 3000
"""The longest message passed on: with its heading it fits into one Telegram message."""
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)

log = logging.getLogger(__name__)


def install(registry: Registry, deps: Deps, store: ContactStore) -> None:
    """Register `/contact`, its cancel button, the message asked for, the moderators' replies,
    the ids of the posts (and those that could not be delivered) and the clean-up of old ways
    back."""
    contact = _Contact(store)
    relay = Relay(deps, store)
    registry.command("contact", contact.command)
    registry.choice(Prefix.CONTACT, contact.choice)
    registry.dialogues[KIND] = contact.dialogue
    registry.waiting[KIND] = contact.interrupted
    registry.replies.append(relay.answered)
    registry.sent[TAG] = relay.sent
    registry.undelivered[TAG] = relay.undelivered
    registry.tickers.append(relay.tick)


class _Contact:
    """The person's side: asking for the message and passing it on."""

    def __init__(self, store: ContactStore) -> None:
        self.store = store

    async def command(self, turn: Turn, args: str) -> Actions:
        """`/kontakt <text>` passes it on at once; `/kontakt` alone asks for it."""
        if not turn.chat.is_private:  # a menu button pressed in a room
            shown = turn.deps.content.commands.shown(CONTACT, turn.lang)
            return [turn.reply("common.private_only", command=shown)]
        if args.strip():
            await _close(turn)
            return await self._pass_on(turn, args)
        await _ask(turn)
        cancel = Choice(turn.t("contact.cancel"), CANCEL)
        return [Reply(turn.chat, turn.t("contact.ask"), choices=(cancel,))]

    async def dialogue(self, turn: Turn, conversation: Conversation, text: str) -> Actions | None:
        """The message typed after `/kontakt` alone (after PATIENCE it is an ordinary one)."""
        if conversation.step != ASKED:
            return None
        asked_at = conversation.updated_at
        await _close(turn)
        if asked_at is None or turn.deps.clock.now() - asked_at > PATIENCE:
            return None
        return await self._pass_on(turn, text)

    async def interrupted(self, turn: Turn, command: str) -> Actions:
        """Another command instead of the message: no longer waiting for it."""
        if command == CONTACT.name or not await _close(turn):
            return []  # `/kontakt` again asks again
        return [turn.reply("contact.cancelled")]

    async def choice(self, turn: Turn, value: str) -> Actions:
        """The cancel button under the question."""
        if value != CANCEL or not await _close(turn):
            return [turn.reply("common.choice_expired")]
        return [turn.reply("contact.cancelled")]

    async def _pass_on(self, turn: Turn, typed: str) -> Actions:
        text = clean_text(typed)
        if not text:
            return [turn.reply("contact.empty")]
        if len(text) > LONGEST:
            return [turn.reply("contact.too_long", limit=LONGEST)]
        now, user = turn.deps.clock.now(), turn.user
        if await self.store.requests_since(now - DAY, user.platform.value, user.id) >= PER_DAY:
            return [turn.reply("contact.too_many", count=PER_DAY)]
        if await self.store.all_requests_since(now - HOUR) >= ALL_PER_HOUR:
            return [turn.reply("contact.busy")]
        targets = await self._targets(turn)
        if not targets:
            return [turn.reply("contact.nobody")]
        request = Request(
            uuid.uuid4().hex,
            user.platform.value,
            user.id,
            turn.chat.id,
            turn.lang,
            now,
            posts=len(targets),
        )
        await self.store.open_request(request)
        posts: Actions = [
            post_for(turn, chat, lang, request, text, recipient)
            for chat, lang, recipient in targets
        ]
        log.info("contact: a message passed on to %d chat(s)", len(posts))
        days = OPEN_FOR.days
        return [*posts, turn.reply("contact.passed_on", days=days)]

    async def _targets(self, turn: Turn) -> list[tuple[ChatRef, str, str | None]]:
        """Where the message goes, each with its language and the moderator whose private chat
        it is: the moderators' room, or else every community moderator but the writer."""
        deps = turn.deps
        modroom = await moderators_room(deps.store)
        if modroom is not None:
            return [(room_chat(modroom), modroom.language or deps.default_language, None)]
        targets: list[tuple[ChatRef, str, str | None]] = []
        for moderator in await community_moderators(deps):
            if (moderator.platform, moderator.id) == (turn.user.platform, turn.user.id):
                continue
            platform = moderator.platform.value
            person = await deps.store.get_person(platform, moderator.id)
            lang = person.language if person is not None and person.language else None
            # a private chat the bot knows (a Matrix DM), else the one named by their id
            chat_id = await self.store.private_chat(platform, moderator.id) or moderator.id
            chat = ChatRef(Platform(platform), chat_id, is_private=True)
            targets.append((chat, lang or deps.default_language, moderator.id))
        return targets


async def _ask(turn: Turn) -> None:
    """Wait for the message in this chat, keeping the dialogue it interrupts."""
    store, chat = turn.deps.store, turn.chat
    key = (chat.platform.value, chat.id, turn.user.id)
    conversation = await store.get_conversation(*key) or Conversation(*key)
    if conversation.kind != KIND:
        conversation.data[BEFORE] = [conversation.kind, conversation.step]
    conversation.kind, conversation.step = KIND, ASKED
    conversation.updated_at = turn.deps.clock.now()
    await store.save_conversation(conversation)


async def _close(turn: Turn) -> bool:
    """Stop waiting for the message and go back to the dialogue it interrupted; False when
    the bot was not waiting."""
    store, chat = turn.deps.store, turn.chat
    conversation = await store.get_conversation(chat.platform.value, chat.id, turn.user.id)
    if conversation is None or conversation.kind != KIND:
        return False
    before = conversation.data.pop(BEFORE, None)
    kind, step = before if isinstance(before, list) and len(before) == 2 else (None, None)
    conversation.kind = kind if isinstance(kind, str) else None
    conversation.step = step if isinstance(step, str) else None
    conversation.offered = []
    await store.save_conversation(conversation)
    return True

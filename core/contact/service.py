"""`/kontakt` (English `/contact`): a person's message to the community's moderators, in private
chat, and a moderator's answer back to them.

The message goes to the moderators' room (`/community modroom`), or, without one, to each
community moderator's private chat, saying who wrote it (their name as the platform shows it,
linked to them). A community moderator answers by replying to that post: each such reply
reaches the person once, marked as the team's (a second reply is a second answer, as in a
support chat). Anyone else's reply is not passed on. Kept is only the way back, which post
stands for whose private chat, never the message; it goes after `ROUTE_KEPT` or with `/forget`.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from core.community import moderator_ids, moderators_room, room_chat
from core.contact.store import Contact, ContactStore
from core.kernel.assistant import Actions, Deps, Registry, Turn
from core.kernel.commands import Prefix
from core.kernel.messages import ChatRef, Choice, Mention, Platform, Reply, UserRef
from core.kernel.names import clean_name
from core.kernel.ports import Conversation

KIND = "contact"
ASKED = "message"
PREFIX = Prefix.CONTACT
CANCEL = f"{PREFIX.value}:cancel"
TAG = "contact"
"""Tag of the posts to the moderators; `Assistant.message_sent` reports their ids here."""
PATIENCE = timedelta(minutes=30)
"""How long after `/kontakt` alone the next text is taken as the message."""
PER_HOUR = 3
"""Messages one person may pass on within an hour, so the moderators cannot be flooded."""
ROUTE_KEPT = timedelta(days=14)
"""How long a moderator's reply still finds its way back (privacy.text says so)."""
LONGEST = 3000
"""The longest message passed on: with the heading it fits into one Telegram message."""
EVERY = timedelta(hours=1)
_NAME_MARK = "\ue000"
"""Stands for the name while the heading is filled in (clean_name drops such characters)."""

log = logging.getLogger(__name__)


def install(registry: Registry, deps: Deps, store: ContactStore) -> None:
    """Register `/contact`, its cancel button, the asked-for message, the moderators' replies,
    the ids of the posts and the clean-up of old ways back."""
    service = _Contact(deps, store)
    registry.command("contact", service.command)
    registry.choice(PREFIX, service.choice)
    registry.dialogues[KIND] = service.dialogue
    registry.replies.append(service.answered)
    registry.sent[TAG] = service.sent
    registry.tickers.append(service.tick)


class _Contact:
    """The handlers, sharing the feature's store."""

    def __init__(self, deps: Deps, store: ContactStore) -> None:
        self.deps = deps
        self.store = store
        self.last_pruned: datetime | None = None

    # ------------------------------------------------------------------ the person

    async def command(self, turn: Turn, args: str) -> Actions:
        """`/kontakt <text>` passes it on at once; `/kontakt` alone asks for it."""
        text = args.strip()
        if text:
            return await self._pass_on(turn, text)
        await turn.wait_for(KIND, ASKED)
        cancel = Choice(turn.t("contact.cancel"), CANCEL)
        return [Reply(turn.chat, turn.t("contact.ask"), choices=(cancel,))]

    async def dialogue(self, turn: Turn, conversation: Conversation, text: str) -> Actions | None:
        """The message typed after `/kontakt` alone."""
        if conversation.step != ASKED:
            return None
        asked_at = conversation.updated_at
        if asked_at is None or turn.deps.clock.now() - asked_at > PATIENCE:
            await _close(turn)
            return None
        return await self._pass_on(turn, text.strip())

    async def choice(self, turn: Turn, value: str) -> Actions:
        """The cancel button under the question."""
        if value != CANCEL or not await _close(turn):
            return [turn.reply("common.choice_expired")]
        return [turn.reply("contact.cancelled")]

    async def _pass_on(self, turn: Turn, text: str) -> Actions:
        if not text:
            return [turn.reply("contact.empty")]
        if len(text) > LONGEST:
            return [turn.reply("contact.too_long", limit=LONGEST)]
        now = turn.deps.clock.now()
        user = turn.user
        if await self.store.contacts_since(user.platform.value, user.id, now - EVERY) >= PER_HOUR:
            await _close(turn)
            return [turn.reply("contact.too_many", count=PER_HOUR)]
        targets = await self._targets(turn)
        await _close(turn)
        if not targets:
            return [turn.reply("contact.nobody")]
        contact = Contact(
            uuid.uuid4().hex, user.platform.value, user.id, turn.chat.id, turn.lang, now
        )
        await self.store.open_contact(contact)
        posts: Actions = [self._post(turn, chat, lang, contact, text) for chat, lang in targets]
        return [*posts, turn.reply("contact.passed_on")]

    async def _targets(self, turn: Turn) -> list[tuple[ChatRef, str]]:
        """Where the message goes, each with its language: the moderators' room, or else the
        private chat of every community moderator (but the writer)."""
        deps = turn.deps
        modroom = await moderators_room(deps.store)
        if modroom is not None:
            return [(room_chat(modroom), modroom.language or deps.default_language)]
        targets: list[tuple[ChatRef, str]] = []
        for platform, user_id in await moderator_ids(deps):
            if (platform, user_id) == (turn.user.platform.value, turn.user.id):
                continue
            person = await deps.store.get_person(platform, user_id)
            lang = person.language if person is not None and person.language else None
            chat = ChatRef(Platform(platform), user_id, is_private=True)
            targets.append((chat, lang or deps.default_language))
        return targets

    def _post(self, turn: Turn, chat: ChatRef, lang: str, contact: Contact, text: str) -> Reply:
        """The post to the moderators: who wrote (linked to them on their own platform), the
        message literally, and how to answer."""
        texts = turn.deps.content.texts
        user = turn.user
        name = clean_name(user.display_name) or texts.get("contact.someone", lang)
        ident = f"{user.platform.value}:{user.id}"
        marked = texts.get("contact.to_team", lang, name=_NAME_MARK, id=ident)
        start = marked.find(_NAME_MARK)
        heading = marked.replace(_NAME_MARK, name)
        how = texts.get("contact.to_team_how", lang)
        body = f"{heading}\n\n{text}\n\n{how}"
        tag = f"{TAG}:{contact.contact_id}"
        if start < 0 or chat.platform is not user.platform:
            return Reply(chat, body, tag=tag)  # no link to a person of another platform
        who = UserRef(user.platform, user.id, name)
        span = Mention(start, start + len(name), who)
        return Reply(chat, body, mentions=(who,), spans=(span,), tag=tag)

    # ------------------------------------------------------------------ the moderators

    async def sent(self, reply: Reply, message_id: str) -> None:
        """A post to the moderators went out as `message_id`: the way back from it."""
        contact_id = (reply.tag or "").partition(":")[2]
        chat = reply.chat
        await self.store.remember_post(chat.platform.value, chat.id, message_id, contact_id)

    async def answered(self, turn: Turn, reply_to: str, text: str) -> Actions | None:
        """A reply to one of the posts: a community moderator's goes to the person, once."""
        chat = turn.chat
        contact = await self.store.contact_for_post(chat.platform.value, chat.id, reply_to)
        if contact is None:
            return None
        if not await turn.is_community_moderator():
            return []  # people talking in the moderators' room: not the team's answer
        answer = text.strip()
        if not answer:
            return []
        person_chat = ChatRef(Platform(contact.platform), contact.chat_id, is_private=True)
        texts = turn.deps.content.texts
        relayed = Reply(person_chat, texts.get("contact.from_team", contact.lang, message=answer))
        log.info("contact: a moderator's answer passed on")
        return [relayed, turn.reply("contact.relayed")]

    async def tick(self) -> Actions:
        """Forget the ways back older than ROUTE_KEPT, once an hour."""
        now = self.deps.clock.now()
        if self.last_pruned is not None and now - self.last_pruned < EVERY:
            return []
        self.last_pruned = now
        await self.store.prune_contacts(now - ROUTE_KEPT)
        return []


async def _close(turn: Turn) -> bool:
    """End the question for the message; False when none was open."""
    return await turn.stop_waiting(KIND)

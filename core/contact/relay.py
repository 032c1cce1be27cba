"""The moderators' side of `/kontakt`: the post they see, and their reply back to the person.

The post names who wrote as the platform shows them (linked to them where the post is on
their platform) and their id, then the message, literally. A community moderator answers by
replying to the post (the platform's reply); that answer goes to the person's private chat
once, as the team's. Then the way back is dropped: a second reply to the same post, anyone
else's reply, or a reply after the person had themselves forgotten, is not passed on (the
moderator hears so; a member replying in the moderators' room hears nothing). What a post
keeps is in core/contact/store.py; how long, below.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from core.contact.store import ContactStore, Posted, Request
from core.content.texts import fill
from core.kernel.assistant import Actions, Deps, Turn
from core.kernel.messages import ChatRef, Mention, Platform, Reply, UserRef
from core.kernel.names import clean_name, clean_text

TAG = "contact"
"""Tag of the posts to the moderators: `contact:<request>` or `contact:<request>:<moderator>`
for a moderator's private chat; `Assistant.message_sent` reports their ids here."""
OPEN_FOR = timedelta(days=7)
"""How long an unanswered message's way back is kept (contact.passed_on and /privacy say so)."""
COUNTED_FOR = timedelta(days=1)
"""How long the time of an answered message is kept, for the daily limit."""
POSTS_KEPT = timedelta(days=30)
"""How long the bot knows its posts: a late reply to one is told it cannot go out, rather
than being taken for a question to the bot."""
PRUNE_EVERY = timedelta(hours=1)
_NAME = "\ue000"
"""Stands for the name while the heading is filled in (`clean_name` drops such characters)."""

log = logging.getLogger(__name__)


def post_for(
    turn: Turn, chat: ChatRef, lang: str, request: Request, text: str, recipient: str | None
) -> Reply:
    """The post to the moderators in `chat`: who wrote, the message, how to answer."""
    texts = turn.deps.content.texts
    user = turn.user
    name = clean_name(user.display_name) or texts.get("contact.someone", lang)
    ident = f"{user.platform.value}:{user.id}"
    marked = fill(texts.get("contact.to_team", lang), {"name": _NAME, "id": ident})
    start = marked.find(_NAME)
    heading = marked.replace(_NAME, name)
    how = texts.get("contact.to_team_how", lang)
    body = f"{heading}\n\n{text}\n\n{how}"
    tag = f"{TAG}:{request.request_id}" + (f":{recipient}" if recipient is not None else "")
    if start < 0 or chat.platform is not user.platform:
        return Reply(chat, body, tag=tag)  # no link to a person of another platform
    who = UserRef(user.platform, user.id, name)
    return Reply(
        chat, body, mentions=(who,), spans=(Mention(start, start + len(name), who),), tag=tag
    )


class Relay:
    """The posts' ids, the moderators' replies, and forgetting the ways back in time."""

    def __init__(self, deps: Deps, store: ContactStore) -> None:
        self.deps = deps
        self.store = store
        self.pruned_at: datetime | None = None

    async def sent(self, reply: Reply, message_id: str) -> None:
        """A post went out as `message_id`: remember it, so a reply to it finds the person."""
        _, request_id, recipient = [*(reply.tag or "").split(":", 2), ""][:3]
        chat, now = reply.chat, self.deps.clock.now()
        posted = Posted(
            chat.platform.value, chat.id, message_id, request_id, recipient or None, now
        )
        await self.store.remember_post(posted)

    async def undelivered(self, reply: Reply) -> Actions:
        """A post the platform refused: when it was the last of the request's posts still
        going out, the person hears that nobody could be reached, and nothing is kept."""
        _, request_id = [*(reply.tag or "").split(":", 2), ""][:2]
        request = await self.store.post_undelivered(request_id)
        if request is None or request.chat_id is None:
            return []
        log.info("contact: no post of a message reached the moderators")
        lang = request.lang or self.deps.default_language
        person = ChatRef(Platform(request.platform), request.chat_id, is_private=True)
        return [Reply(person, self.deps.content.texts.get("contact.undelivered", lang))]

    async def answered(self, turn: Turn, reply_to: str, text: str) -> Actions | None:
        """A reply to one of the posts: a community moderator's goes to the person, once.
        A reply to anything else is no business of this feature (None)."""
        chat = turn.chat
        post = await self.store.post(chat.platform.value, chat.id, reply_to)
        if post is None:
            return None
        if not await turn.is_community_moderator():
            return []  # people talking in the moderators' room: not the team's answer
        answer = clean_text(text)
        if not answer:
            return []
        request = post.request
        now = self.deps.clock.now()
        if (
            request is None
            or request.chat_id is None
            or not await self.store.answer_request(request.request_id, now)
        ):
            return [turn.reply("contact.not_passed_on", days=OPEN_FOR.days)]
        lang = request.lang or self.deps.default_language
        person = ChatRef(Platform(request.platform), request.chat_id, is_private=True)
        relayed = self.deps.content.texts.get("contact.from_team", lang, message=answer)
        log.info("contact: a moderator's answer passed on")
        return [Reply(person, relayed), turn.reply("contact.relayed")]

    async def tick(self) -> Actions:
        """Once an hour, forget the ways back and posts older than they are kept."""
        now = self.deps.clock.now()
        if self.pruned_at is not None and now - self.pruned_at < PRUNE_EVERY:
            return []
        self.pruned_at = now
        await self.store.prune_contact(now - OPEN_FOR, now - COUNTED_FOR, now - POSTS_KEPT)
        return []

"""Requests to join a room that requires approval (Telegram's `chat_join_request`, a knock
in a Matrix room whose join rule is `knock`).

Where a room's moderators switched it on (`/settings requests`, off by default) and the room
belongs to the community, the bot writes to the applicant in private at once (Telegram allows
it for five minutes after the request; for a Matrix knock it opens a private chat), shows the
rules and approves the request when they press "Gelesen und einverstanden"
(core/rules/confirm.py). Without a confirmation the request
is declined after the room's wait (`/settings wait`, 24 hours by default), and the applicant
is told why. Everywhere else requests are left to the room's human moderators. Waiting
requests are kept in the database, so the wait goes on across restarts.
"""

from __future__ import annotations

from datetime import timedelta

from core.content.model import LANGUAGES
from core.kernel.assistant import Actions, Deps, Turn
from core.kernel.deeplinks import rules_payload
from core.kernel.messages import (
    AnswerJoinRequest,
    ChatRef,
    JoinRequested,
    OpenDirectChat,
    Platform,
    Reply,
    UserRef,
)
from core.rules.confirm import confirm_reply, room_chat, room_name
from core.rules.store import JoinRequest, RulesStore


class JoinRequests:
    """Answers join requests: the rules now, approval on confirmation, a decline in time."""

    def __init__(self, deps: Deps, store: RulesStore) -> None:
        self.deps = deps
        self.store = store

    def _language(self, turn: Turn) -> str:
        """The applicant's language: their choice, their app's, else the room's."""
        person, hint = turn.person, turn.user.language_hint
        if person is not None and person.language:
            return person.language
        return hint if hint in LANGUAGES else turn.lang

    async def requested(self, turn: Turn) -> Actions:
        """A request arrived: rules and button to the applicant, or nothing (moderators
        decide) where the room does not let the bot answer requests."""
        event, room, user = turn.event, turn.room, turn.user
        if not isinstance(event, JoinRequested) or room is None:
            return []
        if user.is_bot or not room.community or not room.join_requests:
            return []
        now, lang = self.deps.clock.now(), self._language(turn)
        hours = room.join_request_hours
        private = event.private.id if event.private is not None else ""
        until = now + timedelta(hours=hours)
        request = JoinRequest(room.platform, room.chat_id, user.id, private, lang, now, until)
        await self.store.save_join_request(request)
        if event.private is None:  # a Matrix knock: the rules follow in the private chat opened
            return [OpenDirectChat(user, rules_payload(room.platform, room.chat_id), lang)]
        texts = self.deps.content.texts
        ask = texts.get("rules.request.ask", lang, room=room_name(texts, room, lang), hours=hours)
        return [confirm_reply(texts, event.private, user, room, lang, ask)]

    async def decline_due(self) -> Actions:
        """Decline the requests whose wait ran out, and tell each applicant why. A room that
        stopped answering requests leaves them to its moderators."""
        actions: Actions = []
        texts = self.deps.content.texts
        for request in await self.store.due_join_requests(self.deps.clock.now()):
            key = (request.platform, request.chat_id, request.user_id)
            if not await self.store.drop_join_request(*key):
                continue
            room = await self.deps.store.get_room(request.platform, request.chat_id)
            if room is None or not room.join_requests or not room.active:
                continue  # left to the moderators, or the bot is no longer in the room
            platform, lang = Platform(request.platform), request.language
            hours = round((request.decline_at - request.requested_at).total_seconds() / 3600)
            text = texts.get(
                "rules.request.declined", lang, room=room_name(texts, room, lang), hours=hours
            )
            if request.private_chat:  # known once the private chat is open; told first, while
                # the request still waits (Telegram refuses it later to who never wrote)
                private = ChatRef(platform, request.private_chat, is_private=True)
                actions.append(Reply(private, text))
            applicant = UserRef(platform, request.user_id)
            actions.append(AnswerJoinRequest(room_chat(room), applicant, False, reason=text))
        return actions

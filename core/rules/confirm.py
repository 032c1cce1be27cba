"""Newcomers confirm a room's rules in private chat ("Gelesen und einverstanden").

A room may ask for it (`/settings confirm`, off by default). Whoever joins such a room is
expected to confirm; the welcome's button leads to the rules (`/start rules_…`), and who has
not confirmed after REMIND_AFTER is reminded once in the room, never again. The same button
answers a join request (core/rules/joins.py). A confirmation counts only for the person who
presses it (the button is marked as theirs) and only for a room they joined or asked to join.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from core.content.texts import Texts
from core.kernel.assistant import Actions, Deps, Turn
from core.kernel.choices import owned
from core.kernel.commands import Prefix
from core.kernel.deeplinks import room_for_payload, rules_payload
from core.kernel.messages import (
    AnswerJoinRequest,
    ChatRef,
    Choice,
    Mention,
    OnboardingInvite,
    Platform,
    Reply,
    UserRef,
)
from core.kernel.names import clean_name
from core.kernel.ports import RoomSettings
from core.rules.store import RulesStore
from core.rules.text import rules_for

REMIND_AFTER = timedelta(hours=1)
"""How long after a join the one reminder comes, if the rules are not confirmed by then."""
CONFIRM = f"{Prefix.RULES}:ok:"
SHOWN = 3
"""Rooms whose rules `/rules` in private chat offers to confirm at once, at most."""


def room_name(texts: Texts, room: RoomSettings, lang: str) -> str:
    """The room's name as shown, or "this group"."""
    return clean_name(room.title) or texts.get("welcome.this_room", lang)


def room_chat(room: RoomSettings) -> ChatRef:
    """The room itself, as a chat."""
    return ChatRef(Platform(room.platform), room.chat_id, is_private=False, title=room.title)


def confirm_reply(
    texts: Texts, chat: ChatRef, user: UserRef, room: RoomSettings, lang: str, ask: str
) -> Reply:
    """The room's rules, what is asked (`ask`, a whole line), and the button, marked as the
    person's own: pressed by anyone else (a forwarded message), it confirms nothing."""
    token = rules_payload(room.platform, room.chat_id).split("_", 1)[1]
    button = Choice(texts.get("rules.confirm.button", lang), owned(CONFIRM + token, user))
    text = rules_for(texts, room, lang) + "\n\n" + ask
    return Reply(chat, text, choices=(button,))


class Confirmations:
    """Joins that expect a confirmation, the rules in private chat, the button, the reminder."""

    def __init__(self, deps: Deps, store: RulesStore) -> None:
        self.deps = deps
        self.store = store
        self._names: dict[tuple[str, str, str], str] = {}
        """Names of people waiting for their reminder (never stored; lost in a restart)."""

    async def joined(self, turn: Turn) -> Actions:
        """Someone joined: a request of theirs is answered; in a room that asks for the
        confirmation, they are expected to confirm (and reminded once)."""
        room, user = turn.room, turn.user
        if room is None or user.is_bot:
            return []
        key = (room.platform, room.chat_id, user.id)
        await self.store.drop_join_request(*key)  # let in (by the bot or a moderator): answered
        if room.rules_confirm and not await self.store.rules_confirmed(*key):
            now = self.deps.clock.now()
            await self.store.expect_confirmation(*key, now + REMIND_AFTER)
            self._names[key] = clean_name(user.display_name)
        return []

    async def left(self, turn: Turn) -> Actions:
        """Someone left before their reminder came: no reminder in a room they are not in."""
        room = turn.room
        if room is not None:
            await self.store.drop_unsent_reminder(room.platform, room.chat_id, turn.user.id)
            self._names.pop((room.platform, room.chat_id, turn.user.id), None)
        return []

    async def waiting(self, turn: Turn) -> Actions:
        """In private chat: the rules of each room that waits for the person's confirmation,
        each with its button (the way in where no deep link leads here, as on Matrix)."""
        store, texts = self.deps.store, self.deps.content.texts
        platform, lang = turn.user.platform.value, turn.lang
        replies: Actions = []
        for chat_id in (await self.store.awaiting_confirmation(platform, turn.user.id))[:SHOWN]:
            room = await store.get_room(platform, chat_id)
            if room is not None and (room.rules_confirm or room.join_requests):
                ask = turn.t("rules.confirm.ask", room=room_name(texts, room, lang))
                replies.append(confirm_reply(texts, turn.chat, turn.user, room, lang, ask))
        return replies

    async def start(self, turn: Turn, payload: str) -> Actions:
        """`/start rules_…` in private chat: the room's rules, with the button where the
        person is expected to confirm them."""
        room = await room_for_payload(self.deps.store, payload)
        if room is None or room.platform != turn.user.platform.value:
            return [turn.reply("rules.confirm.nothing")]
        texts, lang = self.deps.content.texts, turn.lang
        name = room_name(texts, room, lang)
        key = (room.platform, room.chat_id, turn.user.id)
        if await self.store.rules_confirmed(*key):
            text = (
                rules_for(texts, room, lang) + "\n\n" + turn.t("rules.confirm.already", room=name)
            )
            return [Reply(turn.chat, text)]
        expected = room.rules_confirm and await self.store.expects_confirmation(*key)
        request = await self.store.get_join_request(*key)
        if request is not None and not request.private_chat:
            # the private chat opened for a knock: the answer to it goes here too
            await self.store.save_join_request(replace(request, private_chat=turn.chat.id))
        if expected or request is not None:
            ask = turn.t("rules.confirm.ask", room=name)
            return [confirm_reply(texts, turn.chat, turn.user, room, lang, ask)]
        return [Reply(turn.chat, rules_for(texts, room, lang))]

    async def choice(self, turn: Turn, value: str) -> Actions:
        """ "Gelesen und einverstanden" pressed: approve the person's request, or note that
        they confirmed the rules of the room they joined; anything else confirms nothing."""
        token = value.removeprefix(CONFIRM)
        room = await room_for_payload(self.deps.store, "rules_" + token)
        if (
            not value.startswith(CONFIRM)
            or not turn.chat.is_private
            or room is None
            or room.platform != turn.user.platform.value
        ):
            return [turn.reply("rules.confirm.nothing")]
        store, now = self.store, self.deps.clock.now()
        key = (room.platform, room.chat_id, turn.user.id)
        name = room_name(self.deps.content.texts, room, turn.lang)
        if await store.get_join_request(*key) is not None:
            await store.confirm_rules(*key, now)
            if not await store.drop_join_request(*key):
                return [turn.reply("rules.confirm.already", room=name)]
            if not room.join_requests:
                return [turn.reply("rules.request.by_moderators", room=name)]
            # the thanks first: Telegram lets the bot write to an applicant who never wrote to
            # it only while the request waits
            return [
                turn.reply("rules.request.approved", room=name),
                AnswerJoinRequest(room_chat(room), turn.user, approve=True),
            ]
        if await store.rules_confirmed(*key):
            return [turn.reply("rules.confirm.already", room=name)]
        if room.rules_confirm and await store.expects_confirmation(*key):
            await store.confirm_rules(*key, now)
            self._names.pop(key, None)
            onward = Choice(turn.t("welcome.invite.label"), f"{Prefix.MENU}:onboarding")
            return [replace(turn.reply("rules.confirm.done", room=name), choices=(onward,))]
        return [turn.reply("rules.confirm.nothing")]

    async def remind(self) -> Actions:
        """The one reminder of each newcomer whose time came and who has not confirmed."""
        actions: Actions = []
        texts = self.deps.content.texts
        for due in await self.store.due_reminders(self.deps.clock.now()):
            key = (due.platform, due.chat_id, due.user_id)
            name = self._names.pop(key, "")
            room = await self.deps.store.get_room(due.platform, due.chat_id)
            if room is None or not room.active or not room.rules_confirm:
                continue
            if await self.store.rules_confirmed(*key):
                continue
            lang = room.language or self.deps.default_language
            shown = name or texts.get("welcome.someone", lang)
            text = texts.get("rules.reminder", lang, name="\0", room=room_name(texts, room, lang))
            start = text.index("\0")
            text = text.replace("\0", shown, 1)
            person = UserRef(Platform(due.platform), due.user_id, shown)
            invite = OnboardingInvite(
                texts.get("rules.invite.label", lang), rules_payload(due.platform, due.chat_id)
            )
            chat = replace(room_chat(room), thread_id=room.welcome_topic)
            span = Mention(start, start + len(shown), person)
            actions.append(Reply(chat, text, invite=invite, mentions=(person,), spans=(span,)))
        return actions

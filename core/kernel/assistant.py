"""The dispatcher: one inbound event in, the actions that answer it out.

Services (answers, flows, welcome, settings, announcements ...) register their commands,
choice prefixes, open-dialogue handlers and timers in a Registry; the Assistant routes
every event to the one that handles it and applies the rules every command shares
(who may use it, where, in which language; whose choices a room's buttons are).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

from core.content.model import LANGUAGES, Content
from core.content.overlay import Overlay, apply_overlay
from core.content.texts import Texts
from core.errors import RegistrationError
from core.kernel.choices import (
    ANYONE,
    bare_number,
    match_offered,
    owned,
    owner_token,
    split_owner,
)
from core.kernel.commands import COMMANDS, CommandWords, Prefix, Where, Who, named
from core.kernel.language import detect, markers
from core.kernel.messages import (
    Action,
    BotAddedToRoom,
    ChatRef,
    ChoiceMade,
    CommandReceived,
    InboundEvent,
    JoinRequested,
    MemberJoined,
    MemberLeft,
    Reply,
    TextReceived,
    UserRef,
)
from core.kernel.ports import (
    Clock,
    Conversation,
    Moderators,
    Person,
    RoomDoors,
    RoomOffer,
    RoomSettings,
    Store,
)
from core.kernel.unicode import valid_strings

log = logging.getLogger(__name__)


class ContentHolder:
    """The content in force; replaced as a whole on reload, so a turn sees one version.
    What moderators taught in the chat (core/content/overlay.py) stays on top of it."""

    def __init__(self, content: Content, overlay: Overlay | None = None) -> None:
        self.overlay = overlay or Overlay()
        self.listeners: list[Callable[[Content], None]] = []
        """Told the content in force each time it changes (reload, teaching), so a feature
        can prepare for it before the next turn (the answer index, core/answers)."""
        self.replace(content)

    def replace(self, content: Content) -> None:
        """Swap in newly loaded (and already checked) content; the overlay stays on top."""
        self.loaded = content
        self.content = apply_overlay(content, self.overlay)
        self.texts = Texts(content.texts)
        self.commands = CommandWords(self.texts)  # the words each command answers to
        self.language_words = markers(content.texts)
        self._changed()

    def teach(self, overlay: Overlay) -> None:
        """Lay a new overlay over the loaded content: it takes effect with the next turn."""
        self.overlay = overlay
        self.content = apply_overlay(self.loaded, overlay)
        self._changed()

    def warm(self) -> None:
        """Tell the listeners the content in force once more, so what they would otherwise
        build at the first turn (the answer index) is built now: called once start-up is
        done, so that work does not delay connecting to the platforms."""
        self._changed()

    def _changed(self) -> None:
        for listener in self.listeners:
            listener(self.content)


@dataclass
class Deps:
    """What every service may use."""

    content: ContentHolder
    store: Store
    clock: Clock
    moderators: Moderators
    doors: RoomDoors
    """How someone gets into a room (the starter plan's rooms of the community)."""
    default_language: str = "de"
    timezone: str = "Europe/Berlin"
    operators: frozenset[str] = frozenset()
    """The operator's community moderators (`LAGERFEUER_MODERATORS`), as `platform:id`."""


@dataclass
class Turn:
    """One inbound event with what was looked up for it."""

    event: InboundEvent
    lang: str
    person: Person | None
    room: RoomSettings | None
    deps: Deps
    _roles: dict[str, bool] = field(default_factory=dict)

    @property
    def chat(self) -> ChatRef:
        return self.event.chat

    @property
    def user(self) -> UserRef:
        return self.event.user

    @property
    def content(self) -> Content:
        return self.deps.content.content

    def t(self, key: str, **params: object) -> str:
        """A text in this turn's language."""
        return self.deps.content.texts.get(key, self.lang, **params)

    def reply(self, key: str, **params: object) -> Reply:
        """A reply to this chat with the text `key`."""
        return Reply(self.chat, self.t(key, **params))

    async def is_community_moderator(self) -> bool:
        """The operator named the person in `LAGERFEUER_MODERATORS`, or a community moderator
        named them with `/moderators add`."""
        if "community" not in self._roles:
            user = self.user
            self._roles["community"] = not user.is_bot and (
                f"{user.platform.value}:{user.id}" in self.deps.operators
                or await self.deps.store.is_named_moderator(user.platform.value, user.id)
            )
        return self._roles["community"]

    async def is_room_moderator(self) -> bool:
        """The platform makes the person a moderator of this room (never in private chat)."""
        if "room" not in self._roles:
            self._roles["room"] = (
                not self.chat.is_private
                and not self.user.is_bot
                and await self.deps.moderators.is_moderator(self.chat, self.user)
            )
        return self._roles["room"]

    async def is_moderator(self) -> bool:
        """Whether the person may moderate this chat: a community moderator anywhere, or a
        moderator of this very room (so in private chat only community moderators)."""
        return await self.is_community_moderator() or await self.is_room_moderator()

    async def may(self, who: Who) -> bool:
        """Whether the person is among `who` here."""
        if who is Who.COMMUNITY:
            return await self.is_community_moderator()
        if who is Who.MODERATOR:
            return await self.is_moderator()
        return True

    def refusal(self, who: Who) -> Reply:
        """The polite refusal for someone who is not among `who`; it names no room or person."""
        if who is Who.COMMUNITY:
            return self.reply("common.community_only")
        if self.chat.is_private:
            return self.reply("common.moderators_only_private")
        return self.reply("common.moderators_only")


Actions = list[Action]
CommandHandler = Callable[[Turn, str], Awaitable[Actions]]
ChoiceHandler = Callable[[Turn, str], Awaitable[Actions]]
DialogueHandler = Callable[[Turn, Conversation, str], Awaitable[Actions | None]]
TextHandler = Callable[[Turn, str], Awaitable[Actions]]
EventHandler = Callable[[Turn], Awaitable[Actions]]
Ticker = Callable[[], Awaitable[Actions]]
SentHandler = Callable[[Reply, str], Awaitable[None]]
UndeliveredHandler = Callable[[Reply], Awaitable[Actions]]
Gate = Callable[[Turn], Awaitable[Actions | None]]
"""Runs before routing; a list stops the event there (flood protection, core/basics/flood.py)."""
Urgent = Callable[[Turn, str], Awaitable[Actions | None]]
"""Reads private or addressed text before anything else (a crisis, core/basics/care.py); a list
is the whole answer, even in the middle of a dialogue."""
Replied = Callable[[Turn, str, str], Awaitable[Actions | None]]
"""Reads a message that replies to another (`TextReceived.reply_to`, then the text) before
anything else (a moderator answering a `/kontakt` post, core/contact); a list is the whole
answer, None passes the message on."""
Interrupted = Callable[[Turn, str], Awaitable[Actions]]
"""A dialogue waiting for typed text, told that a command (its name) came instead."""
Introduction = Callable[[Turn], Awaitable[Reply | None]]
"""What a feature adds (text and choices) to the bot's introduction when it arrives in a room."""


@dataclass
class Registry:
    """Where services plug in. Keys are command names, choice prefixes, dialogue kinds."""

    commands: dict[str, CommandHandler] = field(default_factory=dict)
    choices: dict[str, ChoiceHandler] = field(default_factory=dict)
    dialogues: dict[str, DialogueHandler] = field(default_factory=dict)
    private_text: TextHandler | None = None
    room_text: TextHandler | None = None
    joins: list[EventHandler] = field(default_factory=list)
    leaves: list[EventHandler] = field(default_factory=list)
    bot_added: list[EventHandler] = field(default_factory=list)
    join_requests: list[EventHandler] = field(default_factory=list)
    start_payloads: dict[str, CommandHandler] = field(default_factory=dict)
    """`/start <payload>` in private chat, by the payload's prefix (a deep link a feature
    made, like the rules' `rules_`); other payloads go to the onboarding."""
    tickers: list[Ticker] = field(default_factory=list)
    sent: dict[str, SentHandler] = field(default_factory=dict)
    undelivered: dict[str, UndeliveredHandler] = field(default_factory=dict)
    """By tag, like `sent`: a tagged reply the platform refused for good."""
    gates: list[Gate] = field(default_factory=list)
    urgent: list[Urgent] = field(default_factory=list)
    replies: list[Replied] = field(default_factory=list)
    introductions: list[Introduction] = field(default_factory=list)
    waiting: dict[str, Interrupted] = field(default_factory=dict)
    """By dialogue kind: the dialogues that wait for a typed text (a message for the team, a
    taught answer). A command in that chat ends the waiting first, so the next message is
    never taken for the awaited text."""

    def command(self, name: str, handler: CommandHandler) -> None:
        """Register the handler of a command of the table; a second claim is refused."""
        if named(name) is None:
            raise RegistrationError(f"/{name} is not in the command table (kernel/commands.py)")
        if name in self.commands:
            raise RegistrationError(f"/{name} is registered twice")
        self.commands[name] = handler

    def choice(self, prefix: Prefix, handler: ChoiceHandler) -> None:
        """Register the handler of a choice prefix; a second claim is refused."""
        if prefix in self.choices:
            raise RegistrationError(f"the choice prefix {prefix}: is registered twice")
        self.choices[prefix] = handler


Installer = Callable[[Registry, Deps], None]


class Assistant:
    """Routes events to services and applies the shared rules."""

    def __init__(self, deps: Deps, installers: list[Installer]) -> None:
        self.deps = deps
        self.registry = Registry()
        for install in installers:
            install(self.registry, deps)

    # ------------------------------------------------------------------ public

    async def admit(self, event: InboundEvent) -> Actions | None:
        """Ask the gates (flood protection) about an event as it arrives: None lets it in, a
        list is what to do instead (a notice, or nothing). For adapters that queue events
        before handling them; they then hand the event over with `admitted=True`."""
        turn = await self._turn(valid_strings(event))
        for gate in self.registry.gates:
            stopped = await gate(turn)
            if stopped is not None:
                return stopped
        return None

    async def handle(
        self, event: InboundEvent, *, settle: bool = True, admitted: bool = False
    ) -> Actions:
        """Handle one event once; a redelivered `event_id` yields nothing.

        With `settle=False` the event is not yet marked handled: the caller marks it (with
        `EventLog.claim_event`) once the actions were carried out, so a crash in between
        leaves it to be handled again. The caller must not handle one id twice at a time.
        `admitted=True`: the gates were asked already, at arrival (`admit`).
        """
        event = valid_strings(event)  # lone surrogates out before storage: core/kernel/unicode.py
        store = self.deps.store
        if settle:
            if not await store.claim_event(event.event_id):
                return []
        elif await store.event_claimed(event.event_id):
            return []
        turn = await self._turn(event)
        # Gates (flood protection) may answer instead of the services: see core/basics/flood.py.
        for gate in () if admitted else self.registry.gates:
            stopped = await gate(turn)
            if stopped is not None:
                return stopped
        actions = await self._route(turn)
        return await self._remember_choices(turn, actions)

    async def tick(self) -> Actions:
        """Run the timers (welcomes being collected, expiries, schedules)."""
        actions: Actions = []
        for ticker in self.registry.tickers:
            actions.extend(await ticker())
        return actions

    async def message_sent(self, reply: Reply, message_id: str) -> None:
        """An adapter posted `reply` as `message_id`; tagged replies are remembered."""
        if reply.tag is None:
            return
        handler = self.registry.sent.get(reply.tag.split(":", 1)[0])
        if handler is not None:
            await handler(reply, message_id)

    async def message_undelivered(self, reply: Reply) -> Actions:
        """An adapter could not deliver `reply` for good (blocked, never started, not in the
        room); the feature that tagged it may have something to say, carried out last."""
        if reply.tag is None:
            return []
        handler = self.registry.undelivered.get(reply.tag.split(":", 1)[0])
        return await handler(reply) if handler is not None else []

    async def not_a_room(self, chat: ChatRef) -> None:
        """The platform says `chat` is no room people talk in (a Matrix Space): it is never a
        target, is not counted and does not belong to the community."""
        room = await self.deps.store.get_room(chat.platform.value, chat.id)
        if room is not None and (room.active or room.community or room.modroom):
            room.active = room.community = room.modroom = False
            await self.deps.store.save_room(room)

    async def language_for(self, chat: ChatRef, user: UserRef) -> str:
        """The language the bot speaks with this person in this chat."""
        person = await self.deps.store.get_person(user.platform.value, user.id)
        room = None if chat.is_private else await self._room(chat)
        return self._language(user, person, room)

    # ------------------------------------------------------------------ routing

    async def _turn(self, event: InboundEvent) -> Turn:
        store = self.deps.store
        person = await store.get_person(event.user.platform.value, event.user.id)
        room = None if event.chat.is_private else await self._room(event.chat)
        lang = self._language(event.user, person, room)
        if isinstance(event, TextReceived):
            written = detect(event.text, self.deps.content.language_words)
            chosen = person is not None and person.language_chosen
            if written is not None and room is None and not chosen:
                lang = written
                person = await self._remember_language(event.user, person, written)
            elif written is not None and event.addressed:
                lang = written  # an addressed question in a room: answered in its language
        return Turn(event, lang, person, room, self.deps)

    async def _remember_language(self, user: UserRef, person: Person | None, lang: str) -> Person:
        """Keep the language a person clearly wrote in, unless they chose one (/language)."""
        if person is None:
            person = Person(user.platform.value, user.id)
        if person.language != lang:
            person.language = lang
            await self.deps.store.save_person(person)
        return person

    def _language(self, user: UserRef, person: Person | None, room: RoomSettings | None) -> str:
        if room is not None:
            return room.language or self.deps.default_language
        if person is not None and person.language:
            return person.language
        if user.language_hint in LANGUAGES:
            return user.language_hint
        return self.deps.default_language

    async def _room(self, chat: ChatRef) -> RoomSettings:
        store = self.deps.store
        room = await store.get_room(chat.platform.value, chat.id)
        if room is None:
            room = RoomSettings(platform=chat.platform.value, chat_id=chat.id, title=chat.title)
            await store.save_room(room)
        elif not room.active or (chat.title and room.title != chat.title):
            room.active = True
            room.title = chat.title or room.title
            await store.save_room(room)
        return room

    async def _route(self, turn: Turn) -> Actions:
        event, reg = turn.event, self.registry
        if isinstance(event, CommandReceived):
            return await self._command(turn, event)
        if isinstance(event, ChoiceMade):
            return await self._choice(turn, event.value)
        if isinstance(event, TextReceived):
            return await self._text(turn, event)
        handlers = (
            reg.joins
            if isinstance(event, MemberJoined)
            else reg.leaves
            if isinstance(event, MemberLeft)
            else reg.bot_added
            if isinstance(event, BotAddedToRoom)
            else reg.join_requests
            if isinstance(event, JoinRequested)
            else []
        )
        actions: Actions = []
        for handler in handlers:
            actions.extend(await handler(turn))
        return actions

    async def _command(self, turn: Turn, event: CommandReceived) -> Actions:
        spec = self.deps.content.commands.resolve(event.name)
        handler = self.registry.commands.get(spec.name) if spec else None
        if spec is None or handler is None:
            return [await self._unknown(turn)]
        if spec.where is Where.PRIVATE and not turn.chat.is_private:
            return [turn.reply("common.private_only", command=event.name)]
        if spec.where is Where.ROOM and turn.chat.is_private:
            return [turn.reply("common.room_only", command=event.name)]
        if not await turn.may(spec.who):
            return [turn.refusal(spec.who)]
        return [*await self._interrupt(turn, spec.name), *await handler(turn, event.args)]

    async def _interrupt(self, turn: Turn, command: str) -> Actions:
        """End a dialogue that waits for typed text, as a command came instead."""
        chat = turn.chat
        conversation = await self.deps.store.get_conversation(
            chat.platform.value, chat.id, turn.user.id
        )
        stop = self.registry.waiting.get(conversation.kind or "") if conversation else None
        return await stop(turn, command) if stop is not None else []

    async def _unknown(self, turn: Turn) -> Reply:
        """What exists, limited to what this person can use here, in their language."""
        private = turn.chat.is_private
        shown = self.deps.content.commands.shown
        names = [
            shown(spec, turn.lang)
            for spec in COMMANDS
            if spec.in_menu
            and spec.name in self.registry.commands
            and spec.where is not (Where.ROOM if private else Where.PRIVATE)
            and await turn.may(spec.who)
        ]
        listing = ", ".join(f"/{name}" for name in names)
        return turn.reply("common.unknown_command", commands=listing)

    async def _choice(self, turn: Turn, value: str) -> Actions:
        value, owner = split_owner(value)
        if owner is not None and owner != owner_token(turn.user):
            # a room's buttons belong to the person they were offered to
            return [turn.reply("common.not_your_choice")]
        prefix = value.split(":", 1)[0]
        handler = self.registry.choices.get(prefix)
        if handler is None:
            return [turn.reply("common.choice_expired")]
        return await handler(turn, value)

    async def _text(self, turn: Turn, event: TextReceived) -> Actions:
        reg, store = self.registry, self.deps.store
        if event.reply_to is not None:
            for replied in reg.replies:
                answered = await replied(turn, event.reply_to, event.text)
                if answered is not None:
                    return answered
        private_or_addressed = turn.chat.is_private or event.addressed
        if private_or_addressed:
            for urgent in reg.urgent:
                answered = await urgent(turn, event.text)
                if answered is not None:
                    return answered
        conversation = await store.get_conversation(
            turn.chat.platform.value, turn.chat.id, turn.user.id
        )
        if not turn.chat.is_private and event.addressed:
            answered = await self._answer_room_offer(turn, event.text)
            if answered is not None:
                return answered
        if conversation is not None and private_or_addressed:
            if turn.chat.is_private:
                chosen = match_offered(conversation.offered, event.text)
                if chosen is not None:
                    return await self._choice(turn, chosen)
            dialogue = reg.dialogues.get(conversation.kind or "")
            if dialogue is not None:
                result = await dialogue(turn, conversation, event.text)
                if result is not None:
                    return result
        if turn.chat.is_private:
            return await reg.private_text(turn, event.text) if reg.private_text else []
        if reg.room_text is None or bare_number(event.text):
            # A bare number in a room answers choices offered to someone else: not ours.
            return []
        return await reg.room_text(turn, event.text)

    async def _answer_room_offer(self, turn: Turn, text: str) -> Actions | None:
        """A typed number or label of the choices the bot last offered in this room: the
        person they were offered to chooses; anyone else's number chooses nothing."""
        store, chat = self.deps.store, turn.chat
        offer = await store.get_room_offer(chat.platform.value, chat.id)
        chosen = match_offered(offer.offered, text) if offer is not None else None
        if offer is None or chosen is None:
            return None
        if offer.user_id not in (turn.user.id, ANYONE):
            # someone else's list: a bare number is not for the bot (never the typer's older
            # list); a label may still be a message of its own
            return [] if bare_number(text) else None
        return await self._choice(turn, chosen)

    async def _remember_choices(self, turn: Turn, actions: Actions) -> Actions:
        """Every reply numbers its choices from 1, so a typed number answers the last one.
        In a room the choices are marked as the person's own (core/kernel/choices.py)."""
        if isinstance(turn.event, MemberJoined | JoinRequested):
            return actions
        chat, store = turn.chat, self.deps.store
        to_room = isinstance(turn.event, BotAddedToRoom)
        if not chat.is_private and not to_room:
            actions = [self._owned(action, turn) for action in actions]
        with_choices = [
            action
            for action in actions
            if isinstance(action, Reply) and action.chat == chat and action.choices
        ]
        offered = [(c.label, c.value) for c in with_choices[-1].choices] if with_choices else []
        if not offered:
            return actions
        now = self.deps.clock.now()
        if not chat.is_private:
            offer = RoomOffer(ANYONE if to_room else turn.user.id, offered)
            await store.save_room_offer(chat.platform.value, chat.id, offer, now)
            return actions
        key = (chat.platform.value, chat.id, turn.user.id)
        conversation = await store.get_conversation(*key) or Conversation(*key)
        conversation.offered = offered
        conversation.updated_at = now
        await store.save_conversation(conversation)
        return actions

    @staticmethod
    def _owned(action: Action, turn: Turn) -> Action:
        if not isinstance(action, Reply) or action.chat != turn.chat or not action.choices:
            return action
        choices = tuple(replace(c, value=owned(c.value, turn.user)) for c in action.choices)
        return replace(action, choices=choices)


def with_chat(reply: Reply, chat: ChatRef) -> Reply:
    """The same reply, addressed to another chat."""
    return replace(reply, chat=chat)

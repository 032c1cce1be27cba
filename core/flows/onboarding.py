"""The guided onboarding (docs/capabilities.md, C2): starting flows, keeping their state,
ending idle ones.

The flow engine (`core/flows/engine.py`) decides what comes next; this service stores the state
as the person's Conversation (kind `flow`), turns prompts into replies, records which room
a deep link came from, answers questions typed mid-flow, and ends flows left alone for a day.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from core.content.model import LANGUAGES
from core.content.texts import Texts
from core.flows.durations import NUMBERS_KEY, DurationWords, NumberWordsError, Word
from core.flows.engine import (
    PREFIX,
    Answer,
    Control,
    Flow,
    FlowEnv,
    FlowError,
    FlowInput,
    FlowState,
    Outcome,
    Prompt,
    Step,
    advance,
    ask,
    control_value,
    decode,
    interpret,
    start,
)
from core.flows.lastplan import ONBOARDING_CHOICE, last_plan
from core.flows.rooms import community_rooms, rooms_prompt
from core.flows.store import FlowStore
from core.kernel.assistant import Actions, Deps, Registry, Turn
from core.kernel.choices import bare_number
from core.kernel.deeplinks import room_for_payload, room_payload
from core.kernel.messages import Choice, OpenDirectChat, Reply
from core.kernel.ports import Conversation, Person
from core.kernel.typed import normalise, typed_words

KIND = "flow"
"""The Conversation kind of an open flow."""

ONBOARDING = "onboarding"
"""The flow `/onboarding` starts (docs/capabilities.md, default content)."""

STARTS_ONBOARDING = frozenset({ONBOARDING_CHOICE})
"""Choice values that start the onboarding (the main menu's item, offered by answers too)."""

IDLE_LIMIT = timedelta(hours=24)
"""A flow left alone this long ends quietly."""

SWEEP_EVERY = timedelta(minutes=1)

log = logging.getLogger(__name__)


def install(registry: Registry, deps: Deps, store: FlowStore) -> None:
    """Register onboarding, flow choices, the dialogue and the expiry.

    `/subscribe` and `/unsubscribe` belong to the announcements service; a flow's subscribe
    option sets the same `Person.subscribed`.
    """
    service = Onboarding(registry, deps, store)
    registry.command("onboarding", service.onboarding)
    registry.command("plan", service.plan)
    registry.choice(PREFIX, service.choice)
    registry.dialogues[KIND] = service.dialogue
    registry.tickers.append(service.expire)


class Onboarding:
    """Handlers of the onboarding service."""

    def __init__(self, registry: Registry, deps: Deps, store: FlowStore) -> None:
        self.registry = registry
        self.deps = deps
        self.flow_store = store
        self.last_sweep: datetime | None = None

    # ------------------------------------------------------------------ commands

    async def onboarding(self, turn: Turn, args: str) -> Actions:
        """Start (or resume) the onboarding; in a room, point the person to a private chat."""
        if not turn.chat.is_private:
            payload = room_payload(turn.chat.platform.value, turn.chat.id)
            return [turn.reply("onboarding.in_room"), OpenDirectChat(turn.user, payload, turn.lang)]
        flow = turn.content.flows.get(ONBOARDING)
        if not isinstance(flow, Flow):
            return [turn.reply("onboarding.unavailable")]
        person = await self._person(turn)
        payload = args.strip()
        room = await room_for_payload(self.deps.store, payload) if payload else None
        if room is not None:
            person.came_from = f"{room.platform}:{room.chat_id}"
        person.last_seen = self.deps.clock.now()
        await self.deps.store.save_person(person)
        loaded = None if payload else await self._load(turn)
        if loaded is not None and loaded[1].id == flow.id:
            return await self._resume(turn, *loaded)
        context = {
            "room": await self._room_title(person),
            "subscribed": "yes" if person.subscribed else "no",
        }
        try:
            outcome = start(flow, context, self._env(turn))
        except FlowError:
            log.exception("flow %s cannot start", flow.id)
            return [turn.reply("onboarding.unavailable")]
        return await self._apply(turn, flow, outcome)

    async def plan(self, turn: Turn, args: str) -> Actions:
        """The last starter plan again (private chat only, as the command table says)."""
        flow = turn.content.flows.get(ONBOARDING)
        if not isinstance(flow, Flow):
            return [turn.reply("onboarding.unavailable")]
        kept = await self.flow_store.get_flow_answers(
            turn.user.platform.value, turn.user.id, flow.id
        )
        return await last_plan(
            turn,
            flow,
            kept,
            self._env(turn),
            lambda step, answers: self._rooms(turn, flow, step, answers),
        )

    # ------------------------------------------------------------------ inputs

    async def choice(self, turn: Turn, value: str) -> Actions:
        """A button (or typed number) of a flow."""
        given = decode(value)
        loaded = await self._load(turn)
        if given is None or loaded is None:
            return [turn.reply("common.choice_expired")]
        _, flow, state = loaded
        if given is Control.RESUME:
            return [self._ask(turn, flow, state)]
        return await self._advance(turn, flow, state, given)

    async def dialogue(self, turn: Turn, conversation: Conversation, text: str) -> Actions | None:
        """Text while a flow is open: an answer, a control word, or a question to answer."""
        loaded = await self._load(turn)
        if loaded is None:
            return None
        conversation, flow, state = loaded
        env = self._env(turn)
        if control_value(Control.RESUME) in {value for _, value in conversation.offered}:
            # the answer to "shall we go on?" ("weiter" goes on here, it does not finish a
            # question with several answers)
            reply = normalise(text)
            texts = turn.deps.content.texts
            if reply in _words(texts, "flow.words.yes") | env.words[Control.RESUME]:
                return [self._ask(turn, flow, state)]
            if reply in _words(texts, "flow.words.no"):
                return await self._advance(turn, flow, state, Control.CANCEL)
        given = interpret(flow, state, text, env)
        if given is Control.RESUME:
            return [self._ask(turn, flow, state)]
        if given is not None:
            return await self._advance(turn, flow, state, given)
        if bare_number(text) and conversation.offered:  # "0" or "7" for choices 1 to 5
            most = len(conversation.offered)
            return [turn.reply("flow.pick_number", most=most), self._ask(turn, flow, state)]
        return await self._question(turn, conversation, text)

    async def _question(self, turn: Turn, conversation: Conversation, text: str) -> Actions:
        """Answer a question typed mid-flow, then offer to go on where the person was."""
        before = (conversation.step, conversation.data)
        answer_text = self.registry.private_text
        answer: Actions = [turn.reply("flow.not_understood")]
        if answer_text is not None:
            answer = await answer_text(turn, text)
        now = await self._open(turn)
        shows_flow = any(
            c.value.startswith(f"{PREFIX}:")
            for a in answer
            if isinstance(a, Reply)
            for c in a.choices
        )
        if shows_flow or now is None or now.kind != KIND or (now.step, now.data) != before:
            return answer  # the answer itself started, resumed or ended a flow
        now.updated_at = self.deps.clock.now()
        await self.deps.store.save_conversation(now)
        choices = (
            Choice(turn.t("flow.continue"), control_value(Control.RESUME)),
            Choice(turn.t("flow.cancel"), control_value(Control.CANCEL)),
        )
        offer = Reply(turn.chat, turn.t("flow.offer_continue"), choices)
        return [*_without_onboarding(answer), offer]

    # ------------------------------------------------------------------ engine and storage

    async def _advance(self, turn: Turn, flow: Flow, state: FlowState, given: FlowInput) -> Actions:
        try:
            outcome = advance(flow, state, given, self._env(turn))
        except FlowError:
            log.exception("flow %s broke at a step", flow.id)
            await self._end(turn)
            return [turn.reply("common.choice_expired")]
        return await self._apply(turn, flow, outcome)

    async def _apply(self, turn: Turn, flow: Flow, outcome: Outcome) -> Actions:
        store, now = self.deps.store, self.deps.clock.now()
        platform, user_id = turn.user.platform.value, turn.user.id
        if "subscribe" in outcome.effects:
            person = await self._person(turn)
            person.subscribed, person.last_seen = True, now
            await store.save_person(person)
        state = outcome.state
        if state is None:
            await self._end(turn)
        else:
            await store.save_conversation(
                Conversation(
                    platform,
                    turn.chat.id,
                    user_id,
                    kind=KIND,
                    step=state.step,
                    data=state.to_data(),
                    updated_at=now,
                )
            )
        # a plan is kept when shown (for /plan), all answers again when the flow finishes
        kept = outcome.answers if outcome.finished else state.answers if state else {}
        if outcome.finished or (outcome.planned and state is not None):
            answers = {k: v for k, v in kept.items() if k not in flow.context}
            await self.flow_store.save_flow_answers(platform, user_id, flow.id, answers, now)
        if outcome.finished:
            log.info("flow %s finished", flow.id)
        prompts = list(outcome.prompts)
        if outcome.planned and outcome.plan_step is not None:
            own = await self._rooms(turn, flow, outcome.plan_step, kept)
            prompts[outcome.plan_end : outcome.plan_end] = [own] if own else []
        return [Reply(turn.chat, p.text, p.choices, p.links) for p in prompts]

    async def _rooms(
        self, turn: Turn, flow: Flow, step: Step, answers: Mapping[str, Answer]
    ) -> Prompt | None:
        """The community's rooms that fit the answers, as the plan's last message."""
        if step.rooms is None:
            return None
        deps = self.deps
        offers = await community_rooms(deps.store, deps.doors, flow, step.rooms, answers, turn.user)
        if offers:
            log.info("plan offers %d rooms of the community", len(offers))
        return rooms_prompt(turn.t, step.rooms, offers)

    async def _resume(
        self, turn: Turn, conversation: Conversation, flow: Flow, state: FlowState
    ) -> Actions:
        conversation.updated_at = self.deps.clock.now()
        await self.deps.store.save_conversation(conversation)
        return [turn.reply("flow.resumed"), self._ask(turn, flow, state)]

    def _ask(self, turn: Turn, flow: Flow, state: FlowState) -> Reply:
        prompt = ask(flow, state, self._env(turn))
        return Reply(turn.chat, prompt.text, prompt.choices, prompt.links)

    async def _load(self, turn: Turn) -> tuple[Conversation, Flow, FlowState] | None:
        """The open flow of this person in this chat, if it is still current and known."""
        conversation = await self._open(turn)
        if conversation is None or conversation.kind != KIND:
            return None
        state = FlowState.from_data(conversation.step, conversation.data)
        flow = turn.content.flows.get(state.flow) if state else None
        now = self.deps.clock.now()
        idle = conversation.updated_at is not None and now - conversation.updated_at > IDLE_LIMIT
        known = isinstance(flow, Flow) and state is not None and _has_step(flow, state.step)
        if idle or not known:
            await self._end(turn)
            return None
        assert isinstance(flow, Flow) and state is not None
        return conversation, flow, state

    async def _open(self, turn: Turn) -> Conversation | None:
        return await self.deps.store.get_conversation(
            turn.chat.platform.value, turn.chat.id, turn.user.id
        )

    async def _end(self, turn: Turn) -> None:
        await self.deps.store.delete_conversation(
            turn.chat.platform.value, turn.chat.id, turn.user.id
        )

    async def _person(self, turn: Turn) -> Person:
        found = await self.deps.store.get_person(turn.user.platform.value, turn.user.id)
        return found or Person(turn.user.platform.value, turn.user.id)

    async def _room_title(self, person: Person) -> str:
        if not person.came_from:
            return ""
        platform, _, chat_id = person.came_from.partition(":")
        room = await self.deps.store.get_room(platform, chat_id)
        return room.title if room is not None else ""

    def _env(self, turn: Turn) -> FlowEnv:
        texts = turn.deps.content.texts
        words = {control: _words(texts, f"flow.words.{control.value}") for control in Control}
        return FlowEnv(
            say=turn.t,
            catalogue=turn.content.catalogue,
            lang=turn.lang,
            words=words,
            done=_words(texts, "flow.words.done"),
            durations=duration_words(texts),
        )

    # ------------------------------------------------------------------ expiry

    async def expire(self) -> Actions:
        """End flows idle for a day, quietly (no message); checked once a minute."""
        now = self.deps.clock.now()
        if self.last_sweep is not None and now - self.last_sweep < SWEEP_EVERY:
            return []
        self.last_sweep = now
        ended = await self.flow_store.end_idle_conversations(KIND, now - IDLE_LIMIT)
        if ended:
            log.info("%d idle flows ended", ended)
        return []


def _has_step(flow: Flow, step_id: str) -> bool:
    return any(step.id == step_id for step in flow.steps)


def _without_onboarding(answer: Actions) -> Actions:
    """The answer without a choice that would start the onboarding ("continue" does that
    now). The offer to continue follows as a question of its own, so the answer's choices and
    the offer's never mix in one list."""
    return [
        replace(a, choices=tuple(c for c in a.choices if c.value not in STARTS_ONBOARDING))
        if isinstance(a, Reply)
        else a
        for a in answer
    ]


def _words(texts: Texts, key: str) -> frozenset[str]:
    return typed_words(texts, key) if key in texts else frozenset()


def duration_words(texts: Texts) -> DurationWords | None:
    """The words typed amounts of time are read with (None when content has none)."""
    if NUMBERS_KEY not in texts:
        return None
    phrases = {kind: _words(texts, f"flow.words.{kind.value}") for kind in Word}
    numbers = [item for lang in LANGUAGES for item in texts.get(NUMBERS_KEY, lang).split(",")]
    try:
        return DurationWords.build(phrases, [n for n in numbers if n.strip()])
    except NumberWordsError:
        log.warning("the number words of flows cannot be read")
        return None

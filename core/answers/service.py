"""The answers service: every private message gets an answer; rooms only clear newcomer ones.

Private (or addressed) text: the best FAQ entry, catalogue entries or the onboarding flow;
"did you mean" choices when unsure; an honest "I don't know" with the main menu when nothing
fits (and the question is kept, as masked text only, for community moderators: `/unanswered`;
at most MAX_UNANSWERED, at most 90 days, see core/answers/masking.py). Unaddressed room
text: answered only when clearly "where do I start", at most once per ROOM_COOLDOWN per room
(the time of the last one is kept in the database, so a restart does not shorten it).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from core.answers.cache import MatcherCache
from core.answers.catalogue import CatalogueService
from core.answers.decision import Kind, Outcome
from core.answers.masking import Masks, listed, mask, words_of, worth_keeping
from core.answers.replies import faq_reply, room_reply
from core.answers.respond import (
    HELLO,
    asks_for_rules,
    decided_reply,
    small_talk,
    unknown_reply,
)
from core.answers.store import AnswerStore
from core.answers.teach import install as install_teaching
from core.answers.teach import question_choices
from core.basics import main_menu
from core.content.model import LANGUAGES
from core.content.texts import Texts
from core.kernel.assistant import Actions, Deps, Registry, Turn
from core.kernel.commands import Prefix, Who
from core.kernel.deeplinks import room_payload
from core.kernel.messages import Choice, Reply, TextReceived
from core.kernel.names import clean_text
from core.kernel.typed import normalise, typed_words

ROOM_COOLDOWN = timedelta(minutes=10)
UNANSWERED_SHOWN = 20
TEACH_SHOWN = 5
"""The most asked questions each get a message of their own with the teaching buttons."""
MAX_UNANSWERED = 1000
"""At most this many unanswered questions are kept; the oldest go first."""
UNANSWERED_LIMIT = timedelta(days=90)
"""Unanswered questions are kept this long at most (promised in privacy.text)."""
PRUNE_EVERY = timedelta(hours=1)
NOT_KEPT = (
    "unanswered.not_kept.greetings",
    "unanswered.not_kept.thanks",
    *(f"flow.words.{word}" for word in ("back", "restart", "cancel", "resume")),
)
"""Text keys of the words that alone make no question worth keeping."""
ONBOARDING = "onboarding"

log = logging.getLogger(__name__)


def install(registry: Registry, deps: Deps, store: AnswerStore) -> None:
    """Register answers, the catalogue commands and `unanswered`."""
    cache = MatcherCache()
    # built off the loop on every reload, and first when start-up is done (ContentHolder.warm)
    # or the first question asks, whichever comes first
    deps.content.listeners.append(cache.prepare)
    CatalogueService(lambda turn: cache.ready(turn.content)).install(registry)
    service = AnswerService(registry, deps, cache, store)
    registry.private_text = service.private_text
    registry.room_text = service.room_text
    registry.command("unanswered", service.unanswered)
    registry.choice(Prefix.FAQ, service.faq_choice)
    registry.choice(Prefix.UNANSWERED, service.unanswered_choice)
    registry.tickers.append(service.prune_old_questions)
    install_teaching(registry, cache, store)


class AnswerService:
    """Handlers of the answers service."""

    def __init__(
        self, registry: Registry, deps: Deps, cache: MatcherCache, store: AnswerStore
    ) -> None:
        self.registry = registry
        self.deps = deps
        self.cache = cache
        self.store = store
        self._pruned_at: datetime | None = None

    # ------------------------------------------------------------------ text

    async def private_text(self, turn: Turn, text: str) -> Actions:
        """A private message, or one addressed to the bot in a room."""
        kind = small_talk(turn.deps.content.texts, text)
        if kind == HELLO:
            return [main_menu(turn, self.registry)]
        if kind is not None:
            return [turn.reply(kind)]
        decision = (await self.cache.ready(turn.content)).decide(text)
        log.debug("answer %s %s", decision.outcome, decision.best.id if decision.best else "-")
        if decision.outcome is Outcome.EMPTY:
            return [main_menu(turn, self.registry)]
        if decision.outcome is Outcome.UNKNOWN:
            rules = self.registry.commands.get("rules")
            if rules and decision.about is None and asks_for_rules(turn.deps.content.texts, text):
                return await rules(turn, "")
            key = "answers.unknown_room"
            if turn.chat.is_private:
                kept = await self._keep_unanswered(turn, text)
                key = "answers.unknown" if kept else "answers.unknown_not_kept"
            return [unknown_reply(turn, decision, main_menu(turn, self.registry, key), key)]
        best = decision.matches[0]
        if decision.outcome is Outcome.ANSWER and best.kind is Kind.FLOW:
            flow = self.registry.commands.get(best.id)
            if flow is not None:
                return await flow(turn, "")
            return [main_menu(turn, self.registry)]
        texts = turn.deps.content.texts
        reply = decided_reply(turn, decision, texts, text, self._flow_available(turn))
        return [reply or main_menu(turn, self.registry, "answers.unknown_room")]

    async def _keep_unanswered(self, turn: Turn, text: str) -> bool:
        """Keep the question for community moderators, masked; greetings and the like not.
        True when it was kept (the reply says so)."""
        texts = turn.deps.content.texts
        if not worth_keeping(text, words_of(_every_language(texts, NOT_KEPT))):
            return False
        masked = mask(clean_text(text), _masks(texts, turn.lang))
        if not masked:
            return False
        await self.store.record_unanswered(masked, turn.lang, self.deps.clock.now(), MAX_UNANSWERED)
        return True

    def _flow_available(self, turn: Turn) -> bool:
        return turn.chat.is_private and ONBOARDING in self.registry.commands

    async def prune_old_questions(self) -> Actions:
        """Once an hour, delete unanswered questions first asked UNANSWERED_LIMIT ago."""
        now = self.deps.clock.now()
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY:
            return []
        self._pruned_at = now
        pruned = await self.store.prune_unanswered(now - UNANSWERED_LIMIT)
        if pruned:
            log.info("retention: %d old unanswered questions deleted", pruned)
        return []

    async def room_text(self, turn: Turn, text: str) -> Actions:
        """A room message: addressed ones like private ones; others only when clear."""
        event = turn.event
        if isinstance(event, TextReceived) and event.addressed:
            return await self.private_text(turn, text)
        if turn.room is None or not turn.room.unprompted_answers:
            return []
        decision = (await self.cache.ready(turn.content)).decide_room(text)
        if not decision.answered:
            return []
        now = self.deps.clock.now()
        chat = turn.chat
        if not await self.store.claim_room_answer(chat.platform.value, chat.id, now, ROOM_COOLDOWN):
            return []
        return [room_reply(turn, room_payload(turn.chat.platform.value, turn.chat.id))]

    # ------------------------------------------------------------------ choices

    async def faq_choice(self, turn: Turn, value: str) -> Actions:
        """A "did you mean" choice naming an FAQ entry."""
        entry = turn.content.faq_entry(value.partition(":")[2])
        if entry is None:
            return [turn.reply("common.choice_expired")]
        return [faq_reply(turn, entry, self._flow_available(turn))]

    # ------------------------------------------------------------------ moderators

    async def unanswered(self, turn: Turn, args: str) -> Actions:
        """The questions the bot could not answer, most asked first, the first few each with
        buttons to teach the bot an answer (core/answers/teach.py); `clear` empties the list."""
        if normalise(args) in typed_words(turn.deps.content.texts, "unanswered.words.clear"):
            return await self._clear(turn)
        questions = await self.store.list_unanswered(UNANSWERED_SHOWN)
        if not questions:
            return [turn.reply("unanswered.empty")]
        lines = [
            turn.t("unanswered.line", count=q.count, language=q.lang, text=q.text)
            for q in questions
        ]
        text = turn.t("unanswered.title") + "\n" + "\n".join(lines)
        clear = Choice(turn.t("unanswered.clear"), "unans:clear")
        listing = Reply(turn.chat, text, choices=(clear,))
        return [listing, *(question_choices(turn, q) for q in questions[:TEACH_SHOWN])]

    async def unanswered_choice(self, turn: Turn, value: str) -> Actions:
        """The "empty the list" button; checked again, since buttons outlive permissions."""
        if value != "unans:clear" or not turn.chat.is_private:
            return [turn.reply("common.choice_expired")]
        if not await turn.is_community_moderator():
            return [turn.refusal(Who.COMMUNITY)]
        return await self._clear(turn)

    async def _clear(self, turn: Turn) -> Actions:
        removed = await self.store.clear_unanswered()
        return [turn.reply("unanswered.cleared", count=removed)]


def _every_language(texts: Texts, keys: tuple[str, ...]) -> list[str]:
    """The texts of `keys` in every language (a key missing in content adds nothing)."""
    return [texts.get(key, lang) for key in keys if key in texts for lang in LANGUAGES]


def _masks(texts: Texts, lang: str) -> Masks:
    return Masks(
        email=texts.get("unanswered.mask.email", lang),
        phone=texts.get("unanswered.mask.phone", lang),
        address=texts.get("unanswered.mask.address", lang),
        street_words=listed(_every_language(texts, ("unanswered.mask.street_words",))),
        iban=texts.get("unanswered.mask.iban", lang),
        name=texts.get("unanswered.mask.name", lang),
        introductions=listed(_every_language(texts, ("unanswered.mask.introductions",))),
    )

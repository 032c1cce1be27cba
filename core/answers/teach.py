"""Teaching the bot from `/offenefragen`: a community moderator answers a kept question in the
private chat, and the answer counts from the next message on.

Under each listed question: "answer with …" (the matcher's best guesses, and a search by
typed words) stores the question as a new phrasing of the chosen entry; "new answer" asks for
a short answer in each language (one may be left to be written: the written one stands in)
and stores a new FAQ entry; "ignore" takes the question off the list. What is taught is an
overlay on content/ (core/content/overlay.py) kept by the store until `lagerfeuer content
export` writes it into content/. Every press and every typed answer checks again that the
person is a community moderator in a private chat: buttons can be forwarded and outlive roles.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from core.answers.cache import MatcherCache
from core.answers.decision import Kind
from core.answers.store import AnswerStore, UnansweredQuestion
from core.content.model import LANGUAGES, FaqEntry
from core.content.overlay import (
    ANSWER_LIMIT,
    QUESTION_LIMIT,
    TaughtEntry,
    TaughtPhrasing,
    answer_problem,
    clean,
    new_id,
    same_words,
)
from core.kernel.assistant import Actions, Registry, Turn
from core.kernel.commands import Prefix, Who
from core.kernel.messages import Choice, Reply
from core.kernel.ports import Conversation

KIND = "teach"
PREFIX = Prefix.TEACH
SEARCH = "search"
ANSWER = "answer"
GUESSES = 3
FOUND = 5
SEARCH_LIMIT = 200
"""Typed search words beyond this are not read."""
PATIENCE = timedelta(minutes=30)
"""How long the bot takes a moderator's message as the words or answer it asked for."""
REF_LENGTH = 10
KEPT = 1000
"""How many kept questions a button may point at (all of them: the store keeps at most this)."""

log = logging.getLogger(__name__)


def question_ref(text: str) -> str:
    """A short, stable reference to a kept question for a button (not the text itself)."""
    return hashlib.sha256(same_words(text).encode()).hexdigest()[:REF_LENGTH]


def question_choices(turn: Turn, question: UnansweredQuestion) -> Reply:
    """One listed question with its three buttons."""
    ref = question_ref(question.text)
    choices = (
        Choice(turn.t("teach.with"), f"{PREFIX}:with:{ref}"),
        Choice(turn.t("teach.new"), f"{PREFIX}:new:{ref}"),
        Choice(turn.t("teach.ignore"), f"{PREFIX}:ignore:{ref}"),
    )
    text = turn.t("teach.question", text=question.text, count=question.count)
    return Reply(turn.chat, text, choices=choices)


def install(registry: Registry, cache: MatcherCache, store: AnswerStore) -> None:
    """Register the teaching buttons and the dialogue that reads typed words and answers."""
    teacher = Teacher(cache, store)
    registry.choice(PREFIX, teacher.choice)
    registry.dialogues[KIND] = teacher.dialogue
    registry.waiting[KIND] = teacher.interrupted


class Teacher:
    """Handlers of teaching."""

    def __init__(self, cache: MatcherCache, store: AnswerStore) -> None:
        self.cache = cache
        self.store = store

    # ------------------------------------------------------------------ entry points

    async def choice(self, turn: Turn, value: str) -> Actions:
        """A teaching button: `teach:<what>:<question ref>[:<entry id>]`."""
        if not turn.chat.is_private:
            return [turn.reply("common.choice_expired")]
        if not await turn.is_community_moderator():
            return [turn.refusal(Who.COMMUNITY)]
        _, what, rest = value.split(":", 2) if value.count(":") >= 2 else ("", "", "")
        ref, _, ident = rest.partition(":")
        question = await self._question(ref)
        if what == "cancel":
            await self._close(turn)
            return [turn.reply("teach.cancelled")]
        if question is None:
            await self._close(turn)
            return [turn.reply("teach.gone")]
        if what == "with":
            return [await self._guesses(turn, question)]
        if what == "search":
            await self._open(turn, SEARCH, question)
            return [Reply(turn.chat, turn.t("teach.search_ask"), choices=(self._cancel(turn),))]
        if what == "use":
            return await self._use(turn, question, ident)
        if what == "new":
            return [await self._ask_answer(turn, question, {}, question.lang)]
        if what == "later" and ident in LANGUAGES:
            return await self._later(turn, question, ident)
        if what == "ignore":
            await self.store.remove_unanswered(question.text)
            await self._close(turn)
            return [turn.reply("teach.ignored", text=question.text)]
        return [turn.reply("common.choice_expired")]

    async def interrupted(self, turn: Turn, command: str) -> Actions:
        """A command instead of the answer (or search words): no longer waiting for it."""
        await self._close(turn)
        return [turn.reply("teach.cancelled")]

    async def dialogue(self, turn: Turn, conversation: Conversation, text: str) -> Actions | None:
        """Typed search words, or a typed answer, while the bot waits for them."""
        asked_at = conversation.updated_at
        if asked_at is None or turn.deps.clock.now() - asked_at > PATIENCE:
            await self._close(turn)
            return None
        if not turn.chat.is_private or not await turn.is_community_moderator():
            await self._close(turn)
            return None
        question = await self._question(str(conversation.data.get("ref", "")))
        if question is None:
            await self._close(turn)
            return [turn.reply("teach.gone")]
        if conversation.step == SEARCH:
            return [await self._found(turn, question, text)]
        lang = str(conversation.data.get("lang", ""))
        if conversation.step == ANSWER and lang in LANGUAGES:
            return await self._answer(turn, question, conversation, lang, text)
        await self._close(turn)
        return None

    # ------------------------------------------------------------------ answer with …

    async def _guesses(self, turn: Turn, question: UnansweredQuestion) -> Reply:
        entries = await self._entries(turn, question.text, GUESSES)
        ref = question_ref(question.text)
        search = Choice(turn.t("teach.search"), f"{PREFIX}:search:{ref}")
        new = Choice(turn.t("teach.new"), f"{PREFIX}:new:{ref}")
        key = "teach.guesses" if entries else "teach.no_guesses"
        choices = (*(self._use_choice(turn, ref, e) for e in entries), search, new)
        return Reply(turn.chat, turn.t(key, text=question.text), choices=choices)

    async def _found(self, turn: Turn, question: UnansweredQuestion, typed: str) -> Reply:
        words = clean(typed)[:SEARCH_LIMIT]
        entries = await self._entries(turn, words, FOUND) if words else []
        ref = question_ref(question.text)
        new = Choice(turn.t("teach.new"), f"{PREFIX}:new:{ref}")
        if not entries:
            return Reply(turn.chat, turn.t("teach.not_found", words=words), choices=(new,))
        choices = (*(self._use_choice(turn, ref, e) for e in entries), new, self._cancel(turn))
        return Reply(turn.chat, turn.t("teach.found", words=words), choices=choices)

    async def _entries(self, turn: Turn, text: str, limit: int) -> list[FaqEntry]:
        """The FAQ entries that fit `text` best, best first."""
        matcher = await self.cache.ready(turn.content)
        ranked = matcher.rank(text, limit=len(matcher.targets))
        found = [turn.content.faq_entry(m.id) for m in ranked if m.kind is Kind.FAQ and m.score]
        return [entry for entry in found if entry is not None][:limit]

    @staticmethod
    def _use_choice(turn: Turn, ref: str, entry: FaqEntry) -> Choice:
        return Choice(entry.question.get(turn.lang), f"{PREFIX}:use:{ref}:{entry.id}")

    async def _use(self, turn: Turn, question: UnansweredQuestion, ident: str) -> Actions:
        entry = turn.content.faq_entry(ident)
        if entry is None or entry.start_flow is not None:
            return [turn.reply("common.choice_expired")]
        text = clean(question.text)[:QUESTION_LIMIT]
        phrasing = TaughtPhrasing(entry.id, _language(question.lang), text)
        await self.store.teach_phrasing(phrasing, turn.deps.clock.now())
        await self._taught(turn, question)
        log.info("taught: a new phrasing of %s", entry.id)
        entry_question = entry.question.get(turn.lang)
        return [turn.reply("teach.phrasing_saved", text=text, entry=entry_question)]

    # ------------------------------------------------------------------ new answer

    async def _ask_answer(
        self, turn: Turn, question: UnansweredQuestion, answers: dict[str, str | None], lang: str
    ) -> Reply:
        await self._open(turn, ANSWER, question, lang=lang, answers=answers)
        ref = question_ref(question.text)
        later = Choice(turn.t("teach.later"), f"{PREFIX}:later:{ref}:{lang}")
        text = turn.t(
            "teach.answer_ask",
            text=question.text,
            language=turn.t(f"teach.language.{lang}"),
            limit=ANSWER_LIMIT,
        )
        return Reply(turn.chat, text, choices=(later, self._cancel(turn)))

    async def _answer(
        self,
        turn: Turn,
        question: UnansweredQuestion,
        conversation: Conversation,
        lang: str,
        typed: str,
    ) -> Actions:
        answer = clean(typed)
        problem = answer_problem(answer)
        if problem is not None:
            return [turn.reply(problem, limit=ANSWER_LIMIT)]
        answers = _answers(conversation)
        answers[lang] = answer
        return await self._next(turn, question, answers)

    async def _later(self, turn: Turn, question: UnansweredQuestion, lang: str) -> Actions:
        conversation = await self._conversation(turn)
        answers = _answers(conversation) if conversation is not None else {}
        answers[lang] = None
        return await self._next(turn, question, answers)

    async def _next(
        self, turn: Turn, question: UnansweredQuestion, answers: dict[str, str | None]
    ) -> Actions:
        """Ask for the next language, or save the entry once every language had its turn."""
        waiting = [lang for lang in _order(question.lang) if lang not in answers]
        if waiting:
            return [await self._ask_answer(turn, question, answers, waiting[0])]
        if not any(answers.values()):
            first = _order(question.lang)[0]
            reply = await self._ask_answer(turn, question, {}, first)
            language = turn.t(f"teach.language.{first}")
            return [turn.reply("teach.one_needed", language=language), reply]
        return await self._save_entry(turn, question, answers)

    async def _save_entry(
        self, turn: Turn, question: UnansweredQuestion, answers: dict[str, str | None]
    ) -> Actions:
        text = clean(question.text)[:QUESTION_LIMIT]
        taken = {entry.id for entry in turn.content.faq} | await self.store.taught_ids()
        ident = new_id(text, taken)
        entry = TaughtEntry(
            ident, _language(question.lang), text, answers.get("de"), answers.get("en")
        )
        if not await self.store.teach_entry(entry, turn.deps.clock.now()):
            return [turn.reply("common.choice_expired")]
        await self._taught(turn, question)
        log.info("taught: a new entry")
        lines = [turn.t("teach.entry_saved", id=ident, text=text)]
        for missing in entry.missing:
            written = next(lang for lang in LANGUAGES if lang not in entry.missing)
            lines.append(
                turn.t(
                    "teach.missing",
                    missing=turn.t(f"teach.language.{missing}"),
                    written=turn.t(f"teach.language.{written}"),
                )
            )
        return [Reply(turn.chat, "\n".join(lines))]

    # ------------------------------------------------------------------ shared

    async def _taught(self, turn: Turn, question: UnansweredQuestion) -> None:
        """The question is answered: off the list, the overlay in force from the next turn."""
        await self.store.remove_unanswered(question.text)
        await self._close(turn)
        turn.deps.content.teach(await self.store.overlay())

    async def _question(self, ref: str) -> UnansweredQuestion | None:
        if len(ref) != REF_LENGTH:
            return None
        kept = await self.store.list_unanswered(KEPT)
        return next((q for q in kept if question_ref(q.text) == ref), None)

    @staticmethod
    def _cancel(turn: Turn) -> Choice:
        return Choice(turn.t("teach.cancel"), f"{PREFIX}:cancel:-")

    async def _conversation(self, turn: Turn) -> Conversation | None:
        chat = turn.chat
        found = await turn.deps.store.get_conversation(chat.platform.value, chat.id, turn.user.id)
        return found if found is not None and found.kind == KIND else None

    async def _open(
        self,
        turn: Turn,
        step: str,
        question: UnansweredQuestion,
        *,
        lang: str = "",
        answers: dict[str, str | None] | None = None,
    ) -> None:
        chat = turn.chat
        data = {"ref": question_ref(question.text), "lang": lang, "answers": answers or {}}
        conversation = Conversation(
            chat.platform.value,
            chat.id,
            turn.user.id,
            kind=KIND,
            step=step,
            data=data,
            updated_at=turn.deps.clock.now(),
        )
        await turn.deps.store.save_conversation(conversation)

    async def _close(self, turn: Turn) -> None:
        if await self._conversation(turn) is not None:
            chat = turn.chat
            await turn.deps.store.delete_conversation(chat.platform.value, chat.id, turn.user.id)


def _answers(conversation: Conversation) -> dict[str, str | None]:
    stored = conversation.data.get("answers")
    if not isinstance(stored, dict):
        return {}
    return {
        lang: value if isinstance(value, str) else None
        for lang, value in stored.items()
        if lang in LANGUAGES
    }


def _order(first: str) -> list[str]:
    """The languages to ask for, the question's own first."""
    return sorted(LANGUAGES, key=lambda lang: lang != first)


def _language(lang: str) -> str:
    return lang if lang in LANGUAGES else LANGUAGES[0]

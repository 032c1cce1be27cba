"""`lagerfeuer ask` and `lagerfeuer eval`: the answer matcher straight from content, no database."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from adapters.channels.console.chat import render
from adapters.cli.speech import Speech
from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import load_settings
from core.answers.decision import Decision, Kind, Outcome
from core.answers.evaluation import evaluate
from core.answers.matcher import Matcher
from core.answers.replies import faq_reply, flow_entry, room_reply
from core.answers.respond import HELLO, decided_reply, small_talk, unknown_reply
from core.basics.care import care_reply
from core.basics.menu import MENU_ITEMS
from core.content.examples import load_questions
from core.content.model import LANGUAGES, Content, answer_ids
from core.content.texts import Texts
from core.kernel.deeplinks import room_payload
from core.kernel.messages import ChatRef, Choice, Platform, Reply

ASK_ROOM = "ask-room"
UNKNOWN = "answers.unknown_ask"
"""The honest "I don't know": `ask` keeps nothing, so it does not say the question was noted."""
BARS = {"top1": 0.95, "false_positives": 0.01, "recall": 0.80}
"""The bars of docs/eval.md, printed next to the figures."""


@dataclass
class AskSpeaker:
    """What composing a reply needs, without a chat or a database behind it."""

    chat: ChatRef
    content: Content
    lang: str
    texts: Texts

    def t(self, key: str, **params: object) -> str:
        return self.texts.get(key, self.lang, **params)


@dataclass(frozen=True)
class Answer:
    """One message's outcome as `ask` reports it."""

    decision: Decision
    reply: Reply | None

    @property
    def answered(self) -> bool:
        return self.decision.answered

    def as_json(self) -> str:
        matches = [
            {"id": m.id, "kind": m.kind.value, "score": m.score} for m in self.decision.matches
        ]
        reply = render(self.reply) if self.reply is not None else ""
        payload = {"answered": self.answered, "matches": matches, "reply": reply}
        return json.dumps(payload, ensure_ascii=False)


class Asker:
    """Answers messages the way the bot would, and stores nothing."""

    def __init__(self, content: Content, matcher: Matcher | None = None) -> None:
        self.content = content
        self.texts = Texts(content.texts)
        self.matcher = matcher or Matcher(content)

    def ask(self, text: str, lang: str, room: bool = False) -> Answer:
        """The outcome and reply for one message (private, or unaddressed in a room)."""
        chat = ChatRef(Platform.CONSOLE, ASK_ROOM if room else "ask", is_private=not room)
        speaker = AskSpeaker(chat, self.content, lang, self.texts)
        if room:
            decision = self.matcher.decide_room(text)
            if not decision.answered:
                return Answer(decision, None)
            payload = room_payload(chat.platform.value, chat.id)
            return Answer(decision, room_reply(speaker, payload))
        care = care_reply(self.texts, text, lang)
        if care is not None:  # before any matching, as in a chat (core/basics/care.py)
            return Answer(Decision(Outcome.ANSWER, ()), Reply(chat, self.texts.get(*care)))
        kind = small_talk(self.texts, text)
        if kind == HELLO:  # as in a chat: only a greeting gets the main menu
            return Answer(Decision(Outcome.EMPTY, ()), self._menu(speaker, "menu.title"))
        if kind is not None:  # as in a chat: a kind word back, no answer sought
            return Answer(Decision(Outcome.EMPTY, ()), Reply(chat, speaker.t(kind)))
        decision = self.matcher.decide(text)
        return Answer(decision, self._private(speaker, decision, text))

    def decide(self, text: str) -> Decision:
        """The decision on a private message as a chat makes it: small talk first, and a
        hard moment gets a fixed care reply, which answers from no entry."""
        if care_reply(self.texts, text, LANGUAGES[0]) is not None:
            return Decision(Outcome.UNKNOWN, ())
        return self.ask(text, LANGUAGES[0]).decision  # the language only words the reply

    def _private(self, speaker: AskSpeaker, decision: Decision, text: str) -> Reply:
        if decision.outcome is Outcome.EMPTY:
            return self._menu(speaker, "menu.title")
        if decision.outcome is Outcome.UNKNOWN:
            return unknown_reply(speaker, decision, self._menu(speaker, UNKNOWN), UNKNOWN)
        best = decision.matches[0]
        if decision.outcome is Outcome.ANSWER and best.kind is Kind.FLOW:
            entry = flow_entry(self.content, best.id)  # the chat starts it; here, its entry
            if entry is not None:
                return faq_reply(speaker, entry, offer_onboarding=False)
        reply = decided_reply(speaker, decision, self.texts, text, flow_available=True)
        return reply or self._menu(speaker, UNKNOWN)

    def _menu(self, speaker: AskSpeaker, key: str) -> Reply:
        """The text under `key` with the main menu, as a private chat shows it."""
        why = self.content.faq_entry("why-network") is not None
        choices = tuple(
            Choice(speaker.t(text_key), f"menu:{item}")
            for item, text_key in MENU_ITEMS
            if item != "why" or why
        )
        return Reply(speaker.chat, speaker.t(key), choices=choices)


def _messages(text: str, stdin: TextIO) -> Iterable[str]:
    if text != "-":
        yield text
        return
    for line in stdin:
        if line.strip():
            yield line.rstrip("\n")


def cmd_ask(args: argparse.Namespace) -> int:
    """`lagerfeuer ask`: one message (or one a line from standard input) in, the answer out."""
    settings = load_settings()
    content = load_checked_content(settings.content_dir)
    lang = args.lang or settings.language
    asker = Asker(content)
    for message in _messages(args.text, sys.stdin):
        answer = asker.ask(message, lang, room=args.room)
        if args.json:
            print(answer.as_json())
        elif answer.reply is not None:
            print(render(answer.reply))
            print()
        else:
            print(Texts(content.texts).get("cli.ask.silent", settings.language))
    sys.stdout.flush()
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """`lagerfeuer eval FILE`: the answer figures over a question file, and every miss."""
    settings = load_settings()
    content = load_checked_content(settings.content_dir)
    known = answer_ids(content.faq, content.catalogue, content.flows)
    questions = load_questions(Path(args.file), known)
    asker = Asker(content)
    report = evaluate(asker.matcher, questions, asker.decide)
    texts = Texts(content.texts)

    def t(key: str, **params: object) -> str:
        return texts.get(key, settings.language, **params)

    for line in report.lines(t):
        print(line)
    met = (
        report.top1_rate >= BARS["top1"]
        and report.private_rate >= BARS["top1"]
        and report.false_positive_rate <= BARS["false_positives"]
        and report.recall >= BARS["recall"]
    )
    bars = {name: f"{value:.0%}" for name, value in BARS.items()}
    print(t("cli.eval.bars_met" if met else "cli.eval.bars_missed", **bars))
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser], speech: Speech) -> None:
    """Add `ask` and `eval` to the `lagerfeuer` command, their help in `speech`."""
    ask = sub.add_parser("ask", help=speech.t("cli.help.ask"))
    ask.add_argument("--lang", choices=("de", "en"), help=speech.t("cli.help.ask.lang"))
    ask.add_argument("--room", action="store_true", help=speech.t("cli.help.ask.room"))
    ask.add_argument("--json", action="store_true", help=speech.t("cli.help.ask.json"))
    ask.add_argument(
        "text", metavar=speech.t("cli.metavar.text"), help=speech.t("cli.help.ask.text")
    )
    ask.set_defaults(func=cmd_ask)
    ev = sub.add_parser(
        "eval", help=speech.t("cli.help.eval"), description=speech.t("cli.help.eval.about")
    )
    ev.add_argument(
        "file", metavar=speech.t("cli.metavar.file"), help=speech.t("cli.help.eval.file")
    )
    ev.set_defaults(func=cmd_eval)

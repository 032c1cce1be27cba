"""The reply to the matcher's decision on a private (or addressed) message, in one place for
the chat service and for `lagerfeuer ask` and `eval`, so the figures measure what people get."""

from __future__ import annotations

import re

from core.answers.catalogue import listing_reply
from core.answers.decision import Decision, Kind, Outcome
from core.answers.details import answer_for
from core.answers.listing import Listing
from core.answers.replies import (
    Speaker,
    did_you_mean,
    entry_links,
    entry_text,
    faq_reply,
    resources_reply,
)
from core.content.texts import Texts
from core.kernel.messages import Reply
from core.kernel.typed import normalise, starts_a_word, typed_words

SMALL_TALK = ("goodbye", "thanks", "ok", "hello")
"""Messages made only of thanks, a goodbye or "ok" words get a short kind reply
(`care.<kind>`); of several kinds in one ("ok danke, tschüss"), the first named here. Only
greetings (`care.hello`, "Guten Morgen, Bot") get the main menu, as an empty message does."""
HELLO = "care.hello"

UNKNOWN_TAIL = {
    "answers.unknown": "answers.about_noted",
    "answers.unknown_not_kept": "answers.about_contact",
    "answers.unknown_room": "answers.about_contact_room",
}
"""For a question about an entry the catalogue cannot answer: the line that replaces the
"I don't know" text under the entry (the menu's key → the line's key); none for `ask`."""


RULES_WORDS = "answers.words.rules"
"""The text key of the words that ask for this community's rules (see `asks_for_rules`)."""


def asks_for_rules(texts: Texts, text: str) -> bool:
    """Whether `text` asks for the community's own rules ("Gibt es Hausregeln?", "what are the
    rules here?"): a phrase of `RULES_WORDS` starts a word."""
    return starts_a_word(texts, RULES_WORDS, text)


def small_talk(texts: Texts, text: str) -> str | None:
    """The text key of the kind reply to `text` when it is only small talk ("danke",
    "ok cool", "haha ok, danke", "Moin Bot ☀️"), else None. Emoji and other signs that are
    not small talk themselves are passed over."""
    phrases = {w: kind for kind in SMALL_TALK for w in typed_words(texts, f"care.words.{kind}")}
    words = re.sub(r"[!.,:;()]+", " ", normalise(text)).split()
    longest = max((len(p.split()) for p in phrases), default=0)
    kinds: set[str] = set()
    at = 0
    while at < len(words):
        for size in range(min(longest, len(words) - at), 0, -1):
            kind = phrases.get(" ".join(words[at : at + size]))
            if kind is not None:
                kinds.add(kind)
                at += size
                break
        else:
            if any(char.isalnum() for char in words[at]):
                return None
            at += 1
    return next((f"care.{kind}" for kind in SMALL_TALK if kind in kinds), None)


def decided_reply(
    sp: Speaker, decision: Decision, texts: Texts, text: str, flow_available: bool
) -> Reply | None:
    """The reply to an answer or to "did you mean" choices. None when the answer is the
    guided start (the caller starts it or shows its entry) or its target is gone."""
    if decision.outcome is Outcome.UNSURE:
        return did_you_mean(sp, decision.matches, flow_available)
    best = decision.matches[0]
    if best.kind is Kind.RESOURCE:
        reply = resources_reply(sp, decision.matches)
        if reply is not None:
            return reply
    if best.kind is Kind.CATEGORY:
        return listing_reply(sp, Listing(best.id))
    entry = sp.content.faq_entry(best.id) if best.kind is Kind.FAQ else None
    if entry is None:
        return None
    answer = answer_for(entry, texts, text)
    return faq_reply(sp, entry, flow_available, decision.matches, answer)


def unknown_reply(sp: Speaker, decision: Decision, menu: Reply, key: str) -> Reply:
    """The honest "I don't know" (`menu`, the main menu under the text `key`). A question that
    names a catalogue entry but asks what the catalogue does not hold about it ("Wer ist der
    Admin von …?") gets the entry under that "I don't know": where to find it is where the
    answer is."""
    about = decision.about
    resource = sp.content.resource(about.id) if about is not None else None
    if resource is None:
        return menu
    lines = [sp.t("answers.about_unknown", title=resource.title), entry_text(sp, resource)]
    tail = UNKNOWN_TAIL.get(key)
    if tail is not None:
        lines.append(sp.t(tail))
    return Reply(sp.chat, "\n\n".join(lines), choices=menu.choices, links=entry_links([resource]))

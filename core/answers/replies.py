"""What the bot says for a matched question: an FAQ answer, catalogue entries, "did you mean".

Pure: it needs only a `Speaker` (the chat, the language, the content and its texts), so the
chat service and `lagerfeuer ask` say exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from core.answers.decision import Kind, Match
from core.answers.listing import Listing
from core.content.model import Content, FaqEntry, Localized, Resource
from core.kernel.messages import ChatRef, Choice, Link, OnboardingInvite, Reply

MAX_RELATED = 5
MAX_ALTERNATIVES = 3
CLOSE = 0.1
"""Other catalogue entries within this score of the best one are offered as choices."""
MAX_CHOICES = 6
"""An answer's related entries and close runners-up together fill at most this many choices."""
ONBOARDING_CHOICE = "menu:onboarding"


class Speaker(Protocol):
    """What composing a reply needs; a Turn is one."""

    @property
    def chat(self) -> ChatRef: ...

    @property
    def content(self) -> Content: ...

    lang: str

    def t(self, key: str, **params: object) -> str:
        """A text in the speaker's language."""
        ...


def flow_entry(content: Content, flow_id: str) -> FaqEntry | None:
    """The FAQ entry that leads into a flow (its phrasings are the flow's)."""
    return next((f for f in content.faq if f.start_flow == flow_id), None)


def kind_label(sp: Speaker, resource: Resource) -> str:
    """The entry's kind in words."""
    return sp.t(f"catalogue.kind.{resource.kind.value.replace('-', '_')}")


def entry_text(sp: Speaker, resource: Resource) -> str:
    """One entry as text: title, kind, description, what it suits, and where to look for it
    when no link is known."""
    tags = sp.content.catalogue.tags
    labels = ", ".join(tags[tag].get(sp.lang) for tag in resource.tags if tag in tags)
    text = sp.t(
        "catalogue.entry",
        title=resource.title,
        kind=kind_label(sp, resource),
        description=resource.description.get(sp.lang),
        tags=labels,
    )
    if resource.find is None or resource.link:
        return text
    return text + "\n" + sp.t("catalogue.entry_find", find=resource.find.get(sp.lang))


def entry_links(resources: Sequence[Resource]) -> tuple[Link, ...]:
    """Links of the entries that have one (never made up)."""
    return tuple(Link(r.title, r.link) for r in resources if r.link)


def resource_choice(sp: Speaker, resource: Resource) -> Choice:
    """A button that shows one catalogue entry."""
    return Choice(resource.label(sp.lang), f"res:{resource.id}")


def faq_choice(sp: Speaker, entry: FaqEntry) -> Choice:
    """A button that shows one FAQ answer."""
    return Choice(entry.question.get(sp.lang), f"faq:{entry.id}")


def runners_up(matches: Sequence[Match], shown: Sequence[str]) -> list[Match]:
    """The other targets that scored within CLOSE of the best one and are not `shown` yet:
    when the best leads by little, the asker may have meant one of them."""
    if not matches:
        return []
    top = matches[0]
    room = max(0, MAX_CHOICES - len(shown))
    close = [m for m in matches[1:] if m.score >= top.score - CLOSE and m.id not in shown]
    return close[:room]


def faq_reply(
    sp: Speaker,
    entry: FaqEntry,
    offer_onboarding: bool,
    matches: Sequence[Match] = (),
    answer: Localized | None = None,
) -> Reply:
    """The FAQ answer (or `answer`, its details) with its related entries, then other close
    matches (see `runners_up`), and the guided tour as choices."""
    related = [sp.content.resource(ref) for ref in entry.related[:MAX_RELATED]]
    choices = [resource_choice(sp, r) for r in related if r is not None]
    shown = [entry.id, *(r.id for r in related if r is not None)]
    for match in runners_up(matches, shown):
        choice = _choice_for(sp, match, offer_onboarding)
        if choice is not None and choice.value not in {c.value for c in choices}:
            choices.append(choice)
    if offer_onboarding and ONBOARDING_CHOICE not in {c.value for c in choices}:
        choices.append(Choice(sp.t("answers.offer_onboarding"), ONBOARDING_CHOICE))
    return Reply(sp.chat, (answer or entry.answer).get(sp.lang), choices=tuple(choices))


def resources_reply(sp: Speaker, matches: Sequence[Match]) -> Reply | None:
    """The best catalogue entry in full; close runners-up, then the FAQ answer that speaks
    about the entry (it lists it as related), as choices."""
    found = [
        (m, r) for m in matches if m.kind is Kind.RESOURCE and (r := sp.content.resource(m.id))
    ]
    if not found:
        return None
    best_match, best = found[0]
    others = [
        resource_choice(sp, r)
        for m, r in found[1 : 1 + MAX_ALTERNATIVES]
        if m.score >= best_match.score - CLOSE
    ]
    about = about_entry(sp.content, best.id)
    if about is not None:
        others.append(faq_choice(sp, about))
    return Reply(sp.chat, entry_text(sp, best), choices=tuple(others), links=entry_links([best]))


def about_entry(content: Content, resource_id: str) -> FaqEntry | None:
    """The FAQ entry that speaks most about this catalogue entry: of those listing it as
    related, the one with the fewest related entries (a comparison of two, not an overview
    of ten); the first of them on a tie."""
    naming = [f for f in content.faq if resource_id in f.related]
    return min(naming, key=lambda f: len(f.related), default=None)


def did_you_mean(sp: Speaker, matches: Sequence[Match], flow_available: bool) -> Reply:
    """ "Did you mean ...?" with the best few candidates as choices."""
    choices: list[Choice] = []
    seen: set[str] = set()
    for match in matches:
        choice = _choice_for(sp, match, flow_available)
        if choice is not None and choice.value not in seen:
            seen.add(choice.value)
            choices.append(choice)
        if len(choices) == MAX_ALTERNATIVES:
            break
    return Reply(sp.chat, sp.t("answers.did_you_mean"), choices=tuple(choices))


def _choice_for(sp: Speaker, match: Match, flow_available: bool) -> Choice | None:
    content = sp.content
    if match.kind is Kind.FAQ:
        entry = content.faq_entry(match.id)
        return faq_choice(sp, entry) if entry else None
    if match.kind is Kind.RESOURCE:
        resource = content.resource(match.id)
        return resource_choice(sp, resource) if resource else None
    if match.kind is Kind.CATEGORY:
        category = content.category(match.id)
        if category is None:
            return None
        return Choice(category.title.get(sp.lang), Listing(category.id).value())
    entry = flow_entry(content, match.id)
    if entry is None or not flow_available:
        return None
    return Choice(entry.question.get(sp.lang), ONBOARDING_CHOICE)


def room_reply(sp: Speaker, invite_payload: str) -> Reply:
    """The short unprompted answer in a room, with the way into private onboarding."""
    invite = OnboardingInvite(label=sp.t("answers.room.invite"), payload=invite_payload)
    return Reply(sp.chat, sp.t("answers.room.answer"), invite=invite)

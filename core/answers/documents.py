"""The documents of the answer index: every target (FAQ entry, flow, catalogue entry, category,
and the examples no answer serves) with the texts it is asked with, as terms. The matcher
(core/answers/matcher.py) weighs and indexes them."""

from __future__ import annotations

from dataclasses import dataclass

from core.answers.asking import Asking
from core.answers.decision import Kind
from core.answers.terms import Vocabulary, words
from core.content.model import Category, Content, FaqEntry, Resource

KEYWORD_FACTOR = 0.9
"""A keyword hints at an entry; its name or a phrasing says it."""
DESCRIPTION_FACTOR = 0.8

NO_ANSWER = ""
"""The id of the target made of the examples no answer serves (content/examples/ lines that
expect nothing): a question closest to them is declined ("Was kostet eine Supervision?")."""


@dataclass(frozen=True, slots=True)
class Target:
    """What a match can point at."""

    id: str
    kind: Kind
    room: bool


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One text of a target, as terms, before weighting."""

    target: int
    terms: list[str]
    factor: float
    in_bag: bool = True
    name: bool = False
    phrasing: bool = True
    """A way of asking for (or naming) the target, as opposed to a description of it."""
    example: bool = False
    """From content/examples/: it teaches the matcher, not what the content is about."""


def is_person(keyword: str, spelled: str) -> bool:
    """Whether a keyword is someone's name: two words or more, each capitalised where the
    entry's description or how-to-find text spells it ("Podcast von Marc Hasselbach")."""
    parts = keyword.split()
    if len(parts) < 2:
        return False
    capitalised = " ".join(part[:1].upper() + part[1:] for part in parts)
    return capitalised in spelled


class Documents:
    """The targets and raw documents of one Content object (with `examples`, also those of
    content/examples/)."""

    def __init__(
        self, content: Content, vocabulary: Vocabulary, asks: Asking, *, examples: bool
    ) -> None:
        self.vocabulary = vocabulary
        self.asks = asks
        self.targets: list[Target] = []
        self.answers: list[frozenset[str]] = []
        self.titles: list[tuple[int, str]] = []
        self.entry_names: dict[int, tuple[str, ...]] = {}
        """Per catalogue entry: its title as folded words."""
        self.title_terms: dict[int, frozenset[str]] = {}
        """Per catalogue entry: its title's terms."""
        self.raw: list[RawDoc] = []
        for entry in content.faq:
            self._add_faq(entry, self.raw)
        for resource in content.catalogue.entries:
            self._add_resource(resource, self.raw)
        faq_ids = {entry.id for entry in content.faq}
        for category in content.catalogue.categories:
            if category.id not in faq_ids:  # else the FAQ entry is its overview
                self._add_category(category, self.raw)
        if examples:
            self._add_examples(content, self.raw)

    def _target(self, target: Target, answers: frozenset[str]) -> int:
        self.targets.append(target)
        self.answers.append(answers)
        return len(self.targets) - 1

    def _add_faq(self, entry: FaqEntry, docs: list[RawDoc]) -> None:
        flow = entry.start_flow
        kind, ident = (Kind.FLOW, flow) if flow else (Kind.FAQ, entry.id)
        texts = (entry.question.de, entry.question.en, *entry.phrasings.all())
        index = self._target(Target(ident, kind, entry.room), self.asks.answered(texts))
        learn = self.vocabulary.learn
        for text in texts:
            docs.append(RawDoc(index, learn(text), 1.0))

    def _add_category(self, category: Category, docs: list[RawDoc]) -> None:
        texts = (category.title.de, category.title.en, *category.phrasings.all())
        target = Target(category.id, Kind.CATEGORY, False)
        index = self._target(target, self.asks.answered(texts))
        learn = self.vocabulary.learn
        for text in texts:
            docs.append(RawDoc(index, learn(text), 1.0))

    def _add_resource(self, res: Resource, docs: list[RawDoc]) -> None:
        index = self._target(Target(res.id, Kind.RESOURCE, False), self.asks.kinds)
        learn = self.vocabulary.learn
        title = learn(res.title)
        self.entry_names[index] = tuple(words(res.title))
        self.title_terms[index] = frozenset(title)
        if len(set(title)) >= 2:
            self.titles.append((index, " " + " ".join(words(res.title)) + " "))
        docs.append(RawDoc(index, title, 1.0, name=True))
        docs.append(RawDoc(index, learn(res.id.replace("-", " ")), 1.0))
        found = (res.find.de, res.find.en) if res.find else ()
        spelled = " ".join((res.description.de, res.description.en, *found))
        for keyword in res.keywords.all():
            person = is_person(keyword, spelled)
            factor = 1.0 if person else KEYWORD_FACTOR
            docs.append(RawDoc(index, learn(keyword), factor, name=person))
        for text in (res.description.de, res.description.en):
            docs.append(
                RawDoc(index, learn(text), DESCRIPTION_FACTOR, in_bag=False, phrasing=False)
            )

    def _add_examples(self, content: Content, docs: list[RawDoc]) -> None:
        """Each private example is one more way of asking for its first expected answer that
        is a target; one that expects none asks for NO_ANSWER, without the entry names in it:
        "Wer ist der Admin von Gutes sichtbar machen?" is declined for what it asks, and
        another question about that group need not be."""
        by_id: dict[str, int] = {}
        for number, info in enumerate(self.targets):
            by_id.setdefault(info.id, number)
        flows = {entry.id: entry.start_flow for entry in content.faq if entry.start_flow}
        declined: int | None = None
        names = set().union(*self.title_terms.values())
        for example in content.examples:
            if example.room:
                continue  # the room policy reads newcomers.yaml, not examples
            if example.expect:
                found = (by_id.get(flows.get(ident, ident)) for ident in example.expect)
                target = next((number for number in found if number is not None), None)
                if target is None:
                    continue  # a category: no target of its own
            else:
                if declined is None:
                    declined = self._target(Target(NO_ANSWER, Kind.FAQ, False), self.asks.kinds)
                target = declined
            terms = self.vocabulary.learn(example.text)
            if target == declined:
                terms = [term for term in terms if term not in names]
            if terms:
                docs.append(RawDoc(target, terms, 1.0, example=True))

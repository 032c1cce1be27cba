"""What a question asks for besides its topic (the resource itself: a list, a link, where to
find it), and whether a target answers that kind of question: evidence beside shared words.

"Wo finde ich eine Liste von Barcamps?" and "Was ist ein Barcamp?" share their topic; the first
asks for the catalogue's list, the second for the definition. The words of each kind of asking
live in content/synonyms.yaml (`asking:`). A catalogue entry answers every kind (its reply is
the resource itself); an FAQ entry answers the kinds enough of its phrasings ask (see
ANSWERS_SHARE), so a definition that mentions where to find the thing does not answer a
question asking for the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from core.answers.terms import Stemmer, words

GAP_MARK = "..."
GAP = 4
"""Words allowed where a phrase writes "..." ("what does ... mean")."""
ANSWERS_SHARE = 0.3
"""An FAQ entry answers a kind of asking when at least this share of its phrasings ask so."""
MISS_FACTOR = 0.75
"""A target that answers none of the kinds a question asks scores this much of its match."""


class Asking:
    """The kinds of asking of content/synonyms.yaml, read from a text's words."""

    def __init__(self, kinds: Mapping[str, Iterable[str]], stemmer: Stemmer) -> None:
        self.stemmer = stemmer
        self.kinds = frozenset(kinds)
        self.phrases: list[tuple[tuple[str, ...], tuple[str, ...], str]] = []
        """Per phrase: its stems before and after a gap (none: empty), and its kind."""
        for kind, phrases in kinds.items():
            for phrase in phrases:
                left, _, right = phrase.partition(GAP_MARK)
                stems = self._stems(left)
                if stems:
                    self.phrases.append((stems, self._stems(right), kind))

    def _stems(self, text: str) -> tuple[str, ...]:
        return tuple(self.stemmer.stem(word) for word in words(text))

    def of(self, text: str) -> frozenset[str]:
        """The kinds of asking in a text."""
        stems = self._stems(text)
        found: set[str] = set()
        for left, right, kind in self.phrases:
            if kind not in found and _contains(stems, left, right):
                found.add(kind)
        return frozenset(found)

    def answered(self, phrasings: Iterable[str]) -> frozenset[str]:
        """The kinds an FAQ entry answers: those enough of its phrasings ask."""
        asked = [self.of(text) for text in phrasings]
        if not asked:
            return frozenset()
        return frozenset(
            kind
            for kind in self.kinds
            if sum(kind in kinds for kinds in asked) >= ANSWERS_SHARE * len(asked)
        )


def _contains(stems: tuple[str, ...], left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    """Whether `left` occurs in `stems`, followed within GAP words by `right` if given."""
    for start in range(len(stems) - len(left) + 1):
        if stems[start : start + len(left)] != left:
            continue
        if not right:
            return True
        after = stems[start + len(left) : start + len(left) + GAP + len(right)]
        if any(after[at : at + len(right)] == right for at in range(len(after) - len(right) + 1)):
            return True
    return False

"""Finds a catalogue entry called by its name: a name of everyday words ("Soziale Arbeit")
would otherwise read as the community's topic, not as the Facebook group of that name.

A name counts as called when it stands in quotes, right after a naming word ("namens",
"called") or a word for what the entry is ("die Gruppe Soziale Arbeit"), or right before a
naming word placed after it ("die einfach nur Soziale Arbeit heißt"); the words live in
content/synonyms.yaml (`naming:`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from core.answers.terms import words

_QUOTED = re.compile(r"(?:[\"„“”«»]|(?<!\w)['‚‘’])([^\"„“”«»‚‘’']{1,80})(?:[\"„“”«»]|['‘’](?!\w))")
"""A short span between quotation marks of any kind, apostrophes too ('Soziale Arbeit'),
but not the apostrophes of "gibt's" and "geht's"."""


class Naming:
    """Entry names and the words around them that say they are names."""

    def __init__(
        self, naming: Mapping[str, Iterable[str]], names: Iterable[tuple[int, str]]
    ) -> None:
        def phrases(place: str) -> list[tuple[str, ...]]:
            return [tuple(words(p)) for p in naming.get(place, ()) if words(p)]

        self.before = phrases("before")
        self.after = phrases("after")
        self.filler = {w for p in phrases("filler") for w in p}
        self.kinds = tuple(w for p in phrases("kind") for w in p)
        self.names: dict[tuple[str, ...], set[int]] = {}
        """Each name as folded words, with the targets it names."""
        for target, name in names:
            spelled = tuple(_spelled(name))
            if spelled:
                self.names.setdefault(spelled, set()).add(target)
        self.starts: dict[str, list[tuple[str, ...]]] = {}
        """The names by their first word: a question costs a look-up per word."""
        for spelled in self.names:
            self.starts.setdefault(spelled[0], []).append(spelled)

    def called(self, text: str) -> set[int]:
        """The targets whose name the text calls them by (see the module's docstring)."""
        found: set[int] = set()
        for quoted in _QUOTED.findall(text):
            found |= self.names.get(tuple(_spelled(quoted)), set())
        # a name inside quotes is that name only when it is all of them (above): "die Gruppe
        # 'Soziale Arbeit mit Zukunft'" does not call the group "Soziale Arbeit"
        for outside in _QUOTED.split(text)[::2]:
            found |= self._introduced_names(_spelled(outside))
        return found

    def _introduced_names(self, spelled: list[str]) -> set[int]:
        found: set[int] = set()
        for start, word in enumerate(spelled):
            for name in self.starts.get(word, ()):
                end = start + len(name)
                if tuple(spelled[start:end]) != name:
                    continue
                if self._introduced(spelled, start) or self._followed(spelled, end):
                    found |= self.names[name]
        return found

    def _introduced(self, spelled: list[str], start: int) -> bool:
        """Whether a naming word or a kind word stands before `start` (fillers between)."""
        end = start
        while end > 0 and spelled[end - 1] in self.filler:
            end -= 1
        if end > 0 and spelled[end - 1].endswith(self.kinds):
            return True
        return any(tuple(spelled[max(0, end - len(p)) : end]) == p for p in self.before)

    def _followed(self, spelled: list[str], end: int) -> bool:
        """Whether a naming word placed after a name ("heißt") follows at `end`."""
        return any(tuple(spelled[end : end + len(p)]) == p for p in self.after)


def _spelled(text: str) -> list[str]:
    """The folded words of a name or a text, "&" and "and" read as "und": "Netzwerk
    Sozialarbeit & Sozialpädagogik" is the group "… und Sozialpädagogik"."""
    return ["und" if word == "and" else word for word in words(text.replace("&", " und "))]

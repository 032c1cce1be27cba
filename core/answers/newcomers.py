"""Reading an unaddressed room message for a newcomer's "where do I start?", by evidence.

A room answer needs two kinds of evidence (content/newcomers.yaml names the words): a request
to begin (a start or join word that is asked for, not asked about a time; from a newcomer, a
"what now?" too) and that it is about this community (someone new, arrived or introducing
themselves, wanting to join in, asking about "here"; or a bare "where do I start?" with nothing
else in it). Words are read through
the matcher's normalisation: folding, gender forms, stems, compounds, typos (rapidfuzz) and
general dialect spelling rules; a word nobody listed is neutral. A request about something
else (an unknown word after an article or preposition, a capitalised unknown noun in the part
that asks) keeps the bot silent, and "new" about something else makes nobody a newcomer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from core.answers.terms import GAP, GAP_MARK, STOPWORDS, Stemmer, closest, fold, words
from core.content.model import NewcomersFile


class Signal(StrEnum):
    """The kinds of evidence (the keys of content/newcomers.yaml's `signals`)."""

    NEW = "new"
    ARRIVED = "arrived"
    INTRODUCTION = "introduction"
    ROLE = "role"
    START = "start"
    JOIN = "join"
    HERE = "here"
    ASK = "ask"
    TIPS = "tips"
    TIME = "time"
    PAST = "past"
    NEUTRAL = "neutral"
    MARKER = "marker"
    JOINER = "joiner"
    NEXT = "next"
    ELSEWHERE = "elsewhere"


COMPOUND_SIGNALS = frozenset({Signal.START, Signal.JOIN, Signal.TIPS, Signal.ROLE})
"""Signals also found as a part of a compound ("Startpunkt", "Einstiegstipps",
"Schulsozialarbeiterin"); "here" is not ("Gruppenstunde" says nothing about this group)."""
FUZZY_SIGNALS = frozenset(
    {Signal.NEW, Signal.ARRIVED, Signal.START, Signal.JOIN, Signal.ASK, Signal.TIPS}
)
"""Signals a typo is corrected to; function words and roles are not ("thesis" is no "these",
"training" no "trainee")."""
CONTEXT_ONLY = frozenset({Signal.ELSEWHERE})
"""Signals that say what "new" is about, not what is asked: such a word is still a word of
its own when the reader looks for what a request is about ("in my city")."""
MIN_COMPOUND_PART = 5
"""The shortest signal stem found inside a compound."""
OBJECT_LOOKAHEAD = 3
"""How many words after an article or preposition may be adjectives or signals ("mit dem
neuen Projekt") before the word they belong to."""

_ENDINGS = ("e", "en", "er", "es", "em")
"""The endings of an inflected German adjective."""
TOPICLESS = 3
"""The most words (beyond stopwords) of a question that names nothing."""

_EMOJI = "\U0001f300-\U0001faff\u2600-\u27bf"
_SENTENCE = re.compile(rf"([^.!?…\n{_EMOJI}]+)([.!?…\n{_EMOJI}\ufe0f\u200d\s]*)")
"""A sentence and the marks that end it: in chat an emoji ends a sentence as often as a full
stop does ("bin neu hier 😅 wo fang ich an?")."""
_CLAUSE = re.compile(r"[,;:()\"„“”]|\s[-–—]\s|\s[-–—]$")
_RAW_WORD = re.compile(r"[^\W_]+")
_GENDER = re.compile(r"(?<=[a-zäöüß])(?:[:*_/]i|I)(n|nnen)\b")


@dataclass(frozen=True, slots=True)
class _Token:
    folded: str
    stems: frozenset[str]
    """Its stem and the stems of its readings (dialect spellings, typo corrections)."""
    capitalised: bool
    """Capitalised and not the first word of its sentence (a German noun or a name)."""


@dataclass(slots=True)
class _Clause:
    tokens: list[_Token]
    signals: list[set[Signal]] = field(default_factory=list)
    """Per token: the signals it is part of."""

    def has(self, signal: Signal) -> bool:
        return any(signal in found for found in self.signals)


@dataclass(frozen=True, slots=True)
class Reading:
    """What a room message shows: the evidence for a newcomer's request, and against it."""

    request: bool = False
    """A start or join word asked for (not about a time)."""
    newcomer: bool = False
    """Someone new here, just arrived, or introducing themselves."""
    community: bool = False
    """About joining in or about this group."""
    bare: bool = False
    """Nothing but "where/how do I start?"."""
    foreign: tuple[str, ...] = ()
    """Words of what the request is about that the bot does not know."""

    @property
    def newcomers_question(self) -> bool:
        """Whether this is a newcomer's "where do I start?" the bot should answer."""
        if not self.request or self.foreign:
            return False
        return self.newcomer or self.community or self.bare


class NewcomerReader:
    """The signals of content/newcomers.yaml, ready to read messages with."""

    def __init__(
        self,
        spec: NewcomersFile,
        stemmer: Stemmer,
        known: Callable[[str], bool | None],
        literal: Callable[[str], bool],
    ) -> None:
        self.stemmer = stemmer
        self.known = known
        """Whether the content knows a folded word (its topics, after the matcher's analysis,
        typos and compounds included); None for a word without meaning (a stopword, an
        everyday verb)."""
        self.literal = literal
        """Whether a stem is one of the content's terms as it is (no typo to correct)."""
        self.phrases: dict[tuple[str, ...], set[Signal]] = {}
        self.gapped: list[tuple[tuple[str, ...], tuple[str, ...], Signal]] = []
        self.longest = 1
        for signal in Signal:
            for entry in spec.signals.get(signal.value, ()):
                left, gap, right = entry.partition(GAP_MARK)
                if gap:
                    self.gapped.append((self._stems(left), self._stems(right), signal))
                    continue
                stems = self._stems(entry)
                if stems:
                    self.phrases.setdefault(stems, set()).add(signal)
                    self.longest = max(self.longest, len(stems))
        self.single = {stems[0]: found for stems, found in self.phrases.items() if len(stems) == 1}
        self.choices = sorted(s for s, found in self.single.items() if found & FUZZY_SIGNALS)
        self.parts = sorted(
            (
                s
                for s, found in self.single.items()
                if len(s) >= MIN_COMPOUND_PART and found & COMPOUND_SIGNALS
            ),
            key=len,
            reverse=True,
        )
        self.spellings = [_rule(rule) for rule in spec.spellings]
        new = spec.signals.get(Signal.NEW.value, ())
        self.new_words = {word for entry in new for word in words(entry)}

    def _stems(self, text: str) -> tuple[str, ...]:
        return tuple(self.stemmer.stem(word) for word in words(text))

    # ------------------------------------------------------------------ reading

    def read(self, text: str) -> Reading:
        """The evidence in one room message."""
        sentences: list[tuple[list[_Clause], bool]] = []
        for body, end in _SENTENCE.findall(_GENDER.sub(r"i\1", text)):
            clauses = self._clauses(body)
            if clauses:
                sentences.append((clauses, "?" in end))
        tips = any(c.has(Signal.TIPS) for clauses, _ in sentences for c in clauses) or any(
            questioned and self._topicless(clauses) for clauses, questioned in sentences
        )
        request = community = new_here = new_elsewhere = introduced = False
        foreign: list[str] = []
        following: list[str] = []  # what a "what now?" is about; it counts from a newcomer
        asks_next = False
        for clauses, questioned in sentences:
            # asked about a time ("wann fängt es an?"), or remembered ("I remember being new")
            timed = any(c.has(Signal.TIME) or c.has(Signal.PAST) for c in clauses)
            asks = questioned or tips or any(c.has(Signal.ASK) for c in clauses)
            for number, clause in enumerate(clauses):
                begins = clause.has(Signal.START) or clause.has(Signal.JOIN)
                if begins and asks and not timed:
                    request = True
                    # what to begin may follow in the next part ("anfange, einen Antrag zu
                    # schreiben")
                    for part in clauses[number : number + 2]:
                        foreign += self._foreign(part)
                if clause.has(Signal.NEXT) and asks and not timed:
                    asks_next = True
                    following += self._foreign(clause)
                here, elsewhere, introduces = self._newcomer(clause)
                new_here, new_elsewhere = new_here or here, new_elsewhere or elsewhere
                introduced = introduced or introduces
                community = community or clause.has(Signal.JOIN) or clause.has(Signal.HERE)
        newcomer = introduced or (new_here and not new_elsewhere)
        bare = request and self._bare([c for clauses, _ in sentences for c in clauses])
        if not request and asks_next and newcomer:
            # "Bin neu hier. Was mach ich jetzt?": from a newcomer, "what now?" asks to begin
            request, foreign = True, following
        return Reading(
            request=request,
            newcomer=newcomer,
            community=community,
            bare=bare,
            foreign=tuple(dict.fromkeys(foreign)),
        )

    def _clauses(self, sentence: str) -> list[_Clause]:
        clauses: list[_Clause] = []
        first = True
        for part in _CLAUSE.split(sentence):
            tokens: list[_Token] = []
            for raw in _RAW_WORD.findall(part):
                for folded in words(raw):
                    tokens.append(self._token(folded, raw[:1].isupper() and not first))
                    first = False
            for clause in self._split_at_joiners(tokens):
                clauses.append(clause)
        return clauses

    def _split_at_joiners(self, tokens: list[_Token]) -> list[_Clause]:
        """A clause per part between "und", "aber", "and" ... (`joiner`)."""
        signals = self._signals(tokens)
        found: list[_Clause] = [_Clause([])]
        for token, marks in zip(tokens, signals, strict=True):
            if Signal.JOINER in marks:
                found.append(_Clause([]))
                continue
            found[-1].tokens.append(token)
            found[-1].signals.append(marks)
        return [clause for clause in found if clause.tokens]

    def _token(self, folded: str, capitalised: bool) -> _Token:
        stem = self.stemmer.stem(folded)
        stems = {stem}
        if stem not in self.single and folded not in STOPWORDS:
            stems |= self._readings(folded)
        return _Token(folded, frozenset(stems), capitalised)

    def _readings(self, folded: str) -> set[str]:
        """Stems a word the bot does not know may stand for: a dialect spelling, a typo."""
        found: set[str] = set()
        for source, target, at_end in self.spellings:
            if at_end and folded.endswith(source) and len(folded) > len(source) + 1:
                found.add(self.stemmer.stem(folded[: -len(source)] + target))
            elif not at_end and source in folded:
                found.add(self.stemmer.stem(folded.replace(source, target)))
        found = {stem for stem in found if stem in self.single}
        if not found and not self.literal(self.stemmer.stem(folded)):
            fixed = closest(self.stemmer.stem(folded), self.choices)
            if fixed:
                found.add(fixed)
        return found

    def _signals(self, tokens: list[_Token]) -> list[set[Signal]]:
        """Per token, the signals of the phrases it is part of (the longest phrase wins)."""
        marks: list[set[Signal]] = [set() for _ in tokens]
        index = 0
        while index < len(tokens):
            length, found = self._phrase_at(tokens, index)
            for at in range(index, index + max(length, 1)):
                marks[at] |= found
            index += max(length, 1)
        for left, right, signal in self.gapped:
            for start, end in _gapped_at(tokens, left, right):
                marks[start].add(signal)
                marks[end].add(signal)
        return marks

    def _phrase_at(self, tokens: list[_Token], index: int) -> tuple[int, set[Signal]]:
        for length in range(min(self.longest, len(tokens) - index), 0, -1):
            window = tokens[index : index + length]
            for stems in _combinations(window):
                found = self.phrases.get(stems)
                if found:
                    return length, set(found)
        return 0, self._compound(tokens[index])

    def _compound(self, token: _Token) -> set[Signal]:
        """Signals named by a part of a compound ("Einstiegstipps": start and tips)."""
        found: set[Signal] = set()
        word = token.folded
        if len(word) < 2 * MIN_COMPOUND_PART - 1:
            return found
        for part in self.parts:
            if word.startswith(part) or word.endswith(part):
                found |= self.single[part] & COMPOUND_SIGNALS
        return found

    # ------------------------------------------------------------------ evidence

    def _newcomer(self, clause: _Clause) -> tuple[bool, bool, bool]:
        """Whether the clause says someone is new or has arrived here; new or arrived
        somewhere else ("a new job", "neu in Köln", "joined a gym"); and whether it
        introduces who writes ("ich bin Lisa", "I'm a volunteer", "Sozialpädagogin aus
        Augsburg hier", "als Ehrenamtliche")."""
        tokens, marks = clause.tokens, clause.signals
        here = elsewhere = False
        # a role says who writes, unless it is what an article or preposition points at
        # ("Einstieg in die Schulsozialarbeit")
        introduced = any(
            Signal.ROLE in found and (index == 0 or Signal.MARKER not in marks[index - 1])
            for index, found in enumerate(marks)
        )
        for index, found in enumerate(marks):
            following = marks[index + 1] if index + 1 < len(marks) else set()
            new = found & {Signal.NEW, Signal.ARRIVED}
            if new and not new & following:
                if self._elsewhere(clause, index + 1):
                    elsewhere = True
                else:
                    here = True
            if Signal.INTRODUCTION in found and Signal.INTRODUCTION not in following:
                after = self._skip_markers(clause, index + 1)
                if after is not None and (
                    Signal.ROLE in marks[after]
                    or (tokens[after].capitalised and self.known(tokens[after].folded) is False)
                ):
                    introduced = True
        return here, elsewhere, introduced

    def _skip_markers(self, clause: _Clause, start: int) -> int | None:
        for index in range(start, len(clause.tokens)):
            if Signal.MARKER not in clause.signals[index]:
                return index
        return None

    def _elsewhere(self, clause: _Clause, start: int) -> bool:
        """Whether the words after "new" name something else it is about (a job, a city)."""
        index = self._skip_markers(clause, start)
        if index is None:
            return False
        token, marks = clause.tokens[index], clause.signals[index]
        if index == start and not marks and token.folded not in STOPWORDS:
            # right before a word: "neue Stelle", "new Job", "neue Woche" (not "neu hir")
            known = self.known(token.folded)
            inflected = self._inflected(clause.tokens[start - 1].folded)
            return known is not None and (token.capitalised or inflected)
        if Signal.ELSEWHERE in marks:
            return True  # "neu im Job", "new to the team"
        return self._unknown(clause, index) is not None

    def _inflected(self, word: str) -> bool:
        """A German adjective's inflected form of a newness word ("neue", "neuen")."""
        return any(word.endswith(end) and word[: -len(end)] in self.new_words for end in _ENDINGS)

    def _unknown(self, clause: _Clause, index: int) -> str | None:
        """A word of the phrase starting at `index` ("mit dem neuen Projekt", "in the local
        election") that the bot does not know, if any."""
        for at in range(index, min(index + OBJECT_LOOKAHEAD, len(clause.tokens))):
            token, marks = clause.tokens[at], clause.signals[at]
            if Signal.HERE in marks:
                return None  # "neu hier", "new to the group"
            if Signal.MARKER in marks or token.folded in STOPWORDS:
                return None
            if marks - CONTEXT_ONLY:
                continue  # a signal ("den ersten Schritt", "für Einsteiger")
            known = self.known(token.folded)
            if known is None:
                return None
            if not known:
                return token.folded
        return None

    def _foreign(self, clause: _Clause) -> list[str]:
        """What the request in this clause is about, when the bot does not know it: a word
        after an article or preposition, or a capitalised noun."""
        found: list[str] = []
        for index, (token, marks) in enumerate(zip(clause.tokens, clause.signals, strict=True)):
            if Signal.MARKER in marks:
                after = self._skip_markers(clause, index + 1)
                word = None if after is None else self._unknown(clause, after)
                if word:
                    found.append(word)
            elif (
                token.capitalised
                and not marks - CONTEXT_ONLY
                and token.folded not in STOPWORDS
                and self.known(token.folded) is False
            ):
                found.append(token.folded)
        return found

    def _topicless(self, clauses: list[_Clause]) -> bool:
        """A short question that names nothing ("Wie geht das?", "Tipps?", "Erster Schritt?"):
        it asks for what the sentence before it says."""
        tokens = [t for clause in clauses for t in clause.tokens if t.folded not in STOPWORDS]
        begins = any(c.has(Signal.START) or c.has(Signal.JOIN) for c in clauses)
        return len(tokens) <= TOPICLESS and not begins

    def _bare(self, clauses: list[_Clause]) -> bool:
        """Nothing but a question word and a start word ("Wo fange ich am besten an?")."""
        asked = False
        for clause in clauses:
            for token, marks in zip(clause.tokens, clause.signals, strict=True):
                if Signal.ASK in marks:
                    asked = True
                elif not marks - CONTEXT_ONLY and token.folded not in STOPWORDS:
                    return False
        return asked


def _rule(rule: str) -> tuple[str, str, bool]:
    """A spelling rule of content/newcomers.yaml: ("a", "en", True) for "-a = -en"."""
    source, _, target = (part.strip() for part in rule.partition("="))
    return fold(source.lstrip("-")), fold(target.lstrip("-")), source.startswith("-")


def _combinations(window: list[_Token]) -> list[tuple[str, ...]]:
    """Every reading of a few words, one stem per word (a word has one to three)."""
    found: list[tuple[str, ...]] = [()]
    for token in window:
        found = [(*before, stem) for before in found for stem in token.stems]
    return found


def _gapped_at(
    tokens: list[_Token], left: tuple[str, ...], right: tuple[str, ...]
) -> list[tuple[int, int]]:
    """Where a phrase with a gap ("lernen ... kennen") stands: its first and last word."""
    found: list[tuple[int, int]] = []
    for start in range(len(tokens) - len(left) + 1):
        if not all(left[i] in tokens[start + i].stems for i in range(len(left))):
            continue
        begin = start + len(left)
        for at in range(begin, min(begin + GAP + 1, len(tokens) - len(right) + 1)):
            if all(right[i] in tokens[at + i].stems for i in range(len(right))):
                found.append((start, at + len(right) - 1))
    return found

"""Question matching: which FAQ entry, catalogue entry or flow answers a message, and how sure.

Pure and explainable: every target (FAQ entry, catalogue entry, flow) is a set of documents
(its question, phrasings, title, keywords, description), each a bag of terms weighted by how
rare the term is across targets. A question scores against a document by how much of the
question it explains and how much of the document it hits; a target's score is its best
document. Built once per Content object (off the event loop, see core/answers/cache.py); a
question costs a few dictionary look-ups. Where the phrasings give no clear answer, a second
index that also holds content/examples/ decides (see `Matcher`).

To generalise beyond the phrasings it knows, a match must rest on what a target is about (its
central terms), not only on side words or question words ("wie viel" alone answers nothing).
Only the question has to be explained: the sentences around it (who asks, where they work)
count as weaker evidence, and words content does not know are neutral there; in the question
an unknown noun still counts fully (it is likely what is asked about), other unknown words less,
and short ones in German (dialect's "isch", "wos") not at all.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from core.answers.asking import MISS_FACTOR, Asking
from core.answers.decision import Decision, Kind, Match, Outcome, Thresholds
from core.answers.details import asks_details
from core.answers.documents import NO_ANSWER, Documents, RawDoc
from core.answers.naming import Naming
from core.answers.newcomers import NewcomerReader, Reading
from core.answers.sentences import asking_sentences, final_question, split_sentences
from core.answers.terms import GAP_MARK, Source, Stemmer, Term, Vocabulary, fold, words
from core.content.model import Content
from core.content.texts import Texts
from core.kernel.language import detect, markers

LONE_PART = 0.5
"""A part of a compound found without its other parts counts half (Zeitplan is not Zeit)."""
MAX_CHARS = 1000
"""Only the start of a very long message is matched; questions are short."""
SOURCE_WEIGHT = {Source.DIRECT: 1.0, Source.COMPOUND: 0.75, Source.FUZZY: 0.85}
QUERY_SHARE = 0.65
"""How much of a document score is "the question is explained" versus "the document is hit"."""
KIND_FACTOR = {Kind.FAQ: 1.0, Kind.FLOW: 1.0, Kind.RESOURCE: 0.93, Kind.CATEGORY: 1.0}
WHOLE = 0.15
"""Share of a score that depends on the target explaining the whole question (its vocabulary)."""
NAME_SCORE = 0.9
"""A question naming a catalogue entry in full (two words or more, one its own) is about it."""
EXACT_NAME_SCORE = 1.0
"""A question that spells out an entry's name of two terms or more, word for word ("die
Barcamp-Liste", "Gruppe Netzwerk Sozialarbeit und Sozialpädagogik"), is about that entry."""
FULL = 0.999
BAG_FACTOR = 0.7
"""A target's whole vocabulary explains a question less precisely than one phrasing does."""
TOPIC_BOOST = 1.5
"""Topic terms weigh more than everyday words: the concepts of the synonym groups, which
editors curate, and the words of an entry's name that no other entry shares (Sozifon)."""
TOPIC_SPREAD = 4
"""A concept found in more targets than this is a general word (good, why, find), no topic."""
NOUN_FACTOR = 1.0
"""An unknown noun in the question itself (capitalised inside the sentence, as German writes
nouns) weighs this much of the rarest known word: it is likely what the question is about
(Wetter, Supervision), so it keeps a question from looking answered."""
UNKNOWN_FACTOR = 0.7
"""Any other unknown word of the question (a verb, an adjective, dialect) weighs less: it
shapes the question more than it names a topic."""
CONTEXT_FACTOR = 0.5
"""A known word in a sentence around the question (who asks, where they work) is evidence,
but weaker than one in the question."""
CONTEXT_UNKNOWN = 0.0
"""An unknown word in a sentence around the question is neutral: "Ich arbeite in der
Suchtberatung in Dortmund." says who asks, not what about."""
COMMON_NAME_FACTOR = 0.9
"""An entry name made of common words only ("Soziale Arbeit") says less than a real name."""
CENTRAL_SHARE = 0.2
"""A term found in at least this share of a target's phrasings (or a word of its own name) is
what the target is about: Instagram for "why not Instagram", time for "little time". A question
that shares only side words with a target ("Unterschied", "wie viel") is not answered by it."""
OWN_SHARE = 0.5
"""A term used in several phrasings of one target, and mostly there, is about it too ("Plan")."""
SHORT = 4
"""An unknown word of at most this many letters, written in lower case in a German (or
dialect) message, is neutral: "isch", "wos", "jibt", "scho" shape a question the way "ist",
"was", "gibt", "schon" do, and name no topic. In English short words are mostly meant (buy,
tax), and a word in capitals or with digits ("SGB", "12") is a topic in any language."""


DECLINE_LEAD = 0.15
"""An answer of the phrasings is declined when a question no answer serves is this much closer
among the examples ("Wie viel kostet ne Supervision pro Stunde?" is not about little time)."""
TAUGHT_LEAD = 0.1
"""An answer of the phrasings gives way to the examples' answer for another target that scores
this much higher: people's own words ("Was taugt Facebook zum Netzwerken?", answered from the
phrasings with why-not-instagram) are closer to the examples. Sets K to Q each left out:
top-1 91.4 -> 92.4 %, one tap 94.7 -> 95.3 %, out of scope 93.0 % unchanged; R, S and T
(not among the examples): top-1 85.9 -> 87.0 %, one tap 90.1 -> 91.0 %."""
TAUGHT_BELOW = 0.8
"""Only an answer of the phrasings scoring below this is compared with the examples' answer
(above it, none of K to Q changed; the comparison costs one more ranking)."""
LIMIT = 5
"""How many matches a decision keeps (the reply's choices come from them)."""

THIN = 1
"""A question with at most this many known words besides question words ("Wie geht das
am besten?") points back: the known words of the sentence before it say what it is about and
count fully (its unknown words stay neutral: they say who asks)."""

_RANK = {Outcome.EMPTY: 0, Outcome.UNKNOWN: 0, Outcome.UNSURE: 1, Outcome.ANSWER: 2}
"""Which outcome serves the asker better (see `Matcher.decide`)."""
_SHORT = re.compile(rf"(?<![\w'’])[a-zäöüß]{{1,{SHORT}}}(?![\w'’])")
"""A short word written in lower case, no digits (not "SGB", not "12")."""
_CAPITALISED = re.compile(r"(?<=[\w,;:)\"'] )[A-ZÄÖÜ][a-zäöüß]+")
"""A capitalised word that does not begin its sentence."""


_ABOUT_ME = re.compile(
    r"(?i)\W*(?:(?:hallo|hi|hey|moin|servus)\W+)?"
    r"(?:ich bin|bin|ich arbeite|ich studiere|i am|i'm|i work|i study)\b"
)
"""A sentence in which the asker says who they are or where they work: it says who asks,
so an intent's words in it ("not a trained social worker") are no wish."""


@dataclass(frozen=True, slots=True)
class _Doc:
    target: int
    terms: frozenset[str]
    factor: float
    bag: bool = False
    name: bool = False


class Matcher:
    """The answer index over one Content object.

    The content's own phrasings decide first. Where they do not answer a question clearly, a
    second index that also holds content/examples/ (questions as people wrote them, with the
    answer that is right, or none) decides: it knows the words and turns of phrase people
    use that no editor listed. It overrules a clear answer of the phrasings only to decline a
    question much closer to one no answer serves (see `decide`)."""

    def __init__(
        self,
        content: Content,
        thresholds: Thresholds | None = None,
        *,
        learn_from: Stemmer | None = None,
    ) -> None:
        """`learn_from`: build the index that also holds the examples, with this stemmer."""
        self.content = content
        self.thresholds = thresholds or Thresholds()
        self.vocabulary = Vocabulary(content.synonyms, content.out_of_scope, learn_from)
        self.asks = Asking(content.asking, self.vocabulary.stemmer)
        """Reads what a question asks for (a resource, what something is)."""
        self.language_words = markers(content.texts)
        """Tells English, whose short words are mostly meant, from German and its dialects."""
        made = Documents(content, self.vocabulary, self.asks, examples=learn_from is not None)
        self.targets = made.targets
        self.answers = made.answers
        """Per target: the kinds of asking it answers (see core/answers/asking.py)."""
        self.asking: set[str] = set()
        """Terms of question words: they shape a question, alone they answer nothing."""
        self.titles = made.titles
        """Entry names of two terms or more, as folded words between spaces."""
        self.entry_names = made.entry_names
        self.title_terms = made.title_terms
        self.vocabulary.freeze()
        self._build(made.raw)
        self._served_by_details(content)
        resources = ((self.index[r.id, Kind.RESOURCE], r.title) for r in content.catalogue.entries)
        self.naming = Naming(content.naming, resources)
        """Finds an entry called by its name, everyday words or not (core/answers/naming.py)."""
        self._last: tuple[str, bool, tuple[Term, ...]] = ("", True, ())
        self._knows: dict[str, bool | None] = {}
        self.newcomers = NewcomerReader(
            content.newcomers, self.vocabulary.stemmer, self.knows, self.weights.__contains__
        )
        """Reads a room message for a newcomer's "where do I start?" (core/answers/newcomers.py)."""
        stemmer = self.vocabulary.stemmer
        self.learned = (
            Matcher(content, self.thresholds, learn_from=stemmer)
            if content.examples and learn_from is None
            else None
        )
        """The index that also holds the examples (see the class docstring)."""

    # ------------------------------------------------------------------ building

    def _build(self, raw_docs: list[RawDoc]) -> None:
        bags: dict[int, set[str]] = {number: set() for number in range(len(self.targets))}
        everything: dict[int, set[str]] = {number: set() for number in range(len(self.targets))}
        for raw in raw_docs:
            everything[raw.target].update(raw.terms)
            if raw.in_bag:
                bags[raw.target].update(raw.terms)
        self.bags = [frozenset(bags[number]) for number in range(len(self.targets))]
        """Per target: every term of its phrasings, names and keywords (what it is asked with)."""
        curated: dict[int, set[str]] = {number: set() for number in range(len(self.targets))}
        for raw in raw_docs:
            if raw.in_bag and not raw.example:
                curated[raw.target].update(raw.terms)
        self.curated = [frozenset(curated[number]) for number in range(len(self.targets))]
        """Per target: the terms of its own phrasings, names and keywords (no examples)."""
        self.index = {(t.id, t.kind): number for number, t in enumerate(self.targets)}
        self.room_targets = frozenset(n for n, t in enumerate(self.targets) if t.room)
        found = [n for n, t in enumerate(self.targets) if t.id == NO_ANSWER]
        self.declined = frozenset(found) if found else None
        """The target of the examples no answer serves, when there are such examples."""
        self.resource_targets = frozenset(
            n for n, t in enumerate(self.targets) if t.kind is Kind.RESOURCE
        )
        frequency: dict[str, int] = defaultdict(int)
        for terms in everything.values():
            for term in terms:
                frequency[term] += 1
        count = max(len(self.targets), 1)
        names = {t for raw in raw_docs if raw.name for t in raw.terms if frequency[t] == 1}
        self.vocabulary.names = frozenset(names)
        self.everyday_names = frozenset(
            target
            for target, terms in self.title_terms.items()
            if all(frequency[t] > 1 for t in terms)
        )
        """Entries named with words other texts use too ("Soziale Arbeit", "Facebook")."""
        self.central = self._central(raw_docs, names)
        topics = names | {
            t for t, df in frequency.items() if t.startswith("~") and df <= TOPIC_SPREAD
        }
        self.weights = {
            term: math.log(1 + count / df) * (TOPIC_BOOST if term in topics else 1.0)
            for term, df in frequency.items()
        }
        self.unknown_weight = math.log(1 + count)
        self.docs: list[_Doc] = [
            _Doc(raw.target, frozenset(raw.terms), raw.factor, name=raw.name)
            for raw in raw_docs
            if raw.terms
        ]
        self.docs += [_Doc(t, frozenset(terms), BAG_FACTOR, True) for t, terms in bags.items()]
        self.doc_weight = [sum(self.weights[t] for t in doc.terms) for doc in self.docs]
        self.proper = {
            number
            for number, doc in enumerate(self.docs)
            if doc.name and any(frequency[t] == 1 for t in doc.terms)
        }
        """Entry names with a word of their own (not only common words like "Netzwerk")."""
        for number, doc in enumerate(self.docs):
            if doc.name and number not in self.proper:
                self.docs[number] = _Doc(
                    doc.target, doc.terms, doc.factor * COMMON_NAME_FACTOR, name=True
                )
        self._index_docs()

    def _index_docs(self) -> None:
        """The inverted index: term -> the distinct term sets ("shapes") holding it, each
        shape -> its documents, each target -> its documents. Documents alike in their terms
        (the same description in many entries) are scored once per question."""
        shape_of: dict[frozenset[str], int] = {}
        self.shapes: list[frozenset[str]] = []
        self.shape_docs: list[list[int]] = []
        self.target_docs: list[list[int]] = [[] for _ in self.targets]
        self.doc_shape: list[int] = []
        self.doc_target = [doc.target for doc in self.docs]
        for number, doc in enumerate(self.docs):
            shape = shape_of.get(doc.terms)
            if shape is None:
                shape = shape_of[doc.terms] = len(self.shapes)
                self.shapes.append(doc.terms)
                self.shape_docs.append([])
            self.shape_docs[shape].append(number)
            self.target_docs[doc.target].append(number)
            self.doc_shape.append(shape)
        self.shape_weight = [sum(self.weights[t] for t in terms) for terms in self.shapes]
        postings: dict[str, list[int]] = defaultdict(list)
        for shape, terms in enumerate(self.shapes):
            for term in terms:
                postings[term].append(shape)
        self.postings = dict(postings)
        self.ceiling = [
            max(self._factor(number) for number in numbers) for numbers in self.shape_docs
        ]
        """Per shape: the largest factor of its documents (for the bound in `rank`)."""
        self.named_shape = [
            any(self._full_name(number) for number in numbers) for numbers in self.shape_docs
        ]
        by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for target, title in self.titles:
            spelled = tuple(title.split())
            by_first[spelled[0]].append((target, spelled))
        self.title_starts = dict(by_first)
        """Entry names of two terms or more, by their first folded word."""
        self.target_entries = [
            [
                (number, self.doc_shape[number], self.docs[number].bag, self._factor(number))
                for number in numbers
            ]
            for numbers in self.target_docs
        ]
        """Per target, each document as (number, shape, bag or not, factor): read for every
        target a question reaches, so looked up once here."""

    def _factor(self, number: int) -> float:
        doc = self.docs[number]
        return doc.factor * KIND_FACTOR[self.targets[doc.target].kind]

    def _full_name(self, number: int) -> bool:
        """Whether a document is an entry's own name that scores NAME_SCORE when hit fully."""
        doc = self.docs[number]
        return doc.name and len(doc.terms) >= 2 and number in self.proper

    def _central(self, raw_docs: list[RawDoc], names: set[str]) -> list[frozenset[str]]:
        """Per target: the terms that say what it is about (see CENTRAL_SHARE)."""
        counts: list[Counter[str]] = [Counter() for _ in self.targets]
        phrasings = [0] * len(self.targets)
        own_names: list[set[str]] = [set() for _ in self.targets]
        for raw in raw_docs:
            if not raw.phrasing or not raw.terms:
                continue
            phrasings[raw.target] += 1
            counts[raw.target].update(set(raw.terms))
            if raw.name:
                own_names[raw.target].update(t for t in raw.terms if t in names)
        overall: Counter[str] = Counter()
        for count in counts:
            overall.update(count)
        naming = self.content.naming  # its words ask for a name ("wie heißt …"): question words
        shaping = (w for p in ("before", "after") for w in naming.get(p, ()) if " " not in w)
        asking = self.asking = self.vocabulary.question_terms(shaping)
        return [
            frozenset(
                t
                for t, n in counts[i].items()
                if t not in asking
                and (n >= CENTRAL_SHARE * phrasings[i] or (n >= 2 and n >= OWN_SHARE * overall[t]))
            )
            | own_names[i]
            for i in range(len(self.targets))
        ]

    # ------------------------------------------------------------------ matching

    def _served_by_details(self, content: Content) -> None:
        """An FAQ entry with `details` (core/answers/details.py) answers what they are for
        ("Was kostet ein Barcamp?"): the requests of content/out_of_scope.yaml asked with
        the words that ask for details (cost, dates, signing up) are no foreign intent there."""
        texts = Texts(content.texts)
        about_details: set[str] = set()
        for group in content.out_of_scope:
            for phrase in group:
                spelled = phrase.replace(GAP_MARK, " ")
                if asks_details(texts, spelled):
                    about_details |= self.vocabulary.intents_in(spelled)
        for entry in content.faq:
            number = self.index.get((entry.id, Kind.FAQ))
            if entry.details is not None and number is not None:
                self.curated[number] |= about_details

    def analyse(self, text: str, *, compounds: bool = True) -> list[Term]:
        """The terms of a question (kept for the last question: deciding reads them twice)."""
        last = self._last
        if last[:2] != (text, compounds):
            last = (text, compounds, tuple(self.vocabulary.analyse(text, compounds=compounds)))
            self._last = last
        return list(last[2])

    def rank(
        self,
        text: str,
        *,
        compounds: bool = True,
        limit: int = 5,
        among: frozenset[int] | None = None,
        floor: float = 0.0,
    ) -> list[Match]:
        """The best targets for a question, best first, one match per target (only targets
        `among` these numbers when given, only scores of at least `floor`).

        The shapes a question shares terms with are scored once; targets are then scored in
        full from the most promising shape down, until no shape left could reach the
        `limit`-th score found (a target never scores above its best document's bound)."""
        weighted = self._weighted(text[:MAX_CHARS], compounds)
        if not weighted or limit < 1:
            return []
        terms = list(weighted)
        query_weight = sum(weighted.values())
        if query_weight <= 0:
            return []
        hits: dict[int, float] = defaultdict(float)
        matched: dict[int, list[str]] = defaultdict(list)
        first: dict[int, int] = {}
        parts = Counter(term.whole for term in terms if term.whole)
        found_parts: dict[tuple[int, str], list[float]] = defaultdict(list)
        for position, term in enumerate(terms):
            weight = weighted[term] * SOURCE_WEIGHT[term.source]
            for shape in self.postings.get(term.key, ()):
                hits[shape] += weight
                matched[shape].append(term.key)
                first.setdefault(shape, position)
                if term.whole:
                    found_parts[shape, term.whole].append(weight)
        for (shape, whole), weights in found_parts.items():
            if len(weights) < parts[whole]:
                hits[shape] -= sum(weights) * (1 - LONE_PART)
        shares = {shape: shared / query_weight for shape, shared in hits.items()}
        reach = {
            shape: min(shared / self.shape_weight[shape], 1.0) for shape, shared in hits.items()
        }
        keys = {term.key for term in terms}
        named = self._named(text[:MAX_CHARS]) | self.naming.called(text[:MAX_CHARS])
        asks = self._asks(text[:MAX_CHARS])
        scored: dict[int, tuple[tuple[float, bool, float, bool, int, int], Match]] = {}

        # the `limit` best scores so far (a min-heap: its first is the `limit`-th best)
        best: list[float] = []

        tried: set[int] = set()

        def score(target: int) -> None:
            tried.add(target)
            if among is not None and target not in among:
                return
            found = self._target_match(target, shares, reach, first, matched, keys)
            if found is None:
                return
            match, phrased, order = found
            if target in named:
                match = Match(
                    match.id,
                    match.kind,
                    EXACT_NAME_SCORE,
                    match.terms,
                    match.coverage,
                    match.central,
                    match.phrasing,
                )
            elif asks and asks.isdisjoint(self.answers[target]):
                match = replace(match, score=round(match.score * MISS_FACTOR, 4))
            if match.score < floor:
                return
            key = (-match.score, target not in named, -phrased, match.kind != Kind.FAQ, *order)
            scored[target] = (key, match)
            heapq.heappush(best, match.score)
            if len(best) > limit:
                heapq.heappop(best)

        for target in named:
            score(target)
        # shapes from the highest bound down, popped from a heap only as far as needed
        bounds = self._bounds(shares, reach)
        heapq.heapify(bounds)
        doc_target = self.doc_target
        while bounds:
            bound, shape = heapq.heappop(bounds)
            if round(-bound, 4) < (best[0] if len(best) >= limit else floor):
                break  # no target left can reach the `limit`-th score
            for number in self.shape_docs[shape]:
                if doc_target[number] not in tried:
                    score(doc_target[number])
        ranked = heapq.nsmallest(limit, scored.values(), key=lambda pair: pair[0])
        return [match for _, match in ranked]

    def _asks(self, text: str) -> frozenset[str]:
        """The kinds of asking of a message's questions (see core/answers/asking.py)."""
        sentences = split_sentences(text)
        asked = asking_sentences(sentences)
        return frozenset().union(
            *(self.asks.of(sentence) for i, sentence in enumerate(sentences) if i in asked)
        )

    def _bounds(self, shares: dict[int, float], reach: dict[int, float]) -> list[tuple[float, int]]:
        """The most any document of each shape hit can score for a question, negated (for a
        min-heap), with the shape (in one loop: this runs for every shape a question hits)."""
        ceiling, named_shape = self.ceiling, self.named_shape
        found: list[tuple[float, int]] = []
        for shape, share in shares.items():
            near = reach[shape]
            mixed = QUERY_SHARE * share + (1 - QUERY_SHARE) * near
            score = share if share > mixed else mixed
            if near >= FULL and score < NAME_SCORE and named_shape[shape]:
                score = NAME_SCORE
            found.append((-score * ceiling[shape], shape))
        return found

    def _target_match(
        self,
        target: int,
        shares: dict[int, float],
        reach: dict[int, float],
        first: dict[int, int],
        matched: dict[int, list[str]],
        keys: set[str],
    ) -> tuple[Match, float, tuple[int, int]] | None:
        """One target's match from the shapes hit (None when none is), its closest phrasing's
        score unrounded, and its order among equals (the position of the first question term
        it shares, then its first document's number)."""
        hit = [
            (first[shape], number, shape, bag, factor)
            for number, shape, bag, factor in self.target_entries[target]
            if shape in shares
        ]
        if not hit:
            return None
        hit.sort()
        best_score, best_shape = -1.0, -1
        coverage = 0.0
        phrased = 0.0
        for _, number, shape, bag, factor in hit:
            share = shares[shape]
            if bag:
                coverage = share
                value = share * factor
            else:
                value = QUERY_SHARE * share + (1 - QUERY_SHARE) * reach[shape]
                if reach[shape] >= FULL and self._full_name(number):
                    value = max(value, NAME_SCORE)
                value *= factor
                phrased = max(phrased, value)
            if value > best_score:
                best_score, best_shape = value, shape
        info = self.targets[target]
        match = Match(
            info.id,
            info.kind,
            round(best_score * (1 - WHOLE + WHOLE * coverage), 4),
            tuple(matched[best_shape]),
            round(coverage, 4),
            not keys.isdisjoint(self.central[target]),
            round(phrased, 4),
        )
        return match, phrased, hit[0][:2]

    def _named(self, text: str) -> set[int]:
        """Targets whose name of two terms or more the text spells out word for word."""
        spelled = words(text)
        found: set[int] = set()
        for start, word in enumerate(spelled):
            for target, title in self.title_starts.get(word, ()):
                if tuple(spelled[start : start + len(title)]) == title:
                    found.add(target)
        return found

    def _weighted(self, text: str, compounds: bool) -> dict[Term, float]:
        """The terms of a message with their weight: full in the question, less in the
        sentences around it (see CONTEXT_FACTOR), unknown words neutral there; the known
        words of the sentence before a question that points back count fully (see THIN)."""
        sentences = split_sentences(text)
        asked = asking_sentences(sentences)
        pointed = {
            index - 1 for index in asked if index > 0 and self._thin(sentences[index], compounds)
        }
        found: dict[str, tuple[Term, float]] = {}
        english = detect(text, self.language_words) == "en"
        for index, sentence in enumerate(sentences):
            question = index in asked
            analysed = (
                self.analyse(text, compounds=compounds)
                if len(sentences) == 1
                else self.vocabulary.analyse(sentence, compounds=compounds)
            )
            nouns = self._nouns(sentence) if question else set()
            short = set() if english else {fold(w) for w in _SHORT.findall(sentence)}
            for term in analysed:
                weight = self.weights.get(term.key)
                if weight is None:
                    share = NOUN_FACTOR if term.key in nouns else UNKNOWN_FACTOR
                    share = 0.0 if term.key in short else share
                    weight = self.unknown_weight * (share if question else CONTEXT_UNKNOWN)
                elif not question and index not in pointed:
                    weight *= CONTEXT_FACTOR
                seen = found.get(term.key)
                if seen is None or (weight, -term.source) > (seen[1], -seen[0].source):
                    found[term.key] = (term, weight)
        return {term: weight for term, weight in found.values()}

    def _thin(self, sentence: str, compounds: bool) -> bool:
        """Whether a question says too little of its own to be read alone (see THIN)."""
        own = [
            term
            for term in self.vocabulary.analyse(sentence, compounds=compounds)
            if term.key not in self.asking and term.key in self.weights
        ]
        return len(own) <= THIN

    def knows(self, word: str) -> bool | None:
        """Whether the content knows a folded word: every term it becomes (after compounds
        and typos) is one of the content's terms; None for a stopword or an everyday word."""
        if word in self._knows:
            return self._knows[word]
        terms = self.vocabulary.analyse(word)
        known = all(term.key in self.weights for term in terms) if terms else None
        if len(self._knows) < 50_000:
            self._knows[word] = known
        return known

    def _nouns(self, sentence: str) -> set[str]:
        """Stems of the words capitalised inside a sentence (German nouns, names)."""
        found = _CAPITALISED.findall(sentence)
        return {self.vocabulary.stemmer.stem(fold(word)) for word in found}

    def foreign_intent(self, text: str, match: Match) -> bool:
        """Whether the question asks for something (content/out_of_scope.yaml) that no
        phrasing of the matched target asks for: "delete my Facebook account" is no question
        about Facebook. Of the sentences around the question, those saying who asks are not
        read: "I'm a volunteer, not a trained social worker. Can I join in?" asks to join, not
        for a training; "I want to delete my account. How?" still asks to delete it."""
        text = text[:MAX_CHARS]
        sentences = split_sentences(text)
        if len(sentences) == 1:
            asked = self.vocabulary.intents_in(text, self.analyse(text))
        else:
            question = asking_sentences(sentences)
            asked = set().union(
                *(
                    self.vocabulary.intents_in(sentence)
                    for i, sentence in enumerate(sentences)
                    if i in question or not _ABOUT_ME.match(sentence)
                )
            )
        return bool(asked) and not asked <= self.curated[self.index[match.id, match.kind]]

    def decide(self, text: str) -> Decision:
        """A private (or addressed) message: answer, offer choices, or say "I don't know".
        The examples decide where the content's own phrasings give no clear answer, replace a
        clear one with a clearly better one of their own (TAUGHT_LEAD), and turn a clear one
        down only for a question no answer serves that is much closer to it (DECLINE_LEAD); an
        entry named word for word is answered."""
        decision = self._consider(text)
        learned = self.learned
        if learned is None:
            return self._about(text, decision)
        if decision.outcome is not Outcome.ANSWER:
            return self._about(text, learned._consider(text))
        score = decision.matches[0].score
        if score >= EXACT_NAME_SCORE:
            return decision
        if score < TAUGHT_BELOW:
            taught, _ = learned._decide(text)  # the whole text: one more ranking, no more
            best = taught.best
            if (
                taught.outcome is Outcome.ANSWER
                and best is not None
                and best.id != decision.matches[0].id
                and best.score >= score + TAUGHT_LEAD
            ):
                return taught  # people's own words ("Was taugt Facebook …?") chose another
        if learned.declined is None:
            return decision
        floor = score + DECLINE_LEAD  # scoring the no-answer target alone first is cheap
        if learned.rank(text, limit=1, among=learned.declined, floor=floor):
            closest = learned.rank(text, limit=1, floor=floor)
            if closest and closest[0].id == NO_ANSWER:
                return self._about(text, Decision(Outcome.UNKNOWN, decision.matches))
        return decision

    def _consider(self, text: str) -> Decision:
        """The decision of this index alone.

        A message of several sentences whose whole text is not answered clearly is decided
        again on its last question alone: the personal context before it ("Ich bin seit zwei
        Wochen im Jugendzentrum ...") says who asks, the question what they want. Where the
        whole text already offers choices, the question alone may only confirm its best one;
        a question that alone names nothing its best target is about ("Gelten die Tipps auch
        für mich?") leaves the decision to the whole text.
        """
        whole, vetoed = self._decide(text)
        if whole.outcome is Outcome.ANSWER or vetoed:
            return whole
        question = final_question(text[:MAX_CHARS])
        if question is None:
            return whole
        focused, _ = self._decide(question)
        if _RANK[focused.outcome] <= _RANK[whole.outcome]:
            return whole
        if whole.outcome is Outcome.UNSURE and focused.best != whole.best:
            return whole  # the context chose differently: keep offering the choices
        if focused.best is not None and not focused.best.central:
            return whole  # the question alone names nothing its best target is about
        return focused

    def _decide(self, text: str) -> tuple[Decision, bool]:
        """The decision on one text, and whether a foreign intent (see `foreign_intent`)
        decided it."""
        ranked = self.rank(text, limit=LIMIT + 1)
        matches = tuple(m for m in ranked if m.id != NO_ANSWER)[:LIMIT]
        if ranked and ranked[0].id == NO_ANSWER:
            return Decision(Outcome.UNKNOWN, matches), True
        if not matches:
            has_terms = bool(self.analyse(text[:MAX_CHARS]))
            return Decision(Outcome.UNKNOWN if has_terms else Outcome.EMPTY, ()), False
        if self.foreign_intent(text, matches[0]):
            return Decision(Outcome.UNKNOWN, matches), True
        return self._judge(matches), False

    def _about(self, text: str, decision: Decision) -> Decision:
        """A declined question that names a catalogue entry asks what the catalogue does not
        hold about it ("Wer ist der Admin von …?"): that entry, the best of those named, is
        what the decision is about (see `_names`)."""
        if decision.outcome is not Outcome.UNKNOWN or not decision.matches:
            return decision
        text = text[:MAX_CHARS]
        spelled = words(text)
        keys = {term.key for term in self.analyse(text)}
        called = self.naming.called(text)
        for match in decision.matches:
            number = self.index[match.id, match.kind]
            if match.kind is Kind.RESOURCE and self._names(number, spelled, keys, called):
                return replace(decision, about=match)
        return decision

    def _names(self, number: int, spelled: list[str], keys: set[str], called: set[int]) -> bool:
        """Whether a question names the entry: by its name in quotes or after a word for its
        kind ("die Gruppe Soziale Arbeit"; a name of everyday words only so); spelled out
        word for word ("Sozifon", "Gutes sichtbar machen"); or every word of a longer name in
        any order ("the Torus initiative in Bonn")."""
        if number in called:
            return True
        if number in self.everyday_names:
            return False
        name = self.entry_names.get(number, ())
        if name and any(
            tuple(spelled[start : start + len(name)]) == name
            for start in range(len(spelled) - len(name) + 1)
        ):
            return True
        terms = self.title_terms.get(number, frozenset())
        return len(terms) >= 2 and terms <= keys

    def _judge(self, matches: tuple[Match, ...]) -> Decision:
        top = matches[0]
        limits = self.thresholds
        if top.score >= EXACT_NAME_SCORE:
            return Decision(Outcome.ANSWER, matches)  # an entry named word for word
        if self.asking.issuperset(top.terms):
            # only question words ("wie heißt …") in common: no evidence; the next may have some
            rest = tuple(m for m in matches if not self.asking.issuperset(m.terms))
            return self._judge(rest) if rest else Decision(Outcome.UNKNOWN, matches)
        if top.score < limits.unsure or top.coverage < limits.unsure_coverage:
            return Decision(Outcome.UNKNOWN, matches)
        if not top.central and top.phrasing < limits.side_words:
            return Decision(Outcome.UNKNOWN, matches)
        close = len(matches) > 1 and matches[1].score >= top.score - limits.margin
        weak = top.score < limits.answer or top.coverage < limits.answer_coverage
        if weak or (close and top.score < limits.answer + 0.15):
            return Decision(Outcome.UNSURE, matches)
        return Decision(Outcome.ANSWER, matches)

    def read_room(self, text: str) -> Reading:
        """The evidence in an unaddressed room message (see core/answers/newcomers.py)."""
        return self.newcomers.read(text[:MAX_CHARS])

    def decide_room(self, text: str) -> Decision:
        """An unaddressed room message: answer only a newcomer's "where do I start?".

        The answer is the room answer (the way into the starter plan), so the matches are the
        room targets (content marks them `room: true`), best first for this message.
        """
        if not self.read_room(text).newcomers_question:
            return Decision(Outcome.SILENT, ())
        room = [(t.id, t.kind) for t in self.targets if t.room]
        ranked = self.rank(text, limit=len(room), among=self.room_targets)
        rest = [
            Match(ident, kind, 0.0) for ident, kind in room if ident not in {m.id for m in ranked}
        ]
        return Decision(Outcome.ANSWER, tuple(ranked + rest))

    def search(self, text: str, limit: int = 10) -> list[Match]:
        """Catalogue entries for search words, best first (a looser bar than answers)."""
        floor = self.thresholds.unsure * 0.75
        return self.rank(text, limit=limit, among=self.resource_targets, floor=floor)

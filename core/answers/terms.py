"""Turning free text into comparable terms: folding, stemming, synonyms, compounds and typos.

The same `Vocabulary` analyses the content (once) and every question, so both sides meet in
the same terms. German and English are stemmed with Snowball and the shorter stem wins, so a
question may mix both languages. Unknown words are split into known parts (German compounds
such as "Sozialarbeitsblogs") or corrected to a close known term (typos) with rapidfuzz.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "á": "a"})
_WORD = re.compile(r"[a-z0-9]+")
_GENDER = re.compile(r"(?<=[a-zäöüß])(?:[:*_/]i|I)(n|nnen)\b")
"""Gender forms written with a mark or a capital I (Kolleg:innen, Kolleg*in, SozialarbeiterIn),
read as the plain feminine word (Kolleginnen)."""
_FEMININE = re.compile(r"(?<=[a-z]{3}(?:er|og|eg|nt|st))(?:in|innen)$")
"""The feminine ending of a person word (Sozialarbeiterin, Kolleginnen, Studentin): stemmed
without it, so every form of the word meets (Sozialarbeiter)."""
_OWN_NAME = re.compile(
    r"(\b(?i:ich bin|ich heiße|ich heisse|mein name ist|i am|i'm|my name is|this is)\s+)"
    r"([A-ZÄÖÜ][^\W\d_]+)"
)
"""A self-introduction and the capitalised word after it (the name, when content does not
know the word)."""
_FILLER = re.compile(
    r"(?i)\b(?:erzähl(?:e)? (?:mir|mal|uns)|erzaehl(?:e)? (?:mir|mal|uns)|sag (?:mir|mal|uns)"
    r"|tell me|tell us|let me know|do you know|weißt du|weisst du"
    r"|(?:ich )?frage? mich|(?:i )?wonder|i was wondering|i'?m wondering"
    r"|guten (?:morgen|tag|abend)|good (?:morning|afternoon|evening)"
    r"|grüß (?:dich|euch|gott)|gruess (?:dich|euch|gott)|grüezi"
    r"|wie geht(?:'s| es)(?: dir| euch)?|how are you(?: doing)?|how's it going)\b"
)
"""Ways of asking that carry no topic ("erzähl mir was über ...", "tell me about ...")."""
_LINKING = ("s", "es", "n", "en")
"""German linking elements between the parts of a compound (Arbeit-s-blog)."""

MIN_PART = 4
"""The shortest part a compound may be split into."""

MIN_JOINED = 6
"""The shortest term two words typed apart may make together."""

MIN_KIND = 5
"""The shortest last part of a compound that names its kind (see `Vocabulary._kind_of`)."""

MIN_COMPOUND = 8
"""Shorter words are not split: "gehört" is no "geh" + "ort"."""

MIN_SUBSTITUTION = 6
"""Shorter words are corrected only for a missing, extra or swapped letter, not a different
one: "Stadt" is a word of its own, not a typo of "Start"."""

MAX_WORD = 30
"""Longer "words" (pasted hashes, keyboard mashing) are never split or corrected."""

MIN_FUZZY = 4
"""Terms shorter than this are never corrected: too many short words look alike."""

_STOPWORD_TEXT = """
    ich du er sie es wir ihr mich mir dich dir uns euch man mein meine meinen meiner dein deine
    der die das den dem des ein eine einen einem einer eines und oder aber auch noch schon mal
    denn doch ja nee so nun halt eben eigentlich etwa vielleicht bitte danke gerne hallo hi hey
    moin servus huhu liebe lieber leute zusammen ist sind bin bist war waren sei hat habe hab
    haben hast hatte wird werden wurde kann kannst koennen koennte koenntest soll sollte sollen
    muss muessen will willst moechte moechten wuerde wuerdest mit von vom zu zum zur im in ins am
    an auf aus bei beim fuer nach als wenn dass ob sich dann da hier jetzt gerade einfach mehr
    sehr ganz etwas was sowas dazu damit davon dafuer ueberhaupt eigentlich genau okay ok nur
    i me my you your we our it its a the and or but is are be was were been do does did have
    has had can could should would will shall may might must to of on at for with about from
    by as this that these those there hello please thanks thank just really any some guys folks
    everyone im m s t d ll re ve don anyone someone somebody anybody nobody something thing
    things get got alle alles allen all
    haette haettest waere waeren hatte hattest koenntest jemand jemanden irgendwie
    wirklich trotzdem echt eher also dies diese dieser dieses diesem diesen go going tell
    if whether because outside ausserhalb innerhalb inside
    behind here other others andere anderen anderer anderes sein werde wirst brauche brauchst
    brauchen need needs mal viel viele erklaer erklaere erklaeren explain even
    habt hatten hinter steckt stecken nie never unterwegs paar laeuft laufen funktioniert
    funktionieren funktioniere works work people person leute menschen total voll ziemlich
    eigentl grad gerade irgendwo irgendwann immer oft manchmal bestimmt sicher wohl gar kein
    keiner keines jeder jede jedes jemandem unser unsere euer eure ihre ihren ihrem seine
    seinen seinem deren dessen welcher welches wessen wem wen ihn ihm denen selbst selber
    also anyway actually maybe perhaps probably kind sort lot lots bit quite rather pretty
    very too also still yet already now then than into onto over under out up down off
    again further once same such own only both each few more most other some no nor not
    echte echten echter echtes zwei drei vier fuenf two three four five gegen against
    nen ne nem nix eh haeltst haelst haltet think thoughts opinion
    gern whats wats way ways komme kommen kommst kommt come comes coming keen eager
    fuers aufs ans ums uebers durchs unters vors hinters seit since
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
"""Words that carry no meaning for matching (umlauts already folded). Question words stay."""

_EVERYDAY_TEXT = """
    sagen sage sagst sagt gesagt gewinnen gewinne gewinnt geben gibt gegeben nehmen nimmt stehen
    steht liegen liegt bleiben bleibt denken denke glauben glaube wissen weiss meinen meine meinst
    sehen sieht schauen schaue zeigen zeige fragen frage antworten antwort sprechen spreche reden
    rede spricht sprichst bekommen bekomme kriegen kriege versuchen versuche aufhoeren gehen gehe
    holen hole zahlen zahle kosten kostet dauern dauert warten warte
    tun tue lassen lasse setzen stellen stelle legen halten halte
    heissen scheinen bedeuten bedeutet gehoeren fuehlen fuehle moegen mag lieben liebe hassen hasse
    knuepfen knuepfe nutzen nutze benutzen verwenden probieren ausprobieren schaffen klappen klappt
    kurz kurzem kurzer lang lange gross grosse klein kleine alt alte jung junge breit breiter
    schnell langsam leicht schwer falsch moeglich halb bisher bereits endlich vorher nachher
    spaeter frueher konkret ungefaehr unbedingt sowieso deshalb darum
    beendet beenden abgeschlossen fertig team teams gilt gelten
    ausserdem sonst dort ueberall seit seitdem neulich momentan aktuell derzeit tatsaechlich
    vorstellen vorstelle darunter drunter imagine
    ahnung alltag idea clue
    say says said gain gains exist exists existing give gives take takes stand stay keep believe
    mean means see look looks show ask answer speak costs wait let put
    seem seems feel love hate try trying use using used want wants wanted getting make
    made short long big small old young wide fast slow easy hard simple exactly wrong possible
    whole half since recently before after later earlier
    currently right thing stuff somehow somewhere everywhere
"""
EVERYDAY = frozenset(_EVERYDAY_TEXT.split())
"""Everyday words that say nothing about a topic: when content does not use one, it is dropped
instead of counting as an unknown word (which would make a question look off topic)."""


_QUESTION_TEXT = """
    wie was wo wann warum wieso weshalb wozu wer wen wem wessen welche welcher welches welchen
    woher wohin womit wofuer worum wieviel gibt how what where when why who whom whose which
"""
QUESTION_WORDS = frozenset(_QUESTION_TEXT.split())
"""Words that shape a question rather than say what it is about (with "wie viel", "how much")."""


CONCEPT = "~"
"""The mark of a synonym group's term: a concept editors curate."""

INTENT = "!"
"""The mark of an out-of-scope intent's term (content/out_of_scope.yaml)."""

GAP_MARK = "..."
"""In an intent, other words may stand where this mark is ("wo kann ich ... studieren")."""

GAP = 4
"""At most this many words stand in an intent's gap."""


class Source(IntEnum):
    """How a term was found in the text, strongest first."""

    DIRECT = 0
    COMPOUND = 1
    FUZZY = 2


@dataclass(frozen=True, slots=True)
class Term:
    """One meaningful term of a text and how sure we are it is what was meant."""

    key: str
    source: Source = Source.DIRECT
    whole: str = ""
    """For a part of a compound: the word it was split from."""


def fold(text: str) -> str:
    """Lower case with umlauts spelled out (ä -> ae, ß -> ss) and gender forms read as plain
    words (Kolleg:innen -> kolleginnen), so every spelling meets."""
    return _GENDER.sub(r"i\1", text).casefold().translate(_FOLD)


def words(text: str) -> list[str]:
    """The folded words of a text."""
    return _WORD.findall(fold(text))


class Stemmer:
    """German and English Snowball stems; the shorter one is the term (German on a tie)."""

    def __init__(self) -> None:
        self._de = snowballstemmer.stemmer("german")
        self._en = snowballstemmer.stemmer("english")
        self._cache: dict[str, str] = {}

    def stem(self, word: str) -> str:
        """The stem of one folded word."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        base = _FEMININE.sub("", word)
        german = str(self._de.stemWord(base))
        english = str(self._en.stemWord(base))
        result = english if len(english) < len(german) else german
        if len(self._cache) < 100_000:
            self._cache[word] = result
        return result


class Vocabulary:
    """The known terms, the synonym groups, and the analysis of text into terms."""

    def __init__(
        self,
        synonym_groups: Iterable[Iterable[str]],
        intent_groups: Iterable[Iterable[str]] = (),
        stemmer: Stemmer | None = None,
    ) -> None:
        self.stemmer = stemmer or Stemmer()
        """Stems words (with a cache: a stemmer shared by two vocabularies stems a word once)."""
        self.phrases: dict[tuple[str, ...], str] = {}
        self.longest_phrase = 1
        self.intents: set[str] = set()
        """Terms of intents no answer serves unless a phrasing names them (INTENT marks them)."""
        self.gapped: list[tuple[tuple[str, ...], tuple[str, ...], str]] = []
        """Intents written with a gap ("wo kann ich ... studieren"): left words, right words
        (at most GAP words later), and the intent's term."""
        for mark, groups in ((CONCEPT, synonym_groups), (INTENT, intent_groups)):
            for group in groups:
                members = [self._stems(member) for member in group]
                members = [m for m in members if m]
                if not members:
                    continue
                canonical = mark + "_".join(members[0])
                if mark == INTENT:
                    self.intents.add(canonical)
                for member, stems in zip(group, members, strict=True):
                    left, gap, right = member.partition(GAP_MARK)
                    if mark == INTENT and gap:
                        pair = (tuple(self._stems(left)), tuple(self._stems(right)))
                        self.gapped.append((*pair, canonical))
                        continue
                    self.phrases.setdefault(tuple(stems), canonical)
                    self.longest_phrase = max(self.longest_phrase, len(stems))
        self.known: set[str] = set(self.phrases.values())
        self._single = {stems[0]: key for stems, key in self.phrases.items() if len(stems) == 1}
        self._choices: list[str] = []
        self._sounding: dict[str, str] = {}
        self.names: frozenset[str] = frozenset()
        """Terms that are an entry's own name (set by the matcher once it knows them)."""
        self._heard: defaultdict[str, set[str]] = defaultdict(set)
        self._written: set[str] = set()
        """Content's words as written (folded), for words typed apart."""
        self._corrections: dict[str, tuple[Term, ...]] = {}
        self._learnt: dict[str, list[str]] = {}
        self._everyday = {self.stemmer.stem(word) for word in EVERYDAY} | {
            stem for stem in map(self.stemmer.stem, STOPWORDS) if len(stem) >= MIN_FUZZY
        }
        """Stems of everyday words and of longer stopwords: other forms of them ("ganze",
        "würd") are dropped too, unless content uses them."""

    def question_terms(self, more: Iterable[str] = ()) -> set[str]:
        """The terms question words (and synonym groups of them) become; `more` are further
        words that shape a question (content's naming words: "heißt", "called")."""
        found: set[str] = set()
        for word in (*QUESTION_WORDS, *more):
            stem = self.stemmer.stem(word)
            found.add(stem)
            found.add(self._single.get(stem, stem))
        for stems, key in self.phrases.items():
            if all(stem in found for stem in stems):
                found.add(key)
        return found

    def _stems(self, text: str) -> list[str]:
        return [self.stemmer.stem(word) for word in words(text)]

    def learn(self, text: str) -> list[str]:
        """Analyse content text and add its terms to what is known (a text repeated in many
        entries is analysed once)."""
        keys = self._learnt.get(text)
        if keys is None:
            keys = self._learnt[text] = [term.key for term in self._terms(text, correct=False)]
            self.known.update(keys)
        self._choices = []
        return list(keys)

    def freeze(self) -> None:
        """Call after learning all content: prepares the typo correction."""
        self._choices = sorted(
            key
            for key in self.known | set(self._single)
            if len(key) >= MIN_FUZZY
            and not key.startswith((CONCEPT, INTENT))
            and self._single.get(key, "") not in self.intents
        )
        """Intent words are never a typo's correction: "magst" is no "Master"."""
        self._sounding = {said: next(iter(k)) for said, k in self._heard.items() if len(k) == 1}
        """Content's stems by how their words sound, where only one sounds so."""
        self._corrections.clear()
        self._learnt.clear()

    def intents_in(self, text: str, terms: Iterable[Term] | None = None) -> set[str]:
        """The out-of-scope intents a question asks for (see `content/out_of_scope.yaml`);
        `terms` are its terms when already analysed."""
        analysed = self.analyse(text) if terms is None else terms
        found = {term.key for term in analysed if term.key in self.intents}
        stems = self._stems(text)
        for left, right, key in self.gapped:
            for start in range(len(stems) - len(left) + 1):
                if tuple(stems[start : start + len(left)]) != left:
                    continue
                after = stems[start + len(left) : start + len(left) + GAP + len(right)]
                if any(
                    tuple(after[at : at + len(right)]) == right
                    for at in range(len(after) - len(right) + 1)
                ):
                    found.add(key)
        return found

    def analyse(self, text: str, *, compounds: bool = True) -> list[Term]:
        """The meaningful terms of a question, with unknown words split or corrected."""
        cleaned = _FILLER.sub(" ", self._without_own_name(text))
        return self._terms(cleaned, correct=True, compounds=compounds)

    def _without_own_name(self, text: str) -> str:
        """Drop the name in "ich bin Lisa" / "I'm Tom": a name says nothing about the question.

        Only a capitalised word the content does not know is taken for a name, so
        "ich bin Ehrenamtliche" keeps its meaning.
        """

        def drop(match: re.Match[str]) -> str:
            name = words(match.group(2))
            if name and self.stemmer.stem(name[0]) in self.known | set(self._single):
                return match.group(0)
            return match.group(1)

        return _OWN_NAME.sub(drop, text)

    # ------------------------------------------------------------------ internals

    def _terms(self, text: str, *, correct: bool, compounds: bool = True) -> list[Term]:
        folded = words(text)
        stems = [self.stemmer.stem(word) for word in folded]
        if not correct:
            self._hear(folded, stems)
        terms: list[Term] = []
        index = 0
        while index < len(stems):
            matched = self._phrase_at(stems, index, folded[index] in STOPWORDS)
            joined = self._joined(folded, stems, index) if correct else None
            if joined is not None and (matched is None or matched[1] == 1):
                terms.append(Term(joined))
                index += 2
                continue
            if matched is not None:
                key, length = matched
                terms.append(Term(key))
                index += length
                continue
            word, stem = folded[index], stems[index]
            index += 1
            if word in STOPWORDS:
                continue
            if not correct or stem in self.known:
                terms.append(Term(stem))
                continue
            if stem in self._everyday:
                continue
            terms.extend(self._correct(word, stem, compounds))
        return terms

    def _hear(self, folded: list[str], stems: list[str]) -> None:
        """Remember how content's words are written and sound (see `_joined`, `_fuzzy`)."""
        for word, stem in zip(folded, stems, strict=True):
            if word not in STOPWORDS:
                self._written.add(word)
                self._heard[sounds(word)].add(stem)

    def _joined(self, folded: list[str], stems: list[str], index: int) -> str | None:
        """A word typed apart ("help teers", "Start Vision", "Bar Camp"): the word and the
        next, written together, are a term content knows, and one of them alone is not, or
        together they are an entry's own name (a multi-word phrase still wins)."""
        if index + 1 >= len(folded) or folded[index] + folded[index + 1] not in self._written:
            return None
        together = self.stemmer.stem(folded[index] + folded[index + 1])
        if together not in self.known or len(together) < MIN_JOINED:
            return None
        apart = all(self._canonical(stem) for stem in stems[index : index + 2])
        return together if together in self.names or not apart else None

    def _phrase_at(
        self, stems: list[str], index: int, stopword: bool = False
    ) -> tuple[str, int] | None:
        """The synonym phrase starting at `index`; a stopword only starts a longer phrase
        ("face to face"), so "for" never meets the stem of "Foren"."""
        shortest = 2 if stopword else 1
        for length in range(min(self.longest_phrase, len(stems) - index), shortest - 1, -1):
            key = self.phrases.get(tuple(stems[index : index + length]))
            if key is not None:
                return key, length
        return None

    def _canonical(self, stem: str) -> str | None:
        if stem in self._single:
            return self._single[stem]
        return stem if stem in self.known else None

    def _correct(self, word: str, stem: str, compounds: bool) -> tuple[Term, ...]:
        cache_key = f"{int(compounds)}{word}"
        cached = self._corrections.get(cache_key)
        if cached is not None:
            return cached
        found: tuple[Term, ...] = ()
        if len(word) > MAX_WORD:
            return (Term(stem),)
        if compounds and len(word) >= MIN_COMPOUND:
            parts = self._split(word, depth=2)
            if parts:
                found = tuple(Term(part, Source.COMPOUND, word) for part in parts)
            else:
                kind = self._kind_of(word)
                found = (Term(kind, Source.COMPOUND),) if kind else ()
        if not found:
            fixed = self._fuzzy(word, stem)
            found = (Term(fixed, Source.FUZZY),) if fixed else (Term(stem),)
        if len(self._corrections) < 50_000:
            self._corrections[cache_key] = found
        return found

    def _known_part(self, part: str) -> str | None:
        if len(part) < MIN_PART or part in STOPWORDS:
            return None
        return self._canonical(self.stemmer.stem(part))

    def _kind_of(self, word: str) -> str | None:
        """The concept a compound ends in, when only its last part is known.

        In German the last part says what a compound is: "Schulsozialarbeit" is social work,
        "Fachveranstaltung" an event. Only concepts (synonym groups) of MIN_KIND letters or more
        count, so "Hilfeplan" does not become a plan.
        """
        for cut in range(MIN_PART, len(word) - MIN_KIND + 1):
            key = self._canonical(self.stemmer.stem(word[cut:]))
            if key is not None and key.startswith("~"):
                return key
        return None

    def _split(self, word: str, depth: int) -> list[str] | None:
        """Known parts of a compound, longest head first; None if it does not split."""
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            head_key = self._known_part(head)
            if head_key is None:
                for link in _LINKING:
                    if head.endswith(link) and len(head) - len(link) >= MIN_PART:
                        head_key = self._known_part(head[: -len(link)])
                        if head_key is not None:
                            break
            if head_key is None:
                continue
            tail_key = self._known_part(tail)
            if tail_key is not None:
                return [head_key, tail_key]
            if depth > 1:
                rest = self._split(tail, depth - 1)
                if rest:
                    return [head_key, *rest]
        return None

    def _fuzzy(self, word: str, stem: str) -> str | None:
        said = sounds(word)
        found = self._sounding.get(said) if len(said) >= MIN_FUZZY else None
        found = found or closest(stem, self._choices)
        return None if found is None else self._canonical(found)


_SPELLING = (("ph", "f"), ("th", "t"), ("ck", "k"), ("dt", "t"), ("c", "k"), ("y", "i"))
_DOUBLED = re.compile(r"(.)\1+")


def sounds(stem: str) -> str:
    """A stem as it sounds, for names spelled by ear: "Soziphon" is Sozifon, "Mark" Marc,
    "Geier" Geyer, "Eppe" Epe (ph/f, th/t, ck/k, dt/t, c/k, y/i, doubled letters)."""
    for written, said in _SPELLING:
        stem = stem.replace(written, said)
    return _DOUBLED.sub(r"\1", stem)


def closest(stem: str, choices: list[str]) -> str | None:
    """The known stem a typo most likely meant (rapidfuzz, one or two edits), if any."""
    if len(stem) < MIN_FUZZY or not choices:
        return None
    allowed = 1 if len(stem) < 10 else 2
    near = process.extract(stem, choices, scorer=OSA.distance, score_cutoff=allowed, limit=8)
    if not near:
        return None
    # of the nearest, the longest: a typed word loses a letter more often than it gains one
    # ("Helpters" is Helpteers, not "help")
    plausible = [(str(c), d) for c, d, _ in near if plausible_typo(stem, str(c))]
    if not plausible:
        return None
    nearest = min(distance for _, distance in plausible)
    return max((c for c, d in plausible if d == nearest), key=len)


def plausible_typo(typed: str, known: str) -> bool:
    """Whether `known`, within the edit distance allowed for `typed`, is what was meant: a short
    word keeps its first letter, and below MIN_SUBSTITUTION letters only a missing, extra or
    swapped letter counts ("Stadt" is no typo of "Start")."""
    if len(typed) < 5 and known[:1] != typed[:1]:
        return False
    return not (
        len(typed) < MIN_SUBSTITUTION
        and len(known) == len(typed)
        and sorted(known) != sorted(typed)
    )


def is_typo(typed: str, known: str, most: int = 2) -> bool:
    """Whether `typed` is a typo of `known` by the matcher's rules, at most `most` edits apart
    (fewer for short words; none below MIN_FUZZY letters)."""
    if typed == known or len(typed) < MIN_FUZZY:
        return False
    allowed = min(most, 1 if len(typed) < 10 else 2)
    return OSA.distance(typed, known) <= allowed and plausible_typo(typed, known)

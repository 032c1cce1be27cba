"""The matcher's general rules against whole classes of misses, one example of each."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.answers.decision import Outcome
from core.answers.matcher import Matcher
from core.answers.terms import sounds
from core.content.model import load_content
from core.errors import ContentError


def keys(matcher: Matcher, text: str, *, compounds: bool = True) -> list[str]:
    return [term.key for term in matcher.analyse(text, compounds=compounds)]


def top(matcher: Matcher, text: str) -> str | None:
    """The id the bot answers (or offers first) for a private message, None if it declines."""
    decision = matcher.decide(text)
    return decision.best.id if decision.answered and decision.best else None


def test_a_stopword_never_meets_the_stem_of_a_synonym(matcher: Matcher) -> None:
    # "Foren" stems to "for": the English "for" must not become the group concept
    assert "~grupp" not in keys(matcher, "Is this for me?")
    assert "~grupp" in keys(matcher, "Gibt es Foren dazu?")


def test_short_words_are_neither_split_nor_corrected_into_other_words(matcher: Matcher) -> None:
    assert keys(matcher, "gehört") == [matcher.vocabulary.stemmer.stem("gehoert")]
    assert "~anfang" not in keys(matcher, "Stadt")
    assert "~anfang" in keys(matcher, "Statr")  # a swapped letter is still a typo


def test_other_forms_of_stopwords_are_dropped(matcher: Matcher) -> None:
    assert keys(matcher, "würd ganze someone's") == []


def test_a_german_noun_after_im_is_no_name(matcher: Matcher) -> None:
    assert "jugendtreff" in keys(matcher, "im Jugendtreff", compounds=False)
    assert keys(matcher, "ich bin Lisa") == []


def test_question_words_alone_answer_nothing(matcher: Matcher) -> None:
    for text in ("Wie viel verdient man als Sozialarbeiter?", "How much holiday do I get?"):
        assert matcher.decide(text).outcome is Outcome.UNKNOWN, text
    assert matcher.decide("Wie viel Zeit kostet das?").best.id == "little-time"  # type: ignore[union-attr]


def test_side_words_alone_need_a_close_phrasing(matcher: Matcher) -> None:
    decision = matcher.decide("Wie viel Urlaub steht mir zu?")
    assert not decision.answered
    top = matcher.rank("Wie viel Urlaub steht mir zu?")[0]
    assert not top.central


def test_an_entry_named_word_for_word_wins(matcher: Matcher) -> None:
    assert matcher.decide("Was ist die Barcamp-Liste?").best.id == "barcamp-liste"  # type: ignore[union-attr]
    named = matcher.decide("Gruppe Netzwerk Sozialarbeit und Sozialpädagogik")
    assert named.best is not None
    assert named.best.id == "fb-netzwerk-sozialarbeit-und-sozialpaedagogik"
    # a name that is one concept only ("Soziale Arbeit") is not taken word for word
    group = [m for m in matcher.rank("Was ist soziale Arbeit?") if m.id == "fb-soziale-arbeit"]
    assert all(m.score < 1.0 for m in group)


def test_an_audience_in_a_room_question_keeps_it_clear(matcher: Matcher) -> None:
    for text in (
        "Hallo, ich bin Studentin und frage mich, wo ich anfangen soll mit dem Vernetzen",
        "Wie kann ich als Ehrenamtliche hier einsteigen?",
    ):
        assert matcher.decide_room(text).answered, text
    assert not matcher.decide_room("Wie war euer Wochenende?").answered


def test_small_talk_and_greetings_carry_no_topic(matcher: Matcher) -> None:
    for text in ("Wie geht es dir?", "how are you doing?", "Grüß dich!"):
        assert matcher.decide(text).outcome is Outcome.EMPTY, text


def test_contracted_prepositions_are_stopwords(matcher: Matcher) -> None:
    assert keys(matcher, "fürs Netzwerken") == keys(matcher, "Netzwerken")


def test_welcome_and_importance_are_word_families(matcher: Matcher) -> None:
    assert keys(matcher, "Sind Freiwillige willkommen?") == keys(matcher, "volunteers welcome")
    assert keys(matcher, "notwendig") == keys(matcher, "important")


def test_a_compound_is_the_kind_its_last_part_names(matcher: Matcher) -> None:
    assert keys(matcher, "Schulsozialarbeit") == keys(matcher, "Sozialarbeit")
    assert keys(matcher, "Fachveranstaltung") == keys(matcher, "Veranstaltung")
    assert keys(matcher, "Hilfeplan") != keys(matcher, "Plan")  # plan is no concept
    assert keys(matcher, "Schulsozialarbeit", compounds=False) != keys(matcher, "Sozialarbeit")


def test_gender_forms_meet_the_plain_word(matcher: Matcher) -> None:
    plain = keys(matcher, "Kollegen")
    for form in ("Kolleg:innen", "Kolleg*innen", "Kolleg_innen", "KollegInnen", "Kollegin"):
        assert keys(matcher, form) == plain, form


def test_unknown_words_around_the_question_are_neutral(matcher: Matcher) -> None:
    bare = matcher.rank("Wie fange ich an, mich zu vernetzen?")[0]
    told = matcher.rank("Ich wohne seit Mai in Dortmund. Wie fange ich an, mich zu vernetzen?")[0]
    assert told.id == bare.id and told.score == bare.score


def test_an_unknown_noun_in_a_room_question_keeps_the_bot_silent(matcher: Matcher) -> None:
    assert matcher.read_room("Wo fange ich mit der Dokumentation an?").foreign == ("dokumentation",)
    assert not matcher.decide_room("Wo fange ich mit der Dokumentation an?").answered
    assert matcher.decide_room("Moin, bin neu hier. Wie fange ich an, mich zu vernetzen?").answered


def test_an_entry_named_word_for_word_is_answered(matcher: Matcher) -> None:
    decision = matcher.decide(
        "netzwerk sozialarbeit und sozialpädagogik – ist das ne facebookgruppe?"
    )
    assert decision.outcome is Outcome.ANSWER
    assert decision.matches[0].id == "fb-netzwerk-sozialarbeit-und-sozialpaedagogik"


def test_a_room_answer_needs_a_newcomer_and_a_request_to_begin(matcher: Matcher) -> None:
    """The room answer is the way into the starter plan: it needs evidence that someone new
    (or joining in) asks where to begin; being new alone, or a question on another topic,
    gets no unprompted answer."""
    for text in (
        "Bin neu hier und habe kaum Zeit. Kann man sich auch mit wenig Aufwand vernetzen?",
        "Huhu, bin neu in der Gruppe. Wie starte ich am sinnvollsten mit dem Netzwerken?",
        "Servus, bin nei do, wo soll i anfanga?",
        "Newbie question: where should I begin?",
        "hi all, just joined – any tips how to get started?",
        "Hallo, ich bin neu hier und weis nich wo ich anfagen soll",
    ):
        decision = matcher.decide_room(text)
        assert decision.answered, text
        assert decision.matches[0].id in ("where-to-start", "onboarding"), text
    for text in (
        "Hi, I'm new. What is a barcamp exactly?",  # new, but no request to begin
        "Was ist eigentlich ein Barcamp?",
        "How do I start a new chat in this app?",
        "Hab eine neue Stelle, wann fängt das Barcamp an?",
        "ich fang morgen neu bei der Diakonie an",
        "bin neu in Köln, kennt wer ein gutes Café?",
        "Just joined a gym, any tips for beginners?",
    ):
        assert not matcher.decide_room(text).answered, text


def test_room_evidence_is_read_through_normalisation(matcher: Matcher) -> None:
    """Dialect spellings (content/newcomers.yaml's rules), typos, gender forms and compounds
    meet the signals; a word nobody listed is neutral."""
    reading = matcher.read_room("Griaß eich, i bin nei do. Wo fangi am beschte a?")
    assert reading.newcomer and reading.request and not reading.foreign
    assert matcher.read_room("Moin, Sozialarbeiter*in aus Kiel hier. Einstiegstipps?").request
    assert matcher.read_room("Hallo, neu hier, wo fnage ich an?").newcomers_question
    assert not matcher.read_room("Ich hab einen neuen Job, wo fange ich an?").newcomer


def test_editors_teach_the_room_a_newcomers_word_in_content(tmp_path: Path) -> None:
    """A word added to a signal of content/newcomers.yaml is understood in every form."""
    folder = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, folder)
    text = "bin grünschnabel, wo fang ich an?"
    assert not Matcher(load_checked_content(folder)).decide_room(text).answered
    signals = folder / "newcomers.yaml"
    source = signals.read_text(encoding="utf-8")
    assert "  new: [neu, " in source
    signals.write_text(source.replace("  new: [neu, ", "  new: [grünschnabel, neu, "), "utf-8")
    assert Matcher(load_checked_content(folder)).decide_room(text).answered


@pytest.mark.parametrize(
    "broken", ["signals:\n  newish: [neu]\n", "spellings:\n  - 'a -> en'\n", "signals: [neu]\n"]
)
def test_a_broken_newcomers_file_is_reported_with_file_and_line(
    tmp_path: Path, broken: str
) -> None:
    folder = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, folder)
    (folder / "newcomers.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_content(folder)
    assert any(line.startswith("content/newcomers.yaml:") for line in error.value.problems)


def test_a_question_that_points_back_is_read_with_the_sentence_before_it(
    matcher: Matcher,
) -> None:
    # "Ist helpteers dafür geeignet?" says little alone; the sentence before says for what
    decision = matcher.decide("Mein Verein sucht Freiwillige. Ist helpteers dafür geeignet?")
    assert decision.outcome is Outcome.ANSWER and decision.best is not None
    assert decision.best.id == "helpteers"
    text = "Ich hab gehört, Facebook ist wie eine Cocktailparty und Twitter wie ein Lagerfeuer."
    decision = matcher.decide(text + " Was ist damit gemeint?")
    assert decision.outcome is Outcome.ANSWER and decision.best is not None
    assert decision.best.id == "twitter-vs-facebook"
    # who asks stays neutral: the unknown words of a self-introduction do not count against
    decision = matcher.decide("Ich bin Sozialarbeiterin in Wuppertal. Wo fange ich an?")
    assert decision.outcome is Outcome.ANSWER and decision.best is not None
    assert decision.best.id == "where-to-start"
    # a question that says enough is read alone
    off_topic = matcher.decide("Ich mag Barcamps. Wie wird das Wetter morgen in Köln?")
    assert off_topic.outcome is Outcome.UNKNOWN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Was isch denn dr Vorteil vom Vernetza?", "why-network"),
        ("Servus, wos bringt ma des eigentlich, des ganze Netzwerkeln?", "why-network"),
    ],
)
def test_short_dialect_words_nobody_listed_are_neutral(
    matcher: Matcher, text: str, expected: str
) -> None:
    assert matcher.decide(text).outcome is Outcome.ANSWER
    assert top(matcher, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "What's the best phone to buy?",  # English: its short words are meant
        "Was ist der Unterschied zwischen SGB II und SGB XII?",  # capitals and numerals
        "wie viel geld verdient man als sozialarbeiter",
    ],
)
def test_short_words_that_carry_the_question_still_count(matcher: Matcher, text: str) -> None:
    assert not matcher.decide(text).answered


def test_a_typo_that_lost_a_letter_is_the_longer_word(matcher: Matcher) -> None:
    """ "Helpters" is one letter from "help" and from Helpteers: people drop letters more often
    than they add them, so the name wins."""
    decision = matcher.decide("Helpters – was ist das?")
    assert decision.best is not None and decision.best.id == "helpteers"


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("help teers link bitte", "helpteers"),
        ("Start Vision – ist das ein Projekt von Ute?", "startvision"),
        ("soziphon podcast", "sozifon"),
        ("Soziphon, kennst du das?", "sozifon"),
        ("Wer ist Benedikt Geier?", "irgendwas-mit-menschen"),
    ],
)
def test_a_name_typed_apart_or_spelled_by_ear_is_the_entry(
    matcher: Matcher, text: str, entry: str
) -> None:
    """Names are typed apart ("help teers") and spelled as they sound (ph for f, i for y)."""
    assert top(matcher, text) == entry


def test_known_words_typed_apart_stay_apart(matcher: Matcher) -> None:
    """A "Facebook Gruppe" is Facebook and a group, not one compound that drops both."""
    assert "~facebook" in keys(matcher, "Ich suche eine Facebook Gruppe")
    assert sounds("soziphon") == sounds("sozifon") and sounds("geier") == sounds("geyer")
    assert sounds("mark") == sounds("marc") != sounds("markt")


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("I remember being new here and having no idea where to start 😄", False),
        ("Weiß noch, wie ich neu war und nicht wusste, wo ich anfangen soll", False),
        ("Hey, neu hier 👋 Gibt's so eine Art Einstieg für Neue?", True),
        ("first day in this room, where do i start?", True),
        ("Bin seit heute dabei. Wie geht's jetzt los?", True),
    ],
)
def test_a_room_newcomer_asks_now_and_here(matcher: Matcher, text: str, answered: bool) -> None:
    """Remembering one's own start asks nothing; "in this room", "so eine Art" and "wie
    geht's los" are a newcomer's words."""
    assert matcher.decide_room(text).answered is answered


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("Hallo, bin die Neue 😊 was mach ich jetzt?", True),
        ("hello, just got added. how does this work?", True),
        ("Tach zusammen, hab mich grad angemeldet. Was soll ich als Nächstes tun?", True),
        ("Und jetzt?", False),
        ("Meine Stelle wurde gestrichen. Und jetzt?", False),
        ("Hab eine neue Stelle und jetzt schon Stress, wie geht ihr damit um?", False),
        ("Bin neu hier. Wie funktioniert das mit der Abrechnung?", False),
        ("New to working in a Wohngruppe – how do you all handle night shifts?", False),
        ("Bin neu hier, wie funktioniert ein Barcamp?", False),
    ],
)
def test_what_now_asks_to_begin_only_from_a_newcomer(
    matcher: Matcher, text: str, answered: bool
) -> None:
    """From someone new here, "what now?" is "where do I start?"; from anyone else, or about
    something else, it is chatter."""
    assert matcher.decide_room(text).answered is answered


def test_a_last_question_that_names_nothing_leaves_the_decision_to_the_whole_text(
    matcher: Matcher,
) -> None:
    """ "Gelten die Tipps auch für mich?" alone could be anything; the sentence before it says
    who asks, and that is what the answer is about."""
    text = "Ich bin nur Ehrenamtliche bei der Bahnhofsmission. Gelten die Tipps auch für mich?"
    assert top(matcher, text) == "volunteers-welcome"


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("Ich bin neu hier und ein bisschen überfordert 😅 Wo soll ich anfangen?", True),
        ("Hallo zusammen! Bin neu hier und weiß noch gar nicht, wie ich anfangen soll 🙈", True),
        ("Hallo, wie werd ich hier Teil der Community? Was muss ich tun?", True),
        ("hi all, how can I take part in this community?", True),
        ("Tag zusammen, bin neu in der Gruppe. Gibt's eine Einführung oder so?", True),
        ("Neu im Job 😅 wie fange ich mit der Steuererklärung an?", False),
        ("Ich weiß noch gar nicht, ob ich zum Barcamp komme 🤔 wie sieht's bei euch aus?", False),
        ("Einführung in die Schuldnerberatung am Montag, wer kommt mit?", False),
        ("Ich bin jetzt Teil des Teams bei der Caritas 🎉", False),
        ("How do I take part in the group call tomorrow?", False),
        ("How can I take part in the community call tomorrow?", False),
        ("Ich bin neu im Job, wo fange ich an?", False),
        ("I'm new to the team, where do I start?", False),
        ("Bin neu im Netzwerk, wo fang ich an?", True),
        ("Neu in der Stadt und neu hier – wo fange ich an?", True),
    ],
)
def test_an_emoji_ends_a_sentence_and_belonging_is_a_way_to_begin(
    matcher: Matcher, text: str, answered: bool
) -> None:
    """An emoji ends a sentence as a full stop does; "weiß noch gar nicht" is not remembering;
    becoming part of the community or asking for an introduction is how a newcomer begins,
    a time ("tomorrow") makes it about an event, and new in a job is new elsewhere."""
    assert matcher.decide_room(text).answered is answered

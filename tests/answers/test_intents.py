"""Out-of-scope intents from content: what a question asks for, beside what it is about."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.answers.decision import Outcome
from core.answers.matcher import Matcher
from core.answers.sentences import final_question
from core.answers.terms import words
from core.content.model import load_content
from core.errors import ContentError


def outcome(matcher: Matcher, text: str) -> tuple[Outcome, str | None]:
    decision = matcher.decide(text)
    best = decision.best
    return decision.outcome, best.id if best else None


def test_a_known_topic_with_a_foreign_intent_gets_the_honest_i_dont_know(
    matcher: Matcher,
) -> None:
    assert matcher.decide("Wie lösche ich mein Twitter-Konto?").outcome is Outcome.UNKNOWN
    assert matcher.decide("Wie werde ich meinen Twitter-Account wieder los?").outcome is (
        Outcome.UNKNOWN
    ), "a separable verb, its parts apart"
    assert matcher.decide("How do I get rid of my Facebook account?").outcome is Outcome.UNKNOWN
    assert matcher.decide("How do I start my own blog?").outcome is Outcome.UNKNOWN
    assert matcher.decide("Wie organisiere ich selbst ein Barcamp?").outcome is Outcome.UNKNOWN
    # the same topics without the foreign intent are answered
    assert outcome(matcher, "Twitter oder Facebook?") == (Outcome.ANSWER, "twitter-vs-facebook")
    assert outcome(matcher, "Was ist ein Barcamp?") == (Outcome.ANSWER, "what-is-barcamp")


def test_a_foreign_intent_counts_in_the_question_not_in_the_sentences_around_it(
    matcher: Matcher,
) -> None:
    # who asks ("not a trained social worker") is no wish for a training
    assert outcome(matcher, "I'm a volunteer, not a trained social worker. Can I join in?") == (
        Outcome.ANSWER,
        "volunteers-welcome",
    )
    # the same intent in the question itself still declines
    declined = matcher.decide(
        "Ich bin Sozialarbeiterin in Kassel. Wie lösche ich mein Twitter-Konto?"
    )
    assert declined.outcome is Outcome.UNKNOWN


def test_intent_words_are_never_a_typos_correction(matcher: Matcher) -> None:
    # "magst" is one letter from the stem of "Master"
    assert not any(t.key.startswith("!") for t in matcher.analyse("Warum magst du Twitter?"))


def test_editors_list_intents_in_content_and_a_phrasing_can_serve_one(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, folder)
    question = "Wie archiviere ich meine Tweets?"
    assert outcome(Matcher(load_checked_content(folder)), question)[0] is not Outcome.UNKNOWN
    intents = folder / "out_of_scope.yaml"
    intents.write_text(
        intents.read_text(encoding="utf-8") + "  # archiving\n  - [archivieren, archive]\n",
        encoding="utf-8",
    )
    assert outcome(Matcher(load_checked_content(folder)), question)[0] is Outcome.UNKNOWN
    faq = folder / "faq.yaml"
    text = faq.read_text(encoding="utf-8")
    anchor = '        - "Was kannst du?"\n'
    assert anchor in text
    faq.write_text(
        text.replace(anchor, anchor + '        - "Kannst du meine Tweets archivieren?"\n'),
        encoding="utf-8",
    )
    decision = Matcher(load_checked_content(folder)).decide("Kannst du Tweets archivieren?")
    assert decision.outcome is Outcome.ANSWER
    assert decision.best is not None and decision.best.id == "about-bot"


def test_a_broken_intents_file_is_reported_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, folder)
    (folder / "out_of_scope.yaml").write_text("# intents\nintent:\n  - [x]\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_content(folder)
    assert any(line.startswith("content/out_of_scope.yaml:") for line in error.value.problems)


def test_intent_words_belong_to_no_synonym_group(matcher: Matcher) -> None:
    stem = matcher.vocabulary.stemmer.stem
    concepts = {
        tuple(stem(word) for word in words(member))
        for group in matcher.content.synonyms
        for member in group
    }
    clashes = [
        member
        for group in matcher.content.out_of_scope
        for member in group
        if tuple(stem(word) for word in words(member)) in concepts
    ]
    assert not clashes, clashes


def test_a_long_personal_message_is_answered_by_its_final_question(matcher: Matcher) -> None:
    context = (
        "Ich bin Quereinsteiger aus dem Handwerk und jetzt in der Wohnungslosenhilfe. "
        "Meine Kollegen sind nett, aber ich kenne sonst niemanden. "
    )
    assert final_question(context + "Wie fange ich an?") == "Wie fange ich an?"
    assert final_question("Wie fange ich an?") is None
    decision = matcher.decide(context + "Wie fange ich an, Kontakte zu knüpfen?")
    assert decision.outcome is Outcome.ANSWER
    assert decision.best is not None and decision.best.id in {"where-to-start", "onboarding"}


def test_a_foreign_intent_in_the_context_still_declines(matcher: Matcher) -> None:
    question = "Wie vernetze ich mich auf Twitter?"
    assert matcher.decide(question).outcome is not Outcome.UNKNOWN
    message = "Ich möchte mein Twitter-Konto löschen. " + question
    assert matcher.decide(message).outcome is Outcome.UNKNOWN


def test_an_intent_may_have_words_in_its_gap(matcher: Matcher) -> None:
    intents = matcher.vocabulary.intents_in
    assert intents("Wo kann ich Soziale Arbeit studieren?")
    assert intents("Where can I study social work?")
    assert not intents("Ich studiere Soziale Arbeit, wo kann ich mich vernetzen?")
    assert not intents("Wo kann ich als Student mit anderen Studierenden über mein Fach reden?")
    decision = matcher.decide("Ich studiere Soziale Arbeit. Wo kann ich mich vernetzen?")
    assert decision.outcome is not Outcome.UNKNOWN


def test_a_declined_example_does_not_teach_that_its_entry_is_declined(matcher: Matcher) -> None:
    """The bundled examples decline questions about the Torus initiative's opening hours and
    the like: declined for what they ask, not for the entry they name."""
    decision = matcher.decide("Is Torus a Bonn project by Ute Schulze?")
    assert decision.outcome is Outcome.ANSWER and decision.matches[0].id == "torus-bonn"
    declined = matcher.decide("What are the opening hours of the Torus initiative in Bonn?")
    assert declined.outcome is Outcome.UNKNOWN and declined.about is not None
    assert declined.about.id == "torus-bonn", "the decline shows the entry it names"


def test_a_declined_question_shows_the_entry_it_names_and_only_that(matcher: Matcher) -> None:
    """Named word for word, by every word of a longer name, or after a word for its kind; a
    name of everyday words ("Soziale Arbeit") only so."""
    for text, entry in (
        ("Wann kommt die nächste Folge von Sozifon?", "sozifon"),
        (
            "Wie viele Mitglieder hat die Gruppe Netzwerk Sozialarbeit und Sozialpädagogik?",
            "fb-netzwerk-sozialarbeit-und-sozialpaedagogik",
        ),
        (
            "Warum wurde ich aus der Facebookgruppe Soziale Arbeit rausgeworfen?",
            "fb-soziale-arbeit",
        ),
    ):
        decision = matcher.decide(text)
        assert decision.outcome is Outcome.UNKNOWN and decision.about is not None, text
        assert decision.about.id == entry, text
    for text in (
        "Wie viel verdient man in Soziale Arbeit?",
        "Erzähl mir einen Witz",
        "Wie wird das Wetter morgen?",
    ):
        decision = matcher.decide(text)
        assert decision.outcome is Outcome.UNKNOWN and decision.about is None, text


def test_a_fact_the_catalogue_does_not_hold_is_declined_beside_its_entry(
    matcher: Matcher,
) -> None:
    """Prices, a group's rules, newsletters, a person's life, how long something exists: the
    catalogue says none of it, so the bot says so and shows the entry, where to look."""
    for text, entry in (
        ("Wie viele Folgen hat Erzähl davon schon?", "erzaehl-davon"),
        ("Ist Meetup.com kostenlos oder muss ich da zahlen?", "meetup"),
        ('Welche Regeln gelten in der Gruppe "Gutes sichtbar machen"?', "fb-gutes-sichtbar-machen"),
        ("Hat IdeeQuadrat einen Newsletter?", "ideequadrat"),
        ("Seit wann gibt es Startvision?", "startvision"),
        (
            "what are the posting rules in the Soziale Arbeit mit Zukunft group?",
            "fb-soziale-arbeit-mit-zukunft",
        ),
    ):
        decision = matcher.decide(text)
        assert decision.outcome is Outcome.UNKNOWN and decision.about is not None, text
        assert decision.about.id == entry, text
    # networking "kostet Zeit": a question about time, not money
    assert matcher.decide("Netzwerken kostet doch viel zu viel Zeit").outcome is Outcome.ANSWER

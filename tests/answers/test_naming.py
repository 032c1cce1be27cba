"""An entry called by its name is that entry, even when its name is everyday words: the
Facebook group "Soziale Arbeit" is not the community's topic once someone calls it so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.answers.matcher import Matcher
from core.content.model import load_content
from tests.answers.test_asking import copied_synonyms

GROUP = "fb-soziale-arbeit"
MENSCHEN_OR_KAFFEE = {"irgendwas-mit-menschen", "call-und-kaffee"}
"""Both podcasts are Benedikt Geyer's."""


def best(matcher: Matcher, text: str) -> str | None:
    found = matcher.decide(text).best
    return found.id if found else None


@pytest.mark.parametrize(
    "text",
    [
        "Gibt es eine Facebookgruppe, die einfach nur 'Soziale Arbeit' heißt?",
        "die FB-Gruppe „Soziale Arbeit“ – wie komm ich da rein?",
        "Link zur Gruppe Soziale Arbeit auf Facebook?",
        "Wie finde ich die Facebookgruppe, die einfach nur Soziale Arbeit heißt?",
        "the facebook group simply called Soziale Arbeit - link?",
        'Is there a group named "Soziale Arbeit" on fb?',
    ],
)
def test_a_name_in_quotes_after_its_kind_or_a_naming_word_is_the_entry(
    matcher: Matcher, text: str
) -> None:
    assert best(matcher, text) == GROUP


@pytest.mark.parametrize(
    "text",
    [
        "Wie vernetze ich mich in der Soziale Arbeit?",
        "Ich studiere Soziale Arbeit. Wo fange ich an?",
        "Welche Facebook-Gruppen für Soziale Arbeit gibt es?",
    ],
)
def test_the_same_words_as_the_topic_are_no_name(matcher: Matcher, text: str) -> None:
    assert best(matcher, text) != GROUP


def test_the_naming_words_live_in_content(tmp_path: Path) -> None:
    folder, synonyms, text = copied_synonyms(tmp_path)
    start, end = text.index("\nnaming:"), text.index("\n# The groups of words")
    synonyms.write_text(text[:start] + text[end:], encoding="utf-8")
    shutil.rmtree(folder / "examples")  # the phrasings alone, without what examples teach
    without = Matcher(load_content(folder))
    assert best(without, "Link zur Gruppe Soziale Arbeit auf Facebook?") != GROUP
    assert best(without, "Gibt es eine Gruppe „Soziale Arbeit“?") == GROUP, "quotes need none"


def test_hostile_text_is_read_without_harm(matcher: Matcher) -> None:
    for text in ("gruppe " * 5000, "„" * 3000, "'Soziale Arbeit' " * 400, "namens"):
        matcher.decide(text)  # no traceback, however long or odd


def test_a_longer_name_in_quotes_is_not_the_shorter_one(matcher: Matcher) -> None:
    """ "Soziale Arbeit mit Zunkunft" (a typo) names the group with the future, not the one
    called only "Soziale Arbeit"; contractions' apostrophes are no quotes."""
    assert best(matcher, "Link zur FB-Gruppe 'Soziale Arbeit mit Zunkunft' bitte") != GROUP
    assert best(matcher, "Gibt's die Gruppe Soziale Arbeit noch, wie geht's rein?") == GROUP


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the blog and podcast by Hendrik Epe - what's it called?", {"ideequadrat"}),
        ("does Mark Haselbach have a podcast?", {"sozifon"}),
        ("Benedikt Geyer hat doch einen Podcast, wie heißt der?", MENSCHEN_OR_KAFFEE),
        ("der podcast von luisa und katrin, wie heißt der?", {"erzaehl-davon"}),
    ],
)
def test_the_person_behind_an_entry_points_to_it(
    matcher: Matcher, text: str, expected: set[str]
) -> None:
    decision = matcher.decide(text)
    assert decision.answered
    assert best(matcher, text) in expected


def test_naming_words_alone_are_no_evidence_but_a_phrasing_still_counts(
    matcher: Matcher,
) -> None:
    """A "wie heißt …" asks for a name; it points at the bot only when the bot is meant."""
    assert best(matcher, "Wie heißt du?") == "about-bot"
    assert best(matcher, "What's your name?") == "about-bot"
    assert best(matcher, "Wie heißt die Gruppe?") != "about-bot"


def test_an_ampersand_in_a_name_is_its_und(matcher: Matcher) -> None:
    for text in (
        "Ich such die Gruppe „Netzwerk Sozialarbeit & Sozialpädagogik“, wo find ich die?",
        'Is there a group called "Netzwerk Sozialarbeit and Sozialpädagogik"?',
    ):
        best = matcher.decide(text).best
        assert best is not None and best.id == "fb-netzwerk-sozialarbeit-und-sozialpaedagogik"

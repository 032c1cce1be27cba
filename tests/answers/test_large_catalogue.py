"""A catalogue of thousands: the inverted index finds the entry a question names among many
alike, stops early without changing the ranking, and the content check still passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.runtime.bootstrap import load_checked_content
from benchmarks.content_size import made_up, write_content
from core.answers.decision import Kind, Outcome
from core.answers.matcher import Matcher
from core.content.examples import load_questions
from core.content.model import Content

EXAMPLES = Path(__file__).resolve().parents[2] / "content" / "examples"
SCALE = 10


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Content:
    return load_checked_content(write_content(tmp_path_factory.mktemp("large"), SCALE))


def test_the_large_catalogue_passes_the_check_with_every_entry(
    large: Content, content: Content
) -> None:
    entries = len(content.catalogue.entries) + len(content.faq)
    assert len(large.catalogue.entries) + len(large.faq) == SCALE * entries


def test_a_question_naming_one_entry_among_many_alike_is_answered_with_it(
    large: Content,
) -> None:
    matcher = Matcher(large)
    for number in (0, 57, 250):
        name = made_up(number, 0)
        decision = matcher.decide(f"Was ist {name} {number}?")
        best = decision.best
        assert decision.outcome is Outcome.ANSWER, (name, decision.matches)
        assert best is not None and best.kind is Kind.RESOURCE
        assert best.id == f"{name.lower()}-{number}", decision.matches
        found = matcher.search(name)
        assert found and found[0].id == best.id, found


@pytest.mark.parametrize("scale", ["bundled", "large"])
def test_stopping_early_ranks_exactly_as_ranking_everything(
    scale: str, content: Content, large: Content
) -> None:
    first = Matcher(content if scale == "bundled" else large)
    learned = first.learned
    assert learned is not None, "the bundled content has examples"
    questions = load_questions(EXAMPLES / "fresh-a.yaml")[::3]
    for matcher, question in ((m, q) for m in (first, learned) for q in questions):
        everything = len(matcher.targets)
        full = matcher.rank(question.text, limit=everything)
        for limit in (1, 5):
            assert matcher.rank(question.text, limit=limit) == full[:limit], question.text
        floor = matcher.thresholds.unsure * 0.75
        resources = [m for m in full if m.kind is Kind.RESOURCE and m.score >= floor]
        assert matcher.search(question.text, limit=everything) == resources, question.text


def test_hostile_questions_are_decided_without_error(large: Content) -> None:
    matcher = Matcher(large)
    for text in ("\u202e" * 50 + "Barcamp", "² " * 5000, "<b>Sozifon</b> " * 300, ""):
        decision = matcher.decide(text)
        assert decision.outcome in set(Outcome), text
    assert matcher.rank("Barcamp", limit=0) == []

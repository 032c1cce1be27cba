"""The answer bars of docs/eval.md over the development set and every held-out batch together."""

from __future__ import annotations

from pathlib import Path

from core.answers.evaluation import evaluate
from core.answers.matcher import Matcher
from core.content.examples import Question, load_questions
from core.content.texts import Texts

EVAL = Path(__file__).resolve().parents[1] / "eval"


def all_questions() -> list[Question]:
    files = [EVAL / "dev.yaml", *sorted((EVAL / "holdout").glob("batch-*.yaml"))]
    assert len(files) >= 6, files
    return [question for path in files for question in load_questions(path)]


def test_the_bars_hold_over_dev_and_all_held_out_batches(matcher: Matcher) -> None:
    questions = all_questions()
    assert sum(not q.room for q in questions) >= 1000
    report = evaluate(matcher, questions)
    texts = Texts(matcher.content.texts)
    summary = "\n".join(report.lines(lambda key, **p: texts.get(key, "en", **p)))
    assert report.private_rate >= 0.95, summary
    assert report.top1_rate >= 0.95, summary
    assert report.declined_rate >= 0.9, summary
    assert report.false_positive_rate <= 0.01, summary
    assert report.recall >= 0.80, summary


def test_each_held_out_batch_speaks_both_languages_and_has_hard_negatives() -> None:
    for path in sorted((EVAL / "holdout").glob("batch-*.yaml")):
        questions = load_questions(path)
        private = [q for q in questions if not q.room]
        room = [q for q in questions if q.room]
        assert {q.lang for q in questions} == {"de", "en"}, path
        assert len(private) >= 55 and len(room) >= 25, path
        assert sum(not q.expect for q in private) >= 10, path
        assert sum(not q.expect for q in room) >= 15, path

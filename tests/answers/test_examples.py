"""content/examples/ teaches the matcher how people ask: an example makes words no phrasing
lists into a way of asking, one that expects nothing teaches a decline (of what the phrasings
answer too, when it is much closer), an entry named word for word is always answered, and a
broken example is named with its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from adapters.cli.main import main
from adapters.runtime.settings import BUNDLED_CONTENT
from core.answers.decision import Outcome
from core.answers.matcher import Matcher
from core.content.model import load_content
from tests.foundation.test_cli import content_check_line

TAUGHT = """\
- {text: "Wo gibt's Hörfutter zur Sozialen Arbeit?", expect: [podcasts-blogs]}
- {text: "Hörfutter für unterwegs, was empfiehlst du?", expect: [podcasts-blogs]}
- {text: "Kennst du einen Podcast über Buchhaltung im Verein?", expect: []}
- {text: "Wie viele Stunden Supervision bekomme ich pro Monat?", expect: []}
- {text: "Was ist ein Barcamp?", expect: []}
- {text: "Ich bin neu hier, was soll ich tun?", room: true, expect: []}
"""
"""Two ways of asking for podcasts with a word no phrasing has, two questions out of scope, and
two wrong lessons: a question the phrasings answer, and a room line (rooms learn nothing)."""


def content_with(tmp_path: Path, examples: str | None) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, folder)
    shutil.rmtree(folder / "examples")
    if examples is not None:
        (folder / "examples").mkdir()
        (folder / "examples" / "taught.yaml").write_text(examples, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory: pytest.TempPathFactory) -> tuple[Matcher, Matcher]:
    root = tmp_path_factory.mktemp("examples")
    without = Matcher(load_content(content_with(root / "without", None)))
    taught = Matcher(load_content(content_with(root / "with", TAUGHT)))
    return without, taught


def test_an_example_teaches_a_word_no_phrasing_lists(
    before_and_after: tuple[Matcher, Matcher],
) -> None:
    without, taught = before_and_after
    question = "Kennst du gutes Hörfutter?"
    assert without.decide(question).outcome is not Outcome.ANSWER
    decision = taught.decide(question)
    assert decision.outcome is Outcome.ANSWER and decision.matches[0].id == "podcasts-blogs"


def test_an_example_that_expects_nothing_teaches_a_decline(
    before_and_after: tuple[Matcher, Matcher],
) -> None:
    without, taught = before_and_after
    question = "Gibt es Podcasts zur Vereinsbuchhaltung?"
    assert without.decide(question).answered, "the phrasings alone offer the podcasts"
    decision = taught.decide(question)
    assert decision.outcome is Outcome.UNKNOWN
    assert all(match.id for match in decision.matches), "the decline is no match of its own"


def test_a_question_much_closer_to_one_no_answer_serves_is_declined(
    before_and_after: tuple[Matcher, Matcher],
) -> None:
    without, taught = before_and_after
    question = "Wie viele Stunden Supervision stehen mir pro Monat ungefähr zu?"
    assert without.decide(question).outcome is Outcome.ANSWER, "the phrasings: little time"
    assert taught.decide(question).outcome is Outcome.UNKNOWN
    question = "Wie viel Zeit brauche ich pro Woche?"
    assert taught.decide(question).matches[0].id == "little-time", "less close: still answered"


def test_an_entry_named_word_for_word_stays_answered_and_rooms_learn_nothing(
    before_and_after: tuple[Matcher, Matcher],
) -> None:
    without, taught = before_and_after
    decision = taught.decide("Was ist ein Barcamp?")
    assert decision.outcome is Outcome.ANSWER and decision.matches[0].id == "what-is-barcamp"
    line = "Hallo, ich bin neu hier. Wo fange ich am besten an?"
    assert taught.decide_room(line) == without.decide_room(line)


@pytest.mark.parametrize(
    ("examples", "problem"),
    [
        (
            '- {text: "Was ist ein Barcamp?", expect: [what-is-barcamp]}\n'
            '- {text: "Wo sind Podcasts?", expect: [no-such-entry]}\n',
            "content/examples/taught.yaml:2: #2: expect: no entry or flow 'no-such-entry'",
        ),
        (
            '- {text: "Was ist ein Barcamp?"}\n- {text: "Podcasts?", answer: podcasts-blogs}\n',
            "content/examples/taught.yaml:2: #2: answer: Extra inputs are not permitted",
        ),
        (
            '- {text: "Barcamp?"}\n- {text: "Barcamp?", lang: fr}\n',
            "content/examples/taught.yaml:2: #2: lang: String should match pattern",
        ),
        ('- {text: "Barcamp?"}\n- {text: Barcamp\n', "content/examples/taught.yaml:3: -: "),
    ],
)
def test_a_broken_example_is_named_with_its_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], examples: str, problem: str
) -> None:
    folder = content_with(tmp_path, examples)
    assert main(["content", "check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert problem in out, out


def test_the_bundled_examples_pass_the_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "check", str(BUNDLED_CONTENT)]) == 0
    out = capsys.readouterr().out
    assert out.strip() == content_check_line(BUNDLED_CONTENT), out
    assert len(load_content(BUNDLED_CONTENT).examples) >= 2000

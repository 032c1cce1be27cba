"""`lagerfeuer ask` and `lagerfeuer eval` through real subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.texts import Texts
from tests.foundation.test_cli import lagerfeuer

DEV_SET = Path(__file__).resolve().parents[1] / "eval" / "dev.yaml"


def test_ask_json_reads_lines_and_stores_nothing(tmp_path: Path) -> None:
    stdin = "Was ist ein Barcamp?\n\nWie wird das Wetter morgen?\n"
    result = lagerfeuer(["ask", "--json", "-"], tmp_path, stdin)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    first, second = lines
    assert set(first) == {"answered", "matches", "reply"}
    assert first["answered"] is True and first["matches"][0] == {
        "id": "what-is-barcamp",
        "kind": "faq",
        "score": 1.0,
    }
    scores = [m["score"] for m in first["matches"]]
    assert scores == sorted(scores, reverse=True)
    assert {m["kind"] for m in first["matches"]} <= {"faq", "resource", "flow"}
    assert "Barcamp" in first["reply"]
    assert second["answered"] is False and "nicht" in second["reply"]
    assert not (tmp_path / "cli.db").exists()


def test_ask_room_applies_the_policy(tmp_path: Path) -> None:
    stdin = "Wo fange ich am besten an?\nwo fange ich beim Bericht an?\n"
    result = lagerfeuer(["ask", "--room", "--json", "-"], tmp_path, stdin)
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["answered"] is True and first["matches"][0]["id"] == "where-to-start"
    assert second["answered"] is False and second["reply"] == ""


def test_ask_plain_text_in_english(tmp_path: Path) -> None:
    result = lagerfeuer(["ask", "--lang", "en", "What about Instagram?"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Instagram" in result.stdout and "on purpose" in result.stdout


def test_eval_prints_figures_and_misses(tmp_path: Path) -> None:
    questions = tmp_path / "q.yaml"
    questions.write_text(
        '- {text: "Was ist ein Barcamp?", lang: de, expect: [what-is-meetup]}\n'
        '- {text: "Wie wird das Wetter?", lang: de, expect: []}\n'
        '- {text: "Wo fange ich an?", lang: de, expect: [where-to-start], room: true}\n',
        encoding="utf-8",
    )
    result = lagerfeuer(["eval", str(questions)], tmp_path, env={"LAGERFEUER_LANGUAGE": "en"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "top-1 accuracy: 0.0% (0/1)" in out
    assert "top-3 accuracy: 0.0% (0/1)" in out
    assert "'I don't know': 100.0% (1/1)" in out
    assert "recall: 100.0% (1/1)" in out
    assert "'Was ist ein Barcamp?': expected what-is-meetup; got what-is-barcamp" in out


def test_eval_takes_the_guided_start_for_the_entry_that_starts_it(tmp_path: Path) -> None:
    """start-onboarding starts the onboarding flow: the matcher names it by the flow, and the
    person sees the same reply, so either id is right (and only that entry's flow)."""
    questions = tmp_path / "q.yaml"
    questions.write_text(
        '- {text: "Starte den geführten Einstieg", lang: de, expect: [start-onboarding]}\n'
        '- {text: "Starte den geführten Einstieg", lang: de, expect: [little-time]}\n',
        encoding="utf-8",
    )
    out = lagerfeuer(["eval", str(questions)], tmp_path, env={"LAGERFEUER_LANGUAGE": "en"}).stdout
    assert "top-1 accuracy: 50.0% (1/2)" in out
    assert "expected little-time; got onboarding" in out


def test_eval_on_the_development_set_meets_the_bars(tmp_path: Path) -> None:
    result = lagerfeuer(["eval", str(DEV_SET)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("): erreicht")


def test_eval_names_the_line_of_a_bad_question(tmp_path: Path) -> None:
    questions = tmp_path / "bad.yaml"
    questions.write_text('- {text: "ok", expect: []}\n- {text: "x", lang: fr}\n')
    result = lagerfeuer(["eval", str(questions)], tmp_path)
    assert result.returncode == 1
    assert "bad.yaml:2:" in result.stderr and "lang" in result.stderr


def test_eval_names_an_expected_id_content_does_not_have(tmp_path: Path) -> None:
    questions = tmp_path / "typo.yaml"
    questions.write_text('- {text: "ok", expect: [why-network]}\n- {text: x, expect: [barcamp]}\n')
    result = lagerfeuer(["eval", str(questions)], tmp_path)
    assert result.returncode == 1
    assert "typo.yaml:2: #2: expect: no entry or flow 'barcamp'" in result.stderr


def test_ask_does_not_claim_to_have_noted_an_unknown_question(tmp_path: Path) -> None:
    texts = Texts(load_checked_content(BUNDLED_CONTENT).texts)
    for lang in ("de", "en"):
        result = lagerfeuer(
            ["ask", "--lang", lang, "--json", "Wie wird das Wetter morgen?"], tmp_path
        )
        reply = json.loads(result.stdout)["reply"]
        assert reply.startswith(texts.get("answers.unknown_ask", lang)), reply
        assert texts.get("answers.unknown", lang) not in reply
    assert not (tmp_path / "cli.db").exists()


def test_eval_speaks_the_editors_language(tmp_path: Path) -> None:
    questions = tmp_path / "q.yaml"
    questions.write_text('- {text: "Wie wird das Wetter?", lang: de, expect: [why-network]}\n')
    out = lagerfeuer(["eval", str(questions)], tmp_path).stdout  # LAGERFEUER_LANGUAGE: de
    assert "  Top-1-Treffer: 0.0% (0/1)" in out
    assert "[privat de] 'Wie wird das Wetter?': erwartet why-network; bekommen (nichts)" in out
    assert out.rstrip().endswith("NICHT erreicht")


def test_ask_and_eval_say_and_count_what_a_chat_would(tmp_path: Path) -> None:
    texts = Texts(load_checked_content(BUNDLED_CONTENT).texts)
    result = lagerfeuer(["ask", "--json", "haha ok cool"], tmp_path)
    assert json.loads(result.stdout)["reply"] == texts.get("care.ok", "de")
    asked = "Wer ist der Admin von Gutes sichtbar machen?"
    answer = json.loads(lagerfeuer(["ask", "--json", asked], tmp_path).stdout)
    assert answer["answered"] is False
    assert answer["reply"].startswith(
        texts.get("answers.about_unknown", "de", title="Gutes sichtbar machen")
    )
    questions = tmp_path / "q.yaml"
    questions.write_text(
        '- {text: "haha ok cool", lang: de, expect: []}\n'
        f'- {{text: "{asked}", lang: de, expect: []}}\n'
        '- {text: "Mein Klient hat Suizidgedanken geäußert, was tun?", lang: de, expect: []}\n',
        encoding="utf-8",
    )
    out = lagerfeuer(["eval", str(questions)], tmp_path, env={"LAGERFEUER_LANGUAGE": "en"}).stdout
    assert "out-of-scope answered 'I don't know': 100.0% (3/3)" in out, out

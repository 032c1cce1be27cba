"""Typed answers at the onboarding's steps, read by the engine with the bundled content:
phrasings meet gender forms, inflection, compounds and typos; words that fit two options ask
which one; unrelated sentences and questions are no answer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.content.texts import Texts
from core.flows.engine import (
    Finish,
    FlowInput,
    FlowState,
    Pick,
    Select,
    Unclear,
    advance,
    interpret,
)
from core.flows.onboarding import duration_words
from core.kernel.typed import typed_words
from tests.flows.test_engine import bundled, env


def reading(step: str, text: str, **answers: str) -> FlowInput | None:
    content, flow = bundled()
    texts = Texts(content.texts)
    full = replace(
        env(), done=typed_words(texts, "flow.words.done"), durations=duration_words(texts)
    )
    return interpret(flow, FlowState("onboarding", step, dict(answers)), text, full)


PICKS: list[tuple[str, str, str]] = [
    ("role", "Ich bin Sozialarbeiterin", "staff"),
    ("role", "I'm a social worker", "staff"),
    ("role", "Sozialarbeiter:in in einer Beratungsstelle", "staff"),
    ("role", "ich bin Schulsozialarbeiterin", "staff"),
    ("role", "ich bin Sozialarbieterin", "staff"),
    ("role", "Ich arbeite als Erzieherin", "staff"),
    ("role", "Ich studiere Sozialarbeit", "student"),
    ("role", "studying social work", "student"),
    ("role", "ich helfe im Besuchsdienst mit", "volunteer"),
    ("role", "I volunteer at a food bank", "volunteer"),
    ("setting", "ich mach beides", "both"),
    ("setting", "egal", "both"),
    ("setting", "ist mir eigentlich egal", "both"),
    ("setting", "doesn't matter", "both"),
    ("setting", "online und vor Ort", "both"),
    ("setting", "lieber persönlich", "offline"),
    ("setting", "from home please", "online"),
    ("time", "so 2 stunden", "some"),
    ("time", "zwei Stunden", "some"),
    ("time", "about 2 hours", "some"),
    ("time", "eine halbe Stunde", "little"),
    ("time", "45 Minuten", "little"),
    ("time", "90 minutes", "some"),
    ("time", "1-2 Stunden", "some"),
    ("time", "locker 5 Stunden", "plenty"),
    ("time", "nicht viel", "little"),
    ("subscribe", "ja klar", "yes"),
    ("subscribe", "no thanks", "no"),
]


@pytest.mark.parametrize(("step", "text", "value"), PICKS, ids=[p[1] for p in PICKS])
def test_typed_words_pick_the_option_they_name(step: str, text: str, value: str) -> None:
    assert reading(step, text) == Pick(step, value)


def test_words_that_fit_two_options_ask_which_one() -> None:
    assert reading("role", "ich bin ehrenamtliche Sozialarbeiterin") == Unclear(
        "role", ("staff", "volunteer")
    )
    assert reading("time", "2 bis 5 Stunden") == Unclear("time", ("some", "plenty"))
    _, flow = bundled()
    out = advance(flow, FlowState("onboarding", "time"), Unclear("time", ("some", "plenty")), env())
    assert out.state is not None and out.state.step == "time"
    assert out.prompts[0].text == (
        "Das passt zu mehr als einer Antwort: „Ein bis drei Stunden“, „Mehr als drei Stunden“."
        " Welche meinst du? Tipp sie an oder schreib ihre Nummer."
    )
    assert out.prompts[1].text == "Wie viel Zeit hast du pro Woche dafür?"


@pytest.mark.parametrize(
    ("step", "text"),
    [
        ("role", "Ich suche einen Podcast für die Autofahrt"),
        ("role", "was ist ein barcamp"),
        ("role", "Bin ich hier als Sozialarbeiterin richtig?"),
        ("setting", "Ich arbeite im Jugendzentrum"),
        ("time", "so 2"),
        ("time", "keine Ahnung"),
    ],
)
def test_unrelated_sentences_and_questions_are_no_answer(step: str, text: str) -> None:
    assert reading(step, text) is None


def test_a_multi_step_ticks_named_options_and_finishes_on_done() -> None:
    both = {"setting": "both"}
    assert reading("channels", "Podcasts und Barcamps", **both) == Select(
        "channels", ("listen", "events")
    )
    assert reading("channels", "facebook, fertig", **both) == Select(
        "channels", ("short",), finish=True
    )
    for word in ("fertig", "done", "weiter"):
        assert reading("channels", word) == Finish("channels")


def test_an_option_not_offered_after_earlier_answers_is_not_taken_when_typed() -> None:
    """Who wants online only is not offered meetings, and cannot tick them by typing."""
    assert reading("channels", "Barcamps", setting="online") is None
    assert reading("channels", "Podcasts und Barcamps", setting="online") == Select(
        "channels", ("listen",)
    )
    assert reading("channels", "Facebook", setting="offline") is None
    assert reading("channels", "Barcamps", setting="offline") == Pick("channels", "events")

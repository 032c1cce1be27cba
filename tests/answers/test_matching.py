"""The matcher over the bundled content, and the bars of docs/eval.md over the development set."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.answers.cache import MatcherCache
from core.answers.decision import Kind, Outcome
from core.answers.evaluation import evaluate
from core.answers.matcher import Matcher
from core.content.examples import load_questions
from core.content.model import Content
from core.content.texts import Texts
from core.kernel.assistant import ContentHolder

DEV_SET = Path(__file__).resolve().parents[1] / "eval" / "dev.yaml"


def test_development_set_meets_the_bars(matcher: Matcher) -> None:
    questions = load_questions(DEV_SET)
    private = [q for q in questions if not q.room]
    room = [q for q in questions if q.room]
    assert len(private) >= 120 and len(room) >= 60
    assert {q.lang for q in private} == {"de", "en"}
    report = evaluate(matcher, questions)
    texts = Texts(matcher.content.texts)
    summary = "\n".join(report.lines(lambda key, **p: texts.get(key, "en", **p)))
    assert report.top1_rate >= 0.95, summary
    assert report.declined_rate >= 0.9, summary
    assert report.false_positive_rate <= 0.01, summary
    assert report.recall >= 0.80, summary


def test_the_done_questions(matcher: Matcher) -> None:
    expected = {
        "Wo fange ich am besten an?": "where-to-start",
        "Kennst du gute Podcasts?": "podcasts-blogs",
        "Was ist ein Barcamp?": "what-is-barcamp",
        "Und Instagram?": "why-not-instagram",
        "Where do I start?": "where-to-start",
    }
    for text, ident in expected.items():
        decision = matcher.decide(text)
        assert decision.outcome is Outcome.ANSWER, text
        assert decision.matches[0].id == ident, (text, decision.matches)
    assert matcher.decide("Wie wird das Wetter morgen?").outcome is Outcome.UNKNOWN


def test_onboarding_flow_is_a_match_target(matcher: Matcher) -> None:
    best = matcher.decide("Mach mir bitte einen persönlichen Startplan").best
    assert best is not None and (best.kind, best.id) == (Kind.FLOW, "onboarding")


def test_catalogue_entries_are_found_by_name_and_person(matcher: Matcher) -> None:
    for text, ident in [("Sozifon", "sozifon"), ("Hendrik Epe", "ideequadrat")]:
        best = matcher.decide(text).best
        assert best is not None and (best.kind, best.id) == (Kind.RESOURCE, ident), text


def test_scores_are_explained(matcher: Matcher) -> None:
    best = matcher.rank("Was ist ein Barcamp?")[0]
    assert 0 < best.score <= 1 and best.terms and best.coverage == 1.0


def test_room_policy_needs_a_clear_newcomer_question(matcher: Matcher) -> None:
    assert matcher.decide_room("Hallo, ich bin neu hier. Wo fange ich am besten an?").answered
    for chatter in [
        "wo fange ich beim Bericht an?",
        "Wie fange ich den Hilfeplan an?",
        "Kennst du gute Podcasts?",
        "Guten Morgen!",
        "Hat schon jemand angefangen?",
    ]:
        assert not matcher.decide_room(chatter).answered, chatter


def test_hostile_and_huge_input_is_handled(matcher: Matcher) -> None:
    for text in ["", "   ", "<b>&amp;</b>", "\u202e\u2066x", "ä" * 10_000, "Barcamp " * 2_000]:
        decision = matcher.decide(text)
        assert decision.outcome in set(Outcome)


def test_editors_improve_answers_with_synonyms_alone(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, folder)
    before = Matcher(load_checked_content(folder))
    assert before.decide("Lagerfeuerchen?").outcome is not Outcome.ANSWER
    synonyms = folder / "synonyms.yaml"
    synonyms.write_text(
        synonyms.read_text(encoding="utf-8") + "  # pet name\n  - [bot, lagerfeuerchen]\n",
        encoding="utf-8",
    )
    after = Matcher(load_checked_content(folder)).decide("Lagerfeuerchen?")
    assert after.outcome is Outcome.ANSWER and after.matches[0].id == "about-bot"


def test_matcher_is_built_once_per_content(content: Content) -> None:
    cache = MatcherCache()
    first = cache.get(content)
    assert cache.get(content) is first
    fresh = load_checked_content(BUNDLED_CONTENT)
    assert cache.get(fresh) is not first


async def test_the_matcher_is_built_off_the_event_loop_and_once() -> None:
    cache = MatcherCache()
    fresh = load_checked_content(BUNDLED_CONTENT)  # content no matcher was built for yet
    cache.prepare(fresh)
    first = asyncio.create_task(cache.ready(fresh))
    second = asyncio.create_task(cache.ready(fresh))  # a question before the build is done
    turns = 0
    while not (first.done() and second.done()):
        turns += 1  # the loop serves others meanwhile
        await asyncio.sleep(0)
    assert turns > 2
    assert first.result() is second.result() is cache.get(fresh) is await cache.ready(fresh)


async def test_replaced_content_is_indexed_before_the_next_question(content: Content) -> None:
    holder = ContentHolder(content)
    cache = MatcherCache()
    holder.listeners.append(cache.prepare)
    old = await cache.ready(holder.content)
    holder.replace(load_checked_content(BUNDLED_CONTENT))  # as on SIGHUP
    assert not cache.built(holder.content)
    for _ in range(12_000):  # built without a question asking for it (within two minutes)
        if cache.built(holder.content):
            break
        await asyncio.sleep(0.01)
    assert cache.built(holder.content)
    fresh = await cache.ready(holder.content)
    assert fresh is not old and fresh.content is holder.content
    assert fresh.decide("Was ist ein Barcamp?").best is not None


def test_compound_parts_without_their_partners_count_half(matcher: Matcher) -> None:
    split = matcher.rank("Gibt es eine Podcastgruppe?")[0].score
    apart = matcher.rank("Gibt es eine Podcast-Gruppe?")[0].score
    assert split < apart * 0.9
    best = matcher.decide("Kennst du Sozialarbeitsblogs?").best
    assert best is not None and best.id == "podcasts-blogs"
    best = matcher.decide("Gibt es eine Barcampliste?").best
    assert best is not None and best.id in {"what-is-barcamp", "barcamp-liste"}


async def test_the_index_waits_for_warm_up_then_builds_without_a_question() -> None:
    holder = ContentHolder(load_checked_content(BUNDLED_CONTENT))
    cache = MatcherCache()
    holder.listeners.append(cache.prepare)  # as answers' install does: nothing built yet
    await asyncio.sleep(0.05)
    assert not cache.built(holder.content)
    holder.warm()  # start-up is done (adapters/runtime/service.py)
    for _ in range(12_000):
        if cache.built(holder.content):
            break
        await asyncio.sleep(0.01)
    assert cache.built(holder.content)

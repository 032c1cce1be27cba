"""Every way through the onboarding, in German and English, played through the flow engine:
no starter plan contradicts the answers that led to it, none is larger than its time budget
allows, every entry and the first step say where to find them, and English plans mark the
entries that are only in German."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from core.content.model import Kind, Resource
from core.flows.engine import Finish, FlowInput, Outcome, Pick, Prompt, Skip, Typed, advance, start
from tests.flows.test_engine import bundled, env

ROLES: tuple[tuple[FlowInput, ...], ...] = (
    (Pick("role", "staff"),),
    (Pick("role", "volunteer"),),
    (Pick("role", "student"),),
    (Pick("role", "other"), Typed("Ich leite einen Nachbarschaftstreff")),
    (Pick("role", "other"), Skip("role-other")),
)
OFFERED = {
    "online": ("short", "listen"),
    "offline": ("listen", "events"),
    "both": ("short", "listen", "events"),
}
"""The channels offered after each setting: no meetings online only, no networks in person."""
SETTINGS = tuple(OFFERED)


def channels(setting: str) -> list[tuple[str, ...]]:
    """Every non-empty set of the channels offered after `setting`."""
    offered = OFFERED[setting]
    return [c for n in range(1, len(offered) + 1) for c in itertools.combinations(offered, n)]


TIMES = ("little", "some", "plenty")
CONTEXTS: tuple[dict[str, str], ...] = (
    {},
    {"subscribed": "yes"},
    {"room": "Treffpunkt", "subscribed": "no"},
)

SIZE = {"little": (1, 2), "some": (1, 4), "plenty": (1, 5)}
"""The fewest and most entries a plan may hold for each time budget."""


@dataclass(frozen=True, repr=False)
class Way:
    """One way through the flow and the plan it got."""

    lang: str
    setting: str
    channels: tuple[str, ...]
    time: str
    entries: list[Resource]
    plan: Prompt
    first_step: Prompt

    def __str__(self) -> str:
        ids = [e.id for e in self.entries]
        return f"{self.lang} {self.setting} {'+'.join(self.channels)} {self.time}: {ids}"

    __repr__ = __str__


def ways() -> Iterator[Way]:
    content, flow = bundled()
    for lang in ("de", "en"):
        flow_env = env(lang)
        for role, (setting, chosen), time, context in itertools.product(
            ROLES, [(s, c) for s in SETTINGS for c in channels(s)], TIMES, CONTEXTS
        ):
            outcome = start(flow, context, flow_env)
            inputs = [
                *role,
                Pick("setting", setting),
                *(Pick("channels", c) for c in chosen),
                Finish("channels"),
                Pick("time", time),
            ]
            prompts: list[Prompt] = []
            for given in inputs:
                assert outcome.state is not None
                outcome = advance(flow, outcome.state, given, flow_env)
                prompts = outcome.prompts
            ids = _answers(outcome)["plan"]
            assert isinstance(ids, list)
            entries = [e for e in (content.resource(i) for i in ids) if e is not None]
            assert len(entries) == len(ids)
            heading = flow_env.say("onboarding.plan")
            plan_at = next(i for i, p in enumerate(prompts) if p.text.startswith(heading))
            yield Way(lang, setting, chosen, time, entries, prompts[plan_at], prompts[plan_at + 1])


def _answers(outcome: Outcome) -> dict[str, object]:
    return dict(outcome.state.answers if outcome.state is not None else outcome.answers)


ALL = list(ways())


def test_every_combination_was_played() -> None:
    sets = sum(len(channels(s)) for s in SETTINGS)
    assert len(ALL) == 2 * len(ROLES) * sets * len(TIMES) * 3


def test_no_plan_contradicts_where_the_person_wants_to_connect() -> None:
    for way in ALL:
        kinds = {e.kind for e in way.entries}
        if way.setting == "online":
            assert not any("offline" in e.tags for e in way.entries), way
            assert Kind.EVENT_DIRECTORY not in kinds, f"a barcamp directory online only: {way}"
        if way.setting == "offline":
            assert Kind.SOCIAL_NETWORK not in kinds, f"an X profile in person only: {way}"
            assert Kind.FACEBOOK_GROUP not in kinds, way
            assert all(e.id != "twitter" for e in way.entries), way


def test_no_plan_is_larger_than_its_time_budget_and_little_time_gets_small_things() -> None:
    for way in ALL:
        low, high = SIZE[way.time]
        assert low <= len(way.entries) <= high, way
        if way.time == "little":
            kinds = [e.kind for e in way.entries]
            assert len(set(kinds)) == len(kinds), f"two of a kind in little time: {way}"
            assert kinds.count(Kind.EVENT_DIRECTORY) <= 1, way


def test_every_entry_and_the_first_step_say_where_to_find_them() -> None:
    for way in ALL:
        shown = {link.url for link in way.plan.links}
        for entry in way.entries:
            if entry.link:
                assert entry.link in shown and entry.link in way.plan.text, (way, entry.id)
            else:
                assert entry.find is not None, (way, entry.id)
                assert entry.find.get(way.lang) in way.plan.text, (way, entry.id)
        best = way.entries[0]
        assert best.title in way.first_step.text, way
        how = best.link or (best.find.get(way.lang) if best.find else None)
        assert how and how in way.first_step.text, way


def test_english_plans_mark_the_entries_only_in_german() -> None:
    for way in ALL:
        lines = way.plan.text.splitlines()
        for number, entry in enumerate(way.entries, 1):
            line = next(x for x in lines if x.startswith(f"{number}. {entry.title} ("))
            german_only = "lang-de" in entry.tags and "lang-en" not in entry.tags
            if way.lang == "en":
                assert ("in German" in line) == german_only, (way, line)
            else:
                assert "auf Deutsch" not in line and "auf Englisch" not in line, (way, line)
        marked = any("lang-en" not in e.tags for e in way.entries)
        assert ("only available in that language" in way.plan.text) == (
            way.lang == "en" and marked
        ), way


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_plan_says_where_its_recommendations_come_from(lang: str) -> None:
    source = env(lang).say("onboarding.plan_source")
    assert "2018" in source
    assert all(source in way.plan.text for way in ALL if way.lang == lang)

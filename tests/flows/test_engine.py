"""The flow engine on its own (pure): plans for every way through the onboarding, inputs."""

from __future__ import annotations

import itertools
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.model import Catalogue, Content
from core.content.texts import Texts
from core.flows.engine import (
    Answer,
    Control,
    Finish,
    Flow,
    FlowEnv,
    FlowInput,
    FlowState,
    Pick,
    PickAll,
    Skip,
    Typed,
    advance,
    control_value,
    decode,
    encode,
    interpret,
    limits,
    start,
    tag_weights,
)
from core.flows.plan import recommend
from core.kernel.typed import typed_words


@cache
def bundled() -> tuple[Content, Flow]:
    content = load_checked_content(BUNDLED_CONTENT)
    flow = content.flows["onboarding"]
    assert isinstance(flow, Flow)
    return content, flow


def env(lang: str = "de") -> FlowEnv:
    content, _ = bundled()
    texts = Texts(content.texts)

    def say(key: str, **params: object) -> str:
        return texts.get(key, lang, **params)

    words = {control: typed_words(texts, f"flow.words.{control.value}") for control in Control}
    return FlowEnv(say=say, catalogue=content.catalogue, lang=lang, words=words)


CHANNEL_TAGS = {"short": "channel-short", "listen": "channel-listen", "events": "channel-events"}
CHANNEL_SETS = [
    list(c) for n in (1, 2, 3) for c in itertools.combinations(("short", "listen", "events"), n)
]


SIZES = {"little": (1, 2), "some": (3, 4), "plenty": (3, 5)}
"""How many entries a plan holds for each time budget."""

FITS = {"online": {"online"}, "offline": {"offline"}, "both": {"online", "offline"}}


@pytest.mark.parametrize("channels", CHANNEL_SETS, ids=["+".join(c) for c in CHANNEL_SETS])
def test_every_way_through_gets_a_plan_of_its_size_covering_each_chosen_channel_it_allows(
    channels: list[str],
) -> None:
    content, flow = bundled()
    step = flow.step("plan")
    for role, setting, time in itertools.product(
        ("staff", "volunteer", "student", "other"),
        ("online", "offline", "both"),
        ("little", "some", "plenty"),
    ):
        answers: dict[str, Answer] = {
            "role": role,
            "setting": setting,
            "channels": channels,
            "time": time,
        }
        rules = limits(step, answers)
        plan = recommend(content.catalogue, tag_weights(flow, answers), 3, 5, rules)
        low, high = SIZES[time]
        assert low <= len(plan) <= high, answers
        assert len({e.id for e in plan}) == len(plan)
        if time != "some" and time != "little":
            for channel in channels:
                possible = [
                    e
                    for e in content.catalogue.entries
                    if CHANNEL_TAGS[channel] in e.tags
                    and rules.allows(e)
                    and FITS[setting] & set(e.tags)
                ]
                if possible:
                    assert any(CHANNEL_TAGS[channel] in e.tags for e in plan), (answers, channel)


def test_the_best_match_comes_first() -> None:
    content, flow = bundled()
    answers: dict[str, Answer] = {
        "role": "staff",
        "setting": "online",
        "channels": ["listen"],
        "time": "some",
    }
    plan = recommend(content.catalogue, tag_weights(flow, answers), 3, 5)
    assert "channel-listen" in plan[0].tags
    assert all("channel-listen" in e.tags for e in plan[:3])


def test_a_plan_is_never_empty_even_when_nothing_matches() -> None:
    content, _ = bundled()
    plan = recommend(content.catalogue, {}, 3, 5)
    assert len(plan) == 3
    assert len({e.category for e in plan}) == 3, "spread over categories"
    small = Catalogue(
        tags=content.catalogue.tags,
        categories=content.catalogue.categories,
        entries=content.catalogue.entries[:2],
    )
    assert len(recommend(small, {"online": 1}, 3, 5)) == 2


def test_choice_values_round_trip_and_fit_telegram() -> None:
    _, flow = bundled()
    for step in flow.steps:
        for option in step.options:
            value = encode(step.id, option.value)
            assert len(value.encode()) <= 64
            assert decode(value) == Pick(step.id, option.value)
    assert decode(encode("channels", ".done")) == Finish("channels")
    for control in Control:
        assert decode(control_value(control)) is control
    assert decode("flow:.nonsense") is None
    assert decode("menu:onboarding") is None


def test_typed_words_numbers_and_labels() -> None:
    _, flow = bundled()
    e = env()
    at_channels = FlowState("onboarding", "channels", {"setting": "both"})
    assert interpret(flow, at_channels, "Zurück!", e) is Control.BACK
    assert interpret(flow, at_channels, "start over", e) is Control.RESTART
    assert interpret(flow, at_channels, "ABBRECHEN", e) is Control.CANCEL
    assert interpret(flow, at_channels, "1, 3", e) == PickAll("channels", ("short", "events"))
    assert interpret(flow, at_channels, "podcasts und blogs", e) == Pick("channels", "listen")
    assert interpret(flow, at_channels, "podcasts", e) == Pick("channels", "listen")
    assert interpret(flow, at_channels, "podcasts?", e) is None
    assert interpret(flow, at_channels, "und", e) is None, "too short to be a part of a label"
    at_role = FlowState("onboarding", "role")
    assert interpret(flow, at_role, "hauptamtlich", e) == Pick("role", "staff")
    assert interpret(flow, at_role, "ich", e) is None
    assert interpret(flow, at_channels, "1, 9", e) is None
    online = FlowState("onboarding", "channels", {"setting": "online"})
    assert interpret(flow, online, "1, 2", e) == PickAll("channels", ("short", "listen"))
    assert interpret(flow, online, "3", e) is None, "only two choices are offered online"
    assert interpret(flow, at_channels, "Was ist ein Barcamp?", e) is None
    at_text = FlowState("onboarding", "role-other")
    assert interpret(flow, at_text, "Ich koche in der Kita", e) == Typed("Ich koche in der Kita")


def test_free_text_is_clipped_and_whitespace_folded() -> None:
    _, flow = bundled()
    e = env()
    state = FlowState("onboarding", "role-other", {"role": "other"}, ["role"])
    outcome = advance(flow, state, Typed("  a\n\nb " + "x" * 5000), e)
    assert outcome.state is not None and outcome.state.step == "setting"
    answer = outcome.state.answers["role_text"]
    assert isinstance(answer, str) and answer.startswith("a b x") and len(answer) == 200


def test_state_survives_a_round_trip_through_json_data() -> None:
    _, flow = bundled()
    outcome = start(flow, {"room": "", "subscribed": "no"}, env("en"))
    assert outcome.state is not None
    state = outcome.state
    state = advance(flow, state, Pick("role", "student"), env("en")).state or state
    state.selection = ["listen"]
    again = FlowState.from_data(state.step, state.to_data())
    assert again == state
    assert FlowState.from_data("role", {}) is None


def _inputs() -> st.SearchStrategy[FlowInput]:
    _, flow = bundled()
    picks = [Pick(s.id, o.value) for s in flow.steps for o in s.options]
    steps = [s.id for s in flow.steps]
    return st.one_of(
        st.sampled_from(list(Control)),
        st.sampled_from(picks),
        st.builds(Pick, st.sampled_from(steps), st.text(max_size=8)),
        st.builds(Finish, st.sampled_from(steps)),
        st.builds(Skip, st.sampled_from(steps)),
        st.builds(Typed, st.text(max_size=300)),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(_inputs(), max_size=40))
def test_any_sequence_of_inputs_keeps_a_valid_state(inputs: list[FlowInput]) -> None:
    _, flow = bundled()
    e = env()
    outcome = start(flow, {"room": "", "subscribed": "no"}, e)
    step_ids = {s.id for s in flow.steps}
    for given_input in inputs:
        state = outcome.state
        if state is None:
            outcome = start(flow, {"room": "", "subscribed": "no"}, e)
            continue
        if given_input is Control.RESUME:
            continue
        outcome = advance(flow, state, given_input, e)
        assert outcome.prompts, "every input shows something"
        if outcome.state is not None:
            assert outcome.state.step in step_ids
            assert flow.step(outcome.state.step).type.value in ("choice", "multi", "text")
            assert outcome.state.answers.get("room") is None
        if outcome.finished:
            plan = outcome.answers.get("plan")
            assert isinstance(plan, list) and 3 <= len(plan) <= 5

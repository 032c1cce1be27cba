"""The flow engine: guided dialogues from `content/flows/`, advanced one input at a time.

Pure: `advance(flow, state, input, env) -> Outcome` (the new state, or None when the flow
ended, and the prompts to show). Nothing here touches storage or a platform; the
onboarding service (`core/flows/onboarding.py`) stores the state and sends the prompts.
The checks that `lagerfeuer content check` runs on flow files live in `core/flows/check.py`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from core.content.model import Catalogue, Kind, LocalizedList, Resource
from core.errors import LagerfeuerError
from core.flows.durations import JUST_BELOW, DurationWords, Span, read_hours
from core.flows.plan import Limits, only_in_other_languages, recommend
from core.flows.reading import Phrase, looks_like_question, named_options, phrases_of
from core.kernel.commands import Prefix
from core.kernel.messages import Choice, Link
from core.kernel.typed import is_number, normalise

END = "end"
"""The `next` target that finishes a flow."""

PREFIX = Prefix.FLOW
"""Choice values of flows start with `flow:` (the assistant routes them by this prefix)."""

Answer = str | list[str]
RoomTag = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=32)]
"""A room tag as `/settings tags` takes them."""
Condition = dict[str, str | list[str]]
"""Answer key -> the accepted value (or values); "*" accepts any given answer."""

ANY = "*"


class FlowError(LagerfeuerError):
    """A flow that cannot go on (it changed under a running dialogue, or loops)."""


class StepType(StrEnum):
    """What a step does."""

    INFO = "info"  # shows a text and goes on by itself
    CHOICE = "choice"  # one of several options
    MULTI = "multi"  # several options, then "done"
    TEXT = "text"  # a free-text answer
    PLAN = "plan"  # recommends catalogue entries by the tags of the answers, goes on by itself


AUTOMATIC = frozenset({StepType.INFO, StepType.PLAN})
ASKING = frozenset({StepType.CHOICE, StepType.MULTI, StepType.TEXT})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Route(_Model):
    """Where to go next: to `goto` when every answer named in `when` matches."""

    when: Condition | None = None
    goto: str


class Hours(_Model):
    """The hours (a week) an option of a time question stands for; a typed amount of time
    within them picks it. `over`/`under` leave the bound out, `at_least`/`at_most` keep it."""

    over: float | None = Field(default=None, ge=0)
    at_least: float | None = Field(default=None, ge=0)
    at_most: float | None = Field(default=None, ge=0)
    under: float | None = Field(default=None, ge=0)

    def bounds(self) -> tuple[float, float]:
        """The lowest and highest amount it holds (JUST_BELOW inside an open bound)."""
        low = self.over + JUST_BELOW if self.over is not None else (self.at_least or 0.0)
        high = self.under - JUST_BELOW if self.under is not None else self.at_most
        return low, math.inf if high is None else high

    def holds(self, span: Span) -> bool:
        """Whether the whole typed span lies within."""
        low, high = self.bounds()
        return low <= span.low and span.high <= high

    def meets(self, span: Span) -> bool:
        """Whether the typed span reaches into it."""
        low, high = self.bounds()
        return span.low <= high and low <= span.high


class Option(_Model):
    """One answer of a choice step: its stored value, its label's text key, its tags.

    `weight` says how much its tags count in a plan (an interest more than a circumstance).
    `typed` holds phrasings people may type for it, by language (each language always works);
    `hours` the amount of time it stands for, at a question about time; `room_tags` the room
    tags (`/settings tags`) of the community's rooms that fit someone who chose it; `when`
    the earlier answers under which it is offered at all (always, without one).
    """

    value: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=32)
    label: str
    tags: list[str] = Field(default_factory=list)
    weight: int = Field(default=1, ge=1, le=5)
    effect: Literal["subscribe"] | None = None
    typed: LocalizedList = Field(default_factory=LocalizedList)
    hours: Hours | None = None
    room_tags: list[RoomTag] = Field(default_factory=list)
    when: Condition | None = None


class FirstStep(_Model):
    """A first step for this week, used when `when` matches and the best entry is of `kind`."""

    when: Condition | None = None
    kind: Kind | None = None
    text: str


class RoomPlan(_Model):
    """The plan's end: at most `max` of the community's rooms that fit the answers (their tags
    meet the chosen options' `room_tags`), under the heading `text`, then `first_step` (a text
    key with `{room}`) for the first of them."""

    text: str
    max: int = Field(default=3, ge=1, le=5)
    first_step: str


class Avoid(_Model):
    """Entries a plan leaves out: those with any of these tags or of any of these kinds."""

    tags: list[str] = Field(default_factory=list)
    kinds: list[Kind] = Field(default_factory=list)


class PlanRule(_Model):
    """A limit on the plan when `when` matches: what to avoid, how many entries at most,
    how many of one kind at most."""

    when: Condition
    avoid: Avoid = Field(default_factory=Avoid)
    max: int | None = Field(default=None, ge=1)
    per_kind: int | None = Field(default=None, ge=1)


class Step(_Model):
    """One step of a flow; which fields matter depends on its `type`."""

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40)
    type: StepType
    text: str
    save: str | None = Field(default=None, pattern=r"^[a-z0-9_]+$")
    options: list[Option] = Field(default_factory=list)
    next: str | list[Route]
    skippable: bool = False
    thanks: str | None = None
    """At a text step: the text key of a word of thanks after a typed answer."""
    max_length: int = Field(default=200, ge=1, le=1000)
    min: int = Field(default=3, ge=1)
    max: int = Field(default=5, ge=1)
    first_step: list[FirstStep] = Field(default_factory=list)
    rules: list[PlanRule] = Field(default_factory=list)
    languages: dict[str, str] = Field(default_factory=dict)
    note: str | None = None
    rooms: RoomPlan | None = None

    @property
    def key(self) -> str:
        """The answer key this step stores under."""
        return self.save or self.id.replace("-", "_")

    def option(self, value: str) -> Option | None:
        """The option with this value."""
        return next((o for o in self.options if o.value == value), None)

    def offered(self, answers: Mapping[str, Answer]) -> list[Option]:
        """The options shown after these answers: those whose `when` matches them."""
        return [o for o in self.options if matches(o.when, answers)]


class Flow(_Model):
    """A whole flow: where it starts, the answers its caller provides, its steps."""

    id: str
    start: str | list[Route]
    context: list[str] = Field(default_factory=list)
    steps: list[Step]

    def step(self, step_id: str) -> Step:
        """The step with this id; FlowError when there is none."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise FlowError(f"flow {self.id} has no step {step_id}")


# --------------------------------------------------------------------------- state and inputs


@dataclass
class FlowState:
    """Where one person is in a flow; stored as the Conversation's data."""

    flow: str
    step: str
    answers: dict[str, Answer] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    selection: list[str] = field(default_factory=list)

    def to_data(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "flow": self.flow,
            "answers": self.answers,
            "history": self.history,
            "selection": self.selection,
        }

    @classmethod
    def from_data(cls, step: str | None, data: Mapping[str, Any]) -> FlowState | None:
        """The state stored by `to_data`, or None when it is not a flow's."""
        flow = data.get("flow")
        if not isinstance(flow, str) or not step:
            return None
        return cls(
            flow=flow,
            step=step,
            answers=dict(data.get("answers") or {}),
            history=list(data.get("history") or []),
            selection=list(data.get("selection") or []),
        )


class Control(StrEnum):
    """Words that work at every step."""

    BACK = "back"
    RESTART = "restart"
    CANCEL = "cancel"
    RESUME = "resume"


@dataclass(frozen=True, slots=True)
class Pick:
    """An option chosen at `step` (a multi step toggles it)."""

    step: str
    value: str


@dataclass(frozen=True, slots=True)
class PickAll:
    """Several options typed at once at a multi step ("1, 3"): select them and go on."""

    step: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Finish:
    """ "Done" at a multi step."""

    step: str


@dataclass(frozen=True, slots=True)
class Select:
    """Options named in typed words at a multi step: tick them (and go on when `finish`)."""

    step: str
    values: tuple[str, ...]
    finish: bool = False


@dataclass(frozen=True, slots=True)
class Unclear:
    """Typed words that fit several options of a choice step: ask which one is meant."""

    step: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Skip:
    """Skip a skippable text step."""

    step: str


@dataclass(frozen=True, slots=True)
class Typed:
    """A free-text answer."""

    text: str


ForStep = Pick | PickAll | Select | Unclear | Finish | Skip
"""Inputs meant for one step (a button or typed words of that question)."""

FlowInput = Control | ForStep | Typed


@dataclass(frozen=True, slots=True)
class Prompt:
    """One message to show: text, choices and links."""

    text: str
    choices: tuple[Choice, ...] = ()
    links: tuple[Link, ...] = ()


@dataclass
class Outcome:
    """What an input did: the new state (None: the flow ended) and what to show."""

    state: FlowState | None
    prompts: list[Prompt] = field(default_factory=list)
    effects: list[str] = field(default_factory=list)
    finished: bool = False
    cancelled: bool = False
    answers: dict[str, Answer] = field(default_factory=dict)
    """When finished: every answer given, to keep."""
    planned: bool = False
    """A plan step ran: the answers so far hold the plan, to keep."""
    plan_end: int = 0
    """Where the plan's prompts end (the rooms of the community go there)."""
    plan_step: Step | None = None
    """The plan step that ran."""


@dataclass(frozen=True)
class FlowEnv:
    """What advancing needs from outside: texts in the person's language and the catalogue.

    `words` are the typed control words (both languages), already normalised
    (`core.kernel.typed.normalise`); `done` the phrasings that finish a multi step and
    `durations` the words a typed amount of time is read with.
    """

    say: Callable[..., str]
    catalogue: Catalogue
    lang: str
    words: Mapping[Control, frozenset[str]]
    done: frozenset[str] = frozenset()
    durations: DurationWords | None = None


# --------------------------------------------------------------------------- choice values


def encode(step: str, value: str) -> str:
    """The choice value of an option or a step action (`.done`, `.skip`)."""
    return f"{PREFIX}:{step}:{value}"


def control_value(control: Control) -> str:
    """The choice value of a control (valid at any step)."""
    return f"{PREFIX}:.{control.value}"


def decode(value: str) -> FlowInput | None:
    """The input a choice value stands for, or None if it is not a flow's."""
    prefix, _, rest = value.partition(":")
    if prefix != PREFIX or not rest:
        return None
    if rest.startswith("."):
        try:
            return Control(rest[1:])
        except ValueError:
            return None
    step, _, option = rest.partition(":")
    if not step or not option:
        return None
    if option == ".done":
        return Finish(step)
    if option == ".skip":
        return Skip(step)
    return Pick(step, option)


# --------------------------------------------------------------------------- conditions


def matches(when: Condition | None, answers: Mapping[str, Answer]) -> bool:
    """Whether every answer named in `when` is one of its accepted values."""
    for key, accepted in (when or {}).items():
        given = answers.get(key)
        values = [given] if isinstance(given, str) else list(given or [])
        values = [v for v in values if v]
        wanted = [accepted] if isinstance(accepted, str) else accepted
        if ANY in wanted:
            if not values:
                return False
        elif not any(v in wanted for v in values):
            return False
    return True


def route(target: str | list[Route], answers: Mapping[str, Answer]) -> str:
    """The step (or END) that `next`/`start` leads to with these answers."""
    if isinstance(target, str):
        return target
    for candidate in target:
        if matches(candidate.when, answers):
            return candidate.goto
    raise FlowError("no route matches and there is no fallback")


# --------------------------------------------------------------------------- recommending


def _weights(
    flow: Flow, answers: Mapping[str, Answer], tags_of: Callable[[Option], list[str]]
) -> dict[str, int]:
    """Each tag of the chosen options (`tags_of` an option) with their weights added up."""
    weights: dict[str, int] = {}
    for step in flow.steps:
        given = answers.get(step.key)
        chosen = [given] if isinstance(given, str) else list(given or [])
        for option in step.options:
            for tag in tags_of(option) if option.value in chosen else ():
                weights[tag] = weights.get(tag, 0) + option.weight
    return weights


def tag_weights(flow: Flow, answers: Mapping[str, Answer]) -> dict[str, int]:
    """How much each catalogue tag counts: the weights of the chosen options carrying it."""
    return _weights(flow, answers, lambda option: option.tags)


def room_tag_weights(flow: Flow, answers: Mapping[str, Answer]) -> dict[str, int]:
    """How much each room tag counts: the weights of the chosen options naming it."""
    return _weights(flow, answers, lambda option: option.room_tags)


def limits(step: Step, answers: Mapping[str, Answer]) -> Limits:
    """What the plan step's rules that match these answers rule out."""
    return Limits.combine(
        Limits(
            frozenset(rule.avoid.tags),
            frozenset(rule.avoid.kinds),
            rule.max,
            rule.per_kind,
        )
        for rule in step.rules
        if matches(rule.when, answers)
    )


def plan_entries(
    flow: Flow, step: Step, answers: Mapping[str, Answer], catalogue: Catalogue
) -> list[Resource]:
    """The entries the plan step recommends for these answers."""
    return recommend(
        catalogue, tag_weights(flow, answers), step.min, step.max, limits(step, answers)
    )


# --------------------------------------------------------------------------- the engine


def start(flow: Flow, context: Mapping[str, str], env: FlowEnv) -> Outcome:
    """Begin `flow`; `context` holds answers the caller knows (such as the room's name)."""
    answers: dict[str, Answer] = {k: v for k, v in context.items() if k in flow.context and v}
    state = FlowState(flow.id, "", answers)
    return _enter(flow, state, route(flow.start, answers), env, Outcome(state))


def advance(flow: Flow, state: FlowState, given: FlowInput, env: FlowEnv) -> Outcome:
    """Apply one input at the current step."""
    out = Outcome(state)
    step = flow.step(state.step)
    if isinstance(given, Control):
        return _control(flow, state, step, given, env, out)
    if isinstance(given, ForStep) and given.step != step.id:
        out.prompts.append(ask(flow, state, env))  # a button of an earlier question
        return out
    if isinstance(given, Pick):
        return _pick(flow, state, step, given.value, env, out)
    if isinstance(given, PickAll) and step.type is StepType.MULTI:
        offered = step.offered(state.answers)
        state.selection = [o.value for o in offered if o.value in given.values]
        return _finish_multi(flow, state, step, env, out)
    if isinstance(given, Select) and step.type is StepType.MULTI:
        values = {o.value for o in step.offered(state.answers)}
        state.selection.extend(v for v in given.values if v in values and v not in state.selection)
        if given.finish:
            return _finish_multi(flow, state, step, env, out)
    if isinstance(given, Unclear):
        labels = [env.say(o.label) for o in step.options if o.value in given.values]
        quoted = ", ".join(env.say("flow.quoted", label=label) for label in labels)
        out.prompts.append(Prompt(env.say("flow.unclear", options=quoted)))
    if isinstance(given, Finish) and step.type is StepType.MULTI:
        return _finish_multi(flow, state, step, env, out)
    if isinstance(given, Skip) and step.type is StepType.TEXT and step.skippable:
        state.answers.pop(step.key, None)
        return _leave(flow, state, step, env, out)
    if isinstance(given, Typed) and step.type is StepType.TEXT:
        text = " ".join(given.text.split())[: step.max_length]
        if text:
            state.answers[step.key] = text
            if step.thanks:
                out.prompts.append(Prompt(env.say(step.thanks, **_params(state))))
            return _leave(flow, state, step, env, out)
    out.prompts.append(ask(flow, state, env))
    return out


def _control(
    flow: Flow, state: FlowState, step: Step, control: Control, env: FlowEnv, out: Outcome
) -> Outcome:
    if control is Control.CANCEL:
        return Outcome(None, [Prompt(env.say("flow.cancelled"))], cancelled=True)
    if control is Control.RESTART:
        kept = {k: v for k, v in state.answers.items() if k in flow.context}
        fresh = FlowState(flow.id, "", kept)
        return _enter(flow, fresh, route(flow.start, kept), env, Outcome(fresh))
    if control is Control.BACK and state.history:
        previous = flow.step(state.history.pop())
        state.answers.pop(step.key, None)
        given = state.answers.pop(previous.key, None)
        state.step = previous.id
        # back at a multi step, the earlier picks stay ticked
        state.selection = list(given) if isinstance(given, list) else []
    out.prompts.append(ask(flow, state, env))
    return out


def _pick(
    flow: Flow, state: FlowState, step: Step, value: str, env: FlowEnv, out: Outcome
) -> Outcome:
    option = next((o for o in step.offered(state.answers) if o.value == value), None)
    if option is None:
        out.prompts.append(ask(flow, state, env))
        return out
    if step.type is StepType.MULTI:
        if value in state.selection:
            state.selection.remove(value)
        else:
            state.selection.append(value)
        out.prompts.append(ask(flow, state, env))
        return out
    state.answers[step.key] = value
    if option.effect:
        out.effects.append(option.effect)
    return _leave(flow, state, step, env, out)


def _finish_multi(flow: Flow, state: FlowState, step: Step, env: FlowEnv, out: Outcome) -> Outcome:
    if not state.selection:
        out.prompts.append(Prompt(env.say("flow.pick_one")))
        out.prompts.append(ask(flow, state, env))
        return out
    order = [o.value for o in step.options]
    state.answers[step.key] = sorted(state.selection, key=order.index)
    for value in state.selection:
        option = step.option(value)
        if option is not None and option.effect:
            out.effects.append(option.effect)
    return _leave(flow, state, step, env, out)


def _leave(flow: Flow, state: FlowState, step: Step, env: FlowEnv, out: Outcome) -> Outcome:
    state.history.append(step.id)
    return _enter(flow, state, route(step.next, state.answers), env, out)


def _enter(flow: Flow, state: FlowState, target: str, env: FlowEnv, out: Outcome) -> Outcome:
    """Go to `target`, showing automatic steps on the way, until a question or the end."""
    for _ in range(len(flow.steps) + 1):
        if target == END:
            out.state, out.finished, out.answers = None, True, dict(state.answers)
            return out
        step = flow.step(target)
        state.selection = []
        if step.type is StepType.INFO:
            out.prompts.append(Prompt(env.say(step.text, **_params(state))))
        elif step.type is StepType.PLAN:
            out.prompts.extend(_plan(flow, state, step, env))
            out.planned, out.plan_end, out.plan_step = True, len(out.prompts), step
        else:
            state.step = step.id
            out.prompts.append(ask(flow, state, env))
            return out
        target = route(step.next, state.answers)
    raise FlowError(f"flow {flow.id} loops without asking anything")


def _params(state: FlowState) -> dict[str, str]:
    return {k: v for k, v in state.answers.items() if isinstance(v, str)}


def ask(flow: Flow, state: FlowState, env: FlowEnv) -> Prompt:
    """The current question with its options and the controls."""
    step = flow.step(state.step)
    say = env.say
    choices: list[Choice] = []
    for option in step.offered(state.answers):
        label = say(option.label)
        if step.type is StepType.MULTI and option.value in state.selection:
            label = say("flow.checked", label=label)
        choices.append(Choice(label, encode(step.id, option.value)))
    if step.type is StepType.MULTI:
        choices.append(Choice(say("flow.done"), encode(step.id, ".done")))
    if step.type is StepType.TEXT and step.skippable:
        choices.append(Choice(say("flow.skip"), encode(step.id, ".skip")))
    if state.history:
        choices.append(Choice(say("flow.back"), control_value(Control.BACK)))
        choices.append(Choice(say("flow.restart"), control_value(Control.RESTART)))
    choices.append(Choice(say("flow.cancel"), control_value(Control.CANCEL)))
    return Prompt(say(step.text, **_params(state)), tuple(choices))


def _plan(flow: Flow, state: FlowState, step: Step, env: FlowEnv) -> list[Prompt]:
    entries = plan_entries(flow, step, state.answers, env.catalogue)
    state.answers[step.key] = [e.id for e in entries]
    return plan_prompts(step, state.answers, entries, env)


def plan_prompts(
    step: Step,
    answers: Mapping[str, Answer],
    entries: list[Resource],
    env: FlowEnv,
    heading: str | None = None,
) -> list[Prompt]:
    """A plan as messages: the heading (the step's text unless given), each entry with its
    kind, a mark when it is not in the reader's language and where to find it; then the
    first step for this week with where to find its entry."""
    say = env.say
    params = {k: v for k, v in answers.items() if isinstance(v, str)}
    lines = [heading if heading is not None else say(step.text, **params)]
    marked: list[str] = []
    for number, entry in enumerate(entries, 1):
        other = only_in_other_languages(entry, env.lang, step.languages)
        labels = ", ".join(env.catalogue.tags[t].get(env.lang) for t in other)
        if labels:
            marked.append(labels)
        lines.append(
            say(
                "flow.plan_entry",
                number=number,
                title=entry.title,
                kind=say(f"flow.kind.{entry.kind.value}"),
                language=say("flow.plan_language", languages=labels) if labels else "",
                description=entry.description.get(env.lang),
            )
        )
        lines.extend(filter(None, [_how(entry, env)]))
    for labels in dict.fromkeys(marked):
        lines.append(say("flow.plan_language_note", languages=labels))
    if step.note:
        lines.append(say(step.note, **params))
    links = tuple(Link(e.title, e.link) for e in entries if e.link)
    prompts = [Prompt("\n".join(lines), links=links)]
    if entries:
        best = entries[0]
        for rule in step.first_step:
            if matches(rule.when, answers) and rule.kind in (None, best.kind):
                text = "\n".join(
                    filter(None, (say(rule.text, title=best.title, **params), _how(best, env)))
                )
                own = (Link(best.title, best.link),) if best.link else ()
                prompts.append(Prompt(text, links=own))
                break
    return prompts


def _how(entry: Resource, env: FlowEnv) -> str:
    """Where to find an entry: its link, else its "how to find it" line."""
    if entry.link:
        return env.say("flow.plan_link", link=entry.link)
    if entry.find is not None:
        return env.say("flow.plan_find", find=entry.find.get(env.lang))
    return ""


# --------------------------------------------------------------------------- typed text


PART_OF_LABEL_MIN = 4
"""Typed text this long that is part of exactly one option's label picks that option."""


def interpret(flow: Flow, state: FlowState, text: str, env: FlowEnv) -> FlowInput | None:
    """What typed text means at the current step; None when it is not an answer to it.

    Control words work everywhere ("fertig/done" first at a multi step); at a choice step a
    label (or a part of just one label) answers it, and so do an option's typed phrasings
    and, where options stand for hours, a typed amount of time; at a multi step it toggles
    an option, "1, 3" picks several and phrasings tick what they name. Words that fit several
    options of a choice step ask which is meant. At a text step anything is the answer. A
    question (with "?" or a question word first) is never taken for an answer.
    """
    typed = normalise(text)
    step = flow.step(state.step)
    if step.type is StepType.MULTI and typed in env.done:
        return Finish(step.id)
    for control, words in env.words.items():
        if typed in words:
            return control
    if step.type is StepType.TEXT:
        return Typed(text) if typed else None
    offered = step.offered(state.answers)
    labels = [(option, normalise(env.say(option.label))) for option in offered]
    for option, label in labels:
        if label == typed:
            return Pick(step.id, option.value)
    if len(typed) >= PART_OF_LABEL_MIN and "?" not in text:
        # a part of one label only ("hauptamtlich", "podcasts") picks that option
        found = [option for option, label in labels if typed in label]
        if len(found) == 1:
            return Pick(step.id, found[0].value)
    if step.type is StepType.MULTI:
        numbers = typed.replace(",", " ").replace("+", " ").split()
        if len(numbers) > 1 and all(is_number(n) for n in numbers):
            indexes = {int(n) - 1 for n in numbers}
            if all(0 <= i < len(offered) for i in indexes):
                return PickAll(step.id, tuple(offered[i].value for i in sorted(indexes)))
    if looks_like_question(text):
        return None
    return _read(step, offered, text, env)


def option_phrases(options: list[Option]) -> list[Phrase]:
    """The typed phrasings of these options, every language."""
    return [phrase for option in options for phrase in phrases_of(option.value, option.typed.all())]


def _read(step: Step, offered: list[Option], text: str, env: FlowEnv) -> FlowInput | None:
    """Options offered here named by typed phrasings or a typed amount of time."""
    named = named_options(text, option_phrases(offered))
    span = read_hours(text, env.durations) if env.durations is not None else None
    if span is not None:
        timed = [o for o in offered if o.hours is not None]
        holding = [o.value for o in timed if o.hours is not None and o.hours.holds(span)]
        meeting = [o.value for o in timed if o.hours is not None and o.hours.meets(span)]
        named = list(dict.fromkeys([*named, *(holding if len(holding) == 1 else meeting)]))
    if step.type is StepType.MULTI:
        finish = bool(named_options(text, phrases_of(".done", sorted(env.done))))
        if named:
            return Select(step.id, tuple(named), finish)
        return Finish(step.id) if finish else None
    if len(named) == 1:
        return Pick(step.id, named[0])
    return Unclear(step.id, tuple(named)) if named else None

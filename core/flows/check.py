"""Loading and checking flow files, so an editor learns `file:line: id: problem` before users do.

`load_flow` is the flow loader `core.content.model.load_content` calls for each file in
`content/flows/`, after texts and catalogue are loaded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from core.content.model import LANGUAGES, Catalogue, Kind, Localized
from core.content.yamlsource import line_of
from core.flows.durations import NUMBERS_KEY, Word, number_item_problem
from core.flows.engine import (
    ANY,
    ASKING,
    AUTOMATIC,
    END,
    PREFIX,
    Flow,
    Route,
    Step,
    StepType,
    encode,
)
from core.flows.reading import phrases_of

ENGINE_TEXTS: tuple[str, ...] = (
    "flow.back",
    "flow.restart",
    "flow.cancel",
    "flow.done",
    "flow.skip",
    "flow.checked",
    "flow.pick_one",
    "flow.cancelled",
    "flow.words.back",
    "flow.words.restart",
    "flow.words.cancel",
    "flow.words.resume",
    "flow.words.done",
    "flow.words.yes",
    "flow.words.no",
    "flow.unclear",
    "flow.quoted",
)
"""Texts every flow needs: the controls and their typed words."""

DURATION_TEXTS: tuple[str, ...] = (NUMBERS_KEY, *(f"flow.words.{w.value}" for w in Word))
"""Texts a flow with `hours` options needs: the words a typed amount of time is read with."""

PLAN_TEXTS: tuple[str, ...] = ("flow.plan_entry", *(f"flow.kind.{k.value}" for k in Kind))
"""Texts a flow with a plan step needs: the entry line and a label for every kind."""

CHOICE_VALUE_LIMIT = 64
"""Telegram's callback_data holds at most 64 bytes."""


class ProblemSink(Protocol):
    """Where problems go (the content loader's collector)."""

    def add(self, path: Path, line: int, ident: str, problem: str) -> None: ...

    def from_validation(self, path: Path, data: Any, exc: ValidationError, base: int) -> None: ...


class _Checker:
    """Reports problems of one flow file with their lines."""

    def __init__(self, path: Path, data: Any, flow: Flow, problems: ProblemSink) -> None:
        self.path, self.data, self.flow, self.problems = path, data, flow, problems
        self.index: dict[str, int] = {}
        for i, step in enumerate(flow.steps):
            self.index.setdefault(step.id, i)
        self.count = 0

    def report(self, loc: tuple[int | str, ...], ident: str, problem: str) -> None:
        self.count += 1
        self.problems.add(self.path, line_of(self.data, loc, 1), ident, problem)

    def step_loc(self, step: Step, *rest: int | str) -> tuple[int | str, ...]:
        return ("steps", self.index[step.id], *rest)


def load_flow(
    path: Path,
    data: Any,
    problems: ProblemSink,
    texts: Mapping[str, Localized],
    catalogue: Catalogue | None,
) -> Flow | None:
    """Validate one flow file; report every problem; the Flow when there is none."""
    try:
        flow = Flow.model_validate(data)
    except ValidationError as exc:
        problems.from_validation(path, data, exc, 1)
        return None
    check = _Checker(path, data, flow, problems)
    if flow.id != path.stem:
        check.report(("id",), flow.id, f"the flow id must be the file name {path.stem!r}")
    _check_steps(check)
    _check_typed(check)
    _check_routes(check)
    _check_graph(check)
    _check_texts(check, texts)
    _check_catalogue(check, catalogue)
    return flow if check.count == 0 else None


def _check_steps(check: _Checker) -> None:
    seen: set[str] = set()
    for index, step in enumerate(check.flow.steps):
        if step.id in seen:
            check.report(("steps", index, "id"), step.id, "step id used twice")
        seen.add(step.id)
        if step.type in (StepType.CHOICE, StepType.MULTI):
            if len(step.options) < 2:
                check.report(check.step_loc(step), step.id, f"a {step.type} step needs 2 options")
            values = [o.value for o in step.options]
            for i, value in enumerate(values):
                if value in values[:i]:
                    check.report(check.step_loc(step, "options", i), step.id, "option twice")
                if len(encode(step.id, value).encode()) > CHOICE_VALUE_LIMIT:
                    check.report(
                        check.step_loc(step, "options", i),
                        step.id,
                        f"step id and option value too long for a button ({PREFIX}:step:value"
                        f" must fit {CHOICE_VALUE_LIMIT} bytes)",
                    )
        elif step.options:
            check.report(check.step_loc(step, "options"), step.id, f"a {step.type} has no options")
        if step.type is StepType.PLAN:
            if step.min > step.max:
                check.report(check.step_loc(step, "min"), step.id, "min is larger than max")
            rules = step.first_step
            if not rules or rules[-1].when is not None or rules[-1].kind is not None:
                check.report(
                    check.step_loc(step, "first_step"),
                    step.id,
                    "first_step needs a last rule without `when` and `kind` (the fallback)",
                )
        elif step.first_step:
            check.report(check.step_loc(step, "first_step"), step.id, "only plan steps have it")
        if step.thanks is not None and step.type is not StepType.TEXT:
            check.report(check.step_loc(step, "thanks"), step.id, "only text steps have it")


def _check_typed(check: _Checker) -> None:
    """Typed phrasings in every language, none empty, none shared by two options of a step;
    `hours` only at choice steps, with bounds that hold something and do not overlap."""
    for step in check.flow.steps:
        owner: dict[tuple[str, ...], str] = {}
        for i, option in enumerate(step.options):
            loc = check.step_loc(step, "options", i, "typed")
            given = {lang: option.typed.get(lang) for lang in LANGUAGES}
            if any(given.values()) and not all(given.values()):
                languages = " and ".join(LANGUAGES)
                check.report(loc, step.id, f"typed needs phrasings in {languages}")
            for lang, texts in given.items():
                for j, text in enumerate(texts):
                    found = phrases_of(option.value, [text])
                    if not found:
                        check.report((*loc, lang, j), step.id, f"typed {text!r} has no word")
                        continue
                    first = owner.setdefault(found[0].words, option.value)
                    if first != option.value:
                        check.report(
                            (*loc, lang, j),
                            step.id,
                            f"typed {text!r} is also a phrasing of {first!r}: it would always"
                            " ask which one is meant",
                        )
        _check_hours(check, step)


def _check_hours(check: _Checker, step: Step) -> None:
    timed = [(i, o.hours) for i, o in enumerate(step.options) if o.hours is not None]
    if timed and step.type is not StepType.CHOICE:
        check.report(check.step_loc(step, "type"), step.id, "only choice steps have `hours`")
    spans: list[tuple[float, float, str]] = []
    for i, hours in timed:
        loc = check.step_loc(step, "options", i, "hours")
        value = step.options[i].value
        if hours.over is not None and hours.at_least is not None:
            check.report(loc, step.id, "hours: either `over` or `at_least`, not both")
        if hours.under is not None and hours.at_most is not None:
            check.report(loc, step.id, "hours: either `under` or `at_most`, not both")
        low, high = hours.bounds()
        if low > high:
            check.report(loc, step.id, "hours hold nothing: the lower bound is above the upper")
            continue
        for other_low, other_high, other in spans:
            if low <= other_high and other_low <= high:
                check.report(loc, step.id, f"hours overlap those of {other!r}")
        spans.append((low, high, value))


def _routes(check: _Checker) -> Iterator[tuple[tuple[int | str, ...], str, str | list[Route]]]:
    """(location, owner id, target) of `start` and every `next`."""
    yield ("start",), check.flow.id, check.flow.start
    for step in check.flow.steps:
        yield check.step_loc(step, "next"), step.id, step.next


def _check_routes(check: _Checker) -> None:
    known = {s.id for s in check.flow.steps} | {END}
    answers = _answer_values(check.flow)
    for loc, owner, target in _routes(check):
        if isinstance(target, str):
            if target not in known:
                check.report(loc, owner, f"goes to {target!r}, which is not a step (or 'end')")
            continue
        if not target:
            check.report(loc, owner, "an empty list of routes")
        for i, candidate in enumerate(target):
            here = (*loc, i)
            if candidate.goto not in known:
                check.report(
                    (*here, "goto"), owner, f"goes to {candidate.goto!r}, which is not a step"
                )
            last = i == len(target) - 1
            if last and candidate.when is not None:
                check.report(here, owner, "the last route needs no `when` (it is the fallback)")
            if not last and candidate.when is None:
                check.report(here, owner, "only the last route may leave out `when`")
            _check_condition(check, (*here, "when"), owner, candidate.when, answers)
    for step in check.flow.steps:
        for i, rule in enumerate(step.first_step):
            loc = check.step_loc(step, "first_step", i, "when")
            _check_condition(check, loc, step.id, rule.when, answers)


def _answer_values(flow: Flow) -> dict[str, set[str] | None]:
    """Answer keys and their possible values (None: any text)."""
    values: dict[str, set[str] | None] = dict.fromkeys(flow.context)
    for step in flow.steps:
        if step.type in (StepType.CHOICE, StepType.MULTI):
            known = values.get(step.key) or set()
            values[step.key] = known | {o.value for o in step.options}
        elif step.type in (StepType.TEXT, StepType.PLAN):
            values[step.key] = None
    return values


def _check_condition(
    check: _Checker,
    loc: tuple[int | str, ...],
    owner: str,
    when: Mapping[str, str | list[str]] | None,
    answers: Mapping[str, set[str] | None],
) -> None:
    for key, accepted in (when or {}).items():
        if key not in answers:
            check.report(loc, owner, f"condition on {key!r}, which no step saves")
            continue
        possible = answers[key]
        for value in [accepted] if isinstance(accepted, str) else accepted:
            if value != ANY and possible is not None and value not in possible:
                check.report(loc, owner, f"{key!r} is never {value!r}")


def _targets(step: Step) -> list[str]:
    nxt = step.next
    return [nxt] if isinstance(nxt, str) else [r.goto for r in nxt]


def _check_graph(check: _Checker) -> None:
    flow = check.flow
    steps = {s.id: s for s in flow.steps}
    start = [flow.start] if isinstance(flow.start, str) else [r.goto for r in flow.start]
    reached: set[str] = set()
    todo = [t for t in start if t in steps]
    while todo:
        current = todo.pop()
        if current in reached:
            continue
        reached.add(current)
        todo.extend(t for t in _targets(steps[current]) if t in steps)
    for step in flow.steps:
        if step.id not in reached:
            check.report(check.step_loc(step, "id"), step.id, "no route leads to this step")
    ends: set[str] = set()
    changed = True
    while changed:
        changed = False
        for step in flow.steps:
            if step.id not in ends and any(t == END or t in ends for t in _targets(step)):
                ends.add(step.id)
                changed = True
    for step in flow.steps:
        if step.id not in ends:
            check.report(check.step_loc(step, "next"), step.id, "dead end: never reaches 'end'")
    _check_loops(check, steps)


def _check_loops(check: _Checker, steps: Mapping[str, Step]) -> None:
    """A cycle of info and plan steps would show texts forever without asking anything.

    Reported at the step whose `next` closes the cycle.
    """
    automatic = {i for i, s in steps.items() if s.type in AUTOMATIC}
    state: dict[str, int] = {}

    def closing(node: str) -> str | None:
        state[node] = 1
        for target in _targets(steps[node]):
            if target not in automatic:
                continue
            if state.get(target) == 1:
                return node
            if target not in state:
                found = closing(target)
                if found is not None:
                    return found
        state[node] = 2
        return None

    for node in sorted(automatic):
        if node not in state:
            found = closing(node)
            if found is not None:
                step = steps[found]
                check.report(check.step_loc(step, "next"), found, "loops without asking anything")


def _check_texts(check: _Checker, texts: Mapping[str, Localized]) -> None:
    def need(key: str, loc: tuple[int | str, ...], owner: str) -> None:
        if key not in texts:
            check.report(loc, owner, f"text key {key!r} is missing in content/texts")

    for key in ENGINE_TEXTS:
        need(key, ("id",), check.flow.id)
    if any(s.type is StepType.PLAN for s in check.flow.steps):
        for key in PLAN_TEXTS:
            need(key, ("id",), check.flow.id)
    timed = [
        (s, i) for s in check.flow.steps for i, o in enumerate(s.options) if o.hours is not None
    ]
    if timed:
        step, i = timed[0]
        loc = check.step_loc(step, "options", i, "hours")
        for key in DURATION_TEXTS:
            need(key, loc, step.id)
        for lang in LANGUAGES if NUMBERS_KEY in texts else ():
            for item in texts[NUMBERS_KEY].get(lang).split(","):
                problem = number_item_problem(item) if item.strip() else None
                if problem is not None:
                    check.report(loc, step.id, f"{NUMBERS_KEY} ({lang}): {problem}")
    for step in check.flow.steps:
        need(step.text, check.step_loc(step, "text"), step.id)
        if step.thanks is not None:
            need(step.thanks, check.step_loc(step, "thanks"), step.id)
        for i, option in enumerate(step.options):
            need(option.label, check.step_loc(step, "options", i, "label"), step.id)
        for i, rule in enumerate(step.first_step):
            need(rule.text, check.step_loc(step, "first_step", i, "text"), step.id)
    asking = [s for s in check.flow.steps if s.type in ASKING]
    if not asking:
        check.report(("steps",), check.flow.id, "a flow needs at least one question")


def _check_catalogue(check: _Checker, catalogue: Catalogue | None) -> None:
    if catalogue is None:
        return
    for step in check.flow.steps:
        for i, option in enumerate(step.options):
            for tag in option.tags:
                if tag not in catalogue.tags:
                    check.report(
                        check.step_loc(step, "options", i, "tags"),
                        step.id,
                        f"tag {tag!r} is not in the catalogue",
                    )
        if step.type is StepType.PLAN and len(catalogue.entries) < step.min:
            check.report(
                check.step_loc(step, "min"),
                step.id,
                f"the catalogue has fewer than {step.min} entries to recommend",
            )

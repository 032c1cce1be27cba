"""Loading and checking flow files, so an editor learns `file:line: id: problem` before users do.

`load_flow` is the flow loader `core.content.model.load_content` calls for each file in
`content/flows/`, after texts and catalogue are loaded.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from core.content.model import LANGUAGES, Catalogue, Kind, Localized
from core.content.yamlsource import YamlProblem, line_of, read_yaml
from core.flows.durations import NUMBERS_KEY, Word, number_item_problem
from core.flows.engine import (
    ANY,
    ASKING,
    AUTOMATIC,
    END,
    PREFIX,
    Answer,
    Flow,
    Route,
    Step,
    StepType,
    encode,
    plan_entries,
    route,
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

PLAN_TEXTS: tuple[str, ...] = (
    "flow.plan_entry",
    "flow.plan_link",
    "flow.plan_find",
    "flow.plan_language",
    "flow.plan_language_note",
    *(f"flow.kind.{k.value}" for k in Kind),
)
"""Texts a flow with a plan step needs: the entry line, its link or "how to find it" line,
the mark of an entry in another language, and a label for every kind."""

ROOM_TEXTS: tuple[str, ...] = ("flow.room_link", "flow.room_ask", "flow.room_unnamed")
"""Texts a plan step with `rooms` needs: a room with its link, one to ask about, no name."""

SAMPLE_TEXT = "x"
"""The free answer the check walks a flow with (free answers carry no tags)."""

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
    if check.count == 0:
        _check_offered(check)
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
        else:
            for name in ("first_step", "rules", "languages", "note", "rooms"):
                if getattr(step, name):
                    check.report(check.step_loc(step, name), step.id, "only plan steps have it")
        for language in step.languages:
            if language not in LANGUAGES:
                check.report(
                    check.step_loc(step, "languages"),
                    step.id,
                    f"languages: {language!r} is none of {', '.join(LANGUAGES)}",
                )
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
        for i, plan_rule in enumerate(step.rules):
            loc = check.step_loc(step, "rules", i, "when")
            _check_condition(check, loc, step.id, plan_rule.when, answers)
        for i, option in enumerate(step.options):
            loc = check.step_loc(step, "options", i, "when")
            _check_condition(check, loc, step.id, option.when, answers)


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
        if step.note:
            need(step.note, check.step_loc(step, "note"), step.id)
        if step.rooms is not None:
            for name in ("text", "first_step"):
                need(getattr(step.rooms, name), check.step_loc(step, "rooms", name), step.id)
            for key in ROOM_TEXTS:
                need(key, check.step_loc(step, "rooms"), step.id)
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
        for i, rule in enumerate(step.rules):
            for tag in rule.avoid.tags:
                if tag not in catalogue.tags:
                    loc = check.step_loc(step, "rules", i, "avoid", "tags")
                    check.report(loc, step.id, f"tag {tag!r} is not in the catalogue")
        for language, tag in step.languages.items():
            if tag not in catalogue.tags:
                loc = check.step_loc(step, "languages", language)
                check.report(loc, step.id, f"tag {tag!r} is not in the catalogue")
    if check.count == 0:
        _check_plans(check, catalogue)


def _check_plans(check: _Checker, catalogue: Catalogue) -> None:
    """Every way through the flow gets a plan, and every entry a plan can hold says where to
    find it (a link or a `find` line), reported at the entry in the catalogue."""
    reached: dict[str, None] = {}
    empty: set[str] = set()
    flow = check.flow
    # only answers with tags or named by a plan rule change a plan: each such set once
    matter = {s.key for s in flow.steps if s.options}
    matter |= {key for s in flow.steps for rule in s.rules for key in rule.when}
    done: set[tuple[str, str]] = set()
    for step, answers in ways_to_plans(flow):
        seen = (step.id, repr(sorted((k, v) for k, v in answers.items() if k in matter)))
        if seen in done:
            continue
        done.add(seen)
        entries = plan_entries(flow, step, answers, catalogue)
        if not entries and step.id not in empty:
            empty.add(step.id)
            shown = ", ".join(f"{k}={v}" for k, v in answers.items())
            check.report(check.step_loc(step, "rules"), step.id, f"an empty plan for {shown}")
        reached.update(dict.fromkeys(e.id for e in entries))
    lost = [e for e in catalogue.entries if e.id in reached and not e.link and e.find is None]
    if not lost:
        return
    path = check.path.parent.parent / "catalogue.yaml"
    try:
        data = read_yaml(path, check.path.parent.parent)
    except (OSError, YamlProblem):
        data = None
    index = {e.id: i for i, e in enumerate(catalogue.entries)}
    for entry in lost:
        check.count += 1
        check.problems.add(
            path,
            line_of(data, ("entries", index[entry.id]), 1),
            entry.id,
            f"can be in the {check.flow.id} plan but has neither `link` nor `find`"
            " (say how to find it)",
        )


def ways_to_plans(flow: Flow) -> Iterator[tuple[Step, dict[str, Answer]]]:
    """Each plan step with the answers of one way to reach it (see `ways`)."""
    return ((step, answers) for step, answers in ways(flow) if step.type is StepType.PLAN)


def ways(flow: Flow) -> Iterator[tuple[Step, dict[str, Answer]]]:
    """Each step with the answers given before it, for every way through the flow: every
    offered option of each choice, every non-empty set of a multi step's offered options, a
    free answer or none, and each context value the flow's conditions name (or none)."""
    seen: set[tuple[str, str]] = set()
    todo: list[tuple[str, dict[str, Answer]]] = [
        (route(flow.start, context), context) for context in _contexts(flow)
    ]
    while todo:
        target, answers = todo.pop()
        key = (target, repr(sorted(answers.items())))
        if target == END or key in seen:
            continue
        seen.add(key)
        step = flow.step(target)
        yield step, dict(answers)
        for given in _answers_at(step, answers):
            after = dict(answers)
            if given is None:
                after.pop(step.key, None)
            else:
                after[step.key] = given
            todo.append((route(step.next, after), after))


def _answers_at(step: Step, answers: Mapping[str, Answer]) -> list[Answer | None]:
    values = [o.value for o in step.offered(answers)]
    if step.type is StepType.CHOICE:
        return list(values)
    if step.type is StepType.MULTI:
        return [
            list(c) for n in range(1, len(values) + 1) for c in itertools.combinations(values, n)
        ]
    if step.type is StepType.TEXT:
        return [SAMPLE_TEXT, None] if step.skippable else [SAMPLE_TEXT]
    if step.type is StepType.PLAN:
        return [[SAMPLE_TEXT]]
    return [None]


def _check_offered(check: _Checker) -> None:
    """On every way through the flow, a choice step offers two options and a multi step one
    (options with a `when` may be left out)."""
    reported: set[str] = set()
    for step, answers in ways(check.flow):
        least = {StepType.CHOICE: 2, StepType.MULTI: 1}.get(step.type)
        if least is None or step.id in reported or len(step.offered(answers)) >= least:
            continue
        reported.add(step.id)
        shown = ", ".join(f"{k}={v}" for k, v in answers.items()) or "no answers"
        check.report(
            check.step_loc(step, "options"),
            step.id,
            f"offers fewer than {least} option(s) after {shown} (see the options' `when`)",
        )


def _contexts(flow: Flow) -> list[dict[str, Answer]]:
    """Each combination of context values: absent, or a value the flow's conditions name."""
    named: dict[str, set[str]] = {key: set() for key in flow.context}
    conditions = [r.when for _, _, target in _routes_of(flow) for r in target if r.when]
    for step in flow.steps:
        conditions += [r.when for r in step.first_step if r.when]
        conditions += [r.when for r in step.rules]
    for when in conditions:
        for key, accepted in when.items():
            if key in named:
                wanted = [accepted] if isinstance(accepted, str) else accepted
                named[key].update(SAMPLE_TEXT if v == ANY else v for v in wanted)
    keys = list(named)
    choices = [[None, *sorted(named[k])] for k in keys]
    return [
        {k: v for k, v in zip(keys, combo, strict=True) if v is not None}
        for combo in itertools.product(*choices)
    ]


def _routes_of(flow: Flow) -> Iterator[tuple[str, str, list[Route]]]:
    """(owner, kind, routes) of every list of routes in the flow."""
    if not isinstance(flow.start, str):
        yield flow.id, "start", flow.start
    for step in flow.steps:
        if not isinstance(step.next, str):
            yield step.id, "next", step.next

"""Broken flow files are rejected by `lagerfeuer content check` with file, line, id and problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from adapters.cli.main import main
from adapters.runtime.settings import BUNDLED_CONTENT
from tests.foundation.test_cli import content_check_line

VALID = """\
id: onboarding
start: ask
steps:
  - id: ask
    type: choice
    text: onboarding.role.question
    options:
      - {value: a, label: onboarding.role.staff, tags: [audience-staff]}
      - {value: b, label: onboarding.role.volunteer}
    next: plan
  - id: plan
    type: plan
    text: onboarding.plan
    first_step:
      - text: onboarding.first_step.other
    next: end
"""

# Each case: the broken flow (the line marked `#!` is the one that must be named) and the id
# and problem the report must give for that line.
CASES: dict[str, tuple[str, str, str]] = {
    "next-unknown": (
        VALID.replace("    next: plan\n", "    next: plam  #!\n"),
        "ask",
        "goes to 'plam', which is not a step",
    ),
    "route-unknown": (
        VALID.replace(
            "    next: plan\n",
            "    next:\n      - when: {ask: a}\n        goto: nowhere  #!\n      - goto: plan\n",
        ),
        "ask",
        "goes to 'nowhere', which is not a step",
    ),
    "unreachable": (
        VALID + "  - id: lonely  #!\n    type: info\n    text: onboarding.done\n    next: end\n",
        "lonely",
        "no route leads to this step",
    ),
    "dead-end": (
        VALID.replace("    next: plan\n", "    next: again\n")
        + "  - id: again\n    type: choice\n    text: onboarding.time.question\n"
        "    options:\n      - {value: x, label: onboarding.time.some}\n"
        "      - {value: y, label: onboarding.time.plenty}\n    next: again  #!\n",
        "again",
        "dead end: never reaches 'end'",
    ),
    "text-missing": (
        VALID.replace("text: onboarding.role.question", "text: onboarding.no.such.key  #!"),
        "ask",
        "text key 'onboarding.no.such.key' is missing in content/texts",
    ),
    "option-label-missing": (
        VALID.replace("label: onboarding.role.volunteer}", "label: nope.label}  #!"),
        "ask",
        "text key 'nope.label' is missing",
    ),
    "tag-unknown": (
        VALID.replace("tags: [audience-staff]}", "tags: [audience-aliens]}  #!"),
        "ask",
        "tag 'audience-aliens' is not in the catalogue",
    ),
    "condition-unknown-answer": (
        VALID.replace(
            "    next: plan\n",
            "    next:\n      - when: {colour: red}  #!\n        goto: plan\n      - goto: plan\n",
        ),
        "ask",
        "condition on 'colour', which no step saves",
    ),
    "condition-impossible-value": (
        VALID.replace(
            "    next: plan\n",
            "    next:\n      - when: {ask: c}  #!\n        goto: plan\n      - goto: plan\n",
        ),
        "ask",
        "'ask' is never 'c'",
    ),
    "no-fallback-route": (
        VALID.replace(
            "    next: plan\n", "    next:\n      - when: {ask: a}  #!\n        goto: plan\n"
        ),
        "ask",
        "the last route needs no `when`",
    ),
    "options-left-too-few": (
        VALID.replace("    next: plan\n", "    next: how\n", 1)
        + "  - id: how\n    type: choice\n    text: onboarding.setting.question\n"
        "    options:  #!\n"
        "      - {value: x, label: onboarding.setting.online, when: {ask: a}}\n"
        "      - {value: y, label: onboarding.setting.offline, when: {ask: a}}\n"
        "    next: plan\n",
        "how",
        "offers fewer than 2 option(s) after ask=b",
    ),
    "option-condition-unknown-answer": (
        VALID.replace(
            "label: onboarding.role.volunteer}",
            "label: onboarding.role.volunteer, when: {colour: red}}  #!",
        ),
        "ask",
        "condition on 'colour', which no step saves",
    ),
    "unknown-type": (
        VALID.replace("    type: plan\n", "    type: quiz  #!\n"),
        "plan",
        "steps.1.type: Input should be",
    ),
    "one-option": (
        VALID.replace("      - {value: b, label: onboarding.role.volunteer}\n", "").replace(
            "  - id: ask\n", "  - id: ask  #!\n"
        ),
        "ask",
        "a choice step needs 2 options",
    ),
    "info-loop": (
        VALID.replace("    next: end\n", "    next: tip\n")
        + "  - id: tip\n    type: info\n    text: onboarding.done\n    next: plan  #!\n",
        "tip",
        "loops without asking anything",
    ),
    "plan-without-fallback": (
        VALID.replace(
            "      - text: onboarding.first_step.other\n",
            "      - kind: podcast\n        text: onboarding.first_step.listen\n",
        ).replace("    first_step:\n", "    first_step:  #!\n"),
        "plan",
        "first_step needs a last rule without `when` and `kind`",
    ),
    "plan-rule-tag-unknown": (
        VALID.replace(
            "    next: end\n",
            "    rules:\n      - when: {ask: a}\n        avoid: {tags: [nope]}  #!\n"
            "    next: end\n",
        ),
        "plan",
        "tag 'nope' is not in the catalogue",
    ),
    "plan-rule-impossible-condition": (
        VALID.replace(
            "    next: end\n",
            "    rules:\n      - when: {ask: c}  #!\n        max: 2\n    next: end\n",
        ),
        "plan",
        "'ask' is never 'c'",
    ),
    "plan-rule-on-a-question": (
        VALID.replace(
            "    next: plan\n",
            "    rules:  #!\n      - when: {ask: a}\n        max: 2\n    next: plan\n",
        ),
        "ask",
        "only plan steps have it",
    ),
    "plan-rules-leave-nothing": (
        VALID.replace(
            "    next: end\n",
            "    rules:  #!\n      - when: {ask: b}\n        avoid: {tags: [online, offline]}\n"
            "    next: end\n",
        ),
        "plan",
        "an empty plan for ask=b",
    ),
    "plan-language-unknown": (
        VALID.replace("    next: end\n", "    languages: {fr: lang-de}  #!\n    next: end\n"),
        "plan",
        "'fr' is none of de, en",
    ),
    "plan-language-tag-unknown": (
        VALID.replace("    next: end\n", "    languages: {de: lang-fr}  #!\n    next: end\n"),
        "plan",
        "tag 'lang-fr' is not in the catalogue",
    ),
    "duplicate-step": (
        VALID + "  - id: ask  #!\n    type: info\n    text: onboarding.done\n    next: end\n",
        "ask",
        "step id used twice",
    ),
    "typed-one-language": (
        VALID.replace(
            "label: onboarding.role.volunteer}",
            "label: onboarding.role.volunteer, typed: {de: [ehrenamtlich]}}  #!",
        ),
        "ask",
        "typed needs phrasings in de and en",
    ),
    "typed-without-a-word": (
        VALID.replace(
            "label: onboarding.role.volunteer}",
            'label: onboarding.role.volunteer, typed: {de: ["?!"], en: [volunteer]}}  #!',
        ),
        "ask",
        "typed '?!' has no word",
    ),
    "typed-in-two-options": (
        VALID.replace(
            "tags: [audience-staff]}",
            "tags: [audience-staff], typed: {de: [Beruf], en: [job]}}",
        ).replace(
            "label: onboarding.role.volunteer}",
            "label: onboarding.role.volunteer, typed: {de: [beruf], en: [free time]}}  #!",
        ),
        "ask",
        "typed 'beruf' is also a phrasing of 'a'",
    ),
    "hours-overlap": (
        VALID.replace(
            "tags: [audience-staff]}", "tags: [audience-staff], hours: {at_most: 2}}"
        ).replace(
            "label: onboarding.role.volunteer}",
            "label: onboarding.role.volunteer, hours: {at_least: 1}}  #!",
        ),
        "ask",
        "hours overlap those of 'a'",
    ),
    "hours-hold-nothing": (
        VALID.replace(
            "label: onboarding.role.volunteer}",
            "label: onboarding.role.volunteer, hours: {over: 3, under: 2}}  #!",
        ),
        "ask",
        "hours hold nothing",
    ),
    "thanks-at-a-choice": (
        VALID.replace(
            "    next: plan\n", "    thanks: onboarding.role_other.thanks  #!\n    next: plan\n"
        ),
        "ask",
        "only text steps have it",
    ),
    "bad-yaml": (
        VALID.replace("    next: plan\n", "    next: [plan\n").replace(
            "  - id: plan\n", "  - id: plan  #!\n"
        ),
        "-",
        "expected ',' or ']'",
    ),
}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, folder)
    return folder


def check(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["content", "check", str(folder)])
    return code, capsys.readouterr().out


def test_the_bundled_flow_and_a_small_valid_one_pass(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = check(content, capsys)
    assert code == 0, out
    assert out.strip() == content_check_line(content), "the one bundled flow is counted"
    (content / "flows" / "onboarding.yaml").write_text(VALID, encoding="utf-8")
    code, out = check(content, capsys)
    assert code == 0, out


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_flow_is_rejected_with_its_line(
    case: str, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, ident, problem = CASES[case]
    lines = text.splitlines()
    marked = [number for number, line in enumerate(lines, 1) if "#!" in line]
    assert len(marked) == 1, "each case marks exactly one line"
    (content / "flows" / "onboarding.yaml").write_text(text, encoding="utf-8")
    code, out = check(content, capsys)
    assert code == 1
    prefix = f"content/flows/onboarding.yaml:{marked[0]}: {ident}: "
    reported = [line for line in out.splitlines() if line.startswith(prefix)]
    assert any(problem in line for line in reported), out


def test_text_without_english_is_rejected(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = content / "texts" / "onboarding.yaml"
    body = texts.read_text(encoding="utf-8")
    lines = body.splitlines()
    start = lines.index("onboarding.plan:")
    del lines[start + 2]  # the English line of the plan heading
    texts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = check(content, capsys)
    assert code == 1
    assert f"content/texts/onboarding.yaml:{start + 1}: onboarding.plan: en: Field required" in out


def test_an_entry_a_plan_can_hold_needs_a_link_or_a_way_to_find_it(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogue = content / "catalogue.yaml"
    lines = catalogue.read_text(encoding="utf-8").splitlines()
    start = lines.index("  - id: ideequadrat")
    find = lines.index("    find:", start)
    del lines[find : find + 3]
    catalogue.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = check(content, capsys)
    assert code == 1
    assert (
        f"content/catalogue.yaml:{start + 1}: ideequadrat: can be in the onboarding plan"
        " but has neither `link` nor `find`"
    ) in out, out


def test_an_entry_no_plan_can_hold_may_go_without(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only entries a plan can hold need a way to find them: with its kind left out of every
    plan, an entry without one passes."""
    catalogue = content / "catalogue.yaml"
    lines = catalogue.read_text(encoding="utf-8").splitlines()
    start = lines.index("  - id: ideequadrat")
    find = lines.index("    find:", start)
    del lines[find : find + 3]
    catalogue.write_text("\n".join(lines) + "\n", encoding="utf-8")
    flow = content / "flows" / "onboarding.yaml"
    body = flow.read_text(encoding="utf-8")
    rule = "    rules:\n"
    assert rule in body
    everyone = (
        "      - when: {time: [little, some, plenty]}\n        avoid: {kinds: [blog-and-podcast]}\n"
    )
    flow.write_text(body.replace(rule, rule + everyone), encoding="utf-8")
    code, out = check(content, capsys)
    assert code == 0, out


def test_number_words_that_cannot_be_read_are_named_at_the_hours(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = content / "texts" / "flows.yaml"
    body = texts.read_text(encoding="utf-8")
    texts.write_text(body.replace('de: "0 null, ', 'de: "null, ', 1), encoding="utf-8")
    lines = (content / "flows" / "onboarding.yaml").read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines, 1) if line.strip().startswith("hours:"))
    code, out = check(content, capsys)
    assert code == 1
    assert (
        f"content/flows/onboarding.yaml:{first}: time: flow.words.numbers (de): 'null' needs"
        " a number and then its words" in out
    ), out

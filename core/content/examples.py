"""Questions as people write them, with the answer that is right: the matcher's examples
(content/examples/) and the question files it is measured on (tests/eval/) share this format."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.content.yamlsource import YamlProblem, read_yaml
from core.errors import ContentError


class Question(BaseModel):
    """One line of a question file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1)
    lang: str = Field(default="de", pattern=r"^(de|en)$")
    expect: list[str] = Field(default_factory=list)
    """Ids of FAQ entries, catalogue entries or flows that answer it; [] for none."""
    room: bool = False


def load_questions(
    path: Path,
    known: Collection[str] | None = None,
    shown: Path | None = None,
    within: Path | None = None,
) -> list[Question]:
    """Read a question file; raises ContentError naming the file (as `shown`, when given) and
    the line of each problem (with `known`, also an expected id that is none of them). With
    `within`, the file must lie inside that folder (see `read_yaml`)."""
    name = shown or path
    try:
        data = read_yaml(path, within)
    except YamlProblem as exc:
        raise ContentError([f"{name}:{exc.line}: -: {exc.problem}"]) from exc
    if not isinstance(data, list):
        raise ContentError([f"{name}:1: -: expected a list of questions"])
    questions: list[Question] = []
    problems: list[str] = []
    for index, item in enumerate(data):
        line = getattr(item, "line", 1)
        try:
            question = Question.model_validate(item)
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"]) or "question"
                problems.append(f"{name}:{line}: #{index + 1}: {where}: {err['msg']}")
            continue
        questions.append(question)
        for ident in question.expect:
            if known is not None and ident not in known:
                problems.append(f"{name}:{line}: #{index + 1}: expect: no entry or flow {ident!r}")
    if problems:
        raise ContentError(problems)
    return questions

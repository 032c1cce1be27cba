"""The content model and its loader: texts, FAQ, catalogue, synonyms and flows from YAML.

Every problem is reported as `file:line: id: problem`, all of them at once, so an editor
can fix a file in one go.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.content.examples import Question, load_questions
from core.content.yamlsource import LineDict, YamlProblem, line_of, read_yaml
from core.errors import ContentError

LANGUAGES = ("de", "en")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_Model):
    """A text in German and English; both are required and non-empty."""

    de: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """The text in `lang`, German when the language is unknown."""
        return self.en if lang == "en" else self.de


class LocalizedList(_Model):
    """Lists of phrases per language (alternative phrasings, keywords)."""

    de: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)

    def get(self, lang: str) -> list[str]:
        """The phrases in `lang`."""
        return self.en if lang == "en" else self.de

    def all(self) -> list[str]:
        """Phrases of every language."""
        return [*self.de, *self.en]


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError("ids are kebab-case: lower-case letters, digits and single hyphens")
    return value


class FaqEntry(_Model):
    """A question people ask, the answer, and the ways they phrase it."""

    id: str
    question: Localized
    answer: Localized
    details: Localized | None = None
    """What is known about cost, dates and signing up, and where to look (answers/details.py)."""
    phrasings: LocalizedList = Field(default_factory=LocalizedList)
    related: list[str] = Field(default_factory=list)
    start_flow: str | None = None
    room: bool = False

    _id = field_validator("id")(_check_id)


class Kind(StrEnum):
    """What a catalogue entry is."""

    SOCIAL_NETWORK = "social-network"
    FACEBOOK_GROUP = "facebook-group"
    BLOG = "blog"
    PODCAST = "podcast"
    BLOG_AND_PODCAST = "blog-and-podcast"
    EVENT_DIRECTORY = "event-directory"
    ARTICLE = "article"
    PROJECT = "project"


class Category(_Model):
    """A shelf of the catalogue, shown as a choice when browsing. A category without an FAQ
    entry of the same id is also an answer of its own (its listing); `phrasings` are ways of
    asking for it, as an FAQ entry's are."""

    id: str
    title: Localized
    phrasings: LocalizedList = Field(default_factory=LocalizedList)

    _id = field_validator("id")(_check_id)


class Resource(_Model):
    """One catalogue entry. `link` only where a real one is known; never made up. `find` says
    how to find it (where to search for which name), for entries without a link."""

    id: str
    title: str = Field(min_length=1)
    kind: Kind
    category: str
    description: Localized
    tags: list[str] = Field(default_factory=list)
    link: str | None = Field(default=None, pattern=r"^https://[^\s]+$")
    find: Localized | None = None
    keywords: LocalizedList = Field(default_factory=LocalizedList)
    button: Localized | None = None
    """The label of its button where the title alone would be unclear ("Soziale Arbeit")."""

    _id = field_validator("id")(_check_id)

    def label(self, lang: str) -> str:
        """What its button says: the button label, or the title."""
        return self.button.get(lang) if self.button is not None else self.title


class Catalogue(_Model):
    """Tags with their labels, categories, and entries."""

    tags: dict[str, Localized]
    categories: list[Category]
    entries: list[Resource]


class FaqFile(_Model):
    """The FAQ file's shape."""

    entries: list[FaqEntry]


def _only_known(
    value: dict[str, list[str]], known: tuple[str, ...], what: str
) -> dict[str, list[str]]:
    """`value` when its keys are all `known`; else the error naming the others."""
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise ValueError(f"unknown {what} {unknown}; known: {', '.join(known)}")
    return value


class SynonymsFile(_Model):
    """Groups of words that mean the same thing to the matcher."""

    groups: list[list[str]]
    asking: dict[str, list[str]] = Field(default_factory=dict)
    """The words of each kind of asking (see core/answers/asking.py)."""

    naming: dict[str, list[str]] = Field(default_factory=dict)
    """The words around an entry's name that say it is called so (core/answers/naming.py)."""

    @field_validator("asking")
    @classmethod
    def _asking(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return _only_known(value, ASKING_KINDS, "kinds")

    @field_validator("naming")
    @classmethod
    def _naming(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return _only_known(value, NAMING_PLACES, "places")


NAMING_PLACES: tuple[str, ...] = ("before", "after", "filler", "kind")
"""Where naming words stand: right before a name ("called"), right after it (German
"heißt"), between those and the name ("just"), or a word for what the entry is ("group")."""

ASKING_KINDS: tuple[str, ...] = ("resource",)
"""What a question may ask for besides its topic: the resource itself (a list, a link, where
to find it), as content/synonyms.yaml lists under `asking:`."""


NEWCOMER_SIGNALS: tuple[str, ...] = ("new", "arrived", "introduction", "role", "start", "join")
NEWCOMER_SIGNALS += ("here", "ask", "tips", "time", "past", "neutral", "marker", "joiner", "next")
NEWCOMER_SIGNALS += ("elsewhere",)
"""The signals of content/newcomers.yaml (core/answers/newcomers.py says what each is for)."""


_SPELLING = re.compile(r"^(-?)([a-zäöüß]+) = (-?)([a-zäöüß]*)$")


class NewcomersFile(_Model):
    """content/newcomers.yaml: the signals and the general dialect spelling rules."""

    signals: dict[str, list[str]] = Field(default_factory=dict)
    spellings: list[str] = Field(default_factory=list)

    @field_validator("signals")
    @classmethod
    def _signals(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return _only_known(value, NEWCOMER_SIGNALS, "signals")

    @field_validator("spellings")
    @classmethod
    def _spellings(cls, value: list[str]) -> list[str]:
        for rule in value:
            found = _SPELLING.match(rule.strip())
            if found is None or found.group(1) != found.group(3):
                raise ValueError(
                    f'"{rule}": a rule is "ei = eu" (inside a word) or "-a = -en" (its end)'
                )
        return value


class OutOfScopeFile(_Model):
    """What people ask for that the bot does not do (delete an account, study, apply)."""

    intents: list[list[str]]


@dataclass(frozen=True)
class Content:
    """Everything the bot says and knows, loaded and checked."""

    texts: dict[str, Localized]
    faq: tuple[FaqEntry, ...]
    catalogue: Catalogue
    synonyms: tuple[tuple[str, ...], ...]
    flows: dict[str, Any] = field(default_factory=dict)
    root: Path = Path()
    out_of_scope: tuple[tuple[str, ...], ...] = ()
    """Groups of words for an intent no answer serves, unless a phrasing names it."""
    newcomers: NewcomersFile = field(default_factory=NewcomersFile)
    """What makes an unaddressed room message a newcomer's "where do I start?"."""
    asking: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The words of each kind of asking (the resource itself: a list, a link)."""
    naming: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The words that say a name is a name (see NAMING_PLACES)."""
    examples: tuple[Question, ...] = ()
    """Questions as people wrote them, each with its right answer or none (content/examples/)."""

    def resource(self, resource_id: str) -> Resource | None:
        """The catalogue entry with this id."""
        return next((r for r in self.catalogue.entries if r.id == resource_id), None)

    def category(self, category_id: str) -> Category | None:
        """The catalogue category with this id."""
        return next((c for c in self.catalogue.categories if c.id == category_id), None)

    def faq_entry(self, faq_id: str) -> FaqEntry | None:
        """The FAQ entry with this id."""
        return next((f for f in self.faq if f.id == faq_id), None)


class _Problems:
    """Collects `file:line: id: problem` lines."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lines: list[str] = []

    def add(self, path: Path, line: int, ident: str, problem: str) -> None:
        try:
            shown = path.relative_to(self.root.parent)
        except ValueError:
            shown = path
        self.lines.append(f"{shown}:{line}: {ident}: {problem}")

    def from_validation(self, path: Path, data: Any, exc: ValidationError, base: int) -> None:
        for err in exc.errors():
            loc = tuple(err["loc"])
            ident = _id_at(data, loc) or "-"
            where = ".".join(str(p) for p in loc)
            self.add(path, line_of(data, loc, base), ident, f"{where}: {err['msg']}")


def _id_at(data: Any, loc: tuple[int | str, ...]) -> str | None:
    node, found = data, None
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
    return found


FlowLoader = Callable[[Path, Any, "_Problems", dict[str, Localized], Catalogue | None], Any]
"""Validates one flow file against the loaded texts and catalogue (see `core.flows.check`)."""

TextCheck = Callable[[dict[str, Localized], Callable[[str, str], None]], None]
"""Validates the loaded texts as a whole; reports `(key, problem)`, the loader adds file and
line (see `core.kernel.commands.check_aliases`)."""


def _read(path: Path, problems: _Problems) -> Any:
    try:
        return read_yaml(path, problems.root)
    except YamlProblem as exc:
        problems.add(path, exc.line, "-", exc.problem)
        return None


def _parse(model: type[_Model], path: Path, problems: _Problems) -> Any:
    before = len(problems.lines)
    data = _read(path, problems)
    if data is None:
        if len(problems.lines) == before:
            problems.add(path, 1, "-", "the file is empty")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.from_validation(path, data, exc, 1)
        return None


def _yaml_files(folder: Path) -> list[Path]:
    """The YAML files of a folder, in order; a folder that cannot be listed raises OSError
    (glob would quietly find nothing), and a missing one has none."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.suffix == ".yaml")


def _load_texts(
    folder: Path, problems: _Problems, where: dict[str, tuple[Path, int]]
) -> dict[str, Localized]:
    """Every text of `folder`; `where` learns the file and line of each key."""
    texts: dict[str, Localized] = {}
    if not folder.is_dir():
        problems.add(folder, 1, "-", "missing folder of texts")
        return texts
    for path in _yaml_files(folder):
        before = len(problems.lines)
        data = _read(path, problems)
        if len(problems.lines) > before:
            continue
        if not isinstance(data, LineDict):
            problems.add(path, 1, "-", "expected a mapping of text keys")
            continue
        for key, value in data.items():
            line = data.key_lines.get(key, 1)
            if key in texts:
                problems.add(path, line, key, "text key defined twice")
                continue
            where[key] = (path, line)
            try:
                texts[key] = Localized.model_validate(value)
            except ValidationError as exc:
                for err in exc.errors():
                    place = ".".join(str(p) for p in err["loc"]) or "value"
                    problems.add(path, line, key, f"{place}: {err['msg']}")
    return texts


def read_texts(folder: Path) -> tuple[dict[str, Localized], dict[str, Path]]:
    """The texts of a `texts/` folder and the file of each key; raises ContentError."""
    problems = _Problems(folder.parent)
    where: dict[str, tuple[Path, int]] = {}
    texts = _load_texts(folder, problems, where)
    if problems.lines:
        raise ContentError(problems.lines)
    return texts, {key: path for key, (path, _) in where.items()}


def load_content(
    root: Path,
    flow_loader: FlowLoader | None = None,
    text_checks: tuple[TextCheck, ...] = (),
) -> Content:
    """Load and check the content folder; raises ContentError listing every problem."""
    try:
        return _load_content(root, flow_loader, text_checks)
    except OSError as exc:  # a folder inside that cannot be listed: name it
        where = exc.filename or root
        raise ContentError([f"{where}:0: -: cannot read: {exc.strerror}"]) from None


def _load_content(
    root: Path, flow_loader: FlowLoader | None, text_checks: tuple[TextCheck, ...]
) -> Content:
    problems = _Problems(root)
    if not root.is_dir():
        raise ContentError([f"{root}:0: -: content folder not found"])
    if not os.access(root, os.R_OK | os.X_OK):
        raise ContentError([f"{root}:0: -: content folder cannot be read: Permission denied"])
    where: dict[str, tuple[Path, int]] = {}
    texts = _load_texts(root / "texts", problems, where)

    def report(key: str, problem: str) -> None:
        path, line = where.get(key, (root / "texts", 1))
        problems.add(path, line, key, problem)

    for check in text_checks:
        check(texts, report)
    faq = _parse(FaqFile, root / "faq.yaml", problems)
    catalogue = _parse(Catalogue, root / "catalogue.yaml", problems)
    synonyms = _parse(SynonymsFile, root / "synonyms.yaml", problems)
    out_of_scope = (
        _parse(OutOfScopeFile, root / "out_of_scope.yaml", problems)
        if (root / "out_of_scope.yaml").exists()
        else OutOfScopeFile(intents=[])
    )
    newcomers = (
        _parse(NewcomersFile, root / "newcomers.yaml", problems)
        if (root / "newcomers.yaml").exists()
        else NewcomersFile()
    )
    flows: dict[str, Any] = {}
    if flow_loader is not None:
        for path in _yaml_files(root / "flows"):
            data = _read(path, problems)
            if data is not None:
                flow = flow_loader(path, data, problems, texts, catalogue)
                if flow is not None:
                    flows[path.stem] = flow
    examples: list[Question] = []
    if faq is not None and catalogue is not None:
        _cross_check(root, faq, catalogue, problems)
        examples = _load_examples(root, answer_ids(faq.entries, catalogue, flows), problems)
    if problems.lines:
        raise ContentError(problems.lines)
    assert faq is not None and catalogue is not None and synonyms is not None
    return Content(
        texts=texts,
        faq=tuple(faq.entries),
        catalogue=catalogue,
        synonyms=tuple(tuple(g) for g in synonyms.groups),
        flows=flows,
        root=root,
        out_of_scope=tuple(tuple(g) for g in out_of_scope.intents) if out_of_scope else (),
        newcomers=newcomers or NewcomersFile(),
        asking={kind: tuple(phrases) for kind, phrases in synonyms.asking.items()},
        naming={place: tuple(found) for place, found in synonyms.naming.items()},
        examples=tuple(examples),
    )


def answer_ids(faq: Iterable[FaqEntry], catalogue: Catalogue, flows: Iterable[str]) -> set[str]:
    """The ids a question may expect: FAQ entries, the flows they start, catalogue entries and
    categories, and the flows."""
    entries = list(faq)
    return {
        *(entry.id for entry in entries),
        *(entry.start_flow for entry in entries if entry.start_flow),
        *(entry.id for entry in catalogue.entries),
        *(category.id for category in catalogue.categories),
        *flows,
    }


def _load_examples(root: Path, known: set[str], problems: _Problems) -> list[Question]:
    """The questions of content/examples/ (the format of docs/eval.md), every problem named."""
    examples: list[Question] = []
    for path in _yaml_files(root / "examples"):
        shown = path.relative_to(root.parent)
        try:
            examples += load_questions(path, known, shown, within=root)
        except ContentError as exc:
            problems.lines += exc.problems
    return examples


def _cross_check(root: Path, faq: FaqFile, catalogue: Catalogue, problems: _Problems) -> None:
    faq_path, cat_path = root / "faq.yaml", root / "catalogue.yaml"
    raw: dict[Path, Any] = {}

    def line_in(path: Path, loc: tuple[int | str, ...]) -> int:
        """The line of `loc` in `path`, read only when a problem is reported there."""
        if path not in raw:
            raw[path] = read_yaml(path, root)
        return line_of(raw[path], loc, 1)

    resource_ids = {r.id for r in catalogue.entries}
    category_ids = {c.id for c in catalogue.categories}
    seen: set[str] = set()
    for index, entry in enumerate(faq.entries):
        if entry.id in seen:
            problems.add(faq_path, line_in(faq_path, ("entries", index)), entry.id, "id used twice")
        seen.add(entry.id)
        for ref in entry.related:
            if ref not in resource_ids:
                problems.add(
                    faq_path,
                    line_in(faq_path, ("entries", index)),
                    entry.id,
                    f"related entry {ref!r} is not in the catalogue",
                )
    faq_ids = {entry.id for entry in faq.entries}
    seen = set()
    for index, category in enumerate(catalogue.categories):
        if category.id in seen:
            line = line_in(cat_path, ("categories", index))
            problems.add(cat_path, line, category.id, "category id used twice")
        seen.add(category.id)
        if category.phrasings.all() and category.id in faq_ids:
            line = line_in(cat_path, ("categories", index))
            problem = "the FAQ entry of the same id answers this category: move its phrasings there"
            problems.add(cat_path, line, category.id, problem)
    seen = set()
    for index, resource in enumerate(catalogue.entries):
        if resource.id in seen:
            line = line_in(cat_path, ("entries", index))
            problems.add(cat_path, line, resource.id, "id used twice")
        seen.add(resource.id)
        if resource.category not in category_ids:
            line = line_in(cat_path, ("entries", index))
            problems.add(cat_path, line, resource.id, f"unknown category {resource.category!r}")
        for tag in resource.tags:
            if tag not in catalogue.tags:
                line = line_in(cat_path, ("entries", index))
                problems.add(cat_path, line, resource.id, f"unknown tag {tag!r}")

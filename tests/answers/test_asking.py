"""What a question asks for besides its topic: a list or a link is the catalogue's to give."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from adapters.runtime.settings import BUNDLED_CONTENT
from core.answers.decision import Kind
from core.answers.matcher import Matcher
from core.content.model import load_content
from core.errors import ContentError


def best(matcher: Matcher, text: str) -> tuple[str, Kind] | None:
    found = matcher.decide(text).best
    return (found.id, found.kind) if found else None


def test_asking_for_a_list_or_a_link_gets_the_resource_not_the_definition(
    matcher: Matcher,
) -> None:
    barcamps = {("barcamp-liste", Kind.RESOURCE), ("barcamps-net", Kind.RESOURCE)}
    assert best(matcher, "Wo finde ich eine Liste von Barcamps?") in barcamps
    assert best(matcher, "Gibt es eine Liste mit Barcamps?") in barcamps
    assert best(matcher, "Where can I find a list of barcamps?") in barcamps
    assert best(matcher, "Link zu Meetup") == ("meetup", Kind.RESOURCE)
    assert best(matcher, "link zu twitter") == ("twitter", Kind.RESOURCE)


def test_asking_what_something_is_still_gets_the_definition(matcher: Matcher) -> None:
    assert best(matcher, "Was ist ein Barcamp?") == ("what-is-barcamp", Kind.FAQ)
    assert best(matcher, "What is a barcamp?") == ("what-is-barcamp", Kind.FAQ)
    assert best(matcher, "Was ist Meetup?") == ("what-is-meetup", Kind.FAQ)


def copied_synonyms(tmp_path: Path) -> tuple[Path, Path, str]:
    """A copy of the bundled content, its synonyms file and that file's text."""
    folder = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, folder)
    synonyms = folder / "synonyms.yaml"
    return folder, synonyms, synonyms.read_text(encoding="utf-8")


def test_the_words_of_asking_live_in_content(tmp_path: Path) -> None:
    folder, synonyms, text = copied_synonyms(tmp_path)
    start, end = text.index("\nasking:"), text.index("\ngroups:")
    synonyms.write_text(text[:start] + text[end:], encoding="utf-8")
    without = Matcher(load_content(folder))
    # without the words, the definition (one of whose phrasings asks for the list) wins
    assert best(without, "Gibt es eine Liste mit Barcamps?") == ("what-is-barcamp", Kind.FAQ)


@pytest.mark.parametrize("section", ["asking", "naming"])
def test_an_unknown_kind_of_asking_or_naming_is_reported_with_its_file(
    tmp_path: Path, section: str
) -> None:
    folder, synonyms, text = copied_synonyms(tmp_path)
    head = f"\n{section}:\n"
    synonyms.write_text(text.replace(head, f"{head}  gossip: [klatsch]\n"), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_content(folder)
    assert any(line.startswith("content/synonyms.yaml") for line in error.value.problems)


def test_hostile_text_is_read_without_harm(matcher: Matcher) -> None:
    for text in ("liste " * 5000, "<b>Link</b>\u202e zu Meetup ²", "... ... wo finde"):
        matcher.decide(text)  # no traceback, however long or odd

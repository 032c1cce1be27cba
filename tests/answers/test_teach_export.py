"""Exporting taught phrasings into faq.yaml: whatever shape an entry's phrasings have, the new
one lands in its list with a comment, editors' lines stay, and what cannot be placed is named."""

from __future__ import annotations

import yaml

from core.content.export import export_faq
from core.content.overlay import Overlay, TaughtEntry, TaughtPhrasing

FAQ = """\
# editors' header
entries:
  # No phrasings yet.
  - id: bare
    question: {de: "Nackt?", en: "Bare?"}
    answer: {de: "Ja.", en: "Yes."}

  # German phrasings only.
  - id: german  # a trailing comment
    question: {de: "Deutsch?", en: "German?"}
    answer: {de: "Ja.", en: "Yes."}
    phrasings:
      de:
        - "Sprichst du Deutsch?"
    related: []

  # Flow style.
  - id: flowing
    question: {de: "Fluss?", en: "Flow?"}
    answer: {de: "Ja.", en: "Yes."}
    phrasings: {de: ["Fließt es?"]}
"""


def note(key: str, params: dict[str, object]) -> str:
    return f"{key} {params}".strip()


def test_phrasings_land_in_every_shape_of_list() -> None:
    taught = Overlay(
        phrasings=(
            TaughtPhrasing("bare", "de", 'Ganz "nackt"?'),
            TaughtPhrasing("german", "en", "Do you speak German?"),
            TaughtPhrasing("german", "de", "Sprichst du Deutsch?"),  # there already
            TaughtPhrasing("german", "de", "Kannst du Deutsch?"),
        )
    )
    result = export_faq(FAQ, taught, note)
    assert result.problems == []
    assert result.done == taught
    entries = {e["id"]: e for e in yaml.safe_load(result.text)["entries"]}
    assert entries["bare"]["phrasings"] == {"de": ['Ganz "nackt"?']}
    assert entries["german"]["phrasings"] == {
        "de": ["Sprichst du Deutsch?", "Kannst du Deutsch?"],
        "en": ["Do you speak German?"],
    }
    assert entries["german"]["related"] == []
    assert result.text.count("# teach.export.phrasing {}") == 3
    for line in FAQ.split("\n"):
        assert line in result.text.split("\n"), f"editors' line kept: {line!r}"


def test_what_cannot_be_placed_is_named_and_the_rest_written() -> None:
    taught = Overlay(
        entries=(TaughtEntry("bare", "de", "Doppelt?", "Ja.", None),),
        phrasings=(
            TaughtPhrasing("flowing", "de", "Strömt es?"),
            TaughtPhrasing("gone", "de", "Wo bist du?"),
            TaughtPhrasing("bare", "en", "Naked?"),
        ),
    )
    result = export_faq(FAQ, taught, note)
    assert result.done == Overlay(phrasings=(TaughtPhrasing("bare", "en", "Naked?"),))
    problems = sorted(result.problems)
    assert len(problems) == 3
    assert problems[0].startswith("bare: faq.yaml has an entry with this id")
    assert problems[1].startswith("flowing: its phrasings are written in a form")
    assert problems[2].startswith("gone: no such entry")
    entries = {e["id"]: e for e in yaml.safe_load(result.text)["entries"]}
    assert entries["flowing"]["phrasings"] == {"de": ["Fließt es?"]}
    assert entries["bare"]["phrasings"] == {"en": ["Naked?"]}

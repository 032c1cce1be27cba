"""The bundled content stays true to its source and speaks one way: claims the article never
makes stay out, one gender form, "du" not "ihr", no bare "Soziale Arbeit" button."""

from __future__ import annotations

import re
from pathlib import Path

from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.model import Content

CONTENT = Path(BUNDLED_CONTENT)
TEXT_FILES = [
    *sorted(CONTENT.glob("texts/*.yaml")),
    CONTENT / "faq.yaml",
    CONTENT / "catalogue.yaml",
]

NOT_IN_THE_ARTICLE = (
    "Anmeldehürden",
    "große Facebook-Gruppe",
    "die gern teilen",
    "Zehn Minuten in der Woche",
    "Viertelstunde pro Woche",
    "Warum Twitter für die Soziale Arbeit wertvoll ist",
    "guten Gewissens",
    "clear conscience",
    "A picture for it",
    "stands behind me",
    "Unasked",
    "beispiel.de",
)


def _said(path: Path) -> str:
    """The file without its comments and without the word lists the bot never says."""
    kept = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#") and not line.lstrip().startswith('- "')
    ]
    return "\n".join(kept)


def test_no_claim_the_article_does_not_make() -> None:
    found = [
        (p.name, claim) for p in TEXT_FILES for claim in NOT_IN_THE_ARTICLE if claim in _said(p)
    ]
    assert not found


def test_one_gender_form() -> None:
    other_forms = re.compile(
        r"\w+\*innen|\w+Innen\b|\w+innen und \w+en\b|jede und jeder|jeder und jede"
    )
    found = [(p.name, m.group(0)) for p in TEXT_FILES for m in other_forms.finditer(_said(p))]
    assert not found


def test_the_bot_says_du_not_ihr() -> None:
    plural = re.compile(r"\b(ihr seid|ihr habt|erfahrt|[Ss]tellt euch|zu euch|Ihr lernt)\b")
    found = [(p.name, m.group(0)) for p in TEXT_FILES for m in plural.finditer(_said(p))]
    assert not found


def test_no_bare_soziale_arbeit_button(content: Content) -> None:
    for resource in content.catalogue.entries:
        for lang in ("de", "en"):
            assert resource.label(lang) != "Soziale Arbeit", resource.id


def test_recommendations_say_where_they_come_from(content: Content) -> None:
    for entry_id in ("podcasts-blogs", "facebook-groups"):
        entry = content.faq_entry(entry_id)
        assert entry is not None
        assert "2018" in entry.answer.de and "2018" in entry.answer.en

"""Content validation: every problem reported with its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.errors import ContentError


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, target)
    return target


def problems_for(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_checked_content(folder)
    return info.value.problems


def test_bundled_content_is_valid() -> None:
    content = load_checked_content(BUNDLED_CONTENT)
    assert content.texts and content.faq and content.catalogue.entries


def test_text_missing_english_names_file_and_line(content_copy: Path) -> None:
    path = content_copy / "texts" / "zz-broken.yaml"
    path.write_text(
        "# ok\nfirst.key:\n  de: Hallo\n  en: Hello\n# broken\nsecond.key:\n  de: Nur Deutsch\n"
    )
    found = problems_for(content_copy)
    assert any(p.startswith("content/texts/zz-broken.yaml:6: second.key:") for p in found), found


def test_invalid_yaml_names_its_line(content_copy: Path) -> None:
    path = content_copy / "texts" / "zz-syntax.yaml"
    path.write_text("a.key:\n  de: eins\n  en: one\nb.key: [unclosed\n")
    found = problems_for(content_copy)
    assert any("zz-syntax.yaml:" in p for p in found), found


def test_every_problem_is_reported_not_only_the_first(content_copy: Path) -> None:
    (content_copy / "texts" / "zz-a.yaml").write_text("x.one:\n  de: a\n")
    (content_copy / "texts" / "zz-b.yaml").write_text("x.two:\n  en: b\n")
    found = problems_for(content_copy)
    assert any("zz-a.yaml:1: x.one" in p for p in found), found
    assert any("zz-b.yaml:1: x.two" in p for p in found), found


def test_duplicate_text_key_is_reported(content_copy: Path) -> None:
    (content_copy / "texts" / "zz-dup.yaml").write_text("menu.title:\n  de: a\n  en: b\n")
    found = problems_for(content_copy)
    assert any("zz-dup.yaml:1: menu.title: text key defined twice" in p for p in found), found


def test_invalid_utf8_is_reported_with_its_line(content_copy: Path) -> None:
    (content_copy / "texts" / "zz-bytes.yaml").write_bytes(b"a.key:\n  de: ok\n  en: \xff\xfe\n")
    found = problems_for(content_copy)
    assert any("zz-bytes.yaml:3: -: not valid UTF-8" in p for p in found), found


def test_catalogue_entry_with_unknown_category_names_its_id(content_copy: Path) -> None:
    path = content_copy / "catalogue.yaml"
    text = path.read_text()
    text += (
        "  - id: broken-entry\n    title: Broken\n    kind: blog\n    category: nowhere\n"
        "    description:\n      de: x\n      en: y\n"
    )
    path.write_text(text)
    found = problems_for(content_copy)
    assert any("catalogue.yaml:" in p and "broken-entry: unknown category" in p for p in found), (
        found
    )


def test_broken_yaml_is_reported_once(content_copy: Path) -> None:
    (content_copy / "faq.yaml").write_text("entries:\n  - id: x\n    question: [unclosed\n")
    found = [p for p in problems_for(content_copy) if "faq.yaml" in p]
    assert len(found) == 1, found
    assert found[0].startswith("content/faq.yaml:"), found


def test_an_empty_file_says_so(content_copy: Path) -> None:
    (content_copy / "synonyms.yaml").write_text("# nothing yet\n")
    found = problems_for(content_copy)
    assert "content/synonyms.yaml:1: -: the file is empty" in found, found


def test_a_text_the_bot_uses_cannot_be_left_out(content_copy: Path) -> None:
    """A community's own folder that drops a text file would fail mid-chat (the crisis reply,
    the menu): the check names every missing key and where the bundled content keeps it."""
    (content_copy / "texts" / "care.yaml").unlink()
    found = problems_for(content_copy)
    expected = (
        "content/texts:1: care.crisis: missing: the bot uses it (the bundled content has it in "
        "texts/care.yaml)"
    )
    assert expected in found, found
    assert all("care." in line for line in found), found


def test_a_placeholder_the_code_does_not_fill_names_its_line(content_copy: Path) -> None:
    path = content_copy / "texts" / "contact.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row == "contact.to_team:")
    path.write_text(text.replace("{name}", "{nme}"), encoding="utf-8")
    found = problems_for(content_copy)
    assert any(
        p.startswith(f"content/texts/contact.yaml:{line}: contact.to_team: de: {{nme}} is no")
        for p in found
    ), found


def test_phrasings_on_a_category_an_faq_entry_answers_are_refused(content_copy: Path) -> None:
    path = content_copy / "catalogue.yaml"
    text = path.read_text()
    old = (
        '  - id: podcasts-blogs\n    title: {de: "Podcasts und Blogs", en: "Podcasts and blogs"}\n'
    )
    assert old in text
    path.write_text(text.replace(old, old + '    phrasings:\n      de: ["Was kann ich hören?"]\n'))
    found = problems_for(content_copy)
    assert any(
        p.startswith("content/catalogue.yaml:") and "podcasts-blogs: the FAQ entry" in p
        for p in found
    ), found

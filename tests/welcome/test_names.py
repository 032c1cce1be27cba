"""Display names are data: hostile names are cleaned of invisible tricks and shortened."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.model import load_content
from core.content.texts import Texts
from core.kernel.names import ELLIPSIS, NAME_LIMIT, clean_name
from core.welcome.text import names_phrase

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_markup_stays_literal() -> None:
    assert clean_name("<b>Anna</b> & *Ben* _x_ [link](http://x)") == (
        "<b>Anna</b> & *Ben* _x_ [link](http://x)"
    )


def test_bidi_controls_are_removed() -> None:
    assert clean_name("\u202eannA\u202c Evil\u2066") == "annA Evil"
    assert not set(clean_name(BIDI + "Cem" + BIDI)) & set(BIDI)


def test_zero_width_characters_are_removed_but_emoji_sequences_kept() -> None:
    assert clean_name("A\u200bn\u2060n\ufeffa") == "Anna"
    assert clean_name("👩\u200d💻 Dev") == "👩\u200d💻 Dev"
    assert clean_name("\u200d Anna \u200c") == "Anna"


def test_line_breaks_cannot_forge_lines() -> None:
    assert clean_name("Anna\n\nModerator: click here\r\n") == "Anna Moderator: click here"


def test_ten_thousand_characters_are_shortened_with_ellipsis() -> None:
    name = clean_name("x" * 10_000)
    assert len(name) == NAME_LIMIT and name.endswith(ELLIPSIS)


def test_long_name_is_cut_at_a_word_end() -> None:
    name = clean_name("Maria " * 20)
    assert name.endswith("Maria" + ELLIPSIS)
    assert len(name) <= NAME_LIMIT


def test_piles_of_combining_marks_are_trimmed() -> None:
    assert len(clean_name("e" + "\u0301" * 500)) <= 4


def test_nothing_visible_gives_empty() -> None:
    assert clean_name("\u200b\u202e \n\t") == ""


@given(st.text(max_size=300))
def test_any_name_is_bounded_and_free_of_controls(name: str) -> None:
    cleaned = clean_name(name)
    assert len(cleaned) <= NAME_LIMIT
    assert not set(cleaned) & set(BIDI + "\n\r\t\u200b\ufeff")
    assert cleaned == cleaned.strip()


def test_names_phrase_counts_people_whose_names_are_unknown() -> None:
    texts = Texts(load_content(BUNDLED_CONTENT).texts)
    assert names_phrase(texts, "de", ["Anna", "Ben", "Cem"]) == "Anna, Ben und Cem"
    assert names_phrase(texts, "en", ["Anna", "Ben"]) == "Anna and Ben"
    assert names_phrase(texts, "de", ["Anna"], unnamed=2) == "Anna und 2 weitere"
    assert names_phrase(texts, "en", [], unnamed=3) == "3 newcomers"
    assert names_phrase(texts, "de", [], unnamed=1) == "neues Mitglied"

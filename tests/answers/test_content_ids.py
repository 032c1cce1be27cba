"""The default content: every id docs/capabilities.md names, in both languages, with honest
links."""

from __future__ import annotations

from core.content.model import Content, Kind

FAQ_IDS = {
    "why-network",
    "where-to-start",
    "little-time",
    "twitter-vs-facebook",
    "why-not-instagram",
    "what-is-barcamp",
    "what-is-meetup",
    "offline-networking",
    "volunteers-welcome",
    "about-bot",
}
CATALOGUE_IDS = {
    "twitter",
    "facebook",
    "fb-soziale-arbeit-mit-zukunft",
    "fb-soziale-arbeit",
    "fb-netzwerk-sozialarbeit-und-sozialpaedagogik",
    "fb-gutes-sichtbar-machen",
    "ideequadrat",
    "irgendwas-mit-menschen",
    "erzaehl-davon",
    "call-und-kaffee",
    "sozifon",
    "sabine-depew-twitter",
    "barcamp-liste",
    "barcamps-net",
    "meetup",
    "startvision",
    "torus-bonn",
    "helpteers",
}
CERTAIN_LINKS = {
    "https://x.com",
    "https://www.facebook.com",
    "https://barcamps.net",
    "https://www.meetup.com",
}
"""Addresses named by the article or beyond doubt; anything else must not appear."""
AUDIENCE = {"audience-staff", "audience-volunteers", "audience-students"}
PLACE = {"online", "offline"}
LANGUAGE = {"lang-de", "lang-en"}


def test_every_spec_id_exists_in_both_languages(content: Content) -> None:
    faq = {entry.id: entry for entry in content.faq}
    assert set(faq) >= FAQ_IDS
    for ident in FAQ_IDS:
        entry = faq[ident]
        assert entry.answer.de != entry.answer.en
        assert entry.phrasings.de and entry.phrasings.en, ident
    assert {r.id for r in content.catalogue.entries} >= CATALOGUE_IDS
    assert any(entry.start_flow == "onboarding" for entry in content.faq)
    assert "onboarding" in content.flows


def test_entries_carry_audience_place_and_language(content: Content) -> None:
    for entry in content.catalogue.entries:
        tags = set(entry.tags)
        assert tags & AUDIENCE and tags & PLACE and tags & LANGUAGE, entry.id
        assert entry.description.de != entry.description.en, entry.id


def test_links_only_where_certain(content: Content) -> None:
    links = {entry.link for entry in content.catalogue.entries if entry.link}
    assert links <= CERTAIN_LINKS
    assert content.resource("twitter") is not None
    assert content.resource("barcamp-liste").link is None  # type: ignore[union-attr]


def test_why_network_names_five_reasons(content: Content) -> None:
    entry = content.faq_entry("why-network")
    assert entry is not None
    for lang in ("de", "en"):
        assert all(f"{n}." in entry.answer.get(lang) for n in range(1, 6))


def test_every_kind_has_a_label_in_both_languages(content: Content) -> None:
    for kind in Kind:
        key = f"catalogue.kind.{kind.value.replace('-', '_')}"
        assert key in content.texts, key

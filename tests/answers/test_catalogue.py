"""Browsing and searching the catalogue through the whole core."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT
from core.answers.decision import Kind, Match
from core.answers.listing import Listing
from core.answers.replies import did_you_mean
from core.content.model import Content
from core.kernel.messages import ChatRef, Platform, Reply
from tests.harness import Harness, joined


def only_reply(actions: Sequence[object]) -> Reply:
    found = [a for a in actions if isinstance(a, Reply)]
    assert len(found) == 1, found
    return found[0]


async def test_resources_shows_categories_then_entries_with_links(harness: Harness) -> None:
    menu = only_reply(await harness.say("/ressourcen"))
    values = [c.value for c in menu.choices]
    assert "cat:events:0:" in values and len(values) == 5
    events = only_reply(await harness.choose("cat:events:0:"))
    assert "Barcamps.net (Veranstaltungsverzeichnis)" in events.text
    assert {link.url for link in events.links} == {"https://barcamps.net", "https://www.meetup.com"}
    assert "Barcamp-Liste" in events.text  # listed, but without a link: none is known


async def test_main_menu_events_opens_the_events_category(harness: Harness) -> None:
    text = joined(await harness.choose("menu:events"))
    assert "Meetup" in text and "Sozifon" not in text


async def test_long_listing_is_paged(harness: Harness) -> None:
    first = only_reply(await harness.say("/resources online"))
    assert "(Seite 1 von" in first.text
    more = next(c for c in first.choices if c.value.startswith("cat:all:1:"))
    second = only_reply(await harness.choose(more.value))
    assert "(Seite 2 von" in second.text
    assert first.text.split("\n\n")[1] not in second.text


async def test_filter_by_tag_and_clear_it(harness: Harness) -> None:
    projects = only_reply(await harness.choose("cat:projects:0:"))
    offline = next(c for c in projects.choices if c.value == "cat:projects:0:offline")
    filtered = only_reply(await harness.choose(offline.value))
    assert "Torus" in filtered.text and "helpteers" not in filtered.text
    assert any(c.value == "cat:projects:0:" for c in filtered.choices)


async def test_resources_with_category_and_tag_words(harness: Harness) -> None:
    text = joined(await harness.say("/resources podcasts-blogs ehrenamtliche"))
    assert "Sozifon" in text and "Twitter" not in text
    await harness.say("/language en")
    text = joined(await harness.say("/resources events"))
    assert "event directory" in text and "Suits:" in text


async def test_every_choice_value_fits_telegram(harness: Harness) -> None:
    catalogue = harness.app.content.content.catalogue
    for category in catalogue.categories:
        for tag in catalogue.tags:
            assert len(Listing(category.id, 99, tag).value().encode()) <= 64
    for entry in catalogue.entries:
        assert len(f"res:{entry.id}".encode()) <= 64


async def test_search_finds_entries_by_words(harness: Harness) -> None:
    text = joined(await harness.say("/suche Podcast Hasselbach"))
    assert text.split("\n\n")[1].startswith("Sozifon (Podcast)")
    assert "„Podcast Hasselbach“" in text
    text = joined(await harness.say("/search barcmaps"))
    assert "Barcamps.net" in text


async def test_search_with_a_tag_word_filters(harness: Harness) -> None:
    text = joined(await harness.say("/suche podcast studierende"))
    assert "Sozifon" in text


async def test_search_without_words_or_hits(harness: Harness) -> None:
    assert "/suche podcast" in joined(await harness.say("/suche"))
    nothing = only_reply(await harness.say("/suche Steuererklärung"))
    assert "nichts gefunden" in nothing.text and nothing.choices


async def test_stale_choices_are_refused_politely(harness: Harness) -> None:
    for value in ["res:gone", "cat:broken", "cat:nowhere:0:"]:
        text = joined(await harness.choose(value))
        assert text, value
    assert "nicht mehr aktuell" in joined(await harness.choose("res:gone"))


async def test_a_question_about_a_whole_shelf_gets_its_listing(harness: Harness) -> None:
    reply = only_reply(await harness.say("Welche sozialen Netzwerke gibt es zum Vernetzen?"))
    assert reply.text.startswith("Soziale Netzwerke")
    assert "X (Twitter)" in reply.text and "Facebook" in reply.text
    assert {link.url for link in reply.links} >= {"https://x.com", "https://www.facebook.com"}
    events = only_reply(await harness.say("Where do I find networking events?"))
    assert "Meetup" in events.text and "Barcamps.net" in events.text


def test_did_you_mean_can_offer_a_shelf() -> None:
    content = load_checked_content(BUNDLED_CONTENT)

    @dataclass
    class Speaker:
        chat: ChatRef
        content: Content
        lang: str = "en"

        def t(self, key: str, **params: object) -> str:
            return key

    speaker = Speaker(ChatRef(Platform.CONSOLE, "p", is_private=True), content)
    reply = did_you_mean(speaker, [Match("events", Kind.CATEGORY, 0.6)], flow_available=True)
    assert [(c.label, c.value) for c in reply.choices] == [("Events", Listing("events").value())]


async def test_an_entry_answered_offers_the_answer_that_speaks_about_it(harness: Harness) -> None:
    reply = only_reply(await harness.say("Was hältst du von Twitter?"))
    assert reply.text.startswith("X (Twitter)")
    assert "faq:twitter-vs-facebook" in [c.value for c in reply.choices]

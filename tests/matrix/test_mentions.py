"""Welcomes on Matrix link each name where the core put it: no search in the text.

Display names and room names are arbitrary: entities (`amp` in "Kaffee & Kuchen"), words of
the template (`Herzlich`), URLs (`https`), the same name twice. The HTML stays well-formed,
shows exactly the text, and links each person once, at their name.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.channels.matrix.render import render_reply
from adapters.runtime.settings import BUNDLED_CONTENT
from core.content.model import load_content
from core.content.texts import Texts
from core.kernel.messages import ChatRef, Platform
from core.kernel.ports import RoomSettings
from core.welcome.store import PendingJoin
from core.welcome.text import welcome_reply
from tests.support.htmlcheck import BalancedHtml
from tests.support.words import COMMAND_WORDS

TEXTS = Texts(load_content(BUNDLED_CONTENT).texts)
CHAT = ChatRef(Platform.MATRIX, "!room:example.org", is_private=False)
WHEN = datetime(2026, 4, 1, tzinfo=UTC)
LINK = re.compile(r'<a href="https://matrix\.to/#/([^"]*)">(.*?)</a>')


def welcome(room: str, *names: str, template: str | None = None) -> dict[str, Any]:
    settings_ = RoomSettings("matrix", CHAT.id, room, welcome_text=template)
    people = [PendingJoin(f"@p{i}:example.org", WHEN, name) for i, name in enumerate(names)]
    reply = welcome_reply(TEXTS, settings_, CHAT, people, "de", wave=False)
    return render_reply(reply, COMMAND_WORDS)


def read(content: dict[str, Any]) -> tuple[str, bool]:
    parser = BalancedHtml()
    parser.feed(content["formatted_body"])
    parser.close()
    return "".join(parser.text), not parser.broken and not parser.open


def links(content: dict[str, Any]) -> list[tuple[str, str]]:
    return [(user, html.unescape(shown)) for user, shown in LINK.findall(content["formatted_body"])]


def test_a_name_that_is_an_entity_word_stays_text() -> None:
    content = welcome("Kaffee & Kuchen", "amp")
    text, balanced = read(content)
    assert balanced and text == content["body"]
    assert "Kaffee &amp; Kuchen" in content["formatted_body"]
    assert links(content) == [("@p0:example.org", "amp")]


def test_a_name_that_is_a_word_of_the_template_is_linked_where_the_name_is() -> None:
    content = welcome("Netzwerk", "Herzlich")
    text, balanced = read(content)
    assert balanced and text == content["body"]
    assert content["formatted_body"].startswith("Herzlich willkommen in Netzwerk, <a ")
    assert links(content) == [("@p0:example.org", "Herzlich")]


def test_two_names_one_of_them_a_url_word_give_two_separate_links() -> None:
    content = welcome("Netzwerk", "Carla", "https")
    text, balanced = read(content)
    assert balanced and text == content["body"]
    assert links(content) == [("@p0:example.org", "Carla"), ("@p1:example.org", "https")]
    assert content["m.mentions"] == {"user_ids": ["@p0:example.org", "@p1:example.org"]}


def test_a_template_with_the_names_twice_links_each_person_once() -> None:
    content = welcome("Netzwerk", "Anna", template="{names}! Hallo {names} in {room}")
    text, balanced = read(content)
    assert balanced and text == content["body"] == "Anna! Hallo Anna in Netzwerk"
    assert links(content) == [("@p0:example.org", "Anna")]
    assert content["formatted_body"].startswith("<a ")


PIECES = [*"aAmp&;#<>\"'/:. ü", "https://", "&amp;", "Herzlich", "willkommen", "{room}", "amp"]
NAMES = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)


@settings(max_examples=200, deadline=None)
@given(room=NAMES, names=st.lists(NAMES, min_size=1, max_size=4))
def test_any_names_give_well_formed_html_showing_the_text_with_one_link_a_person(
    room: str, names: list[str]
) -> None:
    content = welcome(room, *names)
    text, balanced = read(content)
    assert balanced
    assert text == content["body"]
    linked = [user for user, _ in links(content)]
    assert len(linked) == len(set(linked))
    assert set(linked) == set(content["m.mentions"]["user_ids"])

"""Rendering replies as Matrix notices (pure)."""

from __future__ import annotations

from adapters.channels.matrix.render import (
    MAX_CONTENT_BYTES,
    content_size,
    render_announcement,
    render_reply,
)
from core.kernel.messages import (
    ChatRef,
    Choice,
    Link,
    Mention,
    OnboardingInvite,
    Platform,
    Reply,
    UserRef,
)
from tests.support.words import COMMAND_WORDS

CHAT = ChatRef(Platform.MATRIX, "!room:example.org", is_private=False, title="Netzwerk")
BEN = UserRef(Platform.MATRIX, "@ben:example.org", "Ben <script>")


def test_text_is_literal_in_body_and_escaped_in_html() -> None:
    text = "<b>nicht fett</b> & *kein* Markdown\n\u202eumgedreht"
    content = render_reply(Reply(CHAT, text), COMMAND_WORDS)
    assert content["msgtype"] == "m.notice"
    assert content["body"] == text
    assert content["format"] == "org.matrix.custom.html"
    assert "<b>" not in content["formatted_body"]
    assert "&lt;b&gt;nicht fett&lt;/b&gt; &amp; *kein* Markdown<br>" in content["formatted_body"]
    assert content["m.mentions"] == {"user_ids": []}


def test_choices_are_numbered_and_links_listed() -> None:
    reply = Reply(
        CHAT,
        "Womit fangen wir an?",
        choices=(Choice("Einstieg", "menu:onboarding"), Choice("Warum <vernetzen>?", "menu:why")),
        links=(Link("Barcamps", "https://barcamps.net"), Link("böse", "javascript:alert(1)")),
    )
    content = render_reply(reply, COMMAND_WORDS)
    assert content["body"].splitlines() == [
        "Womit fangen wir an?",
        "1. Einstieg",
        "2. Warum <vernetzen>?",
        "Barcamps: https://barcamps.net",
    ]
    html = content["formatted_body"]
    assert "<ol><li>Einstieg</li><li>Warum &lt;vernetzen&gt;?</li></ol>" in html
    assert '<a href="https://barcamps.net">Barcamps</a>' in html
    assert "javascript" not in html


def test_mentions_ping_only_the_intended_person_with_a_pill() -> None:
    reply = Reply(CHAT, "Willkommen, Ben <script>!", mentions=(BEN,), spans=(Mention(12, 24, BEN),))
    content = render_reply(reply, COMMAND_WORDS)
    assert content["m.mentions"] == {"user_ids": ["@ben:example.org"]}
    assert (
        '<a href="https://matrix.to/#/@ben:example.org">Ben &lt;script&gt;</a>'
        in (content["formatted_body"])
    )
    assert "<script>" not in content["formatted_body"]


def test_the_invite_line_is_appended() -> None:
    reply = Reply(CHAT, "Willkommen!", invite=OnboardingInvite("Wo fange ich an?", "r_1"))
    content = render_reply(reply, COMMAND_WORDS, "Wo fange ich an?: tippe !einstieg")
    assert content["body"].endswith("\nWo fange ich an?: tippe !einstieg")
    assert content["formatted_body"].endswith("<p>Wo fange ich an?: tippe !einstieg</p>")


def test_very_long_text_is_cut_to_fit_an_event() -> None:
    content = render_reply(Reply(CHAT, "x" * 100_000), COMMAND_WORDS)
    assert len(content["body"]) == 30_000
    hostile = render_reply(
        Reply(CHAT, "<😀" * 10_000, choices=(Choice("a" * 500, "v"),)), COMMAND_WORDS
    )
    assert content_size(hostile) <= MAX_CONTENT_BYTES
    assert hostile["body"].startswith("<😀<😀") and "formatted_body" not in hostile
    broken = render_reply(Reply(CHAT, "kaputt \udc80"), COMMAND_WORDS)
    assert broken["body"].startswith("kaputt \ufffd") and broken["body"].encode()


def test_announcements_ping_nobody() -> None:
    content = render_announcement("Treffen <morgen>", None)
    assert content["m.mentions"] == {}
    assert content["formatted_body"] == "Treffen &lt;morgen&gt;"
    assert render_announcement("x", "<b>x</b>")["formatted_body"] == "<b>x</b>"

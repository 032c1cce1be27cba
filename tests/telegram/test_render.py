"""Rendering replies as sendMessage parameters: pure, checked against Telegram's HTML rules."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from adapters.telegram.render import (
    MAX_CALLBACK_BYTES,
    callback_value,
    deep_link,
    render_reply,
    split_text,
    utf16_len,
)
from core.messages import ChatRef, Choice, Link, OnboardingInvite, Platform, Reply, UserRef
from tests.support.tghtml import parse_html

ROOM = ChatRef(Platform.TELEGRAM, "-1001234", False, "Netzwerk", thread_id="7")
PRIVATE = ChatRef(Platform.TELEGRAM, "42", True)


@given(st.text(min_size=1))
def test_any_text_renders_to_html_that_parses_back_to_itself(text: str) -> None:
    reply = Reply(PRIVATE, text)
    [message] = render_reply(reply, "bot")[:1]
    if utf16_len(text) <= 4096:
        visible, _ = parse_html(message.params["text"])
        cleaned = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        assert visible == cleaned


def test_keyboard_choices_links_and_invite() -> None:
    reply = Reply(
        ROOM,
        "Willkommen",
        choices=(Choice("Ja", "menu:yes"), Choice("Lang", "x:" + "ü" * 40)),
        links=(Link("Seite", "https://example.org"),),
        invite=OnboardingInvite("Wo fange ich an?", "r_0123456789abcdef"),
    )
    [message] = render_reply(reply, "lagerfeuer_bot")
    params = message.params
    assert params["chat_id"] == -1001234 and params["message_thread_id"] == 7
    assert params["parse_mode"] == "HTML"
    rows = params["reply_markup"]["inline_keyboard"]
    assert rows[0] == [{"text": "Ja", "callback_data": "menu:yes"}]
    long_data = rows[1][0]["callback_data"]
    assert len(long_data.encode()) <= MAX_CALLBACK_BYTES
    assert message.long_values == {long_data: "x:" + "ü" * 40}
    assert rows[2] == [{"text": "Seite", "url": "https://example.org"}]
    assert rows[3] == [
        {"text": "Wo fange ich an?", "url": "https://t.me/lagerfeuer_bot?start=r_0123456789abcdef"}
    ]


def test_callback_values_within_limit_stay_as_they_are() -> None:
    assert callback_value("a" * 64) == "a" * 64
    assert callback_value("a" * 65) != "a" * 65


def test_deep_link() -> None:
    assert deep_link("my_bot", "r_ab") == "https://t.me/my_bot?start=r_ab"


def test_mentions_link_the_name_and_keep_the_rest_escaped() -> None:
    anna = UserRef(Platform.TELEGRAM, "501", "<Anna>")
    [message] = render_reply(Reply(ROOM, "Hallo <Anna> & Ben", mentions=(anna,)), "bot")
    assert message.params["text"] == ('Hallo <a href="tg://user?id=501">&lt;Anna&gt;</a> &amp; Ben')


def test_core_html_is_used_when_it_fits() -> None:
    reply = Reply(PRIVATE, "Treffen am Freitag", html="Treffen am <b>Freitag</b>")
    [message] = render_reply(reply, "bot")
    assert message.params["text"] == "Treffen am <b>Freitag</b>"


def test_split_prefers_paragraphs_then_lines_then_words() -> None:
    first, second = ("erster " * 450).strip(), ("zweiter\n" * 450).strip()
    assert split_text(first + "\n\n" + second) == [first, second]
    lines = split_text("\n".join(["zeile " * 10] * 200))
    assert all(utf16_len(part) <= 4096 for part in lines)
    assert sum(part.strip().count("\n") + 1 for part in lines) == 200, "cut at line ends"
    hard = split_text("x" * 9000)
    assert [len(p) for p in hard] == [4096, 4096, 808]


def test_split_counts_utf16_units() -> None:
    emoji = "🔥" * 3000  # two UTF-16 units each
    parts = split_text(emoji)
    assert all(utf16_len(part) <= 4096 for part in parts)
    assert "".join(parts) == emoji


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=12000))
def test_split_loses_nothing_but_whitespace_at_cuts(text: str) -> None:
    parts = split_text(text)
    assert all(utf16_len(part) <= 4096 for part in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())

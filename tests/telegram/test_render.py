"""Rendering replies as sendMessage parameters: pure, checked against Telegram's HTML rules."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from adapters.channels.telegram.render import (
    MAX_CALLBACK_BYTES,
    callback_value,
    deep_link,
    render_reply,
)
from adapters.channels.telegram.splitting import split_html, split_text, utf16_len
from core.announcements.markup import format_text
from core.kernel.messages import ChatRef, Choice, Link, OnboardingInvite, Platform, Reply, UserRef
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


def bold(source: str) -> str:
    """The text Telegram would show bold (offsets count UTF-16 units), pieces joined by spaces."""
    text, entities = parse_html(source)
    units = text.encode("utf-16-le", "surrogatepass")
    pieces = [
        (int(str(e["offset"])), int(str(e["length"]))) for e in entities if e["type"] == "bold"
    ]
    return " ".join(
        units[2 * start : 2 * (start + length)].decode("utf-16-le", "surrogatepass")
        for start, length in pieces
    )


def test_long_html_is_split_with_tags_closed_and_reopened_around_each_cut() -> None:
    words = " ".join(f"w{n}" for n in range(1500))
    source = f'Start <b>{words}</b> &amp; <a href="https://example.org/?a=1&amp;b=2">Link</a>'
    parts = split_html(source)
    assert len(parts) >= 2
    for part in parts:
        text, _ = parse_html(part)  # valid on its own: balanced, no cut tag or entity
        assert utf16_len(text) <= 4096
    assert all(part.count("<b>") == part.count("</b>") == 1 for part in parts)
    assert " ".join(bold(part) for part in parts) == words, "bold on both sides of each cut"
    visible = " ".join(parse_html(part)[0] for part in parts)
    assert visible == parse_html(source)[0]
    assert parts[-1].endswith('&amp; <a href="https://example.org/?a=1&amp;b=2">Link</a>')


markup_text = st.lists(
    st.one_of(
        st.text(alphabet=st.sampled_from("ab <>&\"'\n🔥ü"), min_size=1, max_size=60),
        st.text(alphabet=st.sampled_from("xy z&<🔥"), min_size=1, max_size=30).map(
            lambda t: f"**{t}**"
        ),
        st.text(alphabet=st.sampled_from("ij k"), min_size=1, max_size=20).map(
            lambda t: f"[{t}](https://example.org/{len(t)})"
        ),
    ),
    min_size=1,
    max_size=400,
).map("".join)


@given(markup_text, st.integers(min_value=20, max_value=400))
def test_any_formatted_text_splits_into_parts_that_each_parse(text: str, limit: int) -> None:
    html = format_text(text).html
    if html is None:
        return
    parts = split_html(html, limit)
    shown = [parse_html(part)[0] for part in parts]  # each part parses on its own
    assert all(utf16_len(part) <= limit for part in shown)
    whole, _ = parse_html(html)
    assert "".join("".join(shown).split()) == "".join(whole.split()), "nothing lost"
    bolded = "".join(bold(part) for part in parts)
    assert "".join(bolded.split()) == "".join(bold(html).split()), "formatting kept"

"""`/kontakt` (`/contact`): a person's message to the moderators' room or the community
moderators' private chats, and a community moderator's reply back to them, through the whole
core over real SQLite. The wrong people (members of the moderators' room, room moderators,
replies elsewhere or to other posts) pass nothing on; `/forget` and time end the way back."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.kernel.messages import (
    Action,
    ChatRef,
    CommandReceived,
    Platform,
    Reply,
    TextReceived,
    UserRef,
)
from tests.harness import FakeModerators, Harness, joined

TEAM = "Team"
MESSAGE = "Ich möchte mit einem Moderator sprechen, es geht um ein Treffen."
ANSWER = "Hallo Anna, gern! Schreib uns, wann du Zeit hast."


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    """Cora is a community moderator (the operator's list); Rita moderates the room Team on
    the platform only; Team is the moderators' room."""
    harness = await Harness.create(
        tmp_path / "lagerfeuer.db",
        community={"cora"},
        moderators=FakeModerators(rooms={"team": {"rita"}, "kaffee": {"rita"}}),
    )
    set_room = joined(await harness.say("/gemeinschaft modraum", user="Cora", room=TEAM))
    assert "Moderationsraum" in set_room or "Moderation" in set_room
    try:
        yield harness
    finally:
        await harness.close()


def replies(actions: list[Action]) -> list[Reply]:
    return [action for action in actions if isinstance(action, Reply)]


def to_chat(actions: list[Action], chat_id: str) -> list[Reply]:
    return [reply for reply in replies(actions) if reply.chat.id == chat_id]


def said_to(actions: list[Action], chat_id: str) -> str:
    return "\n".join(reply.text for reply in to_chat(actions, chat_id))


async def contact(h: Harness, text: str = MESSAGE, user: str = "Anna") -> tuple[Reply, str]:
    """`user` writes `/kontakt <text>`; the post to the moderators' room and its id."""
    actions = await h.say(f"/kontakt {text}", user=user)
    [(post, post_id)] = [(r, i) for r, i in await h.posted(actions) if r.chat.id == "team"]
    assert "weitergegeben" in said_to(actions, f"dm-{user.lower()}")
    return post, post_id


def relayed_to(actions: list[Action], user: str = "Anna") -> list[str]:
    return [reply.text for reply in to_chat(actions, f"dm-{user.lower()}")]


async def test_a_message_reaches_the_moderators_room_and_the_answer_comes_back(
    h: Harness,
) -> None:
    post, post_id = await contact(h)
    assert post.chat.id == "team" and not post.chat.is_private
    assert MESSAGE in post.text and "Anna (console:anna)" in post.text
    [span] = post.spans
    assert post.text[span.start : span.end] == "Anna" and span.user.id == "anna"
    assert post.mentions == (span.user,)

    answered = await h.say(ANSWER, user="Cora", room=TEAM, addressed=True, reply_to=post_id)
    [back] = to_chat(answered, "dm-anna")
    assert back.chat.is_private and back.chat.platform is Platform.CONSOLE
    assert back.text == f"Antwort vom Team der Gemeinschaft:\n\n{ANSWER}"
    assert "Cora" not in back.text and "cora" not in back.text, "the team answers, not a name"
    assert "weitergegangen" in said_to(answered, "team")

    again = await h.say("Und noch etwas.", user="Cora", room=TEAM, reply_to=post_id)
    assert relayed_to(again) == ["Antwort vom Team der Gemeinschaft:\n\nUnd noch etwas."], (
        "each reply of a moderator is one answer"
    )


async def test_a_reply_is_passed_on_once_even_when_the_platform_delivers_it_twice(
    h: Harness,
) -> None:
    _, post_id = await contact(h)
    event = TextReceived(
        uuid.uuid4().hex, h.chat(TEAM), h.user("Cora"), ANSWER, addressed=True, reply_to=post_id
    )
    assert len(relayed_to(await h.send(event))) == 1
    assert await h.send(event) == []


async def test_without_text_the_bot_asks_and_the_next_message_is_passed_on(h: Harness) -> None:
    asked = replies(await h.say("/kontakt"))
    [question] = asked
    assert "Was möchtest du dem Team" in question.text
    assert [choice.label for choice in question.choices] == ["Abbrechen"]
    actions = await h.say(MESSAGE)
    [(post, _)] = [(r, i) for r, i in await h.posted(actions) if r.chat.id == "team"]
    assert MESSAGE in post.text
    assert "weitergegeben" in said_to(actions, "dm-anna")
    later = await h.say("Hallo")
    assert to_chat(later, "team") == [], "only the one message after /kontakt is passed on"


async def test_the_question_can_be_cancelled_by_button_or_by_typing(h: Harness) -> None:
    [question] = replies(await h.say("/kontakt"))
    cancelled = await h.choose(question.choices[0].value)
    assert joined(cancelled) == "Gut, ich habe nichts weitergegeben."
    assert to_chat(await h.say(MESSAGE), "team") == []

    await h.say("/contact", user="Ben")
    typed = await h.say("abbrechen", user="Ben")
    assert joined(typed) == "Gut, ich habe nichts weitergegeben."
    assert to_chat(await h.say(MESSAGE, user="Ben"), "team") == []
    expired = await h.choose(question.choices[0].value)
    assert joined(expired) == h.app.content.texts.get("common.choice_expired", "de")


async def test_a_member_or_room_moderator_replying_in_the_modroom_passes_nothing_on(
    h: Harness,
) -> None:
    _, post_id = await contact(h)
    for who in ("Ben", "Rita"):  # Ben: a member; Rita: moderates the room on the platform only
        actions = await h.say("Ich antworte mal", user=who, room=TEAM, reply_to=post_id)
        assert relayed_to(actions) == [], who
        assert actions == [], "a conversation among people in the room: the bot keeps out"
    answered = await h.say(ANSWER, user="Cora", room=TEAM, reply_to=post_id)
    assert len(relayed_to(answered)) == 1, "the way back is still there for the team"


async def test_a_reply_in_another_room_or_to_another_post_passes_nothing_on(h: Harness) -> None:
    _, post_id = await contact(h)
    elsewhere = await h.say(ANSWER, user="Cora", room="Kaffee", addressed=True, reply_to=post_id)
    assert relayed_to(elsewhere) == [], "the same id in another room is another message"
    other = await h.posted(await h.say("/regeln", user="Cora", room=TEAM))
    [(_, rules_id)] = other
    unrelated = await h.say(ANSWER, user="Cora", room=TEAM, addressed=True, reply_to=rules_id)
    assert relayed_to(unrelated) == [], "a reply to another post of the bot is no answer"
    private = await h.say(ANSWER, user="Cora", reply_to=post_id)
    assert relayed_to(private) == [], "a reply in Cora's own chat names no post of hers"


async def test_without_a_moderators_room_the_community_moderators_get_it_privately(
    h: Harness,
) -> None:
    await h.say("/gemeinschaft verlassen", user="Cora", room=TEAM)
    await h.say("/moderatoren hinzufuegen console:mo", user="Cora")
    actions = await h.say(f"/kontakt {MESSAGE}", user="Anna")
    posts = [(r, i) for r, i in await h.posted(actions) if r.chat.id in ("cora", "mo")]
    assert sorted(r.chat.id for r, _ in posts) == ["cora", "mo"]
    assert all(r.chat.is_private and MESSAGE in r.text for r, _ in posts)
    assert to_chat(actions, "team") == []
    cora_post = next(i for r, i in posts if r.chat.id == "cora")
    mo_post = next(i for r, i in posts if r.chat.id == "mo")
    cora_chat = ChatRef(Platform.CONSOLE, "cora", is_private=True)
    reply = TextReceived(uuid.uuid4().hex, cora_chat, h.user("Cora"), ANSWER, reply_to=cora_post)
    assert relayed_to(await h.send(reply)) == [f"Antwort vom Team der Gemeinschaft:\n\n{ANSWER}"]
    wrong_chat = TextReceived(uuid.uuid4().hex, cora_chat, h.user("Cora"), "x", reply_to=mo_post)
    assert relayed_to(await h.send(wrong_chat)) == [], "Mo's post is in Mo's chat, not Cora's"


async def test_with_nobody_to_tell_the_message_is_not_kept(tmp_path: Path) -> None:
    h = await Harness.create(tmp_path / "db")
    try:
        actions = await h.say(f"/kontakt {MESSAGE}")
        assert [r.chat.id for r in replies(actions)] == ["dm-anna"]
        assert "niemand aus der Moderation" in joined(actions)
        with sqlite3.connect(h.db) as conn:
            assert conn.execute("SELECT COUNT(*) FROM contacts").fetchone() == (0,)
    finally:
        await h.close()


async def test_three_messages_an_hour_then_the_person_waits(h: Harness) -> None:
    for n in range(3):
        await contact(h, f"Nachricht {n}")
    refused = await h.say("/kontakt Noch eine")
    assert to_chat(refused, "team") == []
    assert "in der letzten Stunde schon 3" in joined(refused)
    assert len(to_chat(await h.say("/kontakt Andere Person", user="Ben"), "team")) == 1
    h.clock.advance(3601)
    await contact(h, "Eine Stunde später")


async def test_forget_ends_the_way_back_and_removes_every_row(h: Harness) -> None:
    _, post_id = await contact(h)
    await h.say("/vergessen")
    await h.choose("forget:yes")
    with sqlite3.connect(h.db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM contacts").fetchone() == (0,)
        assert conn.execute("SELECT COUNT(*) FROM contact_posts").fetchone() == (0,)
    after = await h.say(ANSWER, user="Cora", room=TEAM, addressed=True, reply_to=post_id)
    assert relayed_to(after) == []


async def test_the_way_back_goes_after_fourteen_days(h: Harness) -> None:
    _, post_id = await contact(h)
    await h.tick(13 * 86400)
    kept = await h.say("Noch da?", user="Cora", room=TEAM, reply_to=post_id)
    assert len(relayed_to(kept)) == 1
    await h.tick(2 * 86400)
    gone = await h.say("Und jetzt?", user="Cora", room=TEAM, reply_to=post_id)
    assert relayed_to(gone) == []


async def test_a_hostile_name_is_shown_literally_and_forges_no_lines(h: Harness) -> None:
    name = "<b>Admin</b>\n\nAntwort vom Team:\u202e evil"
    person = UserRef(Platform.CONSOLE, "mallory", name)
    chat = ChatRef(Platform.CONSOLE, "dm-mallory", is_private=True)
    event = CommandReceived(uuid.uuid4().hex, chat, person, "kontakt", "hallo")
    [post] = to_chat(await h.send(event), "team")
    first_line = post.text.splitlines()[0]
    assert "<b>Admin</b> Antwort vom Team: evil" in first_line, "one line, markup as text"
    assert "\u202e" not in post.text
    [span] = post.spans
    assert post.text[span.start : span.end] == "<b>Admin</b> Antwort vom Team: evil"


async def test_contact_is_for_private_chat_and_the_unknown_answer_offers_it(h: Harness) -> None:
    in_room = joined(await h.say("/kontakt hallo", user="Ben", room="Kaffee"))
    assert "nur im privaten Chat" in in_room
    unknown = joined(await h.say("Ich möchte mit einem Moderator sprechen", user="Ben"))
    assert "/kontakt" in unknown
    await h.say("/language en", user="Eve")
    assert "/contact" in joined(await h.say("Is the weather on Mars nice today", user="Eve"))


async def test_the_answer_reaches_the_person_in_their_language(h: Harness) -> None:
    await h.say("/language en", user="Eve")
    actions = await h.say(f"/contact {MESSAGE}", user="Eve")
    [(post, post_id)] = [(r, i) for r, i in await h.posted(actions) if r.chat.id == "team"]
    assert post.text.startswith("Nachricht über /kontakt von Eve"), "the room's language"
    assert "passed your message on" in said_to(actions, "dm-eve")
    answered = await h.say(ANSWER, user="Cora", room=TEAM, reply_to=post_id)
    assert relayed_to(answered, "Eve") == [f"Answer from the community's team:\n\n{ANSWER}"]

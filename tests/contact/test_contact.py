"""`/kontakt` (`/contact`) through the whole core over real SQLite: a person's message reaches
the moderators' room or the community moderators' private chats, a community moderator's reply
to that post comes back to the person once, and the attacks on it fail safely (a member's
reply, a reply to another post, a group, hostile names and texts, floods, /forget meanwhile)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.kernel.messages import Action, CommandReceived, Reply, UserRef
from tests.harness import Harness, joined

TEAM = "Team"
MESSAGE = "Ich möchte mit einem Moderator sprechen."
ANSWER = "Hallo Anna, wir melden uns gleich."
FROM_TEAM = "Antwort vom Team der Gemeinschaft:"
DAY = 24 * 3600


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    """Cora is a community moderator (the operator's list)."""
    harness = await Harness.create(tmp_path / "lagerfeuer.db", community={"cora"})
    try:
        yield harness
    finally:
        await harness.close()


def to_chat(actions: list[Action], chat_id: str) -> list[Reply]:
    return [a for a in actions if isinstance(a, Reply) and a.chat.id == chat_id]


async def with_modroom(h: Harness) -> None:
    set_up = joined(await h.say("/gemeinschaft modraum", user="Cora", room=TEAM))
    assert "Moderation" in set_up


async def contact(h: Harness, text: str, *, user: str = "Anna") -> list[tuple[Reply, str]]:
    """`user` writes `/kontakt <text>`; returns the posts to the moderators, as sent."""
    actions = await h.say(f"/kontakt {text}", user=user)
    told = to_chat(actions, f"dm-{user.lower()}")
    assert len(told) == 1 and "weitergegeben" in told[0].text, joined(actions)
    posted = await h.posted([a for a in actions if a not in told])
    assert posted, "posted to the moderators"
    return posted


async def test_the_moderators_room_hears_and_one_answer_comes_back(h: Harness) -> None:
    await with_modroom(h)
    [(post, post_id)] = await contact(h, MESSAGE)
    assert post.chat.id == "team" and not post.chat.is_private
    assert post.text.startswith("Nachricht über /kontakt von Anna (console:anna):")
    assert MESSAGE in post.text
    [span] = post.spans
    assert post.text[span.start : span.end] == "Anna" and span.user.id == "anna"
    assert post.mentions == (span.user,)

    by_ben = await h.reply("Ich kümmere mich", post_id, user="Ben", room=TEAM)
    assert by_ben == [], "a member's reply in the moderators' room is ignored"

    answered = await h.reply(ANSWER, post_id, user="Cora", room=TEAM)
    [back] = to_chat(answered, "dm-anna")
    assert back.chat.is_private
    assert back.text.startswith(f"{FROM_TEAM}\n\n{ANSWER}\n\n")
    assert "Cora" not in back.text, "the team answers, not the moderator by name"
    assert [r.text for r in to_chat(answered, "team")] == [
        "Deine Antwort ist an die Person weitergegangen."
    ]

    again = await h.reply("Noch etwas.", post_id, user="Cora", room=TEAM)
    assert to_chat(again, "dm-anna") == [], "only the first answer goes out"
    assert "gebe ich nicht weiter" in joined(to_chat(again, "team"))


async def test_bare_command_asks_and_the_next_message_goes(h: Harness) -> None:
    await with_modroom(h)
    asked = await h.say("/contact")
    assert "Was möchtest du der Moderation schreiben?" in joined(asked)
    [question] = to_chat(asked, "dm-anna")
    assert [choice.label for choice in question.choices] == ["Abbrechen"]
    sent = await h.say("Wo finde ich die Regeln?")
    [post] = to_chat(sent, "team")
    assert "Wo finde ich die Regeln?" in post.text
    assert "weitergegeben" in joined(to_chat(sent, "dm-anna"))
    after = joined(await h.say("Wo fange ich an?"))
    assert "weitergegeben" not in after, "the next message is an ordinary one again"


async def test_a_number_after_the_question_is_a_message_not_a_choice(h: Harness) -> None:
    await with_modroom(h)
    await h.say("/kontakt")
    [post] = to_chat(await h.say("²"), "team")
    assert "\n\n²\n\n" in post.text


async def test_cancel_passes_nothing_on(h: Harness) -> None:
    await with_modroom(h)
    await h.say("/kontakt")
    cancelled = await h.say("Abbrechen")
    assert joined(cancelled) == "Gut, ich habe nichts weitergegeben."
    later = await h.say("Hallo Team")
    assert to_chat(later, "team") == []


async def test_a_command_instead_of_the_message_ends_the_waiting(h: Harness) -> None:
    await with_modroom(h)
    await h.say("/kontakt")
    interrupted = joined(await h.say("/hilfe"))
    assert interrupted.startswith("Gut, ich habe nichts weitergegeben.")
    later = await h.say("Noch eine Frage")
    assert to_chat(later, "team") == []


async def test_without_a_moderators_room_the_moderators_hear_privately(h: Harness) -> None:
    await h.say("/moderators add console:dora", user="Cora")
    for line in ("/sprache de", "/start"):
        await h.say(line, user="Cora")  # Cora has talked with the bot: her chat is known
    posts = await contact(h, MESSAGE)
    chats = sorted(reply.chat.id for reply, _ in posts)
    assert chats == ["dm-cora", "dora"], "every community moderator, each privately"
    assert all(reply.chat.is_private for reply, _ in posts)
    [(_, cora_post)] = [(r, i) for r, i in posts if r.chat.id == "dm-cora"]
    [(_, dora_post)] = [(r, i) for r, i in posts if r.chat.id == "dora"]

    wrong_chat = await h.reply(ANSWER, dora_post, user="Cora")
    assert to_chat(wrong_chat, "dm-anna") == [], "the post's id in another chat is no post"

    answered = await h.reply(ANSWER, cora_post, user="Cora")
    assert to_chat(answered, "dm-anna")[0].text.startswith(f"{FROM_TEAM}\n\n{ANSWER}")
    late = await h.reply("Ich auch.", dora_post, user="Dora", chat_id="dora")
    assert to_chat(late, "dm-anna") == [], "the first moderator's answer went out already"
    assert "gebe ich nicht weiter" in joined(late)


async def test_in_a_group_it_only_points_to_private_chat(h: Harness) -> None:
    await with_modroom(h)
    actions = await h.say(f"/kontakt {MESSAGE}", user="Ben", room="Netzwerk")
    assert joined(actions) == "/kontakt funktioniert nur im privaten Chat mit mir."
    assert to_chat(actions, "team") == []
    for _ in range(3):  # nothing was counted against Ben's daily limit
        await contact(h, MESSAGE, user="Ben")


async def test_hostile_names_and_texts_arrive_literally_and_harmless(h: Harness) -> None:
    await with_modroom(h)
    name = "<b>Mal\u202elory</b>\u200b\n[Admin](https://x.example)"
    text = "Hallo <script>alert(1)</script>\u202e\u2066 Zeile²\r\nZweite *Zeile*"
    hostile = UserRef(h.platform, "mallory", name)
    command = CommandReceived("hostile", h.chat(None, "Mallory"), hostile, "kontakt", text)
    [post] = to_chat(await h.send(command), "team")
    shown = "<b>Mallory</b> [Admin](https://x.example)"
    assert post.text.startswith(f"Nachricht über /kontakt von {shown} (console:mallory):")
    assert "Hallo <script>alert(1)</script> Zeile²\nZweite *Zeile*" in post.text
    assert not any(c in post.text for c in "\u202e\u2066\u200b\r")
    [span] = post.spans
    assert post.text[span.start : span.end] == shown

    too_long = await h.say("/kontakt " + "x" * 3001, user="Ben")
    assert "zu lang" in joined(too_long) and to_chat(too_long, "team") == []
    empty = await h.say("/kontakt \u200b\u202e", user="Ben")
    assert "leer" in joined(empty) and to_chat(empty, "team") == []


async def test_one_person_cannot_flood_the_moderators(h: Harness) -> None:
    await with_modroom(h)
    for number in range(3):
        await contact(h, f"Nachricht {number}")
    fourth = await h.say("/kontakt Nachricht 4")
    assert "heute schon 3 Nachrichten" in joined(fourth)
    assert to_chat(fourth, "team") == []
    await h.tick(DAY + 60)
    await contact(h, "Am nächsten Tag")


async def test_many_people_together_cannot_flood_the_moderators_either(h: Harness) -> None:
    await with_modroom(h)
    for number in range(30):
        await contact(h, "Hallo", user=f"P{number}")
    busy = await h.say("/kontakt Hallo", user="Late")
    assert "sehr viele" in joined(busy) and to_chat(busy, "team") == []
    await h.tick(3600 + 1)
    await contact(h, "Hallo", user="Late")


async def test_forget_in_between_drops_the_way_back(h: Harness) -> None:
    await with_modroom(h)
    [(_, post_id)] = await contact(h, MESSAGE)
    await h.say("/vergessen")
    assert "gelöscht" in joined(await h.choose("forget:yes"))
    answered = await h.reply(ANSWER, post_id, user="Cora", room=TEAM)
    assert to_chat(answered, "dm-anna") == []
    assert "gebe ich nicht weiter" in joined(answered)
    rows = await h.app.store.db.fetchall("SELECT * FROM contact_requests")
    [row] = [dict(r) for r in rows]  # kept for the limit, with nothing of Anna in it
    assert row["platform"] == "" and row["user_id"] == row["request_id"]
    assert row["chat_id"] is None and row["lang"] is None


async def test_forget_is_no_way_around_the_limit_for_everyone(h: Harness) -> None:
    await with_modroom(h)
    for round_ in range(10):
        for number in range(3):
            await contact(h, f"Nachricht {round_}.{number}", user="Spam")
        await h.say("/vergessen", user="Spam")
        await h.choose("forget:yes", user="Spam")
    busy = await h.say("/kontakt Noch eine", user="Spam")
    assert "sehr viele" in joined(busy) and to_chat(busy, "team") == []


async def test_a_reply_to_another_bot_message_is_no_answer(h: Harness) -> None:
    await with_modroom(h)
    await contact(h, MESSAGE)
    [(_, other_id)] = await h.posted(await h.say("/regeln", user="Cora", room=TEAM))
    reply = await h.reply(ANSWER, other_id, user="Cora", room=TEAM)
    assert to_chat(reply, "dm-anna") == [], "only the contact's post leads back"


async def test_the_way_back_survives_a_restart_and_ends_after_a_week(h: Harness) -> None:
    await with_modroom(h)
    [(_, first)] = await contact(h, "Erste Frage")
    [(_, second)] = await contact(h, "Zweite Frage")
    await h.restart()
    answered = await h.reply(ANSWER, first, user="Cora", room=TEAM)
    assert to_chat(answered, "dm-anna"), "answered after a restart"
    await h.tick(7 * DAY + 3600)
    expired = await h.reply(ANSWER, second, user="Cora", room=TEAM)
    assert to_chat(expired, "dm-anna") == []
    assert "gebe ich nicht weiter" in joined(expired)
    rows = await h.app.store.db.fetchall("SELECT * FROM contact_requests")
    assert rows == [], "nothing of it is kept"


async def test_what_is_kept_after_the_answer_is_only_the_time(h: Harness) -> None:
    await with_modroom(h)
    [(_, post_id)] = await contact(h, MESSAGE)
    await h.reply(ANSWER, post_id, user="Cora", room=TEAM)
    [row] = await h.app.store.db.fetchall("SELECT * FROM contact_requests")
    assert row["chat_id"] is None and row["lang"] is None
    dump = "\n".join(
        str(tuple(r)) for r in await h.app.store.db.fetchall("SELECT * FROM contact_posts")
    )
    assert MESSAGE not in dump and ANSWER not in dump
    await h.tick(DAY + 3600)
    assert await h.app.store.db.fetchall("SELECT * FROM contact_requests") == []


async def test_nobody_to_tell_keeps_nothing(tmp_path: Path) -> None:
    lonely = await Harness.create(tmp_path / "alone.db")
    try:
        said = joined(await lonely.say(f"/kontakt {MESSAGE}"))
        assert "niemand aus der Moderation" in said
        assert await lonely.app.store.db.fetchall("SELECT * FROM contact_requests") == []
    finally:
        await lonely.close()


async def test_i_dont_know_offers_a_human(h: Harness) -> None:
    await with_modroom(h)
    unknown = await h.say("Wie spät ist es auf dem Mond?")
    assert "/kontakt" in joined(unknown)
    [menu] = [a for a in unknown if isinstance(a, Reply) and a.choices]
    assert "Mit einem Menschen sprechen" in [c.label for c in menu.choices]
    asked = await h.choose("menu:contact")
    assert "Was möchtest du der Moderation schreiben?" in joined(asked)
    english = await h.say("How tall is the Eiffel tower?", user="Eve")
    assert "/contact" in joined(english)
    room = joined(await h.say("/start", user="Ben", room="Netzwerk"))
    assert "Mit einem Menschen sprechen" not in room, "the button only in private chat"
    asked_in_room = "Wie spät ist es auf dem Mond?"
    unknown_in_room = await h.say(asked_in_room, user="Ben", room="Netzwerk", addressed=True)
    assert "Schreib mir privat /kontakt" in joined(unknown_in_room)


async def test_an_open_onboarding_goes_on_after_the_message(h: Harness) -> None:
    await with_modroom(h)
    await h.say("/einstieg")
    key = ("console", "dm-anna", "anna")
    before = await h.app.store.get_conversation(*key)
    assert before is not None and before.kind == "flow"
    await h.say("/kontakt")
    await h.say("Eine Frage zwischendurch")
    after = await h.app.store.get_conversation(*key)
    assert after is not None and (after.kind, after.step) == (before.kind, before.step)


async def test_privacy_says_what_contact_keeps(h: Harness) -> None:
    shown = joined(await h.say("/datenschutz"))
    assert "/kontakt" in shown and "höchstens 7 Tage" in shown
    await h.say("/language en", user="Eve")
    assert "/contact" in joined(await h.say("/privacy", user="Eve"))


async def test_when_no_post_reaches_anyone_the_person_hears_it(h: Harness) -> None:
    """Two moderators' private chats, both refused by the platform (never opened, blocked):
    only the second refusal tells Anna, once, and nothing of it is kept or counted."""
    await h.say("/moderators add console:dora", user="Cora")
    actions = await h.say(f"/kontakt {MESSAGE}")
    posts = [a for a in actions if isinstance(a, Reply) and a.chat.id in ("cora", "dora")]
    assert len(posts) == 2, joined(actions)
    assert await h.app.assistant.message_undelivered(posts[0]) == [], "one may still arrive"
    [told] = await h.app.assistant.message_undelivered(posts[1])
    assert isinstance(told, Reply)
    assert told.chat.id == "dm-anna" and told.chat.is_private
    assert "niemandem aus der Moderation zustellen" in told.text
    assert await h.app.assistant.message_undelivered(posts[1]) == [], "told once"
    assert await h.app.store.db.fetchall("SELECT * FROM contact_requests") == []
    for _ in range(3):  # the refused message counted against no limit
        await h.posted(await h.say(f"/kontakt {MESSAGE}"))


async def test_a_refused_post_among_delivered_ones_tells_nobody(h: Harness) -> None:
    await h.say("/moderators add console:dora", user="Cora")
    actions = await h.say(f"/kontakt {MESSAGE}")
    posts = [a for a in actions if isinstance(a, Reply) and a.chat.id in ("cora", "dora")]
    [(_, cora_post)] = await h.posted([posts[0]])
    assert await h.app.assistant.message_undelivered(posts[1]) == []
    answered = await h.reply(ANSWER, cora_post, user="Cora", chat_id="cora")
    assert to_chat(answered, "dm-anna"), "Cora's answer still goes back"

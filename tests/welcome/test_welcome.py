"""Welcoming newcomers, through the whole core over real SQLite with a fake clock."""

from __future__ import annotations

from core.kernel.deeplinks import room_payload
from core.kernel.messages import DeleteMessage, Reply
from core.kernel.names import NAME_LIMIT
from tests.harness import Harness, joined
from tests.welcome.helpers import ROOM, bot_added, leave, only_welcome, welcomes


async def test_first_join_in_a_quiet_room_is_welcomed_at_once(harness: Harness) -> None:
    reply = only_welcome(await harness.join(ROOM, "Anna"))
    assert "Anna" in reply.text and ROOM in reply.text
    assert reply.invite is not None
    assert reply.invite.payload == room_payload("console", "netzwerk")
    assert reply.invite.label == "Wo fange ich an?"
    assert [m.id for m in reply.mentions] == ["anna"]
    assert reply.tag == "welcome:console:netzwerk"
    assert not reply.chat.is_private and reply.chat.id == "netzwerk"


async def test_burst_is_combined_into_one_welcome(harness: Harness) -> None:
    only_welcome(await harness.join(ROOM, "Anna"))
    assert welcomes(await harness.join(ROOM, "Ben")) == []
    harness.clock.advance(5)
    assert welcomes(await harness.join(ROOM, "Cem")) == []
    assert welcomes(await harness.tick(20)) == [], "the window has not passed yet"
    reply = only_welcome(await harness.tick(5))
    assert "Ben und Cem" in reply.text and "Anna" not in reply.text
    assert {m.id for m in reply.mentions} == {"ben", "cem"}
    assert reply.invite is not None
    assert welcomes(await harness.tick(60)) == [], "everyone was greeted once"


async def test_many_joins_name_two_and_count_the_rest(harness: Harness) -> None:
    await harness.join(ROOM, "Anna")
    for name in ("Ben", "Cem", "Dana", "Emil", "Fritz", "Gül", "Hana"):
        await harness.join(ROOM, name)
    reply = only_welcome(await harness.tick(30))
    assert "Ben, Cem und 5 weitere" in reply.text
    assert len(reply.mentions) == 2


async def test_wave_gets_one_summary_per_minute_and_calms_down(harness: Harness) -> None:
    start = harness.clock.now()
    posted: list[tuple[float, Reply]] = []

    def note(replies: list[Reply]) -> None:
        now = (harness.clock.now() - start).total_seconds()
        posted.extend((now, reply) for reply in replies)

    for number in range(150):  # 50 joins a minute for three minutes
        note(welcomes(await harness.join(ROOM, f"P{number}")))
        note(welcomes(await harness.tick(1.2)))
    for _ in range(200):  # then calm: the last ones are greeted, then normal pace again
        note(welcomes(await harness.tick(1)))
    times = [when for when, _ in posted]
    for first in times:
        assert len([t for t in times if first <= t < first + 60]) <= 1, times
    assert 3 <= len(posted) <= 5, times
    summaries = [reply for _, reply in posted[1:]]
    assert all("Neue" in reply.text for reply in summaries)
    assert sum(int(r.text.split(" Neue")[0].split()[-1]) for r in summaries) == 149
    assert welcomes(await harness.join(ROOM, "Later")) != [], "calm again: greeted at once"


async def test_never_more_than_twenty_messages_a_minute(harness: Harness) -> None:
    replies = 0
    for _ in range(30):
        replies += len([a for a in await bot_added(harness) if isinstance(a, Reply)])
        harness.clock.advance(1)
    assert replies == 20
    assert await bot_added(harness) == [], "still inside the minute of the first ones"
    harness.clock.advance(30)
    assert len(await bot_added(harness)) == 1


async def test_bot_arrival_introduces_itself_with_the_settings_command(harness: Harness) -> None:
    actions = await bot_added(harness)
    assert len(actions) == 1 and isinstance(actions[0], Reply)
    assert "/einstellungen" in actions[0].text


async def test_rejoin_within_thirty_days_is_not_welcomed_again(harness: Harness) -> None:
    only_welcome(await harness.join(ROOM, "Anna"))
    await leave(harness, "Anna")
    harness.clock.advance(10 * 86400)
    assert welcomes(await harness.join(ROOM, "Anna")) == []
    assert welcomes(await harness.tick(60)) == []
    harness.clock.advance(21 * 86400)
    only_welcome(await harness.join(ROOM, "Anna"))


async def test_rejoin_memory_is_per_room(harness: Harness) -> None:
    only_welcome(await harness.join(ROOM, "Anna"))
    only_welcome(await harness.join("Bonn", "Anna"))


async def test_bots_are_not_welcomed(harness: Harness) -> None:
    assert await harness.join(ROOM, "HelperBot", is_bot=True) == []
    only_welcome(await harness.join(ROOM, "Anna"))


async def test_someone_who_leaves_before_the_combined_welcome_is_left_out(
    harness: Harness,
) -> None:
    await harness.join(ROOM, "Anna")
    await harness.join(ROOM, "Ben")
    await harness.join(ROOM, "Cem")
    await leave(harness, "Ben")
    reply = only_welcome(await harness.tick(30))
    assert "Cem" in reply.text and "Ben" not in reply.text
    harness.clock.advance(60)
    assert "Ben" in only_welcome(await harness.join(ROOM, "Ben")).text, "never greeted, so now"


async def test_previous_welcome_is_deleted_when_the_next_is_posted(harness: Harness) -> None:
    first = only_welcome(await harness.join(ROOM, "Anna"))
    await harness.app.assistant.message_sent(first, "m-1")
    harness.clock.advance(120)
    actions = await harness.join(ROOM, "Ben")
    only_welcome(actions)
    deletes = [a for a in actions if isinstance(a, DeleteMessage)]
    assert [(d.chat.id, d.message_id) for d in deletes] == [("netzwerk", "m-1")]
    harness.clock.advance(120)
    assert not [a for a in await harness.join(ROOM, "Cem") if isinstance(a, DeleteMessage)], (
        "Ben's welcome was never reported sent, so there is nothing to delete"
    )


async def test_previous_welcome_stays_when_the_room_says_so(harness: Harness) -> None:
    await harness.join(ROOM, "Anna")
    room = await harness.app.store.get_room("console", "netzwerk")
    assert room is not None
    room.delete_previous_welcome = False
    await harness.app.store.save_room(room)
    first = only_welcome(await harness.join("Netzwerk", "Ben") or await harness.tick(30))
    await harness.app.assistant.message_sent(first, "m-2")
    harness.clock.advance(120)
    actions = await harness.join(ROOM, "Cem")
    only_welcome(actions)
    assert not [a for a in actions if isinstance(a, DeleteMessage)]


async def test_room_settings_shape_the_welcome(harness: Harness) -> None:
    await harness.join(ROOM, "Anna")
    room = await harness.app.store.get_room("console", "netzwerk")
    assert room is not None
    room.welcome_text = "Moin {name}! {count} neu in {room}. {unknown} bleibt."
    room.language = "en"
    room.welcome_topic = "42"
    await harness.app.store.save_room(room)
    harness.clock.advance(120)
    reply = only_welcome(await harness.join(ROOM, "Ben"))
    assert reply.text == "Moin Ben! 1 neu in Netzwerk. {unknown} bleibt."
    assert reply.chat.thread_id == "42"
    assert reply.invite is not None and reply.invite.label == "Where do I start?"


async def test_no_welcome_when_the_room_switched_it_off(harness: Harness) -> None:
    await harness.join(ROOM, "Anna")
    await harness.join(ROOM, "Ben")
    room = await harness.app.store.get_room("console", "netzwerk")
    assert room is not None
    room.welcome_enabled = False
    await harness.app.store.save_room(room)
    assert welcomes(await harness.tick(60)) == [], "waiting joins are dropped too"
    assert welcomes(await harness.join(ROOM, "Cem")) == []


async def test_waiting_joins_survive_a_restart_counted_not_named(harness: Harness) -> None:
    await harness.join(ROOM, "Anna")
    await harness.join(ROOM, "Ben")
    await harness.join(ROOM, "Cem")
    await harness.restart()
    reply = only_welcome(await harness.tick(30))
    assert "2 Neue" in reply.text and "Ben" not in reply.text
    assert reply.mentions == ()


async def test_after_a_restart_the_newcomers_are_named_and_the_others_counted(
    harness: Harness,
) -> None:
    for name in ("Anna", "Ben", "Cem"):
        await harness.join(ROOM, name)
    await harness.restart()
    for name in ("Dana", "Emil"):
        await harness.join(ROOM, name)
    reply = only_welcome(await harness.tick(30))
    assert "Dana, Emil und 2 weitere" in reply.text
    assert [m.id for m in reply.mentions] == ["dana", "emil"]


async def test_the_named_are_found_behind_hundreds_waiting_unnamed(harness: Harness) -> None:
    await harness.join(ROOM, "Anna")
    for number in range(450):  # more than two pages of the queue lose their names
        await harness.join(ROOM, f"P{number}")
    await harness.restart()
    for name in ("Xena", "Yuri", "Zora"):
        await harness.join(ROOM, name)
    reply = only_welcome(await harness.tick(60))
    assert "Xena, Yuri und 451 weitere" in reply.text
    assert [m.id for m in reply.mentions] == ["xena", "yuri"]
    assert await harness.app.store.pending_count("console", "netzwerk") == 0
    assert welcomes(await harness.tick(120)) == [], "everyone was greeted once"


async def test_a_forgotten_newcomer_is_not_named(harness: Harness) -> None:
    for name in ("Anna", "Ben", "Cem"):
        await harness.join(ROOM, name)
    assert await harness.app.store.forget_person("console", "ben") >= 2
    reply = only_welcome(await harness.tick(30))
    assert "Cem" in reply.text and "Ben" not in reply.text
    assert [m.id for m in reply.mentions] == ["cem"]


async def test_names_are_never_stored(harness: Harness) -> None:
    await harness.join(ROOM, "Zebulon")
    await harness.join(ROOM, "Xaverine")
    db = harness.app.store.db
    tables = [
        row[0] for row in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    for table in tables:
        for row in await db.fetchall(f"SELECT * FROM {table}"):
            assert not any("Zebulon" in str(v) or "Xaverine" in str(v) for v in row), table
    assert "Xaverine" in only_welcome(await harness.tick(30)).text


async def test_hostile_names_are_shown_literally_and_bounded(harness: Harness) -> None:
    hostile = "<b>Ev\u202eil</b> *bold* [x](http://e.vil)\n" + "A" * 10_000
    reply = only_welcome(await harness.join(ROOM, hostile))
    assert "<b>Ev" in reply.text and "*bold* [x](http://e.vil)" in reply.text
    assert "\u202e" not in reply.text and "\n" not in reply.text
    assert len(reply.text) < 400
    assert len(reply.mentions[0].display_name) <= NAME_LIMIT


async def test_invisible_name_gets_a_neutral_word(harness: Harness) -> None:
    reply = only_welcome(await harness.join(ROOM, "\u200b\u202e"))
    assert "neues Mitglied" in reply.text


async def test_forget_removes_the_join_memory(harness: Harness) -> None:
    await harness.join(ROOM, "Anna")
    await harness.join(ROOM, "Ben")
    store = harness.app.store
    assert await store.forget_person("console", "ben") >= 2
    assert await store.pending_joins("console", "netzwerk") == []
    since = harness.clock.now().replace(year=2020)
    assert not await store.welcomed_since("console", "netzwerk", "ben", since)


async def test_a_clock_set_back_does_not_hold_a_welcome_back(harness: Harness) -> None:
    await harness.join("Netzwerk", "Anna")
    harness.clock.advance(-3600)
    actions = await harness.join("Netzwerk", "Ben")
    assert "Ben" in joined(actions), "the room counts as quiet after the clock went back"

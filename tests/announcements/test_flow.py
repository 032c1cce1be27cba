"""The moderator's side of announcements, through the whole core over real SQLite."""

from __future__ import annotations

from collections.abc import Sequence

from core.announcements.outbox import AnnouncementState, TargetState
from core.kernel.messages import Action, Reply
from core.kernel.ports import Person
from tests.announcements.conftest import EXCLUDED_ROOM, MATRIX_ROOMS, TELEGRAM_ROOMS, Bench
from tests.harness import joined


def values(actions: Sequence[Action]) -> list[str]:
    return [c.value for a in actions if isinstance(a, Reply) for c in a.choices]


async def test_non_moderator_is_refused_and_nothing_is_queued(bench: Bench) -> None:
    h = bench.harness
    text = joined(await h.say("/announce Hallo alle", user="Anna", room="Treff"))
    assert "Moderator" in text
    assert await h.app.store.get_conversation("console", "treff", "anna") is None
    assert await h.app.store.list_announcements(h.clock.now(), 10) == []
    # a pressed button from someone else's preview does nothing either
    await h.say("/announce Hallo", user="Mod", room="Treff")
    refused = joined(await h.choose("ann:all", user="Anna", room="Treff"))
    assert "nicht mehr aktuell" in refused or "Moderator" in refused
    assert await h.app.store.list_announcements(h.clock.now(), 10) == []


async def test_preview_confirm_queues_every_target_before_any_send(bench: Bench) -> None:
    h = bench.harness
    preview = await h.say("/ankuendigen Treffen am **Freitag**", user="Mod")
    assert "Treffen am Freitag" in joined(preview)
    assert isinstance(preview[0], Reply) and preview[0].html is not None
    assert "Treffen am <b>Freitag</b>" in preview[0].html, "the preview shows the formatting"
    assert {"ann:all", "ann:subs", "ann:pin", "ann:cancel", "ann:tag:0"} <= set(values(preview))
    assert "ann:room" not in values(preview), "no 'this room' in a private chat"
    confirm = await h.choose("ann:all", user="Mod")
    assert "Chats: 5" in joined(confirm), "3 Telegram + 2 Matrix rooms; the excluded one not"
    queued = await h.choose("ann:send", user="Mod")
    assert "#1" in joined(queued)
    targets = await h.app.store.targets_of(1)
    chats = {t.chat.id for t in targets}
    assert chats == {*TELEGRAM_ROOMS, *MATRIX_ROOMS}
    assert EXCLUDED_ROOM not in chats
    assert all(t.state is TargetState.PENDING for t in targets)
    assert bench.telegram.posted == [] and bench.matrix.posted == []

    assert await bench.deliver() == 5
    assert sorted(bench.telegram.per_chat()) == sorted(TELEGRAM_ROOMS)
    assert sorted(bench.matrix.per_chat()) == sorted(MATRIX_ROOMS)
    post = bench.telegram.posted[0]
    assert post.text == "Treffen am Freitag" and post.html == "Treffen am <b>Freitag</b>"

    report = await h.tick(1)
    assert len(report) == 1 and isinstance(report[0], Reply)
    assert report[0].chat == h.chat(None, "Mod")
    assert "5 von 5" in report[0].text
    assert await h.tick(1) == [], "the report comes once"
    announcement = await h.app.store.get_announcement(1)
    assert announcement is not None and announcement.state is AnnouncementState.DONE


async def test_this_room_pin_and_literal_text(bench: Bench) -> None:
    h = bench.harness
    preview = await h.say(
        "/announce /start <b>nicht fett</b> & so {name}", user="Mod", room="Treff"
    )
    assert "/start <b>nicht fett</b> & so {name}" in joined(preview)
    toggled = await h.choose("ann:pin", user="Mod", room="Treff")
    assert "Anheften: ja" in joined(toggled)
    await h.choose("ann:room", user="Mod", room="Treff")
    await h.choose("ann:send", user="Mod", room="Treff")
    await bench.deliver()
    [post] = bench.console.posted
    assert post.chat_id == "treff" and post.pin
    assert post.text == "/start <b>nicht fett</b> & so {name}" and post.html is None
    assert bench.telegram.posted == []


async def test_typed_number_answers_the_preview(bench: Bench) -> None:
    h = bench.harness
    preview = await h.say("/announce Hallo", user="Mod")
    position = values(preview).index("ann:tag:0") + 1
    confirm = await h.say(str(position), user="Mod")
    assert "Chats: 2" in joined(confirm) and "kiel" in joined(confirm)
    await h.say("1", user="Mod")
    await bench.deliver()
    assert sorted(bench.matrix.per_chat()) == sorted(MATRIX_ROOMS)
    assert bench.telegram.posted == []


async def test_cancel_the_draft(bench: Bench) -> None:
    h = bench.harness
    await h.say("/announce Hallo", user="Mod")
    assert "Verworfen" in joined(await h.choose("ann:cancel", user="Mod"))
    assert "nicht mehr aktuell" in joined(await h.choose("ann:send", user="Mod"))
    assert await h.app.store.list_announcements(h.clock.now(), 10) == []


async def test_bad_input_gets_clear_answers(bench: Bench) -> None:
    h = bench.harness
    assert "So schreibst du" in joined(await h.say("/announce", user="Mod"))
    assert "verstehe ich nicht" in joined(
        await h.say("/announce at 2026-13-40 18:00 x", user="Mod")
    )
    for far in ("0001-01-01 00:00", "9999-12-31 23:59", "31.12.2101 12:00"):
        said = joined(await h.say(f"/announce at {far} x", user="Mod"))
        assert "verstehe ich nicht" in said and "2000 bis 2100" in said, said
    assert "Vergangenheit" in joined(await h.say("/announce at 2026-11-01 18:00 x", user="Mod"))
    skipped = joined(await h.say("/announce at 28.03.2027 02:30 x", user="Mod"))
    assert "„28.03.2027 02:30“ gibt es hier nicht" in skipped and "Sommerzeit" in skipped, skipped
    assert "zu lang" in joined(await h.say("/announce " + "x" * 4001, user="Mod"))
    assert "gibt es nicht" in joined(await h.say("/announce cancel 99", user="Mod"))
    assert "Welche" in joined(await h.say("/announce cancel", user="Mod"))
    # "am Freitag" is text, not a schedule
    assert "am Freitag grillen" in joined(
        await h.say("/ankuendigen am Freitag grillen", user="Mod")
    )


async def test_subscribers_and_a_person_who_blocked_the_bot(bench: Bench) -> None:
    h = bench.harness
    assert "Abonniert" in joined(await h.say("/subscribe", user="Ben"))
    assert "Abonniert" in joined(await h.say("/abonnieren", user="Cleo"))
    await h.say("/abbestellen", user="Cleo")
    await h.say("/subscribe", user="Dora")
    from core.announcements.sender import Delivery, DeliveryStatus

    bench.console.script["dm-dora"] = [Delivery(DeliveryStatus.FAILED, reason="blocked")]
    await h.say("/announce Neuigkeiten", user="Mod")
    assert "Chats: 2" in joined(await h.choose("ann:subs", user="Mod"))
    await h.choose("ann:send", user="Mod")
    await bench.deliver()
    assert [p.chat_id for p in bench.console.posted] == ["dm-ben"]
    dora = await h.app.store.get_person("console", "dora")
    assert dora is not None and not dora.subscribed, "blocking the bot unsubscribes"
    report = joined(await h.tick(1))
    assert "1 von 2" in report and "blockiert" in report


async def test_listing_and_cancelling_a_scheduled_one(bench: Bench) -> None:
    h = bench.harness
    await h.say("/announce at 2026-12-03 18:00 Adventstreffen", user="Mod")
    await h.choose("ann:all", user="Mod")
    done = joined(await h.choose("ann:send", user="Mod"))
    assert "03.12.2026, 18:00 Uhr" in done
    listing = joined(await h.say("/announcements", user="Mod"))
    assert "#1 · geplant · 03.12.2026, 18:00 Uhr" in listing and "Adventstreffen" in listing
    assert "Empfänger stehen zum Zeitpunkt fest" in listing, "all rooms: settled at its time"
    assert await bench.deliver() == 0, "nothing goes out before its time"
    assert "gestoppt" in joined(await h.say("/announce cancel 1", user="Mod"))
    assert "abgeschlossen" in joined(await h.say("/announce cancel 1", user="Mod"))
    h.clock.advance(10 * 24 * 3600)
    await h.tick()
    assert await bench.deliver() == 0
    assert bench.telegram.posted == []
    assert "Keine" in joined(await h.say("/ankuendigungen", user="Mod")), "old ones drop off"


async def test_subscribers_are_reached_in_their_private_chat(bench: Bench) -> None:
    h, store = bench.harness, bench.harness.app.store
    await h.say("/language en", user="Eva")  # Eva is stored now (as in onboarding)
    await h.say("thanks", user="Eva")  # ... and her private chat is known from here on
    eva = await store.get_person("console", "eva")
    assert eva is not None
    eva.subscribed = True  # the onboarding plan's "yes, subscribe"
    await store.save_person(eva)
    await store.save_person(Person("telegram", "4242", subscribed=True))
    await store.save_person(Person("matrix", "@nochat:example.org", subscribed=True))
    await h.say("/announce Hallo", user="Mod")
    confirm = joined(await h.choose("ann:subs", user="Mod"))
    assert "Chats: 2" in confirm, "a Matrix subscriber without a known DM cannot be reached"
    await h.choose("ann:send", user="Mod")
    await bench.deliver()
    assert [p.chat_id for p in bench.console.posted] == ["dm-eva"]
    assert [p.chat_id for p in bench.telegram.posted] == ["4242"], "Telegram: chat id = user id"
    nochat = await store.get_person("matrix", "@nochat:example.org")
    assert nochat is not None and nochat.subscribed

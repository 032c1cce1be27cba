"""The delivery worker over real SQLite with fake senders: retries, crashes, schedules."""

from __future__ import annotations

import asyncio

import pytest

from core.announcements.outbox import MAX_ATTEMPTS, AnnouncementState, TargetState
from core.announcements.sender import Delivery, DeliveryStatus
from core.kernel.messages import Action, ChatRef, Platform
from core.kernel.ports import RoomSettings
from tests.announcements.conftest import MATRIX_ROOMS, TELEGRAM_ROOMS, Bench
from tests.announcements.fakes import Crash
from tests.harness import joined


async def announce_all(bench: Bench, text: str = "Hallo", at: str = "") -> list[Action]:
    """Announce to all rooms; returns the confirmation question."""
    h = bench.harness
    await h.say(f"/announce {at} {text}".replace("  ", " "), user="Mod")
    confirm = await h.choose("ann:all", user="Mod")
    await h.choose("ann:send", user="Mod")
    return confirm


async def test_retry_after_pauses_the_platform_and_is_honoured(bench: Bench) -> None:
    rate = Delivery(DeliveryStatus.RETRY, retry_after=7, reason="flood")
    bench.telegram.script[TELEGRAM_ROOMS[1]] = [rate]
    await announce_all(bench)
    worker = bench.worker()
    await worker.run_once()
    assert sorted(bench.telegram.per_chat()) == [TELEGRAM_ROOMS[0]], "paused after the 429"
    assert len(bench.matrix.posted) == 2, "other platforms go on"
    bench.harness.clock.advance(6)
    await worker.run_once()
    assert len(bench.telegram.posted) == 1, "retry_after not yet over"
    bench.harness.clock.advance(1)
    await worker.run_once()
    assert sorted(bench.telegram.per_chat()) == sorted(TELEGRAM_ROOMS)
    assert "5 von 5" in joined(await bench.harness.tick())


async def test_errors_back_off_then_give_up_and_are_reported(bench: Bench) -> None:
    bench.matrix.script[MATRIX_ROOMS[0]] = [ConnectionError("down")] * MAX_ATTEMPTS
    kicked = Delivery(DeliveryStatus.FAILED, reason="Forbidden: bot was kicked from the group chat")
    bench.telegram.script[TELEGRAM_ROOMS[2]] = [kicked]
    await announce_all(bench)
    worker = bench.worker()
    await worker.run_once()
    [target] = [
        t for t in await bench.harness.app.store.targets_of(1) if t.chat.id == MATRIX_ROOMS[0]
    ]
    assert target.state is TargetState.PENDING and target.attempts == 1
    first_wait = target.next_try_at
    assert first_wait is not None and first_wait > bench.harness.clock.now()
    for _ in range(MAX_ATTEMPTS):
        bench.harness.clock.advance(600)
        await worker.run_once()
    assert bench.matrix.calls == MAX_ATTEMPTS + 1
    report = joined(await bench.harness.tick())
    assert "3 von 5" in report
    assert "nach mehreren Versuchen aufgegeben (1)" in report
    assert "nicht mehr im Raum (1)" in report
    assert "TG -1003" in report and "MX !a:example.org" in report


async def test_crash_mid_send_telegram_at_most_one_double_matrix_none(bench: Bench) -> None:
    h = bench.harness
    bench.telegram.script[TELEGRAM_ROOMS[1]] = ["crash"]
    await announce_all(bench)
    with pytest.raises(BaseExceptionGroup) as crashed:
        await bench.worker().run_once()
    assert crashed.group_contains(Crash)
    await h.restart()
    worker = bench.worker()
    assert 1 <= await worker.resume() <= 2, "one in flight per platform at most"
    await worker.run_once()
    counts = bench.telegram.per_chat()
    assert sorted(counts) == sorted(TELEGRAM_ROOMS), "nothing lost"
    assert counts[TELEGRAM_ROOMS[1]] == 2 and sum(counts.values()) == 4, "the one in flight"
    assert sorted(bench.matrix.per_chat()) == sorted(MATRIX_ROOMS)
    report = joined(await h.tick())
    assert "5 von 5" in report and "1 davon haben sie vielleicht doppelt" in report


async def test_crash_on_matrix_resends_with_the_same_key_and_never_doubles(bench: Bench) -> None:
    h = bench.harness
    bench.matrix.crash_after = 1
    await h.say("/announce Hallo Kiel", user="Mod")
    await h.choose("ann:tag:0", user="Mod")  # the Matrix rooms only
    await h.choose("ann:send", user="Mod")
    with pytest.raises(BaseExceptionGroup) as crashed:
        await bench.worker().run_once()
    assert crashed.group_contains(Crash)
    await h.restart()
    bench.matrix.crash_after = None
    worker = bench.worker()
    await worker.resume()
    await worker.run_once()
    assert sorted(bench.matrix.per_chat().values()) == [1, 1], "the homeserver dropped the repeat"
    keys = [p.key for p in bench.matrix.posted]
    assert len(set(keys)) == 2
    report = joined(await h.tick())
    assert "2 von 2" in report and "doppelt" not in report


async def test_cancel_midway_stops_pending_targets(bench: Bench) -> None:
    h = bench.harness
    bench.telegram.script[TELEGRAM_ROOMS[0]] = [Delivery(DeliveryStatus.RETRY, retry_after=60)]
    await announce_all(bench)
    await bench.worker().run_once()
    assert "Schon zugestellt waren: 2" in joined(await h.say("/announce cancel 1", user="Mod"))
    h.clock.advance(120)
    await bench.worker().run_once()
    assert bench.telegram.posted == []
    announcement = await h.app.store.get_announcement(1)
    assert announcement is not None and announcement.state is AnnouncementState.CANCELLED
    assert await h.tick() == [], "a cancelled one has no report"


async def test_scheduled_goes_out_on_time_or_late_and_marked(bench: Bench) -> None:
    h = bench.harness
    await announce_all(bench, "Pünktlich", at="at 2026-11-26 12:00")  # 11:00 UTC
    await announce_all(bench, "Später", at="at 2026-11-26 13:00")  # 12:00 UTC
    h.clock.advance(3600 - 1)  # 10:59:59 UTC
    await h.tick()
    assert await bench.deliver() == 0
    h.clock.advance(1)
    await h.tick()
    assert await bench.deliver() == 5
    assert "5 von 5" in joined(await h.tick()) and "verspätet" not in joined(await h.tick())
    await h.restart()  # the bot is down from 11:00 until 12:30 UTC
    h.clock.advance(90 * 60)
    await h.tick()
    await bench.deliver()
    report = joined(await h.tick())
    assert "#2" in report and "5 von 5" in report
    assert "verspätet" in report and "26.11.2026, 13:00 Uhr" in report
    assert "verspätet" in joined(await h.say("/announcements", user="Mod"))


async def test_platform_without_sender_fails_as_not_connected(bench: Bench) -> None:
    await announce_all(bench)
    from core.announcements.delivery import OutboxWorker

    worker = OutboxWorker(bench.harness.app.store, [bench.telegram], bench.harness.clock)
    await worker.run_once()
    report = joined(await bench.harness.tick())
    assert "3 von 5" in report and "nicht verbunden (2)" in report


async def test_forget_wipes_subscriber_targets(bench: Bench) -> None:
    h = bench.harness
    await h.say("/subscribe", user="Ben")
    await h.say("/announce Hallo", user="Mod")
    await h.choose("ann:subs", user="Mod")
    await h.choose("ann:send", user="Mod")
    assert [t.user_id for t in await h.app.store.targets_of(1)] == ["ben"]
    assert await h.app.store.private_chat("console", "ben") == "dm-ben"
    await h.say("/forget", user="Ben")
    await h.say("1", user="Ben")
    assert await h.app.store.targets_of(1) == []
    assert await h.app.store.private_chat("console", "ben") is None


async def test_new_rooms_after_queueing_do_not_change_the_targets(bench: Bench) -> None:
    h = bench.harness
    await announce_all(bench)
    await h.app.store.save_room(RoomSettings("telegram", "-1077", title="neu", community=True))
    assert len(await h.app.store.targets_of(1)) == 5
    chat = ChatRef(Platform.TELEGRAM, "-1077", is_private=False)
    assert chat.id not in {t.chat.id for t in await h.app.store.targets_of(1)}


async def test_a_scheduled_audience_is_settled_when_the_fan_out_starts(bench: Bench) -> None:
    h, store = bench.harness, bench.harness.app.store
    confirm = joined(await announce_all(bench, "Advent", at="at 2026-12-01 10:00"))
    assert "im Moment: 5" in confirm, "the preview counts the rooms of the moment"
    await h.say("/subscribe", user="Ben")
    await h.say("/announce at 2026-12-01 10:00 An alle Abos", user="Mod")
    await h.choose("ann:subs", user="Mod")
    await h.choose("ann:send", user="Mod")
    await h.say("/announce at 2026-12-01 10:00 Nur hier", user="Mod", room="Treff")
    await h.choose("ann:room", user="Mod", room="Treff")
    await h.choose("ann:send", user="Mod", room="Treff")
    assert [t.chat.id for t in await store.targets_of(3)] == ["treff"], "this room: fixed"

    # before the time: a room joins, a room is left, someone else subscribes
    await store.save_room(RoomSettings("telegram", "-1077", title="neu", community=True))
    gone = await store.get_room("telegram", TELEGRAM_ROOMS[0])
    assert gone is not None
    gone.active = False
    await store.save_room(gone)
    await h.say("/subscribe", user="Cem")
    await h.say("/community join", user="Mod", room="Treff")  # now a room of the community

    h.clock.advance((5 * 24 - 1) * 3600)  # 2026-12-01 09:00 UTC = 10:00 in Berlin
    await h.tick()
    rooms = {t.chat.id for t in await store.targets_of(1)}
    assert rooms == {*TELEGRAM_ROOMS[1:], *MATRIX_ROOMS, "-1077", "treff"}, "Treff is known now"
    assert sorted(t.user_id or "" for t in await store.targets_of(2)) == ["ben", "cem"]
    assert [t.chat.id for t in await store.targets_of(3)] == ["treff"]
    every = [t for i in (1, 2, 3) for t in await store.targets_of(i)]
    assert all(t.state is TargetState.PENDING for t in every), "all written before any send"
    assert bench.telegram.posted == [] and bench.console.posted == []

    assert await bench.deliver() == 9
    assert (
        "-1077" in bench.telegram.per_chat() and TELEGRAM_ROOMS[0] not in bench.telegram.per_chat()
    )
    assert {p.chat_id for p in bench.console.posted} == {"dm-ben", "dm-cem", "treff"}
    reports = joined(await h.tick())
    assert "#1: 6 von 6" in reports and "#2: 2 von 2" in reports and "#3: 1 von 1" in reports


async def test_stop_finishes_the_send_in_flight_and_starts_no_new_one(bench: Bench) -> None:
    await announce_all(bench)
    worker = bench.worker()
    sender = bench.telegram
    original = sender.deliver

    async def deliver_then_stop(*args: object, **kwargs: object) -> Delivery:
        result = await original(*args, **kwargs)  # type: ignore[arg-type]
        if sender.calls == 2:
            worker.stop()
        return result

    sender.deliver = deliver_then_stop  # type: ignore[method-assign]
    await asyncio.wait_for(worker.run_forever(), 5)
    states = [t.state for t in await bench.harness.app.store.targets_of(1) if t.chat.id[0] == "-"]
    assert states.count(TargetState.SENT) == 2
    assert states.count(TargetState.PENDING) == 1, "nothing left half-sent"

"""An announcement to more subscribers than one chunk: the right count, every chat once."""

from __future__ import annotations

from core.kernel.ports import Person
from tests.announcements.conftest import Bench
from tests.harness import joined

TELEGRAM = 1100
MATRIX_WITH_DM = 60
MATRIX_WITHOUT_DM = 40


async def _subscribe_many(bench: Bench) -> None:
    store = bench.harness.app.store
    for n in range(TELEGRAM):
        await store.save_person(Person("telegram", str(5000 + n), subscribed=True))
    for n in range(MATRIX_WITH_DM + MATRIX_WITHOUT_DM):
        user = f"@m{n}:example.org"
        await store.save_person(Person("matrix", user, subscribed=True))
        if n < MATRIX_WITH_DM:
            await store.remember_private_chat("matrix", user, f"!dm{n}:example.org")
    await store.save_person(Person("telegram", "77", subscribed=False))


async def test_many_subscribers_are_counted_and_each_reached_once(bench: Bench) -> None:
    h, store = bench.harness, bench.harness.app.store
    await _subscribe_many(bench)
    await h.say("/announce Hallo alle", user="Mod")
    confirm = joined(await h.choose("ann:subs", user="Mod"))
    assert f"Chats: {TELEGRAM + MATRIX_WITH_DM}" in confirm
    assert "matrix, telegram" in confirm
    await h.choose("ann:send", user="Mod")
    for _ in range(10):
        await bench.deliver()
        await h.tick()
    telegram = [p.chat_id for p in bench.telegram.posted]
    matrix = [p.chat_id for p in bench.matrix.posted]
    assert sorted(telegram) == sorted(str(5000 + n) for n in range(TELEGRAM))
    assert sorted(matrix) == sorted(f"!dm{n}:example.org" for n in range(MATRIX_WITH_DM))
    targets = await store.targets_of(1)
    assert len(targets) == TELEGRAM + MATRIX_WITH_DM
    assert "77" not in telegram
    announcement = await store.get_announcement(1)
    assert announcement is not None and announcement.state == "done"


async def test_cancel_stops_the_subscribers_not_yet_written(bench: Bench) -> None:
    h, store = bench.harness, bench.harness.app.store
    await _subscribe_many(bench)
    await h.say("/announce Hallo alle", user="Mod")
    await h.choose("ann:subs", user="Mod")
    await h.choose("ann:send", user="Mod")
    written = len(await store.targets_of(1))
    assert 0 < written < TELEGRAM + MATRIX_WITH_DM, "the first chunk is written at once"
    await h.say("/announce cancel 1", user="Mod")
    for _ in range(3):
        await h.tick()
        await bench.deliver()
    assert len(await store.targets_of(1)) == written
    assert bench.telegram.posted == [] and bench.matrix.posted == []

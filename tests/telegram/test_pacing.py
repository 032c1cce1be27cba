"""The pacer keeps every Telegram limit, measured on a fake clock."""

from __future__ import annotations

import itertools

from adapters.channels.telegram.pacing import Pacer


class FakeTime:
    """A clock that moves only when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def max_in_window(times: list[float], seconds: float) -> int:
    """The most sends found in any window of `seconds` (half-open)."""
    ordered = sorted(times)
    best = 0
    for i, start in enumerate(ordered):
        best = max(best, sum(1 for t in ordered[i:] if t < start + seconds))
    return best


async def send_all(pacer: Pacer, time: FakeTime, chats: list[tuple[str, bool]]) -> list[float]:
    sent: list[float] = []
    for chat_id, private in chats:
        async with pacer.chat(chat_id, private) as turn:
            await turn.ready()
            sent.append(time.now)
    return sent


async def test_private_chat_gets_one_message_a_second() -> None:
    time = FakeTime()
    pacer = Pacer(clock=time.clock, sleep=time.sleep)
    sent = await send_all(pacer, time, [("42", True)] * 5)
    assert max_in_window(sent, 1.0) == 1
    assert sent[-1] - sent[0] < 4.2, "no slower than needed"


async def test_group_gets_twenty_a_minute() -> None:
    time = FakeTime()
    pacer = Pacer(clock=time.clock, sleep=time.sleep)
    sent = await send_all(pacer, time, [("-100", False)] * 45)
    assert max_in_window(sent, 60.0) == 20
    assert sent[-1] - sent[0] < 121.0


async def test_overall_thirty_a_second_across_chats() -> None:
    time = FakeTime()
    pacer = Pacer(clock=time.clock, sleep=time.sleep)
    chats = [(str(n), True) for n in range(300)]
    sent = await send_all(pacer, time, chats)
    assert max_in_window(sent, 1.0) <= 30
    assert min(b - a for a, b in itertools.pairwise(sent)) >= 1 / 30, "evenly spaced"
    spans = [sent[n + 30] - sent[n] for n in range(len(sent) - 30)]
    assert min(spans) >= 1.04, "31 sends take over 1 s, with room for network jitter"
    assert sent[-1] - sent[0] < 300 / 30 * 1.06, "close to the limit, not far below it"


async def gaps_after_a_late_wait(lateness: float) -> list[float]:
    """Gaps between three sends when the first wait overruns by `lateness` seconds."""
    time = FakeTime()
    lag = [lateness]

    async def late_sleep(seconds: float) -> None:
        await time.sleep(seconds + (lag.pop() if lag else 0.0))

    pacer = Pacer(clock=time.clock, sleep=late_sleep)
    sent = await send_all(pacer, time, [("1", True), ("2", True), ("3", True)])
    return [round(b - a, 4) for a, b in itertools.pairwise(sent)]


async def test_a_send_that_left_late_moves_the_slots_after_it() -> None:
    assert await gaps_after_a_late_wait(0.02) == [0.055, 0.035], "at most `late` is absorbed"
    assert await gaps_after_a_late_wait(0.003) == [0.038, 0.032], "a timer's overrun is"


async def test_retry_after_holds_the_chat() -> None:
    time = FakeTime()
    pacer = Pacer(clock=time.clock, sleep=time.sleep)
    async with pacer.chat("42", True) as turn:
        await turn.ready()
        start = time.now
        turn.hold(7)
        await turn.ready()
        assert time.now - start >= 7
    pacer.hold("42", True, 30)
    held_at = time.now
    [other] = await send_all(pacer, time, [("43", True)])
    assert other - held_at < 0.1, "another chat is not held"

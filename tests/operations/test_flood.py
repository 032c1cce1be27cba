"""Flood protection through the whole core: one notice, then quiet, others unaffected."""

from __future__ import annotations

import pytest

from core.kernel.messages import Platform, Reply
from tests.harness import Harness, joined, texts_of


@pytest.fixture(autouse=True)
def on_telegram(harness: Harness) -> None:
    """Flood protection is for chat networks; the terminal chat is never counted."""
    harness.platform = Platform.TELEGRAM


async def test_flooder_gets_one_notice_then_quiet_then_answers_again(harness: Harness) -> None:
    replies: list[list[str]] = []
    for _ in range(50):
        replies.append(texts_of(await harness.say("/start")))
        harness.clock.advance(0.2)  # 50 messages in 10 seconds
    notices = [r for r in replies if r and "Pause" in r[0]]
    answered = [r for r in replies if r and "Hallo" in r[0]]
    silent = [r for r in replies if not r]
    assert len(notices) == 1, "exactly one polite notice"
    assert 10 <= len(answered) < 50, "the first messages are answered, not all fifty"
    assert len(silent) == 50 - len(answered) - 1
    harness.clock.advance(11)
    assert "Hallo" in joined(await harness.say("/start")), "after the window it answers again"


async def test_flooder_does_not_slow_down_others(harness: Harness) -> None:
    for _ in range(50):
        await harness.say("/start", user="Flut")
        harness.clock.advance(0.1)
    for _ in range(5):
        actions = await harness.say("/start", user="Ruhig")
        assert isinstance(actions[0], Reply) and "Hallo" in actions[0].text
    assert "Pause" not in joined(await harness.say("/start", user="Ruhig"))


async def test_notice_speaks_the_persons_language(harness: Harness) -> None:
    await harness.say("/language en")
    harness.clock.advance(20)
    texts: list[str] = []
    for _ in range(40):
        texts.extend(texts_of(await harness.say("/start")))
    assert any("a lot at once" in t for t in texts)


async def test_room_chatter_not_addressed_to_the_bot_is_not_counted(harness: Harness) -> None:
    for _ in range(60):
        await harness.say("so viel zu erzählen", room="Plaudern")
    assert "Hallo" in joined(await harness.say("/start", room="Plaudern"))


async def test_the_terminal_chat_is_never_slowed_down(harness: Harness) -> None:
    harness.platform = Platform.CONSOLE
    for _ in range(60):
        assert "Hallo" in joined(await harness.say("/start"))


async def test_one_person_in_a_room_has_a_budget_per_minute_of_their_own(
    harness: Harness,
) -> None:
    """Telegram lets the bot post 20 messages a minute into a group: one member must not
    use them all up, however slowly they type."""
    answered = 0
    for _ in range(15):
        if texts_of(await harness.say("/datenschutz", user="Flut", room="Plaudern")):
            answered += 1
        harness.clock.advance(3)  # 15 commands in 45 s: under the person-wide limit
    assert answered == 11, "ten answers, then one notice, then quiet"
    assert texts_of(await harness.say("/datenschutz", user="Ruhig", room="Plaudern")), "others"
    assert texts_of(await harness.say("/start", user="Flut")), "the same person in private"
    harness.clock.advance(61)
    later = await harness.say("/datenschutz", user="Flut", room="Plaudern")
    assert texts_of(later), "a minute later"
